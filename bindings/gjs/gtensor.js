// gtensor.js: JavaScript conveniences over the Gt introspection API.
//
//   import * as gt from './gtensor.js';   // or a path/resource to this file
//   const t = gt.tensor([[1, 2], [3, 4]]);
//   gt.toNested(t);                        // [[1, 2], [3, 4]]
//
// Everything else is the plain GI API (`import Gt from 'gi://Gt?version=1.0'`):
// this module only adds what JavaScript needs and GI cannot express:
// building a tensor from nested arrays or typed arrays, and reading one back
// as a typed array or as nested arrays (torch's `tolist()`).
//
// Data crosses as GLib.Bytes in gtensor's layout: row-major, little-endian.
// Typed arrays use the host's byte order, so these helpers assume a
// little-endian host (every platform GJS runs on today).

import GLib from 'gi://GLib';
import Gt from 'gi://Gt?version=1.0';

// Typed-array constructor <-> dtype. Uint8Array is UINT8; BOOL tensors also
// read back as Uint8Array (one byte, 0 or 1). float16/bfloat16 have no typed
// array and read back as Float32Array.
const TYPED_ARRAY_DTYPES = new Map([
    [Float32Array, Gt.DType.FLOAT32],
    [Float64Array, Gt.DType.FLOAT64],
    [Int8Array, Gt.DType.INT8],
    [Uint8Array, Gt.DType.UINT8],
    [Uint8ClampedArray, Gt.DType.UINT8],
    [Int16Array, Gt.DType.INT16],
    [Int32Array, Gt.DType.INT32],
    [BigInt64Array, Gt.DType.INT64],
]);

const DTYPE_TYPED_ARRAYS = new Map([
    [Gt.DType.FLOAT32, Float32Array],
    [Gt.DType.FLOAT64, Float64Array],
    [Gt.DType.INT8, Int8Array],
    [Gt.DType.UINT8, Uint8Array],
    [Gt.DType.INT16, Int16Array],
    [Gt.DType.INT32, Int32Array],
    [Gt.DType.INT64, BigInt64Array],
    [Gt.DType.BOOL, Uint8Array],
]);

/**
 * Resolves a dtype given as a Gt.DType value or as a torch name
 * ('float64', 'torch.long', ...).
 *
 * @param {Gt.DType|string} dtype
 * @returns {Gt.DType}
 */
export function toDType(dtype) {
    if (typeof dtype !== 'string')
        return dtype;
    // gt_dtype_from_name returns a boolean besides its out argument, which
    // GJS hands back as [ok, dtype]; accept a bare value too.
    const result = Gt.DType.from_name(dtype);
    return Array.isArray(result) ? result[result.length - 1] : result;
}

/**
 * Resolves a device given as null (the CPU), a Gt.Device or a string
 * ('cpu', 'cuda', 'cuda:1').
 *
 * @param {Gt.Device|string|null} device
 * @returns {Gt.Device|null}
 */
export function toDevice(device) {
    if (device === undefined || device === null)
        return null;
    if (typeof device === 'string')
        return Gt.Device.new_from_string(device);
    return device;
}

function isTypedArray(data) {
    return ArrayBuffer.isView(data) && !(data instanceof DataView);
}

function typedArrayDType(data) {
    for (const [ctor, dtype] of TYPED_ARRAY_DTYPES) {
        if (data instanceof ctor)
            return dtype;
    }
    throw new TypeError(`gtensor.tensor: unsupported typed array ${data.constructor.name}`);
}

function bytesOf(typedArray) {
    return new GLib.Bytes(new Uint8Array(typedArray.buffer, typedArray.byteOffset,
        typedArray.byteLength));
}

// The shape of a nested array, checking that it is rectangular, and its
// elements in row-major order.
function flatten(data) {
    const shape = [];
    for (let level = data; Array.isArray(level) || isTypedArray(level); level = level[0]) {
        shape.push(level.length);
        if (level.length === 0)
            break;
    }
    const flat = [];
    const walk = (value, dim, path) => {
        if (dim === shape.length) {
            if (Array.isArray(value) || isTypedArray(value))
                throw new TypeError(`gtensor.tensor: too many dimensions at [${path}]`);
            if (typeof value !== 'number' && typeof value !== 'boolean' &&
                typeof value !== 'bigint')
                throw new TypeError(`gtensor.tensor: element [${path}] is not a number, boolean or BigInt`);
            flat.push(value);
            return;
        }
        if (!(Array.isArray(value) || isTypedArray(value)) || value.length !== shape[dim]) {
            throw new TypeError(`gtensor.tensor: expected a sequence of length ${shape[dim]} ` +
                `at [${path}] (ragged nested array)`);
        }
        for (let i = 0; i < value.length; i++)
            walk(value[i], dim + 1, path.concat(i));
    };
    walk(data, 0, []);
    return {shape, flat};
}

// The dtype torch would infer, with JavaScript's types: booleans are BOOL,
// BigInts are INT64, and numbers (all doubles in JS) are the default FLOAT32.
function inferDType(flat) {
    let kind = 'bool';
    for (const value of flat) {
        if (typeof value === 'number')
            return Gt.DType.FLOAT32;
        if (typeof value === 'bigint')
            kind = 'int';
    }
    if (flat.length === 0)
        return Gt.DType.FLOAT32;
    return kind === 'bool' ? Gt.DType.BOOL : Gt.DType.INT64;
}

