"""The nn part of gtensor's torch-style Python surface.

Gt.py calls _install(gt) at the end of its own set-up, passing itself (the
override module): whatever this module adds to gt becomes Gt.<name>.

What it adds
------------
* torch.nn.Module's methods on every ``Gt.Module`` (C layers included):
  ``module(x)``, ``parameters()``, ``named_parameters()``, ``buffers()``,
  ``children()``, ``modules()``, ``named_modules()``, ``state_dict()``
  (an OrderedDict), ``load_state_dict()``, ``train()``/``eval()``/
  ``training``, ``zero_grad()``, ``to()``/``cuda()``/``cpu()``/
  ``double()``/``float()``, ``apply()``, ``register_forward_hook()``/
  ``register_forward_pre_hook()``, attribute access to parameters,
  buffers and children (``model.fc.weight``) and registration by
  assignment (``self.fc = Gt.nn.Linear(...)``).
* ``Gt.nn.Module``: the base class for models written in Python. Subclasses
  define ``forward(self, x)`` as in torch; C containers (``Gt.nn.Sequential``)
  call it through the ``forward`` virtual method (``do_forward``).
* ``Gt.nn.Parameter``, ``Gt.nn.Sequential``, ``Gt.nn.ModuleList``,
  ``Gt.nn.Identity``, ``Gt.nn.Flatten``, the layer and loss classes listed
  in ``_CLASSES`` below, and ``Gt.nn.functional``.

Calling a module
----------------
``module(x)`` with one tensor goes through ``gt_module_forward``: the C
signals ``forward-pre``/``forward`` run (so hooks connected from C or with
``connect()`` see Python calls too), then ``forward``. With several
arguments or keyword arguments (Python modules only) ``forward`` is called
directly and only the hooks registered with ``register_forward_hook`` /
``register_forward_pre_hook`` run. An exception raised in a Python
``forward`` or hook reaches the caller unchanged, also through C
containers.

Adding a layer
--------------
A C layer class ``GtFoo`` whose constructor arguments are construct
properties gets its torch-style Python constructor from one entry in
``_CLASSES``: ``('Foo', 'Foo', ('arg1', 'arg2', ...))`` — torch's name, the
Gt class name, torch's positional argument names in order (each one a
property of the same name), and optionally a dict of converters
``{arg: function(value) -> {property: value, ...}}`` for arguments whose
Python form differs (``_reduction`` turns 'mean' into Gt.Reduction.MEAN,
``_pair_props`` splits an int-or-pair into two properties). Arguments not
given keep the property's default (torch's). ``device=`` and ``dtype=``
keywords move the new module.
"""

import collections
import itertools
import numbers
import sys
import threading
import types
import weakref

from gi.repository import GLib, GObject

from ..module import get_introspection_module

_Gi = get_introspection_module('Gt')
_GiModule = _Gi.Module
_GiLoss = _Gi.Loss
_GiTensor = _Gi.Tensor

# The C methods, saved before the torch-style ones replace their names.
_c = types.SimpleNamespace(
    forward=_GiModule.forward,
    parameters=_GiModule.parameters,
    named_parameters=_GiModule.named_parameters,
    buffers=_GiModule.buffers,
    named_buffers=_GiModule.named_buffers,
    children=_GiModule.children,
    named_children=_GiModule.named_children,
    named_modules=_GiModule.named_modules,
    register_parameter=_GiModule.register_parameter,
    register_buffer=_GiModule.register_buffer,
    register_module=_GiModule.register_module,
    remove=_GiModule.remove,
    get_parameter=_GiModule.get_parameter,
    get_buffer=_GiModule.get_buffer,
    get_module=_GiModule.get_module,
    has_parameter=_GiModule.has_parameter,
    has_buffer=_GiModule.has_buffer,
    has_module=_GiModule.has_module,
    train=_GiModule.train,
    get_training=_GiModule.get_training,
    set_training=_GiModule.set_training,
    zero_grad=_GiModule.zero_grad,
    to_device=_GiModule.to_device,
    to_dtype=_GiModule.to_dtype,
    state_dict=_GiModule.state_dict,
    state_dict_keys=_GiModule.state_dict_keys,
    load_state_dict=_GiModule.load_state_dict,
    loss_forward=_GiLoss.forward,
)

gt = None           # the Gt override module, set by _install

# GObject wrappers have their own tp_setattro; object.__setattr__ refuses them.
_gobject_setattr = GObject.Object.__setattr__
_gobject_delattr = GObject.Object.__delattr__


def _call(func, *args):
    return gt._call(func, *args)


# ---- exceptions raised inside Python code called from C ----------------------

_tls = threading.local()


def _stash(exc):
    """Keeps a Python exception raised under C; returns the GLib.Error
    message that carries it through the C caller."""
    msg = 'gt_module_forward: Python code raised %s: %s' % (
        type(exc).__name__, exc)
    _tls.pending = (msg, exc)
    return msg


def _take_stashed(message=None):
    pending = getattr(_tls, 'pending', None)
    if pending is None:
        return None
    if message is not None and pending[0] not in message:
        return None
    _tls.pending = None
    return pending[1]


def _raise_from_c(err):
    exc = _take_stashed(err.message)
    if exc is not None:
        raise exc.with_traceback(exc.__traceback__)
    raise gt._convert_error(err) from None


def _check_stashed():
    exc = _take_stashed()
    if exc is not None:
        raise exc.with_traceback(exc.__traceback__)


# ---- Parameter ---------------------------------------------------------------

class _ParameterMeta(type):
    def __instancecheck__(cls, obj):
        if not isinstance(obj, _GiTensor):
            return False
        return bool(obj.__dict__.get('_gt_is_parameter', False))


