#!/usr/bin/python3
"""abx-terminal.py: `lacquer-cli abx` on a terminal.

 1. Without a terminal: exit 2 and one line, "abx needs a terminal"; and
    `lacquer-cli --help` has every command's summary in one column.
 2. Under a private JACK server, on a pseudo-terminal: abx --seed 7
    --trials 5 mix against master, every trial listened to (x) and
    answered right from what LqAbxSession draws for that seed (the
    abx-x-sequence helper): each trial logged, "5 of 5 right, p = 0.0312",
    "You could tell them apart", saved; the terminal's settings restored;
    `abx-results --json` shows the test with the track's fingerprint for
    the mix, another one for the master, and every X and answer.
A run in which jackd logged an xrun is retried once.
Args: abx-x-sequence. Env: LQ_CLI, LQ_SOURCE_ROOT.
"""
import fcntl
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lqpty import Checks, PtyRun, write_sine  # noqa: E402

CLI = os.environ["LQ_CLI"]
ROOT = os.environ["LQ_SOURCE_ROOT"]
AUX = os.path.join(ROOT, "build-aux")
DEVICE = "jack audio connection kit: system"
SEED = 7
TRIALS = 5


def inner(tmp, sequence):
    os.chdir(tmp)
    c = Checks()
    run = PtyRun([CLI, "abx", "p.lacquer", "--a", "mix", "--b", "master", "--trials", str(TRIALS),
                  "--seed", str(SEED), "--duration", "1", "--device", DEVICE])
    c.check("the keys are shown", run.wait_for(rb"Keys: a, b, x listen to A, B, X; 1 X is A, 2 X is B",
                                                timeout=15) is not None)
    c.check("the status line shows the first trial", run.wait_for(rb"\rTrial 1 of 5 +listening to A") is not None)
    for k, x in enumerate(sequence, start=1):
        mark = len(run.output)
        run.send(b"x")
        c.check(f"trial {k}: listening to X", run.wait_for(rb"listening to X", start=mark, timeout=3) is not None)
        run.read(0.3)
        run.send(b"1" if x == "A" else b"2")
        logged = run.wait_for(rb"Trial %d of 5 at \d\d:\d\d:\d\d: X was (A|B), you said (A|B): right" % k,
                              start=mark, timeout=3)
        c.check(f"trial {k} logged: X was {x}, answered right",
                logged is not None and logged.group(1).decode() == x, run.output[mark:][-200:])
    status = run.finish(timeout=10)
    out = run.output
    print(out.decode("utf-8", "replace").replace("\r", "\\r\n"))
    c.check("abx exits 0", status == 0, status)
    c.check("the result: 5 of 5 right and its p-value", b"5 of 5 right, p = 0.0312" in out)
    c.check("the verdict", b"You could tell them apart (p = 0.031)" in out)
    c.check("it says it saved the result", b"Saved in the project" in out)
    c.check("the terminal's settings are restored exactly", run.before == run.after)

    results = json.loads(subprocess.check_output([CLI, "abx-results", "p.lacquer", "--json"]))
    listing = json.loads(subprocess.check_output([CLI, "list", "p.lacquer", "--json"]))
    fingerprint = listing["project"]["tracks"][0]["fingerprint"]
    tests = results["tests"]
    c.check("abx-results shows one test", len(tests) == 1, tests)
    if tests:
        t = tests[0]
        c.check("of track 1, 5 of 5 right, p = 1/32",
                t["track"] == 1 and t["trials"] == TRIALS and t["correct"] == TRIALS
                and abs(t["p_value"] - 1 / 32) < 1e-9, t)
        c.check("A is the mix with the track's fingerprint",
                t["a"]["name"] == "mix" and t["a"]["fingerprint"] == fingerprint, t["a"])
        c.check("B is the master with a fingerprint of its own",
                t["b"]["name"] == "master" and len(t["b"]["fingerprint"]) >= 32
                and t["b"]["fingerprint"] != fingerprint, t["b"])
        c.check("every X and answer is kept",
                "".join(a["x"] for a in t["answers"]).upper() == sequence
                and "".join(a["answer"] for a in t["answers"]).upper() == sequence, t["answers"])
    locked(c, sequence)
    return 1 if c.failed else 0


