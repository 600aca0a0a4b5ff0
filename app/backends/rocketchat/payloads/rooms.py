"""Rocket.Chat's omnichannel room (IOmnichannelRoom, `t: "l"`) as Omnidesk's Chat and ChatSummary.

Status: a room without `open: true` is closed (Rocket.Chat unsets `open` when it closes a room,
and sets `closedAt`); an open room nobody serves (`servedBy` missing) is queued; an open room
`onHold` is on hold; any other open room is open. The unit is the first of `departmentAncestors`
(the units the room's department belongs to, as Rocket.Chat's monitors' filters read it).
"""

from __future__ import annotations

from app.backends.rocketchat.payloads.channels import channel_of
from app.backends.rocketchat.payloads.fields import Fields
from app.backends.rocketchat.payloads.priorities import priority_of
from app.domain import Chat, ChatStatus, ChatSummary

KIND = "room"


def read_chat(payload: object, *, endpoint: str) -> Chat:
    room = _room(payload, endpoint)
    visitor = room.obj("v")
    served_by = room.obj_or_none("servedBy")
    closing = room.obj_or_none("closingMessage")
    last = room.obj_or_none("lastMessage")
    return Chat(
        id=room.text("_id"),
        visitor_id=visitor.text("_id"),
        visitor_name=_visitor_name(room, visitor),
        contact_id=room.text_or_none("contactId") or visitor.text("_id"),
        channel=channel_of(room.obj_or_none("source")),
        department_id=room.text_or_none("departmentId"),
        status=_status(room),
        served_by_id=served_by.text("_id") if served_by is not None else None,
        created_at=room.date("ts"),
        last_message_at=room.date_or_none("lm") or (last.date_or_none("ts") if last is not None else None),
        closed_at=room.date_or_none("closedAt"),
        close_comment=closing.text_or("msg") if closing is not None else "",
        tags=room.texts("tags"),
        topic=room.text_or("topic"),
        transfers=(),  # Rocket.Chat keeps them as livechat_transfer_history messages, not in the room
        priority=priority_of(room, "priorityWeight"),
        unit_id=_unit(room),
    )


def read_chat_summary(payload: object, *, endpoint: str) -> ChatSummary:
    room = _room(payload, endpoint)
    visitor = room.obj("v")
    served_by = room.obj_or_none("servedBy")
    last = room.obj_or_none("lastMessage")
    return ChatSummary(
        id=room.text("_id"),
        visitor_name=_visitor_name(room, visitor),
        contact_id=room.text_or_none("contactId") or visitor.text("_id"),
        channel=channel_of(room.obj_or_none("source")),
        department_id=room.text_or_none("departmentId"),
        status=_status(room),
        served_by_id=served_by.text("_id") if served_by is not None else None,
        served_by_name=served_by.text_or_none("username") if served_by is not None else None,
        created_at=room.date("ts"),
        closed_at=room.date_or_none("closedAt"),
        tags=room.texts("tags"),
        last_message=last.text_or("msg") if last is not None else "",
        message_count=room.whole_or_none("msgs") or 0,
        unit_id=_unit(room),
    )


def visitor_token(payload: object, *, endpoint: str) -> str:
    """The room's visitor token (`v.token`): what the visitor's side of the API names them by."""
    return _room(payload, endpoint).obj("v").text("token")


def _room(payload: object, endpoint: str) -> Fields:
    room = Fields(payload, kind=KIND, endpoint=endpoint)
    kind = room.text("t")
    if kind != "l":
        raise room.error("t", f"is {kind!r}: not an omnichannel room ('l')")
    return room


def _status(room: Fields) -> ChatStatus:
    if not room.flag("open"):
        return ChatStatus.CLOSED
    if not room.has("servedBy"):
        return ChatStatus.QUEUED
    return ChatStatus.ON_HOLD if room.flag("onHold") else ChatStatus.OPEN


def _visitor_name(room: Fields, visitor: Fields) -> str:
    return room.text_or("fname") or visitor.text_or("name") or visitor.text_or("username")


def _unit(room: Fields) -> str | None:
    ancestors = room.texts("departmentAncestors")
    return ancestors[0] if ancestors else None
