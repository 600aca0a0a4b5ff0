"""Fixtures and helpers for the intake's tests: a served intake on loopback, an HTTP client,
a DDP client that reads frames until one matches, and Rocket.Chat's error id of an answer."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from app.backends.embedded import EmbeddedEngine
from app.clock import ManualClock
from app.intake import IntakeServer, IntakeSettings
from app.store import Database

TOKEN_A = "visitor-token-aaaaaaaaaaaaaaaa"
TOKEN_B = "visitor-token-bbbbbbbbbbbbbbbb"
API = "/api/v1/livechat"


@pytest.fixture
async def intake(database: Database, clock: ManualClock) -> AsyncIterator[IntakeServer]:
    engine = EmbeddedEngine(database, clock, run_timers=False)
    server = IntakeServer(
        engine,
        # The visitor DDP methods Rocket.Chat 7.0 removed are served here: their tests use them.
        IntakeSettings(port=0, allowed_origins=("http://shop.example",), request_burst=500, message_burst=20,
                       legacy_visitor_methods=True),
    )
    await server.start()
    yield server
    await server.stop()
    await engine.aclose()


@pytest.fixture
async def http(intake: IntakeServer) -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession(base_url=intake.url) as session:
        yield session


async def answer_json(response: aiohttp.ClientResponse) -> Any:
    assert response.headers["Content-Type"].startswith("application/json"), await response.text()
    return await response.json()


async def visitor_with_room(http: aiohttp.ClientSession, token: str, name: str = "Ann") -> str:
    async with http.post(
        f"{API}/visitor", json={"visitor": {"name": name, "email": "", "token": token}}
    ) as r:
        assert r.status == 200
    async with http.get(f"{API}/room", params={"token": token, "department": "dep-support"}) as r:
        assert r.status == 200, await r.text()
        return str((await r.json())["room"]["_id"])


class Ddp:
    def __init__(self, socket: aiohttp.ClientWebSocketResponse) -> None:
        self.socket = socket

    async def send(self, payload: dict[str, Any] | str) -> None:
        await self.socket.send_str(payload if isinstance(payload, str) else json.dumps(payload))

    async def until(self, where: Any, timeout: float = 3.0) -> list[dict[str, Any]]:
        """Every frame up to and including the next one matching `where`. Pushes about one chat
        reach its widget in the order they happened, so a later push is a barrier: what is not
        before it was not pushed before it."""
        frames: list[dict[str, Any]] = []

        async def wait() -> list[dict[str, Any]]:
            while True:
                frames.append(dict(json.loads((await self.socket.receive()).data)))
                if where(frames[-1]):
                    return frames

        return await asyncio.wait_for(wait(), timeout)

    async def next(self, where: Any = lambda _m: True, timeout: float = 3.0) -> dict[str, Any]:
        return (await self.until(where, timeout))[-1]


async def ddp_for(http: aiohttp.ClientSession, token: str, room: str) -> Ddp:
    ddp = Ddp(await http.ws_connect("/websocket"))
    await ddp.send({"msg": "connect", "version": "1", "support": ["1"]})
    assert (await ddp.next())["msg"] == "connected"
    await ddp.send(
        {"msg": "method", "method": "livechat:setUpConnection", "id": "1", "params": [{"token": token}]}
    )
    assert "result" in await ddp.next(lambda m: m.get("id") == "1")
    for number, stream in enumerate(("stream-room-messages", "stream-livechat-room")):
        await ddp.send(
            {
                "msg": "sub",
                "id": f"s{number}",
                "name": stream,
                "params": [room, {"useCollection": False, "args": [{"token": token}]}],
            }
        )
        assert (await ddp.next(lambda m, n=number: m.get("subs") == [f"s{n}"]))["msg"] == "ready"
    return ddp


def agent_data(message: dict[str, Any]) -> bool:
    return bool(
        message.get("collection") == "stream-livechat-room"
        and message["fields"]["args"][0].get("type") == "agentData"
    )


def pushed_message(text: str) -> Any:
    return lambda m: m.get("collection") == "stream-room-messages" and m["fields"]["args"][0]["msg"] == text


def error_id(body: dict[str, Any]) -> str:
    """The error id a Rocket.Chat client matches on: `errorType` when the answer has one (a
    Meteor.Error, invalid-params), else `error` (a plain Error)."""
    assert body["success"] is False, body
    return str(body.get("errorType") or body["error"])


async def refused(response: aiohttp.ClientResponse) -> str:
    """The error id of a refusal, which Rocket.Chat always answers with 400."""
    assert response.status == 400, (response.status, await response.text())
    return error_id(await answer_json(response))
