# SPDX-License-Identifier: LGPL-2.1-or-later
"""Shared setup of the Python suite: the Gt namespace from the build tree,
and a `torch` fixture that skips only the torch comparisons when PyTorch is
not installed."""

import gi

gi.require_version('Gt', '1.0')

import pytest  # noqa: E402


@pytest.fixture
def torch():
    """PyTorch, the reference; tests that use it skip without it."""
    return pytest.importorskip('torch')


@pytest.fixture(autouse=True)
def _reseed():
    """Leaves the default generator in a known state for every test."""
    from gi.repository import Gt
    Gt.manual_seed(20240601)
    yield


@pytest.fixture(scope='module')
def torch_one_thread():
    """torch's threaded kernels spin for milliseconds per call on a busy
    machine, and a reference needs no speed: one torch thread for a
    module's tests (pytestmark = pytest.mark.usefixtures(...))."""
    torch = pytest.importorskip('torch')
    saved = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(saved)
