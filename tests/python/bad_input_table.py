# SPDX-License-Identifier: LGPL-2.1-or-later
"""The bad-input table for the public functions the generic cases of
test_bad_input.py cannot reach: those that take no tensors (creation from
shapes, files and bytes, devices, dtypes, threads, nn layer constructors,
losses, optimizer setters, parameter groups, LR schedulers, module state).

Every case names the C function it is for (`cname`) and calls exactly that
C function through the introspection data (`ctx.fn(cname)`), not through
the Python overrides, so the table checks the C library. What a case
expects (`expect`):

  error     the call raises GLib.Error in the gt-error-quark domain with
            `code`, and the message contains `names` (default: the C name,
            with a `_full` suffix dropped: the _new_full constructors report
            as their _new form). A "deferred" case first builds an object
            with a non-throwing constructor and then runs the call that
            reports it (a layer's forward, an optimizer's step); `names` is
            then the function whose message the user sees.
  critical  a function without a GError refuses a programmer error with a
            g_return_if_fail critical that names it (the GLib convention for
            programmer errors in void setters); `check` then verifies
            nothing was changed.
  value     the input is not an error for this function: it returns the
            documented answer (`value`): %NULL for a lookup of a name that
            does not exist, the fallback of an absent option, ...
  bindings  the bindings refuse the value before C is reached (PyGObject
            checks enum arguments against the enum): TypeError.

In every case, any GLib critical or warning that the case does not expect
fails it (a silently dropped GObject property is such a warning).

`xfail` marks a case whose failure is a known, reported library bug, with
the reason; the test is strict, so a fixed bug makes the case fail until
the mark is removed.
"""

import math

from gi.repository import GLib, GObject


class Case:
    def __init__(self, cname, label, call, code=None, expect='error',
                 names=None, check=None, value=None, xfail=None):
        self.cname = cname
        self.label = label
        self.call = call          # ctx -> result
        self.code = code          # attribute name in Gt.Error
        self.expect = expect
        self.names = names
        self.check = check        # ctx -> None, asserts after the call
        self.value = value
        self.xfail = xfail

    @property
    def id(self):
        return f'{self.cname}[{self.label}]'


CASES = []


def case(cname, label, code=None, **kw):
    def wrap(call):
        CASES.append(Case(cname, label, call, code, **kw))
        return call
    return wrap


def add(cname, label, call, code=None, **kw):
    CASES.append(Case(cname, label, call, code, **kw))


NAN = math.nan
F32 = 'FLOAT32'


# ---- creation from shapes, values, bytes and files ------------------------

def _dt(ctx, name=F32):
    return getattr(ctx.Gt.DType, name)


add('gt_zeros', 'negative size',
    lambda c: c.fn('gt_zeros')([2, -1], _dt(c), None), 'SHAPE')
add('gt_zeros', 'cuda device without CUDA',
    lambda c: c.fn('gt_zeros')([2], _dt(c), c.cuda()), 'DEVICE_UNAVAILABLE')
add('gt_ones', 'more than 8 dims',
    lambda c: c.fn('gt_ones')([1] * 9, _dt(c), None), 'SHAPE')
add('gt_empty', '2^54 bytes',
    lambda c: c.fn('gt_empty')([2 ** 48, 64], _dt(c), None),
    'OUT_OF_MEMORY')
add('gt_empty', 'cuda device without CUDA',
    lambda c: c.fn('gt_empty')([2], _dt(c), c.cuda()), 'DEVICE_UNAVAILABLE')
add('gt_full', 'NaN into int64',
    lambda c: c.fn('gt_full')([2], NAN, _dt(c, 'INT64'), None), 'VALUE')
add('gt_full', 'negative size',
    lambda c: c.fn('gt_full')([-3], 1.0, _dt(c), None), 'SHAPE')
add('gt_rand', 'integer dtype',
    lambda c: c.fn('gt_rand')([2], _dt(c, 'INT64'), None), 'DTYPE')
add('gt_randn', 'integer dtype',
    lambda c: c.fn('gt_randn')([2], _dt(c, 'INT64'), None), 'DTYPE')
add('gt_randn', 'negative size',
    lambda c: c.fn('gt_randn')([-2], _dt(c), None), 'SHAPE')
add('gt_randint', 'low >= high',
    lambda c: c.fn('gt_randint')(5, 1, [2], _dt(c, 'INT64'), None), 'VALUE')
add('gt_arange', 'NaN end',
    lambda c: c.fn('gt_arange')(0.0, NAN, 1.0, _dt(c), None), 'VALUE')
add('gt_arange', 'zero step',
    lambda c: c.fn('gt_arange')(0.0, 5.0, 0.0, _dt(c), None), 'VALUE')
add('gt_arange', 'infinite end',
    lambda c: c.fn('gt_arange')(0.0, math.inf, 1.0, _dt(c), None), 'VALUE')
add('gt_linspace', 'negative steps',
    lambda c: c.fn('gt_linspace')(0.0, 1.0, -1, _dt(c), None), 'VALUE')
add('gt_eye', 'negative n',
    lambda c: c.fn('gt_eye')(-1, 2, _dt(c), None), 'SHAPE')
add('gt_tensor_new_from_doubles', 'too few values',
    lambda c: c.fn('gt_tensor_new_from_doubles')([1.0], [2, 3], _dt(c), None),
    'SHAPE')
add('gt_tensor_new_from_int64s', 'too few values',
    lambda c: c.fn('gt_tensor_new_from_int64s')([1], [2, 3],
                                                _dt(c, 'INT64'), None),
    'SHAPE')
add('gt_tensor_new_from_bytes', 'too few bytes',
    lambda c: c.fn('gt_tensor_new_from_bytes')(GLib.Bytes.new(b'\x01'),
                                               [2, 3], _dt(c), None),
    'SHAPE')
add('gt_tensor_new_from_bytes', 'cuda device without CUDA',
    lambda c: c.fn('gt_tensor_new_from_bytes')(GLib.Bytes.new(bytes(8)),
                                               [2], _dt(c), c.cuda()),
    'DEVICE_UNAVAILABLE')

# files and bytes: a missing file is GT_ERROR_IO, a malformed one FORMAT
_LOADERS = ('gt_load', 'gt_load_mapped', 'gt_tensor_load')
for _n in _LOADERS:
    add(_n, 'missing file', lambda c, n=_n: c.fn(n)(c.path('missing')), 'IO')
    add(_n, 'truncated header', lambda c, n=_n: c.fn(n)(c.junk()), 'FORMAT')
    add(_n, 'directory', lambda c, n=_n: c.fn(n)(c.tmpdir), 'IO')
