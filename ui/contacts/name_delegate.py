"""The Name column: the contact's name, and a small "unknown" pill after it when nobody has
verified or edited the contact yet (a suffix in the text would be cut off first)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from ui.models.roles import ValueRole

BADGE = "unknown"


class NameDelegate(QStyledItemDelegate):
    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        contact = index.data(ValueRole)
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
        badge_width = metrics.horizontalAdvance(BADGE) + 12
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
        painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, BADGE)
        painter.restore()
