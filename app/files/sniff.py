"""What a file is, read from its first bytes, and a picture's size read from its header.

Nothing here decodes a picture or runs anything: a few hundred bytes are compared with known
signatures (WHATWG's MIME sniffing patterns, the formats' own headers). A header can declare
any size; callers decide what to do with a huge one (the desk never decodes it).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

# Enough for every signature below; a JPEG's size may sit after a long EXIF block, so its
# segments are walked up to this far.
_HEAD_BYTES = 1024
_JPEG_SCAN_BYTES = 1024 * 1024

# A document a browser renders (and runs script in), recognised whatever the file claims.
_HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<script", b"<iframe", b"<h1",
                b"<div", b"<font", b"<table", b"<a ", b"<style", b"<title", b"<b ", b"<br", b"<p ",
                b"<p>", b"<!--")


@dataclass(frozen=True, slots=True)
class Sniffed:
    media_type: str | None  # None: not a format recognised here
    width: int | None = None
    height: int | None = None


def sniff_file(path: Path) -> Sniffed:
    with path.open("rb") as stream:
        return sniff(stream)


def sniff(stream: BinaryIO) -> Sniffed:
    """What the bytes of `stream` (at its start) are; the stream is read, never executed."""
    head = stream.read(_HEAD_BYTES)
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return _png(head)
    if head[:6] in (b"GIF87a", b"GIF89a"):
        if len(head) < 10:
            return Sniffed("image/gif")
        width, height = struct.unpack("<HH", head[6:10])
        return Sniffed("image/gif", width, height)
    if head.startswith(b"\xff\xd8\xff"):
        stream.seek(0)
        return _jpeg(stream.read(_JPEG_SCAN_BYTES))
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return _webp(head)
    if head.startswith(b"BM"):
        return Sniffed("image/bmp")
    if head.startswith(b"%PDF-"):
        return Sniffed("application/pdf")
    return Sniffed(_markup(head))


def _png(head: bytes) -> Sniffed:
    # The first chunk is IHDR: width and height, big-endian, right after its type.
    if len(head) < 24 or head[12:16] != b"IHDR":
        return Sniffed("image/png")
    width, height = struct.unpack(">II", head[16:24])
    return Sniffed("image/png", width, height)


def _jpeg(data: bytes) -> Sniffed:
    """Walk the segments to the first start-of-frame marker, which holds the size."""
    position = 2
    while position + 4 <= len(data):
        if data[position] != 0xFF:
            break
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:  # no length
            position += 2
            continue
        (length,) = struct.unpack(">H", data[position + 2:position + 4])
        is_frame = 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC)
        if is_frame and position + 9 <= len(data):
            height, width = struct.unpack(">HH", data[position + 5:position + 9])
            return Sniffed("image/jpeg", width, height)
        if length < 2:
            break
        position += 2 + length
    return Sniffed("image/jpeg")


def _webp(head: bytes) -> Sniffed:
    chunk = head[12:16]
    if chunk == b"VP8 " and len(head) >= 30:
        width, height = struct.unpack("<HH", head[26:30])
        return Sniffed("image/webp", width & 0x3FFF, height & 0x3FFF)
    if chunk == b"VP8L" and len(head) >= 25:
        bits = int.from_bytes(head[21:25], "little")
        return Sniffed("image/webp", (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1)
    if chunk == b"VP8X" and len(head) >= 30:
        width = int.from_bytes(head[24:27], "little") + 1
        height = int.from_bytes(head[27:30], "little") + 1
        return Sniffed("image/webp", width, height)
    return Sniffed("image/webp")


def _markup(head: bytes) -> str | None:
    """HTML or SVG, as a browser would take it: from the first tag, after a byte order mark,
    white space, an XML declaration, comments or a doctype."""
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip().lower()
    if b"<svg" in text[:_HEAD_BYTES] and (text.startswith((b"<svg", b"<?xml", b"<!doctype svg", b"<!--"))):
        return "image/svg+xml"
    if text.startswith(_HTML_STARTS):
        return "text/html"
    if text.startswith(b"<?xml") and (b"<html" in text or b"<script" in text):
        return "application/xhtml+xml"
    return None
