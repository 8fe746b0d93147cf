#!/usr/bin/python3
"""Check that every translatable string of Lacquer is translated.

Usage: check-translations.py [SOURCE_ROOT [LANG...]]
       (default root: $LQ_SOURCE_ROOT, else ../..; default languages: po/LINGUAS)

Generates a fresh template from po/POTFILES.in with xgettext (the keywords and
flags of meson's 'glib' preset, as po/meson.build uses), merges each po/LANG.po
against it with msgmerge, and runs `msgfmt --check --statistics` on the result.
Fails, naming the file and listing the messages, when xgettext cannot extract
a string whole (a macro such as G_GINT64_FORMAT inside the literal), when a
.po file does not compile cleanly, or when any message is untranslated or fuzzy. Messages the
.po file has but the sources no longer use are reported, not failed.

Nothing in the source tree is changed. To update a translation by hand:
  meson compile -C BUILDDIR lacquer-update-po
"""

import os
import re
import subprocess
import sys
import tempfile

# meson's i18n 'glib' preset (mesonbuild/modules/i18n.py), plus the -k_ that
# meson's gettext helper always adds.
XGETTEXT_ARGS = [
    '--from-code=UTF-8',
    '--add-comments',
    '-k_',
    '--keyword=_',
    '--keyword=N_',
    '--keyword=C_:1c,2',
    '--keyword=NC_:1c,2',
    '--keyword=g_dcgettext:2',
    '--keyword=g_dngettext:2,3',
    '--keyword=g_dpgettext2:2c,3',
    '--flag=N_:1:pass-c-format',
    '--flag=C_:2:pass-c-format',
    '--flag=NC_:2:pass-c-format',
    '--flag=g_dngettext:2:pass-c-format',
    '--flag=g_strdup_printf:1:c-format',
    '--flag=g_string_printf:2:c-format',
    '--flag=g_string_append_printf:2:c-format',
    '--flag=g_error_new:3:c-format',
    '--flag=g_set_error:4:c-format',
    '--flag=g_markup_printf_escaped:1:c-format',
    '--flag=g_log:3:c-format',
    '--flag=g_print:1:c-format',
    '--flag=g_printerr:1:c-format',
    '--flag=g_printf:1:c-format',
    '--flag=g_fprintf:2:c-format',
    '--flag=g_sprintf:2:c-format',
    '--flag=g_snprintf:3:c-format',
]

STATS = re.compile(r'(\d+) translated messages?'
                   r'(?:, (\d+) fuzzy translations?)?'
                   r'(?:, (\d+) untranslated messages?)?')


def run(cmd):
    # The gettext tools' own messages in English, whatever the caller's locale:
    # msgfmt --statistics is parsed below.
    env = dict(os.environ, LC_ALL='C.UTF-8', LANGUAGE='C')
    return subprocess.run(cmd, capture_output=True, text=True, env=env)


def entries(po_text):
    """The message entries of a PO file, without its header."""
    blocks = [b for b in po_text.strip().split('\n\n') if b.strip()]
    return [b for b in blocks if not re.search(r'^msgid ""\nmsgstr ""', b, re.MULTILINE)
            or re.search(r'^msgctxt', b, re.MULTILINE)]


def read_linguas(root):
    langs = []
    with open(os.path.join(root, 'po', 'LINGUAS'), encoding='utf-8') as f:
        for line in f:
            line = line.split('#', 1)[0].strip()
            langs += line.split()
    return langs


def main():
    root = (sys.argv[1] if len(sys.argv) > 1
            else os.environ.get('LQ_SOURCE_ROOT')
            or os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))
    root = os.path.abspath(root)
    langs = sys.argv[2:] or read_linguas(root)
    if not langs:
        print('FAIL: po/LINGUAS lists no language', file=sys.stderr)
        return 1

    failed = False
    with tempfile.TemporaryDirectory(prefix='lq-po-') as tmp:
        pot = os.path.join(tmp, 'lacquer.pot')
        xg = run(['xgettext', '--package-name=lacquer', '-D', root,
                  '-f', os.path.join(root, 'po', 'POTFILES.in'),
                  '-o', pot] + XGETTEXT_ARGS)
        if xg.returncode != 0 or not os.path.exists(pot):
            print(f'FAIL: xgettext over po/POTFILES.in failed:\n{xg.stderr}', file=sys.stderr)
            return 1
        # A msgid that is cut short (a printf macro such as G_GINT64_FORMAT
        # pasted into the literal) or empty can never be translated.
        for line in xg.stderr.splitlines():
            if 'not a valid C format string' in line or 'Empty msgid' in line:
                where = line.split(': warning:', 1)[0]
                print(f'FAIL: {where}: xgettext cannot extract this string whole: {line}\n'
                      '  a macro pasted into a translatable literal ends the msgid there; '
                      'use PRId64/PRIu64 from <inttypes.h> (gettext understands those) '
                      'or format the number into a %s argument first',
                      file=sys.stderr)
                failed = True
            elif line.strip():
                print(f'note: xgettext: {line}')
        with open(pot, encoding='utf-8') as f:
            n_msgids = len(entries(f.read()))
        print(f'template: {n_msgids} messages from po/POTFILES.in')

        for lang in langs:
            po = os.path.join(root, 'po', f'{lang}.po')
            rel = f'po/{lang}.po'
            if not os.path.exists(po):
                print(f'FAIL: {rel} does not exist (listed in po/LINGUAS)', file=sys.stderr)
                failed = True
                continue

            own = run(['msgfmt', '--check', '-o', os.devnull, po])
            if own.returncode != 0:
                print(f'FAIL: {rel} does not compile with msgfmt --check:\n{own.stderr}',
                      file=sys.stderr)
                failed = True
                continue

            merged = os.path.join(tmp, f'{lang}.po')
            mm = run(['msgmerge', '--quiet', '--previous', '-o', merged, po, pot])
            if mm.returncode != 0:
                print(f'FAIL: msgmerge {rel} lacquer.pot failed:\n{mm.stderr}', file=sys.stderr)
                failed = True
                continue

            fmt = run(['msgfmt', '--check', '--check-accelerators=_', '--statistics',
                       '-o', os.devnull, merged])
            m = STATS.search(fmt.stderr)
            if fmt.returncode != 0 or not m:
                print(f'FAIL: {rel}, merged with the current template, does not compile with '
                      f'msgfmt --check:\n{fmt.stderr}', file=sys.stderr)
                failed = True
                continue
            translated, fuzzy, untranslated = (int(x or 0) for x in m.groups())

            obsolete = run(['msgattrib', '--only-obsolete', merged]).stdout
            n_obsolete = len(entries(obsolete))
            if n_obsolete:
                print(f'note: {rel} has {n_obsolete} message(s) the sources no longer use; '
                      f'`meson compile -C BUILDDIR lacquer-update-po` drops them to #~')

            if fuzzy or untranslated:
                failed = True
                print(f'FAIL: {rel}: {translated} translated, {fuzzy} fuzzy, '
                      f'{untranslated} untranslated of {n_msgids}', file=sys.stderr)
                for what, flag in (('untranslated', '--untranslated'), ('fuzzy', '--only-fuzzy')):
                    out = run(['msgattrib', flag, '--no-obsolete', '--no-wrap', merged]).stdout
                    for entry in entries(out):
                        print(f'  {what} in {rel}:\n    ' + entry.replace('\n', '\n    '),
                              file=sys.stderr)
            else:
                print(f'ok: {rel}: all {translated} messages translated, none fuzzy')

    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
