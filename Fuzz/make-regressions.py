#!/usr/bin/env python3
"""Writes the hand-made malformed inputs in Fuzz/Regressions/<target>/ and the ZIP64
seed in Fuzz/Corpus/npz/: each is a bug the readers had (they trapped or read outside
their bytes) or a case their checks must keep refusing. Standard library only; the
outputs are committed, so this runs only when one is added or changed."""
import json, os, struct, zlib

HERE = os.path.dirname(os.path.abspath(__file__))

def write(path, data):
    with open(os.path.join(HERE, path), 'wb') as f:
        f.write(data)

def npy(shape_text, payload=b'', descr='<f4', fortran='False'):
    header = "{'descr': '%s', 'fortran_order': %s, 'shape': %s, }" % (descr, fortran, shape_text)
    header += ' ' * ((64 - (10 + len(header) + 1) % 64) % 64) + '\n'
    return b'\x93NUMPY\x01\x00' + struct.pack('<H', len(header)) + header.encode('latin1') + payload

def local_header(name, data, sizes=None):
    size = len(data) if sizes is None else sizes
    return (struct.pack('<IHHHHHIIIHH', 0x04034B50, 20, 0, 0, 0, 0, zlib.crc32(data),
                        size, size, len(name), 0) + name + data)

def central(name, data, offset, size32=None, local32=None, extra=b''):
    size = len(data) if size32 is None else size32
    local = offset if local32 is None else local32
    return (struct.pack('<IHHHHHHIIIHHHHHII', 0x02014B50, 45, 20, 0, 0, 0, 0,
                        zlib.crc32(data), size, size, len(name), len(extra), 0, 0, 0, 0, local)
            + name + extra)

def eocd(count, directory_size, directory_offset):
    return struct.pack('<IHHHHIIH', 0x06054B50, 0, 0, count, count, directory_size,
                       directory_offset, 0)

member = npy('(3,)', struct.pack('<3f', 1.5, -2.0, 0.25))
name = b'a.npy'
local = local_header(name, member)

# A valid archive whose central directory gives the sizes and the local header's offset in
# a ZIP64 extra field (as NumPy's writer can): the reader must use them.
zip64 = struct.pack('<HHQQQ', 1, 24, len(member), len(member), 0)
directory = central(name, member, 0, size32=0xFFFFFFFF, local32=0xFFFFFFFF, extra=zip64)
write('Corpus/npz/zip64.npz', local + directory + eocd(1, len(directory), len(local)))

# ZIP64 sizes above Int.max: `Int(UInt64)` trapped.
huge = struct.pack('<HHQQQ', 1, 24, 1 << 63, 1 << 63, 0)
directory = central(name, member, 0, size32=0xFFFFFFFF, local32=0xFFFFFFFF, extra=huge)
write('Regressions/npz/zip64-size-above-int-max.npz',
      local + directory + eocd(1, len(directory), len(local)))

# A ZIP64 extra field shorter than the values it must hold, at the very end of the file
# (the central directory after the end record): the 64-bit size was read past the end.
short = struct.pack('<HH', 1, 0)
directory = central(name, member, 0, size32=0xFFFFFFFF, extra=short)
end = eocd(1, len(directory), len(local) + 22)
write('Regressions/npz/zip64-extra-out-of-bounds.npz', local + end + directory)

# An extra field whose length runs past the entry's extra fields.
directory = central(name, member, 0, extra=struct.pack('<HH', 7, 200) + b'\0' * 4)
write('Regressions/npz/extra-field-past-its-entry.npz',
      local + directory + eocd(1, len(directory), len(local)))

# A ZIP64 end-of-central-directory locator pointing at an offset above Int.max.
locator = struct.pack('<IIQI', 0x07064B50, 0, 1 << 63, 1)
write('Regressions/npz/zip64-record-offset-above-int-max.npz',
      local + locator + struct.pack('<IHHHHIIH', 0x06054B50, 0, 0, 0xFFFF, 0xFFFF, 0,
                                    0xFFFFFFFF, 0))

# A local header offset near Int.max: `local + 30` overflowed.
big_local = struct.pack('<HHQQQ', 1, 24, len(member), len(member), (1 << 63) - 8)
directory = central(name, member, 0, size32=0xFFFFFFFF, local32=0xFFFFFFFF, extra=big_local)
write('Regressions/npz/local-offset-near-int-max.npz',
      local + directory + eocd(1, len(directory), len(local)))

