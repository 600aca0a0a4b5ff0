"""Whether a received file may be kept, and what it is: Rocket.Chat's checks on the type the
sender declared (FileUpload_MediaTypeWhiteList / BlackList, FileUpload_MaxFileSize), and, beyond
Rocket.Chat, the same type checks on what the bytes are, so a script renamed "photo.png" is
judged as the page it is."""

from __future__ import annotations

import mimetypes
import re
from dataclasses import dataclass
from pathlib import Path

from app.domain import FileLimits
from app.domain.attachment import INLINE_IMAGE_TYPES, size_text
from app.errors import InvalidInput, Refused
from app.files.sniff import sniff_file
from app.files.words import Files

# The standard library's own table, not the system's mime.types: the same answer on every machine.
_GUESSER = mimetypes.MimeTypes()
_UNKNOWN = "application/octet-stream"
# type/subtype as RFC 6838 allows them: anything else a sender declares is no media type.
_MEDIA_TYPE = re.compile(r"^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$")


@dataclass(frozen=True, slots=True)
class Accepted:
    media_type: str
    width: int | None
    height: int | None


def declared_type(declared: str, name: str) -> str:
    """Rocket.Chat's getMimeType: the sender's type, or the one its name's extension suggests
    when the sender gave none or only application/octet-stream."""
    media_type = declared.split(";", 1)[0].strip().lower()
    if not _MEDIA_TYPE.match(media_type) or media_type == _UNKNOWN:
        guessed, _encoding = _GUESSER.guess_type(name, strict=False)
        media_type = guessed or _UNKNOWN
    return media_type


def disabled(limits: FileLimits, *, visitor: bool) -> Refused | None:
    """Rocket.Chat's 'error-file-upload-disabled', when files may not be sent (by visitors)."""
    if limits.enabled and (limits.visitors_may_send or not visitor):
        return None
    return Refused(Files.tr("Sending files is turned off here."), code="error-file-upload-disabled")


def too_large(limits: FileLimits) -> InvalidInput:
    """Rocket.Chat's 'error-size-not-allowed'."""
    return InvalidInput(Files.tr("The file is larger than {limit}, the most this desk accepts.").format(
        limit=size_text(limits.max_bytes)), code="error-size-not-allowed")


def accept(path: Path, *, name: str, declared: str, limits: FileLimits) -> Accepted:
    """What the received file at `path` is, or InvalidInput ('error-type-not-allowed') when its
    declared type or what its bytes are is one the organisation refuses. The file is only read."""
    claimed = declared_type(declared, name)
    found = sniff_file(path)
    refused = next((t for t in (claimed, found.media_type) if t is not None and not limits.allows_type(t)),
                   None)
    if refused is not None:
        raise InvalidInput(Files.tr("Files of this type ({media_type}) are not accepted here.").format(
            media_type=refused), code="error-type-not-allowed")
    if found.media_type is not None:
        media_type = found.media_type
    elif claimed in INLINE_IMAGE_TYPES:
        # It says it is a picture and is not one: kept, as an unknown file.
        media_type = _UNKNOWN
    else:
        media_type = claimed
    if media_type in INLINE_IMAGE_TYPES:
        return Accepted(media_type, found.width, found.height)
    return Accepted(media_type, None, None)
