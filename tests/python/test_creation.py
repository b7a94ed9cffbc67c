# SPDX-License-Identifier: LGPL-2.1-or-later
"""Gt.tensor and the creation functions against NumPy and torch."""

import math

import numpy as np
import pytest
from gi.repository import Gt

from gtutil import (DTYPE_NAMES, NUMPY_NAMES, as_numpy, assert_matches_numpy,
                    assert_matches_torch, dtype_name, gt_dtype, torch_dtype)

NAN = float('nan')
INF = float('inf')

# (data, the dtype torch infers, the values as NumPy builds them)
INFERENCE_CASES = [
    ([1, 2, 3], 'int64'),
    ([1.0, 2, 3], 'float32'),
    ([1, 2.5], 'float32'),
    ([True, False], 'bool'),
    ([True, 1], 'int64'),
    ([True, 1, 2.5], 'float32'),
    ([[1, 2], [3, 4]], 'int64'),
    ([[1.5, 2], [3, 4]], 'float32'),
    (((1, 2), (3, 4)), 'int64'),
    ([(1, 2), [3, 4]], 'int64'),
    (3, 'int64'),
    (2.5, 'float32'),
    (True, 'bool'),
    (-0.0, 'float32'),
    ([], 'float32'),
    ([[], []], 'float32'),
    ([[[]]], 'float32'),
    ([[1]], 'int64'),
    ([[[1, 2, 3]], [[4, 5, 6]]], 'int64'),
    ([NAN, INF, -INF], 'float32'),
    ([2 ** 62 + 1, -2 ** 63, 2 ** 63 - 1], 'int64'),
    (range(4), 'int64'),
    ([np.float64(1.5), 2.0], 'float64'),
    ([np.float32(1.5), 2], 'float32'),
    ([np.int32(7), np.int32(8)], 'int32'),
    ([np.int8(1), True], 'int8'),
    ([np.uint8(200), np.int8(1)], 'int16'),
    ([np.int32(1), 2], 'int64'),
    ([np.int32(1), 2.5], 'float32'),
    ([np.bool_(True), False], 'bool'),
    (np.float16(1.5), 'float16'),
]


def _numpy_of(data, name):
    """NumPy's array of @data converted to @name without overflow warnings."""
    values = np.array(data, dtype=object if name == 'int64' else None)
    return np.array(values.tolist(), dtype=name).reshape(np.shape(values))


@pytest.mark.parametrize('data,expected', INFERENCE_CASES,
                         ids=[repr(c[0])[:40] for c in INFERENCE_CASES])
def test_tensor_infers_dtype_like_torch(data, expected):
    t = Gt.tensor(data)
    assert t.dtype == gt_dtype(expected)
    assert_matches_numpy(t, _numpy_of(data, expected))


@pytest.mark.filterwarnings('ignore:In future, it will be an error:DeprecationWarning')
@pytest.mark.parametrize('data,expected', INFERENCE_CASES,
                         ids=[repr(c[0])[:40] for c in INFERENCE_CASES])
def test_tensor_equals_torch_tensor(torch, data, expected):
    ref = torch.tensor(data)
    assert dtype_name(ref.dtype) == expected
    assert_matches_torch(Gt.tensor(data), ref)


def test_tensor_int64_values_are_exact():
    values = [2 ** 53 + 1, 2 ** 62 + 3, -2 ** 63, 2 ** 63 - 1, -(2 ** 53) - 1]
    t = Gt.tensor(values)
    assert t.tolist() == values
    assert [type(v) for v in t.tolist()] == [int] * len(values)
    assert Gt.tensor(2 ** 63 - 1).item() == 2 ** 63 - 1


@pytest.mark.parametrize('name', DTYPE_NAMES)
@pytest.mark.parametrize('data', [[1.7, -1.7, 0.0, 3.0], [-1, 256, 0, 1], [-1, 255],
                                  [[True, False]], [], 5, 0.5])
def test_tensor_with_dtype_matches_torch(torch, name, data):
    try:
        ref = torch.tensor(data, dtype=torch_dtype(torch, name))
    except RuntimeError as e:
        with pytest.raises(RuntimeError, match='without overflow'):
            Gt.tensor(data, dtype=gt_dtype(name))
        assert 'without overflow' in str(e)
        return
    assert_matches_torch(Gt.tensor(data, dtype=gt_dtype(name)), ref)


