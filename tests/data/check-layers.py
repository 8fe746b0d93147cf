#!/usr/bin/env python3
"""check-layers.py SOURCE_ROOT BUILD_ROOT: the layers point one way.

Lacquer's code is a stack of static libraries (README, "Architecture"):

  dsp/realtime < dsp/offline
  app/core < app/analysis < app/matching < app/project < app/render
    < app/engine, app/plot < app/release
  app/engine, app/release < app/audition < app/cli
  ui (over all of app/)

Each library is built seeing only its own folder and the libraries below it,
so a wrong-way include already fails the build. This test checks the same
two ways, so that a change to the meson files cannot quietly open a door:

1. From the sources: every `#include "lq-….h"` in a folder names a header of
   that folder or of a folder below it, and a `-private.h` header is only
   included inside its own folder.
2. From the build: for each library, one of its real compile commands
   (compile_commands.json) is run on a probe that includes a header from the
   layer just above; the compiler must fail to find it. A probe of the
   library's own headers must compile, so the probe itself is sound.

Prints one line per problem and `N passed, N failed`; exits 1 on a problem.
"""
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile

# Folder -> folders whose headers it may include (besides its own).
BELOW = {
    'dsp/realtime': [],
    'dsp/offline': ['dsp/realtime'],
    'app/core': [],
    'app/analysis': ['app/core', 'dsp/realtime', 'dsp/offline'],
    'app/matching': ['app/analysis', 'app/core', 'dsp/realtime', 'dsp/offline'],
    'app/project': ['app/matching', 'app/analysis', 'app/core', 'dsp/realtime', 'dsp/offline'],
    'app/render': ['app/project', 'app/matching', 'app/analysis', 'app/core',
                   'dsp/realtime', 'dsp/offline'],
    'app/engine': ['app/render', 'app/project', 'app/matching', 'app/analysis', 'app/core',
                   'dsp/realtime', 'dsp/offline'],
    'app/plot': ['app/render', 'app/project', 'app/matching', 'app/analysis', 'app/core',
                 'dsp/realtime', 'dsp/offline'],
    'app/release': ['app/plot', 'app/render', 'app/project', 'app/matching', 'app/analysis', 'app/core',
                    'dsp/realtime', 'dsp/offline'],
    'app/audition': ['app/engine', 'app/release', 'app/plot', 'app/render', 'app/project', 'app/matching',
                     'app/analysis', 'app/core', 'dsp/realtime', 'dsp/offline'],
    'app/cli': ['app/audition', 'app/engine', 'app/release', 'app/plot', 'app/render', 'app/project', 'app/matching', 'app/analysis', 'app/core',
                'dsp/realtime', 'dsp/offline'],
    'ui': ['app/audition', 'app/engine', 'app/release', 'app/plot', 'app/render', 'app/project', 'app/matching', 'app/analysis', 'app/core',
           'dsp/realtime', 'dsp/offline'],
}

# For the build probe: a library's folder, and a header of the layer above
# that it must not see.
PROBES = [
    ('dsp/realtime', 'lq-spectrum.h', 'lq-limiter.h'),
    ('dsp/offline', 'lq-project.h', 'lq-spectrum.h'),
    ('app/core', 'lq-analyzer.h', 'lq-error.h'),
    ('app/analysis', 'lq-match-plan.h', 'lq-analyzer.h'),
    ('app/matching', 'lq-project.h', 'lq-match-plan.h'),
    ('app/project', 'lq-render.h', 'lq-project.h'),
    ('app/render', 'lq-audio-system.h', 'lq-render.h'),
    ('app/engine', 'lq-cli.h', 'lq-audio-system.h'),
    ('app/render', 'lq-engine.h', 'lq-render.h'),
    ('app/render', 'lq-plot-axis.h', 'lq-render.h'),
    ('app/plot', 'lq-engine.h', 'lq-plot-axis.h'),
    ('app/plot', 'lq-cd-layout.h', 'lq-plot-axis.h'),
    ('app/release', 'lq-engine.h', 'lq-cd-layout.h'),
    ('app/release', 'lq-cli.h', 'lq-cd-layout.h'),
    ('app/engine', 'lq-ddp-engine-image.h', 'lq-engine-image.h'),
    ('app/release', 'lq-ddp-engine-image.h', 'lq-cd-layout.h'),
    ('app/audition', 'lq-cli.h', 'lq-ddp-engine-image.h'),
]

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def headers_by_folder(root):
    where = {}
    for folder in BELOW:
        path = os.path.join(root, folder)
        for name in os.listdir(path):
            if name.endswith('.h'):
                if name in where:
                    raise SystemExit(f'FAIL: {name} exists in {where[name]} and {folder}')
                where[name] = folder
    return where


