# SPDX-License-Identifier: LGPL-2.1-or-later
"""Helpers shared by the test modules: dtype tables and comparisons of a Gt
tensor with NumPy arrays and torch tensors."""

import gi

gi.require_version('Gt', '1.0')

import numpy as np  # noqa: E402
from gi.repository import Gt  # noqa: E402

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
