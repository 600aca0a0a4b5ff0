"""The desk supervision tests run on: Northwind (tests/contract/org.py) on the embedded engine,
with a store holding nothing but the described organisation. Maya monitors Customer Care
(Support, Billing); Tomás monitors Revenue (Sales) and is one of its agents; Sam is the admin."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from app.backends.embedded import EmbeddedBackend
from app.clock import ManualClock
from app.domain import Channel, Inquiry
from app.store import Database
from tests.contract.harness import EmbeddedHarness
from tests.contract.org import NORTHWIND


@asynccontextmanager
async def northwind_desk(tmp_path: Path, clock: ManualClock) -> AsyncIterator[EmbeddedHarness]:
    database = Database.open(tmp_path / "supervision.sqlite3")
    harness = EmbeddedHarness(database, clock, NORTHWIND)
    try:
        yield harness
    finally:
        await harness.close()
        database.close()


async def sign_in(desk: EmbeddedHarness, username: str) -> EmbeddedBackend:
    backend = await desk.sign_in(username)
    assert isinstance(backend, EmbeddedBackend)
    return backend


async def inquiry_in(desk: EmbeddedHarness, department: str, name: str = "Iris Vale",
                     *, sla_minutes: int | None = None) -> Inquiry:
    """A new visitor writes to `department` (by name)."""
    visitor = await desk.new_visitor(name, Channel.WIDGET, f"widget {name}")
    return await desk.engine.open_chat(visitor_id=visitor.id, text=f"Hello from {name}",
                                       department_id=desk.org.department(department).id,
                                       sla_minutes=sla_minutes)
