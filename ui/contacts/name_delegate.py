"""How the contact list paints its cells.

`CellDelegate` fills each cell's style option from the model's texts in one call: a
QStyledItemDelegate asks the model for about eight roles per cell (each a call into Python),
several hundred calls a screen, which made every page scrolled cost twice a plain table's paint.

The Name column: the contact's name, and a small "unknown" pill after it when nobody has
verified or edited the contact yet (a suffix in the text would be cut off first)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QBrush, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from ui.contacts.list_model import PLACEHOLDER, ContactListModel, bold_font
from ui.i18n import QT_TRANSLATE_NOOP
from ui.monitor.colours import Level, swatch

BADGE = QT_TRANSLATE_NOOP("NameDelegate", "unknown")
_HAS_DISPLAY = QStyleOptionViewItem.ViewItemFeature.HasDisplay
_CENTER = Qt.AlignmentFlag.AlignCenter


class CellDelegate(QStyledItemDelegate):
    """Paints a cell as QStyledItemDelegate does (the same look: the conflicts column centred,
    amber and bold when there are some), reading the model directly."""

    def __init__(self, model: ContactListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self._bold = bold_font()

    def initStyleOption(self, option: QStyleOptionViewItem,
                        index: QModelIndex | QPersistentModelIndex) -> None:
        model = self._model
        row, column = index.row(), index.column()
        texts = model.texts(row)  # a row not loaded asks for its page
        text = (PLACEHOLDER if column == model.NAME else "") if texts is None else texts[column]
        option.index = index  # type: ignore[assignment]  # a QModelIndex from the view
        option.features |= _HAS_DISPLAY
        # As QStyledItemDelegate shows a line break in one line.
        option.text = text.replace("\n", "\u2028") if "\n" in text else text
        option.styleObject = None  # type: ignore[assignment]  # no style animations in item views, as QStyledItemDelegate
        if column != model.CONFLICTS:
            return
        option.displayAlignment = _CENTER
        contact = model.contact_at(row) if texts is not None else None
        if contact is None or not contact.conflicts:
            return
        colours = swatch(Level.SOON)
        assert colours is not None
        option.backgroundBrush = QBrush(colours.background)
        palette = option.palette
        palette.setBrush(QPalette.ColorRole.Text, QBrush(colours.text))
        option.palette = palette
        option.font = self._bold.resolve(option.font)
        option.fontMetrics = QFontMetrics(option.font)


class NameDelegate(CellDelegate):
    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        contact = self._model.contact_at(index.row())
        if contact is None or not contact.unknown:
            super().paint(painter, option, index)
            return
        item = QStyleOptionViewItem(option)
        self.initStyleOption(item, index)
        name, item.text = item.text, ""
        widget = item.widget
        style = widget.style() if widget is not None else QApplication.style()
        # The cell's background and selection as any cell, then the name and the pill by hand.
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, item, painter, widget)
        area = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, item, widget).adjusted(4, 0, -4, 0)
        metrics = item.fontMetrics
        badge_width = metrics.horizontalAdvance(self.tr(BADGE)) + 12
        elided = metrics.elidedText(name, Qt.TextElideMode.ElideRight, max(0, area.width() - badge_width - 8))
        selected = bool(item.state & QStyle.StateFlag.State_Selected)
        text = item.palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        muted = text if selected else item.palette.color(QPalette.ColorRole.PlaceholderText)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(text)
        painter.drawText(area, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, elided)
        height = metrics.height()
        pill = QRect(area.left() + metrics.horizontalAdvance(elided) + 8,
                     area.center().y() - height // 2, badge_width, height)
        small = painter.font()
        small.setPointSizeF(small.pointSizeF() * 0.85)
        painter.setFont(small)
        painter.setPen(muted)
        painter.drawRoundedRect(pill, height / 2, height / 2)
        painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, self.tr(BADGE))
        painter.restore()
