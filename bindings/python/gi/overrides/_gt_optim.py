"""The optim part of gtensor's torch-style Python surface.

Gt.py calls _install(gt) at the end of its own set-up, passing itself (the
override module): whatever this module adds to gt becomes Gt.<name>.

What it adds
------------
* ``Gt.optim.SGD``, ``Adam``, ``AdamW``, ``RMSprop`` with torch 1.13's
  signatures and defaults: ``Gt.optim.Adam(model.parameters(), lr=1e-3,
  betas=(0.9, 0.999), eps=1e-8, weight_decay=0, amsgrad=False, *,
  maximize=False)``. ``params`` is an iterable of tensors or a list of
  dicts (parameter groups) whose other keys override the defaults.
  ``param_groups`` is a list of dict-like groups (``g['lr'] = 0.01`` works,
  ``g['betas']`` is a tuple, flags are bools), ``step(closure=None)``,
  ``zero_grad(set_to_none=False)``, ``add_param_group``, ``state``,
  ``state_dict()`` (torch's nested form: ``{'state': {0: {...}},
  'param_groups': [{..., 'params': [0, 1]}]}``) and ``load_state_dict``
  (that form, or the flat map of ``Gt.Optimizer.state_dict``).
  The C object is ``optimizer.gt`` (a ``Gt.Optimizer``).
* ``Gt.optim.lr_scheduler``: ``StepLR``, ``MultiStepLR``, ``ExponentialLR``,
  ``CosineAnnealingLR``, ``LinearLR`` (``step()``, ``get_last_lr()``,
  ``last_epoch``, ``base_lrs``) and ``ReduceLROnPlateau`` (``step(metrics)``).

Invalid hyper-parameters raise ``ValueError`` with torch's message
("Invalid learning rate: -0.1"); the exception is also a ``GLib.Error``.
"""

import collections.abc
import numbers
import types

from gi.repository import GLib

from ..module import get_introspection_module

_Gi = get_introspection_module('Gt')
gt = None           # the Gt override module, set by _install

# Options that torch keeps as bools.
_BOOL_OPTIONS = frozenset(('nesterov', 'maximize', 'amsgrad', 'centered',
                           'capturable', 'differentiable'))


def _raise_value_errors(func, *args):
    """Calls @func, raising a Gt.Error VALUE as ValueError with torch's
    message (the C function's name is left out) and the others as Gt.py
    does."""
    try:
        return func(*args)
    except GLib.Error as err:
        if err.domain == 'gt-error-quark' and int(err.code) == int(_Gi.Error.VALUE):
            message = err.message
            head, sep, tail = message.partition(': ')
            if sep and ' ' not in head:
                message = tail
            raise gt.GtValueError(message, err.domain, err.code) from None
        raise gt._convert_error(err) from None


def _unwrap_optimizer(optimizer):
    inner = getattr(optimizer, 'gt', optimizer)
    if not isinstance(inner, _Gi.Optimizer):
        raise TypeError('{} is not an Optimizer'.format(type(optimizer).__name__))
    return inner


def _tensor_list(params):
    if isinstance(params, gt.Tensor):
        return [params]
    if isinstance(params, collections.abc.Set):
        raise TypeError('optimizer parameters need to be organized in ordered '
                        'collections, but the ordering of tensors in sets will '
                        'change between runs. Please use a list instead.')
    out = list(params)
    for p in out:
        if not isinstance(p, gt.Tensor):
            raise TypeError('optimizer can only optimize Tensors, but one of the '
                            'params is ' + type(p).__name__)
    return out


class ParamGroup(collections.abc.MutableMapping):
    """One of ``optimizer.param_groups``: a dict-like view of a
    ``Gt.ParamGroup``, shared with the optimizer (writes take effect)."""

    def __init__(self, group):
        self.gt = group

    def _names(self):
        names = list(self.gt.list_options())
        if 'beta1' in names and 'beta2' in names:
            names[names.index('beta1')] = 'betas'
            names.remove('beta2')
        return names

    def __getitem__(self, key):
        g = self.gt
        if key == 'params':
            return list(g.get_params())
        if key == 'betas' and g.has_option('beta1'):
            return (g.get_option('beta1', 0.0), g.get_option('beta2', 0.0))
        if not isinstance(key, str) or not g.has_option(key):
            raise KeyError(key)
        value = g.get_option(key, 0.0)
        return bool(value) if key in _BOOL_OPTIONS else value

    def __setitem__(self, key, value):
        if key == 'params':
            raise TypeError("the 'params' of a gtensor parameter group can't "
                            "be replaced; add a new group instead")
        if key == 'betas':
            b1, b2 = value
            self.gt.set_option('beta1', float(b1))
            self.gt.set_option('beta2', float(b2))
            return
        if value is None or isinstance(value, str):
            raise TypeError('gtensor parameter group options are numbers; '
                            '{!r} is {!r}'.format(key, value))
        self.gt.set_option(key, float(value))

    def __delitem__(self, key):
        raise TypeError("gtensor parameter group options can't be deleted")

    def __iter__(self):
        yield 'params'
        yield from self._names()

    def __len__(self):
        return 1 + len(self._names())

    def __repr__(self):
        return repr(dict(self))


