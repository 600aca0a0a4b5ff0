"""The visitor side of the embedded desk: what a website visitor may do, known by their token.

A token (made by the visitor's browser) reads and writes only its own visitor's chats; every
entry point checks that. What the desk writes for agents only (routing reasons, notes) never
reaches a visitor.
"""

from __future__ import annotations

import asyncio
import re
import sqlite3
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from app.backends.embedded.apply import Request
from app.backends.events import VisitorTyping
from app.backends.refusals import Refusals, refusal
from app.domain import (
    Agent,
    Attachment,
    AuthorKind,
    Channel,
    Chat,
    ChatStatus,
    FileLimits,
    Message,
    PageVisit,
    Visitor,
    VisitorContext,
    describe_user_agent,
)
from app.errors import InvalidInput, NotAllowed, NotFound, Refused
from app.routing.decisions import Decision, Outcome
from app.routing.engine import RoutingEngine
from app.store import chats, contacts, messages, organisation

if TYPE_CHECKING:
    from app.backends.embedded.engine import EmbeddedEngine

_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,128}$")
# A message id a visitor's client chose (Rocket.Chat's are 17 letters and digits).
_MESSAGE_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,190}$")
MAX_NAME_CHARS = 100
_HISTORY_LIMIT = 5_000
# What the visitor's browser tells is kept short: a page title, a URL, a User-Agent header.
_MAX_TITLE_CHARS = 200
_MAX_URL_CHARS = 2_000
_MAX_USER_AGENT_CHARS = 500
# Pages kept per chat (the latest), and before a chat exists, per token in memory, for this many
# tokens (Rocket.Chat keeps a roomless visitor's navigation a month; here, until the app stops).
_MAX_PAGES = 50
_MAX_PENDING_TOKENS = 2_000


@dataclass(frozen=True, slots=True)
class VisitorMessage:
    """A message as a visitor may see it."""

    id: str
    chat_id: str
    text: str
    author_id: str
    author_name: str
    from_visitor: bool
    sent_at_ms: int
    attachment: Attachment | None = None


def check_token(token: object) -> str:
    if not isinstance(token, str) or not _TOKEN.match(token):
        raise InvalidInput(Refusals.tr("A visitor token is 16 to 128 letters, digits, - or _."),
                           code="invalid-token")
    return token


def check_message_id(message_id: object) -> str:
    if not isinstance(message_id, str) or not _MESSAGE_ID.match(message_id):
        raise InvalidInput(Refusals.tr("A message id is 1 to 64 letters, digits, - or _."),
                           code="invalid-message-id")
    return message_id


