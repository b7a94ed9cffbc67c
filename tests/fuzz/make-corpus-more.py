#!/usr/bin/env python3
"""Writes the seed corpora of fuzz-from-bytes, fuzz-views and fuzz-device
(tests/fuzz/corpus-<target>/); the encodings are described at the top of
each fuzz-<target>.c."""
import os
import struct

here = os.path.dirname(os.path.abspath(__file__))


def write(target, name, data):
    d = os.path.join(here, 'corpus-' + target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), 'wb') as f:
        f.write(data)


# fuzz-from-bytes: dtype byte, ndim byte (+10: unaligned), per-dim bytes, data
F32, F64, F16, BF16, I8, U8, I16, I32, I64, BOOL = range(10)
write('from-bytes', 'f32-2x3', bytes([F32, 2, 2, 3]) + struct.pack('<6f', *range(6)))
write('from-bytes', 'f64-scalar', bytes([F64, 0]) + struct.pack('<d', 2.5))
write('from-bytes', 'f16-unaligned-4', bytes([F16, 11, 4]) + struct.pack('<4e', 1, -2, 0.5, 65504))
write('from-bytes', 'bf16-2x2', bytes([BF16, 2, 2, 2]) + bytes(range(8)))
write('from-bytes', 'i64-3', bytes([I64, 1, 3]) + struct.pack('<3q', -1, 2**63 - 1, -2**63))
write('from-bytes', 'bool-2x1x2', bytes([BOOL, 3, 2, 1, 2, 0, 1, 2, 255]))
write('from-bytes', 'u8-8d', bytes([U8, 8] + [1] * 7 + [5]) + bytes(5))
write('from-bytes', 'i32-empty-huge', bytes([I32, 2, 0, 0xfa]))
write('from-bytes', 'bad-9d', bytes([I8, 9] + [1] * 9) + bytes(1))
write('from-bytes', 'bad-dtype', bytes([0x7f, 1, 2, 0, 0]))
write('from-bytes', 'bad-negative-dtype', bytes([0xff, 0]) + bytes(4))
write('from-bytes', 'bad-negative-dim', bytes([I16, 2, 0xf8, 2, 0, 0, 0, 0]))
write('from-bytes', 'bad-overflow', bytes([I8, 3, 0xfd, 0xfd, 0xfc]))
write('from-bytes', 'bad-raw-dim', bytes([F32, 1, 0xf9]) + struct.pack('<q', -5))
write('from-bytes', 'bad-length', bytes([F64, 1, 2]) + bytes(9))

