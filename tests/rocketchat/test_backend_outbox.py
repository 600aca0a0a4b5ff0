"""Messages written on a Rocket.Chat desk: shown at once, pending, sent in order exactly once,
whatever the link does meanwhile."""

from __future__ import annotations

import asyncio
from collections import Counter

import pytest

from app.backends.events import MessageAdded, MessageChanged
from app.backends.rocketchat.backend import RocketChatBackend
from app.domain import AuthorKind
from tests.rocketchat.desk import Desks, drain, settle
from tests.rocketchat.loopback import LoopbackRocketChat
from tests.rocketchat.loopback.omnichannel import Omnichannel


@pytest.fixture
async def serving(desks: Desks, omnichannel: Omnichannel) -> tuple[RocketChatBackend, str]:
    """bo serving one chat (room id)."""
    support = omnichannel.add_department("Support")
    omnichannel.add_agent("bo", departments=(support,), name="Bo Agent")
    rid, inquiry_id = omnichannel.visitor_opens_chat("Hi", department_id=support)
    bo = await desks.sign_in("bo")
    await bo.take(inquiry_id)
    return bo, rid


def agent_texts(omnichannel: Omnichannel, rid: str) -> list[str]:
    return [m["msg"] for m in omnichannel.messages_of(rid) if "token" not in m]


async def test_a_message_is_shown_at_once_then_sent_once(
        serving: tuple[RocketChatBackend, str], omnichannel: Omnichannel,
        loopback: LoopbackRocketChat) -> None:
    bo, rid = serving
    stream = await bo.events()
    sent = await bo.send_message(rid, "Hello, I am looking at it.")
    assert [m.id for m in (await bo.messages(rid)).messages][-1] == sent.id
    await settle(loopback, bo)
    assert agent_texts(omnichannel, rid) == ["Hello, I am looking at it."]
    assert omnichannel.messages_of(rid)[-1]["_id"] == sent.id  # the desk's own id, kept
    assert await bo.unsent() == {}
    events = drain(stream)
    added = [e.message for e in events if isinstance(e, MessageAdded)]
    mine = [m.id for m in added if m.author_kind is AuthorKind.AGENT]
    assert mine == [sent.id]
    assert any(isinstance(e, MessageChanged) and e.message.id == sent.id for e in events)


async def test_messages_written_while_the_server_is_down_wait_and_go_in_order(
        serving: tuple[RocketChatBackend, str], omnichannel: Omnichannel,
        loopback: LoopbackRocketChat) -> None:
    bo, rid = serving
    async with loopback.down():
        written = [await bo.send_message(rid, f"offline {n}") for n in range(5)]
        shown = (await bo.messages(rid)).messages
        assert [(m.id, m.pending) for m in shown[-5:]] == [(m.id, True) for m in written]
        assert await bo.unsent() == {m.id: "" for m in written}
    await asyncio.wait_for(bo.online(), 10)
    await settle(loopback, bo)
    assert agent_texts(omnichannel, rid) == [f"offline {n}" for n in range(5)]
    assert await bo.unsent() == {}
    shown = (await bo.messages(rid)).messages
    assert [m.text for m in shown] == ["Hi"] + [f"offline {n}" for n in range(5)]
    assert not any(m.pending for m in shown)


async def test_a_lost_answer_is_sent_again_and_kept_once(
        serving: tuple[RocketChatBackend, str], omnichannel: Omnichannel,
        loopback: LoopbackRocketChat) -> None:
    bo, rid = serving
    omnichannel.lose_next_answers = 1  # the server keeps it, then the socket drops before the answer
    sent = await bo.send_message(rid, "Did you get this?")
    for _ in range(100):
        await settle(loopback, bo)
        if not await bo.unsent():
            break
        await asyncio.sleep(0.02)
    assert await bo.unsent() == {}
    assert [m["_id"] for m in omnichannel.messages_of(rid)].count(sent.id) == 1
    assert [m.id for m in (await bo.messages(rid)).messages].count(sent.id) == 1


async def test_a_message_the_server_refuses_is_marked_with_why(
        serving: tuple[RocketChatBackend, str], omnichannel: Omnichannel,
        loopback: LoopbackRocketChat) -> None:
    bo, rid = serving
    omnichannel.rooms[rid].pop("open")  # closed on the server; the desk has not heard yet
    sent = await bo.send_message(rid, "Too late")
    await settle(loopback, bo)
    reasons = await bo.unsent()
    assert list(reasons) == [sent.id] and "Not allowed" in reasons[sent.id]
    assert agent_texts(omnichannel, rid) == []


async def until_sent(loopback: LoopbackRocketChat, bo: RocketChatBackend) -> dict[str, str]:
    """Settle until nothing waits in the outbox (refused messages stay, with why)."""
    for _ in range(200):
        await settle(loopback, bo)
        unsent = await bo.unsent()
        if all(unsent.values()):
            return unsent
        await asyncio.sleep(0.02)
    raise AssertionError(f"still waiting: {await bo.unsent()}")