class Parameter(metaclass=_ParameterMeta):
    """torch.nn.Parameter: ``Parameter(tensor, requires_grad=True)`` returns a
    leaf tensor that shares ``tensor``'s memory, marked so that assigning it
    to a module attribute registers it as a parameter. Parameters created in
    C (a layer's weight) are marked when read through a module."""

    def __new__(cls, data=None, requires_grad=True):
        if data is None:
            data = gt.empty(0)
        if not isinstance(data, _GiTensor):
            raise TypeError('Parameter(): data must be a Tensor, not %s'
                            % type(data).__name__)
        p = data.detach()
        _call(_GiTensor.set_requires_grad, p, bool(requires_grad))
        return _mark(p)


def _mark(t):
    if t is not None and not t.__dict__.get('_gt_is_parameter'):
        t.__dict__['_gt_is_parameter'] = True
    return t


# ---- hooks -------------------------------------------------------------------

class RemovableHandle:
    """What register_forward_hook returns: ``remove()`` unregisters the hook
    (also usable as a context manager)."""

    _next_id = itertools.count()

    def __init__(self, hooks, module):
        self.id = next(RemovableHandle._next_id)
        self._hooks = weakref.ref(hooks)
        self._module = weakref.ref(module)

    def remove(self):
        hooks = self._hooks()
        if hooks is not None and self.id in hooks:
            del hooks[self.id]
            module = self._module()
            if module is not None:
                _update_hook_connection(module)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.remove()


class _HookDict(collections.OrderedDict):
    """A dict that weakref can point to."""


def _hook_state(module):
    # Stored in the wrapper's __dict__: PyGObject then keeps the wrapper alive
    # as long as the GObject, so the hooks survive round trips through C.
    state = module.__dict__.get('_gt_hooks')
    if state is None:
        state = {'pre': _HookDict(), 'fwd': _HookDict(),
                 'pre_id': None, 'fwd_id': None}
        module.__dict__['_gt_hooks'] = state
    return state


def _run_pre_hooks(module, hooks, args):
    for hook in list(hooks.values()):
        result = hook(module, args)
        if result is not None:
            args = result if isinstance(result, tuple) else (result,)
    return args


def _run_hooks(module, hooks, args, output):
    for hook in list(hooks.values()):
        result = hook(module, args, output)
        if result is not None:
            output = result
    return output


def _on_forward_pre(module, input):
    try:
        args = _run_pre_hooks(module, _hook_state(module)['pre'], (input,))
        if len(args) != 1 or args[0] is input:
            return None
        return args[0]
    except BaseException as exc:        # reported by the caller's __call__
        _stash(exc)
        return None


def _on_forward(module, input, output):
    try:
        result = _run_hooks(module, _hook_state(module)['fwd'], (input,), output)
        return None if result is output else result
    except BaseException as exc:
        _stash(exc)
        return None


def _update_hook_connection(module):
    """One signal handler per module and kind, connected while hooks exist,
    so a module without hooks pays nothing."""
    state = _hook_state(module)
    for kind, signal, handler in (('pre', 'forward-pre', _on_forward_pre),
                                  ('fwd', 'forward', _on_forward)):
        hid = state[kind + '_id']
        if state[kind] and hid is None:
            state[kind + '_id'] = GObject.Object.connect(module, signal, handler)
        elif not state[kind] and hid is not None:
            GObject.Object.disconnect(module, hid)
            state[kind + '_id'] = None


def _register_hook(module, kind, hook):
    state = _hook_state(module)
    handle = RemovableHandle(state[kind], module)
    state[kind][handle.id] = hook
    _update_hook_connection(module)
    return handle


# ---- torch.nn.Module's methods on Gt.Module -----------------------------------

def _module_call(self, *args, **kwargs):
    if len(args) == 1 and not kwargs and isinstance(args[0], _GiTensor):
        try:
            out = _c.forward(self, args[0])
        except GLib.Error as err:
            _raise_from_c(err)
        _check_stashed()
        return out
    # Several arguments: only a Python forward can take them.
    forward = getattr(type(self), 'forward', None)
    if forward is None or forward is _c.forward:
        raise TypeError('%s.forward() takes one tensor' % type(self).__name__)
    state = self.__dict__.get('_gt_hooks')
    if state and state['pre']:
        args = _run_pre_hooks(self, state['pre'], args)
    out = forward(self, *args, **kwargs)
    if state and state['fwd']:
        out = _run_hooks(self, state['fwd'], args, out)
    return out


def _parameters(self, recurse=True):
    for p in _c.parameters(self, recurse):
        yield _mark(p)


def _named_parameters(self, prefix='', recurse=True):
    tensors, names = _c.named_parameters(self, recurse)
    for name, p in zip(names, tensors):
        yield (prefix + ('.' if prefix else '') + name, _mark(p))


def _buffers(self, recurse=True):
    yield from _c.buffers(self, recurse)


def _named_buffers(self, prefix='', recurse=True):
    tensors, names = _c.named_buffers(self, recurse)
    for name, b in zip(names, tensors):
        yield (prefix + ('.' if prefix else '') + name, b)


def _children(self):
    yield from _c.children(self)


def _named_children(self):
    modules, names = _c.named_children(self)
    yield from zip(names, modules)


def _named_modules(self, memo=None, prefix='', remove_duplicate=True):
    modules, names = _c.named_modules(self)
    for name, m in zip(names, modules):
        if memo is not None:
            if m in memo:
                continue
            memo.add(m)
        if prefix:
            name = prefix + ('.' + name if name else '')
        yield (name, m)


def _modules(self):
    for _, m in _named_modules(self):
        yield m


def _display_name(self):
    return type(self).__name__


