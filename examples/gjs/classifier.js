// classifier.js: a GTK 4 window that shows Fashion-MNIST test images with
// the label a trained model predicts and the true one.
//
//   gjs -m examples/gjs/classifier.js --model fashion-mnist.safetensors
//       [--data-dir DIR] [--index N] [--screenshot FILE.png]
//
// The model file is what the fashion-mnist trainers save (the state dict of
// the CNN in fashion-data.js). With --screenshot the window renders image
// --index, writes a PNG of itself and quits (the examples' test does that
// under Xvfb).

import Gdk from 'gi://Gdk?version=4.0';
import GLib from 'gi://GLib';
import Gt from 'gi://Gt?version=1.0';
import Gtk from 'gi://Gtk?version=4.0';
import System from 'system';

import {CLASS_NAMES, DEFAULT_DATA_DIR, buildModel, checkDataDir, loadSplit} from './fashion-data.js';

function parseArgs(argv) {
    const opts = {model: 'fashion-mnist.safetensors', dataDir: DEFAULT_DATA_DIR, index: 0,
        screenshot: null};
    for (let i = 0; i < argv.length; i += 2) {
        const key = {'--model': 'model', '--data-dir': 'dataDir', '--index': 'index',
            '--screenshot': 'screenshot'}[argv[i]];
        if (!key || i + 1 >= argv.length)
            throw new Error(`unknown or incomplete option ${argv[i]}`);
        opts[key] = key === 'index' ? Number(argv[i + 1]) : argv[i + 1];
    }
    return opts;
}

function loadModel(path) {
    const model = buildModel();
    model.load_state_dict(Gt.load(path), true);
    model.eval();
    return model;
}

// Predicted class of test image @i.
function predict(model, test, i) {
    const previous = Gt.set_grad_enabled(false);
    const logits = model.forward(test.x.narrow(0, i, 1));
    Gt.set_grad_enabled(previous);
    return Number(logits.argmax_dim(1, false).item_int64());
}

// A texture of a 28x28 grey image (dark garment on a light background).
function imageTexture(test, i) {
    const rgb = new Uint8Array(28 * 28 * 3);
    const pixels = test.pixels.subarray(i * 784, (i + 1) * 784);
    for (let p = 0; p < 784; p++)
        rgb.fill(255 - pixels[p], 3 * p, 3 * p + 3);
    return Gdk.MemoryTexture.new(28, 28, Gdk.MemoryFormat.R8G8B8,
        new GLib.Bytes(rgb), 28 * 3);
}

function buildWindow(app, model, test, opts) {
    const window = new Gtk.ApplicationWindow({application: app, title: 'gtensor: Fashion-MNIST',
        default_width: 360, default_height: 420});
    const box = new Gtk.Box({orientation: Gtk.Orientation.VERTICAL, spacing: 8,
        margin_top: 12, margin_bottom: 12, margin_start: 12, margin_end: 12});
    const picture = new Gtk.Picture({can_shrink: true, content_fit: Gtk.ContentFit.CONTAIN,
        width_request: 280, height_request: 280});
    const label = new Gtk.Label({use_markup: true});
    const buttons = new Gtk.Box({spacing: 8, halign: Gtk.Align.CENTER});
    const previous = Gtk.Button.new_with_label('Previous');
    const next = Gtk.Button.new_with_label('Next');
    let index = opts.index;

    const show = () => {
        const predicted = predict(model, test, index);
        const truth = test.labels[index];
        picture.set_paintable(imageTexture(test, index));
        label.set_markup(`Image ${index + 1} of ${test.n}\n` +
            `Predicted: <b>${CLASS_NAMES[predicted]}</b>\nTrue: ${CLASS_NAMES[truth]}` +
            (predicted === truth ? '' : '  <span foreground="red">(wrong)</span>'));
        print(`image ${index}: predicted ${CLASS_NAMES[predicted]}, true ${CLASS_NAMES[truth]}`);
    };
    previous.connect('clicked', () => {
        index = (index + test.n - 1) % test.n;
        show();
    });
    next.connect('clicked', () => {
        index = (index + 1) % test.n;
        show();
    });
    buttons.append(previous);
    buttons.append(next);
    box.append(picture);
    box.append(label);
    box.append(buttons);
    window.set_child(box);
    show();
    return window;
}

// Renders @window into a PNG once it has been laid out, then quits.
function screenshot(app, window, path) {
    GLib.timeout_add(GLib.PRIORITY_DEFAULT, 500, () => {
        const width = window.get_width(), height = window.get_height();
        const snapshot = new Gtk.Snapshot();
        new Gtk.WidgetPaintable({widget: window}).snapshot(snapshot, width, height);
        const node = snapshot.to_node();
        const texture = window.get_native().get_renderer().render_texture(node, null);
        texture.save_to_png(path);
        print(`screenshot ${width}x${height} saved to ${path}`);
        app.quit();
        return GLib.SOURCE_REMOVE;
    });
}

function main(argv) {
    const opts = parseArgs(argv);
    checkDataDir(opts.dataDir);
    const test = loadSplit(opts.dataDir, 't10k');
    const model = loadModel(opts.model);
    const app = new Gtk.Application({application_id: 'org.gtensor.Classifier'});
    app.connect('activate', () => {
        const window = buildWindow(app, model, test, opts);
        window.present();
        if (opts.screenshot)
            screenshot(app, window, opts.screenshot);
    });
    return app.run([System.programInvocationName]);
}

try {
    System.exit(main(ARGV));
} catch (e) {
    printerr(`classifier: ${e.message}`);
    System.exit(1);
}
