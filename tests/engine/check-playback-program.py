#!/usr/bin/python3
"""The playback helper's album, transitions and loop commands, and edits followed.

Usage: check-playback-program.py HELPER CLI PROJECT   (under with-jack-dummy.sh)

PROJECT: two analysed 2 s sines at 48 kHz, no gaps (playback-program.sh).
Speaks the protocol to HELPER (lacquer-playback) directly and checks that:
  - {"cmd":"album"} answers a state with mode "album", the album's length,
    track 1, no transition, no loop; playing into track 2 says track 2;
  - {"cmd":"track-gains","gains":[...]} answers gains with track 1's on
    every source, null gives level matching back, a bad one is a
    bad-command error;
  - {"cmd":"transitions","seconds":S} answers mode "transitions" and,
    playing, a transition index and the track heard;
  - {"cmd":"loop",...} sets the loop (level matching "loop": the gains
    are measured again over it) (the state's [start, end]; positions
    heard stay inside it), a bad loop is a bad-command error, "clear"
    clears it;
  - `lacquer-cli set PROJECT 1 gain=-6` while the album plays is heard:
    the meter's momentary loudness drops by about 6 LU within 1 s (25
    meter events); `set PROJECT 2 gap=1` (the timeline) loads the album
    again, 1 s longer, and it plays on in its loop;
  - every event is valid against playback-events.schema.json.
Waits are bounded by event counts or WAIT_S (a hang fails).
"""
import json
import os
import subprocess
import sys

import jsonschema

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import importlib.util  # noqa: E402

_spec = importlib.util.spec_from_file_location(
    "protocol", os.path.join(os.path.dirname(os.path.abspath(__file__)), "check-playback-protocol.py"))
protocol = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(protocol)
expect, Helper, events, failures = protocol.expect, protocol.Helper, protocol.events, protocol.failures
ROOT = protocol.ROOT


