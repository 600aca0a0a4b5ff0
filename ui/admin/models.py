"""The admin editors' lists: records of a kind, pending changes, the audit trail."""

from __future__ import annotations

from collections.abc import Iterable

from app.config import AuditEntry, Op, Record
from ui.admin import sync_api
from ui.admin.describe import STATE_LABELS, NameOf, describe_change, describe_fields, record_title
from ui.format import day_and_time, one_line
from ui.i18n import QT_TRANSLATE_NOOP, translate
from ui.models.base import RowsModel


class RecordsModel(RowsModel[Record]):
    """The records of one kind as the admin sees them (pending edits applied), by name."""

    NAME, PENDING = range(2)
    HEADERS = (QT_TRANSLATE_NOOP("RecordsModel", "Name"), "")

    def __init__(self) -> None:
        super().__init__(key=lambda record: record.id)
        self._pending: frozenset[str] = frozenset()

    def show(self, records: Iterable[Record], pending_ids: Iterable[str]) -> None:
        self._pending = frozenset(pending_ids)
        self.reset(records)

    def display(self, value: Record, column: int) -> str:
        if column == self.NAME:
            return value.name
        return self.tr("● pending") if value.id in self._pending else ""

    def tooltip(self, value: Record, column: int) -> str | None:
        if column == self.PENDING and value.id in self._pending:
            return self.tr("Edited here; not yet published.")
        return None


class PendingModel(RowsModel[sync_api.Pending]):
    """Pending changes in the order they were made, as sentences, with their state."""

    CHANGE, STATE = range(2)
    HEADERS = (QT_TRANSLATE_NOOP("PendingModel", "Change"), QT_TRANSLATE_NOOP("PendingModel", "State"))

    def __init__(self, name_of: NameOf) -> None:
        super().__init__(key=lambda pending: pending.seq)
        self._name_of = name_of
        self._online = True

    def show(self, pending: Iterable[sync_api.Pending], *, online: bool) -> None:
        self._online = online
        self.reset(pending)

    def display(self, value: sync_api.Pending, column: int) -> str:
        if column == self.CHANGE:
            return describe_change(value.change, self._name_of)
        label = translate("admin.describe", STATE_LABELS[value.state]) if value.state in STATE_LABELS \
            else value.state
        if value.state == sync_api.QUEUED and not self._online:
            label = self.tr("waiting (offline)")
        if value.state == sync_api.REJECTED and value.problem:
            label = self.tr("rejected: {problem}").format(problem=value.problem)
        return label

    def tooltip(self, value: sync_api.Pending, column: int) -> str | None:
        if value.state == sync_api.CONFLICT:
            return self.tr("Someone changed this meanwhile: open it to choose, field by field.")
        return value.problem or None


_OPERATIONS = {Op.CREATE: QT_TRANSLATE_NOOP("AuditModel", "Create"),
               Op.UPDATE: QT_TRANSLATE_NOOP("AuditModel", "Update"),
               Op.DELETE: QT_TRANSLATE_NOOP("AuditModel", "Delete")}


class AuditModel(RowsModel[AuditEntry]):
    """Applied changes, newest first: when, who, what, before -> after."""

    WHEN, WHO, WHAT, CHANGE = range(4)
    HEADERS = (QT_TRANSLATE_NOOP("AuditModel", "When"),
               QT_TRANSLATE_NOOP("AuditModel", "Who"),
               QT_TRANSLATE_NOOP("AuditModel", "What"),
               QT_TRANSLATE_NOOP("AuditModel", "Before → after"))

    def __init__(self, name_of: NameOf) -> None:
        super().__init__(key=lambda entry: entry.change_id)
        self._name_of = name_of

    def display(self, value: AuditEntry, column: int) -> str:
        if column == self.WHEN:
            return day_and_time(value.at)
        if column == self.WHO:
            return value.by_name
        if column == self.WHAT:
            return self.tr("{operation} {record}").format(
                operation=self.tr(_OPERATIONS[value.op]) if value.op in _OPERATIONS else value.op.value,
                record=record_title(value.kind, value.entity_name))
        return one_line(f"{describe_fields(value.kind, value.before, self._name_of) or '—'} → "
                        f"{describe_fields(value.kind, value.after, self._name_of) or '—'}", 200)

    def tooltip(self, value: AuditEntry, column: int) -> str | None:
        if column == self.CHANGE:
            return self.tr("Before: {before}\nAfter: {after}").format(
                before=describe_fields(value.kind, value.before, self._name_of),
                after=describe_fields(value.kind, value.after, self._name_of))
        return None

