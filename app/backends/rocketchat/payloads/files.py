"""Files in chats as Rocket.Chat 8.x serves and takes them: where a file is read from, the answers
of its two-step upload, and the public settings that limit what may be sent.

- A file is served at `/file-upload/<file _id>/<name>` (FileUpload.getPath; the name is only a
  label there: apps/meteor/app/file-upload/server/lib/requests.ts reads the id).
- An upload is `POST rooms.media/:rid` (multipart, field `file`) answering
  `{file: {_id, url}}`, then `POST rooms.mediaConfirm/:rid/:fileId` posting the file message and
  answering `{message}` (apps/meteor/app/api/server/v1/rooms.ts; `rooms.upload` is gone in 8.0).
- The limits are public settings, read with `GET settings.public?_id=<ids, comma-separated>`
  (the `_id` filter since 7.0): apps/meteor/server/settings/file-upload.ts and the
  Omnichannel settings declare them `public: true`.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from app.backends.rocketchat.payloads.fields import Fields
from app.domain import FileLimits

SETTINGS = ("GET", "/v1/settings.public")
MEDIA = ("POST", "/v1/rooms.media/:rid")
MEDIA_CONFIRM = ("POST", "/v1/rooms.mediaConfirm/:rid/:fileId")

ENABLED = "FileUpload_Enabled"
MAX_FILE_SIZE = "FileUpload_MaxFileSize"
WHITELIST = "FileUpload_MediaTypeWhiteList"
BLACKLIST = "FileUpload_MediaTypeBlackList"
VISITORS_ENABLED = "Livechat_fileupload_enabled"
FILE_SETTINGS = (ENABLED, MAX_FILE_SIZE, WHITELIST, BLACKLIST, VISITORS_ENABLED)

# Rocket.Chat's FileUpload_MaxFileSize of -1 (any negative: `maxFileSize > -1 && size > max`)
# means no limit: kept as a size no file reaches.
NO_LIMIT_BYTES = 2**62


def settings_query() -> dict[str, str]:
    """The query of `GET settings.public` for the file settings, all in one page."""
    return {"_id": ",".join(FILE_SETTINGS), "count": str(len(FILE_SETTINGS))}


def read_file_limits(answer: object, *, endpoint: str) -> FileLimits:
    """The limits `settings.public` states; a setting it does not list keeps Rocket.Chat's
    default (FileLimits' own)."""
    values: dict[str, Any] = {}
    for setting in Fields(answer, kind="public settings", endpoint=endpoint).objs("settings"):
        name = setting.text("_id")
        if name in FILE_SETTINGS:
            values[name] = setting
    defaults = FileLimits()
    enabled = values[ENABLED].flag("value", defaults.enabled) if ENABLED in values else defaults.enabled
    visitors = (values[VISITORS_ENABLED].flag("value", defaults.visitors_may_send)
                if VISITORS_ENABLED in values else defaults.visitors_may_send)
    max_bytes = defaults.max_bytes
    if MAX_FILE_SIZE in values:
        found = values[MAX_FILE_SIZE].whole_or_none("value")
        if found is not None:
            max_bytes = NO_LIMIT_BYTES if found < 0 else found
    whitelist = values[WHITELIST].text_or("value") if WHITELIST in values else defaults.whitelist
    blacklist = values[BLACKLIST].text_or("value") if BLACKLIST in values else defaults.blacklist
    return FileLimits(enabled=enabled, visitors_may_send=visitors, max_bytes=max_bytes,
                      whitelist=whitelist, blacklist=blacklist)


def read_uploaded_file_id(answer: object, *, endpoint: str) -> str:
    """The id `rooms.media` gave the file it received (still temporary until confirmed)."""
    return Fields(answer, kind="upload", endpoint=endpoint).obj("file").text("_id")


def file_path(file_id: str, name: str) -> str:
    """Where the server serves a file: `/file-upload/<id>/<name>`, both parts escaped."""
    return f"/file-upload/{quote(file_id, safe='')}/{quote(name or 'file', safe='')}"