def _state_dict(self, *args, destination=None, prefix='', keep_vars=False):
    if args:            # torch's deprecated positional (destination, prefix, keep_vars)
        destination = args[0]
        if len(args) > 1:
            prefix = args[1]
        if len(args) > 2:
            keep_vars = args[2]
    if destination is None:
        destination = collections.OrderedDict()
    values = _c.state_dict(self)
    for key in _c.state_dict_keys(self):
        t = values[key]
        if keep_vars:
            t = _get_by_path(self, key)
        destination[prefix + key] = t
    return destination


def _get_by_path(self, key):
    *path, name = key.split('.')
    m = self
    for part in path:
        m = _c.get_module(m, part)
    t = _c.get_parameter(m, name)
    return _mark(t) if t is not None else _c.get_buffer(m, name)


_IncompatibleKeys = collections.namedtuple('IncompatibleKeys',
                                           ['missing_keys', 'unexpected_keys'])


def _load_state_dict(self, state_dict, strict=True):
    if not isinstance(state_dict, collections.abc.Mapping):
        raise TypeError('Expected state_dict to be dict-like, got %s.'
                        % type(state_dict))
    own = list(_c.state_dict_keys(self))
    own_set = set(own)
    missing = [k for k in own if k not in state_dict]
    unexpected = [k for k in state_dict if k not in own_set]
    tensors = {}
    for k, v in state_dict.items():
        if k not in own_set:
            continue
        if not isinstance(v, _GiTensor):
            raise TypeError('load_state_dict: value of %r is not a tensor' % k)
        tensors[k] = v
    try:
        _c.load_state_dict(self, tensors if not strict else dict(state_dict),
                           strict)
    except GLib.Error as err:
        new = gt._convert_error(err)
        # The C message names the GType ("__main__+Net"); torch names the class.
        new.message = err.message.replace(
            'state_dict for %s:' % type(self).__gtype__.name,
            'state_dict for %s:' % type(self).__name__)
        raise new from None
    return _IncompatibleKeys(missing, unexpected)


def _get_training(self):
    return _c.get_training(self)


def _set_training(self, value):
    _c.set_training(self, bool(value))


def _train(self, mode=True):
    if not isinstance(mode, bool):
        raise ValueError('training mode is expected to be boolean')
    _c.train(self, mode)
    return self


def _eval(self):
    return _train(self, False)


def _requires_grad_(self, requires_grad=True):
    for p in _parameters(self):
        p.requires_grad_(requires_grad)
    return self


def _zero_grad(self, set_to_none=True):
    _c.zero_grad(self, bool(set_to_none))


def _to(self, *args, **kwargs):
    dtype, dev, _ = gt._parse_to_args('to', args, kwargs)
    if dtype is not None:
        if dtype not in gt._FLOAT_DTYPES:
            raise TypeError('nn.Module.to only accepts floating point dtypes, '
                            'but got desired dtype=%s' % (dtype,))
        _call(_c.to_dtype, self, dtype)
    if dev is not None:
        _call(_c.to_device, self, dev)
    return self


def _cuda(self, device=None):
    if device is None:
        device = 'cuda'
    elif isinstance(device, numbers.Integral):
        device = 'cuda:%d' % device
    return _to(self, device)


def _cpu(self):
    return _to(self, 'cpu')


def _make_dtype_method(name):
    def method(self):
        return _to(self, getattr(gt, name))
    method.__name__ = name
    return method


def _apply(self, fn):
    for m in _children(self):
        _apply(m, fn)
    fn(self)
    return self


def _register_forward_hook(self, hook):
    return _register_hook(self, 'fwd', hook)


def _register_forward_pre_hook(self, hook):
    return _register_hook(self, 'pre', hook)


def _add_module(self, name, module):
    if module is not None and not isinstance(module, _GiModule):
        raise TypeError('%s is not a Module subclass' % type(module).__name__)
    _check_name(self, name, 'module')
    _c.register_module(self, name, module)


def _check_name(self, name, what):
    if not isinstance(name, str):
        raise TypeError('%s name should be a string. Got %s'
                        % (what, type(name).__name__))
    if '.' in name:
        raise KeyError('%s name can\'t contain "."' % what)
    if name == '':
        raise KeyError('%s name can\'t be empty string ""' % what)


def _register_parameter(self, name, param):
    _check_name(self, name, 'parameter')
    if param is not None and not isinstance(param, _GiTensor):
        raise TypeError("cannot assign '%s' object to parameter '%s' "
                        "(torch.nn.Parameter or None required)"
                        % (type(param).__name__, name))
    _c.register_parameter(self, name, _mark(param))
    self.__dict__.pop(name, None)


def _register_buffer(self, name, tensor, persistent=True):
    _check_name(self, name, 'buffer')
    if tensor is not None and not isinstance(tensor, _GiTensor):
        raise TypeError("cannot assign '%s' object to buffer '%s' "
                        "(torch Tensor or None required)"
                        % (type(tensor).__name__, name))
    _c.register_buffer(self, name, tensor, bool(persistent))
    self.__dict__.pop(name, None)


def _get_submodule(self, target):
    m = self
    if target == '':
        return m
    for part in target.split('.'):
        child = _c.get_module(m, part)
        if child is None:
            raise AttributeError('%s has no attribute `%s`'
                                 % (type(m).__name__, part))
        m = child
    return m


def _get_parameter(self, target):
    *path, name = target.split('.')
    m = _get_submodule(self, '.'.join(path))
    p = _c.get_parameter(m, name)
    if p is None:
        raise AttributeError('`%s` is not an nn.Parameter' % name)
    return _mark(p)


