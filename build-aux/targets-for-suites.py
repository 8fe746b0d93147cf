#!/usr/bin/env python3
"""targets-for-suites.py BUILDDIR SUITE... [--not SUITE...]

Prints the ninja targets (paths relative to BUILDDIR) that the tests of the
given suites need: their executables and what they depend on, so that a
build for one run (the sanitizer run) compiles only those, not the
benchmarks, the engine's capture tests or anything else."""
import json
import os
import subprocess
import sys


def main():
    build = sys.argv[1]
    args = sys.argv[2:]
    want, skip = set(), set()
    target = want
    for a in args:
        if a == '--not':
            target = skip
            continue
        target.add('lacquer:' + a)
    info = json.loads(subprocess.check_output(['meson', 'introspect', build, '--tests', '--targets']))
    by_id = {t['id']: t for t in info['targets']}
    root = os.path.realpath(build)
    out = set()
    for test in info['tests']:
        suites = set(test['suite'])
        if not (suites & want) or (suites & skip):
            continue
        for dep in test.get('depends') or []:
            t = by_id.get(dep)
            if t is None:
                continue
            for f in t['filename']:
                out.add(os.path.relpath(os.path.realpath(f), root))
        exe = os.path.realpath(test['cmd'][0])
        if exe.startswith(root + os.sep):
            out.add(os.path.relpath(exe, root))
    print('\n'.join(sorted(out)))


if __name__ == '__main__':
    main()
