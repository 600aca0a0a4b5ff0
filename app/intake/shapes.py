"""Omnidesk values in the shapes Rocket.Chat's Livechat widget reads (../shared/ROCKETCHAT.md §6)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from app.backends.embedded.visitors import VisitorMessage
from app.domain import Agent, Attachment, Chat, Visitor
from app.files.names import url_name


def iso(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, UTC).isoformat().replace("+00:00", "Z")


def visitor(value: Visitor, token: str) -> dict[str, Any]:
    shown: dict[str, Any] = {"_id": value.id, "token": token, "name": value.name, "username": value.id}
    if "@" in value.address:
        shown["visitorEmails"] = [{"address": value.address}]
    return shown


def agent(value: Agent) -> dict[str, Any]:
    return {
        "_id": value.id,
        "name": value.name,
        "username": value.username,
        "status": "online" if value.takes_chats else "away",
        "emails": [],
    }


def room(value: Chat, served_by: Agent | None) -> dict[str, Any]:
    shown: dict[str, Any] = {
        "_id": value.id,
        "t": "l",
        "open": value.is_active or value.status.value == "queued",
    }
    if served_by is not None:
        shown["servedBy"] = {"_id": served_by.id, "username": served_by.username}
    return shown


def message(value: VisitorMessage, *, for_stream: bool) -> dict[str, Any]:
    """A message for the widget: EJSON dates on the DDP stream (the widget drops ISO strings
    there), ISO strings in REST history."""
    shown: dict[str, Any] = {
        "_id": value.id,
        "rid": value.chat_id,
        "msg": value.text,
        "ts": {"$date": value.sent_at_ms} if for_stream else iso(value.sent_at_ms),
        "u": {"_id": value.author_id, "username": value.author_id, "name": value.author_name},
    }
    if value.attachment is not None:
        shown.update(file_fields(value.attachment, value.text))
    return shown


def file_url(value: Attachment) -> str:
    """Where the widget fetches a file (Rocket.Chat's FileUpload.getPath): relative to the
    server; the name is a label, percent-encoded."""
    return f"/file-upload/{value.id}/{url_name(value.name)}"


def file_fields(value: Attachment, caption: str) -> dict[str, Any]:
    """A file message's `file`, `files` and `attachments` (core-typings' FileProp and
    FileAttachmentProps / ImageAttachmentProps, as sendFileLivechatMessage builds them). A
    caption is the message's `msg` (which the widget shows) and the attachment's `description`.
    Pictures the widget may show inline get `image_url`; other files (SVG too) are a download
    link."""
    url = file_url(value)
    described = {"_id": value.id, "name": value.name, "type": value.media_type, "size": value.size}
    attachment: dict[str, Any] = {
        "title": value.name,
        "type": "file",
        "description": caption,
        "title_link": url,
        "title_link_download": True,
    }
    if value.is_image:
        attachment.update(image_url=url, image_type=value.media_type, image_size=value.size,
                          image_dimensions={"width": value.width, "height": value.height})
    elif value.media_type.startswith("audio/"):
        attachment.update(audio_url=url, audio_type=value.media_type, audio_size=value.size)
    elif value.media_type.startswith("video/"):
        attachment.update(video_url=url, video_type=value.media_type, video_size=value.size)
    return {"file": described, "files": [described], "attachments": [attachment], "groupable": False}


def closing(chat_id: str, at_ms: int) -> dict[str, Any]:
    """The system message that tells the widget the chat has ended."""
    return {
        "_id": f"close-{chat_id}",
        "rid": chat_id,
        "msg": "",
        "t": "livechat-close",
        "ts": {"$date": at_ms},
        "u": {"_id": "omnidesk", "username": "omnidesk", "name": "Omnidesk"},
    }
