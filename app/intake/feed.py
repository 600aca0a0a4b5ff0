"""Hands each chat's events to the visitors watching that chat: one subscription to the desk's
events for the whole intake, looked up by chat id, so a thousand open widgets cost one dictionary
lookup per event rather than a thousand filters."""

from __future__ import annotations

import asyncio
from collections import defaultdict

from app.backends.bus import EventBus
from app.backends.events import (
    ChatAssigned,
    ChatClosed,
    Event,
    InquiryQueued,
    InquiryRemoved,
    MessageAdded,
    MessageChanged,
)


def chat_of(event: Event) -> str | None:
    if isinstance(event, (MessageAdded, MessageChanged)):
        return event.message.chat_id
    if isinstance(event, (ChatAssigned, ChatClosed)):
        return event.chat.id
    return None


class RoomFeed:
    def __init__(self, bus: EventBus) -> None:
        self._bus = bus
        self._watchers: dict[str, set[asyncio.Queue[Event]]] = defaultdict(set)
        # Widgets that show a place in the queue: any change of the queue may move it.
        self._queue_watchers: set[asyncio.Queue[Event]] = set()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        subscription = self._bus.subscribe(
            lambda event: (
                chat_of(event) in self._watchers
                or (isinstance(event, (InquiryQueued, InquiryRemoved)) and bool(self._queue_watchers))
            )
        )
        self._subscription = subscription
        self._task = asyncio.ensure_future(self._run())

    async def _run(self) -> None:
        async for event in self._subscription:
            if isinstance(event, (InquiryQueued, InquiryRemoved)):
                for inbox in tuple(self._queue_watchers):
                    inbox.put_nowait(event)
                continue
            for inbox in tuple(self._watchers.get(chat_of(event) or "", ())):
                inbox.put_nowait(event)

    def watch(self, chat_id: str, inbox: asyncio.Queue[Event]) -> None:
        self._watchers[chat_id].add(inbox)

    def watch_queue(self, inbox: asyncio.Queue[Event]) -> None:
        self._queue_watchers.add(inbox)

    def forget(self, inbox: asyncio.Queue[Event]) -> None:
        self._queue_watchers.discard(inbox)
        for chat_id in [c for c, inboxes in self._watchers.items() if inbox in inboxes]:
            self._watchers[chat_id].discard(inbox)
            if not self._watchers[chat_id]:
                del self._watchers[chat_id]

    async def stop(self) -> None:
        if self._task is not None:
            self._subscription.close()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None
