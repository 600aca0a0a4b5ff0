"""Rocket.Chat's IMessage as Omnidesk's Message.

Who wrote it: a message with a type `t` is a system line (Rocket.Chat's MessageTypes: `uj`,
`livechat-close`, `livechat_transfer_history`, `omnichannel_placed_chat_on_hold`...), its text
what Rocket.Chat put in `msg` (the closing comment, for instance); `t: "rm"` is a removed
message (its text gone); a message carrying the visitor's `token` is the visitor's; any other
is staff's. `_hidden` messages are the old versions Message_KeepHistory keeps: not shown.
"""

from __future__ import annotations

from datetime import datetime

from app.backends.rocketchat.payloads.fields import Fields
from app.backends.rocketchat.payloads.file_ids import stored_file_id
from app.domain import Attachment, AuthorKind, Message

KIND = "message"
REMOVED = "rm"


def read_message(payload: object, *, endpoint: str) -> Message:
    fields = Fields(payload, kind=KIND, endpoint=endpoint)
    author = fields.obj("u")
    kind = author_kind(fields)
    removed = fields.text_or("t") == REMOVED
    edited_by = fields.obj_or_none("editedBy")
    return Message(
        id=fields.text("_id"),
        chat_id=fields.text("rid"),
        author_kind=kind,
        author_id=author.text("_id"),
        author_name=author.text_or("name") or author.text_or("username"),
        text="" if removed else fields.text_or("msg"),
        sent_at=fields.date("ts"),
        attachment=None if removed else _attachment(fields),
        edited_at=fields.date_or_none("editedAt"),
        edited_by=edited_by.text_or_none("username") if edited_by is not None else None,
        deleted_at=_removed_at(fields) if removed else None,
    )


def author_kind(fields: Fields) -> AuthorKind:
    kind = fields.text_or("t")
    if kind and kind != REMOVED:
        return AuthorKind.SYSTEM
    return AuthorKind.VISITOR if fields.has("token") else AuthorKind.AGENT


def message_type(payload: object, *, endpoint: str) -> str:
    """Rocket.Chat's `t` ('' for a plain message): what a system line says happened."""
    return Fields(payload, kind=KIND, endpoint=endpoint).text_or("t")


def is_shown(payload: object, *, endpoint: str) -> bool:
    """Whether a message belongs in a chat's history (not an old version kept as `_hidden`)."""
    return not Fields(payload, kind=KIND, endpoint=endpoint).flag("_hidden")


def _removed_at(fields: Fields) -> datetime:
    return fields.date_or_none("_updatedAt") or fields.date("ts")


def _attachment(fields: Fields) -> Attachment | None:
    file = fields.obj_or_none("file")
    if file is None:
        files = fields.objs("files")
        file = files[0] if files else None
    if file is None:
        return None
    # The store keeps attachment ids as 32 hex digits: Rocket.Chat's id, spelled so (file_ids).
    stored_id = stored_file_id(file.text("_id"))
    if stored_id is None:
        return None
    width = height = None
    for attachment in fields.objs("attachments"):
        dimensions = attachment.obj_or_none("image_dimensions")
        if dimensions is not None:
            width, height = dimensions.whole_or_none("width"), dimensions.whole_or_none("height")
            break
    return Attachment(
        id=stored_id,
        name=file.text_or("name"),
        media_type=file.text_or("type"),
        size=file.whole_or_none("size") or 0,
        width=width,
        height=height,
    )