class VisitorDesk:
    def __init__(self, engine: EmbeddedEngine) -> None:
        self._engine = engine
        self._db = engine.database
        # token -> what their browser told before they had a chat (facts, when), oldest first.
        self._pending: OrderedDict[str, list[tuple[dict[str, str], datetime]]] = OrderedDict()

    async def page_visited(self, token: str, chat_id: str | None, *, title: str, url: str,
                           user_agent: str = "") -> None:
        """The widget tells a page the visitor opened (Rocket.Chat's `livechat/page.visited`,
        kept as hidden `livechat_navigation_history` messages of the room). Kept with the chat
        when the visitor has one, else until their chat starts; shown to staff only."""
        token = check_token(token)
        facts = {"page_title": " ".join(title.split())[:_MAX_TITLE_CHARS],
                 "page_url": url.strip()[:_MAX_URL_CHARS]}
        if user_agent:
            facts["user_agent"] = user_agent[:_MAX_USER_AGENT_CHARS]
        now = self._engine.clock.now()
        if chat_id is None:
            current = await self.current_room(token) if await self.visitor(token) is not None else None
            chat_id = current.id if current is not None else None
        if chat_id is None:
            pending = self._pending.setdefault(token, [])
            self._pending.move_to_end(token)
            pending.append((facts, now))
            del pending[:-_MAX_PAGES]
            while len(self._pending) > _MAX_PENDING_TOKENS:
                self._pending.popitem(last=False)
            return
        await self._own_chat(token, chat_id)
        message_id = self._engine.new_id()
        await self._db.write(lambda c: messages.add_context(
            c, chat_id, message_id=message_id, facts=facts, sent_at=now))

    async def _keep_pending(self, token: str, chat_id: str) -> None:
        """What the browser told before the chat started goes with the chat."""
        pending = self._pending.pop(token, [])
        if not pending:
            return
        ids = [self._engine.new_id() for _ in pending]

        def write(connection: sqlite3.Connection) -> None:
            for message_id, (facts, at) in zip(ids, pending, strict=True):
                messages.add_context(connection, chat_id, message_id=message_id, facts=facts, sent_at=at)

        await self._db.write(write)

    async def register(
        self, token: str, *, name: str, email: str = "", department_id: str | None = None
    ) -> Visitor:
        """A visitor introduces themselves: a new unknown contact, unless a contact made by hand
        without any channel lists their email (Rocket.Chat's rule): then they join it, and a
        different name waits as a conflict. Typing a customer's email never joins that customer's
        contact: verifying the channel does, once an agent has checked it."""
        token = check_token(token)
        name = " ".join(name.split())[:MAX_NAME_CHARS] or "Visitor"
        email = email.strip()
        if email and not _EMAIL.match(email):
            raise InvalidInput(Refusals.tr("That email address does not look right."), code="invalid-email")
        now = self._engine.clock.now()
        new_id = self._engine.new_id

        def write(connection: sqlite3.Connection) -> Visitor:
            if department_id is not None and department_id not in {
                d.id for d in organisation.departments(connection) if d.enabled
            }:
                raise NotFound(Refusals.tr("That department does not exist."), code="department-unknown")
            known = contacts.visitor_by_token(connection, token)
            if known is not None:
                contacts.rename_visitor(connection, known.id, name, email or known.address)
                if department_id is not None:
                    contacts.set_visitor_department(connection, known.id, department_id)
                return contacts.visitor(connection, known.id)
            contact_id = contacts.preregistered_contact_with_email(connection, email) if email else None
            if contact_id is None:
                # Made from a visitor, vouched for by nobody yet: Rocket.Chat's `unknown`.
                contact_id = f"contact-{new_id()}"
                contacts.insert_contact(connection, contact_id, name, now, unknown=True)
            elif contacts.contact(connection, contact_id).name.casefold() != name.casefold():
                # A contact made by hand is known: a differing name waits as a conflict.
                contacts.record_conflict(connection, contact_id, "name", name, now,
                                         source=f"website visitor {name} ({email})")
            visitor = Visitor(
                id=f"visitor-{new_id()}",
                name=name,
                channel=Channel.WIDGET,
                address=email or "web chat",
                contact_id=contact_id,
                created_at=now,
            )
            contacts.insert_visitor(connection, visitor, verified=False)
            contacts.set_visitor_token(connection, visitor.id, token)
            contacts.set_visitor_department(connection, visitor.id, department_id)
            return contacts.visitor(connection, visitor.id)

        return await self._db.write(write)

    async def leave_message(
        self, *, name: str, email: str, text: str, department_id: str | None = None
    ) -> Chat:
        """The offline form: the message waits in the queue as an email for the next agent."""
        name = " ".join(name.split())[:MAX_NAME_CHARS] or "Visitor"
        email = email.strip()
        if not _EMAIL.match(email):
            raise InvalidInput(Refusals.tr("That email address does not look right."), code="invalid-email")
        now = self._engine.clock.now()
        new_id = self._engine.new_id

        def write(connection: sqlite3.Connection) -> Visitor:
            contact_id = contacts.preregistered_contact_with_email(connection, email)
            if contact_id is None:
                contact_id = f"contact-{new_id()}"
                contacts.insert_contact(connection, contact_id, name, now, unknown=True)
            visitor = Visitor(
                id=f"visitor-{new_id()}",
                name=name,
                channel=Channel.EMAIL,
                address=email,
                contact_id=contact_id,
                created_at=now,
            )
            contacts.insert_visitor(connection, visitor, verified=False)
            return visitor

        visitor = await self._db.write(write)
        inquiry = await self._engine.open_chat(
            visitor_id=visitor.id, text=text, department_id=department_id, always_queue=True
        )
        return await self._db.read(lambda c: chats.chat(c, inquiry.chat_id))

    async def visitor(self, token: str) -> Visitor | None:
        token = check_token(token)
        return await self._db.read(lambda c: contacts.visitor_by_token(c, token))

    async def current_room(self, token: str) -> Chat | None:
        visitor = await self._known(token)

        def read(connection: sqlite3.Connection) -> Chat | None:
            chat_id = chats.active_chat_of_visitor(connection, visitor.id)
            return None if chat_id is None else chats.chat(connection, chat_id)

        return await self._db.read(read)

    async def start_room(self, token: str, *, department_id: str | None = None) -> Chat:
        """The visitor's chat that is going on, or a new one, routed (may raise no-agent-online)."""
        existing = await self.current_room(token)
        if existing is not None:
            return existing
        visitor = await self._known(token)
        if department_id is None:
            # The department chosen on the registration form, as Rocket.Chat keeps it.
            department_id = await self._db.read(lambda c: contacts.visitor_department(c, visitor.id))
        elif department_id not in {d.id for d in await self._db.read(organisation.departments) if d.enabled}:
            raise NotFound(Refusals.tr("That department does not exist."), code="department-unknown")
        inquiry = await self._engine.open_chat(visitor_id=visitor.id, text=None, department_id=department_id)
        await self._keep_pending(token, inquiry.chat_id)
        return await self._db.read(lambda c: chats.chat(c, inquiry.chat_id))

    async def send(self, token: str, chat_id: str, text: str, *, message_id: str | None = None) -> Message:
        """The visitor writes; `message_id` is the id their client chose (Rocket.Chat's `_id`),
        which makes a retry safe: a message with that id already stored is refused."""
        if message_id is not None:
            message_id = check_message_id(message_id)
        await self._own_chat(token, chat_id)
        return await self._engine.post_visitor_message(chat_id, text, message_id=message_id)

    async def file_limits(self) -> FileLimits:
        """Which files visitors may send; Refused ('error-file-upload-disabled') when none."""
        from app.backends.embedded import files  # noqa: PLC0415

        return await files.require_enabled(self._engine, visitor=True)

    async def open_room(self, token: str, chat_id: str) -> Chat:
        """The visitor's chat, while it is open (waiting, served or on hold): Rocket.Chat's
        findOneOpenByRoomIdAndVisitorToken. NotAllowed for a closed chat or another's."""
        chat = await self._own_chat(token, chat_id)
        if chat.status is ChatStatus.CLOSED:
            raise NotAllowed(Refusals.tr("This chat is closed; start a new one."), code="chat-not-open")
        return chat

    async def send_file(self, token: str, chat_id: str, incoming: Path, *, size: int, name: str,
                        declared_type: str, caption: str, limits: FileLimits) -> Message:
        """The visitor sends the received file at `incoming` (owned by this call: kept or
        removed) to their open chat (Rocket.Chat's livechat/upload/:rid)."""
        from app.backends.embedded import files  # noqa: PLC0415

        try:
            await self.open_room(token, chat_id)
        except BaseException:
            await asyncio.to_thread(incoming.unlink, True)
            raise

        def check(chat: Chat) -> None:
            if chat.status is ChatStatus.CLOSED:
                raise Refused(Refusals.tr("This chat is closed; start a new one."), code="chat-closed")

        return await files.post_file(
            self._engine, chat_id, incoming, size=size, name=name, declared_type=declared_type,
            caption=caption, limits=limits, author_kind=AuthorKind.VISITOR, check=check,
        )

    async def file(self, token: str, file_id: str) -> tuple[Attachment, Path]:
        """A file of one of the visitor's chats (closed ones too) and where its bytes are:
        NotAllowed for any other file, the same answer whether or not it exists."""
        try:
            found, message = await self._db.read(lambda c: messages.attachment_by_id(c, file_id))
        except NotFound:
            raise NotAllowed(Refusals.tr("This file is not yours."), code="file-not-yours") from None
        if message.author_kind.staff_only:
            raise NotAllowed(Refusals.tr("This file is not yours."), code="file-not-yours")
        await self._own_chat(token, message.chat_id)
        return found, self._engine.files.path(found.id)

    async def history(self, token: str, chat_id: str) -> list[VisitorMessage]:
        """The chat's newest messages the visitor may see (up to a few thousand), oldest first."""
        await self._own_chat(token, chat_id)
        found = await self._db.read(lambda c: messages.page(c, chat_id, limit=_HISTORY_LIMIT))
        return [visible for message in found.messages if (visible := for_visitor(message)) is not None]

    async def close(self, token: str, chat_id: str) -> None:
        chat = await self._own_chat(token, chat_id)
        if chat.status is ChatStatus.CLOSED:
            return
        visitor = await self._known(token)

        def decide(routing: RoutingEngine) -> list[Decision]:
            if chat_id in routing.chats:
                return routing.close(chat_id)
            return routing.withdraw(chat_id)

        await self._engine.command(
            decide,
            request=Request(actor_id=visitor.id, actor_name=visitor.name, comment="Closed by the visitor"),
        )

    async def queue_place(self, token: str, chat_id: str) -> tuple[int, int | None] | None:
        """(place in the department's line, estimated wait in seconds) while the chat waits."""
        await self._own_chat(token, chat_id)
        routing = await self._engine.routing()
        if chat_id not in routing.queue:
            return None
        return routing.queue.position(chat_id), routing.estimated_wait_s(chat_id)

    async def change_department(self, token: str, chat_id: str, department_id: str) -> Chat:
        """The visitor asks for another department: the chat goes back to that department's queue."""
        chat = await self._own_chat(token, chat_id)
        if chat.status is ChatStatus.CLOSED:
            raise Refused(Refusals.tr("This chat is closed; start a new one."), code="chat-closed")
        if department_id not in {d.id for d in await self._db.read(organisation.departments) if d.enabled}:
            raise NotFound(Refusals.tr("That department does not exist."), code="department-unknown")
        visitor = await self._known(token)

        def decide(routing: RoutingEngine) -> list[Decision]:
            return routing.transfer(chat_id, to_department=department_id)

        if chat.status is ChatStatus.QUEUED:
            await self._engine.requeue_waiting(chat_id, department_id, visitor)
        else:
            await self._engine.command(
                decide,
                request=Request(
                    actor_id=visitor.id,
                    actor_name=visitor.name,
                    comment="The visitor asked for another department",
                ),
                refuse_on=self._refuse_move,
            )
        await self._db.write(lambda c: contacts.set_visitor_department(c, visitor.id, department_id))
        return await self._db.read(lambda c: chats.chat(c, chat_id))

    def _refuse_move(self, decisions: list[Decision]) -> None:
        """The chat changed while the visitor asked (closed, put on hold): say so, change nothing."""
        failed = next((d for d in decisions if d.outcome is Outcome.FAILED and d.error), None)
        if failed is not None and failed.error is not None:
            raise refusal(failed.error, failed.reason, "The chat", self._engine.names())

    async def typing(self, token: str, chat_id: str, typing: bool) -> None:
        """The visitor types (or stops): the serving agent sees it; nothing is stored."""
        chat = await self._own_chat(token, chat_id)
        if chat.is_active:
            self._engine.publish(VisitorTyping(chat_id, typing, chat.place))

    async def agent(self, token: str, chat_id: str) -> Agent | None:
        chat = await self._own_chat(token, chat_id)
        if chat.served_by_id is None:
            return None
        served_by = chat.served_by_id
        return await self._db.read(lambda c: organisation.agent(c, served_by))

    async def _known(self, token: str) -> Visitor:
        visitor = await self.visitor(token)
        if visitor is None:
            raise NotFound(Refusals.tr("Unknown visitor: register first."), code="visitor-unknown")
        return visitor

    async def _own_chat(self, token: str, chat_id: str) -> Chat:
        visitor = await self._known(token)
        try:
            chat = await self._db.read(lambda c: chats.chat(c, chat_id))
        except NotFound:
            chat = None
        # The same answer for "not yours" and "does not exist": a token learns nothing about others.
        if chat is None or chat.visitor_id != visitor.id:
            raise NotAllowed(Refusals.tr("This chat is not yours."), code="chat-not-yours")
        return chat


