#!/usr/bin/python3
"""Check the shared-mime-info type of the Lacquer album project.

Usage: check-mime.py SOURCE_ROOT MIME_XML [MIME_XML...]

Each MIME_XML (data/org.lacquer.Lacquer.mime.xml.in, and the translated
org.lacquer.Lacquer.xml that the build merges from it) must declare
application/x-lacquer with
  - a comment, "Lacquer album project";
  - the glob *.lacquer;
  - sub-class-of application/vnd.sqlite3 (or its alias application/x-sqlite3);
  - magic with a priority above the 50 of application/vnd.sqlite3: the string
    "SQLite format 3\\0" at offset 0 and, nested (so both must match), the
    project's PRAGMA application_id at offset 68, as big32 or as a 4-byte
    string; the id is read from app/project/lq-project-store.h
    (LQ_PROJECT_APPLICATION_ID), so the two cannot drift apart.
A merged file (one that is not a .in) must also carry a translated comment for
every language in po/LINGUAS.

When xmllint and the system's freedesktop.org.xml are there, each file is
validated against the DTD that freedesktop.org.xml carries. When
update-mime-database and gio are there, a private MIME database is built from
the merged file (and freedesktop.org.xml) and real files are sniffed: a project
made by lacquer-cli ($LQ_CLI) or by Python's sqlite3, with and without the
.lacquer extension, must be application/x-lacquer; SQLite databases of other
applications, and a file whose header only almost matches, must not be.
"""

import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

NS = 'http://www.freedesktop.org/standards/shared-mime-info'
XML_LANG = '{http://www.w3.org/XML/1998/namespace}lang'
MIME_TYPE = 'application/x-lacquer'
SQLITE_TYPES = ('application/vnd.sqlite3', 'application/x-sqlite3')
SQLITE_MAGIC = b'SQLite format 3\x00'
SQLITE_PRIORITY = 50
APP_ID_OFFSET = 68
SYSTEM_PACKAGE = '/usr/share/mime/packages/freedesktop.org.xml'

errors = []


def fail(msg):
    errors.append(msg)
    print(f'FAIL: {msg}', file=sys.stderr)


def q(tag):
    return f'{{{NS}}}{tag}'


def app_id_from_header(root):
    path = os.path.join(root, 'app', 'project', 'lq-project-store.h')
    with open(path, encoding='utf-8') as f:
        m = re.search(r'#define\s+LQ_PROJECT_APPLICATION_ID\s+(0[xX][0-9A-Fa-f]+|\d+)', f.read())
    if not m:
        fail(f'{path}: no #define LQ_PROJECT_APPLICATION_ID')
        return None
    return int(m.group(1), 0)


def magic_string(value):
    """The bytes a type="string" value stands for, as update-mime-database
    reads them: \\\\, \\xHH and \\OOO escapes; any other escaped character is
    itself."""
    out = bytearray()
    i = 0
    raw = value.encode('utf-8')
    while i < len(raw):
        c = raw[i]
        if c != ord('\\') or i + 1 == len(raw):
            out.append(c)
            i += 1
            continue
        i += 1
        m = re.match(rb'x([0-9A-Fa-f]{1,2})|([0-7]{1,3})', raw[i:])
        if m and m.group(1):
            out.append(int(m.group(1), 16))
            i += m.end()
        elif m and m.group(2):
            out.append(int(m.group(2), 8) & 0xff)
            i += m.end()
        else:
            out.append(raw[i])
            i += 1
    return bytes(out)


def match_bytes(match):
    """(offset, bytes) of a <match>, or None when it cannot be checked."""
    kind = match.get('type')
    value = match.get('value', '')
    try:
        offset = int(match.get('offset', ''), 0)
    except ValueError:
        return None
    if kind == 'string':
        return offset, magic_string(value)
    if kind == 'big32':
        try:
            return offset, int(value, 0).to_bytes(4, 'big')
        except (ValueError, OverflowError):
            return None
    return None


