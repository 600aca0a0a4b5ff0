"""My chats: the open and on-hold chats the signed-in agent serves."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import Qt

from app.domain import ChatStatus, ChatSummary, Message
from ui.format import one_line
from ui.i18n.labels import channel_label
from ui.models.base import RowsModel


class ChatListModel(RowsModel[ChatSummary]):
    def __init__(self, unread: Callable[[str], int] = lambda _chat_id: 0) -> None:
        super().__init__(key=lambda chat: chat.id)
        self._unread = unread

    def display(self, value: ChatSummary, column: int) -> str:
        on_hold = self.tr(" · on hold") if value.status is ChatStatus.ON_HOLD else ""
        unread = self._unread(value.id)
        new = self.tr("   ● {unread} new").format(unread=unread) if unread else ""
        first_line = f"{value.visitor_name} · {channel_label(value.channel)}{on_hold}{new}"
        return f"{first_line}\n{one_line(value.last_message, 80)}"

    def refresh(self, chat_id: str) -> None:
        """Repaint a row whose unread count may have changed."""
        row = self.row_of(chat_id)
        if row is not None:
            index = self.index(row, 0)
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole])

    def tooltip(self, value: ChatSummary, column: int) -> str | None:
        return one_line(value.last_message, 400)

    def note_message(self, message: Message) -> None:
        row = self.row_of(message.chat_id)
        if row is None:
            return
        old = self.value_at(row)
        self.replace(row, replace(old, last_message=message.summary[:200],
                                  message_count=old.message_count + 1))

    def chat_at(self, row: int) -> ChatSummary:
        return self.value_at(row)
