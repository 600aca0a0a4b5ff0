"""The visitor's chat routes answer as Rocket.Chat's do: livechat/room, room.close,
room.transfer, visitor/department.transfer, room.survey, transcript, agent.info, agent.next;
each one's success shape, its refusals with Rocket.Chat's error id, and another visitor's chat
reading as no chat at all."""

from __future__ import annotations

from typing import Any

import aiohttp

from app.domain import AuthorKind
from app.intake import IntakeServer
from app.store import Database, organisation
from tests.app.intake_fixtures import (
    API,
    TOKEN_A,
    TOKEN_B,
    answer_json,
    http,
    intake,
    refused,
    visitor_with_room,
)

__all__ = ["http", "intake"]  # fixtures


async def post(http: aiohttp.ClientSession, route: str, body: Any) -> aiohttp.ClientResponse:
    response = await http.post(f"{API}/{route}", json=body)
    await response.read()
    return response


async def refusal(http: aiohttp.ClientSession, route: str, body: Any) -> str:
    return await refused(await post(http, route, body))


async def refusal_of_get(http: aiohttp.ClientSession, route: str, **params: str) -> str:
    return await refused(await get(http, route, **params))


async def get(http: aiohttp.ClientSession, route: str, **params: str) -> aiohttp.ClientResponse:
    response = await http.get(f"{API}/{route}", params=params)
    await response.read()
    return response


async def test_the_room_is_new_once_then_the_same_with_rocket_chats_fields(
    http: aiohttp.ClientSession,
) -> None:
    await post(http, "visitor", {"visitor": {"name": "Ann", "token": TOKEN_A}})
    first = await answer_json(await get(http, "room", token=TOKEN_A))
    room = first["room"]
    assert first["newRoom"] is True and room["t"] == "l" and room["open"] is True
    assert room["v"]["token"] == TOKEN_A and room["source"] == {"type": "widget"}
    again = await answer_json(await get(http, "room", token=TOKEN_A))
    assert again["newRoom"] is False and again["room"]["_id"] == room["_id"]
    by_id = await answer_json(await get(http, "room", token=TOKEN_A, rid=room["_id"]))
    assert by_id["newRoom"] is False and by_id["room"]["_id"] == room["_id"]


async def test_the_room_refuses_unknown_foreign_and_closed_rooms(http: aiohttp.ClientSession) -> None:
    room_a = await visitor_with_room(http, TOKEN_A)
    await visitor_with_room(http, TOKEN_B, "Ben")
    assert await refusal_of_get(http, "room", token=TOKEN_A, rid="no-such-room") == "invalid-room"
    assert await refusal_of_get(http, "room", token=TOKEN_B, rid=room_a) == "invalid-room"
    await post(http, "room.close", {"token": TOKEN_A, "rid": room_a})
    assert await refusal_of_get(http, "room", token=TOKEN_A, rid=room_a) == "invalid-room"
    assert await refusal_of_get(http, "room", token="visitor-token-nobody-has-it") == "invalid-token"
    assert await refusal_of_get(http, "room") == "invalid-params"


async def test_closing_a_room_and_closing_it_again(http: aiohttp.ClientSession) -> None:
    room = await visitor_with_room(http, TOKEN_A)
    await visitor_with_room(http, TOKEN_B, "Ben")
    assert await refusal(http, "room.close", {"token": TOKEN_B, "rid": room}) == "invalid-room"
    r = await post(http, "room.close", {"token": TOKEN_A, "rid": room})
    assert await answer_json(r) == {"rid": room, "comment": "Closed by visitor", "success": True}
    assert await refusal(http, "room.close", {"token": TOKEN_A, "rid": room}) == "room-closed"
    assert await refusal(http, "room.close", {"token": TOKEN_A, "rid": room, "x": 1}) == "invalid-params"


async def test_department_transfer_of_rocket_chat_8(http: aiohttp.ClientSession, intake: IntakeServer,
                                                    database: Database) -> None:
    await database.write(lambda c: organisation.set_setting(c, "waiting_queue", "true"))
    intake.engine._routing = None
    room = await visitor_with_room(http, TOKEN_A)
    await visitor_with_room(http, TOKEN_B, "Ben")
    move = {"token": TOKEN_A, "rid": room, "department": "dep-sales"}
    assert await answer_json(await post(http, "visitor/department.transfer", move)) == {"success": True}
    emil = await intake.engine.sign_in("emil")
    assert room in {i.chat_id for i in await emil.queue() if i.department_id == "dep-sales"}
    await emil.aclose()
    route = "visitor/department.transfer"
    assert await refusal(http, route, {**move, "token": TOKEN_B}) == "error-invalid-room"
    assert await refusal(http, route, {**move, "department": "dep-nowhere"}) == "error-transfering-chat"
    assert await refusal(http, "visitor/department.transfer", {"token": TOKEN_A}) == "invalid-params"
    await post(http, "room.close", {"token": TOKEN_A, "rid": room})
    assert await refusal(http, "visitor/department.transfer", move) == "This_conversation_is_already_closed"


