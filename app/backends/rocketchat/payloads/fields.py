"""Reading one Rocket.Chat payload field by field: required fields must be there with the right
type, optional ones may be missing or null, unknown ones are ignored. Every failure is a
PayloadError naming the field's path, the payload's kind and its endpoint.

Dates come two ways: an ISO 8601 string over REST ("2026-11-25T10:30:00.000Z") and EJSON
`{"$date": <ms since the epoch>}` over DDP; both read as aware UTC datetimes.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, TypeVar

from app.backends.rocketchat.payloads.errors import PayloadError

_T = TypeVar("_T")
_MISSING = object()


class Fields:
    """One JSON object of a payload (the payload itself, or an object inside it at `path`)."""

    __slots__ = ("_data", "endpoint", "kind", "path")

    def __init__(self, data: object, *, kind: str, endpoint: str, path: str = "") -> None:
        if not isinstance(data, Mapping):
            raise PayloadError(field=path or "the payload", kind=kind, endpoint=endpoint,
                               problem=f"is {_json_type(data)}, not an object")
        self._data: Mapping[str, Any] = data
        self.kind = kind
        self.endpoint = endpoint
        self.path = path

    def error(self, key: str, problem: str) -> PayloadError:
        return PayloadError(field=self._name(key), kind=self.kind, endpoint=self.endpoint, problem=problem)

    def has(self, key: str) -> bool:
        return self._data.get(key) is not None

    # -- required -----------------------------------------------------------------------------
    def text(self, key: str) -> str:
        return self._typed(self._required(key), key, str, "a string")

    def date(self, key: str) -> datetime:
        return self._date(self._required(key), key)

    def obj(self, key: str) -> Fields:
        return Fields(self._required(key), kind=self.kind, endpoint=self.endpoint, path=self._name(key))

    # -- optional: missing and null read as the default ----------------------------------------
    def text_or(self, key: str, default: str = "") -> str:
        value = self._data.get(key)
        return default if value is None else self._typed(value, key, str, "a string")

    def text_or_none(self, key: str) -> str | None:
        value = self._data.get(key)
        return None if value is None else self._typed(value, key, str, "a string")

    def flag(self, key: str, default: bool = False) -> bool:
        value = self._data.get(key)
        return default if value is None else self._typed(value, key, bool, "true or false")

    def number_or_none(self, key: str) -> float | None:
        value = self._data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.error(key, f"is {_json_type(value)}, not a number")
        return float(value)

    def whole_or_none(self, key: str) -> int | None:
        """A whole number (a count, a size); a fraction is rounded down, as JavaScript's
        integer fields never hold one."""
        value = self.number_or_none(key)
        if value is None:
            return None
        if not math.isfinite(value):
            raise self.error(key, f"is {value}, not a finite number")
        return int(value)

    def date_or_none(self, key: str) -> datetime | None:
        value = self._data.get(key)
        return None if value is None else self._date(value, key)

    def obj_or_none(self, key: str) -> Fields | None:
        value = self._data.get(key)
        return None if value is None else Fields(value, kind=self.kind, endpoint=self.endpoint,
                                                 path=self._name(key))

    def texts(self, key: str) -> tuple[str, ...]:
        """A list of strings; missing or null is empty."""
        return tuple(self._typed(item, f"{key}[{index}]", str, "a string")
                     for index, item in enumerate(self._list(key)))

    def objs(self, key: str) -> tuple[Fields, ...]:
        """A list of objects; missing or null is empty."""
        return tuple(Fields(item, kind=self.kind, endpoint=self.endpoint, path=self._name(f"{key}[{index}]"))
                     for index, item in enumerate(self._list(key)))

    def items(self) -> list[tuple[str, object]]:
        """Every (key, value) of this object, as sent."""
        return [(key, value) for key, value in self._data.items() if isinstance(key, str)]

    def raw(self, key: str) -> object:
        """The value as sent (None when missing), for fields read by their own rules."""
        return self._data.get(key)

    # -- helpers ---------------------------------------------------------------------------------
    def _name(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path and not key.startswith("[") else f"{self.path}{key}"

    def _required(self, key: str) -> object:
        value = self._data.get(key, _MISSING)
        if value is _MISSING or value is None:
            raise self.error(key, "is missing")
        return value

    def _list(self, key: str) -> list[object]:
        value = self._data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.error(key, f"is {_json_type(value)}, not a list")
        return value

    def _typed(self, value: object, key: str, kind: type[_T], wanted: str) -> _T:
        if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
            raise self.error(key, f"is {_json_type(value)}, not {wanted}")
        return value

    def _date(self, value: object, key: str) -> datetime:
        read = read_date(value)
        if read is None:
            raise self.error(key, f"is {_json_type(value)}, not a date (ISO 8601, or EJSON $date)")
        return read


def read_date(value: object) -> datetime | None:
    """An ISO 8601 string or EJSON {"$date": ms} as an aware UTC datetime; None if it is neither.
    A string without an offset is read as UTC (Rocket.Chat writes UTC)."""
    if isinstance(value, Mapping) and set(value) == {"$date"}:
        value = value["$date"]
        if isinstance(value, int | float) and not isinstance(value, bool):
            try:
                return datetime.fromtimestamp(value / 1000, tz=UTC)
            except (OverflowError, OSError, ValueError):
                return None
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value)
            return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
        except (OverflowError, ValueError):
            return None
    return None


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, Mapping):
        return "an object"
    return type(value).__name__
