#!/bin/bash
# play-platform.sh: `lacquer-cli play --album --platform NAME [--context]`
# plays each track at the gain that platform applies to it. Three 0.8 s
# sines at 48 kHz of different amplitudes (so different loudness), no gaps,
# analysed. Under a private JACK server the album is captured three times:
# plain (--match off), as YouTube plays it in shuffle (--shuffle 7; YouTube
# has only the track context, the default then: each track its own gain,
# only down) and as Spotify normal plays the album (--context album: one
# gain for every track). In the middle of each track (0.2 .. 0.6 s into
# it: four 100 ms windows of steady tone, away from the 10 ms gain ramps at
# the boundaries) the captured RMS level differs from the plain capture's
# by the playback_gain_db that `lacquer-cli preview --platform NAME --json`
# gives for that track and context (within 0.05 dB); for YouTube the track
# heard at each position of the shuffle is the one printed there (one
# capture checks both the gains and the order). The printed tables (YouTube
# in album order, from a 0.1 s play, and Spotify) have every track. And a
# quiet sine with full-scale clicks (a high peak-to-loudness ratio) played
# as Spotify loud plays it in shuffle (the track context: raised regardless
# of peak, a limiter at -1 dBTP) gets the line saying playback applies the
# gain without the limiter, by the limited_db the preview gives. --shuffle
# 7 prints its order the same twice and plays the three tracks in it: the
# level captured at each position is the plain level of the track printed
# there plus its YouTube gain (within 0.05 dB).
# Args: check-wav-tone check-wav-level. Env: LQ_CLI, LQ_SOURCE_ROOT.
set -u
TONE=$(realpath "$1")
LEVEL=$(realpath "$2")
AUX=$LQ_SOURCE_ROOT/build-aux
RATE=48000
TRACK=0.8   # seconds; the levels below are read 0.2 .. 0.6 s into each track
DEV="jack audio connection kit: system"

if [ "${3:-}" = "--inner" ]; then
  cd "$4" || exit 1
  "$AUX/capture-playback.sh" plain.wav -- "$LQ_CLI" play p.lacquer --album --match off \
    --device "$DEV" --json >plain.json || exit 1
  "$LQ_CLI" play p.lacquer --album --platform youtube --duration 0.1 \
    --device "$DEV" >youtube.out || exit 1
  "$AUX/capture-playback.sh" shuffle.wav -- "$LQ_CLI" play p.lacquer --album --platform youtube \
    --shuffle 7 --device "$DEV" >shuffle.out || exit 1
  "$LQ_CLI" play p.lacquer --album --platform youtube --shuffle 7 --duration 0.1 \
    --device "$DEV" >shuffle2.out || exit 1
  "$LQ_CLI" play clicks.lacquer --album --platform spotify-loud --context track --duration 0.2 \
    --device "$DEV" >loud.out || exit 1
  "$AUX/capture-playback.sh" spotify.wav -- "$LQ_CLI" play p.lacquer --album \
    --platform spotify-normal --context album --device "$DEV" >spotify.out || exit 1
  echo "rc=0" >rc
  exit 0
fi