def for_visitor(message: Message) -> VisitorMessage | None:
    """What a visitor may see of a message: their own and the agents'; never internal notes nor
    the desk's own system messages (routing reasons, who took the chat)."""
    if message.author_kind.staff_only:
        return None
    return VisitorMessage(
        id=message.id,
        chat_id=message.chat_id,
        text=message.text,
        author_id=message.author_id or "",
        author_name=message.author_name,
        from_visitor=message.author_kind is AuthorKind.VISITOR,
        sent_at_ms=int(message.sent_at.timestamp() * 1000),
        attachment=message.attachment,
    )


def read_context(connection: sqlite3.Connection, chat_id: str) -> VisitorContext:
    """The chat's visitor context: its hidden context rows, its department, its contact's custom
    fields. The caller has checked that the reader may see the chat."""
    chat = chats.chat(connection, chat_id)
    pages: list[PageVisit] = []
    user_agent = ""
    for facts, at in messages.context_rows(connection, chat_id):
        if facts.get("page_url") or facts.get("page_title"):
            pages.append(PageVisit(title=facts.get("page_title", ""), url=facts.get("page_url", ""), at=at))
        user_agent = facts.get("user_agent") or user_agent
    browser, system = describe_user_agent(user_agent)
    contact = contacts.contact(connection, chat.contact_id)
    return VisitorContext(pages=tuple(pages[-_MAX_PAGES:]), user_agent=user_agent, browser=browser,
                          os=system, department_id=chat.department_id,
                          custom_fields=contact.custom_fields)
