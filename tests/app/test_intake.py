"""The visitor intake over real HTTP and WebSocket on loopback: the widget's calls, both ways,
and hostile input that must get an error, never a crash or a hang."""

from __future__ import annotations

import asyncio
import sqlite3
from typing import Any

import aiohttp
import pytest

from app.backends.embedded import EmbeddedEngine
from app.clock import ManualClock
from app.intake import IntakeServer, IntakeSettings
from app.store import Database, organisation
from tests.app.intake_fixtures import (
    API,
    TOKEN_A,
    TOKEN_B,
    Ddp,
    agent_data,
    answer_json,
    ddp_for,
    error_id,
    http,
    intake,
    pushed_message,
    refused,
    visitor_with_room,
)

__all__ = ["http", "intake"]  # fixtures

async def test_config_says_online_and_lists_departments(http: aiohttp.ClientSession) -> None:
    async with http.get(f"{API}/config", params={"token": TOKEN_A}) as response:
        config = (await answer_json(response))["config"]
    assert config["online"] is True and config["settings"]["registrationForm"] is True
    assert {d["name"] for d in config["departments"]} >= {"Support", "Billing"}
    assert "guest" not in config


async def test_a_chat_flows_both_ways_live_and_ends_in_the_widget(
    intake: IntakeServer, http: aiohttp.ClientSession
) -> None:
    room = await visitor_with_room(http, TOKEN_A)
    ddp = await ddp_for(http, TOKEN_A, room)
    async with http.post(
        f"{API}/message", json={"token": TOKEN_A, "rid": room, "msg": "Hello <b>desk</b>"}
    ) as r:
        assert r.status == 200
    echo = await ddp.next(lambda m: m.get("collection") == "stream-room-messages")
    sent = echo["fields"]["args"][0]
    assert sent["msg"] == "Hello <b>desk</b>" and "$date" in sent["ts"]
    ana = await intake.engine.sign_in("ana")
    queued = next(i for i in await ana.queue() if i.chat_id == room)
    await ana.take(queued.id)
    # Not just the next frame of the stream: the place in the queue, sent on subscribing, may
    # still be on its way (it was, about 1 run in 10 with a busy core).
    assigned = await ddp.next(agent_data)
    assert assigned["fields"]["args"][0]["data"]["name"] == "Ana Souza"
    await ana.send_message(room, "Hi Ann!")
    reply = await ddp.next(lambda m: m.get("collection") == "stream-room-messages")
    assert reply["fields"]["args"][0]["msg"] == "Hi Ann!"
    assert reply["fields"]["args"][0]["u"]["name"] == "Ana Souza"
    async with http.get(f"{API}/messages.history/{room}", params={"token": TOKEN_A}) as r:
        history = (await answer_json(r))["messages"]
    # Newest first, no notes; the chat's opening system message, Rocket.Chat's, is the oldest.
    assert [(m["msg"], m.get("t")) for m in history] == [
        ("Hi Ann!", None), ("Hello <b>desk</b>", None), ("", "livechat-started")]
    await ana.close_chat(room, comment="done")
    closed = await ddp.next(lambda m: m.get("collection") == "stream-room-messages")
    assert closed["fields"]["args"][0]["t"] == "livechat-close"
    await ddp.socket.close()
    await ana.aclose()


async def test_a_message_keeps_the_id_its_client_chose_and_a_retry_sends_it_once(
    http: aiohttp.ClientSession,
) -> None:
    room = await visitor_with_room(http, TOKEN_A)
    ddp = await ddp_for(http, TOKEN_A, room)
    chosen = "Zq3kW8xPbN5tYcR2m"  # 17 characters, as Rocket.Chat's clients make them
    sent = {"token": TOKEN_A, "rid": room, "msg": "Only once, please.", "_id": chosen}
    async with http.post(f"{API}/message", json=sent) as r:
        assert r.status == 200 and (await answer_json(r))["message"]["_id"] == chosen
    echo = await ddp.next(lambda m: m.get("collection") == "stream-room-messages")
    assert echo["fields"]["args"][0]["_id"] == chosen
    async with http.post(f"{API}/message", json=sent) as r:  # the retry of a lost answer
        assert await refused(r) == "message-duplicate"
    async with http.post(f"{API}/message", json={**sent, "_id": "<not an id>"}) as r:
        assert await refused(r) == "invalid-message-id"
    async with http.post(f"{API}/message", json={"token": TOKEN_A, "rid": room, "msg": "And this."}) as r:
        made = (await answer_json(r))["message"]["_id"]  # no id chosen: the desk makes one
    async with http.get(f"{API}/messages.history/{room}", params={"token": TOKEN_A}) as r:
        history = (await answer_json(r))["messages"]
    assert [(m["_id"], m["msg"]) for m in history if "t" not in m] == [
        (made, "And this."), (chosen, "Only once, please.")]
    await ddp.socket.close()