async def test_the_survey_after_the_chat_reaches_the_agent_on_the_closed_chat(
    http: aiohttp.ClientSession, intake: IntakeServer
) -> None:
    room = await visitor_with_room(http, TOKEN_A)
    await visitor_with_room(http, TOKEN_B, "Ben")
    await post(http, "room.close", {"token": TOKEN_A, "rid": room})
    answers = [{"name": "satisfaction", "value": "5"}, {"name": "agentKnowledge", "value": "9"},
               {"name": "mood", "value": "1"}, {"name": "additionalFeedback", "value": "Quick and kind"}]
    r = await post(http, "room.survey", {"token": TOKEN_A, "rid": room, "data": answers})
    # Only known questions with a 1-5 value, and the free words, are kept.
    kept = {"satisfaction": "5", "additionalFeedback": "Quick and kind"}
    assert await answer_json(r) == {"rid": room, "data": kept, "success": True}
    sam = await intake.engine.sign_in("sam")
    survey = [m for m in (await sam.messages(room)).messages if "survey" in m.text]
    assert [m.author_kind for m in survey] == [AuthorKind.SYSTEM]
    assert "satisfaction 5/5" in survey[0].text and "Quick and kind" in survey[0].text
    await sam.aclose()
    async with http.get(f"{API}/messages.history/{room}", params={"token": TOKEN_A}) as history:
        assert "Quick and kind" not in await history.text()  # staff only
    nothing_known = {"token": TOKEN_A, "rid": room, "data": [{"name": "mood", "value": "1"}]}
    assert await refusal(http, "room.survey", nothing_known) == "invalid-data"
    assert await refusal(http, "room.survey", {**nothing_known, "token": TOKEN_B}) == "invalid-room"
    assert await refusal(http, "room.survey", {**nothing_known, "data": []}) == "invalid-params"


async def test_a_transcript_request_waits_in_the_queue_with_the_transcript(
    http: aiohttp.ClientSession, intake: IntakeServer
) -> None:
    room = await visitor_with_room(http, TOKEN_A)
    await visitor_with_room(http, TOKEN_B, "Ben")
    await post(http, "message", {"token": TOKEN_A, "rid": room, "msg": "Where is my parcel?"})
    ask = {"token": TOKEN_A, "rid": room, "email": "ann@example.com"}
    assert (await post(http, "transcript", ask)).status == 200
    sam = await intake.engine.sign_in("sam")
    queued = [i for i in await sam.queue() if "transcript" in i.preview]
    assert len(queued) == 1
    first = (await sam.messages(queued[0].chat_id)).messages[0]
    assert "ann@example.com" in first.text and "Where is my parcel?" in first.text
    await sam.aclose()
    assert await refusal(http, "transcript", {**ask, "token": TOKEN_B}) == "error-invalid-visitor"
    assert await refusal(http, "transcript", {**ask, "rid": "no-such-room"}) == "error-invalid-visitor"
    assert await refusal(http, "transcript", {**ask, "email": "nope"}) == "error-invalid-email"
    assert await refusal(http, "transcript", {"token": TOKEN_A, "rid": room}) == "invalid-params"


async def test_agent_info_names_the_agent_serving_the_chat(
    http: aiohttp.ClientSession, intake: IntakeServer
) -> None:
    room = await visitor_with_room(http, TOKEN_A)
    await visitor_with_room(http, TOKEN_B, "Ben")
    assert await refusal_of_get(http, f"agent.info/{room}/{TOKEN_A}") == "invalid-agent"
    ana = await intake.engine.sign_in("ana")
    await ana.take(next(i for i in await ana.queue() if i.chat_id == room).id)
    await ana.aclose()
    agent = (await answer_json(await get(http, f"agent.info/{room}/{TOKEN_A}")))["agent"]
    assert (agent["username"], agent["name"]) == ("ana", "Ana Souza")
    assert await refusal_of_get(http, f"agent.info/{room}/{TOKEN_B}") == "invalid-room"
    assert await refusal_of_get(http, f"agent.info/{room}/visitor-token-nobody-has-it") == "invalid-token"


async def test_agent_next_says_who_would_serve_a_new_chat(
    http: aiohttp.ClientSession, intake: IntakeServer, database: Database
) -> None:
    # The sample routes by manual selection: nobody is chosen before an agent takes the chat.
    assert await refusal_of_get(http, f"agent.next/{TOKEN_A}") == "agent-not-found"
    await database.write(lambda c: organisation.set_setting(c, "routing_method", "auto_selection"))
    intake.engine._routing = None
    agent = (await answer_json(await get(http, f"agent.next/{TOKEN_A}", department="dep-support")))["agent"]
    support = await database.read(lambda c: {row[0] for row in c.execute(
        "SELECT user_id FROM department_agents WHERE department_id = 'dep-support'")})
    assert agent["_id"] in support
    await visitor_with_room(http, TOKEN_A)
    assert await answer_json(await get(http, f"agent.next/{TOKEN_A}")) == {"success": True}  # a chat goes on
    assert await refusal_of_get(http, f"agent.next/{TOKEN_A}", other="1") == "invalid-params"
