"""Sending a file to a chat over a Rocket.Chat server, and the server's limits on files.

**Limits.** Rocket.Chat's FileUpload settings (FileUpload_Enabled, FileUpload_MaxFileSize,
FileUpload_MediaTypeWhiteList / BlackList, and Livechat_fileupload_enabled for visitors) are
public: `GET settings.public?_id=...` reads them (rate-limited like any route: read with the
organisation, at the first sync and then at most every 5 minutes). They are kept in the cache as
its FILE_UPLOAD record (app.store.configuration), so the desk knows them offline and from the
first moment of the next start.

**Sending.** Rocket.Chat 8.x takes a file in two steps (apps/meteor/app/api/server/v1/rooms.ts):
`POST rooms.media/:rid` (multipart, field `file`: the server checks room access, then
FileUpload_Enabled, the size, the type — FileUpload.validateFileUpload — and keeps the file as a
temporary upload that its hourly `temporaryUploadCleanup` removes after 24 h unless confirmed),
then `POST rooms.mediaConfirm/:rid/:fileId`, which posts the file message (sendFileMessage: the
user must be able to send in the room, as for any message) and answers it. Both are REST routes
under Rocket.Chat's default limiter: 10 calls a minute each.

The file is copied first (into the cache's incoming folder, bounded by the size limit) and judged
there (app.files.accept: the limits on what it claims to be and on what its bytes are), so what is
sent is what was checked. Sending the upload twice is harmless (an unconfirmed upload expires), so
`rooms.media` is retried like a GET. The confirmation carries no id of this computer's choosing
(unlike a message, whose `_id` makes a resend safe): a second confirmation would post the file
twice, so it is never sent again. When its answer is lost (the link broke, a 5xx, an answer that is
not Rocket.Chat's), the desk looks for the file's message (it comes on the room's stream): found,
the file was sent once; not found, the user is told that it may or may not be in the chat, and to
send it again only if it does not appear. Offline, nothing is sent and nothing waits: files are
not queued like messages.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import Awaitable, Callable
from pathlib import Path

from app.backends.rocketchat.files import ServerFiles
from app.backends.rocketchat.payloads import read_message
from app.backends.rocketchat.payloads.fields import Fields
from app.backends.rocketchat.payloads.files import (
    MEDIA,
    MEDIA_CONFIRM,
    SETTINGS,
    read_file_limits,
    read_uploaded_file_id,
    settings_query,
)
from app.backends.rocketchat.rest import RestClient
from app.backends.rocketchat.wire import MalformedAnswer, ServerRefused
from app.config.records import Kind, Op
from app.domain import FileLimits, Message
from app.errors import InvalidInput, NotAllowed, Offline, OmnideskError, Refused
from app.files.accept import accept, too_large
from app.files.names import display_name
from app.store import configuration
from app.store.files import FileTooLarge

log = logging.getLogger(__name__)


class AnswerLost(Exception):
    """The confirmation was sent and its answer did not come back: the file may be posted."""

    def __init__(self, error: OmnideskError) -> None:
        super().__init__(error.message)
        self.error = error


async def fetch_limits(rest: RestClient) -> FileLimits | None:
    """The server's limits now; None (logged) when it refuses to list them (a server before 7.0
    refuses the `_id` filter): the limits kept stay, and the server still checks every upload."""
    endpoint = SETTINGS[1].removeprefix("/v1/")
    try:
        answer = await rest.get(endpoint, settings_query())
    except ServerRefused as refused:
        log.warning("the server did not list its file settings: %s", refused.message)
        return None
    return read_file_limits(answer, endpoint=endpoint)


def keep_limits(connection: sqlite3.Connection, limits: FileLimits) -> None:
    """Keep the server's limits as the cache's FILE_UPLOAD record."""
    configuration.write(connection, Kind.FILE_UPLOAD, Kind.FILE_UPLOAD.value, Op.UPDATE, {
        "enabled": limits.enabled, "visitors_may_send": limits.visitors_may_send,
        "max_bytes": limits.max_bytes, "whitelist": limits.whitelist, "blacklist": limits.blacklist})


def kept_limits(connection: sqlite3.Connection) -> FileLimits:
    """The limits last read from the server (Rocket.Chat's defaults before the first read)."""
    return configuration.file_limits(connection)


async def send_file(
    rest: RestClient,
    files: ServerFiles,
    chat_id: str,
    path: Path,
    limits: FileLimits,
    *,
    arrived: Callable[[str], Awaitable[Message | None]],
) -> Message:
    """Send the file at `path` to the chat (limits already checked as enabled); the file message
    as the server posted it. `arrived(file_id)` finds the message carrying the server's file
    `file_id` once the room's stream brought it (None when it did not come). Raises InvalidInput
    for a file the limits refuse (nothing sent), the server's refusal, Offline, or, when the
    confirmation's answer was lost and the message did not come, Refused/Offline
    'file-send-unconfirmed'."""
    name = display_name(path.name)
    try:
        incoming, _size = await asyncio.to_thread(files.cache.copy_in, path, limits.max_bytes)
    except FileTooLarge:
        raise too_large(limits) from None
    try:
        accepted = await asyncio.to_thread(accept, incoming, name=name, declared="", limits=limits)
        file_id = await _upload(rest, chat_id, incoming, name=name, media_type=accepted.media_type,
                                limits=limits)
        try:
            message = await _confirm(rest, chat_id, file_id)
        except AnswerLost as lost:
            message = await arrived(file_id)
            if message is None:
                raise _unconfirmed(name, lost.error) from lost.error
        if message is None:
            message = await arrived(file_id)
            if message is None:
                raise Refused(f"The server took {name} but did not say where it posted it: it shows in the "
                              "chat when it arrives.", code="file-send-unconfirmed")
        if message.attachment is not None:
            await files.keep_sent(message.attachment, incoming)
        return message
    finally:
        await asyncio.to_thread(incoming.unlink, True)


async def _upload(rest: RestClient, chat_id: str, incoming: Path, *, name: str, media_type: str,
                  limits: FileLimits) -> str:
    endpoint = f"rooms.media/{chat_id}"
    route = MEDIA[1].removeprefix("/v1/")
    stream = await asyncio.to_thread(incoming.open, "rb")
    try:
        answer = await rest.post_file(endpoint, field_name="file", name=name, media_type=media_type,
                                      stream=stream, idempotent=True, route=route)
    except ServerRefused as refused:
        said = upload_refusal(refused, limits, media_type)
        if said is None:
            raise
        raise said from refused
    finally:
        await asyncio.to_thread(stream.close)
    return read_uploaded_file_id(answer, endpoint=route)


async def _confirm(rest: RestClient, chat_id: str, file_id: str) -> Message | None:
    endpoint = f"rooms.mediaConfirm/{chat_id}/{file_id}"
    route = MEDIA_CONFIRM[1].removeprefix("/v1/")
    try:
        answer = await rest.post(endpoint, {}, route=route)
    except ServerRefused as refused:
        if refused.status is not None and refused.status >= 500:
            raise AnswerLost(refused) from refused
        raise
    except (Offline, MalformedAnswer) as lost:
        raise AnswerLost(lost) from lost
    posted = Fields(answer, kind="file message", endpoint=route).obj_or_none("message")
    return None if posted is None else read_message(answer["message"], endpoint=route)


def upload_refusal(refused: ServerRefused, limits: FileLimits, media_type: str) -> OmnideskError | None:
    """A refused upload said as the contract says it (Backend.send_file); None for the refusals
    any command may meet (said by the backend)."""
    error_id = refused.error_id
    if error_id == "error-file-upload-disabled":
        return Refused("Sending files is turned off on the server.", code="error-file-upload-disabled")
    if error_id == "error-file-too-large":
        return too_large(limits)
    if error_id == "error-invalid-file-type":
        return InvalidInput(f"The server does not accept files of this type ({media_type}).",
                            code="error-type-not-allowed")
    if refused.status == 403:
        return NotAllowed("The server does not let you send files in this chat.",
                          code="file-send-not-permitted")
    return None


def _unconfirmed(name: str, error: OmnideskError) -> OmnideskError:
    if isinstance(error, Offline):
        return Offline(f"The connection broke while {name} was being posted: it may still appear in the "
                       "chat. Send it again only if it does not.", code="file-send-unconfirmed")
    return Refused(f"The server did not confirm that it posted {name}: it may still appear in the chat. Send "
                   "it again only if it does not.", code="file-send-unconfirmed")
