"""Queues per department of the unit: how many wait, for how long, and their SLAs."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from app.domain import DepartmentQueue
from ui.format import wait_time
from ui.i18n import QT_TRANSLATE_NOOP
from ui.monitor.colours import Level
from ui.monitor.table import LiveRowsModel


class DepartmentQueuesModel(LiveRowsModel[DepartmentQueue]):
    DEPARTMENT, WAITING, LONGEST, DUE_SOON, BREACHED = range(5)
    HEADERS = (QT_TRANSLATE_NOOP("DepartmentQueuesModel", "Department"),
               QT_TRANSLATE_NOOP("DepartmentQueuesModel", "Waiting"),
               QT_TRANSLATE_NOOP("DepartmentQueuesModel", "Longest wait"),
               QT_TRANSLATE_NOOP("DepartmentQueuesModel", "SLA due soon"),
               QT_TRANSLATE_NOOP("DepartmentQueuesModel", "SLA breached"))

    def __init__(self, now: Callable[[], datetime], department_names: Mapping[str, str]) -> None:
        super().__init__(key=lambda queue: queue.department_id)
        self._now = now
        self.department_names = dict(department_names)

    def _longest_s(self, value: DepartmentQueue) -> float:
        if value.oldest_queued_at is None:
            return 0.0
        return max(0.0, (self._now() - value.oldest_queued_at).total_seconds())

    def display(self, value: DepartmentQueue, column: int) -> str:
        if column == self.DEPARTMENT:
            return self.department_names.get(value.department_id, "Unknown department")
        if column == self.WAITING:
            return str(value.waiting)
        if column == self.LONGEST:
            return "—" if value.oldest_queued_at is None else wait_time(self._longest_s(value))
        if column == self.DUE_SOON:
            return str(value.sla_due_soon)
        return str(value.sla_breached)

    def tooltip(self, value: DepartmentQueue, column: int) -> str | None:
        if column == self.DUE_SOON:
            return self.tr("Waiting inquiries whose SLA falls due soon")
        if column == self.BREACHED:
            return self.tr("Waiting inquiries past their SLA")
        return None

    def level(self, value: DepartmentQueue, column: int) -> Level:
        if column == self.DUE_SOON and value.sla_due_soon:
            return Level.SOON
        if column == self.BREACHED and value.sla_breached:
            return Level.PAST
        return Level.FINE

    def sort_key(self, value: DepartmentQueue, column: int) -> Any:
        if column == self.DEPARTMENT:
            return self.display(value, column).lower()
        if column == self.LONGEST:
            return self._longest_s(value)
        counts = {self.WAITING: value.waiting, self.DUE_SOON: value.sla_due_soon,
                  self.BREACHED: value.sla_breached}
        return counts.get(column, 0)

    def queue_of(self, department_id: str) -> DepartmentQueue | None:
        row = self.row_of(department_id)
        return None if row is None else self.value_at(row)
