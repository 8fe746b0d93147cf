#!/usr/bin/python3
"""The demo's next commands (issue 10): `build-aux/run.sh` without a display
runs `lacquer-cli demo`, whose output ends with the commands to try next, on
the real demo project; each works when copy-pasted into a shell.

Runs run.sh on this build (HOME and XDG_CACHE_HOME in a temporary folder,
no DISPLAY), takes the indented commands after "try next:", and runs each
with /bin/sh.
"""
import os
import re
import subprocess
import sys
import tempfile

source = os.environ["LQ_SOURCE_ROOT"]
build = os.environ["LQ_BUILD_ROOT"]


def main():
    with tempfile.TemporaryDirectory(prefix="lq-demo-next-") as tmp:
        env = dict(os.environ, HOME=tmp, XDG_CACHE_HOME=os.path.join(tmp, "my cache"),  # a space: quoted as pasted
                   XDG_CONFIG_HOME=os.path.join(tmp, "config"))
        env.pop("DISPLAY", None)
        env.pop("WAYLAND_DISPLAY", None)
        run = subprocess.run([os.path.join(source, "build-aux", "run.sh"), build], env=env,
                             capture_output=True, text=True, timeout=600)
        assert run.returncode == 0, run.stderr
        out = run.stdout.rstrip("\n").split("\n")
        project = os.path.join(tmp, "my cache", "lacquer", "demo", "demo.lacquer")
        assert os.path.isfile(project), out

        header = [i for i, line in enumerate(out) if line.rstrip().endswith("try next:")]
        assert len(header) == 1, "no “try next:” line in:\n" + run.stdout
        commands = [line.strip() for line in out[header[0] + 1:]]
        # The output ends with them: 3 to 5 commands, all on the demo project.
        assert 3 <= len(commands) <= 5, commands
        assert all(line.startswith("  ") for line in out[header[0] + 1:]), commands
        for command in commands:
            assert re.search(r"lacquer-cli'? ", command), command
            assert project in command, command
        assert any(" match " in c for c in commands) and any(" export " in c for c in commands), commands

        # Each works from another folder, as pasted.
        for command in commands:
            print("#", command)
            done = subprocess.run(["/bin/sh", "-c", command], cwd=tmp, env=env,
                                  capture_output=True, text=True, timeout=600)
            print(done.stdout)
            assert done.returncode == 0, (command, done.stderr)

        # The export went to the Music folder, not into the cache.
        music = os.path.join(tmp, "Music", "Lacquer Demo")
        exported = sorted(os.listdir(music))
        assert len(exported) == 4, exported
    print("ok")


if __name__ == "__main__":
    sys.exit(main())
