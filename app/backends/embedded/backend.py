"""`Backend` for one signed-in user of the embedded engine: scoping and rules, then the store."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from app.backends.bus import Subscription
from app.backends.embedded import rules
from app.backends.embedded.apply import Request
from app.backends.embedded.refusals import refusal
from app.backends.events import (
    AgentStatusChanged,
    ChatAssigned,
    ChatClosed,
    ChatUnassigned,
    Event,
    InquiryQueued,
    InquiryRemoved,
    MessageAdded,
    VisitorTyping,
)
from app.domain import (
    Agent,
    AgentStatus,
    AuthorKind,
    Availability,
    CannedResponse,
    Chat,
    ChatStatus,
    ChatSummary,
    Contact,
    Department,
    Inquiry,
    Message,
    MessagePage,
    Principal,
    Priority,
    SearchHit,
)
from app.errors import InvalidInput, NotAllowed, NotFound, Refused
from app.routing.decisions import Decision, Outcome
from app.store import canned, chats, contacts, messages, organisation
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

    async def messages(self, chat_id: str, *, before: str | None = None, limit: int = 500) -> MessagePage:
        def read(connection: sqlite3.Connection) -> MessagePage:
            rules.require_chat_visible(connection, self._principal, chats.chat(connection, chat_id))
            return messages.page(connection, chat_id, before=before, limit=limit)

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

    async def tags(self) -> list[str]:
        return await self._db.read(organisation.managed_tags)

    async def canned_responses(self) -> list[CannedResponse]:
        me = self._principal
        return await self._db.read(lambda c: canned.visible_to(c, me.id, me.department_ids))

    # -- commands --------------------------------------------------------------------------

    async def take(self, inquiry_id: str) -> ChatSummary:
        me = self._principal
        rules.require_agent(me)
        inquiry = await self._db.read(lambda c: chats.inquiry(c, inquiry_id))
        if not me.sees_department(inquiry.department_id):
            raise NotAllowed("This inquiry is for a department you do not work in.")
        decisions = await self._engine.command(
            lambda routing: routing.take(inquiry.chat_id, me.id),
            request=self._request(),
            refuse_on=self._refuse(me.name),
        )
        if not any(d.outcome is Outcome.TAKEN for d in decisions):
            raise NotFound("This inquiry is no longer in the queue: someone else has taken it or "
                           "it closed.", code="inquiry-gone")
        return await self._db.read(lambda c: chats.chat_summary(c, inquiry.chat_id))

    async def send_message(self, chat_id: str, text: str) -> Message:
        me = self._principal

        def check(chat: Chat) -> None:
            if chat.served_by_id != me.id:
                raise NotAllowed("Only the agent serving this chat can write in it.")
            rules.require_active(chat)
            if chat.status is ChatStatus.ON_HOLD:
                raise Refused("This chat is on hold: resume it before writing.", code="chat-on-hold")

        return await self._engine.add_message(
            chat_id, text, author_kind=AuthorKind.AGENT, check=check, author=(me.id, me.name),
            request=self._request(),
        )

    async def close_chat(
        self, chat_id: str, *, comment: str = "", tags: Sequence[str] = ()
    ) -> ChatSummary:
        me = self._principal
        cleaned_tags = rules.close_tags(tags)
        cleaned_comment = rules.comment_text(comment)
        chat = await self._db.read(lambda c: chats.chat(c, chat_id))
        rules.require_can_manage(me, chat)
        rules.require_active(chat)
        rules.require_known_tags(cleaned_tags, await self.tags())
        await self._engine.command(
            lambda routing: routing.close(chat_id),
            request=self._request(comment=cleaned_comment, tags=cleaned_tags),
            refuse_on=self._refuse(me.name),
        )
        return await self._db.read(lambda c: chats.chat_summary(c, chat_id))

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

        def check(connection: sqlite3.Connection) -> str:
            chat = chats.chat(connection, chat_id)
            rules.require_can_manage(me, chat)
            rules.require_active(chat)
            if to_department_id is not None:
                department = next((d for d in organisation.departments(connection)
                                   if d.id == to_department_id), None)
                if department is None or not department.enabled:
                    raise NotFound("That department does not exist or is disabled.",
                                   code="department-unknown")
                return department.name
            assert to_agent_id is not None
            if to_agent_id == chat.served_by_id:
                raise Refused("The chat is already served by that agent.", code="transfer-same-agent")
            return organisation.agent(connection, to_agent_id).name

        target_name = await self._db.read(check)
        await self._engine.command(
            # Department wins over agent, as in Rocket.Chat's RoutingManager.transferRoom.
            lambda routing: routing.transfer(
                chat_id, to_agent=None if to_department_id else to_agent_id,
                to_department=to_department_id,
            ),
            request=self._request(comment=cleaned_comment),
            refuse_on=self._refuse(target_name, to_agent_id),
        )
        return await self._db.read(lambda c: chats.chat_summary(c, chat_id))

    async def update_chat_info(
        self, chat_id: str, *, topic: str, tags: Sequence[str], priority: Priority
    ) -> Chat:
        me = self._principal
        cleaned_tags = rules.close_tags(tags)
        cleaned_topic = rules.topic_text(topic)
        now = self._engine.clock.now()

        def write(connection: sqlite3.Connection) -> tuple[Chat, list[Event]]:
            chat = chats.chat(connection, chat_id)
            rules.require_can_manage(me, chat)
            rules.require_known_tags(cleaned_tags, organisation.managed_tags(connection))
            chats.update_info(connection, chat_id, topic=cleaned_topic, tags=cleaned_tags,
                              priority=priority)
            note = messages.add_message(
                connection, chat_id, author_kind=AuthorKind.SYSTEM, author_id=me.id, author_name=me.name,
                text=f"{me.name} updated the chat's topic, tags and priority.", sent_at=now,
            )
            return chats.chat(connection, chat_id), [
                MessageAdded(note, department_id=chat.department_id, served_by_id=chat.served_by_id)]

        updated, events = await self._db.write(write)
        for event in events:
            self._engine.publish(event)
        return updated

    async def put_on_hold(self, chat_id: str) -> ChatSummary:
        return await self._hold_or_resume(chat_id, hold=True)

    async def resume(self, chat_id: str) -> ChatSummary:
        return await self._hold_or_resume(chat_id, hold=False)

    async def _hold_or_resume(self, chat_id: str, *, hold: bool) -> ChatSummary:
        me = self._principal
        chat = await self._db.read(lambda c: chats.chat(c, chat_id))
        rules.require_can_manage(me, chat)
        rules.require_active(chat)
        if hold and chat.status is ChatStatus.ON_HOLD:
            raise Refused("This chat is already on hold.", code="chat-on-hold")
        if not hold and chat.status is ChatStatus.OPEN:
            raise Refused("This chat is not on hold.", code="chat-not-on-hold")
        agent_name = await self._db.read(lambda c: organisation.agent(c, chat.served_by_id or "").name)
        await self._engine.command(
            lambda routing: routing.on_hold(chat_id) if hold else routing.resume(chat_id),
            request=self._request(),
            refuse_on=self._refuse(agent_name, chat.served_by_id),
        )
        return await self._db.read(lambda c: chats.chat_summary(c, chat_id))

    async def set_availability(self, availability: Availability) -> Agent:
        me = self._principal
        rules.require_agent(me)
        await self._engine.command(
            lambda routing: routing.set_agent(me.id, availability=availability),
            request=self._request(),
            refuse_on=self._refuse(me.name),
        )
        return await self._db.read(lambda c: organisation.agent(c, me.id))

    async def save_canned_response(
        self, shortcut: str, text: str, *, response_id: str | None = None
    ) -> CannedResponse:
        me = self._principal
        rules.require_agent(me)
        response = CannedResponse(
            id=response_id or self._engine.new_id(), shortcut=rules.canned_shortcut(shortcut),
            text=rules.message_text(text), department_id=None, owner_id=me.id,
        )

        def write(connection: sqlite3.Connection) -> CannedResponse:
            if response_id is not None and canned.get(connection, response_id).owner_id != me.id:
                raise NotAllowed("You can change only your own canned responses; an admin manages "
                                 "the department ones.")
            canned.save(connection, response)
            return canned.get(connection, response.id)

        return await self._db.write(write)

    async def delete_canned_response(self, response_id: str) -> None:
        me = self._principal

        def write(connection: sqlite3.Connection) -> None:
            if canned.get(connection, response_id).owner_id != me.id:
                raise NotAllowed("You can delete only your own canned responses.")
            canned.delete(connection, response_id)

        await self._db.write(write)

    def _request(self, *, comment: str = "", tags: tuple[str, ...] = ()) -> Request:
        return Request(actor_id=self._principal.id, actor_name=self._principal.name,
                       comment=comment, tags=tags)

    def _refuse(self, name: str, agent_id: str | None = None) -> Callable[[list[Decision]], None]:
        """Turn a routing refusal into an error the user can act on, naming people by name."""
        agent_id = agent_id or self._principal.id

        def check(decisions: list[Decision]) -> None:
            failed = next((d for d in decisions if d.outcome is Outcome.FAILED and d.error), None)
            if failed is None or failed.error is None:
                return
            raise refusal(failed.error, failed.reason.replace(agent_id, name), name)

        return check

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
            case VisitorTyping(served_by_id=served_by):
                return served_by == me.id
            case AgentStatusChanged():
                return True


    return accepts
