"""Paints messages as chat bubbles. Text is laid out as plain text, never parsed as markup; web
links in it are underlined (a text format, not HTML) and can be clicked, and the words of a
search are marked the same way (a background format). A file message shows its file above its
caption (ui.workspace.file_bubble)."""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QPointF, QRect, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPalette,
    QPen,
    QTextCharFormat,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import QListView, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from app.domain import AuthorKind, Message
from ui.emoji.catalog import catalog
from ui.format import body_text, clock_time
from ui.i18n import translate
from ui.models.roles import ValueRole
from ui.workspace import file_bubble
from ui.workspace.previews import PreviewCache

Index = QModelIndex | QPersistentModelIndex

_MARGIN = 8
_PADDING = 8
# Each person's messages beside a disc with their initials, as the web desks show them.
_AVATAR = 28
_AVATAR_GAP = 6
# Between a file and its caption.
_FILE_GAP = 6
_BUBBLE_SHARE = 0.78
# Only these open in a browser or mail program; anything else stays text.
LINK = re.compile(r"\b(?:https?://|mailto:)[^\s<>\"']+", re.IGNORECASE)
_TRAILING = ".,;:!?)]}'\""


def links_in(text: str) -> list[tuple[int, int, str]]:
    """(start, length, url) of each link, without the punctuation that usually ends a sentence."""
    found = []
    for match in LINK.finditer(text):
        url = match.group(0).rstrip(_TRAILING)
        found.append((match.start(), len(url), url))
    return found


# A searched word, marked: dark text on amber reads on the light and the dark theme alike.
MATCH_BACKGROUND = QColor(255, 200, 40)
MATCH_TEXT = QColor(0, 0, 0)


def search_words(text: str) -> tuple[str, ...]:
    """The words of a search as the store reads them (app.store.messages.fts_query), folded."""
    return tuple(_fold(word) for word in re.findall(r"\w+", text))


def _fold(text: str) -> str:
    """Lower case without accents, one character for one, so positions stay those of `text`."""
    folded = []
    for character in text:
        base = "".join(c for c in unicodedata.normalize("NFD", character) if not unicodedata.combining(c))
        lower = base.lower() if len(base) == 1 else character.lower()
        folded.append(lower if len(lower) == 1 else character)
    return "".join(folded)


def matches_in(text: str, words: Sequence[str]) -> list[tuple[int, int]]:
    """(start, length) of each searched word in `text`, in order; empty unless every word is
    there. As the search does: whole words, the last one as the start of a word."""
    if not words:
        return []
    folded = _fold(text)
    spans: list[tuple[int, int]] = []
    for number, word in enumerate(words):
        last = number == len(words) - 1
        pattern = r"(?<!\w)" + re.escape(word) + (r"\w*" if last else r"(?!\w)")
        found = [(m.start(), m.end() - m.start()) for m in re.finditer(pattern, folded)]
        if not found:
            return []
        spans.extend(found)
    return sorted(set(spans))


def lay_out(text: str, font: QFont, width: int, link_colour: QColor,
            marked: Sequence[tuple[int, int]] = ()) -> QTextLayout:
    """Wrapped at words, or anywhere in a word too long for the line; `marked` spans (start,
    length) get the search's background."""
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    formats = []
    for start, length in marked:
        mark = QTextCharFormat()
        mark.setBackground(MATCH_BACKGROUND)
        mark.setForeground(MATCH_TEXT)
        span = QTextLayout.FormatRange()
        span.start, span.length, span.format = start, length, mark
        formats.append(span)
    for start, length, _url in links_in(text):
        link = QTextCharFormat()
        link.setForeground(link_colour)
        link.setFontUnderline(True)
        span = QTextLayout.FormatRange()
        span.start, span.length, span.format = start, length, link
        formats.append(span)
    layout.setFormats(formats)
    layout.beginLayout()
    y = 0.0
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        line.setPosition(QPointF(0, y))
        y += line.height()
    layout.endLayout()
    return layout


@dataclass(frozen=True, slots=True)
class _Geometry:
    bubble: QRect
    inner: QRect
    header_height: int
    body: QTextLayout
    # A file message's file, drawn between the header and the text; the text starts below it.
    file: file_bubble.FileBlock | None
    text_top: int


