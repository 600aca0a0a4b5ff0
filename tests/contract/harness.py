"""What the contract suite needs from each backend under test, beyond the `Backend` itself.

A harness builds the described organisation its own way and says which ids it gave (`org`), signs
people in, plays the visitor side, moves time if it can, and proves when an event stream holds
everything delivered so far (`barrier`). The same tests then run against every harness.
"""

from __future__ import annotations

import itertools
import sqlite3
from datetime import timedelta
from typing import Protocol

import pytest

from app.backends.contract import Backend, EventStream
from app.backends.embedded import EmbeddedBackend, EmbeddedEngine
from app.backends.events import Event
from app.clock import ManualClock
from app.domain import Availability, Channel, Inquiry, Message, Role, Visitor
from app.policy.permissions import SETTING_PREFIX
from app.store import Database, canned, contacts, organisation
from tests.contract.events import delivered_so_far
from tests.contract.org import Org, OrgSpec
from tests.fakes import FakeBackend, FakeDesk


class DeskHarness(Protocol):
    @property
    def org(self) -> Org:
        """The organisation with this harness's ids: tests look every id up here."""
        ...

    @property
    def can_move_time(self) -> bool:
        """Whether `advance` works (a remote server's clock cannot be moved)."""
        ...

    async def sign_in(self, username: str) -> Backend: ...

    async def new_visitor(self, name: str, channel: Channel, address: str) -> Visitor: ...

    async def visitor_opens_chat(
        self, visitor: Visitor, text: str, department_id: str | None
    ) -> Inquiry: ...

    async def visitor_writes(self, chat_id: str, text: str) -> Message: ...

    def advance(self, delta: timedelta) -> None: ...

    async def barrier(self, stream: EventStream) -> list[Event]:
        """Every event `stream` has delivered up to now and not yet handed out. Complete because
        the harness knows everything done so far has reached the stream, not because it went
        quiet for a while."""
        ...

    async def close(self) -> None: ...


def needs_moving_time(desk: DeskHarness) -> None:
    """For a test that moves the clock: skipped where the backend's time cannot be moved."""
    if not desk.can_move_time:
        pytest.skip("this backend's clock cannot be moved")


class EmbeddedHarness:
    """The embedded engine over a fresh store holding just the described organisation."""

    can_move_time = True

    def __init__(self, database: Database, clock: ManualClock, spec: OrgSpec) -> None:
        self._clock = clock
        self._database = database
        numbers = itertools.count(1)
        self.org = Org.assign(spec, lambda kind: f"{kind}{next(numbers)}")
        database.write_now(lambda c: write_organisation(c, self.org))
        self._ids = itertools.count(1)
        # Timers are fired by the tests (run_due_timers), on the hand-driven clock.
        self.engine = EmbeddedEngine(database, clock, new_id=lambda: f"t{next(self._ids):05d}",
                                     run_timers=False)
        self._backends: list[EmbeddedBackend] = []

    async def sign_in(self, username: str) -> Backend:
        backend = await self.engine.sign_in(username)
        self._backends.append(backend)
        return backend

    async def new_visitor(self, name: str, channel: Channel, address: str) -> Visitor:
        now = self._clock.now()
        number = next(self._ids)
        visitor = Visitor(id=f"visitor-{number}", name=name, channel=channel, address=address,
                          contact_id=f"contact-{number}", created_at=now)

        def write(connection: sqlite3.Connection) -> None:
            contacts.insert_contact(connection, visitor.contact_id, name, now)
            contacts.insert_visitor(connection, visitor, verified=False)

        await self._database.write(write)
        return visitor

    async def visitor_opens_chat(
        self, visitor: Visitor, text: str, department_id: str | None
    ) -> Inquiry:
        return await self.engine.open_chat(visitor_id=visitor.id, text=text,
                                           department_id=department_id)

    async def visitor_writes(self, chat_id: str, text: str) -> Message:
        return await self.engine.post_visitor_message(chat_id, text)

    def advance(self, delta: timedelta) -> None:
        self._clock.advance(delta)

    async def barrier(self, stream: EventStream) -> list[Event]:
        return delivered_so_far(stream)

    async def close(self) -> None:
        for backend in self._backends:
            await backend.aclose()
        await self.engine.aclose()


def write_organisation(connection: sqlite3.Connection, org: Org) -> None:
    """Write the described organisation into an empty store, with the ids `org` gave it."""
    for hours in org.hours.values():
        organisation.insert_business_hours(connection, hours)
    for unit in org.units.values():
        organisation.insert_unit(connection, unit.id, unit.name)
    written: set[str] = set()
    waiting = list(org.departments.values())
    while waiting:  # a fallback must exist before the department that names it
        ready = [d for d in waiting if d.fallback_department_id in (None, *written)]
        for department in ready:
            organisation.insert_department(connection, department)
            written.add(department.id)
        waiting = [d for d in waiting if d not in ready]
    for spec in org.spec.people:
        person = org.person(spec.username)
        is_agent = Role.AGENT in person.roles
        organisation.insert_person(
            connection, person, status=spec.status, max_chats=spec.max_chats,
            availability=spec.availability if is_agent else Availability.NOT_AVAILABLE,
        )
        organisation.add_agent_to_departments(connection, person.id, org.department_ids_of(spec.username))
        for unit_id in org.unit_ids_of(spec.username):
            organisation.add_unit_monitor(connection, unit_id, person.id)
    for response in org.canned:
        canned.save(connection, response)
    settings = {
        "organisation_name": org.spec.name,
        "routing_method": "manual_selection",
        "max_chats_per_agent": str(org.spec.max_chats_per_agent),
        "business_hours_enabled": "true",
        **{SETTING_PREFIX + permission.value: ",".join(sorted(roles))
           for permission, roles in org.spec.grants.items()},
    }
    for key, value in settings.items():
        organisation.set_setting(connection, key, value)
    organisation.add_tags(connection, org.spec.tags)


class FakeHarness:
    """The scripted in-memory desk (tests/fakes)."""

    can_move_time = True

    def __init__(self, clock: ManualClock, spec: OrgSpec, *, seed: int = 0) -> None:
        self._clock = clock
        numbers = itertools.count(1)
        self.org = Org.assign(spec, lambda kind: f"fk-{kind}{next(numbers)}")
        self.desk = FakeDesk(self.org, clock, seed=seed)
        self._backends: list[FakeBackend] = []

    async def sign_in(self, username: str) -> Backend:
        backend = await self.desk.sign_in(username)
        self._backends.append(backend)
        return backend

    async def new_visitor(self, name: str, channel: Channel, address: str) -> Visitor:
        return self.desk.new_visitor(name, channel, address)

    async def visitor_opens_chat(
        self, visitor: Visitor, text: str, department_id: str | None
    ) -> Inquiry:
        return self.desk.visitor_opens_chat(visitor.id, text, department_id)

    async def visitor_writes(self, chat_id: str, text: str) -> Message:
        return self.desk.visitor_writes(chat_id, text)

    def advance(self, delta: timedelta) -> None:
        self._clock.advance(delta)

    async def barrier(self, stream: EventStream) -> list[Event]:
        return delivered_so_far(stream)

    async def close(self) -> None:
        for backend in self._backends:
            await backend.aclose()
