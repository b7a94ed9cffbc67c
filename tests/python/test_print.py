# SPDX-License-Identifier: LGPL-2.1-or-later
"""repr(tensor) is torch's repr, character for character."""

import numpy as np
import pytest
from gi.repository import Gt

from gtutil import DTYPE_NAMES, gt_dtype, torch_dtype

NAN = float('nan')
INF = float('inf')

LIST_CASES = [
    [1, 2, 3], [-1, 100, 10000], [[1, 2], [3, 4]], 5, -7, 0,
    [2 ** 62 + 1, -2 ** 63], [2 ** 63 - 1],
    [1.5, 2.25], [1.0, 2.0, 3.0], [0.1, 100.5], [1e-5, 1.0], [1e10, 1.0],
    [1e-10], [123456.789], [NAN, INF, -INF, 1.5], [NAN], [INF, 1.0], [-INF],
    [0.0, -0.0], 2.5, -0.0, 0.0, 1e-5, 1e20, [True, False], True, False,
    [], [[], []], [[[]]], [1e-4, 1e4], [0.001, 1000.0], [1e8, 1.0], [1e-3],
    [-1e-5, 2.0], [float(i) for i in range(10)], [1.5e300, 1.0], [3.3e-300],
    [[0.5, -1.25], [1e3, -1e-3]], [99999.0, 100000.0], [12345678.0],
    [0.00001234, 0.5], [-1.0, -2.0], [[1.0]], [[[1.5, 2.5]], [[3.5, 4.5]]],
    [1.0, NAN], [1.0, INF], [NAN, 1e-8], [-0.5, 0.25, 0.125],
]


def _id(c):
    return repr(c)[:30]


@pytest.mark.parametrize('data', LIST_CASES, ids=_id)
def test_repr_of_lists_matches_torch(torch, data):
    assert repr(Gt.tensor(data)) == repr(torch.tensor(data))
    assert str(Gt.tensor(data)) == str(torch.tensor(data))


@pytest.mark.parametrize('name', DTYPE_NAMES)
@pytest.mark.parametrize('data', [[1.5, 2], [1, 2], [], [[0, 1]], 1, [1e-5, 3.0],
                                  [[0.25, -8], [100, 3]], [0, 0, 0], 0],
                         ids=_id)
def test_repr_with_dtype_suffix_matches_torch(torch, name, data):
    want = repr(torch.tensor(data, dtype=torch_dtype(torch, name)))
    assert repr(Gt.tensor(data, dtype=gt_dtype(name))) == want


ARRAY_CASES = [
    ('arange2000', lambda: np.arange(2000)),
    ('arange1001/3', lambda: np.arange(1001, dtype=np.float32) / 3),
    ('arange1000', lambda: np.arange(1000, dtype=np.float32)),
    ('50x50', lambda: np.arange(2500, dtype=np.float32).reshape(50, 50)),
    ('3x4x5', lambda: np.arange(60, dtype=np.float32).reshape(3, 4, 5)),
    ('20x30x4', lambda: np.arange(2400).reshape(20, 30, 4)),
    ('2x2x2x2', lambda: np.arange(16, dtype=np.float64).reshape(2, 2, 2, 2) - 7.5),
    ('wrap', lambda: np.arange(30, dtype=np.float32) * 1.5),
    ('randn7x13', lambda: np.random.RandomState(0).randn(7, 13).astype(np.float32)),
    ('randn2000*1e6', lambda: np.random.RandomState(1).randn(2000) * 1e6),
    ('randn1200 int', lambda: (np.random.RandomState(2).randn(1200) * 1e4).astype(np.int32)),
    ('bool1500', lambda: np.random.RandomState(3).randn(1500) > 0),
    ('empty0x3', lambda: np.zeros((0, 3))),
    ('empty2x0x3', lambda: np.zeros((2, 0, 3), dtype=np.int64)),
    ('empty3x2x0', lambda: np.zeros((3, 2, 0), dtype=bool)),
    ('empty0 f32', lambda: np.zeros(0, dtype=np.float32)),
    ('empty0 i64', lambda: np.zeros(0, dtype=np.int64)),
    ('empty0 u8', lambda: np.zeros(0, dtype=np.uint8)),
    ('f16', lambda: np.array([0.1, 1.5, 65504], dtype=np.float16)),
    ('sci 3-D', lambda: np.logspace(-8, 8, 24).reshape(2, 3, 4).astype(np.float32)),
    ('nan 2-D', lambda: np.array([[NAN, 1.0], [2.0, INF]], dtype=np.float32)),
    ('big ints', lambda: np.array([10 ** 15, -3, 7], dtype=np.int64)),
    ('int-valued floats', lambda: np.array([[1.0, 200.0], [-3.0, 4e6]], dtype=np.float32)),
    ('summarized 3-D', lambda: np.arange(1331, dtype=np.float32).reshape(11, 11, 11) / 7),
    ('summarized 2x1000', lambda: np.arange(2000, dtype=np.float64).reshape(2, 1000)),
    ('int8', lambda: np.array([-128, 0, 127], dtype=np.int8)),
    ('int16', lambda: np.array([[-32768, 5]], dtype=np.int16)),
]


