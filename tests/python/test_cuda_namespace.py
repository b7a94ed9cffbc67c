"""Gt.cuda and Gt.backends.cuda on a machine without a usable GPU.

The answers torch gives on a CPU-only machine: no device, no memory, and
errors (not crashes) for work aimed at a GPU. On a GPU machine the
counters are checked for consistency instead.
"""
import pytest
from gi.repository import GLib, Gt


def test_memory_counters():
    if not Gt.cuda.is_available():
        assert Gt.cuda.device_count() == 0
        assert Gt.cuda.memory_allocated() == 0
        assert Gt.cuda.memory_reserved(0) == 0
        assert Gt.cuda.memory_allocated('cuda:0') == 0
        Gt.cuda.empty_cache()
    else:
        assert Gt.cuda.memory_reserved() >= Gt.cuda.memory_allocated() >= 0


def test_index_forms():
    with pytest.raises(ValueError, match='Expected a cuda device'):
        Gt.cuda.memory_allocated('cpu')
    with pytest.raises(ValueError, match='Expected a cuda device'):
        Gt.cuda.memory_reserved(Gt.device('cpu'))


def test_synchronize_without_gpu():
    if Gt.cuda.is_available():
        pytest.skip('a GPU is present')
    with pytest.raises(GLib.Error) as info:
        Gt.cuda.synchronize()
    assert info.value.matches(Gt.error_quark(), Gt.Error.DEVICE_UNAVAILABLE)
    assert 'gt_cuda_synchronize' in info.value.message


def test_allow_tf32_switch():
    matmul = Gt.backends.cuda.matmul
    assert matmul.allow_tf32 is False  # torch's default for matmul
    try:
        matmul.allow_tf32 = True
        assert matmul.allow_tf32 is True
    finally:
        matmul.allow_tf32 = False
    assert matmul.allow_tf32 is False
