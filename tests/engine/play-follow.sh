#!/bin/bash
# play-follow.sh: `lacquer-cli play` follows an edit committed while it
# plays. Under a private JACK server, a 3 s play of a track at -12 dB gain;
# after 1 s `lacquer-cli set` raises the gain to -6 dB in another process.
# The capture's level (100 ms windows, check-wav-level) over its last
# second is 6 dB (± 0.5) above its first, and play exits 0.
# Args: check-wav-match check-wav-level. Env: LQ_CLI, LQ_SOURCE_ROOT.
set -u
CHECK=$(realpath "$1")
LEVEL=$(realpath "$2")
AUX=$LQ_SOURCE_ROOT/build-aux

if [ "${3:-}" = "--inner" ]; then
  cd "$4" || exit 1
  "$AUX/capture-playback.sh" cap.wav -- "$LQ_CLI" play p.lacquer \
    --device "jack audio connection kit: system" --duration 3 --json >play.json 2>play.err &
  pid=$!
  # 1 s after play's own JACK client is there.
  for _ in $(seq 100); do
    jack_lsp 2>/dev/null | grep -q PortAudio && break
    sleep 0.1
  done
  sleep 1
  "$LQ_CLI" set p.lacquer 1 gain=-6 >/dev/null
  echo "set=$?" >set
  wait $pid
  echo "rc=$?" >rc
  exit 0
fi

TMP=$(mktemp -d /tmp/lacquer-play-follow.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
cd "$TMP" || exit 1
"$CHECK" --make src.wav 4 48000 && "$LQ_CLI" new p.lacquer >/dev/null &&
  "$LQ_CLI" add p.lacquer src.wav >/dev/null &&
  "$LQ_CLI" set p.lacquer 1 gain=-12 gap=0 >/dev/null || { echo "FAIL setting up the project"; exit 1; }
fail=0
check () {
  if eval "$2"; then echo "ok   $1"; else echo "FAIL $1"; fail=1; fi
}
"$AUX/with-jack-dummy.sh" -- "$0" "$CHECK" "$LEVEL" --inner "$TMP" 2>jack.err
grep -v DEBUG play.err
check "play exits 0" "[ \"\$(cat rc 2>/dev/null)\" = rc=0 ]"
check "the edit was committed while play ran" "[ \"\$(cat set 2>/dev/null)\" = set=0 ]"
"$LEVEL" cap.wav 100 >levels || fail=1
check "the last second is 6 dB (± 0.5) louder than the first" \
  "/usr/bin/python3 - <<'PY'
import statistics, sys
rows = [(float(t), float(db)) for t, db, peak in (l.split() for l in open('levels'))]
first = statistics.median(db for t, db in rows if 0.1 <= t < 0.9)
last = statistics.median(db for t, db in rows if 2.0 <= t < 2.9)
print('first %.2f dBFS, last %.2f dBFS, change %+.2f dB' % (first, last, last - first))
sys.exit(not abs(last - first - 6.0) < 0.5)
PY"
[ $fail -eq 0 ] || grep -v DEBUG jack.err
exit $fail
