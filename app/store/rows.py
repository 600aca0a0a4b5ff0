"""Conversions between SQLite columns and domain values."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime

from app.domain import Principal


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


# Scope filter shared by every list query: `?1` is 1 for "sees everything", `?2` a JSON array of
# visible department ids, `?3` 1 when chats without a department (the public queue) are visible.
DEPARTMENT_SCOPE = (
    "(?1 = 1 OR {col} IN (SELECT value FROM json_each(?2)) OR ({col} IS NULL AND ?3 = 1))"
)


def scope_parameters(
    sees_all: bool, department_ids: Iterable[str], sees_public: bool
) -> tuple[int, str, int]:
    return int(sees_all), ids_to_json(tuple(department_ids)), int(sees_public)


def scope_of(principal: Principal) -> tuple[int, str, int]:
    """The DEPARTMENT_SCOPE parameters for what `principal` may see."""
    return scope_parameters(
        principal.is_admin,
        principal.department_ids | principal.unit_department_ids,
        principal.is_agent or principal.is_monitor,
    )
