"""`Supervision` on the scripted FakeDesk, for the monitor dashboard's tests and benchmark, until
the embedded backend implements it: units' overviews and days computed from the desk's memory,
and assigning a waiting inquiry, decided by `app.policy` like every other command of the fake."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from app import policy
from app.backends.events import (
    AgentStatusChanged,
    ChatAssigned,
    Event,
    InquiryRemoved,
    InquiryRemovedReason,
)
from app.clock import Clock
from app.domain import (
    Agent,
    AgentLoad,
    AuthorKind,
    Availability,
    ChatInProgress,
    ChatStatus,
    ChatSummary,
    DepartmentQueue,
    HourFigures,
    Inquiry,
    Unit,
    UnitDay,
    UnitOverview,
)
from app.errors import NotAllowed, NotFound
from app.notifications.service import NotificationSettings
from app.policy import Action
from tests.contract.org import NORTHWIND, Org, OrgSpec
from tests.fakes import FakeBackend, FakeDesk
from tests.fakes.desk import ChatRecord

_ACTIVE = (ChatStatus.OPEN, ChatStatus.ON_HOLD)
_SLA_WARNING = timedelta(seconds=NotificationSettings().sla_warning_s)


class SupervisingFakeDesk(FakeDesk):
    """A FakeDesk whose users may supervise; `sla` gives new inquiries an SLA."""

    def __init__(self, org: Org, clock: Clock) -> None:
        super().__init__(org, clock)
        self.sla: timedelta | None = None
        self.last_assigned: dict[str, datetime] = {}
        self.overview_calls = 0
        # Each chat's row of an overview, until an event about the chat: the benchmark's unit
        # of 2,000 chats is read several times a second, and most chats did not change.
        self._progress: dict[str, ChatInProgress] = {}

    @classmethod
    def northwind(cls, clock: Clock, spec: OrgSpec = NORTHWIND) -> SupervisingFakeDesk:
        numbers = itertools.count(1)
        return cls(Org.assign(spec, lambda kind: f"fk-{kind}{next(numbers)}"), clock)

    async def sign_in(self, username: str, *, password: str = "", code: str = "") -> SupervisingFakeBackend:
        plain = await super().sign_in(username, password=password, code=code)
        # The same session, able to supervise: swap it in where the desk keeps its sessions.
        backend = SupervisingFakeBackend(self, await plain.me())
        self._sessions = [backend if s is plain else s for s in self._sessions]
        return backend

    def queue_chat(self, chat: ChatRecord, *, preview: str) -> Inquiry:
        inquiry = super().queue_chat(chat, preview=preview)
        if self.sla is not None:
            inquiry = replace(inquiry, sla_due_at=self.clock.now() + self.sla)
            self.inquiries[inquiry.id] = inquiry
        return inquiry

    def publish(self, *events: Event) -> None:
        for event in events:
            place = getattr(event, "place", None)
            if place is not None:
                self._progress.pop(place.chat_id, None)
            if isinstance(event, ChatAssigned) and event.chat.served_by_id is not None:
                self.last_assigned[event.chat.served_by_id] = self.clock.now()
        super().publish(*events)

    def set_limit(self, username: str, limit: int) -> None:
        """An admin changes the agent's own limit of open chats (their desk hears of it)."""
        agent_id = self.org.person(username).id
        self.agents[agent_id].max_chats = limit
        self.publish(AgentStatusChanged(self.agent(agent_id)))

    # -- what a supervisor reads -----------------------------------------------------------

    def unit(self, unit_id: str) -> Unit:
        found = next((u for u in self.org.units.values() if u.id == unit_id), None)
        if found is None:
            raise NotFound("That unit does not exist.", code="unit-unknown")
        return found

    def overview(self, unit: Unit) -> UnitOverview:
        now, departments = self.clock.now(), set(unit.department_ids)
        # Copies first (each one step for the interpreter): the benchmark reads in a thread.
        all_inquiries, all_chats = list(self.inquiries.values()), list(self.chats.values())
        inquiries = sorted((i for i in all_inquiries if i.department_id in departments),
                           key=lambda i: (i.queued_at, i.id))
        queues = []
        for department_id in sorted(departments, key=lambda d: self.departments[d].name):
            waiting = [i for i in inquiries if i.department_id == department_id]
            dues = [i.sla_due_at for i in waiting if i.sla_due_at is not None]
            queues.append(DepartmentQueue(
                department_id, len(waiting), waiting[0].queued_at if waiting else None,
                sla_due_soon=sum(1 for due in dues if now < due <= now + _SLA_WARNING),
                sla_breached=sum(1 for due in dues if due <= now)))
        on_hold: dict[str, int] = {}
        open_chats: dict[str, int] = {}
        for chat in all_chats:
            counts = {ChatStatus.ON_HOLD: on_hold, ChatStatus.OPEN: open_chats}.get(chat.status)
            if counts is not None and chat.served_by_id is not None:
                counts[chat.served_by_id] = counts.get(chat.served_by_id, 0) + 1
        # Which departments' hours are open now, worked out once for every agent of the unit.
        open_now = {department_id: hours.is_open(now) for department_id, hours in self._hours.items()}
        agents = [
            AgentLoad(replace(self.agent_without_load(record.id, open_now),
                              open_chats=open_chats.get(record.id, 0)),
                      record.max_chats or self.org.spec.max_chats_per_agent or None,
                      self.last_assigned.get(record.id),
                      on_hold=on_hold.get(record.id, 0))
            for record in sorted(self.agents.values(), key=lambda a: a.person.name)
            if departments & set(record.department_ids)
        ]
        chats = [self._in_progress(c) for c in all_chats
                 if c.status in _ACTIVE and c.department_id in departments]
        return UnitOverview(unit, now, tuple(queues), tuple(inquiries), tuple(agents), tuple(chats))

    def agent_without_load(self, agent_id: str, open_now: dict[str, bool]) -> Agent:
        """The agent as `FakeDesk.agent` says, from the departments open now (`open_now`)."""
        record = self.agents[agent_id]
        hours = [open_now[d] for d in record.department_ids if d in open_now]
        paused = bool(hours) and not any(hours)
        availability = Availability.NOT_AVAILABLE if paused else record.availability
        return Agent(record.id, record.person.username, record.person.name, record.status,
                     availability, record.max_chats, record.department_ids)

    def _in_progress(self, chat: ChatRecord) -> ChatInProgress:
        known = self._progress.get(chat.id)
        if known is None:
            known = self._progress[chat.id] = self._read_progress(chat)
        return known

    def _read_progress(self, chat: ChatRecord) -> ChatInProgress:
        log = self.messages.of(chat.id)
        waiting_since = None
        for message in reversed(log):
            if message.author_kind is AuthorKind.AGENT:
                break
            if message.author_kind is AuthorKind.VISITOR:
                waiting_since = message.sent_at
        last = log[-1].sent_at if log else chat.created_at
        return ChatInProgress(self.summary(chat), chat.priority, waiting_since, last)

    def day(self, unit: Unit, day: date) -> UnitDay:
        departments = set(unit.department_ids)
        start = datetime(day.year, day.month, day.day, tzinfo=UTC)
        chats = [c for c in self.chats.values() if c.department_id in departments]
        hours = []
        for hour in range(24):
            begins, ends = start + timedelta(hours=hour), start + timedelta(hours=hour + 1)
            hours.append(HourFigures(
                begins, started=sum(1 for c in chats if begins <= c.created_at < ends),
                closed=sum(1 for c in chats if c.closed_at is not None and begins <= c.closed_at < ends),
                queue_peak=sum(1 for i in self.inquiries.values()
                               if i.department_id in departments and begins <= i.queued_at < ends),
                wait_p50_s=None, wait_p90_s=None))
        return UnitDay(unit.id, day, tuple(hours))


