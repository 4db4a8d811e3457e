"""Just enough of PNG to look at a browser's screenshot: the pixels of an 8-bit RGB or RGBA image,
and the text chunks (the standard library has zlib, which is most of it)."""

from __future__ import annotations

import struct
import zlib
from typing import NamedTuple


class Image(NamedTuple):
    width: int
    height: int
    pixels: list[bytes]
    """One row of RGB triples per line of the image."""
    texts: dict[str, str]


def chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG file"
    found, at = [], 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind = data[at + 4 : at + 8]
        found.append((kind, data[at + 8 : at + 8 + length]))
        at += 12 + length
    return found


def read(data: bytes) -> Image:
    parts = chunks(data)
    header = next(body for kind, body in parts if kind == b"IHDR")
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and colour in (2, 6) and interlace == 0, "only 8-bit RGB(A), not interlaced"
    size = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(body for kind, body in parts if kind == b"IDAT"))
    stride = width * size
    rows: list[bytes] = []
    previous = bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for x in range(stride):
            left = line[x - size] if x >= size else 0
            up = previous[x]
            corner = previous[x - size] if x >= size else 0
            if kind == 1:
                line[x] = (line[x] + left) & 0xFF
            elif kind == 2:
                line[x] = (line[x] + up) & 0xFF
            elif kind == 3:
                line[x] = (line[x] + (left + up) // 2) & 0xFF
            elif kind == 4:
                guess = left + up - corner
                near = min(
                    (abs(guess - left), 0, left), (abs(guess - up), 1, up), (abs(guess - corner), 2, corner)
                )
                line[x] = (line[x] + near[2]) & 0xFF
        previous = line
        rows.append(bytes(b for n, b in enumerate(line) if n % size < 3))
    return Image(width, height, rows, text_chunks(data))


def text_chunks(data: bytes) -> dict[str, str]:
    """The image's tEXt chunks, name -> value, without decoding its pixels."""
    texts = {}
    for kind, body in chunks(data):
        if kind == b"tEXt":
            name, _, value = body.partition(b"\0")
            texts[name.decode("latin-1")] = value.decode("latin-1")
    return texts


def with_text(data: bytes, name: str, value: str) -> bytes:
    """The PNG with a tEXt chunk added before its end."""
    body = name.encode("latin-1") + b"\0" + value.encode("latin-1")
    chunk = struct.pack(">I", len(body)) + b"tEXt" + body + struct.pack(">I", zlib.crc32(b"tEXt" + body))
    end = data.rindex(b"IEND") - 4
    return data[:end] + chunk + data[end:]
