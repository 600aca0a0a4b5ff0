"""Conversions between SQLite columns and domain values."""

from __future__ import annotations

import json
from datetime import UTC, datetime


def to_ms(at: datetime) -> int:
    if at.tzinfo is None:
        raise ValueError("the store keeps aware datetimes only")
    return int(at.timestamp() * 1000)


def from_ms(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, UTC)


def from_ms_or_none(ms: int | None) -> datetime | None:
    return None if ms is None else from_ms(ms)


def to_ms_or_none(at: datetime | None) -> int | None:
    return None if at is None else to_ms(at)


def tags_to_json(tags: tuple[str, ...]) -> str:
    return json.dumps(list(tags), ensure_ascii=False)


def tags_from_json(raw: str) -> tuple[str, ...]:
    return tuple(str(tag) for tag in json.loads(raw))


def ids_to_json(ids: frozenset[str] | set[str] | tuple[str, ...]) -> str:
    """A JSON array bound as one parameter and expanded with json_each(): no SQL is built."""
    return json.dumps(sorted(ids))