OVERFLOW_VALUES = [-1, 256, 255, -128, 128, -129, 1.7, -1.7, -0.5, 127.5, 255.9,
                   256.0, 1e10, 70000.0, 1e39, NAN, INF, -INF, 2 ** 40, True,
                   2 ** 63 - 1, -2 ** 63]


@pytest.mark.parametrize('name', ['uint8', 'int8', 'int16', 'int32', 'int64'])
def test_tensor_integer_overflow_checks_match_torch(torch, name):
    for v in OVERFLOW_VALUES:
        try:
            want = torch.tensor([v], dtype=torch_dtype(torch, name)).tolist()
        except RuntimeError:
            with pytest.raises(RuntimeError, match='cannot be converted to type %s' % name):
                Gt.tensor([v], dtype=gt_dtype(name))
            continue
        assert Gt.tensor([v], dtype=gt_dtype(name)).tolist() == want, v


def test_tensor_integer_overflow_checks():
    assert Gt.tensor([-1, -255, 255], dtype=Gt.uint8).tolist() == [255, 1, 255]
    assert Gt.tensor([-128, 127, 1.9, -0.5], dtype=Gt.int8).tolist() == [-128, 127, 1, 0]
    for bad in ([256], [-256], [-0.5], [255.5], [NAN], [INF]):
        with pytest.raises(RuntimeError, match='cannot be converted to type uint8'):
            Gt.tensor(bad, dtype=Gt.uint8)
    with pytest.raises(RuntimeError, match='int32 without overflow'):
        Gt.tensor([[1], [2 ** 31]], dtype=Gt.int32)
    # floats and bool are not checked
    assert Gt.tensor([1e39], dtype=Gt.float16).tolist() == [INF]
    assert Gt.tensor([NAN, 300], dtype=Gt.bool).tolist() == [True, True]


def test_tensor_with_dtype_converts_like_numpy():
    assert_matches_numpy(Gt.tensor([1.7, -1.7], dtype=Gt.int64),
                         np.array([1, -1], dtype=np.int64))
    assert_matches_numpy(Gt.tensor([-1, 255, -128], dtype=Gt.uint8),
                         np.array([255, 255, 128], dtype=np.uint8))
    assert_matches_numpy(Gt.tensor([0, 2, -0.5], dtype=Gt.bool),
                         np.array([False, True, True]))
    assert_matches_numpy(Gt.tensor([1, 2], dtype=Gt.float64),
                         np.array([1.0, 2.0]))
    assert_matches_numpy(Gt.tensor([1, 2], dtype=float), np.array([1.0, 2.0]))
    assert_matches_numpy(Gt.tensor([1.5], dtype=int), np.array([1]))
    assert_matches_numpy(Gt.tensor([1.5], dtype=bool), np.array([True]))


@pytest.mark.parametrize('data', [[[1, 2], [3]], [[1], [2, 3]], [[[1, 2]], [[3]]],
                                  [[1, 2], [3, 4, 5]]])
def test_ragged_lists_raise_value_error(data):
    with pytest.raises(ValueError, match='expected sequence of length'):
        Gt.tensor(data)


@pytest.mark.parametrize('data', [[1, [2]], [[1], 2], 'abc', [1, 'a'], [1 + 2j]])
def test_bad_data_raises_type_error(data):
    with pytest.raises(TypeError):
        Gt.tensor(data)


@pytest.mark.parametrize('data', [None, [1, None], {1: 2}, [object()]])
def test_uninferable_data_raises_runtime_error(data):
    with pytest.raises(RuntimeError, match='Could not infer dtype of'):
        Gt.tensor(data)


@pytest.mark.parametrize('data', [[[1, 2], [3]], [1, [2]], [[1], 2], 'abc',
                                  [1, None], [[1], [2, 3]], None, {1: 2}])
def test_bad_data_raises_what_torch_raises(torch, data):
    with pytest.raises(Exception) as ref:
        torch.tensor(data)
    with pytest.raises(Exception) as got:
        Gt.tensor(data)
    assert issubclass(got.type, ref.type)


