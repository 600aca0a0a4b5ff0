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
from app.domain import AuthorKind, ChatStatus, Role
from tests.rocketchat.desk import Desks, drain, settle
from tests.rocketchat.loopback import LoopbackRocketChat
from tests.rocketchat.loopback.omnichannel import QUEUE_STREAM, Omnichannel


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
        assert seen[0] == again.connection or isinstance(seen[0], ConnectionChanged)
        assert isinstance(seen[0], ConnectionChanged) and seen[0].state is ConnectionState.CONNECTING
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
