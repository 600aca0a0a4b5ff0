"""A sender's file name as a label: never a path on this machine, never markup, never a trick.

A name arrives from a browser or a desktop as anything at all ("../../.bashrc", "C:\\boot.ini",
NULs, right-to-left overrides that make "txt.exe" read "exe.txt"). It is only ever shown and
offered as the default name in a Save dialog; files are stored under random ids.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import quote

MAX_NAME_CHARS = 255
FALLBACK_NAME = "file"


def display_name(raw: str) -> str:
    """The last part of `raw` (after any / or \\), without control or formatting characters
    (NUL, new lines, bidirectional overrides) nor leading dots or spaces, at most 255
    characters with the extension kept; "file" when nothing is left."""
    last = raw.replace("\\", "/").rsplit("/", 1)[-1]
    kept = "".join(c for c in last if unicodedata.category(c) not in ("Cc", "Cf", "Cs", "Co", "Cn"))
    kept = " ".join(kept.split()).lstrip(". ").rstrip(" ")
    if len(kept) > MAX_NAME_CHARS:
        stem, dot, extension = kept.rpartition(".")
        if dot and 0 < len(extension) <= 16:
            kept = stem[:MAX_NAME_CHARS - len(extension) - 1] + "." + extension
        else:
            kept = kept[:MAX_NAME_CHARS]
    return kept or FALLBACK_NAME


def content_disposition(name: str, *, inline: bool) -> str:
    """The Content-Disposition header for serving a file under `name` (RFC 6266): an ASCII
    fallback with anything unusual replaced, and the UTF-8 name percent-encoded."""
    shown = display_name(name)
    fallback = "".join(c if c.isascii() and (c.isalnum() or c in " ._-()") else "_" for c in shown)
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(shown, safe='')}"


def url_name(name: str) -> str:
    """The name as the last part of a file's URL (Rocket.Chat's `/file-upload/<id>/<name>`)."""
    return quote(display_name(name), safe="")