class MessageDelegate(QStyledItemDelegate):
    def __init__(self, view: QListView) -> None:
        super().__init__(view)
        self._view = view
        # Measuring wrapped text is the costly part of a row; remember it per message and width.
        self._sizes: dict[tuple[str, int, int], QSize] = {}
        # The words of the search the chat was opened from; marked in the messages holding all.
        self.highlight: tuple[str, ...] = ()
        # Where pictures' previews come from, in a view that can fetch and save files; without
        # it files show without previews or "Save as…".
        self.previews: PreviewCache | None = None

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont]:
        body = QFont(option.font)
        header = QFont(option.font)
        header.setPointSizeF(max(7.0, body.pointSizeF() * 0.85))
        header.setBold(True)
        return header, body

    def _text_width(self) -> int:
        available = self._view.viewport().width() - 2 * _MARGIN - _AVATAR - _AVATAR_GAP
        return max(120, int(available * _BUBBLE_SHARE) - 2 * _PADDING)

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        message: Message = index.data(ValueRole)
        width = self._text_width()
        # An edit or a deletion changes the text: the size of the text as it is now (a string
        # keeps its hash, so this costs nothing after the first time).
        key = (message.id, width, hash(body_text(message)))
        cached = self._sizes.get(key)
        if cached is not None:
            return cached
        header_font, body_font = self._fonts(option)
        link = option.palette.color(QPalette.ColorRole.Link)
        body_height = 0
        if message.text or message.attachment is None:
            layout = lay_out(shown_text(message), body_font, width, link)
            body_height = int(layout.boundingRect().height()) + 1
        if message.attachment is not None:
            block = file_bubble.measure(message.attachment, QFontMetrics(body_font), width)
            body_height += block.size.height() + (_FILE_GAP if message.text else 0)
        header_height = QFontMetrics(header_font).height()
        height = header_height + body_height + 2 * _PADDING + _MARGIN
        size = QSize(self._view.viewport().width(), height)
        self._sizes[key] = size
        return size

    def _geometry(self, option: QStyleOptionViewItem, message: Message) -> _Geometry:
        header_font, body_font = self._fonts(option)
        width = self._text_width()
        text = shown_text(message)
        body = lay_out(text, body_font, width, option.palette.color(QPalette.ColorRole.Link),
                       matches_in(text, self.highlight))
        header = header_line(message)
        header_metrics = QFontMetrics(header_font)
        natural = int(max((body.lineAt(i).naturalTextWidth() for i in range(body.lineCount())),
                          default=0.0))
        block = None if message.attachment is None else file_bubble.measure(
            message.attachment, QFontMetrics(body_font), width)
        if block is not None:
            natural = max(natural, block.size.width())
        content_width = max(min(natural + 1, width), header_metrics.horizontalAdvance(header))
        bubble_width = min(content_width, width) + 2 * _PADDING
        bubble_height = option.rect.height() - _MARGIN
        top = option.rect.top() + _MARGIN // 2
        if message.author_kind is AuthorKind.VISITOR:
            left = option.rect.left() + _MARGIN + _AVATAR + _AVATAR_GAP
        elif message.author_kind in (AuthorKind.AGENT, AuthorKind.NOTE):
            left = option.rect.right() - _MARGIN - _AVATAR - _AVATAR_GAP - bubble_width
        else:
            left = option.rect.left() + (option.rect.width() - bubble_width) // 2
        bubble = QRect(left, top, bubble_width, bubble_height)
        inner = bubble.adjusted(_PADDING, _PADDING, -_PADDING, -_PADDING)
        text_top = inner.top() + header_metrics.height()
        if block is not None:
            text_top += block.size.height() + _FILE_GAP
        return _Geometry(bubble, inner, header_metrics.height(), body, block, text_top)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        message: Message = index.data(ValueRole)
        header_font, _body_font = self._fonts(option)
        palette = option.palette
        shape = self._geometry(option, message)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if message.author_kind is not AuthorKind.SYSTEM:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self._bubble_colour(palette, message.author_kind))
            painter.drawRoundedRect(shape.bubble, 8, 8)
        if message.author_kind is AuthorKind.NOTE:
            # A dashed edge as well as the colour: a note reads as one without colour vision.
            pen = QPen(_NOTE_EDGE)
            pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(shape.bubble, 8, 8)
        if option.state & QStyle.StateFlag.State_Selected:
            painter.setPen(palette.color(QPalette.ColorRole.Highlight))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(shape.bubble, 8, 8)
        text_colour = palette.color(QPalette.ColorRole.Text)
        muted = QColor(text_colour)
        muted.setAlpha(160)
        inner = shape.inner
        painter.setFont(header_font)
        painter.setPen(muted)
        header = header_line(message)
        painter.drawText(QRect(inner.left(), inner.top(), inner.width(), shape.header_height),
                         int(Qt.AlignmentFlag.AlignLeft), header)
        if shape.file is not None and message.attachment is not None:
            self._paint_file(painter, option, message, shape)
        # Muted too: a message the server does not have yet (written offline, sent when back).
        quiet = message.author_kind is AuthorKind.SYSTEM or message.deleted_at is not None or message.pending
        painter.setPen(muted if quiet else text_colour)
        if message.text or message.attachment is None:
            shape.body.draw(painter, QPointF(inner.left(), shape.text_top))
        if message.author_kind is not AuthorKind.SYSTEM:
            self._paint_avatar(painter, option, message, shape.bubble)
        painter.restore()

    @staticmethod
    def _paint_avatar(painter: QPainter, option: QStyleOptionViewItem, message: Message,
                      bubble: QRect) -> None:
        """The author's initials in a disc of their own colour, beside the bubble's top."""
        if message.author_kind is AuthorKind.VISITOR:
            x = bubble.left() - _AVATAR_GAP - _AVATAR
        else:
            x = bubble.right() + 1 + _AVATAR_GAP
        disc = QRect(x, bubble.top(), _AVATAR, _AVATAR)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(avatar_colour(message.author_id or message.author_name))
        painter.drawEllipse(disc)
        font = QFont(option.font)
        font.setBold(True)
        font.setPixelSize(max(8, _AVATAR * 2 // 5))
        painter.setFont(font)
        painter.setPen(QColor(255, 255, 255))
        painter.drawText(disc, int(Qt.AlignmentFlag.AlignCenter), initials(message.author_name))

    def _paint_file(self, painter: QPainter, option: QStyleOptionViewItem, message: Message,
                    shape: _Geometry) -> None:
        assert shape.file is not None and message.attachment is not None
        previews = self.previews
        if previews is not None and message.attachment.is_image:
            previews.want(message)  # painted means seen: fetched and decoded now, off this thread
        _header_font, body_font = self._fonts(option)
        painter.setFont(body_font)
        file_bubble.paint(
            painter, QPoint(shape.inner.left(), shape.inner.top() + shape.header_height), shape.file,
            message.attachment, previews.state(message.id) if previews else None,
            previews.pixmap(message.id) if previews else None, option.palette, QFontMetrics(body_font),
            can_save=previews is not None)

    def save_at(self, option: QStyleOptionViewItem, message: Message, point: QPoint) -> bool:
        """Whether `point` (viewport coordinates) is on the message's "Save as…" link or picture."""
        if message.attachment is None or self.previews is None:
            return False
        shape = self._geometry(option, message)
        if shape.file is None:
            return False
        origin = QPoint(shape.inner.left(), shape.inner.top() + shape.header_height)
        local = point - origin
        hit = shape.file.save.adjusted(-2, -2, 2, 2).contains(local)
        return hit or (shape.file.picture is not None and shape.file.picture.contains(local))

    def link_at(self, option: QStyleOptionViewItem, message: Message, point: QPoint) -> str | None:
        """The link under `point` (viewport coordinates) in this message's bubble, if any."""
        shape = self._geometry(option, message)
        x = point.x() - shape.inner.left()
        y = point.y() - shape.text_top
        for number in range(shape.body.lineCount()):
            line = shape.body.lineAt(number)
            if line.y() <= y < line.y() + line.height():
                if x > line.naturalTextWidth():
                    return None
                position = line.xToCursor(x)
                for start, length, url in links_in(shown_text(message)):
                    if start <= position < start + length:
                        return url
                return None
        return None

    @staticmethod
    def _bubble_colour(palette: QPalette, kind: AuthorKind) -> QColor:
        if kind is AuthorKind.NOTE:
            return QColor(_NOTE_FILL)
        if kind is AuthorKind.VISITOR:
            return palette.color(QPalette.ColorRole.AlternateBase).darker(104)
        colour = QColor(palette.color(QPalette.ColorRole.Highlight))
        colour.setAlpha(48)
        return colour

    def forget_sizes(self) -> None:
        self._sizes.clear()


# Internal notes: amber, as sticky notes are (readable on light and dark palettes alike).
_NOTE_FILL = QColor(255, 193, 7, 70)
_NOTE_EDGE = QColor(191, 135, 0)


def shown_text(message: Message) -> str:
    """A message's text as a bubble shows it: Rocket.Chat's `:shortname:` drawn as its emoji, as
    the visitor's widget draws it (the text itself stays as written); a deleted message, a
    marker where it was."""
    return catalog().with_emoji(body_text(message))


# Muted, distinct hues that white initials read on, in light and dark themes alike.
_AVATAR_COLOURS = tuple(QColor(c) for c in ("#5c6bc0", "#00897b", "#8e24aa", "#c0392b", "#6d4c41",
                                            "#2e7d32", "#d35400", "#1565c0", "#ad1457", "#546e7a"))


def avatar_colour(key: str) -> QColor:
    """The same person always gets the same colour (a stable hash, not Python's salted one)."""
    return _AVATAR_COLOURS[zlib.crc32(key.encode("utf-8")) % len(_AVATAR_COLOURS)]


def initials(name: str) -> str:
    """Up to two letters of a name, e.g. "Ana Souza" -> "AS"; "?" when it has no letter."""
    letters = [word[0] for word in re.findall(r"\w+", name) if not word[0].isdigit()]
    picked = letters[:1] + letters[-1:] if len(letters) > 1 else letters
    return "".join(picked).upper() or "?"


def header_line(message: Message) -> str:
    """The line above a bubble: who and when, for a note that only staff see it, whether the
    visitor changed the message since, and whether it still waits to reach the server."""
    said = f"{message.author_name} · {clock_time(message.sent_at)}"
    if message.deleted_at is not None:
        said = translate("workspace.message_delegate", "{said} · deleted {time}").format(
            said=said, time=clock_time(message.deleted_at))
    elif message.edited_at is not None:
        said = translate("workspace.message_delegate", "{said} · edited {time}").format(
            said=said, time=clock_time(message.edited_at))
    if message.pending:
        said = translate("workspace.message_delegate", "{said} · waiting to send").format(said=said)
    return translate("workspace.message_delegate", "Internal note · {said}").format(
            said=said) if message.author_kind is AuthorKind.NOTE else said
