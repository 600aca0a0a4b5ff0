"""An in-memory desk that plays the server: the organisation, its chats, the visitor side, the link.

`FakeDesk` implements `SignIn`; everyone signed in gets a `FakeBackend` (backend.py) over the same
desk. Who sees and may do what is decided by `app.policy` and who hears of an event by
`app.backends.events.listener`, the functions the embedded backend uses: two implementations
exercise one policy. Routing is the simplest real kind: agents take inquiries by hand (Rocket.Chat's
Manual_Selection), within their limits, while their departments' business hours are open.

Tests script what a server does on its own: visitors arrive and write (`visitor_opens_chat`,
`visitor_writes`), the link drops (`go_offline`) and comes back (`reconnect`).
"""

from __future__ import annotations

import asyncio
import random
from dataclasses import dataclass, field
from datetime import datetime

from app.backends import validation
from app.backends.bus import EventBus
from app.backends.events import AgentStatusChanged, Event, InquiryQueued, MessageAdded
from app.backends.refusals import refusal
from app.clock import Clock
from app.domain import (
    Agent,
    AgentStatus,
    Attachment,
    AuthorKind,
    Availability,
    CannedResponse,
    Channel,
    Chat,
    ChatPlace,
    ChatStatus,
    ChatSummary,
    Contact,
    ContactChannel,
    FileLimits,
    Inquiry,
    Message,
    Person,
    Principal,
    Priority,
    Role,
    Transfer,
    Visitor,
)
from app.errors import NotFound, Offline, OmnideskError, Refused
from app.policy import permissions_of
from app.routing.decisions import ErrorCode
from tests.contract.org import Org
from tests.fakes.backend import FakeBackend
from tests.fakes.messages import MessageLog

# A queue row's preview and a chat list row's last message, as the embedded desk cuts them.
_PREVIEW_CHARS = 160
_LAST_MESSAGE_CHARS = 200


@dataclass(slots=True)
class AgentRecord:
    person: Person
    department_ids: tuple[str, ...]
    status: AgentStatus
    # What the agent chose; closed business hours pause it (`FakeDesk.availability_of`).
    availability: Availability
    max_chats: int | None

    @property
    def id(self) -> str:
        return self.person.id


@dataclass(slots=True)
class ChatRecord:
    id: str
    visitor: Visitor
    department_id: str | None
    status: ChatStatus
    served_by_id: str | None
    created_at: datetime
    priority: Priority = Priority.NOT_SPECIFIED
    closed_at: datetime | None = None
    close_comment: str = ""
    tags: tuple[str, ...] = ()
    topic: str = ""
    transfers: list[Transfer] = field(default_factory=list)


