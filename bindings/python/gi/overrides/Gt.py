# gtensor: PyGObject overrides for the Gt namespace
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Torch-style Python surface for gtensor (``from gi.repository import Gt``).

PyGObject loads this module automatically when ``Gt`` is imported. It keeps
every introspected symbol and adds the names and calling conventions of
PyTorch 1.13, so that a script using only these features runs with
``from gi.repository import Gt as torch``:

* dtypes: ``Gt.float32`` (``Gt.float``), ``Gt.float64`` (``Gt.double``),
  ``Gt.float16`` (``Gt.half``), ``Gt.bfloat16``, ``Gt.int8``, ``Gt.uint8``,
  ``Gt.int16`` (``Gt.short``), ``Gt.int32`` (``Gt.int``), ``Gt.int64``
  (``Gt.long``), ``Gt.bool``. They are the members of the ``Gt.DType`` enum,
  printed as ``Gt.float32`` and carrying ``is_floating_point``,
  ``is_signed``, ``is_complex`` and ``itemsize`` like ``torch.dtype``.
  Where torch accepts the Python types ``float``, ``int`` and ``bool`` as a
  dtype, so do these functions (float64, int64, bool).
* creation: ``Gt.tensor``, ``Gt.zeros``, ``Gt.ones``, ``Gt.empty``,
  ``Gt.full``, ``Gt.arange``, ``Gt.linspace``, ``Gt.eye``, ``Gt.rand``,
  ``Gt.randn``, ``Gt.randint`` and the ``_like`` forms, with torch's
  positional and keyword arguments and torch's dtype inference.
* random state: ``Gt.manual_seed``, ``Gt.initial_seed``, ``Gt.seed``.
* devices: ``Gt.device('cuda:0')`` (the ``Gt.Device`` boxed type),
  ``Gt.cuda.is_available()``, ``Gt.cuda.device_count()``.
* ``Gt.Tensor`` methods and properties named as in ``torch.Tensor``:
  ``shape``, ``size()``, ``dtype``, ``device``, ``item()``, ``tolist()``,
  ``numpy()``, ``to()``, in-place ``fill_``/``zero_``/``uniform_``/... that
  return the tensor itself, and so on. ``numpy()``, ``numpy.asarray(t)`` and
  ``Gt.from_numpy`` share memory with NumPy both ways, as torch does
  (``gt_tensor_get_data_address`` / ``gt_tensor_new_from_blob``).
* assignment through indexing (``t[1:, mask] = value``), iteration, the
  ``torch.X(input, ...)`` function forms of the methods, and in-place methods
  in torch's form (``add_(other, alpha=2)``) returning self.
* ``Gt.nn``, ``Gt.nn.functional``, ``Gt.optim`` (with ``lr_scheduler``),
  ``Gt.save``/``Gt.load``: in the sibling modules ``_gt_nn.py``,
  ``_gt_optim.py`` and ``_gt_serialize.py``.

Errors
------
The C library reports failures as ``GLib.Error`` in the ``gt-error-quark``
domain, with a message that starts with the C function's name
(``gt_zeros: invalid shape [-1]: negative dimension -1``). This module
re-raises each one as an exception that is still a ``GLib.Error`` (same
``domain``, ``code`` and ``message``; ``str()`` gives the message alone) and
also an instance of the Python exception torch raises in that situation:

=============================  =============================================
``Gt.Error`` code              also an instance of
=============================  =============================================
``INDEX``                      ``IndexError``
``NOT_SUPPORTED``              ``NotImplementedError`` (a ``RuntimeError``)
``OUT_OF_MEMORY``              ``MemoryError`` (and ``RuntimeError``)
``IO``                         ``RuntimeError`` (``str`` is the message)
``SHAPE``, ``DTYPE``,          ``RuntimeError`` (as every ``GLib.Error``)
``DEVICE``, ``VALUE``,
``AUTOGRAD``, ``FORMAT``,
``CUDA``,
``DEVICE_UNAVAILABLE``
=============================  =============================================

``Tensor.item()`` on a tensor without exactly one element raises a
``ValueError`` as torch does. Argument errors found in Python before any C
call (a float where a size is expected, a string as data, a ragged list)
raise ``TypeError`` or ``ValueError`` with torch's wording, and Python
numbers that a dtype cannot hold raise torch's ``RuntimeError`` ("value
cannot be converted to type uint8 without overflow"): integer dtypes in
``tensor()``, every dtype but float64 and bool in ``full()``,
``full_like()`` and ``fill_()``. As in torch, integers wrap into uint8 from
below (``-1`` becomes 255) but floats do not.
"""

import builtins
import collections.abc
import math
import numbers
import operator
import sys
import types

from gi.repository import GLib

from ..module import get_introspection_module
from ..overrides import override

Gt = get_introspection_module('Gt')

__all__ = []

# Some torch names (float, int, bool) are Python builtins. They are exported
# through the module __getattr__ at the end so that this module's own code
# keeps seeing the builtins; these aliases make the intent explicit anyway.
_pyfloat = builtins.float
_pyint = builtins.int
_pybool = builtins.bool

_GiTensor = Gt.Tensor
_GiDevice = Gt.Device
_DT = Gt.DType
_ERROR_DOMAIN = 'gt-error-quark'
_UINT64_MASK = (1 << 64) - 1


def _export(obj, name=None):
    __all__.append(name or obj.__name__)
    return obj


# ---- errors -----------------------------------------------------------------

class _GtErrorMixin:
    """Shows the C library's message without the domain and code."""

    def __str__(self):
        return self.message


class GtRuntimeError(_GtErrorMixin, GLib.Error):
    """A gtensor error that torch reports as RuntimeError."""


class GtIndexError(_GtErrorMixin, GLib.Error, IndexError):
    """A gtensor error that torch reports as IndexError."""


class GtValueError(_GtErrorMixin, GLib.Error, ValueError):
    """A gtensor error that torch reports as ValueError."""


class GtTypeError(_GtErrorMixin, GLib.Error, TypeError):
    """A gtensor error that torch reports as TypeError."""


class GtNotImplementedError(_GtErrorMixin, GLib.Error, NotImplementedError):
    """An operation that gtensor does not support for these inputs."""


class GtOutOfMemoryError(_GtErrorMixin, GLib.Error, MemoryError):
    """An allocation that failed."""


_ERROR_CLASSES = {
    _pyint(Gt.Error.INDEX): GtIndexError,
    _pyint(Gt.Error.NOT_SUPPORTED): GtNotImplementedError,
    _pyint(Gt.Error.OUT_OF_MEMORY): GtOutOfMemoryError,
}

for _cls in (GtRuntimeError, GtIndexError, GtValueError, GtTypeError,
             GtNotImplementedError, GtOutOfMemoryError):
    _export(_cls)


def _convert_error(err, overrides=None):
    """The Python exception for a GLib.Error raised by the C library."""
    if isinstance(err, _GtErrorMixin) or err.domain != _ERROR_DOMAIN:
        return err
    cls = None
    if overrides:
        cls = overrides.get(_pyint(err.code))
    if cls is None:
        cls = _ERROR_CLASSES.get(_pyint(err.code), GtRuntimeError)
    return cls(err.message, err.domain, err.code)


def _call(func, *args, errors=None):
    """Calls a C function, converting its GLib.Error as the docstring says."""
    try:
        return func(*args)
    except GLib.Error as err:
        new = _convert_error(err, errors)
        if new is err:
            raise
        raise new from None


# ---- dtypes -------------------------------------------------------------------

_DTYPE_ALIASES = {
    'float32': _DT.FLOAT32, 'float': _DT.FLOAT32,
    'float64': _DT.FLOAT64, 'double': _DT.FLOAT64,
    'float16': _DT.FLOAT16, 'half': _DT.FLOAT16,
    'bfloat16': _DT.BFLOAT16,
    'int8': _DT.INT8,
    'uint8': _DT.UINT8,
    'int16': _DT.INT16, 'short': _DT.INT16,
    'int32': _DT.INT32, 'int': _DT.INT32,
    'int64': _DT.INT64, 'long': _DT.INT64,
    'bool': _DT.BOOL,
}

_FLOAT_DTYPES = frozenset((_DT.FLOAT32, _DT.FLOAT64, _DT.FLOAT16, _DT.BFLOAT16))

_PYTYPE_DTYPES = {_pyfloat: _DT.FLOAT64, _pyint: _DT.INT64, _pybool: _DT.BOOL}

# NumPy's names for our dtypes (bfloat16 has none).
_NUMPY_NAMES = {
    _DT.FLOAT32: 'float32', _DT.FLOAT64: 'float64', _DT.FLOAT16: 'float16',
    _DT.INT8: 'int8', _DT.UINT8: 'uint8', _DT.INT16: 'int16',
    _DT.INT32: 'int32', _DT.INT64: 'int64', _DT.BOOL: 'bool',
}
_FROM_NUMPY_NAMES = {name: dt for dt, name in _NUMPY_NAMES.items()}

# torch's C++ names, used in messages as torch words them.
_TORCH_SCALAR_NAMES = {
    _DT.FLOAT32: 'Float', _DT.FLOAT64: 'Double', _DT.FLOAT16: 'Half',
    _DT.BFLOAT16: 'BFloat16', _DT.INT8: 'Char', _DT.UINT8: 'Byte',
    _DT.INT16: 'Short', _DT.INT32: 'Int', _DT.INT64: 'Long', _DT.BOOL: 'Bool',
}


def _dtype_str(self):
    return 'Gt.' + Gt.dtype_get_name(self)


Gt.DType.__repr__ = _dtype_str
Gt.DType.__str__ = _dtype_str
Gt.DType.is_floating_point = property(
    lambda self: _pybool(Gt.dtype_is_floating_point(self)),
    doc='Whether the dtype is a floating-point type (torch.dtype attribute).')
Gt.DType.is_signed = property(
    lambda self: _pybool(Gt.dtype_is_signed(self)),
    doc='Whether the dtype can hold negative values.')
Gt.DType.is_complex = property(lambda self: False,
                               doc='Always False: gtensor has no complex dtypes.')
Gt.DType.itemsize = property(lambda self: _pyint(Gt.dtype_get_element_size(self)),
                             doc='The size of one element in bytes.')


def _dtype_arg(dtype, func, default=None):
    """Checks a dtype argument; None gives @default."""
    if dtype is None:
        return default
    if isinstance(dtype, _DT):
        return dtype
    if isinstance(dtype, type) and dtype in _PYTYPE_DTYPES:
        return _PYTYPE_DTYPES[dtype]
    raise TypeError("%s(): argument 'dtype' must be Gt.DType, not %s"
                    % (func, type(dtype).__name__))


@_export
def get_default_dtype():
    """The dtype of tensors made from Python floats: always Gt.float32."""
    return _DT.FLOAT32


@_export
def is_tensor(obj):
    """Whether @obj is a Gt.Tensor (torch.is_tensor)."""
    return isinstance(obj, _GiTensor)


@_export
def is_floating_point(input):
    """Whether the tensor's dtype is a floating-point type."""
    return input.is_floating_point()


@_export
def numel(input):
    """The number of elements of a tensor (torch.numel)."""
    return input.numel()


# ---- devices -------------------------------------------------------------------