def _module_getattr(self, name):
    if name.startswith('__') or name.startswith('_gt_'):
        raise AttributeError(name)
    try:
        if _c.has_parameter(self, name):
            return _mark(_c.get_parameter(self, name))
        if _c.has_buffer(self, name):
            return _c.get_buffer(self, name)
        if _c.has_module(self, name):
            return _c.get_module(self, name)
    except (TypeError, RuntimeError):
        pass            # not initialised yet
    raise AttributeError("'%s' object has no attribute '%s'"
                         % (type(self).__name__, name))


def _module_setattr(self, name, value):
    cls_attr = getattr(type(self), name, None)
    if isinstance(cls_attr, property) or name.startswith('__'):
        _gobject_setattr(self, name, value)
        return
    try:
        is_param = _c.has_parameter(self, name)
        is_buffer = _c.has_buffer(self, name)
        is_module = _c.has_module(self, name)
    except (TypeError, RuntimeError):
        raise AttributeError('cannot assign parameters, buffers or modules '
                             'before Module.__init__() call') from None
    if isinstance(value, _GiModule):
        _c.register_module(self, name, value)
        self.__dict__.pop(name, None)
    elif isinstance(value, Parameter):
        _c.register_parameter(self, name, value)
        self.__dict__.pop(name, None)
    elif is_param:
        if value is not None:
            raise TypeError("cannot assign '%s' as parameter '%s' "
                            "(torch.nn.Parameter or None expected)"
                            % (type(value).__name__, name))
        _c.register_parameter(self, name, None)
    elif is_module:
        if value is not None:
            raise TypeError("cannot assign '%s' as child module '%s' "
                            "(torch.nn.Module or None expected)"
                            % (type(value).__name__, name))
        _c.register_module(self, name, None)
    elif is_buffer:
        if value is not None and not isinstance(value, _GiTensor):
            raise TypeError("cannot assign '%s' as buffer '%s' "
                            "(torch.Tensor or None expected)"
                            % (type(value).__name__, name))
        persistent = name in _c.state_dict_keys(self) or \
            _c.get_buffer(self, name) is None
        _c.register_buffer(self, name, value, persistent)
    else:
        _gobject_setattr(self, name, value)


def _module_delattr(self, name):
    if name in self.__dict__:
        _gobject_delattr(self, name)
    elif not _c.remove(self, name):
        _gobject_delattr(self, name)


def _module_repr(self):
    lines = []
    extra = self.extra_repr()
    if extra:
        lines = extra.split('\n')
    for name, child in _named_children(self):
        child_lines = repr(child).split('\n')
        child_repr = '\n  '.join(child_lines)
        lines.append('(%s): %s' % (name, child_repr))
    main = _display_name(self) + '('
    if lines:
        if len(lines) == 1 and not list(_c.children(self)):
            main += lines[0]
        else:
            main += '\n  ' + '\n  '.join(lines) + '\n'
    return main + ')'


def _extra_repr(self):
    spec = _CLASS_SPECS.get(type(self).__gtype__.name)
    if spec is None:
        return ''
    parts = []
    for arg in spec[0]:
        try:
            parts.append('%s=%r' % (arg, self.get_property(arg)))
        except TypeError:
            pass
    return ', '.join(parts)


_MODULE_METHODS = {
    '__call__': _module_call,
    '__getattr__': _module_getattr,
    '__setattr__': _module_setattr,
    '__delattr__': _module_delattr,
    '__repr__': _module_repr,
    'extra_repr': _extra_repr,
    'parameters': _parameters,
    'named_parameters': _named_parameters,
    'buffers': _buffers,
    'named_buffers': _named_buffers,
    'children': _children,
    'named_children': _named_children,
    'modules': _modules,
    'named_modules': _named_modules,
    'state_dict': _state_dict,
    'load_state_dict': _load_state_dict,
    'train': _train,
    'eval': _eval,
    'training': property(_get_training, _set_training),
    'requires_grad_': _requires_grad_,
    'zero_grad': _zero_grad,
    'to': _to,
    'cuda': _cuda,
    'cpu': _cpu,
    'double': _make_dtype_method('float64'),
    'float': _make_dtype_method('float32'),
    'half': _make_dtype_method('float16'),
    'apply': _apply,
    'register_forward_hook': _register_forward_hook,
    'register_forward_pre_hook': _register_forward_pre_hook,
    'add_module': _add_module,
    'register_module': _add_module,
    'register_parameter': _register_parameter,
    'register_buffer': _register_buffer,
    'get_submodule': _get_submodule,
    'get_parameter': _get_parameter,
}


class Module(_GiModule):
    """torch.nn.Module for models written in Python: subclass it, call
    ``super().__init__()``, assign parameters (``Gt.nn.Parameter``), modules
    and buffers (``register_buffer``) as attributes, and define
    ``forward(self, x)``."""

    __gtype_name__ = 'GtPyModule'

    def __init__(self, *args, **kwargs):
        if args or kwargs:
            raise TypeError('Module.__init__() takes no arguments')
        _GiModule.__init__(self)

    def forward(self, *input):
        raise NotImplementedError('Module [%s] is missing the required '
                                  '"forward" function' % type(self).__name__)

    def do_forward(self, input):
        # Called by gt_module_forward (a Python __call__ or a C container).
        try:
            out = self.forward(input)
            if not isinstance(out, _GiTensor):
                raise TypeError('%s.forward returned %s; modules called with '
                                'one tensor must return a tensor'
                                % (type(self).__name__, type(out).__name__))
            return out
        except GLib.Error as err:
            if err.domain == 'gt-error-quark':
                raise
            raise GLib.Error(_stash(err), 'gt-error-quark',
                             int(_Gi.Error.VALUE)) from None
        except BaseException as exc:
            raise GLib.Error(_stash(exc), 'gt-error-quark',
                             int(_Gi.Error.VALUE)) from None


