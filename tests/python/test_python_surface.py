# SPDX-License-Identifier: LGPL-2.1-or-later
"""The torch-style Python surface beyond single ops: assignment through
indexing, iteration, torch.X function forms and in-place methods returning
self, each compared with torch on the same inputs."""

import numpy as np
import pytest

from gi.repository import GLib, Gt

from gtutil import as_numpy


def pair(torch, values):
    t = torch.tensor(values)
    return t, Gt.tensor(values)


def same(g, t):
    assert str(g.dtype).split('.')[-1] == str(t.dtype).split('.')[-1]
    assert tuple(g.shape) == tuple(t.shape)
    np.testing.assert_array_equal(as_numpy(g), t.numpy())


SETITEM_CASES = [
    (lambda i: 0, 1.5),
    (lambda i: (1, slice(2, None)), [5.0, 6.0]),
    (lambda i: (slice(None), 0), 7),
    (lambda i: (Ellipsis, None, 1), 2.5),
    (lambda i: (slice(None, None, 2), slice(1, 3)), [[8.0, 9.0]]),
    (lambda i: i['mask'], -1.0),
    (lambda i: ([2, 0], [1, 3]), [3.0, 4.0]),
    (lambda i: (i['rows'],), 0.25),
    (lambda i: (slice(None), [0, 2]), [[1.0, 2.0]]),
    (lambda i: -1, [10.0, 11.0, 12.0, 13.0]),
]


@pytest.mark.parametrize('case', range(len(SETITEM_CASES)))
def test_setitem_matches_torch(torch, case):
    key_of, value = SETITEM_CASES[case]
    data = np.arange(12, dtype=np.float32).reshape(3, 4).tolist()
    t, g = pair(torch, data)
    t_key = key_of({'mask': t > 6, 'rows': torch.tensor([True, False, True])})
    g_key = key_of({'mask': g > 6, 'rows': Gt.tensor([True, False, True])})
    t_value = torch.tensor(value) if isinstance(value, list) else value
    g_value = Gt.tensor(value) if isinstance(value, list) else value
    t[t_key] = t_value
    g[g_key] = g_value
    same(g, t)


def test_setitem_converts_values_to_the_tensor_dtype(torch):
    t, g = pair(torch, [[1, 2], [3, 4]])
    t[0] = torch.tensor([7.9, -2.5])
    g[0] = Gt.tensor([7.9, -2.5])
    t[[1], [1]] = 9.6
    g[[1], [1]] = 9.6
    same(g, t)
    # like torch, advanced indexing refuses a source tensor of another dtype
    with pytest.raises(RuntimeError):
        t[[1], [1]] = torch.tensor([9.6])
    with pytest.raises(RuntimeError):
        g[[1], [1]] = Gt.tensor([9.6])


def test_setitem_through_a_view_changes_the_base(torch):
    t, g = pair(torch, [[0.0] * 3] * 2)
    tv, gv = t[1], g[1]
    tv[1:] = 5
    gv[1:] = 5
    same(g, t)


def test_setitem_errors():
    g = Gt.zeros(2, 3)
    with pytest.raises(IndexError):
        g[2] = 1.0
    with pytest.raises(GLib.Error):
        g[0] = Gt.ones(4)           # does not broadcast to [3]
    with pytest.raises(IndexError):
        g[0, 0, 0] = 1.0


def test_iteration_and_len(torch):
    t, g = pair(torch, [[1, 2, 3], [4, 5, 6]])
    rows = list(g)
    assert len(rows) == len(g) == 2
    for gr, tr in zip(rows, t):
        same(gr, tr)
    with pytest.raises(TypeError):
        iter(Gt.tensor(1.0))


FUNCTION_FORMS = [
    ('add', lambda m, a, b: m.add(a, b, alpha=2)),
    ('sub', lambda m, a, b: m.sub(a, 1.5)),
    ('mul', lambda m, a, b: m.mul(a, b)),
    ('div', lambda m, a, b: m.div(a, b, rounding_mode='floor')),
    ('maximum', lambda m, a, b: m.maximum(a, b)),
    ('exp', lambda m, a, b: m.exp(a)),
    ('clamp', lambda m, a, b: m.clamp(a, min=-1.0, max=2.0)),
    ('sum', lambda m, a, b: m.sum(a, dim=1, keepdim=True)),
    ('mean', lambda m, a, b: m.mean(a)),
    ('max', lambda m, a, b: m.max(a, dim=0)[0]),
    ('argmax', lambda m, a, b: m.argmax(a, dim=1)),
    ('transpose', lambda m, a, b: m.transpose(a, 0, 1)),
    ('reshape', lambda m, a, b: m.reshape(a, (3, 2))),
    ('flatten', lambda m, a, b: m.flatten(a)),
    ('eq', lambda m, a, b: m.eq(a, b)),
    ('mm', lambda m, a, b: m.mm(a, m.t(b))),
    ('relu', lambda m, a, b: m.relu(a)),
]


