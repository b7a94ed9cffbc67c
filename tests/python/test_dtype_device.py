# SPDX-License-Identifier: LGPL-2.1-or-later
"""dtype aliases, conversions between every pair of dtypes, and devices."""

import pickle

import numpy as np
import pytest
from gi.repository import GLib, Gt

from gtutil import (DTYPE_NAMES, NUMPY_NAMES, as_numpy, assert_matches_numpy,
                    dtype_name, gt_dtype, torch_dtype)

ALIASES = {
    'float32': 'FLOAT32', 'float': 'FLOAT32', 'float64': 'FLOAT64',
    'double': 'FLOAT64', 'float16': 'FLOAT16', 'half': 'FLOAT16',
    'bfloat16': 'BFLOAT16', 'int8': 'INT8', 'uint8': 'UINT8', 'int16': 'INT16',
    'short': 'INT16', 'int32': 'INT32', 'int': 'INT32', 'int64': 'INT64',
    'long': 'INT64', 'bool': 'BOOL',
}


@pytest.mark.parametrize('alias,member', ALIASES.items())
def test_dtype_aliases_are_enum_members(alias, member):
    dt = getattr(Gt, alias)
    assert isinstance(dt, Gt.DType)
    assert dt == getattr(Gt.DType, member)
    assert Gt.zeros(1, dtype=dt).dtype == dt


@pytest.mark.parametrize('alias', ALIASES)
def test_dtype_aliases_match_torch(torch, alias):
    g, t = getattr(Gt, alias), getattr(torch, alias)
    assert str(g) == str(t).replace('torch.', 'Gt.')
    assert g.is_floating_point == t.is_floating_point
    assert g.is_signed == t.is_signed
    assert g.is_complex == t.is_complex
    assert g.itemsize == torch.zeros(1, dtype=t).element_size()


def test_dtype_str_and_compare():
    t = Gt.zeros(2)
    assert t.dtype == Gt.float32
    assert t.dtype != Gt.float64
    assert str(t.dtype) == repr(t.dtype) == 'Gt.float32'
    assert f'{Gt.int64}' == 'Gt.int64'
    assert {Gt.float: 1}[Gt.float32] == 1
    assert Gt.float32.is_floating_point and not Gt.int8.is_floating_point
    assert Gt.int8.is_signed and not Gt.uint8.is_signed and not Gt.bool.is_signed
    assert Gt.float64.itemsize == 8 and Gt.bool.itemsize == 1


def test_aliases_do_not_shadow_python_builtins():
    # Gt.float is a dtype, the builtins are untouched
    assert float('1.5') == 1.5 and int('3') == 3 and bool(0) is False
    assert Gt.tensor([1.5]).tolist() == [1.5]


def test_python_types_as_dtypes():
    assert Gt.zeros(1, dtype=float).dtype == Gt.float64
    assert Gt.zeros(1, dtype=int).dtype == Gt.int64
    assert Gt.zeros(1, dtype=bool).dtype == Gt.bool


@pytest.mark.parametrize('bad', ['float32', 0, np.float32, None.__class__])
def test_bad_dtype_raises_type_error(bad):
    with pytest.raises(TypeError, match='dtype'):
        Gt.zeros(2, dtype=bad)


# ---- every conversion pair ------------------------------------------------------

NAN = float('nan')
INF = float('inf')
FLOAT_SOURCE = [0.0, 1.0, -1.0, 2.5, -2.5, 0.5, -0.7, 127.0, 128.0, 255.0, 256.0,
                -128.0, -129.0, 1e5, -1e5, 65504.0, 65520.0, 70000.0, 3.14159,
                1e-8, 2.0 ** 31 - 1, 2.0 ** 31, -2.0 ** 31, 2.0 ** 40, 1e20, -1e20,
                1e-40, 5.5e-8, 3.3895e38, 1.0000001]
SPECIAL_SOURCE = [INF, -INF, NAN]
INT_SOURCE = [0, 1, -1, 127, 128, 255, 256, -128, -129, 32767, 32768, -32769,
              2 ** 31 - 1, 2 ** 31, -2 ** 31 - 1, 2 ** 53 + 1, 2 ** 62 + 3, -2 ** 63,
              2 ** 63 - 1, 65504, 65520, 70000, 16777217]


