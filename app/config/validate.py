"""The rules an organisation's configuration keeps, checked on the whole of it after an edit.

Each problem names the record and the field, in words an admin can act on. Editors check
before recording an edit; backends check again where the change applies.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from app.config.records import Kind, Record
from app.config.schema import FieldType, schema_of
from app.errors import InvalidInput


@dataclass(frozen=True, slots=True)
class Problem:
    kind: Kind
    entity_id: str
    field: str  # "" when it is about the whole record
    message: str


def problems(records: Iterable[Record]) -> list[Problem]:
    """Everything wrong with a configuration made of `records` (all kinds together)."""
    found: list[Problem] = []
    for record in records:
        found.extend(_field_problems(record))
    return found


def require_valid(records: Iterable[Record], *, about: Record | None = None) -> None:
    """Raise InvalidInput listing the problems (those of `about` first, when given)."""
    found = problems(records)
    if not found:
        return
    if about is not None:
        found.sort(key=lambda p: (p.kind, p.entity_id) != (about.kind, about.id))
    raise InvalidInput(" ".join(problem.message for problem in found[:5]), code="invalid-configuration")


def _field_problems(record: Record) -> Iterable[Problem]:
    schema = schema_of(record.kind)
    for spec in schema.fields:
        value = record.fields.get(spec.name)
        where = f"{record.kind.label} '{record.name}'"
        if value is None:
            if not spec.optional:
                yield Problem(record.kind, record.id, spec.name, f"{where}: {spec.label} is required.")
            continue
        named = spec.name in ("name", "shortcut", "username")
        if spec.type is FieldType.TEXT and named and not str(value).strip():
            yield Problem(record.kind, record.id, spec.name, f"{where}: {spec.label} cannot be empty.")
        if spec.type is FieldType.INT:
            if not isinstance(value, int) or isinstance(value, bool):
                yield Problem(record.kind, record.id, spec.name,
                              f"{where}: {spec.label} must be a whole number.")
            elif spec.minimum is not None and value < spec.minimum:
                yield Problem(record.kind, record.id, spec.name,
                              f"{where}: {spec.label} cannot be below {spec.minimum}.")
