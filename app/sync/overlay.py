"""What the admin sees: the published records with their own pending changes applied."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from app.config import Change, Kind, Record
from app.config.relations import apply_change

RecordKey = tuple[Kind, str]


def apply(records: dict[RecordKey, Record], change: Change) -> None:
    """Apply `change` to `records` in place, as the backend would (an update merges fields;
    both sides of a relation show it)."""
    apply_change(records, change)


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
