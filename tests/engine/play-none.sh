#!/bin/bash
# play-none.sh: `lacquer-cli play` fails with one clear line on stderr and
# no document: with no sound card and no JACK server (exit 1), and when the
# track's source file is missing or changed (exit 1, the line names the
# file). Skips the no-device part on a machine that has a sound card.
# Args: check-wav-match (makes the track). Env: LQ_CLI.
set -u
CHECK=$(realpath "$1")
TMP=$(mktemp -d /tmp/lacquer-play-none.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
cd "$TMP" || exit 1
# No server to find or start, no ~/.asoundrc.
export JACK_NO_START_SERVER=1 JACK_DEFAULT_SERVER="lacquer-none-$$" HOME=$TMP
fail=0
check () {
  if eval "$2"; then echo "ok   $1"; else echo "FAIL $1"; fail=1; fi
}
"$CHECK" --make src.wav 1 48000 && cp src.wav other.wav &&
  "$LQ_CLI" new p.lacquer >/dev/null && "$LQ_CLI" add p.lacquer src.wav other.wav >/dev/null ||
  { echo "FAIL setting up the project"; exit 1; }

if grep -q '^ *[0-9]' /proc/asound/cards 2>/dev/null || [ -e /dev/dsp ]; then
  echo "ok   # SKIP no device: this machine has a sound card"
else
  "$LQ_CLI" play p.lacquer --json >out 2>err
  rc=$?
  cat err
  check "no device: play exits 1" "[ $rc -eq 1 ]"
  check "no device: nothing on stdout" "[ ! -s out ]"
  check "no device: exactly one line on stderr, saying so" \
    "[ \$(wc -l <err) -eq 1 ] && grep -qx 'lacquer-cli: No audio output device: PortAudio found no sound card and no running sound server' err"
fi

mv other.wav away.wav
"$LQ_CLI" play p.lacquer --track 2 --json >out 2>err
rc=$?
cat err
check "a missing source: play exits 1, no document" "[ $rc -eq 1 ] && [ ! -s out ]"
check "a missing source: one line naming the file" \
  "[ \$(wc -l <err) -eq 1 ] && grep -q '^lacquer-cli: .*/other.wav: the track’s source file is missing' err"

"$CHECK" --make src.wav 2 48000
"$LQ_CLI" play p.lacquer --json >out 2>err
rc=$?
cat err
check "a changed source: play exits 1, no document" "[ $rc -eq 1 ] && [ ! -s out ]"
check "a changed source: one line naming the file" \
  "[ \$(wc -l <err) -eq 1 ] && grep -q '^lacquer-cli: .*/src.wav: the track’s source file changed' err"
exit $fail
