# SPDX-License-Identifier: LGPL-2.1-or-later
"""safetensors files: gtensor's files read by an independent reader written
here from the published format (NumPy + json), files of an independent
writer (NumPy + json, with torch tensors' bytes) read by gtensor, round
trips of every dtype and shape through the raw API and Gt.save/Gt.load,
malformed files (GT_ERROR_FORMAT), atomic writes and mapped loads."""

import collections
import io
import json
import os
import resource
import signal
import struct

import numpy as np
import pytest

import gtutil
from gi.module import get_introspection_module
from gi.repository import GLib, Gt

try:
    import torch
except ImportError:  # pragma: no cover
    torch = None

# The introspected functions (Gt.save/Gt.load are the torch-style ones).
GtRaw = get_introspection_module('Gt')

# The format's dtype names, NumPy's dtype for the bytes (bfloat16 as its raw
# 16 bits) and the element size.
ST_DTYPES = {
    'float32': ('F32', '<f4'), 'float64': ('F64', '<f8'),
    'float16': ('F16', '<f2'), 'bfloat16': ('BF16', '<u2'),
    'int8': ('I8', 'i1'), 'uint8': ('U8', 'u1'), 'int16': ('I16', '<i2'),
    'int32': ('I32', '<i4'), 'int64': ('I64', '<i8'), 'bool': ('BOOL', '?'),
}
ST_TO_NUMPY = {st: np.dtype(npd) for st, npd in ST_DTYPES.values()}


def is_format_error(err):
    return (isinstance(err, GLib.Error) and err.domain == 'gt-error-quark'
            and err.code == int(Gt.Error.FORMAT))


# ---- an independent reader and writer ------------------------------------------

def read_safetensors(data):
    """Parses @data (bytes) as the published format describes it, checking
    what gtensor promises on top: the data region starts at a multiple of 8
    (the header padded with spaces), the data is ordered by decreasing
    element size then name, so every tensor is aligned for its dtype.
    Returns ({name: (st_dtype, shape, numpy array of the raw elements)},
    metadata, header dict)."""
    assert len(data) >= 8
    (n,) = struct.unpack('<Q', data[:8])
    assert 8 + n <= len(data)
    assert (8 + n) % 8 == 0, 'data region not 8-aligned'
    raw_header = data[8:8 + n]
    text = raw_header.decode('utf-8')
    stripped = text.rstrip(' ')
    assert len(text) - len(stripped) < 8, 'more padding than needed'
    assert stripped.endswith('}')

    pairs = json.loads(stripped, object_pairs_hook=lambda p: p)
    names = [k for k, _ in pairs]
    assert len(names) == len(set(names)), 'duplicate names'
    header = dict(pairs)
    metadata = dict(header.pop('__metadata__', []))
    buf = data[8 + n:]
    tensors = {}
    ranges = []
    for name, info in header.items():
        info = dict(info)
        assert sorted(info) == ['data_offsets', 'dtype', 'shape']
        begin, end = info['data_offsets']
        shape = tuple(info['shape'])
        npd = ST_TO_NUMPY[info['dtype']]
        count = int(np.prod(shape, dtype=np.int64))
        assert end - begin == count * npd.itemsize
        assert begin % npd.itemsize == 0, 'tensor not aligned'
        arr = np.frombuffer(buf, dtype=npd, count=count, offset=begin)
        tensors[name] = (info['dtype'], shape, arr.reshape(shape))
        ranges.append((begin, end, name, npd.itemsize))
    ranges.sort()
    pos = 0
    for begin, end, _, _ in ranges:
        assert begin == pos
        pos = end
    assert pos == len(buf), 'tensors do not cover the data'
    # Decreasing element size, then name (empty tensors may sit anywhere
    # within a run of equal offsets).
    order = [(-size, name) for _, _, name, size in
             sorted(ranges, key=lambda r: (r[0], r[1], -r[3], r[2]))]
    assert order == sorted(order)
    return tensors, metadata, header


