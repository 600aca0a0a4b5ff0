"""Hold and resume (Rocket.Chat Enterprise's `livechat/room.onHold`, `room.resumeOnHold`) and a
chat's details (`livechat/room.saveInfo`) over a Rocket.Chat server, against the loopback
server's Rocket.Chat 8.x behaviour (tests/rocketchat/loopback/commands.py)."""

from __future__ import annotations

import pytest

from app.backends.events import ChatHoldChanged, ChatInfoChanged
from app.domain import ChatStatus, Priority
from app.errors import NotAllowed, NotFound, Refused
from tests.rocketchat.desk import Desks, drain, settle
from tests.rocketchat.loopback import LoopbackRocketChat
from tests.rocketchat.loopback.omnichannel import Omnichannel
from tests.rocketchat.team import Team, serve_a_chat

ON_HOLD = "POST livechat/room.onHold"


@pytest.fixture
def team(omnichannel: Omnichannel) -> Team:
    return Team.on(omnichannel)


@pytest.fixture
def enterprise(team: Team) -> Team:
    """The server has Rocket.Chat Enterprise's Omnichannel (on hold is one of its features)."""
    team.omnichannel.enterprise = True
    return team


async def test_hold_and_resume(desks: Desks, enterprise: Team, loopback: LoopbackRocketChat) -> None:
    team = enterprise
    bo = await desks.sign_in("bo")
    rid = await serve_a_chat(bo, team, loopback, agent_writes="One moment, I am asking the courier.")
    stream = await bo.events()
    held = await bo.put_on_hold(rid)
    assert held.status is ChatStatus.ON_HOLD
    assert team.omnichannel.rooms[rid]["onHold"] is True
    assert rid in {c.id for c in await bo.my_chats()}  # a chat on hold stays the agent's
    with pytest.raises(Refused) as refused:
        await bo.send_message(rid, "still there?")
    assert refused.value.code == "chat-on-hold"
    resumed = await bo.resume(rid)
    assert resumed.status is ChatStatus.OPEN
    assert "onHold" not in team.omnichannel.rooms[rid]
    await settle(loopback, bo)
    assert [e.chat.status for e in drain(stream) if isinstance(e, ChatHoldChanged)] == [
        ChatStatus.ON_HOLD, ChatStatus.OPEN]
    kinds = [m.get("t") for m in team.omnichannel.messages_of(rid)]
    assert kinds[-2:] == ["omnichannel_placed_chat_on_hold", "omnichannel_on_hold_chat_resumed"]


async def test_a_chat_the_visitor_wrote_last_is_not_put_on_hold(
        desks: Desks, enterprise: Team, loopback: LoopbackRocketChat) -> None:
    # placeRoomOnHold: 'error-contact-sent-last-message-so-cannot-place-on-hold'.
    team = enterprise
    bo = await desks.sign_in("bo")
    rid = await serve_a_chat(bo, team, loopback)  # the visitor's words are the last
    with pytest.raises(Refused) as refused:
        await bo.put_on_hold(rid)
    assert refused.value.code == "visitor-wrote-last"
    assert refused.value.message == "The visitor wrote last: answer them before putting the chat on hold."
    assert (await bo.chat(rid)).status is ChatStatus.OPEN
    assert "onHold" not in team.omnichannel.rooms[rid]


async def test_resuming_a_chat_not_on_hold_is_refused(
        desks: Desks, enterprise: Team, loopback: LoopbackRocketChat) -> None:
    team = enterprise
    bo = await desks.sign_in("bo")
    rid = await serve_a_chat(bo, team, loopback, agent_writes="Hello")
    with pytest.raises(Refused):
        await bo.resume(rid)


async def test_a_community_server_has_no_hold(desks: Desks, team: Team, loopback: LoopbackRocketChat) -> None:
    # The license middleware: 'This is an enterprise feature [error-action-not-allowed]'.
    bo = await desks.sign_in("bo")
    rid = await serve_a_chat(bo, team, loopback, agent_writes="One moment.")
    with pytest.raises(Refused) as refused:
        await bo.put_on_hold(rid)
    assert refused.value.code == "enterprise-only"
    assert refused.value.message == ("The server does not offer putting chats on hold: it needs "
                                     "Rocket.Chat Enterprise.")
    assert loopback.calls_to(ON_HOLD) == 1
    assert (await bo.chat(rid)).status is ChatStatus.OPEN


async def test_details_are_saved_on_the_server(
        desks: Desks, team: Team, loopback: LoopbackRocketChat) -> None:
    bo = await desks.sign_in("bo")
    rid = await serve_a_chat(bo, team, loopback)
    stream = await bo.events()
    chat = await bo.update_chat_info(rid, topic="  Lost   parcel ", tags=["vip", "shipping", "vip"],
                                     priority=Priority.NOT_SPECIFIED)
    assert (chat.topic, chat.tags) == ("Lost parcel", ("vip", "shipping"))
    room = team.omnichannel.rooms[rid]
    assert (room["topic"], room["tags"]) == ("Lost parcel", ["vip", "shipping"])
    await settle(loopback, bo)
    assert [e.chat.tags for e in drain(stream) if isinstance(e, ChatInfoChanged)] == [("vip", "shipping")]
    renamed = await bo.update_chat_info(rid, topic="Refund", tags=["vip", "shipping"],
                                        priority=Priority.NOT_SPECIFIED)
    assert (renamed.topic, room["topic"]) == ("Refund", "Refund")
    # saveRoomById: an empty topic and no tags are unset.
    cleared = await bo.update_chat_info(rid, topic=" ", tags=[], priority=Priority.NOT_SPECIFIED)
    assert (cleared.topic, cleared.tags) == ("", ())
    assert "topic" not in room and "tags" not in room


async def test_another_agents_details_are_not_saved(
        desks: Desks, team: Team, loopback: LoopbackRocketChat) -> None:
    bo, cy = await desks.sign_in("bo"), await desks.sign_in("cy")
    rid = await serve_a_chat(bo, team, loopback)
    await settle(loopback, bo, cy)
    with pytest.raises((NotAllowed, NotFound)):
        await cy.update_chat_info(rid, topic="mine", tags=[], priority=Priority.NOT_SPECIFIED)
    assert loopback.calls_to("POST livechat/room.saveInfo") == 0
    assert "topic" not in team.omnichannel.rooms[rid]


async def test_the_server_refuses_details_of_a_chat_no_longer_served(
        desks: Desks, team: Team, loopback: LoopbackRocketChat) -> None:
    # saveInfo: another's room needs save-others-livechat-room-info (403 'unauthorized').
    bo = await desks.sign_in("bo")
    rid = await serve_a_chat(bo, team, loopback)
    room = team.omnichannel.rooms[rid]
    room["servedBy"] = {"_id": team.cy.id, "username": "cy", "ts": room["servedBy"]["ts"]}  # missed here
    with pytest.raises(NotAllowed) as refused:
        await bo.update_chat_info(rid, topic="mine", tags=[], priority=Priority.NOT_SPECIFIED)
    assert refused.value.message == "The server does not allow you saving the chat's details."
    assert "topic" not in room
