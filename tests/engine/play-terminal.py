#!/usr/bin/python3
"""play-terminal.py: `lacquer-cli play` on a terminal, level-matched.

A 6 s stereo 1 kHz sine at -20 dBFS RMS, gain=6 and a +3 dB bell at
1 kHz on the track, a delivery target: the mix's level-match gain is
+6 dB (the master's loudness is the plan's prediction, the mix's plus the
6 dB gain; the plan does not see the bell, so the master is heard 3 dB
above the matched mix). Under a private JACK server, captured:
 1. play on a pseudo-terminal: the gains line, the key help, a meter line
    redrawn in place with \\r (no newline between redraws), the terminal in
    raw mode (no echo) while it plays and its settings exactly restored
    after 'q'; keys '1' (mix), '2' (master), 'q': exit 0;
 2. the capture: a stretch after the '1' is the source times the gain shown
    (RMS within 0.1 dB), with master before and after it;
 3. play --json --match off and --match integrated: valid documents, the
    mix's level_match_db 0 and +6 dB, "match" naming the mode.
A run in which jackd logged an xrun is retried once.
Env: LQ_CLI, LQ_SOURCE_ROOT.
"""
import array
import json
import math
import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import termios

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lqpty import SOURCE_RMS, Checks, PtyRun, write_sine  # noqa: E402

CLI = os.environ["LQ_CLI"]
ROOT = os.environ["LQ_SOURCE_ROOT"]
AUX = os.path.join(ROOT, "build-aux")
DEVICE = "jack audio connection kit: system"
RATE = 48000
WINDOW = RATE // 10


def read_wav_channel0(path):
    """Channel 0 of a 32-bit float WAV (jack_capture's), as floats."""
    with open(path, "rb") as f:
        blob = f.read()
    pos, channels, data = 12, 0, None
    while pos + 8 <= len(blob):
        cid, size = blob[pos:pos + 4], struct.unpack("<I", blob[pos + 4:pos + 8])[0]
        body = blob[pos + 8:pos + 8 + size]
        if cid == b"fmt ":
            channels = struct.unpack("<H", body[2:4])[0]
            bits = struct.unpack("<H", body[14:16])[0]
            if bits != 32:
                raise SystemExit(f"{path}: {bits}-bit samples, not float")
        elif cid == b"data":
            data = body
        pos += 8 + size + (size & 1)
    samples = array.array("f")
    samples.frombytes(data[:len(data) - len(data) % 4])
    return samples[::channels]


def db(x):
    return 20 * math.log10(x) if x > 0 else -math.inf


def window_levels(samples):
    """dB RMS of each 100 ms window, from the first audible one."""
    levels = []
    for start in range(0, len(samples) - WINDOW + 1, WINDOW):
        w = samples[start:start + WINDOW]
        levels.append(db(math.sqrt(sum(v * v for v in w) / WINDOW)))
    while levels and levels[0] < -60:
        levels.pop(0)
    while levels and levels[-1] < -60:
        levels.pop()
    return levels


def drive(tmp):
    """Under capture-playback.sh: play on a pty; what it saw into drive.json."""
    run = PtyRun([CLI, "play", "p.lacquer", "--device", DEVICE])
    seen = {"before": run.before}
    meter = run.wait_for(rb"\r\d+:\d\d\.\d/", timeout=15)
    seen["meter_seen"] = meter is not None
    run.read(0.5)
    seen["during"] = run.termios_now()
    run.send(b"1")
    seen["mix_meter"] = run.wait_for(rb"\r[^\r\n]*mix[^\r\n]*\+6\.0 dB[^\r\n]* r [-+]\d\.\d\d", timeout=3) is not None
    run.read(1.5)
    run.send(b"2")
    run.read(0.4)
    run.send(b"m")
    seen["mode_line"] = run.wait_for(rb"Level match \(loudest\): mix \+6\.0 dB", timeout=3) is not None
    run.read(0.5)
    run.send(b"q")
    seen["status"] = run.finish(timeout=10)
    seen["after"] = run.after
    with open(os.path.join(tmp, "pty-output.bin"), "wb") as f:
        f.write(run.output)
    with open(os.path.join(tmp, "drive.json"), "w") as f:
        json.dump(seen, f, default=lambda o: o.decode("latin-1"))
    return 0


