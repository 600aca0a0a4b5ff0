"""Turns the backend's event stream into Qt signals on the GUI thread."""

from __future__ import annotations

import asyncio
import logging

from PySide6.QtCore import QObject, Signal

from app.backends.contract import EventStream
from app.backends.events import (
    AgentStatusChanged,
    ChatAssigned,
    ChatClosed,
    ChatUnassigned,
    InquiryQueued,
    InquiryRemoved,
    MessageAdded,
)

log = logging.getLogger(__name__)


class EventPump(QObject):
    inquiry_queued = Signal(object)
    inquiry_removed = Signal(object)
    chat_assigned = Signal(object)
    chat_unassigned = Signal(object)
    chat_closed = Signal(object)
    message_added = Signal(object)
    agent_status_changed = Signal(object)
    stopped = Signal()

    def __init__(self, stream: EventStream, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._stream = stream
        self._task: asyncio.Task[None] | None = None
        self._signals = {
            InquiryQueued: self.inquiry_queued,
            InquiryRemoved: self.inquiry_removed,
            ChatAssigned: self.chat_assigned,
            ChatUnassigned: self.chat_unassigned,
            ChatClosed: self.chat_closed,
            MessageAdded: self.message_added,
            AgentStatusChanged: self.agent_status_changed,
        }

    def start(self) -> None:
        self._task = asyncio.ensure_future(self._pump())

    async def _pump(self) -> None:
        try:
            async for event in self._stream:
                signal = self._signals.get(type(event))
                if signal is None:
                    log.warning("no signal for event %r", event)
                    continue
                signal.emit(event)
        finally:
            self.stopped.emit()

    async def stop(self) -> None:
        self._stream.close()
        if self._task is not None:
            await asyncio.gather(self._task, return_exceptions=True)
