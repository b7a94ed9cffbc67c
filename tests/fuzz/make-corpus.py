#!/usr/bin/env python3
"""Writes the seed corpus of the safetensors fuzz target into corpus/:
valid files of every dtype (written here with NumPy + json, independently of
gtensor, in several layouts) and a few malformed ones. Run from anywhere;
the output is deterministic."""

import json
import os
import struct

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, 'corpus')

DTYPES = {'F32': '<f4', 'F64': '<f8', 'F16': '<f2', 'BF16': '<u2', 'I8': 'i1',
          'U8': 'u1', 'I16': '<i2', 'I32': '<i4', 'I64': '<i8', 'BOOL': '?'}


def arr(st, shape, seed=0):
    rng = np.random.default_rng(seed)
    n = int(np.prod(shape, dtype=np.int64))
    if st == 'BOOL':
        a = rng.integers(0, 2, n).astype(bool)
    elif st in ('F32', 'F64', 'F16'):
        a = (rng.standard_normal(n) * 10).astype(DTYPES[st])
    else:
        a = rng.integers(0, 200, n).astype(DTYPES[st])
    return st, list(shape), a.tobytes()


def build(tensors, metadata=None, order=None, pad=True, raw_header=None):
    names = order if order is not None else sorted(tensors)
    header = {}
    if metadata is not None:
        header['__metadata__'] = metadata
    pos, blobs = 0, []
    for name in names:
        st, shape, raw = tensors[name]
        header[name] = {'dtype': st, 'shape': shape,
                        'data_offsets': [pos, pos + len(raw)]}
        pos += len(raw)
        blobs.append(raw)
    text = (raw_header if raw_header is not None
            else json.dumps(header, separators=(',', ':'))).encode('utf-8')
    if pad:
        text += b' ' * ((8 - (8 + len(text)) % 8) % 8)
    return struct.pack('<Q', len(text)) + text + b''.join(blobs)


def by_size_then_name(tensors):
    size = {k: np.dtype(DTYPES[v[0]]).itemsize for k, v in tensors.items()}
    return sorted(tensors, key=lambda k: (-size[k], k))


def main():
    os.makedirs(OUT, exist_ok=True)
    every = {st.lower(): arr(st, (2, 3), i) for i, st in enumerate(DTYPES)}
    files = {
        'valid-f32.safetensors': build({'w': arr('F32', (2, 3))}),
        'valid-every-dtype.safetensors': build(every, order=by_size_then_name(every)),
        'valid-every-dtype-by-name.safetensors': build(every, pad=False),
        'valid-metadata.safetensors': build(
            {'x': arr('I64', (3,))}, {'format': 'pt', 'note': 'ünïcödé ✓'}),
        'valid-scalar-and-empty.safetensors': build(
            {'s': arr('F64', ()), 'e': arr('F32', (0, 4)), 'z': arr('U8', (2, 0))}),
        'valid-empty.safetensors': build({}),
        'valid-halves.safetensors': build(
            {'h': arr('F16', (3,)), 'b': arr('BF16', (5,)), 'f': arr('F32', (1,))},
            order=['h', 'b', 'f']),
        'valid-4d.safetensors': build({'t': arr('I16', (1, 2, 3, 2))}),
        'bad-duplicate.safetensors': build(
            {'a': arr('F32', (2,))},
            raw_header='{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},'
                       '"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}'),
        'bad-overlap.safetensors': build(
            {'a': arr('F32', (3,))},
            raw_header='{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},'
                       '"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}'),
        'bad-json.safetensors': build({}, raw_header='{"a":{"dtype":'),
        'bad-negative-dim.safetensors': build(
            {'a': arr('F32', (2,))},
            raw_header='{"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}'),
        'bad-dtype.safetensors': build(
            {'a': arr('F32', (2,))},
            raw_header='{"a":{"dtype":"F31","shape":[2],"data_offsets":[0,8]}}'),
        'bad-metadata.safetensors': build({}, raw_header='{"__metadata__":{"k":7}}'),
        'bad-nesting.safetensors': build({}, raw_header='{"a":' + '[' * 40 + ']' * 40 + '}'),
        'bad-length.safetensors': struct.pack('<Q', 1 << 40) + b'{}',
        'bad-bool.safetensors': build(
            {'a': ('BOOL', [2], b'\x01\x07')}),
    }
    for name, data in files.items():
        with open(os.path.join(OUT, name), 'wb') as f:
            f.write(data)


if __name__ == '__main__':
    main()
