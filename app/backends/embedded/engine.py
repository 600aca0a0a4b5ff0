"""The embedded engine: the organisation's desk on this machine, shared by everyone signed in.

It owns the event bus and the routing seam; each signed-in user talks to it through their own
`EmbeddedBackend`. The visitor side (sample data today, the Livechat intake later) enters here.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable
from datetime import timedelta

from app.backends.bus import EventBus
from app.backends.embedded import rules
from app.backends.embedded.backend import EmbeddedBackend
from app.backends.events import (
    AgentStatusChanged,
    ChatAssigned,
    Event,
    InquiryQueued,
    InquiryRemoved,
    InquiryRemovedReason,
    MessageAdded,
)
from app.clock import Clock
from app.domain import (
    AgentStatus,
    AuthorKind,
    Chat,
    ChatStatus,
    ChatSummary,
    Inquiry,
    Message,
    Person,
    Priority,
)
from app.errors import Refused
from app.routing import AgentLoad, ManualSelection, RoutingPolicy
from app.store import Database, chats, contacts, messages, organisation

# An inquiry's preview in the queue: enough to judge it, short enough for a list row.
_PREVIEW_CHARS = 160


class EmbeddedEngine:
    def __init__(
        self,
        database: Database,
        clock: Clock,
        *,
        routing: RoutingPolicy | None = None,
        new_id: Callable[[], str] = lambda: uuid.uuid4().hex,
    ) -> None:
        self.database = database
        self.clock = clock
        self.routing: RoutingPolicy = routing or ManualSelection()
        self.bus = EventBus()
        self._new_id = new_id

    # -- signing in ------------------------------------------------------------------------

    async def people(self) -> list[Person]:
        """Everyone who can sign in on this machine: admins first, then monitors, then agents."""
        return await self.database.read(organisation.people)

    async def sign_in(self, user_id: str) -> EmbeddedBackend:
        """A backend answering for `user_id`; an agent comes online by signing in."""
        principal = await self.database.read(lambda c: organisation.principal(c, user_id))
        if principal.is_agent:
            await self.set_presence(user_id, AgentStatus.ONLINE)
        return EmbeddedBackend(self, principal)

    async def set_presence(self, user_id: str, status: AgentStatus) -> None:
        def write(connection: sqlite3.Connection) -> None:
            organisation.set_agent_presence(connection, user_id, status=status)

        await self.database.write(write)
        agent = await self.database.read(lambda c: organisation.agent(c, user_id))
        self.publish(AgentStatusChanged(agent))

    def publish(self, event: Event) -> None:
        self.bus.publish(event)

    # -- the visitor side ------------------------------------------------------------------

    async def open_chat(
        self,
        *,
        visitor_id: str,
        text: str,
        department_id: str | None = None,
        priority: Priority = Priority.NOT_SPECIFIED,
        sla_minutes: int | None = None,
    ) -> Inquiry:
        """A visitor starts a chat: it is stored with their first message and queued."""
        text = rules.message_text(text)
        now = self.clock.now()
        chat_id, inquiry_id = self._new_id(), self._new_id()

        def write(connection: sqlite3.Connection) -> tuple[Inquiry, Message]:
            visitor = contacts.visitor(connection, visitor_id)
            chats.insert_chat(connection, Chat(
                id=chat_id, visitor_id=visitor.id, visitor_name=visitor.name,
                contact_id=visitor.contact_id, channel=visitor.channel, department_id=department_id,
                status=ChatStatus.QUEUED, served_by_id=None, created_at=now, last_message_at=None,
                closed_at=None, close_comment="", tags=(), topic="", transfers=(),
            ))
            message = messages.add_message(
                connection, chat_id, author_kind=AuthorKind.VISITOR, author_id=visitor.id,
                author_name=visitor.name, text=text, sent_at=now,
            )
            chats.insert_inquiry(connection, Inquiry(
                id=inquiry_id, chat_id=chat_id, visitor_id=visitor.id, visitor_name=visitor.name,
                contact_id=visitor.contact_id, channel=visitor.channel, department_id=department_id,
                priority=priority, queued_at=now,
                sla_due_at=None if sla_minutes is None else now + timedelta(minutes=sla_minutes),
                preview=text[:_PREVIEW_CHARS],
            ))
            return chats.inquiry(connection, inquiry_id), message

        inquiry, message = await self.database.write(write)
        self.publish(InquiryQueued(inquiry))
        self.publish(MessageAdded(message, department_id=department_id, served_by_id=None))
        await self.dispatch(inquiry)
        return inquiry

    async def post_visitor_message(self, chat_id: str, text: str) -> Message:
        text = rules.message_text(text)
        now = self.clock.now()

        def write(connection: sqlite3.Connection) -> tuple[Message, Chat]:
            chat = chats.chat(connection, chat_id)
            if chat.status is ChatStatus.CLOSED:
                raise Refused("This chat is closed; start a new one.", code="chat-closed")
            message = messages.add_message(
                connection, chat_id, author_kind=AuthorKind.VISITOR, author_id=chat.visitor_id,
                author_name=chat.visitor_name, text=text, sent_at=now,
            )
            return message, chat

        message, chat = await self.database.write(write)
        self.publish(MessageAdded(message, department_id=chat.department_id,
                                  served_by_id=chat.served_by_id))
        return message

    # -- routing seam ----------------------------------------------------------------------

    async def dispatch(self, inquiry: Inquiry) -> None:
        """Give the routing policy its chance at a queued inquiry.

        With manual selection nothing happens: the inquiry waits for an agent to take it.
        """
        if not self.routing.auto_assigns:
            return

        def candidates(connection: sqlite3.Connection) -> list[AgentLoad]:
            return [
                AgentLoad(agent, chats.open_chat_count(connection, agent.id))
                for agent in organisation.agents(connection)
                if agent.takes_chats
                and (inquiry.department_id is None or inquiry.department_id in agent.department_ids)
            ]

        loads = await self.database.read(candidates)
        decision = self.routing.choose_agent(inquiry, loads, self.clock.now())
        if decision is None:
            return

        def assign(connection: sqlite3.Connection) -> ChatSummary:
            chats.delete_inquiry(connection, inquiry.id)
            chats.assign_chat(connection, inquiry.chat_id, decision.agent_id)
            return chats.chat_summary(connection, inquiry.chat_id)

        summary = await self.database.write(assign)
        self.publish(InquiryRemoved(inquiry.id, inquiry.chat_id, inquiry.department_id,
                                    InquiryRemovedReason.TAKEN))
        self.publish(ChatAssigned(summary, previous_agent_id=None))
