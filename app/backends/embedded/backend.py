"""`Backend` for one signed-in user of the embedded engine: scoping and rules, then the store."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from app.backends.bus import Subscription
from app.backends.embedded import rules
from app.backends.events import (
    AgentStatusChanged,
    ChatAssigned,
    ChatClosed,
    ChatUnassigned,
    Event,
    InquiryQueued,
    InquiryRemoved,
    InquiryRemovedReason,
    MessageAdded,
)
from app.domain import (
    Agent,
    AgentStatus,
    AuthorKind,
    Availability,
    Chat,
    ChatStatus,
    ChatSummary,
    Contact,
    Department,
    Inquiry,
    Message,
    Principal,
    Priority,
    SearchHit,
    Transfer,
)
from app.errors import InvalidInput, NotAllowed, NotFound, Refused
from app.store import chats, contacts, messages, organisation
from app.store.rows import scope_of

if TYPE_CHECKING:
    from app.backends.embedded.engine import EmbeddedEngine


class EmbeddedBackend:
    def __init__(self, engine: EmbeddedEngine, principal: Principal) -> None:
        self._engine = engine
        self._db = engine.database
        self._principal = principal
        self._subscriptions: list[Subscription] = []
        self._closed = False

    # -- who am I --------------------------------------------------------------------------

    async def me(self) -> Principal:
        return self._principal

    # -- queries ---------------------------------------------------------------------------

    async def departments(self) -> list[Department]:
        return await self._db.read(organisation.departments)

    async def agents(self) -> list[Agent]:
        me = self._principal
        found = await self._db.read(organisation.agents)
        return [
            a for a in found
            if me.is_admin or a.id == me.id or any(me.sees_department(d) for d in a.department_ids)
        ]

    async def queue(self) -> list[Inquiry]:
        scope = scope_of(self._principal)
        return await self._db.read(lambda c: chats.queued_inquiries(c, scope))

    async def my_chats(self) -> list[ChatSummary]:
        me = self._principal.id
        return await self._db.read(lambda c: chats.active_chats_served_by(c, me))

    async def chat(self, chat_id: str) -> Chat:
        def read(connection: sqlite3.Connection) -> Chat:
            chat = chats.chat(connection, chat_id)
            rules.require_chat_visible(connection, self._principal, chat)
            return chat

        return await self._db.read(read)

    async def messages(
        self, chat_id: str, *, before_id: int | None = None, limit: int = 500
    ) -> list[Message]:
        def read(connection: sqlite3.Connection) -> list[Message]:
            rules.require_chat_visible(connection, self._principal, chats.chat(connection, chat_id))
            return messages.messages(connection, chat_id, before_id=before_id, limit=limit)

        return await self._db.read(read)

    async def contact(self, contact_id: str) -> Contact:
        def read(connection: sqlite3.Connection) -> Contact:
            found = contacts.contact(connection, contact_id)
            rules.require_contact_visible(connection, self._principal, contact_id)
            return found

        return await self._db.read(read)

    async def contact_history(self, contact_id: str, *, text: str = "") -> list[ChatSummary]:
        query = messages.fts_query(text) if text.strip() else None

        def read(connection: sqlite3.Connection) -> list[ChatSummary]:
            contacts.contact(connection, contact_id)
            rules.require_contact_visible(connection, self._principal, contact_id)
            if text.strip() and query is None:
                return []
            if query is None:
                return chats.contact_history(connection, contact_id)
            return chats.contact_history_matching(connection, contact_id, query)

        return await self._db.read(read)

    async def search(self, text: str, *, limit: int = 50) -> list[SearchHit]:
        query = messages.fts_query(text)
        if query is None:
            return []
        scope = scope_of(self._principal)
        me = self._principal.id
        return await self._db.read(
            lambda c: messages.search(c, query, scope=scope, agent_id=me, limit=limit)
        )

    # -- commands --------------------------------------------------------------------------

    async def take(self, inquiry_id: str) -> ChatSummary:
        me = self._principal
        rules.require_agent(me)
        now = self._engine.clock.now()

        def write(connection: sqlite3.Connection) -> tuple[Inquiry, ChatSummary]:
            inquiry = chats.inquiry(connection, inquiry_id)
            if not me.sees_department(inquiry.department_id):
                raise NotAllowed("This inquiry is for a department you do not work in.")
            agent = organisation.agent(connection, me.id)
            if not agent.takes_chats:
                raise Refused("You are not available: switch to Available to take chats.",
                              code="agent-not-available")
            rules.chat_limit(connection, agent, inquiry.department_id)
            chats.delete_inquiry(connection, inquiry.id)
            chats.assign_chat(connection, inquiry.chat_id, me.id)
            messages.add_message(
                connection, inquiry.chat_id, author_kind=AuthorKind.SYSTEM, author_id=me.id,
                author_name=me.name, text=f"{me.name} joined the chat.", sent_at=now,
            )
            return inquiry, chats.chat_summary(connection, inquiry.chat_id)

        inquiry, summary = await self._db.write(write)
        self._engine.publish(InquiryRemoved(inquiry.id, inquiry.chat_id, inquiry.department_id,
                                            InquiryRemovedReason.TAKEN))
        self._engine.publish(ChatAssigned(summary, previous_agent_id=None))
        return summary

    async def send_message(self, chat_id: str, text: str) -> Message:
        me = self._principal
        text = rules.message_text(text)
        now = self._engine.clock.now()

        def write(connection: sqlite3.Connection) -> tuple[Message, Chat]:
            chat = chats.chat(connection, chat_id)
            if chat.served_by_id != me.id:
                raise NotAllowed("Only the agent serving this chat can write in it.")
            rules.require_active(chat)
            if chat.status is ChatStatus.ON_HOLD:
                raise Refused("This chat is on hold: resume it before writing.", code="chat-on-hold")
            message = messages.add_message(
                connection, chat_id, author_kind=AuthorKind.AGENT, author_id=me.id,
                author_name=me.name, text=text, sent_at=now,
            )
            return message, chat

        message, chat = await self._db.write(write)
        self._engine.publish(MessageAdded(message, department_id=chat.department_id,
                                          served_by_id=chat.served_by_id))
        return message

    async def close_chat(
        self, chat_id: str, *, comment: str = "", tags: Sequence[str] = ()
    ) -> ChatSummary:
        me = self._principal
        cleaned_tags = rules.close_tags(tags)
        cleaned_comment = rules.comment_text(comment)
        now = self._engine.clock.now()

        def write(connection: sqlite3.Connection) -> tuple[ChatSummary, Message]:
            chat = chats.chat(connection, chat_id)
            rules.require_can_manage(me, chat)
            rules.require_active(chat)
            note = f"{me.name} closed the chat" + (f": {cleaned_comment}" if cleaned_comment else ".")
            message = messages.add_message(
                connection, chat_id, author_kind=AuthorKind.SYSTEM, author_id=me.id,
                author_name=me.name, text=note, sent_at=now,
            )
            chats.close_chat(connection, chat_id, at=now, comment=cleaned_comment, tags=cleaned_tags)
            return chats.chat_summary(connection, chat_id), message

        summary, message = await self._db.write(write)
        self._engine.publish(MessageAdded(message, department_id=summary.department_id,
                                          served_by_id=summary.served_by_id))
        self._engine.publish(ChatClosed(summary))
        return summary

    async def transfer(
        self,
        chat_id: str,
        *,
        to_agent_id: str | None = None,
        to_department_id: str | None = None,
        comment: str = "",
    ) -> ChatSummary:
        me = self._principal
        if to_agent_id is None and to_department_id is None:
            raise InvalidInput("Choose an agent or a department to transfer to.",
                               code="transfer-target-missing")
        cleaned_comment = rules.comment_text(comment)
        now = self._engine.clock.now()

        def write(connection: sqlite3.Connection) -> tuple[Chat, ChatSummary, Inquiry | None, Message]:
            chat = chats.chat(connection, chat_id)
            rules.require_can_manage(me, chat)
            rules.require_active(chat)
            if to_department_id is not None:
                # Department wins over agent, as in Rocket.Chat's RoutingManager.transferRoom.
                department = next((d for d in organisation.departments(connection)
                                   if d.id == to_department_id), None)
                if department is None or not department.enabled:
                    raise NotFound("That department does not exist or is disabled.",
                                   code="department-unknown")
                target_agent: str | None = None
                target_department: str | None = department.id
                note = f"{me.name} transferred the chat to {department.name}"
            else:
                assert to_agent_id is not None
                if to_agent_id == chat.served_by_id:
                    raise Refused("The chat is already served by that agent.", code="transfer-same-agent")
                target = organisation.agent(connection, to_agent_id)
                if not target.takes_chats:
                    raise Refused(f"{target.name} is not available to take chats.",
                                  code="agent-not-available")
                rules.chat_limit(connection, target, chat.department_id)
                target_agent, target_department = target.id, chat.department_id
                note = f"{me.name} transferred the chat to {target.name}"
            chats.record_transfer(connection, chat_id, Transfer(
                at=now, by_id=me.id, from_agent_id=chat.served_by_id, to_agent_id=target_agent,
                to_department_id=to_department_id, comment=cleaned_comment,
            ))
            message = messages.add_message(
                connection, chat_id, author_kind=AuthorKind.SYSTEM, author_id=me.id,
                author_name=me.name,
                text=note + (f": {cleaned_comment}" if cleaned_comment else "."), sent_at=now,
            )
            inquiry: Inquiry | None = None
            if target_agent is None:
                chats.requeue_chat(connection, chat_id, target_department)
                inquiry_id = self._engine._new_id()
                chats.insert_inquiry(connection, Inquiry(
                    id=inquiry_id, chat_id=chat_id, visitor_id=chat.visitor_id,
                    visitor_name=chat.visitor_name, contact_id=chat.contact_id, channel=chat.channel,
                    department_id=target_department, priority=Priority.NOT_SPECIFIED,
                    queued_at=now, sla_due_at=None, preview=cleaned_comment or note,
                ))
                inquiry = chats.inquiry(connection, inquiry_id)
            else:
                chats.move_chat(connection, chat_id, agent_id=target_agent,
                                department_id=target_department)
            return chat, chats.chat_summary(connection, chat_id), inquiry, message

        before, summary, inquiry, message = await self._db.write(write)
        self._engine.publish(MessageAdded(message, department_id=summary.department_id,
                                          served_by_id=summary.served_by_id))
        if inquiry is not None:
            if before.served_by_id is not None:
                self._engine.publish(ChatUnassigned(chat_id, before.served_by_id))
            self._engine.publish(InquiryQueued(inquiry))
            await self._engine.dispatch(inquiry)
        else:
            self._engine.publish(ChatAssigned(summary, previous_agent_id=before.served_by_id))
        return summary

    async def set_availability(self, availability: Availability) -> Agent:
        me = self._principal
        rules.require_agent(me)
        now = self._engine.clock.now()

        def write(connection: sqlite3.Connection) -> Agent:
            agent = organisation.agent(connection, me.id)
            if availability is Availability.AVAILABLE and not rules.business_hours_open(
                connection, agent, now
            ):
                raise Refused(
                    "Business hours are closed for your departments: you can become available "
                    "when they open.",
                    code="business-hours-closed",
                )
            organisation.set_agent_presence(connection, me.id, availability=availability)
            return organisation.agent(connection, me.id)

        agent = await self._db.write(write)
        self._engine.publish(AgentStatusChanged(agent))
        return agent

    # -- events ----------------------------------------------------------------------------

    def events(self) -> Subscription:
        subscription = self._engine.bus.subscribe(_visible_to(self._principal))
        self._subscriptions.append(subscription)
        return subscription

    async def aclose(self) -> None:
        if self._closed:
            return
        self._closed = True
        for subscription in self._subscriptions:
            subscription.close()
        if self._principal.is_agent:
            await self._engine.set_presence(self._principal.id, AgentStatus.OFFLINE)


def _visible_to(me: Principal) -> Callable[[Event], bool]:
    def supervises(department_id: str | None) -> bool:
        return me.is_admin or (me.is_monitor and department_id in me.unit_department_ids)

    def accepts(event: Event) -> bool:
        match event:
            case InquiryQueued(inquiry=inquiry):
                return me.sees_department(inquiry.department_id)
            case InquiryRemoved(department_id=department_id):
                return me.sees_department(department_id)
            case ChatAssigned(chat=chat, previous_agent_id=previous):
                return me.id in (chat.served_by_id, previous) or supervises(chat.department_id)
            case ChatUnassigned(previous_agent_id=previous):
                return previous == me.id or me.is_admin
            case ChatClosed(chat=chat):
                return chat.served_by_id == me.id or supervises(chat.department_id)
            case MessageAdded(served_by_id=served_by, department_id=department_id):
                return served_by == me.id or supervises(department_id)
            case AgentStatusChanged():
                return True


    return accepts
