# SPDX-License-Identifier: LGPL-2.1-or-later
"""Hostile input, table-driven from the GIR.

The test parses Gt-1.0.gir (next to the typelib on GI_TYPELIB_PATH), lists
every public function, constructor and method, and calls each one that takes
tensors through the raw introspected API with deliberately bad arguments:

  bool     every tensor argument a bool tensor (a dtype most ops refuse)
  int      every tensor argument an int64 tensor (refused where float is needed)
  shapes   tensor arguments of mismatched, non-broadcastable shapes
  dim      every dim / dims argument 99
  nan      every double argument NaN (learning rates, eps, momenta, ...)
  empty    every tensor argument empty (shape [0])
  device   every device argument cuda:0 on a machine without CUDA (skipped
           where CUDA is available)

Each call must either raise GLib.Error in the gt-error-quark domain whose
message names the function (its C name, or for calls that report through
the op they run, a listed alias), or be listed in EXCEPTIONS for that case
with the reason the input is legitimate (torch accepts it as well). A crash
or abort kills the test; a GLib critical or warning logged during a call
fails it (a GObject property silently dropping a NaN is such a warning).

The functions that take no tensors (creation from shapes, files and bytes,
devices, dtypes, threads, nn layer constructors, losses, optimizer setters,
parameter groups, LR schedulers, module state, ...) have explicit cases in
bad_input_table.py (see its docstring: GError code and name, deferred
errors of non-throwing constructors, criticals of void setters), run by
`test_table_case`, which calls the C functions themselves through the
introspection data rather than the Python overrides.

`test_every_public_callable_is_classified` reads every function, method and
constructor of the GIR (the introspectable ones: those bindings can call)
and fails for one that is in none of: the generic cases, NOT_TESTED (with
the named test covering it), the table, or the table's allow-list of
functions with nothing that could be bad (no argument but the object, or
only booleans, each with its reason). So a new public function fails the
suite until it has bad-input cases.

NULL: from the bindings' side NULL is None, and PyGObject refuses None for
every argument the GIR does not mark (nullable), before C is reached;
the C side's g_return_val_if_fail (x != NULL) are programmer-error checks
(DESIGN.md: g_return_val_if_fail only for programmer errors) that no
binding can trip. `test_null_refused` checks exactly that for every
non-nullable pointer argument of every public callable, the object of a
method included: None there is refused (TypeError naming that argument) or,
if the bindings let it through, a GError naming the function; an accepted
None, a critical or a crash fails. None where the GIR allows it is passed by
the generic cases (devices, parameter groups) and by the table.

Run it with G_DEBUG unset or without fatal-criticals (meson's test
environment sets gc-friendly only): the table's `critical` cases expect a
critical and skip themselves when criticals are fatal.
"""

import math
import os
import re
import tempfile
import xml.etree.ElementTree as ET

import gi

gi.require_version('Gt', '1.0')

import pytest  # noqa: E402
from gi.module import get_introspection_module  # noqa: E402
from gi.repository import GLib  # noqa: E402

Gt = get_introspection_module('Gt')      # the raw API, without overrides

CORE = '{http://www.gtk.org/introspection/core/1.0}'
CNS = '{http://www.gtk.org/introspection/c/1.0}'
CASES = ('bool', 'int', 'shapes', 'dim', 'nan', 'empty', 'device')


def _gir_path():
    for d in os.environ.get('GI_TYPELIB_PATH', '').split(os.pathsep):
        p = os.path.join(d, 'Gt-1.0.gir')
        if d and os.path.exists(p):
            return p
    return None


class Param:
    """One argument the Python caller passes."""

    def __init__(self, name, kind, elem=None, nullable=False):
        self.name = name
        self.kind = kind          # GIR type name, or 'array'
        self.elem = elem          # element type of an array
        self.nullable = nullable


class Callable:
    def __init__(self, cname, owner, pyname, kind, throws, params, has_self):
        self.cname = cname
        self.owner = owner        # class name or None
        self.pyname = pyname
        self.kind = kind          # function, method, constructor
        self.throws = throws
        self.params = params
        self.has_self = has_self

    def tensor_inputs(self):
        n = 1 if self.has_self and self.owner == 'Tensor' else 0
        return n + sum(1 for p in self.params
                       if p.kind == 'Tensor' or p.elem == 'Tensor')


def _parse_params(el):
    """The in-parameters a Python caller passes, or None when one cannot be
    made up (callbacks)."""
    ps = el.find(CORE + 'parameters')
    if ps is None:
        return [], False
    raw = [p for p in ps if p.tag == CORE + 'parameter']
    hidden = set()
    for p in raw:
        for attr in ('closure', 'destroy'):
            if p.get(attr) is not None:
                hidden.add(int(p.get(attr)))
        a = p.find(CORE + 'array')
        if a is not None and a.get('length') is not None:
            hidden.add(int(a.get('length')))
    out = []
    for i, p in enumerate(raw):
        if i in hidden or p.get('direction') == 'out':
            continue
        nullable = p.get('nullable') == '1' or p.get('allow-none') == '1'
        a = p.find(CORE + 'array')
        if a is not None:
            t = a.find(CORE + 'type')
            out.append(Param(p.get('name'), 'array',
                             t.get('name') if t is not None else None,
                             nullable))
            out[-1].c_index = i
            continue
        t = p.find(CORE + 'type')
        if t is None:                         # varargs
            return None, False
        name = t.get('name')
        if p.get('scope') is not None or name.endswith('Func') or \
                name in ('GLib.DestroyNotify', 'gpointer'):
            return None, False
        out.append(Param(p.get('name'), name, None, nullable))
        out[-1].c_index = i     # its place among the C arguments
    return out, ps.find(CORE + 'instance-parameter') is not None


