"""The authorization policy over random organisations (hypothesis builds them).

Every query, every event and every command of the embedded backend is checked against a plain
statement of who sees what (`_oracle_sees`, written from the rule in app/policy/scope.py, not
from its code): no chat, inquiry, message, contact or agent outside a principal's scope ever
shows, and every command on a chat outside it is refused and changes nothing.
"""

from __future__ import annotations

import asyncio
import sqlite3
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.backends.embedded import EmbeddedBackend, EmbeddedEngine
from app.backends.events import ChatAssigned, Event, listener
from app.clock import ManualClock
from app.domain import (
    AgentStatus,
    AuthorKind,
    Availability,
    Channel,
    Chat,
    ChatPlace,
    ChatStatus,
    Department,
    Inquiry,
    Person,
    Priority,
    Role,
    Visitor,
)
from app.errors import NotAllowed, NotFound
from app.policy import Action, Permission, allowed, scope_of
from app.policy.permissions import SETTING_PREFIX
from app.store import Database, chats, contacts, messages, organisation

NOW = datetime(2026, 11, 25, 10, 30, tzinfo=UTC)
DEPARTMENTS = ("d0", "d1", "d2", "d3")
UNITS = ("u0", "u1")
CONTACTS = ("k0", "k1", "k2")
ACTIVE = (ChatStatus.OPEN, ChatStatus.ON_HOLD)


@dataclass(frozen=True)
class Staff:
    id: str
    roles: frozenset[Role]
    departments: frozenset[str]
    units: frozenset[str]


@dataclass(frozen=True)
class ChatSpec:
    id: str
    department: str | None
    status: ChatStatus
    served_by: str | None
    contact: str


@dataclass(frozen=True)
class Org:
    unit_of: dict[str, str | None]
    staff: tuple[Staff, ...]
    chats: tuple[ChatSpec, ...]
    agents_transfer: bool

    def person(self, user_id: str) -> Staff:
        return next(s for s in self.staff if s.id == user_id)


@st.composite
def organisations(draw: st.DrawFn) -> Org:
    unit_of = {d: draw(st.sampled_from((*UNITS, None))) for d in DEPARTMENTS}
    roles = st.sets(st.sampled_from(list(Role)), min_size=1, max_size=2).map(frozenset)
    staff = tuple(
        Staff(f"p{i}", held,
              frozenset(draw(st.sets(st.sampled_from(DEPARTMENTS), max_size=2))) if Role.AGENT in held
              else frozenset(),
              frozenset(draw(st.sets(st.sampled_from(UNITS), min_size=1, max_size=2)))
              if Role.MONITOR in held else frozenset())
        for i, held in enumerate(draw(st.lists(roles, min_size=2, max_size=5)))
    )
    agents = [s.id for s in staff if Role.AGENT in s.roles]
    specs = []
    for number in range(draw(st.integers(1, 10))):
        status = draw(st.sampled_from(list(ChatStatus)))
        served_by = None if status is ChatStatus.QUEUED or not agents else draw(st.sampled_from(agents))
        if served_by is None:
            status = ChatStatus.QUEUED
        specs.append(ChatSpec(f"c{number}", draw(st.sampled_from((*DEPARTMENTS, None))), status,
                              served_by, draw(st.sampled_from(CONTACTS))))
    return Org(unit_of, staff, tuple(specs), draw(st.booleans()))


# -- the rule, stated plainly -----------------------------------------------------------------

def _oracle_sees(org: Org, who: Staff, chat: ChatSpec, *, with_history: bool = True) -> bool:
    if Role.ADMIN in who.roles or chat.served_by == who.id:
        return True
    if Role.MONITOR in who.roles:
        watched = {d for d, unit in org.unit_of.items() if unit in who.units} | who.departments
        if chat.department in watched:
            return True
    if Role.AGENT in who.roles:
        waiting_here = chat.department is None or chat.department in who.departments
        if chat.status is ChatStatus.QUEUED and waiting_here:
            return True
        serving = {c.contact for c in org.chats if c.served_by == who.id and c.status in ACTIVE}
        if with_history and chat.status is ChatStatus.CLOSED and chat.contact in serving:
            return True
    return False


def _watched(org: Org, who: Staff) -> set[str]:
    if Role.MONITOR not in who.roles:
        return set()
    return {d for d, unit in org.unit_of.items() if unit in who.units} | set(who.departments)


def _oracle_may(org: Org, who: Staff, chat: ChatSpec, action: Action) -> bool:
    """Rocket.Chat's default grants: agents act on their own chats (transfer only when the
    organisation grants it), monitors on their units' chats, admins on all."""
    mine = chat.served_by == who.id
    supervising = Role.ADMIN in who.roles or chat.department in _watched(org, who)
    if action is Action.WRITE:
        return mine and chat.status is ChatStatus.OPEN
    if action is Action.TRANSFER:
        may_transfer = org.agents_transfer or bool({Role.MONITOR, Role.ADMIN} & who.roles)
        allowed_here = (mine and may_transfer) or supervising
    else:
        allowed_here = mine or supervising
    state_allows = {
        Action.CLOSE: chat.status in ACTIVE,
        # Rocket.Chat refuses to transfer a chat on hold ('error-room-onHold').
        Action.TRANSFER: chat.status is ChatStatus.OPEN,
        Action.HOLD: chat.status is ChatStatus.OPEN,
        Action.RESUME: chat.status is ChatStatus.ON_HOLD,
        Action.EDIT_INFO: True,
    }[action]
    return allowed_here and state_allows