def test_ragged_data_without_elements_is_accepted_like_torch():
    # torch does not look into data whose shape has a zero in it.
    assert Gt.tensor([[[]], []]).shape == (2, 1, 0)


def test_tensor_overflowing_int64_raises_runtime_error():
    with pytest.raises(RuntimeError, match='Overflow'):
        Gt.tensor([2 ** 63])
    with pytest.raises(RuntimeError, match='Overflow'):
        Gt.tensor([-2 ** 63 - 1, 1])


@pytest.mark.parametrize('name', NUMPY_NAMES)
@pytest.mark.parametrize('shape', [(), (0,), (5,), (2, 3), (2, 0, 3), (3, 1, 4)])
def test_tensor_from_numpy_keeps_dtype_and_values(name, shape):
    rs = np.random.RandomState(7)
    arr = np.asarray(rs.randn(*shape) * 100)
    arr = arr.astype(name) if name != "bool" else arr > 0
    arr = np.asarray(arr)
    t = Gt.tensor(arr)
    assert t.dtype == gt_dtype(name)
    assert_matches_numpy(t, arr)
    # and back
    back = t.numpy()
    assert back.dtype == arr.dtype and back.shape == arr.shape
    np.testing.assert_array_equal(back, arr)
    np.testing.assert_array_equal(np.asarray(t), arr)


@pytest.mark.parametrize('name', NUMPY_NAMES)
def test_tensor_from_numpy_matches_torch(torch, name):
    arr = (np.arange(-6, 6).reshape(3, 4) * 21.5).astype(name)
    assert_matches_torch(Gt.tensor(arr), torch.tensor(arr))
    assert_matches_torch(Gt.from_numpy(arr), torch.from_numpy(arr))


def test_tensor_from_numpy_layouts():
    arr = np.arange(12, dtype=np.float32).reshape(3, 4)
    assert_matches_numpy(Gt.tensor(arr.T), arr.T)                 # not contiguous
    assert_matches_numpy(Gt.tensor(arr[:, ::2]), arr[:, ::2])     # strided
    big = arr.astype('>f4')                                       # big-endian
    t = Gt.tensor(big)
    assert t.dtype == Gt.float32
    np.testing.assert_array_equal(t.numpy(), arr)
    assert_matches_numpy(Gt.tensor(np.float64(2.5)), np.array(2.5))
    assert_matches_numpy(Gt.tensor(np.array(3, dtype=np.int16)),
                         np.array(3, dtype=np.int16))


def test_tensor_from_numpy_with_dtype():
    arr = np.array([1.5, -2.5, 300.0])
    assert_matches_numpy(Gt.tensor(arr, dtype=Gt.int32),
                         np.array([1, -2, 300], dtype=np.int32))
    assert_matches_numpy(Gt.tensor(arr, dtype=Gt.float32), arr.astype(np.float32))


def test_tensor_from_list_of_numpy_arrays():
    rows = [np.array([1, 2], dtype=np.int32), np.array([3, 4], dtype=np.int32)]
    assert_matches_numpy(Gt.tensor(rows), np.array(rows))


@pytest.mark.parametrize('dtype', [np.uint16, np.uint32, np.uint64, np.complex64,
                                   np.object_])
def test_tensor_from_unsupported_numpy_dtype(dtype):
    with pytest.raises(TypeError, match="can't convert np.ndarray"):
        Gt.tensor(np.zeros(2, dtype=dtype))


def test_tensor_from_tensor_copies():
    a = Gt.tensor([1.0, 2.0], requires_grad=True)
    b = Gt.tensor(a)
    assert b is not a
    assert not b.requires_grad
    b.fill_(5)
    assert a.tolist() == [1.0, 2.0]
    c = Gt.tensor(a, dtype=Gt.int64)
    assert c.dtype == Gt.int64 and c.tolist() == [1, 2]


def test_tensor_requires_grad():
    t = Gt.tensor([1.0], requires_grad=True)
    assert t.requires_grad
    with pytest.raises(RuntimeError, match='gt_tensor_set_requires_grad'):
        Gt.tensor([1], requires_grad=True)


# ---- zeros, ones, empty, full ---------------------------------------------------

