#!/usr/bin/python3
"""Check that po/POTFILES.in lists exactly the files with translatable strings.

Usage: check-potfiles.py [SOURCE_ROOT]   (default: $LQ_SOURCE_ROOT, else ../..)

Fails, naming the file, when
  - a .c or .h file under app/, ui/ or dsp/ marks a string with _(), N_(), C_(),
    NC_(), ngettext() or g_dngettext(), or a .ui file there has
    translatable="yes", and the file is in neither po/POTFILES.in nor
    po/POTFILES.skip;
  - po/POTFILES.in or po/POTFILES.skip lists a file that does not exist;
  - po/POTFILES.in lists a file twice or is not sorted.
"""

import os
import re
import sys

SCANNED_DIRS = ('app', 'ui', 'dsp')

# A gettext call in C: the macro name must not be the tail of a longer
# identifier (G_DEFINE_TYPE_ (…) or foo_ (…) are not gettext).
C_MARK = re.compile(r'(?<![A-Za-z0-9_])(?:_|N_|C_|NC_|ngettext|g_dngettext)\s*\(')
C_COMMENT = re.compile(r'/\*.*?\*/|//[^\n]*', re.DOTALL)
C_DEFINE = re.compile(r'^[ \t]*#[ \t]*define\b.*$', re.MULTILINE)
UI_MARK = re.compile(r'translatable\s*=\s*["\']yes["\']')


def read_list(path):
    """Entries of a POTFILES-style list, with their line numbers."""
    entries = []
    if not os.path.exists(path):
        return entries
    with open(path, encoding='utf-8') as f:
        for lineno, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith('#') or line.startswith('['):
                continue
            entries.append((lineno, line))
    return entries


def has_translatable_strings(path):
    try:
        with open(path, encoding='utf-8', errors='replace') as f:
            text = f.read()
    except OSError as e:
        print(f'{path}: cannot read: {e}', file=sys.stderr)
        return False
    if path.endswith('.ui'):
        return UI_MARK.search(text) is not None
    # Comments and the macro definitions themselves (#define _(s) …) do not count.
    text = C_COMMENT.sub(' ', text)
    text = C_DEFINE.sub(' ', text)
    return C_MARK.search(text) is not None


def main():
    root = (sys.argv[1] if len(sys.argv) > 1
            else os.environ.get('LQ_SOURCE_ROOT')
            or os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))
    root = os.path.abspath(root)
    potfiles_in = os.path.join(root, 'po', 'POTFILES.in')
    potfiles_skip = os.path.join(root, 'po', 'POTFILES.skip')
    errors = []

    if not os.path.exists(potfiles_in):
        print(f'FAIL: {potfiles_in} does not exist', file=sys.stderr)
        return 1

    listed = read_list(potfiles_in)
    skipped = read_list(potfiles_skip)
    listed_names = [name for _, name in listed]

    for list_path, entries in ((potfiles_in, listed), (potfiles_skip, skipped)):
        rel = os.path.relpath(list_path, root)
        for lineno, name in entries:
            if not os.path.isfile(os.path.join(root, name)):
                errors.append(f'{rel}:{lineno}: lists {name}, which does not exist')

    seen = set()
    for lineno, name in listed:
        if name in seen:
            errors.append(f'po/POTFILES.in:{lineno}: lists {name} twice')
        seen.add(name)

    if listed_names != sorted(listed_names):
        for (lineno, a), (_, b) in zip(listed, listed[1:]):
            if b < a:
                errors.append(f'po/POTFILES.in:{lineno + 1}: not sorted: '
                              f'{b} should come before {a}')
                break

    known = set(listed_names) | {name for _, name in skipped}
    found = []
    for top in SCANNED_DIRS:
        top_path = os.path.join(root, top)
        for dirpath, dirnames, filenames in os.walk(top_path):
            dirnames.sort()
            for filename in sorted(filenames):
                if not filename.endswith(('.c', '.h', '.ui')):
                    continue
                path = os.path.join(dirpath, filename)
                rel = os.path.relpath(path, root).replace(os.sep, '/')
                if has_translatable_strings(path):
                    found.append(rel)
                    if rel not in known:
                        errors.append(f'{rel}: has translatable strings '
                                      'but is missing from po/POTFILES.in')

    for name in listed_names:
        if name.split('/')[0] in SCANNED_DIRS and name not in found \
                and os.path.isfile(os.path.join(root, name)):
            print(f'note: po/POTFILES.in lists {name}, '
                  'which has no translatable strings (any more?)')

    if errors:
        for e in errors:
            print(f'FAIL: {e}', file=sys.stderr)
        print(f'{len(errors)} problem(s) with po/POTFILES.in; add new files in sorted order, '
              'or to po/POTFILES.skip if they must not be translated', file=sys.stderr)
        return 1

    print(f'ok: po/POTFILES.in lists all {len(found)} source file(s) with translatable strings '
          f'under {", ".join(d + "/" for d in SCANNED_DIRS)} ({len(listed_names)} entries)')
    return 0


if __name__ == '__main__':
    sys.exit(main())
