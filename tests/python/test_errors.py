# SPDX-License-Identifier: LGPL-2.1-or-later
"""Bad input raises a Python exception of the class torch raises, which is
also a GLib.Error in the gt-error-quark domain whose message names the C
function."""

import numpy as np
import pytest
from gi.repository import GLib, Gt

# (id, call on Gt, the C function named, the Gt.Error code, the Python class)
C_ERRORS = [
    ('zeros negative', lambda: Gt.zeros(-1), 'gt_zeros', 'SHAPE', RuntimeError),
    ('ones negative', lambda: Gt.ones(2, -3), 'gt_ones', 'SHAPE', RuntimeError),
    ('empty negative', lambda: Gt.empty((-2,)), 'gt_empty', 'SHAPE', RuntimeError),
    ('full negative', lambda: Gt.full((-2,), 1.0), 'gt_empty', 'SHAPE', RuntimeError),
    ('zeros too many dims', lambda: Gt.zeros([1] * 9), 'gt_zeros', 'SHAPE', RuntimeError),
    ('zeros too large', lambda: Gt.zeros(2 ** 62, 2 ** 62), 'gt_zeros', 'SHAPE',
     RuntimeError),
    ('rand int dtype', lambda: Gt.rand(2, dtype=Gt.int64), 'gt_rand', 'DTYPE',
     RuntimeError),
    ('randn bool dtype', lambda: Gt.randn(2, dtype=Gt.bool), 'gt_randn', 'DTYPE',
     RuntimeError),
    ('rand_like int', lambda: Gt.rand_like(Gt.zeros(2, dtype=Gt.int32)), 'gt_rand_like',
     'DTYPE', RuntimeError),
    ('randn_like int', lambda: Gt.randn_like(Gt.zeros(2, dtype=Gt.uint8)),
     'gt_randn_like', 'DTYPE', RuntimeError),
    ('randint low>=high', lambda: Gt.randint(5, 2, (3,)), 'gt_randint', 'VALUE',
     RuntimeError),
    ('randint uint8 range', lambda: Gt.randint(0, 300, (3,), dtype=Gt.uint8),
     'gt_randint', 'VALUE', RuntimeError),
    ('randint_like empty range', lambda: Gt.randint_like(Gt.zeros(2), 3, 3),
     'gt_randint_like', 'VALUE', RuntimeError),
    ('arange zero step', lambda: Gt.arange(0, 10, 0), 'gt_arange', 'VALUE', RuntimeError),
    ('arange wrong sign', lambda: Gt.arange(0, 10, -1), 'gt_arange', 'VALUE', RuntimeError),
    ('arange inf', lambda: Gt.arange(0, float('inf')), 'gt_arange', 'VALUE', RuntimeError),
    ('arange nan step', lambda: Gt.arange(0, 1, float('nan')), 'gt_arange', 'VALUE',
     RuntimeError),
    ('linspace negative', lambda: Gt.linspace(0, 1, -1), 'gt_linspace', 'VALUE',
     RuntimeError),
    ('eye negative', lambda: Gt.eye(-1), 'gt_eye', 'SHAPE', RuntimeError),
    ('eye negative m', lambda: Gt.eye(2, -3), 'gt_eye', 'SHAPE', RuntimeError),
    ('size out of range', lambda: Gt.zeros(2, 3).size(2), 'gt_tensor_get_size', 'INDEX',
     IndexError),
    ('size negative out of range', lambda: Gt.zeros(2, 3).size(-3), 'gt_tensor_get_size',
     'INDEX', IndexError),
    ('size of 0-d', lambda: Gt.tensor(1.0).size(0), 'gt_tensor_get_size', 'INDEX',
     IndexError),
    ('stride out of range', lambda: Gt.zeros(2).stride(1), 'gt_tensor_get_stride',
     'INDEX', IndexError),
    ('item of many', lambda: Gt.zeros(2).item(), 'gt_tensor_item', 'VALUE', ValueError),
    ('item of none', lambda: Gt.zeros(0, dtype=Gt.int64).item(), 'gt_tensor_item_int64',
     'VALUE', ValueError),
    ('requires_grad int', lambda: Gt.zeros(2, dtype=Gt.int64).requires_grad_(),
     'gt_tensor_set_requires_grad', 'DTYPE', RuntimeError),
    ('uniform_ from>to', lambda: Gt.zeros(2).uniform_(2, 1), 'gt_tensor_uniform_',
     'VALUE', RuntimeError),
    ('uniform_ int', lambda: Gt.zeros(2, dtype=Gt.int32).uniform_(), 'gt_tensor_uniform_',
     'DTYPE', RuntimeError),
    ('normal_ negative std', lambda: Gt.zeros(2).normal_(0, -1), 'gt_tensor_normal_',
     'VALUE', RuntimeError),
    ('normal_ int', lambda: Gt.zeros(2, dtype=Gt.int64).normal_(), 'gt_tensor_normal_',
     'DTYPE', RuntimeError),
    ('copy_ shapes', lambda: Gt.zeros(2, 3).copy_(Gt.zeros(4)), 'gt_tensor_copy_',
     'SHAPE', RuntimeError),
    ('grad shape', lambda: setattr(Gt.zeros(2), 'grad', Gt.zeros(3)), 'gt_tensor_set_grad',
     'SHAPE', RuntimeError),
    ('grad dtype', lambda: setattr(Gt.zeros(2), 'grad', Gt.zeros(2, dtype=Gt.float64)),
     'gt_tensor_set_grad', 'DTYPE', RuntimeError),
    ('device string', lambda: Gt.device('tpu'), 'gt_device_new_from_string', 'DEVICE',
     RuntimeError),
    ('device index', lambda: Gt.device('cuda:abc'), 'gt_device_new_from_string',
     'DEVICE', RuntimeError),
    ('from_bytes size', lambda: Gt.Tensor.new_from_bytes(GLib.Bytes.new(b'123'), [1],
                                                         Gt.float32, None),
     'gt_tensor_new_from_bytes', 'SHAPE', RuntimeError),
    ('from_doubles count', lambda: Gt.Tensor.new_from_doubles([1.0, 2.0], [3], Gt.float32,
                                                              None),
     'gt_tensor_new_from_doubles', 'SHAPE', RuntimeError),
]


