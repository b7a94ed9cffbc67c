// fashion-mnist.js: trains the Fashion-MNIST CNN from GNOME JavaScript.
//
//   gjs -m examples/gjs/fashion-mnist.js --epochs 1 [--batch-size 64]
//       [--threads N] [--seed S] [--data-dir DIR] [--output FILE] [--limit N]

import Gio from 'gi://Gio';
import GLib from 'gi://GLib';
import Gt from 'gi://Gt?version=1.0';
import System from 'system';

import {DEFAULT_DATA_DIR, buildModel, checkDataDir, loadSplit} from './fashion-data.js';

function parseArgs(argv) {
    const opts = {epochs: 3, batchSize: 64, threads: 0, seed: 0, limit: 0,
        dataDir: DEFAULT_DATA_DIR, output: 'fashion-mnist-gjs.safetensors', device: null};
    const names = {'--epochs': 'epochs', '--batch-size': 'batchSize', '--threads': 'threads',
        '--seed': 'seed', '--limit': 'limit', '--data-dir': 'dataDir', '--output': 'output',
        '--device': 'device'};
    for (let i = 0; i < argv.length; i += 2) {
        const key = names[argv[i]];
        if (!key || i + 1 >= argv.length)
            throw new Error(`unknown or incomplete option ${argv[i]}`);
        opts[key] = typeof opts[key] === 'number' ? Number(argv[i + 1]) : argv[i + 1];
    }
    return opts;
}

// A progress bar with the running loss and examples/s on stderr, redrawn
// in place when stderr is a terminal; the last state ends with a newline.
function progress(epoch, epochs, done, total, loss, seconds, final) {
    const width = 30, filled = Math.floor(width * done / Math.max(total, 1));
    const line = `epoch ${epoch}/${epochs} [${'='.repeat(filled)}${'.'.repeat(width - filled)}] ` +
        `${String(Math.floor(100 * done / Math.max(total, 1))).padStart(3)}% loss ${loss.toFixed(4)} ` +
        `${(done / Math.max(seconds, 1e-9)).toFixed(0).padStart(6)} examples/s`;
    stderr.write_all(new TextEncoder().encode(`\r${line}${final ? '\n' : ''}`), null);
}

// stderr as a stream: printerr() always ends its line.
const stderr = new Gio.UnixOutputStream({fd: 2, close_fd: false});

function trainEpoch(model, criterion, optimizer, data, opts, epoch) {
    const order = Gt.rand([data.n], Gt.DType.FLOAT32, null).argsort(0, false, false);
    const start = GLib.get_monotonic_time();
    let running = 0, steps = 0;
    const tty = GLib.log_writer_supports_color(2);
    model.train(true);
    for (let i = 0; i < data.n; i += opts.batchSize) {
        const idx = order.narrow(0, i, Math.min(opts.batchSize, data.n - i));
        const x = data.x.index_select(0, idx), y = data.y.index_select(0, idx);
        const loss = criterion.forward(model.forward(x), y);
        optimizer.zero_grad(true);
        loss.backward(null, false, false);
        optimizer.step();
        running += loss.item();
        steps++;
        if (tty && steps % 20 === 0) {
            progress(epoch, opts.epochs, Math.min(i + opts.batchSize, data.n), data.n,
                running / steps, (GLib.get_monotonic_time() - start) / 1e6, false);
        }
    }
    const seconds = (GLib.get_monotonic_time() - start) / 1e6;
    if (tty)
        progress(epoch, opts.epochs, data.n, data.n, running / steps, seconds, true);
    print(`epoch ${epoch}/${opts.epochs}: loss ${(running / steps).toFixed(4)}, ` +
        `${(data.n / seconds).toFixed(0)} examples/s, train ${seconds.toFixed(1)} s`);
}

function evaluate(model, data) {
    const previous = Gt.set_grad_enabled(false);
    model.eval();
    let correct = 0;
    for (let i = 0; i < data.n; i += 1000) {
        const len = Math.min(1000, data.n - i);
        const pred = model.forward(data.x.narrow(0, i, len)).argmax_dim(1, false);
        correct += Number(pred.eq(data.y.narrow(0, i, len)).sum(null, false).item());
    }
    Gt.set_grad_enabled(previous);
    return correct / data.n;
}

function main(argv) {
    const opts = parseArgs(argv);
    checkDataDir(opts.dataDir);
    if (opts.threads > 0)
        Gt.set_num_threads(opts.threads);
    Gt.manual_seed(opts.seed);
    const train = loadSplit(opts.dataDir, 'train', opts.limit);
    const test = loadSplit(opts.dataDir, 't10k');
    print(`Fashion-MNIST: ${train.n} training and ${test.n} test images from ${opts.dataDir}`);

    const model = buildModel();
    const criterion = Gt.CrossEntropyLoss.new();
    const optimizer = Gt.Adam.new(model.parameters(true), 1e-3);
    // Half a cosine from 1e-3 to 0 over the run, one step per epoch.
    const scheduler = Gt.CosineAnnealingLR.new(optimizer, Math.max(opts.epochs, 1), 0, -1);
    for (let epoch = 1; epoch <= opts.epochs; epoch++) {
        trainEpoch(model, criterion, optimizer, train, opts, epoch);
        scheduler.step();
        print(`epoch ${epoch}: test accuracy ${(100 * evaluate(model, test)).toFixed(2)}%`);
    }
    Gt.save(model.state_dict(), null, opts.output);
    print(`saved the model to ${opts.output}`);
}

try {
    main(ARGV);
} catch (e) {
    printerr(`fashion-mnist: ${e.message}`);
    System.exit(1);
}