def _convert_both(torch, values, base, src, dst):
    ref_src = torch.tensor(values, dtype=getattr(torch, base)).to(torch_dtype(torch, src))
    g_src = Gt.tensor(values, dtype=gt_dtype(base)).to(gt_dtype(src))
    return g_src.to(gt_dtype(dst)), ref_src.to(torch_dtype(torch, dst))


def _assert_same_values(got, ref):
    assert dtype_name(got.dtype) == dtype_name(ref.dtype)
    assert tuple(got.shape) == tuple(ref.shape)
    a, b = as_numpy(got), as_numpy(ref)
    np.testing.assert_array_equal(a, b)
    if a.dtype.kind == 'f':     # the sign of zero too (not of NaN: torch's
        # vectorised float32 -> bfloat16 writes NaN as 0xffff, gtensor 0x7fc0)
        keep = ~np.isnan(a)
        np.testing.assert_array_equal(np.signbit(a[keep]), np.signbit(b[keep]))


@pytest.mark.parametrize('dst', DTYPE_NAMES)
@pytest.mark.parametrize('src', DTYPE_NAMES)
def test_conversion_of_floats_matches_torch(torch, src, dst):
    _assert_same_values(*_convert_both(torch, FLOAT_SOURCE, 'float64', src, dst))


@pytest.mark.parametrize('dst', DTYPE_NAMES)
@pytest.mark.parametrize('src', DTYPE_NAMES)
def test_conversion_of_ints_matches_torch(torch, src, dst):
    _assert_same_values(*_convert_both(torch, INT_SOURCE, 'int64', src, dst))


@pytest.mark.parametrize('dst', DTYPE_NAMES)
@pytest.mark.parametrize('src', ['float32', 'float64', 'float16', 'bfloat16'])
def test_conversion_of_nan_and_inf_matches_torch(torch, src, dst):
    # Out-of-range float to integer conversions are undefined in C++; these
    # are the values torch's x86-64 CPU build gives.
    _assert_same_values(*_convert_both(torch, SPECIAL_SOURCE, 'float64', src, dst))


def test_conversions_like_numpy():
    t = Gt.tensor([-1.0, 2.7, -2.7, 300.0], dtype=Gt.float64)
    assert_matches_numpy(t.to(Gt.int32), np.array([-1, 2, -2, 300], dtype=np.int32))
    assert_matches_numpy(Gt.tensor([-1, 2, 255, 256]).to(Gt.uint8),
                         np.array([-1, 2, 255, 256]).astype(np.uint8))
    assert_matches_numpy(Gt.tensor([200, -200]).to(Gt.int8),
                         np.array([200, -200]).astype(np.int8))
    assert_matches_numpy(t.to(Gt.bool), np.array([True, True, True, True]))
    with np.errstate(over='ignore'):
        half = np.array([0.1, 65519.0, 65520.0], dtype=np.float32).astype(np.float16)
    assert_matches_numpy(Gt.tensor([0.1, 65519.0, 65520.0]).to(Gt.float16), half)
    assert_matches_numpy(Gt.tensor([2 ** 53 + 1]).to(Gt.float64),
                         np.array([2 ** 53 + 1]).astype(np.float64))