add('gt_load_with_metadata', 'missing file',
    lambda c: c.fn('gt_load_with_metadata')(c.path('missing')), 'IO')
add('gt_load_with_metadata', 'truncated header',
    lambda c: c.fn('gt_load_with_metadata')(c.junk()), 'FORMAT')
add('gt_load_from_bytes', 'two bytes',
    lambda c: c.fn('gt_load_from_bytes')(GLib.Bytes.new(b'\x01\x02')),
    'FORMAT')
add('gt_load_from_bytes', 'header longer than the buffer',
    lambda c: c.fn('gt_load_from_bytes')(
        GLib.Bytes.new(b'\xff' * 7 + b'\x7f{}')), 'FORMAT')
add('gt_load_from_bytes', 'data offsets out of the buffer',
    lambda c: c.fn('gt_load_from_bytes')(c.bad_offsets()), 'FORMAT')


def _st(header, data=b''):
    """A safetensors buffer with @header (str) and @data."""
    h = header.encode()
    return GLib.Bytes.new(len(h).to_bytes(8, 'little') + h + data)


_F32A = '{"a":{"dtype":"F32","shape":%s,"data_offsets":%s}}'
for _label, _buf, _code in (
        ('unknown dtype',
         _st('{"a":{"dtype":"F8","shape":[1],"data_offsets":[0,1]}}', b'\0'),
         'FORMAT'),
        ('shape needing more bytes than its offsets span',
         _st(_F32A % ('[3]', '[0,4]'), bytes(4)), 'FORMAT'),
        ('negative size', _st(_F32A % ('[-1]', '[0,4]'), bytes(4)), 'FORMAT'),
        ('offsets reversed', _st(_F32A % ('[1]', '[4,0]'), bytes(4)),
         'FORMAT'),
        ('offsets not integers', _st(_F32A % ('[1]', '[0.5,4]'), bytes(4)),
         'FORMAT'),
        ('element count overflowing',
         _st(_F32A % ('[4611686018427387904,4]', '[0,4]'), bytes(4)),
         'FORMAT'),
        ('overlapping tensors',
         _st('{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},'
             '"b":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}',
             bytes(4)), 'FORMAT'),
        ('header a JSON array', _st('[1,2]'), 'FORMAT'),
        ('entry without dtype',
         _st('{"a":{"shape":[1],"data_offsets":[0,4]}}', bytes(4)), 'FORMAT'),
        ('metadata value not a string', _st('{"__metadata__":{"k":1}}'),
         'FORMAT'),
        ('header length 2^63',
         GLib.Bytes.new((2 ** 63).to_bytes(8, 'little') + b'{}'), 'FORMAT'),
        ('nine dims', _st(_F32A % ('[1,1,1,1,1,1,1,1,1]', '[0,4]'), bytes(4)),
         'NOT_SUPPORTED')):
    add('gt_load_from_bytes', _label,
        lambda c, b=_buf: c.fn('gt_load_from_bytes')(b), _code)
add('gt_save', 'no such directory',
    lambda c: c.fn('gt_save')({'a': c.t()}, None,
                              c.path('no-dir', 'f.safetensors')), 'IO')
add('gt_save', 'reserved name __metadata__',
    lambda c: c.fn('gt_save')({'__metadata__': c.t()}, None,
                              c.path('f.safetensors')), 'VALUE')
add('gt_save_to_bytes', 'reserved name __metadata__',
    lambda c: c.fn('gt_save_to_bytes')({'__metadata__': c.t()}, None),
    'VALUE')

# ---- devices, dtypes, threads ---------------------------------------------

for _s in ('tpu', '', 'cuda:-1', 'cuda:01', 'cuda:99999999999999999999',
           'cpu:0:0', 'CUDA', 'cuda:\u00e9'):
    add('gt_device_new_from_string', repr(_s),
        lambda c, s=_s: c.fn('gt_device_new_from_string')(s), 'DEVICE')
for _i in (-2, -5):
    add('gt_device_new', f'index {_i}',
        lambda c, i=_i: c.fn('gt_device_new')(c.Gt.DeviceType.CUDA, i),
        'DEVICE', names='gt_device_new: device index must not be negative')
add('gt_dtype_from_name', 'unknown name',
    lambda c: c.fn('gt_dtype_from_name')('float128'), 'DTYPE')
add('gt_dtype_from_name', 'empty name',
    lambda c: c.fn('gt_dtype_from_name')(''), 'DTYPE')
for _n, _args in (('gt_dtype_get_name', (99,)),
                  ('gt_dtype_get_element_size', (99,)),
                  ('gt_dtype_is_floating_point', (99,)),
                  ('gt_dtype_is_signed', (99,)),
                  ('gt_dtype_is_valid', (99,)),
                  ('gt_dtype_promote_types', (99, 0))):
    add(_n, 'not a dtype', expect='bindings',
        call=lambda c, n=_n, a=_args: c.fn(n)(*a))
for _n in ('gt_mse_loss_new_full', 'gt_l1_loss_new_full'):
    add(_n, 'not a reduction', expect='bindings',
        call=lambda c, n=_n: c.fn(n)(7))
add('gt_loss_set_reduction', 'not a reduction', expect='bindings',
    call=lambda c: c.fn('gt_loss_set_reduction')(c.Gt.MSELoss.new(), 7))
add('gt_cuda_synchronize', 'device 99',
    lambda c: c.fn('gt_cuda_synchronize')(99), 'DEVICE_UNAVAILABLE')
add('gt_cuda_synchronize', 'device -5 without CUDA',
    lambda c: c.fn('gt_cuda_synchronize')(-5), 'DEVICE_UNAVAILABLE')
for _n in ('gt_cuda_memory_allocated', 'gt_cuda_memory_reserved'):
    add(_n, 'device 99: nothing allocated there', expect='value', value=0,
        call=lambda c, n=_n: c.fn(n)(99))
    add(_n, 'device -5: nothing allocated there', expect='value', value=0,
        call=lambda c, n=_n: c.fn(n)(-5))
for _n in (0, -4):
    add('gt_set_num_threads', str(_n),
        lambda c, n=_n: c.fn('gt_set_num_threads')(n), 'VALUE',
        names=f'gt_set_num_threads: number of threads must be positive, '
              f'got {_n}',
        check=lambda c: c.expect_equal(c.fn('gt_get_num_threads')(),
                                       c.threads_before))

