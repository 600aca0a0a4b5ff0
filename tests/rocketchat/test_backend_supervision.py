"""A monitor (or manager) supervises over a Rocket.Chat server: the dashboard's unit, queue, chats
and agents land in the cache from `livechat/rooms`, `livechat/inquiries.list`, `livechat/users/agent`
and the streams, and stay readable offline. The loopback server is a Community server: no units, so
the monitor watches every department (app.backends.rocketchat.workspace)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date

import pytest

from app.backends.events import AgentStatusChanged, ChatAssigned, ChatClosed, InquiryQueued
from app.backends.rocketchat.backend import RocketChatBackend
from app.backends.rocketchat.workspace import WORKSPACE_UNIT_ID
from app.domain import AgentStatus, Availability, ChatStatus, UnitOverview
from app.errors import NotAllowed, NotFound, Refused
from app.policy import Action
from tests.rocketchat.desk import Desks, drain, settle
from tests.rocketchat.loopback import LoopbackRocketChat
from tests.rocketchat.loopback.omnichannel import Omnichannel

MONITOR = ("user", "livechat-monitor")


@dataclass
class Org:
    support: str
    sales: str


@pytest.fixture
def org(omnichannel: Omnichannel) -> Org:
    """Support (bo) and Sales (emil), and maya, a monitor who is no agent."""
    support, sales = omnichannel.add_department("Support"), omnichannel.add_department("Sales")
    omnichannel.add_agent("bo", departments=(support,), name="Bo Agent")
    omnichannel.add_agent("emil", departments=(sales,), name="Emil Agent")
    omnichannel.add_agent("maya", roles=MONITOR, name="Maya Monitor")
    return Org(support, sales)


async def the_unit(monitor: RocketChatBackend) -> UnitOverview:
    units = await monitor.supervised_units()
    assert [u.id for u in units] == [WORKSPACE_UNIT_ID]
    return await monitor.unit_overview(units[0].id)


def in_progress(overview: UnitOverview) -> dict[str, str | None]:
    """Chat id -> the agent serving it, of the unit's chats in progress."""
    return {c.chat.id: c.chat.served_by_name for c in overview.chats}


async def test_on_a_server_without_units_a_monitor_watches_every_departments_chats_and_queue(
        desks: Desks, omnichannel: Omnichannel, loopback: LoopbackRocketChat, org: Org) -> None:
    bo, emil = await desks.sign_in("bo"), await desks.sign_in("emil")
    support_chat, support_inquiry = omnichannel.visitor_opens_chat("Parcel?", department_id=org.support)
    sales_chat, sales_inquiry = omnichannel.visitor_opens_chat("Price?", department_id=org.sales)
    waiting_chat, waiting_inquiry = omnichannel.visitor_opens_chat("Anyone?", department_id=org.sales,
                                                                   name="Wanda Waits")
    await settle(loopback, bo, emil)
    await bo.take(support_inquiry)
    await emil.take(sales_inquiry)

    maya = await desks.sign_in("maya")

    assert Action.SUPERVISE in maya.capabilities()
    overview = await the_unit(maya)
    assert set(overview.unit.department_ids) == {org.support, org.sales}
    assert overview.unit.monitor_ids == ((await maya.me()).id,)
    assert in_progress(overview) == {support_chat: "Bo Agent", sales_chat: "Emil Agent"}
    assert [(i.id, i.chat_id, i.visitor_name) for i in overview.inquiries] == [
        (waiting_inquiry, waiting_chat, "Wanda Waits")]
    assert {q.department_id: q.waiting for q in overview.queues} == {org.support: 0, org.sales: 1}
    loads = {load.agent.username: load.agent.open_chats for load in overview.agents}
    assert loads == {"bo": 1, "emil": 1}


async def test_what_agents_do_reaches_the_monitors_cache(
        desks: Desks, omnichannel: Omnichannel, loopback: LoopbackRocketChat, org: Org) -> None:
    omnichannel.permissions["transfer-livechat-guest"] = ["admin", "livechat-agent", "livechat-manager",
                                                          "livechat-monitor"]
    bo, emil, maya = await desks.sign_in("bo"), await desks.sign_in("emil"), await desks.sign_in("maya")
    events = await maya.events()
    unit = await the_unit(maya)
    rid, inquiry_id = omnichannel.visitor_opens_chat("Parcel?", department_id=org.support)
    await settle(loopback, maya, bo)
    assert [i.id for i in (await the_unit(maya)).inquiries] == [inquiry_id]  # the queue's stream

    await bo.take(inquiry_id)  # the queue says taken: the monitor reads the rooms at once
    await settle(loopback, maya, bo)
    assert in_progress(await the_unit(maya)) == {rid: "Bo Agent"}
    assert any(isinstance(e, ChatAssigned) and e.chat.id == rid for e in drain(events))

    await bo.transfer(rid, to_agent_id=next(a.agent.id for a in unit.agents if a.agent.username == "emil"))
    await maya.refresh_supervision()  # the 30 s poll: no stream tells a monitor of others' rooms
    assert in_progress(await the_unit(maya)) == {rid: "Emil Agent"}

    await emil.close_chat(rid)
    await maya.refresh_supervision()
    assert in_progress(await the_unit(maya)) == {}
    assert any(isinstance(e, ChatClosed) and e.chat.id == rid for e in drain(events))
    assert (await maya.chat(rid)).status is ChatStatus.CLOSED


