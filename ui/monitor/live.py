"""Applies the backend's events to one unit's dashboard models, as they come.

Events are gathered for `FLUSH_MS` and applied together: a stream of events becomes a few
changes of each row (and a few repaints) a second, not one per event. Within a flush each model's
events keep their order per chat; models do not depend on each other's order (as in the event
pump). Chats and waiting inquiries change row by row; the queue figures and agents' loads,
simpler to recompute than to follow, are asked for again (`figures_stale`, coalesced by the
window). Events about other units (a monitor of several hears them all) are left out here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QObject, QTimer, Signal

from app.backends.events import (
    AgentStatusChanged,
    ChatAssigned,
    ChatClosed,
    ChatHoldChanged,
    ChatInfoChanged,
    ChatUnassigned,
    Event,
    InquiryQueued,
    InquiryRemoved,
    MessageAdded,
    MessageChanged,
)
from app.domain import Chat, ChatSummary
from ui.bridge.events import EventPump
from ui.models.messages import MessageModel
from ui.models.queue import QueueModel
from ui.monitor.agents import AgentLoadsModel
from ui.monitor.chats import ChatsInProgressModel

# How long events are gathered before they are applied: live to a person, few repaints.
FLUSH_MS = 250

ChatEvent = ChatAssigned | ChatUnassigned | ChatHoldChanged | ChatInfoChanged | ChatClosed


@dataclass(slots=True)
class _ChatOutcome:
    """What a flush does to one chat's row: remove it first or not, then these changes in order."""

    removed: bool = False
    changes: list[ChatSummary | Chat] = field(default_factory=list)


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
        self._pending: list[Event] = []
        self._flush = QTimer(self)
        self._flush.setSingleShot(True)
        self._flush.setInterval(FLUSH_MS)
        self._flush.timeout.connect(self.flush)
        for signal in (pump.inquiries_queued, pump.inquiries_removed, pump.chats_assigned,
                       pump.chats_unassigned, pump.chats_held_or_resumed, pump.chats_info_changed,
                       pump.chats_closed, pump.messages_added, pump.messages_changed,
                       pump.agent_statuses_changed):
            signal.connect(self._on_pump_events)

    def _on_pump_events(self, events: list[Event]) -> None:
        self._pending.extend(events)
        if not self._flush.isActive():
            self._flush.start()

    def forget(self) -> None:
        """Drop what has not been applied (the models are about to be reloaded)."""
        self._pending = []

    def flush(self) -> None:
        """Apply the events received since the last flush."""
        pending, self._pending = self._pending, []
        inquiries: list[InquiryQueued | InquiryRemoved] = []
        chats: list[ChatEvent] = []
        messages: list[MessageAdded] = []
        agents: list[AgentStatusChanged] = []
        for event in pending:
            match event:
                case InquiryQueued() | InquiryRemoved():
                    inquiries.append(event)
                case ChatAssigned() | ChatUnassigned() | ChatHoldChanged() | ChatInfoChanged() | ChatClosed():
                    chats.append(event)
                case MessageAdded():
                    messages.append(event)
                case MessageChanged() if self._here(event.place.unit_id):
                    self._transcript.change_live(event.message)
                case AgentStatusChanged():
                    agents.append(event)
        touched: list[str] = []
        if inquiries:
            touched += self._apply_inquiries(inquiries)
        if chats:
            touched += self._apply_chats(chats)
        if messages:
            # After the chats: a chat assigned in this flush has its row for its messages.
            self._apply_messages(messages)
        if agents:
            for event in agents:
                self._agents.agent_changed(event.agent)
        if inquiries or chats or agents:
            # Loads and limits (which come with the figures) may have changed too.
            self.figures_stale.emit()
        if touched:
            self.chats_touched.emit(touched)

    def _here(self, unit_id: str | None) -> bool:
        return unit_id is not None and unit_id == self.unit_id

    def _apply_inquiries(self, events: list[InquiryQueued | InquiryRemoved]) -> list[str]:
        """In order, runs of arrivals inserted at once; returns the chats concerned."""
        touched: list[str] = []
        arrived: list[InquiryQueued] = []

        def insert_arrived() -> None:
            self._waiting.add_many([event.inquiry for event in arrived])
            arrived.clear()

        for event in events:
            if isinstance(event, InquiryQueued):
                if self._here(event.place.unit_id):
                    arrived.append(event)
                    touched.append(event.inquiry.chat_id)
                continue
            insert_arrived()
            if self._waiting.remove(event.inquiry_id):
                touched.append(event.chat_id)
        insert_arrived()
        if touched:
            self.day_stale.emit()
        return touched

    def _apply_chats(self, events: list[ChatEvent]) -> list[str]:
        """Each chat's events reduced to what they do to its row, applied in their order per chat
        (removals looked up together); returns the chats concerned."""
        outcomes: dict[str, _ChatOutcome] = {}
        for event in events:
            match event:
                case ChatAssigned(chat=chat) | ChatHoldChanged(chat=chat):
                    outcome = outcomes.setdefault(chat.id, _ChatOutcome())
                    if self._here(chat.unit_id):
                        outcome.changes.append(chat)
                    elif isinstance(event, ChatAssigned):  # transferred to another unit's department
                        outcome.removed, outcome.changes = True, []
                case ChatInfoChanged(chat=info):
                    outcomes.setdefault(info.id, _ChatOutcome()).changes.append(info)
                case ChatUnassigned(chat_id=chat_id):  # back to a queue: InquiryQueued brings it
                    outcomes[chat_id] = _ChatOutcome(removed=True)
                case ChatClosed(chat=chat):
                    outcomes[chat.id] = _ChatOutcome(removed=True)
                    self.day_stale.emit()
        self._chats.remove_many(chat_id for chat_id, outcome in outcomes.items() if outcome.removed)
        for outcome in outcomes.values():
            for change in outcome.changes:
                if isinstance(change, ChatSummary):
                    self._chats.chat_changed(change)
                else:
                    self._chats.info_changed(change)
        return list(outcomes)

    def _apply_messages(self, events: list[MessageAdded]) -> None:
        messages = [event.message for event in events if self._here(event.place.unit_id)]
        self._chats.messages_added(messages)
        self._transcript.add_live_many(messages)