def _oracle_sees_agent(org: Org, who: Staff, agent: Staff) -> bool:
    if Role.ADMIN in who.roles or agent.id == who.id:
        return True
    visible = set(who.departments)
    if Role.MONITOR in who.roles:
        visible |= {d for d, unit in org.unit_of.items() if unit in who.units}
    return bool(visible & agent.departments)


# -- building the organisation in a store ---------------------------------------------------------

def _write(org: Org, connection: sqlite3.Connection) -> None:
    for unit in UNITS:
        organisation.insert_unit(connection, unit, f"Unit {unit}")
    for department in DEPARTMENTS:
        organisation.insert_department(connection, Department(
            department, f"Department {department}", True, org.unit_of[department], None, None, None))
    for person in org.staff:
        agent = Role.AGENT in person.roles
        organisation.insert_person(
            connection, Person(person.id, person.id, f"Person {person.id}", person.roles),
            status=AgentStatus.ONLINE if agent else AgentStatus.OFFLINE,
            availability=Availability.AVAILABLE if agent else Availability.NOT_AVAILABLE,
        )
        organisation.add_agent_to_departments(connection, person.id, sorted(person.departments))
        for unit in sorted(person.units):
            organisation.add_unit_monitor(connection, unit, person.id)
    organisation.set_setting(connection, "routing_method", "manual_selection")
    if org.agents_transfer:
        organisation.set_setting(connection, SETTING_PREFIX + Permission.TRANSFER_LIVECHAT_GUEST.value,
                                 "livechat-manager,livechat-monitor,admin,livechat-agent")
    for contact in CONTACTS:
        contacts.insert_contact(connection, contact, f"Contact {contact}", NOW)
    for spec in org.chats:
        visitor = Visitor(f"v-{spec.id}", f"Visitor {spec.id}", Channel.WIDGET, "widget", spec.contact, NOW)
        contacts.insert_visitor(connection, visitor, verified=False)
        chats.insert_chat(connection, Chat(
            id=spec.id, visitor_id=visitor.id, visitor_name=visitor.name, contact_id=spec.contact,
            channel=Channel.WIDGET, department_id=spec.department, status=spec.status,
            served_by_id=spec.served_by, created_at=NOW, last_message_at=None,
            closed_at=NOW if spec.status is ChatStatus.CLOSED else None, close_comment="", tags=(),
            topic="", transfers=()))
        messages.add_message(connection, spec.id, message_id=f"m-{spec.id}", author_kind=AuthorKind.VISITOR,
                             author_id=visitor.id, author_name=visitor.name,
                             text=f"token{spec.id}x please help", sent_at=NOW)
        if spec.status is ChatStatus.QUEUED:
            chats.insert_inquiry(connection, Inquiry(
                id=f"i-{spec.id}", chat_id=spec.id, visitor_id=visitor.id, visitor_name=visitor.name,
                contact_id=spec.contact, channel=Channel.WIDGET, department_id=spec.department,
                priority=Priority.NOT_SPECIFIED, queued_at=NOW, sla_due_at=None, preview="help"))


async def _refused_and_unchanged(backend: EmbeddedBackend, chat_id: str, engine: EmbeddedEngine) -> None:
    def state(connection: sqlite3.Connection) -> tuple[Chat, int]:
        return chats.chat(connection, chat_id), len(messages.page(connection, chat_id).messages)

    before = await engine.database.read(state)
    attempts = (
        backend.close_chat(chat_id),
        backend.put_on_hold(chat_id),
        backend.resume(chat_id),
        backend.send_message(chat_id, "hello"),
        backend.update_chat_info(chat_id, topic="x", tags=(), priority=Priority.LOW),
        backend.transfer(chat_id, to_department_id="d0"),
        backend.chat(chat_id),
        backend.messages(chat_id),
    )
    for attempt in attempts:
        with pytest.raises(NotAllowed):
            await attempt
    assert await engine.database.read(state) == before


