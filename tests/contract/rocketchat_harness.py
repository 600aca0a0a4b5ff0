"""The contract suite over RocketChatBackend and the loopback Rocket.Chat server.

The loopback server serves Rocket.Chat's Omnichannel as an Enterprise server serves it, with the
organisation's units (tests/rocketchat/loopback/units.py) and its own permission grants, and no
routing engine of its own (Manual_Selection), so only the checks in `CHECKS` run here;
docs/rocketchat.md ("Contract suite") lists the others and why.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

from app.backends.contract import Backend, EventStream
from app.backends.events import Event
from app.backends.rocketchat.payloads import read_inquiry, read_message
from app.domain import Channel, Inquiry, Message, Role, Visitor
from tests.contract.events import delivered_so_far
from tests.contract.org import Org, OrgSpec
from tests.rocketchat.desk import Desks, settle
from tests.rocketchat.loopback import LoopbackRocketChat
from tests.rocketchat.loopback.fakes import FakeTime, MemoryKeyring
from tests.rocketchat.loopback.omnichannel import Omnichannel
from tests.rocketchat.loopback.omnichannel import Visitor as LoopbackVisitor
from tests.rocketchat.loopback.units import EnterpriseUnits

# The contract checks this harness runs (the loopback server does what they need).
CHECKS = frozenset({
    "test_take_moves_the_inquiry_to_my_chats",
    "test_messages_flow_both_ways_with_events",
    "test_messages_page_backwards",
    "test_a_page_cursor_from_another_chat_is_refused",
    "test_empty_message_is_refused",
    "test_oversized_message_is_refused_and_the_limit_itself_is_accepted",
    "test_markup_is_stored_literally",
    "test_only_the_serving_agent_writes",
    "test_a_draft_is_its_writers_and_goes_when_sent",
    "test_an_inquiry_is_announced_once_per_user",
    "test_new_inquiry_is_announced_only_to_its_department",
    "test_an_inquiry_is_taken_once",
    "test_take_is_refused_when_not_available",
    "test_close_with_comment_and_tags_lands_in_contact_history",
    "test_transfer_to_an_agent_keeps_history",
    "test_a_transferred_chat_is_no_longer_heard_by_its_former_agent",
    "test_transfer_to_a_department_requeues_the_chat",
    "test_a_transfer_to_an_agent_of_another_department_keeps_the_department",
    "test_transfer_to_an_unavailable_agent_is_refused",
    "test_unknown_targets_are_named_without_ids",
    "test_admin_cannot_set_agent_availability_for_themselves",
    # Supervisors: a monitor's units, their queue; an admin's queue holds every department's.
    "test_me_carries_roles_departments_and_units",
    "test_monitor_sees_the_queue_of_their_units",
    "test_a_monitor_who_is_not_an_agent_cannot_take",
    "test_queue_is_scoped_to_departments_plus_public",
})

_ROLES = {Role.AGENT: ("livechat-agent",), Role.MONITOR: ("livechat-monitor",), Role.ADMIN: ("admin",)}


class RocketChatHarness:
    can_move_time = False

    def __init__(self, server: LoopbackRocketChat, data_dir: Path, fake_time: FakeTime,
                 spec: OrgSpec) -> None:
        self._server = server
        # Enterprise: on hold, and the organisation's units below.
        self._omnichannel = Omnichannel(server, enterprise=True)
        numbers = iter(range(1, 10_000))
        self.org = Org.assign(spec, lambda kind: f"rc{kind}{next(numbers)}")
        for department in self.org.departments.values():
            self._omnichannel.add_department(department.name, department_id=department.id)
        for person in self.org.people.values():
            roles = ("user", *(name for role in person.roles for name in _ROLES[role]))
            user = self._omnichannel.add_agent(person.username, name=person.name, roles=roles,
                                               departments=self.org.department_ids_of(person.username))
            # The organisation's ids are the server's.
            self._server.state.users.pop(user.id)
            departments = self._omnichannel.agent_departments.pop(user.id, None)
            user.id = person.id
            self._server.state.users[user.id] = user
            if departments is not None:
                self._omnichannel.agent_departments[user.id] = departments
            user.status_livechat = self.org.describe(person.username).availability.value
        # The organisation's own grants, as its admin set them in Administration > Permissions.
        for permission, granted in spec.grants.items():
            self._omnichannel.permissions[permission.value] = sorted(granted)
        if self.org.units:
            # The organisation's units: the loopback serves them as an Enterprise server does.
            units = EnterpriseUnits(self._omnichannel)
            for unit in self.org.units.values():
                units.add_unit(unit.name, list(unit.department_ids), list(unit.monitor_ids), unit_id=unit.id)
        self._desks = Desks(server, data_dir, MemoryKeyring(), fake_time)
        self._visitors: dict[str, LoopbackVisitor] = {}

    @property
    def violations(self) -> list[str]:
        return self._omnichannel.violations

    async def sign_in(self, username: str) -> Backend:
        return await self._desks.sign_in(username)

    async def new_visitor(self, name: str, channel: Channel, address: str) -> Visitor:
        # The loopback's widget visitor, with their contact (the channel and address are the
        # widget's: the loopback serves no other channel).
        made = self._omnichannel.new_visitor(name)
        visitor = Visitor(id=made.id, name=name, channel=channel, address=address, contact_id=made.contact_id,
                          created_at=self._desks.fake_time_now())
        self._visitors[visitor.id] = made
        return visitor

    async def visitor_opens_chat(self, visitor: Visitor, text: str, department_id: str | None) -> Inquiry:
        _, inquiry_id = self._omnichannel.visitor_opens_chat(text, department_id=department_id,
                                                             visitor=self._visitors.get(visitor.id))
        await self._settled()
        return read_inquiry(self._omnichannel.inquiries[inquiry_id], endpoint="loopback")

    async def visitor_writes(self, chat_id: str, text: str) -> Message:
        message = read_message(self._omnichannel.visitor_writes(chat_id, text), endpoint="loopback")
        await self._settled()
        return message

    def advance(self, delta: timedelta) -> None:
        raise AssertionError("a Rocket.Chat server's clock cannot be moved")

    async def barrier(self, stream: EventStream) -> list[Event]:
        await self._settled()
        return delivered_so_far(stream)

    async def _settled(self) -> None:
        await settle(self._server, *self._desks.opened)
        await asyncio.sleep(0)

    async def close(self) -> None:
        await self._desks.close_all()
