"""Edits and deletions of a chat's messages on a Rocket.Chat server reach the desk: live, and
after a gap in the link (caught up with `messages/get` since the last change seen)."""

from __future__ import annotations

import asyncio

import pytest

from app.backends.bus import Subscription
from app.backends.events import MessageChanged, Resynced
from app.backends.rocketchat.backend import RocketChatBackend
from tests.rocketchat.desk import Desks, drain, settle
from tests.rocketchat.loopback import LoopbackRocketChat
from tests.rocketchat.loopback.omnichannel import Omnichannel


@pytest.fixture
async def serving(desks: Desks, omnichannel: Omnichannel, loopback: LoopbackRocketChat
                  ) -> tuple[RocketChatBackend, str]:
    """bo serving one chat (room id) in which the visitor wrote twice."""
    support = omnichannel.add_department("Support")
    omnichannel.add_agent("bo", departments=(support,), name="Bo Agent")
    rid, inquiry_id = omnichannel.visitor_opens_chat("Hi", department_id=support)
    omnichannel.visitor_writes(rid, "My order is 1234")
    bo = await desks.sign_in("bo")
    await bo.take(inquiry_id)
    await settle(loopback, bo)
    return bo, rid


def server_id(omnichannel: Omnichannel, rid: str, text: str) -> str:
    return str(next(m["_id"] for m in omnichannel.messages_of(rid) if m["msg"] == text))


async def shown(bo: RocketChatBackend, rid: str) -> list[tuple[str, bool, bool]]:
    """(text, edited, deleted) of each message the desk shows, oldest first."""
    return [(m.text, m.edited_at is not None, m.deleted_at is not None)
            for m in (await bo.messages(rid)).messages]


async def until_resynced(bo: RocketChatBackend, loopback: LoopbackRocketChat, stream: Subscription) -> None:
    for _ in range(100):
        await settle(loopback, bo)
        if any(isinstance(e, Resynced) for e in stream.take_pending()):
            await settle(loopback, bo)
            return
        await asyncio.sleep(0.05)
    raise AssertionError("no Resynced after the gap")


async def test_an_edit_and_a_deletion_on_the_server_reach_the_desk_live(
        serving: tuple[RocketChatBackend, str], omnichannel: Omnichannel,
        loopback: LoopbackRocketChat) -> None:
    bo, rid = serving
    stream = await bo.events()
    omnichannel.edit_message(rid, server_id(omnichannel, rid, "My order is 1234"), "My order is 1243",
                             by="visitor")
    await settle(loopback, bo)
    omnichannel.delete_message(rid, server_id(omnichannel, rid, "Hi"))
    await settle(loopback, bo)
    assert await shown(bo, rid) == [("", False, True), ("My order is 1243", True, False)]
    changed = [e.message for e in drain(stream) if isinstance(e, MessageChanged)]
    assert [(m.text, m.deleted_at is not None) for m in changed] == [("My order is 1243", False), ("", True)]


async def test_edits_and_deletions_made_during_a_gap_are_caught_up(
        serving: tuple[RocketChatBackend, str], omnichannel: Omnichannel,
        loopback: LoopbackRocketChat) -> None:
    bo, rid = serving
    stream = await bo.events()
    async with loopback.down():
        omnichannel.edit_message(rid, server_id(omnichannel, rid, "My order is 1234"), "Order 1243, sorry",
                                 by="visitor")
        omnichannel.delete_message(rid, server_id(omnichannel, rid, "Hi"))
        omnichannel.visitor_writes(rid, "Still there?")
    await until_resynced(bo, loopback, stream)
    assert await shown(bo, rid) == [("", False, True), ("Order 1243, sorry", True, False),
                                    ("Still there?", False, False)]
    # Caught up once: a second gap with nothing new changes nothing.
    async with loopback.down():
        pass
    await until_resynced(bo, loopback, stream)
    assert not [e for e in drain(stream) if isinstance(e, MessageChanged)]


async def test_a_gap_never_fills_the_cache_with_old_messages_it_did_not_keep(
        desks: Desks, omnichannel: Omnichannel, loopback: LoopbackRocketChat) -> None:
    support = omnichannel.add_department("Support")
    omnichannel.add_agent("bo", departments=(support,), name="Bo Agent")
    rid, inquiry_id = omnichannel.visitor_opens_chat("message 0", department_id=support)
    for n in range(1, 60):
        omnichannel.visitor_writes(rid, f"message {n}")
    bo = await desks.sign_in("bo")
    await bo.take(inquiry_id)
    await settle(loopback, bo)
    kept = [m.text for m in (await bo.messages(rid)).messages]
    assert kept == [f"message {n}" for n in range(10, 60)]  # the newest 50 are read first
    stream = await bo.events()
    async with loopback.down():
        omnichannel.edit_message(rid, server_id(omnichannel, rid, "message 3"), "message 3, edited",
                                 by="visitor")
        omnichannel.edit_message(rid, server_id(omnichannel, rid, "message 30"), "message 30, edited",
                                 by="visitor")
    await until_resynced(bo, loopback, stream)
    texts = [m.text for m in (await bo.messages(rid)).messages]
    assert texts == [f"message {n}" if n != 30 else "message 30, edited" for n in range(10, 60)]