@pytest.mark.parametrize('name', [n for n, _ in FUNCTION_FORMS])
def test_function_forms_match_torch(torch, name):
    fn = dict(FUNCTION_FORMS)[name]
    a = [[-1.5, 0.5, 2.5], [3.0, -4.0, 1.0]]
    b = [[2.0, 0.5, -1.0], [1.0, 3.0, 1.0]]
    ta, ga = pair(torch, a)
    tb, gb = pair(torch, b)
    same(fn(Gt, ga, gb), fn(torch, ta, tb))


def test_function_forms_do_not_shadow_python_builtins():
    # The module's own code uses sum/max/all; Gt.sum is the tensor function.
    assert Gt.sum(Gt.ones(3)).item() == 3.0
    assert Gt.all(Gt.tensor([True, True])).item() is True
    with pytest.raises(TypeError):
        Gt.sum([1, 2])


INPLACE = [
    ('add_', lambda t, o: t.add_(o, alpha=2)),
    ('sub_', lambda t, o: t.sub_(o)),
    ('mul_', lambda t, o: t.mul_(3)),
    ('div_', lambda t, o: t.div_(o, rounding_mode='trunc')),
    ('pow_', lambda t, o: t.pow_(2)),
    ('clamp_', lambda t, o: t.clamp_(max=1.0)),
    ('exp_', lambda t, o: t.exp_()),
    ('neg_', lambda t, o: t.neg_()),
    ('relu_', lambda t, o: t.relu_()),
    ('sigmoid_', lambda t, o: t.sigmoid_()),
]


@pytest.mark.parametrize('name', [n for n, _ in INPLACE])
def test_inplace_methods_return_self_and_match_torch(torch, name):
    fn = dict(INPLACE)[name]
    t, g = pair(torch, [[-1.5, 0.5], [2.0, 3.5]])
    to, go = pair(torch, [[2.0, -1.0], [0.5, 4.0]])
    assert fn(g, go) is g
    assert fn(t, to) is t
    np.testing.assert_allclose(as_numpy(g), t.numpy(), rtol=1e-6)


def test_inplace_chain(torch):
    t, g = pair(torch, [1.0, 2.0])
    t.add_(1).mul_(2).sub_(torch.tensor([1.0, 1.0]), alpha=0.5)
    g.add_(1).mul_(2).sub_(Gt.tensor([1.0, 1.0]), alpha=0.5)
    same(g, t)


# -- NumPy without copies, both ways (torch.from_numpy / Tensor.numpy)

def test_from_numpy_shares_memory_both_ways(torch):
    a = np.arange(12, dtype=np.float32).reshape(3, 4)
    ta = a.copy()
    g, t = Gt.from_numpy(a), torch.from_numpy(ta)
    a[0, 0] = ta[0, 0] = 100
    g[1, 1] = t[1, 1] = -5
    g.mul_(2)
    t.mul_(2)
    np.testing.assert_array_equal(a, ta)
    same(g, t)


@pytest.mark.parametrize('make', [
    lambda np_: np_.arange(12, dtype=np_.float64).reshape(3, 4).T,
    lambda np_: np_.arange(24, dtype=np_.int32).reshape(4, 6)[::2, 1::2],
    lambda np_: np_.array([True, False, True]),
    lambda np_: np_.zeros((0, 3), dtype=np_.int64),
    lambda np_: np_.array(3.5, dtype=np_.float32),
])
def test_from_numpy_strided_and_edge_arrays(torch, make):
    a = make(np)
    g, t = Gt.from_numpy(a), torch.from_numpy(a)
    assert g.stride() == t.stride()
    same(g, t)


def test_from_numpy_keeps_the_array_alive():
    import gc
    g = Gt.from_numpy(np.arange(1000, dtype=np.float32))
    gc.collect()
    assert g.sum().item() == sum(range(1000))


def test_from_numpy_refuses_what_torch_refuses(torch):
    for bad in (np.arange(4.0)[::-1], np.arange(4, dtype='>f4')):
        with pytest.raises(ValueError):
            torch.from_numpy(bad)
        with pytest.raises(ValueError):
            Gt.from_numpy(bad)


def test_numpy_shares_memory_both_ways(torch):
    g = Gt.arange(6.0).reshape(2, 3)
    n = g.numpy()
    n[0, 0] = 42
    g[1, 2] = -1
    assert g[0, 0].item() == 42 and n[1, 2] == -1
    nt = g.t().numpy()                       # a strided view stays a view
    assert nt.strides == (4, 12)
    nt[2, 1] = 7
    assert g[1, 2].item() == 7
    arr = np.asarray(g)                      # __array__ shares as well
    arr[0, 1] = 3
    assert g[0, 1].item() == 3


def test_numpy_of_bytes_tensor_never_changes_the_bytes():
    from gi.repository import GLib
    data = GLib.Bytes.new(np.arange(3, dtype=np.float32).tobytes())
    g = Gt.Tensor.new_from_bytes(data, [3], Gt.DType.FLOAT32, None)
    g.numpy()[0] = 9
    assert np.frombuffer(data.get_data(), np.float32)[0] == 0
    assert g[0].item() == 9
