"""RocketChatBackend over the loopback server: the cache shown first, the sync, the streams."""

from __future__ import annotations

import asyncio
import logging

import pytest

from app.backends.events import (
    ChatAssigned,
    ConnectionChanged,
    ConnectionState,
    InquiryQueued,
    InquiryRemoved,
    MessageAdded,
    Resynced,
)
from app.backends.rocketchat import sync
from app.domain import AuthorKind, ChatStatus, Role
from app.errors import Offline
from tests.rocketchat.desk import Desks, drain, settle
from tests.rocketchat.loopback import LoopbackRocketChat, MethodRefused
from tests.rocketchat.loopback.omnichannel import MESSAGES_STREAM, QUEUE_STREAM, Omnichannel


@pytest.fixture
def support(omnichannel: Omnichannel) -> str:
    department = omnichannel.add_department("Support")
    omnichannel.add_agent("bo", departments=(department,), name="Bo Agent")
    return department


async def test_sign_in_reads_who_i_am_and_the_desk(
        desks: Desks, omnichannel: Omnichannel, support: str) -> None:
    rid, inquiry_id = omnichannel.visitor_opens_chat("My parcel never came.", department_id=support)
    bo = await desks.sign_in("bo")
    me = await bo.me()
    assert me.username == "bo" and me.roles == {Role.AGENT} and me.department_ids == {support}
    assert [d.name for d in await bo.departments()] == ["Support"]
    queue = [(i.id, i.chat_id, i.preview) for i in await bo.queue()]
    assert queue == [(inquiry_id, rid, "My parcel never came.")]
    assert [a.username for a in await bo.agents()] == ["bo"]


async def test_the_cached_desk_shows_before_the_server_answers(
        desks: Desks, omnichannel: Omnichannel, loopback: LoopbackRocketChat, support: str) -> None:
    _rid, inquiry_id = omnichannel.visitor_opens_chat("Hello?", department_id=support)
    first = await desks.sign_in("bo")
    await first.aclose()
    async with loopback.down():
        again = await desks.resume("bo")
        # Answered from the cache at once, the server being down.
        assert [i.id for i in await again.queue()] == [inquiry_id]
        stream = await again.events()
        seen = [await asyncio.wait_for(stream.__anext__(), 5)]
        while not (isinstance(seen[-1], ConnectionChanged) and seen[-1].state is ConnectionState.OFFLINE):
            seen.append(await asyncio.wait_for(stream.__anext__(), 5))
        # The link's state when the stream began: still connecting, or already given up for now
        # (a refused connection can fail before the desk subscribes).
        assert isinstance(seen[0], ConnectionChanged)
        assert seen[0].state in (ConnectionState.CONNECTING, ConnectionState.OFFLINE)
        assert seen[-1].reason
    # Back: it connects and catches up.
    await asyncio.wait_for(again.synced(), 10)
    assert again.connection.state is ConnectionState.ONLINE


async def test_a_visitor_message_reaches_the_cache_and_a_message_added(
        desks: Desks, omnichannel: Omnichannel, loopback: LoopbackRocketChat, support: str) -> None:
    rid, inquiry_id = omnichannel.visitor_opens_chat("Hi", department_id=support)
    bo = await desks.sign_in("bo")
    stream = await bo.events()
    taken = await bo.take(inquiry_id)
    assert taken.id == rid and taken.status is ChatStatus.OPEN and taken.served_by_id == (await bo.me()).id
    assert [c.id for c in await bo.my_chats()] == [rid]
    await settle(loopback, bo)
    omnichannel.visitor_writes(rid, "Are you there?")
    await settle(loopback, bo)
    events = drain(stream)
    assert any(isinstance(e, InquiryRemoved) and e.inquiry_id == inquiry_id for e in events)
    assert any(isinstance(e, ChatAssigned) and e.chat.id == rid for e in events)
    added = [e.message for e in events if isinstance(e, MessageAdded)]
    assert [(m.text, m.author_kind) for m in added][-1] == ("Are you there?", AuthorKind.VISITOR)
    page = await bo.messages(rid)
    assert [m.text for m in page.messages] == ["Hi", "Are you there?"]
    assert await bo.queue() == []


