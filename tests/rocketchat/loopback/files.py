"""Files in chats on the loopback Rocket.Chat server, served as Rocket.Chat 8.x serves them
(apps/meteor/app/api/server/v1/rooms.ts, app/file-upload/server/lib/FileUpload.ts and
requests.ts, app/file-upload/server/methods/sendFileMessage.ts, server/settings/file-upload.ts):

  GET  settings.public (no sign-in; `_id` = ids comma-separated, only public settings listed)
  POST rooms.media/:rid (multipart, field `file`): room access, then FileUpload_Enabled, the size
       (-1: no limit), the type (blacklist, then whitelist) as validateFileUpload checks them, in
       that order; kept as a temporary upload (`expiresAt`); answers `{file: {_id, url}}`
  POST rooms.mediaConfirm/:rid/:fileId: the upload must be this user's for this room
       ('invalid-file'), the room open; posts the file message (`file`, `files`, `attachments`
       as parseFileIntoMessageAttachments builds them) and answers `{message}`
  GET  /file-upload/<id>/<name>: 404 for an id it does not know; with FileUpload_ProtectFiles,
       only to a signed-in user (X-User-Id/X-Auth-Token headers, or rc_uid/rc_token in the
       query or cookies) who is a member of the room (FileUpload_Restrict_to_room_members: the
       agent serving it while it is open; closing removes the subscriptions), else 403.

A token sent in an address (`rc_token=` in the query) is served, as Rocket.Chat does, but counted
in `tokens_in_addresses`: Omnidesk must never do it. Requests are checked as omnichannel.py checks
them (the route's ajv schema when rest-typings has one; the confirmation's body against the
params rest-typings declares for it), and served messages against core-typings' IMessage.
"""

from __future__ import annotations

import json
import secrets
import struct
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from aiohttp import BodyPartReader, web

from tests.rocketchat.loopback import payloads

if TYPE_CHECKING:
    from tests.rocketchat.loopback.omnichannel import Omnichannel
    from tests.rocketchat.loopback.server import RestCall
    from tests.rocketchat.loopback.state import LoopbackUser

# Rocket.Chat's defaults (server/settings/file-upload.ts, Livechat_fileupload_enabled); `public`
# as declared there: FileUpload_Restrict_to_room_members is not public.
DEFAULT_SETTINGS: dict[str, tuple[Any, bool]] = {
    "FileUpload_Enabled": (True, True),
    "FileUpload_MaxFileSize": (104_857_600, True),
    "FileUpload_MediaTypeWhiteList": ("", True),
    "FileUpload_MediaTypeBlackList": ("image/svg+xml", True),
    "FileUpload_ProtectFiles": (True, True),
    "FileUpload_Restrict_to_room_members": (True, False),
    "Livechat_fileupload_enabled": (True, True),
    "Site_Name": ("Rocket.Chat", True),
}
# What rooms.mediaConfirm's body may hold (rest-typings 8.8.1 declares no validator for it).
_CONFIRM_PARAMS = frozenset({"description", "avatar", "emoji", "alias", "groupable", "msg", "tmid",
                             "customFields", "t", "content", "fileName", "fileContent"})
# uploadsOnValidate reads the size of these pictures (sharp's metadata).
_IDENTIFIED = frozenset({"image/png", "image/jpeg", "image/pjpeg", "image/gif", "image/webp", "image/bmp"})


@dataclass
class Upload:
    id: str
    rid: str
    user_id: str | None
    name: str
    type: str
    data: bytes
    temporary: bool = True
    width: int | None = None
    height: int | None = None
    # Served as bytes that never end (until the client hangs up): a client must stop by itself.
    endless: bool = False