# ---- out-of-range indices and sizes of tensor ops ---------------------------
#
# The generic cases give dims 99 and bad dtypes; here the index values
# themselves are out of range (past the end, and below -size), as are k,
# start/length, steps, chunk counts, repeats and view sizes.


def _i64(c, values, shape=None):
    return c._t(values, shape or [len(values)], c.Gt.DType.INT64)


def _x23(c):
    return c._t([0.1 * k for k in range(6)], [2, 3])


for _v, _w in (('9', 9), ('-9', -9)):
    add('gt_tensor_gather', f'index {_v}', lambda c, w=_w: c.fn(
        'gt_tensor_gather')(_x23(c), 1, _i64(c, [0, w], [1, 2])), 'INDEX')
    add('gt_tensor_index_select', f'index {_v}', lambda c, w=_w: c.fn(
        'gt_tensor_index_select')(_x23(c), 1, _i64(c, [0, w])), 'INDEX')
    add('gt_tensor_take', f'index {_v}', lambda c, w=_w: c.fn(
        'gt_tensor_take')(_x23(c), _i64(c, [w * 11])), 'INDEX')
    add('gt_tensor_select', f'index {_v}', lambda c, w=_w: c.fn(
        'gt_tensor_select')(_x23(c), 1, w), 'INDEX')
    add('gt_embedding', f'index {_v}', lambda c, w=_w: c.fn('gt_embedding')(
        _i64(c, [0, w]), c._t([0.0] * 6, [3, 2]), -1, 0.0, 2.0), 'INDEX')
    add('gt_one_hot', f'class {_v}', lambda c, w=_w: c.fn('gt_one_hot')(
        _i64(c, [0, w]), 3), 'INDEX')
    add('gt_nll_loss', f'target {_v}', lambda c, w=_w: c.fn('gt_nll_loss')(
        _x23(c), _i64(c, [0, w]), None, -100, c.Gt.Reduction.MEAN), 'INDEX')
    add('gt_cross_entropy', f'target {_v}', lambda c, w=_w: c.fn(
        'gt_cross_entropy')(_x23(c), _i64(c, [0, w]), None, -100,
                            c.Gt.Reduction.MEAN, 0.0), 'INDEX')
for _n in ('gt_tensor_scatter', 'gt_tensor_scatter_', 'gt_tensor_scatter_add',
           'gt_tensor_scatter_add_'):
    add(_n, 'index 9', lambda c, n=_n: c.fn(n)(
        _x23(c), 1, _i64(c, [0, 9], [1, 2]), _x23(c)), 'INDEX')
for _n in ('gt_tensor_scatter_scalar', 'gt_tensor_scatter_scalar_'):
    add(_n, 'index 9', lambda c, n=_n: c.fn(n)(
        _x23(c), 1, _i64(c, [0, 9], [1, 2]), 1.0), 'INDEX')
add('gt_tensor_index', 'index 9', lambda c: c.fn('gt_tensor_index')(
    _x23(c), [_i64(c, [0, 9])]), 'INDEX')
add('gt_tensor_index_dims', 'index 9', lambda c: c.fn(
    'gt_tensor_index_dims')(_x23(c), [1], [_i64(c, [0, 9])]), 'INDEX')
for _n in ('gt_tensor_index_put', 'gt_tensor_index_put_'):
    add(_n, 'index 9', lambda c, n=_n: c.fn(n)(
        _x23(c), [_i64(c, [0, 9])], c._t([1.0], [1]), False), 'INDEX')
add('gt_tensor_index_put_dims_', 'index 9', lambda c: c.fn(
    'gt_tensor_index_put_dims_')(_x23(c), [1], [_i64(c, [0, 9])],
                                 c._t([1.0], [1]), False), 'INDEX')
add('gt_tensor_narrow', 'start + length past the end', lambda c: c.fn(
    'gt_tensor_narrow')(_x23(c), 1, 2, 5), 'INDEX')
add('gt_tensor_narrow', 'start -9', lambda c: c.fn(
    'gt_tensor_narrow')(_x23(c), 1, -9, 1), 'INDEX')
add('gt_tensor_narrow', 'negative length', lambda c: c.fn(
    'gt_tensor_narrow')(_x23(c), 1, 0, -1), 'INDEX')
add('gt_tensor_slice', 'step 0', lambda c: c.fn('gt_tensor_slice')(
    _x23(c), 1, 0, 3, 0), 'VALUE')
add('gt_tensor_slice', 'step -1', lambda c: c.fn('gt_tensor_slice')(
    _x23(c), 1, 0, 3, -1), 'VALUE')
add('gt_tensor_topk', 'k past the size', lambda c: c.fn('gt_tensor_topk')(
    _x23(c), 9, 1, True, True), 'INDEX')
add('gt_tensor_topk', 'k -1', lambda c: c.fn('gt_tensor_topk')(
    _x23(c), -1, 1, True, True), 'INDEX')
add('gt_tensor_repeat', 'negative repeat', lambda c: c.fn(
    'gt_tensor_repeat')(_x23(c), [-1, 1]), 'SHAPE')
add('gt_tensor_view', 'wrong element count', lambda c: c.fn(
    'gt_tensor_view')(_x23(c), [4]), 'SHAPE')
add('gt_tensor_reshape', 'two inferred sizes', lambda c: c.fn(
    'gt_tensor_reshape')(_x23(c), [-1, -1]), 'SHAPE')
add('gt_tensor_permute', 'a dim twice', lambda c: c.fn(
    'gt_tensor_permute')(_x23(c), [0, 0]), 'VALUE')
add('gt_tensor_chunk', '0 chunks', lambda c: c.fn('gt_tensor_chunk')(
    _x23(c), 0, 0), 'VALUE')
add('gt_tensor_expand', 'non-singleton size changed', lambda c: c.fn(
    'gt_tensor_expand')(_x23(c), [3, 3]), 'SHAPE')

# sizes whose byte count overflows: GT_ERROR_SHAPE naming the function
_B = 2 ** 40
add('gt_zeros', 'size overflowing the byte count',
    lambda c: c.fn('gt_zeros')([2 ** 62, 4], _dt(c), None), 'SHAPE')
add('gt_linspace', '2^62 steps',
    lambda c: c.fn('gt_linspace')(0.0, 1.0, 2 ** 62, _dt(c), None), 'SHAPE')
add('gt_arange', '1e300 elements',
    lambda c: c.fn('gt_arange')(0.0, 1e300, 1.0, _dt(c), None), 'VALUE')
add('gt_eye', '2^31 x 2^31',
    lambda c: c.fn('gt_eye')(2 ** 31, 2 ** 31, _dt(c), None), 'SHAPE')
