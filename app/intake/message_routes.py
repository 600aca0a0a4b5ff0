"""The visitor's messages: send one, read, edit or delete one of theirs, and page through the
history. Rocket.Chat: api/v1/message.ts."""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Any

from aiohttp import web

from app.backends.embedded.visitor_messages import for_visitor
from app.backends.embedded.visitors import check_message_id
from app.domain import ChatStatus
from app.domain.message import MAX_MESSAGE_CHARS
from app.intake import requests, shapes
from app.intake.answers import failure, invalid_params, success, too_many_requests
from app.intake.params import clean
from app.intake.routes import API, Routes
from app.store.rows import to_ms

# Rocket.Chat's messages.history page when `limit` says nothing.
_DEFAULT_LIMIT = 20


class MessageRoutes(Routes):
    def add_routes(self, app: web.Application) -> None:
        app.router.add_post(f"{API}/message", self.send)
        app.router.add_get(f"{API}/message/{{id}}", self.read)
        app.router.add_put(f"{API}/message/{{id}}", self.edit)
        app.router.add_delete(f"{API}/message/{{id}}", self.delete)
        app.router.add_get(f"{API}/messages.history/{{rid}}", self.history)

    async def send(self, request: web.Request) -> web.Response:
        params = await self.body(request, requests.MESSAGE)
        token = params["token"]
        await self.known_guest(token)
        room = await self.known_room(token, params["rid"])
        if room.status is ChatStatus.CLOSED:
            raise failure("room-closed")
        if len(params["msg"]) > MAX_MESSAGE_CHARS:
            raise failure("message-length-exceeds-character-limit")
        if not self._server.per_visitor.allow(token):
            raise too_many_requests()
        # Rocket.Chat keeps a client-chosen `_id` (and refuses it twice): a retry sends once.
        chosen = params.get("_id") or None
        sent = await self._desk.send(token, room.id, params["msg"],
                                     message_id=None if chosen is None else check_message_id(chosen))
        # The message as written (no read back: a burst of visitors queues on each read).
        shown = for_visitor(sent)
        assert shown is not None  # the visitor's own message, just written
        return success(message=shapes.message(shown, for_stream=False))

    async def read(self, request: web.Request) -> web.Response:
        params = self.query(request, requests.MESSAGE_GET)
        room = await self._own_room(params)
        found = await self._desk.message(params["token"], room, clean(request.match_info["id"]))
        if found is None:
            raise failure("invalid-message")
        return success(message=shapes.message(found, for_stream=False))

    async def edit(self, request: web.Request) -> web.Response:
        params = await self.body(request, requests.MESSAGE_EDIT)
        room = await self._own_room(params)
        message_id = clean(request.match_info["id"])
        edited = await self._desk.edit_message(params["token"], room, message_id, params["msg"])
        return success(message=shapes.message(edited, for_stream=False))

    async def delete(self, request: web.Request) -> web.Response:
        params = await self.body(request, requests.MESSAGE_DELETE)
        room = await self._own_room(params)
        message_id = clean(request.match_info["id"])
        await self._desk.delete_message(params["token"], room, message_id)
        return success(message={"_id": message_id, "ts": shapes.iso(to_ms(self._engine.clock.now()))})

    async def _own_room(self, params: dict[str, Any]) -> str:
        await self.known_guest(params["token"])
        return (await self.known_room(params["token"], params["rid"])).id

    async def history(self, request: web.Request) -> web.Response:
        """A page of the chat, newest first: `limit` messages (20 unless said) after the `offset`
        newest, only those sent before `end` when given. `ls` (last seen) changes nothing here,
        as in Rocket.Chat's route; `searchText` and `sort` are taken and not used, likewise."""
        params = self.query(request, requests.HISTORY)
        token = params["token"]
        await self.known_guest(token)
        room = await self.known_room(token, clean(request.match_info["rid"]))
        offset = _whole(params.get("offset"), "offset") or 0
        limit = _whole(params.get("limit"), "limit") or _DEFAULT_LIMIT
        limit = min(limit, self._settings.max_history_limit)
        end = params.get("end")
        found = await self._desk.history(token, room.id, offset=offset, limit=limit,
                                         before_ms=None if not end else _date_ms(end))
        return success(messages=[shapes.message(m, for_stream=False) for m in found])


# More than any chat holds: a larger count reads the same (and still fits SQLite's integers).
_MOST = 2**62


def _whole(value: float | None, name: str) -> int | None:
    """A count from the query (parseInt's reading of it); a negative one is refused."""
    if value is None:
        return None
    if value < 0:
        raise invalid_params(f"{name} must be >= 0")
    return math.floor(min(value, _MOST))


def _date_ms(text: str) -> int:
    """A date as JavaScript's `new Date(text)` reads the ISO forms the clients send."""
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise invalid_params("end must be a date") from None
    return to_ms(moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC))
