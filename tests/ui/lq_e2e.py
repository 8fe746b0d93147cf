"""lq_e2e.py: what Lacquer's end-to-end tests share.

The start-up (re-running the script under build-aux/with-gui-session.sh,
launching lacquer and finding it, and its window, on the accessibility
bus), the checks and their tally, waiting, AT-SPI look-ups, xdotool and
screenshots. Used by e2e-atspi.py, e2e-playback.py and e2e-workspace.py.
"""
import math
import os
import struct
import subprocess
import sys
import threading
import time
import wave

HERE = os.path.dirname(os.path.abspath(__file__))
AUX = os.path.join(HERE, "..", "..", "build-aux")


def in_session(script, argv):
    """Runs `script` again inside a GUI session (Xvfb, a session bus with
    AT-SPI) unless it is already in one; its screen LQ_GUI_SESSION_SIZE
    (WIDTHxHEIGHTxDEPTH) when set."""
    if os.environ.get("LQ_GUI_SESSION") != "1":
        size = os.environ.get("LQ_GUI_SESSION_SIZE")
        os.execv("/bin/bash", ["bash", os.path.join(AUX, "with-gui-session.sh")] + (["-s", size] if size else [])
                 + ["--", sys.executable, os.path.abspath(script)] + argv[1:])


in_session(sys.argv[0], sys.argv)

import pyatspi  # noqa: E402  (only inside the session)

TIMEOUT = 60.0
START = time.monotonic()
results = []


def check(what, ok, detail=""):
    results.append(bool(ok))
    line = f"{'ok  ' if ok else 'FAIL'} {time.monotonic() - START:6.2f}s {what}"
    print(line + (f"  ({detail})" if detail else ""), flush=True)
    return ok


def wait_until(fn, timeout=None, step=0.05):
    """Polls fn until it returns something true; the AT-SPI tree changes under us meanwhile."""
    end = time.monotonic() + (TIMEOUT if timeout is None else timeout)
    while True:
        try:
            value = fn()
        except Exception:  # noqa: BLE001  an object went away mid-walk: try again
            value = None
        if value or time.monotonic() > end:
            return value
        time.sleep(step)


def summary():
    """Prints 'N passed, N failed'; the exit status: 0 only when every check passed."""
    failed = len(results) - sum(results)
    print(f"{sum(results)} passed, {failed} failed", flush=True)
    return 0 if results and all(results) else 1