def check_file(path, app_id, langs):
    name = os.path.basename(path)
    merged = not path.endswith('.in')
    n_errors = len(errors)
    try:
        tree = ET.parse(path)
    except ET.ParseError as e:
        fail(f'{name}: not well-formed XML: {e}')
        return
    root = tree.getroot()
    if root.tag != q('mime-info'):
        fail(f'{name}: the root element is {root.tag}, not <mime-info xmlns="{NS}">')
        return
    types = [t for t in root.findall(q('mime-type')) if t.get('type') == MIME_TYPE]
    if len(types) != 1:
        fail(f'{name}: declares {MIME_TYPE} {len(types)} times, not once')
        return
    mt = types[0]

    comments = mt.findall(q('comment'))
    untranslated = [c for c in comments if c.get(XML_LANG) is None]
    if len(untranslated) != 1 or (untranslated[0].text or '').strip() != 'Lacquer album project':
        fail(f'{name}: {MIME_TYPE} needs exactly one untranslated comment, '
             '"Lacquer album project"')
    if merged:
        have = {c.get(XML_LANG): (c.text or '').strip() for c in comments if c.get(XML_LANG)}
        for lang in langs:
            if not have.get(lang):
                fail(f'{name}: no translated comment for "{lang}": translate '
                     f'"Lacquer album project" in po/{lang}.po (or, if it is, the build '
                     'is stale: meson 1.0 does not remake merge_file outputs when a .po '
                     'file changes; touch data/org.lacquer.Lacquer.mime.xml.in)')

    globs = [g.get('pattern') for g in mt.findall(q('glob'))]
    if '*.lacquer' not in globs:
        fail(f'{name}: no <glob pattern="*.lacquer"/> (has {globs})')

    parents = [s.get('type') for s in mt.findall(q('sub-class-of'))]
    if not any(p in SQLITE_TYPES for p in parents):
        fail(f'{name}: not a sub-class-of {" or ".join(SQLITE_TYPES)} (has {parents})')

    magics = mt.findall(q('magic'))
    if not magics:
        fail(f'{name}: no <magic>')
    found = False
    for magic in magics:
        try:
            priority = int(magic.get('priority', '50'))
        except ValueError:
            fail(f'{name}: magic priority {magic.get("priority")!r} is not a number')
            continue
        for top in magic.findall(q('match')):
            mb = match_bytes(top)
            if mb != (0, SQLITE_MAGIC):
                continue
            for inner in top.findall(q('match')):
                ib = match_bytes(inner)
                if app_id is not None and ib == (APP_ID_OFFSET, app_id.to_bytes(4, 'big')):
                    found = True
                    if priority <= SQLITE_PRIORITY:
                        fail(f'{name}: magic priority {priority} must be above '
                             f'{SQLITE_PRIORITY}, the priority of application/vnd.sqlite3')
    if not found and app_id is not None:
        fail(f'{name}: no magic "SQLite format 3\\000" at offset 0 with a nested match of '
             f'0x{app_id:08X} ({app_id.to_bytes(4, "big").decode("latin-1")!r}) '
             f'at offset {APP_ID_OFFSET}')
    for match in mt.iter(q('match')):
        if match_bytes(match) is None:
            fail(f'{name}: cannot read <match type="{match.get("type")}" '
                 f'value="{match.get("value")}" offset="{match.get("offset")}">')
    if len(errors) == n_errors:
        print(f'ok: {name}: {MIME_TYPE}, *.lacquer, sub-class-of SQLite, '
              f'magic at 0 and {APP_ID_OFFSET}')


def check_dtd(paths, tmp):
    xmllint = shutil.which('xmllint')
    if not xmllint or not os.path.exists(SYSTEM_PACKAGE):
        print('note: no xmllint or no freedesktop.org.xml, DTD validation skipped')
        return
    with open(SYSTEM_PACKAGE, encoding='utf-8') as f:
        m = re.search(r'<!DOCTYPE mime-info \[(.*?)\]>', f.read(), re.DOTALL)
    if not m:
        print(f'note: {SYSTEM_PACKAGE} carries no DTD, validation skipped')
        return
    dtd = os.path.join(tmp, 'mime-info.dtd')
    with open(dtd, 'w', encoding='utf-8') as f:
        f.write(m.group(1))
    for path in paths:
        r = subprocess.run([xmllint, '--noout', '--dtdvalid', dtd, path],
                           capture_output=True, text=True)
        if r.returncode != 0:
            fail(f'{os.path.basename(path)}: not valid against the shared-mime-info DTD:\n'
                 f'{r.stderr}')
        else:
            print(f'ok: {os.path.basename(path)}: valid against the shared-mime-info DTD')


def make_sqlite(path, app_id):
    db = sqlite3.connect(path)
    db.execute(f'PRAGMA application_id = {app_id}')
    db.execute('CREATE TABLE t (x)')
    db.commit()
    db.close()


