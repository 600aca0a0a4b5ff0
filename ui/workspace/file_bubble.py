"""How a file looks in a conversation bubble: a picture inline (its preview, at a size fixed
from its header so the row never jumps when it loads) with its name under it, or a card with
the name, size and kind for any other file; both with a "Save as…" link. Names are drawn as
plain text, elided, never interpreted."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPalette, QPixmap

from app.domain import Attachment
from app.domain.attachment import size_text
from ui.i18n import QT_TRANSLATE_NOOP, translate
from ui.workspace.previews import Preview

# The largest a picture is shown inline; the smallest side it is drawn with (a thin strip
# stays clickable).
PREVIEW_BOX = QSize(320, 240)
_MIN_SIDE = 24
_CARD_WIDTH = 300
_ICON = 44
_GAP = 6
_SAVE = QT_TRANSLATE_NOOP("FileBubble", "Save as…")


def save_text() -> str:
    return translate("FileBubble", _SAVE)


@dataclass(frozen=True, slots=True)
class FileBlock:
    """Where the parts of a file's block are, relative to the block's top left."""

    size: QSize
    picture: QRect | None  # a picture's preview; None for a card
    title: QRect  # the file's name
    detail: QRect  # size and kind
    save: QRect  # the "Save as…" link


def kind_text(attachment: Attachment) -> str:
    """'PDF file', 'PNG picture': by the name's extension, else the media type."""
    stem, dot, extension = attachment.name.rpartition(".")
    if dot and stem and 0 < len(extension) <= 6 and extension.isalnum():
        if attachment.media_type.startswith("image/"):
            return translate("FileBubble", "{extension} picture").format(extension=extension.upper())
        return translate("FileBubble", "{extension} file").format(extension=extension.upper())
    return attachment.media_type


def picture_size(attachment: Attachment, width: int) -> QSize:
    """The preview's size: the picture's own, shrunk to fit the box (and the bubble)."""
    box = QSize(min(PREVIEW_BOX.width(), max(_MIN_SIDE, width)), PREVIEW_BOX.height())
    natural = QSize(attachment.width or box.width(), attachment.height or box.height())
    if natural.width() > box.width() or natural.height() > box.height():
        natural = natural.scaled(box, Qt.AspectRatioMode.KeepAspectRatio)
    return QSize(max(_MIN_SIDE, natural.width()), max(_MIN_SIDE, natural.height()))


def measure(attachment: Attachment, metrics: QFontMetrics, width: int) -> FileBlock:
    """The block of `attachment` in a bubble whose text may be `width` wide."""
    line = metrics.height()
    save_width = metrics.horizontalAdvance(save_text()) + 2
    if attachment.is_image:
        picture = QRect(QPoint(0, 0), picture_size(attachment, width))
        top = picture.bottom() + 1 + _GAP
        # A few pixels spare: drawn text may round wider than measured, and must not elide.
        detail_width = metrics.horizontalAdvance(f"{size_text(attachment.size)} · ") + 4
        block_width = min(width, max(picture.width(), detail_width + save_width + 40))
        title = QRect(0, top, block_width, line)
        detail = QRect(0, top + line, detail_width, line)
        save = QRect(detail_width, top + line, save_width, line)
        return FileBlock(QSize(block_width, top + 2 * line), picture, title, detail, save)
    block_width = min(width, _CARD_WIDTH)
    text_left = _ICON + _GAP
    text_width = max(40, block_width - text_left)
    detail_width = max(0, text_width - save_width - _GAP)
    height = max(_ICON, 2 * line) + 2 * _GAP
    title = QRect(text_left, _GAP, text_width, line)
    detail = QRect(text_left, _GAP + line, detail_width, line)
    save = QRect(block_width - save_width, _GAP + line, save_width, line)
    return FileBlock(QSize(block_width, height), None, title, detail, save)


def paint(painter: QPainter, origin: QPoint, block: FileBlock, attachment: Attachment,
          preview: Preview | None, pixmap: QPixmap | None, palette: QPalette,
          metrics: QFontMetrics, *, can_save: bool = True) -> None:
    """Draw the block at `origin`; without `can_save` (a view that cannot fetch files) there is
    neither a preview nor a "Save as…" link."""
    painter.save()
    painter.translate(origin)
    text = palette.color(QPalette.ColorRole.Text)
    muted = QColor(text)
    muted.setAlpha(160)
    if block.picture is not None:
        if pixmap is not None and preview is Preview.READY:
            painter.drawPixmap(block.picture, pixmap)
        else:
            painter.setPen(muted)
            painter.setBrush(palette.color(QPalette.ColorRole.Base))
            painter.drawRect(block.picture.adjusted(0, 0, -1, -1))
            if not can_save:
                note = translate("FileBubble", "Picture (shown in the agent desk)")
            elif preview in (None, Preview.LOADING):
                note = translate("FileBubble", "Loading the picture…")
            else:
                note = translate("FileBubble", "No preview: save it to see it")
            flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
            painter.drawText(block.picture, int(flags), note)
    else:
        card = QRect(QPoint(0, 0), block.size)
        painter.setPen(muted)
        painter.setBrush(palette.color(QPalette.ColorRole.Base))
        painter.drawRoundedRect(card.adjusted(0, 0, -1, -1), 6, 6)
        icon = QRect(_GAP, _GAP, _ICON - _GAP, block.size.height() - 2 * _GAP)
        painter.drawRoundedRect(icon, 3, 3)
        body = painter.font()
        small = painter.font()
        small.setPointSizeF(max(6.0, small.pointSizeF() * 0.75))
        painter.setFont(small)
        painter.drawText(icon, int(Qt.AlignmentFlag.AlignCenter), _badge(attachment))
        painter.setFont(body)
    painter.setPen(text)
    painter.drawText(block.title, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                     metrics.elidedText(attachment.name, Qt.TextElideMode.ElideMiddle, block.title.width()))
    painter.setPen(muted)
    detail = f"{size_text(attachment.size)} · " if block.picture is not None else (
        f"{size_text(attachment.size)} · {kind_text(attachment)}")
    painter.drawText(block.detail, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                     metrics.elidedText(detail, Qt.TextElideMode.ElideRight, block.detail.width()))
    if not can_save:
        painter.restore()
        return
    link = palette.color(QPalette.ColorRole.Link)
    painter.setPen(link)
    font = painter.font()
    font.setUnderline(True)
    painter.setFont(font)
    painter.drawText(block.save, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), save_text())
    painter.restore()


def _badge(attachment: Attachment) -> str:
    """Up to four letters of the file's extension, for the card's icon."""
    _stem, dot, extension = attachment.name.rpartition(".")
    return extension[:4].upper() if dot and extension.isalnum() else translate("FileBubble", "FILE")
