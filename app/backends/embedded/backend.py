"""`Backend` for one signed-in user of the embedded engine.

Every query is scoped by `app.policy` (in SQL, through app.store.scope); every command checks the
policy inside the engine's lock, on the chat as it stands when the change applies.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from app import policy
from app.backends import validation
from app.backends.bus import Subscription
from app.backends.embedded.apply import Request
from app.backends.events import ChatInfoChanged, Event, MessageAdded, Resynced, listener
from app.backends.refusals import Refusals, refusal
from app.backends.store_desk import StoreDesk
from app.backends.wording import Wording, info_changes
from app.config.records import AuditEntry, Change, ChangeOutcome, Record
from app.contacts import blocking
from app.domain import (
    Agent,
    AgentStatus,
    AuthorKind,
    Availability,
    CannedResponse,
    Chat,
    ChatPlace,
    ChatSummary,
    Contact,
    ContactDraft,
    ContactEvent,
    ContactPage,
    ContactQuery,
    FileLimits,
    Message,
    Principal,
    Priority,
    QueuePlace,
    SavedContact,
    Unit,
    UnitDay,
    UnitOverview,
    Verification,
)
from app.domain.whatif import WhatIf
from app.errors import InvalidInput, NotAllowed, NotFound, Refused
from app.policy import Action
from app.routing.decisions import Decision, Outcome
from app.store import canned, chats, messages, organisation
from app.store.files import FileTooLarge

if TYPE_CHECKING:
    from app.backends.embedded.contacts import EmbeddedContacts
    from app.backends.embedded.engine import EmbeddedEngine
    from app.backends.embedded.supervision import EmbeddedSupervision

class EmbeddedBackend(StoreDesk):
    def __init__(self, engine: EmbeddedEngine, principal: Principal) -> None:
        self._engine = engine
        self._db = engine.database
        self._principal = principal
        self._hears = listener(principal)
        self._subscriptions: list[Subscription] = []
        self._closed = False
        # Monitors' and admins' parts are loaded on first use: an agent's start-up does not
        # pay for them.
        self._supervising: EmbeddedSupervision | None = None
        self._contact_center: EmbeddedContacts | None = None

    def _now(self) -> datetime:
        return self._engine.clock.now()

    # -- who am I --------------------------------------------------------------------------

    async def refresh(self) -> None:
        """Read who I am again (an admin changed my departments, units or permissions)."""
        user_id = self._principal.id
        self._principal = await self._db.read(lambda c: organisation.principal(c, user_id))
        self._hears = listener(self._principal)
        for subscription in self._subscriptions:
            subscription.deliver(Resynced("your departments or permissions changed"))

    async def queue_places(self) -> dict[str, QueuePlace]:
        waiting = await self.queue()
        # Routing holds a waiting chat by the chat's id.
        return await self._engine.read_routing(lambda routing: {
            inquiry.id: QueuePlace(routing.queue.position(inquiry.chat_id),
                                   routing.estimated_wait_s(inquiry.chat_id))
            for inquiry in waiting if inquiry.chat_id in routing.queue})

    async def contact(self, contact_id: str) -> Contact:
        return await self._contacts.contact_as_stored(contact_id)

    async def contact_history(self, contact_id: str, *, text: str = "") -> list[ChatSummary]:
        query = messages.fts_query(text) if text.strip() else None
        scope = policy.scope_of(self._principal)

        policy.check_contact_history(self._principal)

        def read(connection: sqlite3.Connection) -> list[ChatSummary]:
            current = self._contacts.require_visible(connection, contact_id)
            if text.strip() and query is None:
                return []
            if query is None:
                return chats.contact_history(connection, current, scope)
            return chats.contact_history_matching(connection, current, query, scope)

        return await self._db.read(read)

    # -- administration (app.backends.contract.Administration) -----------------------------
    # The logic is in app.backends.embedded.configuration; `what_if` is not here yet.

    async def configuration(self) -> list[Record]:
        from app.backends.embedded import configuration  # noqa: PLC0415  (admins only)

        return await configuration.configuration_for(self._engine, self._principal)

    async def apply_change(self, change: Change) -> ChangeOutcome:
        from app.backends.embedded import configuration  # noqa: PLC0415

        return await configuration.apply_change(self._engine, self._principal, change)

    async def audit(self, *, limit: int = 500) -> list[AuditEntry]:
        from app.backends.embedded import configuration  # noqa: PLC0415

        return await configuration.audit_for(self._engine, self._principal, limit)

    # -- commands --------------------------------------------------------------------------
    # Each one checks the policy in `authorize` (or inside its write), which runs under the
    # engine's lock: no other change to the chat can come between the check and the change.

    def _check(self, connection: sqlite3.Connection, action: Action, chat_id: str) -> ChatPlace:
        place = chats.place(connection, chat_id)
        policy.check(self._principal, action, place)
        return place

    async def take(self, inquiry_id: str) -> ChatSummary:
        me = self._principal
        found: list[str] = []

        def authorize(connection: sqlite3.Connection) -> None:
            chat_id = chats.inquiry(connection, inquiry_id).chat_id
            self._check(connection, Action.TAKE, chat_id)
            blocked = chats.take_block(connection, chat_id)
            if blocked:
                raise blocking.refusal(blocked)
            found.append(chat_id)

        decisions = await self._engine.command(
            lambda routing: routing.take(found[0], me.id),
            authorize=authorize,
            request=self._request(),
            refuse_on=self._refuse(me.name),
        )
        if not any(d.outcome is Outcome.TAKEN for d in decisions):
            raise NotFound(Refusals.tr("This inquiry is no longer in the queue: someone else has taken it or "
                           "it closed."), code="inquiry-gone")
        return await self._db.read(lambda c: chats.chat_summary(c, found[0]))

    async def send_message(self, chat_id: str, text: str) -> Message:
        me = self._principal
        return await self._engine.add_message(
            chat_id, text, author_kind=AuthorKind.AGENT,
            check=lambda chat: policy.check(me, Action.WRITE, chat.place),
            author=(me.id, me.name), request=self._request(),
        )

    async def send_file(self, chat_id: str, path: Path) -> Message:
        from app.backends.embedded import files  # noqa: PLC0415  (files are rare: load on first)
        from app.files.accept import too_large  # noqa: PLC0415

        me = self._principal

        def check(chat: Chat) -> None:
            policy.check(me, Action.WRITE, chat.place)

        # Asked before anything is copied, and again under the engine's lock when it is posted.
        await self._db.read(lambda c: check(chats.chat(c, chat_id)))
        limits = await files.require_enabled(self._engine, visitor=False)
        try:
            incoming, size = await asyncio.to_thread(self._engine.files.copy_in, path, limits.max_bytes)
        except FileTooLarge:
            raise too_large(limits) from None
        return await files.post_file(
            self._engine, chat_id, incoming, size=size, name=path.name, declared_type="", caption="",
            limits=limits, author_kind=AuthorKind.AGENT, check=check, author=(me.id, me.name),
            request=self._request(),
        )

    async def file_limits(self) -> FileLimits:
        from app.backends.embedded import files  # noqa: PLC0415

        return await files.file_limits(self._engine)

    def _visible_attachment(self, connection: sqlite3.Connection, message_id: str) -> str:
        """The id of the file the message carries, once the user may see its chat."""
        found = messages.message_by_id(connection, message_id)
        self._require_visible(connection, found.chat_id)
        if found.attachment is None:
            raise NotFound(Refusals.tr("This message carries no file."), code="file-unknown")
        return found.attachment.id

    async def save_attachment(self, message_id: str, destination: Path) -> None:
        file_id = await self._db.read(lambda c: self._visible_attachment(c, message_id))
        await asyncio.to_thread(self._engine.files.copy_out, file_id, destination)

    async def attachment_data(self, message_id: str, *, max_bytes: int) -> bytes:
        file_id = await self._db.read(lambda c: self._visible_attachment(c, message_id))
        try:
            return await asyncio.to_thread(self._engine.files.read, file_id, max_bytes)
        except FileTooLarge:
            raise Refused(Refusals.tr("This file is too large to show here; save it to open it."),
                          code="file-too-large-to-show") from None

    async def add_note(self, chat_id: str, text: str) -> Message:
        me = self._principal
        text = validation.message_text(text)
        now = self._engine.clock.now()
        note_id = self._engine.new_id()
        added: list[Message] = []

        def authorize(connection: sqlite3.Connection) -> None:
            self._check(connection, Action.NOTE, chat_id)

        def write(connection: sqlite3.Connection) -> list[Event]:
            place = chats.place(connection, chat_id)  # as authorized: the engine's lock is held
            note = messages.add_message(
                connection, chat_id, message_id=note_id, author_kind=AuthorKind.NOTE,
                author_id=me.id, author_name=me.name, text=text, sent_at=now,
            )
            added.append(note)
            return [MessageAdded(note, place)]

        # A note answers nobody: routing's timers (first response, silent visitor) ignore it.
        await self._engine.command(lambda routing: [], before=write, authorize=authorize)
        return added[0]

    async def close_chat(
        self, chat_id: str, *, comment: str = "", tags: Sequence[str] = ()
    ) -> ChatSummary:
        me = self._principal
        cleaned_tags = validation.close_tags(tags)
        cleaned_comment = validation.comment_text(comment)

        def authorize(connection: sqlite3.Connection) -> None:
            place = self._check(connection, Action.CLOSE, chat_id)
            validation.require_known_tags(
                cleaned_tags, organisation.managed_tags(connection, place.department_id))

        await self._engine.command(
            lambda routing: routing.close(chat_id),
            authorize=authorize,
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
        if to_agent_id is None and to_department_id is None:
            raise InvalidInput(Refusals.tr("Choose an agent or a department to transfer to."),
                               code="transfer-target-missing")
        cleaned_comment = validation.comment_text(comment)
        target: list[str] = []

        def authorize(connection: sqlite3.Connection) -> None:
            place = self._check(connection, Action.TRANSFER, chat_id)
            # Whom a refusal concerns: the agent named, else the department.
            if to_agent_id is not None:
                if to_agent_id == place.served_by_id:
                    raise Refused(Refusals.tr("The chat is already served by that agent."),
                                  code="transfer-same-agent")
                # A monitor taking a chat over is its new agent: they must be one.
                from app.backends.embedded.supervision import serving_agent  # noqa: PLC0415

                target.append(serving_agent(connection, to_agent_id).name)
            if to_department_id is not None:
                department = next((d for d in organisation.departments(connection)
                                   if d.id == to_department_id), None)
                if department is None or not department.enabled:
                    raise NotFound(Refusals.tr("That department does not exist or is disabled."),
                                   code="department-unknown")
                target.append(department.name)

        await self._engine.command(
            # Rocket.Chat's RoutingManager.transferRoom: a department (with an agent: to that
            # agent of it), else the agent.
            lambda routing: routing.transfer(
                chat_id, to_agent=to_agent_id, to_department=to_department_id,
            ),
            authorize=authorize,
            request=self._request(comment=cleaned_comment),
            refuse_on=self._refuse(lambda: target[0]),
        )
        return await self._db.read(lambda c: chats.chat_summary(c, chat_id))

    async def update_chat_info(
        self, chat_id: str, *, topic: str, tags: Sequence[str], priority: Priority
    ) -> Chat:
        me = self._principal
        cleaned_tags = validation.close_tags(tags)
        cleaned_topic = validation.topic_text(topic)
        now = self._engine.clock.now()
        note_id = self._engine.new_id()
        updated: list[Chat] = []

        def authorize(connection: sqlite3.Connection) -> None:
            place = self._check(connection, Action.EDIT_INFO, chat_id)
            validation.require_known_tags(
                cleaned_tags, organisation.managed_tags(connection, place.department_id))

        def write(connection: sqlite3.Connection) -> list[Event]:
            place = chats.place(connection, chat_id)  # as authorized: the engine's lock is held
            before = chats.chat(connection, chat_id)
            chats.update_info(connection, chat_id, topic=cleaned_topic, tags=cleaned_tags,
                              priority=priority)
            updated.append(chats.chat(connection, chat_id))
            said = info_changes(before, updated[0])
            if said is None:
                return []  # nothing changed: nothing to say
            text = self._engine.say(Wording.tr("{actor} {changes}.").format(actor=me.name, changes=said))
            note = messages.add_message(
                connection, chat_id, message_id=note_id, author_kind=AuthorKind.SYSTEM, author_id=me.id,
                author_name=me.name, text=text, sent_at=now,
            )
            return [MessageAdded(note, place), ChatInfoChanged(updated[0])]

        await self._engine.command(lambda routing: [], before=write, authorize=authorize)
        return updated[0]

    async def put_on_hold(self, chat_id: str) -> ChatSummary:
        return await self._hold_or_resume(chat_id, hold=True)

    async def resume(self, chat_id: str) -> ChatSummary:
        return await self._hold_or_resume(chat_id, hold=False)

    async def _hold_or_resume(self, chat_id: str, *, hold: bool) -> ChatSummary:
        agent: list[str] = []

        def authorize(connection: sqlite3.Connection) -> None:
            place = self._check(connection, Action.HOLD if hold else Action.RESUME, chat_id)
            agent.append(organisation.agent(connection, place.served_by_id or "").name)

        await self._engine.command(
            lambda routing: routing.on_hold(chat_id) if hold else routing.resume(chat_id),
            authorize=authorize,
            request=self._request(),
            refuse_on=self._refuse(lambda: agent[0]),
        )
        return await self._db.read(lambda c: chats.chat_summary(c, chat_id))

    async def set_availability(self, availability: Availability) -> Agent:
        me = self._principal
        policy.require_agent(me)
        await self._engine.command(
            lambda routing: routing.set_agent(me.id, availability=availability),
            request=self._request(),
            refuse_on=self._refuse(me.name),
        )
        return await self._db.read(lambda c: organisation.agent(c, me.id))

    async def set_status(self, status: AgentStatus) -> Agent:
        me = self._principal
        policy.require_agent(me)
        if status is AgentStatus.OFFLINE:
            raise InvalidInput(Refusals.tr("Sign out to go offline."), code="status-offline")

        def remember(connection: sqlite3.Connection) -> list[Event]:
            organisation.choose_status(connection, me.id, status)
            return []

        await self._engine.command(
            lambda routing: routing.set_agent(me.id, status=status),
            before=remember,
            request=self._request(),
            refuse_on=self._refuse(me.name),
        )
        return await self._db.read(lambda c: organisation.agent(c, me.id))

    async def save_canned_response(
        self, shortcut: str, text: str, *, response_id: str | None = None
    ) -> CannedResponse:
        me = self._principal
        policy.require_agent(me)
        response = CannedResponse(
            id=response_id or self._engine.new_id(), shortcut=validation.canned_shortcut(shortcut),
            text=validation.message_text(text), department_id=None, owner_id=me.id,
        )

        def write(connection: sqlite3.Connection) -> CannedResponse:
            if response_id is not None and canned.get(connection, response_id).owner_id != me.id:
                raise NotAllowed(Refusals.tr("You can change only your own canned responses; an admin "
                                             "manages "
                                 "the department ones."))
            canned.save(connection, response)
            return canned.get(connection, response.id)

        return await self._db.write(write)

    async def delete_canned_response(self, response_id: str) -> None:
        me = self._principal

        def write(connection: sqlite3.Connection) -> None:
            if canned.get(connection, response_id).owner_id != me.id:
                raise NotAllowed(Refusals.tr("You can delete only your own canned responses."))
            canned.delete(connection, response_id)

        await self._db.write(write)

    def _request(self, *, comment: str = "", tags: tuple[str, ...] = ()) -> Request:
        return Request(actor_id=self._principal.id, actor_name=self._principal.name,
                       comment=comment, tags=tags)

    def _refuse(self, name: str | Callable[[], str]) -> Callable[[list[Decision]], None]:
        """Turn a routing refusal into an error the user can act on, naming people by name.
        `name` is whom the refusal concerns (or how to find out, once authorized)."""

        def check(decisions: list[Decision]) -> None:
            failed = next((d for d in decisions if d.outcome is Outcome.FAILED and d.error), None)
            if failed is None or failed.error is None:
                return
            who = name() if callable(name) else name
            raise refusal(failed.error, failed.reason, who, self._engine.names())

        return check

    # -- administration ---------------------------------------------------------------------

    async def what_if(self, edited: Sequence[Record], day: date) -> WhatIf:
        from app.backends.embedded.what_if import what_if as replay_with_edits  # noqa: PLC0415

        return await replay_with_edits(self._db, self._principal, edited, day)

    # -- contacts (app.backends.contract.Contacts) --------------------------------------------

    @property
    def _contacts(self) -> EmbeddedContacts:
        if self._contact_center is None:
            from app.backends.embedded.contacts import EmbeddedContacts  # noqa: PLC0415

            self._contact_center = EmbeddedContacts(self._engine, lambda: self._principal)
        return self._contact_center

    async def contacts_page(self, query: ContactQuery) -> ContactPage:
        return await self._contacts.contacts_page(query)

    async def contact_log(self, contact_id: str) -> list[ContactEvent]:
        return await self._contacts.contact_log(contact_id)

    def contact_capabilities(self, contact: Contact) -> frozenset[Action]:
        return self._contacts.contact_capabilities(contact)

    async def verify_channel(self, chat_id: str, field: str, value: str) -> Verification:
        return await self._contacts.verify_channel(chat_id, field, value)

    async def resolve_conflict(self, contact_id: str, field: str, value: str) -> Contact:
        return await self._contacts.resolve_conflict(contact_id, field, value)

    async def save_contact(self, draft: ContactDraft, *, contact_id: str | None = None,
                           based_on: Contact | None = None) -> SavedContact:
        return await self._contacts.save_contact(draft, contact_id=contact_id, based_on=based_on)

    async def merge_contacts(self, into_id: str, source_ids: Sequence[str]) -> Contact:
        return await self._contacts.merge_contacts(into_id, source_ids)

    # -- supervision (app.backends.contract.Supervision) -------------------------------------

    @property
    def _supervision(self) -> EmbeddedSupervision:
        if self._supervising is None:
            from app.backends.embedded.supervision import EmbeddedSupervision  # noqa: PLC0415

            self._supervising = EmbeddedSupervision(self._engine, lambda: self._principal)
        return self._supervising

    async def supervised_units(self) -> list[Unit]:
        return await self._supervision.supervised_units()

    async def unit_overview(self, unit_id: str) -> UnitOverview:
        return await self._supervision.unit_overview(unit_id)

    async def unit_day(self, unit_id: str, day: date) -> UnitDay:
        return await self._supervision.unit_day(unit_id, day)

    async def assign(self, inquiry_id: str, agent_id: str) -> ChatSummary:
        return await self._supervision.assign(inquiry_id, agent_id)

    # -- events ----------------------------------------------------------------------------

    async def events(self) -> Subscription:
        """Live at once: the engine publishes in this process."""
        subscription = self._engine.bus.subscribe(self._accepts)
        self._subscriptions.append(subscription)
        return subscription

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def user_id(self) -> str:
        return self._principal.id

    def _accepts(self, event: Event) -> bool:
        # Looked up at each event: refresh() replaces the filter when my scope changes.
        return self._hears(event)

    async def aclose(self) -> None:
        if self._closed:
            return
        self._closed = True
        for subscription in self._subscriptions:
            subscription.close()
        # Presence is the person's, not the window's: another session of theirs keeps them online.
        if self._principal.is_agent and not self._engine.signed_in_elsewhere(self):
            await self._engine.set_presence(self._principal.id, AgentStatus.OFFLINE)