@pytest.mark.parametrize('make', [c[1] for c in ARRAY_CASES],
                         ids=[c[0] for c in ARRAY_CASES])
def test_repr_of_arrays_matches_torch(torch, make):
    arr = make()
    assert repr(Gt.tensor(arr)) == repr(torch.tensor(arr))


def test_repr_requires_grad_matches_torch(torch):
    for data in ([1.0, 2.0], 3.5, [[1e-5, 1.0]]):
        assert (repr(Gt.tensor(data, requires_grad=True)) ==
                repr(torch.tensor(data, requires_grad=True)))
    assert (repr(Gt.tensor([1.0], dtype=Gt.float64, requires_grad=True)) ==
            repr(torch.tensor([1.0], dtype=torch.float64, requires_grad=True)))


def test_repr_of_creation_functions_matches_torch(torch):
    pairs = [
        (Gt.arange(0, 10, 3), torch.arange(0, 10, 3)),
        (Gt.eye(3, 4), torch.eye(3, 4)),
        (Gt.linspace(0, 1, 5), torch.linspace(0, 1, 5)),
        (Gt.zeros(2, 0), torch.zeros(2, 0)),
        (Gt.ones(2, 3, dtype=Gt.int32), torch.ones(2, 3, dtype=torch.int32)),
        (Gt.full((2,), True), torch.full((2,), True)),
    ]
    for got, ref in pairs:
        assert repr(got) == repr(ref)
    Gt.manual_seed(0)
    torch.manual_seed(0)
    assert repr(Gt.rand(3, 3, dtype=Gt.float64)) == repr(torch.rand(3, 3, dtype=torch.float64))


# Without torch: the strings torch 1.13 prints, fixed here.
KNOWN = [
    ([1, 2, 3], {}, 'tensor([1, 2, 3])'),
    ([1.0, 2.0, 3.0], {}, 'tensor([1., 2., 3.])'),
    ([1.5, 2.25], {}, 'tensor([1.5000, 2.2500])'),
    ([1e-5, 1.0], {}, 'tensor([1.0000e-05, 1.0000e+00])'),
    ([NAN, INF, -INF, 1.5], {}, 'tensor([   nan,    inf,   -inf, 1.5000])'),
    ([True, False], {}, 'tensor([ True, False])'),
    ([], {}, 'tensor([])'),
    ([[], []], {}, 'tensor([], size=(2, 0))'),
    (3.5, {}, 'tensor(3.5000)'),
    (7, {}, 'tensor(7)'),
    ([1, 2], {'dtype': 'int32'}, 'tensor([1, 2], dtype=torch.int32)'),
    ([1.5], {'dtype': 'float64'}, 'tensor([1.5000], dtype=torch.float64)'),
    ([], {'dtype': 'int64'}, 'tensor([], dtype=torch.int64)'),
    ([1.0, 2.0], {'requires_grad': True}, 'tensor([1., 2.], requires_grad=True)'),
    ([[1, 2], [3, 4]], {}, 'tensor([[1, 2],\n        [3, 4]])'),
    ([0.5], {'dtype': 'bfloat16'}, 'tensor([0.5000], dtype=torch.bfloat16)'),
]


@pytest.mark.parametrize('data,kwargs,want', KNOWN, ids=[k[2] for k in KNOWN])
def test_repr_known_strings(data, kwargs, want):
    kwargs = {k: gt_dtype(v) if k == 'dtype' else v for k, v in kwargs.items()}
    assert repr(Gt.tensor(data, **kwargs)) == want


def test_repr_summarizes_large_tensors():
    text = repr(Gt.arange(2000))
    assert text == 'tensor([   0,    1,    2,  ..., 1997, 1998, 1999])'
    assert repr(Gt.arange(1000)).count('...') == 0
    assert repr(Gt.zeros(1001)) == 'tensor([0., 0., 0.,  ..., 0., 0., 0.])'


def test_repr_wraps_lines_at_80_columns():
    text = repr(Gt.arange(30.0))
    assert all(len(line) <= 80 for line in text.splitlines())
    assert text.count('\n') >= 1
