"""Turns the backend's event stream into Qt signals on the GUI thread, in batches.

A burst of events is delivered as runs of same-kind events (in their original order), so models
insert a run of rows at once; between slices of work the pump hands control back to Qt, so the
window keeps painting and answering input while thousands of events land.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, SignalInstance

if TYPE_CHECKING:
    import asyncio

    from app.backends.contract import EventStream
    from app.backends.events import Event

log = logging.getLogger(__name__)

# The longest the pump works before letting Qt paint and handle input.
_SLICE_S = 0.004
# The most events handed to the UI in one run.
_BATCH = 256


# The link first (a resync reloads everything else), then chats, so a message about a chat just
# assigned finds it in the list; contacts last: what they reload asks the backend again anyway.
_STREAM_ORDER = ("link", "chats", "queue", "messages", "agents", "contacts")


def _routes() -> dict[type, tuple[str, str]]:
    """Each kind of event: its stream, and the pump's signal that carries it. The event types
    load with the first events, after the desk's first frame (as asyncio does)."""
    from app.backends.events import (  # noqa: PLC0415
        AgentStatusChanged,
        ChatAssigned,
        ChatClosed,
        ChatHoldChanged,
        ChatInfoChanged,
        ChatUnassigned,
        ConnectionChanged,
        ContactChanged,
        InquiryQueued,
        InquiryRemoved,
        MessageAdded,
        MessageChanged,
        Resynced,
        VisitorChanged,
        VisitorTyping,
    )

    return {
        ConnectionChanged: ("link", "connection_changed"),
        Resynced: ("link", "resynced"),
        ChatAssigned: ("chats", "chats_assigned"),
        ChatUnassigned: ("chats", "chats_unassigned"),
        ChatHoldChanged: ("chats", "chats_held_or_resumed"),
        ChatInfoChanged: ("chats", "chats_info_changed"),
        ChatClosed: ("chats", "chats_closed"),
        InquiryQueued: ("queue", "inquiries_queued"),
        InquiryRemoved: ("queue", "inquiries_removed"),
        MessageAdded: ("messages", "messages_added"),
        MessageChanged: ("messages", "messages_changed"),
        VisitorTyping: ("messages", "visitors_typing"),
        AgentStatusChanged: ("agents", "agent_statuses_changed"),
        ContactChanged: ("contacts", "contacts_changed"),
        VisitorChanged: ("contacts", "visitors_changed"),
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
        self._stream_of: dict[type, str] = {}
        self._signals: dict[type, SignalInstance] = {}

    def start(self, stream: EventStream) -> None:
        """Deliver the events of `stream` (already live) from now on."""
        import asyncio  # noqa: PLC0415

        routes = _routes()
        self._stream_of = {kind: name for kind, (name, _) in routes.items()}
        self._signals = {kind: getattr(self, signal) for kind, (_, signal) in routes.items()}
        self._stream = stream
        self._task = asyncio.ensure_future(self._pump(stream))

    async def _pump(self, stream: EventStream) -> None:
        import asyncio  # noqa: PLC0415

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
            streams.setdefault(self._stream_of[type(event)], []).append(event)
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
            import asyncio  # noqa: PLC0415

            await asyncio.gather(self._task, return_exceptions=True)
