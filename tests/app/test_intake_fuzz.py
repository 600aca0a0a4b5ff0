"""Hostile input at every visitor route and every DDP frame kind (rate limits off): whatever
arrives is answered with a 2xx or a 4xx, never a 5xx, and the server keeps answering.

The suite runs a few examples; a thorough run is one environment variable away:
    OMNIDESK_FUZZ_EXAMPLES=10000 pytest -s tests/app/test_intake_fuzz.py
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import aiohttp
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.backends.embedded import EmbeddedEngine
from app.clock import ManualClock
from app.intake import IntakeServer, IntakeSettings
from app.intake import requests as rules
from app.intake.params import Arr, Rule, Scalar, Schema
from app.store import Database
from tests.app.intake_fixtures import API, TOKEN_A, visitor_with_room

EXAMPLES = int(os.environ.get("OMNIDESK_FUZZ_EXAMPLES", "25"))
pytestmark = pytest.mark.timeout(60 + EXAMPLES // 2)  # about 0.1 s an example, on a busy machine

# Every visitor route: (method, path with {rid}, {token}, {id} holes, its rule if any).
ROUTES: list[tuple[str, str, Rule | None]] = [
    ("GET", "/config", rules.CONFIG),
    ("POST", "/visitor", rules.VISITOR),
    ("GET", "/visitor/{token}", None),
    ("DELETE", "/visitor/{token}", None),
    ("POST", "/visitor.status", rules.VISITOR_STATUS),
    ("POST", "/visitor.callStatus", rules.CALL_STATUS),
    ("POST", "/page.visited", rules.PAGE_VISITED),
    ("POST", "/custom.field", rules.CUSTOM_FIELD),
    ("POST", "/custom.fields", rules.CUSTOM_FIELDS),
    ("POST", "/offline.message", rules.OFFLINE_MESSAGE),
    ("GET", "/room", rules.ROOM),
    ("POST", "/room.close", rules.ROOM_CLOSE),
    ("POST", "/room.transfer", rules.ROOM_TRANSFER),
    ("POST", "/visitor/department.transfer", rules.DEPARTMENT_TRANSFER),
    ("POST", "/room.survey", rules.ROOM_SURVEY),
    ("POST", "/transcript", rules.TRANSCRIPT),
    ("GET", "/agent.info/{rid}/{token}", None),
    ("GET", "/agent.next/{token}", rules.AGENT_NEXT),
    ("POST", "/message", rules.MESSAGE),
    ("GET", "/message/{id}", rules.MESSAGE_GET),
    ("PUT", "/message/{id}", rules.MESSAGE_EDIT),
    ("DELETE", "/message/{id}", rules.MESSAGE_DELETE),
    ("GET", "/messages.history/{rid}", rules.HISTORY),
    # Files (app/intake/uploads.py): multipart is expected; whatever else comes is refused.
    ("POST", "/upload/{rid}", None),
    ("GET", "/file-upload/{id}/{token}", None),
]
DDP_KINDS = ("connect", "ping", "pong", "method", "sub", "unsub", "nonsense")
DDP_METHODS = ("livechat:setUpConnection", "stream-notify-room", "livechat:loginByToken",
               "livechat:loadHistory", "livechat:getAgentData", "livechat:getNextAgent",
               "livechat:registerGuest", "sendMessageLivechat", "livechat:setCustomField",
               "livechat:pageVisited", "livechat:sendOfflineMessage", "livechat:sendTranscript",
               "livechat:saveSurveyFeedback", "livechat:setDepartmentForVisitor", "rm -rf")
DDP_STREAMS = ("stream-room-messages", "stream-livechat-room", "stream-notify-room",
               "meteor.loginServiceConfiguration")


@dataclass
class Target:
    """The served intake, a real visitor's token and chat to aim at, and what was answered."""

    intake: IntakeServer
    http: aiohttp.ClientSession
    token: str
    room: str
    statuses: Counter[int | str] = field(default_factory=Counter)


@pytest.fixture
async def target(database: Database, clock: ManualClock) -> AsyncIterator[Target]:
    engine = EmbeddedEngine(database, clock, run_timers=False)
    unlimited = 10.0**9
    server = IntakeServer(engine, IntakeSettings(
        port=0, requests_per_second=unlimited, request_burst=10**9,
        messages_per_second=unlimited, message_burst=10**9, legacy_visitor_methods=True))
    await server.start()
    async with aiohttp.ClientSession(base_url=server.url) as http:
        room = await visitor_with_room(http, TOKEN_A)
        found = Target(server, http, TOKEN_A, room)
        yield found
        print(f"\nfuzzed: {dict(sorted(found.statuses.items(), key=str))}")
    await server.stop()
    await engine.aclose()


def json_values() -> st.SearchStrategy[Any]:
    scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40)
    return st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                        | st.dictionaries(st.text(max_size=10), inner, max_size=4), max_leaves=12)