@pytest.mark.parametrize('call,func,code,cls', [c[1:] for c in C_ERRORS],
                         ids=[c[0] for c in C_ERRORS])
def test_c_errors_name_the_function(call, func, code, cls):
    with pytest.raises(cls) as info:
        call()
    err = info.value
    if isinstance(err, GLib.Error):
        assert err.domain == 'gt-error-quark'
        assert err.code == getattr(Gt.Error, code)
        assert err.message.startswith(func + ':'), err.message
        assert str(err) == err.message
    else:
        # raised by the GI layer itself (constructors called directly)
        pytest.fail('expected a GLib.Error, got %r' % err)
    assert func in str(err)


def test_errors_are_catchable_as_glib_error_and_runtime_error():
    with pytest.raises(GLib.Error):
        Gt.zeros(-1)
    with pytest.raises(RuntimeError):
        Gt.zeros(-1)
    with pytest.raises(GLib.Error):
        Gt.zeros(1).size(3)
    try:
        Gt.zeros(1).size(3)
    except IndexError as e:
        assert e.matches(Gt.error_quark(), Gt.Error.INDEX)


def test_not_supported_is_not_implemented_error():
    err = Gt.GtNotImplementedError('x: nope', 'gt-error-quark', Gt.Error.NOT_SUPPORTED)
    assert isinstance(err, NotImplementedError) and isinstance(err, RuntimeError)
    oom = Gt.GtOutOfMemoryError('x: big', 'gt-error-quark', Gt.Error.OUT_OF_MEMORY)
    assert isinstance(oom, MemoryError) and isinstance(oom, GLib.Error)


# Python-level argument errors: raised before any C call
PY_ERRORS = [
    ('float size', lambda: Gt.zeros(2.0, 3), TypeError, 'size'),
    ('string size', lambda: Gt.ones('2'), TypeError, 'size'),
    ('float in size tuple', lambda: Gt.rand((2, 1.5)), TypeError, 'size'),
    ('string dtype', lambda: Gt.zeros(2, dtype='float32'), TypeError, 'dtype'),
    ('string data', lambda: Gt.tensor('abc'), TypeError, 'str'),
    ('ragged', lambda: Gt.tensor([[1, 2], [3]]), ValueError, 'expected sequence'),
    ('len of 0-d', lambda: len(Gt.tensor(1)), TypeError, '0-d'),
    ('numpy of bfloat16', lambda: Gt.zeros(1, dtype=Gt.bfloat16).numpy(), TypeError,
     'BFloat16'),
    ('numpy of requires_grad', lambda: Gt.zeros(1, requires_grad=True).numpy(),
     RuntimeError, 'requires grad'),
    ('bool of many', lambda: bool(Gt.zeros(3)), RuntimeError, 'ambiguous'),
    ('index of float', lambda: [0][Gt.tensor(0.0)], TypeError, 'integer'),
    ('randint int size', lambda: Gt.randint(3, 5), TypeError, 'size'),
    ('linspace float steps', lambda: Gt.linspace(0, 1, 2.5), TypeError, 'steps'),
    ('copy_ list', lambda: Gt.zeros(2).copy_([1, 2]), TypeError, 'Tensor'),
    ('tensor overflow', lambda: Gt.tensor([2 ** 64]), RuntimeError, 'Overflow'),
    ('tensor uint8 overflow', lambda: Gt.tensor([256], dtype=Gt.uint8), RuntimeError,
     'overflow'),
    ('fill_ int8 overflow', lambda: Gt.zeros(1, dtype=Gt.int8).fill_(300), RuntimeError,
     'overflow'),
    ('full half overflow', lambda: Gt.full((1,), 1e6, dtype=Gt.float16), RuntimeError,
     'overflow'),
    ('numpy uint16', lambda: Gt.tensor(np.zeros(2, np.uint16)), TypeError, 'uint16'),
    ('unknown object', lambda: Gt.tensor([object()]), RuntimeError, 'infer'),
    ('manual_seed overflow', lambda: Gt.manual_seed(2 ** 64), RuntimeError, 'Overflow'),
]