def inner(tmp):
    os.chdir(tmp)
    c = Checks()
    rc = subprocess.call([os.path.join(AUX, "capture-playback.sh"), "cap.wav", "--",
                          sys.executable, os.path.abspath(__file__), "--drive", tmp])
    c.check("the pty driver ran", rc == 0)
    seen = json.load(open("drive.json"))
    out = open("pty-output.bin", "rb").read()
    print(out.decode("utf-8", "replace").replace("\r", "\\r\n"))
    c.check("play exits 0 after 'q'", seen["status"] == 0, seen["status"])
    gains = re.search(rb"Level match \(integrated\): mix ([-+]?\d+\.\d) dB, master ([-+]?\d+\.\d) dB", out)
    c.check("one line says the gains", gains is not None)
    c.check("the keys are shown", b"Keys: 1 mix, 2 master" in out)
    meters = [m.start() for m in re.finditer(rb"\r\d+:\d\d\.\d/\d+:\d\d\.\d [^\r\n]* dB M [^\r\n]* S [^\r\n]* I [^\r\n]*TP ", out)]
    c.check("the meter line is drawn and redrawn in place (\\r)", len(meters) >= 10, len(meters))
    # Up to the line 'm' prints: the meter's redraws and nothing else.
    printed = out.find(b"Level match (loudest)")
    if len(meters) >= 2 and printed > meters[0]:
        c.check("no newline between the meter's redraws", b"\n" not in out[meters[0]:printed]
                and sum(1 for m in meters if m < printed) >= 10)
    c.check("the meter shows the mix and its gain after '1'", seen["mix_meter"])
    c.check("'m' goes on to the next match mode and says its gains", seen["mode_line"])
    during, before, after = seen["during"], seen["before"], seen["after"]
    c.check("the terminal is in raw mode while playing (no echo, no line editing)",
            not during[3] & (termios.ECHO | termios.ICANON) and during[3] & termios.ISIG)
    c.check("the terminal's settings are restored exactly", before == after, (before, after))

    gain = float(gains.group(1)) if gains else math.nan
    c.check("the mix's gain is the +6 dB the master is above it", abs(gain - 6.0) < 0.05, gain)
    levels = window_levels(read_wav_channel0("cap.wav"))
    expected = db(SOURCE_RMS) + gain
    near = [abs(level - expected) <= 0.1 for level in levels]
    best, best_end, run_len = 0, 0, 0
    for i, ok in enumerate(near):
        run_len = run_len + 1 if ok else 0
        if run_len > best:
            best, best_end = run_len, i + 1
    start = best_end - best
    print(f"levels (dB, 100 ms windows): {' '.join(f'{x:.2f}' for x in levels)}")
    print(f"expected mix {expected:.2f} dB: {best} windows from window {start}")
    c.check("a stretch after '1' (1 s or more) is the source times the gain shown, within 0.1 dB",
            best >= 10, best)
    c.check("master (3 dB above the matched mix) before and after that stretch",
            start >= 3 and all(lv > expected + 2 for lv in levels[1:start - 1])
            and len(levels) - best_end >= 3
            and all(lv > expected + 2 for lv in levels[best_end + 1:-1]))

    docs = {}
    for mode in ("off", "integrated"):
        path = f"play-{mode}.json"
        with open(path, "w") as f:
            rc = subprocess.call([CLI, "play", "p.lacquer", "--device", DEVICE, "--duration", "0.3",
                                  "--json", "--match", mode], stdout=f, stdin=subprocess.DEVNULL)
        c.check(f"play --json --match {mode} exits 0", rc == 0)
        c.check(f"the --match {mode} document is valid",
                subprocess.call([sys.executable, os.path.join(ROOT, "tests", "app", "check-json-contract.py"),
                                 "--play", path]) == 0)
        docs[mode] = json.load(open(path))
        gains_json = {s["name"]: s["level_match_db"] for s in docs[mode]["sources"]}
        c.check(f"--match {mode}: \"match\" is \"{mode}\"", docs[mode]["match"] == mode)
        want = 0.0 if mode == "off" else 6.0
        c.check(f"--match {mode}: mix {want:+.1f} dB, master 0 dB",
                abs(gains_json["mix"] - want) < 0.05 and gains_json["master"] == 0.0, gains_json)
    signals(c)
    return 1 if c.failed else 0


