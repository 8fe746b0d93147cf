#!/bin/bash
# play-stall.sh: a slow disk under `lacquer-cli play`. The engine's reader
# thread is stalled (LACQUER_TEST_READER_STALL, a test-only hook) from 0.5 s
# to 4.5 s into a 4 s play under a private JACK server: once the 2.5 s of
# ring (2.73 s: 2^17 frames) run dry, at 3.2 s at the latest, the device
# gets digital silence (never old audio again), play --json counts the
# underruns, and the track resumes when the reader does (0.77 s of it or
# more still to play); play still plays all 4 s of the track and exits 0.
# Args: check-wav-match check-wav-level. Env: LQ_CLI, LQ_SOURCE_ROOT.
set -u
CHECK=$(realpath "$1")
LEVEL=$(realpath "$2")
AUX=$LQ_SOURCE_ROOT/build-aux
RATE=48000
TMP=$(mktemp -d /tmp/lacquer-play-stall.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
cd "$TMP" || exit 1
"$CHECK" --make src.wav 6 $RATE && "$LQ_CLI" new p.lacquer >/dev/null &&
  "$LQ_CLI" add p.lacquer src.wav >/dev/null || { echo "FAIL setting up the project"; exit 1; }
fail=0
check () {
  if eval "$2"; then echo "ok   $1"; else echo "FAIL $1"; fail=1; fi
}
LACQUER_TEST_READER_STALL=0.5,4 "$AUX/with-jack-dummy.sh" -- "$AUX/capture-playback.sh" cap.wav -- \
  "$LQ_CLI" play p.lacquer --device "jack audio connection kit: system" --source mix --duration 4 --json \
  >play.json 2>err
rc=$?
cat err
check "play exits 0" "[ $rc -eq 0 ]"
check "the play document is valid" \
  "/usr/bin/python3 '$LQ_SOURCE_ROOT/tests/app/check-json-contract.py' --play play.json"
check "it counted underruns and still played the 4 s" \
  "/usr/bin/python3 -c 'import json,sys; d=json.load(open(\"play.json\")); print(\"underruns\", d[\"underruns\"], \"frames\", d[\"frames_played\"]); sys.exit(not (d[\"underruns\"] > 0 and d[\"frames_played\"] == 4 * $RATE))'"
"$LEVEL" cap.wav 100 >levels || fail=1
# The capture's 100 ms windows: sound, then a stretch of digital silence
# (the stall), then sound again (the reader resumed), then the end.
check "sound, then digital silence of 0.5 s or more, then sound again" \
  "/usr/bin/python3 - <<'PY'
import sys
rows = [l.split() for l in open('levels')]
state, silent, after = 0, 0, 0
for t, db, peak in rows:
    quiet = float(peak) == 0.0
    if state == 0 and quiet: state = 1
    if state == 1:
        if quiet: silent += 1
        else: state = 2
    if state == 2 and not quiet: after += 1
print('silent windows', silent, 'sounding after', after)
sys.exit(not (silent >= 5 and after >= 5))
PY"
exit $fail
