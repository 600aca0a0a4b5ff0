"""Paints a search hit: the visitor's name, the chat's status, who wrote and when, then the
words around the match with the matched words marked. The snippet is laid out as plain text and
marked with a text format, never read as markup: it is the visitor's."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QTextLayout
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from app.domain import SearchHit
from ui.models.roles import ValueRole
from ui.models.search_hits import hit_heading
from ui.workspace.message_delegate import lay_out

Index = QModelIndex | QPersistentModelIndex

_PADDING = 6
# Lines of snippet shown under the heading; the store's snippet is a dozen words.
_SNIPPET_LINES = 2


def snippet_layout(hit: SearchHit, font: QFont, width: int, link_colour: QColor) -> QTextLayout:
    """The hit's snippet as painted: plain text on lines of `width`, the matched words marked."""
    text, marked = hit.marked_snippet()
    # One character for one, so the marked spans stay where they are.
    flat = "".join(" " if character in "\r\n\t" else character for character in text)
    return lay_out(flat, font, width, link_colour, marked)


class SearchHitDelegate(QStyledItemDelegate):
    def __init__(self, now: Callable[[], datetime], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._now = now

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        metrics = QFontMetrics(option.font)
        return QSize(option.rect.width(), 2 * _PADDING + metrics.height() * (1 + _SNIPPET_LINES) + 2)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        hit: SearchHit = index.data(ValueRole)
        palette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.save()
        if selected:
            painter.fillRect(option.rect, palette.color(QPalette.ColorRole.Highlight))
        text_colour = palette.color(QPalette.ColorRole.HighlightedText if selected
                                    else QPalette.ColorRole.Text)
        muted = QColor(text_colour)
        muted.setAlpha(170)
        inner = option.rect.adjusted(_PADDING + 2, _PADDING, -_PADDING - 2, -_PADDING)
        metrics = QFontMetrics(option.font)
        line = metrics.height()

        who, where = hit_heading(hit, self._now())
        name_font = QFont(option.font)
        name_font.setBold(True)
        name_metrics = QFontMetrics(name_font)
        where_width = min(metrics.horizontalAdvance(where) + 2, inner.width() // 2)
        name_room = inner.width() - where_width - _PADDING
        painter.setFont(name_font)
        painter.setPen(text_colour)
        painter.drawText(QRect(inner.left(), inner.top(), name_room, line),
                         int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                         name_metrics.elidedText(who, Qt.TextElideMode.ElideRight, name_room))
        painter.setFont(option.font)
        painter.setPen(muted)
        painter.drawText(QRect(inner.right() - where_width, inner.top(), where_width, line),
                         int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                         metrics.elidedText(where, Qt.TextElideMode.ElideRight, where_width))

        layout = snippet_layout(hit, option.font, inner.width(), palette.color(QPalette.ColorRole.Link))
        painter.setPen(text_colour)
        body = QRect(inner.left(), inner.top() + line + 2, inner.width(), line * _SNIPPET_LINES)
        painter.setClipRect(body)
        layout.draw(painter, QPointF(body.left(), body.top()))
        painter.restore()
