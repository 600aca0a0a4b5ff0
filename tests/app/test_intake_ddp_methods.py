"""The visitor DDP methods Rocket.Chat 7.0 removed or keeps for agents: sendOfflineMessage,
sendTranscript, saveSurveyFeedback, setDepartmentForVisitor. Each answers as the last Rocket.Chat
that had it: its check() ("Match failed", 400), its error ids and results, and another
visitor's chat getting nothing."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

import aiohttp

from app.backends.embedded import EmbeddedEngine
from app.clock import ManualClock
from app.domain import AuthorKind
from app.intake import IntakeServer, IntakeSettings
from app.store import Database, organisation
from tests.app.intake_fixtures import TOKEN_A, TOKEN_B, Ddp, ddp_for, http, intake, visitor_with_room

__all__ = ["http", "intake"]  # fixtures

Call = Callable[..., Awaitable[dict[str, Any]]]


async def caller(http: aiohttp.ClientSession) -> tuple[Ddp, Call]:
    ddp = Ddp(await http.ws_connect("/websocket"))
    calls = 0

    async def call(method: str, *params: Any) -> dict[str, Any]:
        nonlocal calls
        calls += 1
        call_id = f"{method}-{calls}"
        await ddp.send({"msg": "method", "method": method, "id": call_id, "params": list(params)})
        return await ddp.next(lambda m: m.get("id") == call_id)

    return ddp, call


def error_of(answer: dict[str, Any]) -> Any:
    assert "error" in answer, answer
    return answer["error"]["error"]


async def test_send_offline_message_queues_it_once_every_five_seconds_per_connection(
    http: aiohttp.ClientSession, intake: IntakeServer, clock: ManualClock
) -> None:
    ddp, call = await caller(http)
    form = {"name": "Olga", "email": "olga@example.com", "message": "Call me back, please."}
    assert await call("livechat:sendOfflineMessage", form) == {
        "msg": "result", "id": "livechat:sendOfflineMessage-1", "result": None}
    sam = await intake.engine.sign_in("sam")
    assert "Call me back, please." in {i.preview for i in await sam.queue()}
    # Rocket.Chat's rate limit: one call a connection every 5 seconds, counted before any check.
    too_soon = await call("livechat:sendOfflineMessage", {**form, "message": "Again"})
    assert error_of(too_soon) == "too-many-requests"
    assert "5 seconds" in too_soon["error"]["reason"]
    clock.advance(timedelta(seconds=5))
    # The pattern is exact: the REST route's `department` is a Match failure here.
    with_department = await call("livechat:sendOfflineMessage", {**form, "department": "dep-sales"})
    assert (error_of(with_department), with_department["error"]["reason"]) == (400, "Match failed")
    clock.advance(timedelta(seconds=5))
    assert error_of(await call("livechat:sendOfflineMessage", {**form, "email": "not an address"})) \
        == "error-invalid-email"
    clock.advance(timedelta(seconds=5))
    assert error_of(await call("livechat:sendOfflineMessage", {**form, "email": ""})) == "error-invalid-email"
    clock.advance(timedelta(seconds=5))
    assert error_of(await call("livechat:sendOfflineMessage", {**form, "name": 7})) == 400
    assert [i.preview for i in await sam.queue()].count("Call me back, please.") == 1
    assert "Again" not in {i.preview for i in await sam.queue()}
    await sam.aclose()
    await ddp.socket.close()


async def test_send_transcript_is_an_agents_method_a_visitor_may_not_call(
    http: aiohttp.ClientSession, intake: IntakeServer
) -> None:
    room = await visitor_with_room(http, TOKEN_A)
    ddp, call = await caller(http)
    refused = await call("livechat:sendTranscript", TOKEN_A, room, "ann@example.com", "Our chat")
    assert refused["error"] == {"isClientSafe": True, "error": "error-not-allowed", "reason": "Not allowed",
                                "message": "Not allowed [error-not-allowed]", "errorType": "Meteor.Error"}
    assert error_of(await call("livechat:sendTranscript", TOKEN_A, None, "ann@example.com")) == 400
    assert error_of(await call("livechat:sendTranscript", TOKEN_A, room)) == 400
    sam = await intake.engine.sign_in("sam")
    assert not [i for i in await sam.queue() if "transcript" in i.preview]  # nothing was sent
    await sam.aclose()
    await ddp.socket.close()


async def test_save_survey_feedback_keeps_the_answers_of_the_visitors_own_chat(
    http: aiohttp.ClientSession, intake: IntakeServer
) -> None:
    room = await visitor_with_room(http, TOKEN_A)
    await visitor_with_room(http, TOKEN_B, "Ben")
    ddp, call = await caller(http)
    answers = [{"name": "satisfaction", "value": "4"}, {"name": "agentKnowledge", "value": "9"},
               {"name": "additionalFeedback", "value": "Kind and quick", "extra": True}]
    # Another visitor's chat, and answers none of which is the survey's: nothing kept, no error.
    assert (await call("livechat:saveSurveyFeedback", TOKEN_B, room, answers))["result"] is None
    stranger = "unknown-token-cccccccc"
    assert (await call("livechat:saveSurveyFeedback", stranger, room, answers))["result"] is None
    unknown = [{"name": "mood", "value": "1"}]
    assert (await call("livechat:saveSurveyFeedback", TOKEN_A, room, unknown))["result"] is None
    saved = await call("livechat:saveSurveyFeedback", TOKEN_A, room, answers)
    assert saved["result"] == {"acknowledged": True, "matchedCount": 1, "modifiedCount": 1,
                               "upsertedCount": 0, "upsertedId": None}
    for malformed in ([TOKEN_A, room, [{"name": "satisfaction"}]],
                      [TOKEN_A, room, {"name": "x", "value": "1"}], [TOKEN_A, 5, answers], [TOKEN_A, room]):
        assert error_of(await call("livechat:saveSurveyFeedback", *malformed)) == 400
    sam = await intake.engine.sign_in("sam")
    survey = [m for m in (await sam.messages(room)).messages if "survey" in m.text]
    assert [m.author_kind for m in survey] == [AuthorKind.SYSTEM]  # once: Ben's call kept nothing
    assert "satisfaction 4/5" in survey[0].text and "Kind and quick" in survey[0].text
    assert "knowledge" not in survey[0].text
    await sam.aclose()
    await ddp.socket.close()


async def test_set_department_for_visitor_moves_only_the_visitors_own_chat(
    http: aiohttp.ClientSession, intake: IntakeServer, database: Database
) -> None:
    await database.write(lambda c: organisation.set_setting(c, "waiting_queue", "true"))
    intake.engine._routing = None
    room = await visitor_with_room(http, TOKEN_A)
    await visitor_with_room(http, TOKEN_B, "Ben")
    ddp, call = await caller(http)
    move = {"roomId": room, "visitorToken": TOKEN_A, "departmentId": "dep-sales"}
    # Ben's token naming Ann's chat, or a chat nobody has: the same refusal, nothing moves.
    for elsewhere in ({**move, "visitorToken": TOKEN_B}, {**move, "roomId": "no-such-room"}):
        refused = await call("livechat:setDepartmentForVisitor", elsewhere)
        assert (error_of(refused), refused["error"]["reason"]) == ("error-invalid-room", "Invalid room")
    emil = await intake.engine.sign_in("emil")
    assert room not in {i.chat_id for i in await emil.queue() if i.department_id == "dep-sales"}
    assert (await call("livechat:setDepartmentForVisitor", move))["result"] is True
    assert room in {i.chat_id for i in await emil.queue() if i.department_id == "dep-sales"}
    await emil.aclose()
    nowhere = {**move, "departmentId": "dep-nowhere"}
    assert (await call("livechat:setDepartmentForVisitor", nowhere))["result"] is False
    for malformed in ({**move, "departmentId": 3}, {"roomId": room}, "dep-sales"):
        assert error_of(await call("livechat:setDepartmentForVisitor", malformed)) == 400
    assert error_of(await call("livechat:setDepartmentForVisitor")) == 400
    await ddp.socket.close()


async def test_the_methods_rocket_chat_7_removed_are_not_found_by_default(database: Database,
                                                                          clock: ManualClock) -> None:
    engine = EmbeddedEngine(database, clock, run_timers=False)
    server = IntakeServer(engine, IntakeSettings(port=0))
    await server.start()
    try:
        async with aiohttp.ClientSession(base_url=server.url) as session:
            room = await visitor_with_room(session, TOKEN_A)
            ddp = await ddp_for(session, TOKEN_A, room)
            await ddp.send({"msg": "method", "method": "livechat:loadHistory", "id": "h",
                            "params": [{"token": TOKEN_A, "rid": room}]})
            answer = await ddp.next(lambda m: m.get("id") == "h")
            assert answer["error"]["error"] == 404
            assert answer["error"]["reason"] == "Method 'livechat:loadHistory' not found"
            await ddp.send({"msg": "method", "method": "sendMessageLivechat", "id": "s",
                            "params": [{"_id": "msg-kept-by-7x", "rid": room, "msg": "still served",
                                        "token": TOKEN_A}]})
            sent = await ddp.next(lambda m: m.get("id") == "s")
            assert sent["result"]["msg"] == "still served"
    finally:
        await server.stop()
        await engine.aclose()
