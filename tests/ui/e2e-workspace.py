#!/usr/bin/python3
"""e2e-workspace.py: the mastering workspace, as a user and a screen reader see it.

The demo album (`lacquer-cli demo`: four synthesized 20 s tracks at
different loudness and tonal balance, analysed), matched to Spotify, with
a fade on track 2, a gap before track 3 and EQ bands on track 1 (EDITS),
opened with `lacquer PROJECT.lacquer`. Over AT-SPI: each of the
workspace's views that is present (VIEWS: looked up by accessible name; a
view not built yet is reported, not failed) has a description, checked
against `lacquer-cli list --json` and `match --show --json`; the loudness
chart's ("Album Loudness") names every track with its loudness before the
match, and the album's. Keys: Alt+1..4 switch pages, Ctrl+L hides the
chart and shows it again, Ctrl+I shows the side pane's Chain page.

With the mouse (xdotool, real pointer events): the timeline's place in the
window is its AT-SPI extents (WINDOW coordinates: GTK 4.8 has no SCREEN
ones) plus the window's solid client-side decoration, checked against the
pixels of the playhead it draws; a drag of track 2's fade-in handle sets
the fade-in the pixel distance and the timeline's scale imply (within a
pixel, as lacquer-cli list --json reads the project file), Ctrl+Z undoes
it, Ctrl+Shift+Z redoes it; a drag of track 3's gap edge the same, undone.
A click on track 1's block makes it the current track (its EQ curve).

Screenshots, light and dark (ADW_DEBUG_COLOR_SCHEME=prefer-dark): the
window (e2e-workspace.png, e2e-workspace-dark.png) and each view cropped
to it (e2e-timeline.png, e2e-track.png, e2e-tonal-balance.png,
e2e-dynamics.png, e2e-loudness.png, e2e-eq-curve.png and their -dark):
the README's data/screenshots are copies of the light ones, committed.

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
# Wider than the window with its side pane (meson's entry says the same)
os.environ.setdefault("LQ_GUI_SESSION_SIZE", "1440x900x24")
import lq_e2e  # noqa: E402  (runs this script again in a GUI session when outside one)
from lq_e2e import check, xdotool, wait_until, find_named, state_has, text_of, pyatspi  # noqa: E402

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
# The screenshot of each view for the README: name, file
SHOTS = [
    ("Album Timeline", "timeline"),
    ("Track Waveform", "track"),
    ("Tonal Balance", "tonal-balance"),
    ("Dynamics", "dynamics"),
    ("Album Loudness", "loudness"),
    ("EQ Curve", "eq-curve"),
]
# lq-timeline-plot.h: the ruler's height, the blocks' margin, the fade handles' size
LQ_TIMELINE_RULER_PX, LQ_TIMELINE_MARGIN_PX, LQ_TIMELINE_HANDLE_PX = 22, 4, 10
NUMBER = r"([-−]?\d+\.\d)"
# Edits made with lacquer-cli before the window opens: a fade-in on track 2
# (its handle inside the block, for the drag), a gap before track 3 (its
# edge for the other drag) and three EQ bands on track 1 (the EQ curve).
EDITS = [
    ("2", "fade-in=1.5", "fade-out=2"),
    ("3", "gap=2"),
    ("1", "eq1-on=true", "eq3-on=true", "eq3-gain=-3", "eq3-q=1.2", "eq7-on=true", "eq7-gain=2.5"),
]
FADE_TRACK, GAP_TRACK = 2, 3
DRAG_PX = 48      # the fade handle's drag, to the right
GAP_DRAG_PX = 36


def lufs(text):
    return float(text.replace("−", "-"))


def list_project(cli, project):
    r = subprocess.run([cli, "list", "--json", project], capture_output=True, text=True, check=True)
    return json.loads(r.stdout)["project"]


def make_project(cli, tmp):
    """The demo album (four synthesized 20 s tracks at different loudness
    and tonal balance, analysed), matched to Spotify with half the tonal
    match, and EDITS."""
    project = os.path.join(tmp, "demo", "demo.lacquer")
    steps = [("demo", "--directory", os.path.join(tmp, "demo")),
             ("match", project, "--target", "spotify", "--tonal", "0.5")]
    steps += [("set", project, *edit) for edit in EDITS]
    for step in steps:
        r = subprocess.run([cli, *step], capture_output=True, text=True)
        if not check(f"lacquer-cli {' '.join(step[:1] + step[2:])}", r.returncode == 0,
                     (r.stderr or r.stdout).strip()[:200]):
            return None, None
    listed = list_project(cli, project)
    r = subprocess.run([cli, "match", project, "--show", "--json"], capture_output=True, text=True, check=True)
    listed["match_shown"] = json.loads(r.stdout)
    return project, listed


def check_page(buttons, page, name):
    """The page's button in the view switcher is the checked one (the
    switcher shows once the workspace has two pages or more)."""
    titles = {"track": "Track", "tonal": "Tonal Balance", "dynamics": "Dynamics", "loudness": "Loudness"}
    # AdwViewSwitcher's buttons are page tabs over AT-SPI
    buttons = [b for b in buttons if b.name in titles.values()]
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


def timeline_blocks(listed):
    """Each track's (audio start, audio end) on the album's time axis, and
    the album's length, in seconds: each track's gap, then its audio less
    the trims, one after the other (lq-timeline-model.h; the demo's tracks
    share one rate)."""
    t, blocks = 0.0, []
    for track in listed["tracks"]:
        fields = track["fields"]
        start = t + (fields["gap"] or 0)
        t = start + track["duration_s"] - (fields["trim-in"] or 0) - (fields["trim-out"] or 0)
        blocks.append((start, t))
    return blocks, t


def locate_timeline(app, offset, timeline):
    """The timeline's rectangle in the X window: its AT-SPI extents
    (relative to the GtkWindow) plus the window's decoration. Checked
    pixel by pixel against the playhead, which the timeline draws at album
    second 0 as a 2 px column of the accent colour over its whole height:
    at its left edge, from its top to its bottom."""
    ox, oy = offset
    x, y, width, height = lq_e2e.extents(timeline)
    x, y = x + ox, y + oy
    px = lq_e2e.pixels(app.wid, x - 1, y - 1, 4, height + 2)
    mid = y + height // 2
    accent = px[(x, mid)]
    exact = (px[(x + 1, mid)] == accent and px[(x - 1, mid)] != accent and px[(x + 2, mid)] != accent
             and px[(x, y)] == accent and px[(x, y - 1)] != accent
             and px[(x, y + height - 1)] == accent and px[(x, y + height)] != accent)
    check("the timeline's place in the window (AT-SPI extents + decoration) is where its playhead is drawn",
          exact, f"offset {ox},{oy}; timeline {width}x{height} at {x},{y}; accent {accent}")
    return (x, y, width, height) if exact else None


def wait_field(cli, project, track, key, want, timeout=10):
    """Polls lacquer-cli list --json until track @track's @key is @want
    (within a frame), or the timeout: the window writes each edit to the
    project's database when it is made (one SQLite transaction)."""
    got = []

    def field():
        got[:] = [list_project(cli, project)["tracks"][track - 1]["fields"][key]]
        return abs(got[0] - want) <= 1 / 44100
    ok = wait_until(field, timeout, step=0.2)
    return ok, (got[0] if got else None)


