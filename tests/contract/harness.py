"""What the contract suite needs from each backend under test, beyond the `Backend` itself.

A harness signs people in, plays the visitor side and moves time. Each backend implementation
(embedded today, Rocket.Chat next) provides one; the same tests then run against all of them.
"""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from typing import Protocol

from app.backends.contract import Backend
from app.backends.embedded import EmbeddedBackend, EmbeddedEngine
from app.clock import ManualClock
from app.domain import Channel, Inquiry, Message, Visitor
from app.store import Database, contacts


class DeskHarness(Protocol):
    async def sign_in(self, username: str) -> Backend: ...

    async def new_visitor(self, name: str, channel: Channel, address: str) -> Visitor: ...

    async def visitor_opens_chat(
        self, visitor: Visitor, text: str, department_id: str | None
    ) -> Inquiry: ...

    async def visitor_writes(self, chat_id: str, text: str) -> Message: ...

    def advance(self, delta: timedelta) -> None: ...

    async def close(self) -> None: ...


class EmbeddedHarness:
    def __init__(self, database: Database, clock: ManualClock) -> None:
        self._clock = clock
        self._database = database
        # Timers are fired by the tests (run_due_timers), on the hand-driven clock.
        self.engine = EmbeddedEngine(database, clock, new_id=self._next_id, run_timers=False)
        self._ids = 0
        self._backends: list[EmbeddedBackend] = []

    def _next_id(self) -> str:
        self._ids += 1
        return f"t{self._ids:05d}"

    async def sign_in(self, username: str) -> Backend:
        backend = await self.engine.sign_in(username)
        self._backends.append(backend)
        return backend

    async def new_visitor(self, name: str, channel: Channel, address: str) -> Visitor:
        now = self._clock.now()
        number = self._next_id()
        visitor = Visitor(id=f"visitor-{number}", name=name, channel=channel, address=address,
                          contact_id=f"contact-{number}", created_at=now)

        def write(connection: sqlite3.Connection) -> None:
            contacts.insert_contact(connection, visitor.contact_id, name, now)
            contacts.insert_visitor(connection, visitor, verified=False)

        await self._database.write(write)
        return visitor

    async def visitor_opens_chat(
        self, visitor: Visitor, text: str, department_id: str | None
    ) -> Inquiry:
        return await self.engine.open_chat(visitor_id=visitor.id, text=text,
                                           department_id=department_id)

    async def visitor_writes(self, chat_id: str, text: str) -> Message:
        return await self.engine.post_visitor_message(chat_id, text)

    def advance(self, delta: timedelta) -> None:
        self._clock.advance(delta)

    async def close(self) -> None:
        for backend in self._backends:
            await backend.aclose()
        await self.engine.aclose()