async def _until_message(ddp: Ddp, text: str) -> list[dict[str, Any]]:
    """Every frame up to and including the push of the message `text`: events about one chat
    reach its widget in the order they happened, so this is everything pushed before it."""
    frames = [await ddp.next()]
    while not (
        frames[-1].get("collection") == "stream-room-messages"
        and frames[-1]["fields"]["args"][0]["msg"] == text
    ):
        frames.append(await ddp.next())
    return frames


async def test_a_chat_taken_before_the_widget_subscribes_still_shows_its_agent(
    intake: IntakeServer, http: aiohttp.ClientSession
) -> None:
    room = await visitor_with_room(http, TOKEN_A)  # the room's answer names nobody yet
    ana = await intake.engine.sign_in("ana")
    await ana.take(next(i for i in await ana.queue() if i.chat_id == room).id)
    ddp = await ddp_for(http, TOKEN_A, room)  # the take's push went out before anyone listened
    after_ready = await ddp.next(lambda m: m.get("collection") == "stream-livechat-room")
    assert agent_data(after_ready)
    assert after_ready["fields"]["eventName"] == room
    assert after_ready["fields"]["args"][0]["data"] == {
        "_id": "u-ana",
        "name": "Ana Souza",
        "username": "ana",
        "status": "online",
        "emails": [],
    }
    # Hold and resume announce the chat's (unchanged) agent again: the widget is not told twice.
    await ana.put_on_hold(room)
    await ana.resume(room)
    await ana.send_message(room, "Back with you")
    assert not [f for f in await ddp.until(pushed_message("Back with you")) if agent_data(f)]
    # A new agent is news, pushed once.
    await ana.transfer(room, to_agent_id="u-bo")
    await ana.aclose()
    bo = await intake.engine.sign_in("bo")
    await bo.send_message(room, "Bo here")
    told = [f for f in await ddp.until(pushed_message("Bo here")) if agent_data(f)]
    assert [f["fields"]["args"][0]["data"]["name"] for f in told] == ["Bo Lindqvist"]
    await ddp.socket.close()
    await bo.aclose()


async def test_a_widget_that_subscribes_again_is_not_told_the_same_agent_twice(
    intake: IntakeServer, http: aiohttp.ClientSession
) -> None:
    room = await visitor_with_room(http, TOKEN_A)
    ana = await intake.engine.sign_in("ana")
    await ana.take(next(i for i in await ana.queue() if i.chat_id == room).id)
    ddp = await ddp_for(http, TOKEN_A, room)
    assert agent_data(await ddp.next(lambda m: m.get("collection") == "stream-livechat-room"))
    # The widget re-subscribes after loading history (ROCKETCHAT.md §6, step 7).
    await ddp.send({"msg": "unsub", "id": "s1"})
    assert (await ddp.next(lambda m: m.get("id") == "s1"))["msg"] == "nosub"
    await ddp.send(
        {
            "msg": "sub",
            "id": "s2",
            "name": "stream-livechat-room",
            "params": [room, {"useCollection": False, "args": [{"token": TOKEN_A}]}],
        }
    )
    # The session handles one frame at a time, so the pong comes after all the sub sent.
    await ddp.send({"msg": "ping", "id": "after-s2"})
    frames = await ddp.until(lambda m: m.get("id") == "after-s2")
    assert [f["msg"] for f in frames] == ["ready", "pong"]
    await ddp.socket.close()
    await ana.aclose()


async def test_two_visitors_cannot_see_each_others_rooms(http: aiohttp.ClientSession) -> None:
    room_a = await visitor_with_room(http, TOKEN_A, "Ann")
    await visitor_with_room(http, TOKEN_B, "Ben")
    # Someone else's chat reads as no chat at all: Rocket.Chat's 'invalid-room'.
    async with http.get(f"{API}/messages.history/{room_a}", params={"token": TOKEN_B}) as r:
        assert await refused(r) == "invalid-room"
    async with http.post(f"{API}/message", json={"token": TOKEN_B, "rid": room_a, "msg": "hi"}) as r:
        assert await refused(r) == "invalid-room"
    async with http.post(f"{API}/room.close", json={"token": TOKEN_B, "rid": room_a}) as r:
        assert await refused(r) == "invalid-room"
    ddp = Ddp(await http.ws_connect("/websocket"))
    await ddp.send(
        {
            "msg": "sub",
            "id": "x",
            "name": "stream-room-messages",
            "params": [room_a, {"useCollection": False, "args": [{"token": TOKEN_B}]}],
        }
    )
    answer = await ddp.next(lambda m: m.get("id") == "x")
    assert answer["msg"] == "nosub" and answer["error"]["error"] == "chat-not-yours"
    await ddp.socket.close()