SIZE_FORMS = [
    ((2, 3), {}, (2, 3)),
    (((2, 3),), {}, (2, 3)),
    (([2, 3],), {}, (2, 3)),
    ((), {'size': (2, 3)}, (2, 3)),
    (((),), {}, ()),
    ((0,), {}, (0,)),
    ((2, 0, 3), {}, (2, 0, 3)),
    ((5,), {}, (5,)),
    ((np.int64(4), 2), {}, (4, 2)),
    ((Gt.Size([1, 2, 3]),), {}, (1, 2, 3)),
]


@pytest.mark.parametrize('args,kwargs,shape', SIZE_FORMS)
@pytest.mark.parametrize('func,fill', [('zeros', 0), ('ones', 1)])
def test_zeros_ones_size_forms(func, fill, args, kwargs, shape):
    t = getattr(Gt, func)(*args, **kwargs)
    assert_matches_numpy(t, np.full(shape, fill, dtype=np.float32))
    assert isinstance(t.shape, Gt.Size)


@pytest.mark.parametrize('args,kwargs,shape', SIZE_FORMS)
def test_empty_size_forms(args, kwargs, shape):
    t = Gt.empty(*args, **kwargs)
    assert t.shape == shape and t.dtype == Gt.float32


@pytest.mark.parametrize('name', DTYPE_NAMES)
@pytest.mark.parametrize('func', ['zeros', 'ones'])
def test_zeros_ones_dtypes(torch, func, name):
    t = getattr(Gt, func)(2, 3, dtype=gt_dtype(name))
    ref = getattr(torch, func)(2, 3, dtype=torch_dtype(torch, name))
    assert_matches_torch(t, ref)


@pytest.mark.parametrize('name', DTYPE_NAMES)
def test_empty_dtypes(name):
    t = Gt.empty((3, 2), dtype=gt_dtype(name))
    assert t.dtype == gt_dtype(name) and t.shape == (3, 2) and t.is_contiguous()


@pytest.mark.parametrize('value,expected', [(1, 'int64'), (1.5, 'float32'),
                                            (True, 'bool'), (-7, 'int64'),
                                            (np.float64(2.5), 'float32')])
def test_full_infers_dtype(value, expected):
    t = Gt.full((2, 2), value)
    assert_matches_numpy(t, np.full((2, 2), value, dtype=expected))


@pytest.mark.parametrize('value', [np.float64(2.5), np.int32(3), np.bool_(True),
                                   np.float16(1.5)], ids=repr)
def test_full_numpy_scalar_dtype_matches_torch(torch, value):
    assert_matches_torch(Gt.full((2,), value), torch.full((2,), value))


@pytest.mark.parametrize('size,value', [((2, 3), 1), ((2,), 1.5), ((2,), True),
                                        ((), 7), ((3,), 2 ** 62 + 1),
                                        ((2,), -2 ** 63), ((0,), 1), ((2, 2), -0.25)])
def test_full_matches_torch(torch, size, value):
    assert_matches_torch(Gt.full(size, value), torch.full(size, value))


@pytest.mark.parametrize('name', DTYPE_NAMES)
def test_full_with_dtype_matches_torch(torch, name):
    assert_matches_torch(Gt.full((2, 3), 2.75, dtype=gt_dtype(name)),
                         torch.full((2, 3), 2.75, dtype=torch_dtype(torch, name)))


def test_full_int64_is_exact():
    assert Gt.full((2,), 2 ** 62 + 1).tolist() == [2 ** 62 + 1] * 2
    assert Gt.full((1,), -2 ** 63).tolist() == [-2 ** 63]


def test_creation_requires_grad():
    for func in (Gt.zeros, Gt.ones, Gt.empty, Gt.rand, Gt.randn):
        assert func(2, requires_grad=True).requires_grad
        assert not func(2).requires_grad
    assert Gt.full((2,), 1.0, requires_grad=True).requires_grad
    with pytest.raises(RuntimeError):
        Gt.zeros(2, dtype=Gt.int64, requires_grad=True)


# ---- arange, linspace, eye ------------------------------------------------------

