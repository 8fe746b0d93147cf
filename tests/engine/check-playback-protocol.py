#!/usr/bin/python3
"""The playback helper's line protocol, spoken directly (no LqPlayer).

Usage: check-playback-protocol.py HELPER PROJECT REFERENCE   (under with-jack-dummy.sh)

Starts HELPER (lacquer-playback), sends every command of the protocol
(app/engine/README.md) to track 1 of PROJECT and REFERENCE (in its
reference list), including wrong ones, plays
the last half second to the end, loads a disc image it writes itself
(load-image: two CD tracks in a raw big-endian file after a header) and
plays it across its track boundary to the end, quits, and checks that:
  - every line it wrote is one event valid against
    data/json-schema/playback-events.schema.json, and every kind was seen;
  - each command got its answer (ready, gains, state, error with the code
    and a message naming the file), and after every error the helper went
    on answering;
  - quit ends it with status 0.
Waits are bounded (a hang fails); nothing is timed.
"""
import json
import math
import os
import select
import struct
import subprocess
import sys
import tempfile
import time
import warnings

import jsonschema

ROOT = os.environ.get("LQ_SOURCE_ROOT", os.path.join(os.path.dirname(__file__), "..", ".."))
WAIT_S = 15
failures = []
events = []


def expect(what, cond):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


