"""What the admin sees: the published records with their own pending changes applied."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from app.config import Change, Kind, Op, Record

RecordKey = tuple[Kind, str]


def apply(records: dict[RecordKey, Record], change: Change) -> None:
    """Apply `change` to `records` in place, as the backend would (an update merges fields)."""
    key = (change.kind, change.entity_id)
    match change.op:
        case Op.CREATE:
            records[key] = Record(change.kind, change.entity_id, dict(change.fields), 0)
        case Op.DELETE:
            records.pop(key, None)
        case Op.UPDATE:
            current = records.get(key)
            if current is not None:
                records[key] = Record(current.kind, current.id, {**current.fields, **change.fields},
                                      current.version)


def overlay(published: Mapping[RecordKey, Record], changes: Iterable[Change]) -> dict[RecordKey, Record]:
    """The records as they will be once `changes` apply, in order."""
    records = dict(published)
    for change in changes:
        apply(records, change)
    return records


def mentions(value: object, entity_id: str) -> bool:
    """Whether a field value refers to `entity_id` (a ref, or one of a ref list)."""
    if value == entity_id:
        return True
    if isinstance(value, list):
        return any(mentions(item, entity_id) for item in value)
    if isinstance(value, dict):
        return any(mentions(item, entity_id) for item in value.values())
    return False