_OWNER_TAGS = tuple(CORE + t for t in ('class', 'record', 'interface',
                                        'enumeration', 'bitfield', 'union'))


def _callables():
    if _gir_path() is None:
        return []
    root = ET.parse(_gir_path()).getroot()
    ns = root.find(CORE + 'namespace')
    found = []
    for owner_el in [ns] + [c for c in ns if c.tag in _OWNER_TAGS]:
        owner = None if owner_el is ns else owner_el.get('name')
        for el in owner_el:
            kind = el.tag[len(CORE):]
            if kind not in ('function', 'method', 'constructor'):
                continue
            if el.get('introspectable') == '0' or el.get('moved-to'):
                continue
            params, has_self = _parse_params(el)
            if params is None:
                found.append(Callable(el.get(CNS + 'identifier'), owner,
                                      el.get('name'), kind, False, None,
                                      False))
                continue
            found.append(Callable(el.get(CNS + 'identifier'), owner,
                                  el.get('name'), kind,
                                  el.get('throws') == '1', params, has_self))
    return found


# ---- argument factories ---------------------------------------------------

_DIM_NAMES = {'dim', 'dims', 'dim0', 'dim1', 'start_dim', 'end_dim',
              'source', 'destination', 'axis'}
_SHAPE_NAMES = {'shape', 'size', 'sizes', 'normalized_shape', 'split_sizes',
                'repeats', 'sections', 'output_size'}
_SHAPES = ([2, 3], [4, 5], [7], [3, 2, 2])


def _tensor(case, i):
    """The i-th tensor argument of a call in @case."""
    if case == 'empty':
        return Gt.zeros([0], Gt.DType.FLOAT32, None)
    if case == 'shapes':
        shape = _SHAPES[i % len(_SHAPES)]
    else:
        shape = [2, 3]
    n = 1
    for s in shape:
        n *= s
    values = [0.1 + 0.1 * (k % 5) for k in range(n)]
    dtype = {'bool': Gt.DType.BOOL, 'int': Gt.DType.INT64}.get(
        case, Gt.DType.FLOAT32)
    return Gt.Tensor.new_from_doubles(values, shape, dtype, None)


class _Args:
    """Makes up the arguments of one call; remembers whether the case had
    anything to act on."""

    def __init__(self, case, tmpdir):
        self.case = case
        self.tmpdir = tmpdir
        self.n_tensors = 0
        self.hit = False

    def tensor(self):
        t = _tensor(self.case, self.n_tensors)
        self.n_tensors += 1
        if self.case in ('bool', 'int', 'empty', 'shapes'):
            self.hit = self.hit or self.case != 'shapes' or self.n_tensors > 1
        return t

    def value(self, p):
        case, name, kind = self.case, p.name, p.kind
        if kind == 'Tensor':
            return self.tensor()
        if kind == 'array':
            if p.elem == 'Tensor':
                return [self.tensor(), self.tensor()]
            if p.elem in ('gint64', 'gint', 'guint', 'gsize'):
                if name in _DIM_NAMES:
                    self.hit = self.hit or case == 'dim'
                    return [99] if case == 'dim' else [0]
                if name in _SHAPE_NAMES:
                    return [2, 3]
                return [1]
            if p.elem in ('gdouble', 'gfloat'):
                self.hit = self.hit or case == 'nan'
                return [math.nan] if case == 'nan' else [0.5]
            if p.elem == 'utf8':
                return ['x']
            if p.elem == 'Module':
                return [Gt.Linear.new(3, 3, True)]
            return []
        if kind in ('gint', 'gint64', 'gint32', 'glong'):
            if name in _DIM_NAMES or name.endswith('_dim'):
                self.hit = self.hit or case == 'dim'
                return 99 if case == 'dim' else 0
            return 1
        if kind in ('guint', 'gsize', 'guint64', 'guint32'):
            return 1
        if kind in ('gdouble', 'gfloat'):
            self.hit = self.hit or case == 'nan'
            return math.nan if case == 'nan' else 0.5
        if kind == 'gboolean':
            return False
        if kind == 'DType':
            return Gt.DType.FLOAT32
        if kind == 'Reduction':
            return Gt.Reduction.MEAN
        if kind == 'Device':
            if case == 'device':
                self.hit = True
                return Gt.Device.new(Gt.DeviceType.CUDA, 0)
            return None if p.nullable else Gt.Device.new(Gt.DeviceType.CPU, 0)
        if kind in ('utf8',):
            return 'zeros' if 'mode' in name else 'x'
        if kind == 'filename':
            return os.path.join(self.tmpdir, 'bad.safetensors')
        if kind == 'GLib.Bytes':
            return GLib.Bytes.new(b'\x01\x02\x03')
        if kind == 'GLib.HashTable':
            return {}
        if kind == 'Module':
            return Gt.Linear.new(3, 3, True)
        if kind == 'Loss':
            return Gt.MSELoss.new()
        if kind == 'Optimizer':
            return _instance('SGD', self)
        if kind == 'ParamGroup':
            return None if p.nullable else Gt.ParamGroup.new([self.tensor()], 0.1)
        if p.nullable:
            return None
        raise NotImplementedError(f'no bad value for {kind} {name}')


def _leaf(args):
    t = Gt.Tensor.new_from_doubles([0.5, 0.25, 1.0], [3], Gt.DType.FLOAT32,
                                   None)
    t.set_requires_grad(True)
    return t


