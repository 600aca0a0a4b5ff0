"""Transferring a chat over a Rocket.Chat server (`livechat/room.forward`), against the loopback
server's Rocket.Chat 8.x behaviour (tests/rocketchat/loopback/commands.py): to an agent, to a
department (Manual_Selection: back to its queue), and the refusals."""

from __future__ import annotations

import pytest

from app.backends.events import ChatAssigned, ChatUnassigned, InquiryQueued, MessageAdded
from app.domain import ChatStatus
from app.errors import InvalidInput, NotAllowed, NotFound, Refused
from tests.rocketchat.desk import Desks, drain, settle
from tests.rocketchat.loopback import LoopbackRocketChat
from tests.rocketchat.loopback.omnichannel import Omnichannel
from tests.rocketchat.team import Team, serve_a_chat

FORWARD = "POST livechat/room.forward"
MANAGERS = ("livechat-manager", "livechat-monitor", "admin")


@pytest.fixture
def team(omnichannel: Omnichannel) -> Team:
    return Team.on(omnichannel)


@pytest.fixture
def agents_transfer(team: Team) -> Team:
    """The server lets agents transfer too (Administration > Permissions), before anyone signs in."""
    team.grant("transfer-livechat-guest", *MANAGERS, "livechat-agent")
    return team


async def test_transfer_to_an_agent_moves_the_chat_and_keeps_its_history(
        desks: Desks, agents_transfer: Team, loopback: LoopbackRocketChat) -> None:
    team = agents_transfer
    bo, cy = await desks.sign_in("bo"), await desks.sign_in("cy")
    rid = await serve_a_chat(bo, team, loopback, agent_writes="Let me look.")
    bo_events, cy_events = await bo.events(), await cy.events()
    moved = await bo.transfer(rid, to_agent_id=team.cy.id, comment="Cy knows couriers")
    assert (moved.served_by_id, moved.status) == (team.cy.id, ChatStatus.OPEN)
    await settle(loopback, bo, cy)
    assert rid not in {c.id for c in await bo.my_chats()}
    assert rid in {c.id for c in await cy.my_chats()}
    assert [e.previous_agent_id for e in drain(bo_events) if isinstance(e, ChatAssigned)] == [team.bo.id]
    assert [e.previous_agent_id for e in drain(cy_events) if isinstance(e, ChatAssigned)] == [team.bo.id]
    chat = await cy.chat(rid)
    transfers = [(t.by_id, t.from_agent_id, t.to_agent_id, t.to_department_id, t.comment)
                 for t in chat.transfers]
    assert transfers == [(team.bo.id, team.bo.id, team.cy.id, None, "Cy knows couriers")]
    texts = [m.text for m in (await cy.messages(rid)).messages]
    assert texts[:2] == ["My parcel never came.", "Let me look."]
    # What the server did: Cy serves it, only Cy is subscribed, the transfer is in its history.
    room = team.omnichannel.rooms[rid]
    assert room["servedBy"]["_id"] == team.cy.id and team.omnichannel.subscribers[rid] == {team.cy.id}
    assert team.omnichannel.messages_of(rid)[-1]["t"] == "livechat_transfer_history"
    # Bo no longer hears the chat; Cy does.
    team.omnichannel.visitor_writes(rid, "Thanks!")
    await settle(loopback, bo, cy)
    assert not [e for e in drain(bo_events) if isinstance(e, MessageAdded)]
    assert [e.message.text for e in drain(cy_events) if isinstance(e, MessageAdded)] == ["Thanks!"]
    with pytest.raises(NotAllowed):
        await bo.messages(rid)


async def test_transfer_to_a_department_puts_the_chat_back_in_its_queue(
        desks: Desks, agents_transfer: Team, loopback: LoopbackRocketChat) -> None:
    team = agents_transfer
    bo, dee = await desks.sign_in("bo"), await desks.sign_in("dee")
    rid = await serve_a_chat(bo, team, loopback)
    bo_events, dee_events = await bo.events(), await dee.events()
    await bo.transfer(rid, to_department_id=team.sales)
    await settle(loopback, bo, dee)
    assert [e.chat_id for e in drain(bo_events) if isinstance(e, ChatUnassigned)] == [rid]
    assert rid not in {c.id for c in await bo.my_chats()}
    queued = [e.inquiry for e in drain(dee_events) if isinstance(e, InquiryQueued)]
    assert [(i.chat_id, i.department_id) for i in queued] == [(rid, team.sales)]
    taken = await dee.take(queued[0].id)
    assert (taken.served_by_id, taken.department_id) == (team.dee.id, team.sales)
    transfers = (await dee.chat(rid)).transfers
    said = [(t.by_id, t.to_agent_id, t.to_department_id) for t in transfers]
    assert said == [(team.bo.id, None, team.sales)]


