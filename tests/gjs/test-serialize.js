// test-serialize.js: safetensors files from GJS. The functions that take and
// return GHashTable (gt_save, gt_save_to_bytes, gt_load, gt_load_mapped,
// gt_load_with_metadata, gt_load_from_bytes) are called with plain objects
// and give plain objects back.
// Run: gjs -m test-serialize.js (environment as for test-tensor.js).

import Gio from 'gi://Gio';
import GLib from 'gi://GLib';
import Gt from 'gi://Gt?version=1.0';
import System from 'system';

import {
    assert, assertDeepEqual, assertEqual, assertThrowsGError, run, test,
} from './harness.js';

const {DType} = Gt;

function tempDir() {
    return GLib.dir_make_tmp('gt-serialize-gjs-XXXXXX');
}

function removeDir(dir) {
    const folder = Gio.File.new_for_path(dir);
    const children = folder.enumerate_children('standard::name', Gio.FileQueryInfoFlags.NONE, null);
    let info;
    while ((info = children.next_file(null)) !== null)
        folder.get_child(info.get_name()).delete(null);
    children.close(null);
    folder.delete(null);
}

function sampleMap() {
    return {
        'layer.weight': Gt.Tensor.new_from_doubles([1, 2, 3, 4, 5, 6], [2, 3], DType.FLOAT32, null),
        'layer.bias': Gt.Tensor.new_from_doubles([-1.5, 0.25], [2], DType.FLOAT64, null),
        'steps': Gt.Tensor.new_from_int64s([7], [], DType.INT64, null),
        'mask': Gt.Tensor.new_from_doubles([1, 0, 1], [3], DType.BOOL, null),
        'empty': Gt.zeros([0, 4], DType.FLOAT16, null),
    };
}

function checkMap(got, expected) {
    assertDeepEqual(Object.keys(got).sort(), Object.keys(expected).sort(), 'names');
    for (const [name, t] of Object.entries(expected)) {
        const g = got[name];
        assert(g instanceof Gt.Tensor, `${name} is a Gt.Tensor`);
        assertEqual(g.dtype, t.dtype, `${name} dtype`);
        assertDeepEqual(g.get_shape(), t.get_shape(), `${name} shape`);
        assertDeepEqual(g.to_doubles(), t.to_doubles(), `${name} values`);
    }
}

test('/gjs/serialize/file', () => {
    const dir = tempDir();
    const path = GLib.build_filenamev([dir, 'model.safetensors']);
    const tensors = sampleMap();
    assert(Gt.save(tensors, {format: 'pt', epoch: '3'}, path));
    checkMap(Gt.load(path), tensors);

    const [loaded, metadata] = Gt.load_with_metadata(path);
    checkMap(loaded, tensors);
    assertDeepEqual(Object.keys(metadata).sort(), ['epoch', 'format']);
    assertEqual(metadata.format, 'pt');
    assertEqual(metadata.epoch, '3');

    // Without metadata: an empty object.
    assert(Gt.save(tensors, null, path));
    const [, none] = Gt.load_with_metadata(path);
    assertDeepEqual(Object.keys(none), []);
    removeDir(dir);
});

test('/gjs/serialize/mapped', () => {
    const dir = tempDir();
    const path = GLib.build_filenamev([dir, 'mapped.safetensors']);
    const tensors = sampleMap();
    Gt.save(tensors, null, path);
    const [before] = GLib.file_get_contents(path).slice(1);
    const [mapped, metadata] = Gt.load_mapped(path);
    checkMap(mapped, tensors);
    assertDeepEqual(Object.keys(metadata), []);

    // A write changes the tensor, not the file.
    mapped['layer.weight'].fill_(9);
    assertDeepEqual(mapped['layer.weight'].to_doubles(), [9, 9, 9, 9, 9, 9]);
    const [after] = GLib.file_get_contents(path).slice(1);
    assertDeepEqual(after, before, 'file unchanged');
    removeDir(dir);
});

test('/gjs/serialize/bytes', () => {
    const tensors = sampleMap();
    const bytes = Gt.save_to_bytes(tensors, {note: 'ünïcödé ✓'});
    assert(bytes instanceof GLib.Bytes);
    const data = bytes.toArray();
    // 8-byte little-endian header length, the data region 8-aligned.
    let n = 0;
    for (let i = 7; i >= 0; i--)
        n = n * 256 + data[i];
    assertEqual((8 + n) % 8, 0);
    const header = JSON.parse(new TextDecoder().decode(data.slice(8, 8 + n)));
    assertDeepEqual(header['layer.weight'].shape, [2, 3]);
    assertEqual(header['layer.weight'].dtype, 'F32');
    assertEqual(header.__metadata__.note, 'ünïcödé ✓');

    const [back, metadata] = Gt.load_from_bytes(bytes);
    checkMap(back, tensors);
    assertEqual(metadata.note, 'ünïcödé ✓');
});

test('/gjs/serialize/single-tensor', () => {
    const dir = tempDir();
    const path = GLib.build_filenamev([dir, 't.safetensors']);
    const t = Gt.Tensor.new_from_doubles([1, 2, 3, 4], [2, 2], DType.BFLOAT16, null);
    assert(t.save(path));
    const back = Gt.Tensor.load(path);
    assertEqual(back.dtype, DType.BFLOAT16);
    assertDeepEqual(back.get_shape(), [2, 2]);
    assertDeepEqual(back.to_doubles(), [1, 2, 3, 4]);
    const [all, metadata] = Gt.load_with_metadata(path);
    assertDeepEqual(Object.keys(all), [Gt.SERIALIZE_TENSOR_NAME]);
    assertEqual(metadata[Gt.SERIALIZE_KIND_KEY], Gt.SERIALIZE_KIND_TENSOR);
    removeDir(dir);
});

test('/gjs/serialize/errors', () => {
    const dir = tempDir();
    const missing = GLib.build_filenamev([dir, 'missing.safetensors']);
    let e = assertThrowsGError(() => Gt.load(missing), Gt.Error, Gt.Error.IO);
    assert(e.message.includes(missing), e.message);
    e = assertThrowsGError(() => Gt.save(sampleMap(), null,
        GLib.build_filenamev([dir, 'no', 'x.safetensors'])), Gt.Error, Gt.Error.IO);
    assert(e.message.includes('gt_save'), e.message);

    const bad = new GLib.Bytes(new TextEncoder().encode('\x05\0\0\0\0\0\0\0{"a":'));
    e = assertThrowsGError(() => Gt.load_from_bytes(bad), Gt.Error, Gt.Error.FORMAT);
    assert(e.message.includes('gt_load_from_bytes'), e.message);
    const path = GLib.build_filenamev([dir, 'bad.safetensors']);
    GLib.file_set_contents(path, bad.toArray());
    e = assertThrowsGError(() => Gt.load(path), Gt.Error, Gt.Error.FORMAT);
    assert(e.message.includes(path), e.message);
    assertDeepEqual(GLib.file_get_contents(path)[1], bad.toArray(), 'bad file untouched');
    removeDir(dir);
});

// Many loads, then a collection: the tables and their tensors are freed
// once each (a double unref would abort under G_DEBUG=gc-friendly).
test('/gjs/serialize/lifetime', () => {
    const bytes = Gt.save_to_bytes(sampleMap(), null);
    let kept = null;
    for (let i = 0; i < 200; i++) {
        const [m] = Gt.load_from_bytes(bytes);
        if (i === 0)
            kept = m['layer.weight'];
    }
    System.gc();
    assertDeepEqual(kept.to_doubles(), [1, 2, 3, 4, 5, 6]);
});

run();