def _instance(owner, args):
    """An object of class @owner for a method call."""
    if owner == 'Tensor':
        return args.tensor()
    if owner == 'MaxPool2d':
        return Gt.MaxPool2d.new(2)
    if owner in ('Module', 'Linear'):
        return Gt.Linear.new(3, 3, True)
    if owner == 'Loss':
        return Gt.MSELoss.new()
    if owner in ('Optimizer', 'SGD'):
        return Gt.SGD.new([_leaf(args)], 0.1)
    raise NotImplementedError(f'no instance of {owner}')


def _call(c, case, tmpdir):
    """Calls @c with the bad arguments of @case. Returns (applicable,
    exception or None)."""
    if case == 'device' and Gt.cuda_is_available():
        return False, None
    args = _Args(case, tmpdir)
    argv = []
    if c.has_self:
        argv.append(_instance(c.owner, args))
    for p in c.params:
        argv.append(args.value(p))
    if not args.hit:
        return False, None
    try:
        _raw(c.cname)(*argv)
    except GLib.Error as e:
        return True, e
    return True, None


# ---- what legitimately accepts the "bad" input ----------------------------
#
# Names are C identifiers without the "gt_" prefix. Every entry was checked
# against torch 1.13, which accepts the same input; an entry for a call
# that now fails is reported as stale (test_no_stale_exceptions), so the
# table cannot drift into hiding regressions.

def _names(text):
    return frozenset(text.split())


