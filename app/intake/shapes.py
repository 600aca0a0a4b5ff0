"""Omnidesk values in the shapes Rocket.Chat's Livechat widget reads (../shared/ROCKETCHAT.md §6)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from app.backends.embedded.visitors import VisitorMessage
from app.domain import Agent, Chat, Visitor


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
    return {
        "_id": value.id,
        "rid": value.chat_id,
        "msg": value.text,
        "ts": {"$date": value.sent_at_ms} if for_stream else iso(value.sent_at_ms),
        "u": {"_id": value.author_id, "username": value.author_id, "name": value.author_name},
    }


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
