#!/bin/bash
# play-sine.sh: real playback through the device layer, no sound card.
# Under a private JACK server (with-jack-dummy.sh), test-play-sine opens the
# JACK device through LqAudioSystem and plays a 1 kHz sine for 2 s from its
# render callback; capture-playback.sh records system:playback_1/2 and
# check-wav-sine checks the capture is the exact sine, bit for bit. A run in
# which jackd logged an xrun (the machine stalled, not the code) is retried
# once; a failure with no xrun fails at once.
# Args: test-play-sine check-wav-sine. Env: LQ_SOURCE_ROOT.
set -u
PLAY=$1
CHECK=$2
AUX=$LQ_SOURCE_ROOT/build-aux
TMP=$(mktemp -d /tmp/lacquer-play-sine.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
for attempt in 1 2; do
  rm -f "$TMP/cap.wav"
  "$AUX/with-jack-dummy.sh" -- "$AUX/capture-playback.sh" "$TMP/cap.wav" -- \
    "$PLAY" "jack audio connection kit: system" 2 >"$TMP/play.out" 2>"$TMP/play.err"
  rc=$?
  cat "$TMP/play.out" "$TMP/play.err"
  fail=0
  check () {
    if eval "$2"; then echo "ok   $1"; else echo "FAIL $1"; fail=1; fi
  }
  check "played without an error" "[ $rc -eq 0 ]"
  check "on the JACK device" "grep -qx 'device: JACK Audio Connection Kit: system' '$TMP/play.out'"
  check "at the requested 48000 Hz" "grep -qx 'rate: 48000' '$TMP/play.out'"
  check "no underflow" "grep -qx 'underflows: 0' '$TMP/play.out'"
  check "the capture is the exact sine, 2 s of it" "[ -s '$TMP/cap.wav' ] && '$CHECK' '$TMP/cap.wav' 2"
  [ $fail -eq 0 ] && exit 0
  grep -q ' 0 xrun line' "$TMP/play.err" && exit 1
  [ $attempt -eq 1 ] && echo "-- jackd logged an xrun: one more run"
done
exit 1