async def test_a_new_inquiry_arrives_on_the_queue_stream(
        desks: Desks, omnichannel: Omnichannel, loopback: LoopbackRocketChat, support: str) -> None:
    bo = await desks.sign_in("bo")
    stream = await bo.events()
    rid, inquiry_id = omnichannel.visitor_opens_chat("New here", department_id=support)
    await settle(loopback, bo)
    queued = [e for e in drain(stream) if isinstance(e, InquiryQueued)]
    assert [(e.inquiry.id, e.inquiry.chat_id) for e in queued] == [(inquiry_id, rid)]
    assert [i.id for i in await bo.queue()] == [inquiry_id]


async def test_malformed_payloads_on_a_stream_are_logged_and_the_rest_kept(
        desks: Desks, omnichannel: Omnichannel, loopback: LoopbackRocketChat, support: str,
        caplog: pytest.LogCaptureFixture) -> None:
    bo = await desks.sign_in("bo")
    event = f"department/{support}"
    with caplog.at_level(logging.WARNING):
        loopback.push(QUEUE_STREAM, event, {"type": "added", "_id": "broken", "status": "queued"})
        loopback.push(QUEUE_STREAM, event, "not even an object")
        loopback.send_raw('{"msg": "changed", "collection": "stream-livechat-inquiry-queue-observer"}')
        loopback.send_raw("{not json")
        _rid, inquiry_id = omnichannel.visitor_opens_chat("Still works", department_id=support)
        await settle(loopback, bo)
    assert [i.id for i in await bo.queue()] == [inquiry_id]
    said = [r.getMessage() for r in caplog.records]
    assert any("inquiry that Omnidesk cannot read" in m and "v is missing" in m for m in said), said
    assert bo.connection.state is ConnectionState.ONLINE


async def test_a_dropped_link_is_caught_up_and_resynced(
        desks: Desks, omnichannel: Omnichannel, loopback: LoopbackRocketChat, support: str) -> None:
    rid, inquiry_id = omnichannel.visitor_opens_chat("Hi", department_id=support)
    bo = await desks.sign_in("bo")
    await bo.take(inquiry_id)
    stream = await bo.events()
    async with loopback.down():
        omnichannel.visitor_writes(rid, "written while you were away")
    await settle(loopback, bo)
    for _ in range(50):
        if any(isinstance(e, Resynced) for e in stream.take_pending()):
            break
        await asyncio.sleep(0.05)
    else:
        raise AssertionError("no Resynced after the gap")
    await settle(loopback, bo)
    assert [m.text for m in (await bo.messages(rid)).messages] == ["Hi", "written while you were away"]


async def test_a_chats_contact_and_its_history_come_from_what_this_computer_keeps(
        desks: Desks, omnichannel: Omnichannel, support: str) -> None:
    rid, _inquiry_id = omnichannel.visitor_opens_chat("Where is my parcel?", department_id=support,
                                                      name="Iris Vale")
    bo = await desks.sign_in("bo")
    [waiting] = await bo.queue()
    # Opening a chat shows its contact beside it: an answer from the cache, not a refusal.
    contact = await bo.contact(waiting.contact_id)
    assert contact.name == "Iris Vale"
    assert [summary.id for summary in await bo.contact_history(waiting.contact_id)] == [rid]


async def test_the_first_sync_reads_every_room_the_agent_serves_with_its_history(
        desks: Desks, omnichannel: Omnichannel, loopback: LoopbackRocketChat, support: str) -> None:
    agent = loopback.state.user_named("bo")
    assert agent is not None
    # More rooms than the sync follows at once; the served payloads are checked against the typings.
    rooms = omnichannel.seed_served_rooms(agent, rooms=sync.FOLLOWING_AT_ONCE * 2 + 3, messages_per_room=3,
                                          department_id=support)
    bo = await desks.sign_in("bo")
    assert sorted(summary.id for summary in await bo.my_chats()) == sorted(rooms)
    for number, rid in enumerate(rooms):
        page = await bo.messages(rid)
        assert [(m.text, m.author_kind) for m in page.messages] == [
            (f"message 0 of room {number}", AuthorKind.VISITOR),
            (f"message 1 of room {number}", AuthorKind.AGENT),
            (f"message 2 of room {number}", AuthorKind.VISITOR)]
    followed = {event for name, event in loopback.state.subscriptions_made if name == MESSAGES_STREAM}
    assert followed == set(rooms)
    # Live messages of any of them arrive.
    omnichannel.visitor_writes(rooms[-1], "Still there?")
    await settle(loopback, bo)
    assert [m.text for m in (await bo.messages(rooms[-1])).messages][-1] == "Still there?"


