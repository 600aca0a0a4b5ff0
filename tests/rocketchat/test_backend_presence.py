"""An agent's availability (`livechat/agent.status`: Rocket.Chat's `statusLivechat`) and status
(`users.setStatus`) over a Rocket.Chat server, against the loopback server's Rocket.Chat 8.x
behaviour (tests/rocketchat/loopback/commands.py).

Rocket.Chat keeps the two apart: `livechat/agent.status` sets only whether the agent takes chats;
whether they are online is their DDP presence (logged in over the realtime link), which taking a
chat needs too ('error-agent-status-service-offline')."""

from __future__ import annotations

import pytest

from app.domain import AgentStatus, Availability, ChatStatus
from app.errors import InvalidInput, NotAllowed, Refused
from tests.rocketchat.desk import Desks, settle
from tests.rocketchat.loopback import LoopbackRocketChat
from tests.rocketchat.loopback.omnichannel import Omnichannel
from tests.rocketchat.team import Team

AGENT_STATUS = "POST livechat/agent.status"


@pytest.fixture
def team(omnichannel: Omnichannel) -> Team:
    return Team.on(omnichannel)


async def test_availability_off_and_on(desks: Desks, team: Team, loopback: LoopbackRocketChat) -> None:
    bo = await desks.sign_in("bo")
    away = await bo.set_availability(Availability.NOT_AVAILABLE)
    assert away.availability is Availability.NOT_AVAILABLE
    assert team.bo.status_livechat == "not-available"
    _, inquiry_id = team.omnichannel.visitor_opens_chat("Hello?", department_id=team.support)
    await settle(loopback, bo)
    with pytest.raises(Refused) as refused:
        await bo.take(inquiry_id)
    assert refused.value.code == "agent-not-available"
    back = await bo.set_availability(Availability.AVAILABLE)
    assert back.availability is Availability.AVAILABLE and team.bo.status_livechat == "available"
    assert (await bo.take(inquiry_id)).status is ChatStatus.OPEN


async def test_availability_is_said_once_more_without_changing(
        desks: Desks, team: Team, loopback: LoopbackRocketChat) -> None:
    # agent.status with the status the agent has: answered with it, nothing changes (no toggle,
    # as the desk always names the status).
    bo = await desks.sign_in("bo")
    again = await bo.set_availability(Availability.AVAILABLE)
    assert again.availability is Availability.AVAILABLE and team.bo.status_livechat == "available"
    assert loopback.calls_to(AGENT_STATUS) == 1


async def test_availability_is_refused_while_business_hours_are_closed(
        desks: Desks, team: Team, loopback: LoopbackRocketChat) -> None:
    bo = await desks.sign_in("bo")
    await bo.set_availability(Availability.NOT_AVAILABLE)
    team.omnichannel.commands.hours_closed_for.add(team.bo.id)
    with pytest.raises(Refused) as refused:
        await bo.set_availability(Availability.AVAILABLE)
    assert refused.value.code == "business-hours-closed"
    assert refused.value.message == ("Business hours are closed for Bo Agent's departments: you can become "
                                     "available when they open.")
    assert team.bo.status_livechat == "not-available"
    mine = next(a for a in await bo.agents() if a.id == team.bo.id)
    assert mine.availability is Availability.NOT_AVAILABLE


async def test_a_monitor_has_no_availability(desks: Desks, team: Team) -> None:
    team.omnichannel.add_agent("maya", name="Maya Monitor", roles=("user", "livechat-monitor"))
    maya = await desks.sign_in("maya")
    with pytest.raises(NotAllowed):
        await maya.set_availability(Availability.AVAILABLE)


async def test_status_away_and_back(desks: Desks, team: Team) -> None:
    bo = await desks.sign_in("bo")
    assert (await bo.set_status(AgentStatus.AWAY)).status is AgentStatus.AWAY
    assert team.bo.status == "away"
    assert (await bo.set_status(AgentStatus.ONLINE)).status is AgentStatus.ONLINE
    assert team.bo.status == "online"
    with pytest.raises(InvalidInput):
        await bo.set_status(AgentStatus.OFFLINE)
    assert team.bo.status == "online"