class Helper:
    def __init__(self, path):
        self.p = subprocess.Popen([path], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
        self.buffer = ""

    def send(self, obj):
        line = obj if isinstance(obj, str) else json.dumps(obj)
        self.p.stdin.write(line + "\n")
        self.p.stdin.flush()

    def next_event(self, deadline):
        while "\n" not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            ready, _, _ = select.select([self.p.stdout], [], [], left)
            if not ready:
                return None
            chunk = os.read(self.p.stdout.fileno(), 65536).decode()
            if chunk == "":
                return None
            self.buffer += chunk
        line, self.buffer = self.buffer.split("\n", 1)
        event = json.loads(line)
        events.append(event)
        return event

    def wait(self, pred):
        """Reads events until pred(event); that event, or None after WAIT_S."""
        deadline = time.monotonic() + WAIT_S
        while True:
            e = self.next_event(deadline)
            if e is None or pred(e):
                return e


def make_image(folder):
    """1 s of a -20 dBFS 1 kHz sine at 44.1 kHz, 16-bit big-endian stereo,
    after a 100-byte header that is not audio."""
    path = os.path.join(folder, "IMAGE.RAW")
    frames = []
    for k in range(44100):
        v = int(round(3277 * math.sin(2 * math.pi * 1000 * k / 44100)))
        frames.append(struct.pack(">hh", v, v))
    with open(path, "wb") as f:
        f.write(b"\x7f" * 100 + b"".join(frames))
    return path


def check_image(h, folder):
    """load-image: mode image, the CD track heard, the mix only, its end."""
    image = make_image(folder)
    tracks = [{"number": 1, "pregap": 0, "start": 0, "length": 26460, "title": "One"},
              {"number": 2, "pregap": 26460, "start": 30870, "length": 13230, "title": None}]
    h.send({"cmd": "load-image", "path": image, "offset": 100, "byte_order": "big", "frames": 44100,
            "tracks": tracks})
    e = h.wait(lambda e: e["event"] == "state")
    expect("load-image: a state in mode image at track 1, 1 s long (resampled to 48 kHz), paused",
           e is not None and e["mode"] == "image" and e["track"] == 1 and not e["playing"]
           and abs(e["length"] - 1.0) < 1e-9 and e["rate"] == 48000 and e["source"] == "mix")
    gains = [x for x in events if x["event"] == "gains"]
    expect("load-image: the gains all 0 dB (its samples only)",
           gains and gains[-1]["mix"] == 0 and gains[-1]["master"] == 0)
    h.send({"cmd": "source", "name": "master"})
    e = h.wait(lambda e: e["event"] == "state")
    expect("source master on an image: still the mix heard", e is not None and e["source"] == "mix")
    h.send({"cmd": "seek", "seconds": 0.4})
    h.send({"cmd": "play"})
    e = h.wait(lambda e: e["event"] == "state" and e["playing"] and e["track"] == 2)
    expect("playing on: a state at CD track 2 past its pregap's start (0.6 s)",
           e is not None and e["position"] >= 0.6 and e["mode"] == "image")
    e = h.wait(lambda e: e["event"] == "ended")
    expect("the end of the image: ended", e is not None)
    e = h.wait(lambda e: e["event"] == "state")
    expect("then a state paused at its end", e is not None and not e["playing"] and abs(e["position"] - 1) < 1e-9)
    missing = os.path.join(folder, "NONE.RAW")
    for cmd, code, named in [
        ({"cmd": "load-image", "path": image}, "bad-command", "load-image"),
        ({"cmd": "load-image", "path": image, "tracks": [{"number": 1, "pregap": 0}]}, "bad-command", "track 1"),
        ({"cmd": "load-image", "path": missing, "tracks": tracks}, "file", missing),
        ({"cmd": "load-image", "path": image, "offset": 100, "tracks":
          [{"number": 1, "pregap": 0, "start": 0, "length": 88200}]}, "file", image),
    ]:
        h.send(cmd)
        e = h.wait(lambda e: e["event"] == "error")
        expect(f"{json.dumps(cmd)[:60]}...: error {code} naming {named!r}",
               e is not None and e["code"] == code and named in e["message"])


def main():
    helper_path, project, reference = sys.argv[1], sys.argv[2], sys.argv[3]
    h = Helper(helper_path)

    h.send({"cmd": "open", "device": "jack audio connection kit: system", "buffer": 1024})
    e = h.wait(lambda e: e["event"] in ("ready", "error"))
    expect("open: ready on the JACK device at 48000 Hz",
           e is not None and e["event"] == "ready" and e["device"] == "JACK Audio Connection Kit: system"
           and e["rate"] == 48000 and e["buffer"] == 1024)

    h.send({"cmd": "load", "project": project, "track": 1})
    e = h.wait(lambda e: e["event"] == "state" and e["track"] == 1)
    expect("load: a state with track 1, 4 s long", e is not None and abs(e["length"] - 4.0) < 1e-9)
    gains = [x for x in events if x["event"] == "gains"]
    expect("load: the gains, mix at -6 dB (the track's gain)",
           len(gains) == 1 and abs(gains[0]["mix"] + 6) < 0.05 and gains[0]["master"] == 0
           and gains[0]["mode"] == "integrated")

    h.send({"cmd": "level-match", "mode": "off"})
    e = h.wait(lambda e: e["event"] == "gains")
    expect("level-match off: gains all 0", e is not None and e["mode"] == "off" and e["mix"] == 0)
    h.send({"cmd": "source", "name": "mix"})
    e = h.wait(lambda e: e["event"] == "state")
    expect("source mix: a state saying so", e is not None and e["source"] == "mix")
    h.send({"cmd": "crossfade", "ms": 50})
    h.send({"cmd": "monitor", "mono": True, "side": False, "polarity": False, "swap": False, "dim": True})

    bad = [
        ({"cmd": "crossfade", "ms": 900}, "bad-command", "crossfade"),
        ("{nonsense", "bad-command", "not a command"),
        ({"cmd": "warp"}, "bad-command", "warp"),
        ({"cmd": "source", "name": "reference"}, "bad-command", "reference"),
        ({"cmd": "load", "project": "/nonexistent/x.lacquer", "track": 1}, "project", "/nonexistent/x.lacquer"),
        ({"cmd": "load", "project": project, "track": 9}, "project", "no track 9"),
        ({"cmd": "reference", "path": "/nonexistent/ref.wav"}, "file", "/nonexistent/ref.wav"),
    ]
    for cmd, code, named in bad:
        h.send(cmd)
        e = h.wait(lambda e: e["event"] == "error")
        expect(f"{cmd}: error {code} naming {named!r}",
               e is not None and e["code"] == code and named in e["message"])

    # The reference from the project's list, matched to the master: the
    # track (a -20 dBFS sine) at gain -6 dB, the reference the same sine at
    # -30 dBFS: +4 dB.
    h.send({"cmd": "level-match", "mode": "integrated"})
    h.wait(lambda e: e["event"] == "gains" and e["mode"] == "integrated")
    h.send({"cmd": "reference", "path": reference})
    e = h.wait(lambda e: e["event"] == "gains")
    expect("reference: its level-match gain +4 dB", e is not None and abs(e["reference"] - 4) < 0.05)
    h.send({"cmd": "source", "name": "reference"})
    e = h.wait(lambda e: e["event"] == "state" and e["source"] == "reference")
    expect("source reference: a state saying so", e is not None)
    h.send({"cmd": "reference", "path": None})
    e = h.wait(lambda e: e["event"] == "state" and e["source"] == "master")
    expect("reference null: back to the master", e is not None)

    h.send({"cmd": "monitor", "mono": False, "side": False, "polarity": False, "swap": False, "dim": False})
    h.send({"cmd": "seek", "seconds": 3.5})
    h.send({"cmd": "play"})
    e = h.wait(lambda e: e["event"] == "state" and e["playing"])
    expect("play: a state playing from 3.5 s", e is not None and e["position"] >= 3.5)
    e = h.wait(lambda e: e["event"] == "ended")
    expect("the end of the track: ended", e is not None)
    e = h.wait(lambda e: e["event"] == "state")
    expect("then a state paused at the end", e is not None and not e["playing"] and abs(e["position"] - 4) < 1e-9)
    expect("meters while playing", any(x["event"] == "meter" for x in events))
    h.send({"cmd": "devices"})
    e = h.wait(lambda e: e["event"] == "devices")
    expect("devices: the JACK output listed, with its label as open takes it",
           e is not None and any(d["label"].startswith("JACK") and d["channels"] >= 2 for d in e["devices"]))
    with tempfile.TemporaryDirectory(prefix="lacquer-protocol-") as folder:
        check_image(h, folder)
    h.send({"cmd": "pause"})
    h.send({"cmd": "quit"})
    try:
        rc = h.p.wait(WAIT_S)
    except subprocess.TimeoutExpired:
        h.p.kill()
        rc = None
    expect("quit: exit status 0", rc == 0)

    with open(os.path.join(ROOT, "data", "json-schema", "playback-events.schema.json"), encoding="utf-8") as f:
        schema = json.load(f)
    validator = jsonschema.Draft202012Validator(schema)
    invalid = [(x, list(validator.iter_errors(x))) for x in events]
    invalid = [(x, errs[0].message) for x, errs in invalid if errs]
    for x, message in invalid[:5]:
        print(f"  invalid: {json.dumps(x)}: {message}")
    expect(f"all {len(events)} events valid against playback-events.schema.json", not invalid)
    kinds = {x["event"] for x in events}
    expect("every kind of event seen but device-lost's", kinds == {"ready", "state", "meter", "gains", "error", "ended", "devices"})
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
