#!/bin/bash
# player.sh: LqPlayer and its helper process `lacquer-playback` (test-player.c).
# A 2-track project of 4 s sines at 48 kHz (track 1 at gain -6 dB), analysed,
# with a reference (2 s of track 1's sine at -30 dBFS) in its list.
#  1. Under a private JACK server (with-jack-dummy.sh): play, meters, level
#     matching, seek, the end, bad commands (/player/play); the helper
#     killed mid-play, then restarted (/player/killed);
#  2. then, last on that server: the server killed mid-play (/player/jack-dies).
#  3. A new player (/player/new); no helper to start (/player/no-helper); no sound card and no server:
#     no-device (/player/no-device, and /player/build-tree: without
#     $LACQUER_PLAYBACK_HELPER the helper built in the build tree is found;
#     skipped on a machine with a sound card).
# With --protocol, only this (its own meson test, to keep each short): under
# a JACK server, the protocol spoken to the helper directly, every event
# checked against data/json-schema/playback-events.schema.json
# (check-playback-protocol.py); LqPlayer plays a disc image (/player/image);
# and a helper stuck mid-play (SIGSTOP) is killed by LqPlayer and reported
# (/player/stuck). The three under one JACK server (one start, not three).
# A JACK run that failed while jackd logged an xrun is retried once.
# Args: test-player lacquer-playback [--protocol]. Env: LQ_CLI, LQ_SOURCE_ROOT.
set -u
TEST=$(realpath "$1")
export LACQUER_PLAYBACK_HELPER
LACQUER_PLAYBACK_HELPER=$(realpath "$2")
AUX=$LQ_SOURCE_ROOT/build-aux

if [ "${3:-}" = "--inner-protocol" ]; then
  # Under one JACK server, one after the other (a server start each would
  # cost more than the three together): the protocol, the image, then the
  # stuck helper (last: the server has its killed client to drop).
  rc=0
  part () {   # NAME ARGS...
    local name=$1
    shift
    if "$@"; then echo "ok   $name"; else echo "FAIL $name"; rc=1; fi
  }
  part "the helper's protocol, spoken directly: every event valid against its schema" \
    /usr/bin/python3 "$LQ_SOURCE_ROOT/tests/engine/check-playback-protocol.py" "$LACQUER_PLAYBACK_HELPER" \
    "$LQ_TEST_PROJECT" "$4"
  part "LqPlayer plays a disc image across its track boundary; a restart loads it again" \
    "$TEST" -p /player/image
  part "a helper stuck mid-play is killed and reported" "$TEST" -p /player/stuck
  exit $rc
fi
if [ "${3:-}" = "--inner-jack-dies" ]; then
  # Under one JACK server: play and the killed helper, then the last test
  # kills the server (found by its unique name).
  if "$TEST" -p /player/play -p /player/killed; then
    echo "ok   the player plays, meters, matches, seeks; a killed helper is reported"
  else
    echo "FAIL the player plays, meters, matches, seeks; a killed helper is reported"
    exit 1
  fi
  LQ_TEST_JACKD_PID=$(pgrep -f -- "-n $JACK_DEFAULT_SERVER " | head -n 1)
  export LQ_TEST_JACKD_PID
  [ -n "$LQ_TEST_JACKD_PID" ] || { echo "FAIL no jackd found"; exit 1; }
  exec "$TEST" -p /player/jack-dies
fi

TMP=$(mktemp -d /tmp/lacquer-player.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
cd "$TMP" || exit 1
export LQ_TEST_PROJECT=$TMP/p.lacquer LQ_TEST_STUCK_PID_FILE=$TMP/stuck.pid
"$TEST" --make a.wav 4 48000 997 -20 && "$TEST" --make b.wav 4 48000 440 -14 &&
  "$LQ_CLI" new p.lacquer >/dev/null && "$LQ_CLI" add p.lacquer a.wav b.wav >/dev/null &&
  "$LQ_CLI" set p.lacquer 1 gain=-6 >/dev/null && "$LQ_CLI" analyze p.lacquer >/dev/null &&
  "$TEST" --make r.wav 2 48000 997 -30 && "$LQ_CLI" ref add p.lacquer r.wav >/dev/null ||
  { echo "FAIL setting up the project"; exit 1; }

fail=0
jack_run () {   # NAME ARGS...: under a JACK server, retried once after an xrun
  local name=$1
  shift
  for attempt in 1 2; do
    "$AUX/with-jack-dummy.sh" -r 48000 -- "$@" 2>"$TMP/err"
    rc=$?
    # A failed /player/stuck leaves its stopped helper behind: it goes by its PID.
    [ -s "$LQ_TEST_STUCK_PID_FILE" ] && kill -KILL "$(cat "$LQ_TEST_STUCK_PID_FILE")" 2>/dev/null
    rm -f "$LQ_TEST_STUCK_PID_FILE"
    cat "$TMP/err"
    if [ $rc -eq 0 ]; then echo "ok   $name"; return; fi
    grep -q ' 0 xrun line' "$TMP/err" && break
    [ $attempt -eq 1 ] && echo "-- jackd logged an xrun: one more run"
  done
  echo "FAIL $name"
  fail=1
}
if [ "${3:-}" = "--protocol" ]; then
  jack_run "the protocol, a disc image and a stuck helper, under one JACK server" \
    "$0" "$TEST" "$LACQUER_PLAYBACK_HELPER" --inner-protocol "$TMP/r.wav"
  exit $fail
fi
jack_run "the JACK server killed mid-play is reported (after play and the killed helper, on the same server)" \
  "$0" "$TEST" "$LACQUER_PLAYBACK_HELPER" --inner-jack-dies

if "$TEST" -p /player/new -p /player/no-helper; then
  echo "ok   a new player (no helper yet); no helper to start: failed, one error naming it"
else
  echo "FAIL no helper"
  fail=1
fi
if grep -q '^ *[0-9]' /proc/asound/cards 2>/dev/null || [ -e /dev/dsp ]; then
  echo "ok   # SKIP no device: this machine has a sound card"
elif JACK_NO_START_SERVER=1 JACK_DEFAULT_SERVER="lacquer-none-$$" HOME=$TMP "$TEST" -p /player/no-device \
       -p /player/build-tree; then
  echo "ok   no device: one clear error (also with the helper found in the build tree)"
else
  echo "FAIL no device"
  fail=1
fi
exit $fail
