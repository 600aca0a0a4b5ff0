"""Files both ways on the visitor side: Rocket.Chat's `POST livechat/upload/:rid` (the widget's
upload, multipart with the `x-visitor-token` header) and `GET /file-upload/<id>/<name>` (what the
widget shows and downloads, for the visitor whose chat holds the file).

Answers follow Rocket.Chat's upload.ts: 403 without a known token or an open room of theirs; 400
with `reason` 'error-file-upload-disabled', 'error-no-file-uploaded', 'error-size-not-allowed'
(with `sizeAllowed`, which the widget shows) or 'error-type-not-allowed'; 200 with the message.

A file is received in chunks into an incoming file (never whole in memory), each write off the
loop's thread, and given up as soon as it passes the size limit. What is served back is never
rendered as a page: only recognised pictures go out as themselves, everything else as a
download, with `nosniff` and a sandbox policy either way.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from aiohttp import BodyPartReader, MultipartReader, web
from aiohttp.http_exceptions import HttpProcessingError

from app.backends.embedded.visitors import check_token, for_visitor
from app.domain import Attachment, FileLimits
from app.domain.attachment import size_text
from app.errors import InvalidInput, NotAllowed, NotFound, OmnideskError
from app.files.names import content_disposition
from app.intake import shapes
from app.intake.rest import API

if TYPE_CHECKING:
    from app.intake.server import IntakeServer

# Bytes gathered before each write to disk (one hop to a worker thread per write).
_WRITE_BYTES = 1024 * 1024
_READ_BYTES = 256 * 1024
# Form fields besides the file (Rocket.Chat passes `description`, `msg`...): few and short.
_MAX_FIELDS = 10
_MAX_FIELD_BYTES = 8 * 1024
_SAFE_POLICY = "default-src 'none'; sandbox"


def _failure(status: int, reason: str, message: str, **extra: Any) -> web.Response:
    # Rocket.Chat's API.v1.failure({reason, ...}) (the widget reads `reason`), with the error
    # shape every other answer of the intake has.
    body = {"success": False, "reason": reason, "error": reason, "message": message, **extra}
    return web.json_response(body, status=status)


def _forbidden() -> web.Response:
    # Rocket.Chat's API.v1.forbidden(): the same answer for no token, an unknown one and a room
    # that is not theirs (or not open), so a token learns nothing about others.
    return web.json_response({"success": False, "error": "unauthorized"}, status=403)


class _Refusal(Exception):
    def __init__(self, response: web.Response) -> None:
        super().__init__(response.status)
        self.response = response


class Uploads:
    def __init__(self, server: IntakeServer) -> None:
        self._server = server
        self._visitors = server.engine.visitors
        self._files = server.engine.files

    def add_routes(self, app: web.Application) -> None:
        app.router.add_post(f"{API}/upload/{{rid}}", self.upload)
        app.router.add_get("/file-upload/{file_id}/{name:.*}", self.download)

    # -- the widget's upload ------------------------------------------------------------------

    async def upload(self, request: web.Request) -> web.Response:
        raw_token = request.headers.get("x-visitor-token")
        if not raw_token:
            return _forbidden()
        try:
            limits = await self._visitors.file_limits()
        except OmnideskError as error:
            return _failure(400, error.code, error.message)
        room_id = request.match_info["rid"]
        try:
            token = check_token(raw_token)
            if await self._visitors.visitor(token) is None:
                return _forbidden()
            await self._visitors.open_room(token, room_id)
        except (InvalidInput, NotAllowed, NotFound):
            return _forbidden()
        if not self._server.per_visitor.allow(token):
            return _failure(429, "too-many-requests", "You are sending too fast; wait a moment.")
        try:
            received = await self._receive(request, limits)
        except _Refusal as refusal:
            return refusal.response
        incoming, size, name, declared, fields = received
        caption = fields.get("description") or fields.get("msg") or ""
        try:
            sent = await self._visitors.send_file(token, room_id, incoming, size=size, name=name,
                                                  declared_type=declared, caption=caption, limits=limits)
        except (NotAllowed, NotFound):
            return _forbidden()
        except OmnideskError as error:
            if error.code.startswith("error-"):
                return _failure(400, error.code, error.message)
            raise
        visible = for_visitor(sent)
        assert visible is not None  # the visitor's own message
        return web.json_response({**shapes.message(visible, for_stream=False), "success": True})

    async def _receive(
        self, request: web.Request, limits: FileLimits
    ) -> tuple[Path, int, str, str, dict[str, str]]:
        """The form's one file (into an incoming file) and its other fields."""
        try:
            reader = await request.multipart()
        except (ValueError, AssertionError, KeyError):
            raise _Refusal(_failure(400, "error-no-file-uploaded", "The request carries no file.")) from None
        fields: dict[str, str] = {}
        received: tuple[Path, int, str, str] | None = None
        try:
            while True:
                part = await reader.next()
                if part is None:
                    break
                if isinstance(part, MultipartReader):
                    raise _Refusal(_failure(400, "invalid-field", "Nested forms are not accepted."))
                if part.filename is None:
                    if len(fields) >= _MAX_FIELDS:
                        raise _Refusal(_failure(400, "error-too-many-fields", "Too many form fields."))
                    value = await part.read(decode=False)
                    if len(value) > _MAX_FIELD_BYTES:
                        raise _Refusal(_failure(400, "invalid-field", "A form field is too long."))
                    fields[part.name or ""] = value.decode("utf-8", errors="replace")
                    continue
                if part.name != "file":
                    raise _Refusal(_failure(400, "invalid-field", "Files are sent in the field 'file'."))
                if received is not None:
                    raise _Refusal(_failure(400, "error-too-many-files", "Send one file at a time."))
                received = await self._write(part, limits)
        except (ValueError, HttpProcessingError) as error:
            # A form cut short or malformed (Rocket.Chat's busboy says error-upload-failed).
            if received is not None:
                await asyncio.to_thread(received[0].unlink, True)
            raise _Refusal(_failure(400, "error-upload-failed", "The file did not arrive whole; "
                                    "send it again.")) from error
        except BaseException:
            if received is not None:
                await asyncio.to_thread(received[0].unlink, True)
            raise
        if received is None:
            raise _Refusal(_failure(400, "error-no-file-uploaded", "The request carries no file."))
        path, size, name, declared = received
        return path, size, name, declared, fields

    async def _write(self, part: BodyPartReader, limits: FileLimits) -> tuple[Path, int, str, str]:
        path, stream = await asyncio.to_thread(self._files.new_incoming)
        size, pending = 0, bytearray()
        try:
            try:
                while chunk := await part.read_chunk(_READ_BYTES):
                    size += len(chunk)
                    if size > limits.max_bytes:
                        raise _Refusal(_failure(
                            400, "error-size-not-allowed",
                            f"The file is larger than {size_text(limits.max_bytes)}, the most this "
                            "desk accepts.", sizeAllowed=size_text(limits.max_bytes)))
                    pending += chunk
                    if len(pending) >= _WRITE_BYTES:
                        await asyncio.to_thread(_write_all, stream, bytes(pending))
                        pending.clear()
                await asyncio.to_thread(_write_all, stream, bytes(pending))
            finally:
                await asyncio.to_thread(stream.close)
        except BaseException:
            await asyncio.to_thread(path.unlink, True)
            raise
        declared = part.headers.get("Content-Type", "")
        return path, size, part.filename or "", declared

    # -- files back to the widget -------------------------------------------------------------

    async def download(self, request: web.Request) -> web.StreamResponse:
        """A file of the visitor's chats, known by the token in the widget's `rc_token` cookie
        (or the query, as Rocket.Chat takes it); 403 for anyone else, whether or not it exists."""
        raw_token = request.query.get("rc_token") or request.cookies.get("rc_token")
        if not raw_token:
            return _forbidden()
        try:
            token = check_token(raw_token)
            attachment, path = await self._visitors.file(token, request.match_info["file_id"])
        except (InvalidInput, NotAllowed, NotFound, ValueError):
            return _forbidden()
        content_type, inline = served_as(attachment)
        headers = {
            "Content-Type": content_type,
            "Content-Disposition": content_disposition(attachment.name, inline=inline),
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": _SAFE_POLICY,
            "Cross-Origin-Resource-Policy": "same-origin",
            "Cache-Control": "private, max-age=3600",
        }
        return web.FileResponse(path, headers=headers)


def _write_all(stream: BinaryIO, data: bytes) -> None:
    stream.write(data)


def served_as(attachment: Attachment) -> tuple[str, bool]:
    """(Content-Type, inline?) for serving a file: recognised pictures as themselves, inline;
    sound and video as what they said they are, to download (a media player still plays them);
    anything else as bytes to download, never a page."""
    if attachment.is_image:
        return attachment.media_type, True
    if attachment.media_type.startswith(("audio/", "video/")) and "/" in attachment.media_type:
        return attachment.media_type, False
    return "application/octet-stream", False
