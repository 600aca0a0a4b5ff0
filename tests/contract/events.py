"""Reading a backend's event stream in tests."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from typing import TypeVar

from app.backends.bus import Subscription
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


def delivered_so_far(stream: EventStream) -> list[Event]:
    """Every event an in-process stream holds and has not handed out yet. The bus delivers as it
    publishes, so once a command has returned its events are here: this is a barrier, not a
    guess that nothing more is coming."""
    if not isinstance(stream, Subscription):
        raise TypeError(f"{type(stream).__name__} is not an in-process subscription")
    return stream.take_pending()


def of_kind(events: Iterable[Event], kind: type[E]) -> list[E]:
    return [event for event in events if isinstance(event, kind)]