# (args, kwargs) that give the same values in torch, exactly.
ARANGE_CASES = [
    ((10,), {}),
    ((0, 10, 3), {}),
    ((1, 2.5, 0.5), {}),
    ((10, 0, -3), {}),
    ((-5, 5), {}),
    ((0, 10, 3), {'dtype': 'float64'}),
    ((5,), {'dtype': 'float32'}),
    ((), {'start': 1, 'end': 4}),
    ((2,), {'end': 7}),
    ((0, 1, 0.3), {'dtype': 'float64'}),
    ((0, 0), {}),
    ((1e6, 1e6 + 10), {}),
    ((2 ** 40, 2 ** 40 + 5), {}),
    ((0.5,), {}),
    ((0, 1, 0.125), {}),
    ((-3, 3, 2), {'dtype': 'int32'}),
    ((0, 200, 7), {'dtype': 'uint8'}),
    ((0, 10), {'dtype': 'float16'}),
    ((0, 6, 1.5), {'dtype': 'bfloat16'}),
]


def _kwargs(module, kwargs):
    return {k: getattr(module, v) if k == 'dtype' else v for k, v in kwargs.items()}


@pytest.mark.parametrize('args,kwargs', ARANGE_CASES, ids=str)
def test_arange_matches_torch(torch, args, kwargs):
    assert_matches_torch(Gt.arange(*args, **_kwargs(Gt, kwargs)),
                         torch.arange(*args, **_kwargs(torch, kwargs)))


def test_arange_matches_numpy():
    assert_matches_numpy(Gt.arange(0, 10, 3), np.arange(0, 10, 3, dtype=np.int64))
    assert_matches_numpy(Gt.arange(10), np.arange(10, dtype=np.int64))
    assert_matches_numpy(Gt.arange(10, 0, -3), np.arange(10, 0, -3, dtype=np.int64))
    assert_matches_numpy(Gt.arange(1, 2.5, 0.5), np.arange(1, 2.5, 0.5, dtype=np.float32))
    assert_matches_numpy(Gt.arange(0, 1, 0.1, dtype=Gt.float64),
                         np.arange(11, dtype=np.float64)[:10] * 0.1)
    assert Gt.arange(0, 10, 3).tolist() == [0, 3, 6, 9]


def _torch_uses_avx2(torch):
    """Whether torch runs its AVX2 kernels, whose float rounding gtensor
    reproduces bit for bit (other SIMD widths round ranges differently)."""
    return 'CPU capability usage: AVX2' in torch.__config__.show()


def _assert_range_matches(torch, t, ref):
    if _torch_uses_avx2(torch):
        assert_matches_torch(t, ref)
    else:
        assert t.shape == tuple(ref.shape) and dtype_name(t.dtype) == dtype_name(ref.dtype)
        np.testing.assert_allclose(as_numpy(t), as_numpy(ref), rtol=5e-7, atol=3e-8)


@pytest.mark.parametrize('args,kwargs', [
    ((-1.0, 1.0, 0.01), {}), ((0, 3, 0.1), {}), ((0.0, 1.0, 0.1), {}),
    ((-7.3, 1e3, 0.37), {}), ((0, 1, 0.001), {}), ((-1.0, 1.0, 0.01), {'dtype': 'float64'}),
    ((1e4, 0, -3.3), {}), ((0, 50, 1.5), {'dtype': 'float16'}),
    ((0, 100, 0.7), {'dtype': 'float16'}), ((0, 10, 0.3), {'dtype': 'float16'}),
    ((0, 100, 0.7), {'dtype': 'bfloat16'}), ((0, 10, 0.3), {'dtype': 'bfloat16'}),
], ids=str)
def test_arange_fractional_steps_match_torch(torch, args, kwargs):
    # torch computes float ranges in SIMD blocks (8 floats for AVX2) from a
    # block base, so values differ from start + i * step in the last bit.
    _assert_range_matches(torch, Gt.arange(*args, **_kwargs(Gt, kwargs)),
                          torch.arange(*args, **_kwargs(torch, kwargs)))


@pytest.mark.parametrize('args,name,expected', [
    ((0, 10, 2.5), 'int32', [0, 2, 4, 6]),
    ((0, 10, 2.5), 'int64', [0, 2, 4, 6, 8]),
    ((0, 5.5), 'int64', [0, 1, 2, 3, 4]),
    ((-2.5, 3, 1.5), 'int32', [-2, -1, 0, 1]),
])
def test_arange_integer_dtype_with_fractional_bounds(args, name, expected):
    # torch truncates start and step (and, for int64, end) to integers first
    assert Gt.arange(*args, dtype=gt_dtype(name)).tolist() == expected


