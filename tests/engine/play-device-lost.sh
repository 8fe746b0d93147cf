#!/bin/bash
# play-device-lost.sh: the audio device goes away while `lacquer-cli play`
# plays: under a private JACK server (with-jack-dummy.sh), the server is
# killed 1 s into a 4 s play (SIGKILL: a crash; then SIGTERM: a server
# shut down). play exits 1 within a few seconds, prints no document and
# exactly one line on stderr saying the device went away: no hang, no core
# dump, no assertion text.
# Args: check-wav-match (makes the track). Env: LQ_CLI, LQ_SOURCE_ROOT.
set -u
CHECK=$(realpath "$1")
AUX=$LQ_SOURCE_ROOT/build-aux

if [ "${2:-}" = "--inner" ]; then
  # Under the JACK server. $3: the work directory, $4: the signal.
  cd "$3" || exit 1
  "$LQ_CLI" play p.lacquer --device "jack audio connection kit: system" --json >out 2>err &
  pid=$!
  sleep 1
  # This test's own server, by its unique name.
  jpid=$(pgrep -f -- "-n $JACK_DEFAULT_SERVER -d dummy")
  [ -n "$jpid" ] || { echo "FAIL no jackd to kill"; kill "$pid"; exit 1; }
  kill "-$4" "$jpid"
  for _ in $(seq 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "FAIL SIG$4: play still runs 10 s after the server went away"
    kill -9 "$pid"
    exit 1
  fi
  wait "$pid"
  echo "rc=$?" >rc
  echo "$JACK_DEFAULT_SERVER" >server
  if [ "$4" = KILL ]; then
    # A killed jackd leaves its slot in JACK's server registry (8 slots,
    # shared by every server of this user): a server of the same name
    # reclaims the slot, and its clean stop frees it.
    jackd -n "$JACK_DEFAULT_SERVER" -d dummy -r 48000 -p 1024 >/dev/null 2>&1 &
    jpid=$!
    jack_wait -w -t 5 >/dev/null 2>&1
    kill -TERM "$jpid"
    wait "$jpid"
  fi
  exit 0
fi

TMP=$(mktemp -d /tmp/lacquer-play-lost.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
cd "$TMP" || exit 1
"$CHECK" --make src.wav 4 48000 && "$LQ_CLI" new p.lacquer >/dev/null &&
  "$LQ_CLI" add p.lacquer src.wav >/dev/null || { echo "FAIL setting up the project"; exit 1; }
fail=0
check () {
  if eval "$2"; then echo "ok   $1"; else echo "FAIL $1"; fail=1; fi
}
for sig in KILL TERM; do
  rm -f rc out err server inner.err
  "$AUX/with-jack-dummy.sh" -- "$0" "$CHECK" --inner "$TMP" $sig 2>inner.err
  # What the lost clients left in /dev/shm (their server is gone).
  if [ -s server ]; then
    rm -f /dev/shm/jack_sem.*_"$(cat server)"_* /dev/shm/jack_"$(cat server)"_*
  fi
  echo "-- SIG$sig: $(cat rc 2>/dev/null); stderr:"
  cat err 2>/dev/null
  check "SIG$sig: play exits 1 within 10 s" "[ \"\$(cat rc 2>/dev/null)\" = rc=1 ]"
  check "SIG$sig: no document" "[ ! -s out ]"
  check "SIG$sig: exactly one line on stderr, saying the device went away" \
    "[ \$(wc -l <err) -eq 1 ] && grep -q '^lacquer-cli: .*audio device' err"
  check "SIG$sig: no assertion, abort or core dump text" "! grep -qiE 'assert|abort|core' err"
  [ $fail -eq 0 ] || grep -v DEBUG inner.err
done
exit $fail