def drag_edits(app, cli, project, listed, rect):
    """Drags track FADE_TRACK's fade-in handle and track GAP_TRACK's gap
    edge with the mouse, and checks each with lacquer-cli list --json;
    Ctrl+Z undoes them, Ctrl+Shift+Z redoes the fade (and Ctrl+Z undoes
    it again at the end)."""
    x, y, width, height = rect
    blocks, length = timeline_blocks(listed)
    px_per_s = width / length            # the whole album fits (a fresh window)
    top = LQ_TIMELINE_RULER_PX + LQ_TIMELINE_MARGIN_PX
    pixel = 1 / px_per_s

    # The fade-in handle: at the fade's inner end, in the block's top corner
    fields = listed["tracks"][FADE_TRACK - 1]["fields"]
    old = fields["fade-in"]
    start, end = blocks[FADE_TRACK - 1]
    hx = x + round((start + old) * px_per_s)
    hy = y + round(top + LQ_TIMELINE_HANDLE_PX / 2)
    want = min(old + DRAG_PX / px_per_s, end - start)
    lq_e2e.drag(app.wid, hx, hy, hx + DRAG_PX, hy)
    ok, got = wait_field(cli, project, FADE_TRACK, "fade-in", want)
    check(f"dragging track {FADE_TRACK}'s fade-in handle {DRAG_PX} px right sets its fade-in to "
          f"{old:.3f} + {DRAG_PX} px × {pixel:.4f} s = {want:.3f} s (lacquer-cli list --json)",
          got is not None and abs(got - want) <= pixel, f"{got}; a pixel is {pixel:.4f} s")
    new, fade_old = got, old
    app.key("ctrl+z")
    ok, got = wait_field(cli, project, FADE_TRACK, "fade-in", old)
    check(f"Ctrl+Z: track {FADE_TRACK}'s fade-in back to {old} s", ok, got)
    app.key("ctrl+shift+z")
    ok, got = wait_field(cli, project, FADE_TRACK, "fade-in", new)
    check(f"Ctrl+Shift+Z: track {FADE_TRACK}'s fade-in {new:.3f} s again", ok, got)

    # The gap's edge: at the audio's start, from the gap's side, below the handles
    old = listed["tracks"][GAP_TRACK - 1]["fields"]["gap"]
    start, _ = blocks[GAP_TRACK - 1]
    gx = x + round(start * px_per_s) - 2
    gy = y + round((top + height - LQ_TIMELINE_MARGIN_PX) / 2) + 10
    want = old + GAP_DRAG_PX / px_per_s
    lq_e2e.drag(app.wid, gx, gy, gx + GAP_DRAG_PX, gy)
    ok, got = wait_field(cli, project, GAP_TRACK, "gap", want)
    check(f"dragging track {GAP_TRACK}'s gap edge {GAP_DRAG_PX} px right sets its gap to "
          f"{old:.3f} + {GAP_DRAG_PX} px × {pixel:.4f} s = {want:.3f} s (lacquer-cli list --json)",
          got is not None and abs(got - want) <= pixel, f"{got}; a pixel is {pixel:.4f} s")
    app.key("ctrl+z")
    ok, got = wait_field(cli, project, GAP_TRACK, "gap", old)
    check(f"Ctrl+Z: track {GAP_TRACK}'s gap back to {old} s", ok, got)

    # The project as it was (the dark run's screenshots show the same)
    app.key("ctrl+z")
    ok, got = wait_field(cli, project, FADE_TRACK, "fade-in", fade_old)
    check(f"Ctrl+Z again: track {FADE_TRACK}'s fade-in back to {fade_old} s", ok, got)