add('gt_randint', '2^70 elements',
    lambda c: c.fn('gt_randint')(0, 5, [_B, 2 ** 30], _dt(c, 'INT64'),
                                 None), 'SHAPE')
add('gt_one_hot', '2^62 classes',
    lambda c: c.fn('gt_one_hot')(_i64(c, [0]), 2 ** 62), 'SHAPE')
add('gt_tensor_repeat', '2^40 x 2^40 times',
    lambda c: c.fn('gt_tensor_repeat')(_x23(c), [_B, _B]), 'SHAPE')
add('gt_tensor_expand', 'to 2^62',
    lambda c: c.fn('gt_tensor_expand')(c._t([1.0], [1]), [2 ** 62]),
    'SHAPE')

# ---- nn layers --------------------------------------------------------------
#
# The _new constructors cannot fail: an invalid setting gives a layer whose
# forward fails, naming the constructor (or the functional op it runs, which
# torch.nn also reports at forward time). The _new_full forms refuse at once.


def _fwd(ctx, module, x=None):
    x = ctx.x4() if x is None else getattr(ctx, x)()
    return ctx.fn('gt_module_forward')(module, x)


def _deferred(cname, label, make, code, names=None, x=None, **kw):
    add(cname, label, lambda c: _fwd(c, make(c), x), code,
        names=names or cname, **kw)


_deferred('gt_linear_new', 'negative in_features',
          lambda c: c.fn('gt_linear_new')(-1, 3, True), 'VALUE')
add('gt_linear_new_full', 'negative out_features',
    lambda c: c.fn('gt_linear_new_full')(3, -2, True, _dt(c)), 'VALUE')
add('gt_linear_new_full', 'int64 parameters',
    lambda c: c.fn('gt_linear_new_full')(3, 3, True, _dt(c, 'INT64')),
    'DTYPE')
# layers too large for memory: the constructor's name, not gt_empty's alone
_deferred('gt_linear_new', '2^40 x 2^40 weight',
          lambda c: c.fn('gt_linear_new')(_B, _B, True), 'SHAPE')
add('gt_linear_new_full', '2^40 x 2^40 weight',
    lambda c: c.fn('gt_linear_new_full')(_B, _B, True, _dt(c)), 'SHAPE')
add('gt_embedding_new_full', '2^40 x 2^40 weight',
    lambda c: c.fn('gt_embedding_new_full')(_B, _B, -1, 0.0, 2.0, _dt(c)),
    'SHAPE', names='gt_embedding_new')
add('gt_layer_norm_new_full', '2^40 x 2^40 weight',
    lambda c: c.fn('gt_layer_norm_new_full')([_B, _B], 1e-5, True, _dt(c)),
    'SHAPE', names='gt_layer_norm_new')
add('gt_batch_norm2d_new_full', '2^62 features',
    lambda c: c.fn('gt_batch_norm2d_new_full')(2 ** 62, 1e-5, 0.1, True, True,
                                               _dt(c)),
    'SHAPE', names='gt_batch_norm2d_new')
_deferred('gt_conv2d_new', 'negative kernel',
          lambda c: c.fn('gt_conv2d_new')(1, 2, -3, 1, 0), 'VALUE')
_deferred('gt_conv2d_new', 'zero stride',
          lambda c: c.fn('gt_conv2d_new')(2, 2, 3, 0, 0), 'VALUE',
          names='gt_tensor_conv2d')


def _conv_full(c, **kw):
    a = dict(ic=4, oc=4, kh=3, kw=3, sh=1, sw=1, ph=0, pw=0, ps=None,
             dh=1, dw=1, groups=1, bias=True, pm=None, dtype=_dt(c))
    a.update(kw)
    return c.fn('gt_conv2d_new_full')(
        a['ic'], a['oc'], a['kh'], a['kw'], a['sh'], a['sw'], a['ph'],
        a['pw'], a['ps'], a['dh'], a['dw'], a['groups'], a['bias'], a['pm'],
        a['dtype'])


for _label, _kw, _code in (
        ('negative kernel', dict(kh=-1), 'VALUE'),
        ('groups 3 for 4 channels', dict(groups=3), 'VALUE'),
        ('groups 0', dict(groups=0), 'VALUE'),
        ('padding string', dict(ps='bogus'), 'VALUE'),
        ("padding 'same' with stride 2", dict(ps='same', sh=2), 'VALUE'),
        ('padding mode', dict(pm='bogus'), 'VALUE')):
    add('gt_conv2d_new_full', _label,
        lambda c, kw=_kw: _conv_full(c, **kw), _code)
# torch.nn.Conv2d takes these and its forward refuses them
for _label, _kw in (('zero stride', dict(sw=0)),
                    ('negative padding', dict(ph=-1)),
                    ('zero dilation', dict(dh=0))):
    add('gt_conv2d_new_full', _label,
        lambda c, kw=_kw: _fwd(c, _conv_full(c, ic=2, oc=2, **kw)), 'VALUE',
        names='gt_tensor_conv2d')
add('gt_conv2d_new_full', '2^40 channels',
    lambda c: _conv_full(c, ic=_B, oc=_B), 'SHAPE', names='gt_conv2d_new')
add('gt_conv2d_new_full', 'int64 parameters',
    lambda c: _conv_full(c, dtype=_dt(c, 'INT64')), 'DTYPE')

_deferred('gt_max_pool2d_new', 'kernel 0',
          lambda c: c.fn('gt_max_pool2d_new')(0), 'VALUE',
          names='gt_tensor_max_pool2d')
_deferred('gt_max_pool2d_new_full', 'negative stride',
          lambda c: c.fn('gt_max_pool2d_new_full')(2, 2, -1, 2, 0, 0, 1, 1,
                                                   False, False), 'VALUE',
          names='gt_tensor_max_pool2d')
_deferred('gt_max_pool2d_new_full', 'padding over half the kernel',
          lambda c: c.fn('gt_max_pool2d_new_full')(2, 2, 2, 2, 2, 0, 1, 1,
                                                   False, False), 'VALUE',
          names='gt_tensor_max_pool2d')
_deferred('gt_avg_pool2d_new', 'kernel 0',
          lambda c: c.fn('gt_avg_pool2d_new')(0), 'VALUE',
          names='gt_tensor_avg_pool2d')
_deferred('gt_avg_pool2d_new_full', 'padding over half the kernel',
          lambda c: c.fn('gt_avg_pool2d_new_full')(2, 2, 1, 1, 5, 0, False,
                                                   True, 0), 'VALUE',
          names='gt_tensor_avg_pool2d')