def locked(c, sequence):
    """The project open for writing elsewhere (its lock held here): the
    result is printed, with a line saying it is not saved, and nothing is
    added to the project."""
    fd = os.open("p.lacquer", os.O_RDWR)
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    try:
        run = PtyRun([CLI, "abx", "p.lacquer", "--a", "mix", "--b", "master", "--trials", "1",
                      "--seed", str(SEED), "--duration", "1", "--device", DEVICE])
        c.check("locked: it says the result will not be saved",
                run.wait_for(rb"The project cannot be written \((?:p.lacquer: )?The project is open for writing "
                             rb"in another "
                             rb"Lacquer[^)]*\): the result will be shown, not saved", timeout=15) is not None)
        run.wait_for(rb"\rTrial 1 of 1 ")
        run.send(b"1" if sequence[0] == "A" else b"2")
        status = run.finish(timeout=10)
        c.check("locked: exit 0 with the result and \"Not saved\"",
                status == 0 and b"1 of 1 right, p = 0.5000" in run.output
                and b"No evidence you could tell them apart" in run.output
                and b"Not saved: the project cannot be written" in run.output, run.output[-300:])
    finally:
        os.close(fd)
    results = json.loads(subprocess.check_output([CLI, "abx-results", "p.lacquer", "--json"]))
    c.check("locked: the project still has one test", len(results["tests"]) == 1)


def main():
    if len(sys.argv) == 4 and sys.argv[2] == "--inner":
        return inner(sys.argv[3], sys.argv[1])
    c = Checks()
    sequence = subprocess.check_output([sys.argv[1], str(SEED), str(TRIALS)]).decode().strip()
    c.check("the seed draws X as A and as B", set(sequence) == {"A", "B"}, sequence)
    tmp = tempfile.mkdtemp(prefix="lacquer-abx-terminal.")
    try:
        os.chdir(tmp)
        write_sine("src.wav")
        for args in (["new", "p.lacquer"], ["add", "p.lacquer", "src.wav"], ["set", "p.lacquer", "1", "gain=6"],
                     ["analyze", "p.lacquer"]):
            if subprocess.call([CLI] + args, stdout=subprocess.DEVNULL) != 0:
                print("FAIL setting up the project:", args)
                return 1

        p = subprocess.run([CLI, "abx", "p.lacquer", "--a", "mix", "--b", "master"], stdin=subprocess.DEVNULL,
                           capture_output=True)
        c.check("abx without a terminal: exit 2, one line, nothing on stdout",
                p.returncode == 2 and p.stderr == b"lacquer-cli: abx needs a terminal\n" and p.stdout == b"",
                (p.returncode, p.stderr, p.stdout))
        usage = subprocess.check_output([CLI, "--help"]).decode()
        commands = usage.split("Commands:\n")[1].split("\n\n")[0].splitlines()
        columns = {len(line) - len(line.lstrip(" ").split(" ", 1)[1].lstrip(" ")) for line in commands}
        c.check("--help: every summary starts in the same column", len(columns) == 1 and len(commands) > 10,
                commands)
        c.check("--help lists abx", any(line.split()[0] == "abx" for line in commands))
        if c.failed:
            return 1

        shutil.copy("p.lacquer", "p0.lacquer")
        for attempt in (1, 2):
            with open("err", "w") as err:
                rc = subprocess.call([os.path.join(AUX, "with-jack-dummy.sh"), "-r", "48000", "--",
                                      sys.executable, os.path.abspath(__file__), sequence, "--inner", tmp],
                                     stderr=err)
            log = open("err").read()
            sys.stderr.write(log)
            if rc == 0:
                return 0
            if " 0 xrun line" in log or attempt == 2:
                return 1
            print("-- jackd logged an xrun: one more run")
            shutil.copy("p0.lacquer", "p.lacquer")
        return 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