def shoot_view(app, offset, name, view, dark):
    """A screenshot of the view @name, cropped to it (8 px around);
    @offset: the window's decoration (lq_e2e.surface_offset())."""
    rect = wait_until(lambda: (lambda e: e if e[2] > 0 and e[3] > 0 else None)(lq_e2e.extents(view)), 10)
    if not check(f"'{name}' shows", rect is not None, rect):
        return
    x, y, width, height = rect
    out = lq_e2e.screenshot_path(f"e2e-{dict(SHOTS)[name]}{'-dark' if dark else ''}.png")
    lq_e2e.shoot_rect(app.wid, (x + offset[0], y + offset[1], width, height), out, margin=8)
    check(f"screenshot of '{name}'", os.path.getsize(out) > 2000, out)


def shoot_views(app, offset, views, dark):
    """A screenshot of each view on the workspace's pages and of the
    timeline, the pointer out of the way (the views draw a line under it)."""
    xdotool("mousemove", "--window", app.wid, "--sync", "1", "1")
    pages = dict(VIEWS)
    for name, _ in SHOTS:
        if name in views and name != "EQ Curve":
            if pages[name] is not None:
                app.key(PAGE_KEYS[pages[name]])
            shoot_view(app, offset, name, views[name], dark)


def select_first_track(app, listed, rect):
    """Clicks track 1's block in the timeline: track 1 becomes the current
    track (its row selected in the track table, its chain in the side
    pane)."""
    x, y, width, height = rect
    blocks, length = timeline_blocks(listed)
    start, end = blocks[0]
    cx, cy = x + round((start + end) / 2 * width / length), y + round(height * 0.75)
    xdotool("mousemove", "--window", app.wid, "--sync", str(cx), str(cy))
    xdotool("click", "1")
    xdotool("mousemove", "--window", app.wid, "--sync", "1", "1")


