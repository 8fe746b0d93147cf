#!/usr/bin/env python3
"""Every lacquer-cli command's --json output against data/json-schema/.

Builds a small album with `lacquer-cli demo`, runs every command with
--json, validates each document against its schema (format_version at the
root), and checks that every command takes --help. Fails (never skips)
without python3-jsonschema: build-aux/install-deps.sh installs it.

`devices --json` lists the audio devices: without any (no sound card, no
server) it must fail with no document; with --devices (the engine suite runs
it under build-aux/with-jack-dummy.sh) it must print a valid one, and only
that is checked. `--play FILE` validates a `play --json` document the engine
suite captured under JACK (tests/engine/play-export.sh).
"""
import json
import math
import os
import shutil
import sqlite3
import struct
import subprocess
import sys
import tempfile
import warnings
import wave

import jsonschema  # python3-jsonschema (Debian 12: 4.10, draft 2020-12)

ROOT = os.environ.get("LQ_SOURCE_ROOT", os.path.join(os.path.dirname(__file__), "..", ".."))
CLI = os.environ["LQ_CLI"]
SCHEMAS = os.path.join(ROOT, "data", "json-schema")
FORMAT_VERSION = 1
COMMANDS = ["analyze", "demo", "new", "add", "list", "move", "remove", "set", "undo", "redo", "relink",
            "export", "match", "devices", "play", "ref", "abx-results", "ddp", "preview", "release"]

failures = []


def load_schemas():
    store = {}
    for name in os.listdir(SCHEMAS):
        if name.endswith(".schema.json"):
            with open(os.path.join(SCHEMAS, name), encoding="utf-8") as f:
                schema = json.load(f)
            jsonschema.Draft202012Validator.check_schema(schema)
            store[name[: -len(".schema.json")]] = schema
    return store


STORE = load_schemas()


def validator(document):
    schema = STORE[document]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        resolver = jsonschema.RefResolver.from_schema(
            schema, store={s["$id"]: s for s in STORE.values()})
        return jsonschema.Draft202012Validator(schema, resolver=resolver)


def run(cwd, *args, expect=0):
    p = subprocess.run([CLI, *args], cwd=cwd, capture_output=True, text=True)
    if p.returncode != expect:
        failures.append(f"{' '.join(args)}: exit {p.returncode}, expected {expect}\n{p.stderr}")
    return p


def check(cwd, document, *args, expect=0):
    """Runs a command with --json and validates what it prints."""
    p = run(cwd, *args, "--json", expect=expect)
    try:
        doc = json.loads(p.stdout)
    except json.JSONDecodeError as e:
        failures.append(f"{' '.join(args)}: not JSON ({e}):\n{p.stdout[:500]}")
        return None
    if doc.get("format_version") != FORMAT_VERSION:
        failures.append(f"{' '.join(args)}: format_version {doc.get('format_version')!r}")
    if doc.get("document") != document:
        failures.append(f"{' '.join(args)}: document {doc.get('document')!r}, expected {document!r}")
    errors = sorted(validator(document).iter_errors(doc), key=lambda e: list(e.path))
    for e in errors[:5]:
        failures.append(f"{' '.join(args)}: {'/'.join(map(str, e.path))}: {e.message[:300]}")
    return doc


def check_devices(tmp):
    if "--devices" in sys.argv[1:]:
        d = check(tmp, "devices", "devices")
        assert d is None or len(d["devices"]) >= 1, d
        return
    p = subprocess.run([CLI, "devices", "--json"], cwd=tmp, capture_output=True, text=True)
    if p.returncode == 0:
        check(tmp, "devices", "devices")
    elif p.returncode != 1 or p.stdout != "" or not p.stderr.startswith("lacquer-cli: No audio output device"):
        failures.append(f"devices --json without a device: exit {p.returncode}, "
                        f"printed {p.stdout[:200]!r}, stderr {p.stderr[:200]!r}")


def check_play_file(path):
    """A `play --json` document written by a run under JACK."""
    with open(path, encoding="utf-8") as f:
        try:
            doc = json.load(f)
        except json.JSONDecodeError as e:
            failures.append(f"{path}: not JSON ({e})")
            return
    if doc.get("format_version") != FORMAT_VERSION or doc.get("document") != "play":
        failures.append(f"{path}: format_version {doc.get('format_version')!r}, document {doc.get('document')!r}")
    for e in sorted(validator("play").iter_errors(doc), key=lambda e: list(e.path))[:5]:
        failures.append(f"{path}: {'/'.join(map(str, e.path))}: {e.message[:300]}")


