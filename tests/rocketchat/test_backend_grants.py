"""What the desk offers over a Rocket.Chat server follows the server's permission matrix: read at
sign-in (`permissions.listAll`), followed live (`permissions-changed`), kept for the next start."""

from __future__ import annotations

import asyncio

import pytest

from app.backends.events import Resynced
from app.backends.rocketchat.backend import RocketChatBackend
from app.policy import Action
from tests.rocketchat.desk import Desks, drain, settle
from tests.rocketchat.loopback import LoopbackRocketChat
from tests.rocketchat.loopback.omnichannel import Omnichannel

AGENT_AND_MANAGERS = ["admin", "livechat-agent", "livechat-manager", "livechat-monitor"]
MANAGERS = ["admin", "livechat-manager", "livechat-monitor"]


@pytest.fixture
def chat(omnichannel: Omnichannel) -> tuple[str, str]:
    """(room id, inquiry id) of a chat waiting in Support, where bo is an agent."""
    support = omnichannel.add_department("Support")
    omnichannel.add_agent("bo", departments=(support,), name="Bo Agent")
    return omnichannel.visitor_opens_chat("Hi", department_id=support)


async def offered(bo: RocketChatBackend, rid: str) -> frozenset[Action]:
    summary = next(c for c in await bo.my_chats() if c.id == rid)
    return bo.capabilities(summary.place)


async def test_with_rocket_chats_defaults_an_agent_closes_but_does_not_transfer(
        desks: Desks, chat: tuple[str, str]) -> None:
    rid, inquiry_id = chat
    bo = await desks.sign_in("bo")
    await bo.take(inquiry_id)
    can = await offered(bo, rid)
    assert Action.CLOSE in can and Action.HOLD in can
    assert Action.TRANSFER not in can  # transfer-livechat-guest: managers only, by default


async def test_the_servers_own_grants_decide_what_is_offered(
        desks: Desks, omnichannel: Omnichannel, chat: tuple[str, str]) -> None:
    rid, inquiry_id = chat
    omnichannel.permissions["transfer-livechat-guest"] = AGENT_AND_MANAGERS
    omnichannel.permissions["close-livechat-room"] = MANAGERS
    bo = await desks.sign_in("bo")
    await bo.take(inquiry_id)
    can = await offered(bo, rid)
    assert Action.TRANSFER in can
    assert Action.CLOSE not in can


async def test_a_grant_changed_on_the_server_is_followed_live_and_kept_for_the_next_start(
        desks: Desks, omnichannel: Omnichannel, loopback: LoopbackRocketChat, chat: tuple[str, str]) -> None:
    rid, inquiry_id = chat
    bo = await desks.sign_in("bo")
    await bo.take(inquiry_id)
    stream = await bo.events()
    omnichannel.set_permission("transfer-livechat-guest", AGENT_AND_MANAGERS)
    await settle(loopback, bo)
    assert Action.TRANSFER in await offered(bo, rid)
    assert any(isinstance(e, Resynced) for e in drain(stream))  # the desk asks again what to offer
    await bo.aclose()
    async with loopback.down():
        again = await desks.resume("bo")
        assert Action.TRANSFER in await offered(again, rid)  # from the cache, before the server answers
        await again.aclose()


async def test_a_permission_removed_on_the_server_is_offered_to_nobody(
        desks: Desks, omnichannel: Omnichannel, loopback: LoopbackRocketChat, chat: tuple[str, str]) -> None:
    rid, inquiry_id = chat
    bo = await desks.sign_in("bo")
    await bo.take(inquiry_id)
    loopback.push("stream-notify-logged", "permissions-changed", "removed", {"_id": "on-hold-livechat-room"})
    for _ in range(50):
        await settle(loopback, bo)
        if Action.HOLD not in await offered(bo, rid):
            break
        await asyncio.sleep(0.02)
    assert Action.HOLD not in await offered(bo, rid)
    assert Action.CLOSE in await offered(bo, rid)