# ---- containers ----------------------------------------------------------------

def _sequential_init(self, *args):
    _GiModule.__init__(self)
    if len(args) == 1 and isinstance(args[0], collections.OrderedDict):
        for key, module in args[0].items():
            _add_module(self, key, module)
    else:
        for module in args:
            if not isinstance(module, _GiModule):
                raise TypeError('%s is not a Module subclass'
                                % type(module).__name__)
            _Gi.Sequential.append(self, module)


def _list_len(self):
    return len(_c.children(self))


def _list_iter(self):
    return iter(_c.children(self))


def _list_getitem(self, idx):
    children = _c.children(self)
    if isinstance(idx, slice):
        return type(self)(*children[idx]) if type(self) is not _Gi.ModuleList \
            else ModuleList(children[idx])
    try:
        idx = idx.__index__()
    except AttributeError:
        raise TypeError('indices must be integers or slices, not %s'
                        % type(idx).__name__) from None
    if not -len(children) <= idx < len(children):
        raise IndexError('index %d is out of range' % idx)
    return children[idx]


def _sequential_append(self, module):
    _Gi.Sequential.append(self, module)
    return self


def _module_list_init(self, modules=None):
    _GiModule.__init__(self)
    if modules is not None:
        _module_list_extend(self, modules)


def _module_list_append(self, module):
    _Gi.ModuleList.append(self, module)
    return self


def _module_list_extend(self, modules):
    for m in modules:
        _module_list_append(self, m)
    return self


_c_sequential_append = _Gi.Sequential.append
_c_module_list_append = _Gi.ModuleList.append


def _install_containers():
    seq = _Gi.Sequential
    seq.__init__ = _sequential_init
    seq.__len__ = _list_len
    seq.__iter__ = _list_iter
    seq.__getitem__ = _list_getitem
    seq.append = lambda self, module: (_c_sequential_append(self, module), self)[1]
    ml = _Gi.ModuleList
    ml.__init__ = _module_list_init
    ml.__len__ = _list_len
    ml.__iter__ = _list_iter
    ml.__getitem__ = _list_getitem
    ml.append = lambda self, module: (_c_module_list_append(self, module), self)[1]
    ml.extend = _module_list_extend
    ml.__call__ = lambda self, *a, **k: (_ for _ in ()).throw(
        NotImplementedError('ModuleList is not callable; iterate over it'))
    ident = _Gi.Identity
    ident.__init__ = lambda self, *args, **kwargs: _GiModule.__init__(self)


ModuleList = None   # set by _install_containers' caller


# ---- the C layers and losses: torch-style constructors -------------------------

def _reduction_value(value):
    names = {'mean': _Gi.Reduction.MEAN, 'sum': _Gi.Reduction.SUM,
             'none': _Gi.Reduction.NONE}
    if isinstance(value, _Gi.Reduction):
        return value
    if value not in names:
        raise ValueError('%s is not a valid value for reduction' % value)
    return names[value]


def _reduction(value):
    return {'reduction': _reduction_value(value)}


def _pair_props(first, second):
    """A converter splitting an int or a pair into two properties."""
    def convert(value):
        if isinstance(value, numbers.Integral):
            return {first: int(value), second: int(value)}
        a, b = value
        return {first: int(a), second: int(b)}
    return convert


def _tensor_or_none(name):
    def convert(value):
        return {name: value} if value is not None else {}
    return convert


def _pair_or_none(first, second):
    """_pair_props where None (torch's default stride) keeps the defaults."""
    pair = _pair_props(first, second)
    return lambda value: {} if value is None else pair(value)


def _conv_padding(value):
    if isinstance(value, str):
        return {'padding_string': value}
    return _pair_props('padding_height', 'padding_width')(value)


def _output_size(value):
    if value is None or isinstance(value, numbers.Integral):
        value = (value, value)
    return {'output_height': -1 if value[0] is None else int(value[0]),
            'output_width': -1 if value[1] is None else int(value[1])}


def _momentum(value):
    return {'cumulative_average': True} if value is None else {'momentum': value}


def _normalized_shape(value):
    if isinstance(value, numbers.Integral):
        value = (value,)
    return {'normalized_shape': GLib.Variant('ax', [int(v) for v in value])}


_POOL = {'kernel_size': _pair_props('kernel_height', 'kernel_width'),
         'stride': _pair_or_none('stride_height', 'stride_width'),
         'padding': _pair_props('padding_height', 'padding_width'),
         'dilation': _pair_props('dilation_height', 'dilation_width')}
_CONV = dict(_POOL, padding=_conv_padding,
             stride=_pair_props('stride_height', 'stride_width'))
_BN = ('num_features', 'eps', 'momentum', 'affine', 'track_running_stats')