class Optimizer:
    """torch.optim.Optimizer over a ``Gt.Optimizer`` (``self.gt``)."""

    _gt_class = None
    _defaults = {}

    def __init__(self, params, **options):
        defaults = dict(self._defaults)
        for k, v in options.items():
            if k not in defaults and k not in ('foreach', 'capturable',
                                               'differentiable'):
                raise TypeError('{}() got an unexpected keyword argument '
                                '{!r}'.format(type(self).__name__, k))
            defaults[k] = v
        if defaults.get('lr') is None:
            raise TypeError("{}() missing required argument: 'lr'".format(
                type(self).__name__))
        props = {}
        for k, v in defaults.items():
            if k == 'betas':
                props['beta1'], props['beta2'] = float(v[0]), float(v[1])
            elif k in ('foreach', 'capturable', 'differentiable'):
                continue
            elif k in _BOOL_OPTIONS:
                props[k] = bool(v)
            else:
                props[k.replace('_', '-')] = float(v)
        self.gt = self._gt_class(**props)
        self.defaults = defaults
        _raise_value_errors(self.gt.check)
        if isinstance(params, gt.Tensor):
            raise TypeError('params argument given to the optimizer should be '
                            'an iterable of Tensors or dicts, but got ' +
                            type(params).__name__)
        groups = list(params)
        if len(groups) == 0:
            raise ValueError('optimizer got an empty parameter list')
        if not isinstance(groups[0], dict):
            groups = [{'params': groups}]
        self._groups = []
        for g in groups:
            self.add_param_group(g)

    def add_param_group(self, param_group):
        """Adds a group given as a dict with 'params' and option overrides."""
        if not isinstance(param_group, dict):
            raise TypeError('param group must be a dict')
        group = _Gi.ParamGroup.new(_tensor_list(param_group['params']))
        view = ParamGroup(group)
        for k, v in param_group.items():
            if k == 'params' or k in ('foreach', 'capturable', 'differentiable'):
                continue
            view[k] = v
        _raise_value_errors(self.gt.add_param_group, group)
        self._groups.append(view)

    @property
    def param_groups(self):
        return self._groups

    @property
    def state(self):
        """{param: {name: tensor}} for the parameters that have state."""
        out = {}
        for g in self._groups:
            for p in g.gt.get_params():
                names = self.gt.list_state(p)
                if names:
                    out[p] = {n: self.gt.get_state(p, n) for n in names}
        return out

    def step(self, closure=None):
        loss = None
        if closure is not None:
            with gt.enable_grad():
                loss = closure()
        _raise_value_errors(self.gt.step)
        return loss

    def zero_grad(self, set_to_none=False):
        _raise_value_errors(self.gt.zero_grad, bool(set_to_none))

    def state_dict(self):
        """torch's nested form; the tensors are copies."""
        flat = _raise_value_errors(self.gt.state_dict)
        state = {}
        groups = [dict() for _ in self._groups]
        for key, value in flat.items():
            parts = key.split('.', 2)
            if parts[0] == 'state':
                state.setdefault(int(parts[1]), {})[parts[2]] = value
            else:
                groups[int(parts[1])][parts[2]] = value
        param_groups = []
        for g in groups:
            entry = {}
            for k, v in g.items():
                if k == 'params':
                    continue
                number = v.item()
                entry[k] = bool(number) if k in _BOOL_OPTIONS else number
            if 'beta1' in entry and 'beta2' in entry:
                entry['betas'] = (entry.pop('beta1'), entry.pop('beta2'))
            entry['params'] = [int(i) for i in g['params'].tolist()]
            param_groups.append(entry)
        return {'state': {k: state[k] for k in sorted(state)},
                'param_groups': param_groups}

    def load_state_dict(self, state_dict):
        """Loads torch's nested form (from state_dict()) or the flat map."""
        if 'state' not in state_dict and 'param_groups' not in state_dict:
            flat = dict(state_dict)
        else:
            flat = {}
            for index, entries in state_dict['state'].items():
                for name, value in entries.items():
                    if not isinstance(value, gt.Tensor):
                        value = gt.tensor(float(value), dtype=gt.float32)
                    flat['state.%d.%s' % (int(index), name)] = value
            for g, group in enumerate(state_dict['param_groups']):
                flat['param_groups.%d.params' % g] = gt.tensor(
                    [int(i) for i in group['params']], dtype=gt.int64)
                for k, v in group.items():
                    if k == 'params' or v is None or isinstance(v, str):
                        continue
                    if k == 'betas':
                        flat['param_groups.%d.beta1' % g] = gt.tensor(float(v[0]), dtype=gt.float64)
                        flat['param_groups.%d.beta2' % g] = gt.tensor(float(v[1]), dtype=gt.float64)
                    elif isinstance(v, numbers.Number):
                        flat['param_groups.%d.%s' % (g, k)] = gt.tensor(float(v), dtype=gt.float64)
        _raise_value_errors(self.gt.load_state_dict, flat)

    def __repr__(self):
        lines = [type(self).__name__ + ' (']
        for i, g in enumerate(self._groups):
            lines.append('Parameter Group {}'.format(i))
            for k in sorted(g):
                if k != 'params':
                    lines.append('    {}: {}'.format(k, g[k]))
        lines.append(')')
        return '\n'.join(lines)