def write_safetensors(tensors, metadata=None, order=None, pad=True):
    """An independent writer: @tensors maps a name to (st_dtype, shape,
    raw bytes); data in @order (default: by name), header padded to 8 when
    @pad."""
    names = order if order is not None else sorted(tensors)
    header = {}
    if metadata is not None:
        header['__metadata__'] = metadata
    pos = 0
    blobs = []
    for name in names:
        st, shape, raw = tensors[name]
        header[name] = {'dtype': st, 'shape': list(shape),
                        'data_offsets': [pos, pos + len(raw)]}
        pos += len(raw)
        blobs.append(raw)
    text = json.dumps(header, separators=(',', ':')).encode('utf-8')
    if pad:
        text += b' ' * ((8 - (8 + len(text)) % 8) % 8)
    return struct.pack('<Q', len(text)) + text + b''.join(blobs)


def torch_raw(t):
    """(st dtype, shape, little-endian bytes) of a torch tensor."""
    t = t.contiguous()
    name = str(t.dtype).split('.')[-1]
    if name == 'bfloat16':
        raw = t.view(torch.int16).numpy().tobytes()
    else:
        raw = t.numpy().tobytes()
    return ST_DTYPES[name][0], tuple(t.shape), raw


def gt_raw_bits(t):
    """The raw elements of a Gt tensor as NumPy (bfloat16 as uint16)."""
    name = gtutil.dtype_name(t.dtype)
    raw = t.to_bytes().get_data()
    return np.frombuffer(raw, dtype=np.dtype(ST_DTYPES[name][1])).reshape(
        tuple(t.shape))


def sample_gt(name, shape, seed=0):
    """A Gt tensor of dtype @name and @shape with varied values."""
    rng = np.random.default_rng(seed)
    n = int(np.prod(shape, dtype=np.int64))
    if name == 'bool':
        values = rng.integers(0, 2, n).astype(bool)
    elif name == 'uint8':
        values = rng.integers(0, 256, n).astype(np.uint8)
    elif name in ('int8', 'int16', 'int32', 'int64'):
        info = np.iinfo(name)
        values = rng.integers(info.min, info.max, n, dtype=np.int64,
                              endpoint=True).astype(name)
    else:
        values = rng.standard_normal(n) * 100
    values = values.reshape(shape)
    if name == 'bfloat16':
        return Gt.tensor(values.astype(np.float32), dtype=Gt.bfloat16)
    return Gt.tensor(values, dtype=gtutil.gt_dtype(name))


SHAPES = [(), (0,), (2, 0, 3), (5,), (3, 4), (2, 3, 4), (1, 2, 1, 3, 1)]


# ---- gtensor's files read independently ---------------------------------------

def test_files_read_by_independent_reader(tmp_path):
    tensors = {}
    for name in gtutil.DTYPE_NAMES:
        for i, shape in enumerate(SHAPES):
            tensors['%s.%d' % (name, i)] = sample_gt(name, shape, seed=i)
    path = tmp_path / 'all.safetensors'
    GtRaw.save(tensors, {'format': 'pt', 'note': 'ü ✓'}, str(path))
    data = path.read_bytes()
    got, metadata, header = read_safetensors(data)
    assert metadata == {'format': 'pt', 'note': 'ü ✓'}
    assert sorted(got) == sorted(tensors)
    # The header lists the names sorted.
    assert [k for k in json.loads(data[8:8 + struct.unpack('<Q', data[:8])[0]])
            if k != '__metadata__'] == sorted(tensors)
    for key, t in tensors.items():
        st, shape, arr = got[key]
        name = gtutil.dtype_name(t.dtype)
        assert st == ST_DTYPES[name][0]
        assert shape == tuple(t.shape)
        np.testing.assert_array_equal(arr, gt_raw_bits(t))
    # The same bytes from gt_save_to_bytes.
    assert GtRaw.save_to_bytes(tensors, {'format': 'pt', 'note': 'ü ✓'}).get_data() == data


def test_exact_header():
    t = Gt.tensor([[1.5, -2.0]], dtype=Gt.float64)
    i = Gt.tensor([1, 2, 3], dtype=Gt.int16)
    data = GtRaw.save_to_bytes({'w': t, 'i': i}, None).get_data()
    (n,) = struct.unpack('<Q', data[:8])
    expected = ('{"i":{"dtype":"I16","shape":[3],"data_offsets":[16,22]},'
                '"w":{"dtype":"F64","shape":[1,2],"data_offsets":[0,16]}}')
    assert data[8:8 + n].decode() == expected + ' ' * (n - len(expected))
    assert (8 + n) % 8 == 0
    assert data[8 + n:] == struct.pack('<2d3h', 1.5, -2.0, 1, 2, 3)


