#!/bin/bash
# devices-jack.sh: under a private JACK server (with-jack-dummy.sh),
# `lacquer-cli devices` lists the JACK device as the default output, its
# --json is a valid "devices" document, and the device layer finds it by a
# part of its name and refuses a name that matches nothing.
# Env: LQ_CLI, LQ_SOURCE_ROOT (meson's test_env). Args: test-play-sine.
set -u
if [ -z "${JACK_DEFAULT_SERVER:-}" ]; then
  exec "$LQ_SOURCE_ROOT/build-aux/with-jack-dummy.sh" -- "$0" "$@"
fi
PLAY=$1
fail=0
check () {
  if eval "$2"; then echo "ok   $1"; else echo "FAIL $1"; fail=1; fi
}
out=$("$LQ_CLI" devices 2>/tmp/lacquer-devices-jack.$$)
rc=$?
err=$(cat /tmp/lacquer-devices-jack.$$); rm -f /tmp/lacquer-devices-jack.$$
echo "$out"
check "devices exits 0" "[ $rc -eq 0 ]"
check "the JACK device is listed as the default" \
  "grep -qx '\* JACK Audio Connection Kit: system — 2 channels, 48000 Hz' <<<\"\$out\""
check "nothing on stderr" "[ -z \"\$err\" ]"
check "devices --json is a valid devices document" \
  "/usr/bin/python3 '$LQ_SOURCE_ROOT/tests/app/check-json-contract.py' --devices"
check "a name that matches nothing is an error listing the devices" \
  "'$PLAY' 'no such card' 0.1 2>&1 | grep -q 'No audio output device matches “no such card”; the devices are “JACK Audio Connection Kit: system”'"
exit $fail
