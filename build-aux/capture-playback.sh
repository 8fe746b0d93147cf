#!/bin/bash
# capture-playback.sh OUT.wav -- CMD [ARG...]
# Records everything sent to JACK's system:playback_1/2 while CMD runs into
# OUT.wav (32-bit float, sample-exact: it records the dummy driver's monitor
# ports system:monitor_1/2, connected before CMD starts, so no frame of CMD's
# output is missed and the channels stay aligned). Needs the server of
# with-jack-dummy.sh; without one it runs itself under with-jack-dummy.sh.
# Exit status: CMD's, or 1 when the capture failed.
set -u
if [ $# -lt 3 ] || [ "$2" != "--" ]; then
  echo "usage: $0 OUT.wav -- CMD [ARG...]" >&2
  exit 2
fi
HERE=$(cd "$(dirname "$0")" && pwd)
if [ -z "${JACK_DEFAULT_SERVER:-}" ] || ! jack_wait -c >/dev/null 2>&1; then
  exec "$HERE/with-jack-dummy.sh" -- "$0" "$@"
fi
command -v jack_capture >/dev/null || { echo "$0: jack_capture missing (install-deps.sh installs jack-capture)" >&2; exit 2; }
OUT=$1
shift 2
jack_capture --daemon -f wav -p system:monitor_1 -p system:monitor_2 "$OUT" &
CPID=$!
cleanup () {
  if kill "$CPID" 2>/dev/null; then
    wait "$CPID" 2>/dev/null
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
# CMD starts only once both capture ports are connected.
for _ in $(seq 100); do
  [ "$(jack_lsp -c system:monitor 2>/dev/null | grep -c '^ ')" -ge 2 ] && break
  kill -0 "$CPID" 2>/dev/null || { echo "$0: jack_capture exited early" >&2; exit 1; }
  sleep 0.1
done
"$@"
rc=$?
sleep 0.5                      # the last periods reach jack_capture
kill -TERM "$CPID"             # TERM makes jack_capture finish the file
wait "$CPID"
crc=$?
trap - EXIT
if [ $crc -ne 0 ] || [ ! -s "$OUT" ]; then
  echo "$0: capture failed (jack_capture exit $crc)" >&2
  exit 1
fi
exit $rc