_deferred('gt_adaptive_avg_pool2d_new', 'negative output size',
          lambda c: c.fn('gt_adaptive_avg_pool2d_new')(-2, 2), 'VALUE',
          names='gt_tensor_adaptive_avg_pool2d')

for _d, _x in (('1d', 'x2'), ('2d', 'x4')):
    _new = f'gt_batch_norm{_d}_new'
    _deferred(_new, 'negative num_features',
              lambda c, n=_new: c.fn(n)(-1), 'VALUE',
              x=None if _x == 'x4' else 'x2')
    _full = _new + '_full'
    for _label, _args, _code in (
            ('negative num_features', (-1, 1e-5, 0.1), 'VALUE'),
            ('NaN eps', (2, NAN, 0.1), 'VALUE'),
            ('infinite eps', (2, math.inf, 0.1), 'VALUE'),
            ('negative eps', (2, -1.0, 0.1), 'VALUE')):
        add(_full, _label,
            lambda c, n=_full, a=_args: c.fn(n)(*a, True, True, _dt(c)),
            _code, names=_new)
    add(_full, 'int64 parameters',
        lambda c, n=_full: c.fn(n)(2, 1e-5, 0.1, True, True,
                                   _dt(c, 'INT64')), 'DTYPE', names=_new)


def _bn_with_grad_buffer(c):
    bn = c.fn('gt_batch_norm2d_new')(2)
    c.fn('gt_module_get_buffer')(bn, 'running_mean').set_requires_grad(True)
    return bn


add('gt_batch_norm_reset_running_stats', 'buffer requiring grad',
    lambda c: c.fn('gt_batch_norm_reset_running_stats')(
        _bn_with_grad_buffer(c)), 'AUTOGRAD', names='gt_tensor_zero_')
add('gt_batch_norm_reset_parameters', 'buffer requiring grad',
    lambda c: c.fn('gt_batch_norm_reset_parameters')(
        _bn_with_grad_buffer(c)), 'AUTOGRAD', names='gt_tensor_zero_')

_deferred('gt_dropout_new', 'p = 2',
          lambda c: c.fn('gt_dropout_new')(2.0), 'VALUE')
_deferred('gt_dropout_new', 'p = NaN',
          lambda c: c.fn('gt_dropout_new')(NAN), 'VALUE')
add('gt_dropout_new_full', 'p = -0.5',
    lambda c: c.fn('gt_dropout_new_full')(-0.5, False), 'VALUE',
    names='gt_dropout_new')
add('gt_dropout_new_full', 'p = inf',
    lambda c: c.fn('gt_dropout_new_full')(math.inf, False), 'VALUE',
    names='gt_dropout_new')
_deferred('gt_dropout_new', 'p = -inf',
          lambda c: c.fn('gt_dropout_new')(-math.inf), 'VALUE')
add('gt_dropout_new_full', 'p = NaN',
    lambda c: c.fn('gt_dropout_new_full')(NAN, False), 'VALUE',
    names='gt_dropout_new')
_deferred('gt_embedding_new', 'negative num_embeddings',
          lambda c: c.fn('gt_embedding_new')(-1, 3), 'VALUE', x='idx')
for _label, _args, _code in (
        ('padding_idx out of range', (3, 2, 7, 0.0, 2.0), 'VALUE'),
        ('negative embedding_dim', (3, -2, -1, 0.0, 2.0), 'VALUE'),
        ('NaN max_norm', (3, 2, -1, NAN, 2.0), 'VALUE'),
        ('NaN norm_type', (3, 2, -1, 1.0, NAN), 'VALUE')):
    add('gt_embedding_new_full', _label,
        lambda c, a=_args: c.fn('gt_embedding_new_full')(*a, _dt(c)),
        _code, names='gt_embedding_new')
add('gt_embedding_new_full', 'int64 weight',
    lambda c: c.fn('gt_embedding_new_full')(3, 2, -1, 0.0, 2.0,
                                            _dt(c, 'INT64')), 'DTYPE',
    names='gt_embedding_new')
_deferred('gt_layer_norm_new', 'negative size',
          lambda c: c.fn('gt_layer_norm_new')([-1]), 'VALUE')
add('gt_layer_norm_new_full', 'negative size',
    lambda c: c.fn('gt_layer_norm_new_full')([-1], 1e-5, True, _dt(c)),
    'VALUE', names='gt_layer_norm_new')
add('gt_layer_norm_new_full', 'infinite eps',
    lambda c: c.fn('gt_layer_norm_new_full')([3], math.inf, True, _dt(c)),
    'VALUE', names='gt_layer_norm_new')
add('gt_layer_norm_new_full', 'NaN eps',
    lambda c: c.fn('gt_layer_norm_new_full')([3], NAN, True, _dt(c)),
    'VALUE', names='gt_layer_norm_new')
add('gt_layer_norm_new_full', 'int64 parameters',
    lambda c: c.fn('gt_layer_norm_new_full')([3], 1e-5, True,
                                             _dt(c, 'INT64')),
    'DTYPE', names='gt_layer_norm_new')
_deferred('gt_flatten_new', 'start_dim out of range',
          lambda c: c.fn('gt_flatten_new')(9, -1), 'INDEX',
          names='gt_tensor_flatten')
_deferred('gt_softmax_new', 'dim out of range',
          lambda c: c.fn('gt_softmax_new')(9), 'INDEX',
          names='gt_tensor_softmax')
_deferred('gt_log_softmax_new', 'dim out of range',
          lambda c: c.fn('gt_log_softmax_new')(-9), 'INDEX',
          names='gt_tensor_log_softmax')
_deferred('gt_gelu_new', "approximate 'bogus'",
          lambda c: c.fn('gt_gelu_new')('bogus'), 'VALUE',
          names='gt_tensor_gelu')
# torch.nn.LeakyReLU(nan) is accepted and gives NaN for negative inputs: the
# slope must reach the forward, not be replaced by the default.
add('gt_leaky_relu_new', 'NaN slope is kept', expect='value',
    call=lambda c: math.isnan(c.fn('gt_module_forward')(
        c.fn('gt_leaky_relu_new')(NAN), c.neg()).to_doubles()[0]),
    value=True)


def _loss_fwd(c, loss):
    return c.fn('gt_loss_forward')(loss, c.x4(), c.x4())


add('gt_huber_loss_new_full', 'negative delta',
    lambda c: _loss_fwd(c, c.fn('gt_huber_loss_new_full')(
        c.Gt.Reduction.MEAN, -1.0)), 'VALUE', names='gt_huber_loss')
