"""The desk-wide search's results: one message per row, best match first, as the backend ranks
them (Backend.search). Rows are plain values; a delegate paints them, the display text is what a
screen reader and a test read."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6 import QtGui
from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from app.domain import AuthorKind, SearchHit
from ui.format import chat_status_word, one_line, when_short
from ui.i18n import translate
from ui.models.roles import IdRole, ValueRole

Index = QModelIndex | QPersistentModelIndex


def hit_heading(hit: SearchHit, now: datetime) -> tuple[str, str]:
    """(who, where and when) above a hit's snippet: the visitor, then the chat's status, who
    wrote the message when it was not the visitor, and when."""
    message = hit.message
    parts = [chat_status_word(hit.chat_status)]
    if message.author_kind is AuthorKind.NOTE:
        parts.append(translate("models.search_hits", "note by {author_name}").format(
                author_name=message.author_name))
    elif message.author_kind is AuthorKind.AGENT:
        parts.append(translate("models.search_hits", "{author_name} wrote").format(
                author_name=message.author_name))
    parts.append(when_short(message.sent_at, now))
    return hit.visitor_name, " · ".join(parts)


class SearchHitsModel(QAbstractListModel):
    def __init__(self, now: Callable[[], datetime]) -> None:
        super().__init__()
        self._now = now
        self._hits: list[SearchHit] = []

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return None
        hit = self._hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            who, where = hit_heading(hit, self._now())
            return f"{who} · {where}: {one_line(hit.marked_snippet()[0], 200)}"
        if role == Qt.ItemDataRole.ToolTipRole:
            # The whole message, escaped: Qt reads a tooltip that looks like markup as rich text.
            return QtGui.Qt.convertFromPlainText(one_line(hit.message.text, 600))
        if role == ValueRole:
            return hit
        if role == IdRole:
            return hit.message.id
        return None

    def hit_at(self, row: int) -> SearchHit:
        return self._hits[row]

    def show(self, hits: list[SearchHit]) -> None:
        """Show a search's answer. When it begins with the rows shown (more of the same search),
        only the new rows are added: the selection and the scroll position stay."""
        shown = [h.message.id for h in self._hits]
        if shown and [h.message.id for h in hits[: len(shown)]] == shown:
            if hits[: len(shown)] != self._hits:  # a chat's status changed meanwhile
                self._hits[:] = hits[: len(shown)]
                self.dataChanged.emit(self.index(0), self.index(len(shown) - 1))
            fresh = hits[len(shown):]
            if fresh:
                self.beginInsertRows(QModelIndex(), len(shown), len(shown) + len(fresh) - 1)
                self._hits.extend(fresh)
                self.endInsertRows()
            return
        self.beginResetModel()
        self._hits = list(hits)
        self.endResetModel()

    def clear(self) -> None:
        self.show([])
