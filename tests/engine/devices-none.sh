#!/bin/bash
# devices-none.sh: with no sound card and no JACK server, `lacquer-cli
# devices` exits 1 with exactly one line on stderr, and the dozens of lines
# ALSA and JACK print while PortAudio probes go to the debug log instead.
# Skips (77) on a machine that has a sound card.
set -u
if grep -q '^ *[0-9]' /proc/asound/cards 2>/dev/null || [ -e /dev/dsp ]; then
  echo "1..0 # SKIP this machine has a sound card"
  exit 77
fi
TMP=$(mktemp -d /tmp/lacquer-devices-none.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
# No server to find or start, no ~/.asoundrc.
export JACK_NO_START_SERVER=1 JACK_DEFAULT_SERVER="lacquer-none-$$" HOME=$TMP
fail=0
check () {
  if eval "$2"; then echo "ok   $1"; else echo "FAIL $1"; fail=1; fi
}
"$LQ_CLI" devices >"$TMP/out" 2>"$TMP/err"
rc=$?
cat "$TMP/err"
check "devices exits 1" "[ $rc -eq 1 ]"
check "nothing on stdout" "[ ! -s '$TMP/out' ]"
check "exactly one line on stderr" "[ \$(wc -l <'$TMP/err') -eq 1 ]"
check "the line says there is no audio output device" \
  "grep -qx 'lacquer-cli: No audio output device: PortAudio found no sound card and no running sound server' '$TMP/err'"
"$LQ_CLI" devices --json >"$TMP/out" 2>"$TMP/err"
check "--json: exit 1, no document, the same one line" \
  "[ \$? -eq 1 ] && [ ! -s '$TMP/out' ] && [ \$(wc -l <'$TMP/err') -eq 1 ]"
G_MESSAGES_DEBUG=Lacquer "$LQ_CLI" devices >"$TMP/debug" 2>&1
check "the back ends' lines are in the debug log" \
  "[ \$(grep -c 'audio back end: ' '$TMP/debug') -ge 5 ]"
exit $fail
