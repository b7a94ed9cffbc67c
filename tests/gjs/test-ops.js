// test-ops.js: the ops that take or return arrays and lists, as GJS sees
// them: gint64/gint arrays in, GPtrArray of tensors in and out, a second
// tensor through an out parameter, and autograd's lists.
import Gt from 'gi://Gt?version=1.0';

import {assert, assertDeepEqual, assertEqual, assertThrowsGError, run, test} from './harness.js';

const {DType} = Gt;
const arange = (n, dtype = DType.FLOAT32) => Gt.arange(0, n, 1, dtype, null);

test('/gjs/ops/shape-arrays', () => {
    const x = arange(6).reshape([2, 3]);
    assertDeepEqual(x.get_shape(), [2, 3]);
    assertDeepEqual(x.permute([1, 0]).get_shape(), [3, 2]);
    assertDeepEqual(x.permute([1, 0]).contiguous().to_doubles(), [0, 3, 1, 4, 2, 5]);
    assertDeepEqual(x.unflatten(1, [3, 1]).get_shape(), [2, 3, 1]);
    assertDeepEqual(x.reshape([3, -1]).expand([2, 3, 2]).get_shape(), [2, 3, 2]);
    assertDeepEqual(x.repeat([1, 2]).to_doubles(), [0, 1, 2, 0, 1, 2, 3, 4, 5, 3, 4, 5]);
    assertDeepEqual(x.flip([0, 1]).to_doubles(), [5, 4, 3, 2, 1, 0]);
    assertThrowsGError(() => x.reshape([4, -1]), Gt.Error, Gt.Error.SHAPE);
});

test('/gjs/ops/tensor-lists', () => {
    const x = arange(6).reshape([2, 3]);
    const parts = x.chunk(3, 1);
    assertEqual(parts.length, 3);
    assertDeepEqual(parts[2].to_doubles(), [2, 5]);
    const sized = x.split_sizes([1, 2], 1);
    assertDeepEqual(sized.map(t => t.get_shape()), [[2, 1], [2, 2]]);
    assertDeepEqual(x.split(2, 1).map(t => t.get_shape()[1]), [2, 1]);
    const rows = x.unbind(0);
    assertDeepEqual(rows[1].to_doubles(), [3, 4, 5]);
    assertDeepEqual(Gt.cat(rows, 0).to_doubles(), [0, 1, 2, 3, 4, 5]);
    assertDeepEqual(Gt.stack(rows, 1).get_shape(), [3, 2]);
    assertThrowsGError(() => Gt.cat([], 0), Gt.Error, Gt.Error.VALUE);
});

test('/gjs/ops/reductions-and-out-params', () => {
    const t = Gt.Tensor.new_from_doubles([3, 1, 2, 9, 7, 8], [2, 3], DType.FLOAT32, null);
    assertDeepEqual(t.sum([1], false).to_doubles(), [6, 24]);
    assertDeepEqual(t.sum([], false).to_doubles(), [30]);
    assertDeepEqual(t.mean([0, 1], true).get_shape(), [1, 1]);
    const [values, indices] = t.max_dim(1, false);
    assertDeepEqual(values.to_doubles(), [3, 9]);
    assertDeepEqual(indices.to_int64s(), [0, 0]);
    const [sorted, order] = t.sort(1, false, true);
    assertDeepEqual(sorted.to_doubles(), [1, 2, 3, 7, 8, 9]);
    assertDeepEqual(order.to_int64s(), [1, 2, 0, 1, 2, 0]);
    const [top, where] = t.topk(1, 1, true, true);
    assertDeepEqual(top.to_doubles(), [3, 9]);
    assertDeepEqual(where.to_int64s(), [0, 0]);
});

test('/gjs/ops/indexing-lists', () => {
    const t = arange(12).reshape([3, 4]);
    const rows = Gt.Tensor.new_from_int64s([2, 0], [2], DType.INT64, null);
    assertDeepEqual(t.index([rows]).to_doubles(), [8, 9, 10, 11, 0, 1, 2, 3]);
    // GJS cannot put null in an array: index_dims names the indexed dims.
    const cols = Gt.Tensor.new_from_int64s([3], [1], DType.INT64, null);
    assertDeepEqual(t.index_dims([1], [cols]).to_doubles(), [3, 7, 11]);
});

test('/gjs/ops/autograd-lists', () => {
    const x = Gt.Tensor.new_from_doubles([1, 2, 3], [3], DType.FLOAT64, null);
    x.set_requires_grad(true);
    const y = x.mul(x);
    assertEqual(y.get_grad_fn_name(), 'MulBackward0');
    const ones = Gt.ones([3], DType.FLOAT64, null);
    const grads = Gt.autograd_grad([y], [x], [ones], true, false, false);
    assertDeepEqual(grads[0].to_doubles(), [2, 4, 6]);
    y.backward(ones, false, false);
    assertDeepEqual(x.grad.to_doubles(), [2, 4, 6]);
    const prev = Gt.set_grad_enabled(false);
    assert(!x.mul(x).requires_grad, 'no graph under no-grad');
    Gt.set_grad_enabled(prev);
});

run();
