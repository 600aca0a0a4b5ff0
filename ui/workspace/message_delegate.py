"""Paints messages as chat bubbles. Text is drawn as plain text: never parsed as markup."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QStaticText, QTextOption
from PySide6.QtWidgets import QListView, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from app.domain import AuthorKind, Message
from ui.format import clock_time
from ui.models.roles import ValueRole

Index = QModelIndex | QPersistentModelIndex

_MARGIN = 8
_PADDING = 8
_BUBBLE_SHARE = 0.78


def _body(text: str, font: QFont, width: int) -> QStaticText:
    """The message laid out as plain text (never markup), wrapped at words, or anywhere in a
    word too long for the line, such as a pasted link."""
    body = QStaticText(text)
    body.setTextFormat(Qt.TextFormat.PlainText)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    body.setTextOption(option)
    body.setTextWidth(width)
    body.prepare(font=font)
    return body


class MessageDelegate(QStyledItemDelegate):
    def __init__(self, view: QListView) -> None:
        super().__init__(view)
        self._view = view
        # Measuring wrapped text is the costly part of a row; remember it per message and width.
        self._sizes: dict[tuple[int, int], QSize] = {}

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont]:
        body = QFont(option.font)
        header = QFont(option.font)
        header.setPointSizeF(max(7.0, body.pointSizeF() * 0.85))
        header.setBold(True)
        return header, body

    def _text_width(self) -> int:
        available = self._view.viewport().width() - 2 * _MARGIN
        return max(120, int(available * _BUBBLE_SHARE) - 2 * _PADDING)

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        message: Message = index.data(ValueRole)
        width = self._text_width()
        key = (message.id, width)
        cached = self._sizes.get(key)
        if cached is not None:
            return cached
        header_font, body_font = self._fonts(option)
        body_height = int(_body(message.text, body_font, width).size().height()) + 1
        header_height = QFontMetrics(header_font).height()
        height = header_height + body_height + 2 * _PADDING + _MARGIN
        size = QSize(self._view.viewport().width(), height)
        self._sizes[key] = size
        return size

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        message: Message = index.data(ValueRole)
        header_font, body_font = self._fonts(option)
        palette = option.palette
        width = self._text_width()
        body = _body(message.text, body_font, width)
        header = f"{message.author_name} · {clock_time(message.sent_at)}"
        header_metrics = QFontMetrics(header_font)
        natural = max(QFontMetrics(body_font).horizontalAdvance(line)
                      for line in message.text[:4000].split("\n"))
        content_width = max(min(natural + 1, width), header_metrics.horizontalAdvance(header))
        bubble_width = min(content_width, width) + 2 * _PADDING
        bubble_height = option.rect.height() - _MARGIN
        top = option.rect.top() + _MARGIN // 2
        if message.author_kind is AuthorKind.VISITOR:
            left = option.rect.left() + _MARGIN
        elif message.author_kind is AuthorKind.AGENT:
            left = option.rect.right() - _MARGIN - bubble_width
        else:
            left = option.rect.left() + (option.rect.width() - bubble_width) // 2
        bubble = QRect(left, top, bubble_width, bubble_height)

        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if message.author_kind is not AuthorKind.SYSTEM:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self._bubble_colour(palette, message.author_kind))
            painter.drawRoundedRect(bubble, 8, 8)
        if option.state & QStyle.StateFlag.State_Selected:
            painter.setPen(palette.color(QPalette.ColorRole.Highlight))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(bubble, 8, 8)
        text_colour = palette.color(QPalette.ColorRole.Text)
        muted = QColor(text_colour)
        muted.setAlpha(160)
        inner = bubble.adjusted(_PADDING, _PADDING, -_PADDING, -_PADDING)
        painter.setFont(header_font)
        painter.setPen(muted)
        painter.drawText(QRect(inner.left(), inner.top(), inner.width(), header_metrics.height()),
                         int(Qt.AlignmentFlag.AlignLeft), header)
        painter.setFont(body_font)
        painter.setPen(muted if message.author_kind is AuthorKind.SYSTEM else text_colour)
        painter.drawStaticText(QPoint(inner.left(), inner.top() + header_metrics.height()), body)
        painter.restore()

    @staticmethod
    def _bubble_colour(palette: QPalette, kind: AuthorKind) -> QColor:
        if kind is AuthorKind.VISITOR:
            return palette.color(QPalette.ColorRole.AlternateBase).darker(104)
        colour = QColor(palette.color(QPalette.ColorRole.Highlight))
        colour.setAlpha(48)
        return colour

    def forget_sizes(self) -> None:
        self._sizes.clear()