# (torch name, Gt class name, torch's positional argument names, converters).
# One line per class; names whose Gt class does not exist (yet) are skipped.
_CLASSES = [
    ('Identity', 'Identity', (), None),
    ('Flatten', 'Flatten', ('start_dim', 'end_dim'), None),
    ('Linear', 'Linear', ('in_features', 'out_features', 'bias'), None),
    ('ReLU', 'ReLU', ('inplace',), None),
    ('MSELoss', 'MSELoss', ('size_average', 'reduce', 'reduction'),
     {'reduction': _reduction}),
    ('L1Loss', 'L1Loss', ('size_average', 'reduce', 'reduction'),
     {'reduction': _reduction}),
    ('CrossEntropyLoss', 'CrossEntropyLoss',
     ('weight', 'size_average', 'ignore_index', 'reduce', 'reduction',
      'label_smoothing'),
     {'reduction': _reduction, 'weight': _tensor_or_none('weight')}),
    # the layers helper's classes (gtensor/nn/gt-<name>.c)
    ('Conv2d', 'Conv2d', ('in_channels', 'out_channels', 'kernel_size', 'stride',
                          'padding', 'dilation', 'groups', 'bias',
                          'padding_mode'), _CONV),
    ('MaxPool2d', 'MaxPool2d', ('kernel_size', 'stride', 'padding', 'dilation',
                                'return_indices', 'ceil_mode'), _POOL),
    ('AvgPool2d', 'AvgPool2d', ('kernel_size', 'stride', 'padding', 'ceil_mode',
                                'count_include_pad', 'divisor_override'), _POOL),
    ('AdaptiveAvgPool2d', 'AdaptiveAvgPool2d', ('output_size',),
     {'output_size': _output_size}),
    ('Sigmoid', 'Sigmoid', (), None),
    ('Tanh', 'Tanh', (), None),
    ('LeakyReLU', 'LeakyReLU', ('negative_slope', 'inplace'), None),
    ('GELU', 'GELU', ('approximate',), None),
    ('Softmax', 'Softmax', ('dim',), None),
    ('LogSoftmax', 'LogSoftmax', ('dim',), None),
    ('BatchNorm1d', 'BatchNorm1d', _BN, {'momentum': _momentum}),
    ('BatchNorm2d', 'BatchNorm2d', _BN, {'momentum': _momentum}),
    ('LayerNorm', 'LayerNorm', ('normalized_shape', 'eps', 'elementwise_affine'),
     {'normalized_shape': _normalized_shape}),
    ('Dropout', 'Dropout', ('p', 'inplace'), None),
    ('Embedding', 'Embedding', ('num_embeddings', 'embedding_dim', 'padding_idx',
                                'max_norm', 'norm_type'), None),
    ('BCELoss', 'BCELoss', ('weight', 'size_average', 'reduce', 'reduction'),
     {'reduction': _reduction, 'weight': _tensor_or_none('weight')}),
    ('BCEWithLogitsLoss', 'BCEWithLogitsLoss',
     ('weight', 'size_average', 'reduce', 'reduction', 'pos_weight'),
     {'reduction': _reduction, 'weight': _tensor_or_none('weight'),
      'pos_weight': _tensor_or_none('pos_weight')}),
    ('NLLLoss', 'NLLLoss',
     ('weight', 'size_average', 'ignore_index', 'reduce', 'reduction'),
     {'reduction': _reduction, 'weight': _tensor_or_none('weight')}),
    ('SmoothL1Loss', 'SmoothL1Loss', ('size_average', 'reduce', 'reduction', 'beta'),
     {'reduction': _reduction}),
    ('HuberLoss', 'HuberLoss', ('reduction', 'delta'), {'reduction': _reduction}),
]

_CLASS_SPECS = {}   # GType name -> (argument names, converters)


def _legacy_reduction(props):
    """torch's size_average / reduce arguments, folded into reduction."""
    size_average = props.pop('size_average', None)
    reduce = props.pop('reduce', None)
    if size_average is None and reduce is None:
        return
    size_average = True if size_average is None else size_average
    reduce = True if reduce is None else reduce
    if not reduce:
        props['reduction'] = 'none'
    else:
        props['reduction'] = 'mean' if size_average else 'sum'


def _make_init(torch_name, cls, arg_names, converters):
    converters = converters or {}

    def __init__(self, *args, device=None, dtype=None, **kwargs):
        if len(args) > len(arg_names):
            raise TypeError('%s() takes %d positional arguments but %d were given'
                            % (torch_name, len(arg_names), len(args)))
        given = dict(zip(arg_names, args))
        for key, value in kwargs.items():
            if key not in arg_names:
                raise TypeError("%s() got an unexpected keyword argument '%s'"
                                % (torch_name, key))
            if key in given:
                raise TypeError("%s() got multiple values for argument '%s'"
                                % (torch_name, key))
            given[key] = value
        if 'size_average' in arg_names:
            _legacy_reduction(given)
        props = {}
        for key, value in given.items():
            conv = converters.get(key)
            if conv is not None:
                props.update(conv(value))
            elif value is not None:
                props[key] = value
        GObject.Object.__init__(self, **props)
        if device is not None or dtype is not None:
            kw = {}
            if device is not None:
                kw['device'] = device
            if dtype is not None:
                kw['dtype'] = dtype
            _to(self, **kw)
    __init__.__qualname__ = torch_name + '.__init__'
    return __init__


def _loss_call(self, input, target):
    try:
        out = _c.loss_forward(self, input, target)
    except GLib.Error as err:
        _raise_from_c(err)
    _check_stashed()
    return out


_REDUCTION_NAMES = None


def _loss_get_reduction(self):
    return {int(_Gi.Reduction.MEAN): 'mean', int(_Gi.Reduction.SUM): 'sum',
            int(_Gi.Reduction.NONE): 'none'}[int(_GiLoss.get_reduction(self))]


def _loss_set_reduction(self, value):
    _GiLoss.set_reduction(self, _reduction_value(value))


class Loss(_GiLoss):
    """Base class for losses written in Python: define
    ``forward(self, input, target)``; ``reduction`` is a string as in torch."""

    __gtype_name__ = 'GtPyLoss'

    def __init__(self, size_average=None, reduce=None, reduction='mean'):
        props = {'size_average': size_average, 'reduce': reduce,
                 'reduction': reduction}
        _legacy_reduction(props)
        _GiLoss.__init__(self, reduction=_reduction_value(props['reduction']))

    def forward(self, input, target):
        raise NotImplementedError('Loss [%s] is missing the required "forward" '
                                  'function' % type(self).__name__)

    def do_forward(self, input, target):
        try:
            out = self.forward(input, target)
            if not isinstance(out, _GiTensor):
                raise TypeError('%s.forward returned %s, not a tensor'
                                % (type(self).__name__, type(out).__name__))
            return out
        except GLib.Error as err:
            if err.domain == 'gt-error-quark':
                raise
            raise GLib.Error(_stash(err), 'gt-error-quark',
                             int(_Gi.Error.VALUE)) from None
        except BaseException as exc:
            raise GLib.Error(_stash(exc), 'gt-error-quark',
                             int(_Gi.Error.VALUE)) from None