class FakeDesk:
    def __init__(self, org: Org, clock: Clock, *, seed: int = 0) -> None:
        self.org = org
        self.clock = clock
        self.bus = EventBus()
        self.messages = MessageLog()
        # Files sent in chats, by attachment id, and which may be sent (Rocket.Chat's defaults).
        self.files: dict[str, bytes] = {}
        self.file_limits = FileLimits()
        # Decides how many scheduling turns each request takes (see `hop`): seeded, so a test's
        # interleavings are the same on every run.
        self._turns = random.Random(seed)
        self._last_id = 0
        self._grants = org.grants()
        self._sessions: list[FakeBackend] = []
        self._offline_reason: str | None = None
        # Retry now (FakeBackend.reconnect_now): how often it was asked, and whether the server
        # is back to answer it.
        self.retries = 0
        self.answers_retry = False
        self.departments = {d.id: d for d in org.departments.values()}
        self._hours = {org.departments[name].id: hours for name, hours in org.hours.items()}
        self.people = {p.id: p for p in org.people.values()}
        self.agents = {
            person.id: AgentRecord(person, org.department_ids_of(username), spec.status,
                                   spec.availability, spec.max_chats)
            for username, person in org.people.items()
            if Role.AGENT in person.roles
            for spec in (org.describe(username),)
        }
        self.canned: dict[str, CannedResponse] = {r.id: r for r in org.canned}
        self.contacts: dict[str, tuple[str, datetime]] = {}  # id -> (name, created at)
        self.visitors: dict[str, Visitor] = {}
        self.chats: dict[str, ChatRecord] = {}
        self.inquiries: dict[str, Inquiry] = {}
        # What each user's desk remembers (DeskMemory), keyed by (user id, chat or inquiry id).
        self.drafts: dict[tuple[str, str], str] = {}
        self.read_positions: dict[tuple[str, str], str] = {}
        self.announced: set[tuple[str, str]] = set()

    # -- signing in (app.backends.contract.SignIn) ------------------------------------------

    async def organisation_name(self) -> str:
        return self.org.spec.name

    async def accounts(self) -> list[Person]:
        order = {Role.ADMIN: 0, Role.MONITOR: 1, Role.AGENT: 2}
        return sorted(self.people.values(), key=lambda p: (order[p.primary_role], p.name))

    async def sign_in(self, username: str, *, password: str = "", code: str = "") -> FakeBackend:
        del password, code
        await self.hop()
        if self._offline_reason is not None:
            raise self.offline(self._offline_reason)
        person = self.org.people.get(username)
        if person is None:
            raise NotFound(f"Nobody called '{username}' is in this organisation.")
        backend = FakeBackend(self, self.principal(person))
        self._sessions.append(backend)
        if person.id in self.agents:
            self.set_presence(person.id, AgentStatus.ONLINE)
        return backend

    def signed_out(self, backend: FakeBackend) -> None:
        self._sessions = [s for s in self._sessions if s is not backend]
        if backend.user_id in self.agents and not any(s.user_id == backend.user_id for s in self._sessions):
            self.set_presence(backend.user_id, AgentStatus.OFFLINE)

    def principal(self, person: Person) -> Principal:
        units = frozenset(self.org.unit_ids_of(person.username))
        return Principal(
            id=person.id, username=person.username, name=person.name, roles=person.roles,
            department_ids=frozenset(self.org.department_ids_of(person.username))
            if Role.AGENT in person.roles else frozenset(),
            unit_ids=units,
            unit_department_ids=frozenset(d.id for d in self.departments.values() if d.unit_id in units),
            permissions=frozenset(permissions_of(person.roles, self._grants)),
        )

    # -- the link (scripted) ---------------------------------------------------------------

    def go_offline(self, reason: str = "The server cannot be reached.", retry_at: datetime | None = None
                   ) -> None:
        """The link to every signed-in user drops: they are told (and when their backend tries
        again by itself), their commands raise Offline, and what happens meanwhile does not
        reach them."""
        self._offline_reason = reason
        for session in self._sessions:
            session.link_lost(reason, retry_at)

    def reconnect(self) -> None:
        """The link comes back: CONNECTING, ONLINE, then Resynced (reload what is shown)."""
        self._offline_reason = None
        for session in self._sessions:
            session.link_restored()

    @staticmethod
    def offline(reason: str) -> Offline:
        return Offline(f"Cannot reach the server: {reason.rstrip('.')}. Nothing was changed; try again "
                       "when the connection is back.")

    async def hop(self) -> None:
        """A request's trip to the server: other requests may overtake it, as on a network."""
        for _ in range(self._turns.randrange(3)):
            await asyncio.sleep(0)

    # -- the visitor side and the rest of the world (scripted) -----------------------------

    def new_visitor(self, name: str, channel: Channel, address: str) -> Visitor:
        contact_id, now = self.new_id("contact"), self.clock.now()
        visitor = Visitor(self.new_id("visitor"), name, channel, address, contact_id, now)
        self.contacts[contact_id] = (name, now)
        self.visitors[visitor.id] = visitor
        return visitor

    def visitor_opens_chat(self, visitor_id: str, text: str, department_id: str | None = None, *,
                           priority: Priority = Priority.NOT_SPECIFIED) -> Inquiry:
        """A visitor starts a chat with their first message: it waits in the department's queue."""
        text = validation.message_text(text)
        visitor = self.visitors[visitor_id]
        if department_id is not None and department_id not in self.departments:
            raise NotFound("That department does not exist.", code="department-unknown")
        chat = ChatRecord(self.new_id("chat"), visitor, department_id, ChatStatus.QUEUED, None,
                          self.clock.now(), priority=priority)
        self.chats[chat.id] = chat
        first = self.messages.add(chat.id, author_kind=AuthorKind.VISITOR, author_id=visitor.id,
                                  author_name=visitor.name, text=text, at=self.clock.now())
        inquiry = self.queue_chat(chat, preview=text)
        self.publish(InquiryQueued(inquiry, self.waiting_place(inquiry)),
                     MessageAdded(first, self.place(chat)))
        return inquiry

    def visitor_writes(self, chat_id: str, text: str) -> Message:
        text = validation.message_text(text)
        chat = self.chat_record(chat_id)
        if chat.status is ChatStatus.CLOSED:
            raise Refused("This chat is closed; start a new one.", code="chat-closed")
        message = self.messages.add(chat.id, author_kind=AuthorKind.VISITOR, author_id=chat.visitor.id,
                                    author_name=chat.visitor.name, text=text, at=self.clock.now())
        self.publish(MessageAdded(message, self.place(chat)))
        return message

    def visitor_sends_file(self, chat_id: str, name: str, data: bytes, media_type: str, *,
                           width: int | None = None, height: int | None = None) -> Message:
        """The chat's visitor sends a file (as the widget's upload does), taken as it is said."""
        chat = self.chat_record(chat_id)
        attachment = Attachment(id=f"{len(self.files) + 1:032x}", name=name, media_type=media_type,
                                size=len(data), width=width, height=height)
        self.files[attachment.id] = data
        message = self.messages.add(chat.id, author_kind=AuthorKind.VISITOR, author_id=chat.visitor.id,
                                    author_name=chat.visitor.name, text="", at=self.clock.now(),
                                    attachment=attachment)
        self.publish(MessageAdded(message, self.place(chat)))
        return message

    def set_presence(self, agent_id: str, status: AgentStatus) -> None:
        self.agents[agent_id].status = status
        self.publish(AgentStatusChanged(self.agent(agent_id)))

    # -- shared by the backends ------------------------------------------------------------

    def new_id(self, kind: str) -> str:
        self._last_id += 1
        return f"fk-{kind}-{self._last_id}"

    def publish(self, *events: Event) -> None:
        for event in events:
            self.bus.publish(event)

    def names(self) -> dict[str, str]:
        """Every person's, department's and unit's name by id: what ids become in a refusal."""
        return ({p.id: p.name for p in self.people.values()}
                | {d.id: d.name for d in self.departments.values()}
                | {u.id: u.name for u in self.org.units.values()})

    def tags(self) -> list[str]:
        return sorted(set(self.org.spec.tags), key=str.lower)

    def chat_record(self, chat_id: str) -> ChatRecord:
        chat = self.chats.get(chat_id)
        if chat is None:
            raise NotFound("This chat does not exist (any more).", code="chat-unknown")
        return chat

    def queue_chat(self, chat: ChatRecord, *, preview: str) -> Inquiry:
        inquiry = Inquiry(
            id=self.new_id("inquiry"), chat_id=chat.id, visitor_id=chat.visitor.id,
            visitor_name=chat.visitor.name, contact_id=chat.visitor.contact_id,
            channel=chat.visitor.channel, department_id=chat.department_id, priority=chat.priority,
            queued_at=self.clock.now(), sla_due_at=None, preview=preview[:_PREVIEW_CHARS],
        )
        self.inquiries[inquiry.id] = inquiry
        return inquiry

    def note(self, chat: ChatRecord, actor: Principal, text: str) -> MessageAdded:
        """A system message in the chat saying what `actor` changed."""
        message = self.messages.add(chat.id, author_kind=AuthorKind.SYSTEM, author_id=actor.id,
                                    author_name=actor.name, text=text, at=self.clock.now())
        return MessageAdded(message, self.place(chat))

    def serves_contact(self, user_id: str, contact_id: str) -> bool:
        return any(c.served_by_id == user_id and c.visitor.contact_id == contact_id
                   and c.status in (ChatStatus.OPEN, ChatStatus.ON_HOLD) for c in self.chats.values())

    # -- views -----------------------------------------------------------------------------

    def unit_of(self, department_id: str | None) -> str | None:
        department = self.departments.get(department_id or "")
        return None if department is None else department.unit_id

    def place(self, chat: ChatRecord) -> ChatPlace:
        return ChatPlace(chat.id, chat.department_id, self.unit_of(chat.department_id),
                         chat.served_by_id, chat.status, chat.visitor.contact_id)

    def waiting_place(self, inquiry: Inquiry) -> ChatPlace:
        """Where an inquiry waits: its department's line."""
        return ChatPlace(inquiry.chat_id, inquiry.department_id, self.unit_of(inquiry.department_id),
                         None, ChatStatus.QUEUED, inquiry.contact_id)

    def summary(self, chat: ChatRecord) -> ChatSummary:
        last = self.messages.last(chat.id)
        served = self.people.get(chat.served_by_id or "")
        return ChatSummary(
            id=chat.id, visitor_name=chat.visitor.name, contact_id=chat.visitor.contact_id,
            channel=chat.visitor.channel, department_id=chat.department_id, status=chat.status,
            served_by_id=chat.served_by_id, served_by_name=served.name if served else None,
            created_at=chat.created_at, closed_at=chat.closed_at, tags=chat.tags,
            last_message=last.text[:_LAST_MESSAGE_CHARS] if last else "",
            message_count=self.messages.count(chat.id), unit_id=self.unit_of(chat.department_id),
        )

    def view(self, chat: ChatRecord) -> Chat:
        last = self.messages.last(chat.id)
        return Chat(
            id=chat.id, visitor_id=chat.visitor.id, visitor_name=chat.visitor.name,
            contact_id=chat.visitor.contact_id, channel=chat.visitor.channel,
            department_id=chat.department_id, status=chat.status, served_by_id=chat.served_by_id,
            created_at=chat.created_at, last_message_at=last.sent_at if last else None,
            closed_at=chat.closed_at, close_comment=chat.close_comment, tags=chat.tags,
            topic=chat.topic, transfers=tuple(chat.transfers), priority=chat.priority,
            unit_id=self.unit_of(chat.department_id),
        )

    def contact(self, contact_id: str) -> Contact:
        if contact_id not in self.contacts:
            raise NotFound("This contact does not exist.", code="contact-unknown")
        name, created_at = self.contacts[contact_id]
        channels = tuple(ContactChannel(v.id, v.channel, v.address, verified=False)
                         for v in sorted(self.visitors.values(), key=lambda v: (v.created_at, v.id))
                         if v.contact_id == contact_id)
        return Contact(contact_id, name, channels, created_at)

    def agent(self, agent_id: str) -> Agent:
        record = self.agents[agent_id]
        return Agent(
            id=record.id, username=record.person.username, name=record.person.name,
            status=record.status, availability=self.availability_of(record),
            max_chats=record.max_chats, department_ids=record.department_ids,
            open_chats=self.open_chats(agent_id),
        )

    # -- the rules of taking chats ---------------------------------------------------------

    def hours_open_for(self, agent: AgentRecord) -> bool:
        """Whether any of the agent's departments is open now (always, without departments)."""
        now = self.clock.now()
        hours = [self._hours[d] for d in agent.department_ids if d in self._hours]
        return not hours or any(h.is_open(now) for h in hours)

    def availability_of(self, agent: AgentRecord) -> Availability:
        """What the agent chose, unless business hours have closed all their departments."""
        return agent.availability if self.hours_open_for(agent) else Availability.NOT_AVAILABLE

    def takes_chats(self, agent: AgentRecord) -> bool:
        return (self.availability_of(agent) is Availability.AVAILABLE
                and agent.status is not AgentStatus.OFFLINE)

    def open_chats(self, agent_id: str, department_id: str | None = None) -> int:
        """Chats that load the agent: open ones (on-hold chats do not count, as in Rocket.Chat)."""
        return sum(1 for c in self.chats.values()
                   if c.served_by_id == agent_id and c.status is ChatStatus.OPEN
                   and (department_id is None or c.department_id == department_id))

    def limit_refusal(self, agent: AgentRecord, department_id: str | None) -> tuple[ErrorCode, str] | None:
        """Why the agent cannot have one more open chat in the department, if they cannot."""
        limit = agent.max_chats or self.org.spec.max_chats_per_agent
        load = self.open_chats(agent.id)
        if limit and load >= limit:
            return ErrorCode.CHAT_LIMIT, f"{agent.id} has {load} open chats, the limit is {limit}"
        department = self.departments.get(department_id or "")
        cap = department.max_chats_per_agent if department else None
        inside = self.open_chats(agent.id, department_id)
        if department is not None and cap and inside >= cap:
            return ErrorCode.CHAT_LIMIT, (f"{agent.id} has {inside} open chats in {department.id}, "
                                          f"the department's limit is {cap}")
        return None

    def refusal_for(self, agent: AgentRecord, department_id: str | None) -> tuple[ErrorCode, str] | None:
        """Why the agent cannot be given a chat of the department now, if they cannot."""
        if not self.takes_chats(agent):
            return (ErrorCode.AGENT_NOT_AVAILABLE,
                    f"{agent.id} is {agent.status.value} and {self.availability_of(agent).value}")
        if department_id is not None and department_id not in agent.department_ids:
            return ErrorCode.USER_NOT_IN_DEPARTMENT, f"{agent.id} is not in {department_id}"
        return self.limit_refusal(agent, department_id)

    def refused(self, error: ErrorCode, reason: str, about: str) -> OmnideskError:
        """The error every backend says for this refusal (app.backends.refusals)."""
        return refusal(error, reason, about, self.names())
