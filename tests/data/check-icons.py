#!/usr/bin/python3
"""Check Lacquer's SVG icons.

Usage: check-icons.py ICON.svg...

Each icon must be well-formed XML with an <svg> root and a square viewBox,
draw without outside help (no <image>, <text>, <script> or links to other
files), and refer only to ids it defines. An icon named *-symbolic.svg must
be 16×16 and a single flat shape colour, as GTK recolours it; any other icon
must be a full-colour app icon of 128×128 in hicolor/scalable/apps/.
Fails naming the file and the problem.
"""

import os
import re
import sys
import xml.etree.ElementTree as ET

SVG = '{http://www.w3.org/2000/svg}'
XLINK_HREF = '{http://www.w3.org/1999/xlink}href'
FORBIDDEN = ('image', 'text', 'script', 'foreignObject')
URL_REF = re.compile(r'url\(\s*#([^)\s]+)\s*\)')


def floats(s):
    return [float(x) for x in re.split(r'[\s,]+', s.strip()) if x]


def check(path):
    problems = []
    try:
        tree = ET.parse(path)
    except (ET.ParseError, OSError) as e:
        return [f'not well-formed XML: {e}']
    root = tree.getroot()
    if root.tag != SVG + 'svg':
        return [f'root element is <{root.tag}>, not an SVG <svg>']

    viewbox = root.get('viewBox')
    if not viewbox:
        problems.append('the <svg> element has no viewBox')
        size = None
    else:
        vb = floats(viewbox)
        if len(vb) != 4 or vb[2] <= 0 or vb[2] != vb[3]:
            problems.append(f'viewBox "{viewbox}" is not a square')
        size = vb[2] if len(vb) == 4 else None

    ids = {el.get('id') for el in root.iter() if el.get('id')}
    colours = set()
    for el in root.iter():
        name = el.tag[len(SVG):] if el.tag.startswith(SVG) else el.tag
        if name in FORBIDDEN:
            problems.append(f'uses <{name}>, which does not draw the same everywhere')
        for attr in ('href', XLINK_HREF):
            href = el.get(attr)
            if href is not None and not href.startswith('#'):
                problems.append(f'<{name}> links to "{href}" outside the file')
            elif href is not None and href[1:] not in ids:
                problems.append(f'<{name}> links to "{href}", which is not defined')
        for value in el.attrib.values():
            for ref in URL_REF.findall(value):
                if ref not in ids:
                    problems.append(f'<{name}> refers to url(#{ref}), which is not defined')
        for attr in ('fill', 'stroke'):
            v = el.get(attr)
            if v and v not in ('none', 'currentColor') and not v.startswith('url('):
                colours.add(v.lower())

    base = os.path.basename(path)
    if base.endswith('-symbolic.svg'):
        if size != 16:
            problems.append(f'a symbolic icon must be 16×16, this one is {size}')
        if len(colours) > 1:
            problems.append(f'a symbolic icon is one flat colour, this one has {sorted(colours)}')
        if any(el.tag in (SVG + 'linearGradient', SVG + 'radialGradient') for el in root.iter()):
            problems.append('a symbolic icon has no gradients')
        if os.path.basename(os.path.dirname(os.path.dirname(path))) != 'symbolic':
            problems.append('a symbolic icon belongs in hicolor/symbolic/apps/')
    else:
        if size != 128:
            problems.append(f'an app icon is drawn on a 128×128 canvas, this one is {size}')
        if os.path.basename(os.path.dirname(os.path.dirname(path))) != 'scalable':
            problems.append('a full-colour app icon belongs in hicolor/scalable/apps/')
    return problems


def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    failed = False
    for path in sys.argv[1:]:
        problems = check(path)
        for p in problems:
            print(f'FAIL: {path}: {p}', file=sys.stderr)
        if problems:
            failed = True
        else:
            print(f'ok: {path}')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
