"""The queue: waiting inquiries, oldest first, with live wait times."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime

from PySide6.QtCore import Qt

from app.domain import Inquiry
from ui.format import one_line, wait_time
from ui.models.base import RowsModel


def _order(inquiry: Inquiry) -> tuple[datetime, str]:
    return inquiry.queued_at, inquiry.id


class QueueModel(RowsModel[Inquiry]):
    VISITOR, CHANNEL, DEPARTMENT, WAITING, PRIORITY, MESSAGE = range(6)
    HEADERS = ("Visitor", "Channel", "Department", "Waiting", "Priority", "Message")

    def __init__(self, now: Callable[[], datetime], department_names: Mapping[str, str]) -> None:
        super().__init__(key=lambda inquiry: inquiry.id)
        self._now = now
        self._department_names = dict(department_names)
        # Rows are in queue order, so a row is found by binary search on its order: O(log n)
        # even while thousands of inquiries come and go in a burst.
        self._by_id: dict[str, Inquiry] = {}

    def display(self, value: Inquiry, column: int) -> str:
        if column == self.VISITOR:
            return value.visitor_name
        if column == self.CHANNEL:
            return value.channel.label
        if column == self.DEPARTMENT:
            if value.department_id is None:
                return "Any (public)"
            return self._department_names.get(value.department_id, value.department_id)
        if column == self.WAITING:
            return wait_time(value.waited_seconds(self._now()))
        if column == self.PRIORITY:
            return value.priority.label
        return one_line(value.preview)

    def tooltip(self, value: Inquiry, column: int) -> str | None:
        return one_line(value.preview, 400) if column == self.MESSAGE else None

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