async def test_agents_presence_is_live_and_their_availability_comes_with_the_poll(
        desks: Desks, omnichannel: Omnichannel, loopback: LoopbackRocketChat, org: Org) -> None:
    bo, maya = await desks.sign_in("bo"), await desks.sign_in("maya")
    events = await maya.events()

    await bo.set_status(AgentStatus.AWAY)  # users.setStatus: everyone hears user-status
    await settle(loopback, maya, bo)
    statuses = {load.agent.username: load.agent.status for load in (await the_unit(maya)).agents}
    assert statuses["bo"] is AgentStatus.AWAY
    assert any(isinstance(e, AgentStatusChanged) and e.agent.username == "bo" for e in drain(events))

    await bo.set_availability(Availability.NOT_AVAILABLE)  # told to bo alone: read by the poll
    await settle(loopback, maya, bo)
    assert _availability(await the_unit(maya), "bo") is Availability.AVAILABLE
    await maya.refresh_supervision()
    assert _availability(await the_unit(maya), "bo") is Availability.NOT_AVAILABLE


def _availability(overview: UnitOverview, username: str) -> Availability:
    return next(load.agent.availability for load in overview.agents if load.agent.username == username)


async def test_a_poll_reads_only_what_changed_since_the_last_one(
        desks: Desks, omnichannel: Omnichannel, loopback: LoopbackRocketChat, org: Org) -> None:
    for number in range(150):  # more than a page (100) of open rooms
        omnichannel.visitor_opens_chat(f"Question {number}", department_id=org.support)
    maya = await desks.sign_in("maya")
    assert len((await the_unit(maya)).inquiries) == 150
    before = loopback.calls_to("GET livechat/rooms")
    await maya.refresh_supervision()
    assert loopback.calls_to("GET livechat/rooms") == before + 1  # newest change first: one page
    rid, _ = omnichannel.visitor_opens_chat("One more", department_id=org.support)
    await maya.refresh_supervision()
    assert loopback.calls_to("GET livechat/rooms") == before + 2
    assert (await maya.chat(rid)).status is ChatStatus.QUEUED


async def test_offline_the_dashboard_shows_what_the_cache_holds(
        desks: Desks, omnichannel: Omnichannel, loopback: LoopbackRocketChat, org: Org) -> None:
    bo = await desks.sign_in("bo")
    rid, inquiry_id = omnichannel.visitor_opens_chat("Parcel?", department_id=org.support)
    await settle(loopback, bo)
    await bo.take(inquiry_id)
    maya = await desks.sign_in("maya")
    assert in_progress(await the_unit(maya)) == {rid: "Bo Agent"}
    await maya.aclose()
    async with loopback.down():
        again = await desks.resume("maya")
        assert Action.SUPERVISE in again.capabilities()
        assert in_progress(await the_unit(again)) == {rid: "Bo Agent"}
        assert [load.agent.username for load in (await the_unit(again)).agents] == ["bo", "emil"]


async def test_a_chat_closed_while_the_monitor_was_away_leaves_their_dashboard_when_they_return(
        desks: Desks, omnichannel: Omnichannel, loopback: LoopbackRocketChat, org: Org) -> None:
    bo = await desks.sign_in("bo")
    rid, inquiry_id = omnichannel.visitor_opens_chat("Parcel?", department_id=org.support)
    await settle(loopback, bo)
    await bo.take(inquiry_id)
    maya = await desks.sign_in("maya")
    assert in_progress(await the_unit(maya)) == {rid: "Bo Agent"}
    await maya.aclose()
    await bo.close_chat(rid)
    again = await desks.resume("maya")
    await asyncio.wait_for(again.synced(), 10)
    assert in_progress(await the_unit(again)) == {}  # not open any more: read again (rooms.info)
    assert (await again.chat(rid)).status is ChatStatus.CLOSED


