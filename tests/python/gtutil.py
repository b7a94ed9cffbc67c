# SPDX-License-Identifier: LGPL-2.1-or-later
"""Helpers shared by the test modules: dtype tables and comparisons of a Gt
tensor with NumPy arrays and torch tensors, and (below) conversions for the
tests that call the raw introspected module."""

import gi

gi.require_version('Gt', '1.0')

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from gi.module import get_introspection_module  # noqa: E402
from gi.repository import GLib, Gt  # noqa: E402

# Every dtype, by the name torch and Gt share.
DTYPE_NAMES = ['float32', 'float64', 'float16', 'bfloat16', 'int8', 'uint8',
               'int16', 'int32', 'int64', 'bool']
FLOAT_NAMES = ['float32', 'float64', 'float16', 'bfloat16']
# The dtypes NumPy has too.
NUMPY_NAMES = [n for n in DTYPE_NAMES if n != 'bfloat16']


def gt_dtype(name):
    """The Gt.DType called @name."""
    return getattr(Gt, name)


def torch_dtype(torch, name):
    """The torch.dtype called @name."""
    return getattr(torch, name)


def dtype_name(dtype):
    """'float32' for Gt.float32 or torch.float32."""
    return str(dtype).split('.')[-1]


def as_numpy(t):
    """The values of a Gt or torch tensor as a NumPy array (bfloat16 is
    widened to float32, exactly)."""
    if dtype_name(t.dtype) == 'bfloat16':
        t = t.float()
    return np.asarray(t.numpy())


def assert_matches_numpy(t, expected, rtol=0.0, atol=0.0):
    """@t has @expected's shape, dtype and values (NaN equal to NaN)."""
    expected = np.asarray(expected)
    assert tuple(t.shape) == expected.shape
    assert dtype_name(t.dtype) == expected.dtype.name
    got = t.numpy()
    assert got.dtype == expected.dtype
    if rtol == 0 and atol == 0:
        np.testing.assert_array_equal(got, expected)
    else:
        np.testing.assert_allclose(got, expected, rtol=rtol, atol=atol)


def assert_matches_torch(t, ref, rtol=0.0, atol=0.0):
    """@t has the shape, dtype and values of the torch tensor @ref."""
    assert tuple(t.shape) == tuple(ref.shape)
    assert dtype_name(t.dtype) == dtype_name(ref.dtype)
    got, want = as_numpy(t), as_numpy(ref)
    if rtol == 0 and atol == 0:
        np.testing.assert_array_equal(got, want)
    else:
        np.testing.assert_allclose(got, want, rtol=rtol, atol=atol)


# ---- the raw introspected module -----------------------------------------
#
# The ops parity tests (test_ops_*.py) call the C functions through the raw
# GI module, so that they check the C library whatever the overrides add.
# These helpers move values between it, NumPy and torch; torch is imported
# only by the functions that need it, so this module loads without it.

_C = get_introspection_module('Gt')

# The NumPy type of each dtype NumPy has (bfloat16 travels as float32).
NUMPY = {'float32': np.float32, 'float64': np.float64, 'float16': np.float16,
         'int8': np.int8, 'uint8': np.uint8, 'int16': np.int16,
         'int32': np.int32, 'int64': np.int64, 'bool': np.bool_}

# The dtypes and layouts of the data-movement tests (index, shape): the
# movement does not depend on the values, so one dtype of each kind; every
# dtype with the common layouts, the rarer layouts with two dtypes, so that
# the suite stays quick.
MOVE_DTYPES = ['float32', 'float64', 'int32', 'int64', 'uint8', 'bool']
MOVE_LAYOUTS = ['contiguous', 'transposed', 'expanded', 'strided']
MOVE_LAYOUT_DTYPES = ([(lay, n) for lay in MOVE_LAYOUTS[:2] for n in MOVE_DTYPES]
                      + [(lay, n) for lay in MOVE_LAYOUTS[2:]
                         for n in ('float32', 'int64')])


def raw_dtype(name):
    """The Gt.DType called @name."""
    return getattr(_C.DType, name.upper())


def raw_dtype_name(t):
    """The dtype name of the raw Gt tensor @t ('float32')."""
    return _C.dtype_get_name(_C.Tensor.get_dtype(t))


def raw_from_numpy(arr, name=None):
    """A contiguous raw Gt tensor of dtype @name (default: @arr's) holding
    @arr's values; bfloat16 takes the upper half of the float32 bits, so
    its values must be exact in bfloat16."""
    arr = np.array(arr, order='C')      # keeps 0-d arrays 0-d
    name = name or arr.dtype.name
    if name == 'bfloat16':
        bits = arr.astype(np.float32).view(np.uint32)
        data = (bits >> 16).astype(np.uint16)
    else:
        data = arr.astype(NUMPY[name])
    return _C.Tensor.new_from_bytes(GLib.Bytes.new(data.tobytes()),
                                    list(arr.shape), raw_dtype(name), None)