def check_ddp(tmp):
    """ddp verify: a small disc written by lq_ddp_write() (make-test-ddp; the
    release command that writes a project's DDP comes later), then damaged."""
    tool = os.path.join(os.environ["LQ_BUILD_ROOT"], "tests", "app", "make-test-ddp")
    ddp = os.path.join(tmp, "ddp")
    p = subprocess.run([tool, ddp], capture_output=True, text=True)
    if p.returncode != 0:
        failures.append(f"make-test-ddp: exit {p.returncode}\n{p.stderr}")
        return
    d = check(tmp, "ddp", "ddp", "verify", "ddp")
    if d is not None:
        assert d["ok"] and d["problems"] == [] and d["catalog"] == "4006381333931", d
        assert [t["start_frame"] for t in d["tracks"]] == [150, 600, 751], d["tracks"]
        assert [t["title"] for t in d["tracks"]] == ["One", "Two", "Three"], d["tracks"]
    with open(os.path.join(ddp, "PQDESCR"), "r+b") as f:
        f.truncate(3 * 64 + 40)
    d = check(tmp, "ddp", "ddp", "verify", "ddp", expect=1)
    if d is not None:
        assert not d["ok"] and any(x["file"] == "PQDESCR" and x["record"] == 4 and x["unit"] == "packet"
                                   for x in d["problems"]), d["problems"]
