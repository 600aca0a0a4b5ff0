"""What a desk answers from the store: the queries and the desk's own memory, for one user.

Both backends keep what a user sees in the same SQLite store (the embedded engine because it is
the organisation's data; a server's backend as its cache): reading it, scoped by `app.policy`,
is the same code for both. A backend supplies the database, the signed-in principal and the
clock; commands, events and what only one backend knows (routing's places in line, contacts,
supervision) stay in each backend.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import datetime

from app import policy
from app.backends.refusals import Refusals
from app.domain import (
    Agent,
    CannedResponse,
    Chat,
    ChatPlace,
    ChatStatus,
    ChatSummary,
    Department,
    Inquiry,
    MessagePage,
    Principal,
    SearchHit,
    VisitorContext,
)
from app.domain.message import MAX_MESSAGE_CHARS
from app.errors import InvalidInput, NotAllowed
from app.policy import Action
from app.store import Database, canned, chats, desk_memory, messages, organisation

# A chat one serves and may keep a draft in.
_ACTIVE = (ChatStatus.OPEN, ChatStatus.ON_HOLD)
# A reply in progress may be longer than a message (it is kept while it is shortened).
_DRAFT_CHARS = 4 * MAX_MESSAGE_CHARS


class StoreDesk:
    """The store-backed part of `Backend` and `DeskMemory` (app.backends.contract)."""

    _db: Database
    _principal: Principal

    def _now(self) -> datetime:
        raise NotImplementedError

    # -- who am I --------------------------------------------------------------------------

    async def me(self) -> Principal:
        return self._principal

    def capabilities(self, place: ChatPlace | None = None) -> frozenset[Action]:
        return policy.capabilities(self._principal, place)

    # -- queries ---------------------------------------------------------------------------

    async def departments(self) -> list[Department]:
        return await self._db.read(organisation.departments)

    async def agents(self) -> list[Agent]:
        scope = policy.scope_of(self._principal)
        found = await self._db.read(organisation.agents)
        return [agent for agent in found if policy.sees_agent(scope, agent)]

    async def queue(self) -> list[Inquiry]:
        scope = policy.scope_of(self._principal)
        return await self._db.read(lambda c: chats.queued_inquiries(c, scope))

    async def my_chats(self) -> list[ChatSummary]:
        me = self._principal.id
        return await self._db.read(lambda c: chats.active_chats_served_by(c, me))

    def _require_visible(self, connection: sqlite3.Connection, chat_id: str) -> ChatPlace:
        place = chats.place(connection, chat_id)
        me = self._principal
        policy.check(me, Action.VIEW, place,
                     serves_contact=chats.serves_contact(connection, me.id, place.contact_id))
        return place

    async def chat(self, chat_id: str) -> Chat:
        def read(connection: sqlite3.Connection) -> Chat:
            self._require_visible(connection, chat_id)
            return chats.chat(connection, chat_id)

        return await self._db.read(read)

    async def messages(self, chat_id: str, *, before: str | None = None, limit: int = 500) -> MessagePage:
        def read(connection: sqlite3.Connection) -> MessagePage:
            self._require_visible(connection, chat_id)
            return messages.page(connection, chat_id, before=before, limit=limit)

        return await self._db.read(read)

    async def visitor_context(self, chat_id: str) -> VisitorContext:
        from app.backends.embedded.visitors import read_context  # noqa: PLC0415

        def read(connection: sqlite3.Connection) -> VisitorContext:
            self._require_visible(connection, chat_id)
            return read_context(connection, chat_id)

        return await self._db.read(read)

    async def search(self, text: str, *, limit: int = 50) -> list[SearchHit]:
        query = messages.fts_query(text)
        if query is None:
            return []
        scope = policy.scope_of(self._principal)
        return await self._db.read(lambda c: messages.search(c, query, scope=scope, limit=limit))

    async def tags(self) -> list[str]:
        """The tags offered in the user's departments (an admin's or monitor's: every tag); a
        chat's own department narrows them again when it is closed or edited."""
        me = self._principal
        if me.is_admin or me.is_monitor:
            return await self._db.read(lambda c: organisation.managed_tags(c, every_department=True))

        def read(connection: sqlite3.Connection) -> list[str]:
            offered = {tag for department in me.department_ids
                       for tag in organisation.managed_tags(connection, department)}
            return sorted(offered | set(organisation.managed_tags(connection)), key=str.lower)

        return await self._db.read(read)

    async def canned_responses(self) -> list[CannedResponse]:
        me = self._principal
        return await self._db.read(lambda c: canned.visible_to(c, me.id, me.department_ids))

    # -- what the desk remembers (app.backends.contract.DeskMemory) -------------------------

    async def drafts(self) -> dict[str, str]:
        me = self._principal.id
        return await self._db.read(lambda c: desk_memory.drafts(c, me))

    async def save_draft(self, chat_id: str, text: str) -> None:
        me = self._principal.id
        now = self._now()
        keep = bool(text.strip())
        if len(text) > _DRAFT_CHARS:
            # Longer than a message may be, it is still the user's work: kept, up to a point.
            raise InvalidInput(Refusals.tr("This reply is {count} characters long; a reply in progress is "
                                           "kept up to {limit}. Shorten it.").format(count=len(text),
                                                                                     limit=_DRAFT_CHARS),
                               code="draft-too-long")

        def write(connection: sqlite3.Connection) -> None:
            if keep:
                place = chats.place(connection, chat_id)
                if place.served_by_id != me or place.status not in _ACTIVE:
                    raise NotAllowed(Refusals.tr("Only the agent serving an open chat keeps a reply in "
                                                 "progress "
                                     "in it."), code="draft-not-yours")
            desk_memory.save_draft(connection, me, chat_id, text, now)

        await self._db.write(write)

    async def unread_counts(self) -> dict[str, int]:
        me = self._principal.id
        return await self._db.read(lambda c: desk_memory.unread_counts(c, me))

    async def mark_read(self, chat_id: str, message_id: str) -> None:
        me = self._principal.id
        now = self._now()

        def write(connection: sqlite3.Connection) -> None:
            self._require_visible(connection, chat_id)
            desk_memory.mark_read(connection, me, chat_id, message_id, now)

        await self._db.write(write)

    async def announced(self, inquiry_ids: Sequence[str]) -> set[str]:
        me = self._principal.id
        wanted = tuple(inquiry_ids)
        return await self._db.read(lambda c: desk_memory.announced(c, me, wanted))

    async def mark_announced(self, inquiry_ids: Sequence[str]) -> None:
        me = self._principal.id
        now = self._now()
        wanted = tuple(inquiry_ids)
        await self._db.write(lambda c: desk_memory.mark_announced(c, me, wanted, now))
