"""An agent's commands while the Rocket.Chat server cannot be reached: each says Offline, changes
nothing in the cache, and is not sent later (only messages wait in the outbox)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from app.backends.rocketchat.backend import RocketChatBackend
from app.domain import AgentStatus, Availability, ChatStatus, Priority
from app.errors import Offline
from tests.rocketchat.desk import Desks, settle
from tests.rocketchat.loopback import LoopbackRocketChat
from tests.rocketchat.loopback.omnichannel import Omnichannel
from tests.rocketchat.team import Team, serve_a_chat

Command = Callable[[RocketChatBackend, str, Team], Awaitable[object]]

COMMANDS: dict[str, tuple[str, Command]] = {
    "close": ("POST livechat/room.closeByUser",
              lambda bo, rid, team: bo.close_chat(rid, comment="Solved", tags=["vip"])),
    "transfer": ("POST livechat/room.forward",
                 lambda bo, rid, team: bo.transfer(rid, to_agent_id=team.cy.id)),
    "hold": ("POST livechat/room.onHold", lambda bo, rid, team: bo.put_on_hold(rid)),
    "details": ("POST livechat/room.saveInfo",
                lambda bo, rid, team: bo.update_chat_info(rid, topic="Refund", tags=["vip"],
                                                          priority=Priority.NOT_SPECIFIED)),
    "availability": ("POST livechat/agent.status",
                     lambda bo, rid, team: bo.set_availability(Availability.NOT_AVAILABLE)),
    "status": ("POST users.setStatus", lambda bo, rid, team: bo.set_status(AgentStatus.AWAY)),
}


@pytest.fixture
def team(omnichannel: Omnichannel) -> Team:
    team = Team.on(omnichannel)
    team.omnichannel.enterprise = True
    team.grant("transfer-livechat-guest", "livechat-manager", "livechat-monitor", "admin", "livechat-agent")
    return team


@pytest.mark.parametrize("name", sorted(COMMANDS))
async def test_a_command_while_the_server_is_down_says_offline_and_changes_nothing(
        name: str, desks: Desks, team: Team, loopback: LoopbackRocketChat) -> None:
    route, command = COMMANDS[name]
    bo = await desks.sign_in("bo")
    await desks.sign_in("cy")
    rid = await serve_a_chat(bo, team, loopback, agent_writes="One moment.")
    before_chat = await bo.chat(rid)
    before_me = next(a for a in await bo.agents() if a.id == team.bo.id)
    async with loopback.down():
        with pytest.raises(Offline) as offline:
            await command(bo, rid, team)
        assert "cannot be reached" in offline.value.message
        assert await bo.chat(rid) == before_chat
        assert next(a for a in await bo.agents() if a.id == team.bo.id) == before_me
    await bo.online()
    await settle(loopback, bo)
    assert loopback.calls_to(route) == 0  # not queued: nothing went once the server was back
    after = await bo.chat(rid)
    assert (after.status, after.served_by_id, after.topic, after.tags, after.transfers) == (
        ChatStatus.OPEN, team.bo.id, before_chat.topic, before_chat.tags, ())


async def test_resume_while_the_server_is_down_says_offline(
        desks: Desks, team: Team, loopback: LoopbackRocketChat) -> None:
    bo = await desks.sign_in("bo")
    rid = await serve_a_chat(bo, team, loopback, agent_writes="One moment.")
    await bo.put_on_hold(rid)
    async with loopback.down():
        with pytest.raises(Offline):
            await bo.resume(rid)
        assert (await bo.chat(rid)).status is ChatStatus.ON_HOLD
    await bo.online()
    await settle(loopback, bo)
    assert loopback.calls_to("POST livechat/room.resumeOnHold") == 0
    assert team.omnichannel.rooms[rid]["onHold"] is True
