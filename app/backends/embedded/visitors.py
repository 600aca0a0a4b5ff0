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
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from app.backends.embedded import visitor_data, visitor_messages
from app.backends.embedded.apply import Request
from app.backends.embedded.visitor_data import FieldValue
from app.backends.embedded.visitor_messages import VisitorMessage, for_visitor
from app.backends.events import MessageAdded, Resynced, VisitorChanged, VisitorTyping
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
from app.store import chats, contacts, messages, organisation, website_visitors

if TYPE_CHECKING:
    from app.backends.embedded.engine import EmbeddedEngine

# A token is whatever the visitor's client made (Rocket.Chat takes any string); here, up to 256
# visible ASCII characters. How short a token the intake takes is its setting (min_token_chars).
_TOKEN = re.compile(r"^[!-~]{1,256}$")
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
# Visitors' statuses (Rocket.Chat's `visitor.status`) are kept in memory for this many tokens.
_MAX_STATUSES = 10_000
_MAX_PHONE_CHARS = 40

__all__ = ["FieldValue", "VisitorDesk", "VisitorMessage", "WebsiteVisitor", "check_message_id",
           "check_token", "for_visitor", "read_context"]


@dataclass(frozen=True, slots=True)
class WebsiteVisitor:
    """A website visitor as Rocket.Chat's visitor API shows them (ILivechatVisitor)."""

    visitor: Visitor
    token: str
    phone: str | None = None
    department_id: str | None = None
    custom_fields: dict[str, str] = field(default_factory=dict)
    status: str = "online"