@pytest.mark.skipif(torch is None, reason='needs torch')
def test_values_match_torch_bytes(tmp_path):
    torch.manual_seed(0)
    refs = {
        'f32': torch.randn(3, 5), 'f64': torch.randn(4, dtype=torch.float64),
        'f16': torch.randn(2, 3).half(), 'bf16': torch.randn(7).bfloat16(),
        'i8': torch.randint(-128, 128, (6,), dtype=torch.int8),
        'u8': torch.randint(0, 256, (2, 2), dtype=torch.uint8),
        'i16': torch.randint(-2**15, 2**15, (3,), dtype=torch.int16),
        'i32': torch.randint(-2**31, 2**31, (3,), dtype=torch.int32),
        'i64': torch.tensor([-2**63, 2**63 - 1, 0, 7]),
        'b': torch.tensor([True, False, True]),
        'scalar': torch.tensor(3.25),
    }
    # Through Gt tensors built from the same values: the files carry the
    # bytes torch holds.
    tensors = {k: Gt.tensor(v.float().numpy() if v.dtype == torch.bfloat16
                            else v.numpy(),
                            dtype=gtutil.gt_dtype(gtutil.dtype_name(v.dtype)))
               for k, v in refs.items()}
    path = tmp_path / 't.safetensors'
    Gt.save(tensors, path)
    got, _, _ = read_safetensors(path.read_bytes())
    for k, v in refs.items():
        st, shape, raw = torch_raw(v)
        assert got[k][0] == st and got[k][1] == shape
        assert got[k][2].tobytes() == raw


def test_noncontiguous_saved_by_value(tmp_path):
    base = Gt.tensor(np.arange(24, dtype=np.float32).reshape(4, 6))
    views = {'t': base.t(), 'step': base[:, ::2], 'narrow': base[1:3, 2:5],
             'row': base[2]}
    path = tmp_path / 'v.safetensors'
    Gt.save(views, path)
    got, _, _ = read_safetensors(path.read_bytes())
    full = np.arange(24, dtype=np.float32).reshape(4, 6)
    np.testing.assert_array_equal(got['t'][2], full.T)
    np.testing.assert_array_equal(got['step'][2], full[:, ::2])
    np.testing.assert_array_equal(got['narrow'][2], full[1:3, 2:5])
    np.testing.assert_array_equal(got['row'][2], full[2])
    back = Gt.load(path)
    for k, v in views.items():
        assert back[k].is_contiguous()
        gtutil.assert_matches_numpy(back[k], v.numpy())


# ---- files of an independent writer read by gtensor -----------------------------

@pytest.mark.skipif(torch is None, reason='needs torch')
@pytest.mark.parametrize('pad', [True, False])
@pytest.mark.parametrize('by_name', [True, False])
def test_independent_writer_loaded(tmp_path, pad, by_name):
    torch.manual_seed(1)
    refs = {
        'a.f16': torch.randn(3).half(),        # 6 bytes: misaligns what follows
        'b.f32': torch.randn(2, 3),
        'c.bf16': torch.randn(5).bfloat16(),
        'd.i64': torch.randint(-10**12, 10**12, (3,)),
        'e.bool': torch.tensor([[True, False], [False, True]]),
        'f.u8': torch.arange(5, dtype=torch.uint8),
        'g.i8': torch.tensor([-128, 127], dtype=torch.int8),
        'h.i16': torch.tensor([-3, 300], dtype=torch.int16),
        'i.i32': torch.tensor([[7]], dtype=torch.int32),
        'j.f64': torch.tensor(2.5, dtype=torch.float64),
        'k.empty': torch.zeros(0, 3),
    }
    raws = {k: torch_raw(v) for k, v in refs.items()}
    order = sorted(refs) if by_name else sorted(refs, reverse=True)
    data = write_safetensors(raws, {'format': 'pt'}, order=order, pad=pad)
    path = tmp_path / 'ref.safetensors'
    path.write_bytes(data)

    for loader in ('load', 'mapped', 'bytes', 'torch-style'):
        if loader == 'load':
            got, meta = GtRaw.load_with_metadata(str(path))
        elif loader == 'mapped':
            got, meta = GtRaw.load_mapped(str(path))
        elif loader == 'bytes':
            got, meta = GtRaw.load_from_bytes(GLib.Bytes.new(data))
        else:
            got, meta = Gt.load(path, with_metadata=True)
            assert isinstance(got, collections.OrderedDict)
            assert list(got) == sorted(refs)
        assert meta == {'format': 'pt'}
        assert sorted(got) == sorted(refs)
        for k, v in refs.items():
            gtutil.assert_matches_torch(got[k], v)