# torch's pointwise, comparison, logical, reduction, sorting, shape, view,
# copy and conversion ops are defined for bool and integer tensors (results
# promote as in torch: cos(bool) is float32, sum(bool) int64, ...).
_ANY_DTYPE_TENSOR_OPS = _names('''
    tensor_add_scalar tensor_all tensor_amax
    tensor_amin tensor_any tensor_argsort tensor_atan2 tensor_atan2_scalar
    tensor_broadcast_to tensor_chunk tensor_clamp tensor_clamp_
    tensor_clamp_max_scalar tensor_clamp_min_scalar tensor_clamp_scalar
    tensor_clone tensor_contiguous tensor_copy_ tensor_cos tensor_cumsum
    tensor_detach_ tensor_dropout tensor_dropout_ tensor_eq tensor_eq_scalar
    tensor_exp tensor_expand tensor_expm1 tensor_fill_ tensor_flatten
    tensor_flip tensor_ge tensor_ge_scalar tensor_get_data_address
    tensor_get_size tensor_get_stride tensor_gt tensor_gt_scalar
    tensor_isinf tensor_isnan tensor_le tensor_le_scalar tensor_log
    tensor_log1p tensor_log2 tensor_logical_and tensor_logical_not
    tensor_logical_not_ tensor_logical_or tensor_logical_xor
    tensor_logsumexp tensor_lt tensor_lt_scalar tensor_max tensor_max_dim
    tensor_maximum tensor_maximum_scalar tensor_min tensor_min_dim
    tensor_minimum tensor_minimum_scalar tensor_mt tensor_mul tensor_mul_
    tensor_mul_scalar tensor_nan_to_num tensor_nan_to_num_ tensor_narrow
    tensor_ne tensor_ne_scalar tensor_nonzero tensor_pow_scalar tensor_prod
    tensor_reciprocal tensor_remainder_scalar tensor_repeat tensor_reshape
    tensor_rpow_scalar tensor_rremainder_scalar tensor_rsqrt tensor_save
    tensor_select tensor_set_grad tensor_set_requires_grad tensor_sigmoid
    tensor_sign tensor_sign_ tensor_sin tensor_slice tensor_sort
    tensor_split tensor_sqrt tensor_square tensor_squeeze tensor_squeeze_dim
    tensor_sum tensor_t tensor_tanh tensor_to_bytes tensor_to_device
    tensor_to_doubles tensor_to_dtype tensor_to_int64s tensor_transpose
    tensor_unbind tensor_unsqueeze tensor_view tensor_zero_
    cat stack empty_like full_like ones_like zeros_like
''')
# Boolean masks and conditions are what these take.
_BOOL_ARGS = _names('''
    where where_scalar tensor_masked_fill_scalar tensor_masked_fill_scalar_
    tensor_masked_select
''')
# Integer tensors: arithmetic that torch refuses for bool (neg, sub, ...)
# is fine for int64; indices must be int64.
_INT_ONLY = _names('''
    tensor_abs tensor_abs_ tensor_argmax tensor_argmax_dim tensor_argmin
    tensor_argmin_dim tensor_ceil tensor_ceil_ tensor_floor tensor_floor_
    tensor_trunc tensor_trunc_ tensor_neg tensor_neg_ tensor_pow tensor_pow_
    tensor_relu tensor_relu_ tensor_rsub_scalar tensor_sub_scalar
    tensor_square_ tensor_topk tensor_gather tensor_index tensor_index_put
    tensor_index_put_ tensor_scatter tensor_scatter_ tensor_scatter_add
    tensor_scatter_add_ tensor_scatter_scalar tensor_scatter_scalar_
    tensor_take one_hot
''')
# torch.optim checks the parameters (dtype, shape, emptiness) only when it
# steps; constructing an optimizer or adding parameters takes any leaves.
_OPTIM_PARAMS = _names('''
    adam_new adam_new_full adamw_new adamw_new_full rmsprop_new
    rmsprop_new_full sgd_new sgd_new_full optimizer_add_params
''')
# NaN is a value, not a bad argument, for these: fills, comparisons,
# clamps, arithmetic with a scalar (or an alpha), nan_to_num's
# replacements, and hyper-parameters torch does not validate (layer_norm's
# eps, leaky_relu's slope, norm's p, std/var's correction).
_NAN_IS_A_VALUE = _names('''
    full_like tensor_add tensor_add_ tensor_add_scalar tensor_add_scalar_
    tensor_atan2_scalar tensor_clamp_max_scalar tensor_clamp_max_scalar_
    tensor_clamp_min_scalar tensor_clamp_min_scalar_ tensor_clamp_scalar
    tensor_clamp_scalar_ tensor_eq_scalar tensor_fill_ tensor_ge_scalar
    tensor_gt_scalar tensor_layer_norm tensor_le_scalar tensor_leaky_relu
    tensor_leaky_relu_ tensor_lt_scalar tensor_maximum_scalar
    tensor_minimum_scalar tensor_mul_scalar tensor_mul_scalar_
    tensor_nan_to_num tensor_nan_to_num_ tensor_ne_scalar tensor_norm
    tensor_pow_scalar tensor_pow_scalar_ tensor_remainder_scalar
    tensor_remainder_scalar_ tensor_rpow_scalar tensor_rremainder_scalar
    tensor_rsub_scalar tensor_std tensor_sub tensor_sub_ tensor_sub_scalar
    tensor_sub_scalar_ tensor_var
''')
# Empty tensors: torch defines every elementwise op, copy, view and
# conversion on them, reductions give their identity (sum 0, prod 1, mean
# and the losses' mean NaN), a 1-d matmul/dot/outer of empties is 0 or
# empty, softmax over a 0-size dim is empty, and random fills do nothing.
_EMPTY_OK = _names('''
    binary_cross_entropy binary_cross_entropy_with_logits cat stack
    empty_like full_like ones_like zeros_like rand_like randn_like
    huber_loss l1_loss mse_loss smooth_l1_loss loss_forward
    tensor_abs tensor_abs_ tensor_add tensor_add_ tensor_add_scalar
    tensor_add_scalar_ tensor_all tensor_any tensor_argsort tensor_atan2
    tensor_atan2_ tensor_atan2_scalar tensor_ceil tensor_ceil_ tensor_chunk
    tensor_clamp tensor_clamp_ tensor_clamp_max_scalar
    tensor_clamp_max_scalar_ tensor_clamp_min_scalar
    tensor_clamp_min_scalar_ tensor_clamp_scalar tensor_clamp_scalar_
    tensor_clone tensor_contiguous tensor_copy_ tensor_cos tensor_cos_
    tensor_cumsum tensor_detach_ tensor_dot tensor_dropout tensor_dropout_
    tensor_eq tensor_eq_scalar tensor_exp tensor_exp_ tensor_expm1
    tensor_expm1_ tensor_fill_ tensor_flatten tensor_flip tensor_floor
    tensor_floor_ tensor_ge tensor_ge_scalar tensor_get_data_address
    tensor_get_size tensor_get_stride tensor_gt tensor_gt_scalar
    tensor_isinf tensor_isnan tensor_le tensor_le_scalar tensor_leaky_relu
    tensor_leaky_relu_ tensor_log tensor_log1p tensor_log1p_ tensor_log2
    tensor_log2_ tensor_log_ tensor_log_softmax tensor_logical_and
    tensor_logical_not tensor_logical_not_ tensor_logical_or
    tensor_logical_xor tensor_logsumexp tensor_lt tensor_lt_scalar
    tensor_matmul tensor_maximum tensor_maximum_scalar tensor_mean
    tensor_minimum tensor_minimum_scalar tensor_mul tensor_mul_
    tensor_mul_scalar tensor_mul_scalar_ tensor_nan_to_num
    tensor_nan_to_num_ tensor_ne tensor_ne_scalar tensor_neg tensor_neg_
    tensor_nonzero tensor_norm tensor_normal_ tensor_outer tensor_permute
    tensor_pow tensor_pow_ tensor_pow_scalar tensor_pow_scalar_ tensor_prod
    tensor_reciprocal tensor_reciprocal_ tensor_relu tensor_relu_
    tensor_remainder tensor_remainder_ tensor_remainder_scalar
    tensor_remainder_scalar_ tensor_repeat tensor_round tensor_round_
    tensor_rpow_scalar tensor_rremainder_scalar tensor_rsqrt tensor_rsqrt_
    tensor_rsub_scalar tensor_save tensor_set_grad tensor_set_requires_grad
    tensor_sigmoid tensor_sigmoid_ tensor_sign tensor_sign_ tensor_sin
    tensor_sin_ tensor_slice tensor_softmax tensor_sort tensor_split
    tensor_sqrt tensor_sqrt_ tensor_square tensor_square_ tensor_squeeze
    tensor_squeeze_dim tensor_std tensor_sub tensor_sub_ tensor_sub_scalar
    tensor_sub_scalar_ tensor_sum tensor_t tensor_tanh tensor_tanh_
    tensor_to_bytes tensor_to_device tensor_to_doubles tensor_to_dtype
    tensor_to_int64s tensor_transpose tensor_trunc tensor_trunc_
    tensor_unbind tensor_uniform_ tensor_unsqueeze tensor_var tensor_zero_
''')

EXCEPTIONS = {
    'bool': _ANY_DTYPE_TENSOR_OPS | _BOOL_ARGS | _OPTIM_PARAMS,
    'int': _ANY_DTYPE_TENSOR_OPS | _INT_ONLY | _OPTIM_PARAMS,
    'shapes': _OPTIM_PARAMS,
    'dim': frozenset(),
    'nan': _NAN_IS_A_VALUE,
    'empty': _EMPTY_OK | _OPTIM_PARAMS,
    'device': frozenset(),
}

# Calls that report the failure of the op they run, which names itself
# (a module's forward runs its layer's functional op).
ALIASES = {
    'gt_module_forward': 'gt_',
    'gt_loss_forward': 'gt_',
    'gt_max_pool2d_forward_with_indices': 'gt_tensor_max_pool2d',
}