def main():
    helper_path, cli, project = sys.argv[1], sys.argv[2], sys.argv[3]
    h = Helper(helper_path)

    h.send({"cmd": "open", "device": "jack audio connection kit: system", "buffer": 1024})
    e = h.wait(lambda e: e["event"] in ("ready", "error"))
    expect("open: ready", e is not None and e["event"] == "ready")

    h.send({"cmd": "album"})
    e = h.wait(lambda e: e["event"] in ("state", "error"))
    expect("album without a project: bad-command", e is not None and e["event"] == "error"
           and e["code"] == "bad-command")
    h.send({"cmd": "album", "project": project})
    e = h.wait(lambda e: e["event"] == "state" and e.get("mode") == "album")
    expect("album: a state in mode album, 4 s, track 1, no transition, no loop",
           e is not None and abs(e["length"] - 4.0) < 1e-6 and e["track"] == 1
           and e["transition"] is None and e["loop"] is None)
    h.send({"cmd": "level-match", "mode": "off"})
    h.wait(lambda e: e["event"] == "gains")
    h.send({"cmd": "seek", "seconds": 1.8})
    h.send({"cmd": "play"})
    e = h.wait(lambda e: e["event"] == "state" and e["playing"] and e["position"] > 2.1)
    expect("album: playing on into track 2 says track 2", e is not None and e["track"] == 2)
    h.send({"cmd": "pause"})

    # Fixed gains per track (a streaming platform's: lq-track-gains.h).
    h.send({"cmd": "track-gains", "gains": "loud"})
    e = h.wait(lambda e: e["event"] in ("gains", "error"))
    expect("track-gains that are not numbers: bad-command", e is not None and e["event"] == "error"
           and e["code"] == "bad-command")
    h.send({"cmd": "track-gains", "gains": [-6.5, 2.0]})
    e = h.wait(lambda e: e["event"] == "gains")
    expect("track-gains: the gains event has track 1's gain on every source",
           e is not None and e["mix"] == -6.5 and e["master"] == -6.5 and e["reference"] == -6.5)
    h.send({"cmd": "track-gains", "gains": None})
    e = h.wait(lambda e: e["event"] == "gains")
    expect("track-gains null: level matching again (off: 0 dB)",
           e is not None and e["master"] == 0.0 and e["mode"] == "off")

    h.send({"cmd": "transitions", "seconds": 99})
    e = h.wait(lambda e: e["event"] == "error")
    expect("transitions of 99 s: bad-command", e is not None and e["code"] == "bad-command")
    h.send({"cmd": "transitions", "seconds": 1})
    e = h.wait(lambda e: e["event"] == "state" and e.get("mode") == "transitions")
    expect("transitions: a state in mode transitions, 2 s (1 s + 1 s, one pair: no pause after it)",
           e is not None and abs(e["length"] - 2.0) < 1e-6 and e["loop"] is None)
    h.send({"cmd": "play"})
    e = h.wait(lambda e: e["event"] == "state" and e["playing"] and e["position"] > 0.2)
    expect("transitions: playing transition 0, track 1 heard",
           e is not None and e["transition"] == 0 and e["track"] == 1)
    e = h.wait(lambda e: e["event"] == "state" and e["playing"] and e["position"] > 1.2)
    expect("transitions: then track 2", e is not None and e["transition"] == 0 and e["track"] == 2)
    h.send({"cmd": "pause"})

    h.send({"cmd": "album"})
    e = h.wait(lambda e: e["event"] == "state" and e.get("mode") == "album")
    expect("album again (the project loaded)", e is not None)
    h.send({"cmd": "loop", "start": 1.0, "end": 9.0})
    e = h.wait(lambda e: e["event"] == "error")
    expect("a loop past the end: bad-command", e is not None and e["code"] == "bad-command")
    # Level matching "loop" measures the loop: moving it measures again.
    h.send({"cmd": "level-match", "mode": "loop"})
    h.wait(lambda e: e["event"] == "gains")
    h.send({"cmd": "loop", "start": 2.5, "end": 3.5})
    e = h.wait(lambda e: e["event"] == "gains")
    expect("a loop set in loop mode: the gains measured again (mode loop)",
           e is not None and e["mode"] == "loop")
    e = h.wait(lambda e: e["event"] == "state" and e["loop"] == [2.5, 3.5])
    expect("loop: the state's loop is [2.5, 3.5]", e is not None)
    h.send({"cmd": "level-match", "mode": "off"})
    h.wait(lambda e: e["event"] == "gains")
    h.send({"cmd": "loop", "start": 0.5, "end": 1.0})
    e = h.wait(lambda e: e["event"] == "state" and e["loop"] is not None)
    expect("loop: the state's loop is [0.5, 1.0]", e is not None and e["loop"] == [0.5, 1.0])
    h.send({"cmd": "play"})
    first = len(events)
    states = []
    while len(states) < 20:
        e = h.wait(lambda e: e["event"] == "state" and e["playing"])
        if e is None:
            break
        states.append(e)
    expect("looping: 20 states, every position inside [0.5, 1.0), wrapped at least once",
           len(states) == 20 and all(0.5 <= s["position"] < 1.0 for s in states)
           and any(b["position"] < a["position"] for a, b in zip(states, states[1:])))

    # The edit, heard while it loops in track 1 (level matching off): the
    # loudness before it is the last meter's of the 20 states above, after
    # 15 meters or more from the play on (the 400 ms window full).
    meters = [x["momentary"] for x in events[first:] if x["event"] == "meter"]
    before = meters[-1] if len(meters) >= 15 else None
    rc = subprocess.run([cli, "set", project, "1", "gain=-6"], stdout=subprocess.DEVNULL).returncode
    expect("lacquer-cli set PROJECT 1 gain=-6 while it plays", rc == 0)
    after = []
    while len(after) < 25:
        e = h.wait(lambda e: e["event"] == "meter")
        if e is None:
            break
        after.append(e["momentary"])
    print(f"  momentary before {before}, after {after[-1] if after else None}")
    expect("the edit is heard within 1 s (25 meters): momentary 6 LU lower",
           before is not None and after and abs((before - after[-1]) - 6.0) < 0.5)

    # A timeline edit (track 2's gap) while it plays: loaded again, the
    # album 1 s longer, playing on in the same loop.
    rc = subprocess.run([cli, "set", project, "2", "gap=1"], stdout=subprocess.DEVNULL).returncode
    expect("lacquer-cli set PROJECT 2 gap=1 while it plays", rc == 0)
    e = h.wait(lambda e: e["event"] == "state" and abs(e["length"] - 5.0) < 1e-6)
    expect("the gap edit is loaded: the album is 5 s, still playing, the loop kept",
           e is not None and e["playing"] and e["loop"] == [0.5, 1.0])
    e = h.wait(lambda e: e["event"] == "state" and e["playing"])
    expect("and plays on inside the loop", e is not None and 0.5 <= e["position"] < 1.0)

    h.send({"cmd": "loop", "clear": True})
    e = h.wait(lambda e: e["event"] == "state" and e["loop"] is None)
    expect("loop clear: the state's loop is null", e is not None)
    h.send({"cmd": "pause"})
    h.send({"cmd": "quit"})
    try:
        rc = h.p.wait(protocol.WAIT_S)
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
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