async def test_rooms_are_followed_in_order_a_few_at_a_time_and_a_failure_stops_the_rest() -> None:
    running: set[str] = set()
    most = 0
    started: list[str] = []

    async def follow(room: str) -> None:
        nonlocal most
        started.append(room)
        running.add(room)
        most = max(most, len(running))
        try:
            await asyncio.sleep(0.001 * (int(room) % 3))
        finally:
            running.discard(room)
        if room == "20":
            raise Offline("The connection dropped.")

    rooms = [str(n) for n in range(40)]
    with pytest.raises(Offline, match="connection dropped"):
        await sync._each_at_most(4, rooms, follow)
    assert most == 4 and started == rooms[:len(started)] and len(started) < len(rooms)
    after_failure = len(started)
    await asyncio.sleep(0.02)
    assert len(started) == after_failure and running == set()  # nothing goes on behind the caller

    started.clear()
    await sync._each_at_most(4, rooms[:19], follow)
    assert started == rooms[:19]


async def test_the_first_sync_keeps_within_rocket_chats_ddp_rate_limits(
        desks: Desks, omnichannel: Omnichannel, loopback: LoopbackRocketChat, support: str) -> None:
    agent = loopback.state.user_named("bo")
    assert agent is not None
    # More rooms than Rocket.Chat lets a connection read the history of at once (10 loadHistory
    # per 10 s; their 90 stream subscriptions are limited too): the refusals are waited out.
    rooms = omnichannel.seed_served_rooms(agent, rooms=45, messages_per_room=2, department_id=support)
    methods = loopback.state.method_limiter
    assert methods is not None
    bo = await desks.sign_in("bo")
    assert methods.refusals > 0
    assert sorted(summary.id for summary in await bo.my_chats()) == sorted(rooms)
    for number, rid in enumerate(rooms):
        assert [m.text for m in (await bo.messages(rid)).messages] == [
            f"message 0 of room {number}", f"message 1 of room {number}"]
    omnichannel.visitor_writes(rooms[-1], "Still there?")
    await settle(loopback, bo)
    assert [m.text for m in (await bo.messages(rooms[-1])).messages][-1] == "Still there?"


async def test_a_room_whose_history_cannot_be_read_stops_the_catch_up_and_the_next_one_reads_the_rest(
        desks: Desks, omnichannel: Omnichannel, loopback: LoopbackRocketChat, support: str,
        caplog: pytest.LogCaptureFixture) -> None:
    agent = loopback.state.user_named("bo")
    assert agent is not None
    rooms = omnichannel.seed_served_rooms(agent, rooms=sync.FOLLOWING_AT_ONCE * 3, messages_per_room=3,
                                          department_id=support)
    broken = sorted(rooms)[sync.FOLLOWING_AT_ONCE + 2]
    load_history = loopback.state.methods["loadHistory"]

    def refusing(user: object, params: list[object]) -> object:
        if params[0] == broken:
            raise MethodRefused("error-not-allowed", "Not allowed")
        return load_history(user, params)  # type: ignore[arg-type]

    loopback.state.methods["loadHistory"] = refusing
    with caplog.at_level(logging.WARNING):
        bo = await desks.sign_in("bo", synced=False)
        for _ in range(200):
            if any("catching up" in r.getMessage() for r in caplog.records):
                break
            await asyncio.sleep(0.02)
    assert any("catching up" in r.getMessage() and "Not allowed" in r.getMessage() for r in caplog.records)
    kept = {rid: len((await bo.messages(rid)).messages) for rid in rooms}
    assert kept[broken] == 0
    assert set(kept.values()) == {0, 3}  # each room's history kept whole, or not yet
    assert kept[sorted(rooms)[0]] == 3  # those read before the failure are kept

    loopback.state.methods["loadHistory"] = load_history
    loopback.drop_sockets()
    await asyncio.wait_for(bo.synced(), 10)
    await settle(loopback, bo)
    assert {rid: len((await bo.messages(rid)).messages) for rid in rooms} == dict.fromkeys(rooms, 3)