@override
class Device(Gt.Device):
    """A device as torch.device: ``Gt.device('cuda:0')``,
    ``Gt.device('cuda', 1)``, ``Gt.device('cpu')`` or ``Gt.device(0)``
    (a CUDA index)."""

    def __new__(cls, type=None, index=None):
        if isinstance(type, _GiDevice):
            if index is not None:
                raise TypeError('device(): an index cannot be given with a device')
            return type.copy()
        if isinstance(type, numbers.Integral) and not isinstance(type, _pybool):
            if index is not None:
                raise TypeError('device(): an index cannot be given with an index')
            if type < 0:
                raise RuntimeError('Device index must not be negative')
            return _GiDevice.new(Gt.DeviceType.CUDA, _pyint(type))
        if not isinstance(type, str):
            raise TypeError('device() expected a string, an int or a device, not %s'
                            % builtins.type(type).__name__)
        if index is not None:
            if ':' in type:
                raise RuntimeError('type (string) must not include an index because '
                                   'index was passed explicitly: ' + type)
            index = operator.index(index)
            if index < 0:
                raise RuntimeError('Device index must not be negative')
            type = '%s:%d' % (type, index)
        return _call(_GiDevice.new_from_string, type)

    def __init__(self, *args, **kwargs):
        pass

    @property
    def type(self):
        """'cpu' or 'cuda'."""
        if self.get_device_type() == Gt.DeviceType.CUDA:
            return 'cuda'
        return 'cpu'

    @property
    def index(self):
        """The device index, or None where none was given."""
        i = self.get_index()
        return None if i < 0 else i

    def __str__(self):
        return self.to_string()

    def __repr__(self):
        if self.index is None:
            return "device(type='%s')" % self.type
        return "device(type='%s', index=%d)" % (self.type, self.index)

    def __eq__(self, other):
        if not isinstance(other, _GiDevice):
            return NotImplemented
        return _pybool(self.equal(other))

    def __ne__(self, other):
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    def __hash__(self):
        return hash((self.type, self.index))

    def __reduce__(self):
        return (Device, (self.to_string(),))


__all__.append('Device')
device = Device
__all__.append('device')


def _device_arg(dev):
    """A Gt.Device or None (the CPU) from torch's device argument forms."""
    if dev is None or isinstance(dev, _GiDevice):
        return dev
    if isinstance(dev, (str, numbers.Integral)) and not isinstance(dev, _pybool):
        return Device(dev)
    raise TypeError("argument 'device' must be Gt.device, not %s" % type(dev).__name__)


class _CudaNamespace(types.SimpleNamespace):
    """``Gt.cuda``: what torch.cuda offers about the machine's GPUs."""

    def __repr__(self):
        return '<Gt.cuda>'

    @staticmethod
    def is_available():
        """Whether a CUDA device can be used (torch.cuda.is_available)."""
        return _pybool(Gt.cuda_is_available())

    @staticmethod
    def device_count():
        """The number of CUDA devices (torch.cuda.device_count)."""
        return _pyint(Gt.cuda_device_count())

    @staticmethod
    def memory_allocated(device=0):
        """Bytes held by live tensors on @device (torch.cuda.memory_allocated); 0 without CUDA."""
        return _pyint(Gt.cuda_memory_allocated(_cuda_index(device)))

    @staticmethod
    def memory_reserved(device=0):
        """Bytes the caching allocator holds on @device (torch.cuda.memory_reserved)."""
        return _pyint(Gt.cuda_memory_reserved(_cuda_index(device)))

    @staticmethod
    def empty_cache():
        """Returns cached, unused device memory to the driver (torch.cuda.empty_cache)."""
        Gt.cuda_empty_cache()

    @staticmethod
    def synchronize(device=0):
        """Waits for the work queued on @device (torch.cuda.synchronize)."""
        Gt.cuda_synchronize(_cuda_index(device))


def _cuda_index(device):
    """A CUDA device index from an int, "cuda:N" or a Gt.device."""
    if isinstance(device, numbers.Integral) and not isinstance(device, _pybool):
        return int(device)
    dev = Device(device) if isinstance(device, str) else device
    if dev.type != 'cuda':
        raise ValueError('Expected a cuda device, but got: %s' % dev)
    return 0 if dev.index is None else dev.index


class _AllowTF32(object):
    """``Gt.backends.cuda.matmul.allow_tf32`` as torch spells the switch."""

    @property
    def allow_tf32(self):
        return _pybool(Gt.cuda_get_allow_tf32())

    @allow_tf32.setter
    def allow_tf32(self, value):
        Gt.cuda_set_allow_tf32(bool(value))


cuda = _CudaNamespace()
__all__.append('cuda')
backends = types.SimpleNamespace(cuda=types.SimpleNamespace(matmul=_AllowTF32()))
__all__.append('backends')


# ---- shapes ----------------------------------------------------------------------

class Size(tuple):
    """A tensor's shape: a tuple of ints, printed as ``Gt.Size([2, 3])``
    (torch.Size)."""

    def __new__(cls, sizes=()):
        return super().__new__(cls, (operator.index(s) for s in sizes))

    def __repr__(self):
        return 'Gt.Size([%s])' % ', '.join(str(s) for s in self)

    __str__ = __repr__

    def __getitem__(self, key):
        result = super().__getitem__(key)
        return Size(result) if isinstance(key, slice) else result

    def __add__(self, other):
        return Size(tuple(self) + tuple(other))

    def __radd__(self, other):
        return Size(tuple(other) + tuple(self))

    def numel(self):
        """The number of elements of a tensor of this shape."""
        return math.prod(self)


__all__.append('Size')


def _size_element(func, s, pos):
    if isinstance(s, _pyfloat) or (isinstance(s, _GiTensor) and s.is_floating_point()):
        raise TypeError("%s(): argument 'size' must be tuple of ints, but found "
                        "element of type %s at pos %d" % (func, type(s).__name__, pos))
    try:
        return operator.index(s)
    except TypeError:
        raise TypeError("%s(): argument 'size' must be tuple of ints, but found "
                        "element of type %s at pos %d"
                        % (func, type(s).__name__, pos)) from None


def _parse_size(func, args, size=None):
    """The shape from ``f(2, 3)``, ``f((2, 3))``, ``f([2, 3])`` or ``size=``."""
    if size is not None:
        if args:
            raise TypeError('%s(): size given both positionally and by keyword' % func)
        args = (size,)
    if len(args) == 1 and not isinstance(args[0], (numbers.Integral, _GiTensor)):
        seq = args[0]
        if not isinstance(seq, collections.abc.Sequence) or isinstance(seq, str):
            raise TypeError("%s(): argument 'size' must be tuple of ints, not %s"
                            % (func, type(seq).__name__))
        args = tuple(seq)
    return [_size_element(func, s, i) for i, s in enumerate(args)]


# ---- creation -------------------------------------------------------------------

def _finish(t, requires_grad):
    if requires_grad:
        _call(t.set_requires_grad, True)
    return t


def _number(value, func, name):
    """A Python number from an int, float, bool, NumPy scalar or a
    one-element tensor."""
    if isinstance(value, _GiTensor):
        return value.item()
    if isinstance(value, numbers.Real):
        item = getattr(value, 'item', None)
        return item() if item is not None else value
    np = _numpy_if_loaded()
    if np is not None and isinstance(value, np.bool_):
        return _pyfloat(value)          # torch reads a NumPy bool as a double
    raise TypeError("%s(): argument '%s' must be Number, not %s"
                    % (func, name, type(value).__name__))


def _scalar_dtype(value):
    """torch's dtype for a Python scalar."""
    if isinstance(value, _pybool):
        return _DT.BOOL
    if isinstance(value, numbers.Integral):
        return _DT.INT64
    return _DT.FLOAT32


def _check_int64(value):
    if not -(1 << 63) <= value < (1 << 63):
        raise RuntimeError('Overflow when unpacking long')
    return value


def _fill_value(t, value):
    """Fills @t with a Python number, exactly for large int64 values,
    refusing values that overflow the dtype as torch does."""
    _check_fits((value,), t.get_dtype(), floats=True)
    if isinstance(value, numbers.Integral) and not isinstance(value, _pybool) \
            and abs(value) > (1 << 53):
        src = _call(_GiTensor.new_from_int64s, [_check_int64(_pyint(value))], [],
                    _DT.INT64, None)
        _call(_GiTensor.copy_, t, src)
    else:
        _call(_GiTensor.fill_, t, _pyfloat(value))
    return t


def _make_shape_func(name, c_func, doc):
    def func(*size, out=None, dtype=None, layout=None, device=None,
             requires_grad=False, pin_memory=False, memory_format=None, **kwargs):
        shape = _parse_size(name, size, kwargs.pop('size', None))
        if kwargs:
            raise TypeError('%s() got an unexpected keyword argument %r'
                            % (name, next(iter(kwargs))))
        if out is not None:
            raise TypeError("%s(): the 'out' argument is not supported" % name)
        dt = _dtype_arg(dtype, name, _DT.FLOAT32)
        t = _call(c_func, shape, dt, _device_arg(device))
        return _finish(t, requires_grad)
    func.__name__ = func.__qualname__ = name
    func.__doc__ = ('%s(*size, dtype=None, device=None, requires_grad=False)\n\n%s'
                    % (name, doc))
    return _export(func)


zeros = _make_shape_func('zeros', Gt.zeros,
                         'A tensor of zeros (torch.zeros); size as 2, 3 or (2, 3).')
ones = _make_shape_func('ones', Gt.ones, 'A tensor of ones (torch.ones).')
empty = _make_shape_func('empty', Gt.empty,
                         'A tensor whose values are not initialised (torch.empty).')
rand = _make_shape_func('rand', Gt.rand, 'Uniform values from [0, 1), the same as '
                        'torch.rand gives for the same seed.')
randn = _make_shape_func('randn', Gt.randn, 'Standard normal values, the same as '
                         'torch.randn gives for the same seed.')


@_export
def full(size, fill_value, *, out=None, dtype=None, layout=None, device=None,
         requires_grad=False, pin_memory=False):
    """A tensor filled with @fill_value (torch.full).

    Without a dtype, an int fill value gives int64, a bool gives bool and a
    float gives float32, as in torch 1.13."""
    shape = _parse_size('full', (size,))
    value = _number(fill_value, 'full', 'fill_value')
    if out is not None:
        raise TypeError("full(): the 'out' argument is not supported")
    dt = _dtype_arg(dtype, 'full', _scalar_dtype(value))
    t = _call(Gt.empty, shape, dt, _device_arg(device))
    return _finish(_fill_value(t, value), requires_grad)


@_export
def arange(*args, out=None, dtype=None, layout=None, device=None,
           requires_grad=False, pin_memory=False, **kwargs):
    """arange(end) or arange(start, end, step=1, dtype=None, device=None)

    The values start, start + step, ... below @end (torch.arange). The dtype
    is int64 when start, end and step are all integers, float32 otherwise."""
    names = ('start', 'end', 'step')
    given = {}
    if len(args) == 1 and 'end' not in kwargs:
        given['end'] = args[0]
    else:
        if len(args) > 3:
            raise TypeError('arange() takes at most 3 positional arguments (%d given)'
                            % len(args))
        for n, a in zip(names, args):
            given[n] = a
    for n in names:
        if n in kwargs:
            if n in given:
                raise TypeError("arange() got multiple values for argument '%s'" % n)
            given[n] = kwargs.pop(n)
    if kwargs:
        raise TypeError('arange() got an unexpected keyword argument %r'
                        % next(iter(kwargs)))
    if 'end' not in given:
        raise TypeError("arange() missing required argument 'end'")
    if out is not None:
        raise TypeError("arange(): the 'out' argument is not supported")
    start = _number(given.get('start', 0), 'arange', 'start')
    end = _number(given['end'], 'arange', 'end')
    step = _number(given.get('step', 1), 'arange', 'step')
    default = _DT.FLOAT32
    if all(isinstance(v, numbers.Integral) for v in (start, end, step)):
        default = _DT.INT64
    dt = _dtype_arg(dtype, 'arange', default)
    t = _call(Gt.arange, _pyfloat(start), _pyfloat(end), _pyfloat(step), dt,
              _device_arg(device))
    return _finish(t, requires_grad)


