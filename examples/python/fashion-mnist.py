#!/usr/bin/python3
"""Trains a small CNN on Fashion-MNIST with gtensor, written as a PyTorch
script: the same file runs under PyTorch with --torch, which is how the
README's side-by-side epoch times are measured.

    /usr/bin/python3 examples/python/fashion-mnist.py --epochs 3
    /usr/bin/python3 examples/python/fashion-mnist.py --epochs 1 --torch

The data are the gzip-compressed IDX files of Debian's dataset-fashion-mnist
package, decompressed with GIO's GZlibDecompressor.
"""

import argparse
import struct
import sys
import time

import gi

gi.require_version('Gio', '2.0')
from gi.repository import Gio  # noqa: E402

import numpy as np  # noqa: E402

DEFAULT_DATA_DIR = '/usr/share/datasets/fashion-mnist'
PIXEL_MEAN, PIXEL_STD = 0.2860, 0.3530


def read_gzip(path):
    """The decompressed bytes of a .gz file, through GIO."""
    raw = Gio.File.new_for_path(path).read(None)
    gunzip = Gio.ZlibDecompressor.new(Gio.ZlibCompressorFormat.GZIP)
    stream = Gio.ConverterInputStream.new(raw, gunzip)
    out = Gio.MemoryOutputStream.new_resizable()
    out.splice(stream, Gio.OutputStreamSpliceFlags.CLOSE_SOURCE |
               Gio.OutputStreamSpliceFlags.CLOSE_TARGET, None)
    return out.steal_as_bytes().get_data()


def read_idx(path, magic):
    data = read_gzip(path)
    n_dims = magic & 0xff
    if len(data) < 4 + 4 * n_dims or struct.unpack('>I', data[:4])[0] != magic:
        raise SystemExit('%s: not an IDX file with magic 0x%08x' % (path, magic))
    dims = struct.unpack('>%dI' % n_dims, data[4:4 + 4 * n_dims])
    return np.frombuffer(data, np.uint8, offset=4 + 4 * n_dims).reshape(dims)


def load_split(torch, data_dir, prefix, limit=0):
    images = read_idx('%s/%s-images-idx3-ubyte.gz' % (data_dir, prefix), 0x803)
    labels = read_idx('%s/%s-labels-idx1-ubyte.gz' % (data_dir, prefix), 0x801)
    if limit:
        images, labels = images[:limit], labels[:limit]
    x = ((images.astype(np.float32) / 255.0 - PIXEL_MEAN) / PIXEL_STD)
    x = np.ascontiguousarray(x.reshape(-1, 1, 28, 28), dtype=np.float32)
    y = labels.astype(np.int64)
    return torch.from_numpy(x), torch.from_numpy(y)


def build_model(nn):
    return nn.Sequential(
        nn.Conv2d(1, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Dropout(0.25),
        nn.Linear(64 * 7 * 7, 128), nn.ReLU(), nn.Linear(128, 10))


def progress(epoch, epochs, done, total, loss, seconds, final=False):
    width = 30
    filled = width * done // max(total, 1)
    sys.stderr.write('\repoch %d/%d [%s%s] %3d%% loss %.4f %6.0f examples/s' % (
        epoch, epochs, '=' * filled, '.' * (width - filled), 100 * done // max(total, 1),
        loss, done / max(seconds, 1e-9)))
    if final:
        sys.stderr.write('\n')
    sys.stderr.flush()


def train_epoch(torch, model, optimizer, x, y, batch_size, epoch, epochs):
    F = torch.nn.functional
    model.train()
    order = torch.argsort(torch.rand(x.shape[0]))
    tty = sys.stderr.isatty()
    start = time.perf_counter()
    running, steps, seen = 0.0, 0, 0
    for i in range(0, x.shape[0], batch_size):
        idx = order[i:i + batch_size]
        xb, yb = x.index_select(0, idx), y.index_select(0, idx)
        loss = F.cross_entropy(model(xb), yb)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        running += loss.item()
        steps += 1
        seen += xb.shape[0]
        if tty and steps % 20 == 0:
            progress(epoch, epochs, seen, x.shape[0], running / steps,
                     time.perf_counter() - start)
    progress(epoch, epochs, seen, x.shape[0], running / max(steps, 1),
             time.perf_counter() - start, final=True)


def evaluate(torch, model, x, y):
    model.eval()
    correct = 0
    with torch.no_grad():
        for i in range(0, x.shape[0], 1000):
            pred = model(x[i:i + 1000]).argmax(dim=1)
            correct += (pred == y[i:i + 1000]).sum().item()
    return correct / x.shape[0]


def main():
    parser = argparse.ArgumentParser(description='Train a CNN on Fashion-MNIST')
    parser.add_argument('--epochs', type=int, default=3)
    parser.add_argument('--batch-size', type=int, default=64)
    parser.add_argument('--device', default='cpu')
    parser.add_argument('--threads', type=int, default=0)
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--data-dir', default=DEFAULT_DATA_DIR)
    parser.add_argument('--output', default='fashion-mnist-py.safetensors')
    parser.add_argument('--limit', type=int, default=0,
                        help='train on the first N images only')
    parser.add_argument('--torch', action='store_true',
                        help='run the same script under PyTorch instead')
    args = parser.parse_args()

    if args.torch:
        import torch
    else:
        gi.require_version('Gt', '1.0')
        from gi.repository import Gt as torch
    import os
    if not os.path.exists(os.path.join(args.data_dir, 'train-images-idx3-ubyte.gz')):
        raise SystemExit('no Fashion-MNIST data in %s: install it with `apt-get install '
                         'dataset-fashion-mnist` (as root), or point --data-dir at a folder '
                         'holding the four *-ubyte.gz files' % args.data_dir)
    if args.threads:
        torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)

    x_train, y_train = load_split(torch, args.data_dir, 'train', args.limit)
    x_test, y_test = load_split(torch, args.data_dir, 't10k')
    device = torch.device(args.device)
    x_train, y_train = x_train.to(device), y_train.to(device)
    x_test, y_test = x_test.to(device), y_test.to(device)
    print('Fashion-MNIST: %d training and %d test images from %s (%s)' % (
        x_train.shape[0], x_test.shape[0], args.data_dir,
        'PyTorch %s' % torch.__version__ if args.torch else 'gtensor'))

    model = build_model(torch.nn).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    # Half a cosine from 1e-3 to 0 over the run, one step per epoch.
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, max(args.epochs, 1))
    for epoch in range(1, args.epochs + 1):
        lr = scheduler.get_last_lr()[0]
        start = time.perf_counter()
        train_epoch(torch, model, optimizer, x_train, y_train, args.batch_size,
                    epoch, args.epochs)
        seconds = time.perf_counter() - start
        scheduler.step()
        accuracy = evaluate(torch, model, x_test, y_test)
        print('epoch %d: lr %.2e, train %.1f s, test accuracy %.2f%%' % (
            epoch, lr, seconds, 100 * accuracy))
    if not args.torch:
        torch.save(model.state_dict(), args.output)
        print('saved the model to %s' % args.output)


if __name__ == '__main__':
    main()
