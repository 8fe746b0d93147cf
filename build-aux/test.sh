#!/bin/bash
# test.sh: builds Lacquer and runs every test suite, then the dsp and app suites again
# under AddressSanitizer + UBSan, then fuzzes the project file reader for a minute
# (libFuzzer, clang). Run after install-deps.sh. Extra meson options: MESON_ARGS.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)

# Every skip shows in the log with its reason: meson counts a TAP subtest's
# "ok N /path # SKIP reason" as a pass and prints it only with -v, so after
# each run the skipped subtests, and the tests skipped as a whole, are listed
# from build-*/meson-logs/testlog.json under "Skipped tests:".
print_skips () {
  python3 - "$1" <<'EOF'
import json, os, re, sys

log = os.path.join(sys.argv[1], 'meson-logs', 'testlog.json')
if not os.path.exists(log):
    sys.exit(0)
skips = []
with open(log, encoding='utf-8', errors='replace') as f:
    for line in f:
        test = json.loads(line)
        out = (test.get('stdout') or '').splitlines()
        if test.get('result') == 'SKIP':
            why = [re.sub(r'^1\.\.0 # SKIP\s*', '', l) for l in out if l.startswith('1..0 # SKIP')]
            why += [l.strip() for l in (test.get('stderr') or '').splitlines() if l.strip()][-1:]
            skips.append(f"{test['name']}: skipped as a whole: {why[0] if why else '(no reason given)'}")
        for l in out:
            m = re.match(r'ok \d+ (.*?) # SKIP\s*(.*)$', l)
            if m:
                skips.append(f"{test['name']} {m.group(1)}: {m.group(2) or '(no reason given)'}")
print(f"Skipped tests ({sys.argv[1]}): {len(skips) or 'none'}")
for s in skips:
    print('  ' + s)
EOF
}

# meson test with its arguments, then the skips of the run (also when it failed).
run_tests () {
  local dir="$1" status=0

  meson test -C "$@" || status=$?
  print_skips "$dir"
  return "$status"
}

phase () { echo "test.sh: $1 at ${SECONDS} s"; }

phase "build"
meson setup build-test --wipe -Dwerror=true ${MESON_ARGS:-} >/dev/null 2>&1 \
  || meson setup build-test -Dwerror=true ${MESON_ARGS:-}
ninja -C build-test
phase "tests"
# Everything but the tests that must run alone: the real-time ones (the engine's,
# playing through a private JACK dummy server in real time, and the window's JACK
# tests, suite realtime) and the 4 GiB export (suite big).
run_tests build-test --print-errorlogs --num-processes "$jobs" --no-suite engine --no-suite realtime \
  --no-suite big

# The tests that run alone take little CPU (they play in real time: jackd's thread is
# SCHED_FIFO when the system allows it) but four minutes of wall time: they run one at a
# time in the background while the sanitizer build and tests below keep both cores busy
# at a lower priority (nice), instead of one core idling for four minutes.
phase "real-time tests (background)"
serial_log=build-test/meson-logs/serial-tests.txt
mkdir -p build-test/meson-logs
( run_tests build-test --no-rebuild --print-errorlogs --num-processes 1 --suite engine --suite realtime \
    --suite big >"$serial_log" 2>&1 ) &
serial_pid=$!
# From here on this script and all it starts run at a lower priority (the background
# tests were started before, at the normal one).
renice -n 10 -p $$ >/dev/null
finish_serial () {
  local status=0

  wait "$serial_pid" || status=$?
  phase "real-time tests (their output)"
  cat "$serial_log"
  return "$status"
}
# A failure below ends the script: the background tests end with it.
trap 'pkill -TERM -P "$serial_pid" 2>/dev/null; kill "$serial_pid" 2>/dev/null || true' EXIT

phase "sanitizer build"

meson setup build-asan --wipe -Dwerror=true -Db_sanitize=address,undefined -Db_lundef=false \
  -Dui=false ${MESON_ARGS:-} >/dev/null 2>&1 \
  || meson setup build-asan -Dwerror=true -Db_sanitize=address,undefined -Db_lundef=false -Dui=false ${MESON_ARGS:-}
# Only what the suites run below need (not the benchmarks nor the engine's capture tests).
asan_suites=(dsp app --not fuzz-corpus --not sanitizer-skip)
mapfile -t asan_targets < <(python3 build-aux/targets-for-suites.py build-asan "${asan_suites[@]}")
ninja -C build-asan "${asan_targets[@]}"
# Sanitizers run the code 2-5x slower: the timeouts stretch with them. The fuzz corpus
# test is left out here: the libFuzzer run below covers it under ASan and UBSan. So are
# the tests in suite sanitizer-skip: the longest end-to-end runs of lacquer-cli
# (cli-project, cli-match: 2.5 minutes under ASan, export-safety: one) and the crash-durability test, whose
# code paths the other app tests already take under the sanitizers.
phase "sanitizer tests"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  run_tests build-asan --no-rebuild --print-errorlogs --num-processes "$jobs" --timeout-multiplier 3 \
    --suite dsp --suite app --no-suite fuzz-corpus --no-suite sanitizer-skip

phase "fuzzing"
# libFuzzer on lq_project_open; new inputs go to build-fuzz/corpus, never the source tree.
CC=clang meson setup build-fuzz --wipe -Dfuzzing=true -Dui=false ${MESON_ARGS:-} >/dev/null 2>&1 \
  || CC=clang meson setup build-fuzz -Dfuzzing=true -Dui=false ${MESON_ARGS:-}
ninja -C build-fuzz tests/fuzz/fuzz-project-open
mkdir -p build-fuzz/corpus
./build-fuzz/tests/fuzz/fuzz-project-open -max_total_time=25 -artifact_prefix=build-fuzz/ \
  build-fuzz/corpus tests/fuzz/corpus
echo "fuzz-project-open: 25 s without a finding"
finish_serial
trap - EXIT
phase "done"