# ---- functional ----------------------------------------------------------------

def _int_list(value, n, name, func):
    if isinstance(value, numbers.Integral):
        return [int(value)] * n
    try:
        values = [int(v) for v in value]
    except TypeError:
        raise TypeError('%s(): argument \'%s\' must be tuple of ints, not %s'
                        % (func, name, type(value).__name__)) from None
    if len(values) == 1:
        values = values * n
    if len(values) != n:
        raise ValueError('%s(): %s must be an int or a tuple of %d ints, got %r'
                         % (func, name, n, value))
    return values


def _reduction_arg(func, reduction, size_average=None, reduce=None):
    if size_average is not None or reduce is not None:
        props = {'size_average': size_average, 'reduce': reduce}
        _legacy_reduction(props)
        reduction = props['reduction']
    return _reduction_value(reduction)


def _make_functional():
    F = types.ModuleType('gi.repository.Gt.nn.functional')
    F.__doc__ = ('torch.nn.functional over gtensor\'s functional ops, with '
                 'torch\'s signatures and defaults.')

    def export(fn):
        setattr(F, fn.__name__, fn)
        return fn

    @export
    def relu(input, inplace=False):
        if inplace:
            _call(_GiTensor.relu_, input)
            return input
        return _call(_GiTensor.relu, input)

    @export
    def sigmoid(input):
        return _call(_GiTensor.sigmoid, input)

    @export
    def tanh(input):
        return _call(_GiTensor.tanh, input)

    @export
    def gelu(input, approximate='none'):
        if approximate not in ('none', 'tanh'):
            raise RuntimeError("approximate argument must be either none or tanh.")
        return _call(_GiTensor.gelu, input, approximate)

    @export
    def leaky_relu(input, negative_slope=0.01, inplace=False):
        if inplace:
            _call(_GiTensor.leaky_relu_, input, float(negative_slope))
            return input
        return _call(_GiTensor.leaky_relu, input, float(negative_slope))

    def _softmax_input(func, input, dim, dtype):
        if dim is None:
            raise TypeError('%s(): dim must be given (torch\'s implicit dim is '
                            'deprecated and not supported)' % func)
        if dtype is not None:
            input = input.to(dtype)
        return input, int(dim)

    @export
    def softmax(input, dim=None, _stacklevel=3, dtype=None):
        input, dim = _softmax_input('softmax', input, dim, dtype)
        return _call(_GiTensor.softmax, input, dim)

    @export
    def log_softmax(input, dim=None, _stacklevel=3, dtype=None):
        input, dim = _softmax_input('log_softmax', input, dim, dtype)
        return _call(_GiTensor.log_softmax, input, dim)

    @export
    def dropout(input, p=0.5, training=True, inplace=False):
        if p < 0.0 or p > 1.0:
            raise ValueError('dropout probability has to be between 0 and 1, '
                             'but got %s' % p)
        if inplace:
            _call(_GiTensor.dropout_, input, float(p), bool(training))
            return input
        return _call(_GiTensor.dropout, input, float(p), bool(training))

    @export
    def linear(input, weight, bias=None):
        return _call(_GiTensor.linear, input, weight, bias)

    @export
    def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1,
               groups=1):
        stride = _int_list(stride, 2, 'stride', 'conv2d')
        dilation = _int_list(dilation, 2, 'dilation', 'conv2d')
        if isinstance(padding, str):
            if padding not in ('same', 'valid'):
                raise ValueError("Invalid padding string '%s', should be one "
                                 "of {'valid', 'same'}" % padding)
            return _call(_GiTensor.conv2d_padding_mode, input, weight, bias,
                         stride, padding, dilation, int(groups))
        padding = _int_list(padding, 2, 'padding', 'conv2d')
        return _call(_GiTensor.conv2d, input, weight, bias, stride, padding,
                     dilation, int(groups))

    @export
    def max_pool2d(input, kernel_size, stride=None, padding=0, dilation=1,
                   ceil_mode=False, return_indices=False):
        kernel = _int_list(kernel_size, 2, 'kernel_size', 'max_pool2d')
        stride = kernel if stride is None or (not isinstance(stride, numbers.Integral)
                                              and len(stride) == 0) \
            else _int_list(stride, 2, 'stride', 'max_pool2d')
        padding = _int_list(padding, 2, 'padding', 'max_pool2d')
        dilation = _int_list(dilation, 2, 'dilation', 'max_pool2d')
        out, indices = _call(_GiTensor.max_pool2d, input, kernel, stride,
                             padding, dilation, bool(ceil_mode))
        return (out, indices) if return_indices else out

    @export
    def avg_pool2d(input, kernel_size, stride=None, padding=0, ceil_mode=False,
                   count_include_pad=True, divisor_override=None):
        kernel = _int_list(kernel_size, 2, 'kernel_size', 'avg_pool2d')
        stride = kernel if stride is None or (not isinstance(stride, numbers.Integral)
                                              and len(stride) == 0) \
            else _int_list(stride, 2, 'stride', 'avg_pool2d')
        padding = _int_list(padding, 2, 'padding', 'avg_pool2d')
        if divisor_override is not None and divisor_override == 0:
            raise RuntimeError('divisor must be not zero')
        return _call(_GiTensor.avg_pool2d, input, kernel, stride, padding,
                     bool(ceil_mode), bool(count_include_pad),
                     int(divisor_override or 0))

    @export
    def adaptive_avg_pool2d(input, output_size):
        if isinstance(output_size, numbers.Integral):
            size = [int(output_size)] * 2
        else:
            size = list(output_size)
            if len(size) == 1:
                size = size * 2
            shape = input.shape
            size = [int(shape[-2 + i]) if s is None else int(s)
                    for i, s in enumerate(size)]
        return _call(_GiTensor.adaptive_avg_pool2d, input, size)

    @export
    def batch_norm(input, running_mean, running_var, weight=None, bias=None,
                   training=False, momentum=0.1, eps=1e-05):
        return _call(_GiTensor.batch_norm, input, running_mean, running_var,
                     weight, bias, bool(training), float(momentum), float(eps))

    @export
    def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-05):
        if isinstance(normalized_shape, numbers.Integral):
            normalized_shape = [int(normalized_shape)]
        return _call(_GiTensor.layer_norm, input, [int(s) for s in normalized_shape],
                     weight, bias, float(eps))

    @export
    def embedding(input, weight, padding_idx=None, max_norm=None, norm_type=2.0,
                  scale_grad_by_freq=False, sparse=False):
        if padding_idx is not None:
            n = weight.shape[0]
            if padding_idx > 0:
                if padding_idx >= n:
                    raise AssertionError('Padding_idx must be within num_embeddings')
            elif padding_idx < 0:
                if padding_idx < -n:
                    raise AssertionError('Padding_idx must be within num_embeddings')
                padding_idx = n + padding_idx
        else:
            padding_idx = -1
        if scale_grad_by_freq or sparse:
            raise NotImplementedError('embedding: scale_grad_by_freq and sparse '
                                      'are not supported')
        return _call(_Gi.embedding, input, weight, int(padding_idx),
                     float(max_norm) if max_norm is not None else 0.0,
                     float(norm_type))

    @export
    def mse_loss(input, target, size_average=None, reduce=None, reduction='mean'):
        r = _reduction_arg('mse_loss', reduction, size_average, reduce)
        return _call(_Gi.mse_loss, input, target, r)

    @export
    def l1_loss(input, target, size_average=None, reduce=None, reduction='mean'):
        r = _reduction_arg('l1_loss', reduction, size_average, reduce)
        return _call(_Gi.l1_loss, input, target, r)

    @export
    def smooth_l1_loss(input, target, size_average=None, reduce=None,
                       reduction='mean', beta=1.0):
        r = _reduction_arg('smooth_l1_loss', reduction, size_average, reduce)
        return _call(_Gi.smooth_l1_loss, input, target, r, float(beta))

    @export
    def huber_loss(input, target, reduction='mean', delta=1.0):
        r = _reduction_arg('huber_loss', reduction)
        return _call(_Gi.huber_loss, input, target, r, float(delta))

    @export
    def binary_cross_entropy(input, target, weight=None, size_average=None,
                             reduce=None, reduction='mean'):
        r = _reduction_arg('binary_cross_entropy', reduction, size_average, reduce)
        return _call(_Gi.binary_cross_entropy, input, target, weight, r)

    @export
    def binary_cross_entropy_with_logits(input, target, weight=None,
                                         size_average=None, reduce=None,
                                         reduction='mean', pos_weight=None):
        r = _reduction_arg('binary_cross_entropy_with_logits', reduction,
                           size_average, reduce)
        return _call(_Gi.binary_cross_entropy_with_logits, input, target,
                     weight, pos_weight, r)

    @export
    def nll_loss(input, target, weight=None, size_average=None, ignore_index=-100,
                 reduce=None, reduction='mean'):
        r = _reduction_arg('nll_loss', reduction, size_average, reduce)
        return _call(_Gi.nll_loss, input, target, weight, int(ignore_index), r)

    @export
    def cross_entropy(input, target, weight=None, size_average=None,
                      ignore_index=-100, reduce=None, reduction='mean',
                      label_smoothing=0.0):
        r = _reduction_arg('cross_entropy', reduction, size_average, reduce)
        return _call(_Gi.cross_entropy, input, target, weight, int(ignore_index),
                     r, float(label_smoothing))

    return F


