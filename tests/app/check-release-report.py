#!/usr/bin/env python3
"""The release's QC report and manifest are reproducible and true.

A small generated album (three short tracks, one at 48 kHz, ISRCs and
titles) released twice with --cd --ddp --files --report into two folders:
  - every delivered file (CD image, cue, TOC, DDP, per-track files) is
    byte-identical between the runs (SHA-256 computed here), and the
    per-track files are what `lacquer-cli export` writes with the same
    options;
  - the manifests are equal once "created" is dropped; every SHA-256 and
    size in them is the file's on disk, computed here with hashlib, and
    every delivered file is listed; the sources' hashes are the sources';
    the album's cover (a PNG made here) is listed with its MIME type, size
    in pixels, bytes and SHA-256; the manifest is valid against
    data/json-schema/manifest.schema.json (python3-jsonschema);
  - report.pdf and report.html are byte-identical between the runs;
  - the HTML holds the PQ sheet (each ISRC, title, and start as the
    layout's MM:SS:FF from `release --json`), and one inline <svg> per
    plot: the timeline, the dynamics, one per track, the tonal balance
    and the platform chart (N + 4), and no external resource;
  - the PDF starts with %PDF and has pages;
  - --report --codecs alone writes the two reports (no manifest: nothing
    was delivered), the codec preview's table six codecs a track (AAC
    through ffmpeg: a row also when it is skipped).
Exit 0 when all holds, 1 with the failures listed.
"""
import hashlib
from html import escape as html_escape
import json
import math
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import warnings
import wave
import zlib

import jsonschema  # python3-jsonschema (Debian 12: 4.10, draft 2020-12)

CLI = os.environ["LQ_CLI"]
ROOT = os.environ.get("LQ_SOURCE_ROOT", os.path.join(os.path.dirname(__file__), "..", ".."))
SCHEMAS = os.path.join(ROOT, "data", "json-schema")
failures = []
TITLES = ("One & Only", "Two <b>", "Three")
ISRCS = ("GBAAA2600001", "GBAAA2600002", "GBAAA2600003")


def run(cwd, *args, expect=0):
    p = subprocess.run(list(args), cwd=cwd, capture_output=True, text=True)
    if p.returncode != expect:
        failures.append(f"{' '.join(args)}: exit {p.returncode} (expected {expect})\n{p.stdout}\n{p.stderr}")
    return p