@pytest.mark.parametrize(
    ("method", "path", "body", "code"),
    [
        ("POST", "/visitor", "{not json", "invalid-params"),
        ("POST", "/visitor", "[1, 2]", "Match error: Expected plain object"),
        # Omnidesk takes tokens of 16 characters and more (IntakeSettings.min_token_chars).
        ("POST", "/visitor", '{"visitor": {"token": "short"}}', "error-invalid-token"),
        # ajv turns the number into "5", a token nobody has.
        ("POST", "/message", '{"token": 5, "rid": "x", "msg": "hi"}', "invalid-token"),
        ("GET", "/room?token=" + "z" * 300, None, "invalid-token"),
        ("GET", "/messages.history/nope", None, "invalid-params"),
    ],
)
async def test_malformed_requests_get_json_errors(
    http: aiohttp.ClientSession, method: str, path: str, body: str | None, code: str
) -> None:
    async with http.request(
        method, API + path, data=body, headers={"Content-Type": "application/json"}
    ) as response:
        assert await refused(response) == code


async def test_oversized_bodies_and_messages_are_refused(http: aiohttp.ClientSession) -> None:
    room = await visitor_with_room(http, TOKEN_A)
    async with http.post(
        f"{API}/message", data=b"x" * 400_000, headers={"Content-Type": "application/json"}
    ) as r:
        assert r.status == 413 and "error" in await answer_json(r)
    async with http.post(f"{API}/message", json={"token": TOKEN_A, "rid": room, "msg": "y" * 70_000}) as r:
        assert await refused(r) == "message-length-exceeds-character-limit"
    async with http.post(f"{API}/message", json={"token": TOKEN_A, "rid": room, "msg": "   "}) as r:
        assert await refused(r) == "message-empty"


async def test_malformed_ddp_frames_get_errors_and_the_connection_survives(
    http: aiohttp.ClientSession,
) -> None:
    ddp = Ddp(await http.ws_connect("/websocket"))
    for frame, reason in (
        ("not json", "Malformed JSON"),
        ("[]", "Malformed DDP message"),
        ('{"msg": "dance"}', "Unknown message"),
    ):
        await ddp.send(frame)
        assert reason in (await ddp.next())["reason"]
    await ddp.send({"msg": "method", "method": "rm -rf", "id": "m", "params": []})
    assert (await ddp.next(lambda m: m.get("id") == "m"))["error"]["error"] == 404
    await ddp.send(
        {"msg": "method", "method": "livechat:setUpConnection", "id": "t", "params": [{"token": 1}]}
    )
    assert (await ddp.next(lambda m: m.get("id") == "t"))["error"]["error"] == "invalid-token"
    # Lone surrogates, valid JSON escapes, are no UTF-8: they come back as U+FFFD, and a chat
    # named with one is nobody's.
    await ddp.send('{"msg": "method", "id": "\\ud800", "method": "\\udfff"}')
    assert (await ddp.next())["id"] == "\ufffd"
    await ddp.send('{"msg": "sub", "id": "s", "name": "stream-room-messages", "params": ["\\ud800"]}')
    assert (await ddp.next(lambda m: m.get("id") == "s"))["msg"] == "nosub"
    await ddp.send({"msg": "ping", "id": "p"})
    assert await ddp.next() == {"msg": "pong", "id": "p"}
    await ddp.socket.close()


async def test_foreign_origins_are_refused_and_allowed_ones_get_cors(http: aiohttp.ClientSession) -> None:
    async with http.get(f"{API}/config", headers={"Origin": "http://evil.example"}) as r:
        assert r.status == 403 and error_id(await answer_json(r)) == "origin-not-allowed"
    async with http.options(f"{API}/visitor", headers={"Origin": "http://shop.example"}) as r:
        assert r.status == 204
        assert r.headers["Access-Control-Allow-Origin"] == "http://shop.example"
        assert "Content-Type" in r.headers["Access-Control-Allow-Headers"]
    with pytest.raises(aiohttp.WSServerHandshakeError):
        await http.ws_connect("/websocket", headers={"Origin": "http://evil.example"})


