#!/bin/bash
# play-album.sh: `lacquer-cli play --album` is the album as released, bit
# for bit: each track's gap as silence, then its export, in order.
# Two generated 1.5 s tracks at 48 kHz with different chain settings, the
# second after a 0.5 s gap. Under a private JACK server (with-jack-dummy.sh)
# capture-playback.sh records what play sends; check-wav-match compares it
# with the concatenation of [gap 1][export 1][gap 2][export 2] of
# `export --format wav --bits 32f` (no dither, no resampling), and the
# --json document says "album" and the frames of the whole timeline. A run
# in which jackd logged an xrun is retried once.
# Args: check-wav-match. Env: LQ_CLI, LQ_SOURCE_ROOT.
set -u
CHECK=$(realpath "$1")
AUX=$LQ_SOURCE_ROOT/build-aux
RATE=48000

if [ "${2:-}" = "--inner" ]; then
  cd "$3" || exit 1
  fail=0
  check () {
    if eval "$2"; then echo "ok   $1"; else echo "FAIL $1"; fail=1; fi
  }
  "$AUX/capture-playback.sh" cap-album.wav -- "$LQ_CLI" play p.lacquer --album \
    --device "jack audio connection kit: system" --json >album.json
  check "play --album exits 0" "[ $? -eq 0 ]"
  check "the album = gap + export of each track, bit for bit" "'$CHECK' expected.wav cap-album.wav"
  check "the play document is valid" \
    "/usr/bin/python3 '$LQ_SOURCE_ROOT/tests/app/check-json-contract.py' --play album.json"
  check "it played the album's 3.5 s without an underrun" \
    "/usr/bin/python3 -c 'import json,sys; d=json.load(open(\"album.json\")); sys.exit(not (d[\"mode\"] == \"album\" and d[\"frames_played\"] == 7 * $RATE // 2 and d[\"underruns\"] == 0))'"
  exit $fail
fi

TMP=$(mktemp -d /tmp/lacquer-play-album.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
cd "$TMP" || exit 1
"$CHECK" --make a.wav 1.5 $RATE && "$CHECK" --make b.wav 2 $RATE &&
  "$LQ_CLI" new p.lacquer >/dev/null &&
  "$LQ_CLI" add p.lacquer a.wav b.wav >/dev/null &&
  "$LQ_CLI" set p.lacquer 1 gap=0 eq1-on=true eq1-gain=3 eq1-freq=1000 comp-on=true \
    comp-threshold=-20 >/dev/null &&
  "$LQ_CLI" set p.lacquer 2 gap=0.5 trim-in=0.5 width-on=true width=1.3 eq1-on=true eq1-gain=-4 \
    eq1-freq=300 >/dev/null &&
  "$LQ_CLI" export p.lacquer --out out --format wav --bits 32f >/dev/null ||
  { echo "FAIL setting up the project"; exit 1; }
exports=(out/*.wav)
[ ${#exports[@]} -eq 2 ] || { echo "FAIL two exported files expected: ${exports[*]}"; exit 1; }
"$CHECK" --concat expected.wav $RATE 0 "${exports[0]}" $((RATE / 2)) "${exports[1]}" ||
  { echo "FAIL building the expected album"; exit 1; }
for attempt in 1 2; do
  "$AUX/with-jack-dummy.sh" -r $RATE -- "$0" "$CHECK" --inner "$TMP" 2>"$TMP/err"
  rc=$?
  cat "$TMP/err"
  [ $rc -eq 0 ] && exit 0
  grep -q ' 0 xrun line' "$TMP/err" && exit 1
  [ $attempt -eq 1 ] && echo "-- jackd logged an xrun: one more run"
done
exit 1