def write_wav(path, rate, seconds, freq):
    n = int(rate * seconds)
    with wave.open(path, "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(rate)
        frames = bytearray()
        for i in range(n):
            env = 0.5 + 0.4 * math.sin(2 * math.pi * i / rate * 0.7)
            v = int(env * 0.3 * math.sin(2 * math.pi * freq * i / rate) * 32767)
            frames += struct.pack("<hh", v, v // 2)
        w.writeframes(bytes(frames))


def write_png(path, width, height):
    """A small RGB PNG (a gradient), written by hand."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\0" + b"".join(bytes((x * 7 % 256, y * 5 % 256, 128)) for x in range(width))
                    for y in range(height))
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)))
        f.write(chunk(b"IDAT", zlib.compress(rows)))
        f.write(chunk(b"IEND", b""))


def manifest_validator():
    """A validator of manifest.schema.json, resolving $refs to the other schemas."""
    store = {}
    for name in os.listdir(SCHEMAS):
        if name.endswith(".schema.json"):
            with open(os.path.join(SCHEMAS, name), encoding="utf-8") as f:
                schema = json.load(f)
            jsonschema.Draft202012Validator.check_schema(schema)
            store[schema["$id"]] = schema
    schema = next(s for i, s in store.items() if i.endswith("/manifest.schema.json"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        resolver = jsonschema.RefResolver.from_schema(schema, store=store)
        return jsonschema.Draft202012Validator(schema, resolver=resolver)


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 16), b""):
            h.update(block)
    return h.hexdigest()


def tree(folder, skip=()):
    """Every file below @folder, relative path -> SHA-256."""
    out = {}
    for root, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(root, name)
            rel = os.path.relpath(path, folder)
            if rel not in skip:
                out[rel] = sha256(path)
    return out


def main():
    tmp = tempfile.mkdtemp(prefix="lacquer-report-")
    try:
        for i, (rate, seconds, freq) in enumerate(((44100, 4.2, 220), (48000, 4.1, 440), (44100, 4.4, 1000))):
            write_wav(os.path.join(tmp, f"t{i + 1}.wav"), rate, seconds, freq)
        P = "album.lacquer"
        run(tmp, CLI, "new", P)
        run(tmp, CLI, "add", P, "t1.wav", "t2.wav", "t3.wav")
        run(tmp, CLI, "set", P, "title=Report Test", "artist=Lacquer")
        write_png(os.path.join(tmp, "cover.png"), 40, 30)
        run(tmp, CLI, "set", P, "cover=cover.png")
        for n, (title, isrc) in enumerate(zip(TITLES, ISRCS), start=1):
            run(tmp, CLI, "set", P, str(n), f"title={title}", f"isrc={isrc}")
        run(tmp, CLI, "analyze", P)
        runs = []
        for out in ("a", "b"):
            p = run(tmp, CLI, "release", P, "--out", out, "--cd", "--ddp", "--files", "--report",
                    "--format", "flac", "--bits", "16", "--json")
            runs.append(json.loads(p.stdout) if p.returncode == 0 else None)
        if failures or None in runs:
            return report()
        a, b = (os.path.join(tmp, x) for x in ("a", "b"))

        # The audio and the reports, byte for byte
        ta, tb = tree(a), tree(b)
        if ta.keys() != tb.keys():
            failures.append(f"the two releases wrote different files: {sorted(ta)} / {sorted(tb)}")
        for rel in sorted(ta.keys() & tb.keys()):
            if rel != "manifest.json" and ta[rel] != tb[rel]:
                failures.append(f"{rel} differs between the two releases")
        for rel in ("report.html", "report.pdf", "manifest.json", "Report Test.cue",
                    "Report Test.toc", "Report Test.wav", "DDP/DDPID"):
            if rel not in ta:
                failures.append(f"the release did not write {rel}")
        tracks = sorted(r for r in ta if r.startswith("Files" + os.sep))
        if len(tracks) != 3 or not all(r.endswith(".flac") for r in tracks):
            failures.append(f"Files holds {tracks}")

        # The per-track files are export's, byte for byte
        run(tmp, CLI, "export", P, "--out", "x", "--format", "flac", "--bits", "16")
        exported = tree(os.path.join(tmp, "x")) if os.path.isdir(os.path.join(tmp, "x")) else {}
        if {os.path.join("Files", k): v for k, v in exported.items()} != {r: ta[r] for r in tracks}:
            failures.append("release --files did not write what export writes")

        # The manifests: equal but for "created", true to the files
        ma, mb = (json.load(open(os.path.join(x, "manifest.json"))) for x in (a, b))
        for error in manifest_validator().iter_errors(ma):
            failures.append(f"manifest.json against manifest.schema.json: {'/'.join(map(str, error.path))}: "
                            f"{error.message[:300]}")
        cover = ma.get("album", {}).get("cover")
        png = os.path.join(tmp, "cover.png")
        if cover != {"mime": "image/png", "width": 40, "height": 30, "size": os.path.getsize(png),
                     "sha256": sha256(png)}:
            failures.append(f"the manifest's cover is {cover}")
        for m in (ma, mb):
            if not re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", m.pop("created", "")):
                failures.append("a manifest has no ISO 8601 \"created\"")
        if ma != mb:
            failures.append("the manifests differ apart from \"created\"")
        listed = {d["path"]: d for d in ma["delivered"]}
        expected = {r for r in ta if r not in ("report.html", "report.pdf", "manifest.json")}
        if set(listed) != expected:
            failures.append(f"the manifest lists {sorted(listed)}, the folder holds {sorted(expected)}")
        if [d["path"] for d in ma["delivered"]] != sorted(listed):
            failures.append("the manifest's delivered files are not sorted")
        for rel, d in listed.items():
            path = os.path.join(a, rel)
            if os.path.exists(path) and (d["sha256"] != ta.get(rel) or d["size"] != os.path.getsize(path)):
                failures.append(f"the manifest's SHA-256 or size of {rel} is not the file's")
        kinds = {d["kind"] for d in ma["delivered"]}
        if kinds != {"cue", "toc", "image", "ddp", "track"}:
            failures.append(f"the manifest's kinds are {sorted(kinds)}")
        for n, t in enumerate(ma["tracks"], start=1):
            if t["source"]["sha256"] != sha256(os.path.join(tmp, f"t{n}.wav")):
                failures.append(f"track {n}: the manifest's source SHA-256 is not t{n}.wav's")
            if t["fields"].get("title") != TITLES[n - 1] or t["fields"].get("isrc") != ISRCS[n - 1]:
                failures.append(f"track {n}: the manifest's fields are {t['fields']}")
        if ma["album"]["fields"].get("title") != "Report Test" or "lacquer_version" not in ma:
            failures.append("the manifest lacks the album's title or Lacquer's version")
        if ma.get("match", {}).get("document") != "match":
            failures.append("the manifest lacks the stored match")

        # The HTML: the PQ sheet and the plots, inline
        html = open(os.path.join(a, "report.html"), encoding="utf-8").read()
        layout = runs[0]["layout"]
        for t in layout["tracks"]:
            for value in (t["isrc"], t["start"]["msf"], html_escape(t["title"], quote=False)):
                if value not in html:
                    failures.append(f"the HTML lacks track {t['number']}'s {value}")
        n_svg = html.count("<svg")
        if n_svg != len(layout["tracks"]) + 4:
            failures.append(f"the HTML holds {n_svg} inline SVGs, not {len(layout['tracks']) + 4}")
        if re.search(r"(src|href)=\"(?!#)", html):
            failures.append("the HTML refers to an external resource")
        if len(set(re.findall(r'id="([^"]+)"', html))) != len(re.findall(r'id="([^"]+)"', html)):
            failures.append("the HTML's inline SVGs share ids")

        # The PDF: a PDF with pages
        pdf = open(os.path.join(a, "report.pdf"), "rb").read()
        if not pdf.startswith(b"%PDF"):
            failures.append("report.pdf does not start with %PDF")
        if len(re.findall(rb"/Type\s*/Page\b", pdf)) < 1:
            failures.append("report.pdf has no pages")

        # The report alone, with the codec preview: six codecs a track, no manifest
        run(tmp, CLI, "release", P, "--out", "c", "--report", "--codecs")
        c = os.path.join(tmp, "c")
        if os.path.exists(os.path.join(c, "report.html")):
            section = open(os.path.join(c, "report.html"), encoding="utf-8").read().split("Codec preview</h2>")[-1]
            rows = re.findall(r"<tr><td>(\d+)</td><td>([^<]+)</td>", section)
            if len(rows) != 3 * 6 or [r[0] for r in rows[::6]] != ["01", "02", "03"]:
                failures.append(f"the codec preview's table has the rows {rows}")
            if not any("MP3" in r[1] for r in rows) or not any("Opus" in r[1] for r in rows):
                failures.append(f"the codec preview names the codecs {sorted({r[1] for r in rows})}")
        if sorted(os.listdir(c)) != ["report.html", "report.pdf"]:
            failures.append(f"release --report alone wrote {sorted(os.listdir(c))}")

        # The JSON lists the reports and the manifest too
        kinds = sorted({f["kind"] for f in runs[0]["files"]})
        if kinds != ["cue", "ddp", "image", "manifest", "report-html", "report-pdf", "toc", "track"]:
            failures.append(f"release --json lists the kinds {kinds}")
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