@dataclass
class LoopbackFiles:
    omnichannel: Omnichannel
    settings: dict[str, Any] = field(default_factory=lambda: {k: v for k, (v, _) in DEFAULT_SETTINGS.items()})
    uploads: dict[str, Upload] = field(default_factory=dict)
    # Every /file-upload request answered 200: the file ids, in order
    downloads: list[str] = field(default_factory=list)
    # Requests that carried a login token in their address (rc_token=): Omnidesk sends none
    tokens_in_addresses: int = 0
    # When set, a confirmation posts the file message, then answers 500 (its answer lost)
    fail_next_confirms_after_posting: int = 0

    def __post_init__(self) -> None:
        server = self.omnichannel.server
        check = self.omnichannel._checked
        server.add_route("GET", "settings.public", check("GET", "settings.public", self._public_settings),
                         auth=False)
        server.add_route("POST", "rooms.media/:rid", check("POST", "rooms.media/:rid", self._media))
        server.add_route("POST", "rooms.mediaConfirm/:rid/:fileId",
                         check("POST", "rooms.mediaConfirm/:rid/:fileId", self._media_confirm))
        server.add_page("file-upload", self._file)

    # -- what a test sets up ------------------------------------------------------------------

    def visitor_sends_file(self, rid: str, name: str, data: bytes, media_type: str) -> dict[str, Any]:
        """The visitor sends a file from the widget (or WhatsApp, through an app): the file
        message as the agent's client receives it (livechat's upload posts the same shape)."""
        visitor = self.omnichannel.visitors[rid]
        upload = self._keep(rid, None, name, media_type, data)
        upload.temporary = False
        author = {"_id": visitor.id, "username": visitor.username, "name": visitor.name}
        return self.omnichannel._add_message(rid, "", author=author, token=visitor.token,
                                             fields=_file_fields(upload))

    # -- REST ----------------------------------------------------------------------------------

    async def _public_settings(self, call: RestCall) -> web.Response:
        wanted = {part.strip() for part in call.query.get("_id", "").split(",") if part.strip()}
        listed = [{"_id": name, "value": self.settings[name]} for name, (_value, public)
                  in sorted(DEFAULT_SETTINGS.items()) if public and (not wanted or name in wanted)]
        offset = int(call.query.get("offset", "0") or 0)
        count = int(call.query.get("count", "50") or 50)
        shown = listed[offset:offset + count] if count else listed[offset:]
        return _json({"settings": shown, "count": len(shown), "offset": offset, "total": len(listed),
                      "success": True})

    async def _media(self, call: RestCall) -> web.Response:
        user = call.user
        assert user is not None
        rid = call.path_params["rid"]
        room = self.omnichannel.rooms.get(rid)
        if room is None or not self._can_access(user, room):
            return _json({"success": False, "error": "unauthorized"}, status=403)
        if not call.request.content_type.startswith("multipart/"):
            self.omnichannel.violations.append("received POST rooms.media without a multipart body")
            return _json(payloads.failure("No file was uploaded", "error-no-file-uploaded"), status=400)
        found: tuple[str, str, bytes] | None = None
        reader = await call.request.multipart()
        async for part in reader:
            if isinstance(part, BodyPartReader) and part.name == "file" and part.filename is not None:
                found = (part.filename, part.headers.get("Content-Type", ""), await part.read())
        if found is None:
            return _json(payloads.failure("No file was uploaded", "error-no-file-uploaded"), status=400)
        name, media_type, data = found
        refused = self._validate(media_type, len(data))
        if refused is not None:
            return refused
        upload = self._keep(rid, user.id, name, media_type, data)
        return _json({"file": {"_id": upload.id, "url": _path(upload)}, "success": True})

    async def _media_confirm(self, call: RestCall) -> web.Response:
        user = call.user
        assert user is not None
        rid, file_id = call.path_params["rid"], call.path_params["fileId"]
        body = call.body if isinstance(call.body, dict) else {}
        unknown = sorted(set(body) - _CONFIRM_PARAMS)
        if unknown:
            self.omnichannel.violations.append(f"received POST rooms.mediaConfirm with {unknown}")
        room = self.omnichannel.rooms.get(rid)
        if room is None or not self._can_access(user, room):
            return _json({"success": False, "error": "unauthorized"}, status=403)
        upload = self.uploads.get(file_id)
        if upload is None or upload.user_id != user.id or upload.rid != rid:
            return _json(payloads.failure("invalid-file", "invalid-file"), status=400)
        if not room.get("open"):
            return _json(payloads.failure("Not allowed", "error-not-allowed"), status=400)
        author = {"_id": user.id, "username": user.username, "name": user.name}
        message = self.omnichannel._add_message(rid, str(body.get("msg", "")), author=author,
                                                fields=_file_fields(upload))
        upload.temporary = False
        if self.fail_next_confirms_after_posting > 0:
            self.fail_next_confirms_after_posting -= 1
            return _json({"success": False, "error": "Internal server error"}, status=500)
        self.omnichannel._check_payload("IMessage", message)
        return _json({"message": message, "success": True})

    # -- the file itself -----------------------------------------------------------------------

    async def _file(self, request: web.Request) -> web.StreamResponse:
        parts = request.match_info["page"].split("/")
        upload = self.uploads.get(parts[1]) if len(parts) >= 3 else None
        if upload is None:
            return web.Response(status=404)
        if self.settings["FileUpload_ProtectFiles"] and not self._may_read(request, upload):
            return web.Response(status=403)
        self.downloads.append(upload.id)
        if upload.endless:
            return await _endless(request)
        headers = {"Content-Security-Policy": "default-src 'none'", "Cache-Control": "max-age=31536000",
                   "Content-Disposition": f'attachment; filename="{quote(upload.name)}"'}
        return web.Response(body=upload.data, content_type=upload.type or "application/octet-stream",
                            headers=headers)

    def _may_read(self, request: web.Request, upload: Upload) -> bool:
        """requestCanAccessFiles: query parameters, else cookies, else the headers."""
        user_id, token = request.query.get("rc_uid"), request.query.get("rc_token")
        if token:
            self.tokens_in_addresses += 1
        if not user_id and request.headers.get("Cookie"):
            cookies = SimpleCookie(request.headers["Cookie"])
            user_id = cookies["rc_uid"].value if "rc_uid" in cookies else None
            token = cookies["rc_token"].value if "rc_token" in cookies else None
        user_id = user_id or request.headers.get("X-User-Id")
        token = token or request.headers.get("X-Auth-Token")
        user = self.omnichannel.server.state.user_of(user_id, token)
        if user is None:
            return False
        if not self.settings["FileUpload_Restrict_to_room_members"]:
            return True
        room = self.omnichannel.rooms.get(upload.rid, {})
        return bool(room.get("open")) and room.get("servedBy", {}).get("_id") == user.id

    # -- Rocket.Chat's checks ------------------------------------------------------------------

    def _can_access(self, user: LoopbackUser, room: dict[str, Any]) -> bool:
        """canAccessRoom for a livechat room: its serving agent, or who may view every
        livechat room (view-livechat-rooms: managers, monitors, admins by default)."""
        if room.get("servedBy", {}).get("_id") == user.id:
            return True
        roles = set(self.omnichannel.permissions.get("view-livechat-rooms", []))
        lacking = self.omnichannel.lacking.get(user.id, set())
        return "view-livechat-rooms" not in lacking and bool(roles & set(user.roles))

    def _validate(self, media_type: str, size: int) -> web.Response | None:
        """FileUpload.validateFileUpload, in its order."""
        refusal: tuple[str, str] | None = None
        most = int(self.settings["FileUpload_MaxFileSize"])
        if not self.settings["FileUpload_Enabled"]:
            refusal = ("File upload is disabled", "error-file-upload-disabled")
        elif most > -1 and size > most:
            refusal = (f"File exceeds allowed size of {most} bytes", "error-file-too-large")
        elif not _valid_content_type(media_type, self.settings["FileUpload_MediaTypeWhiteList"],
                                     self.settings["FileUpload_MediaTypeBlackList"]):
            refusal = ("File type is not accepted", "error-invalid-file-type")
        return None if refusal is None else _json(payloads.failure(*refusal), status=400)

    def _keep(self, rid: str, user_id: str | None, name: str, media_type: str, data: bytes) -> Upload:
        # An ObjectId's hex, as Rocket.Chat's models give a new upload.
        width, height = _png_size(data) if media_type in _IDENTIFIED else (None, None)
        upload = Upload(id=secrets.token_hex(12), rid=rid, user_id=user_id, name=name, type=media_type,
                        data=data, width=width, height=height)
        self.uploads[upload.id] = upload
        return upload