@_export
def linspace(start, end, steps, *, out=None, dtype=None, layout=None, device=None,
             requires_grad=False, pin_memory=False):
    """@steps evenly spaced values from @start to @end inclusive
    (torch.linspace); float32 unless a dtype is given."""
    if out is not None:
        raise TypeError("linspace(): the 'out' argument is not supported")
    start = _number(start, 'linspace', 'start')
    end = _number(end, 'linspace', 'end')
    try:
        steps = operator.index(steps)
    except TypeError:
        raise TypeError("linspace(): argument 'steps' must be int, not %s"
                        % type(steps).__name__) from None
    dt = _dtype_arg(dtype, 'linspace', _DT.FLOAT32)
    t = _call(Gt.linspace, _pyfloat(start), _pyfloat(end), steps, dt,
              _device_arg(device))
    return _finish(t, requires_grad)


@_export
def eye(n, m=None, *, out=None, dtype=None, layout=None, device=None,
        requires_grad=False, pin_memory=False):
    """A 2-D tensor with ones on the diagonal (torch.eye); @m defaults to @n."""
    if out is not None:
        raise TypeError("eye(): the 'out' argument is not supported")
    n = _size_element('eye', n, 0)
    m = n if m is None else _size_element('eye', m, 1)
    dt = _dtype_arg(dtype, 'eye', _DT.FLOAT32)
    return _finish(_call(Gt.eye, n, m, dt, _device_arg(device)), requires_grad)


def _int_arg(func, name, value):
    if isinstance(value, _GiTensor):
        value = value.item()
    if isinstance(value, _pyfloat) and value.is_integer():
        value = _pyint(value)
    try:
        return _check_int64(operator.index(value))
    except TypeError:
        raise TypeError("%s(): argument '%s' must be int, not %s"
                        % (func, name, type(value).__name__)) from None


def _randint_bounds(func, args, kwargs, with_size):
    """Sorts out torch's (high[, size]) and (low, high[, size]) overloads."""
    names = ['low', 'high', 'size'] if with_size else ['low', 'high']
    present = [n for n in names if n in kwargs]
    if len(args) + len(present) == len(names):
        order = names
    else:
        order = names[1:]
    values = {n: kwargs.pop(n) for n in present}
    free = [n for n in order if n not in values]
    if len(args) > len(free):
        raise TypeError('%s() takes at most %d positional arguments (%d given)'
                        % (func, len(free), len(args)))
    for n, a in zip(free, args):
        values[n] = a
    missing = [n for n in order if n not in values]
    if missing:
        raise TypeError("%s() missing required argument '%s'" % (func, missing[0]))
    low = _int_arg(func, 'low', values.get('low', 0))
    high = _int_arg(func, 'high', values['high'])
    return low, high, values.get('size')


@_export
def randint(*args, generator=None, out=None, dtype=None, layout=None, device=None,
            requires_grad=False, pin_memory=False, **kwargs):
    """randint(high, size) or randint(low=0, high, size, dtype=None, device=None)

    Integers drawn uniformly from [low, high), int64 by default; the same
    values as torch.randint for the same seed."""
    if generator is not None:
        raise TypeError("randint(): the 'generator' argument is not supported")
    low, high, size = _randint_bounds('randint', args, kwargs, True)
    if kwargs:
        raise TypeError('randint() got an unexpected keyword argument %r'
                        % next(iter(kwargs)))
    if isinstance(size, (numbers.Integral, _GiTensor)) or size is None:
        raise TypeError("randint(): argument 'size' must be tuple of ints, not %s"
                        % type(size).__name__)
    shape = _parse_size('randint', (size,))
    dt = _dtype_arg(dtype, 'randint', _DT.INT64)
    t = _call(Gt.randint, low, high, shape, dt, _device_arg(device))
    return _finish(t, requires_grad)


def _check_tensor(func, input, name='input'):
    if not isinstance(input, _GiTensor):
        raise TypeError("%s(): argument '%s' (position 1) must be Tensor, not %s"
                        % (func, name, type(input).__name__))


def _like(func, input, dtype, device):
    """Whether the _like C function can be used: same dtype and device."""
    _check_tensor(func, input)
    dt = _dtype_arg(dtype, func, input.dtype)
    dev = _device_arg(device)
    same = dt == input.dtype and (dev is None or dev == input.device)
    return same, dt, dev if dev is not None else input.device


def _make_like_func(name, c_like, c_shape, doc):
    def func(input, *, dtype=None, layout=None, device=None, requires_grad=False,
             memory_format=None):
        same, dt, dev = _like(name, input, dtype, device)
        if same:
            t = _call(c_like, input)
        else:
            t = _call(c_shape, list(input.shape), dt, dev)
        return _finish(t, requires_grad)
    func.__name__ = func.__qualname__ = name
    func.__doc__ = ('%s(*size, dtype=None, device=None, requires_grad=False)\n\n%s'
                    % (name, doc))
    return _export(func)


zeros_like = _make_like_func('zeros_like', Gt.zeros_like, Gt.zeros,
                             'Zeros with the shape (and by default dtype and '
                             'device) of @input (torch.zeros_like).')
ones_like = _make_like_func('ones_like', Gt.ones_like, Gt.ones,
                            'Ones with the shape of @input (torch.ones_like).')
empty_like = _make_like_func('empty_like', Gt.empty_like, Gt.empty,
                             'Uninitialised values with the shape of @input '
                             '(torch.empty_like).')
rand_like = _make_like_func('rand_like', Gt.rand_like, Gt.rand,
                            'Uniform [0, 1) values with the shape of @input '
                            '(torch.rand_like).')
randn_like = _make_like_func('randn_like', Gt.randn_like, Gt.randn,
                             'Standard normal values with the shape of @input '
                             '(torch.randn_like).')


@_export
def full_like(input, fill_value, *, dtype=None, layout=None, device=None,
              requires_grad=False, memory_format=None):
    """@fill_value with the shape (and by default dtype and device) of
    @input (torch.full_like)."""
    _check_tensor('full_like', input)
    value = _number(fill_value, 'full_like', 'fill_value')
    same, dt, dev = _like('full_like', input, dtype, device)
    t = _call(Gt.empty, list(input.shape), dt, dev)
    return _finish(_fill_value(t, value), requires_grad)


@_export
def randint_like(input, *args, dtype=None, layout=None, device=None,
                 requires_grad=False, memory_format=None, **kwargs):
    """randint_like(input, high) or randint_like(input, low=0, high): integers
    from [low, high) with the shape (and by default dtype) of @input."""
    _check_tensor('randint_like', input)
    low, high, _ = _randint_bounds('randint_like', args, kwargs, False)
    if kwargs:
        raise TypeError('randint_like() got an unexpected keyword argument %r'
                        % next(iter(kwargs)))
    same, dt, dev = _like('randint_like', input, dtype, device)
    if same:
        t = _call(Gt.randint_like, input, low, high)
    else:
        t = _call(Gt.randint, low, high, list(input.shape), dt, dev)
    return _finish(t, requires_grad)


@_export
def manual_seed(seed):
    """Seeds the default generator (torch.manual_seed). Negative seeds wrap
    modulo 2**64 as in torch."""
    seed = operator.index(seed)
    if not -(1 << 63) <= seed <= _UINT64_MASK:
        raise RuntimeError('Overflow when unpacking long')
    Gt.manual_seed(seed & _UINT64_MASK)


@_export
def initial_seed():
    """The seed last given to manual_seed (or chosen by seed())."""
    return _pyint(Gt.initial_seed())


@_export
def seed():
    """Seeds the default generator non-deterministically and returns the seed."""
    return _pyint(Gt.seed())


# ---- Gt.tensor ------------------------------------------------------------------

def _numpy():
    """NumPy, imported on first use."""
    import numpy
    return numpy


def _is_ndarray(obj):
    np = _numpy_if_loaded()
    return np is not None and isinstance(obj, np.ndarray)


def _numpy_if_loaded():
    """NumPy if something imported it already (otherwise no NumPy object can
    be among the arguments, and NumPy stays an optional dependency)."""
    return sys.modules.get('numpy')


def _is_sequence(obj):
    if isinstance(obj, (str, bytes, bytearray, _GiTensor)):
        return False
    return isinstance(obj, collections.abc.Sequence) or _is_ndarray(obj)


def _numpy_dtype(arr):
    name = arr.dtype.name
    if name not in _FROM_NUMPY_NAMES:
        raise TypeError("can't convert np.ndarray of type numpy.%s. The only "
                        "supported types are: float64, float32, float16, int64, "
                        "int32, int16, int8, uint8, and bool."
                        % arr.dtype.type.__name__)
    return _FROM_NUMPY_NAMES[name]


def _leaf(obj, func):
    """(dtype, value) of one element of nested data."""
    if isinstance(obj, _pybool):
        return _DT.BOOL, obj
    if isinstance(obj, _GiTensor):
        if obj.numel() != 1:
            raise ValueError('only one element tensors can be converted to '
                             'Python scalars')
        return obj.dtype, obj.item()
    np = _numpy_if_loaded()
    if np is not None and isinstance(obj, np.generic):
        if isinstance(obj, (np.complexfloating, np.str_, np.bytes_, np.void,
                            np.object_, np.datetime64, np.timedelta64)):
            raise TypeError("%s(): invalid data type '%s'" % (func, type(obj).__name__))
        arr = np.asarray(obj)
        return _numpy_dtype(arr), obj.item()
    if isinstance(obj, numbers.Integral):
        return _DT.INT64, _check_int64(_pyint(obj))
    if isinstance(obj, numbers.Real):
        return _DT.FLOAT32, _pyfloat(obj)
    if isinstance(obj, (str, bytes, bytearray, numbers.Complex)):
        raise TypeError("%s(): invalid data type '%s'" % (func, type(obj).__name__))
    raise RuntimeError('Could not infer dtype of ' + type(obj).__name__)


def _gather(data, func):
    """Shape, flat values and inferred dtype of nested sequences."""
    shape = []
    obj = data
    while _is_sequence(obj):
        if _is_ndarray(obj):
            shape.extend(obj.shape)
            break
        n = len(obj)
        shape.append(n)
        if n == 0:
            break
        obj = obj[0]
    ndim = len(shape)
    values = []
    dtypes = set()

    def walk(obj, dim):
        if dim == ndim:
            if _is_sequence(obj):
                raise TypeError("%s(): a sequence was found where a number was "
                                "expected (data nested unevenly)" % func)
            dt, value = _leaf(obj, func)
            dtypes.add(dt)
            values.append(value)
            return
        if not _is_sequence(obj):
            raise TypeError('%s(): not a sequence (data nested unevenly at dim %d)'
                            % (func, dim))
        if _is_ndarray(obj):
            if tuple(obj.shape) != tuple(shape[dim:]):
                raise ValueError('expected sequence of length %d at dim %d (got %d)'
                                 % (shape[dim], dim,
                                    obj.shape[0] if obj.ndim else 0))
            dtypes.add(_numpy_dtype(obj))
            values.extend(obj.ravel().tolist())
            return
        if len(obj) != shape[dim]:
            raise ValueError('expected sequence of length %d at dim %d (got %d)'
                             % (shape[dim], dim, len(obj)))
        for item in obj:
            walk(item, dim + 1)

    if 0 not in shape:
        walk(data, 0)
    # torch does not look at the elements of data without elements.
    dtype = None
    for dt in sorted(dtypes):
        dtype = dt if dtype is None else Gt.dtype_promote_types(dtype, dt)
    return shape, values, dtype


