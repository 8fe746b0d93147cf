#!/bin/bash
# devices-jack.sh: under a private JACK server (with-jack-dummy.sh),
# `lacquer-cli devices` lists the JACK device as the default output, its
# --json is a valid "devices" document, and the device layer finds it by a
# part of its name and refuses a name that matches nothing. With an ALSA
# "default" device beside it (an ~/.asoundrc with a null PCM), a device is
# chosen by any part of "host API: device", case-insensitively, a name
# matching both is an error listing them, and a rate the device does not
# take opens at the device's own rate.
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
# The default output with no sound card (else the card's may be).
mark='\*'
grep -q '^ *[0-9]' /proc/asound/cards 2>/dev/null && mark='[* ]'
check "the JACK device is listed (as the default with no sound card)" \
  "grep -qx '$mark JACK Audio Connection Kit: system — 2 channels, 48000 Hz' <<<\"\$out\""
check "nothing on stderr" "[ -z \"\$err\" ]"
check "devices --json is a valid devices document" \
  "/usr/bin/python3 '$LQ_SOURCE_ROOT/tests/app/check-json-contract.py' --devices"
check "a name that matches nothing is an error listing the devices" \
  "'$PLAY' 'no such card' 0.1 2>&1 | grep -q 'No audio output device matches “no such card”; the devices are .*“JACK Audio Connection Kit: system”'"

if [ "$mark" != '\*' ]; then
  echo "ok   # SKIP choosing among devices: this machine's sound card adds devices"
  exit $fail
fi
TMP=$(mktemp -d /tmp/lacquer-devices-jack.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
printf 'pcm.!default { type null }\n' >"$TMP/.asoundrc"
choose () {   # NAME: the device NAME chooses, or the error
  HOME=$TMP "$PLAY" "$1" 0 2>&1
}
check "two devices with the ALSA null PCM" \
  "[ \$(HOME='$TMP' '$LQ_CLI' devices | wc -l) -eq 2 ]"
check "\"jack\" chooses the JACK device" \
  "[ \"\$(choose jack)\" = 'device: JACK Audio Connection Kit: system' ]"
check "\"ALSA: DEFAULT\" chooses ALSA's default, case-insensitively" \
  "[ \"\$(choose 'ALSA: DEFAULT')\" = 'device: ALSA: default' ]"
check "no name chooses PortAudio's default output" \
  "[ \"\$(choose '')\" = 'device: ALSA: default' ]"
check "a name matching both is an error listing them" \
  "[ \"\$(choose a)\" = 'test-play-sine: More than one audio output device matches “a”: “ALSA: default”, “JACK Audio Connection Kit: system”' ]"
check "44100 Hz on the 48000 Hz JACK server opens at 48000 Hz" \
  "'$PLAY' 'jack audio connection kit: system' 0.1 44100 | grep -qx 'rate: 48000'"
exit $fail
