#!/bin/bash
# with-jack-dummy.sh [-r RATE] [-p PERIOD] [--no-realtime] -- CMD [ARG...]
# Runs CMD against a private JACK server on the dummy driver (no sound card
# needed), then stops that server by its PID. CMD sees:
#   JACK_DEFAULT_SERVER  the private server's name (PortAudio's JACK host API
#                        and the jack_* tools reach it, and only it)
#   JACK_NO_START_SERVER=1  no client starts a stray server of its own
#   JACKD_LOG            the server's log
# The server has the monitor ports system:monitor_1/2, carrying exactly what
# reaches system:playback_1/2 (capture-playback.sh records them).
# The period defaults to 1024 frames: on a busy 2-core CI machine 256 frames
# gave xruns, 1024 none. jackd runs realtime when the system allows it
# (root, or rtprio in limits.conf); otherwise give --no-realtime.
# Afterwards prints the number of xrun lines in the server's log and the
# first of them on stderr. Exit status: CMD's (2 usage, 1 no server).
set -u
RATE=48000
PERIOD=1024
RT=()
while [ $# -gt 0 ]; do
  case "$1" in
    -r) RATE=$2; shift 2 ;;
    -p) PERIOD=$2; shift 2 ;;
    --no-realtime) RT=(--no-realtime); shift ;;
    --) shift; break ;;
    *) break ;;
  esac
done
if [ $# -eq 0 ]; then
  echo "usage: $0 [-r RATE] [-p PERIOD] [--no-realtime] -- CMD [ARG...]" >&2
  exit 2
fi
if ! command -v jackd >/dev/null || ! command -v jack_wait >/dev/null; then
  echo "$0: jackd missing (build-aux/install-deps.sh installs jackd2)" >&2
  exit 2
fi

TMP=$(mktemp -d /tmp/lacquer-jack.XXXXXX)
NAME="lacquer-dummy-$$"
# JACK_NO_AUDIO_RESERVATION: no D-Bus device reservation (no session bus in CI).
export JACK_NO_AUDIO_RESERVATION=1 JACK_NO_START_SERVER=1 JACK_DEFAULT_SERVER=$NAME JACKD_LOG=$TMP/jackd.log

start_server () {
  jackd "${RT[@]}" -n "$NAME" -d dummy -r "$RATE" -p "$PERIOD" -m >"$JACKD_LOG" 2>&1 &
  JPID=$!
  jack_wait -s "$NAME" -w -t 10 >/dev/null 2>&1 && kill -0 "$JPID" 2>/dev/null
}

# JACK keeps its servers in a registry of 8 slots in /dev/shm; a server that
# is killed (the device-lost tests do it on purpose) keeps its slot until a
# server of the same name starts again. So a server found dead at the end is
# started again under its name for a moment and stopped properly.
cleanup () {
  if kill "$JPID" 2>/dev/null; then
    wait "$JPID" 2>/dev/null
  elif [ -n "${JPID:-}" ]; then
    wait "$JPID" 2>/dev/null
    jackd --no-realtime -n "$NAME" -d dummy -r "$RATE" -p "$PERIOD" >/dev/null 2>&1 &
    local again=$!
    jack_wait -s "$NAME" -w -t 5 >/dev/null 2>&1
    kill "$again" 2>/dev/null
    wait "$again" 2>/dev/null
  fi
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if ! start_server; then
  # Slots left by servers killed before (another run): with no jackd
  # running at all, nothing uses JACK's shared memory, so it may go.
  if grep -q "Too many servers" "$JACKD_LOG" && ! pgrep -x jackd >/dev/null; then
    echo "$0: clearing JACK's stale server registry (no jackd is running)" >&2
    rm -f /dev/shm/jack-shm-registry /dev/shm/jack-[0-9]* /dev/shm/jack_*
    wait "$JPID" 2>/dev/null
    start_server
  fi
fi
if ! kill -0 "$JPID" 2>/dev/null || ! jack_wait -s "$NAME" -c >/dev/null 2>&1; then
  echo "$0: jackd did not start:" >&2
  cat "$JACKD_LOG" >&2
  exit 1
fi
"$@"
rc=$?
echo "with-jack-dummy: server $NAME ${RATE} Hz/${PERIOD} frames, $(grep -ci xrun "$JACKD_LOG") xrun line(s) in jackd log" >&2
grep -i -m 10 xrun "$JACKD_LOG" | sed 's/^/  jackd: /' >&2
exit $rc
