"""The unit's chats in progress: who serves them, how long the visitor has waited for a reply,
how long the chat has been quiet. Kept current from events, one row at a time."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import datetime
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt

from app.domain import AuthorKind, Chat, ChatInProgress, ChatStatus, ChatSummary, Message, Priority
from ui.format import wait_time
from ui.i18n import QT_TRANSLATE_NOOP
from ui.monitor.colours import Level
from ui.monitor.table import LiveRowsModel, SortRole

_STATUS = {ChatStatus.OPEN: QT_TRANSLATE_NOOP("ChatsInProgressModel", "Open"),
           ChatStatus.ON_HOLD: QT_TRANSLATE_NOOP("ChatsInProgressModel", "On hold"),
           ChatStatus.QUEUED: QT_TRANSLATE_NOOP("ChatsInProgressModel", "Waiting"),
           ChatStatus.CLOSED: QT_TRANSLATE_NOOP("ChatsInProgressModel", "Closed")}
# A visitor waiting this long for a reply is shown amber, twice as long red.
_SLOW_REPLY_S = 120


class ChatsInProgressModel(LiveRowsModel[ChatInProgress]):
    VISITOR, AGENT, DEPARTMENT, WAITING, IDLE, TAGS, STATUS = range(7)
    HEADERS = (QT_TRANSLATE_NOOP("ChatsInProgressModel", "Visitor"),
               QT_TRANSLATE_NOOP("ChatsInProgressModel", "Agent"),
               QT_TRANSLATE_NOOP("ChatsInProgressModel", "Department"),
               QT_TRANSLATE_NOOP("ChatsInProgressModel", "Waiting for reply"),
               QT_TRANSLATE_NOOP("ChatsInProgressModel", "Idle"),
               QT_TRANSLATE_NOOP("ChatsInProgressModel", "Tags"),
               QT_TRANSLATE_NOOP("ChatsInProgressModel", "Status"))

    def __init__(self, now: Callable[[], datetime], department_names: Mapping[str, str]) -> None:
        super().__init__(key=lambda progress: progress.chat.id)
        self._now = now
        self.department_names = dict(department_names)

    def _waiting_s(self, value: ChatInProgress) -> float | None:
        if value.waiting_since is None:
            return None
        return max(0.0, (self._now() - value.waiting_since).total_seconds())

    def _idle_s(self, value: ChatInProgress) -> float:
        return max(0.0, (self._now() - value.last_activity_at).total_seconds())

    def display(self, value: ChatInProgress, column: int) -> str:
        chat = value.chat
        if column == self.VISITOR:
            return chat.visitor_name
        if column == self.AGENT:
            return chat.served_by_name or "—"
        if column == self.DEPARTMENT:
            return self.department_names.get(chat.department_id or "", "—")
        if column == self.WAITING:
            waited = self._waiting_s(value)
            return "—" if waited is None else wait_time(waited)
        if column == self.IDLE:
            return wait_time(self._idle_s(value))
        if column == self.TAGS:
            return ", ".join(chat.tags)
        return self.tr(_STATUS[chat.status])

    def level(self, value: ChatInProgress, column: int) -> Level:
        if column != self.WAITING:
            return Level.FINE
        waited = self._waiting_s(value)
        if waited is None or waited < _SLOW_REPLY_S:
            return Level.FINE
        return Level.SOON if waited < 2 * _SLOW_REPLY_S else Level.PAST

    def sort_key(self, value: ChatInProgress, column: int) -> Any:
        if column == self.WAITING:
            waited = self._waiting_s(value)
            return -1.0 if waited is None else waited
        if column == self.IDLE:
            return self._idle_s(value)
        return self.display(value, column).lower()

    # -- applying events -------------------------------------------------------------------

    def chat_changed(self, chat: ChatSummary) -> None:
        """The chat was assigned, transferred, held or resumed: its row follows (a new row for a
        chat that just started being served: its visitor waits for the first reply)."""
        row = self.row_of(chat.id)
        if row is None:
            self.append(ChatInProgress(chat, Priority.NOT_SPECIFIED, waiting_since=chat.created_at,
                                       last_activity_at=self._now()))
            return
        self.replace(row, replace(self.value_at(row), chat=chat))

    def info_changed(self, chat: Chat) -> None:
        row = self.row_of(chat.id)
        if row is None:
            return
        old = self.value_at(row)
        self.replace(row, replace(old, chat=replace(old.chat, tags=chat.tags), priority=chat.priority))

    def messages_added(self, messages: list[Message]) -> None:
        """A run of new messages: each chat's row changes once, however many it got."""
        latest: dict[str, ChatInProgress] = {}
        waited_before: dict[str, datetime | None] = {}
        for message in messages:
            current = latest.get(message.chat_id)
            if current is None:
                row = self.row_of(message.chat_id)
                if row is None:
                    continue
                current = self.value_at(row)
                waited_before[message.chat_id] = current.waiting_since
            waiting = current.waiting_since
            if message.author_kind is AuthorKind.VISITOR:
                waiting = waiting or message.sent_at
            elif message.author_kind is AuthorKind.AGENT:
                waiting = None
            latest[message.chat_id] = replace(current, waiting_since=waiting,
                                              last_activity_at=message.sent_at)
        quiet: list[int] = []
        for chat_id, value in latest.items():
            row = self.row_of(chat_id)
            if row is None:
                continue
            if value.waiting_since != waited_before[chat_id]:
                self.replace(row, value, (self.WAITING, self.IDLE))
            else:
                self._rows[row] = value
                quiet.append(row)
        if quiet:
            # Most messages change only the idle time: one signal for all those rows, on that
            # column alone (a proxy sorted by the reply wait leaves them where they are).
            self.dataChanged.emit(self.index(min(quiet), self.IDLE), self.index(max(quiet), self.IDLE),
                                  [Qt.ItemDataRole.DisplayRole, SortRole])

    def row_of(self, key: object) -> int | None:
        if self._positions is None:
            # Rebuilt after removals; without a call per row (2,000 rows, several times a second).
            self._positions = {value.chat.id: row for row, value in enumerate(self._rows)}
        return self._positions.get(key)

    def chat_at(self, row: int) -> ChatInProgress:
        return self.value_at(row)


class ChatsFilter(QSortFilterProxyModel):
    """Sorts by each column's own key (durations as numbers) and keeps the rows whose visitor,
    agent, department, tags or status contain the typed text."""

    def __init__(self, source: ChatsInProgressModel) -> None:
        super().__init__()
        self.setSourceModel(source)
        self.setSortRole(SortRole)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)
        self.setDynamicSortFilter(True)
