"""Reading the file a message carries over a Rocket.Chat server: to preview a picture (bounded)
and to save a copy where the user says (whole or not at all), this computer's copy first.

Rocket.Chat serves a chat's file at `/file-upload/<id>/<name>` and, with FileUpload_ProtectFiles
on (its default), only to a signed-in user it may show it to
(apps/meteor/app/file-upload/server/lib/FileUpload.ts, `requestCanAccessFiles`): the
`rc_uid`/`rc_token` query parameters or cookies, a JSON web token in `token`, or the
`X-User-Id`/`X-Auth-Token` headers. Omnidesk sends the headers, so the token never sits in an
address a log could keep. With FileUpload_Restrict_to_room_members (its default) the user must
be a member of the chat: its serving agent. A closed chat has no members any more (closing removes
its subscriptions), so the server then refuses its files: those this computer already has
(app.backends.rocketchat.file_cache) still show and save, offline too.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncGenerator
from pathlib import Path

from app.backends.rocketchat.file_cache import FileCache
from app.backends.rocketchat.payloads.file_ids import server_file_id
from app.backends.rocketchat.payloads.files import file_path
from app.backends.rocketchat.rest import RestClient
from app.backends.rocketchat.wire import ServerRefused
from app.domain import Attachment
from app.errors import NotAllowed, NotFound, Offline, OmnideskError, Refused
from app.store.files import FileTooLarge, copy_whole


def too_large_to_show() -> Refused:
    return Refused("This file is too large to show here; save it to open it.", code="file-too-large-to-show")


class ServerFiles:
    """The files of one (server, user): read through `rest`, kept in `cache`."""

    def __init__(self, rest: RestClient, cache: FileCache) -> None:
        self._rest = rest
        self.cache = cache

    async def data(self, attachment: Attachment, *, max_bytes: int) -> bytes:
        """The file's bytes, at most `max_bytes` of them (Refused 'file-too-large-to-show' past
        that, as soon as the server's stated size or the bytes arriving say so): from this
        computer when it has them, else from the server, then kept here."""
        if attachment.size > max_bytes:
            raise too_large_to_show()
        try:
            kept = await asyncio.to_thread(self.cache.read, attachment.id, max_bytes)
        except FileTooLarge:
            raise too_large_to_show() from None
        if kept is not None:
            return kept
        received: list[bytes] = []
        size = 0
        async with contextlib.aclosing(self._chunks(attachment)) as chunks:
            async for chunk in chunks:
                size += len(chunk)
                if size > max_bytes:
                    raise too_large_to_show()  # leaving the loop closes the download
                received.append(chunk)
        data = b"".join(received)
        await asyncio.to_thread(self.cache.keep_bytes, attachment.id, data)
        return data

    async def save(self, attachment: Attachment, destination: Path) -> None:
        """Copy the file to `destination`, whole or not at all: this computer's copy when it has
        one, else downloaded (into the cache's incoming folder first, so a broken download
        leaves nothing at `destination`), then kept here when it fits."""
        if await asyncio.to_thread(self.cache.copy_out, attachment.id, destination):
            return
        incoming, stream = await asyncio.to_thread(self.cache.new_incoming)
        try:
            try:
                async with contextlib.aclosing(self._chunks(attachment)) as chunks:
                    async for chunk in chunks:
                        await asyncio.to_thread(stream.write, chunk)
            finally:
                await asyncio.to_thread(stream.close)
            await asyncio.to_thread(copy_whole, incoming, destination)
            await asyncio.to_thread(self.cache.keep, attachment.id, incoming)
        finally:
            await asyncio.to_thread(incoming.unlink, True)

    async def keep_sent(self, attachment: Attachment, incoming: Path) -> None:
        """Keep a file this computer just sent as the attachment the server made of it (it then
        shows without a download); `incoming` is gone after."""
        await asyncio.to_thread(self.cache.keep, attachment.id, incoming)

    async def _chunks(self, attachment: Attachment) -> AsyncGenerator[bytes, None]:
        download = self._rest.file_chunks(file_path(server_file_id(attachment.id), attachment.name))
        try:
            async with contextlib.aclosing(download) as got:
                async for chunk in got:
                    yield chunk
        except ServerRefused as refused:
            raise _file_refusal(refused) from refused
        except Offline as offline:
            raise Offline(f"{offline.message} This file is not on this computer yet: it opens once the "
                          "server is back.", code=offline.code) from offline


def _file_refusal(refused: ServerRefused) -> OmnideskError:
    if refused.status == 403:
        return NotAllowed("The server does not let you open this file: Rocket.Chat gives a chat's files "
                          "only to its members, and a closed chat has none.", code="file-not-permitted")
    if refused.status == 404:
        return NotFound("The server no longer has this file.", code="file-missing")
    return Refused(f"The server could not give this file: {refused.message}", code="file-unavailable")