_INT_RANGES = {
    _DT.UINT8: (0, 255), _DT.INT8: (-128, 127), _DT.INT16: (-(1 << 15), (1 << 15) - 1),
    _DT.INT32: (-(1 << 31), (1 << 31) - 1), _DT.INT64: (-(1 << 63), (1 << 63) - 1),
}


_FLOAT_MAX = {
    _DT.FLOAT16: 65504.0, _DT.BFLOAT16: 3.3895313892515355e+38,
    _DT.FLOAT32: 3.4028234663852886e+38,
}


def _check_fits(values, dtype, floats=False):
    """torch's checked conversion of Python numbers to @dtype (c10's
    checked_convert): for integer dtypes, integers may wrap from below for
    uint8 only, floats must lie in range (compared as doubles, as C++ does)
    and may not be NaN or infinite. With @floats, finite values beyond the
    largest float16/bfloat16/float32 are refused too, as torch's fill_ and
    full do (its tensor() does not)."""
    if dtype in _INT_RANGES:
        lo, hi = _INT_RANGES[dtype]
        flo, fhi = _pyfloat(lo), _pyfloat(hi)
    elif floats and dtype in _FLOAT_MAX:
        lo = hi = None
        fhi = _FLOAT_MAX[dtype]
    else:
        return
    for v in values:
        if hi is None:
            v = _pyfloat(v) if not isinstance(v, numbers.Integral) else v
            bad = not math.isinf(v) and abs(v) > fhi
        elif isinstance(v, numbers.Integral):
            bad = v > hi or (v < -hi if lo == 0 else v < lo)
        else:
            v = _pyfloat(v)
            bad = math.isnan(v) or v < flo or v > fhi
        if bad:
            raise RuntimeError('value cannot be converted to type %s without overflow'
                               % Gt.dtype_get_name(dtype))


def _from_numpy(arr, dtype, dev):
    np = _numpy()
    src_dtype = _numpy_dtype(arr)
    if not arr.flags.c_contiguous or not arr.dtype.isnative \
            or arr.dtype.byteorder == '>':
        arr = np.array(arr, dtype=arr.dtype.newbyteorder('<'), order='C')
    elif arr.dtype.byteorder not in ('<', '|', '='):
        arr = arr.astype(arr.dtype.newbyteorder('<'))
    data = GLib.Bytes.new(arr.tobytes())
    t = _call(_GiTensor.new_from_bytes, data, list(arr.shape), src_dtype, dev)
    if dtype is not None and dtype != src_dtype:
        t = _call(t.to_dtype, dtype)
    return t


@_export
def tensor(data, *, dtype=None, device=None, requires_grad=False, pin_memory=False):
    """A new tensor holding a copy of @data (torch.tensor).

    @data is a Python number or bool, nested lists or tuples of them, a NumPy
    array or a Gt.Tensor. Without a dtype, the dtype is inferred as torch
    does: bools give bool, integers (with or without bools) int64, any float
    float32; NumPy arrays and scalars keep their own dtype.
    """
    dt = _dtype_arg(dtype, 'tensor')
    dev = _device_arg(device)
    if isinstance(data, _GiTensor):
        t = data
        if dev is not None:
            t = _call(t.to_device, dev)
        if dt is not None:
            t = _call(t.to_dtype, dt)
        if t is data:
            t = _call(_GiTensor.clone, data)
        if t.requires_grad:
            # the copy recorded its node (CloneBackward0, ToCopyBackward0):
            # torch.tensor(t) is t.clone().detach()
            t = t.detach()
        return _finish(t, requires_grad)
    if _is_ndarray(data):
        return _finish(_from_numpy(data, dt, dev), requires_grad)

    shape, values, inferred = _gather(data, 'tensor')
    if dt is None:
        dt = inferred if inferred is not None else _DT.FLOAT32
    else:
        _check_fits(values, dt)
    if dt not in _FLOAT_DTYPES and all(isinstance(v, numbers.Integral) for v in values):
        t = _call(_GiTensor.new_from_int64s, [_pyint(v) for v in values], shape, dt, dev)
    else:
        t = _call(_GiTensor.new_from_doubles, [_pyfloat(v) for v in values], shape,
                  dt, dev)
    return _finish(t, requires_grad)


@_export
def as_tensor(data, dtype=None, device=None):
    """@data as a tensor (torch.as_tensor): a tensor of the right dtype and
    device is returned as is, anything else is converted with tensor()."""
    if isinstance(data, _GiTensor):
        return data.to(device=device, dtype=dtype)
    return tensor(data, dtype=dtype, device=device)