TMP=$(mktemp -d /tmp/lacquer-play-platform.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
cd "$TMP" || exit 1
# The clicks' project is made alongside the album's (the engine suite's
# tests run alone: the second core is free).
{ /usr/bin/python3 - <<'PY' &&
import math, struct, wave
rate = 48000
w = wave.open('clicks.wav', 'wb')
w.setnchannels(2)
w.setsampwidth(2)
w.setframerate(rate)
frames = bytearray()
for k in range(2 * rate):
    v = 0.03 * math.sin(2 * math.pi * 1000 * k / rate) + (0.95 if k % (rate // 2) == 100 else 0.0)
    frames += struct.pack('<hh', int(v * 32767), int(v * 32767))
w.writeframes(bytes(frames))
w.close()
PY
  "$LQ_CLI" new clicks.lacquer >/dev/null && "$LQ_CLI" add clicks.lacquer clicks.wav >/dev/null &&
  "$LQ_CLI" analyze clicks.lacquer >/dev/null &&
  "$LQ_CLI" preview clicks.lacquer --platform spotify-loud --json >loud.json; } &
clicks=$!
"$TONE" --make a.wav $TRACK $RATE 1000 0.5 && "$TONE" --make b.wav $TRACK $RATE 1000 0.05 &&
  "$TONE" --make c.wav $TRACK $RATE 1000 0.2 &&
  "$LQ_CLI" new p.lacquer >/dev/null && "$LQ_CLI" add p.lacquer a.wav b.wav c.wav >/dev/null &&
  "$LQ_CLI" set p.lacquer 1 gap=0 >/dev/null && "$LQ_CLI" set p.lacquer 2 gap=0 >/dev/null &&
  "$LQ_CLI" set p.lacquer 3 gap=0 >/dev/null &&
  "$LQ_CLI" analyze p.lacquer >/dev/null &&
  "$LQ_CLI" preview p.lacquer --platform youtube --json >youtube.json &&
  "$LQ_CLI" preview p.lacquer --platform spotify-normal --json >spotify.json
album=$?
wait $clicks && [ $album -eq 0 ] || { echo "FAIL setting up the projects"; exit 1; }
fail=0
check () {
  if eval "$2"; then echo "ok   $1"; else echo "FAIL $1"; fail=1; fi
}
for attempt in 1 2; do
  rm -f rc ./*.wav.cap
  "$AUX/with-jack-dummy.sh" -r $RATE -- "$0" "$TONE" "$LEVEL" --inner "$TMP" 2>jack.err
  grep -q ' 0 xrun line' jack.err && break
  [ $attempt -eq 1 ] && echo "-- jackd logged an xrun: one more run"
done
check "the plays exit 0" "[ \"\$(cat rc 2>/dev/null)\" = rc=0 ]"
for name in plain spotify shuffle; do
  "$LEVEL" $name.wav 100 >$name.levels || fail=1
done
cat youtube.out spotify.out
check "each track heard at the platform's gain for it" \
  "/usr/bin/python3 - <<'PY'
import json, re, statistics, sys
def levels(name):
    # 100 ms windows starting 0.2, 0.3, 0.4 and 0.5 s into each track.
    rows = [(float(t), float(db)) for t, db, peak in (l.split() for l in open(name + '.levels'))]
    return [statistics.median(db for t, db in rows if 0.8 * n + 0.15 <= t < 0.8 * n + 0.55) for n in range(3)]
def gains(name, context):
    d = json.load(open(name + '.json'))
    rows = {p['track']: p['playback_gain_db'] for p in d['platforms'] if p['context'] == context}
    return [rows[n] for n in (1, 2, 3)]
plain = levels('plain')
# YouTube's capture is the shuffle's: position k played track order[k].
order = [int(x) for x in re.search(r'Shuffled \(seed 7\): ([0-9, ]+)', open('shuffle.out').read()).group(1).split(',')]
by_track = dict(zip(order, levels('shuffle')))
heard_as = {'youtube': [by_track.get(n, float('nan')) for n in (1, 2, 3)], 'spotify': levels('spotify')}
ok = sorted(order) == [1, 2, 3]
for name, platform, context in (('youtube', 'youtube', 'track'), ('spotify', 'spotify-normal', 'album')):
    heard = heard_as[name]
    want = gains(name, context)
    print('  %s %s: gains %s dB; heard %s dB' % (platform, context, ['%.2f' % g for g in want],
          ['%.2f' % (h - p) for h, p in zip(heard, plain)]))
    ok = ok and all(abs((h - p) - g) < 0.05 for h, p, g in zip(heard, plain, want))
# YouTube turns the loud track down and leaves the quiet one; Spotify's
# album gain is one for all, and not 0.
want = gains('youtube', 'track')
ok = ok and max(want) == 0 and min(want) < -1
want = gains('spotify', 'album')
ok = ok and len(set(round(g, 6) for g in want)) == 1 and abs(want[0]) > 0.5
sys.exit(not ok)
PY"
check "the tables name every track" \
  "[ \$(grep -cE '^ +[123]  ' youtube.out) -eq 3 ] && [ \$(grep -cE '^ +[123]  ' spotify.out) -eq 3 ]"
cat shuffle.out
check "--shuffle 7: the printed order, the same twice, each track heard at its own gain" \
  "/usr/bin/python3 - <<'PY'
import json, re, statistics, sys
def levels(name):
    rows = [(float(t), float(db)) for t, db, peak in (l.split() for l in open(name + '.levels'))]
    return [statistics.median(db for t, db in rows if 0.8 * n + 0.15 <= t < 0.8 * n + 0.55) for n in range(3)]
lines = [re.search(r'Shuffled \(seed 7\): ([0-9, ]+)', open(f).read()) for f in ('shuffle.out', 'shuffle2.out')]
order = [int(x) for x in lines[0].group(1).split(',')]
d = json.load(open('youtube.json'))
gain = {p['track']: p['playback_gain_db'] for p in d['platforms'] if p['context'] == 'track'}
plain, heard = levels('plain'), levels('shuffle')
want = [plain[n - 1] + gain[n] for n in order]
print('  order %s; heard %s dB, want %s dB' % (order, ['%.2f' % h for h in heard], ['%.2f' % w for w in want]))
sys.exit(not (sorted(order) == [1, 2, 3] and lines[1].group(1) == lines[0].group(1)
              and all(abs(h - w) < 0.05 for h, w in zip(heard, want))))
PY"
cat loud.out
check "a track the platform's limiter would act on is named, by how much" \
  "/usr/bin/python3 - <<'PY'
import json, sys
d = json.load(open('loud.json'))
limited = [p['limited_db'] for p in d['platforms'] if p['context'] == 'track'][0]
line = 'Track 1: Spotify (loud)’s limiter would take %.1f dB off its peaks' % limited
print('  limited_db %.2f' % limited)
sys.exit(not (limited > 0.5 and line in open('loud.out', encoding='utf-8').read()))
PY"
[ $fail -eq 0 ] || grep -v DEBUG jack.err | tail -20
exit $fail