async def test_messages_are_rate_limited_per_visitor(http: aiohttp.ClientSession) -> None:
    room = await visitor_with_room(http, TOKEN_A)
    statuses = []
    for number in range(30):
        async with http.post(
            f"{API}/message", json={"token": TOKEN_A, "rid": room, "msg": f"m{number}"}
        ) as r:
            statuses.append(r.status)
    assert statuses[:20] == [200] * 20 and 429 in statuses[20:]


async def test_nobody_online_offers_the_offline_form_and_keeps_the_message(
    intake: IntakeServer, http: aiohttp.ClientSession, database: Database
) -> None:
    def everyone_offline(connection: sqlite3.Connection) -> None:
        connection.execute("UPDATE users SET status = 'offline'")

    await database.write(everyone_offline)
    server_engine = intake.engine
    server_engine._routing = None  # rebuilt from the store, as after a restart
    async with http.get(f"{API}/config") as r:
        assert (await answer_json(r))["config"]["online"] is False
    async with http.post(f"{API}/visitor", json={"visitor": {"name": "Ola", "token": TOKEN_A}}) as r:
        assert r.status == 200
    async with http.get(f"{API}/room", params={"token": TOKEN_A}) as r:
        assert await refused(r) == "no-agent-online"
    form = {"name": "Ola", "email": "ola@example.com", "message": "Call me back", "department": "dep-support"}
    async with http.post(f"{API}/offline.message", json=form) as r:
        assert r.status == 200
    admin = await server_engine.sign_in("sam")
    assert "Call me back" in {i.preview for i in await admin.queue()}


async def test_the_widget_page_learns_its_server_and_only_its_files_are_served(
    database: Database, clock: ManualClock, tmp_path: Any
) -> None:
    widget = tmp_path / "build"
    widget.mkdir()
    (widget / "index.html").write_text('<html><body><script src="livechat/bundle.js"></script></body></html>')
    (widget / "bundle.js").write_text("console.log('widget')")
    (tmp_path / "secret.txt").write_text("not for visitors")
    engine = EmbeddedEngine(database, clock, run_timers=False)
    server = IntakeServer(engine, IntakeSettings(port=0, widget_dir=widget))
    await server.start()
    try:
        async with aiohttp.ClientSession(base_url=server.url) as http:
            async with http.get("/livechat") as r:
                page = await r.text()
            assert f'<body><script>SERVER_URL = "{server.url}";</script>' in page
            async with http.get("/livechat/bundle.js") as r:
                assert r.status == 200 and "widget" in await r.text()
            for sneaky in (
                "/livechat/..%2Fsecret.txt",
                "/livechat/%2E%2E/secret.txt",
                "/livechat/../secret.txt",
            ):
                async with http.get(sneaky) as r:
                    # Not found, or no such route for GET: refused either way, and nothing leaks.
                    assert r.status in (404, 405), sneaky
                    assert "not for visitors" not in await r.text()
        assert f'window.RocketChat.url = "{server.url}/livechat";' in server.snippet()
    finally:
        await server.stop()
        await engine.aclose()


async def test_the_load_generator_measures_echoes_without_loss(intake: IntakeServer) -> None:
    from app.intake.loadgen import run_visitors

    report = await run_visitors(intake.url, visitors=5, rate=4.0, duration=1.0, department="dep-support")
    assert report.visitors == 5 and report.visitors_failed == 0
    assert report.sent >= 15 and report.refused == 0
    assert report.missing == 0 and report.doubled == 0
    assert len(report.echo_ms) == report.sent
    assert any(line.startswith("echo latency: p50") for line in report.lines())


async def test_a_waiting_visitor_sees_their_place_and_it_moves_up(
    intake: IntakeServer, http: aiohttp.ClientSession, database: Database
) -> None:
    await database.write(lambda c: organisation.set_setting(c, "waiting_queue", "true"))
    intake.engine._routing = None
    first = await visitor_with_room(http, TOKEN_A, "Ann")
    second = await visitor_with_room(http, TOKEN_B, "Ben")
    ddp = await ddp_for(http, TOKEN_B, second)

    def queue_data(message: dict[str, Any]) -> bool:
        if message.get("collection") != "stream-livechat-room":
            return False
        return bool(message["fields"]["args"][0].get("type") == "queueData")

    place = (await ddp.next(queue_data))["fields"]["args"][0]["data"]
    waiting_before = place["spot"]
    assert waiting_before >= 2 and place["estimatedWaitTimeSeconds"] > 0
    assert f"number {waiting_before}" in place["message"]
    ana = await intake.engine.sign_in("ana")
    await ana.take(next(i for i in await ana.queue() if i.chat_id == first).id)
    moved = (await ddp.next(queue_data))["fields"]["args"][0]["data"]
    assert moved["spot"] == waiting_before - 1
    await ddp.socket.close()
    await ana.aclose()


