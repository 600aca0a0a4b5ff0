"""Meteor DDP over WebSocket, as the Livechat widget speaks it: connect, ping, methods, subs,
and pushes of the visitor's chat (messages, agent assigned, chat closed)."""

from __future__ import annotations

import asyncio
import json
import logging
import uuid
from typing import TYPE_CHECKING, Any

from aiohttp import WSMsgType, web

from app.backends.embedded.visitors import check_token, for_visitor
from app.backends.events import (
    ChatAssigned,
    ChatClosed,
    Event,
    InquiryQueued,
    InquiryRemoved,
    MessageAdded,
    MessageChanged,
)
from app.errors import NotAllowed, OmnideskError
from app.intake import shapes
from app.intake.ddp_methods import VisitorMethods, meteor_error
from app.intake.params import clean, clean_json

if TYPE_CHECKING:
    from app.intake.server import IntakeServer

log = logging.getLogger(__name__)

_QUEUE_REFRESH_S = 1.0
_ROOM_STREAMS = ("stream-room-messages", "stream-livechat-room", "stream-notify-room")


async def ddp_session(server: IntakeServer, socket: web.WebSocketResponse) -> None:
    await _Session(server, socket).run()


class _Session:
    def __init__(self, server: IntakeServer, socket: web.WebSocketResponse) -> None:
        self._server = server
        self._socket = socket
        self._visitors = server.engine.visitors
        self._token: str | None = None
        # sub id -> (stream name, room id)
        self._subs: dict[str, tuple[str, str]] = {}
        self._inbox: asyncio.Queue[Event] = asyncio.Queue()
        self._queue_refresh: asyncio.TimerHandle | None = None
        # room id -> the agent this widget was last told serves it. Both a subscription (catching
        # up) and an assignment push may announce the agent; the lock makes each read-and-send
        # one step, so the later of the two reads the newer state and the same agent is never
        # announced twice (the widget runs its 'assign-agent' callback on every agentData).
        self._agent_told: dict[str, str] = {}
        self._agent_lock = asyncio.Lock()
        self._methods = VisitorMethods(server)

    async def run(self) -> None:
        pushing = asyncio.ensure_future(self._push())
        try:
            async for frame in self._socket:
                if frame.type is WSMsgType.TEXT:
                    await self._frame(frame.data)
                elif frame.type is WSMsgType.BINARY:
                    await self._send({"msg": "error", "reason": "Binary frames are not DDP"})
                elif frame.type is WSMsgType.ERROR:
                    break
        finally:
            self._server.feed.forget(self._inbox)
            if self._queue_refresh is not None:
                self._queue_refresh.cancel()
            pushing.cancel()
            await asyncio.gather(pushing, return_exceptions=True)

    async def _send(self, payload: dict[str, Any]) -> None:
        if not self._socket.closed:
            # clean: a surrogate echoed back (an id, a method's name) would not encode as UTF-8.
            await self._socket.send_str(clean(json.dumps(payload, ensure_ascii=False)))

    # -- frames from the widget ------------------------------------------------------------

    async def _frame(self, data: str) -> None:
        if not self._server.per_address.allow(f"ddp:{id(self._socket)}"):
            await self._send({"msg": "error", "reason": "Too many messages; wait a moment."})
            return
        try:
            # Lone surrogates ("\ud800" escapes) become U+FFFD before anything reads them.
            message = clean_json(json.loads(data, parse_constant=_no_constant))
        except (ValueError, RecursionError):
            # RecursionError: nested deeper than the parser recurses.
            await self._send({"msg": "error", "reason": "Malformed JSON"})
            return
        if not isinstance(message, dict) or not isinstance(message.get("msg"), str):
            await self._send({"msg": "error", "reason": "Malformed DDP message", "offendingMessage": None})
            return
        if message["msg"] in ("method", "sub", "unsub") and not isinstance(message.get("id"), str):
            # DDP ids are strings; anything else is not echoed back (it could be any depth).
            await self._send({"msg": "error", "reason": "Malformed DDP message: the id must be a string"})
            return
        kind = message["msg"]
        if kind == "connect":
            await self._send({"msg": "connected", "session": uuid.uuid4().hex})
        elif kind == "ping":
            ping_id = message.get("id")
            await self._send({"msg": "pong", **({"id": ping_id} if isinstance(ping_id, str) else {})})
        elif kind == "pong":
            return
        elif kind == "method":
            await self._method(message)
        elif kind == "sub":
            await self._sub(message)
        elif kind == "unsub":
            self._subs.pop(message["id"], None)
            await self._send({"msg": "nosub", "id": message.get("id")})
        else:
            await self._send({"msg": "error", "reason": "Unknown message"})

    async def _method(self, message: dict[str, Any]) -> None:
        call_id = message["id"]
        name = message.get("method")
        raw = message.get("params")
        params: list[Any] = raw if isinstance(raw, list) else []
        try:
            if name == "livechat:setUpConnection":
                first = params[0] if params and isinstance(params[0], dict) else {}
                self._token = check_token(first.get("token"))
                result: Any = {"connectionId": uuid.uuid4().hex}
            elif name == "stream-notify-room":
                await self._typing(params)
                result = None
            elif isinstance(name, str) and self._methods.serves(name):
                result = await self._methods.call(name, params)
            else:
                shown = name[:60] if isinstance(name, str) else ""
                await self._send({"msg": "result", "id": call_id,
                                  "error": meteor_error(404, f"Method '{shown}' not found")})
                return
        except OmnideskError as error:
            code: str | int = int(error.code) if error.code.isdigit() else error.code
            await self._send({"msg": "result", "id": call_id, "error": meteor_error(code, error.message)})
            return
        await self._send({"msg": "result", "id": call_id, "result": result})

    async def _typing(self, params: list[Any]) -> None:
        """["<rid>/typing", username, typing?, {token}]: shown to the serving agent."""
        if len(params) < 3 or not isinstance(params[0], str) or not params[0].endswith("/typing"):
            return
        extra = params[3] if len(params) > 3 and isinstance(params[3], dict) else {}
        token = check_token(extra.get("token") or self._token)
        await self._visitors.typing(token, params[0].removesuffix("/typing"), bool(params[2]))

    async def _sub(self, message: dict[str, Any]) -> None:
        sub_id = message["id"]
        name = message.get("name")
        params = message.get("params") if isinstance(message.get("params"), list) else []
        if name not in _ROOM_STREAMS or not params or not isinstance(params[0], str):
            await self._send(
                {
                    "msg": "nosub",
                    "id": sub_id,
                    "error": {"error": "not-found", "reason": "Unknown subscription"},
                }
            )
            return
        room_id = params[0].split("/")[0]
        token = self._token
        if len(params) > 1 and isinstance(params[1], dict):
            args = params[1].get("args")
            if isinstance(args, list) and args and isinstance(args[0], dict):
                token = args[0].get("token") or args[0].get("visitorToken") or token
        try:
            token = check_token(token)
            if await self._visitors.room_of(token, room_id) is None:
                raise NotAllowed("This chat is not yours.", code="chat-not-yours")
        except OmnideskError as error:
            await self._send(
                {"msg": "nosub", "id": sub_id, "error": {"error": error.code, "reason": error.message}}
            )
            return
        self._token = token
        self._subs[sub_id] = (str(name), room_id)
        self._server.feed.watch(room_id, self._inbox)
        await self._send({"msg": "ready", "subs": [sub_id]})
        if name == "stream-livechat-room":
            # Rocket.Chat's stream only relays later events, so an agent who took the chat after
            # the widget's room request but before this subscription would never be shown (the
            # widget asks agent.info only when the room's answer named someone): tell it now.
            await self._tell_agent(room_id)
            self._server.feed.watch_queue(self._inbox)
            await self._send_queue_places()

    # -- pushes to the widget --------------------------------------------------------------

    def _rooms(self, stream: str) -> set[str]:
        return {room for name, room in self._subs.values() if name == stream}

    async def _push(self) -> None:
        while True:
            event = await self._inbox.get()
            try:
                await self._deliver(event)
            except (ConnectionResetError, RuntimeError) as error:
                log.info("visitor connection gone while pushing: %s", error)
                return

    async def _deliver(self, event: Event) -> None:
        if isinstance(event, (InquiryQueued, InquiryRemoved)):
            # Rocket.Chat debounces queue updates too: one refresh a second at most.
            if self._queue_refresh is None:
                loop = asyncio.get_running_loop()
                self._queue_refresh = loop.call_later(
                    _QUEUE_REFRESH_S, lambda: asyncio.ensure_future(self._refresh_queue())
                )
            return
        if isinstance(event, (MessageAdded, MessageChanged)):
            chat_id = event.message.chat_id
            visible = for_visitor(event.message)
            if visible is not None and chat_id in self._rooms("stream-room-messages"):
                # An edit is the message again, with editedAt: the widget replaces it by its _id.
                shown = shapes.message(visible, for_stream=True)
                await self._changed("stream-room-messages", chat_id, [shown])
            elif event.message.deleted_at is not None and chat_id in self._rooms("stream-notify-room"):
                gone = {"_id": event.message.id}
                await self._changed("stream-notify-room", f"{chat_id}/deleteMessage", [gone])
        elif isinstance(event, ChatAssigned) and event.chat.served_by_id is not None:
            if event.chat.id in self._rooms("stream-livechat-room"):
                await self._tell_agent(event.chat.id)
        elif isinstance(event, ChatClosed) and event.chat.id in self._rooms("stream-room-messages"):
            at = event.chat.closed_at
            at_ms = int(at.timestamp() * 1000) if at else 0
            await self._changed("stream-room-messages", event.chat.id, [shapes.closing(event.chat.id, at_ms)])

    async def _tell_agent(self, room_id: str) -> None:
        """agentData with the agent serving the room now, unless this widget already knows them."""
        if self._token is None:
            return
        async with self._agent_lock:
            served = await self._visitors.agent(self._token, room_id)
            if served is None or self._agent_told.get(room_id) == served.id:
                return
            self._agent_told[room_id] = served.id
            told = {"type": "agentData", "data": shapes.agent(served)}
            await self._changed("stream-livechat-room", room_id, [told])

    async def _refresh_queue(self) -> None:
        self._queue_refresh = None
        try:
            await self._send_queue_places()
        except (ConnectionResetError, RuntimeError, OmnideskError) as error:
            log.info("queue place not sent: %s", error)

    async def _send_queue_places(self) -> None:
        """queueData for each of this visitor's waiting chats: their place and the wait."""
        if self._token is None:
            return
        for room_id in self._rooms("stream-livechat-room"):
            place = await self._visitors.queue_place(self._token, room_id)
            if place is None:
                continue
            spot, wait_s = place
            message = f"You are number {spot} in the queue." + (
                f" The wait is about {max(1, round(wait_s / 60))} min." if wait_s is not None else ""
            )
            await self._changed(
                "stream-livechat-room",
                room_id,
                [
                    {
                        "type": "queueData",
                        "data": {"spot": spot, "message": message, "estimatedWaitTimeSeconds": wait_s},
                    }
                ],
            )

    async def _changed(self, collection: str, event_name: str, args: list[Any]) -> None:
        await self._send(
            {
                "msg": "changed",
                "collection": collection,
                "id": "id",
                "fields": {"eventName": event_name, "args": args},
            }
        )


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")
