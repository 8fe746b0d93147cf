#!/usr/bin/python3
"""e2e-workspace.py: the mastering workspace, as a user and a screen reader see it.

An album project of three sines (-16, -20 and -24 dBFS, 2 s each) made and
analysed with lacquer-cli, opened with `lacquer PROJECT.lacquer`. Over
AT-SPI: each of the workspace's views that is present (VIEWS: looked up by
accessible name; a view not built yet is reported, not failed) has a
description; the loudness chart's ("Album Loudness") names every track with
its loudness before the match, and the album's, as `lacquer-cli list --json`
has them. Keys: Alt+4 shows the Loudness page (the chart is showing),
Ctrl+L hides the chart and shows it again, Alt+1..3 switch to the pages
present. Screenshots of the window, light (e2e-workspace.png) and dark
(e2e-workspace-dark.png: ADW_DEBUG_COLOR_SCHEME=prefer-dark).

Environment: LQ_LACQUER and LQ_LACQUER_CLI (meson sets them),
LQ_SCREENSHOT_DIR. Prints 'N passed, N failed'; exits 0 only when every
check passed.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lq_e2e  # noqa: E402  (runs this script again in a GUI session when outside one)
from lq_e2e import check, wait_until, find_all, find_named, find_view, state_has, text_of, pyatspi  # noqa: E402

# The workspace's views by accessible name, with the page (Alt+N) each is on
VIEWS = [
    ("Album Timeline", None),
    ("Track Waveform", "track"),
    ("Tonal Balance", "tonal"),
    ("Dynamics", "dynamics"),
    ("Album Loudness", "loudness"),
    ("EQ Curve", None),
]
PAGE_KEYS = {"track": "alt+1", "tonal": "alt+2", "dynamics": "alt+3", "loudness": "alt+4"}
NAMES = ["Dawn", "Noon", "Dusk"]
LEVELS = [-16.0, -20.0, -24.0]
NUMBER = r"([-−]?\d+\.\d)"


def lufs(text):
    return float(text.replace("−", "-"))


def make_project(cli, tmp):
    files = []
    for name, level in zip(NAMES, LEVELS):
        files.append(os.path.join(tmp, f"{name}.wav"))
        lq_e2e.write_sine(files[-1], level, seconds=2)
    project = os.path.join(tmp, "Workspace.lacquer")
    for step in (("new", project), ("add", project, *files), ("set", project, "title=Workspace"),
                 ("analyze", project)):
        r = subprocess.run([cli, *step], capture_output=True, text=True)
        if not check(f"lacquer-cli {step[0]}", r.returncode == 0, (r.stderr or r.stdout).strip()[:200]):
            return None, None
    r = subprocess.run([cli, "list", "--json", project], capture_output=True, text=True, check=True)
    listed = json.loads(r.stdout)["project"]
    r = subprocess.run([cli, "match", project, "--show", "--json"], capture_output=True, text=True, check=True)
    listed["match_shown"] = json.loads(r.stdout)
    return project, listed


def check_page(app, page, name):
    """The page's button in the view switcher is the checked one (the
    switcher shows once the workspace has two pages or more)."""
    titles = {"track": "Track", "tonal": "Tonal Balance", "dynamics": "Dynamics", "loudness": "Loudness"}
    # AdwViewSwitcher's buttons are page tabs over AT-SPI
    buttons = [b for b in find_all(app.app, pyatspi.ROLE_PAGE_TAB) + find_all(app.app, pyatspi.ROLE_TOGGLE_BUTTON)
               if b.name in titles.values()]
    if len(buttons) < 2:
        print(f"note: one page only, '{name}' shown without a switcher", flush=True)
        return
    button = next((b for b in buttons if b.name == titles[page]), None)
    check(f"{PAGE_KEYS[page]} switches to the page of '{name}'",
          wait_until(lambda: state_has(button, pyatspi.STATE_CHECKED) or state_has(button, pyatspi.STATE_PRESSED), 5),
          [b.name for b in buttons])


def check_loudness(chart, listed):
    """The chart's description against lacquer-cli list --json."""
    description = chart.description
    check("Album Loudness has a description", bool(description), description[:300])
    album = listed["album_analysis"]["integrated_lufs"]
    m = re.search(r"Album " + NUMBER + " LUFS", description)
    if m is not None:  # said once a target is set
        check(f"Album Loudness: the album at {album:.1f} LUFS, as lacquer-cli list says",
              abs(lufs(m.group(1)) - album) <= 0.051, m.group(0))
    for track in listed["tracks"]:
        want = track["analysis"]["integrated_lufs"]
        m = re.search(rf"{track['position']}\. {re.escape(track['title'])}, Before: " + NUMBER + " LUFS",
                      description)
        check(f"Album Loudness: {track['position']}. {track['title']} at {want:.1f} LUFS before",
              m is not None and abs(lufs(m.group(1)) - want) <= 0.051, m.group(0) if m else description[:200])