def check_sniffing(merged, app_id, tmp):
    umd = shutil.which('update-mime-database')
    gio = shutil.which('gio')
    if not umd or not gio or app_id is None:
        print('note: no update-mime-database or gio, sniffing skipped')
        return
    data = os.path.join(tmp, 'share')
    packages = os.path.join(data, 'mime', 'packages')
    os.makedirs(packages)
    shutil.copy(merged, packages)
    have_system = os.path.exists(SYSTEM_PACKAGE)
    if have_system:
        shutil.copy(SYSTEM_PACKAGE, packages)
    env = dict(os.environ, XDG_DATA_HOME=data, XDG_DATA_DIRS=data,
               GIO_USE_VFS='local', LC_ALL='C.UTF-8', LANGUAGE='C')
    env.pop('G_DEBUG', None)
    r = subprocess.run([umd, '-V', os.path.join(data, 'mime')],
                       capture_output=True, text=True, env=env)
    if r.returncode != 0:
        fail(f'update-mime-database failed:\n{r.stdout}{r.stderr}')
        return
    for line in (r.stdout + r.stderr).splitlines():
        if os.path.basename(merged) in line and re.search(r'(?i)warn|error|unknown|invalid', line):
            fail(f'update-mime-database: {line}')

    files = os.path.join(tmp, 'files')
    os.makedirs(files)
    cases = []  # (file name, expect x-lacquer?, what)

    cli = os.environ.get('LQ_CLI')
    if cli and os.access(cli, os.X_OK):
        r = subprocess.run([cli, 'new', os.path.join(files, 'cli.lacquer')],
                           capture_output=True, text=True, env=env)
        if r.returncode == 0 and os.path.exists(os.path.join(files, 'cli.lacquer')):
            shutil.copy(os.path.join(files, 'cli.lacquer'), os.path.join(files, 'cli-project'))
            cases += [('cli.lacquer', True, 'a project from lacquer-cli new'),
                      ('cli-project', True, 'a project from lacquer-cli new, renamed without '
                                            '.lacquer (magic)')]
        else:
            print(f'note: lacquer-cli new failed, its project is not sniffed:\n{r.stderr}')

    make_sqlite(os.path.join(files, 'made.lacquer'), app_id)
    make_sqlite(os.path.join(files, 'made-project'), app_id)
    make_sqlite(os.path.join(files, 'plain-database'), 0)
    make_sqlite(os.path.join(files, 'other-application'), 0x12345678)
    with open(os.path.join(files, 'almost'), 'wb') as f:
        f.write(b'SQLite format 3X' + bytes(APP_ID_OFFSET - 16)
                + app_id.to_bytes(4, 'big') + bytes(100))
    cases += [('made.lacquer', True, 'an SQLite file with the application id, *.lacquer'),
              ('made-project', True, 'an SQLite file with the application id, no extension'),
              ('plain-database', False, 'an SQLite file without an application id'),
              ('other-application', False, 'an SQLite file of another application'),
              ('almost', False, 'a file with "SQLite format 3X" and the id at 68')]

    for fname, want, what in cases:
        r = subprocess.run([gio, 'info', '-a', 'standard::content-type',
                            os.path.join(files, fname)],
                           capture_output=True, text=True, env=env)
        m = re.search(r'standard::content-type:\s*(\S+)', r.stdout)
        got = m.group(1) if m else None
        if got is None:
            fail(f'gio info {fname}: no content type:\n{r.stdout}{r.stderr}')
        elif (got == MIME_TYPE) != want:
            fail(f'{what} ({fname}) is {got}, '
                 f'{"expected " + MIME_TYPE if want else "must not be " + MIME_TYPE}')
        elif not want and have_system and fname != 'almost' and got not in SQLITE_TYPES:
            fail(f'{what} ({fname}) is {got}, expected application/vnd.sqlite3')
        else:
            print(f'ok: {what}: {got}')


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    root = os.path.abspath(sys.argv[1])
    paths = sys.argv[2:]
    with open(os.path.join(root, 'po', 'LINGUAS'), encoding='utf-8') as f:
        langs = [w for line in f for w in line.split('#', 1)[0].split()]
    app_id = app_id_from_header(root)
    for path in paths:
        check_file(path, app_id, langs)
    with tempfile.TemporaryDirectory(prefix='lq-mime-') as tmp:
        check_dtd(paths, tmp)
        merged = [p for p in paths if not p.endswith('.in')]
        if merged and not errors:
            check_sniffing(merged[0], app_id, tmp)
    if errors:
        print(f'{len(errors)} problem(s) with the {MIME_TYPE} MIME type', file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
