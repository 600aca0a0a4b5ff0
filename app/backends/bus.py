"""In-process publish/subscribe of backend events, filtered per subscriber."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Self

from app.backends.events import Event

_CLOSED = object()


class Subscription:
    """An `EventStream` fed by an `EventBus`."""

    def __init__(self, bus: EventBus, accepts: Callable[[Event], bool]) -> None:
        self._bus = bus
        self._accepts = accepts
        self._queue: asyncio.Queue[object] = asyncio.Queue()
        self._closed = False

    def _offer(self, event: Event) -> None:
        if not self._closed and self._accepts(event):
            self._queue.put_nowait(event)

    def deliver(self, event: Event) -> None:
        """Hand this subscriber an event meant for it alone (its own Resynced, say)."""
        if not self._closed:
            self._queue.put_nowait(event)

    def take_pending(self) -> list[Event]:
        """Every event that has arrived and waits to be read, without waiting for more. The bus
        delivers at publish time, so after a command returns its events are all here."""
        taken: list[Event] = []
        while not self._queue.empty():
            item = self._queue.get_nowait()
            if item is _CLOSED:
                self._queue.put_nowait(_CLOSED)
                break
            taken.append(item)  # type: ignore[arg-type]
        return taken

    def __aiter__(self) -> Self:
        return self

    async def __anext__(self) -> Event:
        item = await self._queue.get()
        if item is _CLOSED:
            raise StopAsyncIteration
        return item  # type: ignore[return-value]

    def pending(self) -> int:
        return self._queue.qsize()

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._bus._subscriptions.discard(self)
            self._queue.put_nowait(_CLOSED)


class EventBus:
    def __init__(self) -> None:
        self._subscriptions: set[Subscription] = set()

    def subscribe(self, accepts: Callable[[Event], bool]) -> Subscription:
        subscription = Subscription(self, accepts)
        self._subscriptions.add(subscription)
        return subscription

    def publish(self, event: Event) -> None:
        for subscription in tuple(self._subscriptions):
            subscription._offer(event)