async def test_a_send_the_server_swallowed_is_tried_again_and_kept_once(
        serving: tuple[RocketChatBackend, str], omnichannel: Omnichannel,
        loopback: LoopbackRocketChat) -> None:
    bo, rid = serving
    omnichannel.fail_next_sends = 1  # no result, not kept: only asking tells
    sent = await bo.send_message(rid, "Are you there?")
    assert await until_sent(loopback, bo) == {}
    assert omnichannel.sends_swallowed == 1
    assert [m["_id"] for m in omnichannel.messages_of(rid)].count(sent.id) == 1
    assert not next(m for m in (await bo.messages(rid)).messages if m.id == sent.id).pending


async def test_a_send_the_server_never_keeps_is_marked_and_the_next_still_goes(
        serving: tuple[RocketChatBackend, str], omnichannel: Omnichannel,
        loopback: LoopbackRocketChat) -> None:
    bo, rid = serving
    omnichannel.fail_next_sends = 5
    lost = await bo.send_message(rid, "This one the server drops")
    unsent = await until_sent(loopback, bo)
    assert unsent == {lost.id: "The server did not keep this message and gave no reason."}
    await bo.send_message(rid, "This one goes")
    assert await until_sent(loopback, bo) == unsent
    assert agent_texts(omnichannel, rid) == ["This one goes"]


async def test_a_long_outbox_is_sent_in_order_within_rocket_chats_send_limit(
        serving: tuple[RocketChatBackend, str], omnichannel: Omnichannel,
        loopback: LoopbackRocketChat) -> None:
    bo, rid = serving
    async with loopback.down():
        for n in range(12):
            await bo.send_message(rid, f"queued {n}")
    await asyncio.wait_for(bo.online(), 10)
    assert await until_sent(loopback, bo) == {}
    assert agent_texts(omnichannel, rid) == [f"queued {n}" for n in range(12)]
    # sendMessage may be called 5 times per second per user: the flush met the limit and waited.
    assert loopback.state.method_limiter is not None and loopback.state.method_limiter.refusals >= 1


async def test_the_link_dropped_again_and_again_while_both_sides_write_loses_and_doubles_nothing(
        serving: tuple[RocketChatBackend, str], omnichannel: Omnichannel,
        loopback: LoopbackRocketChat) -> None:
    # The "every 2 s for 60 s", scaled to its 30 drops, without waiting between them.
    bo, rid = serving
    written: list[str] = []
    for round_ in range(30):
        written.append((await bo.send_message(rid, f"agent {round_}")).id)
        omnichannel.visitor_writes(rid, f"visitor {round_}")
        loopback.drop_sockets()
        await asyncio.sleep(0)
    await asyncio.wait_for(bo.online(), 10)
    for _ in range(200):
        await settle(loopback, bo)
        if not await bo.unsent() and len(agent_texts(omnichannel, rid)) == 30:
            break
        await asyncio.sleep(0.02)
    on_server = [m["_id"] for m in omnichannel.messages_of(rid)]
    assert Counter(on_server).most_common(1)[0][1] == 1  # nothing doubled on the server
    assert agent_texts(omnichannel, rid) == [f"agent {n}" for n in range(30)]  # all, in order
    # The cache holds every message of both sides once.
    await settle(loopback, bo)
    cached = (await bo.messages(rid)).messages
    assert sorted(m.id for m in cached) == sorted(on_server)
    visitor = [m.text for m in cached if m.author_kind is AuthorKind.VISITOR]
    assert visitor == ["Hi"] + [f"visitor {n}" for n in range(30)]
    assert [m.text for m in cached if m.author_kind is AuthorKind.AGENT] == [f"agent {n}" for n in range(30)]


async def test_messages_queued_offline_survive_a_crash_and_are_sent_once(
        desks: Desks, serving: tuple[RocketChatBackend, str], omnichannel: Omnichannel,
        loopback: LoopbackRocketChat) -> None:
    bo, rid = serving
    async with loopback.down():
        written = [(await bo.send_message(rid, f"before the crash {n}")).id for n in range(3)]
        # "kill -9": the backend goes without sending anything (its tasks cancelled mid-way).
        await bo.aclose()
        again = await desks.resume("bo")
        assert [m.id for m in (await again.messages(rid)).messages][-3:] == written
        assert set(await again.unsent()) == set(written)
    await asyncio.wait_for(again.online(), 10)
    await settle(loopback, again)
    assert agent_texts(omnichannel, rid) == [f"before the crash {n}" for n in range(3)]
    assert [m["_id"] for m in omnichannel.messages_of(rid)][-3:] == written
    assert await again.unsent() == {}
