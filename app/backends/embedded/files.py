"""Files sent in chats on the embedded desk, by agents and by visitors alike: a received file is
judged (app.files.accept), kept under a random id, then posted as a message through the
engine's command, which checks the chat again under its lock. A refused file leaves nothing
behind."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from app.backends.embedded.apply import Request
from app.domain import Attachment, AuthorKind, Chat, FileLimits, Message
from app.errors import Refused
from app.files.accept import accept, disabled, too_large
from app.files.names import display_name
from app.store import configuration

if TYPE_CHECKING:
    from app.backends.embedded.engine import EmbeddedEngine


async def file_limits(engine: EmbeddedEngine) -> FileLimits:
    return await engine.database.read(configuration.file_limits)


async def require_enabled(engine: EmbeddedEngine, *, visitor: bool) -> FileLimits:
    """The organisation's file limits; Refused ('error-file-upload-disabled') when files may not
    be sent (by visitors, with `visitor`)."""
    limits = await file_limits(engine)
    refusal: Refused | None = disabled(limits, visitor=visitor)
    if refusal is not None:
        raise refusal
    return limits


async def post_file(
    engine: EmbeddedEngine,
    chat_id: str,
    incoming: Path,
    *,
    size: int,
    name: str,
    declared_type: str,
    caption: str,
    limits: FileLimits,
    author_kind: AuthorKind,
    check: Callable[[Chat], None],
    author: tuple[str, str] | None = None,
    request: Request | None = None,
) -> Message:
    """Post the received file at `incoming` (this function owns it: kept or removed) as a file
    message of the chat. InvalidInput ('error-size-not-allowed', 'error-type-not-allowed') for a
    file the organisation refuses; whatever `check` or the engine raise for the chat."""
    try:
        if size > limits.max_bytes:
            raise too_large(limits)
        accepted = await asyncio.to_thread(accept, incoming, name=name, declared=declared_type,
                                           limits=limits)
        file_id = await asyncio.to_thread(engine.files.keep, incoming)
    finally:
        # Kept (moved into place) or refused: either way no incoming file stays behind.
        await asyncio.to_thread(incoming.unlink, True)
    attachment = Attachment(id=file_id, name=display_name(name), media_type=accepted.media_type,
                            size=size, width=accepted.width, height=accepted.height)
    try:
        return await engine.add_message(chat_id, caption, author_kind=author_kind, check=check,
                                        author=author, request=request, attachment=attachment)
    except BaseException:
        await asyncio.to_thread(engine.files.discard, file_id)
        raise