@pytest.mark.parametrize('name', ['int64', 'int32', 'int16', 'uint8'])
@pytest.mark.parametrize('args', [(0, 5.5), (0, 10, 2.5), (0.5, 4), (-2.5, 3, 1.5),
                                  (7.9, 1.2, -2.2)], ids=str)
def test_arange_integer_dtype_with_fractional_bounds_matches_torch(torch, args, name):
    assert_matches_torch(Gt.arange(*args, dtype=gt_dtype(name)),
                         torch.arange(*args, dtype=torch_dtype(torch, name)))


# (args, kwargs) with exactly torch's values
LINSPACE_CASES = [
    ((0, 1, 5), {}),
    ((0, 10, 1), {}),
    ((0, 10, 0), {}),
    ((1, 0, 4), {}),
    ((0, 1, 5), {'dtype': 'float64'}),
    ((0, 10, 4), {'dtype': 'int64'}),
    ((5, -5, 3), {'dtype': 'int32'}),
    ((1, 1, 5), {}),
    ((0, 255, 7), {'dtype': 'uint8'}),
    ((-2, 2, 9), {}),
    ((0, 1e6, 33), {}),
]


@pytest.mark.parametrize('args,kwargs', LINSPACE_CASES, ids=str)
def test_linspace_matches_torch(torch, args, kwargs):
    assert_matches_torch(Gt.linspace(*args, **_kwargs(Gt, kwargs)),
                         torch.linspace(*args, **_kwargs(torch, kwargs)))


@pytest.mark.parametrize('args,kwargs', [
    ((-1, 1, 7), {}), ((-3.3, 7.7, 11), {}), ((0, 1, 100), {}),
    ((0, 1, 100), {'dtype': 'float64'}), ((-5, 3, 1001), {}), ((0, 1, 33), {'dtype': 'float16'}),
    ((0, 1, 33), {'dtype': 'bfloat16'}), ((10, -10, 64), {}),
], ids=str)
def test_linspace_fractional_steps_match_torch(torch, args, kwargs):
    _assert_range_matches(torch, Gt.linspace(*args, **_kwargs(Gt, kwargs)),
                          torch.linspace(*args, **_kwargs(torch, kwargs)))


def test_linspace_matches_numpy():
    assert_matches_numpy(Gt.linspace(0, 1, 5),
                         np.linspace(0, 1, 5, dtype=np.float32))
    assert_matches_numpy(Gt.linspace(-1, 1, 7, dtype=Gt.float64),
                         np.linspace(-1, 1, 7), rtol=1e-15, atol=1e-15)
    assert_matches_numpy(Gt.linspace(3, 3, 1), np.array([3.0], dtype=np.float32))
    assert Gt.linspace(0, 1, 0).shape == (0,)


@pytest.mark.parametrize('args,kwargs', [((3,), {}), ((3, 4), {}), ((4, 3), {}),
                                         ((0,), {}), ((2, 0), {}), ((1,), {}),
                                         ((3,), {'dtype': 'int64'}),
                                         ((2, 3), {'dtype': 'bool'}),
                                         ((3,), {'m': 5})])
def test_eye_matches_numpy_and_torch(args, kwargs):
    t = Gt.eye(*args, **_kwargs(Gt, kwargs))
    name = kwargs.get('dtype', 'float32')
    n = args[0]
    m = args[1] if len(args) > 1 else kwargs.get('m', n)
    assert_matches_numpy(t, np.eye(n, m, dtype=name))
    try:
        import torch
    except ImportError:
        return
    assert_matches_torch(t, torch.eye(*args, **_kwargs(torch, kwargs)))


def test_eye_3_4_values():
    assert Gt.eye(3, 4).tolist() == [[1.0, 0.0, 0.0, 0.0],
                                     [0.0, 1.0, 0.0, 0.0],
                                     [0.0, 0.0, 1.0, 0.0]]