class SupervisingFakeBackend(FakeBackend):
    """FakeBackend with `Supervision`: what a monitor watches, and assigning inquiries."""

    _desk: SupervisingFakeDesk

    def _supervised(self, unit: Unit) -> bool:
        me = self._me
        return me.is_admin or unit.id in me.unit_ids

    async def supervised_units(self) -> list[Unit]:
        await self._reach()
        return sorted((u for u in self._desk.org.units.values() if self._supervised(u)),
                      key=lambda u: u.name)

    async def unit_overview(self, unit_id: str) -> UnitOverview:
        await self._reach()
        unit = self._desk.unit(unit_id)
        if not self._supervised(unit):
            raise NotAllowed(f"You do not look after the unit {unit.name}.")
        self._desk.overview_calls += 1
        return self._desk.overview(unit)

    async def unit_day(self, unit_id: str, day: date) -> UnitDay:
        await self._reach()
        unit = self._desk.unit(unit_id)
        if not self._supervised(unit):
            raise NotAllowed(f"You do not look after the unit {unit.name}.")
        return self._desk.day(unit, day)

    async def assign(self, inquiry_id: str, agent_id: str) -> ChatSummary:
        await self._reach()
        desk, me = self._desk, self._me
        inquiry = desk.inquiries.get(inquiry_id)
        if inquiry is None:
            raise NotFound("This inquiry is no longer in the queue: someone else has taken it or it "
                           "closed.", code="inquiry-gone")
        waited = desk.waiting_place(inquiry)
        policy.check(me, Action.ASSIGN, waited)
        target = desk.agents.get(agent_id)
        if target is None:
            raise NotFound("That agent does not exist.", code="agent-unknown")
        refused = desk.refusal_for(target, inquiry.department_id)
        if refused is not None:
            raise desk.refused(*refused, about=target.person.name)
        del desk.inquiries[inquiry_id]
        chat = desk.chats[inquiry.chat_id]
        chat.status, chat.served_by_id, chat.priority = ChatStatus.OPEN, target.id, inquiry.priority
        removed = InquiryRemoved(inquiry.id, chat.id, InquiryRemovedReason.TAKEN, waited)
        said = desk.note(chat, me, f"{me.name} assigned the chat to {target.person.name}.")
        desk.publish(removed, said, ChatAssigned(desk.summary(chat), previous_agent_id=None))
        return desk.summary(chat)


if TYPE_CHECKING:
    from ui.monitor.backend import SupervisingBackend

    def _implements_the_protocol(backend: SupervisingFakeBackend) -> SupervisingBackend:
        return backend  # mypy proves the fake is a Backend and a Supervision