def _optimizer_class(name, gt_name, signature):
    """A torch-style optimizer class; @signature lists the positional
    parameters after params with their defaults."""

    def __init__(self, params, *args, **kwargs):
        if len(args) > len(signature):
            raise TypeError('{}() takes at most {} positional arguments'.format(
                name, len(signature) + 1))
        options = dict(signature)
        for (k, _), v in zip(signature, args):
            options[k] = v
        for k, v in kwargs.items():
            if k in dict(signature) and list(dict(signature)).index(k) < len(args):
                raise TypeError('{}() got multiple values for argument {!r}'.format(name, k))
            options[k] = v
        Optimizer.__init__(self, params, **options)

    cls = type(name, (Optimizer,), {'__init__': __init__, '__doc__':
                                    'torch.optim.{} over Gt.{}.'.format(name, gt_name)})
    cls._gt_gi_name = gt_name
    cls._defaults = dict(signature)
    return cls


SGD = _optimizer_class('SGD', 'SGD', [
    ('lr', None), ('momentum', 0), ('dampening', 0), ('weight_decay', 0),
    ('nesterov', False), ('maximize', False)])
Adam = _optimizer_class('Adam', 'Adam', [
    ('lr', 1e-3), ('betas', (0.9, 0.999)), ('eps', 1e-8), ('weight_decay', 0),
    ('amsgrad', False), ('maximize', False)])
AdamW = _optimizer_class('AdamW', 'AdamW', [
    ('lr', 1e-3), ('betas', (0.9, 0.999)), ('eps', 1e-8), ('weight_decay', 1e-2),
    ('amsgrad', False), ('maximize', False)])
RMSprop = _optimizer_class('RMSprop', 'RMSprop', [
    ('lr', 1e-2), ('alpha', 0.99), ('eps', 1e-8), ('weight_decay', 0),
    ('momentum', 0), ('centered', False), ('maximize', False)])


# ---- schedulers -----------------------------------------------------------------

class _LRScheduler:
    """torch.optim.lr_scheduler._LRScheduler over a ``Gt.LRScheduler``."""

    def __init__(self, optimizer, make):
        self.optimizer = optimizer
        self.gt = _raise_value_errors(make, _unwrap_optimizer(optimizer))

    def step(self):
        _raise_value_errors(self.gt.step)

    def get_last_lr(self):
        return list(self.gt.get_last_lr())

    @property
    def last_epoch(self):
        return self.gt.get_last_epoch()

    @property
    def base_lrs(self):
        return list(self.gt.get_base_lrs())

    @property
    def _step_count(self):
        return self.gt.get_step_count()


class StepLR(_LRScheduler):
    def __init__(self, optimizer, step_size, gamma=0.1, last_epoch=-1, verbose=False):
        super().__init__(optimizer, lambda o: _Gi.StepLR.new(
            o, int(step_size), float(gamma), int(last_epoch)))


