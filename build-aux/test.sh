#!/bin/bash
# test.sh: builds Lacquer and runs every test suite, then the dsp and app suites again
# under AddressSanitizer + UBSan, then fuzzes the project file reader for a minute
# (libFuzzer, clang). Run after install-deps.sh. Extra meson options: MESON_ARGS.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)

meson setup build-test --wipe -Dwerror=true ${MESON_ARGS:-} >/dev/null 2>&1 \
  || meson setup build-test -Dwerror=true ${MESON_ARGS:-}
ninja -C build-test
meson test -C build-test --print-errorlogs --num-processes "$jobs"

meson setup build-asan --wipe -Dwerror=true -Db_sanitize=address,undefined -Db_lundef=false \
  -Dui=false ${MESON_ARGS:-} >/dev/null 2>&1 \
  || meson setup build-asan -Dwerror=true -Db_sanitize=address,undefined -Db_lundef=false -Dui=false ${MESON_ARGS:-}
ninja -C build-asan
# Sanitizers run the code 2-5x slower: the timeouts stretch with them.
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  meson test -C build-asan --print-errorlogs --num-processes "$jobs" --timeout-multiplier 3 --suite dsp --suite app

# libFuzzer on lq_project_open; new inputs go to build-fuzz/corpus, never the source tree.
CC=clang meson setup build-fuzz --wipe -Dfuzzing=true -Dui=false ${MESON_ARGS:-} >/dev/null 2>&1 \
  || CC=clang meson setup build-fuzz -Dfuzzing=true -Dui=false ${MESON_ARGS:-}
ninja -C build-fuzz
mkdir -p build-fuzz/corpus
./build-fuzz/tests/fuzz/fuzz-project-open -max_total_time=60 -artifact_prefix=build-fuzz/ \
  build-fuzz/corpus tests/fuzz/corpus
echo "fuzz-project-open: 60 s without a finding"
