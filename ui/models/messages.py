"""The conversation: one chat's messages, oldest first, appended live."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from app.domain import Message
from ui.models.roles import IdRole, ValueRole

Index = QModelIndex | QPersistentModelIndex


class MessageModel(QAbstractListModel):
    def __init__(self) -> None:
        super().__init__()
        self._rows: list[Message] = []
        self._ids: set[int] = set()
        self.chat_id: str | None = None

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        message = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return message.text
        if role == ValueRole:
            return message
        if role == IdRole:
            return message.id
        return None

    def show_chat(self, chat_id: str | None, messages: Iterable[Message]) -> None:
        self.beginResetModel()
        self.chat_id = chat_id
        self._rows = list(messages)
        self._ids = {m.id for m in self._rows}
        self.endResetModel()

    def append(self, message: Message) -> bool:
        """Add a live message of the shown chat; False when it is not for this chat or known."""
        if message.chat_id != self.chat_id or message.id in self._ids:
            return False
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows))
        self._rows.append(message)
        self._ids.add(message.id)
        self.endInsertRows()
        return True

    def message_at(self, row: int) -> Message:
        return self._rows[row]
