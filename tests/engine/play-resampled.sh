#!/bin/bash
# play-resampled.sh: a track at another rate than the device's.
# A 1.2 s 997 Hz sine at 44.1 kHz (-6 dBFS) played by `lacquer-cli play` on a
# private JACK server at 48 kHz (with-jack-dummy.sh -r 48000: JACK fixes the
# rate): it plays at the server's rate, resampled, and capture-playback.sh
# records a 997 Hz sine at the same level (check-wav-tone: within 0.1 Hz and
# 0.05 dB, over the 1 s between its edges' 0.1 s); play --json is a valid
# "play" document with sample_rate 48000, resampled_from 44100 and the
# 1.2 s as 57600 frames; without --json one line says it is resampled. A
# run in which jackd logged an xrun is retried once.
# Args: check-wav-tone. Env: LQ_CLI, LQ_SOURCE_ROOT.
set -u
CHECK=$(realpath "$1")
AUX=$LQ_SOURCE_ROOT/build-aux
DEVICE="jack audio connection kit: system"

if [ "${2:-}" = "--inner" ]; then
  cd "$3" || exit 1
  fail=0
  check () {
    if eval "$2"; then echo "ok   $1"; else echo "FAIL $1"; fail=1; fi
  }
  "$AUX/capture-playback.sh" cap.wav -- "$LQ_CLI" play p.lacquer --device "$DEVICE" --source mix --json >play.json
  check "play exits 0" "[ $? -eq 0 ]"
  check "the capture is the 997 Hz sine at -6 dBFS, at 48000 Hz" "'$CHECK' cap.wav 48000 997 0.5"
  check "the play document is valid" \
    "/usr/bin/python3 '$LQ_SOURCE_ROOT/tests/app/check-json-contract.py' --play play.json"
  check "it says 48000 Hz resampled from 44100 Hz, 1.2 s played, no underrun" \
    "/usr/bin/python3 -c 'import json,sys; d=json.load(open(\"play.json\")); sys.exit(not (d[\"sample_rate\"] == 48000 and d[\"resampled_from\"] == 44100 and d[\"frames_played\"] == 57600 and d[\"underruns\"] == 0))'"
  "$LQ_CLI" play p.lacquer --device "$DEVICE" --duration 0.25 >text.out 2>text.err
  rc=$?
  cat text.err
  check "without --json: exit 0, one line says it is resampled" \
    "[ $rc -eq 0 ] && grep -qx 'Playing at 48000 Hz (the track is 44100 Hz): resampled; not bit-identical to the export' text.err"
  exit $fail
fi

TMP=$(mktemp -d /tmp/lacquer-play-resampled.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
cd "$TMP" || exit 1
"$CHECK" --make sine44.wav 1.2 44100 997 0.5 &&
  "$LQ_CLI" new p.lacquer >/dev/null &&
  "$LQ_CLI" add p.lacquer sine44.wav >/dev/null || { echo "FAIL setting up the project"; exit 1; }
for attempt in 1 2; do
  "$AUX/with-jack-dummy.sh" -r 48000 -- "$0" "$CHECK" --inner "$TMP" 2>"$TMP/err"
  rc=$?
  cat "$TMP/err"
  [ $rc -eq 0 ] && exit 0
  grep -q ' 0 xrun line' "$TMP/err" && exit 1
  [ $attempt -eq 1 ] && echo "-- jackd logged an xrun: one more run"
done
exit 1