@_export
def from_numpy(ndarray):
    """A tensor sharing the memory of a NumPy array (torch.from_numpy): no
    copy, writes on either side show on the other, and the array stays alive
    as long as a tensor uses its memory. Strided arrays are shared with their
    strides; negative strides are refused as torch does."""
    if not _is_ndarray(ndarray):
        raise TypeError('expected np.ndarray (got %s)' % type(ndarray).__name__)
    dt = _numpy_dtype(ndarray)
    arr = ndarray
    if not arr.dtype.isnative:
        raise ValueError('given numpy array has byte order different from the native '
                         'byte order. Conversion between byte orders is currently not '
                         'supported.')
    itemsize = arr.dtype.itemsize
    if any(st < 0 for st in arr.strides):
        raise ValueError('At least one stride in the given numpy array is negative, and '
                         'tensors with negative strides are not currently supported. '
                         '(You can probably work around this by making a copy of your '
                         'array  with array.copy().) ')
    if any(st % itemsize for st in arr.strides):
        raise ValueError('given numpy array strides not a multiple of the element byte '
                         'size. Copy the numpy array to reallocate the memory.')
    strides = [st // itemsize for st in arr.strides]
    span = 0 if arr.size == 0 else (sum((n - 1) * st for n, st in zip(arr.shape, strides))
                                    + 1) * itemsize
    address = arr.__array_interface__['data'][0] if arr.size else 0
    # The lambda keeps the array alive until the last tensor over it is gone.
    return _call(_GiTensor.new_from_blob, address, span, list(arr.shape), strides, dt,
                 lambda _array: None, arr)


class _ArrayView:
    """Exposes a CPU tensor's memory to NumPy (__array_interface__) and keeps
    the tensor alive as the array's base."""

    def __init__(self, t, address, npdt):
        itemsize = npdt.itemsize
        self._tensor = t
        self.__array_interface__ = {
            'version': 3,
            'shape': tuple(t.get_shape()),
            'strides': tuple(s * itemsize for s in t.get_strides()),
            'typestr': npdt.str,
            'data': (address, False),
        }


# ---- Tensor ------------------------------------------------------------------------

def _nest(flat, shape):
    """Nested lists of @flat in row-major order with @shape."""
    if not shape:
        return flat[0]
    ndim = len(shape)
    steps = [math.prod(shape[d + 1:]) for d in range(ndim)]

    def rec(off, d):
        n = shape[d]
        if d == ndim - 1:
            return flat[off:off + n]
        return [rec(off + i * steps[d], d + 1) for i in range(n)]
    return rec(0, 0)


def _parse_to_args(func, args, kwargs):
    """(dtype, device, copy) from torch's Tensor.to() overloads."""
    dtype = kwargs.pop('dtype', None)
    dev = kwargs.pop('device', None)
    copy = kwargs.pop('copy', False)
    kwargs.pop('non_blocking', None)
    kwargs.pop('memory_format', None)
    if kwargs:
        raise TypeError('%s() got an unexpected keyword argument %r'
                        % (func, next(iter(kwargs))))
    args = list(args)
    if args and isinstance(args[0], _GiTensor):
        other = args.pop(0)
        dtype, dev = other.dtype, other.device
    elif args and (isinstance(args[0], (str, _GiDevice)) or
                   (isinstance(args[0], numbers.Integral) and
                    not isinstance(args[0], _DT))):
        dev = args.pop(0)
    if args and (isinstance(args[0], _DT) or
                 (isinstance(args[0], type) and args[0] in _PYTYPE_DTYPES)):
        dtype = args.pop(0)
    if args and isinstance(args[0], _pybool):      # non_blocking
        args.pop(0)
        if args and isinstance(args[0], _pybool):
            copy = args.pop(0)
    if args:
        raise TypeError('%s() received an invalid combination of arguments: %r'
                        % (func, tuple(args)))
    return _dtype_arg(dtype, func), _device_arg(dev), copy


@override
class Tensor(Gt.Tensor):
    """A tensor with torch.Tensor's Python interface (see the module
    docstring); every introspected method stays available."""

    # -- the introspected constructors, raising the converted errors
    @staticmethod
    def new_from_doubles(data, shape, dtype, device=None):
        """A tensor of @dtype from row-major float values."""
        return _call(_GiTensor.new_from_doubles, data, shape, dtype, device)

    @staticmethod
    def new_from_int64s(data, shape, dtype, device=None):
        """A tensor of @dtype from row-major integers, exact for int64."""
        return _call(_GiTensor.new_from_int64s, data, shape, dtype, device)

    @staticmethod
    def new_from_bytes(data, shape, dtype, device=None):
        """A tensor over the raw little-endian elements in a GLib.Bytes."""
        return _call(_GiTensor.new_from_bytes, data, shape, dtype, device)

    # -- metadata
    @property
    def shape(self):
        """The sizes of the dimensions, as a Gt.Size tuple."""
        return Size(self.get_shape())

    def size(self, dim=None):
        """The shape, or the size of dimension @dim."""
        if dim is None:
            return self.shape
        return _call(self.get_size, operator.index(dim))

    def stride(self, dim=None):
        """The strides in elements, or the stride of dimension @dim."""
        if dim is None:
            return tuple(self.get_strides())
        return _call(self.get_stride, operator.index(dim))

    def dim(self):
        """The number of dimensions."""
        return self.get_ndim()

    ndimension = dim

    @property
    def ndim(self):
        """The number of dimensions."""
        return self.get_ndim()

    def numel(self):
        """The number of elements."""
        return self.get_numel()

    nelement = numel

    @property
    def dtype(self):
        """The element type, a Gt.DType."""
        return self.get_dtype()

    @property
    def device(self):
        """The device the tensor lives on, a Gt.device."""
        return self.get_device()

    @property
    def is_cuda(self):
        """Whether the tensor is on a CUDA device."""
        return self.get_device().get_device_type() == Gt.DeviceType.CUDA

    @property
    def is_cpu(self):
        """Whether the tensor is in host memory."""
        return self.get_device().get_device_type() == Gt.DeviceType.CPU

    def is_contiguous(self, memory_format=None):
        """Whether the elements are laid out densely in row-major order."""
        return _pybool(_GiTensor.is_contiguous(self))

    def is_floating_point(self):
        """Whether the dtype is a floating-point type."""
        return _pybool(_GiTensor.is_floating_point(self))

    def element_size(self):
        """The size of one element in bytes."""
        return self.get_element_size()

    def storage_offset(self):
        """The offset of the first element in the storage, in elements."""
        return self.get_storage_offset()

    # -- autograd fields
    @property
    def requires_grad(self):
        """Whether operations on this tensor are recorded for autograd."""
        return _pybool(self.get_requires_grad())

    @requires_grad.setter
    def requires_grad(self, value):
        _call(self.set_requires_grad, _pybool(value))

    def requires_grad_(self, requires_grad=True):
        """Sets requires_grad in place and returns the tensor."""
        _call(self.set_requires_grad, _pybool(requires_grad))
        return self

    @property
    def grad(self):
        """The accumulated gradient, or None."""
        return self.get_grad()

    @grad.setter
    def grad(self, value):
        if value is not None and not isinstance(value, _GiTensor):
            raise TypeError('assigned grad expected to be a Tensor or None but '
                            'got grad of type %s' % type(value).__name__)
        _call(self.set_grad, value)

    @grad.deleter
    def grad(self):
        _call(self.set_grad, None)

    # -- reading values
    def item(self):
        """The value of a one-element tensor as a Python int, float or bool."""
        errors = {_pyint(Gt.Error.VALUE): GtValueError}
        dt = self.get_dtype()
        if dt in _FLOAT_DTYPES:
            return _call(_GiTensor.item, self, errors=errors)
        value = _call(_GiTensor.item_int64, self, errors=errors)
        return _pybool(value) if dt == _DT.BOOL else value

    def tolist(self):
        """The values as nested lists of Python numbers (a number for a 0-d
        tensor)."""
        dt = self.get_dtype()
        if dt in _FLOAT_DTYPES:
            flat = _call(self.to_doubles)
        elif dt == _DT.BOOL:
            flat = [v != 0 for v in _call(self.to_int64s)]
        else:
            flat = _call(self.to_int64s)
        return _nest(list(flat), list(self.get_shape()))

    def numpy(self, *, force=False):
        """A NumPy array sharing this tensor's memory, as torch's: writes on
        either side show on the other (CPU tensors; with force=True others
        are copied to the host first)."""
        np = _numpy()
        if self.requires_grad and not force:
            raise RuntimeError("Can't call numpy() on Tensor that requires grad. "
                               "Use tensor.detach().numpy() instead.")
        if self.is_cuda and not force:
            raise TypeError("can't convert %s device type tensor to numpy. Use "
                            "Tensor.cpu() to copy the tensor to host memory first."
                            % self.device)
        dt = self.get_dtype()
        if dt not in _NUMPY_NAMES:
            raise TypeError('Got unsupported ScalarType ' + _TORCH_SCALAR_NAMES[dt])
        npdt = np.dtype(_NUMPY_NAMES[dt])
        t = self
        if self.is_cuda:
            t = _call(self.to_device, None)
        address = _call(t.get_data_address, True) if t.get_numel() else 0
        if not address:
            return np.zeros(tuple(t.get_shape()), dtype=npdt)
        return np.asarray(_ArrayView(t, address, npdt))

    def __array__(self, dtype=None):
        arr = self.numpy()
        return arr if dtype is None else arr.astype(dtype, copy=False)

    def __repr__(self):
        return self.to_string()

    __str__ = __repr__

    def __format__(self, spec):
        if self.get_ndim() == 0:
            return format(self.item(), spec)
        return object.__format__(self, spec)

    def __len__(self):
        if self.get_ndim() == 0:
            raise TypeError('len() of a 0-d tensor')
        return self.get_shape()[0]

    def __bool__(self):
        n = self.get_numel()
        if n == 0:
            raise RuntimeError('Boolean value of Tensor with no values is ambiguous')
        if n > 1:
            raise RuntimeError('Boolean value of Tensor with more than one value '
                               'is ambiguous')
        return _pybool(self.item())

    def __float__(self):
        return _pyfloat(self.item())

    def __int__(self):
        return _pyint(self.item())

    def __index__(self):
        if self.get_dtype() in _FLOAT_DTYPES or self.get_numel() != 1:
            raise TypeError('only integer tensors of a single element can be '
                            'converted to an index')
        return _pyint(self.item())

    # -- conversions
    def to(self, *args, **kwargs):
        """to(dtype), to(device, dtype=None), to(other): the tensor converted
        (itself when nothing changes, unless copy=True)."""
        dtype, dev, copy = _parse_to_args('to', args, kwargs)
        t = self
        if dev is not None:
            t = _call(t.to_device, dev)
        if dtype is not None:
            t = _call(t.to_dtype, dtype)
        if copy and t is self:
            t = _call(_GiTensor.clone, self)
        return t

    def type_as(self, other):
        """The tensor converted to @other's dtype."""
        return self.to(other.dtype)

    def float(self):
        """self.to(Gt.float32)."""
        return self.to(_DT.FLOAT32)

    def double(self):
        """self.to(Gt.float64)."""
        return self.to(_DT.FLOAT64)

    def half(self):
        """self.to(Gt.float16)."""
        return self.to(_DT.FLOAT16)

    def bfloat16(self):
        """self.to(Gt.bfloat16)."""
        return self.to(_DT.BFLOAT16)

    def long(self):
        """self.to(Gt.int64)."""
        return self.to(_DT.INT64)

    def int(self):
        """self.to(Gt.int32)."""
        return self.to(_DT.INT32)

    def short(self):
        """self.to(Gt.int16)."""
        return self.to(_DT.INT16)

    def char(self):
        """self.to(Gt.int8)."""
        return self.to(_DT.INT8)

    def byte(self):
        """self.to(Gt.uint8)."""
        return self.to(_DT.UINT8)

    def bool(self):
        """self.to(Gt.bool)."""
        return self.to(_DT.BOOL)

    def cpu(self):
        """The tensor in host memory (itself if it is there)."""
        return self.to('cpu')

    def cuda(self, device=None, non_blocking=False):
        """The tensor on a CUDA device (the current one by default)."""
        if device is None:
            device = 'cuda'
        dev = _device_arg(device)
        if dev.get_device_type() != Gt.DeviceType.CUDA:
            raise RuntimeError('Invalid device, must be cuda device')
        return self.to(dev)

    def clone(self, *, memory_format=None):
        """A contiguous copy with the same dtype and device."""
        return _call(_GiTensor.clone, self)

    def contiguous(self, memory_format=None):
        """The tensor itself if it is contiguous, otherwise a contiguous copy."""
        return _call(_GiTensor.contiguous, self)

    # -- in place
    def copy_(self, src, non_blocking=False):
        """Copies @src (broadcast, converted) into the tensor; returns it."""
        if not isinstance(src, _GiTensor):
            raise TypeError("copy_(): argument 'src' (position 1) must be Tensor, "
                            "not %s" % type(src).__name__)
        _call(_GiTensor.copy_, self, src)
        return self

    def fill_(self, value):
        """Sets every element to @value; returns the tensor."""
        if isinstance(value, _GiTensor):
            if value.get_ndim() != 0:
                raise RuntimeError('fill_ only supports 0-dimension value tensor but '
                                   'got tensor with %d dimensions.' % value.get_ndim())
            value = value.item()
        return _fill_value(self, _number(value, 'fill_', 'value'))

    def zero_(self):
        """Sets every element to zero; returns the tensor."""
        _call(_GiTensor.zero_, self)
        return self

    def uniform_(self, *args, generator=None, **kwargs):
        """uniform_(from=0, to=1): fills with values drawn uniformly from
        [from, to) and returns the tensor (``a``/``b`` are accepted too)."""
        names = ('from', 'to')
        values = dict(zip(names, args))
        for alias, name in (('a', 'from'), ('from_', 'from'), ('b', 'to')):
            if alias in kwargs:
                kwargs[name] = kwargs.pop(alias)
        for name in names:
            if name in kwargs:
                if name in values:
                    raise TypeError("uniform_() got multiple values for argument '%s'"
                                    % name)
                values[name] = kwargs.pop(name)
        if kwargs or len(args) > 2:
            raise TypeError('uniform_() got unexpected arguments')
        low = _number(values.get('from', 0.0), 'uniform_', 'from')
        high = _number(values.get('to', 1.0), 'uniform_', 'to')
        _call(_GiTensor.uniform_, self, _pyfloat(low), _pyfloat(high))
        return self

    def normal_(self, mean=0.0, std=1.0, *, generator=None):
        """Fills with values from N(mean, std**2); returns the tensor."""
        mean = _number(mean, 'normal_', 'mean')
        std = _number(std, 'normal_', 'std')
        _call(_GiTensor.normal_, self, _pyfloat(mean), _pyfloat(std))
        return self

    # -- new tensors like this one
    def _new_defaults(self, dtype, device):
        return (_dtype_arg(dtype, 'new', self.get_dtype()),
                device if device is not None else self.get_device())

    def new_tensor(self, data, dtype=None, device=None, requires_grad=False):
        """tensor(data) with this tensor's dtype and device by default."""
        dt, dev = self._new_defaults(dtype, device)
        return tensor(data, dtype=dt, device=dev, requires_grad=requires_grad)

    def new_zeros(self, *size, dtype=None, device=None, requires_grad=False):
        """zeros(size) with this tensor's dtype and device by default."""
        dt, dev = self._new_defaults(dtype, device)
        return zeros(*size, dtype=dt, device=dev, requires_grad=requires_grad)

    def new_ones(self, *size, dtype=None, device=None, requires_grad=False):
        """ones(size) with this tensor's dtype and device by default."""
        dt, dev = self._new_defaults(dtype, device)
        return ones(*size, dtype=dt, device=dev, requires_grad=requires_grad)

    def new_empty(self, *size, dtype=None, device=None, requires_grad=False):
        """empty(size) with this tensor's dtype and device by default."""
        dt, dev = self._new_defaults(dtype, device)
        return empty(*size, dtype=dt, device=dev, requires_grad=requires_grad)

    def new_full(self, size, fill_value, dtype=None, device=None,
                 requires_grad=False):
        """full(size, fill_value) with this tensor's dtype and device by default."""
        dt, dev = self._new_defaults(dtype, device)
        return full(size, fill_value, dtype=dt, device=dev,
                    requires_grad=requires_grad)


__all__.append('Tensor')


# ---- operators and torch-style methods -----------------------------------------
#
# The C ops take (other, ...) with tensor and `_scalar` (Python float)
# variants. Python ints and bools go to the tensor variants as 0-d int64 and
# bool tensors, which promote like torch's wrapped Python numbers; floats go
# to the `_scalar` variants. Operators return NotImplemented for other types.

_G_MAXINT64 = (1 << 63) - 1


def _wrapped_number(value):
    """A 0-d tensor for a Python int or bool (None for other values)."""
    if isinstance(value, (_pybool,)) or type(value).__name__ == 'bool_':
        return _GiTensor.new_from_int64s([_pyint(value)], [], _DT.BOOL, None)
    if isinstance(value, numbers.Integral):
        return _call(_GiTensor.new_from_int64s, [_pyint(value)], [], _DT.INT64, None)
    return None


def _is_float_number(value):
    return isinstance(value, numbers.Real) and not isinstance(value, numbers.Integral)


def _binary(self, other, c_tensor, c_scalar, *extra, func='op'):
    """self OP other for a tensor, int, bool or float @other."""
    if isinstance(other, _GiTensor):
        return _call(c_tensor, self, other, *extra)
    w = _wrapped_number(other)
    if w is not None:
        return _call(c_tensor, self, w, *extra)
    if _is_float_number(other):
        return _call(c_scalar, self, _pyfloat(other), *extra)
    raise TypeError("%s(): argument 'other' must be Tensor or Number, not %s"
                    % (func, type(other).__name__))


def _rbinary(self, other, c_tensor, c_rscalar, *extra):
    """other OP self for a number @other (reversed operators)."""
    w = _wrapped_number(other)
    if w is not None:
        return _call(c_tensor, w, self, *extra)
    if _is_float_number(other):
        return _call(c_rscalar, self, _pyfloat(other), *extra)
    return NotImplemented


def _operator(c_tensor, c_scalar, *extra):
    def op(self, other):
        if not isinstance(other, (_GiTensor, numbers.Number)):
            return NotImplemented
        return _binary(self, other, c_tensor, c_scalar, *extra)
    return op


def _roperator(c_tensor, c_rscalar, *extra):
    def op(self, other):
        return _rbinary(self, other, c_tensor, c_rscalar, *extra)
    return op


def _ioperator(c_tensor_, c_scalar_, *extra):
    def op(self, other):
        if not isinstance(other, (_GiTensor, numbers.Number)):
            return NotImplemented
        _binary(self, other, c_tensor_, c_scalar_, *extra)
        return self
    return op


_T = _GiTensor


Tensor.__add__ = _operator(_T.add, _T.add_scalar, 1.0)
Tensor.__radd__ = _roperator(_T.add, _T.add_scalar, 1.0)
Tensor.__sub__ = _operator(_T.sub, _T.sub_scalar, 1.0)
Tensor.__rsub__ = _roperator(_T.sub, _T.rsub_scalar, 1.0)
Tensor.__mul__ = _operator(_T.mul, _T.mul_scalar)
Tensor.__rmul__ = _roperator(_T.mul, _T.mul_scalar)
Tensor.__truediv__ = _operator(_T.div, _T.div_scalar, None)
Tensor.__rtruediv__ = _roperator(_T.div, _T.rdiv_scalar, None)
Tensor.__floordiv__ = _operator(_T.div, _T.div_scalar, 'floor')
Tensor.__rfloordiv__ = _roperator(_T.div, _T.rdiv_scalar, 'floor')
Tensor.__mod__ = _operator(_T.remainder, _T.remainder_scalar)
Tensor.__rmod__ = _roperator(_T.remainder, _T.rremainder_scalar)
Tensor.__pow__ = _operator(_T.pow, _T.pow_scalar)
Tensor.__rpow__ = _roperator(_T.pow, _T.rpow_scalar)
Tensor.__iadd__ = _ioperator(_T.add_, _T.add_scalar_, 1.0)
Tensor.__isub__ = _ioperator(_T.sub_, _T.sub_scalar_, 1.0)
Tensor.__imul__ = _ioperator(_T.mul_, _T.mul_scalar_)
Tensor.__itruediv__ = _ioperator(_T.div_, _T.div_scalar_, None)
Tensor.__ipow__ = _ioperator(_T.pow_, _T.pow_scalar_)
Tensor.__imod__ = _ioperator(_T.remainder_, _T.remainder_scalar_)
Tensor.__eq__ = _operator(_T.eq, _T.eq_scalar)
Tensor.__ne__ = _operator(_T.ne, _T.ne_scalar)
Tensor.__lt__ = _operator(_T.lt, _T.lt_scalar)
Tensor.__le__ = _operator(_T.le, _T.le_scalar)
Tensor.__gt__ = _operator(_T.gt, _T.gt_scalar)
Tensor.__ge__ = _operator(_T.ge, _T.ge_scalar)
Tensor.__hash__ = lambda self: id(self)


def _matmul_op(self, other):
    if not isinstance(other, _GiTensor):
        return NotImplemented
    return _call(_T.matmul, self, other)


Tensor.__matmul__ = _matmul_op
Tensor.__neg__ = lambda self: _call(_T.neg, self)
Tensor.__pos__ = lambda self: self
Tensor.__abs__ = lambda self: _call(_T.abs, self)


def _invert(self):
    if self.get_dtype() != _DT.BOOL:
        raise NotImplementedError('~ is only supported for bool tensors')
    return _call(_T.logical_not, self)


Tensor.__invert__ = _invert


def _method(name, c_tensor, c_scalar, *extra):
    def method(self, other):
        return _binary(self, other, c_tensor, c_scalar, *extra, func=name)
    method.__name__ = name
    method.__doc__ = 'torch.Tensor.%s: @other a tensor or a Python number.' % name
    return method


for _name in ('mul', 'remainder', 'pow', 'eq', 'ne', 'lt', 'le', 'gt', 'ge',
              'maximum', 'minimum', 'atan2'):
    setattr(Tensor, _name, _method(_name, getattr(_T, _name), getattr(_T, _name + '_scalar')))
Tensor.greater = Tensor.gt
Tensor.less = Tensor.lt
Tensor.greater_equal = Tensor.ge
Tensor.less_equal = Tensor.le
Tensor.not_equal = Tensor.ne
Tensor.multiply = Tensor.mul


def _tensor_add(self, other, alpha=1):
    """self + alpha * other."""
    return _binary(self, other, _T.add, _T.add_scalar, _pyfloat(alpha), func='add')


def _tensor_sub(self, other, alpha=1):
    """self - alpha * other."""
    return _binary(self, other, _T.sub, _T.sub_scalar, _pyfloat(alpha), func='sub')


def _tensor_div(self, other, rounding_mode=None):
    """self / other; rounding_mode None, 'trunc' or 'floor'."""
    return _binary(self, other, _T.div, _T.div_scalar, rounding_mode, func='div')


Tensor.add = _tensor_add
Tensor.sub = _tensor_sub
Tensor.subtract = _tensor_sub
Tensor.div = _tensor_div
Tensor.divide = _tensor_div
Tensor.true_divide = lambda self, other: _tensor_div(self, other)
Tensor.floor_divide = lambda self, other: _tensor_div(self, other, rounding_mode='floor')


def _clamp_args(self, min, max, suffix):
    if min is None and max is None:
        return _call(getattr(_T, 'clamp' + suffix), self, None, None)
    def is_int(v):
        return isinstance(v, numbers.Integral)
    if any(isinstance(v, _GiTensor) or is_int(v) for v in (min, max)):
        def as_t(v):
            if v is None or isinstance(v, _GiTensor):
                return v
            w = _wrapped_number(v)
            if w is not None:
                return w
            dt = self.get_dtype()
            return _call(Gt.full, [], _pyfloat(v),
                         dt if dt in _FLOAT_DTYPES else _DT.FLOAT32, None)
        return _call(getattr(_T, 'clamp' + suffix), self, as_t(min), as_t(max))
    if max is None:
        return _call(getattr(_T, 'clamp_min_scalar' + suffix), self, _pyfloat(min))
    if min is None:
        return _call(getattr(_T, 'clamp_max_scalar' + suffix), self, _pyfloat(max))
    return _call(getattr(_T, 'clamp_scalar' + suffix), self, _pyfloat(min), _pyfloat(max))


def _tensor_clamp(self, min=None, max=None):
    """Values limited to [min, max] (numbers or tensors)."""
    return _clamp_args(self, min, max, '')


Tensor.clamp = _tensor_clamp
Tensor.clip = _tensor_clamp


# -- in-place methods: torch's forms, returning self

def _inplace_binary(name, c_tensor_, c_scalar_, has_alpha=False, has_mode=False):
    if has_alpha:
        def method(self, other, alpha=1):
            _binary(self, other, c_tensor_, c_scalar_, _pyfloat(alpha), func=name)
            return self
    elif has_mode:
        def method(self, other, rounding_mode=None):
            _binary(self, other, c_tensor_, c_scalar_, rounding_mode, func=name)
            return self
    else:
        def method(self, other):
            _binary(self, other, c_tensor_, c_scalar_, func=name)
            return self
    method.__name__ = name
    method.__doc__ = 'torch.Tensor.%s: in place, returns self.' % name
    return method


Tensor.add_ = _inplace_binary('add_', _T.add_, _T.add_scalar_, has_alpha=True)
Tensor.sub_ = _inplace_binary('sub_', _T.sub_, _T.sub_scalar_, has_alpha=True)
Tensor.mul_ = _inplace_binary('mul_', _T.mul_, _T.mul_scalar_)
Tensor.div_ = _inplace_binary('div_', _T.div_, _T.div_scalar_, has_mode=True)
Tensor.pow_ = _inplace_binary('pow_', _T.pow_, _T.pow_scalar_)
Tensor.remainder_ = _inplace_binary('remainder_', _T.remainder_, _T.remainder_scalar_)
Tensor.subtract_ = Tensor.sub_
Tensor.multiply_ = Tensor.mul_
Tensor.divide_ = Tensor.div_


def _inplace_unary(name):
    c = getattr(_T, name)

    def method(self):
        _call(c, self)
        return self
    method.__name__ = name
    method.__doc__ = 'torch.Tensor.%s: in place, returns self.' % name
    return method


for _name in ('abs_', 'ceil_', 'cos_', 'exp_', 'expm1_', 'floor_', 'log1p_', 'log2_',
              'log_', 'logical_not_', 'neg_', 'reciprocal_', 'relu_', 'rsqrt_',
              'sigmoid_', 'sign_', 'sin_', 'sqrt_', 'square_', 'tanh_', 'trunc_'):
    setattr(Tensor, _name, _inplace_unary(_name))
Tensor.negative_ = Tensor.neg_


def _tensor_clamp_(self, min=None, max=None):
    """Clamps in place to [min, max]; returns self."""
    _clamp_args(self, min, max, '_')
    return self


Tensor.clamp_ = _tensor_clamp_
Tensor.clip_ = _tensor_clamp_


def _tensor_atan2_(self, other):
    _call(_T.atan2_, self, other)
    return self


Tensor.atan2_ = _tensor_atan2_


# -- reductions

def _dims_arg(dim):
    """The C dims array (None for all) from torch's int / tuple / list dim."""
    if dim is None:
        return None
    if isinstance(dim, (tuple, list)):
        return [operator.index(d) for d in dim] or None
    return [operator.index(dim)]


def _make_reduction(name, doc):
    c = getattr(_T, name)

    def method(self, dim=None, keepdim=False, *, dtype=None):
        t = self
        if dtype is not None:
            t = _call(t.to_dtype, _dtype_arg(dtype, name))
        return _call(c, t, _dims_arg(dim), _pybool(keepdim))
    method.__name__ = name
    method.__doc__ = doc
    return method


for _name in ('sum', 'mean', 'prod', 'amax', 'amin', 'all', 'any', 'logsumexp'):
    setattr(Tensor, _name, _make_reduction(
        _name, 'torch.Tensor.%s(dim=None, keepdim=False): dim an int or a tuple.' % _name))


def _make_var(name):
    c = getattr(_T, name)

    def method(self, dim=None, unbiased=True, keepdim=False, *, correction=None):
        if isinstance(dim, _pybool):
            dim, unbiased = None, dim
        if correction is None:
            correction = 1.0 if unbiased else 0.0
        return _call(c, self, _dims_arg(dim), _pyfloat(correction), _pybool(keepdim))
    method.__name__ = name
    method.__doc__ = ('torch.Tensor.%s(dim=None, unbiased=True, keepdim=False, *, '
                      'correction=None)' % name)
    return method


Tensor.std = _make_var('std')
Tensor.var = _make_var('var')


def _return_type(name):
    cls = collections.namedtuple(name, ['values', 'indices'])
    cls.__module__ = 'Gt.return_types'
    cls.__qualname__ = name
    cls.__repr__ = lambda self: 'Gt.return_types.%s(\nvalues=%r,\nindices=%r)' % (
        name, self.values, self.indices)
    return cls


return_types = types.SimpleNamespace(**{n: _return_type(n) for n in (
    'max', 'min', 'sort', 'topk', 'kthvalue', 'median', 'mode')})
__all__.append('return_types')


def _make_maxmin(name):
    c_all = getattr(_T, name)
    c_dim = getattr(_T, name + '_dim')
    c_other = getattr(_T, name + 'imum')
    rt = getattr(return_types, name)

    def method(self, dim=None, keepdim=False):
        if dim is None:
            return _call(c_all, self)
        if isinstance(dim, _GiTensor):
            return _call(c_other, self, dim)
        values, indices = _call(c_dim, self, operator.index(dim), _pybool(keepdim))
        return rt(values, indices)
    method.__name__ = name
    method.__doc__ = ('torch.Tensor.%s(): the whole tensor\'s %s; %s(dim, keepdim=False): '
                      'a (values, indices) named tuple; %s(other): element-wise.'
                      % (name, name, name, name))
    return method


Tensor.max = _make_maxmin('max')
Tensor.min = _make_maxmin('min')


def _make_arg(name):
    c_all = getattr(_T, name)
    c_dim = getattr(_T, name + '_dim')

    def method(self, dim=None, keepdim=False):
        if dim is None:
            return _call(c_all, self, _pybool(keepdim))
        return _call(c_dim, self, operator.index(dim), _pybool(keepdim))
    method.__name__ = name
    method.__doc__ = 'torch.Tensor.%s(dim=None, keepdim=False)' % name
    return method


Tensor.argmax = _make_arg('argmax')
Tensor.argmin = _make_arg('argmin')


def _tensor_sort(self, dim=-1, descending=False, stable=False):
    """(values, indices) sorted along @dim."""
    values, indices = _call(_T.sort, self, operator.index(dim), _pybool(descending),
                            _pybool(stable))
    return return_types.sort(values, indices)


def _tensor_argsort(self, dim=-1, descending=False, stable=False):
    """The indices that sort the tensor along @dim."""
    return _call(_T.argsort, self, operator.index(dim), _pybool(descending),
                 _pybool(stable))


def _tensor_topk(self, k, dim=-1, largest=True, sorted=True):
    """(values, indices) of the @k largest (or smallest) along @dim."""
    values, indices = _call(_T.topk, self, operator.index(k), operator.index(dim),
                            _pybool(largest), _pybool(sorted))
    return return_types.topk(values, indices)


def _tensor_cumsum(self, dim, *, dtype=None):
    """Cumulative sum along @dim."""
    t = self
    if dtype is not None:
        t = _call(t.to_dtype, _dtype_arg(dtype, 'cumsum'))
    return _call(_T.cumsum, t, operator.index(dim))


def _tensor_norm(self, p='fro', dim=None, keepdim=False, dtype=None):
    """The vector p-norm ('fro' is 2) over @dim (all dims for None)."""
    if isinstance(p, str):
        if p != 'fro':
            raise NotImplementedError('norm: p=%r is not supported' % p)
        p = 2.0
    if p is None:
        p = 2.0
    t = self
    if dtype is not None:
        t = _call(t.to_dtype, _dtype_arg(dtype, 'norm'))
    return _call(_T.norm, t, _pyfloat(p), _dims_arg(dim), _pybool(keepdim))


Tensor.sort = _tensor_sort
Tensor.argsort = _tensor_argsort
Tensor.topk = _tensor_topk
Tensor.cumsum = _tensor_cumsum
Tensor.norm = _tensor_norm


# -- shapes

def _shape_args(func, args):
    """A list of ints from torch's f(2, 3) / f((2, 3)) / f([2, 3]) forms."""
    if len(args) == 1 and isinstance(args[0], (tuple, list)):
        args = args[0]
    try:
        return [operator.index(a) for a in args]
    except TypeError:
        raise TypeError('%s(): argument must be a tuple of ints' % func) from None


def _tensor_reshape(self, *shape):
    """The tensor with a new shape (a view where possible); -1 is inferred."""
    return _call(_T.reshape, self, _shape_args('reshape', shape))


def _tensor_view(self, *shape):
    """A view with a new shape; -1 is inferred."""
    if len(shape) == 1 and isinstance(shape[0], (_DT, type)):
        raise NotImplementedError('view(dtype) is not supported')
    return _call(_T.view, self, _shape_args('view', shape))


def _tensor_permute(self, *dims):
    """A view with the dimensions reordered."""
    return _call(_T.permute, self, _shape_args('permute', dims))


def _tensor_flatten(self, start_dim=0, end_dim=-1):
    """Dimensions start_dim..end_dim merged into one."""
    return _call(_T.flatten, self, operator.index(start_dim), operator.index(end_dim))


def _tensor_squeeze(self, dim=None):
    """Size-1 dimensions removed (only @dim when given)."""
    if dim is None:
        return _call(_T.squeeze, self)
    return _call(_T.squeeze_dim, self, operator.index(dim))


def _tensor_expand(self, *sizes):
    """A broadcast view with the given sizes (-1 keeps a size)."""
    return _call(_T.expand, self, _shape_args('expand', sizes))


def _tensor_repeat(self, *sizes):
    """The tensor tiled @sizes times along each dimension."""
    return _call(_T.repeat, self, _shape_args('repeat', sizes))


def _tensor_flip(self, *dims):
    """The tensor reversed along @dims."""
    return _call(_T.flip, self, _shape_args('flip', dims))


def _tensor_chunk(self, chunks, dim=0):
    """A tuple of @chunks views along @dim."""
    return tuple(_call(_T.chunk, self, operator.index(chunks), operator.index(dim)))


def _tensor_split(self, split_size_or_sections, dim=0):
    """A tuple of views of @split_size_or_sections entries (an int or a list
    of sizes) along @dim."""
    if isinstance(split_size_or_sections, (list, tuple)):
        return tuple(_call(_T.split_sizes, self,
                           [operator.index(s) for s in split_size_or_sections],
                           operator.index(dim)))
    return tuple(_call(_T.split, self, operator.index(split_size_or_sections),
                       operator.index(dim)))


def _tensor_unbind(self, dim=0):
    """A tuple of the slices along @dim."""
    return tuple(_call(_T.unbind, self, operator.index(dim)))


def _tensor_T(self):
    if self.get_ndim() <= 2:
        return _call(_T.t, self)
    return _call(_T.permute, self, list(range(self.get_ndim() - 1, -1, -1)))


Tensor.reshape = _tensor_reshape
Tensor.view = _tensor_view
Tensor.permute = _tensor_permute
Tensor.flatten = _tensor_flatten
Tensor.squeeze = _tensor_squeeze
Tensor.expand = _tensor_expand
Tensor.repeat = _tensor_repeat
Tensor.flip = _tensor_flip
Tensor.chunk = _tensor_chunk
Tensor.split = _tensor_split
Tensor.unbind = _tensor_unbind
Tensor.T = property(_tensor_T, doc='The dimensions reversed (transpose for 2-d).')
Tensor.mT = property(lambda self: _call(_T.mt, self),
                     doc='The last two dimensions swapped.')
Tensor.view_as = lambda self, other: _tensor_view(self, list(other.get_shape()))
Tensor.reshape_as = lambda self, other: _tensor_reshape(self, list(other.get_shape()))
Tensor.expand_as = lambda self, other: _tensor_expand(self, list(other.get_shape()))


# -- indexing

def _index_tensor(value):
    if isinstance(value, _GiTensor):
        return value
    return tensor(value)


def _resolve_index(self, key):
    """Applies the basic part of an index (ints, slices, None, ...) as
    views and returns (view, entries): entries is None without advanced
    indices, else the index list for gt_tensor_index / index_put_."""
    if not isinstance(key, tuple):
        key = (key,)
    key = [_index_tensor(k) if isinstance(k, list) else k for k in key]
    consumed = 0
    for k in key:
        if k is None or k is Ellipsis or isinstance(k, _pybool):
            continue
        if isinstance(k, _GiTensor) and k.get_dtype() in (_DT.BOOL, _DT.UINT8):
            consumed += k.get_ndim()
        else:
            consumed += 1
    if sum(1 for k in key if k is Ellipsis) > 1:
        raise IndexError('an index can only have a single ellipsis (\'...\')')
    ndim = self.get_ndim()
    if consumed > ndim:
        raise IndexError('too many indices for tensor of dimension %d' % ndim)
    t = self
    dim = 0
    advanced = []
    for k in key:
        if k is Ellipsis:
            dim += ndim - consumed
        elif k is None:
            t = _call(_T.unsqueeze, t, dim)
            dim += 1
        elif isinstance(k, _pybool):
            advanced.append((dim, _wrapped_number(k), 0))
        elif isinstance(k, slice):
            step = 1 if k.step is None else operator.index(k.step)
            if step <= 0:
                raise ValueError('step must be greater than zero')
            start = 0 if k.start is None else operator.index(k.start)
            stop = _G_MAXINT64 if k.stop is None else operator.index(k.stop)
            t = _call(_T.slice, t, dim, start, stop, step)
            dim += 1
        elif isinstance(k, _GiTensor):
            dt = k.get_dtype()
            if dt in (_DT.BOOL, _DT.UINT8):
                advanced.append((dim, k, k.get_ndim()))
                dim += k.get_ndim()
            elif dt in _FLOAT_DTYPES:
                raise IndexError('tensors used as indices must be long, int, byte or '
                                 'bool tensors')
            elif k.get_ndim() == 0:
                t = _call(_T.select, t, dim, _pyint(k.item()))
            else:
                if dt != _DT.INT64:
                    k = _call(k.to_dtype, _DT.INT64)
                advanced.append((dim, k, 1))
                dim += 1
        else:
            try:
                i = operator.index(k)
            except TypeError:
                raise IndexError('only integers, slices (`:`), ellipsis (`...`), None '
                                 'and long or byte Variables are valid indices (got %s)'
                                 % type(k).__name__) from None
            t = _call(_T.select, t, dim, i)
    if not advanced:
        if t is self:
            t = _call(_T.slice, self, 0, 0, _G_MAXINT64, 1) if ndim else \
                _call(_T.view, self, [])
        return t, None
    entries = []
    pos = 0
    for d, k, span in advanced:
        while pos < d:
            entries.append(None)
            pos += 1
        entries.append(k)
        pos += span
    return t, entries


def _getitem(self, key):
    t, entries = _resolve_index(self, key)
    if entries is None:
        return t
    return _call(_T.index, t, entries)


def _setitem(self, key, value):
    """t[key] = value: basic indices write through a view (copy_ with
    broadcasting, fill_ for numbers); advanced ones go through index_put_."""
    t, entries = _resolve_index(self, key)
    if not isinstance(value, _GiTensor):
        if entries is None and not _is_sequence(value) and not _is_ndarray(value):
            _call(_GiTensor.fill_, t, _number(value, '__setitem__', 'value'))
            return
        value = tensor(value, dtype=self.dtype)
    if entries is None:
        _call(_GiTensor.copy_, t, value)
        return
    if value.get_dtype() != t.get_dtype():
        # torch's index_put_ refuses a source tensor of another dtype
        raise RuntimeError('Index put requires the source and destination dtypes match, '
                           'got %s for the destination and %s for the source.'
                           % (t.dtype, value.dtype))
    _call(_T.index_put_, t, entries, value, False)


Tensor.__getitem__ = _getitem
Tensor.__setitem__ = _setitem


def _iter(self):
    if self.get_ndim() == 0:
        raise TypeError('iteration over a 0-d tensor')
    return iter(_call(_T.unbind, self, 0))


Tensor.__iter__ = _iter


# -- module functions

@_export
def cat(tensors, dim=0, *, out=None):
    """The tensors joined along @dim (torch.cat)."""
    return _call(Gt.cat, list(tensors), operator.index(dim))


concat = cat
__all__.append('concat')


@_export
def stack(tensors, dim=0, *, out=None):
    """The tensors stacked along a new dimension @dim (torch.stack)."""
    return _call(Gt.stack, list(tensors), operator.index(dim))


@_export
def where(condition, input=None, other=None):
    """Entries of @input where @condition holds, else of @other; either may
    be a Python number (torch.where). With @condition alone, a tuple of the
    index tensors of its non-zero entries."""
    if input is None and other is None:
        nz = _call(_T.nonzero, condition)
        return tuple(_call(_T.select, nz, 1, i) for i in range(nz.get_shape()[1]))

    def as_tensor_arg(v):
        if isinstance(v, _GiTensor):
            return v
        w = _wrapped_number(v)
        if w is not None:
            return w
        if _is_float_number(v):
            return None
        raise TypeError("where(): argument 'input' must be Tensor or Number, not %s"
                        % type(v).__name__)
    x = as_tensor_arg(input)
    y = as_tensor_arg(other)
    if x is not None and y is not None:
        return _call(Gt.where, condition, x, y)
    if x is not None:
        return _call(Gt.where_scalar, condition, x, _pyfloat(other))
    if y is not None:
        return _call(Gt.where_scalar, _call(_T.logical_not, condition), y, _pyfloat(input))
    x = _call(Gt.full, [], _pyfloat(input), _DT.FLOAT32, None)
    return _call(Gt.where_scalar, condition, x, _pyfloat(other))


@_export
def matmul(input, other, *, out=None):
    """The matrix product with broadcasting (torch.matmul)."""
    return _call(_T.matmul, input, other)


@_export
def mm(input, mat2, *, out=None):
    """The product of two matrices (torch.mm)."""
    return _call(_T.mm, input, mat2)



# torch.X (input, ...) for the methods torch also has as functions.
_FUNCTION_FORMS = {}


def _function_form(name):
    def function(input, *args, **kwargs):
        if not isinstance(input, _GiTensor):
            raise TypeError("%s(): argument 'input' must be Tensor, not %s"
                            % (name, type(input).__name__))
        return getattr(input, name)(*args, **kwargs)
    function.__name__ = name
    function.__doc__ = 'torch.%s: the same as Tensor.%s.' % (name, name)
    return function


for _name in ('add', 'sub', 'subtract', 'mul', 'multiply', 'div', 'divide', 'true_divide',
              'floor_divide', 'pow', 'remainder', 'atan2', 'maximum', 'minimum', 'eq', 'ne',
              'lt', 'le', 'gt', 'ge', 'greater', 'less', 'greater_equal', 'less_equal',
              'not_equal', 'logical_and', 'logical_or', 'logical_xor', 'logical_not', 'exp',
              'log', 'log2', 'log1p', 'expm1', 'sqrt', 'rsqrt', 'abs', 'neg', 'negative', 'sign',
              'round', 'floor', 'ceil', 'trunc', 'clamp', 'clip', 'sin', 'cos', 'tanh',
              'sigmoid', 'relu', 'reciprocal', 'square', 'isnan', 'isinf', 'nan_to_num', 'sum',
              'mean', 'prod', 'std', 'var', 'amax', 'amin', 'max', 'min', 'argmax', 'argmin',
              'all', 'any', 'norm', 'logsumexp', 'cumsum', 'sort', 'argsort', 'topk', 'reshape',
              'flatten', 'squeeze', 'unsqueeze', 'transpose', 'permute', 't', 'narrow', 'select',
              'chunk', 'split', 'unbind', 'flip', 'gather', 'scatter', 'scatter_add',
              'index_select', 'masked_select', 'masked_fill', 'take', 'nonzero', 'mm', 'bmm',
              'mv', 'dot', 'outer', 'addmm', 'softmax', 'log_softmax', 'clone', 'detach',
              'broadcast_to', 'unflatten', 'movedim', 'swapaxes', 'swapdims', 'dropout'):
    # Kept out of the globals (served by __getattr__ below), so that this
    # module's own code still sees Python's sum, max, abs, all, ...
    if _name not in globals() and hasattr(Tensor, _name):
        _FUNCTION_FORMS[_name] = _function_form(_name)


# -- autograd ---------------------------------------------------------------
#
# Grad mode is per thread in the C library; these wrappers give torch's
# context managers and functions over gt_set_grad_enabled.

class _GradModeContext:
    """Base of no_grad/enable_grad/set_grad_enabled: a context manager that
    also works as a function decorator."""

    _mode = None

    def __enter__(self):
        self._prev = Gt.set_grad_enabled(self._mode)
        return self

    def __exit__(self, *exc):
        Gt.set_grad_enabled(self._prev)
        return False

    def __call__(self, func):
        import functools
        mode = self._mode

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            prev = Gt.set_grad_enabled(mode)
            try:
                return func(*args, **kwargs)
            finally:
                Gt.set_grad_enabled(prev)
        return wrapper


class no_grad(_GradModeContext):
    """Context manager (and decorator) in which no operation is recorded."""
    _mode = False


class enable_grad(_GradModeContext):
    """Context manager (and decorator) that turns recording back on."""
    _mode = True


class set_grad_enabled(_GradModeContext):
    """set_grad_enabled(mode): sets grad mode at once (like torch, it also
    works as a context manager that restores the previous mode)."""

    def __init__(self, mode):
        self._mode = _pybool(mode)
        self._prev = Gt.set_grad_enabled(self._mode)

    def __enter__(self):
        return self


def is_grad_enabled():
    """Whether operations are recorded for autograd in this thread."""
    return _pybool(Gt.is_grad_enabled())


for _name in ('no_grad', 'enable_grad', 'set_grad_enabled', 'is_grad_enabled'):
    __all__.append(_name)


def _as_tensor_list(func, value, name):
    if value is None:
        return None
    if isinstance(value, _GiTensor):
        return [value]
    try:
        items = list(value)
    except TypeError:
        raise TypeError('%s: %s must be a Tensor or a sequence of Tensors' % (func, name)) from None
    for item in items:
        if item is not None and not isinstance(item, _GiTensor):
            raise TypeError('%s: %s must contain Tensors, got %s'
                            % (func, name, type(item).__name__))
    return items


def _grad(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False,
          only_inputs=True, allow_unused=False, is_grads_batched=False):
    """torch.autograd.grad: the gradients of outputs with respect to inputs,
    as a tuple (None for an unused input when allow_unused)."""
    outs = _as_tensor_list('grad', outputs, 'outputs')
    ins = _as_tensor_list('grad', inputs, 'inputs')
    gouts = _as_tensor_list('grad', grad_outputs, 'grad_outputs')
    if gouts is not None and any(g is None for g in gouts):
        gouts = [g if g is not None else ones_like(o) for g, o in zip(gouts, outs)]
    if retain_graph is None:
        retain_graph = create_graph
    result = _call(Gt.autograd_grad, outs, ins, gouts, _pybool(retain_graph),
                   _pybool(create_graph), _pybool(allow_unused))
    return tuple(result)


def _backward(tensors, grad_tensors=None, retain_graph=None, create_graph=False):
    """torch.autograd.backward over several outputs."""
    outs = _as_tensor_list('backward', tensors, 'tensors')
    gouts = _as_tensor_list('backward', grad_tensors, 'grad_tensors') or [None] * len(outs)
    if retain_graph is None:
        retain_graph = create_graph
    for out, g in zip(outs, gouts):
        _call(_GiTensor.backward, out, g, _pybool(retain_graph), _pybool(create_graph))


autograd = types.SimpleNamespace(grad=_grad, backward=_backward, no_grad=no_grad,
                                 enable_grad=enable_grad,
                                 set_grad_enabled=set_grad_enabled)
__all__.append('autograd')


class _RemovableHandle:
    """What register_hook returns: remove() disconnects the hook."""

    def __init__(self, tensor, handler_id):
        self._tensor = tensor
        self._id = handler_id

    def remove(self):
        if self._tensor is not None:
            self._tensor.disconnect(self._id)
            self._tensor = None


def _tensor_backward(self, gradient=None, retain_graph=None, create_graph=False,
                     inputs=None):
    """Computes the gradient of this tensor with respect to graph leaves."""
    if inputs is not None:
        raise TypeError('backward: the inputs argument is not supported')
    if retain_graph is None:
        retain_graph = create_graph
    _call(_GiTensor.backward, self, gradient, _pybool(retain_graph), _pybool(create_graph))


def _tensor_detach(self):
    """A tensor sharing this one's data, outside the autograd graph."""
    return _GiTensor.detach(self)


def _tensor_detach_(self):
    """Takes this tensor out of the graph in place; returns it."""
    _call(_GiTensor.detach_, self)
    return self


def _tensor_retain_grad(self):
    """Keeps the gradient of this non-leaf tensor in .grad during backward."""
    _call(_GiTensor.retain_grad, self)


def _tensor_register_hook(self, hook):
    """Calls hook(grad) when this tensor's gradient is computed; a returned
    tensor replaces the gradient. Returns a handle with remove()."""
    if not self.requires_grad:
        raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")

    def on_gradient(tensor, grad):
        return hook(grad)
    return _RemovableHandle(self, self.connect('gradient', on_gradient))


class _GradFn:
    """A stand-in for torch's grad_fn objects: its name() and repr."""

    def __init__(self, name):
        self._name = name

    def name(self):
        return self._name

    def __repr__(self):
        return '<%s object>' % self._name


Tensor.backward = _tensor_backward
Tensor.detach = _tensor_detach
Tensor.detach_ = _tensor_detach_
Tensor.retain_grad = _tensor_retain_grad
Tensor.register_hook = _tensor_register_hook
Tensor.is_leaf = property(lambda self: _pybool(_GiTensor.is_leaf(self)),
                          doc='Whether this tensor is a leaf of the graph.')
Tensor.retains_grad = property(lambda self: _pybool(self.get_retains_grad()),
                               doc='Whether retain_grad() was called.')
Tensor.grad_fn = property(
    lambda self: _GradFn(self.get_grad_fn_name()) if self.get_grad_fn_name() else None,
    doc='The node that computed this tensor (None for leaves).')
Tensor._version = property(lambda self: self.get_version(),
                           doc="The storage's in-place version counter.")


def __getattr__(name):
    """The dtype aliases (Gt.float32, Gt.int, ...), kept out of this module's
    globals so that its own code still sees Python's float, int and bool."""
    try:
        return _DTYPE_ALIASES[name]
    except KeyError:
        pass
    try:
        return _FUNCTION_FORMS[name]
    except KeyError:
        raise AttributeError("module %r has no attribute %r" % (__name__, name)) from None


__all__.extend(_DTYPE_ALIASES)
__all__.extend(_FUNCTION_FORMS)


# The nn, optim and file parts live in sibling modules, one per area; each
# adds its names to this module (Gt.nn, Gt.optim, Gt.save, ...).
from . import _gt_nn, _gt_optim, _gt_serialize  # noqa: E402

for _ext in (_gt_nn, _gt_optim, _gt_serialize):
    _ext._install(sys.modules[__name__])
del _ext
