#!/usr/bin/env python3
"""The release end to end: `lacquer-cli release` (CD and DDP) on a small
generated album, checked with independent readers.

Three tracks of generated audio (one at 48 kHz, so the CD resamples it),
gaps of 1.3 s (not a whole number of CD frames) and 0 s, ISRCs, a UPC, and
titles. Then:
  - cdrdao show-toc parses the TOC; cuebreakpoints reads the cue sheet's
    INDEX 01 points;
  - shntool splits the image at the cue sheet's points, and each split
    track starts with `lacquer-cli export --rate 44100 --bits 16`'s file of
    that track, sample for sample, followed only by digital silence;
  - `lacquer-cli ddp verify` passes the DDP, `ddp extract` writes each
    track, and each equals the image's samples from its INDEX 01 on;
  - a second release into the same folder writes nothing and fails.
Exit 0 when all holds, 1 with the failures listed.
"""
import math
import os
import random
import shutil
import struct
import subprocess
import sys
import tempfile
import wave

CLI = os.environ["LQ_CLI"]
failures = []


def run(cwd, *args, expect=0):
    p = subprocess.run(list(args), cwd=cwd, capture_output=True, text=True)
    if p.returncode != expect:
        failures.append(f"{' '.join(args)}: exit {p.returncode} (expected {expect})\n{p.stdout}\n{p.stderr}")
    return p


def write_wav(path, rate, seconds, seed):
    rnd = random.Random(seed)
    n = int(rate * seconds)
    with wave.open(path, "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(rate)
        frames = bytearray()
        for i in range(n):
            env = 0.5 + 0.4 * math.sin(2 * math.pi * i / rate * 0.7)
            s = env * (0.3 * math.sin(2 * math.pi * 220 * (seed + 1) * i / rate) + 0.05 * (rnd.random() - 0.5))
            v = int(max(-1.0, min(1.0, s)) * 12000)
            frames += struct.pack("<hh", v, -v)
        w.writeframes(bytes(frames))


def read_frames(path):
    """The 16-bit stereo frames of a WAV as bytes (4 a frame)."""
    with wave.open(path, "rb") as w:
        assert w.getsampwidth() == 2 and w.getnchannels() == 2 and w.getframerate() == 44100, path
        return w.readframes(w.getnframes())


def msf_to_frames(msf):
    m, s, f = (int(x) for x in msf.split(":"))
    return (m * 60 + s) * 75 + f


def main():
    tmp = tempfile.mkdtemp(prefix="lacquer-release-")
    try:
        for i, (rate, seconds) in enumerate(((44100, 4.5), (48000, 4.2), (44100, 4.8))):
            write_wav(os.path.join(tmp, f"t{i + 1}.wav"), rate, seconds, i)
        P = "album.lacquer"
        run(tmp, CLI, "new", P)
        run(tmp, CLI, "add", P, "t1.wav", "t2.wav", "t3.wav")
        run(tmp, CLI, "set", P, "title=Release Test", "artist=Lacquer", "upc=4006381333931")
        run(tmp, CLI, "set", P, "1", "title=One", "isrc=GB-AAA-26-00001")
        run(tmp, CLI, "set", P, "2", "title=Two", "isrc=GB-AAA-26-00002", "gap=1.3")
        run(tmp, CLI, "set", P, "3", "title=Three", "isrc=GB-AAA-26-00003", "gap=0")
        run(tmp, CLI, "analyze", P)
        run(tmp, CLI, "release", P, "--out", "out")
        if failures:
            return report()
        out = os.path.join(tmp, "out")
        cue = os.path.join(out, "Release Test.cue")
        toc = os.path.join(out, "Release Test.toc")
        image = os.path.join(out, "Release Test.wav")
        ddp = os.path.join(out, "DDP")
        for path in (cue, toc, image, ddp):
            if not os.path.exists(path):
                failures.append(f"release did not write {path}")
        if failures:
            return report()

        # Independent readers of the TOC and the cue sheet
        p = run(out, "cdrdao", "show-toc", toc)
        if "ISRC GB AAA 26 00002" not in p.stdout + p.stderr:
            failures.append(f"cdrdao show-toc does not show track 2's ISRC:\n{p.stdout}{p.stderr}")
        points = run(out, "cuebreakpoints", "--append-gaps", cue).stdout.split()
        starts = [0] + [msf_to_frames(x.replace(".", ":")) for x in points]
        data = read_frames(image)
        if len(data) % 2352 != 0:
            failures.append(f"the image is {len(data)} bytes, not whole CD frames")
        if len(starts) != 3 or any(s % 1 for s in starts):
            failures.append(f"cuebreakpoints gave {points}")

        # Each track as export writes it for a CD
        run(tmp, CLI, "export", P, "--out", "files", "--rate", "44100", "--bits", "16", "--format", "wav",
            "--name", "{number:02}")
        exported = [read_frames(os.path.join(tmp, "files", f"{n:02}.wav")) for n in (1, 2, 3)]

        # shntool splits the image at the cue sheet's INDEX 01 points
        split = os.path.join(tmp, "split")
        os.mkdir(split)
        run(split, "shntool", "split", "-q", "-f", cue, "-o", "wav", "-d", split, image)
        pieces = sorted(f for f in os.listdir(split) if f.endswith(".wav"))
        # shntool writes the lead-in before track 1's INDEX 01 as its own piece "00"
        if pieces and pieces[0].startswith("split-track00"):
            lead = read_frames(os.path.join(split, pieces.pop(0)))
            if lead.strip(b"\0"):
                failures.append("the pregap before track 1 is not digital silence")
        if len(pieces) != 3:
            failures.append(f"shntool split the image into {pieces}")
        for n, (piece, track) in enumerate(zip(pieces, exported), start=1):
            got = read_frames(os.path.join(split, piece))
            if got[:len(track)] != track:
                first = next(i for i in range(0, min(len(got), len(track)), 4) if got[i:i + 4] != track[i:i + 4])
                failures.append(f"track {n}: the split image differs from the export at frame {first // 4}")
            elif got[len(track):].strip(b"\0"):
                failures.append(f"track {n}: after its audio the split piece is not digital silence")

        # The DDP: verified and extracted by the independent reader
        p = run(tmp, CLI, "ddp", "verify", ddp)
        extracted = os.path.join(tmp, "extracted")
        run(tmp, CLI, "ddp", "extract", ddp, "--out", extracted)
        names = sorted(os.listdir(extracted)) if os.path.isdir(extracted) else []
        if len(names) != 3:
            failures.append(f"ddp extract wrote {names}")
        for n, name in enumerate(names, start=1):
            got = read_frames(os.path.join(extracted, name))
            at = starts[n - 1] * 2352 if n > 1 else None
            track = exported[n - 1]
            if got[:len(track)] != track:
                failures.append(f"track {n}: the DDP's extracted track does not start with the export's samples")
            if at is not None and data[at:at + len(got)] != got:
                failures.append(f"track {n}: the DDP's extracted track differs from the CD image's")

        # A second release into the same folder: refused, nothing changed
        before = {f: os.path.getmtime(os.path.join(out, f)) for f in os.listdir(out)}
        p = run(tmp, CLI, "release", P, "--out", "out", expect=1)
        after = {f: os.path.getmtime(os.path.join(out, f)) for f in os.listdir(out)}
        if before != after:
            failures.append(f"a refused release changed the folder: {before} -> {after}")
        if "already exists" not in p.stderr:
            failures.append(f"a refused release does not say why: {p.stderr}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return report()


def report():
    for f in failures:
        print("FAIL:", f, file=sys.stderr)
    print(f"{len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
