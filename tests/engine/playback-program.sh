#!/bin/bash
# playback-program.sh: the playback helper's album, transitions and loop
# commands and the edits it follows (check-playback-program.py), spoken to
# `lacquer-playback` directly under a private JACK server
# (with-jack-dummy.sh), and through LqPlayer (test-player -p /player/program:
# album, a loop kept by a restart, transitions). A 2-track project of 2 s sines at 48 kHz (-20 and
# -14 dBFS), analysed, no gaps. Both under one JACK server (one start, not
# two). A run that failed while jackd logged an xrun is retried once.
# Args: test-player lacquer-playback. Env: LQ_CLI, LQ_SOURCE_ROOT.
set -u
TEST=$(realpath "$1")
HELPER=$(realpath "$2")
AUX=$LQ_SOURCE_ROOT/build-aux

if [ "${3:-}" = "--inner" ]; then
  # Under the JACK server: the helper spoken to directly, then (track 2's
  # gap edit undone) through LqPlayer.
  /usr/bin/python3 "$LQ_SOURCE_ROOT/tests/engine/check-playback-program.py" "$HELPER" "$LQ_CLI" "$4" &&
    "$LQ_CLI" set "$4" 2 gap=0 >/dev/null &&
    "$TEST" -p /player/program
  exit
fi

TMP=$(mktemp -d /tmp/lacquer-playback-program.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
cd "$TMP" || exit 1
"$TEST" --make a.wav 2 48000 997 -20 && "$TEST" --make b.wav 2 48000 440 -14 &&
  "$LQ_CLI" new p.lacquer >/dev/null && "$LQ_CLI" add p.lacquer a.wav b.wav >/dev/null &&
  "$LQ_CLI" set p.lacquer 1 gap=0 >/dev/null && "$LQ_CLI" set p.lacquer 2 gap=0 >/dev/null &&
  "$LQ_CLI" analyze p.lacquer >/dev/null ||
  { echo "FAIL setting up the project"; exit 1; }

export LACQUER_PLAYBACK_HELPER=$HELPER LQ_TEST_PROJECT=$TMP/p.lacquer
for attempt in 1 2; do
  "$AUX/with-jack-dummy.sh" -r 48000 -- "$0" "$TEST" "$HELPER" --inner "$TMP/p.lacquer" 2>"$TMP/err"
  rc=$?
  cat "$TMP/err"
  [ $rc -eq 0 ] && exit 0
  grep -q ' 0 xrun line' "$TMP/err" && exit 1
  [ $attempt -eq 1 ] && echo "-- jackd logged an xrun: one more run"
  # The project's edits are undone for the second run.
  "$LQ_CLI" set p.lacquer 1 gain=0 >/dev/null
  "$LQ_CLI" set p.lacquer 2 gap=0 >/dev/null
done
exit 1
