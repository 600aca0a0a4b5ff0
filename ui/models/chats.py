"""My chats: the open and on-hold chats the signed-in agent serves."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from app.domain import ChatStatus, ChatSummary, Message
from ui.format import one_line
from ui.models.roles import IdRole, ValueRole

Index = QModelIndex | QPersistentModelIndex


class ChatListModel(QAbstractListModel):
    def __init__(self) -> None:
        super().__init__()
        self._rows: list[ChatSummary] = []

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        chat = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            on_hold = " · on hold" if chat.status is ChatStatus.ON_HOLD else ""
            return f"{chat.visitor_name} · {chat.channel.label}{on_hold}\n{one_line(chat.last_message, 80)}"
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

    def upsert(self, chat: ChatSummary) -> None:
        row = self.row_of(chat.id)
        if row is None:
            self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows))
            self._rows.append(chat)
            self.endInsertRows()
            return
        self._rows[row] = chat
        self.dataChanged.emit(self.index(row), self.index(row))

    def remove(self, chat_id: str) -> None:
        row = self.row_of(chat_id)
        if row is None:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        self.endRemoveRows()

    def note_message(self, message: Message) -> None:
        row = self.row_of(message.chat_id)
        if row is None:
            return
        old = self._rows[row]
        self._rows[row] = ChatSummary(
            id=old.id, visitor_name=old.visitor_name, contact_id=old.contact_id, channel=old.channel,
            department_id=old.department_id, status=old.status, served_by_id=old.served_by_id,
            served_by_name=old.served_by_name, created_at=old.created_at, closed_at=old.closed_at,
            tags=old.tags, last_message=message.text[:200], message_count=old.message_count + 1,
        )
        index = self.index(row)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole])

    def row_of(self, chat_id: str) -> int | None:
        for row, chat in enumerate(self._rows):
            if chat.id == chat_id:
                return row
        return None

    def chat_at(self, row: int) -> ChatSummary:
        return self._rows[row]
