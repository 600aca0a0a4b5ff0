"""A contact's past and present chats across channels, newest first."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from app.domain import ChatStatus, ChatSummary
from ui.format import day_and_time, one_line
from ui.models.roles import IdRole, ValueRole

Index = QModelIndex | QPersistentModelIndex


class HistoryModel(QAbstractTableModel):
    WHEN, CHANNEL, AGENT, TAGS = range(4)
    _HEADERS = ("When", "Channel", "Agent", "Tags")

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[ChatSummary] = []

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        chat = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            column = index.column()
            if column == self.WHEN:
                if chat.status is ChatStatus.CLOSED and chat.closed_at is not None:
                    return day_and_time(chat.closed_at)
                return "Now · " + chat.status.value.replace("_", " ")
            if column == self.CHANNEL:
                return chat.channel.label
            if column == self.AGENT:
                return chat.served_by_name or "—"
            return ", ".join(chat.tags)
        if role == Qt.ItemDataRole.ToolTipRole:
            return one_line(chat.last_message, 400)
        if role == ValueRole:
            return chat
        if role == IdRole:
            return chat.id
        return None

    def reset(self, chats: Iterable[ChatSummary]) -> None:
        self.beginResetModel()
        self._rows = list(chats)
        self.endResetModel()

    def chat_at(self, row: int) -> ChatSummary:
        return self._rows[row]
