"""The visitor's message routes answer as Rocket.Chat's do: livechat/message, message/:_id (read,
edit, delete, with the change pushed to the widget and to the agent), messages.history with its
paging; and the visitor DDP methods."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp

from app.backends.events import MessageChanged
from app.clock import ManualClock
from app.intake import IntakeServer
from app.intake.limits import RateLimiter
from app.store import Database, organisation
from tests.app.intake_fixtures import (
    API,
    TOKEN_A,
    TOKEN_B,
    Ddp,
    answer_json,
    ddp_for,
    http,
    intake,
    refused,
    visitor_with_room,
)
from tests.contract.events import next_event

__all__ = ["http", "intake"]  # fixtures


async def send(http: aiohttp.ClientSession, room: str, text: str, token: str = TOKEN_A) -> dict[str, Any]:
    async with http.post(f"{API}/message", json={"token": token, "rid": room, "msg": text}) as r:
        return dict((await answer_json(r))["message"])


async def call(
    http: aiohttp.ClientSession, method: str, message_id: str, **body: Any
) -> aiohttp.ClientResponse:
    if method == "GET":
        response = await http.get(f"{API}/message/{message_id}", params=body)
    else:
        response = await http.request(method, f"{API}/message/{message_id}", json=body)
    await response.read()
    return response


async def history(http: aiohttp.ClientSession, room: str, **params: str) -> list[dict[str, Any]]:
    async with http.get(f"{API}/messages.history/{room}", params={"token": TOKEN_A, **params}) as r:
        return list((await answer_json(r))["messages"])


async def test_a_sent_message_is_answered_with_its_time(http: aiohttp.ClientSession) -> None:
    room = await visitor_with_room(http, TOKEN_A)
    await visitor_with_room(http, TOKEN_B, "Ben")
    message = await send(http, room, "Hello")
    assert message["msg"] == "Hello" and message["rid"] == room
    assert message["ts"].endswith("Z") and datetime.fromisoformat(message["ts"].replace("Z", "+00:00"))
    assert message["u"]["name"] == "Ann"
    body = {"token": TOKEN_A, "rid": room, "msg": "x"}
    async with http.post(f"{API}/message", json={**body, "token": TOKEN_B}) as r:
        assert await refused(r) == "invalid-room"
    async with http.post(f"{API}/message", json={**body, "token": "visitor-token-nobody-has-it"}) as r:
        assert await refused(r) == "invalid-token"
    async with http.post(f"{API}/message", json={**body, "agent": {"agentId": "u-ana"}}) as r:
        assert await refused(r) == "invalid-params"
    await http.post(f"{API}/room.close", json={"token": TOKEN_A, "rid": room})
    async with http.post(f"{API}/message", json=body) as r:
        assert await refused(r) == "room-closed"


async def test_one_message_is_read_by_its_id(http: aiohttp.ClientSession, intake: IntakeServer) -> None:
    room = await visitor_with_room(http, TOKEN_A)
    await visitor_with_room(http, TOKEN_B, "Ben")
    mine = await send(http, room, "Mine")
    ana = await intake.engine.sign_in("ana")
    await ana.take(next(i for i in await ana.queue() if i.chat_id == room).id)
    reply = await ana.send_message(room, "Hers")
    note = await ana.add_note(room, "Staff only")
    await ana.aclose()
    for message_id, text in ((mine["_id"], "Mine"), (reply.id, "Hers")):
        r = await call(http, "GET", message_id, token=TOKEN_A, rid=room)
        assert (await answer_json(r))["message"]["msg"] == text
    assert await refused(await call(http, "GET", note.id, token=TOKEN_A, rid=room)) == "invalid-message"
    assert await refused(await call(http, "GET", "no-such-id", token=TOKEN_A, rid=room)) == "invalid-message"
    assert await refused(await call(http, "GET", mine["_id"], token=TOKEN_B, rid=room)) == "invalid-room"
    assert await refused(await call(http, "GET", mine["_id"], token=TOKEN_A)) == "invalid-params"


async def test_an_edit_reaches_the_widget_and_the_agent_marked(
    http: aiohttp.ClientSession, intake: IntakeServer, clock: ManualClock
) -> None:
    room = await visitor_with_room(http, TOKEN_A)
    await visitor_with_room(http, TOKEN_B, "Ben")
    ana = await intake.engine.sign_in("ana")
    events = await ana.events()
    await ana.take(next(i for i in await ana.queue() if i.chat_id == room).id)
    ddp: Ddp = await ddp_for(http, TOKEN_A, room)
    mine = await send(http, room, "Helo")
    clock.advance(timedelta(seconds=30))
    r = await call(http, "PUT", mine["_id"], token=TOKEN_A, rid=room, msg="Hello")
    edited = (await answer_json(r))["message"]
    assert (edited["_id"], edited["msg"]) == (mine["_id"], "Hello")
    assert edited["editedAt"] > edited["ts"] and edited["editedBy"]["_id"] == mine["u"]["_id"]
    pushed = await ddp.next(lambda m: m.get("collection") == "stream-room-messages"
                            and m["fields"]["args"][0].get("editedAt") is not None)
    shown = pushed["fields"]["args"][0]
    assert shown["msg"] == "Hello" and "$date" in shown["editedAt"]
    changed = await next_event(events, MessageChanged)
    assert changed.message.text == "Hello" and changed.message.edited_at == clock.now()
    reply = await ana.send_message(room, "Hi")
    refusal = await call(http, "PUT", reply.id, token=TOKEN_A, rid=room, msg="Rewritten")
    assert await refused(refusal) == "error-action-not-allowed"
    mine_id = mine["_id"]
    blank = await call(http, "PUT", mine_id, token=TOKEN_A, rid=room, msg="  ")
    assert await refused(blank) == "message-empty"
    assert await refused(await call(http, "PUT", mine_id, token=TOKEN_B, rid=room, msg="x")) == "invalid-room"
    assert await refused(await call(http, "PUT", mine["_id"], token=TOKEN_A, rid=room)) == "invalid-params"
    await ddp.socket.close()
    await ana.aclose()


async def test_a_deletion_removes_it_for_the_visitor_and_leaves_a_marker_for_staff(
    http: aiohttp.ClientSession, intake: IntakeServer
) -> None:
    room = await visitor_with_room(http, TOKEN_A)
    ddp: Ddp = await ddp_for(http, TOKEN_A, room)
    watch = {"useCollection": False, "args": [{"token": TOKEN_A}]}
    await ddp.send({"msg": "sub", "id": "del", "name": "stream-notify-room",
                    "params": [f"{room}/deleteMessage", watch]})
    assert (await ddp.next(lambda m: m.get("subs") == ["del"]))["msg"] == "ready"
    mine = await send(http, room, "Oops, my card number")
    r = await call(http, "DELETE", mine["_id"], token=TOKEN_A, rid=room)
    answered = (await answer_json(r))["message"]
    assert answered["_id"] == mine["_id"] and answered["ts"].endswith("Z")
    gone = await ddp.next(lambda m: m.get("collection") == "stream-notify-room")
    assert gone["fields"] == {"eventName": f"{room}/deleteMessage", "args": [{"_id": mine["_id"]}]}
    assert mine["_id"] not in {m["_id"] for m in await history(http, room)}
    sam = await intake.engine.sign_in("sam")
    marked = next(m for m in (await sam.messages(room)).messages if m.id == mine["_id"])
    assert marked.deleted_at is not None and marked.text == ""
    await sam.aclose()
    again = await call(http, "DELETE", mine["_id"], token=TOKEN_A, rid=room)
    assert await refused(again) == "invalid-message"
    await ddp.socket.close()


async def test_history_pages_newest_first_with_the_opening_message_last(
    http: aiohttp.ClientSession, clock: ManualClock, intake: IntakeServer
) -> None:
    intake.per_visitor = RateLimiter(1_000.0, 1_000)  # 25 messages at once, for this test
    room = await visitor_with_room(http, TOKEN_A)
    for number in range(25):
        clock.advance(timedelta(seconds=1))
        await send(http, room, f"m{number}")
    first = await history(http, room)  # Rocket.Chat's default page: 20
    assert [m["msg"] for m in first] == [f"m{n}" for n in range(24, 4, -1)]
    rest = await history(http, room, offset="20")
    assert [m["msg"] for m in rest] == ["m4", "m3", "m2", "m1", "m0", ""]
    assert rest[-1]["t"] == "livechat-started"
    assert [m["msg"] for m in await history(http, room, offset="1", limit="3")] == ["m23", "m22", "m21"]
    # `end`: only what was sent before it; `ls` changes nothing.
    m10 = datetime(2026, 11, 25, 10, 30, 11, tzinfo=UTC)  # the clock's start plus 11 s: m10 was sent then
    before = await history(http, room, end=m10.isoformat().replace("+00:00", "Z"), ls="2020-01-01")
    assert [m["msg"] for m in before] == [f"m{n}" for n in range(9, -1, -1)] + [""]
    assert await history(http, room, offset="1e300") == []  # past any chat's end
    async with http.get(f"{API}/messages.history/{room}", params={"token": TOKEN_A, "offset": "-1"}) as r:
        assert await refused(r) == "invalid-params"
    async with http.get(f"{API}/messages.history/{room}", params={"token": TOKEN_A, "limit": "ten"}) as r:
        assert await refused(r) == "invalid-params"
    async with http.get(f"{API}/messages.history/{room}", params={"token": TOKEN_B}) as r:
        assert await refused(r) == "invalid-token"


async def test_the_visitor_ddp_methods(http: aiohttp.ClientSession, intake: IntakeServer) -> None:
    room = await visitor_with_room(http, TOKEN_A)
    await send(http, room, "Hello")
    ddp = Ddp(await http.ws_connect("/websocket"))

    async def result(method: str, *params: Any) -> dict[str, Any]:
        await ddp.send({"msg": "method", "method": method, "id": method, "params": list(params)})
        return await ddp.next(lambda m: m.get("id") == method)

    assert (await result("livechat:loginByToken", TOKEN_A))["result"]["_id"].startswith("visitor-")
    assert (await result("livechat:loginByToken", TOKEN_B))["result"] is None
    loaded = (await result("livechat:loadHistory", {"token": TOKEN_A, "rid": room, "end": {"$date": 2**42},
                                                     "limit": 10, "ls": "2020-01-01"}))["result"]
    assert [m["msg"] for m in loaded["messages"]] == ["Hello", ""] and "$date" in loaded["messages"][0]["ts"]
    refused_room = await result("livechat:loadHistory", {"token": TOKEN_A, "rid": "nope", "end": {"$date": 1},
                                                         "limit": 10, "ls": "x"})
    assert refused_room["error"]["error"] == "invalid-room"
    assert refused_room["error"]["message"] == "Invalid Room [invalid-room]"
    bad = await result("livechat:loadHistory", {"token": TOKEN_A, "rid": room, "end": "yesterday", "ls": "x"})
    assert (bad["error"]["error"], bad["error"]["reason"]) == (400, "Match failed")
    assert (await result("livechat:getAgentData", {"roomId": room, "token": TOKEN_A}))["result"] is None
    assert (await result("livechat:getNextAgent", {"token": TOKEN_A}))["result"] is None  # a chat goes on
    unknown = await result("livechat:nothing")
    reason = "Method 'livechat:nothing' not found"
    assert unknown["error"] == {"isClientSafe": True, "error": 404, "reason": reason,
                                "message": f"{reason} [404]", "errorType": "Meteor.Error"}
    await ddp.socket.close()


async def test_the_visitor_ddp_methods_that_write(
    http: aiohttp.ClientSession, intake: IntakeServer, database: Database
) -> None:
    await database.write(lambda c: organisation.set_setting(c, "livechat_custom_fields", '["plan"]'))
    ddp = Ddp(await http.ws_connect("/websocket"))

    async def result(method: str, *params: Any) -> dict[str, Any]:
        await ddp.send({"msg": "method", "method": method, "id": method, "params": list(params)})
        return await ddp.next(lambda m: m.get("id") == method)

    registered = (await result("livechat:registerGuest", {
        "token": TOKEN_A, "name": "Ann", "email": "ann@example.com",
        "customFields": [{"key": "plan", "value": "gold", "overwrite": True}]}))["result"]
    assert registered["visitor"]["token"] == TOKEN_A and registered["userId"] == registered["visitor"]["_id"]
    nameless = await result("livechat:registerGuest", {"name": "No token"})
    assert nameless["error"]["error"] == "error-invalid-token"
    async with http.get(f"{API}/room", params={"token": TOKEN_A}) as r:
        room = (await answer_json(r))["room"]["_id"]
    sent = (await result("sendMessageLivechat", {"token": TOKEN_A, "_id": "ChosenByTheClient1",
                                                 "rid": room, "msg": "Over DDP"}))["result"]
    assert (sent["_id"], sent["msg"], sent["rid"]) == ("ChosenByTheClient1", "Over DDP", room)
    nowhere = {"token": TOKEN_A, "_id": "x1", "rid": "nope", "msg": "?"}
    elsewhere = await result("sendMessageLivechat", nowhere)
    assert elsewhere["error"]["error"] == "invalid-room"
    assert (await result("livechat:setCustomField", TOKEN_A, "plan", "silver", False))["result"] is True
    page = {"change": "url", "title": "Plans", "location": {"href": "https://shop.example/plans"}}
    assert "error" not in await result("livechat:pageVisited", TOKEN_A, room, page)
    ana = await intake.engine.sign_in("ana")
    context = await ana.visitor_context(room)
    assert ("plan", "gold") in context.custom_fields  # not overwritten by the second value
    assert [p.url for p in context.pages][-1] == "https://shop.example/plans"
    await ana.aclose()
    await ddp.socket.close()
