# SPDX-License-Identifier: LGPL-2.1-or-later
"""Trains the Fashion-MNIST CNN briefly with the C program, opens the GJS
classifier window on test image 3 under Xvfb, and checks its screenshot:
the window's size, a garment drawn in the picture area, label text under
it, and the printed labels (image 3 of the test set is a trouser).

Usage: check-classifier.py FASHION_MNIST_EXE CLASSIFIER_JS OUTDIR
Exit 77 (skipped) without xvfb-run or GTK 4's typelib."""

import os
import shutil
import subprocess
import sys

import gi


def main():
    trainer, classifier, outdir = sys.argv[1:4]
    try:
        gi.require_version('Gtk', '4.0')
        gi.require_version('GdkPixbuf', '2.0')
        from gi.repository import GdkPixbuf
    except (ValueError, ImportError) as e:
        print('# skipped: %s' % e)
        return 77
    if shutil.which('xvfb-run') is None:
        print('# skipped: no xvfb-run')
        return 77
    model = os.path.join(outdir, 'classifier-model.safetensors')
    shot = os.path.join(outdir, 'classifier.png')
    if os.path.exists(shot):
        os.unlink(shot)
    subprocess.run([trainer, '--epochs', '1', '--limit', '2048', '--threads', '2',
                    '--output', model], check=True)
    env = dict(os.environ, GSK_RENDERER='cairo')
    out = subprocess.run(['xvfb-run', '-a', 'gjs', '-m', classifier, '--model', model,
                          '--index', '3', '--screenshot', shot],
                         env=env, check=True, capture_output=True, text=True, timeout=120)
    print(out.stdout)
    assert 'true Trouser' in out.stdout, out.stdout
    assert 'screenshot' in out.stdout

    pix = GdkPixbuf.Pixbuf.new_from_file(shot)
    w, h, n, stride = pix.get_width(), pix.get_height(), pix.get_n_channels(), pix.get_rowstride()
    assert w >= 300 and h >= 380, (w, h)
    data = pix.get_pixels()

    def grey(x, y):
        o = y * stride + x * n
        return sum(data[o:o + 3]) // 3

    # The picture (about 280x280 from the top) shows a dark garment on white.
    picture = [grey(x, y) for y in range(20, 290, 5) for x in range(40, w - 40, 5)]
    dark = sum(1 for v in picture if v < 80)
    light = sum(1 for v in picture if v > 200)
    assert dark > 50 and light > 50, (dark, light)
    # The label text below it: some dark pixels on the light window background.
    text = [grey(x, y) for y in range(h - 110, h - 60) for x in range(w // 4, 3 * w // 4)]
    assert sum(1 for v in text if v < 100) > 20
    print('ok: %dx%d screenshot, %d dark and %d light samples in the picture' % (w, h, dark, light))
    return 0


if __name__ == '__main__':
    sys.exit(main())
