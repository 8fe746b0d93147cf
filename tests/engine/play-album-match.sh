#!/bin/bash
# play-album-match.sh: `lacquer-cli play --album --match integrated` matches
# each track on its own. Two tracks of the same 1 s signal at 48 kHz, no
# gaps, analysed, track 1 at gain -6 dB, matched to -16 LUFS (`match`: the
# plan predicts each master's loudness). Under a private JACK server,
# `play --track N --json` gives each track's own mix gain, and the album
# is captured with --source mix: each track's region is heard at its own
# gain (the difference of the two regions' levels is the difference of the
# gains, ± 0.5 dB; the gains differ by more than 1 dB, so one set of gains
# for the album fails). The album's --json is valid, says "integrated",
# gives the first track's mix gain and, per track, each one's own.
# Args: check-wav-match check-wav-level. Env: LQ_CLI, LQ_SOURCE_ROOT.
set -u
CHECK=$(realpath "$1")
LEVEL=$(realpath "$2")
AUX=$LQ_SOURCE_ROOT/build-aux
RATE=48000

if [ "${3:-}" = "--inner" ]; then
  cd "$4" || exit 1
  for n in 1 2; do
    "$LQ_CLI" play p.lacquer --track $n --source mix --match integrated --duration 0.1 \
      --device "jack audio connection kit: system" --json >t$n.json || exit 1
  done
  "$AUX/capture-playback.sh" cap.wav -- "$LQ_CLI" play p.lacquer --album --source mix \
    --match integrated --device "jack audio connection kit: system" --json >album.json
  echo "rc=$?" >rc
  exit 0
fi

TMP=$(mktemp -d /tmp/lacquer-play-album-match.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
cd "$TMP" || exit 1
"$CHECK" --make a.wav 1 $RATE && cp a.wav b.wav &&
  "$LQ_CLI" new p.lacquer >/dev/null && "$LQ_CLI" add p.lacquer a.wav b.wav >/dev/null &&
  "$LQ_CLI" set p.lacquer 1 gap=0 gain=-6 >/dev/null && "$LQ_CLI" set p.lacquer 2 gap=0 >/dev/null &&
  "$LQ_CLI" analyze p.lacquer >/dev/null && "$LQ_CLI" match p.lacquer --target -16 >/dev/null ||
  { echo "FAIL setting up the project"; exit 1; }
fail=0
check () {
  if eval "$2"; then echo "ok   $1"; else echo "FAIL $1"; fail=1; fi
}
for attempt in 1 2; do
  rm -f rc cap.wav
  "$AUX/with-jack-dummy.sh" -r $RATE -- "$0" "$CHECK" "$LEVEL" --inner "$TMP" 2>jack.err
  grep -q ' 0 xrun line' jack.err && break
  [ $attempt -eq 1 ] && echo "-- jackd logged an xrun: one more run"
done
check "play --album --match integrated exits 0" "[ \"\$(cat rc 2>/dev/null)\" = rc=0 ]"
check "the play document is valid" \
  "/usr/bin/python3 '$LQ_SOURCE_ROOT/tests/app/check-json-contract.py' --play album.json"
"$LEVEL" cap.wav 100 >levels || fail=1
check "the album at each track's own mix gain" \
  "/usr/bin/python3 - <<'PY'
import json, statistics, sys
gain = lambda d: [s for s in d['sources'] if s['name'] == 'mix'][0]['level_match_db']
album = json.load(open('album.json'))
g1, g2 = (gain(json.load(open('t%d.json' % n))) for n in (1, 2))
rows = [(float(t), float(db)) for t, db, peak in (l.split() for l in open('levels'))]
# 100 ms windows from 0.2 to 0.8 s into each track (away from its edges).
one = statistics.median(db for t, db in rows if 0.15 <= t < 0.75)
two = statistics.median(db for t, db in rows if 1.15 <= t < 1.75)
print('  mix gains %.2f, %.2f dB (album document: %.2f); heard %.2f, %.2f dBFS' % (g1, g2, gain(album), one, two))
per_track = [(t['track'], gain(t)) for t in album['tracks']]
print('  album document, per track:', per_track)
sys.exit(not (album['match'] == 'integrated' and abs(gain(album) - g1) < 0.01
              and [n for n, g in per_track] == [1, 2]
              and abs(per_track[0][1] - g1) < 0.01 and abs(per_track[1][1] - g2) < 0.01
              and abs(g2 - g1) > 1 and abs((two - one) - (g2 - g1)) < 0.5))
PY"
[ $fail -eq 0 ] || grep -v DEBUG jack.err | tail -20
exit $fail