def test_empty_file_of_independent_writer():
    data = write_safetensors({})
    got, meta = GtRaw.load_from_bytes(GLib.Bytes.new(data))
    assert got == {} and meta == {}


# ---- round trips -----------------------------------------------------------------

@pytest.mark.parametrize('name', gtutil.DTYPE_NAMES)
def test_roundtrip_every_dtype_and_shape(tmp_path, name):
    tensors = {'s%d' % i: sample_gt(name, shape, seed=i)
               for i, shape in enumerate(SHAPES)}
    path = tmp_path / 'r.safetensors'
    Gt.save(tensors, path)
    for mmap in (False, True):
        back = Gt.load(path, mmap=mmap)
        assert list(back) == sorted(tensors)
        for k, t in tensors.items():
            assert back[k].dtype == t.dtype
            assert tuple(back[k].shape) == tuple(t.shape)
            np.testing.assert_array_equal(gt_raw_bits(back[k]), gt_raw_bits(t))


def test_roundtrip_large(tmp_path):
    Gt.manual_seed(0)
    t = Gt.randn(1 << 20)
    path = tmp_path / 'large.safetensors'
    Gt.save(t, path)
    assert path.stat().st_size < (4 << 20) + 256
    back = Gt.load(path)
    assert isinstance(back, Gt.Tensor)
    np.testing.assert_array_equal(back.numpy(), t.numpy())
    got, meta, _ = read_safetensors(path.read_bytes())
    assert meta == {'gtensor.kind': 'tensor'}
    np.testing.assert_array_equal(got['tensor'][2], t.numpy())


def test_single_tensor_and_dict(tmp_path):
    t = Gt.tensor([[1, 2], [3, 4]], dtype=Gt.int32)
    p1, p2 = tmp_path / 'one.safetensors', tmp_path / 'map.safetensors'
    Gt.save(t, p1)
    back = Gt.load(p1)
    assert isinstance(back, Gt.Tensor)
    gtutil.assert_matches_numpy(back, np.array([[1, 2], [3, 4]], dtype=np.int32))
    # Raw single-tensor API.
    GtRaw.Tensor.save(t, str(p2))
    gtutil.assert_matches_numpy(GtRaw.Tensor.load(str(p2)), t.numpy())

    # A dict that holds one entry called 'tensor' stays a dict.
    Gt.save({'tensor': t}, p2)
    back = Gt.load(p2)
    assert isinstance(back, collections.OrderedDict)
    assert list(back) == ['tensor']

    # A state dict: names with dots, an OrderedDict back in name order.
    sd = collections.OrderedDict([('layer.1.weight', Gt.ones(2, 3)),
                                  ('layer.0.bias', Gt.zeros(3)),
                                  ('layer.0.weight', Gt.full((3, 3), 0.5))])
    Gt.save(sd, p2, metadata={'epoch': '3'})
    back, meta = Gt.load(p2, with_metadata=True)
    assert meta == {'epoch': '3'}
    assert list(back) == sorted(sd)
    for k in sd:
        gtutil.assert_matches_numpy(back[k], sd[k].numpy())


def test_metadata_roundtrip():
    meta = {'format': 'pt', '': '', 'quote"s': 'back\\slash\nnewline',
            'ünïcödé': '✓ 日本'}
    t = Gt.arange(4)
    data = GtRaw.save_to_bytes({'x': t}, meta)
    got, m = GtRaw.load_from_bytes(data)
    assert m == meta
    _, m2, _ = read_safetensors(data.get_data())
    assert m2 == meta
    # Gt.save with a tensor merges its marker with the caller's metadata.
    f = io.BytesIO()
    Gt.save(t, f, metadata={'k': 'v'})
    f.seek(0)
    back, m3 = Gt.load(f, with_metadata=True)
    assert isinstance(back, Gt.Tensor)
    assert m3 == {'k': 'v', 'gtensor.kind': 'tensor'}