@pytest.mark.parametrize('call,cls,text', [c[1:] for c in PY_ERRORS],
                         ids=[c[0] for c in PY_ERRORS])
def test_python_argument_errors(call, cls, text):
    with pytest.raises(cls, match=text):
        call()


# The same mistakes made with torch, for the exception classes.
TORCH_PAIRS = [
    ('zeros(-1)', lambda m: m.zeros(-1)),
    ('zeros(2.0, 3)', lambda m: m.zeros(2.0, 3)),
    ('rand int64', lambda m: m.rand(2, dtype=m.int64)),
    ('randint(5, 2)', lambda m: m.randint(5, 2, (3,))),
    ('randint(3, 5)', lambda m: m.randint(3, 5)),
    ('arange step 0', lambda m: m.arange(0, 10, 0)),
    ('arange wrong sign', lambda m: m.arange(0, 10, -1)),
    ('linspace -1', lambda m: m.linspace(0, 1, -1)),
    ('eye -1', lambda m: m.eye(-1)),
    ('size(2)', lambda m: m.zeros(2, 3).size(2)),
    ('0-d size(0)', lambda m: m.tensor(1.0).size(0)),
    ('stride(1)', lambda m: m.zeros(2).stride(1)),
    ('item', lambda m: m.zeros(2).item()),
    ('len 0-d', lambda m: len(m.tensor(1))),
    ('bool', lambda m: bool(m.zeros(2))),
    ('bool empty', lambda m: bool(m.zeros(0))),
    ('requires_grad int', lambda m: m.zeros(2, dtype=m.int64).requires_grad_()),
    ('uniform_ 2,1', lambda m: m.zeros(2).uniform_(2, 1)),
    ('normal_ std', lambda m: m.zeros(2).normal_(0, -1)),
    ('copy_ shapes', lambda m: m.zeros(2, 3).copy_(m.zeros(4))),
    ('grad shape', lambda m: setattr(m.zeros(2), 'grad', m.zeros(3))),
    ('device', lambda m: m.device('tpu')),
    ('device twice', lambda m: m.device('cuda:1', 0)),
    ('tensor str', lambda m: m.tensor('abc')),
    ('tensor ragged', lambda m: m.tensor([[1, 2], [3]])),
    ('tensor None', lambda m: m.tensor([1, None])),
    ('tensor 2**64', lambda m: m.tensor([2 ** 64])),
    ('tensor uint8 256', lambda m: m.tensor([256], dtype=m.uint8)),
    ('fill_ int8 300', lambda m: m.zeros(1, dtype=m.int8).fill_(300)),
    ('numpy bfloat16', lambda m: m.zeros(1, dtype=m.bfloat16).numpy()),
    ('numpy requires_grad', lambda m: m.zeros(1, requires_grad=True).numpy()),
    ('index float', lambda m: [0][m.tensor(0.0)]),
    ('manual_seed 2**64', lambda m: m.manual_seed(2 ** 64)),
    ('numpy uint16', lambda m: m.tensor(np.zeros(2, np.uint16))),
]


@pytest.mark.parametrize('call', [c[1] for c in TORCH_PAIRS],
                         ids=[c[0] for c in TORCH_PAIRS])
def test_exception_classes_match_torch(torch, call):
    with pytest.raises(Exception) as ref:
        call(torch)
    with pytest.raises(Exception) as got:
        call(Gt)
    assert isinstance(got.value, ref.type), (got.value, ref.value)


@pytest.mark.skipif(Gt.cuda_is_available(), reason='a CUDA device is present')
def test_unavailable_device_error():
    with pytest.raises(RuntimeError) as info:
        Gt.ones(2, device='cuda:0')
    assert info.value.code == Gt.Error.DEVICE_UNAVAILABLE
    assert str(info.value).startswith('gt_ones:')
