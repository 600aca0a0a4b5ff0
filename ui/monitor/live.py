"""Applies the backend's events to one unit's dashboard models, as they come.

Chats and waiting inquiries change row by row; the queue figures and agents' loads, simpler to
recompute than to follow, are asked for again (`figures_stale`, coalesced by the window). Events
about other units (a monitor of several hears them all) are left out here.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

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
from ui.bridge.events import EventPump
from ui.models.messages import MessageModel
from ui.models.queue import QueueModel
from ui.monitor.agents import AgentLoadsModel
from ui.monitor.chats import ChatsInProgressModel


class UnitFeed(QObject):
    # The queue figures and loads may have changed: ask for the unit's overview again.
    figures_stale = Signal()
    # The day's figures may have changed (a chat started, was served or closed).
    day_stale = Signal()
    # Something happened to this chat: the transcript re-reads it if it shows it.
    chat_touched = Signal(str)

    def __init__(self, pump: EventPump, chats: ChatsInProgressModel, waiting: QueueModel,
                 agents: AgentLoadsModel, transcript: MessageModel,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.unit_id: str | None = None
        self._chats = chats
        self._waiting = waiting
        self._agents = agents
        self._transcript = transcript
        pump.inquiries_queued.connect(self._on_pump_inquiries_queued)
        pump.inquiries_removed.connect(self._on_pump_inquiries_removed)
        pump.chats_assigned.connect(self._on_pump_chats_assigned)
        pump.chats_unassigned.connect(self._on_pump_chats_unassigned)
        pump.chats_held_or_resumed.connect(self._on_pump_chats_held_or_resumed)
        pump.chats_info_changed.connect(self._on_pump_chats_info_changed)
        pump.chats_closed.connect(self._on_pump_chats_closed)
        pump.messages_added.connect(self._on_pump_messages_added)
        pump.agent_statuses_changed.connect(self._on_pump_agent_statuses_changed)

    def _here(self, unit_id: str | None) -> bool:
        return unit_id is not None and unit_id == self.unit_id

    def _on_pump_inquiries_queued(self, events: list[InquiryQueued]) -> None:
        mine = [event.inquiry for event in events if self._here(event.place.unit_id)]
        if mine:
            self._waiting.add_many(mine)
            self.figures_stale.emit()
            self.day_stale.emit()
            for inquiry in mine:
                self.chat_touched.emit(inquiry.chat_id)

    def _on_pump_inquiries_removed(self, events: list[InquiryRemoved]) -> None:
        removed = [event for event in events if self._waiting.remove(event.inquiry_id)]
        if removed:
            self.figures_stale.emit()
            self.day_stale.emit()
            for event in removed:
                self.chat_touched.emit(event.chat_id)

    def _on_pump_chats_assigned(self, events: list[ChatAssigned]) -> None:
        for event in events:
            if self._here(event.chat.unit_id):
                self._chats.chat_changed(event.chat)
            else:
                self._chats.remove(event.chat.id)  # transferred to another unit's department
            self.chat_touched.emit(event.chat.id)
        self.figures_stale.emit()

    def _on_pump_chats_unassigned(self, events: list[ChatUnassigned]) -> None:
        for event in events:
            self._chats.remove(event.chat_id)  # back to a queue: InquiryQueued brings it there
            self.chat_touched.emit(event.chat_id)
        self.figures_stale.emit()

    def _on_pump_chats_held_or_resumed(self, events: list[ChatHoldChanged]) -> None:
        for event in events:
            if self._here(event.chat.unit_id):
                self._chats.chat_changed(event.chat)
            self.chat_touched.emit(event.chat.id)
        self.figures_stale.emit()

    def _on_pump_chats_info_changed(self, events: list[ChatInfoChanged]) -> None:
        for event in events:
            self._chats.info_changed(event.chat)
            self.chat_touched.emit(event.chat.id)

    def _on_pump_chats_closed(self, events: list[ChatClosed]) -> None:
        for event in events:
            self._chats.remove(event.chat.id)
            self.chat_touched.emit(event.chat.id)
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