function toBigInt(value) {
    if (typeof value === 'bigint')
        return value;
    if (typeof value === 'boolean')
        return value ? 1n : 0n;
    if (!Number.isFinite(value))
        throw new RangeError(`gtensor.tensor: cannot convert ${value} to int64`);
    return BigInt(Math.trunc(value));
}

/**
 * Creates a tensor from data, as torch.tensor does.
 *
 * `data` is a number, boolean or BigInt (a scalar tensor), a nested array of
 * them (the shape is inferred and must be rectangular), or a typed array
 * (Float32Array, Float64Array, Int8Array, Uint8Array, Int16Array,
 * Int32Array, BigInt64Array), which is copied in as bytes with the matching
 * dtype and shape `[length]` unless `options.shape` says otherwise.
 *
 * Without `options.dtype`, nested data gives BOOL when all elements are
 * booleans, INT64 when they are BigInts (or booleans), else FLOAT32.
 * INT64 data goes through a BigInt64Array, so values beyond 2^53 stay exact.
 *
 * @param {number|boolean|bigint|Array|TypedArray} data
 * @param {object} [options]
 * @param {Gt.DType|string} [options.dtype] - element type ('float64' works)
 * @param {Gt.Device|string|null} [options.device] - null or 'cpu' for the CPU
 * @param {number[]} [options.shape] - shape for a typed array (default [length])
 * @param {boolean} [options.requiresGrad] - sets requires_grad on the result
 * @returns {Gt.Tensor}
 * @throws {GLib.Error} Gt.Error.SHAPE, DTYPE, DEVICE... from the library
 */
export function tensor(data, options = {}) {
    const device = toDevice(options.device);
    let dtype = options.dtype === undefined ? undefined : toDType(options.dtype);
    let result;

    if (isTypedArray(data)) {
        const own = typedArrayDType(data);
        const shape = options.shape ?? [data.length];
        result = Gt.Tensor.new_from_bytes(bytesOf(data), shape, own, device);
        if (dtype !== undefined && dtype !== own)
            result = result.to_dtype(dtype);
    } else {
        const {shape, flat} = flatten(data);
        if (options.shape !== undefined)
            throw new TypeError('gtensor.tensor: options.shape is only for typed arrays');
        if (dtype === undefined)
            dtype = inferDType(flat);
        if (dtype === Gt.DType.INT64) {
            const values = BigInt64Array.from(flat, toBigInt);
            result = Gt.Tensor.new_from_bytes(bytesOf(values), shape, dtype, device);
        } else {
            result = Gt.Tensor.new_from_doubles(flat.map(Number), shape, dtype, device);
        }
    }
    if (options.requiresGrad)
        result.set_requires_grad(true);
    return result;
}

/**
 * The elements of `t` in row-major order as a new typed array of its dtype:
 * Float32Array, Float64Array, Int8Array, Uint8Array (UINT8 and BOOL),
 * Int16Array, Int32Array or BigInt64Array; float16 and bfloat16 come back
 * as Float32Array.
 *
 * @param {Gt.Tensor} t
 * @returns {TypedArray}
 */
export function toTypedArray(t) {
    let ctor = DTYPE_TYPED_ARRAYS.get(t.dtype);
    if (ctor === undefined) {
        t = t.to_dtype(Gt.DType.FLOAT32);
        ctor = Float32Array;
    }
    // Copy: the bytes may share the tensor's memory, and a fresh buffer is
    // aligned for any element type.
    const bytes = new Uint8Array(t.to_bytes().toArray());
    return new ctor(bytes.buffer, 0, bytes.byteLength / ctor.BYTES_PER_ELEMENT);
}

/**
 * The elements of `t` converted to float32, in row-major order.
 *
 * @param {Gt.Tensor} t
 * @returns {Float32Array}
 */
export function toFloat32Array(t) {
    if (t.dtype !== Gt.DType.FLOAT32)
        t = t.to_dtype(Gt.DType.FLOAT32);
    return toTypedArray(t);
}

/**
 * `t` as nested arrays, as torch's `tolist()`: a scalar tensor gives a bare
 * value. Floating-point elements are numbers, BOOL elements booleans, and
 * integer elements numbers; pass `{bigint: true}` to get INT64 elements as
 * BigInts (exact beyond 2^53).
 *
 * @param {Gt.Tensor} t
 * @param {object} [options]
 * @param {boolean} [options.bigint=false]
 * @returns {number|boolean|bigint|Array}
 */
export function toNested(t, options = {}) {
    const shape = t.get_shape();
    const values = toTypedArray(t);
    let convert;
    if (t.dtype === Gt.DType.BOOL)
        convert = v => v !== 0;
    else if (t.dtype === Gt.DType.INT64 && !options.bigint)
        convert = Number;
    else
        convert = v => v;

    let offset = 0;
    const build = dim => {
        if (dim === shape.length)
            return convert(values[offset++]);
        const out = new Array(shape[dim]);
        for (let i = 0; i < shape[dim]; i++)
            out[i] = build(dim + 1);
        return out;
    };
    return build(0);
}

/**
 * Runs @callback with gradient recording turned off in this thread
 * (torch's `with torch.no_grad():`), and turns the previous mode back on
 * afterwards, also when the callback throws.
 *
 * @template T
 * @param {function(): T} callback
 * @returns {T} what the callback returned
 */
export function noGrad(callback) {
    const previous = Gt.set_grad_enabled(false);
    try {
        return callback();
    } finally {
        Gt.set_grad_enabled(previous);
    }
}
