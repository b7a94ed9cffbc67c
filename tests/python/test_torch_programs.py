# SPDX-License-Identifier: LGPL-2.1-or-later
"""Short torch programs (tests/python/torch_programs/*.py) run unchanged
with `torch` bound to PyTorch and to `gi.repository.Gt`: their printed
output must agree, numbers within float tolerance."""

import contextlib
import io
import os
import re

import pytest

from gi.repository import Gt

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'torch_programs')
PROGRAMS = sorted(f for f in os.listdir(HERE) if f.endswith('.py'))
NUMBER = re.compile(r'-?\d+\.?\d*(?:e[-+]?\d+)?')


def run(path, module):
    out = io.StringIO()
    with open(path) as f:
        code = compile(f.read(), path, 'exec')
    with contextlib.redirect_stdout(out):
        exec(code, {'torch': module, '__name__': '__main__'})
    return out.getvalue()


def normalise(text):
    """The text with the numbers taken out and torch's decorations made
    comparable: grad_fn=<...> (gtensor prints requires_grad=True instead) and
    the module name in Size(...)."""
    text = re.sub(r',\s*grad_fn=<\w+>', ', requires_grad=True', text)
    text = text.replace('Gt.Size(', 'torch.Size(')
    return NUMBER.sub('#', text), [float(n) for n in NUMBER.findall(text)]


@pytest.mark.parametrize('program', PROGRAMS)
def test_program_prints_what_torch_prints(torch, program):
    path = os.path.join(HERE, program)
    want_text, want = normalise(run(path, torch))
    got_text, got = normalise(run(path, Gt))
    assert got_text == want_text
    assert len(got) == len(want)
    for g, w in zip(got, want):
        assert abs(g - w) <= 1e-4 + 1e-4 * abs(w), (program, got, want)