def _file_fields(upload: Upload) -> dict[str, Any]:
    """The message fields parseFileIntoMessageAttachments builds for one file (no thumbnail:
    Message_Attachments_Thumbnails_Enabled makes one only for pictures larger than its box)."""
    url = _path(upload)
    file = {"_id": upload.id, "name": upload.name, "type": upload.type or "file", "size": len(upload.data),
            "format": "png" if upload.width else ""}
    attachment: dict[str, Any] = {"title": upload.name, "type": "file", "title_link": url,
                                  "title_link_download": True, "fileId": upload.id}
    if upload.type.startswith("image/"):
        attachment.update(image_url=url, image_type=upload.type, image_size=len(upload.data))
        if upload.width and upload.height:
            attachment["image_dimensions"] = {"width": upload.width, "height": upload.height}
    else:
        attachment.update(format=upload.name.rpartition(".")[2] if "." in upload.name else "",
                          size=len(upload.data))
    return {"file": file, "files": [file], "attachments": [attachment], "groupable": False}


async def _endless(request: web.Request) -> web.StreamResponse:
    response = web.StreamResponse(headers={"Content-Type": "application/octet-stream"})
    await response.prepare(request)
    chunk = b"x" * 65_536
    while True:
        try:
            await response.write(chunk)
        except ConnectionError:
            return response


def _path(upload: Upload) -> str:
    return f"/file-upload/{upload.id}/{quote(upload.name)}"


def _valid_content_type(media_type: str, whitelist: str, blacklist: str) -> bool:
    """fileUploadIsValidContentType (app/utils/server/restrictions.ts)."""
    def listed(setting: str) -> list[str]:
        return [item.strip() for item in setting.split(",") if item.strip()]

    def matches(items: list[str]) -> bool:
        return media_type in items or f"{media_type.split('/')[0]}/*" in items

    black, white = listed(blacklist), listed(whitelist)
    if not media_type and black:
        return False
    if black and matches(black):
        return False
    return not white or matches(white)


def _png_size(data: bytes) -> tuple[int | None, int | None]:
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    return None, None


def _json(body: Any, *, status: int = 200) -> web.Response:
    return web.Response(status=status, text=json.dumps(body), content_type="application/json")