def track_eq_curve(app):
    """The side pane's EQ curve of the current track: of the two EQ curves
    (the track's and the album bus's), the one that says the track's bands."""
    curves = pyatspi.findAllDescendants(
        app.app, lambda a: a is not None and a.name == "EQ Curve" and a.getRole() not in lq_e2e.BUTTON_ROLES)
    for curve in curves:
        if lq_e2e.extents(curve)[2] > 0 and "no band on" not in (curve.description or "no band on"):
            return curve
    return None


def story(lacquer, cli, listed, project, dark):
    env = dict(os.environ)
    if dark:
        env["ADW_DEBUG_COLOR_SCHEME"] = "prefer-dark"
    app = lq_e2e.Lacquer(lacquer, [project], env=env)
    what = "lacquer (dark)" if dark else "lacquer"
    n_tracks = len(listed["tracks"])
    try:
        if app.launch(what) is None:
            return
        frame = app.frame(listed["album_fields"]["title"])
        check("window named after the album", frame is not None)
        if not app.window():
            return

        # One walk of the tree for the views (each walk is a D-Bus call a node)
        views = wait_until(lambda: (lambda v: v if "Album Loudness" in v else None)(
            lq_e2e.find_views(app.app, [name for name, _ in VIEWS]))) or {}
        chart = views.get("Album Loudness")
        # Every row measured, the chart told
        wait_until(lambda: chart is not None and f"{n_tracks}. " in (chart.description or ""), 30)
        for name, _ in VIEWS:
            if name not in views:
                print(f"note: the view '{name}' is not in the workspace yet", flush=True)

        if not dark:
            buttons = pyatspi.findAllDescendants(app.app, lambda a: a is not None and a.getRole() in (
                pyatspi.ROLE_PAGE_TAB, pyatspi.ROLE_TOGGLE_BUTTON))
            for name, page in VIEWS:
                view = views.get(name)
                if view is None:
                    continue
                if page is not None:
                    app.key(PAGE_KEYS[page])
                    check_page(buttons, page, name)
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
            found = pyatspi.findAllDescendants(app.app, lambda a: a is not None and (
                a.getRole() == pyatspi.ROLE_TABLE_ROW or a.name == "Album Integrated"))
            rows = [r for r in found if r.getRole() == pyatspi.ROLE_TABLE_ROW
                    and r.parent is not None and r.parent.getRole() == pyatspi.ROLE_LIST]
            check("the track table beside the views: one row a track", len(rows) == n_tracks, len(rows))
            summary = next((a for a in found if a.name == "Album Integrated"), None)
            check("the album summary beside the views", summary is not None and text_of(summary) is not None)

        offset = lq_e2e.surface_offset(frame, app.wid)
        shoot_views(app, offset, views, dark)
        rect = locate_timeline(app, offset, views["Album Timeline"]) if "Album Timeline" in views else None
        if rect is not None:
            # Track 1 current, its chain in the side pane: its EQ curve
            select_first_track(app, listed, rect)
            app.key("ctrl+i")
            curve = wait_until(lambda: track_eq_curve(app), 10)
            if check("track 1's EQ curve in the side pane's Chain page", curve is not None,
                     curve.description[:120] if curve else ""):
                shoot_view(app, offset, "EQ Curve", curve, dark)
        app.key("alt+2")
        app.screenshot("e2e-workspace-dark.png" if dark else "e2e-workspace.png",
                       "dark screenshot saved" if dark else "screenshot saved")
        if rect is not None and not dark:
            drag_edits(app, cli, project, listed, rect)
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
        story(lacquer, cli, listed, project, dark=False)
        story(lacquer, cli, listed, project, dark=True)
    finally:
        tmp.cleanup()


try:
    main()
finally:
    status = lq_e2e.summary()
sys.exit(status)
