"""Helpers for configuration tests: changes made as an admin editor makes them."""

from __future__ import annotations

from datetime import UTC, datetime

from app.config.records import Applied, Change, ChangeOutcome, JsonValue, Kind, Op, Record, new_change_id
from app.config.schema import schema_of

MADE_AT = datetime(2026, 11, 25, 10, 30, tzinfo=UTC)


def update(record: Record, **fields: JsonValue) -> Change:
    """An edit of `fields` based on `record` as it was read."""
    return Change(new_change_id(), record.kind, record.id, Op.UPDATE, fields,
                  {name: record.fields.get(name) for name in fields}, record.version, "u-sam", MADE_AT)


def create(kind: Kind, entity_id: str, **fields: JsonValue) -> Change:
    return Change(new_change_id(), kind, entity_id, Op.CREATE, {**schema_of(kind).defaults(), **fields},
                  {}, 0, "u-sam", MADE_AT)


def delete(record: Record) -> Change:
    return Change(new_change_id(), record.kind, record.id, Op.DELETE, {}, dict(record.fields),
                  record.version, "u-sam", MADE_AT)


def find(records: list[Record], kind: Kind, entity_id: str) -> Record:
    return next(r for r in records if r.kind is kind and r.id == entity_id)


def applied(outcome: ChangeOutcome) -> Record:
    """The record an applied change left (fails the test on anything else)."""
    assert isinstance(outcome, Applied), outcome
    assert outcome.record is not None
    return outcome.record
