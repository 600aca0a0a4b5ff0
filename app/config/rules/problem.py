"""What a rule reports, and the whole configuration as rules read it (records by kind and id)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from app.config.records import JsonValue, Kind, Record
from app.config.schema import schema_of


@dataclass(frozen=True, slots=True)
class Problem:
    kind: Kind
    entity_id: str
    field: str  # "" when it is about the whole record
    message: str


class Configuration:
    """All records of all kinds, indexed once so every rule looks references up in O(1)."""

    def __init__(self, records: Iterable[Record]) -> None:
        self._by_kind: dict[Kind, dict[str, Record]] = {kind: {} for kind in Kind}
        for record in records:
            self._by_kind[record.kind][record.id] = record

    def of(self, kind: Kind) -> Mapping[str, Record]:
        """The records of `kind` by id, in the order they were given."""
        return self._by_kind[kind]

    def get(self, kind: Kind, entity_id: object) -> Record | None:
        return self._by_kind[kind].get(entity_id) if isinstance(entity_id, str) else None


def name_of(record: Record) -> str:
    """How a message names a record: its name, shortcut, title or username; never its id."""
    for key in ("name", "shortcut", "title", "username"):
        value = record.fields.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    if schema_of(record.kind).singleton:
        return record.kind.label
    return f"{record.kind.label} (no name yet)"


def describe(record: Record) -> str:
    """The start of a message about `record`: "Department 'Billing'", "Routing"."""
    if schema_of(record.kind).singleton:
        return record.kind.label
    name = name_of(record)
    if name == f"{record.kind.label} (no name yet)":
        return name
    return f"{record.kind.label} '{name}'"


def ids_in(value: JsonValue) -> list[str]:
    """The ids a REF_LIST field holds, ignoring what is not an id (the type rule reports it)."""
    if not isinstance(value, list):
        return []
    return [item for item in value if isinstance(item, str)]