add('gt_huber_loss_new_full', 'NaN delta',
    lambda c: _loss_fwd(c, c.fn('gt_huber_loss_new_full')(
        c.Gt.Reduction.MEAN, NAN)), 'VALUE', names='gt_huber_loss')
add('gt_smooth_l1_loss_new_full', 'negative beta',
    lambda c: _loss_fwd(c, c.fn('gt_smooth_l1_loss_new_full')(
        c.Gt.Reduction.MEAN, -1.0)), 'VALUE', names='gt_smooth_l1_loss')
add('gt_smooth_l1_loss_new_full', 'NaN beta',
    lambda c: _loss_fwd(c, c.fn('gt_smooth_l1_loss_new_full')(
        c.Gt.Reduction.MEAN, NAN)), 'VALUE', names='gt_smooth_l1_loss')

add('gt_cross_entropy_loss_new_full', 'NaN label_smoothing',
    lambda c: c.fn('gt_loss_forward')(c.fn('gt_cross_entropy_loss_new_full')(
        None, -100, c.Gt.Reduction.MEAN, NAN), c.x2(), c.targets()),
    'VALUE', names='gt_cross_entropy')

# containers

add('gt_sequential_append', 'itself', expect='critical',
    call=lambda c: c.fn('gt_sequential_append')(c.seq, c.seq),
    names='gt_module_register_module',
    check=lambda c: c.expect_equal(c.fn('gt_sequential_get_length')(c.seq),
                                   0))
add('gt_module_list_append', 'itself', expect='critical',
    call=lambda c: c.fn('gt_module_list_append')(c.mlist, c.mlist),
    names='gt_module_register_module',
    check=lambda c: c.expect_equal(
        c.fn('gt_module_list_get_length')(c.mlist), 0))
add('gt_sequential_get', 'index 5 of an empty one', expect='value',
    call=lambda c: c.fn('gt_sequential_get')(c.seq, 5), value=None)
add('gt_module_list_get', 'index -5 of an empty one', expect='value',
    call=lambda c: c.fn('gt_module_list_get')(c.mlist, -5), value=None)

# ---- module state -----------------------------------------------------------

for _n in ('gt_module_get_parameter', 'gt_module_get_buffer',
           'gt_module_get_module'):
    add(_n, 'unknown name', expect='value', value=None,
        call=lambda c, n=_n: c.fn(n)(c.lin, 'no.such'))
for _n in ('gt_module_has_parameter', 'gt_module_has_buffer',
           'gt_module_has_module'):
    add(_n, 'unknown name', expect='value', value=False,
        call=lambda c, n=_n: c.fn(n)(c.lin, 'no.such'))
add('gt_module_remove', 'unknown name', expect='value', value=False,
    call=lambda c: c.fn('gt_module_remove')(c.lin, 'nope'))
add('gt_module_register_module', "name with a '.'", expect='critical',
    call=lambda c: c.fn('gt_module_register_module')(c.lin, 'a.b',
                                                     c.Gt.ReLU.new()),
    check=lambda c: c.expect_equal(c.fn('gt_module_has_module')(c.lin,
                                                                'a.b'),
                                   False))
add('gt_module_register_module', 'itself', expect='critical',
    call=lambda c: c.fn('gt_module_register_module')(c.lin, 'me', c.lin))


def _sd(c, **shapes):
    return {k: c.fn('gt_zeros')(s, _dt(c), None) for k, s in shapes.items()}


add('gt_module_load_state_dict', 'missing key',
    lambda c: c.fn('gt_module_load_state_dict')(
        c.lin, _sd(c, weight=[3, 3]), True), 'VALUE')
add('gt_module_load_state_dict', 'unexpected key',
    lambda c: c.fn('gt_module_load_state_dict')(
        c.lin, _sd(c, weight=[3, 3], bias=[3], extra=[1]), True), 'VALUE')
add('gt_module_load_state_dict', 'wrong shape',
    lambda c: c.fn('gt_module_load_state_dict')(
        c.lin, _sd(c, weight=[2, 3], bias=[3]), False), 'SHAPE')
add('gt_module_load', 'missing file',
    lambda c: c.fn('gt_module_load')(c.lin, c.path('missing'), True), 'IO')
add('gt_module_load', 'truncated header',
    lambda c: c.fn('gt_module_load')(c.lin, c.junk(), True), 'FORMAT')
add('gt_module_load', 'wrong shapes in the file',
    lambda c: c.fn('gt_module_load')(c.lin, c.saved(weight=[2, 2],
                                                    bias=[3]), True),
    'SHAPE')
add('gt_module_save', 'no such directory',
    lambda c: c.fn('gt_module_save')(c.lin, c.path('no-dir', 'm')), 'IO')
add('gt_module_to_dtype', 'int64',
    lambda c: c.fn('gt_module_to_dtype')(c.lin, _dt(c, 'INT64')), 'DTYPE')
add('gt_module_to_device', 'cuda without CUDA',
    lambda c: c.fn('gt_module_to_device')(c.lin, c.cuda()), 'DEVICE_UNAVAILABLE')

# ---- optimizers, parameter groups, schedulers ------------------------------

add('gt_optimizer_set_lr', 'NaN, reported by step', names='gt_optimizer_step',
    call=lambda c: (c.fn('gt_optimizer_set_lr')(c.opt, NAN),
                    c.fn('gt_optimizer_step')(c.opt)), code='VALUE')
add('gt_optimizer_set_lr', '-1, reported by check',
    names='gt_optimizer_check',
    call=lambda c: (c.fn('gt_optimizer_set_lr')(c.opt, -1.0),
                    c.fn('gt_optimizer_check')(c.opt)), code='VALUE')
add('gt_optimizer_check', 'negative lr from g_object_new',
    lambda c: c.fn('gt_optimizer_check')(GObject.new(c.Gt.SGD, lr=-1.0)),
    'VALUE')
add('gt_optimizer_step', 'negative momentum set on its group',
    lambda c: (c.fn('gt_param_group_set_option')(
        c.fn('gt_optimizer_get_param_group')(c.opt, 0), 'momentum', -1.0),
        c.fn('gt_optimizer_step')(c.opt)), 'VALUE')
add('gt_optimizer_set_group_lr', 'group 5 of 1',
    lambda c: c.fn('gt_optimizer_set_group_lr')(c.opt, 5, 0.5), 'INDEX',
    names='gt_optimizer_set_group_lr: group 5 is out of range: the '
          'optimizer has 1 parameter group',
    check=lambda c: c.expect_equal(
        c.fn('gt_optimizer_get_group_lr')(c.opt, 0), 0.1))
