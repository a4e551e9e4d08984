"""Tiny valid PNG files written with zlib and struct: the generated "screenshots".

No Pillow: the generator must run in kbgen's own environment without adding packages, and the
bytes must be the same on every machine (zlib's output is fixed for a given level and input).
"""

from __future__ import annotations

import struct
import zlib

_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def screenshot_png(width: int, height: int, colour: tuple[int, int, int], bands: int) -> bytes:
    """An RGB image that looks vaguely like a form: a title bar, then ``bands`` grey field rows."""
    r, g, b = colour
    bar = bytes((r, g, b)) * width
    background = b"\xf4\xf4\xf4" * width
    margin = max(2, width // 12)
    field = b"\xf4\xf4\xf4" * margin + b"\xd0\xd4\xda" * (width - 2 * margin) + b"\xf4\xf4\xf4" * margin
    row_height = max(4, (height - height // 6) // max(1, 2 * bands))
    rows = []
    for y in range(height):
        if y < height // 6:
            line = bar
        else:
            band = (y - height // 6) // row_height
            line = field if band % 2 == 1 and band // 2 < bands else background
        rows.append(b"\x00" + line)  # filter type 0 (None) on every scanline
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB, no interlace
    return _SIGNATURE + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + \
        _chunk(b"IEND", b"")