# ---- the _like forms -------------------------------------------------------------

@pytest.mark.parametrize('name', ['float32', 'float64', 'int32', 'bool'])
def test_like_functions_keep_shape_dtype(name):
    src = Gt.ones(2, 3, dtype=gt_dtype(name))
    assert_matches_numpy(Gt.zeros_like(src), np.zeros((2, 3), dtype=name))
    assert_matches_numpy(Gt.ones_like(src), np.ones((2, 3), dtype=name))
    assert_matches_numpy(Gt.full_like(src, 1), np.full((2, 3), 1, dtype=name))
    e = Gt.empty_like(src)
    assert e.shape == (2, 3) and e.dtype == src.dtype


@pytest.mark.parametrize('name', ['float64', 'int64', 'uint8', 'bool', 'float16'])
def test_like_functions_with_other_dtype(name):
    src = Gt.ones(4, 2)
    dt = gt_dtype(name)
    assert_matches_numpy(Gt.zeros_like(src, dtype=dt), np.zeros((4, 2), dtype=name))
    assert_matches_numpy(Gt.ones_like(src, dtype=dt), np.ones((4, 2), dtype=name))
    assert_matches_numpy(Gt.full_like(src, 3, dtype=dt), np.full((4, 2), 3, dtype=name))
    assert Gt.empty_like(src, dtype=dt).dtype == dt
    assert Gt.randint_like(src, 2, dtype=dt).dtype == dt
    if name.startswith('float'):
        assert Gt.rand_like(src, dtype=dt).dtype == dt
        assert Gt.randn_like(src, dtype=dt).dtype == dt


def test_full_like_keeps_input_dtype_for_float_value():
    t = Gt.full_like(Gt.zeros(3, dtype=Gt.int64), 2.7)
    assert_matches_numpy(t, np.array([2, 2, 2]))


def test_like_functions_requires_grad():
    src = Gt.ones(2)
    assert Gt.zeros_like(src, requires_grad=True).requires_grad
    assert Gt.rand_like(src, requires_grad=True).requires_grad


@pytest.mark.parametrize('func', ['zeros_like', 'ones_like', 'empty_like',
                                  'rand_like', 'randn_like'])
def test_like_functions_match_torch_shapes(torch, func):
    for shape in [(), (0,), (3, 1, 2)]:
        t = getattr(Gt, func)(Gt.zeros(shape))
        ref = getattr(torch, func)(torch.zeros(shape))
        assert t.shape == tuple(ref.shape)
        assert dtype_name(t.dtype) == dtype_name(ref.dtype)


def test_like_functions_reject_non_tensors():
    with pytest.raises(TypeError):
        Gt.zeros_like([1, 2])
    with pytest.raises(TypeError):
        Gt.full_like(np.zeros(2), 1)


def test_new_methods():
    t = Gt.tensor([1, 2], dtype=Gt.int32)
    assert_matches_numpy(t.new_zeros(2, 2), np.zeros((2, 2), dtype=np.int32))
    assert_matches_numpy(t.new_ones((3,)), np.ones(3, dtype=np.int32))
    assert_matches_numpy(t.new_full((2,), 7), np.full(2, 7, dtype=np.int32))
    assert_matches_numpy(t.new_tensor([1.5, 2.5]), np.array([1, 2], dtype=np.int32))
    assert t.new_empty(3, dtype=Gt.float64).dtype == Gt.float64


def test_numel_and_size_helpers():
    assert Gt.numel(Gt.zeros(2, 5)) == 10
    assert Gt.Size([2, 5]).numel() == 10
    assert Gt.is_tensor(Gt.zeros(1)) and not Gt.is_tensor([1])
    assert Gt.get_default_dtype() == Gt.float32
    assert Gt.is_floating_point(Gt.zeros(1))
    assert not Gt.is_floating_point(Gt.zeros(1, dtype=Gt.int8))
    assert math.prod(Gt.zeros(3, 4).shape) == 12


def test_as_tensor():
    t = Gt.zeros(2)
    assert Gt.as_tensor(t) is t
    assert Gt.as_tensor(t, dtype=Gt.float64).dtype == Gt.float64
    assert_matches_numpy(Gt.as_tensor([1, 2]), np.array([1, 2]))