# npy: a shape whose element count overflows, and one whose byte count does.
write('Regressions/npy/shape-product-overflows.npy', npy('(4294967296, 4294967296)'))
write('Regressions/npy/byte-count-overflows.npy', npy('(2305843009213693952,)'))
write('Regressions/npy/zero-after-overflow.npy', npy('(4294967296, 4294967296, 0)'))
write('Regressions/npy/shape-not-an-integer.npy', npy('(3, x)'))
write('Regressions/npy/truncated-data.npy', npy('(4,)', b'\0' * 15))
write('Regressions/npy/unknown-dtype.npy', npy('(1,)', b'\0' * 8, descr='<c8'))
write('Regressions/npy/fortran-order.npy', npy('(2, 2)', b'\0' * 16, fortran='True'))

# A checkpoint whose parameter shape has an overflowing product (the payload is empty and
# its CRC-32 right, so only the shape is wrong).
seed = open(os.path.join(HERE, 'Corpus/checkpoint/gru-sgd.ckpt'), 'rb').read()
length = struct.unpack('<Q', seed[8:16])[0]
header = json.loads(seed[16:16 + length])
header['parameters'] = [{'name': 'W_embed', 'shape': [4294967296, 4294967296]}]
header['optimizer'] = None
header['payloadBytes'] = 0
header['payloadCRC32'] = 0
text = json.dumps(header).encode()
write('Regressions/checkpoint/shape-product-overflows.ckpt',
      b'RNNCKPT1' + struct.pack('<Q', len(text)) + text)
header['parameters'] = [{'name': 'W_embed', 'shape': [1, 1]}, {'name': 'W_embed', 'shape': [0]}]
header['payloadBytes'] = 4
payload = struct.pack('<f', 1.0)
header['payloadCRC32'] = zlib.crc32(payload)
text = json.dumps(header).encode()
write('Regressions/checkpoint/parameter-listed-twice.ckpt',
      b'RNNCKPT1' + struct.pack('<Q', len(text)) + text + payload)
write('Regressions/checkpoint/header-length-above-int-max.ckpt',
      b'RNNCKPT1' + struct.pack('<Q', (1 << 64) - 1) + b'{}')

# A fixture whose array shape has an overflowing product (data is empty).
fixture = {'format': 'rnncaptioning-fixture', 'version': 1, 'fixture': 'rnn_step',
           'cases': [{'name': 'c', 'description': '', 'outputs': {},
                      'inputs': {'x': {'dtype': 'float64', 'shape': [4294967296, 4294967296, 0],
                                       'data': []}}}]}
write('Regressions/fixture/shape-product-overflows.json', json.dumps(fixture).encode())
fixture['cases'][0]['inputs']['x'] = {'dtype': 'int64', 'shape': [1], 'data': [1e300]}
write('Regressions/fixture/integer-out-of-range.json', json.dumps(fixture).encode())

# Vocabularies whose word_to_idx points outside idx_to_word, or at another word.
write('Regressions/vocabulary/index-past-the-end.json',
      json.dumps({'idx_to_word': ['<NULL>', 'a'], 'word_to_idx': {'<NULL>': 0, 'a': 2}}).encode())
write('Regressions/vocabulary/negative-index.json',
      json.dumps({'idx_to_word': ['<NULL>'], 'word_to_idx': {'<NULL>': -1}}).encode())
write('Regressions/vocabulary/index-of-another-word.json',
      json.dumps({'idx_to_word': ['<NULL>', 'a'], 'word_to_idx': {'<NULL>': 1, 'a': 1}}).encode())
write('Regressions/vocabulary/empty.json', json.dumps({'idx_to_word': []}).encode())

# A checkpoint whose configuration disagrees with its arrays: sampling would build a model
# with a hidden size of a million from it.
header = json.loads(seed[16:16 + length])
header['configuration']['hiddenDim'] = 1000000
text = json.dumps(header).encode()
write('Regressions/checkpoint/configuration-disagrees-with-arrays.ckpt',
      b'RNNCKPT1' + struct.pack('<Q', len(text)) + text + seed[16 + length:])

# A uint64 element above Int.max: converted with truncatingIfNeeded, it became negative.
write('Regressions/npy/uint64-above-int-max.npy',
      npy('(2,)', struct.pack('<QQ', 7, 1 << 63), descr='<u8'))