add('gt_optimizer_get_group_lr', 'group 5 of 1',
    lambda c: c.fn('gt_optimizer_get_group_lr')(c.opt, 5), 'INDEX',
    names='gt_optimizer_get_group_lr: group 5 is out of range: the '
          'optimizer has 1 parameter group')
add('gt_optimizer_get_param_group', 'group 5 of 1', expect='value',
    value=None, call=lambda c: c.fn('gt_optimizer_get_param_group')(c.opt, 5))
add('gt_optimizer_add_param_group', 'a parameter already in a group',
    lambda c: c.fn('gt_optimizer_add_param_group')(
        c.opt, c.Gt.ParamGroup.new([c.param])), 'VALUE')
add('gt_optimizer_add_param_group', 'NaN lr option',
    lambda c: c.fn('gt_optimizer_add_param_group')(c.opt, c.group(lr=NAN)),
    'VALUE')
add('gt_optimizer_add_param_group', 'negative momentum option',
    lambda c: c.fn('gt_optimizer_add_param_group')(
        c.opt, c.group(momentum=-0.5)), 'VALUE')
add('gt_param_group_set_lr', 'NaN, reported by add_param_group',
    names='gt_optimizer_add_param_group', code='VALUE',
    call=lambda c: c.fn('gt_optimizer_add_param_group')(
        c.opt, c.group(set_lr=NAN)))
add('gt_param_group_set_option', 'NaN momentum, reported by add_param_group',
    names='gt_optimizer_add_param_group', code='VALUE',
    call=lambda c: c.fn('gt_optimizer_add_param_group')(
        c.opt, c.group(momentum=NAN)))
add('gt_param_group_get_option', 'absent option gives the fallback',
    expect='value', value=1.5,
    call=lambda c: c.fn('gt_param_group_get_option')(c.group(), 'nope', 1.5))
add('gt_param_group_has_option', 'absent option', expect='value',
    value=False,
    call=lambda c: c.fn('gt_param_group_has_option')(c.group(), ''))
add('gt_param_group_get_param', 'index 9 of 1', expect='value', value=None,
    call=lambda c: c.fn('gt_param_group_get_param')(c.group(), 9))
add('gt_optimizer_load_state_dict', 'empty state dict',
    lambda c: c.fn('gt_optimizer_load_state_dict')(c.opt, {}), 'VALUE')
add('gt_optimizer_load_state_dict', 'state of the wrong shape',
    lambda c: c.fn('gt_optimizer_load_state_dict')(
        c.opt, c.bad_optim_state()), 'SHAPE')
add('gt_optimizer_load', 'missing file',
    lambda c: c.fn('gt_optimizer_load')(c.opt, c.path('missing')), 'IO')
add('gt_optimizer_load', 'truncated header',
    lambda c: c.fn('gt_optimizer_load')(c.opt, c.junk()), 'FORMAT')
add('gt_optimizer_save', 'no such directory',
    lambda c: c.fn('gt_optimizer_save')(c.opt, c.path('no-dir', 'o')), 'IO')

# schedulers: every hyper-parameter NaN, out of range, last_epoch < -1
_SCHED = {
    'gt_step_lr_new': (lambda c, a: c.fn('gt_step_lr_new')(c.opt, *a),
                       (1, 0.1, -1),
                       (('step_size 0', 0, 0), ('NaN gamma', 1, NAN),
                        ('infinite gamma', 1, math.inf),
                        ('last_epoch -5', 2, -5))),
    'gt_exponential_lr_new': (
        lambda c, a: c.fn('gt_exponential_lr_new')(c.opt, *a), (0.9, -1),
        (('NaN gamma', 0, NAN), ('last_epoch -5', 1, -5))),
    'gt_cosine_annealing_lr_new': (
        lambda c, a: c.fn('gt_cosine_annealing_lr_new')(c.opt, *a),
        (10, 0.0, -1),
        (('t_max 0', 0, 0), ('NaN eta_min', 1, NAN),
         ('last_epoch -5', 2, -5))),
    'gt_linear_lr_new': (
        lambda c, a: c.fn('gt_linear_lr_new')(c.opt, *a),
        (0.5, 1.0, 5, -1),
        (('start_factor 1.5', 0, 1.5), ('end_factor 2', 1, 2.0),
         ('NaN start_factor', 0, NAN), ('total_iters -1', 2, -1),
         ('last_epoch -5', 3, -5))),
    'gt_multi_step_lr_new': (
        lambda c, a: c.fn('gt_multi_step_lr_new')(c.opt, *a),
        ([2, 5], 0.1, -1),
        (('NaN gamma', 1, NAN), ('last_epoch -5', 2, -5))),
    'gt_reduce_lr_on_plateau_new': (
        lambda c, a: c.fn('gt_reduce_lr_on_plateau_new')(
            c.opt, c.Gt.PlateauMode.MIN, *a[:3], c.Gt.ThresholdMode.REL,
            *a[3:]),
        (0.1, 10, 1e-4, 0, 0.0, 1e-8),
        (('factor 1', 0, 1.0), ('NaN factor', 0, NAN),
         ('infinite threshold', 2, math.inf),
         ('patience -1', 1, -1), ('NaN threshold', 2, NAN),
         ('cooldown -1', 3, -1), ('NaN min_lr', 4, NAN),
         ('NaN eps', 5, NAN))),
}
for _n, (_make, _good, _bad) in _SCHED.items():
    for _label, _i, _v in _bad:
        _a = list(_good)
        _a[_i] = _v
        add(_n, _label, lambda c, m=_make, a=tuple(_a): m(c, a), 'VALUE')

# made with g_object_new and invalid settings: every call reports them,
# naming the constructor whose checks they fail
add('gt_lr_scheduler_check', 'end_factor 2 from g_object_new',
    lambda c: c.fn('gt_lr_scheduler_check')(GObject.new(
        c.Gt.LinearLR, optimizer=c.opt, end_factor=2.0)), 'VALUE',
    names='gt_linear_lr_new')
add('gt_lr_scheduler_step', 'end_factor 2 from g_object_new',
    lambda c: c.fn('gt_lr_scheduler_step')(GObject.new(
        c.Gt.LinearLR, optimizer=c.opt, end_factor=2.0)), 'VALUE',
    names='gt_linear_lr_new')
add('gt_reduce_lr_on_plateau_check', 'factor 1 from g_object_new',
    lambda c: c.fn('gt_reduce_lr_on_plateau_check')(GObject.new(
        c.Gt.ReduceLROnPlateau, optimizer=c.opt, factor=1.0)), 'VALUE',
    names='gt_reduce_lr_on_plateau_new')
