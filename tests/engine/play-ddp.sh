#!/bin/bash
# play-ddp.sh: `lacquer-cli play --ddp DIR` plays what goes to the plant,
# as a CD player does (issue 13, section 2). A 3-track project (generated
# 4 s tracks at 44.1 kHz, 0.2 s gaps before tracks 2 and 3) is released as a
# DDP (`release --ddp`); under a private JACK server at 44.1 kHz
# (with-jack-dummy.sh) capture-playback.sh records what play sends, and
# check-wav-match compares it with IMAGE.DAT's own samples (16-bit
# little-endian, read here with Python, not with Lacquer's reader):
#  1. play --ddp DIR: from track 1's INDEX 01 (its pregap skipped, as from
#     stop) across both track boundaries and gaps to the end, bit for bit,
#     and the --json document says "image" and the frames from there to
#     the lead-out;
#  2. play --ddp DIR --track 2 --duration 0.5: starts exactly at track 2's
#     INDEX 01 (all its 0.5 s compared: a start in the pregap's silence
#     would leave its last frames out), and prints the track table;
#  3. a DDP with one byte of IMAGE.DAT flipped is refused before any
#     device is opened: exit 1, one line naming IMAGE.DAT (the checksum
#     the verifier found wrong).
# A run in which jackd logged an xrun is retried once.
# Args: check-wav-match. Env: LQ_CLI, LQ_SOURCE_ROOT.
set -u
CHECK=$(realpath "$1")
AUX=$LQ_SOURCE_ROOT/build-aux
RATE=44100
DEVICE="jack audio connection kit: system"

if [ "${2:-}" = "--inner" ]; then
  cd "$3" || exit 1
  fail=0
  check () {
    if eval "$2"; then echo "ok   $1"; else echo "FAIL $1"; fail=1; fi
  }
  "$AUX/capture-playback.sh" cap-all.wav -- "$LQ_CLI" play --ddp rel/DDP --device "$DEVICE" \
    --json >all.json
  check "play --ddp exits 0" "[ $? -eq 0 ]"
  check "the DDP from track 1's INDEX 01 to the end = IMAGE.DAT's samples, bit for bit" \
    "'$CHECK' expected-all.wav cap-all.wav"
  check "the play document is valid" \
    "/usr/bin/python3 '$LQ_SOURCE_ROOT/tests/app/check-json-contract.py' --play all.json"
  check "it says image and played INDEX 01 to the lead-out ($(cat frames-all) frames)" \
    "/usr/bin/python3 -c 'import json,sys; d=json.load(open(\"all.json\")); sys.exit(not (d[\"mode\"] == \"image\" and d[\"frames_played\"] == $(cat frames-all) and d[\"underruns\"] == 0))'"
  "$AUX/capture-playback.sh" cap-2.wav -- "$LQ_CLI" play --ddp rel/DDP --track 2 --duration 0.5 \
    --device "$DEVICE" >table.txt
  check "play --ddp --track 2 exits 0" "[ $? -eq 0 ]"
  check "--track 2 starts at its INDEX 01: 0.5 s of IMAGE.DAT from there, bit for bit" \
    "'$CHECK' expected-2.wav cap-2.wav 0 $((RATE / 2))"
  check "it printed the track table (track 2 at 00:06:15)" "grep -q '^  2 00:06:15' table.txt"
  exit $fail
fi

TMP=$(mktemp -d /tmp/lacquer-play-ddp.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
cd "$TMP" || exit 1
fail=0
"$CHECK" --make a.wav 4 $RATE && "$CHECK" --make b.wav 4 $RATE && "$CHECK" --make c.wav 4 $RATE &&
  "$LQ_CLI" new p.lacquer >/dev/null &&
  "$LQ_CLI" add p.lacquer a.wav b.wav c.wav >/dev/null &&
  "$LQ_CLI" set p.lacquer 2 gap=0.2 eq1-on=true eq1-gain=3 eq1-freq=1000 >/dev/null &&
  "$LQ_CLI" set p.lacquer 3 gap=0.2 >/dev/null &&
  "$LQ_CLI" release p.lacquer --out rel --ddp >/dev/null &&
  "$LQ_CLI" ddp verify rel/DDP --json >verify.json ||
  { echo "FAIL setting up the DDP"; exit 1; }
# IMAGE.DAT's samples from track 1's and track 2's INDEX 01 (CD frames of
# 2,352 bytes from the image's first frame) as 16-bit WAVs: IMAGE.DAT is
# little-endian 16-bit stereo, as a WAV's data is.
/usr/bin/python3 - <<'PY' || { echo "FAIL reading IMAGE.DAT"; exit 1; }
import json, wave
d = json.load(open("verify.json"))
first = d["leadout_frame"] - d["image_frames"]   # the image's first frame
data = open("rel/DDP/IMAGE.DAT", "rb").read()
for name, track in (("all", 0), ("2", 1)):
    start = (d["tracks"][track]["start_frame"] - first) * 2352
    w = wave.open("expected-%s.wav" % name, "wb")
    w.setnchannels(2)
    w.setsampwidth(2)
    w.setframerate(44100)
    w.writeframes(data[start:])
    w.close()
    if name == "all":
        open("frames-all", "w").write(str((len(data) - start) // 4))
PY

# 3. Damaged: one byte of IMAGE.DAT flipped (in track 2's audio).
cp -r rel/DDP bad
/usr/bin/python3 -c '
import sys
p = "bad/IMAGE.DAT"; b = bytearray(open(p, "rb").read()); b[len(b) // 2] ^= 0x01; open(p, "wb").write(b)'
"$LQ_CLI" play --ddp bad --device none >bad.out 2>bad.err
rc=$?
if [ $rc -eq 1 ] && [ "$(wc -l <bad.err)" -eq 1 ] && grep -q 'IMAGE.DAT' bad.err && grep -q 'not played' bad.err \
   && [ ! -s bad.out ]; then
  echo "ok   a DDP with a flipped byte in IMAGE.DAT is refused: exit 1, one line naming IMAGE.DAT"
else
  echo "FAIL a damaged DDP: exit $rc, stderr:"; cat bad.err; fail=1
fi

for attempt in 1 2; do
  "$AUX/with-jack-dummy.sh" -r $RATE -- "$0" "$CHECK" --inner "$TMP" 2>"$TMP/err"
  rc=$?
  cat "$TMP/err"
  [ $rc -eq 0 ] && exit $fail
  grep -q ' 0 xrun line' "$TMP/err" && exit 1
  [ $attempt -eq 1 ] && echo "-- jackd logged an xrun: one more run"
done
exit 1
