#!/usr/bin/python3
"""e2e-playback.py: the window plays, as a user and a screen reader see it.

`e2e-playback.py jack` runs under build-aux/with-gui-session.sh and, inside
it, build-aux/with-jack-dummy.sh (a private JACK server on the dummy
driver, 48 kHz): a 2-track project of 6 s sines (track 1 a -20 dBFS 997 Hz
sine at gain -6 dB, track 2 a -14 dBFS 440 Hz one) made and analysed with
lacquer-cli and exported (so the master's loudness is measured: the mix's
level-match gain of track 1 is the export's loudness minus the analysis'); `lacquer PROJECT` started with the build
tree's playback helper. Over AT-SPI: the transport bar says track 1; Space
(xdotool) plays and the position label advances; after 1.5 s the meter
panel's Momentary bar reads the heard loudness (the mix, matched to the
master: the analysed loudness plus that gain) within 1 LU; 1 then 2 check
the Mix then the Master toggle, and the Mix toggle's label carries that
gain within 0.1 dB. (`lacquer-cli play --json --match integrated` says 0 dB
for that mix here; it is printed, not checked: a known difference.) Screenshot: e2e-playback.png.

`e2e-playback.py no-device` runs under the GUI session only, with no JACK
server and no sound card: the no-output message says so, the table shows
the tracks, Play is disabled and the window closes cleanly.
Screenshot: e2e-playback-no-device.png. Skipped (77) on a machine with a
sound card.

Environment: LQ_LACQUER, LQ_LACQUER_CLI, LACQUER_PLAYBACK_HELPER (meson
sets them), LQ_SCREENSHOT_DIR. Prints 'N passed, N failed'.
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lq_e2e  # noqa: E402  (runs this script again in a GUI session when outside one)
from lq_e2e import (AUX, check, wait_until, find_all, find, at_spi_app, text_of,  # noqa: E402,F401
                    xdotool, pyatspi)

MODE = sys.argv[1] if len(sys.argv) > 1 else "jack"

if MODE == "jack" and not os.environ.get("JACK_DEFAULT_SERVER"):
    os.execv("/bin/bash", ["bash", os.path.join(AUX, "with-jack-dummy.sh"), "-r", "48000", "--",
                           sys.executable, os.path.abspath(__file__)] + sys.argv[1:])

lq_e2e.TIMEOUT = 20.0
results = lq_e2e.results


def write_sine(path, level_dbfs, freq, seconds=6, rate=48000):
    lq_e2e.write_sine(path, level_dbfs, freq=freq, seconds=seconds, rate=rate)


TIME_RE = re.compile(r"^(\d+):(\d\d\.\d) / ")


def position_of(app):
    """Seconds, from the transport bar's position label "0:01.2 / 0:06.0"."""
    bar = find(app, pyatspi.ROLE_TOOL_BAR, "Playback")
    for label in find_all(bar, pyatspi.ROLE_LABEL) if bar is not None else []:
        m = TIME_RE.match(text_of(label))
        if m:
            return int(m.group(1)) * 60 + float(m.group(2))
    return None


def gain_of(label):
    """"Mix -6.0 dB" -> -6.0 (the offset format: "0.0" unsigned)."""
    m = re.search(r"([-+−]?\d+\.\d) dB$", label or "")
    return float(m.group(1).replace("−", "-")) if m else None


def meter_of(bar):
    """LUFS, from a meter's description "-20.1 LUFS. Loudness over …" (GTK
    4.8 gives custom widgets no AT-SPI value interface), or None."""
    m = re.match(r"^([-−]?\d+\.\d) LUFS\. ", bar.description or "")
    return float(m.group(1).replace("−", "-")) if m else None


def checked(button):
    states = button.getState()
    return states.contains(pyatspi.STATE_CHECKED) or states.contains(pyatspi.STATE_PRESSED)


def source_button(bar, name, want_checked=None):
    button = find(bar, pyatspi.ROLE_PUSH_BUTTON, prefix=name)
    if button is None or (want_checked is not None and checked(button) != want_checked):
        return None
    return button


def run(cli, *args):
    return subprocess.run([cli, *args], check=True, capture_output=True, text=True).stdout


