#!/usr/bin/python3
"""e2e-atspi.py: Lacquer end to end, as a user and a screen reader see it.

Writes two sine WAV files and a clipped one (a 100 Hz sine driven into
full scale, with DC, its right channel inverted), measures them with
`lacquer-cli analyze --json`, starts `lacquer FILE…`, waits over AT-SPI for
the analysis table, and checks each row's name and every cell, and the album
summary, against the CLI's numbers formatted as the CLI prints them; the
clipped file's length, sample peak, DC, correlation and clip count also
against this script's own arithmetic on the samples it wrote. Its Clips, DC
and Correlation cells must be flagged: described to assistive technologies
by why, and drawn in the warning colour (read from a screenshot taken with
ImageMagick's `import`, the window found with xdotool by PID); the clean
files' cells must not. Then it closes the window with Ctrl+W and checks that
the app exits cleanly.

Then an album project: made, filled, titled and reordered with lacquer-cli
(before the GUI holds its lock), opened with `lacquer PROJECT.lacquer`; the
rows' order read over AT-SPI, Ctrl+Z (xdotool) undoes the CLI's move, the
screenshot e2e-atspi-project.png; Ctrl+M opens the Match dialog (its
preview chart's description read over AT-SPI, e2e-atspi-match.png),
Ctrl+Enter applies it, and the window's loudness chart describes every
track before and after against the target (e2e-atspi-matched.png). Once the
window is closed, `lacquer-cli list` confirms the undo is in the file, and
`lacquer-cli match --show` the match.

Then the demo album (issue 10): `lacquer` with no file, the start page's
"Try the Demo Album" button pressed over AT-SPI; the demo project
(made in the session's cache) opens as any album: its four rows, Match and
Export enabled (e2e-atspi-demo.png); Ctrl+M opens the Match dialog, whose
rows each read out a loudness in LUFS, a true peak in dBTP and a gain in dB
(matched by pattern, not wording; e2e-atspi-demo-match.png); Ctrl+Enter
applies it and the window's figures change (e2e-atspi-demo-matched.png).

Environment: LQ_LACQUER and LQ_LACQUER_CLI, the executables (meson sets
them); LQ_SCREENSHOT_DIR, where e2e-atspi.png goes (default: the current
directory). Needs a desktop session with AT-SPI: outside one it runs itself
under build-aux/with-gui-session.sh. Run it with Debian's /usr/bin/python3,
which has pyatspi (python3-pyatspi).

Prints 'N passed, N failed'; exits 0 only when every check passed.
"""
import json
import math
import os
import struct
import subprocess
import sys
import tempfile
import time
import wave

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lq_e2e  # noqa: E402  (runs this script again in a GUI session when outside one)
from lq_e2e import (check, wait_until, write_sine, find_all, find, at_spi_app, text_of,  # noqa: E402,F401
                    state_has, xdotool, pyatspi)

NO_VALUE = "—"
CLIPS_WHY = "Clipped samples: runs of 3 or more full-scale samples"
DC_WHY = "DC offset above −40 dB"
CORRELATION_WHY = "Negative correlation: phase problems, the mix may collapse in mono"


# What the UI shows, as lacquer-cli prints it: an em dash when a measure does
# not exist (JSON null), no sign on a value that rounds to zero.
def format_number(value, decimals):
    if value is None or not math.isfinite(value):
        return NO_VALUE
    text = f"{value:.{decimals}f}"
    return text[1:] if text.startswith("-") and not text.strip("-0.") else text


def format_value(value):
    return format_number(value, 1)


def format_duration(seconds):
    if seconds is None or not math.isfinite(seconds):
        return NO_VALUE
    s = int(math.floor(seconds + 0.5))
    if s >= 3600:
        return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}"
    return f"{s // 60}:{s % 60:02d}"


def worse_dc(dc_offset_db):
    """The worse channel's DC offset (JSON: one per channel, null for none), as lacquer-cli picks it."""
    dc = [math.nan if v is None else v for v in dc_offset_db] or [math.nan]
    return dc[1] if len(dc) > 1 and not dc[0] >= dc[1] else dc[0]


def format_offset(value):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return NO_VALUE
    if abs(value) < 0.05:
        return "0.0"
    return f"{value:+.1f}"