async def test_a_monitor_opening_a_chat_reads_its_messages_from_the_server(
        desks: Desks, omnichannel: Omnichannel, loopback: LoopbackRocketChat, org: Org) -> None:
    bo = await desks.sign_in("bo")
    rid, inquiry_id = omnichannel.visitor_opens_chat("My parcel never came.", department_id=org.support)
    await settle(loopback, bo)
    await bo.take(inquiry_id)
    await bo.send_message(rid, "Let me look.")
    maya = await desks.sign_in("maya")
    page = await maya.messages(rid)
    assert [m.text for m in page.messages] == ["My parcel never came.", "Let me look."]
    omnichannel.visitor_writes(rid, "Thanks!")
    page = await maya.messages(rid)  # the messages changed since (messages/get)
    assert [m.text for m in page.messages][-1] == "Thanks!"


async def test_a_monitor_gives_a_waiting_inquiry_to_an_available_agent(
        desks: Desks, omnichannel: Omnichannel, loopback: LoopbackRocketChat, org: Org) -> None:
    bo, emil, maya = await desks.sign_in("bo"), await desks.sign_in("emil"), await desks.sign_in("maya")
    rid, inquiry_id = omnichannel.visitor_opens_chat("Parcel?", department_id=org.support)
    await settle(loopback, maya, bo)
    assert Action.ASSIGN in maya.capabilities((await maya.chat(rid)).place)
    await emil.set_availability(Availability.NOT_AVAILABLE)
    with pytest.raises(Refused) as refused:
        await maya.assign(inquiry_id, (await emil.me()).id)
    assert refused.value.code == "agent-not-available" and "Emil Agent" in refused.value.message

    given = await maya.assign(inquiry_id, (await bo.me()).id)
    assert (given.id, given.served_by_id, given.status) == (rid, (await bo.me()).id, ChatStatus.OPEN)
    await settle(loopback, bo)
    assert rid in {c.id for c in await bo.my_chats()}
    with pytest.raises(NotFound):
        await maya.assign(inquiry_id, (await bo.me()).id)  # no longer waiting


async def test_an_agent_may_not_give_inquiries_and_reads_no_supervised_rooms(
        desks: Desks, omnichannel: Omnichannel, loopback: LoopbackRocketChat, org: Org) -> None:
    bo = await desks.sign_in("bo")
    _, inquiry_id = omnichannel.visitor_opens_chat("Parcel?", department_id=org.support)
    await settle(loopback, bo)
    assert Action.SUPERVISE not in bo.capabilities()
    assert await bo.supervised_units() == []
    with pytest.raises(NotAllowed):
        await bo.assign(inquiry_id, (await bo.me()).id)
    assert loopback.calls_to("GET livechat/rooms") == 0


async def test_without_view_livechat_rooms_a_monitor_is_offered_no_dashboard(
        desks: Desks, omnichannel: Omnichannel, loopback: LoopbackRocketChat, org: Org) -> None:
    omnichannel.permissions["view-livechat-rooms"] = ["admin", "livechat-manager"]
    maya = await desks.sign_in("maya")
    assert Action.SUPERVISE not in maya.capabilities()
    assert await maya.supervised_units() == []
    assert loopback.calls_to("GET livechat/rooms") == 0


async def test_a_manager_watches_every_department_too(
        desks: Desks, omnichannel: Omnichannel, loopback: LoopbackRocketChat, org: Org) -> None:
    omnichannel.add_agent("nina", roles=("user", "livechat-manager"), name="Nina Manager")
    rid, _ = omnichannel.visitor_opens_chat("Parcel?", department_id=org.sales)
    nina = await desks.sign_in("nina")
    overview = await the_unit(nina)
    assert overview.unit.monitor_ids == ()  # an admin watches every unit without being its monitor
    assert [i.chat_id for i in overview.inquiries] == [rid]


async def test_a_chat_served_and_closed_counts_in_the_units_day(
        desks: Desks, omnichannel: Omnichannel, loopback: LoopbackRocketChat, org: Org) -> None:
    bo, maya = await desks.sign_in("bo"), await desks.sign_in("maya")
    events = await maya.events()
    rid, inquiry_id = omnichannel.visitor_opens_chat("Parcel?", department_id=org.support)
    await settle(loopback, maya, bo)
    assert any(isinstance(e, InquiryQueued) for e in drain(events))
    await bo.take(inquiry_id)
    await bo.close_chat(rid)
    await maya.refresh_supervision()
    today = desks.fake_time_now().date()
    day = await maya.unit_day(WORKSPACE_UNIT_ID, today)
    assert sum(hour.started for hour in day.hours) == 1
    assert sum(hour.closed for hour in day.hours) == 1
    served = [hour for hour in day.hours if hour.wait_p50_s is not None]
    assert len(served) == 1  # its stay in the queue ended when it was taken
    assert isinstance(day.day, date)