def test_file_objects():
    sd = {'a': Gt.arange(3, dtype=Gt.int64), 'b': Gt.ones(2, 2)}
    f = io.BytesIO()
    Gt.save(sd, f)
    raw = f.getvalue()
    read_safetensors(raw)
    back = Gt.load(io.BytesIO(raw))
    assert list(back) == ['a', 'b']
    gtutil.assert_matches_numpy(back['a'], np.arange(3))
    with pytest.raises(ValueError):
        Gt.load(io.BytesIO(raw), mmap=True)


def test_map_location(tmp_path):
    path = tmp_path / 'm.safetensors'
    Gt.save({'a': Gt.ones(2)}, path)
    back = Gt.load(path, map_location='cpu')
    assert str(back['a'].device) == 'cpu'


def test_python_argument_errors(tmp_path):
    path = tmp_path / 'x.safetensors'
    with pytest.raises(TypeError):
        Gt.save(42, path)
    with pytest.raises(TypeError):
        Gt.save({1: Gt.ones(1)}, path)
    with pytest.raises(TypeError):
        Gt.save({'a': [1, 2]}, path)
    with pytest.raises(TypeError):
        Gt.save({'a': Gt.ones(1)}, path, metadata={'k': 1})
    with pytest.raises(FileNotFoundError):
        Gt.load(tmp_path / 'missing.safetensors')
    assert not path.exists()
    with pytest.raises(GLib.Error) as info:
        Gt.save({'__metadata__': Gt.ones(1)}, path)
    assert info.value.code == int(Gt.Error.VALUE)
    assert not path.exists()


# ---- mapped files ----------------------------------------------------------------

def test_mapped_equal_and_copy_on_write(tmp_path):
    tensors = {'w': sample_gt('float32', (64, 32)), 'i': sample_gt('int64', (10,)),
               'h': sample_gt('float16', (3, 3))}
    path = tmp_path / 'mm.safetensors'
    Gt.save(tensors, path)
    before = path.read_bytes()
    mapped = Gt.load(path, mmap=True)
    for k, t in tensors.items():
        np.testing.assert_array_equal(gt_raw_bits(mapped[k]), gt_raw_bits(t))
    mapped['w'].fill_(3.0)
    mapped['i'] += 5
    mapped['h'].zero_()
    assert path.read_bytes() == before
    np.testing.assert_array_equal(mapped['w'].numpy(), np.full((64, 32), 3.0, np.float32))
    np.testing.assert_array_equal(mapped['i'].numpy(), tensors['i'].numpy() + 5)
    again = Gt.load(path, mmap=True)
    np.testing.assert_array_equal(again['w'].numpy(), tensors['w'].numpy())
    # The tensors outlive the file's name.
    w = again['w']
    del again
    os.unlink(path)
    np.testing.assert_array_equal(w.numpy(), tensors['w'].numpy())


# ---- atomic writes ---------------------------------------------------------------

def test_unwritable_folder_is_io_error(tmp_path):
    target = tmp_path / 'missing' / 'x.safetensors'
    with pytest.raises(GLib.Error) as info:
        GtRaw.save({'a': Gt.ones(3)}, None, str(target))
    assert info.value.code == int(Gt.Error.IO)
    assert str(target) in info.value.message
    assert 'No such file or directory' in info.value.message
    assert not target.parent.exists()
    if os.geteuid() != 0:   # root writes anywhere
        ro = tmp_path / 'ro'
        ro.mkdir(mode=0o500)
        with pytest.raises(GLib.Error) as info:
            Gt.save({'a': Gt.ones(3)}, ro / 'x.safetensors')
        assert info.value.code == int(Gt.Error.IO)
        assert list(ro.iterdir()) == []
        ro.chmod(0o700)


def test_failed_write_keeps_existing_file(tmp_path):
    path = tmp_path / 'keep.safetensors'
    Gt.save({'a': Gt.ones(8)}, path)
    before = path.read_bytes()
    big = {'big': Gt.zeros(1 << 16, dtype=Gt.float64)}
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    old = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    try:
        resource.setrlimit(resource.RLIMIT_FSIZE, (16384, hard))
        with pytest.raises(GLib.Error) as info:
            Gt.save(big, path)
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, old)
    assert info.value.code == int(Gt.Error.IO)
    assert str(path) in info.value.message
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ['keep.safetensors']
    gtutil.assert_matches_numpy(Gt.load(path)['a'], np.ones(8, np.float32))

    # A folder under the name: the rename fails, the temporary goes.
    folder = tmp_path / 'dir.safetensors'
    folder.mkdir()
    with pytest.raises(GLib.Error) as info:
        Gt.save(big, folder)
    assert info.value.code == int(Gt.Error.IO)
    assert sorted(p.name for p in tmp_path.iterdir()) == ['dir.safetensors',
                                                          'keep.safetensors']


