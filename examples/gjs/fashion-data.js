// fashion-data.js: reads Debian's Fashion-MNIST IDX files (gzip) into
// tensors, for the GJS examples (fashion-mnist.js, classifier.js).

import Gio from 'gi://Gio';
import GLib from 'gi://GLib';
import Gt from 'gi://Gt?version=1.0';

export const DEFAULT_DATA_DIR = '/usr/share/datasets/fashion-mnist';
export const CLASS_NAMES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat',
    'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];
const PIXEL_MEAN = 0.2860, PIXEL_STD = 0.3530;

function readGzip(path) {
    const raw = Gio.File.new_for_path(path).read(null);
    const gunzip = Gio.ZlibDecompressor.new(Gio.ZlibCompressorFormat.GZIP);
    const stream = Gio.ConverterInputStream.new(raw, gunzip);
    const out = Gio.MemoryOutputStream.new_resizable();
    out.splice(stream, Gio.OutputStreamSpliceFlags.CLOSE_SOURCE |
        Gio.OutputStreamSpliceFlags.CLOSE_TARGET, null);
    return out.steal_as_bytes().toArray();
}

function readIdx(path, magic) {
    const data = readGzip(path);
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    const nDims = magic & 0xff;
    if (data.length < 4 + 4 * nDims || view.getUint32(0) !== magic)
        throw new Error(`${path}: not an IDX file with magic 0x${magic.toString(16)}`);
    const dims = [];
    for (let i = 0; i < nDims; i++)
        dims.push(view.getUint32(4 + 4 * i));
    return {dims, values: data.subarray(4 + 4 * nDims)};
}

export function checkDataDir(dir) {
    if (!GLib.file_test(`${dir}/train-images-idx3-ubyte.gz`, GLib.FileTest.EXISTS)) {
        throw new Error(`no Fashion-MNIST data in ${dir}: install it with ` +
            '`apt-get install dataset-fashion-mnist` (as root), or point --data-dir ' +
            'at a folder holding the four *-ubyte.gz files');
    }
}

// {images: float32 [n,1,28,28] normalised, labels: int64 [n], pixels: Uint8Array, n}
export function loadSplit(dir, prefix, limit = 0) {
    const images = readIdx(`${dir}/${prefix}-images-idx3-ubyte.gz`, 0x803);
    const labels = readIdx(`${dir}/${prefix}-labels-idx1-ubyte.gz`, 0x801);
    let n = Math.min(images.dims[0], labels.dims[0]);
    if (limit > 0)
        n = Math.min(n, limit);
    const pixels = images.values.subarray(0, n * 784);
    const x = new Float32Array(n * 784);
    for (let i = 0; i < x.length; i++)
        x[i] = (pixels[i] / 255 - PIXEL_MEAN) / PIXEL_STD;
    const y = new BigInt64Array(n);
    for (let i = 0; i < n; i++)
        y[i] = BigInt(labels.values[i]);
    const toBytes = a => new GLib.Bytes(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
    return {
        n,
        pixels,
        labels: Array.from(labels.values.subarray(0, n)),
        x: Gt.Tensor.new_from_bytes(toBytes(x), [n, 1, 28, 28], Gt.DType.FLOAT32, null),
        y: Gt.Tensor.new_from_bytes(toBytes(y), [n], Gt.DType.INT64, null),
    };
}

// The CNN of the C and Python examples, layer for layer.
export function buildModel() {
    const model = Gt.Sequential.new();
    for (const layer of [
        Gt.Conv2d.new(1, 32, 3, 1, 1), Gt.BatchNorm2d.new(32), Gt.ReLU.new(), Gt.MaxPool2d.new(2),
        Gt.Conv2d.new(32, 64, 3, 1, 1), Gt.BatchNorm2d.new(64), Gt.ReLU.new(), Gt.MaxPool2d.new(2),
        Gt.Flatten.new(1, -1), Gt.Dropout.new(0.25),
        Gt.Linear.new(64 * 7 * 7, 128, true), Gt.ReLU.new(), Gt.Linear.new(128, 10, true),
    ])
        model.append(layer);
    return model;
}
