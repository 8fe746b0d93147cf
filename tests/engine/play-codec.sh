#!/bin/bash
# play-codec.sh: `lacquer-cli play --source codec --codec ID` plays the
# track's master as the codec delivers it, time-aligned with the master.
# A generated 1 s stereo track (two sines and noise) at 44.1 kHz, some of
# the chain on. Under a private JACK server at 44.1 kHz (the decoded MP3's
# rate, so nothing is resampled), `play --source codec --codec mp3-128
# --match off` is captured: it equals the decoded file cached in
# $XDG_CACHE_HOME/lacquer/codec/ (lq-codec-decoded.h) bit for bit, that
# file is as long as the master's export, aligned with it (over 4096
# frames from 0.5 s the correlation is highest at lag 0 of -32 .. 32) and
# not equal to it (the codec is heard), and a second play uses the cache
# (no "Encoding" line). Opus decodes at 48 kHz: the same at 48 kHz with opus-96
# on a 48 kHz track. A run in which jackd logged an xrun is retried once,
# from an empty cache.
# Args: check-wav-match. Env: LQ_CLI, LQ_SOURCE_ROOT.
set -u
CHECK=$(realpath "$1")
AUX=$LQ_SOURCE_ROOT/build-aux
DEV="jack audio connection kit: system"

if [ "${2:-}" = "--inner" ]; then
  # Under the JACK server: $3 the work directory, $4 the codec.
  cd "$3" || exit 1
  "$AUX/capture-playback.sh" cap-$4.wav -- "$LQ_CLI" play p-$4.lacquer --track 1 --source codec \
    --codec "$4" --match off --device "$DEV" >first-$4.out 2>first-$4.err || exit 1
  "$LQ_CLI" play p-$4.lacquer --track 1 --source codec --codec "$4" --duration 0.5 \
    --device "$DEV" >second-$4.out 2>second-$4.err || exit 1
  echo rc=0 >rc-$4
  exit 0
fi

TMP=$(mktemp -d /tmp/lacquer-play-codec.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
cd "$TMP" || exit 1
export XDG_CACHE_HOME=$TMP/cache
fail=0
check () {
  if eval "$2"; then echo "ok   $1"; else echo "FAIL $1"; fail=1; fi
}
for run in "mp3-128 44100" "opus-96 48000"; do
  set -- $run
  codec=$1 rate=$2
  "$CHECK" --make src-$codec.wav 1 $rate &&
    "$LQ_CLI" new p-$codec.lacquer >/dev/null && "$LQ_CLI" add p-$codec.lacquer src-$codec.wav >/dev/null &&
    "$LQ_CLI" set p-$codec.lacquer 1 eq1-on=true eq1-gain=3 eq1-freq=1000 comp-on=true \
      comp-threshold=-20 >/dev/null &&
    "$LQ_CLI" export p-$codec.lacquer --out out-$codec --format wav --bits 32f >/dev/null ||
    { echo "FAIL setting up the $codec project"; exit 1; }
  for attempt in 1 2; do
    # A second run starts from no cache again: its first play encodes.
    rm -f rc-$codec cache/lacquer/codec/*-$codec.wav
    "$AUX/with-jack-dummy.sh" -r $rate -- "$0" "$CHECK" --inner "$TMP" $codec 2>jack-$codec.err
    grep -q ' 0 xrun line' jack-$codec.err && break
    [ $attempt -eq 1 ] && echo "-- jackd logged an xrun: one more run"
  done
  decoded=$(ls cache/lacquer/codec/*-$codec.wav 2>/dev/null)
  check "$codec: both plays exit 0" "[ \"\$(cat rc-$codec 2>/dev/null)\" = rc=0 ]"
  check "$codec: a decoded file in the cache" "[ -f \"$decoded\" ] && [ \$(ls cache/lacquer/codec | wc -l) -ge 1 ]"
  check "$codec: the first play said it encodes, the second used the cache" \
    "grep -q Encoding first-$codec.err && ! grep -q Encoding second-$codec.err"
  check "$codec: heard = the decoded file, bit for bit" "'$CHECK' '$decoded' cap-$codec.wav"
  check "$codec: the decoded file is as long as the master" \
    "/usr/bin/python3 - '$decoded' out-$codec/*.wav <<'PY'
import struct, sys, wave
def frames(path):
    # 32-bit float WAV: the data chunk's size / 8
    data = open(path, 'rb').read()
    i = data.find(b'data')
    return struct.unpack('<I', data[i + 4:i + 8])[0] // 8
print('  decoded %d frames, master %d' % (frames(sys.argv[1]), frames(sys.argv[2])))
sys.exit(frames(sys.argv[1]) != frames(sys.argv[2]))
PY"
  check "$codec: the decoded file is aligned with the master" \
    "/usr/bin/python3 - '$decoded' out-$codec/*.wav $rate <<'PY'
import struct, sys
def samples(path, start, n):
    data = open(path, 'rb').read()
    i = data.find(b'data') + 8
    return struct.unpack('<%df' % (2 * n), data[i + 8 * start:i + 8 * (start + n)])
rate = int(sys.argv[3])
start, n, span = rate // 2, 4096, 32
master = samples(sys.argv[2], start, n)
decoded = samples(sys.argv[1], start - span, n + 2 * span)
def corr(lag):
    o = 2 * (span + lag)
    return sum(master[k] * decoded[o + k] for k in range(2 * n))
best = max(range(-span, span + 1), key=corr)
print('  best lag %d' % best)
sys.exit(best != 0)
PY"
  check "$codec: the codec is heard (the capture is not the export)" \
    "! '$CHECK' out-$codec/*.wav cap-$codec.wav >/dev/null"
  [ $fail -eq 0 ] || { cat first-$codec.err second-$codec.err; grep -v DEBUG jack-$codec.err | tail -20; }
done
exit $fail