add('gt_reduce_lr_on_plateau_step', 'factor 1 from g_object_new',
    lambda c: c.fn('gt_reduce_lr_on_plateau_step')(GObject.new(
        c.Gt.ReduceLROnPlateau, optimizer=c.opt, factor=1.0), 1.0),
    'VALUE', names='gt_reduce_lr_on_plateau_new')
add('gt_reduce_lr_on_plateau_set_min_lrs', 'two for one group',
    lambda c: c.fn('gt_reduce_lr_on_plateau_set_min_lrs')(
        c.plateau(), [0.1, 0.2]), 'VALUE')
add('gt_reduce_lr_on_plateau_set_min_lrs', 'NaN',
    lambda c: c.fn('gt_reduce_lr_on_plateau_set_min_lrs')(
        c.plateau(), [NAN]), 'VALUE')

# ---- custom functions -------------------------------------------------------

add('gt_function_get_saved_tensors', 'outside apply',
    lambda c: c.fn('gt_function_get_saved_tensors')(c.Gt.Function()),
    'AUTOGRAD')
add('gt_function_needs_input_grad', 'input 99 of 0', expect='value',
    value=False,
    call=lambda c: c.fn('gt_function_needs_input_grad')(c.Gt.Function(), 99))


# ---- no data-dependent failure mode ----------------------------------------
#
# The allow-list: public callables that take nothing that could be bad (no
# argument but the object, or only booleans), so there is no bad input to
# table. Each with its reason; a name here that also has a case, or that is
# not in the GIR, fails test_allow_list_is_honest.

_GETTER = 'no argument but the object (a getter, or eval)'
_NOARG = 'no argument'
_BOOL = 'only a gboolean argument besides the object: both values valid'

ALLOW = {
    'gt_cpu_memory_cached': _NOARG,
    'gt_cuda_device_count': _NOARG,
    'gt_cuda_is_available': _NOARG,
    'gt_cuda_empty_cache': _NOARG,
    'gt_cuda_get_allow_tf32': _NOARG,
    'gt_cuda_set_allow_tf32': 'one gboolean: both values valid',
    'gt_empty_cache': _NOARG,
    'gt_error_quark': _NOARG,
    'gt_get_num_threads': _NOARG,
    'gt_initial_seed': _NOARG,
    'gt_is_grad_enabled': _NOARG,
    'gt_seed': _NOARG + ' (reseeds from the OS)',
    'gt_set_grad_enabled': 'one gboolean: both values valid',
    'gt_manual_seed': 'every guint64 is a seed (torch takes any 64-bit '
                      'seed); the bindings refuse what does not fit',
    'gt_device_equal': 'any two devices compare',
    'gt_device_copy': _GETTER,
    'gt_device_free': 'frees the boxed copy; the bindings own it and '
                      'never let Python call it on a live value',
    'gt_device_get_device_type': _GETTER,
    'gt_device_get_index': _GETTER,
    'gt_device_to_string': _GETTER,
    # constructors without arguments
    'gt_bce_loss_new': _NOARG,
    'gt_bce_with_logits_loss_new': _NOARG,
    'gt_cross_entropy_loss_new': _NOARG,
    'gt_huber_loss_new': _NOARG,
    'gt_identity_new': _NOARG,
    'gt_l1_loss_new': _NOARG,
    'gt_mse_loss_new': _NOARG,
    'gt_nll_loss_new': _NOARG,
    'gt_relu_new': _NOARG,
    'gt_sigmoid_new': _NOARG,
    'gt_smooth_l1_loss_new': _NOARG,
    'gt_tanh_new': _NOARG,
    'gt_module_list_new': _NOARG,
    'gt_sequential_new': _NOARG,
    'gt_sequential_new_from_array': 'any list of modules is valid (torch '
                                    'allows one module twice)',
    # getters and boolean switches
    'gt_flatten_get_end_dim': _GETTER,
    'gt_flatten_get_start_dim': _GETTER,
    'gt_function_get_n_inputs': _GETTER,
    'gt_layer_norm_get_normalized_shape': _GETTER,
    'gt_loss_get_reduction': _GETTER,
    'gt_lr_scheduler_get_base_lrs': _GETTER,
    'gt_lr_scheduler_get_last_epoch': _GETTER,
    'gt_lr_scheduler_get_last_lr': _GETTER,
    'gt_lr_scheduler_get_optimizer': _GETTER,
    'gt_lr_scheduler_get_step_count': _GETTER,
    'gt_max_pool2d_get_indices': _GETTER,
    'gt_module_buffers': _BOOL,
    'gt_module_children': _GETTER,
    'gt_module_eval': _GETTER,
    'gt_module_get_training': _GETTER,
    'gt_module_modules': _GETTER,
    'gt_module_named_buffers': _BOOL,
    'gt_module_named_children': _GETTER,
    'gt_module_named_modules': _GETTER,
    'gt_module_named_parameters': _BOOL,
    'gt_module_parameters': _BOOL,
    'gt_module_set_training': _BOOL,
    'gt_module_state_dict': _GETTER,
    'gt_module_state_dict_keys': _GETTER,
    'gt_module_train': _BOOL,
    'gt_module_zero_grad': _BOOL,
    'gt_module_list_get_length': _GETTER,
    'gt_multi_step_lr_get_milestones': _GETTER,
    'gt_optimizer_get_defaults': _GETTER,
    'gt_optimizer_get_lr': _GETTER,
    'gt_optimizer_get_n_param_groups': _GETTER,
    'gt_optimizer_get_param_groups': _GETTER,
    'gt_param_group_get_lr': _GETTER,
    'gt_param_group_get_n_params': _GETTER,
    'gt_param_group_get_params': _GETTER,
    'gt_param_group_list_options': _GETTER,
    'gt_reduce_lr_on_plateau_get_best': _GETTER,
    'gt_reduce_lr_on_plateau_get_cooldown_counter': _GETTER,
    'gt_reduce_lr_on_plateau_get_last_epoch': _GETTER,
    'gt_reduce_lr_on_plateau_get_last_lr': _GETTER,
    'gt_reduce_lr_on_plateau_get_num_bad_epochs': _GETTER,
    'gt_sequential_get_length': _GETTER,
    'gt_optimizer_zero_grad': _BOOL + '; fails only where a tensor op on '
                              'a grad fails (covered by those ops)',
    'gt_optimizer_state_dict': _GETTER + '; fails only on allocation',
}