# ---- malformed files -------------------------------------------------------------

def with_length(header, data=b'', length=None):
    if isinstance(header, str):
        header = header.encode('utf-8')
    n = len(header) if length is None else length
    return struct.pack('<Q', n) + header + data


F32_2 = '{"dtype":"F32","shape":[2],"data_offsets":'

MALFORMED = [
    ('empty', b''),
    ('short', b'\x02\x00\x00'),
    ('length beyond file', with_length('{}', length=100)),
    ('length absurd', with_length('{}', length=2**63)),
    ('length over limit', with_length('{}', length=100_000_001)),
    ('not utf-8', with_length(b'{"\xff":1}')),
    ('nul byte', with_length(b'{\x00}')),
    ('not json', with_length('{"a":')),
    ('trailing garbage', with_length('{} x')),
    ('comment', with_length('{/*x*/}')),
    ('root array', with_length('[]')),
    ('entry not object', with_length('{"a":3}')),
    ('entry list', with_length('{"a":[1]}')),
    ('missing dtype', with_length('{"a":{"shape":[2],"data_offsets":[0,8]}}', bytes(8))),
    ('missing shape', with_length('{"a":{"dtype":"F32","data_offsets":[0,8]}}', bytes(8))),
    ('missing offsets', with_length('{"a":{"dtype":"F32","shape":[2]}}', bytes(8))),
    ('extra field', with_length('{"a":' + F32_2 + '[0,8],"x":0}}', bytes(8))),
    ('unknown dtype', with_length('{"a":{"dtype":"Q8","shape":[2],"data_offsets":[0,2]}}', bytes(2))),
    ('dtype number', with_length('{"a":{"dtype":1,"shape":[2],"data_offsets":[0,2]}}', bytes(2))),
    ('negative dim', with_length('{"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}', bytes(8))),
    ('float dim', with_length('{"a":{"dtype":"F32","shape":[2.5],"data_offsets":[0,8]}}', bytes(8))),
    ('shape overflow', with_length('{"a":{"dtype":"F32","shape":[4294967296,4294967296,4],"data_offsets":[0,8]}}', bytes(8))),
    ('bytes overflow', with_length('{"a":{"dtype":"I64","shape":[2305843009213693952],"data_offsets":[0,0]}}')),
    ('size mismatch', with_length('{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}', bytes(8))),
    ('offsets not ints', with_length('{"a":' + F32_2 + '["0","8"]}}', bytes(8))),
    ('offsets negative', with_length('{"a":' + F32_2 + '[-1,7]}}', bytes(8))),
    ('offsets reversed', with_length('{"a":' + F32_2 + '[8,0]}}', bytes(8))),
    ('offsets past end', with_length('{"a":' + F32_2 + '[0,8]}}', bytes(4))),
    ('offsets one number', with_length('{"a":' + F32_2 + '8}}', bytes(8))),
    ('gap', with_length('{"a":' + F32_2 + '[0,8]},"b":' + F32_2 + '[12,20]}}', bytes(20))),
    ('overlap', with_length('{"a":' + F32_2 + '[0,8]},"b":' + F32_2 + '[4,12]}}', bytes(12))),
    ('extra data', with_length('{"a":' + F32_2 + '[0,8]}}', bytes(16))),
    ('duplicate name', with_length('{"a":' + F32_2 + '[0,8]},"a":' + F32_2 + '[8,16]}}', bytes(16))),
    ('duplicate escaped', with_length('{"a":' + F32_2 + '[0,8]},"\\u0061":' + F32_2 + '[8,16]}}', bytes(16))),
    ('duplicate field', with_length('{"a":{"dtype":"F32","dtype":"F32","shape":[2],"data_offsets":[0,8]}}', bytes(8))),
    ('metadata not object', with_length('{"__metadata__":"x"}')),
    ('metadata value int', with_length('{"__metadata__":{"k":1}}')),
    ('metadata value null', with_length('{"__metadata__":{"k":null}}')),
    ('deep nesting', with_length('{"a":' + '[' * 100000)),
    ('dtype surrogate', with_length('{"a":{"dtype":"I\\ud80064","shape":[3],"data_offsets":[0,24]}}', bytes(24))),
    ('bool byte 2', with_length('{"a":{"dtype":"BOOL","shape":[2],"data_offsets":[0,2]}}', b'\x01\x02')),
]


