"""Closing a chat over a Rocket.Chat server (`livechat/room.closeByUser`), against the loopback
server's Rocket.Chat 8.x behaviour (tests/rocketchat/loopback/commands.py)."""

from __future__ import annotations

import pytest

from app.backends.events import ChatClosed
from app.domain import ChatStatus
from app.errors import NotAllowed, NotFound, Refused
from tests.rocketchat.desk import Desks, drain, settle
from tests.rocketchat.loopback import LoopbackRocketChat
from tests.rocketchat.loopback.omnichannel import Omnichannel
from tests.rocketchat.team import Team, serve_a_chat

CLOSE = "POST livechat/room.closeByUser"


@pytest.fixture
def team(omnichannel: Omnichannel) -> Team:
    return Team.on(omnichannel)


async def test_close_with_comment_and_tags_lands_in_the_closed_history(
        desks: Desks, team: Team, loopback: LoopbackRocketChat) -> None:
    bo = await desks.sign_in("bo")
    visitor = team.omnichannel.new_visitor("Iris Vale")
    rid = await serve_a_chat(bo, team, loopback, visitor=visitor, agent_writes="Found it.")
    stream = await bo.events()
    closed = await bo.close_chat(rid, comment=" Solved ", tags=["shipping", " ", "shipping", "vip"])
    assert closed.status is ChatStatus.CLOSED and closed.tags == ("shipping", "vip")
    assert rid not in {c.id for c in await bo.my_chats()}
    history = await bo.contact_history(visitor.contact_id)
    assert [(h.id, h.status, h.tags) for h in history] == [(rid, ChatStatus.CLOSED, ("shipping", "vip"))]
    chat = await bo.chat(rid)
    assert chat.close_comment == "Solved" and chat.closed_at is not None
    await settle(loopback, bo)
    assert [e.chat.id for e in drain(stream) if isinstance(e, ChatClosed)] == [rid]
    # What the server did: closed by bo, the tags kept, the comment in the closing message only.
    room = team.omnichannel.rooms[rid]
    assert "open" not in room and room["closedBy"]["_id"] == team.bo.id
    assert room["tags"] == ["shipping", "vip"]
    assert "closingMessage" not in room
    closing = team.omnichannel.messages_of(rid)[-1]
    assert (closing["t"], closing["msg"]) == ("livechat-close", "Solved")
    assert team.omnichannel.subscribers[rid] == set()
    with pytest.raises(Refused) as refused:
        await bo.send_message(rid, "one more thing")
    assert refused.value.code == "chat-closed"


async def test_closing_keeps_the_tags_the_chat_already_had(
        desks: Desks, team: Team, loopback: LoopbackRocketChat) -> None:
    # closeRoom's resolveChatTags: the tags given join the room's own.
    bo = await desks.sign_in("bo")
    rid = await serve_a_chat(bo, team, loopback)
    chat = await bo.chat(rid)
    await bo.update_chat_info(rid, topic="", tags=["vip"], priority=chat.priority)
    closed = await bo.close_chat(rid, tags=["shipping"])
    assert closed.tags == ("shipping", "vip")
    assert (await bo.chat(rid)).close_comment == ""


async def test_an_agent_cannot_close_another_agents_chat(
        desks: Desks, team: Team, loopback: LoopbackRocketChat) -> None:
    bo, cy = await desks.sign_in("bo"), await desks.sign_in("cy")
    rid = await serve_a_chat(bo, team, loopback)
    await settle(loopback, bo, cy)
    with pytest.raises((NotAllowed, NotFound)):
        await cy.close_chat(rid)
    assert loopback.calls_to(CLOSE) == 0
    assert team.omnichannel.rooms[rid].get("open") is True


async def test_the_server_refuses_a_close_by_whoever_no_longer_serves_the_chat(
        desks: Desks, team: Team, loopback: LoopbackRocketChat) -> None:
    # closeLivechatRoom: without a subscription, close-others-livechat-room ('error-not-authorized').
    bo = await desks.sign_in("bo")
    rid = await serve_a_chat(bo, team, loopback)
    # The chat went to Cy on the server and this desk missed it (a push lost on the way).
    room = team.omnichannel.rooms[rid]
    room["servedBy"] = {"_id": team.cy.id, "username": "cy", "ts": room["servedBy"]["ts"]}
    team.omnichannel.subscribers[rid] = {team.cy.id}
    with pytest.raises(NotAllowed) as refused:
        await bo.close_chat(rid)
    assert refused.value.message == "The server does not allow you closing the chat."
    assert refused.value.code == "error-not-authorized"
    assert team.omnichannel.rooms[rid].get("open") is True
    # The refusal made the desk read the chat again: it is no longer Bo's.
    assert rid not in {c.id for c in await bo.my_chats()}


async def test_the_server_refuses_a_close_without_close_livechat_room(
        desks: Desks, team: Team, loopback: LoopbackRocketChat) -> None:
    bo = await desks.sign_in("bo")
    rid = await serve_a_chat(bo, team, loopback)
    team.grant_unheard("close-livechat-room", "livechat-manager", "livechat-monitor", "admin")
    with pytest.raises(NotAllowed) as refused:
        await bo.close_chat(rid, comment="bye")
    assert refused.value.message.startswith("The server does not allow you")
    assert (await bo.chat(rid)).status is ChatStatus.OPEN
    assert rid in {c.id for c in await bo.my_chats()}


async def test_a_chat_closed_meanwhile_is_said_closed(
        desks: Desks, team: Team, loopback: LoopbackRocketChat) -> None:
    bo = await desks.sign_in("bo")
    rid = await serve_a_chat(bo, team, loopback)
    async with loopback.down():
        # The visitor closed it while this desk could not hear (livechat/room.close).
        room = team.omnichannel.rooms[rid]
        room.pop("open")
        room.update(closedAt=room["ts"])
    await bo.online()
    with pytest.raises(Refused) as refused:
        await bo.close_chat(rid)
    assert refused.value.code == "chat-closed"
    assert refused.value.message == "This chat is no longer open."
    # The refusal made the desk read the chat again.
    assert (await bo.chat(rid)).status is ChatStatus.CLOSED