# Functions the generic cases cannot call, with the tests that cover them.
NOT_TESTED = {
    'gt_module_apply': 'takes a callback; test_module.py',
    'gt_tensor_new_from_blob': 'takes a release callback; test_tensor.py',
    'gt_function_apply': 'needs a GtFunction subclass; test_function.py',
    'gt_function_save_for_backward':
        'only valid inside a forward; test_function.py',
}


# ---- the tests ------------------------------------------------------------

def _short(cname):
    return cname[3:] if cname.startswith('gt_') else cname


def _names_function(c, message):
    alias = ALIASES.get(c.cname)
    if alias is not None:
        return alias in message
    stem = c.cname
    for suffix in ('_full',):
        if stem.endswith(suffix):
            stem = stem[:-len(suffix)]
    return stem in message


_ALL = None


def _all():
    global _ALL
    if _ALL is None:
        _ALL = [c for c in _callables()
                if c.params is None or c.tensor_inputs() > 0]
    return _ALL


def _tested():
    return [c for c in _all() if c.cname not in NOT_TESTED]


@pytest.fixture(scope='module')
def tmpdir_bad():
    with tempfile.TemporaryDirectory(prefix='gt-bad-input-') as d:
        yield d


def pytest_generate_tests(metafunc):
    if 'bad_callable' in metafunc.fixturenames:
        cs = _tested()
        metafunc.parametrize('bad_callable', cs, ids=[c.cname for c in cs])


def test_bad_input(bad_callable, tmpdir_bad):
    """Each case errors cleanly, naming the function, unless listed."""
    c = bad_callable
    assert c.params is not None, f'{c.cname}: cannot be called generically'
    problems = []
    for case in CASES:
        with _Logs() as logs:
            applicable, err = _call(c, case, tmpdir_bad)
        if logs.messages:
            # a GLib critical or warning: a dropped property, a failed
            # assertion on data; bad input must be a GError instead
            problems.append(f'{case}: GLib log messages {logs.messages}')
        if not applicable or not c.throws:
            # No GError to check: called for crash-freedom only.
            continue
        allowed = _short(c.cname) in EXCEPTIONS[case]
        if err is None:
            if not allowed:
                problems.append(f'{case}: accepted (add to EXCEPTIONS with '
                                'the reason, or make it fail)')
            continue
        if err.domain != 'gt-error-quark':
            problems.append(f'{case}: error in domain {err.domain}')
        elif not _names_function(c, err.message):
            problems.append(f'{case}: message does not name {c.cname}: '
                            f'{err.message!r}')
    assert not problems, f'{c.cname}: ' + '; '.join(problems)


def test_no_stale_exceptions(tmpdir_bad):
    """An exception whose call now fails is removed from the table."""
    by_name = {_short(c.cname): c for c in _tested()}
    stale = []
    for case, names in EXCEPTIONS.items():
        for name in sorted(names):
            c = by_name.get(name)
            if c is None:
                stale.append(f'{case}: {name} is not a public function')
                continue
            applicable, err = _call(c, case, tmpdir_bad)
            if not applicable or err is not None:
                stale.append(f'{case}: {name} now refuses it')
    assert not stale, 'stale EXCEPTIONS entries: ' + '; '.join(stale)


def test_every_function_is_covered():
    """Every public function taking tensors is either called by the cases
    (and found to refuse at least one of them when it can fail) or listed
    in NOT_TESTED; any other function appears in the GIR scan."""
    if _gir_path() is None:
        pytest.skip('Gt-1.0.gir not found beside the typelib (GI_TYPELIB_PATH)')
    cs = _all()
    assert len(cs) > 250, 'the GIR scan found too few functions'
    missing = [c.cname for c in cs
               if c.params is None and c.cname not in NOT_TESTED]
    assert not missing, f'not callable generically, not in NOT_TESTED: {missing}'
    unknown = [n for n in NOT_TESTED if n not in {c.cname for c in cs}]
    assert not unknown, f'NOT_TESTED names unknown functions: {unknown}'


# ---- every other public function: the explicit table ----------------------
#
# bad_input_table.py lists the cases for the functions that take no tensors
# (and a few more that do); here they are run, and the coverage of the whole
# GIR is checked: every public callable is in the generic cases above, in
# NOT_TESTED, in the table, or in the table's commented allow-list.

import gi._gi as _gi  # noqa: E402

import bad_input_table as table  # noqa: E402

_REPO = _gi.Repository.get_default()
_RAW = {}


_BY_CNAME = None


def _by_cname():
    global _BY_CNAME
    if _BY_CNAME is None:
        _BY_CNAME = {c.cname: c for c in _callables()}
    return _BY_CNAME


def _raw(cname):
    """The C function @cname itself, called through its introspection info
    (not the Python overrides, which may check arguments first). Methods
    take the object first; constructors are bound to their class."""
    f = _RAW.get(cname)
    if f is not None:
        return f
    c = _by_cname().get(cname)
    assert c is not None, f'{cname} is not in the GIR'
    if c.owner is None:
        info = _REPO.find_by_name('Gt', c.pyname)
    else:
        info = next(m for m in _REPO.find_by_name('Gt', c.owner).get_methods()
                    if m.get_name() == c.pyname)
    if c.kind == 'constructor':
        cls = getattr(Gt, c.owner)

        def f(*args):
            return info(cls, *args)
    else:
        f = info
    _RAW[cname] = f
    return f