# fuzz-views: start byte (dtype % 4, shape / 4 % 8), then op byte + args.
# Ops: 0 reshape 1 view 2 permute 3 transpose 4 narrow 5 select 6 slice
# 7 squeeze 8 squeeze_dim 9 unsqueeze 10 expand 11 broadcast_to 12 flatten
# 13 unflatten 14 t 15 mt 16 contiguous 17 unbind 18 chunk 19 split
# 20 split_sizes 21 flip.  Sizes: < 0xf0 -> b % 25, 0xf0 -> -1.
M1 = 0xf0
write('views', 'reshape-permute', bytes([4 * 1, 0, 3, 4, M1, 3, 2, 3, 2, 1, 0, 16]))
write('views', 'view-noncontig', bytes([4 * 2 + 1, 3, 0, 1, 1, 2, 24]))
write('views', 'narrow-select-slice', bytes([4 * 1 + 2, 4, 2, 5, 2, 5, 1, 5, 6, 0, 4, 8, 2]))
write('views', 'squeeze-unsqueeze', bytes([4 * 3, 7, 9, 0, 9, 0xff, 8, 0, 8, 1]))
write('views', 'expand-flatten', bytes([4 * 4 + 3, 9, 0, 10, 5, 3, 2, 2, 2, 3, 12, 0, 0xff, 13, 1, 2, 6, 4]))
write('views', 'expand-huge', bytes([4 * 5, 10, 2, 0xf7, 0xf7, 10, 1, 0xf4, 0, 0]))
write('views', 'empty-ops', bytes([4 * 6, 0, 2, 3, 0, 3, 1, 0, 17, 0, 18, 3, 1, 19, 2, 1]))
write('views', 'splits-flip-t', bytes([4 * 2, 20, 2, 1, 3, 0, 21, 2, 0, 1, 14, 15, 18, 0, 0]))
write('views', 'bad-args', bytes([4 * 1, 0, 2, 0xf4, M1, 2, 3, 0, 0, 0, 3, 0x80, 0x7f, 4, 0, 0xf5, 0xf4, 6, 1, 0xf4, 0xf5, 0xf0]))
# found by libFuzzer: unbind of an empty tensor's dim of size 2^62 tried
# to build a list of 2^62 views (now GT_ERROR_OUT_OF_MEMORY)
write('views', 'regress-unbind-huge-dim', bytes([0x18, 0, 0xff, 1, 0, 0xf6, 0xf7, 0xf7, 0x24, 0x7f, 0x3f, 2, 0x3f, 0x3f, 0xbc, 0]))
# split in ones / chunk into 2^32 pieces of dims of 2^32 (more than a list holds)
write('views', 'regress-split-huge', bytes([0x18, 0, 3, 1, 0xf6, 0, 19, 1, 1, 18, 0xf6, 2, 17, 1]))
write('views', 'scalar', bytes([4 * 5 + 1, 14, 9, 0, 9, 0xff, 12, 0, 0, 0, 1, 1]))
# UBSan in the sanitizer job: views of empty tensors with huge sizes
# multiplied strides near 2^63 by sizes and indices (gt-shape.c now
# saturates). [0, 3] reshaped to [0, 2^62, 2^62] (strides [max, 2^62, 1]),
# then one view each; [3, 0, 2^62] cut along dim 0 (stride 2^62, index 2).
EMPTY_HUGE = [0x18, 0, 3, 0, 0xf7, 0xf7]
write('views', 'regress-empty-view-strides', bytes(EMPTY_HUGE + [1, 4, 0, 0xf7, 2, 0xf6]))
write('views', 'regress-empty-unsqueeze', bytes(EMPTY_HUGE + [9, 1]))
write('views', 'regress-empty-narrow', bytes(EMPTY_HUGE + [4, 1, 9, 3]))
write('views', 'regress-empty-select', bytes(EMPTY_HUGE + [5, 1, 9]))
write('views', 'regress-empty-slice', bytes(EMPTY_HUGE + [6, 1, 6, 0xf4, 0xf9]) + struct.pack('<q', 2**40))
write('views', 'regress-empty-expand', bytes([0x18, 0, 3, 0xf7, 0, 0xf7, 10, 4, 1, M1, M1, M1]))
write('views', 'regress-empty-unbind-stride', bytes([0x18, 0, 3, 3, 0, 0xf7, 17, 0, 18, 3, 0, 19, 1, 0]))
# 2^31 pieces of an empty [2^31, 0]: GT_ERROR_OUT_OF_MEMORY (their views
# would need ~500 GiB) instead of an abort in g_new
write('views', 'regress-pieces-2e31', bytes([0x18, 0, 2, 0xf9]) + struct.pack('<q', 2**31)
      + bytes([0, 19, 1, 0, 17, 0, 18, 0xf9]) + struct.pack('<q', 2**31) + bytes([0, 18, 0xf9])
      + struct.pack('<q', 2**31 + 5) + bytes([1]))

# fuzz-device
for name, s in [('cpu', b'cpu'), ('cuda', b'cuda'), ('cuda-1', b'cuda:1'), ('cpu-0', b'cpu:0'),
                ('cuda-max', b'cuda:2147483647'), ('bad-overflow', b'cuda:2147483648'),
                ('bad-leading-zero', b'cuda:01'), ('bad-sign', b'cuda:+1'), ('bad-empty', b''),
                ('bad-colon', b'cuda:'), ('bad-two-colons', b'cpu:1:2'), ('bad-type', b'mps'),
                ('nul-inside', b'cpu\x00:1'), ('bad-latin1', b'cu\xe9da:1'), ('bad-space', b' cpu')]:
    write('device', name, s)
