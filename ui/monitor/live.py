"""Applies the backend's events to one unit's dashboard models, as they come.

Chats and waiting inquiries change row by row; the queue figures and agents' loads, simpler to
recompute than to follow, are asked for again (`figures_stale`, coalesced by the window). Events
about other units (a monitor of several hears them all) are left out here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from app.backends.events import (
    AgentStatusChanged,
    ChatAssigned,
    ChatClosed,
    ChatHoldChanged,
    ChatInfoChanged,
    ChatUnassigned,
    InquiryQueued,
    InquiryRemoved,
    MessageAdded,
)
from app.domain import ChatSummary
from ui.bridge.events import EventPump
from ui.models.messages import MessageModel
from ui.models.queue import QueueModel
from ui.monitor.agents import AgentLoadsModel
from ui.monitor.chats import ChatsInProgressModel

# How long events are gathered before they are applied: live to a person, few repaints.
FLUSH_MS = 250


class UnitFeed(QObject):
    # The queue figures and loads may have changed: ask for the unit's overview again.
    figures_stale = Signal()
    # The day's figures may have changed (a chat started, was served or closed).
    day_stale = Signal()
    # Something happened to these chats (a list of ids): the transcript re-reads the one it shows.
    chats_touched = Signal(list)

    def __init__(self, pump: EventPump, chats: ChatsInProgressModel, waiting: QueueModel,
                 agents: AgentLoadsModel, transcript: MessageModel,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.unit_id: str | None = None
        self._chats = chats
        self._waiting = waiting
        self._agents = agents
        self._transcript = transcript
        # Events wait here until the next flush: a stream of events becomes a few runs of model
        # changes (and a few repaints) a second, not one per event loop pass.
        self._pending: list[tuple[Callable[[list[Any]], None], list[Any]]] = []
        self._flush = QTimer(self)
        self._flush.setSingleShot(True)
        self._flush.setInterval(FLUSH_MS)
        self._flush.timeout.connect(self.flush)
        for signal, handler in (
            (pump.inquiries_queued, self._on_pump_inquiries_queued),
            (pump.inquiries_removed, self._on_pump_inquiries_removed),
            (pump.chats_assigned, self._on_pump_chats_assigned),
            (pump.chats_unassigned, self._on_pump_chats_unassigned),
            (pump.chats_held_or_resumed, self._on_pump_chats_held_or_resumed),
            (pump.chats_info_changed, self._on_pump_chats_info_changed),
            (pump.chats_closed, self._on_pump_chats_closed),
            (pump.messages_added, self._on_pump_messages_added),
            (pump.agent_statuses_changed, self._on_pump_agent_statuses_changed),
        ):
            signal.connect(self._later(handler))

    def _later(self, handler: Callable[[list[Any]], None]) -> Callable[[list[Any]], None]:
        def keep(events: list[Any]) -> None:
            self._pending.append((handler, events))
            if not self._flush.isActive():
                self._flush.start()

        return keep

    def flush(self) -> None:
        """Apply the events received since the last flush, in the order they came."""
        pending, self._pending = self._pending, []
        # Runs of one kind become one call (one pass over the models for all of them).
        merged: list[tuple[Callable[[list[Any]], None], list[Any]]] = []
        for handler, events in pending:
            if merged and merged[-1][0] == handler:
                merged[-1][1].extend(events)
            else:
                merged.append((handler, list(events)))
        for handler, events in merged:
            handler(events)

    def forget(self) -> None:
        """Drop what has not been applied (the models are about to be reloaded)."""
        self._pending = []

    def _here(self, unit_id: str | None) -> bool:
        return unit_id is not None and unit_id == self.unit_id

    def _on_pump_inquiries_queued(self, events: list[InquiryQueued]) -> None:
        mine = [event.inquiry for event in events if self._here(event.place.unit_id)]
        if mine:
            self._waiting.add_many(mine)
            self.figures_stale.emit()
            self.day_stale.emit()
            self.chats_touched.emit([inquiry.chat_id for inquiry in mine])

    def _on_pump_inquiries_removed(self, events: list[InquiryRemoved]) -> None:
        removed = [event for event in events if self._waiting.remove(event.inquiry_id)]
        if removed:
            self.figures_stale.emit()
            self.day_stale.emit()
            self.chats_touched.emit([event.chat_id for event in removed])

    def _on_pump_chats_assigned(self, events: list[ChatAssigned]) -> None:
        # Where each chat ended up after the run: in this unit, or gone to another unit's
        # department (None). Removals are applied together, so rows are looked up once.
        final: dict[str, ChatSummary | None] = {}
        for event in events:
            final[event.chat.id] = event.chat if self._here(event.chat.unit_id) else None
        self.chats_touched.emit(list(final))
        self._chats.remove_many(chat_id for chat_id, chat in final.items() if chat is None)
        for chat in final.values():
            if chat is not None:
                self._chats.chat_changed(chat)
        self.figures_stale.emit()

    def _on_pump_chats_unassigned(self, events: list[ChatUnassigned]) -> None:
        self._chats.remove_many(event.chat_id for event in events)  # back to a queue
        self.chats_touched.emit([event.chat_id for event in events])
        self.figures_stale.emit()

    def _on_pump_chats_held_or_resumed(self, events: list[ChatHoldChanged]) -> None:
        for event in events:
            if self._here(event.chat.unit_id):
                self._chats.chat_changed(event.chat)
        self.chats_touched.emit([event.chat.id for event in events])
        self.figures_stale.emit()

    def _on_pump_chats_info_changed(self, events: list[ChatInfoChanged]) -> None:
        for event in events:
            self._chats.info_changed(event.chat)
        self.chats_touched.emit([event.chat.id for event in events])

    def _on_pump_chats_closed(self, events: list[ChatClosed]) -> None:
        self._chats.remove_many(event.chat.id for event in events)
        self.chats_touched.emit([event.chat.id for event in events])
        self.figures_stale.emit()
        self.day_stale.emit()

    def _on_pump_messages_added(self, events: list[MessageAdded]) -> None:
        messages = [event.message for event in events if self._here(event.place.unit_id)]
        self._chats.messages_added(messages)
        self._transcript.add_live_many(messages)

    def _on_pump_agent_statuses_changed(self, events: list[AgentStatusChanged]) -> None:
        for event in events:
            self._agents.agent_changed(event.agent)
        # Their limit may have changed too (it comes with the figures).
        self.figures_stale.emit()