async def test_a_visitor_can_ask_for_another_department(
    intake: IntakeServer, http: aiohttp.ClientSession, database: Database
) -> None:
    await database.write(lambda c: organisation.set_setting(c, "waiting_queue", "true"))
    intake.engine._routing = None
    room = await visitor_with_room(http, TOKEN_A)
    async with http.post(
        f"{API}/room.transfer", json={"token": TOKEN_A, "rid": room, "department": "dep-sales"}
    ) as r:
        assert r.status == 200, await r.text()
    emil = await intake.engine.sign_in("emil")
    assert room in {i.chat_id for i in await emil.queue() if i.department_id == "dep-sales"}
    ana = await intake.engine.sign_in("ana")
    assert room not in {i.chat_id for i in await ana.queue()}
    async with http.post(
        f"{API}/room.transfer", json={"token": TOKEN_A, "rid": room, "department": "dep-nowhere"}
    ) as r:
        assert await refused(r) == "error-transfering-chat"
    await emil.aclose()
    await ana.aclose()


async def test_theme_and_messages_come_from_settings(http: aiohttp.ClientSession, database: Database) -> None:
    def write(connection: sqlite3.Connection) -> None:
        organisation.set_setting(connection, "livechat_title", "Northwind help")
        organisation.set_setting(connection, "livechat_color", "#aa0000")

    await database.write(write)
    async with http.get(f"{API}/config") as r:
        config = (await answer_json(r))["config"]
    assert config["theme"]["title"] == "Northwind help" and config["theme"]["color"] == "#aa0000"


async def test_malformed_http_gets_an_error_and_the_server_lives_on(intake: IntakeServer) -> None:
    for garbage in (
        b"\x00\x01\x02 nonsense\r\n\r\n",
        b"GET / HTTP/9.9\r\n\r\n",
        b"POST /api/v1/livechat/message HTTP/1.1\r\nContent-Length: 99999999999\r\n\r\n{",
    ):
        reader, writer = await asyncio.open_connection("127.0.0.1", intake.port)
        writer.write(garbage)
        await writer.drain()
        answer = await asyncio.wait_for(reader.read(200), 5)
        assert answer.startswith(b"HTTP/1.") and b" 4" in answer[:13], answer
        writer.close()
    async with aiohttp.ClientSession(base_url=intake.url) as http, http.get(f"{API}/config") as r:
        assert r.status == 200


async def test_visitor_typing_reaches_the_serving_agent_only(
    intake: IntakeServer, http: aiohttp.ClientSession
) -> None:
    from app.backends.events import VisitorTyping
    from tests.contract.events import delivered_so_far, next_event

    room = await visitor_with_room(http, TOKEN_A)
    ana = await intake.engine.sign_in("ana")
    bo = await intake.engine.sign_in("bo")
    ana_events, bo_events = await ana.events(), await bo.events()
    await ana.take(next(i for i in await ana.queue() if i.chat_id == room).id)
    ddp = await ddp_for(http, TOKEN_A, room)
    await ddp.send(
        {
            "msg": "method",
            "method": "stream-notify-room",
            "id": "t1",
            "params": [f"{room}/typing", "Ann", True, {"token": TOKEN_A}],
        }
    )
    assert (await ddp.next(lambda m: m.get("id") == "t1"))["msg"] == "result"
    typing = await next_event(ana_events, VisitorTyping)
    assert (typing.chat_id, typing.typing) == (room, True)
    assert not [e for e in delivered_so_far(bo_events) if isinstance(e, VisitorTyping)]
    await ddp.send(
        {
            "msg": "method",
            "method": "stream-notify-room",
            "id": "t2",
            "params": [f"{room}/typing", "Ann", True, {"token": TOKEN_B}],
        }
    )
    assert "error" in await ddp.next(lambda m: m.get("id") == "t2")  # not Ann's token: refused
    await ddp.socket.close()
    await ana.aclose()
    await bo.aclose()
