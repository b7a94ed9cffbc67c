"""The serialize part of gtensor's torch-style Python surface.

Gt.py calls _install(gt) at the end of its own set-up, passing itself (the
override module): whatever this module adds to gt becomes Gt.<name>.

``Gt.save(obj, f, metadata=None)`` and ``Gt.load(f, map_location=None, *,
mmap=False, with_metadata=False)`` read and write safetensors files (see
``gt_save`` in the C API). ``obj`` is a tensor or a mapping of names to
tensors (a state dict); ``f`` a path (``str`` or ``os.PathLike``) or a
binary file object. ``Gt.load`` gives back a tensor for a file written from
a tensor, else an ``OrderedDict`` of the tensors sorted by name (the format
keeps no order). Errors are those of the C library (``GLib.Error`` with code
``FORMAT`` for a malformed file, ``IO`` when a file cannot be written), plus
``FileNotFoundError`` for a missing file and ``TypeError`` for arguments of
the wrong type, as torch.
"""

import collections
import collections.abc
import errno
import os

from gi.repository import GLib

from ..module import get_introspection_module

Gt = get_introspection_module('Gt')


def _check_metadata(metadata):
    if metadata is None:
        return None
    if not isinstance(metadata, collections.abc.Mapping):
        raise TypeError('metadata must be a dict of str to str, not %s'
                        % type(metadata).__name__)
    for key, value in metadata.items():
        if not isinstance(key, str) or not isinstance(value, str):
            raise TypeError('metadata must be a dict of str to str; got %r: %r'
                            % (key, value))
    return dict(metadata)


def _tensor_map(gt, obj):
    """The dict of names to tensors to write, and whether @obj was one
    tensor."""
    if isinstance(obj, Gt.Tensor):
        return {Gt.SERIALIZE_TENSOR_NAME: obj}, True
    if isinstance(obj, collections.abc.Mapping):
        tensors = {}
        for key, value in obj.items():
            if not isinstance(key, str):
                raise TypeError('Gt.save: tensor names must be str, got %r'
                                % (key,))
            if not isinstance(value, Gt.Tensor):
                raise TypeError('Gt.save: the value of %r is a %s, not a '
                                'tensor' % (key, type(value).__name__))
            tensors[key] = value
        return tensors, False
    raise TypeError('Gt.save: expected a tensor or a dict of str to tensors, '
                    'got %s' % type(obj).__name__)


def _is_file_object(f):
    return hasattr(f, 'read') or hasattr(f, 'write')


def _missing(path):
    raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), path)


def _install(gt):
    call = gt._call

    def save(obj, f, metadata=None):
        """save(obj, f, metadata=None): writes a tensor or a dict of str to
        tensors to @f (a path or a binary file object) in the safetensors
        format, with @metadata (a dict of str to str) in its header.

        Writes to a path are atomic: a temporary file next to it is renamed
        over it once complete. Tensors are saved by value (contiguous, on
        the host, without gradients or history)."""
        tensors, single = _tensor_map(gt, obj)
        meta = _check_metadata(metadata)
        if single:
            meta = dict(meta or {})
            meta[Gt.SERIALIZE_KIND_KEY] = Gt.SERIALIZE_KIND_TENSOR
        if _is_file_object(f):
            data = call(Gt.save_to_bytes, tensors, meta)
            f.write(data.get_data())
            return None
        call(Gt.save, tensors, meta, os.fspath(f))
        return None

    def load(f, map_location=None, *, mmap=False, with_metadata=False):
        """load(f, map_location=None, *, mmap=False, with_metadata=False):
        reads a safetensors file from @f (a path or a binary file object).

        Returns a tensor when the file was written from one tensor
        (Gt.save(tensor, f)), else an OrderedDict of name to tensor sorted
        by name; with ``with_metadata=True`` a pair (that, metadata dict).
        ``mmap=True`` maps the file and makes the tensors read it in place
        (the first write to one copies it; the file never changes).
        ``map_location`` (a device, 'cpu', 'cuda:0', ...) moves the tensors
        there."""
        if _is_file_object(f):
            if mmap:
                raise ValueError('Gt.load: mmap=True needs a path, not a file '
                                 'object')
            data = f.read()
            tensors, meta = call(Gt.load_from_bytes, GLib.Bytes.new(data))
        else:
            path = os.fspath(f)
            if not os.path.exists(path):
                _missing(path)
            if mmap:
                tensors, meta = call(Gt.load_mapped, path)
            else:
                tensors, meta = call(Gt.load_with_metadata, path)
        meta = dict(meta or {})
        if map_location is not None:
            dev = gt._device_arg(map_location)
            tensors = {k: call(v.to_device, dev) for k, v in tensors.items()}
        if (meta.get(Gt.SERIALIZE_KIND_KEY) == Gt.SERIALIZE_KIND_TENSOR and
                list(tensors) == [Gt.SERIALIZE_TENSOR_NAME]):
            result = tensors[Gt.SERIALIZE_TENSOR_NAME]
        else:
            result = collections.OrderedDict(sorted(tensors.items()))
        if with_metadata:
            return result, meta
        return result

    save.__module__ = gt.__name__
    load.__module__ = gt.__name__
    for func in (save, load):
        setattr(gt, func.__name__, func)
        if func.__name__ not in gt.__all__:
            gt.__all__.append(func.__name__)
