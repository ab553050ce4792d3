#!/usr/bin/env python3
"""Writes the independent PNG files ImagingTests reads, with Python's zlib and struct only
(no code of the kit's): each NAME.png beside NAME.rgb, the pixels the kit's reader must
give (8-bit RGB rows, alpha composited on white as (v*a + 255*(255 - a) + 127) // 255).

Run from this folder: python3 make-pngs.py. The files are deterministic (a fixed
pseudo-random sequence, zlib at fixed levels), so rerunning rewrites the same bytes.
"""
import struct
import zlib

def chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c

def filtered(rows, bpp, filters):
    """Each row with the filter named by filters[y % len(filters)] applied."""
    out = bytearray()
    previous = bytes(len(rows[0]))
    for y, row in enumerate(rows):
        kind = filters[y % len(filters)]
        out.append(kind)
        for i, x in enumerate(row):
            a = row[i - bpp] if i >= bpp else 0
            b = previous[i]
            c = previous[i - bpp] if i >= bpp else 0
            predictor = [0, a, b, (a + b) // 2, paeth(a, b, c)][kind]
            out.append((x - predictor) & 0xFF)
        previous = row
    return bytes(out)

def png(width, height, colour_type, rows, filters, level, extra=b""):
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[colour_type]
    header = struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0)
    data = zlib.compress(filtered(rows, channels, filters), level)
    # Split the stream over two IDAT chunks, as encoders do for large images.
    half = len(data) // 2
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + extra
            + chunk(b"tEXt", b"Software\x00make-pngs.py")
            + chunk(b"IDAT", data[:half]) + chunk(b"IDAT", data[half:]) + chunk(b"IEND", b""))

def over_white(v, a):
    return (v * a + 255 * (255 - a) + 127) // 255

state = 12345
def rand():
    global state
    state = (state * 1103515245 + 12345) % (1 << 31)
    return state >> 16 & 0xFF

def write(name, data, rgb_rows):
    with open(name + ".png", "wb") as f:
        f.write(data)
    with open(name + ".rgb", "wb") as f:
        f.write(b"".join(bytes(r) for r in rgb_rows))

# RGB 5x5, every filter type (rows 0-4 use filters 0, 1, 2, 3, 4), best compression.
rows = [bytes(rand() for _ in range(15)) for _ in range(5)]
write("rgb-filters", png(5, 5, 2, rows, [0, 1, 2, 3, 4], 9), rows)

# RGB 40x30, four colours in a noisy pattern: zlib level 9 emits a dynamic Huffman block
# for it (literals and matches with a code of its own).
colours = [(250, 250, 240), (214, 39, 40), (31, 119, 180), (44, 160, 44)]
rows = [bytes(v for x in range(40) for v in colours[(x * x + y * 3 + rand() % 3) // 7 % 4])
        for y in range(30)]
write("rgb-pattern", png(40, 30, 2, rows, [4, 1, 2, 3], 9), rows)

# Greyscale 7x3, level 1 (fixed Huffman codes for such a short stream).
grey = [bytes(rand() for _ in range(7)) for _ in range(3)]
write("grey", png(7, 3, 0, grey, [1, 3], 1), [bytes(v for g in r for v in (g, g, g)) for r in grey])

# Greyscale with alpha 3x4.
ga = [bytes(rand() for _ in range(6)) for _ in range(4)]
write("grey-alpha", png(3, 4, 4, ga, [4, 2], 6),
      [bytes(v for i in range(3) for v in [over_white(r[2 * i], r[2 * i + 1])] * 3) for r in ga])

# RGBA 4x3.
rgba = [bytes(rand() for _ in range(16)) for _ in range(3)]
write("rgba", png(4, 3, 6, rgba, [2, 4, 3], 9),
      [bytes(over_white(r[4 * i + c], r[4 * i + 3]) for i in range(4) for c in range(3)) for r in rgba])

# Palette 6x2 with 5 entries, alpha for the first three (tRNS), stored with level 0.
palette = [(255, 0, 0), (0, 128, 0), (0, 0, 255), (10, 20, 30), (200, 200, 0)]
alphas = [0, 128, 255]
indices = [bytes(rand() % 5 for _ in range(6)) for _ in range(2)]
extra = (chunk(b"PLTE", bytes(v for e in palette for v in e)) + chunk(b"tRNS", bytes(alphas)))
def entry(i):
    a = alphas[i] if i < len(alphas) else 255
    return [over_white(v, a) for v in palette[i]]
write("palette", png(6, 2, 3, indices, [0], 0, extra),
      [bytes(v for i in r for v in entry(i)) for r in indices])

# Greyscale 16x16 of four levels, every row Paeth-filtered: many ties between the left,
# upper and upper-left predictions with different values, which the tie order decides.
levels = [bytes(rand() % 4 * 64 for _ in range(16)) for _ in range(16)]
write("grey-paeth", png(16, 16, 0, levels, [4], 9),
      [bytes(v for g in r for v in (g, g, g)) for r in levels])
