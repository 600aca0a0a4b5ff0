"""The queue: waiting inquiries, oldest first, with live wait times; an inquiry the blocking
settings forbid taking shows a lock and why."""

from __future__ import annotations

import bisect
import functools
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QApplication

from app.contacts import blocking
from app.domain import Inquiry, QueuePlace
from ui.format import one_line, wait_time
from ui.i18n import QT_TRANSLATE_NOOP, translate
from ui.i18n.labels import channel_label, priority_label
from ui.i18n.say import say
from ui.models.base import Index, RowsModel

# What a header click sorts by (the shown text would sort "10 min" before "9 min").
SortRole = Qt.ItemDataRole.UserRole + 20
# The words the filter box looks in: visitor, message and department.
FilterRole = Qt.ItemDataRole.UserRole + 21

# A few words for the row; the whole sentence (app.contacts.blocking.reason) is its tooltip.
_BLOCK_LABELS = {
    blocking.UNKNOWN_CONTACT: QT_TRANSLATE_NOOP("models.queue", "Unknown contact"),
    blocking.UNVERIFIED_CONTACT: QT_TRANSLATE_NOOP("models.queue", "Unverified"),
}


def block_label(code: str) -> str:
    """'Unverified' for a blocked inquiry's code; empty when it can be taken."""
    if not code:
        return ""
    return translate("models.queue", _BLOCK_LABELS.get(code, QT_TRANSLATE_NOOP("models.queue", "Blocked")))


def block_reason(code: str) -> str:
    """The sentence telling why nobody may take the inquiry; empty when it can be taken."""
    if not code:
        return ""
    said = blocking.reason(code)
    return say(said) if said is not None else translate(
            "models.queue", "Your organisation does not let agents take this chat now.")


def _order(inquiry: Inquiry) -> tuple[datetime, str]:
    return inquiry.queued_at, inquiry.id


