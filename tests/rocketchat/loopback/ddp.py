"""One DDP connection to the loopback server, framed as Meteor's server and Rocket.Chat's streamer
frame it: `{server_id}` on open, connect/connected, ping/pong, `login` with a resume token,
methods (result, then updated), sub → ready or nosub, stream events as
`{msg: 'changed', collection, id: 'id', fields: {eventName, args}}`."""

from __future__ import annotations

import asyncio
import json
import secrets
from typing import TYPE_CHECKING, Any

from aiohttp import WSMsgType, web

from tests.rocketchat.loopback import payloads
from tests.rocketchat.loopback.ddp_limits import Subscribing

if TYPE_CHECKING:
    from tests.rocketchat.loopback.server import LoopbackRocketChat
    from tests.rocketchat.loopback.state import LoopbackUser

# Meteor's default login token lifetime (Accounts_LoginExpiration: 90 days), in ms.
_TOKEN_LIFETIME_MS = 90 * 24 * 3600 * 1000


class DdpSession:
    def __init__(
        self,
        server: LoopbackRocketChat,
        socket: web.WebSocketResponse,
        transport: asyncio.Transport | None,
    ) -> None:
        self._server = server
        self._socket = socket
        self._transport = transport
        self.user: LoopbackUser | None = None
        self.token: str | None = None
        self.connection_id = secrets.token_hex(8)
        # sub id -> (stream name, event name)
        self.subs: dict[str, tuple[str, str]] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self.pongs: list[str | None] = []

    def abort(self) -> None:
        """Cut the connection with no close frame."""
        if self._transport is not None:
            self._transport.abort()

    def deliver(self, collection: str, event_name: str, args: list[Any]) -> int:
        reached = [sid for sid, key in self.subs.items() if key == (collection, event_name)]
        if reached:
            frame = {"msg": "changed", "collection": collection, "id": "id",
                     "fields": {"eventName": event_name, "args": args}}
            self._spawn(self._send(frame))
        return len(reached)

    async def flushed(self) -> None:
        """Until every frame this session was asked to send (pushes, answers) has been sent."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    def send_raw(self, text: str) -> None:
        """Send `text` as a frame, as it is (a malformed frame, a server ping...)."""
        if not self._socket.closed:
            self._spawn(self._socket.send_str(text))

    async def run(self) -> None:
        await self._send({"server_id": "0"})
        async for message in self._socket:
            if message.type is not WSMsgType.TEXT:
                break
            if self._server.state.faults.mute_ddp:
                continue
            try:
                frame = json.loads(message.data)
            except ValueError:
                await self._send({"msg": "error", "reason": "Bad request"})
                continue
            if not isinstance(frame, dict):
                await self._send({"msg": "error", "reason": "Bad request"})
                continue
            await self._frame(frame)
        for task in list(self._tasks):
            task.cancel()

    async def _frame(self, frame: dict[str, Any]) -> None:
        kind = frame.get("msg")
        if kind == "connect":
            if frame.get("version") not in ("1", "pre2", "pre1"):
                await self._send({"msg": "failed", "version": "1"})
                return
            await self._send({"msg": "connected", "session": self.connection_id})
            faults = self._server.state.faults
            if faults.drop_after_connect > 0:
                faults.drop_after_connect -= 1
                self.abort()
        elif kind == "ping":
            await self._send({"msg": "pong", **({"id": frame["id"]} if "id" in frame else {})})
        elif kind == "pong":
            pong_id = frame.get("id")
            self.pongs.append(pong_id if isinstance(pong_id, str) else None)
        elif kind == "method":
            self._spawn(self._method(frame))
        elif kind == "sub":
            await self._sub(frame)
        elif kind == "unsub":
            sub_id = frame.get("id")
            if isinstance(sub_id, str) and self.subs.pop(sub_id, None) is not None:
                await self._send({"msg": "nosub", "id": sub_id})
        else:
            await self._send({"msg": "error", "reason": "Bad request", "offendingMessage": frame})

    async def _method(self, frame: dict[str, Any]) -> None:
        call_id = frame.get("id")
        name = frame.get("method")
        params = frame.get("params", [])
        if not isinstance(call_id, str) or not isinstance(name, str) or not isinstance(params, list):
            await self._send({"msg": "error", "reason": "Malformed method invocation"})
            return
        if name == "login":
            answer = self._login(params)
        else:
            answer = await self._server.run_method(self.user, name, params, connection=self.connection_id)
        await self._send({"msg": "result", "id": call_id, **answer})
        await self._send({"msg": "updated", "methods": [call_id]})

    def _login(self, params: list[Any]) -> dict[str, Any]:
        first = params[0] if params and isinstance(params[0], dict) else {}
        if "resume" not in first:
            return {"error": payloads.meteor_error(400, "Unrecognized options for login request")}
        user, reason = self._server.state.resume(first["resume"])
        if user is None:
            return {"error": payloads.meteor_error(403, reason)}
        self.user, self.token = user, first["resume"]
        self._server.state.ddp_logins.append(user.id)
        expires = int(self._server.clock() * 1000) + _TOKEN_LIFETIME_MS
        return {"result": {"id": user.id, "token": self.token, "tokenExpires": {"$date": expires},
                           "type": "resume"}}

    async def _sub(self, frame: dict[str, Any]) -> None:
        sub_id = frame.get("id")
        name = frame.get("name")
        params = frame.get("params", [])
        if not isinstance(sub_id, str) or not isinstance(name, str) or not isinstance(params, list):
            await self._send({"msg": "error", "reason": "Malformed subscription"})
            return
        limiter = self._server.state.subscription_limiter
        if limiter is not None:
            subscribing = Subscribing(self.connection_id, self.user.id if self.user else None, name)
            wait = limiter.wait_ms(subscribing, self._server.clock() * 1000)
            if wait > 0:
                await self._send({"msg": "nosub", "id": sub_id, "error": payloads.too_many_ddp_calls(wait)})
                return
        if not name.startswith("stream-"):
            await self._send({"msg": "nosub", "id": sub_id,
                              "error": payloads.meteor_error(404, f"Subscription '{name}' not found")})
            return
        event_name = params[0] if params and isinstance(params[0], str) else None
        if self.user is None or event_name is None or name in self._server.state.refused_streams:
            await self._send({"msg": "nosub", "id": sub_id,
                              "error": payloads.meteor_error("not-allowed", "Not allowed")})
            return
        self.subs[sub_id] = (name, event_name)
        self._server.state.subscriptions_made.append((name, event_name))
        await self._send({"msg": "ready", "subs": [sub_id]})

    async def _send(self, frame: dict[str, Any]) -> None:
        if not self._socket.closed:
            try:
                await self._socket.send_str(json.dumps(frame))
            except (ConnectionError, RuntimeError):
                pass  # the socket went while sending: the client will see it closed

    def _spawn(self, work: Any) -> None:
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