def write_sine(path, level_dbfs, freq=1000.0, seconds=4, rate=48000):
    amplitude = 32767 * 10 ** (level_dbfs / 20)
    frames = bytearray()
    for n in range(int(seconds * rate)):
        x = int(round(amplitude * math.sin(2 * math.pi * freq * n / rate)))
        frames += struct.pack("<hh", x, x)
    with wave.open(path, "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(bytes(frames))


def find_all(root, role):
    return pyatspi.findAllDescendants(root, lambda a: a is not None and a.getRole() == role)


def find(root, role, name=None, prefix=None):
    return pyatspi.findDescendant(
        root, lambda a: a is not None and a.getRole() == role
        and (name is None or a.name == name) and (prefix is None or a.name.startswith(prefix)),
        breadth_first=True)


def find_named(root, name):
    """Any accessible called @name, whatever its role."""
    return pyatspi.findDescendant(root, lambda a: a is not None and a.name == name, breadth_first=True)


BUTTON_ROLES = (pyatspi.ROLE_TOGGLE_BUTTON, pyatspi.ROLE_PUSH_BUTTON, pyatspi.ROLE_PAGE_TAB,
                pyatspi.ROLE_LABEL)


def innermost(found):
    """Of namesakes, the one no other holds (a workspace page is named after
    the view it holds)."""
    inner = [a for a in found if not any(b is not a and is_ancestor(a, b) for b in found)]
    return inner[0] if inner else None


def find_view(root, name):
    """The plot called @name: not a button (or its label) of the same name, and the
    innermost of its namesakes."""
    return find_views(root, [name]).get(name)


def find_views(root, names):
    """The plots called @names, in one walk of the tree (each walk over
    AT-SPI is a D-Bus call a node): {name: accessible}, the missing left out."""
    found = pyatspi.findAllDescendants(
        root, lambda a: a is not None and a.name in names and a.getRole() not in BUTTON_ROLES)
    views = {name: innermost([a for a in found if a.name == name]) for name in names}
    return {name: view for name, view in views.items() if view is not None}


def is_ancestor(ancestor, accessible):
    """Whether @ancestor holds @accessible."""
    parent = accessible.parent
    for _ in range(64):
        if parent is None:
            return False
        if parent == ancestor:
            return True
        parent = parent.parent
    return False


def at_spi_app(name):
    for app in pyatspi.Registry.getDesktop(0):
        if app is not None and app.name == name:
            return app
    return None


def text_of(accessible):
    """A label's text. GTK 4.8: Text.getText(0, -1) is '', ask for characterCount."""
    try:
        text = accessible.queryText()
        return text.getText(0, text.characterCount)
    except NotImplementedError:
        return accessible.name


def state_has(accessible, state):
    return accessible is not None and accessible.getState().contains(state)


def xdotool(*args):
    return subprocess.run(["xdotool", *args], check=True, capture_output=True, text=True).stdout.strip()


def window_size(wid):
    """The X window's width and height (the GTK surface)."""
    out = subprocess.run(["xwininfo", "-id", wid], check=True, capture_output=True, text=True).stdout
    size = {k.strip(): int(v) for k, v in (line.split(":", 1) for line in out.splitlines()
                                           if line.strip().startswith(("Width:", "Height:")))}
    return size["Width"], size["Height"]


def extents(accessible):
    """(x, y, width, height) of @accessible relative to its window's widget.

    GTK 4.8 (gtk/a11y/gtkatspicomponent.c) answers GetExtents with
    gtk_widget_translate_coordinates() to the root, the GtkWindow, for
    WINDOW coordinates, and the size with gtk_widget_get_width/height();
    SCREEN coordinates it does not know (it says so with a g_warning and
    answers as for WINDOW). So: WINDOW, and the surface's offset added
    (surface_offset())."""
    e = accessible.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
    return e.x, e.y, e.width, e.height


def surface_offset(frame, wid):
    """Where the GtkWindow's own coordinates start in its X window.

    Without a compositing manager (Xvfb) GTK draws its client-side
    decoration solid (.solid-csd: no shadow, no _GTK_FRAME_EXTENTS) and the
    window's CSS padding and border go around its content evenly: the X
    window is the frame's extents (the GtkWindow's content size) plus the
    same border on each side. Half the difference, then; an odd
    difference or a shadow would break that, and is refused."""
    _, _, width, height = extents(frame)
    surface_width, surface_height = window_size(wid)
    dx, dy = surface_width - width, surface_height - height
    shadow = subprocess.run(["xprop", "-id", wid, "_GTK_FRAME_EXTENTS"], capture_output=True, text=True).stdout
    if dx < 0 or dy < 0 or dx % 2 or dy % 2 or "=" in shadow:
        raise RuntimeError(f"window {wid}: surface {surface_width}x{surface_height}, frame {width}x{height}, "
                           f"{shadow.strip()}: not an even solid decoration")
    return dx // 2, dy // 2


def drag(wid, x0, y0, x1, y1, steps=8):
    """A person's drag in window @wid: the button down at (x0, y0), @steps
    moves to (x1, y1), the button up there: real pointer events (XTEST),
    not events sent to the window. Each move waits for the pointer to
    arrive (--sync) before the next."""
    xdotool("mousemove", "--window", wid, "--sync", str(x0), str(y0))
    xdotool("mousedown", "1")
    for i in range(1, steps + 1):
        xdotool("mousemove", "--window", wid, "--sync", str(round(x0 + (x1 - x0) * i / steps)),
                str(round(y0 + (y1 - y0) * i / steps)))
    xdotool("mouseup", "1")


def pixels(wid, x, y, width, height):
    """The pixels of a rectangle of X window @wid as they are on screen, as
    {(x, y): (r, g, b)} (ImageMagick's import to txt:)."""
    time.sleep(0.5)  # let the last frame paint
    out = subprocess.run(["import", "-window", wid, "-crop", f"{width}x{height}+{x}+{y}", "+repage",
                          "-depth", "8", "txt:-"], check=True, capture_output=True, text=True).stdout
    result = {}
    for line in out.splitlines()[1:]:
        where, colour = line.split(":", 1)
        px, py = (int(v) for v in where.split(","))
        rgb = colour.split("(", 1)[1].split(")", 1)[0].split(",")[:3]
        result[(x + px, y + py)] = tuple(int(float(v)) for v in rgb)
    return result


def shoot_rect(wid, rect, path, margin=0):
    """@rect (x, y, width, height) of X window @wid, with @margin around,
    saved small (stripped, 256 colours) to @path: one import."""
    x, y, width, height = rect
    time.sleep(0.5)  # let the last frame paint
    subprocess.run(["import", "-window", wid, "-crop",
                    f"{width + 2 * margin}x{height + 2 * margin}+{max(0, x - margin)}+{max(0, y - margin)}",
                    "+repage", "-depth", "8", "-strip", "-colors", "256", path], check=True)
    return path


def executables():
    """lacquer and lacquer-cli: LQ_LACQUER and LQ_LACQUER_CLI (meson sets
    them), or the first two arguments."""
    lacquer = os.environ.get("LQ_LACQUER") or (sys.argv[1] if len(sys.argv) > 1 else None)
    cli = os.environ.get("LQ_LACQUER_CLI") or (sys.argv[2] if len(sys.argv) > 2 else None)
    if not lacquer or not cli:
        sys.exit("usage: LQ_LACQUER=… LQ_LACQUER_CLI=… SCRIPT  (or: SCRIPT LACQUER LACQUER_CLI)")
    return lacquer, cli


def screenshot_path(name):
    return os.path.join(os.environ.get("LQ_SCREENSHOT_DIR") or os.getcwd(), name)


class Lacquer:
    """`lacquer ARGS…` running, its output collected; app is its AT-SPI
    application once launch() found it, wid its X window once window() did."""

    def __init__(self, lacquer, args, env=None):
        self.name = os.path.basename(lacquer)
        self.output = []
        self.proc = subprocess.Popen([lacquer, *args], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     text=True, env=env)
        threading.Thread(target=lambda: [self.output.append(line.rstrip("\n")) for line in self.proc.stdout],
                         daemon=True).start()
        self.app = None
        self.wid = None

    def launch(self, what="lacquer"):
        self.app = wait_until(lambda: at_spi_app(self.name))
        check(f"{what} is on the accessibility bus", self.app is not None)
        return self.app

    def frame(self, title):
        return wait_until(lambda: find(self.app, pyatspi.ROLE_FRAME, title))

    def window(self):
        """Its X window, found with xdotool by PID."""
        self.wid = wait_until(lambda: xdotool("search", "--onlyvisible", "--pid", str(self.proc.pid)).split()[0], 10)
        check("X window found by PID", bool(self.wid), self.wid)
        return self.wid

    def key(self, *keys):
        """Keys need the window focused first: there is no window manager."""
        xdotool("windowfocus", "--sync", self.wid)
        xdotool("key", *keys)

    def screenshot(self, name, what="screenshot saved"):
        shot = screenshot_path(name)
        time.sleep(0.5)  # let the last frame paint
        subprocess.run(["import", "-window", self.wid, shot], check=True)
        if what:
            check(what, os.path.getsize(shot) > 10000, shot)
        return shot

    def close(self, what="Ctrl+W closes the window and lacquer exits 0"):
        self.key("ctrl+w")
        return check(what, wait_until(lambda: self.proc.poll() is not None, 10) and self.proc.returncode == 0,
                     f"rc={self.proc.poll()}")

    def stop(self, what="lacquer"):
        """Ends it if still running; no warnings or criticals in its output."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        warnings = [line for line in self.output if "CRITICAL" in line or "WARNING" in line]
        check(f"no warnings or criticals from {what}", not warnings, "; ".join(warnings[:3]))