def position_after(run, start):
    """The position (s) of the last meter line drawn after @start."""
    found = re.findall(rb"\r(\d+):(\d\d\.\d)/", run.output[start:])
    return int(found[-1][0]) * 60 + float(found[-1][1]) if found else None


def signals(c):
    """Not captured: the seek keys (sequences split across writes), then
    SIGINT and SIGTERM, each leaving the terminal as it was."""
    for signum, name in ((signal.SIGINT, "SIGINT"), (signal.SIGTERM, "SIGTERM")):
        run = PtyRun([CLI, "play", "p.lacquer", "--device", DEVICE])
        c.check(f"{name} run: the meter is drawn", run.wait_for(rb"\r\d+:\d\d\.\d/", timeout=15) is not None)
        if signum == signal.SIGINT:
            run.read(1.2)
            before = position_after(run, 0)
            mark = len(run.output)
            run.send(b"\x1b[")      # Home, in two writes
            run.read(0.05)
            run.send(b"H")
            run.read(0.4)
            home = position_after(run, mark)
            c.check("Home goes back to the start", before is not None and before >= 1.0
                    and home is not None and home < 0.8, (before, home))
            mark = len(run.output)
            run.send(b"\x1b")       # Right, in two writes
            run.read(0.05)
            run.send(b"[C")
            run.read(0.4)
            right = position_after(run, mark)
            c.check("Right goes 5 s on", right is not None and home is not None and 4.9 <= right - home <= 5.8,
                    (home, right))
        run.proc.send_signal(signum)
        status = run.finish(timeout=10)
        c.check(f"{name}: exit {128 + signum}", status == 128 + signum, status)
        c.check(f"{name}: the terminal's settings are restored exactly", run.before == run.after)


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--drive":
        os.chdir(sys.argv[2])
        return drive(sys.argv[2])
    if len(sys.argv) == 3 and sys.argv[1] == "--inner":
        return inner(sys.argv[2])
    tmp = tempfile.mkdtemp(prefix="lacquer-play-terminal.")
    try:
        os.chdir(tmp)
        write_sine("src.wav")
        for args in (["new", "p.lacquer"], ["add", "p.lacquer", "src.wav"],
                     ["set", "p.lacquer", "1", "gain=6", "eq4-on=true", "eq4-freq=1000", "eq4-gain=3"],
                     ["set", "p.lacquer", "target=spotify"], ["analyze", "p.lacquer"]):
            if subprocess.call([CLI] + args, stdout=subprocess.DEVNULL) != 0:
                print("FAIL setting up the project:", args)
                return 1
        for attempt in (1, 2):
            with open("err", "w") as err:
                rc = subprocess.call([os.path.join(AUX, "with-jack-dummy.sh"), "-r", str(RATE), "--",
                                      sys.executable, os.path.abspath(__file__), "--inner", tmp], stderr=err)
            log = open("err").read()
            sys.stderr.write(log)
            if rc == 0:
                return 0
            if " 0 xrun line" in log or attempt == 2:
                return 1
            print("-- jackd logged an xrun: one more run")
        return 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