def main():
    lacquer = os.environ["LQ_LACQUER"]
    cli = os.environ["LQ_LACQUER_CLI"]
    shot_dir = os.environ.get("LQ_SCREENSHOT_DIR") or os.getcwd()
    shot = os.path.join(shot_dir, "e2e-playback.png" if MODE == "jack" else "e2e-playback-no-device.png")

    if MODE == "no-device":
        has_card = os.path.exists("/dev/dsp") or any(
            line.strip()[:1].isdigit() for line in open("/proc/asound/cards", encoding="utf-8")) \
            if os.path.exists("/proc/asound/cards") else os.path.exists("/dev/dsp")
        if has_card:
            print("1..0 # SKIP this machine has a sound card")
            sys.exit(77)
        os.environ["JACK_NO_START_SERVER"] = "1"
        os.environ["JACK_DEFAULT_SERVER"] = f"lacquer-none-{os.getpid()}"

    tmp = tempfile.TemporaryDirectory(prefix="lacquer-e2e-play-")
    a, b = os.path.join(tmp.name, "Sine A.wav"), os.path.join(tmp.name, "Sine B.wav")
    project = os.path.join(tmp.name, "p.lacquer")
    write_sine(a, -20, 997)
    write_sine(b, -14, 440)
    run(cli, "new", project)
    run(cli, "add", project, a, b)
    run(cli, "set", project, "1", "gain=-6")
    run(cli, "analyze", project)
    analysed = json.loads(run(cli, "analyze", "--json", a))["tracks"][0]["integrated_lufs"]
    # The master's loudness, measured in an export (which the project
    # records): the mix's level-match gain brings the mix to it.
    exported = json.loads(run(cli, "export", "--json", "-o", os.path.join(tmp.name, "out"), project))
    mix_gain = exported["tracks"][0]["integrated_lufs"] - analysed
    check("the export measured track 1 at its gain: the mix's match is -6 dB", abs(mix_gain + 6) < 0.2,
          f"{mix_gain:+.2f} dB")
    if MODE == "jack":
        # Known to differ (see the report of issue 11's wiring): lacquer-cli
        # play's own level matching, printed for comparison only
        played = json.loads(run(cli, "play", "--json", "--match", "integrated", "--duration", "0.2", project))
        cli_gain = next(s["level_match_db"] for s in played["sources"] if s["name"] == "mix")
        print(f"# lacquer-cli play --json --match integrated says the mix's gain is {cli_gain:+.2f} dB", flush=True)

    running = lq_e2e.Lacquer(lacquer, [project])
    proc, output = running.proc, running.output
    try:
        app = wait_until(lambda: at_spi_app(os.path.basename(lacquer)))
        if not check("lacquer is on the accessibility bus", app is not None):
            return
        bar = wait_until(lambda: find(app, pyatspi.ROLE_TOOL_BAR, "Playback"))
        if not check("the transport bar 'Playback'", bar is not None):
            return
        title = wait_until(lambda: find(bar, pyatspi.ROLE_LABEL, "Sine A"), 10)
        check("the transport bar shows the selected track's title", title is not None)
        wid = wait_until(lambda: xdotool("search", "--onlyvisible", "--pid", str(proc.pid)).split()[0], 10)
        check("X window found by PID", bool(wid), wid)
        xdotool("windowfocus", "--sync", wid)

        if MODE == "no-device":
            message = wait_until(lambda: next((text_of(lbl) for lbl in find_all(app, pyatspi.ROLE_LABEL)
                                               if text_of(lbl).startswith("No audio output")), None))
            check("the no-output message says so", message is not None, message)
            rows = [r.name for r in find_all(app, pyatspi.ROLE_TABLE_ROW)
                    if r.parent is not None and r.parent.getRole() == pyatspi.ROLE_LIST]
            check("the table shows both tracks", rows == ["Sine A", "Sine B"], repr(rows))
            play = find(bar, pyatspi.ROLE_PUSH_BUTTON, "Play")
            check("Play is disabled (so Space is left to the focused widget)",
                  play is not None and not play.getState().contains(pyatspi.STATE_SENSITIVE))
            check("the position stays 0", position_of(app) == 0.0, position_of(app))
        else:
            play = wait_until(lambda: (lambda p: p if p is not None and p.getState().contains(pyatspi.STATE_SENSITIVE)
                                       else None)(find(bar, pyatspi.ROLE_PUSH_BUTTON, "Play")), 10)
            check("Play is enabled once the track is loaded", play is not None)
            mix = wait_until(lambda: find(bar, pyatspi.ROLE_PUSH_BUTTON, prefix="Mix "), 10)
            check("the Mix toggle carries its level-match gain", mix is not None, mix.name if mix else None)
            xdotool("key", "space")
            moved = wait_until(lambda: (lambda p: p if p is not None and p >= 1.5 else None)(position_of(app)), 10)
            check("Space plays: the position advances past 1.5 s", moved, moved)
            momentary = find(app, pyatspi.ROLE_LEVEL_BAR, "Momentary")
            expected = analysed + (mix_gain or 0)
            value = None
            if check("the meter panel's Momentary bar", momentary is not None):
                value = wait_until(lambda: (lambda v: v if v is not None and abs(v - expected) < 1 else None)(
                    meter_of(momentary)), 3)
            check("momentary loudness within 1 LU of the analysis plus the mix's gain", value is not None,
                  f"{momentary.description if momentary else None!r} vs {expected:.2f} LUFS")

            xdotool("key", "1")
            mix = wait_until(lambda: source_button(bar, "Mix", True), 5)
            check("1: the Mix toggle is checked", mix is not None)
            got = gain_of(mix.name) if mix is not None else None
            check("its label's gain is the export's match within 0.1 dB", got is not None and abs(got - mix_gain) <= 0.1,
                  f"{mix.name if mix else None} vs {mix_gain:+.2f} dB")
            xdotool("key", "2")
            master = wait_until(lambda: source_button(bar, "Master", True), 5)
            check("2: the Master toggle is checked", master is not None, master.name if master else None)
            mix = source_button(bar, "Mix", False)
            check("and the Mix toggle is not", mix is not None)

        time.sleep(0.3)
        subprocess.run(["import", "-window", wid, shot], check=True)
        check("screenshot saved", os.path.getsize(shot) > 10000, shot)

        xdotool("windowfocus", "--sync", wid)
        xdotool("key", "ctrl+w")
        check("Ctrl+W closes the window and lacquer exits 0",
              wait_until(lambda: proc.poll() is not None, 10) and proc.returncode == 0, f"rc={proc.poll()}")
    finally:
        if proc.poll() is None:
            print("# still running: " + subprocess.run(["ps", "-o", "pid,stat,wchan:20,args", "--ppid", str(proc.pid), "-p", str(proc.pid)],
                                                     capture_output=True, text=True).stdout.replace("\n", "\n# "), flush=True)
            print("# " + "\n# ".join(output[-10:]), flush=True)
            proc.terminate()
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        warnings = [line for line in output if "CRITICAL" in line or "WARNING" in line]
        check("no warnings or criticals from lacquer", not warnings, "; ".join(warnings[:3]))
        tmp.cleanup()


if __name__ == "__main__":
    main()
    print(f"{results.count(True)} passed, {results.count(False)} failed")
    sys.exit(0 if results and all(results) else 1)