def shaped(schema: Schema, known: st.SearchStrategy[str]) -> st.SearchStrategy[Any]:
    """Values near what `schema` asks: often right, often one wrong type or an extra key away."""
    anything = json_values()
    if isinstance(schema, Scalar):
        right: st.SearchStrategy[Any] = {
            "string": known | st.text(max_size=30),
            "number": st.integers(-5, 50) | st.floats(allow_nan=False)
            | st.sampled_from(["1e300", "0x" + "f" * 300, "-0", " 7 "]),
            "boolean": st.booleans()}[schema.type]
        return st.one_of(right, right, anything)
    if isinstance(schema, Arr):
        return st.one_of(st.lists(shaped(schema.items, known), max_size=3), anything)
    members = {name: shaped(inner, known) for name, inner in schema.properties.items()}
    return st.one_of(
        st.fixed_dictionaries({}, optional=members) | st.fixed_dictionaries(
            {}, optional={**members, "extra": anything}),
        anything)


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@st.composite
def requests_(draw: st.DrawFn, target_token: str, target_room: str) -> tuple[str, str, bytes | None]:
    method, path, rule = draw(st.sampled_from(ROUTES))
    known = st.sampled_from([target_token, target_room, "started-" + target_room, "dep-support"])
    holes = {name: quote(draw(known | st.text(min_size=1, max_size=20)), safe="")
             for name in ("token", "rid", "id")}
    # ... or bytes that are no UTF-8 (a lone surrogate's, 0xff), as sent, percent-encoded.
    raw_holes = st.sampled_from(["%ED%A0%80", "%FF%FE", "%2E%2E", "%00"])
    holes = {name: draw(st.just(value) | raw_holes) for name, value in holes.items()}
    url = (path if path.startswith("/file-upload") else API + path).format(**holes)
    query: dict[str, Any] = {}
    body: bytes | None = None
    if rule is not None:
        value = draw(shaped(rule.schema, known))
        if method == "GET":
            query = value if isinstance(value, dict) else {"token": value}
        else:
            body = json.dumps(value).encode()
    if method != "GET":
        body = draw(st.one_of(
            st.just(body) if body is not None else st.none(),
            st.binary(max_size=64),                                   # anything, often not UTF-8
            st.sampled_from([b"\xff\xfe{}", b'{"token": "\xc3\x28"}', b"NaN", b'{"a": Infinity}',
                             b'"\\ud800"', b'{"token": "\\udfff", "rid": "x", "msg": "\\ud83d"}']),
            st.integers(100, 20_000).map(lambda d: nested(d).encode()),  # deeper than any parser recurses
        ))
    pairs = [(quote(str(k), safe=""), quote(v if isinstance(v, str) else json.dumps(v), safe=""))
             for k, v in (query.items() if isinstance(query, dict) else [])]
    hostile = draw(st.sampled_from(["", "&token=%ff%fe", "&%ed%a0%80=1"]))  # not UTF-8
    raw_query = "&".join(f"{k}={v}" for k, v in pairs) + hostile
    return method, url + ("?" + raw_query.lstrip("&") if raw_query else ""), body


@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(data=st.data())
async def test_no_request_gets_a_server_error(target: Target, data: st.DataObject) -> None:
    method, url, body = data.draw(requests_(target.token, target.room))
    headers = {"Content-Type": "application/json", "User-Agent": "fuzz \udcff".encode(
        "utf-8", "surrogateescape").decode("latin-1")}
    async with target.http.request(method, url, data=body, headers=headers) as response:
        target.statuses[response.status] += 1
        assert response.status < 500, (method, url, body, await response.text())
        if url.startswith(API):
            json.loads(await response.text())  # every answer is JSON, errors too
    async with target.http.get(f"{API}/config") as alive:
        assert alive.status == 200


@st.composite
def frames(draw: st.DrawFn, token: str, room: str) -> str | bytes:
    kind = draw(st.sampled_from(DDP_KINDS))
    anything = json_values()
    frame: dict[str, Any] = {"msg": kind, "id": draw(st.text(max_size=8) | anything)}
    known = st.sampled_from([token, room, f"{room}/typing", f"{room}/deleteMessage"])
    if kind == "method":
        frame["method"] = draw(st.sampled_from(DDP_METHODS) | anything)
        argument = st.fixed_dictionaries({}, optional={
            "token": known | anything, "rid": known | anything, "roomId": known | anything,
            "end": st.just({"$date": 1}) | anything, "limit": anything, "ls": anything,
            "_id": st.text(max_size=10) | anything, "msg": st.text(max_size=10) | anything,
            "name": anything, "customFields": anything, "email": st.just("ann@example.com") | anything,
            "message": anything, "visitorToken": known | anything,
            "departmentId": st.just("dep-sales") | anything,
            "value": anything})
        frame["params"] = draw(st.lists(argument | st.lists(argument, max_size=3) | known | anything,
                                        max_size=4) | anything)
    elif kind == "sub":
        frame["name"] = draw(st.sampled_from(DDP_STREAMS) | anything)
        subscribed = st.just({"args": [{"token": token}]})
        frame["params"] = draw(st.lists(known | subscribed | anything, max_size=3) | anything)
    text = json.dumps(frame)
    # JSON may name lone surrogates ("\ud800"): valid JSON, no valid UTF-8 once decoded.
    lone = text.replace('"msg"', '"\\ud800": "\\udfff", "msg"', 1)
    lone = lone.replace('"id": ', '"id": "\\ud800", "x": ', 1)  # the id echoed back a surrogate
    chosen: str | bytes = draw(st.one_of(st.just(text), st.just(text), st.just(lone),
                                         st.integers(100, 20_000).map(nested),  # deeper than parsers go
                                         st.text(max_size=30), st.binary(max_size=30)))
    return chosen


@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
async def test_no_ddp_frame_breaks_the_connection(target: Target, data: st.DataObject) -> None:
    socket = await target.http.ws_connect("/websocket")
    try:
        for _ in range(data.draw(st.integers(1, 4))):
            frame = data.draw(frames(target.token, target.room))
            if isinstance(frame, bytes):
                await socket.send_bytes(frame)
            else:
                await socket.send_str(frame)
            target.statuses["ddp frames"] += 1
        await socket.send_str(json.dumps({"msg": "ping", "id": "still-there"}))
        while True:
            answer = await socket.receive(timeout=5)
            assert answer.type is aiohttp.WSMsgType.TEXT, answer
            if json.loads(answer.data) == {"msg": "pong", "id": "still-there"}:
                break
    finally:
        await socket.close()