class QueueModel(RowsModel[Inquiry]):
    VISITOR, CHANNEL, DEPARTMENT, WAITING, PLACE, PRIORITY, MESSAGE = range(7)
    HEADERS = (QT_TRANSLATE_NOOP("QueueModel", "Visitor"),
               QT_TRANSLATE_NOOP("QueueModel", "Channel"),
               QT_TRANSLATE_NOOP("QueueModel", "Department"),
               QT_TRANSLATE_NOOP("QueueModel", "Waiting"),
               QT_TRANSLATE_NOOP("QueueModel", "In line"),
               QT_TRANSLATE_NOOP("QueueModel", "Priority"),
               QT_TRANSLATE_NOOP("QueueModel", "Message"))

    def __init__(self, now: Callable[[], datetime], department_names: Mapping[str, str]) -> None:
        super().__init__(key=lambda inquiry: inquiry.id)
        self._now = now
        self._department_names = dict(department_names)
        # Rows are in queue order, so a row is found by binary search on its order: O(log n)
        # even while thousands of inquiries come and go in a burst.
        self._by_id: dict[str, Inquiry] = {}
        # Routing's place in line and estimated wait, by inquiry id (Backend.queue_places).
        self._places: dict[str, QueuePlace] = {}

    def set_places(self, places: Mapping[str, QueuePlace]) -> None:
        """Show routing's places and estimates; rows it does not mention show none."""
        self._places = dict(places)
        if self._rows:
            self.dataChanged.emit(self.index(0, self.PLACE), self.index(len(self._rows) - 1, self.PLACE),
                                  [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, SortRole])

    def set_department_names(self, names: Mapping[str, str]) -> None:
        """Show departments by these names (a resync may bring new ones, or the first names of a
        desk opened before its server answered)."""
        if dict(names) == self._department_names:
            return
        self._department_names = dict(names)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, self.columnCount() - 1),
                                  [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, SortRole])

    def place_of(self, inquiry_id: str) -> QueuePlace | None:
        return self._places.get(inquiry_id)

    def _department(self, value: Inquiry) -> str:
        if value.department_id is None:
            return self.tr("Any (public)")
        return self._department_names.get(value.department_id, value.department_id)

    def display(self, value: Inquiry, column: int) -> str:
        if column == self.VISITOR:
            return value.visitor_name
        if column == self.CHANNEL:
            return channel_label(value.channel)
        if column == self.DEPARTMENT:
            return self._department(value)
        if column == self.WAITING:
            return wait_time(value.waited_seconds(self._now()))
        if column == self.PLACE:
            place = self._places.get(value.id)
            if place is None:
                return ""
            if place.estimated_wait_s is None:
                return f"#{place.place}"
            return f"#{place.place} · ~{estimate(place.estimated_wait_s)}"
        if column == self.PRIORITY:
            return priority_label(value.priority)
        if value.blocked:
            return f"{block_label(value.blocked)} · {one_line(value.shown_preview)}"
        return one_line(value.shown_preview)

    def tooltip(self, value: Inquiry, column: int) -> str | None:
        if column == self.PLACE and not value.blocked:
            return self._place_tip(value)
        if column == self.VISITOR and not value.blocked:
            # Whole, with what a narrow panel hides (QueuePanel drops columns to fit).
            facts = [channel_label(value.channel), self._department(value),
                     self.tr("priority {priority}").format(priority=priority_label(value.priority))]
            place = self._place_tip(value)
            return f"{value.visitor_name}\n" + " · ".join(facts) + (f"\n{place}" if place else "")
        if column == self.DEPARTMENT and not value.blocked:
            return self.display(value, column)  # the whole name, when the column is too narrow
        preview = one_line(value.preview, 400) if column == self.MESSAGE else None
        if value.blocked:
            return block_reason(value.blocked) + (f"\n\n{preview}" if preview else "")
        return preview

    def _place_tip(self, value: Inquiry) -> str | None:
        place = self._places.get(value.id)
        if place is None:
            return None
        line = self.tr("In line for {department}").format(department=self._department(value))
        if place.estimated_wait_s is None:
            return self.tr("{line}: number {place}. Nobody is online to serve it, so no estimate.").format(
                    line=line, place=place.place)
        return self.tr("{line}: number {place}, about {estimate} still to wait.").format(
                line=line, place=place.place, estimate=estimate(place.estimated_wait_s))

    def sort_key(self, value: Inquiry, column: int) -> Any:
        if column == self.WAITING:
            return -value.queued_at.timestamp()  # longer waited sorts higher
        if column == self.PLACE:
            place = self._places.get(value.id)
            return place.place if place is not None else 1 << 30
        if column == self.PRIORITY:
            return int(value.priority)
        return self.display(value, column).casefold()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == SortRole and index.isValid():
            return self.sort_key(self.value_at(index.row()), index.column())
        if role == FilterRole and index.isValid():
            value = self.value_at(index.row())
            return f"{value.visitor_name}\n{value.preview}\n{self._department(value)}".casefold()
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid() and self.value_at(index.row()).blocked:
            # Dimmed like a disabled item: it is there to be seen, not taken.
            return QApplication.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        if (role == Qt.ItemDataRole.DecorationRole and index.isValid() and index.column() == self.VISITOR
                and self.value_at(index.row()).blocked):
            return lock_icon()
        return super().data(index, role)

    def reset(self, values: Iterable[Inquiry]) -> None:
        ordered = sorted(values, key=_order)
        self._by_id = {inquiry.id: inquiry for inquiry in ordered}
        super().reset(ordered)

    def add(self, inquiry: Inquiry) -> None:
        """Insert where the inquiry belongs in the oldest-first order."""
        if self.contains(inquiry.id):
            return
        self._by_id[inquiry.id] = inquiry
        self.insert(bisect.bisect(self._rows, _order(inquiry), key=_order), inquiry)

    def add_many(self, inquiries: list[Inquiry]) -> None:
        """Insert a burst: one insertion when they all belong after the last row (the usual)."""
        fresh = sorted((i for i in inquiries if not self.contains(i.id)), key=_order)
        if not fresh:
            return
        if not self._rows or _order(fresh[0]) >= _order(self._rows[-1]):
            for inquiry in fresh:
                self._by_id[inquiry.id] = inquiry
            self.extend(fresh)
            return
        for inquiry in fresh:
            self.add(inquiry)

    def row_of(self, key: object) -> int | None:
        inquiry = self._by_id.get(str(key))
        if inquiry is None:
            return None
        return bisect.bisect_left(self._rows, _order(inquiry), key=_order)

    def update(self, inquiry: Inquiry) -> None:
        """Show the inquiry as it is now (its contact or its block changed) where it waits."""
        row = self.row_of(inquiry.id)
        if row is None:
            return
        if _order(self._rows[row]) != _order(inquiry):
            # Requeued meanwhile: rows are found by their order, so it moves to its new place.
            self.remove(inquiry.id)
            self.add(inquiry)
            return
        self._by_id[inquiry.id] = inquiry
        self.replace(row, inquiry)

    def remove(self, key: object) -> bool:
        removed = super().remove(key)
        self._by_id.pop(str(key), None)
        return removed

    def refresh_wait_times(self) -> None:
        if self._rows:
            self.dataChanged.emit(self.index(0, self.WAITING),
                                  self.index(len(self._rows) - 1, self.WAITING),
                                  [Qt.ItemDataRole.DisplayRole])

    def inquiry_at(self, row: int) -> Inquiry:
        return self.value_at(row)


def estimate(seconds: int) -> str:
    """An estimate, said roughly: '4 min', '1 h 10 min', 'under a minute'."""
    if seconds < 60:
        return translate("models.queue", "<1 min")
    minutes = round(seconds / 60)
    if minutes < 60:
        return translate("models.queue", "{minutes} min").format(minutes=minutes)
    hours, minutes = divmod(minutes, 60)
    return translate("models.queue", "{hours} h {minutes:02d} min").format(hours=hours, minutes=minutes)


@functools.cache
def lock_icon() -> QIcon:
    """A small padlock, drawn rather than taken from a font: not every desktop has an emoji font,
    and a missing glyph would show as a box where the lock should be."""
    icon = QIcon()
    for scale in (1, 2):
        side = 16 * scale
        pixmap = QPixmap(side, side)
        pixmap.setDevicePixelRatio(scale)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        colour = QColor("#d97706")  # amber: reads on the light and the dark theme
        painter.setPen(QPen(colour, 1.6))
        shackle = QPainterPath()
        shackle.moveTo(5.0, 8.0)
        shackle.lineTo(5.0, 5.5)
        shackle.arcTo(QRectF(5.0, 2.0, 6.0, 7.0), 180, -180)
        shackle.lineTo(11.0, 8.0)
        painter.drawPath(shackle)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawRoundedRect(QRectF(3.0, 7.5, 10.0, 7.0), 1.5, 1.5)
        painter.end()
        icon.addPixmap(pixmap)
    return icon