def test_bfloat16_rounds_to_nearest_even():
    # bfloat16 keeps the top 16 bits of a float32, rounding to nearest even
    vals = np.array([1.0, 1.00390625, 1.0078125, 1.01171875, -3.3, 1e-40],
                    dtype=np.float32)
    bits = vals.view(np.uint32).astype(np.uint64)
    rounded = ((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16) << 16
    want = rounded.astype(np.uint32).view(np.float32)
    got = Gt.tensor(vals).to(Gt.bfloat16).float().numpy()
    np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize('src', NUMPY_NAMES)
@pytest.mark.parametrize('dst', NUMPY_NAMES)
def test_conversion_of_small_ints_like_numpy(src, dst):
    arr = np.array([0, 1, 2, 7, 100, 127], dtype=src)
    assert_matches_numpy(Gt.tensor(arr).to(gt_dtype(dst)), arr.astype(dst))


def test_to_same_dtype_returns_self():
    for name in DTYPE_NAMES:
        t = Gt.zeros(2, dtype=gt_dtype(name))
        assert t.to(gt_dtype(name)) is t


# ---- devices --------------------------------------------------------------------

@pytest.mark.parametrize('args,text,rep', [
    (('cpu',), 'cpu', "device(type='cpu')"),
    (('cuda',), 'cuda', "device(type='cuda')"),
    (('cuda:0',), 'cuda:0', "device(type='cuda', index=0)"),
    (('cuda:1',), 'cuda:1', "device(type='cuda', index=1)"),
    (('cpu:0',), 'cpu:0', "device(type='cpu', index=0)"),
    (('cuda', 1), 'cuda:1', "device(type='cuda', index=1)"),
    ((2,), 'cuda:2', "device(type='cuda', index=2)"),
])
def test_device_strings(args, text, rep):
    d = Gt.device(*args)
    assert isinstance(d, Gt.Device) and isinstance(d, Gt.device)
    assert str(d) == text
    assert repr(d) == rep
    assert d == Gt.device(text)
    assert hash(d) == hash(Gt.device(text))
    assert Gt.device(d) == d
    assert pickle.loads(pickle.dumps(d)) == d


@pytest.mark.parametrize('args', [('cpu',), ('cuda',), ('cuda:0',), ('cuda:1',),
                                  ('cpu:0',), ('cuda', 1), (2,)])
def test_devices_match_torch(torch, args):
    g, t = Gt.device(*args), torch.device(*args)
    assert str(g) == str(t)
    assert repr(g) == repr(t)
    assert g.type == t.type
    assert g.index == t.index


def test_device_equality():
    assert Gt.device('cpu') == Gt.device('cpu')
    assert Gt.device('cpu') != Gt.device('cuda')
    assert Gt.device('cuda') != Gt.device('cuda:0')   # as torch
    assert Gt.device('cpu') != 'cpu'
    assert Gt.zeros(1).device == Gt.device('cpu')
    assert Gt.zeros(1).device.type == 'cpu'
    assert Gt.zeros(1).device.index is None


@pytest.mark.parametrize('spec', ['foo', 'cuda:x', 'cuda:-1', '', 'cpu:', 'gpu:0'])
def test_bad_device_strings(spec):
    with pytest.raises(RuntimeError, match='gt_device_new_from_string') as info:
        Gt.device(spec)
    assert isinstance(info.value, GLib.Error)
    assert info.value.code == Gt.Error.DEVICE


def test_bad_device_arguments():
    with pytest.raises(RuntimeError, match='must not include an index'):
        Gt.device('cuda:1', 0)
    with pytest.raises(TypeError):
        Gt.device(1.5)
    with pytest.raises(TypeError):
        Gt.zeros(2, device=1.5)


def test_cuda_namespace():
    assert isinstance(Gt.cuda.is_available(), bool)
    assert Gt.cuda.is_available() == bool(Gt.cuda_is_available())
    assert isinstance(Gt.cuda.device_count(), int)
    assert Gt.cuda.device_count() == Gt.cuda_device_count()
    assert (Gt.cuda.device_count() > 0) == Gt.cuda.is_available()


def test_creation_on_cpu_device():
    for dev in ('cpu', Gt.device('cpu'), None):
        t = Gt.zeros(2, device=dev)
        assert t.device == Gt.device('cpu')
    assert Gt.tensor([1, 2], device='cpu').device.type == 'cpu'
    assert Gt.arange(3, device='cpu').tolist() == [0, 1, 2]


@pytest.mark.skipif(Gt.cuda_is_available(), reason='a CUDA device is present')
def test_cuda_unavailable_raises():
    with pytest.raises(RuntimeError) as info:
        Gt.zeros(2, device='cuda')
    assert info.value.code == Gt.Error.DEVICE_UNAVAILABLE
    assert 'gt_zeros' in str(info.value)
    with pytest.raises(RuntimeError, match='gt_tensor_to_device'):
        Gt.zeros(2).to('cuda')
    with pytest.raises(RuntimeError, match='gt_tensor_to_device'):
        Gt.zeros(2).cuda()


@pytest.mark.skipif(not Gt.cuda_is_available(), reason='no CUDA device')
def test_cuda_round_trip():
    t = Gt.tensor([[1.5, -2.0], [3.0, 4.25]])
    c = t.cuda()
    assert c.is_cuda and c.device.type == 'cuda'
    assert c.to(Gt.float64).cpu().tolist() == t.tolist()
    assert Gt.zeros(2, 3, device='cuda:0').device == Gt.device('cuda:0')
    with pytest.raises(TypeError, match='cuda'):
        c.numpy()
    assert 'cuda' in repr(c)