async def _check(org: Org, path: Path) -> None:
    database = Database.open(path)
    database.write_now(lambda c: _write(org, c))
    clock = ManualClock(NOW)
    engine = EmbeddedEngine(database, clock, run_timers=False)
    try:
        backends = {s.id: await engine.sign_in(s.id) for s in org.staff}
        streams = {user_id: await backend.events() for user_id, backend in backends.items()}
        for person in org.staff:
            backend = backends[person.id]
            me = await backend.me()
            seen = {spec.id for spec in org.chats if _oracle_sees(org, person, spec)}
            queued = {spec.id for spec in org.chats if spec.status is ChatStatus.QUEUED}
            assert {i.chat_id for i in await backend.queue()} == seen & queued
            hits = {h.message.chat_id for spec in org.chats for h in await backend.search(f"token{spec.id}x")}
            assert hits == seen
            for spec in org.chats:
                if spec.id in seen:
                    assert (await backend.chat(spec.id)).id == spec.id
                    assert [m.chat_id for m in (await backend.messages(spec.id)).messages] == [spec.id]
                else:
                    await _refused_and_unchanged(backend, spec.id, engine)
                # The events filter: the same rule without the contact-history part.
                place = await engine.database.read(partial(chats.place, chat_id=spec.id))
                summary = await engine.database.read(partial(chats.chat_summary, chat_id=spec.id))
                assert listener(me)(ChatAssigned(summary, None)) == (
                    _oracle_sees(org, person, spec, with_history=False))
                for action in (Action.CLOSE, Action.TRANSFER, Action.HOLD, Action.RESUME, Action.WRITE,
                               Action.EDIT_INFO):
                    assert allowed(me, action, place) == _oracle_may(org, person, spec, action), action
            for contact in CONTACTS:
                mine = {spec.id for spec in org.chats if spec.contact == contact} & seen
                # An admin sees every contact, with or without a chat (app.policy.contacts).
                if mine or scope_of(me).everything:
                    assert {h.id for h in await backend.contact_history(contact)} == mine
                    assert (await backend.contact(contact)).id == contact
                else:
                    with pytest.raises(NotAllowed):
                        await backend.contact_history(contact)
            agents = {a.id for a in await backend.agents()}
            assert agents == {s.id for s in org.staff
                              if Role.AGENT in s.roles and _oracle_sees_agent(org, person, s)}
        # A change by whoever may make it: every stream hears only chats it sees before or after.
        before = {s.id: {spec.id for spec in org.chats if _oracle_sees(org, s, spec, with_history=False)}
                  for s in org.staff}
        principals = {user_id: await backend.me() for user_id, backend in backends.items()}
        for spec in org.chats:
            actor = next((backends[user_id] for user_id, me in principals.items() if spec.status in ACTIVE
                          and allowed(me, Action.CLOSE, spec_place(spec, org))), None)
            if actor is not None:
                await actor.close_chat(spec.id)
        for user_id, stream in streams.items():
            for event in stream.take_pending():
                chat_id = _chat_of(event)
                if chat_id is None:
                    continue
                after_seen = await _sees_now(backends[user_id], chat_id)
                assert chat_id in before[user_id] or after_seen, (user_id, event)
    finally:
        for backend in backends.values():
            await backend.aclose()
        await engine.aclose()
        database.close()


def spec_place(spec: ChatSpec, org: Org) -> ChatPlace:
    return ChatPlace(spec.id, spec.department, org.unit_of.get(spec.department or ""), spec.served_by,
                     spec.status, spec.contact)


def _chat_of(event: Event) -> str | None:
    place = getattr(event, "place", None)
    return None if place is None else place.chat_id


async def _sees_now(backend: EmbeddedBackend, chat_id: str) -> bool:
    try:
        await backend.chat(chat_id)
    except (NotAllowed, NotFound):
        return False
    return True


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(org=organisations())
def test_nothing_outside_the_scope_ever_shows_and_every_command_outside_it_is_refused(org: Org) -> None:
    with tempfile.TemporaryDirectory() as folder:
        asyncio.run(_check(org, Path(folder) / "desk.sqlite3"))


def test_the_oracle_itself_distinguishes() -> None:
    """The statement above is not vacuous: a monitor of one unit does not see the other's chats,
    an agent does not see a colleague's open chat, and sees a served contact's closed past."""
    org = Org({"d0": "u0", "d1": "u1", "d2": None, "d3": None},
              (Staff("m", frozenset({Role.MONITOR}), frozenset(), frozenset({"u0"})),
               Staff("a", frozenset({Role.AGENT}), frozenset({"d2"}), frozenset()),
               Staff("b", frozenset({Role.AGENT}), frozenset({"d2"}), frozenset())),
              (ChatSpec("c0", "d1", ChatStatus.OPEN, "b", "k0"),
               ChatSpec("c1", "d2", ChatStatus.OPEN, "a", "k1"),
               ChatSpec("c2", "d3", ChatStatus.CLOSED, "b", "k1"),
               ChatSpec("c3", "d0", ChatStatus.CLOSED, "b", "k0")),
              False)
    monitor, ana, bo = org.staff
    assert not _oracle_sees(org, monitor, org.chats[0]) and _oracle_sees(org, monitor, org.chats[3])
    assert not _oracle_sees(org, ana, org.chats[0])
    assert _oracle_sees(org, ana, org.chats[2]) and not _oracle_sees(org, ana, org.chats[3])
    assert not _oracle_sees(org, bo, org.chats[1])
    with tempfile.TemporaryDirectory() as folder:
        asyncio.run(_check(org, Path(folder) / "desk.sqlite3"))