def raw_to_numpy(t):
    """The raw Gt tensor @t's values in its shape (bfloat16 widened to
    float32)."""
    shape = tuple(_C.Tensor.get_shape(t))
    name = raw_dtype_name(t)
    raw = _C.Tensor.to_bytes(t).get_data() or b''
    if name == 'bfloat16':
        bits = np.frombuffer(raw, dtype=np.uint16).astype(np.uint32) << 16
        return bits.view(np.float32).reshape(shape)
    return np.frombuffer(raw, dtype=NUMPY[name]).reshape(shape).copy()


def torch_from_numpy(arr, name):
    """A torch tensor of dtype @name holding @arr's values."""
    import torch
    if name == 'bfloat16':
        return torch.from_numpy(np.array(arr, dtype=np.float32)).to(torch.bfloat16)
    return torch.from_numpy(np.array(arr, dtype=NUMPY[name], order='C'))


def raw_operand(values, name, layout):
    """(raw Gt tensor, torch tensor) holding @values as dtype @name in
    @layout: 'contiguous'; 'transposed' (the dims stored in reverse order);
    'sliced' (every other element of a wider tensor along the last dim);
    'expanded' (dim 0 broadcast from size 1). A layout the shape does not
    allow gives a contiguous pair."""
    ndim = values.ndim
    if layout == 'transposed' and ndim >= 2:
        perm = list(range(ndim))[::-1]
        stored = np.ascontiguousarray(values.transpose(perm))
        return (_C.Tensor.permute(raw_from_numpy(stored, name), perm),
                torch_from_numpy(stored, name).permute(perm))
    if layout == 'sliced' and ndim >= 1:
        wide = np.zeros(values.shape[:-1] + (2 * values.shape[-1],))
        wide[..., ::2] = values
        return (_C.Tensor.slice(raw_from_numpy(wide, name), -1, 0,
                                wide.shape[-1], 2),
                torch_from_numpy(wide, name)[..., ::2])
    if layout == 'expanded' and ndim >= 2 and values.shape[0] > 1:
        one = values[:1]
        return (_C.Tensor.expand(raw_from_numpy(one, name), list(values.shape)),
                torch_from_numpy(one, name).expand(*values.shape))
    return raw_from_numpy(values, name), torch_from_numpy(values, name)


def random_move_array(rng, shape, name, low=-1000, high=1000):
    """Random values of dtype @name from @rng: normal floats, integers in
    [@low, @high) (uint8: all of 0..255), bools."""
    if name == 'bool':
        arr = rng.random(shape) < 0.5
    elif name in ('float32', 'float64'):
        arr = rng.standard_normal(shape)
    elif name == 'uint8':
        arr = rng.integers(0, 256, shape)
    else:
        arr = rng.integers(low, high, shape)
    return np.asarray(arr, dtype=NUMPY[name]).reshape(shape)


def assert_raw_same(g, t, rtol=0):
    """The raw Gt tensor @g equals the torch tensor @t: shape, dtype, and
    values (exactly, or within @rtol relative and absolute)."""
    assert list(_C.Tensor.get_shape(g)) == list(t.shape)
    assert raw_dtype_name(g) == dtype_name(t.dtype)
    if rtol:
        np.testing.assert_allclose(raw_to_numpy(g), t.numpy(), rtol=rtol,
                                   atol=rtol)
    else:
        np.testing.assert_array_equal(raw_to_numpy(g), t.numpy())


def expect_gerror(code, func, call, *args):
    """call(*args) raises a GError of the gt-error domain with @code whose
    message names @func; returns the message."""
    with pytest.raises(GLib.Error) as info:
        call(*args)
    assert info.value.domain == 'gt-error-quark', info.value.message
    assert info.value.code == int(code), info.value.message
    assert func in info.value.message, info.value.message
    return info.value.message


# ---- torch tensors to Gt and back -----------------------------------------
#
# For the tests that feed torch's inputs to Gt and compare Gt's results
# (values, gradients) as torch tensors. Any dtype both have and NumPy can
# hold; the callers check the dtype of what comes back.

def torch_to_gt(t, requires_grad=False):
    """A Gt leaf holding the values, shape and dtype of the torch tensor
    @t (detached)."""
    t = t.detach().contiguous()
    data = t.numpy().tobytes() if t.numel() else b''
    g = Gt.Tensor.new_from_bytes(GLib.Bytes.new(data), list(t.shape),
                                 raw_dtype(dtype_name(t.dtype)), None)
    if requires_grad:
        g.set_requires_grad(True)
    return g


def gt_to_torch(g):
    """The values of the Gt tensor @g as a torch tensor of its dtype and
    shape."""
    import torch
    g = g.contiguous()
    dtype = getattr(torch, _C.dtype_get_name(g.get_dtype()))
    data = bytes(g.to_bytes().get_data() or b'')
    arr = np.frombuffer(data, dtype=torch.empty(0, dtype=dtype).numpy().dtype)
    return torch.from_numpy(arr.copy()).reshape(list(g.get_shape()))
