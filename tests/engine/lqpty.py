"""lqpty: run a command on a pseudo-terminal, type keys, read its screen.

Used by the engine suite's terminal tests (play-terminal.py,
abx-terminal.py). The child gets the pty's slave as stdin, stdout and
stderr, in a session of its own (so no job control stops it); the test
keeps the slave open and reads its termios before the child starts, while
it runs and after it exits.
"""
import array
import math
import os
import re
import select
import subprocess
import termios
import struct
import time

RATE = 48000
SOURCE_RMS = 0.1   # -20 dBFS


def write_sine(path, seconds=6):
    """A stereo 1 kHz sine at SOURCE_RMS, 32-bit float WAV at RATE."""
    amp = SOURCE_RMS * math.sqrt(2)
    frames = array.array("f")
    for i in range(RATE * seconds):
        v = amp * math.sin(2 * math.pi * 1000 * i / RATE)
        frames.append(v)
        frames.append(v)
    data = frames.tobytes()
    fmt = struct.pack("<HHIIHH", 3, 2, RATE, RATE * 8, 8, 32)
    with open(path, "wb") as f:
        f.write(b"RIFF" + struct.pack("<I", 4 + 8 + len(fmt) + 8 + len(data)) + b"WAVE")
        f.write(b"fmt " + struct.pack("<I", len(fmt)) + fmt)
        f.write(b"data" + struct.pack("<I", len(data)) + data)


class PtyRun:
    def __init__(self, argv, env=None):
        self.master, self.slave = os.openpty()
        # A sane starting point, as a login terminal has.
        attrs = termios.tcgetattr(self.slave)
        attrs[3] |= termios.ECHO | termios.ICANON | termios.ISIG
        termios.tcsetattr(self.slave, termios.TCSANOW, attrs)
        self.before = termios.tcgetattr(self.slave)
        self.output = b""
        self.proc = subprocess.Popen(argv, stdin=self.slave, stdout=self.slave, stderr=self.slave,
                                     start_new_session=True, env=env)

    def termios_now(self):
        return termios.tcgetattr(self.slave)

    def read(self, timeout):
        """Reads what the child wrote for up to @timeout seconds."""
        end = time.monotonic() + timeout
        while True:
            left = end - time.monotonic()
            if left <= 0:
                return
            ready, _, _ = select.select([self.master], [], [], left)
            if not ready:
                return
            try:
                data = os.read(self.master, 65536)
            except OSError:
                return
            if not data:
                return
            self.output += data

    def wait_for(self, pattern, timeout=10.0, start=0):
        """Reads until @pattern (bytes regex) matches the output after
        @start; the match, or None after @timeout seconds."""
        end = time.monotonic() + timeout
        while True:
            m = re.compile(pattern).search(self.output, start)
            if m is not None:
                return m
            left = end - time.monotonic()
            if left <= 0 or self.proc.poll() is not None:
                self.read(0.2)
                return re.compile(pattern).search(self.output, start)
            self.read(min(left, 0.1))

    def send(self, keys):
        os.write(self.master, keys)

    def finish(self, timeout=10.0):
        """Waits for the child to exit, reading what it writes; its status."""
        end = time.monotonic() + timeout
        while self.proc.poll() is None and time.monotonic() < end:
            self.read(0.1)
        if self.proc.poll() is None:
            self.proc.kill()
        status = self.proc.wait()
        self.read(0.2)
        self.after = termios.tcgetattr(self.slave)
        os.close(self.slave)
        os.close(self.master)
        return status


class Checks:
    def __init__(self):
        self.failed = False

    def check(self, name, ok, detail=""):
        print(("ok   " if ok else "FAIL ") + name + ("" if ok or not detail else ": " + str(detail)))
        if not ok:
            self.failed = True