def check_token(token: object) -> str:
    if not isinstance(token, str) or not _TOKEN.match(token):
        raise InvalidInput(Refusals.tr("A visitor token is 1 to 256 visible characters (letters, digits, "
                                       "punctuation), without spaces."), code="invalid-token")
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
        # token -> what `visitor.status` last said (Rocket.Chat keeps it on the room and inquiry).
        self._statuses: OrderedDict[str, str] = OrderedDict()

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
        if chat_id is not None and await self.room_of(token, chat_id) is None:
            # Rocket.Chat would write into any room named; here the page waits with the token.
            chat_id = None
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
        message_id, kept_with = self._engine.new_id(), chat_id

        def keep(connection: sqlite3.Connection) -> str:
            messages.add_context(connection, kept_with, message_id=message_id, facts=facts, sent_at=now)
            return chats.chat(connection, kept_with).visitor_id

        # The agents reading this visitor's chat see the page without reopening it.
        self._engine.publish(VisitorChanged(await self._db.write(keep)))

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
        self, token: str, *, name: str | None = None, email: str = "", department_id: str | None = None,
        phone: str | None = None, match_phone: bool = False,
    ) -> Visitor:
        """A visitor introduces themselves (Rocket.Chat's `livechat/visitor`): what they leave
        out stays as it was. A new visitor is a new unknown contact, unless a contact made by hand
        without any channel lists their email (Rocket.Chat's rule): then they join it, and a
        different name waits as a conflict. Typing a customer's email never joins that customer's
        contact: verifying the channel does, once an agent has checked it.

        `phone` is kept as sent. With `match_phone`, a new token that gives the phone of an earlier
        website visitor *is* that visitor (Rocket.Chat: the answer carries that visitor's token);
        an unknown department is ignored, as Rocket.Chat ignores it."""
        token = check_token(token)
        cleaned_name = " ".join((name or "").split())[:MAX_NAME_CHARS]
        email = email.strip()
        if email and not _EMAIL.match(email):
            raise InvalidInput(Refusals.tr("That email address does not look right."), code="invalid-email")
        number = " ".join((phone or "").split())[:_MAX_PHONE_CHARS] or None
        now = self._engine.clock.now()
        new_id = self._engine.new_id

        def write(connection: sqlite3.Connection) -> Visitor:
            department = department_id if department_id in {
                d.id for d in organisation.departments(connection) if d.enabled} else None
            known = contacts.visitor_by_token(connection, token)
            if known is None and number is not None and match_phone:
                first = website_visitors.website_visitor_with_phone(connection, number)
                known = None if first is None else contacts.visitor(connection, first)
            if known is not None:
                contacts.rename_visitor(connection, known.id, cleaned_name or known.name,
                                        email or known.address)
                if department is not None:
                    contacts.set_visitor_department(connection, known.id, department)
                if number is not None:
                    website_visitors.set_phone(connection, known.id, number)
                return contacts.visitor(connection, known.id)
            shown_name = cleaned_name or "Visitor"
            contact_id = contacts.preregistered_contact_with_email(connection, email) if email else None
            if contact_id is None:
                # Made from a visitor, vouched for by nobody yet: Rocket.Chat's `unknown`.
                contact_id = f"contact-{new_id()}"
                contacts.insert_contact(connection, contact_id, shown_name, now, unknown=True)
            elif contacts.contact(connection, contact_id).name.casefold() != shown_name.casefold():
                # A contact made by hand is known: a differing name waits as a conflict.
                contacts.record_conflict(connection, contact_id, "name", shown_name, now,
                                         source=f"website visitor {shown_name} ({email})")
            visitor = Visitor(
                id=f"visitor-{new_id()}",
                name=shown_name,
                channel=Channel.WIDGET,
                address=email or "web chat",
                contact_id=contact_id,
                created_at=now,
            )
            contacts.insert_visitor(connection, visitor, verified=False)
            contacts.set_visitor_token(connection, visitor.id, token)
            contacts.set_visitor_department(connection, visitor.id, department)
            if number is not None:
                website_visitors.set_phone(connection, visitor.id, number)
            return contacts.visitor(connection, visitor.id)

        return await self._db.write(write)

    async def profile(self, visitor_id: str) -> WebsiteVisitor | None:
        """The website visitor `visitor_id` with what they told (None when there is none)."""

        def read(connection: sqlite3.Connection) -> WebsiteVisitor | None:
            row = connection.execute("SELECT token FROM visitors WHERE id = ?", (visitor_id,)).fetchone()
            if row is None or row[0] is None:
                return None
            return WebsiteVisitor(
                visitor=contacts.visitor(connection, visitor_id), token=str(row[0]),
                phone=website_visitors.phone(connection, visitor_id),
                department_id=contacts.visitor_department(connection, visitor_id),
                custom_fields=website_visitors.custom_fields(connection, visitor_id),
                status=self._statuses.get(str(row[0]), "online"))

        return await self._db.read(read)

    async def set_status(self, token: str, status: str) -> None:
        """What the widget says of its visitor (Rocket.Chat's visitor.status: online, away...)."""
        await self._known(token)
        self._statuses[token] = status[:20]
        self._statuses.move_to_end(token)
        while len(self._statuses) > _MAX_STATUSES:
            self._statuses.popitem(last=False)

    def status(self, token: str) -> str:
        """What the widget last said of its visitor (online until it says otherwise)."""
        return self._statuses.get(token, "online")

    async def set_custom_fields(self, token: str, values: Sequence[FieldValue],
                                defined: Collection[str]) -> None:
        """The site sets custom fields of its visitor (setCustomField): kept when the admin
        defined them; the visitor's context shows them to staff."""
        visitor = await self._known(token)
        await self._db.write(lambda c: visitor_data.set_custom_fields(c, visitor.id, values, defined))
        self._engine.publish(VisitorChanged(visitor.id))

    async def forget(self, token: str) -> str:
        """The visitor's "remove my data" (Rocket.Chat's DELETE livechat/visitor/:token): the
        visitor, their chats and messages are deleted; refused ("visitor-has-open-rooms") while a
        chat of theirs is going on. Returns the visitor's id."""
        visitor = await self._known(token)

        def write(connection: sqlite3.Connection) -> list[str]:
            if chats.active_chat_of_visitor(connection, visitor.id) is not None:
                raise Refused("Cannot remove visitors with opened rooms", code="visitor-has-open-rooms")
            return website_visitors.forget(connection, visitor.id)

        for file_id in await self._db.write(write):
            await asyncio.to_thread(self._engine.files.discard, file_id)
        self._pending.pop(token, None)
        self._statuses.pop(token, None)
        # Chats vanished from lists and contact histories: every desk reloads what it shows.
        self._engine.publish(Resynced("A website visitor removed their data."))
        return visitor.id

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

    async def history(self, token: str, chat_id: str, *, offset: int = 0, limit: int = _HISTORY_LIMIT,
                      before_ms: int | None = None) -> list[VisitorMessage]:
        """A page of what the visitor sees of the chat, newest first (Rocket.Chat's
        messages.history): `limit` messages after the `offset` newest, sent before `before_ms`
        when given; the chat's `livechat-started` message is the oldest of all."""
        chat = await self._own_chat(token, chat_id)
        return await self._db.read(lambda c: visitor_messages.history_page(
            c, chat, offset=max(0, offset), limit=max(1, min(limit, _HISTORY_LIMIT)), before_ms=before_ms))

    async def message(self, token: str, chat_id: str, message_id: str) -> VisitorMessage | None:
        """One message of the visitor's chat as they see it; None when they see no such one."""
        await self._own_chat(token, chat_id)
        found = await self._db.read(lambda c: messages.get(c, chat_id, message_id))
        return None if found is None else for_visitor(found)

    async def edit_message(self, token: str, chat_id: str, message_id: str, text: str) -> VisitorMessage:
        """The visitor changes their own message; the serving agent sees the new text, marked."""
        visitor = await self._known(token)
        await self._own_chat(token, chat_id)
        now = self._engine.clock.now()
        changed = await self._db.write(lambda c: visitor_messages.edit(
            c, chat_id, message_id, text, visitor=visitor, at=now))
        self._engine.publish(changed)
        shown = for_visitor(changed.message)
        assert shown is not None  # an edited message is the visitor's own, not deleted
        return shown

    async def delete_message(self, token: str, chat_id: str, message_id: str) -> None:
        """The visitor deletes their own message: gone for them, a marker for staff."""
        visitor = await self._known(token)
        await self._own_chat(token, chat_id)
        now = self._engine.clock.now()
        changed, file_id = await self._db.write(lambda c: visitor_messages.delete(
            c, chat_id, message_id, visitor=visitor, at=now))
        if file_id is not None:
            await asyncio.to_thread(self._engine.files.discard, file_id)
        self._engine.publish(changed)

    async def room_of(self, token: str, chat_id: str) -> Chat | None:
        """The chat `chat_id` when it is this token's (any status), else None: Rocket.Chat's
        findRoom(token, rid). Unknown and someone else's read the same."""
        try:
            return await self._own_chat(token, chat_id)
        except (NotAllowed, NotFound):
            return None

    async def save_survey(self, token: str, chat_id: str, data: Sequence[tuple[str, str]]) -> dict[str, str]:
        """The visitor's answers to the survey after the chat, as staff then read them on the
        chat. Returns what was kept; InvalidInput ("invalid-data") when nothing was."""
        visitor = await self._known(token)
        await self._own_chat(token, chat_id)
        answers = visitor_data.survey_answers(data)
        if not answers:
            raise InvalidInput("None of these answers is one of the survey's.", code="invalid-data")
        await self._staff_note(chat_id, visitor, visitor_data.survey_text(answers))
        return answers

    async def request_transcript(self, token: str, chat_id: str, email: str) -> None:
        """The visitor asks for the chat's transcript by email: there is no mail server here, so
        the request waits in the queue as an email inquiry, transcript included, like an offline
        message; the chat says so to staff."""
        email = email.strip()
        if not _EMAIL.match(email):
            raise InvalidInput(Refusals.tr("That email address does not look right."), code="invalid-email")
        visitor = await self._known(token)
        chat = await self._own_chat(token, chat_id)
        text = await self._db.read(lambda c: visitor_data.transcript_request(c, chat, email))
        await self.leave_message(name=visitor.name, email=email, text=text, department_id=chat.department_id)
        await self._staff_note(chat_id, visitor, f"The visitor asked for the transcript by email ({email}); "
                                                 "the request waits in the queue.")

    async def _staff_note(self, chat_id: str, visitor: Visitor, text: str) -> None:
        """A system message of the chat (staff only), even when the chat is over."""
        now = self._engine.clock.now()
        message_id = self._engine.new_id()

        def write(connection: sqlite3.Connection) -> MessageAdded:
            added = messages.add_message(connection, chat_id, message_id=message_id,
                                         author_kind=AuthorKind.SYSTEM, author_id=visitor.id,
                                         author_name=visitor.name, text=text, sent_at=now)
            return MessageAdded(added, chats.place(connection, chat_id))

        self._engine.publish(await self._db.write(write))

    async def close(self, token: str, chat_id: str) -> None:
        chat = await self._own_chat(token, chat_id)
        if chat.status is ChatStatus.CLOSED:
            raise Refused("This chat is closed already.", code="chat-closed")
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

        def place(routing: RoutingEngine) -> tuple[int, int | None] | None:
            if chat_id not in routing.queue:
                return None
            return routing.queue.position(chat_id), routing.estimated_wait_s(chat_id)

        return await self._engine.read_routing(place)

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
        token = check_token(token)

        def read(connection: sqlite3.Connection) -> tuple[Visitor | None, Chat | None]:
            # One read for both: each request of a visitor asks this, often twice (a thread hop
            # each is what a burst of visitors queues on).
            try:
                chat = chats.chat(connection, chat_id)
            except NotFound:
                chat = None
            return contacts.visitor_by_token(connection, token), chat

        visitor, chat = await self._db.read(read)
        if visitor is None:
            raise NotFound(Refusals.tr("Unknown visitor: register first."), code="visitor-unknown")
        # The same answer for "not yours" and "does not exist": a token learns nothing about others.
        if chat is None or chat.visitor_id != visitor.id:
            raise NotAllowed(Refusals.tr("This chat is not yours."), code="chat-not-yours")
        return chat


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
    from_site = website_visitors.custom_fields(connection, chat.visitor_id)
    return VisitorContext(pages=tuple(pages[-_MAX_PAGES:]), user_agent=user_agent, browser=browser,
                          os=system, department_id=chat.department_id,
                          custom_fields=_custom_fields(contact.custom_fields, from_site))


def _custom_fields(of_contact: tuple[tuple[str, str], ...],
                   from_site: dict[str, str]) -> tuple[tuple[str, str], ...]:
    """The contact's custom fields, then what the website set for this visitor: a value the
    contact already holds once, a different one beside it, marked as the site's (unverified)."""
    shown = list(of_contact)
    held = dict(of_contact)
    for name, value in sorted(from_site.items()):
        if name not in held:
            shown.append((name, value))
        elif held[name] != value:
            shown.append((f"{name} (website)", value))
    return tuple(shown)
