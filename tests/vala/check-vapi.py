#!/usr/bin/env python3
"""Checks bindings/vala/Gt-1.0.metadata against the current Gt-1.0.gir.

    check-vapi.py VAPIGEN GIR METADATA_DIR

The build runs vapigen with --quiet, so a metadata rule that no longer
matches anything would go unnoticed; and the metadata declares errors with
broad patterns ("every Tensor method throws Gt.Error"), which would give a
new function that takes no GError an error argument it does not have. This
script generates the VAPI twice, with the metadata and without it, and fails
when:

  - vapigen reports any warning or error;
  - a function throws in one VAPI and not in the other (the metadata may only
    name the error domain, never add or remove an error);
  - a function that does not throw changed the nullability of its result.

Each failure names the symbol and the metadata rule to add. A throwing
function left with "throws GLib.Error" is only noted: it works, and the
rule that names Gt.Error can come later.
"""

import os
import re
import subprocess
import sys
import tempfile

CONTAINER = re.compile(
    r'^\t(?:public |protected )?(?:abstract |sealed )*'
    r'(?:class|struct|enum|errordomain|interface) (\w+)')
METHOD = re.compile(
    r'^\t+public (?:static )?(?:async )?(?P<ret>[\w.?<>\[\], ]+?) (?P<name>\w+) \(')
CONSTRUCTOR = re.compile(r'^\t\tpublic (?P<cls>\w+)(?:\.(?P<name>\w+))? \(')
THROWS = re.compile(r'\) throws ([\w., ]+);$')


def generate(vapigen, gir, metadata_dir, outdir, library):
    result = subprocess.run(
        [vapigen, f'--library={library}', f'--directory={outdir}',
         f'--metadatadir={metadata_dir}', '--pkg=gobject-2.0', '--pkg=gio-2.0', gir],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, check=False)
    return result.returncode, result.stdout, os.path.join(outdir, f'{library}.vapi')


def parse(path):
    """{qualified name: (throws, return nullable)} for every method and constructor."""
    symbols = {}
    container = None
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.rstrip('\n')
            m = CONTAINER.match(line)
            if m:
                container = m.group(1)
                continue
            if line == '\t}':
                container = None
                continue
            if ' signal ' in line or ' delegate ' in line or '(' not in line:
                continue
            m = THROWS.search(line)
            throws = m.group(1) if m else None
            c = CONSTRUCTOR.match(line)
            if c and container and c.group('cls') == container:
                name = f"{container}.new" + (f"_{c.group('name')}" if c.group('name') else '')
                symbols[name] = (throws, False)
                continue
            m = METHOD.match(line)
            if m:
                prefix = f'{container}.' if container and line.startswith('\t\t') else ''
                symbols[prefix + m.group('name')] = (throws, m.group('ret').endswith('?'))
    return symbols


def main():
    if len(sys.argv) != 4:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    vapigen, gir, metadata_dir = sys.argv[1:]
    problems = []
    notes = []
    with tempfile.TemporaryDirectory() as tmp:
        empty = os.path.join(tmp, 'no-metadata')
        os.mkdir(empty)
        rc, log, plain_path = generate(vapigen, gir, empty, tmp, 'plain')
        if rc != 0:
            print(log)
            print('vapigen failed on the GIR alone', file=sys.stderr)
            return 1
        rc, log, real_path = generate(vapigen, gir, metadata_dir, tmp, 'gtensor-1.0')
        print(log.strip())
        if rc != 0 or 'Generation succeeded - 0 warning(s)' not in log:
            problems.append('vapigen reported warnings or errors with the metadata (above)')
        if rc != 0:
            for p in problems:
                print(f'FAIL: {p}', file=sys.stderr)
            return 1
        plain = parse(plain_path)
        real = parse(real_path)

    if len(real) < 10:
        problems.append(f'parsed only {len(real)} symbols from the VAPI: parser out of date?')

    for name, (throws, nullable) in sorted(real.items()):
        if name not in plain:
            continue
        plain_throws, plain_nullable = plain[name]
        if throws and not plain_throws:
            problems.append(f'{name} takes no GError but the metadata makes it throw: '
                            f'add: {name} throws=null')
        elif plain_throws and not throws:
            problems.append(f'{name} throws but the metadata removed it: '
                            f'add: {name} throws="Gt.Error"')
        elif throws and throws.strip() != 'Gt.Error':
            notes.append(f'{name} throws {throws.strip()}, not Gt.Error: '
                         f'add: {name} throws="Gt.Error" nullable=false')
        elif not throws and nullable != plain_nullable:
            problems.append(f'{name} does not throw, yet its result became '
                            f'{"nullable" if nullable else "non-null"}: '
                            f'add: {name} nullable={"true" if plain_nullable else "false"}')

    n_throwing = sum(1 for t, _ in real.values() if t)
    print(f'# {len(real)} methods and constructors, {n_throwing} throw Gt.Error')
    for n in notes:
        print(f'# note: {n}')
    for p in problems:
        print(f'FAIL: {p}', file=sys.stderr)
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