class MultiStepLR(_LRScheduler):
    def __init__(self, optimizer, milestones, gamma=0.1, last_epoch=-1, verbose=False):
        super().__init__(optimizer, lambda o: _Gi.MultiStepLR.new(
            o, [int(m) for m in milestones], float(gamma), int(last_epoch)))


class ExponentialLR(_LRScheduler):
    def __init__(self, optimizer, gamma, last_epoch=-1, verbose=False):
        super().__init__(optimizer, lambda o: _Gi.ExponentialLR.new(
            o, float(gamma), int(last_epoch)))


class CosineAnnealingLR(_LRScheduler):
    def __init__(self, optimizer, T_max, eta_min=0, last_epoch=-1, verbose=False):
        super().__init__(optimizer, lambda o: _Gi.CosineAnnealingLR.new(
            o, int(T_max), float(eta_min), int(last_epoch)))


class LinearLR(_LRScheduler):
    def __init__(self, optimizer, start_factor=1.0 / 3, end_factor=1.0,
                 total_iters=5, last_epoch=-1, verbose=False):
        super().__init__(optimizer, lambda o: _Gi.LinearLR.new(
            o, float(start_factor), float(end_factor), int(total_iters),
            int(last_epoch)))


class ReduceLROnPlateau:
    """torch.optim.lr_scheduler.ReduceLROnPlateau over
    ``Gt.ReduceLROnPlateau``."""

    def __init__(self, optimizer, mode='min', factor=0.1, patience=10,
                 threshold=1e-4, threshold_mode='rel', cooldown=0,
                 min_lr=0, eps=1e-8, verbose=False):
        modes = {'min': _Gi.PlateauMode.MIN, 'max': _Gi.PlateauMode.MAX}
        tmodes = {'rel': _Gi.ThresholdMode.REL, 'abs': _Gi.ThresholdMode.ABS}
        if factor >= 1.0:
            raise ValueError('Factor should be < 1.0.')
        if mode not in modes:
            raise ValueError('mode ' + str(mode) + ' is unknown!')
        if threshold_mode not in tmodes:
            raise ValueError('threshold mode ' + str(threshold_mode) + ' is unknown!')
        self.optimizer = optimizer
        inner = _unwrap_optimizer(optimizer)
        per_group = isinstance(min_lr, (list, tuple))
        self.gt = _raise_value_errors(
            _Gi.ReduceLROnPlateau.new, inner, modes[mode], float(factor),
            int(patience), float(threshold), tmodes[threshold_mode],
            int(cooldown), 0.0 if per_group else float(min_lr), float(eps))
        if per_group:
            _raise_value_errors(self.gt.set_min_lrs, [float(v) for v in min_lr])

    def step(self, metrics, epoch=None):
        if isinstance(metrics, gt.Tensor):
            metrics = metrics.item()
        _raise_value_errors(self.gt.step, float(metrics))

    def get_last_lr(self):
        return list(self.gt.get_last_lr())

    @property
    def _last_lr(self):
        return self.get_last_lr()

    @property
    def best(self):
        return self.gt.get_best()

    @property
    def num_bad_epochs(self):
        return self.gt.get_num_bad_epochs()

    @property
    def cooldown_counter(self):
        return self.gt.get_cooldown_counter()

    @property
    def last_epoch(self):
        return self.gt.get_last_epoch()


def _install(gtmod):
    global gt
    gt = gtmod

    optim = types.ModuleType('gi.repository.Gt.optim')
    optim.__doc__ = "torch.optim over gtensor's optimizers (see _gt_optim.py)."
    optim.Optimizer = Optimizer
    for cls in (SGD, Adam, AdamW, RMSprop):
        cls._gt_class = getattr(_Gi, cls._gt_gi_name)
        setattr(optim, cls.__name__, cls)

    sched = types.ModuleType('gi.repository.Gt.optim.lr_scheduler')
    sched.__doc__ = "torch.optim.lr_scheduler over gtensor's schedulers."
    for cls in (StepLR, MultiStepLR, ExponentialLR, CosineAnnealingLR,
                LinearLR, ReduceLROnPlateau):
        setattr(sched, cls.__name__, cls)
    sched._LRScheduler = _LRScheduler
    optim.lr_scheduler = sched
    gt.optim = optim
    gt.__all__.append('optim')
