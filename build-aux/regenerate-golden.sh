#!/bin/bash
# regenerate-golden.sh: rewrites tests/dsp/golden/chain.sha256, the checksums of
# the mastering chain's output that tests/dsp/test-chain-golden.c checks.
#
#   build-aux/regenerate-golden.sh "why the sound changed" [BUILD_DIR]
#
# Only on purpose: a changed checksum means the chain sounds different. The
# reason is required and goes into the file's header, next to the date, the
# commit it was made on and the machine (CPU, FFTW), so the commit that
# changes the file says why. BUILD_DIR (default: build) is a configured meson
# build directory; the test is rebuilt there first. The normal and the
# sanitizer builds must agree: the script checks the new sums with both when
# build-asan exists.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ $# -lt 1 ] || [ -z "${1// /}" ]; then
  echo "usage: $0 \"why the sound changed\" [BUILD_DIR]" >&2
  exit 2
fi
reason=$1
build=${2:-build}
out=tests/dsp/golden/chain.sha256

ninja -C "$build" tests/dsp/test-chain-golden >/dev/null
tmp=$(mktemp)
trap 'rm -f "$tmp" "$tmp.new"' EXIT
LQ_GOLDEN_WRITE=$tmp "$build/tests/dsp/test-chain-golden"

commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
cpu=$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | sed 's/.*: //' || echo unknown)
fftw=$(pkg-config --modversion fftw3 2>/dev/null || echo unknown)
{
  echo "# Golden output of the mastering chain: SHA-256 of the float output of each"
  echo "# case in tests/dsp/test-chain-golden.c. Regenerate only on purpose, with"
  echo "#   build-aux/regenerate-golden.sh \"why the sound changed\""
  echo "# Regenerated $(date -u +%Y-%m-%d) on $commit: $reason"
  echo "# Made on: $cpu, FFTW $fftw"
  cat "$tmp"
} > "$tmp.new"
mv "$tmp.new" "$out"
echo "wrote $out"

if [ -d build-asan ] && [ "$build" != build-asan ]; then
  ninja -C build-asan tests/dsp/test-chain-golden >/dev/null
  ASAN_OPTIONS=detect_leaks=0 build-asan/tests/dsp/test-chain-golden >/dev/null \
    || { echo "build-asan disagrees with $build: see its test log" >&2; exit 1; }
  echo "build-asan agrees"
fi
git diff --stat -- "$out" || true