def write_hot(path, seconds=4, rate=48000, dc=0.1):
    """A 100 Hz sine at twice full scale plus dc, hard-clipped to 16 bits; the
    right channel the left's negation. Returns what the samples measure."""
    n_frames = int(seconds * rate)
    frames = bytearray()
    sums = [0.0, 0.0]
    sum_lr = sum_ll = sum_rr = peak = 0.0
    runs = [0, 0]
    clipped = 0
    for n in range(n_frames):
        left = max(-32768, min(32767, int(round((2.0 * math.sin(2 * math.pi * 100.0 * n / rate) + dc) * 32768))))
        right = max(-32768, min(32767, -left))
        frames += struct.pack("<hh", left, right)
        l, r = left / 32768, right / 32768
        sums[0] += l
        sums[1] += r
        sum_lr += l * r
        sum_ll += l * l
        sum_rr += r * r
        peak = max(peak, abs(l), abs(r))
        # Full scale is 32767/32768 either way; a run counts from its third sample
        for c, x in enumerate((left, right)):
            runs[c] = runs[c] + 1 if abs(x) >= 32767 else 0
            clipped += 3 if runs[c] == 3 else (1 if runs[c] > 3 else 0)
    with wave.open(path, "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(bytes(frames))
    return {
        "duration_s": n_frames / rate,
        "sample_peak_dbfs": 20 * math.log10(peak),
        "dc_db": 20 * math.log10(max(abs(sums[0]), abs(sums[1])) / n_frames),
        "correlation": sum_lr / math.sqrt(sum_ll * sum_rr),
        "clipped_samples": clipped,
    }


def track_rows(app):
    """The table's rows, header row excluded: {name: [cell label]}."""
    rows = {}
    for row in find_all(app, pyatspi.ROLE_TABLE_ROW):
        if row.parent is None or row.parent.getRole() != pyatspi.ROLE_LIST:
            continue  # the header row sits directly in the table
        cells = []
        for cell in row:
            labels = find_all(cell, pyatspi.ROLE_LABEL) if cell is not None else []
            cells.append(labels[0] if labels else None)
        rows[row.name] = cells
    return rows


def row_texts(rows):
    return {name: [text_of(c) if c is not None else None for c in cells] for name, cells in rows.items()}


def warning_pixels(shot, accessible):
    """How many pixels of the label's box, in the screenshot, are in an amber
    (warning) colour, and the box. Text is otherwise grey on white."""
    x, y, w, h = accessible.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
    out = subprocess.run(["convert", shot, "-crop", f"{w}x{h}+{x}+{y}", "+repage", "-depth", "8", "txt:-"],
                         check=True, capture_output=True, text=True).stdout
    amber = 0
    for line in out.splitlines()[1:]:
        rgb = line.split("(", 1)[1].split(")", 1)[0].split(",")[:3]
        r, g, b = (float(v) for v in rgb)
        if r - b > 60 and g - b > 30:
            amber += 1
    return amber, (x, y, w, h)


def main():
    lacquer = os.environ.get("LQ_LACQUER") or (sys.argv[1] if len(sys.argv) > 1 else None)
    cli = os.environ.get("LQ_LACQUER_CLI") or (sys.argv[2] if len(sys.argv) > 2 else None)
    if not lacquer or not cli:
        sys.exit("usage: LQ_LACQUER=… LQ_LACQUER_CLI=… e2e-atspi.py  (or: e2e-atspi.py LACQUER LACQUER_CLI)")
    shot = os.path.join(os.environ.get("LQ_SCREENSHOT_DIR") or os.getcwd(), "e2e-atspi.png")

    tmp = tempfile.TemporaryDirectory(prefix="lacquer-e2e-")
    files = [os.path.join(tmp.name, "01 Opening.wav"), os.path.join(tmp.name, "02 Closing.wav"),
             os.path.join(tmp.name, "03 Hot.wav")]
    write_sine(files[0], -18.0)
    write_sine(files[1], -27.0)
    hot = write_hot(files[2])
    hot_name = "03 Hot"

    # The reference: the CLI's own numbers for the same files
    out = subprocess.run([cli, "analyze", "--json", *files], check=True, capture_output=True, text=True).stdout
    report = json.loads(out)
    by_path = {t["source_path"]: t for t in report["tracks"]}
    check("lacquer-cli analysed every file", all(f in by_path for f in files), f"{len(report['tracks'])} tracks")
    # Columns: name, length, integrated, LRA, max M, max S, sample peak,
    # true peak, PLR, offset, DC, correlation, clips, format
    expected = {}
    for f in files:
        t = by_path[f]
        name = t.get("title") or os.path.splitext(os.path.basename(f))[0]
        expected[name] = [name,
                          format_duration(t["duration_s"]),
                          format_value(t["integrated_lufs"]),
                          format_value(t["lra_lu"]),
                          format_value(t["max_momentary_lufs"]),
                          format_value(t["max_short_term_lufs"]),
                          format_value(t["sample_peak_dbfs"]),
                          format_value(t["true_peak_dbtp"]),
                          format_value(t["plr_db"]),
                          format_offset(t["album_offset_lu"]),
                          format_number(worse_dc(t["dc_offset_db"]), 0),
                          format_number(t["correlation"], 2),
                          str(t["clipped_samples"]),
                          t["format"]]
    album = report["album_analysis"]
    DC, CORR, CLIPS = 10, 11, 12

    # The clipped file, as this script computed it from its samples
    mine = [format_duration(hot["duration_s"]), format_value(hot["sample_peak_dbfs"]),
            format_number(hot["dc_db"], 0), format_number(hot["correlation"], 2), str(hot["clipped_samples"])]
    cli = [expected[hot_name][i] for i in (1, 6, DC, CORR, CLIPS)]
    check(f"'{hot_name}' computed here: length, peak, DC, correlation, clips {' | '.join(mine)}", mine == cli,
          f"CLI: {' | '.join(cli)}")

    running = lq_e2e.Lacquer(lacquer, [*files])
    proc, output = running.proc, running.output
    try:
        app = wait_until(lambda: at_spi_app(os.path.basename(lacquer)))
        if not check("lacquer is on the accessibility bus", app is not None):
            return
        frame = wait_until(lambda: find(app, pyatspi.ROLE_FRAME, "Lacquer"))
        check("window 'Lacquer'", frame is not None)

        cell_labels = wait_until(lambda: (lambda r: r if len(r) >= len(expected) else None)(track_rows(app)))
        cell_labels = cell_labels or track_rows(app)
        rows = row_texts(cell_labels)
        check("one table row a track", sorted(rows) == sorted(expected), repr(sorted(rows)))
        for name, cells in expected.items():
            check(f"row '{name}': {' | '.join(cells[1:])}", rows.get(name) == cells, repr(rows.get(name)))
        check(f"row '{hot_name}' shows what was computed here", [rows.get(hot_name, [None] * 14)[i]
                                                                 for i in (1, 6, DC, CORR, CLIPS)] == mine)

        # Flagged cells say why to a screen reader; clean ones say nothing
        for name, cells in cell_labels.items():
            for column, why in ((DC, DC_WHY), (CORR, CORRELATION_WHY), (CLIPS, CLIPS_WHY)):
                want = why if name == hot_name else ""
                got = cells[column].description if len(cells) > column and cells[column] is not None else None
                check(f"row '{name}' column {column}: described as {want!r}", got == want, repr(got))

        for caption, key, unit in (("Album Integrated", "integrated_lufs", "LUFS"),
                                   ("Album LRA", "lra_lu", "LU"),
                                   ("Album Sample Peak", "sample_peak_dbfs", "dBFS"),
                                   ("Album True Peak", "true_peak_dbtp", "dBTP")):
            # The value is the label next to its caption
            caption_label = find(app, pyatspi.ROLE_LABEL, caption)
            label = None
            if caption_label is not None:
                label = next((a for a in caption_label.parent
                              if a is not None and a.getRole() == pyatspi.ROLE_LABEL and a.name != caption), None)
            want = format_value(album[key])
            want = want if want == NO_VALUE else f"{want} {unit}"
            got = text_of(label) if label is not None else None
            check(f"{caption}: {want}", got == want, repr(got))

        # The loudest and quietest tracks by name: the label after the caption
        for caption, key in (("Loudest", "loudest_source_path"), ("Quietest", "quietest_source_path")):
            caption_label = find(app, pyatspi.ROLE_LABEL, caption)
            label = None
            if caption_label is not None:
                siblings = [a for a in caption_label.parent]
                label = siblings[siblings.index(caption_label) + 1]
            path = album.get(key)
            want = by_path[path].get("title") or os.path.splitext(os.path.basename(path))[0] if path else NO_VALUE
            got = text_of(label) if label is not None else None
            check(f"{caption}: {want}", got == want, repr(got))

        wid = wait_until(lambda: xdotool("search", "--onlyvisible", "--pid", str(proc.pid)).split()[0], 10)
        check("X window found by PID", bool(wid), wid)
        if wid:
            time.sleep(0.5)  # let the last frame paint
            subprocess.run(["import", "-window", wid, shot], check=True)
            check("screenshot saved", os.path.getsize(shot) > 10000, shot)

            # The warning style, as drawn: amber text in the flagged cells only
            for name, cells in cell_labels.items():
                for column in (DC, CORR, CLIPS):
                    amber, box = warning_pixels(shot, cells[column])
                    flagged = name == hot_name
                    check(f"row '{name}' column {column} {'is' if flagged else 'is not'} drawn as a warning",
                          (amber > 10) if flagged else (amber == 0), f"{amber} amber pixels in {box}")

            # Keys need the window focused first: there is no window manager
            xdotool("windowfocus", "--sync", wid)

            # Ctrl+O asks for an album project; Escape cancels
            def chooser():
                return next((w for w in app if w is not None and w.name == "Open Album"), None)
            xdotool("key", "ctrl+o")
            check("Ctrl+O opens the album chooser", wait_until(chooser, 10))
            xdotool("key", "Escape")
            check("Escape closes the file chooser", wait_until(lambda: chooser() is None, 10))

            # Close as a user would, with the window's shortcut
            xdotool("windowfocus", "--sync", wid)
            xdotool("key", "ctrl+w")
            check("Ctrl+W closes the window and lacquer exits 0",
                  wait_until(lambda: proc.poll() is not None, 10) and proc.returncode == 0,
                  f"rc={proc.poll()}")
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        warnings = [line for line in output if "CRITICAL" in line or "WARNING" in line]
        check("no warnings or criticals from lacquer", not warnings, "; ".join(warnings[:3]))
        tmp.cleanup()


def row_order(app):
    """The project table's row names, top to bottom."""
    return [row.name for row in find_all(app, pyatspi.ROLE_TABLE_ROW)
            if row.parent is not None and row.parent.getRole() == pyatspi.ROLE_LIST]


def chart_of(root):
    """The album loudness chart: an image named "Album Loudness"."""
    return find(root, pyatspi.ROLE_IMAGE, "Album Loudness")


def match_story(app, proc, wid):
    """Ctrl+M opens the Match dialog; its preview is a chart too; Ctrl+Enter
    applies; the main window's chart then reads out before and after against
    the target (Spotify, the default, the album having no target)."""
    shot = os.path.join(os.environ.get("LQ_SCREENSHOT_DIR") or os.getcwd(), "e2e-atspi-match.png")
    matched_shot = os.path.join(os.environ.get("LQ_SCREENSHOT_DIR") or os.getcwd(), "e2e-atspi-matched.png")

    frame = next((w for w in app if w is not None and w.getRole() == pyatspi.ROLE_FRAME
                  and w.name != "Match Loudness"), None)
    chart = chart_of(frame) if frame is not None else None
    if not check("the window's loudness chart is an image named 'Album Loudness'", chart is not None):
        return
    before = chart.description
    check("before the match, the chart reads out each track, with no 'after'",
          "1. Dawn, Before: " in before and "After" not in before, before[:200])

    def dialog():
        return next((w for w in app if w is not None and w.name == "Match Loudness"), None)

    xdotool("windowfocus", "--sync", wid)
    xdotool("key", "ctrl+m")
    found = wait_until(dialog, 10)
    if not check("Ctrl+M opens the Match dialog", found):
        return
    preview = wait_until(lambda: find(found, pyatspi.ROLE_IMAGE, "Album Loudness Preview"), 10)
    description = preview.description if preview is not None else ""
    check("its preview chart reads out the plan: target, album before and after",
          description.startswith("Target -14.0 LUFS. Album ") and " after." in description, description[:200])
    apply = find(found, pyatspi.ROLE_PUSH_BUTTON, "Apply")
    check("an Apply button", apply is not None)

    dialog_wid = wait_until(lambda: xdotool("search", "--onlyvisible", "--name", "^Match Loudness$").split()[0], 10)
    if dialog_wid:
        time.sleep(0.5)
        subprocess.run(["import", "-window", dialog_wid, shot], check=True)
        check("match dialog screenshot saved", os.path.getsize(shot) > 10000, shot)
        xdotool("windowfocus", "--sync", dialog_wid)
        xdotool("key", "ctrl+Return")
    closed = wait_until(lambda: dialog() is None, 10)
    if not closed and apply is not None:
        apply.queryAction().doAction(0)
        closed = wait_until(lambda: dialog() is None, 10)
    check("Ctrl+Enter applies the match and closes the dialog", closed)

    def matched():
        c = chart_of(frame)
        return c.description if c is not None and " after." in c.description else None
    after = wait_until(matched, 10) or chart.description
    check("the chart reads out the match: target, album before and after, every track",
          after.startswith("Target -14.0 LUFS. Album ") and " after." in after
          and all(f"{i}. {n}, Before: " in after for i, n in ((1, "Dawn"), (2, "Noon"), (3, "Dusk")))
          and after.count("After: ") == 3, after[:300])

    time.sleep(0.5)
    subprocess.run(["import", "-window", wid, matched_shot], check=True)
    check("matched screenshot saved", os.path.getsize(matched_shot) > 10000, matched_shot)


def project_story():
    """An album project made and edited with lacquer-cli (before the GUI holds
    its lock), opened as `lacquer PROJECT.lacquer`; Ctrl+Z undoes the CLI's
    move, as the rows read over AT-SPI show, and durably."""
    lacquer = os.environ.get("LQ_LACQUER") or (sys.argv[1] if len(sys.argv) > 1 else None)
    cli = os.environ.get("LQ_LACQUER_CLI") or (sys.argv[2] if len(sys.argv) > 2 else None)
    shot = os.path.join(os.environ.get("LQ_SCREENSHOT_DIR") or os.getcwd(), "e2e-atspi-project.png")
    tmp = tempfile.TemporaryDirectory(prefix="lacquer-e2e-project-")
    names = ["Dawn", "Noon", "Dusk"]
    files = []
    for i, (name, level) in enumerate(zip(names, (-16.0, -20.0, -24.0))):
        files.append(os.path.join(tmp.name, f"{name}.wav"))
        write_sine(files[-1], level, seconds=2)
    project = os.path.join(tmp.name, "Night Drive.lacquer")

    def run_cli(*args):
        return subprocess.run([cli, *args], capture_output=True, text=True)

    steps = [("new", project), ("add", project, *files), ("set", project, "title=Night Drive"),
             ("move", project, "3", "1")]
    for step in steps:
        r = run_cli(*step)
        if not check(f"lacquer-cli {step[0]}", r.returncode == 0, (r.stderr or r.stdout).strip()[:200]):
            tmp.cleanup()
            return

    running = lq_e2e.Lacquer(lacquer, [project])
    proc, output = running.proc, running.output
    try:
        app = wait_until(lambda: at_spi_app(os.path.basename(lacquer)))
        if not check("lacquer PROJECT is on the accessibility bus", app is not None):
            return
        frame = wait_until(lambda: find(app, pyatspi.ROLE_FRAME, "Night Drive"))
        check("window named after the album's title", frame is not None)

        moved = ["Dusk", "Dawn", "Noon"]
        order = wait_until(lambda: (lambda o: o if o == moved else None)(row_order(app)))
        check(f"rows in the CLI's order: {' | '.join(moved)}", order == moved, repr(row_order(app)))

        # The GUI measures the tracks on workers; every row gets its numbers
        def measured():
            for row in find_all(app, pyatspi.ROLE_TABLE_ROW):
                if row.parent is None or row.parent.getRole() != pyatspi.ROLE_LIST:
                    continue
                labels = [text_of(a) for a in find_all(row, pyatspi.ROLE_LABEL)]
                if len(labels) < 4 or labels[3] == NO_VALUE:  # No., name, length, integrated
                    return False
            return True
        check("every row measured", wait_until(measured, 30))

        wid = wait_until(lambda: xdotool("search", "--onlyvisible", "--pid", str(proc.pid)).split()[0], 10)
        check("X window found by PID", bool(wid), wid)
        if not wid:
            return
        xdotool("windowfocus", "--sync", wid)
        xdotool("key", "ctrl+z")
        undone = wait_until(lambda: (lambda o: o if o == names else None)(row_order(app)), 10)
        check(f"Ctrl+Z undoes the move: {' | '.join(names)}", undone == names, repr(row_order(app)))

        time.sleep(0.5)  # let the last frame paint
        subprocess.run(["import", "-window", wid, shot], check=True)
        check("project screenshot saved", os.path.getsize(shot) > 10000, shot)

        match_story(app, proc, wid)

        xdotool("windowfocus", "--sync", wid)
        xdotool("key", "ctrl+w")
        check("Ctrl+W closes the project and lacquer exits 0",
              wait_until(lambda: proc.poll() is not None, 10) and proc.returncode == 0, f"rc={proc.poll()}")

        # The match is in the file too
        r = run_cli("match", project, "--show", "--json")
        check("lacquer-cli match --show: the GUI's match to Spotify, from the file",
              r.returncode == 0 and "spotify" in r.stdout, (r.stdout or r.stderr).strip()[:200])

        # The undo is in the file, and the lock is free again
        r = run_cli("list", project)
        listed = r.stdout
        positions = [listed.find(n) for n in names]
        check("lacquer-cli list: the undone order, from the file", r.returncode == 0 and -1 not in positions
              and positions == sorted(positions), listed.strip().replace("\n", " / ")[:300])
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        warnings = [line for line in output if "CRITICAL" in line or "WARNING" in line]
        check("no warnings or criticals from lacquer PROJECT", not warnings, "; ".join(warnings[:3]))
        tmp.cleanup()


DEMO_TITLES = ["Morning Light", "Deep Water", "Paper Boats", "Overdrive"]
NUMBER = r"[-−+]?\d+(?:\.\d+)?"


def labels_in(root):
    return [text_of(a) or "" for a in find_all(root, pyatspi.ROLE_LABEL)]


def match_rows(dialog):
    """The Match dialog's track rows: {title: [label text]}, a row being the
    nearest ancestor of its "N. Title" label that holds more labels."""
    import re
    rows = {}
    for label in find_all(dialog, pyatspi.ROLE_LABEL):
        text = text_of(label) or ""
        m = re.fullmatch(r"(\d+)\. (.+)", text)
        if not m or m.group(2) not in DEMO_TITLES:
            continue
        row = label.parent
        while row is not None and row.getRole() not in (pyatspi.ROLE_LIST_ITEM, pyatspi.ROLE_FRAME,
                                                         pyatspi.ROLE_DIALOG):
            row = row.parent
        if row is not None and row.getRole() == pyatspi.ROLE_LIST_ITEM:
            rows[m.group(2)] = labels_in(row) + [row.description or ""]
    return rows


def button_named(root, prefix):
    """A sensitive push button whose name starts with @prefix (GTK 4.8 reports
    no "showing" state: a hidden button with the same action is insensitive
    alike)."""
    return pyatspi.findDescendant(
        root, lambda a: a is not None and a.getRoleName() == "push button"
        and (a.name or "").replace("_", "").startswith(prefix) and state_has(a, pyatspi.STATE_SENSITIVE),
        breadth_first=True)


def demo_story():
    """The demo album from the start page's button: a real project that can be
    matched (the Match dialog's per-track figures read over AT-SPI) and exported."""
    import re
    lacquer = os.environ.get("LQ_LACQUER") or (sys.argv[1] if len(sys.argv) > 1 else None)
    shot_dir = os.environ.get("LQ_SCREENSHOT_DIR") or os.getcwd()
    running = lq_e2e.Lacquer(lacquer, [])
    proc, output = running.proc, running.output
    try:
        app = wait_until(lambda: at_spi_app(os.path.basename(lacquer)))
        if not check("lacquer (no files) is on the accessibility bus", app is not None):
            return
        button = wait_until(lambda: button_named(app, "Try the Demo Album"))
        if not check("the start page has a 'Try the Demo Album' button", button is not None):
            return
        button.queryAction().doAction(0)

        # Made in the cache (the first time: written and analysed), then opened
        order = wait_until(lambda: (lambda o: o if o == DEMO_TITLES else None)(row_order(app)), 120)
        check(f"the demo opens as an album: {' | '.join(DEMO_TITLES)}", order == DEMO_TITLES,
              repr(row_order(app)))
        frame = next((w for w in app if w is not None and w.getRole() == pyatspi.ROLE_FRAME), None)
        check("its window is named after the demo album", frame is not None and "Demo" in (frame.name or ""),
              frame.name if frame is not None else None)

        def measured():
            for row in find_all(app, pyatspi.ROLE_TABLE_ROW):
                if row.parent is None or row.parent.getRole() != pyatspi.ROLE_LIST:
                    continue
                labels = labels_in(row)
                if len(labels) < 4 or labels[3] == NO_VALUE:
                    return False
            return True
        check("every demo row is measured", wait_until(measured, 30))
        for prefix in ("Match Loudness", "Export"):
            b = wait_until(lambda: button_named(frame, prefix), 10)
            check(f"'{prefix}…' is enabled", state_has(b, pyatspi.STATE_SENSITIVE),
                  b.name if b is not None else None)
        check("the loudness chart is there", chart_of(frame) is not None)

        wid = wait_until(lambda: xdotool("search", "--onlyvisible", "--pid", str(proc.pid)).split()[0], 10)
        if not check("X window found by PID", bool(wid), wid):
            return
        time.sleep(0.5)
        shot = os.path.join(shot_dir, "e2e-atspi-demo.png")
        subprocess.run(["import", "-window", wid, shot], check=True)
        check("demo screenshot saved", os.path.getsize(shot) > 10000, shot)
        before = labels_in(frame)
        chart_before = chart_of(frame).description if chart_of(frame) is not None else ""

        def dialog():
            return next((w for w in app if w is not None and w.name == "Match Loudness"), None)
        xdotool("windowfocus", "--sync", wid)
        xdotool("key", "ctrl+m")
        found = wait_until(dialog, 10)
        if not check("Ctrl+M opens the Match dialog on the demo", found):
            return
        rows = wait_until(lambda: (lambda r: r if len(r) == len(DEMO_TITLES) else None)(match_rows(found)), 10) \
            or match_rows(found)
        check("the Match dialog has a row per demo track", sorted(rows) == sorted(DEMO_TITLES), repr(sorted(rows)))
        for title, texts in rows.items():
            joined = " | ".join(texts)
            check(f"match row '{title}': a loudness in LUFS, a true peak in dBTP, a gain in dB",
                  re.search(NUMBER + r" LUFS", joined) and re.search(NUMBER + r" dBTP", joined)
                  and re.search(r"[-−+]\d+(?:\.\d+)? dB\b", joined), joined[:300])
        # The demo needs mastering: one track is driven into its limiter
        def limiting(texts):
            return any(float(n) > 0.05 for t in texts if "limit" in t.lower()
                       for n in re.findall(r"(\d+\.\d+) dB\b", t))
        check("a demo track needs limiting (its row says how much, in dB)",
              any(limiting(t) for t in rows.values()), repr(rows.get("Overdrive"))[:300])

        dialog_wid = wait_until(lambda: xdotool("search", "--onlyvisible", "--name", "^Match Loudness$").split()[0],
                                10)
        if dialog_wid:
            time.sleep(0.5)
            shot = os.path.join(shot_dir, "e2e-atspi-demo-match.png")
            subprocess.run(["import", "-window", dialog_wid, shot], check=True)
            check("demo match dialog screenshot saved", os.path.getsize(shot) > 10000, shot)
            xdotool("windowfocus", "--sync", dialog_wid)
            xdotool("key", "ctrl+Return")
        closed = wait_until(lambda: dialog() is None, 10)
        if not closed:
            apply = find(found, pyatspi.ROLE_PUSH_BUTTON, "Apply")
            if apply is not None:
                apply.queryAction().doAction(0)
                closed = wait_until(lambda: dialog() is None, 10)
        check("Ctrl+Enter applies the demo's match", closed)

        changed = wait_until(lambda: labels_in(frame) != before and chart_of(frame) is not None
                             and chart_of(frame).description != chart_before, 10)
        check("the window's figures change with the match", changed,
              (chart_of(frame).description if chart_of(frame) is not None else "")[:200])
        time.sleep(0.5)
        shot = os.path.join(shot_dir, "e2e-atspi-demo-matched.png")
        subprocess.run(["import", "-window", wid, shot], check=True)
        check("matched demo screenshot saved", os.path.getsize(shot) > 10000, shot)

        xdotool("windowfocus", "--sync", wid)
        xdotool("key", "ctrl+w")
        check("Ctrl+W closes the demo and lacquer exits 0",
              wait_until(lambda: proc.poll() is not None, 10) and proc.returncode == 0, f"rc={proc.poll()}")
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        warnings = [line for line in output if "CRITICAL" in line or "WARNING" in line]
        check("no warnings or criticals from lacquer (demo)", not warnings, "; ".join(warnings[:3]))


try:
    main()
    project_story()
    demo_story()
finally:
    status = lq_e2e.summary()
sys.exit(status)
