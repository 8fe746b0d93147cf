#!/bin/bash
# bench-xruns.sh: a benchmark (not a test) of `lacquer-cli play` on the JACK dummy server:
# how many xruns in 10 minutes of playback at a 1024-frame period.
#
#   build-aux/bench-xruns.sh [--minutes M] [--track-seconds T] [--period FRAMES] [--cli PATH] [--album]
#
#   --minutes M        the playback to measure (default 10).
#   --track-seconds T  the generated track's length (default 120): the track is played
#                      on repeat, 60 M / T plays one after the other on one server.
#   --period FRAMES    JACK's period (default 1024, as the engine tests use).
#   --cli PATH         the lacquer-cli to measure (default: build/app/cli/lacquer-cli).
#   --album            one `play --album` of an album of 60 M / T tracks (copies of the
#                      track, 2 s gaps, each track with its own chain) instead of plays
#                      of one track on repeat.
#
# The track: 32-bit float stereo 48 kHz (tests/engine/check-wav-match --make: two sines
# and noise), mastered with the chain partly on (EQ, compressor, width; the limiter is
# always on), in a project in a temporary directory. Each play runs with --json
# --buffer FRAMES. Prints per play the xruns PortAudio flagged to the callback, the
# engine's underruns and the callback's median/p99/max time; then the totals and the
# xrun lines in jackd's own log (its view: a late client, or the machine stalled).
# Needs jackd2 (build-aux/install-deps.sh) and a build; prints, enforces nothing.
set -u
MINUTES=10
TRACK_SECONDS=120
PERIOD=1024
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
CLI=$ROOT/build/app/cli/lacquer-cli
ALBUM=
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) MINUTES=$2; shift 2 ;;
    --track-seconds) TRACK_SECONDS=$2; shift 2 ;;
    --period) PERIOD=$2; shift 2 ;;
    --cli) CLI=$2; shift 2 ;;
    --album) ALBUM=--album; shift ;;
    --inner) shift; break ;;
    *) echo "usage: $0 [--minutes M] [--track-seconds T] [--period FRAMES] [--cli PATH]" >&2; exit 2 ;;
  esac
done

if [ "${1:-}" = "--run" ]; then
  # Under the JACK server: $2 the work directory, $3 the number of plays.
  cd "$2" || exit 1
  for i in $(seq "$3"); do
    "$CLI" play p.lacquer $4 --device "jack audio connection kit: system" --buffer "$PERIOD" \
      --json >"play-$i.json" 2>"play-$i.err" || { echo "play $i failed:"; grep -v DEBUG "play-$i.err"; }
    /usr/bin/python3 - "play-$i.json" "$i" <<'PY'
import json, sys
try:
    d = json.load(open(sys.argv[1]))
except Exception:
    sys.exit(0)
c = d["callback_us"]
print("play %2s: %7.1f s  xruns %d  underruns %d  callback median %.0f us, p99 %.0f us, max %.0f us"
      % (sys.argv[2], d["frames_played"] / d["sample_rate"], d["xruns"], d["underruns"],
         c["median"], c["p99"], c["max"]))
PY
  done
  grep -ci xrun "$JACKD_LOG" >jackd-xruns
  exit 0
fi

[ -x "$CLI" ] || { echo "$0: no lacquer-cli at $CLI (meson setup build && ninja -C build)" >&2; exit 2; }
MAKE=$(dirname "$(dirname "$CLI")")/../tests/engine/check-wav-match
MAKE=$(cd "$(dirname "$MAKE")" 2>/dev/null && pwd)/check-wav-match
[ -x "$MAKE" ] || { echo "$0: no tests/engine/check-wav-match in the build" >&2; exit 2; }
TMP=$(mktemp -d /tmp/lacquer-bench-xruns.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
PLAYS=$(( (MINUTES * 60 + TRACK_SECONDS - 1) / TRACK_SECONDS ))
TRACKS=1
if [ -n "$ALBUM" ]; then
  TRACKS=$PLAYS
  PLAYS=1
fi
"$MAKE" --make "$TMP/src.wav" "$TRACK_SECONDS" 48000 >/dev/null && "$CLI" new "$TMP/p.lacquer" >/dev/null ||
  { echo "$0: setting up the project failed" >&2; exit 1; }
for t in $(seq "$TRACKS"); do
  cp "$TMP/src.wav" "$TMP/src-$t.wav" && "$CLI" add "$TMP/p.lacquer" "$TMP/src-$t.wav" >/dev/null &&
    "$CLI" set "$TMP/p.lacquer" "$t" gap=$([ -n "$ALBUM" ] && echo 2 || echo 0) gain=-$((4 + t % 3)) eq1-on=true \
      eq1-gain=3 eq1-freq=$((500 * t)) comp-on=true comp-threshold=-20 width-on=true width=1.2 >/dev/null ||
    { echo "$0: setting up the project failed" >&2; exit 1; }
done
rm -f "$TMP/src.wav"
echo "bench-xruns: $PLAYS play(s) of $TRACKS x $TRACK_SECONDS s ${ALBUM:-(one track)} on JACK dummy, 48000 Hz," \
  "period $PERIOD, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
"$HERE/with-jack-dummy.sh" -p "$PERIOD" -- "$0" --cli "$CLI" --period "$PERIOD" --inner --run "$TMP" "$PLAYS" "$ALBUM" \
  2>"$TMP/jack.err"
/usr/bin/python3 - "$TMP" "$PLAYS" <<'PY'
import json, sys, os
xr = un = frames = 0
for i in range(1, int(sys.argv[2]) + 1):
    p = os.path.join(sys.argv[1], "play-%d.json" % i)
    if os.path.exists(p):
        d = json.load(open(p))
        xr += d["xruns"]; un += d["underruns"]; frames += d["frames_played"]
print("total: %.1f min played, %d xruns (PortAudio), %d underruns (engine)" % (frames / 48000 / 60, xr, un))
PY
echo "jackd log: $(cat "$TMP/jackd-xruns" 2>/dev/null || echo '?') xrun line(s)"
grep -i -m 5 xrun "$TMP/jack.err" | grep -v '^with-jack' | sed 's/^/  /'