@pytest.mark.parametrize('data', [d for _, d in MALFORMED],
                         ids=[n for n, _ in MALFORMED])
def test_malformed_is_format_error(tmp_path, data):
    with pytest.raises(GLib.Error) as info:
        GtRaw.load_from_bytes(GLib.Bytes.new(data))
    assert is_format_error(info.value), info.value.message
    assert 'gt_load_from_bytes' in info.value.message

    path = tmp_path / 'bad.safetensors'
    path.write_bytes(data)
    for func in (GtRaw.load, GtRaw.load_with_metadata, GtRaw.load_mapped):
        with pytest.raises(GLib.Error) as info:
            func(str(path))
        assert is_format_error(info.value), info.value.message
        assert str(path) in info.value.message
    with pytest.raises(GLib.Error) as info:
        Gt.load(path)
    assert is_format_error(info.value)


def test_truncations_of_a_valid_file():
    data = GtRaw.save_to_bytes({'a': Gt.ones(3), 'b': Gt.arange(5)}, {'k': 'v'}).get_data()
    for n in range(len(data)):
        with pytest.raises(GLib.Error) as info:
            GtRaw.load_from_bytes(GLib.Bytes.new(data[:n]))
        assert is_format_error(info.value)


def test_unsupported_dtype_is_not_supported():
    data = with_length('{"a":{"dtype":"U32","shape":[1],"data_offsets":[0,4]}}', bytes(4))
    with pytest.raises(GLib.Error) as info:
        GtRaw.load_from_bytes(GLib.Bytes.new(data))
    assert info.value.code == int(Gt.Error.NOT_SUPPORTED)
    assert 'U32' in info.value.message


# ---- modules ---------------------------------------------------------------------

def forward(model, x):
    with Gt.no_grad():
        return model(Gt.tensor(x.numpy()))


@pytest.mark.skipif(torch is None, reason='needs torch')
def test_module_state_with_torch(tmp_path):
    torch.manual_seed(0)
    ref = torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.BatchNorm1d(3))
    ref.train()
    ref(torch.randn(8, 4))            # running statistics of their own
    ref.eval()
    path = tmp_path / 'torch.safetensors'
    path.write_bytes(write_safetensors(
        {k: torch_raw(v) for k, v in ref.state_dict().items()}, {'format': 'pt'}))

    # torch's file into a Gt module (gt_module_load).
    model = Gt.nn.Sequential(Gt.nn.Linear(4, 3), Gt.nn.BatchNorm1d(3))
    assert model.load(str(path), True)
    model.eval()
    x = torch.randn(5, 4)
    with torch.no_grad():
        want = ref(x)
    gtutil.assert_matches_torch(forward(model, x), want, rtol=1e-5, atol=1e-6)

    # A Gt module's file (gt_module_save) into torch.
    out = tmp_path / 'gt.safetensors'
    assert model.save(str(out))
    got, _, _ = read_safetensors(out.read_bytes())
    sd = ref.state_dict()
    assert sorted(got) == sorted(sd)
    torch_sd = collections.OrderedDict()
    for k, v in sd.items():
        st, shape, raw = got[k]
        assert st == torch_raw(v)[0] and shape == tuple(v.shape)
        torch_sd[k] = torch.from_numpy(raw.copy())
    fresh = torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.BatchNorm1d(3))
    fresh.load_state_dict(torch_sd)
    fresh.eval()
    with torch.no_grad():
        assert torch.equal(fresh(x), want)

    # The torch-style route: Gt.save(state_dict) / load_state_dict(Gt.load()).
    Gt.save(model.state_dict(), out)
    other = Gt.nn.Sequential(Gt.nn.Linear(4, 3), Gt.nn.BatchNorm1d(3))
    other.load_state_dict(Gt.load(out))
    other.eval()
    gtutil.assert_matches_torch(forward(other, x), want, rtol=1e-5, atol=1e-6)

    # Names that do not match: strict refuses, and nothing changes.
    lone = Gt.nn.Linear(4, 3)
    before = lone.weight.detach().numpy().copy()
    with pytest.raises(GLib.Error):
        lone.load(str(path), True)
    np.testing.assert_array_equal(lone.weight.detach().numpy(), before)