_LOG_DOMAINS = ('Gtensor', 'GLib', 'GLib-GObject')
_LOG_LEVELS = GLib.LogLevelFlags.LEVEL_CRITICAL | \
    GLib.LogLevelFlags.LEVEL_WARNING


class _Logs:
    """Collects the GLib criticals and warnings logged while it is active
    (instead of printing them, or PyGObject turning them into Python
    warnings)."""

    def __enter__(self):
        self.messages = []
        self.ids = [(d, GLib.log_set_handler(d, _LOG_LEVELS, self._log, None))
                    for d in _LOG_DOMAINS]
        return self

    def _log(self, domain, level, message, *user_data):
        self.messages.append(f'{domain}: {message}')

    def __exit__(self, *exc):
        for d, i in self.ids:
            GLib.log_remove_handler(d, i)
        return False


class _Ctx:
    """What the table's cases build their arguments from."""

    def __init__(self, tmpdir):
        self.Gt = Gt
        self.tmpdir = tmpdir
        self.threads_before = _raw('gt_get_num_threads')()
        self.lin = _raw('gt_linear_new')(3, 3, True)
        self.seq = _raw('gt_sequential_new')()
        self.mlist = _raw('gt_module_list_new')()
        self.param = self.leaf()
        self.opt = _raw('gt_sgd_new')([self.param], 0.1)

    @staticmethod
    def fn(cname):
        return _raw(cname)

    @staticmethod
    def cuda():
        return Gt.Device.new(Gt.DeviceType.CUDA, 0)

    @staticmethod
    def _t(values, shape, dtype=Gt.DType.FLOAT32):
        return _raw('gt_tensor_new_from_doubles')(values, shape, dtype, None)

    def t(self):
        return self._t([0.5] * 6, [2, 3])

    def x4(self):
        return self._t([0.1 * k for k in range(32)], [1, 2, 4, 4])

    def x2(self):
        return self._t([0.1 * k for k in range(8)], [4, 2])

    def idx(self):
        return self._t([0, 1], [2], Gt.DType.INT64)

    def targets(self):
        return self._t([0, 1, 0, 1], [4], Gt.DType.INT64)

    def neg(self):
        return self._t([-1.0, 2.0], [2])

    def leaf(self):
        t = self._t([0.5, 0.25, 1.0], [3])
        t.set_requires_grad(True)
        return t

    def path(self, *parts):
        return os.path.join(self.tmpdir, *parts)

    def junk(self):
        p = self.path('junk.safetensors')
        with open(p, 'wb') as f:
            f.write(b'\x05\0\0\0\0\0\0\0{"a":')
        return p

    @staticmethod
    def bad_offsets():
        header = (b'{"a":{"dtype":"F32","shape":[4],'
                  b'"data_offsets":[0,1048576]}}')
        return GLib.Bytes.new(len(header).to_bytes(8, 'little') + header +
                              bytes(16))

    def saved(self, **shapes):
        p = self.path('state.safetensors')
        tensors = {k: _raw('gt_zeros')(s, Gt.DType.FLOAT32, None)
                   for k, s in shapes.items()}
        _raw('gt_save')(tensors, None, p)
        return p

    def group(self, set_lr=None, **options):
        g = Gt.ParamGroup.new([self.leaf()])
        for k, v in options.items():
            _raw('gt_param_group_set_option')(g, k, v)
        if set_lr is not None:
            _raw('gt_param_group_set_lr')(g, set_lr)
        return g

    def sgd_props(self, **props):
        o = GObject.new(Gt.SGD, **props)
        _raw('gt_optimizer_add_param_group')(o, Gt.ParamGroup.new(
            [self.leaf()]))
        return o

    def plateau(self):
        return _raw('gt_reduce_lr_on_plateau_new')(
            self.opt, Gt.PlateauMode.MIN, 0.1, 10, 1e-4, Gt.ThresholdMode.REL,
            0, 0.0, 1e-8)

    def bad_optim_state(self):
        """A state dict of an SGD with momentum after one step, whose
        momentum buffer has the wrong shape."""
        p = self.leaf()
        opt = _raw('gt_sgd_new_full')([p], 0.1, 0.9, 0.0, 0.0, False, False)
        p.set_grad(self._t([1.0, 1.0, 1.0], [3]))
        _raw('gt_optimizer_step')(opt)
        sd = dict(_raw('gt_optimizer_state_dict')(opt))
        keys = [k for k in sd if k.endswith('momentum_buffer')]
        assert keys, f'no momentum buffer in {sorted(sd)}'
        for k in keys:
            sd[k] = self._t([1.0, 2.0], [2])
        return sd

    @staticmethod
    def expect_equal(got, want):
        assert got == want, f'after the call: {got!r}, expected {want!r}'


from gi.repository import GObject  # noqa: E402

_FATAL_LOGS = any(f in os.environ.get('G_DEBUG', '')
                  for f in ('fatal-criticals', 'fatal-warnings'))


def _default_names(cname):
    return cname[:-len('_full')] if cname.endswith('_full') else cname


