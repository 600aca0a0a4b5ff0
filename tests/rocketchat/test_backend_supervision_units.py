"""Supervision over an Enterprise Rocket.Chat server, whose units restrict a monitor (the loopback
server with units turned on: tests/rocketchat/loopback/units.py)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import pytest

from app.backends.events import Resynced
from app.backends.rocketchat.backend import RocketChatBackend
from app.backends.rocketchat.workspace import WORKSPACE_UNIT_ID
from app.domain import UnitOverview
from tests.rocketchat.desk import Desks, drain, settle
from tests.rocketchat.loopback import LoopbackRocketChat
from tests.rocketchat.loopback.omnichannel import Omnichannel
from tests.rocketchat.loopback.units import EnterpriseUnits


@dataclass
class Org:
    support: str
    billing: str
    sales: str
    maya: str


@pytest.fixture
def org(omnichannel: Omnichannel) -> Org:
    """Support and Billing (bo), Sales (emil); maya, a monitor (no agent, Rocket.Chat's default
    grants: she may not manage units or their monitors)."""
    support, billing, sales = (omnichannel.add_department(name) for name in ("Support", "Billing", "Sales"))
    omnichannel.add_agent("bo", departments=(support, billing), name="Bo Agent")
    omnichannel.add_agent("emil", departments=(sales,), name="Emil Agent")
    maya = omnichannel.add_agent("maya", roles=("user", "livechat-monitor"), name="Maya Monitor")
    return Org(support, billing, sales, maya.id)


def with_units(omnichannel: Omnichannel, org: Org) -> tuple[str, str]:
    units = EnterpriseUnits(omnichannel)
    care = units.add_unit("Customer Care", [org.support, org.billing], [org.maya])
    revenue = units.add_unit("Revenue", [org.sales], [])
    return care, revenue


async def overview_of(backend: RocketChatBackend, name: str) -> UnitOverview:
    unit = next(u for u in await backend.supervised_units() if u.name == name)
    return await backend.unit_overview(unit.id)


async def chats_served(desks: Desks, omnichannel: Omnichannel, loopback: LoopbackRocketChat,
                       org: Org) -> dict[str, str]:
    """A chat in progress in Support (bo's) and in Sales (emil's), and one waiting in each:
    department name -> room id."""
    bo, emil = await desks.sign_in("bo"), await desks.sign_in("emil")
    rooms: dict[str, str] = {}
    for name, department, agent in (("Support", org.support, bo), ("Sales", org.sales, emil)):
        rid, inquiry_id = omnichannel.visitor_opens_chat(f"About {name}", department_id=department)
        await settle(loopback, agent)
        await agent.take(inquiry_id)
        rooms[name] = rid
        waiting, _ = omnichannel.visitor_opens_chat(f"Still {name}", department_id=department)
        rooms[f"{name} waiting"] = waiting
    return rooms


async def test_on_an_enterprise_server_a_monitor_watches_their_units_only(
        desks: Desks, omnichannel: Omnichannel, loopback: LoopbackRocketChat, org: Org) -> None:
    care, _ = with_units(omnichannel, org)
    rooms = await chats_served(desks, omnichannel, loopback, org)
    maya = await desks.sign_in("maya")
    me = await maya.me()
    assert me.unit_ids == {care}
    assert me.unit_department_ids == {org.support, org.billing}
    assert [u.name for u in await maya.supervised_units()] == ["Customer Care"]
    overview = await overview_of(maya, "Customer Care")
    assert [c.chat.id for c in overview.chats] == [rooms["Support"]]
    assert [i.chat_id for i in overview.inquiries] == [rooms["Support waiting"]]
    assert {load.agent.username for load in overview.agents} == {"bo"}


async def test_a_manager_on_an_enterprise_server_watches_every_unit_by_its_name(
        desks: Desks, omnichannel: Omnichannel, loopback: LoopbackRocketChat, org: Org) -> None:
    with_units(omnichannel, org)
    omnichannel.add_agent("nina", roles=("user", "livechat-manager"), name="Nina Manager")
    rooms = await chats_served(desks, omnichannel, loopback, org)
    nina = await desks.sign_in("nina")
    units = await nina.supervised_units()
    assert [(u.name, set(u.department_ids)) for u in units] == [
        ("Customer Care", {org.support, org.billing}), ("Revenue", {org.sales})]
    revenue = await overview_of(nina, "Revenue")
    assert [c.chat.id for c in revenue.chats] == [rooms["Sales"]]
    assert [i.chat_id for i in revenue.inquiries] == [rooms["Sales waiting"]]


async def test_once_the_server_has_units_the_workspace_unit_goes(
        desks: Desks, omnichannel: Omnichannel, loopback: LoopbackRocketChat, org: Org) -> None:
    maya = await desks.sign_in("maya")
    assert [u.id for u in await maya.supervised_units()] == [WORKSPACE_UNIT_ID]
    stream = await maya.events()
    drain(stream)
    care, _ = with_units(omnichannel, org)  # the workspace gets the Enterprise license and units
    loopback.drop_sockets()  # the catch-up after the gap asks who she is again

    async def caught_up() -> None:
        async for event in stream:
            if isinstance(event, Resynced):
                return

    await asyncio.wait_for(caught_up(), 10)
    assert [u.id for u in await maya.supervised_units()] == [care]
    assert (await maya.me()).unit_department_ids == {org.support, org.billing}
