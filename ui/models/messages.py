"""The conversation: one chat's messages, oldest first, appended live."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QModelIndex

from app.domain import Message
from ui.format import body_text
from ui.models.base import RowsModel


class MessageModel(RowsModel[Message]):
    def __init__(self) -> None:
        super().__init__(key=lambda message: message.id)
        self.chat_id: str | None = None
        # Messages that arrive while a chat's history is being read must not be lost when the
        # history lands: they are kept here and merged in.
        self._loading: str | None = None
        self._arrived: list[Message] = []

    def begin_loading(self, chat_id: str) -> None:
        self._loading = chat_id
        self._arrived = []

    def display(self, value: Message, column: int) -> str:
        return body_text(value)

    def show_chat(self, chat_id: str | None, messages: Iterable[Message]) -> None:
        loaded = list(messages)
        if chat_id is not None and chat_id == self._loading:
            # Those that arrived meanwhile come after the history, in the order they arrived
            # (ids say nothing about order).
            known = {m.id for m in loaded}
            for message in self._arrived:
                if message.id not in known:
                    known.add(message.id)
                    loaded.append(message)
        self._loading, self._arrived = None, []
        self.chat_id = chat_id
        self.reset(loaded)

    def add_live(self, message: Message) -> bool:
        """Add a live message of the shown chat; False when it is for another chat or known."""
        if message.chat_id == self._loading:
            self._arrived.append(message)
        if message.chat_id != self.chat_id or self.contains(message.id):
            return False
        self.append(message)
        return True

    def add_live_many(self, messages: list[Message]) -> None:
        """Add the shown chat's new messages from a burst as one insertion."""
        seen: set[str] = set()
        fresh = []
        if self._loading is not None:
            self._arrived.extend(m for m in messages if m.chat_id == self._loading)
        for message in messages:
            if message.chat_id == self.chat_id and not self.contains(message.id) and message.id not in seen:
                seen.add(message.id)
                fresh.append(message)
        self.extend(fresh)

    def change_live(self, message: Message) -> bool:
        """Show a message as it is now (edited or deleted by the visitor); False when it is not
        a row of the shown chat."""
        row = self.row_of(message.id) if message.chat_id == self.chat_id else None
        if row is None:
            return False
        self.replace(row, message)
        return True

    def prepend(self, chat_id: str, older: list[Message]) -> int:
        """Put an older page before the first row; returns how many rows were added."""
        if chat_id != self.chat_id:
            return 0
        fresh = [m for m in older if not self.contains(m.id)]
        if not fresh:
            return 0
        self.beginInsertRows(QModelIndex(), 0, len(fresh) - 1)
        self._rows[0:0] = fresh
        self._keys.update(m.id for m in fresh)
        self._positions = None
        self.endInsertRows()
        return len(fresh)

    def message_at(self, row: int) -> Message:
        return self.value_at(row)
