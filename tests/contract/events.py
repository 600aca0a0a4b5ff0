"""Waiting on a backend's event stream in tests."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TypeVar

from app.backends.contract import EventStream
from app.backends.events import Event

E = TypeVar("E")


async def next_event(
    stream: EventStream, kind: type[E], where: Callable[[E], bool] = lambda _: True,
    timeout: float = 2.0,
) -> E:
    """The next event of `kind` matching `where`; fails after `timeout` seconds."""
    async def wait() -> E:
        async for event in stream:
            if isinstance(event, kind) and where(event):
                return event
        raise AssertionError("the event stream ended")

    return await asyncio.wait_for(wait(), timeout)


async def events_so_far(stream: EventStream, settle: float = 0.05) -> list[Event]:
    """Everything the stream delivers until it has been quiet for `settle` seconds."""
    seen: list[Event] = []
    while True:
        try:
            seen.append(await asyncio.wait_for(stream.__anext__(), settle))
        except TimeoutError:
            return seen