def check_sources(root):
    where = headers_by_folder(root)
    problems = []
    checked = 0
    for folder, below in BELOW.items():
        path = os.path.join(root, folder)
        for name in sorted(os.listdir(path)):
            if not name.endswith(('.c', '.h')):
                continue
            with open(os.path.join(path, name), encoding='utf-8') as f:
                text = f.read()
            for header in INCLUDE.findall(text):
                base = os.path.basename(header)
                if base not in where:
                    continue   # config.h, generated resources, system headers
                checked += 1
                home = where[base]
                if home != folder and home not in below:
                    problems.append(f'{folder}/{name} includes {base} from {home}, '
                                    f'which is not below {folder}')
                elif base.endswith('-private.h') and home != folder:
                    problems.append(f'{folder}/{name} includes {base}, private to {home}')
    return checked, problems


def compile_command(build, root, folder):
    """One real compile command of a source file in @folder."""
    with open(os.path.join(build, 'compile_commands.json'), encoding='utf-8') as f:
        commands = json.load(f)
    want = os.path.join(os.path.realpath(root), folder) + os.sep
    for c in commands:
        src = os.path.realpath(os.path.join(c['directory'], c['file']))
        if src.startswith(want) and src.endswith('.c') and os.path.dirname(src) + os.sep == want:
            return c
    return None


def probe(build, root, folder, header):
    """Compiles a file that includes @header with @folder's flags: True if it compiled."""
    c = compile_command(build, root, folder)
    if c is None:
        raise SystemExit(f'FAIL: no compile command for {folder} in compile_commands.json')
    args = shlex.split(c['command']) if 'command' in c else list(c['arguments'])
    src = c['file']
    with tempfile.TemporaryDirectory() as tmp:
        probe_c = os.path.join(tmp, 'probe.c')
        with open(probe_c, 'w', encoding='utf-8') as f:
            f.write(f'#include "{header}"\nint lq_probe (void);\nint lq_probe (void) {{ return 0; }}\n')
        out = []
        skip = False
        for a in args:
            if skip:
                skip = False
                out.append(os.path.join(tmp, 'probe.o') if prev == '-o' else
                           os.path.join(tmp, 'probe.d'))
                continue
            if a in ('-o', '-MF', '-MQ'):
                prev = a
                skip = True
                out.append(a)
                continue
            out.append(probe_c if a == src else a)
        r = subprocess.run(out, cwd=c['directory'], capture_output=True, text=True)
        return r.returncode == 0, r.stderr


def main():
    root, build = sys.argv[1], sys.argv[2]
    passed = failed = 0

    checked, problems = check_sources(root)
    for p in problems:
        print(f'FAIL: {p}')
    if problems:
        failed += 1
    else:
        passed += 1
        print(f'ok: {checked} includes of Lacquer headers point down the layers')

    for folder, above, own in PROBES:
        ok_own, err_own = probe(build, root, folder, own)
        ok_above, _ = probe(build, root, folder, above)
        if not ok_own:
            failed += 1
            print(f'FAIL: the probe of {folder} does not compile with its own {own}:\n{err_own}')
        elif ok_above:
            failed += 1
            print(f'FAIL: {folder} compiles an include of {above}, a header above it')
        else:
            passed += 1
            print(f'ok: {folder} cannot include {above}')

    print(f'{passed} passed, {failed} failed')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
