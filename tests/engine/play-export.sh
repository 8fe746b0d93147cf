#!/bin/bash
# play-export.sh: `lacquer-cli play` is the export, bit for bit.
# A generated 2 s stereo track at 48 kHz, some of the chain on, no loudness
# match (a single-pass render). Under a private JACK server at the track's
# rate (with-jack-dummy.sh), capture-playback.sh records what play sends:
#  1. master from the start = `export --format wav --bits 32f` of the track;
#  2. master --from 1.0 = the export of the track with trim-in=1.0 (the
#     engine starts the chain afresh at a seek, as a render does);
#  3. --source mix with trims = the source frames between the trims;
# every sample compared by check-wav-match (the capture starts before
# playback: aligned on the first non-zero frame). And play --json is a
# valid "play" document with the frames played and no underrun (a track at
# another rate than the device's: play-resampled.sh). A run in which jackd
# logged an xrun is retried once.
# Args: check-wav-match. Env: LQ_CLI, LQ_SOURCE_ROOT.
set -u
CHECK=$(realpath "$1")
AUX=$LQ_SOURCE_ROOT/build-aux
RATE=48000

if [ "${2:-}" = "--inner" ]; then
  # Under the JACK server: the three plays. $3: the work directory.
  cd "$3" || exit 1
  fail=0
  check () {
    if eval "$2"; then echo "ok   $1"; else echo "FAIL $1"; fail=1; fi
  }
  play () {   # CAPTURE JSON ARGS...: plays into CAPTURE, the --json document into JSON
    local cap=$1 json=$2
    shift 2
    "$AUX/capture-playback.sh" "$cap" -- "$LQ_CLI" play p.lacquer --device "jack audio connection kit: system" --json "$@" >"$json"
  }
  play cap-master.wav master.json
  check "play master exits 0" "[ $? -eq 0 ]"
  check "master from the start = the export, bit for bit" "'$CHECK' out-full/*.wav cap-master.wav"
  check "the play document is valid" \
    "/usr/bin/python3 '$LQ_SOURCE_ROOT/tests/app/check-json-contract.py' --play master.json"
  check "it played the 2 s at $RATE Hz without an underrun" \
    "/usr/bin/python3 -c 'import json,sys; d=json.load(open(\"master.json\")); sys.exit(not (d[\"frames_played\"] == 2 * $RATE and d[\"sample_rate\"] == $RATE and d[\"resampled_from\"] is None and d[\"underruns\"] == 0 and d[\"device\"] == \"JACK Audio Connection Kit: system\"))'"
  play cap-seek.wav seek.json --from 1.0
  check "play --from 1.0 exits 0" "[ $? -eq 0 ]"
  check "master from 1.0 s = the export with trim-in=1.0, bit for bit" "'$CHECK' out-seek/*.wav cap-seek.wav"
  check "it played 1 s" \
    "/usr/bin/python3 -c 'import json,sys; sys.exit(json.load(open(\"seek.json\"))[\"frames_played\"] != $RATE)'"
  "$LQ_CLI" set p.lacquer 1 trim-in=0.5 trim-out=0.25 >/dev/null
  play cap-mix.wav mix.json --source mix --duration 1
  check "play --source mix exits 0" "[ $? -eq 0 ]"
  check "mix = the source between the trims, bit for bit (1 s of it)" \
    "'$CHECK' src.wav cap-mix.wav $((RATE / 2)) $RATE"
  "$LQ_CLI" set p.lacquer 1 trim-in=0 trim-out=0 >/dev/null
  check "the comparison sees the chain (the source is not the master)" \
    "! '$CHECK' src.wav cap-master.wav >/dev/null"
  exit $fail
fi

TMP=$(mktemp -d /tmp/lacquer-play-export.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
cd "$TMP" || exit 1
"$CHECK" --make src.wav 2 $RATE || exit 1
"$LQ_CLI" new p.lacquer >/dev/null &&
  "$LQ_CLI" add p.lacquer src.wav >/dev/null &&
  "$LQ_CLI" set p.lacquer 1 eq1-on=true eq1-gain=3 eq1-freq=1000 comp-on=true comp-threshold=-20 \
    width-on=true width=1.2 >/dev/null &&
  "$LQ_CLI" export p.lacquer --out out-full --format wav --bits 32f >/dev/null &&
  "$LQ_CLI" set p.lacquer 1 trim-in=1.0 >/dev/null &&
  "$LQ_CLI" export p.lacquer --out out-seek --format wav --bits 32f >/dev/null &&
  "$LQ_CLI" set p.lacquer 1 trim-in=0 >/dev/null || { echo "FAIL setting up the project"; exit 1; }
for attempt in 1 2; do
  "$AUX/with-jack-dummy.sh" -r $RATE -- "$0" "$CHECK" --inner "$TMP" 2>"$TMP/err"
  rc=$?
  cat "$TMP/err"
  [ $rc -eq 0 ] && exit 0
  grep -q ' 0 xrun line' "$TMP/err" && exit 1
  [ $attempt -eq 1 ] && echo "-- jackd logged an xrun: one more run"
done
exit 1