async def test_an_agent_without_the_permission_is_refused_here(
        desks: Desks, team: Team, loopback: LoopbackRocketChat) -> None:
    # Rocket.Chat's default: agents lack transfer-livechat-guest; the desk knows it and asks nothing.
    bo = await desks.sign_in("bo")
    rid = await serve_a_chat(bo, team, loopback)
    with pytest.raises(NotAllowed):
        await bo.transfer(rid, to_agent_id=team.cy.id)
    assert loopback.calls_to(FORWARD) == 0
    assert team.omnichannel.rooms[rid]["servedBy"]["_id"] == team.bo.id


async def test_a_permission_taken_back_is_refused_by_the_server_and_said(
        desks: Desks, agents_transfer: Team, loopback: LoopbackRocketChat) -> None:
    team = agents_transfer
    bo = await desks.sign_in("bo")
    rid = await serve_a_chat(bo, team, loopback)
    # The admin takes it back after Bo signed in, and Bo's desk misses the news.
    team.grant_unheard("transfer-livechat-guest", *MANAGERS)
    with pytest.raises(NotAllowed) as refused:
        await bo.transfer(rid, to_agent_id=team.cy.id)
    assert refused.value.code == "transfer-not-permitted"
    assert "transfer-livechat-guest" in refused.value.message
    assert loopback.calls_to(FORWARD) == 1
    chat = await bo.chat(rid)
    assert (chat.served_by_id, chat.status, chat.transfers) == (team.bo.id, ChatStatus.OPEN, ())
    assert team.omnichannel.rooms[rid]["servedBy"]["_id"] == team.bo.id


async def test_an_agent_who_is_not_online_cannot_be_given_the_chat(
        desks: Desks, agents_transfer: Team, loopback: LoopbackRocketChat) -> None:
    # forwardRoomToAgent: 'error-user-is-offline' (Cy has not signed in: not logged in over DDP).
    team = agents_transfer
    bo = await desks.sign_in("bo")
    rid = await serve_a_chat(bo, team, loopback)
    with pytest.raises(Refused) as refused:
        await bo.transfer(rid, to_agent_id=team.cy.id)
    assert refused.value.code == "agent-not-available"
    assert refused.value.message == ("Cy Agent is not online and available to take chats: "
                                     "choose an agent who is.")
    assert (await bo.chat(rid)).served_by_id == team.bo.id


async def test_targets_are_checked_here_first(
        desks: Desks, agents_transfer: Team, loopback: LoopbackRocketChat) -> None:
    team = agents_transfer
    bo = await desks.sign_in("bo")
    rid = await serve_a_chat(bo, team, loopback)
    with pytest.raises(InvalidInput):
        await bo.transfer(rid)
    with pytest.raises(NotFound) as unknown:
        await bo.transfer(rid, to_agent_id="no-such-agent-17")
    assert "no-such-agent-17" not in unknown.value.message
    with pytest.raises(NotFound):
        await bo.transfer(rid, to_department_id="no-such-department-17")
    with pytest.raises(Refused) as same:
        await bo.transfer(rid, to_agent_id=team.bo.id)
    assert same.value.code == "transfer-same-agent"
    assert loopback.calls_to(FORWARD) == 0


async def test_the_department_the_chat_is_in_is_refused_by_the_server(
        desks: Desks, agents_transfer: Team, loopback: LoopbackRocketChat) -> None:
    # forwardRoomToDepartment: 'error-forwarding-chat-same-department'.
    team = agents_transfer
    bo = await desks.sign_in("bo")
    rid = await serve_a_chat(bo, team, loopback)
    with pytest.raises(Refused) as refused:
        await bo.transfer(rid, to_department_id=team.support)
    assert (refused.value.code, refused.value.message) == ("transfer-same-department",
                                                           "The chat is already in Support.")
    assert (await bo.chat(rid)).served_by_id == team.bo.id


async def test_an_agent_outside_the_department_named_is_refused(
        desks: Desks, agents_transfer: Team, loopback: LoopbackRocketChat) -> None:
    team = agents_transfer
    bo, cy = await desks.sign_in("bo"), await desks.sign_in("cy")
    rid = await serve_a_chat(bo, team, loopback)
    await settle(loopback, bo, cy)
    with pytest.raises(Refused) as refused:
        await bo.transfer(rid, to_agent_id=team.cy.id, to_department_id=team.sales)
    assert refused.value.code == "agent-not-in-department"
    assert refused.value.message == "Cy Agent is not in Sales: choose one of the department's agents."