def _run_case(k, tmpdir):
    """Runs one table case; returns the list of problems."""
    ctx = _Ctx(tmpdir)
    problems = []
    result = err = other = None
    with _Logs() as logs:
        try:
            result = k.call(ctx)
        except GLib.Error as e:
            err = e
        except (TypeError, ValueError, OverflowError) as e:
            other = e
    names = k.names or _default_names(k.cname)
    logged = logs.messages
    if k.expect == 'error':
        if err is None:
            problems.append(f'no GError (returned {result!r}'
                            + (f', raised {other!r}' if other else '') + ')')
        elif not err.matches(Gt.error_quark(), getattr(Gt.Error, k.code)):
            problems.append(f'{err.domain} code {err.code}, expected '
                            f'GT_ERROR_{k.code}: {err.message!r}')
        elif names not in err.message:
            problems.append(f'message does not name {names}: '
                            f'{err.message!r}')
    elif k.expect == 'critical':
        hits = [m for m in logged
                if m.startswith('Gtensor: ') and names in m]
        if not hits:
            problems.append(f'no critical naming {names}')
        logged = [m for m in logged if m not in hits]
        if err is not None:
            problems.append(f'unexpected GError {err.message!r}')
        if other is not None and 'returned NULL' not in str(other):
            problems.append(f'unexpected {other!r}')
    elif k.expect == 'value':
        if err is not None or other is not None:
            problems.append(f'raised {err or other!r}')
        elif result != k.value:
            problems.append(f'returned {result!r}, expected {k.value!r}')
    elif k.expect == 'bindings':
        if not isinstance(other, TypeError):
            problems.append(f'the bindings did not refuse it (returned '
                            f'{result!r}, error {err!r})')
    else:
        problems.append(f'unknown expectation {k.expect}')
    if logged:
        problems.append(f'unexpected GLib log messages: {logged}')
    if k.check is not None and not problems:
        try:
            k.check(ctx)
        except AssertionError as e:
            problems.append(str(e))
    return problems


def _table_params():
    out = []
    for k in table.CASES:
        marks = []
        if k.xfail:
            marks.append(pytest.mark.xfail(reason=k.xfail, strict=True))
        if 'without CUDA' in k.label and Gt.cuda_is_available():
            marks.append(pytest.mark.skip(reason='CUDA is available'))
        if k.expect == 'critical' and _FATAL_LOGS:
            marks.append(pytest.mark.skip(reason='G_DEBUG makes criticals '
                                          'fatal'))
        out.append(pytest.param(k, id=k.id, marks=marks))
    return out


@pytest.mark.skipif(_gir_path() is None, reason='no Gt-1.0.gir')
@pytest.mark.parametrize('table_case', _table_params())
def test_table_case(table_case, tmpdir_bad):
    problems = _run_case(table_case, tmpdir_bad)
    assert not problems, f'{table_case.id}: ' + '; '.join(problems)


def _public():
    """Every public callable the bindings can call, by C name. Functions
    the GIR marks (introspectable="0") are not reachable from bindings."""
    return _by_cname()


def _classified():
    generic = {c.cname for c in _tested()}
    tabled = {k.cname for k in table.CASES}
    return generic, set(NOT_TESTED), tabled, set(table.ALLOW)


def test_every_public_callable_is_classified():
    """The GIR's public functions, methods and constructors all appear in
    the bad-input cases (generic or table), in NOT_TESTED (covered by a
    named test) or in the allow-list with a reason. A new public function
    fails here until it is given bad-input cases."""
    if _gir_path() is None:
        pytest.skip('Gt-1.0.gir not found beside the typelib (GI_TYPELIB_PATH)')
    public = _public()
    generic, not_tested, tabled, allowed = _classified()
    missing = sorted(set(public) - generic - not_tested - tabled - allowed)
    assert not missing, ('public functions with no bad-input case and not in '
                         f'the allow-list ({len(missing)}): {missing}')
    print(f'\nbad-input coverage: {len(public)} public callables; '
          f'{len(generic - not_tested)} by the generic tensor cases, '
          f'{len(tabled - generic)} more by the table '
          f'({len(table.CASES)} cases), {len(not_tested)} in named tests, '
          f'{len(allowed)} allow-listed')


def test_allow_list_is_honest():
    """Every allow-listed name is public, has a reason, and has no case
    (a function with cases does not need to be allowed)."""
    if _gir_path() is None:
        pytest.skip('Gt-1.0.gir not found beside the typelib (GI_TYPELIB_PATH)')
    public = _public()
    generic, not_tested, tabled, allowed = _classified()
    unknown = sorted((allowed | tabled) - set(public))
    assert not unknown, f'not public functions: {unknown}'
    both = sorted(allowed & (tabled | generic | not_tested))
    assert not both, f'allow-listed but covered by cases: {both}'
    empty = [n for n, why in table.ALLOW.items() if len(why) < 8]
    assert not empty, f'allow-list entries without a reason: {empty}'
    # the allow-list is for functions with nothing to make bad: no argument
    # but the object, or only booleans (and the few listed with a reason
    # of their own, which say why their arguments cannot be bad)
    generic_reasons = {table._GETTER, table._NOARG, table._BOOL}
    for name in allowed & set(public):
        c = public[name]
        if table.ALLOW[name] not in generic_reasons:
            continue
        kinds = [p.kind for p in (c.params or [])]
        assert all(k == 'gboolean' for k in kinds), \
            f'{name} takes {kinds}: not a getter; give it cases'


# ---- NULL -------------------------------------------------------------------
#
# From the bindings' side NULL is None. PyGObject refuses None for every
# argument the GIR does not mark (nullable) (TypeError "Argument N does not
# allow None as a value") before C is reached, so the C side's
# g_return_val_if_fail (x != NULL) checks (programmer errors, a critical)
# are unreachable from Python, GJS and Vala alike. This test checks that for
# every pointer argument of every public callable, the object included:
# either the bindings refuse None at that very argument, or the C function
# reports a GError naming itself; a crash, a critical or an accepted None
# fails it. (None where the GIR allows it is what the generic cases pass for
# nullable devices and parameter groups, and the table for its nullable
# arguments.)

_POINTER_KINDS = {'utf8', 'filename', 'array', 'GLib.Bytes', 'GLib.HashTable'}


def _is_pointer(p):
    if p.kind in _POINTER_KINDS:
        return True
    return p.kind not in _SCALARS and not _is_enum(p.kind)


