# SPDX-License-Identifier: LGPL-2.1-or-later
"""The torch.Tensor-style methods and properties of Gt.Tensor."""

import numpy as np
import pytest
from gi.repository import GLib, Gt

from gtutil import (DTYPE_NAMES, FLOAT_NAMES, NUMPY_NAMES, assert_matches_numpy,
                    assert_matches_torch, dtype_name, gt_dtype, torch_dtype)

SHAPES = [(), (0,), (1,), (5,), (2, 3), (2, 0, 3), (3, 1, 4), (1, 1, 1, 1)]


@pytest.mark.parametrize('shape', SHAPES, ids=str)
def test_metadata_matches_numpy(shape):
    arr = np.arange(int(np.prod(shape)), dtype=np.float32).reshape(shape)
    t = Gt.tensor(arr)
    assert t.shape == shape
    assert isinstance(t.shape, tuple) and isinstance(t.shape, Gt.Size)
    assert t.size() == shape
    assert t.dim() == t.ndim == t.ndimension() == arr.ndim
    assert t.numel() == t.nelement() == arr.size
    assert t.stride() == tuple(s // 4 for s in arr.strides) or 0 in shape
    for d in range(-len(shape), len(shape)):
        assert t.size(d) == shape[d]
    assert t.is_contiguous()
    assert t.element_size() == 4
    assert t.storage_offset() == 0
    assert t.dtype == Gt.float32
    assert t.is_floating_point()
    assert not t.is_cuda and t.is_cpu


@pytest.mark.parametrize('shape', SHAPES, ids=str)
def test_metadata_matches_torch(torch, shape):
    t, ref = Gt.zeros(shape), torch.zeros(shape)
    assert t.shape == tuple(ref.shape) == t.size()
    assert t.stride() == ref.stride()
    for d in range(-len(shape), len(shape)):
        assert t.stride(d) == ref.stride(d)
        assert t.size(d) == ref.size(d)
    assert t.dim() == ref.dim() and t.numel() == ref.numel()
    assert repr(t.shape) == repr(ref.shape).replace('torch.', 'Gt.')


@pytest.mark.parametrize('name', DTYPE_NAMES)
def test_element_size_matches_torch(torch, name):
    t = Gt.zeros(2, dtype=gt_dtype(name))
    ref = torch.zeros(2, dtype=torch_dtype(torch, name))
    assert t.element_size() == ref.element_size()
    assert t.is_floating_point() == ref.is_floating_point()


def test_size_is_a_tuple():
    s = Gt.zeros(2, 3, 4).shape
    assert s == (2, 3, 4) and s[0] == 2 and s[-1] == 4
    assert isinstance(s[1:], Gt.Size) and s[1:] == (3, 4)
    assert isinstance(s + (5,), Gt.Size)
    assert list(s) == [2, 3, 4]
    assert repr(s) == str(s) == 'Gt.Size([2, 3, 4])'
    assert repr(Gt.Size([])) == 'Gt.Size([])'
    assert s.numel() == 24


# ---- item, tolist, numpy --------------------------------------------------------

@pytest.mark.parametrize('name,value,expected', [
    ('float32', 1.5, 1.5), ('float64', -2.25, -2.25), ('float16', 0.5, 0.5),
    ('bfloat16', 3.0, 3.0), ('int64', 2 ** 62 + 1, 2 ** 62 + 1), ('int32', -7, -7),
    ('uint8', 200, 200), ('int8', -100, -100), ('int16', 1234, 1234),
    ('bool', True, True), ('bool', False, False),
])
def test_item_types(name, value, expected):
    for shape in [(), (1,), (1, 1)]:
        t = Gt.full(shape, value, dtype=gt_dtype(name))
        v = t.item()
        assert v == expected
        assert type(v) is type(expected)


def test_item_float32_value_is_the_float32_value():
    assert Gt.tensor(0.1).item() == float(np.float32(0.1))


@pytest.mark.parametrize('name', DTYPE_NAMES)
def test_item_matches_torch(torch, name):
    for v in [0, 1, 3.75, -2.5, 100]:
        if name == 'uint8' and v < 0:
            continue
        t = Gt.tensor(v, dtype=gt_dtype(name))
        ref = torch.tensor(v, dtype=torch_dtype(torch, name))
        assert t.item() == ref.item()
        assert type(t.item()) is type(ref.item())


def test_item_needs_one_element():
    for t in (Gt.zeros(2), Gt.zeros(0), Gt.zeros(2, 2, dtype=Gt.int64)):
        with pytest.raises(ValueError, match='gt_tensor_item') as info:
            t.item()
        assert isinstance(info.value, GLib.Error)


@pytest.mark.parametrize('name', DTYPE_NAMES)
@pytest.mark.parametrize('shape', [(), (0,), (3,), (2, 3), (2, 0), (0, 2), (2, 1, 2)],
                         ids=str)
def test_tolist_matches_torch(torch, name, shape):
    ref = (torch.arange(int(np.prod(shape)), dtype=torch.float64) * 1.5 - 2).reshape(shape)
    ref = ref.to(torch_dtype(torch, name))
    t = Gt.tensor(ref.to(torch.float64).numpy()).to(gt_dtype(name))
    got, want = t.tolist(), ref.tolist()
    assert got == want

    def types(x):
        return [types(v) for v in x] if isinstance(x, list) else type(x)
    assert types(got) == types(want)


def test_tolist_matches_numpy():
    arr = np.arange(24, dtype=np.int64).reshape(2, 3, 4) - 5
    assert Gt.tensor(arr).tolist() == arr.tolist()
    assert Gt.tensor(arr > 0).tolist() == (arr > 0).tolist()
    f = np.linspace(-1, 1, 6, dtype=np.float64).reshape(3, 2)
    assert Gt.tensor(f).tolist() == f.tolist()
    assert Gt.tensor(3.5).tolist() == 3.5
    assert Gt.zeros(2, 0).tolist() == [[], []]


@pytest.mark.parametrize('name', NUMPY_NAMES)
def test_numpy_dtype_and_sharing(name):
    t = Gt.ones(2, 3, dtype=gt_dtype(name))
    arr = t.numpy()
    assert arr.dtype == np.dtype(name) and arr.shape == (2, 3)
    assert arr.flags.writeable
    arr[0, 0] = 0
    assert t.tolist()[0][0] == 0          # shared, as torch's numpy()
    assert np.asarray(t).dtype == np.dtype(name)
    assert np.asarray(t, dtype=np.float64).dtype == np.float64


def test_numpy_bfloat16_raises_type_error_like_torch(torch):
    with pytest.raises(TypeError, match='BFloat16') as ref:
        torch.zeros(2, dtype=torch.bfloat16).numpy()
    with pytest.raises(TypeError, match='BFloat16') as got:
        Gt.zeros(2, dtype=Gt.bfloat16).numpy()
    assert str(got.value) == str(ref.value)


def test_numpy_refuses_requires_grad():
    t = Gt.zeros(2, requires_grad=True)
    with pytest.raises(RuntimeError, match='requires grad'):
        t.numpy()
    assert t.numpy(force=True).tolist() == [0.0, 0.0]


def test_numpy_round_trip_values():
    rs = np.random.RandomState(3)
    for arr in [rs.randn(4, 5).astype(np.float32), rs.randn(7), rs.randint(-9, 9, (3, 3)),
                (rs.randn(6) * 100).astype(np.float16), rs.randn(2, 2) > 0,
                np.array(np.float32(-0.0)), np.zeros((0, 4), dtype=np.int32)]:
        back = Gt.tensor(arr).numpy()
        np.testing.assert_array_equal(back, arr)
        assert back.dtype == arr.dtype and back.shape == arr.shape


# ---- Python protocols -----------------------------------------------------------

def test_len():
    assert len(Gt.zeros(4, 2)) == 4
    assert len(Gt.zeros(0)) == 0
    with pytest.raises(TypeError, match='len\\(\\) of a 0-d tensor'):
        len(Gt.tensor(1.0))


def test_len_matches_torch(torch):
    with pytest.raises(TypeError) as ref:
        len(torch.tensor(1.0))
    with pytest.raises(TypeError) as got:
        len(Gt.tensor(1.0))
    assert str(got.value) == str(ref.value)


def test_bool_float_int_index():
    assert bool(Gt.tensor([1.0])) is True
    assert bool(Gt.tensor(0)) is False
    assert float(Gt.tensor([[3]])) == 3.0
    assert int(Gt.tensor([2.7])) == 2
    assert [10, 20, 30][Gt.tensor(1)] == 20
    with pytest.raises(TypeError, match='integer tensors'):
        [1, 2][Gt.tensor(1.0)]
    with pytest.raises(RuntimeError, match='more than one value is ambiguous'):
        bool(Gt.zeros(2))
    with pytest.raises(RuntimeError, match='no values is ambiguous'):
        bool(Gt.zeros(0))
    assert format(Gt.tensor(1.25), '.1f') == '1.2'
    assert '%s' % Gt.tensor([1, 2]) == 'tensor([1, 2])'


def test_repr_and_str():
    t = Gt.tensor([[1.5, 2.0], [3.0, 4.0]])
    assert repr(t) == str(t) == 'tensor([[1.5000, 2.0000],\n        [3.0000, 4.0000]])'


# ---- autograd fields ------------------------------------------------------------

def test_requires_grad_property():
    t = Gt.zeros(3)
    assert t.requires_grad is False
    t.requires_grad = True
    assert t.requires_grad is True
    assert t.props.requires_grad is True
    assert t.requires_grad_(False) is t and not t.requires_grad
    assert t.requires_grad_() is t and t.requires_grad
    i = Gt.zeros(3, dtype=Gt.int64)
    with pytest.raises(RuntimeError, match='floating point'):
        i.requires_grad = True
    with pytest.raises(RuntimeError, match='floating point'):
        i.requires_grad_()
    i.requires_grad_(False)


def test_grad_property():
    t = Gt.zeros(2, 2, requires_grad=True)
    assert t.grad is None
    g = Gt.ones(2, 2)
    t.grad = g
    assert t.grad is g
    t.grad = None
    assert t.grad is None
    t.grad = g
    del t.grad
    assert t.grad is None
    with pytest.raises(RuntimeError, match='gt_tensor_set_grad'):
        t.grad = Gt.ones(3)
    with pytest.raises(RuntimeError, match='gt_tensor_set_grad'):
        t.grad = Gt.ones(2, 2, dtype=Gt.float64)
    with pytest.raises(TypeError):
        t.grad = [1.0]


# ---- conversions ----------------------------------------------------------------

def test_to_forms():
    t = Gt.tensor([1.5, -2.5])
    assert t.to(Gt.float32) is t
    assert t.to('cpu') is t
    assert t.to(Gt.device('cpu')) is t
    assert t.to(t.device) is t
    assert t.to(Gt.float32, copy=True) is not t
    assert t.to(Gt.float64).dtype == Gt.float64
    assert t.to(dtype=Gt.int64).tolist() == [1, -2]
    assert t.to('cpu', Gt.int32).dtype == Gt.int32
    assert t.to(device='cpu', dtype=Gt.float16).dtype == Gt.float16
    assert t.to(Gt.zeros(1, dtype=Gt.uint8)).dtype == Gt.uint8
    assert t.to(float).dtype == Gt.float64
    assert t.to(int).dtype == Gt.int64
    assert t.to(bool).dtype == Gt.bool
    assert t.to(Gt.float64, False, True).dtype == Gt.float64
    assert t.cpu() is t
    with pytest.raises(TypeError):
        t.to('cpu', 'float32')
    with pytest.raises(TypeError):
        t.to(Gt.float32, bogus=1)


@pytest.mark.parametrize('method,name', [('float', 'float32'), ('double', 'float64'),
                                         ('half', 'float16'), ('bfloat16', 'bfloat16'),
                                         ('long', 'int64'), ('int', 'int32'),
                                         ('short', 'int16'), ('char', 'int8'),
                                         ('byte', 'uint8'), ('bool', 'bool')])
def test_dtype_shortcuts_match_torch(torch, method, name):
    src = [0.0, 1.5, -2.5, 300.0]
    t = getattr(Gt.tensor(src), method)()
    ref = getattr(torch.tensor(src), method)()
    assert dtype_name(ref.dtype) == name
    assert_matches_torch(t, ref)


def test_type_as():
    assert Gt.zeros(2).type_as(Gt.zeros(1, dtype=Gt.int16)).dtype == Gt.int16


def test_clone_and_contiguous():
    t = Gt.tensor([1, 2, 3])
    c = t.clone()
    assert c is not t and c.tolist() == [1, 2, 3]
    c.fill_(0)
    assert t.tolist() == [1, 2, 3]
    assert t.contiguous() is t
    assert t.is_contiguous()


# ---- in-place methods -----------------------------------------------------------

def test_in_place_methods_return_self():
    t = Gt.zeros(2, 3)
    assert t.fill_(2.5) is t
    assert_matches_numpy(t, np.full((2, 3), 2.5, dtype=np.float32))
    assert t.zero_() is t
    assert_matches_numpy(t, np.zeros((2, 3), dtype=np.float32))
    assert t.copy_(Gt.tensor([1, 2, 3])) is t      # broadcast, converted
    assert_matches_numpy(t, np.array([[1, 2, 3]] * 2, dtype=np.float32))
    assert t.uniform_() is t
    assert t.normal_() is t
    assert t.fill_(Gt.tensor(4)) is t
    assert t.tolist() == [[4.0] * 3] * 2


def test_fill_exact_for_int64():
    t = Gt.zeros(2, dtype=Gt.int64)
    t.fill_(2 ** 62 + 1)
    assert t.tolist() == [2 ** 62 + 1] * 2
    t.fill_(True)
    assert t.tolist() == [1, 1]


@pytest.mark.parametrize('name', DTYPE_NAMES)
def test_fill_matches_torch(torch, name):
    for v in [1, -1, 2.75, True, 300, -200, -0.5, 255.5, 1e6, 2 ** 40, 1e39,
              float('nan'), float('inf'), -float('inf')]:
        try:
            ref = torch.zeros(3, dtype=torch_dtype(torch, name)).fill_(v)
        except RuntimeError:
            with pytest.raises(RuntimeError, match='without overflow'):
                Gt.zeros(3, dtype=gt_dtype(name)).fill_(v)
            with pytest.raises(RuntimeError, match='without overflow'):
                Gt.full((3,), v, dtype=gt_dtype(name))
            continue
        assert_matches_torch(Gt.zeros(3, dtype=gt_dtype(name)).fill_(v), ref)
        assert_matches_torch(Gt.full((3,), v, dtype=gt_dtype(name)), ref)
        assert_matches_torch(Gt.full_like(Gt.zeros(3, dtype=gt_dtype(name)), v), ref)


def test_fill_rejects_non_scalars():
    with pytest.raises(RuntimeError, match='0-dimension'):
        Gt.zeros(2).fill_(Gt.zeros(2))
    with pytest.raises(TypeError):
        Gt.zeros(2).fill_('1')


def test_copy_rejects_non_tensors():
    with pytest.raises(TypeError, match='must be Tensor'):
        Gt.zeros(2).copy_([1, 2])


def test_copy_does_not_touch_the_source_bytes():
    # tensors made from NumPy data are backed by immutable GBytes
    arr = np.arange(4, dtype=np.float32)
    t = Gt.tensor(arr)
    u = Gt.tensor(t)
    t.fill_(7)
    assert u.tolist() == [0.0, 1.0, 2.0, 3.0]
    np.testing.assert_array_equal(arr, np.arange(4, dtype=np.float32))


@pytest.mark.parametrize('name', FLOAT_NAMES)
def test_uniform_normal_ranges(name):
    t = Gt.empty(2000, dtype=gt_dtype(name)).uniform_(-2, 3)
    v = np.asarray(t.float().numpy(), dtype=np.float64)
    assert v.min() >= -2 and v.max() <= 3
    assert abs(v.mean() - 0.5) < 0.15
    t.normal_(10, 0.5)
    v = np.asarray(t.float().numpy(), dtype=np.float64)
    assert abs(v.mean() - 10) < 0.1 and abs(v.std() - 0.5) < 0.1


def test_uniform_keyword_forms():
    t = Gt.empty(100)
    t.uniform_(**{'from': 5, 'to': 6})
    assert 5 <= min(t.tolist()) and max(t.tolist()) <= 6
    t.uniform_(a=-1, b=0)
    assert -1 <= min(t.tolist()) and max(t.tolist()) <= 0
    t.normal_(mean=3, std=0)
    assert t.tolist() == [3.0] * 100


def test_gi_methods_stay_available():
    t = Gt.tensor([[1, 2], [3, 4]], dtype=Gt.int32)
    assert t.get_shape() == [2, 2]
    assert t.get_dtype() == Gt.DType.INT32
    assert t.to_int64s() == [1, 2, 3, 4]
    assert t.to_doubles() == [1.0, 2.0, 3.0, 4.0]
    assert t.to_bytes().get_size() == 16
    assert t.to_dtype(Gt.DType.FLOAT64).dtype == Gt.float64
    assert Gt.tensor([5], dtype=Gt.int64).item_int64() == 5
    assert Gt.tensor(2.5).to_string() == 'tensor(2.5000)'
