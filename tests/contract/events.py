"""Waiting on a backend's event stream in tests."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TypeVar

from app.backends.contract import EventStream
from app.backends.events import Event

E = TypeVar("E")


async def events_until(
    stream: EventStream, kind: type[E], where: Callable[[E], bool] = lambda _: True,
    timeout: float = 2.0,
) -> list[Event]:
    """Every event up to and including the next `kind` matching `where`; fails after `timeout`
    seconds.

    A stream keeps the order events happened in, so an event caused after some action is a
    barrier: whatever the action caused has arrived before it. "Nothing else came" is checked
    that way, never by waiting for the stream to fall quiet, which a slow machine cuts short."""
    seen: list[Event] = []

    async def wait() -> list[Event]:
        async for event in stream:
            seen.append(event)
            if isinstance(event, kind) and where(event):
                return seen
        raise AssertionError("the event stream ended")

    return await asyncio.wait_for(wait(), timeout)


async def next_event(
    stream: EventStream, kind: type[E], where: Callable[[E], bool] = lambda _: True,
    timeout: float = 2.0,
) -> E:
    """The next event of `kind` matching `where`; fails after `timeout` seconds."""
    found = (await events_until(stream, kind, where, timeout))[-1]
    assert isinstance(found, kind)
    return found