def check_preview(tmp):
    """preview --codecs on a project of one short generated track (3 s of
    a 440 Hz tone at -6 dBFS): six codecs, kept quick; then without ffmpeg."""
    path = os.path.join(tmp, "tone.wav")
    with wave.open(path, "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(44100)
        w.writeframes(b"".join(struct.pack("<hh", v, v) for v in
                               (int(16384 * math.sin(2 * math.pi * 440 * i / 44100)) for i in range(3 * 44100))))
    run(tmp, "new", "preview.lacquer")
    run(tmp, "add", "preview.lacquer", "tone.wav")
    doc = check(tmp, "preview", "preview", "preview.lacquer", "--codecs")
    if doc is not None:
        assert [c["codec"] for c in doc["codecs"]] == ["mp3-320", "mp3-128", "opus-160", "opus-96", "vorbis-q5",
                                                      "aac-256"], doc
        # aac-256 runs the ffmpeg program (install-deps.sh installs it)
        assert all(c["skipped"] is None for c in doc["codecs"]) == (shutil.which("ffmpeg") is not None), doc
        assert all(c["track"] == 1 and abs(c["loudness_change_lu"]) < 1 for c in doc["codecs"]
                   if c["skipped"] is None), doc
        assert doc["tracks"][0]["true_peak_dbtp"] is not None, doc
        assert "platforms" not in doc, doc
    # Without the ffmpeg program aac-256 is skipped, its figures null
    os.environ["LACQUER_FFMPEG"] = os.path.join(tmp, "no-ffmpeg")
    try:
        doc = check(tmp, "preview", "preview", "preview.lacquer", "--codecs")
    finally:
        del os.environ["LACQUER_FFMPEG"]
    if doc is not None:
        aac = [c for c in doc["codecs"] if c["codec"] == "aac-256"]
        assert len(aac) == 1 and aac[0]["skipped"] and aac[0]["true_peak_dbtp"] is None, aac
        assert all(c["skipped"] is None and c["true_peak_dbtp"] is not None for c in doc["codecs"]
                   if c["codec"] != "aac-256"), doc
    # The platform preview alone: every platform, album and shuffle
    doc = check(tmp, "preview", "preview", "preview.lacquer", "--platform", "all")
    if doc is not None:
        assert "codecs" not in doc and doc["platform_levels_from"] == "analysis", doc
        spotify = [p for p in doc["platforms"] if p["platform"] == "spotify-normal"]
        assert sorted(p["context"] for p in spotify) == ["album", "track"], spotify
        youtube = [p for p in doc["platforms"] if p["platform"] == "youtube"]
        assert all(p["playback_gain_db"] <= 0 for p in youtube), youtube
    run(tmp, "preview", "preview.lacquer", "--platform", "nowhere", "--json", expect=2)


def main():
    if "--play" in sys.argv[1:]:
        check_play_file(sys.argv[sys.argv.index("--play") + 1])
        for f in failures:
            print("FAIL:", f, file=sys.stderr)
        print(f"{len(failures)} failure(s)")
        return 1 if failures else 0
    tmp = tempfile.mkdtemp(prefix="lacquer-json-")
    if "--devices" in sys.argv[1:]:
        try:
            check_devices(tmp)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        for f in failures:
            print("FAIL:", f, file=sys.stderr)
        print(f"{len(failures)} failure(s)")
        return 1 if failures else 0
    try:
        for c in COMMANDS:
            p = run(tmp, c, "--help")
            if "Usage:" not in p.stdout or f"lacquer-cli {c}" not in p.stdout or "--json" not in p.stdout:
                failures.append(f"{c} --help: no usage naming the command and --json:\n{p.stdout[:300]}")

        demo = check(tmp, "analysis", "demo", "--directory", "demo")
        files = sorted(os.path.join("demo", f) for f in os.listdir(os.path.join(tmp, "demo")))[:3]
        a = check(tmp, "analysis", "analyze", *files, "missing.wav", expect=1)
        assert a is None or [e["source_path"] for e in a["errors"]] == ["missing.wav"], a and a["errors"]
        assert demo is None or all("title" in t and "source_path" in t for t in demo["tracks"])

        P = "album.lacquer"
        new = check(tmp, "change", "new", P, "--title", "Contract", "--target", "td1008")
        if new is not None:
            t = new["project"]["album_fields"]["target"]
            assert t["name"] == "td1008" and t["max_track_lufs"] == -14 and t["label"] == "AES TD1008", t
            assert new["changed"]["fields"]["title"] == "Contract"
        add = check(tmp, "change", "add", P, *files)
        assert add is None or add["changed"]["positions"] == [1, 2, 3], add["changed"]
        lst = check(tmp, "project", "list", P)
        if lst is not None:
            t = lst["project"]["tracks"][0]
            assert os.path.isabs(t["source_path"]) and t["source_relative_path"] == files[0], t
        check(tmp, "change", "move", P, "3", "1")
        check(tmp, "change", "undo", P)
        check(tmp, "change", "redo", P)
        s = check(tmp, "change", "set", P, "2", "gain=-1.5", "title=Two")
        if s is not None:
            assert s["changed"]["fields"] == {"gain": -1.5, "title": "Two"}, s["changed"]
            assert s["changed"]["previous"]["gain"] == 0.0
            assert s["project"]["tracks"][1]["user_gain_db"] == -1.5
            assert s["project"]["tracks"][1]["title"] == "Two"
        check(tmp, "change", "set", P, "target=spotify")
        # The album's cover (a 1x1 PNG): described in list, never its bytes.
        import struct, zlib
        def png_chunk(kind, data):
            return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        with open(os.path.join(tmp, "cover.png"), "wb") as f:
            f.write(b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
                    + png_chunk(b"IDAT", zlib.compress(b"\0\0\0\0")) + png_chunk(b"IEND", b""))
        c = check(tmp, "change", "set", P, "cover=cover.png")
        assert c is None or c["project"]["cover"]["width"] == 1, c
        lst = check(tmp, "project", "list", P)
        assert lst is None or lst["project"]["cover"] == {
            "mime": "image/png", "width": 1, "height": 1,
            "bytes": os.path.getsize(os.path.join(tmp, "cover.png"))}, lst["project"]["cover"]
        an = check(tmp, "change", "analyze", P)
        assert an is None or an["changed"]["positions"] == [1, 2, 3], an["changed"]

        # relink, both forms
        os.makedirs(os.path.join(tmp, "moved"))
        moved = os.path.join("moved", os.path.basename(files[0]))
        shutil.copy(os.path.join(tmp, files[0]), os.path.join(tmp, moved))
        src = None if lst is None else lst["project"]["tracks"][0]["source_path"]
        rl = check(tmp, "change", "relink", P, "1", moved)
        assert rl is None or rl["changed"]["positions"] == [1]
        check(tmp, "change", "relink", P, "1", files[0])
        if src is not None:
            os.rename(src, src + ".away")
            check(tmp, "change", "relink", P, "--search", "moved")

        plan = check(tmp, "match-plan", "match", P, "--target", "spotify", "--dry-run")
        if plan is not None:
            assert plan["stored"] is False and plan["target"]["name"] == "spotify"
            for t in plan["tracks"]:
                assert abs(t["total_gain_db"] - t["user_gain_db"] - t["match_gain_db"]) < 1e-9
        check(tmp, "match-plan", "match", P, "--target", "spotify", "--tonal", "0.5")
        show = check(tmp, "match", "match", P, "--show")
        assert show is None or (show["matched"] and show["target"]["integrated_lufs"] == -14), show
        ex = check(tmp, "export", "export", P, "--out", "out", "--target", "cd", "--force")
        if ex is not None:
            assert ex["target"]["integrated_lufs"] is None and ex["target"]["name"] == "cd"
            for t in ex["tracks"]:
                assert os.path.isabs(t["output_path"]) and t["output_path"] != t["source_path"]
        check_preview(tmp)
        # The CD: a pre-flight that fails (two tracks with one ISRC) writes nothing, exit 1 with
        # the document; one that passes writes the cue sheet, the TOC and the image (exit 0).
        run(tmp, "set", P, "1", "isrc=GB-AAA-24-00001")
        run(tmp, "set", P, "2", "isrc=GB-AAA-24-00001")
        rel = check(tmp, "release", "release", P, "--out", "cd-bad", "--cd", expect=1)
        if rel is not None:
            assert not rel["preflight"]["passed"] and rel["files"] == [], rel["preflight"]
            assert [e["rule"] for e in rel["preflight"]["errors"]] == ["isrc"], rel["preflight"]
            assert not os.path.exists(os.path.join(tmp, "cd-bad")) or os.listdir(os.path.join(tmp, "cd-bad")) == []
        run(tmp, "undo", P)
        p = subprocess.run([CLI, "release", P, "--out", "cd", "--cd", "--json"], cwd=tmp,
                           capture_output=True, text=True)
        if p.returncode != 0:
            failures.append(f"release --json: exit {p.returncode}\n{p.stderr}")
        rel = check(tmp, "release", "release", P, "--out", "cd-json", "--cd", expect=p.returncode)
        if rel is not None:
            assert rel["preflight"]["passed"] and len(rel["layout"]["tracks"]) == 3, rel["preflight"]
            assert [f["kind"] for f in rel["files"]][:2] == ["cue", "toc"], rel["files"]
            assert (rel["error"] is None) == (p.returncode == 0), rel["error"]
        # Everything (no choice): the CD, the DDP, the files, the report and the manifest.
        rel = check(tmp, "release", "release", P, "--out", "all-json", "--format", "flac", "--bits", "16")
        if rel is not None:
            kinds = {f["kind"] for f in rel["files"]}
            assert kinds == {"cue", "toc", "image", "ddp", "track", "manifest", "report-html", "report-pdf"}, kinds
        # A command that fails as a whole prints no document: stderr and the exit status say why.
        for args, status in ((["list", "missing.lacquer"], 1), (["move", P, "x", "1"], 2),
                             (["match", P, "--bogus"], 2)):
            p = run(tmp, *args, "--json", expect=status)
            if p.stdout != "" or not p.stderr.startswith("lacquer-cli: "):
                failures.append(f"{' '.join(args)} --json: printed {p.stdout[:200]!r}, stderr {p.stderr[:200]!r}")
        check_devices(tmp)
        # The reference list: add (analysed), list, cue, remove by file.
        r = check(tmp, "references", "ref", "add", P, files[1], "--cue", "1.5")
        if r is not None:
            ref = r["references"][0]
            assert ref["index"] == 1 and ref["cue_s"] == 1.5 and ref["status"] == "ok", ref
            assert os.path.isabs(ref["source_path"]) and ref["integrated_lufs"] is not None, ref
        check(tmp, "references", "ref", "set-cue", P, "1", "2")
        r = check(tmp, "references", "ref", "list", P)
        assert r is None or [x["cue_s"] for x in r["references"]] == [2], r
        r = check(tmp, "references", "ref", "remove", P, files[1])
        assert r is None or r["references"] == [], r
        # Blind tests: none yet; then one as lq_project_save_abx() stores it.
        ab = check(tmp, "abx-results", "abx-results", P)
        assert ab is None or ab["tests"] == [], ab
        db = sqlite3.connect(os.path.join(tmp, P))
        db.execute("INSERT INTO abx_test VALUES (1, 1700000000, (SELECT id FROM track WHERE position = 1),"
                   " 'mix', ?, 'master', ?, 2, 1, 0.75)", ("a" * 64, "b" * 64))
        db.executemany("INSERT INTO abx_trial VALUES (1, ?, ?, ?, ?)",
                       [(1, 1700000000000000, "a", "a"), (2, 1700000001000000, "b", "a")])
        db.commit()
        db.close()
        ab = check(tmp, "abx-results", "abx-results", P)
        if ab is not None:
            t = ab["tests"][0]
            assert t["track"] == 1 and t["correct"] == 1 and t["a"]["name"] == "mix", t
            assert [a["x"] for a in t["answers"]] == ["a", "b"], t
        rm = check(tmp, "change", "remove", P, "2")
        assert rm is None or rm["changed"]["title"] == "Two"
        check_ddp(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    for f in failures:
        print("FAIL:", f, file=sys.stderr)
    print(f"{len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