_SCALARS = {'gint', 'guint', 'gint8', 'guint8', 'gint16', 'guint16', 'gint32',
            'guint32', 'gint64', 'guint64', 'glong', 'gulong', 'gsize',
            'gssize', 'gdouble', 'gfloat', 'gboolean', 'gchar', 'guchar',
            'gunichar', 'GType'}


def _is_enum(kind):
    t = getattr(Gt, kind, None) if '.' not in kind else None
    return isinstance(t, type) and issubclass(t, (GObject.GEnum,
                                                  GObject.GFlags))


def _plain_value(p, ctx):
    """A value of the right type (not necessarily sensible) for @p, or
    raises KeyError when none is known."""
    k = p.kind
    if k in ('gdouble', 'gfloat'):
        return 0.5
    if k == 'gboolean':
        return False
    if k in _SCALARS:
        return 1
    if _is_enum(k):
        return list(getattr(Gt, k).__enum_values__.values())[0] \
            if hasattr(getattr(Gt, k), '__enum_values__') else 0
    if k == 'Tensor':
        return ctx.t()
    if k == 'array':
        return [ctx.t()] if p.elem == 'Tensor' else []
    if k in ('utf8', 'filename'):
        return ctx.path('x')
    if k == 'GLib.Bytes':
        return GLib.Bytes.new(b'')
    if k == 'GLib.HashTable':
        return {}
    if k == 'Device':
        return Gt.Device.new(Gt.DeviceType.CPU, 0)
    if k == 'Module':
        return ctx.lin
    if k == 'Optimizer':
        return ctx.opt
    if k == 'ParamGroup':
        return ctx.group()
    raise KeyError(k)


def _null_targets():
    """(callable, position, parameter name) for every non-nullable pointer
    argument; position 0 is the object of a method."""
    out = []
    for c in _callables():
        if c.params is None or c.cname in NOT_TESTED:
            continue
        if c.has_self:
            out.append((c, 0, 'self'))
        base = 1 if c.has_self else 0
        for i, p in enumerate(c.params):
            if not p.nullable and _is_pointer(p):
                out.append((c, base + i, p.name))
    return out


def _c_position(c, pos):
    """The place of Python argument @pos among the C arguments (what
    PyGObject's messages count): array lengths are C arguments too."""
    base = 1 if c.has_self else 0
    if pos < base:
        return pos
    return base + c.params[pos - base].c_index


def _null_params():
    return [pytest.param(c, pos, name, id=f'{c.cname}:{name}')
            for c, pos, name in _null_targets()]


@pytest.mark.skipif(_gir_path() is None, reason='no Gt-1.0.gir')
@pytest.mark.parametrize('c,pos,pname', _null_params())
def test_null_refused(c, pos, pname, tmpdir_bad):
    ctx = _Ctx(tmpdir_bad)
    argv = []
    if c.has_self:
        argv.append(None if pos == 0 else _instance_of(c.owner, ctx))
    base = 1 if c.has_self else 0
    for i, p in enumerate(c.params):
        if base + i == pos:
            argv.append(None)
            continue
        try:
            argv.append(_plain_value(p, ctx))
        except KeyError:
            if base + i > pos:
                argv.append(None)       # never marshalled: None fails first
            else:
                pytest.skip(f'no value for {p.kind} {p.name}')
    with _Logs() as logs:
        try:
            result = _raw(c.cname)(*argv)
        except TypeError as e:
            assert _refused_at(str(e), _c_position(c, pos)), \
                f'{c.cname}: refused, but not for {pname}: {e}'
            assert not logs.messages, logs.messages
            return
        except GLib.Error as e:
            assert e.domain == 'gt-error-quark', e.message
            assert c.cname in e.message, e.message
            assert not logs.messages, logs.messages
            return
    pytest.fail(f'{c.cname}: None for the non-nullable {pname} accepted '
                f'(returned {result!r}; logged {logs.messages})')


def _refused_at(message, pos):
    """PyGObject's words for refusing None at argument @pos (counting the
    object of a method as 0)."""
    m = re.match(r'Argument (\d+) does not allow None as a value', message)
    if m:
        return int(m.group(1)) == pos
    # hash tables and arrays: PyGObject's own type checks say "must be"
    return 'None' in message or 'NoneType' in message


def _instance_of(owner, ctx):
    makers = {
        'Tensor': ctx.t, 'Module': lambda: ctx.lin,
        'Linear': lambda: ctx.lin, 'Sequential': lambda: ctx.seq,
        'ModuleList': lambda: ctx.mlist, 'Optimizer': lambda: ctx.opt,
        'SGD': lambda: ctx.opt, 'ParamGroup': ctx.group,
        'Device': lambda: Gt.Device.new(Gt.DeviceType.CPU, 0),
        'Loss': lambda: Gt.MSELoss.new(),
        'LRScheduler': lambda: _raw('gt_step_lr_new')(ctx.opt, 1, 0.1, -1),
        'ReduceLROnPlateau': ctx.plateau,
        'MaxPool2d': lambda: Gt.MaxPool2d.new(2),
        'Flatten': lambda: Gt.Flatten.new(1, -1),
        'LayerNorm': lambda: Gt.LayerNorm.new([3]),
        'BatchNorm': lambda: Gt.BatchNorm2d.new(2),
        'MultiStepLR': lambda: _raw('gt_multi_step_lr_new')(ctx.opt, [2], 0.1,
                                                            -1),
        'Function': lambda: Gt.Function(),
    }
    m = makers.get(owner)
    if m is None:
        pytest.skip(f'no instance of {owner}')
    return m()