def check_figures(name, description, listed):
    """A view's description against the command line's figures."""
    tracks = listed["tracks"]
    if name == "Album Timeline":
        check("Album Timeline: as many tracks as lacquer-cli list",
              description.startswith(f"{len(tracks)} tracks, total length "), description[:80])
    elif name == "Track Waveform":
        want = "integrated %.1f LUFS" % tracks[0]["analysis"]["integrated_lufs"]
        check(f"Track Waveform: track 1 {want} as lacquer-cli list", want in description.replace("−", "-"),
              description[:120])
    elif name == "Tonal Balance":
        shown = listed["match_shown"]
        want = "tonal spread %.2f dB before, %.2f dB after" % (shown["tonal_spread_measured_db"],
                                                             shown["tonal_spread_predicted_db"])
        check(f"Tonal Balance: {want}, as lacquer-cli match --show --json", want in description,
              description[:160])
    elif name == "Dynamics":
        check("Dynamics: as many tracks as lacquer-cli list",
              description.startswith(f"{len(tracks)} tracks measured"), description[:80])


def story(lacquer, listed, project, dark):
    env = dict(os.environ)
    if dark:
        env["ADW_DEBUG_COLOR_SCHEME"] = "prefer-dark"
    app = lq_e2e.Lacquer(lacquer, [project], env=env)
    what = "lacquer (dark)" if dark else "lacquer"
    try:
        if app.launch(what) is None:
            return
        check("window named after the album", app.frame("Workspace") is not None)
        if not app.window():
            return

        chart = wait_until(lambda: find_named(app.app, "Album Loudness"))
        # Every row measured, the chart told
        wait_until(lambda: chart is not None and f"{len(NAMES)}. " in (chart.description or ""), 30)

        if not dark:
            for name, page in VIEWS:
                view = find_view(app.app, name)
                if view is None:
                    print(f"note: the view '{name}' is not in the workspace yet", flush=True)
                    continue
                if page is not None:
                    app.key(PAGE_KEYS[page])
                    check_page(app, page, name)
                # Built on an idle once the page shows: waited for.
                wait_until(lambda: bool(view.description), 10)
                check(f"'{name}' has a description", bool(view.description), (view.description or "")[:200])
                if name == "Album Loudness":
                    check_loudness(view, listed)
                else:
                    check_figures(name, view.description or "", listed)

            # Ctrl+L hides the loudness chart and shows it again
            app.key("alt+4")
            app.key("ctrl+l")
            check("Ctrl+L hides the loudness chart",
                  wait_until(lambda: find_named(app.app, "Album Loudness") is None, 5))
            app.key("ctrl+l")
            check("Ctrl+L shows it again", wait_until(lambda: find_named(app.app, "Album Loudness"), 5))

            # The track table and the album summary beside the views
            rows = [r for r in find_all(app.app, pyatspi.ROLE_TABLE_ROW)
                    if r.parent is not None and r.parent.getRole() == pyatspi.ROLE_LIST]
            check("the track table beside the views: one row a track", len(rows) == len(NAMES), len(rows))
            summary = find_named(app.app, "Album Integrated")
            check("the album summary beside the views", summary is not None and text_of(summary) is not None)

        app.key("alt+4")
        app.screenshot("e2e-workspace-dark.png" if dark else "e2e-workspace.png",
                       "dark screenshot saved" if dark else "screenshot saved")
        app.close()
    finally:
        app.stop(what)


def main():
    lacquer, cli = lq_e2e.executables()
    tmp = tempfile.TemporaryDirectory(prefix="lacquer-e2e-workspace-")
    try:
        project, listed = make_project(cli, tmp.name)
        if project is None:
            return
        story(lacquer, listed, project, dark=False)
        story(lacquer, listed, project, dark=True)
    finally:
        tmp.cleanup()


try:
    main()
finally:
    status = lq_e2e.summary()
sys.exit(status)
