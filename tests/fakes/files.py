"""Files for tests, made byte by byte: real (decodable) pictures, hostile ones, and multipart
bodies written by hand so a test controls every byte a browser would send."""

from __future__ import annotations

import struct
import zlib

SCRIPTED_HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SCRIPTED_SVG = (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
                b"<script>alert(document.cookie)</script></svg>")


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(width: int, height: int, rgb: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    """A valid RGB PNG of one colour."""
    row = b"\x00" + bytes(rgb) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header)
            + _chunk(b"IDAT", zlib.compress(row * height)) + _chunk(b"IEND", b""))


def png_bomb(width: int = 100_000, height: int = 100_000) -> bytes:
    """A small file whose header claims a huge picture (decoding it would need gigabytes)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    # One compressed row of zeroes: a decoder would expand it into width*height*3 bytes.
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header)
            + _chunk(b"IDAT", zlib.compress(b"\x00" * 4096)) + _chunk(b"IEND", b""))


def multipart(parts: list[tuple[str, bytes | None, bytes, str]],
              boundary: str = "omnideskTestBoundary") -> tuple[bytes, str]:
    """A multipart/form-data body from (field name, file name or None, content, content type),
    and its Content-Type header. File names are written as given, between quotes (slashes and
    all; a backslash must be doubled there), or, starting with UTF-8'', as RFC 5987's
    `filename*` (percent-encoded: how a NUL can reach a server at all)."""
    body = b""
    for name, filename, content, content_type in parts:
        body += f"--{boundary}\r\n".encode()
        disposition = f'Content-Disposition: form-data; name="{name}"'.encode()
        if filename is not None and filename.startswith(b"UTF-8''"):
            disposition += b"; filename*=" + filename
        elif filename is not None:
            disposition += b'; filename="' + filename + b'"'
        body += disposition + b"\r\n"
        if content_type:
            body += f"Content-Type: {content_type}\r\n".encode()
        body += b"\r\n" + content + b"\r\n"
    body += f"--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"