# ---- installation ----------------------------------------------------------------

def _install(gtmod):
    global gt, ModuleList
    gt = gtmod

    for name, value in _MODULE_METHODS.items():
        setattr(_GiModule, name, value)
    _GiLoss.__call__ = _loss_call
    _GiLoss.reduction = property(_loss_get_reduction, _loss_set_reduction)
    _install_containers()
    ModuleList = _Gi.ModuleList

    nn = types.ModuleType('gi.repository.Gt.nn')
    nn.__doc__ = 'torch.nn over gtensor\'s modules (see _gt_nn.py).'
    nn.Module = Module
    nn.Parameter = Parameter
    nn.Sequential = _Gi.Sequential
    nn.ModuleList = _Gi.ModuleList
    nn.Loss = Loss
    nn.RemovableHandle = RemovableHandle
    for torch_name, gt_name, arg_names, converters in _CLASSES:
        cls = getattr(_Gi, gt_name, None)
        if cls is None:
            continue
        _CLASS_SPECS[cls.__gtype__.name] = (arg_names, converters)
        if torch_name != 'Identity':
            cls.__init__ = _make_init(torch_name, cls, arg_names, converters)
        setattr(nn, torch_name, cls)
    nn.functional = _make_functional()
    gt.nn = nn
    gt.__all__.append('nn')
