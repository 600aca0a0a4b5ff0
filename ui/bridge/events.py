"""Turns the backend's event stream into Qt signals on the GUI thread, in batches.

A burst of events is delivered as runs of same-kind events (in their original order), so models
insert a run of rows at once; between slices of work the pump hands control back to Qt, so the
window keeps painting and answering input while thousands of events land.
"""

from __future__ import annotations

import asyncio
import logging
import time

from PySide6.QtCore import QObject, Signal

from app.backends.contract import EventStream
from app.backends.events import (
    AgentStatusChanged,
    ChatAssigned,
    ChatClosed,
    ChatHoldChanged,
    ChatInfoChanged,
    ChatUnassigned,
    ConnectionChanged,
    ContactChanged,
    Event,
    InquiryQueued,
    InquiryRemoved,
    MessageAdded,
    MessageChanged,
    Resynced,
    VisitorChanged,
    VisitorTyping,
)

log = logging.getLogger(__name__)

# The longest the pump works before letting Qt paint and handle input.
_SLICE_S = 0.004
# The most events handed to the UI in one run.
_BATCH = 256


# The link first (a resync reloads everything else), then chats, so a message about a chat just
# assigned finds it in the list; contacts last: what they reload asks the backend again anyway.
_STREAM_ORDER = ("link", "chats", "queue", "messages", "agents", "contacts")
_STREAM_OF: dict[type, str] = {
    ConnectionChanged: "link",
    Resynced: "link",
    ChatAssigned: "chats",
    ChatUnassigned: "chats",
    ChatHoldChanged: "chats",
    ChatInfoChanged: "chats",
    ChatClosed: "chats",
    InquiryQueued: "queue",
    InquiryRemoved: "queue",
    MessageAdded: "messages",
    MessageChanged: "messages",
    VisitorTyping: "messages",
    AgentStatusChanged: "agents",
    ContactChanged: "contacts",
    VisitorChanged: "contacts",
}


class EventPump(QObject):
    # Each signal carries a list of events of its kind, in the order they happened.
    inquiries_queued = Signal(list)
    inquiries_removed = Signal(list)
    chats_assigned = Signal(list)
    chats_unassigned = Signal(list)
    chats_closed = Signal(list)
    messages_added = Signal(list)
    messages_changed = Signal(list)
    visitors_typing = Signal(list)
    agent_statuses_changed = Signal(list)
    chats_held_or_resumed = Signal(list)
    chats_info_changed = Signal(list)
    contacts_changed = Signal(list)
    visitors_changed = Signal(list)
    connection_changed = Signal(list)
    resynced = Signal(list)
    stopped = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._stream: EventStream | None = None
        self._task: asyncio.Task[None] | None = None
        self._signals = {
            InquiryQueued: self.inquiries_queued,
            InquiryRemoved: self.inquiries_removed,
            ChatAssigned: self.chats_assigned,
            ChatUnassigned: self.chats_unassigned,
            ChatClosed: self.chats_closed,
            MessageAdded: self.messages_added,
            MessageChanged: self.messages_changed,
            VisitorTyping: self.visitors_typing,
            AgentStatusChanged: self.agent_statuses_changed,
            ChatHoldChanged: self.chats_held_or_resumed,
            ChatInfoChanged: self.chats_info_changed,
            ContactChanged: self.contacts_changed,
            VisitorChanged: self.visitors_changed,
            ConnectionChanged: self.connection_changed,
            Resynced: self.resynced,
        }

    def start(self, stream: EventStream) -> None:
        """Deliver the events of `stream` (already live) from now on."""
        self._stream = stream
        self._task = asyncio.ensure_future(self._pump(stream))

    async def _pump(self, stream: EventStream) -> None:
        batch: list[Event] = []
        slice_started = time.perf_counter()
        try:
            async for event in stream:
                batch.append(event)
                if stream.pending() and len(batch) < _BATCH:
                    continue
                self._deliver(batch)
                batch = []
                if time.perf_counter() - slice_started > _SLICE_S:
                    # Events already queued arrive without suspending: yield, or a burst would
                    # run to its end in one go and freeze the window.
                    await asyncio.sleep(0)
                    slice_started = time.perf_counter()
        finally:
            if batch:
                self._deliver(batch)
            self.stopped.emit()

    def _deliver(self, batch: list[Event]) -> None:
        """Emit the batch as runs of one kind. Events about different things (chats, the queue,
        messages, agents) touch different models, so each stream is kept in order but they are
        not interleaved: a burst of alternating inquiries and messages becomes two runs."""
        streams: dict[str, list[Event]] = {}
        for event in batch:
            streams.setdefault(_STREAM_OF[type(event)], []).append(event)
        for name in _STREAM_ORDER:
            run: list[Event] = []
            for event in streams.get(name, ()):
                if run and type(run[0]) is not type(event):
                    self._emit(run)
                    run = []
                run.append(event)
            if run:
                self._emit(run)

    def _emit(self, run: list[Event]) -> None:
        signal = self._signals.get(type(run[0]))
        if signal is None:
            log.warning("no signal for events of type %s", type(run[0]).__name__)
            return
        signal.emit(run)

    async def stop(self) -> None:
        if self._stream is not None:
            self._stream.close()
        if self._task is not None:
            await asyncio.gather(self._task, return_exceptions=True)
