"""Omnidesk values in the shapes Rocket.Chat's visitor API gives them (@rocket.chat/core-typings:
ILivechatVisitor, IOmnichannelRoom, IMessage, ILivechatAgent; ../shared/ROCKETCHAT.md §6)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from app.backends.embedded.visitors import VisitorMessage, WebsiteVisitor
from app.domain import Agent, Attachment, Chat, ChatStatus
from app.files.names import url_name
from app.store.rows import to_ms


def iso(ms: int) -> str:
    """A time as Rocket.Chat's REST answers write it: ISO 8601 in UTC, milliseconds, Z."""
    moment = datetime.fromtimestamp(ms / 1000, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _when(ms: int, *, for_stream: bool) -> Any:
    # EJSON dates on the DDP stream (the widget drops ISO strings there), ISO strings in REST.
    return {"$date": ms} if for_stream else iso(ms)


def visitor(value: WebsiteVisitor) -> dict[str, Any]:
    """ILivechatVisitor."""
    person = value.visitor
    created = iso(to_ms(person.created_at))
    shown: dict[str, Any] = {
        "_id": person.id, "username": person.id, "name": person.name, "token": value.token,
        "status": value.status, "ts": created, "_updatedAt": created,
    }
    if "@" in person.address:
        shown["visitorEmails"] = [{"address": person.address}]
    if value.phone:
        shown["phone"] = [{"phoneNumber": value.phone}]
    if value.department_id:
        shown["department"] = value.department_id
    if value.custom_fields:
        shown["livechatData"] = dict(value.custom_fields)
    return shown


def agent(value: Agent) -> dict[str, Any]:
    """ILivechatAgent, as the widget reads it."""
    return {
        "_id": value.id,
        "name": value.name,
        "username": value.username,
        "status": "online" if value.takes_chats else "away",
        "emails": [],
    }


def room(value: Chat, served_by: Agent | None, token: str, visitor_status: str = "online") -> dict[str, Any]:
    """IOmnichannelRoom: what a visitor is told of their chat."""
    open_ = value.status is not ChatStatus.CLOSED
    shown: dict[str, Any] = {
        "_id": value.id,
        "t": "l",
        "open": open_,
        "fname": value.visitor_name,
        "ts": iso(to_ms(value.created_at)),
        "v": {"_id": value.visitor_id, "username": value.visitor_id, "token": token,
              "status": visitor_status},
        "source": {"type": "widget"},
    }
    if value.department_id is not None:
        shown["departmentId"] = value.department_id
    if value.last_message_at is not None:
        shown["lm"] = iso(to_ms(value.last_message_at))
    if value.closed_at is not None:
        shown["closedAt"] = iso(to_ms(value.closed_at))
    if served_by is not None:
        shown["servedBy"] = {"_id": served_by.id, "username": served_by.username}
    return shown


def message(value: VisitorMessage, *, for_stream: bool) -> dict[str, Any]:
    """IMessage, as the visitor sees it: EJSON dates on the DDP stream (the widget drops ISO
    strings there), ISO strings in REST answers."""
    shown: dict[str, Any] = {
        "_id": value.id,
        "rid": value.chat_id,
        "msg": value.text,
        "ts": _when(value.sent_at_ms, for_stream=for_stream),
        "u": {"_id": value.author_id, "username": value.author_id, "name": value.author_name},
        "_updatedAt": _when(value.edited_at_ms or value.sent_at_ms, for_stream=for_stream),
    }
    if value.kind:
        shown["t"] = value.kind
    if value.edited_at_ms is not None and value.edited_by is not None:
        shown["editedAt"] = _when(value.edited_at_ms, for_stream=for_stream)
        shown["editedBy"] = {"_id": value.edited_by, "username": value.edited_by}
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
