"""A visitor request's parameters, read and checked the way Rocket.Chat checks them.

Rocket.Chat validates a route with an ajv schema from @rocket.chat/rest-typings (bodies with
`coerceTypes: true`, query strings with `coerceTypes: 'array'`) or, for a few routes, with
Meteor's `check()`. Both are reproduced here closely enough that a request Rocket.Chat accepts is
accepted, one it refuses is refused with the same sentence, and the value a route reads is the
value Rocket.Chat's route would read (a number sent for a string arrives as that string).

Whatever arrives is hostile until checked: a body that is not UTF-8, JSON nested deeper than the
parser's recursion, NaN, lone surrogates. None of it may reach the desk or raise past here.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from aiohttp import web

from app.intake.answers import LivechatError, invalid_params, match_error

Coercion = Literal["body", "query", "exact"]

_SURROGATE = re.compile("[\ud800-\udfff]")
# What JavaScript's `+"..."` reads as a number (decimal, exponent, hex; surrounding blanks).
_JS_NUMBER = re.compile(
    r"^\s*(?:[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|0[xX][0-9a-fA-F]+|[+-]?Infinity)\s*$")


@dataclass(frozen=True, slots=True)
class Scalar:
    type: Literal["string", "number", "boolean"]
    nullable: bool = False


@dataclass(frozen=True, slots=True)
class Obj:
    properties: Mapping[str, Schema]
    required: tuple[str, ...] = ()
    # ajv's additionalProperties; Meteor's Match.ObjectIncluding when true.
    additional: bool = False
    nullable: bool = False


@dataclass(frozen=True, slots=True)
class Arr:
    items: Schema
    min_items: int = 0
    nullable: bool = False


Schema = Scalar | Obj | Arr

STRING = Scalar("string")
MAYBE_STRING = Scalar("string", nullable=True)
MAYBE_NUMBER = Scalar("number", nullable=True)
BOOLEAN = Scalar("boolean")


@dataclass(frozen=True, slots=True)
class Rule:
    """How one route checks what it is sent: an ajv schema ("body" or "query" coercion, the
    answer invalid-params) or Meteor's check() ("exact": no coercion, a "Match error")."""

    schema: Obj
    coercion: Coercion = "body"


def clean_json(value: Any) -> Any:
    """`value` (parsed JSON) with every string and key `clean`ed, in place; iterative, as a value
    may be nested as deep as the parser allowed."""
    if isinstance(value, str):
        return clean(value)
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, list):
            for index, inner in enumerate(item):
                if isinstance(inner, str):
                    item[index] = clean(inner)
                elif isinstance(inner, (list, dict)):
                    pending.append(inner)
        elif isinstance(item, dict):
            for key in list(item):
                inner = item.pop(key)
                if isinstance(inner, str):
                    inner = clean(inner)
                elif isinstance(inner, (list, dict)):
                    pending.append(inner)
                item[clean(key)] = inner
    return value


def clean(text: str) -> str:
    """Text as Rocket.Chat would store it: a lone surrogate (valid in a JavaScript string, not in
    UTF-8) becomes U+FFFD, as Node's BSON encoder makes it."""
    return _SURROGATE.sub("\ufffd", text)


async def read_body(request: web.Request) -> Any:
    """The request's JSON body; an empty body is an empty object, as Rocket.Chat reads it."""
    raw = await request.read()
    if not raw.strip():
        return {}
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise invalid_params("The body is not UTF-8 text.") from None
    return parse_json(text)


def parse_json(text: str) -> Any:
    """JSON as JavaScript's JSON.parse reads it (no NaN or Infinity), or invalid-params."""
    try:
        return json.loads(text, parse_constant=_no_constant)
    except (ValueError, RecursionError):
        # RecursionError: nested deeper than the parser recurses (thousands of brackets).
        raise invalid_params("The body is not valid JSON.") from None


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def query_params(request: web.Request) -> dict[str, Any]:
    """The query string as Rocket.Chat's router reads it: a key given twice is a list."""
    found: dict[str, Any] = {}
    for key in request.query:
        values = request.query.getall(key)
        found[clean(key)] = [clean(v) for v in values] if len(values) > 1 else clean(values[0])
    return found


def check(rule: Rule, data: Any) -> dict[str, Any]:
    """`data` as the route reads it (coerced as ajv coerces), or the refusal Rocket.Chat sends."""
    checked = _Checker(rule.coercion).value(rule.schema, data, "")
    assert isinstance(checked, dict)
    return checked


class _Checker:
    def __init__(self, coercion: Coercion) -> None:
        self._coercion = coercion

    def _refuse(self, ajv_message: str, match_message: str, path: str) -> LivechatError:
        if self._coercion == "exact":
            return match_error(match_message + (f" in field {path}" if path else ""))
        return invalid_params(ajv_message)

    def value(self, schema: Schema, data: Any, path: str) -> Any:
        if data is None and schema.nullable:
            return None
        if isinstance(schema, Scalar):
            return self._scalar(schema, data, path)
        if self._coercion == "query" and not isinstance(data, list) and isinstance(schema, Arr):
            data = [data]  # ajv's coerceTypes 'array': a lone value is a list of one
        if isinstance(schema, Arr):
            return self._array(schema, data, path)
        return self._object(schema, data, path)

    def _object(self, schema: Obj, data: Any, path: str) -> dict[str, Any]:
        if not isinstance(data, dict):
            # Meteor's words: an array is an object to typeof, but not a plain one.
            raise self._refuse(_must_be("object", schema.nullable),
                               "Expected plain object" if isinstance(data, list)
                               else f"Expected object, got {_js_type(data)}", path)
        for name in schema.required:
            if name not in data:
                raise self._refuse(f"must have required property '{name}'", f"Missing key '{name}'", path)
        if not schema.additional:
            for name in data:
                if name not in schema.properties:
                    raise self._refuse("must NOT have additional properties", "Unknown key",
                                       _join(path, name))
        checked = {clean(k): v for k, v in data.items()} if schema.additional else {}
        for name, inner in schema.properties.items():
            if name in data:
                checked[name] = self.value(inner, data[name], _join(path, name))
        return checked

    def _array(self, schema: Arr, data: Any, path: str) -> list[Any]:
        if not isinstance(data, list):
            raise self._refuse(_must_be("array", schema.nullable),
                               f"Expected array, got {_js_type(data)}", path)
        if len(data) < schema.min_items:
            raise self._refuse(f"must NOT have fewer than {schema.min_items} items",
                               f"Expected at least {schema.min_items} items", path)
        return [self.value(schema.items, item, f"{path}[{index}]") for index, item in enumerate(data)]

    def _scalar(self, schema: Scalar, data: Any, path: str) -> Any:
        if self._coercion == "query" and isinstance(data, list) and len(data) == 1:
            data = data[0]
        if _is(schema.type, data):
            return clean(data) if isinstance(data, str) else data
        if self._coercion != "exact":
            coerced = _coerce(schema.type, data)
            if coerced is not _FAILED:
                return coerced
        raise self._refuse(_must_be(schema.type, schema.nullable),
                           f"Expected {schema.type}, got {_js_type(data)}", path)


_FAILED = object()


def _is(kind: str, data: Any) -> bool:
    if kind == "string":
        return isinstance(data, str)
    if kind == "boolean":
        return isinstance(data, bool)
    return isinstance(data, (int, float)) and not isinstance(data, bool) and math.isfinite(data)


def _coerce(kind: str, data: Any) -> Any:
    """ajv's coerceTypes for one scalar, or _FAILED."""
    if kind == "string":
        if isinstance(data, bool):
            return "true" if data else "false"
        if isinstance(data, (int, float)):
            return _js_number_text(data)
        return "" if data is None else _FAILED
    if kind == "number":
        if isinstance(data, bool):
            return int(data)
        if data is None:
            return 0
        if isinstance(data, str) and data and _JS_NUMBER.match(data):
            number = _js_number(data)
            return number if math.isfinite(number) else _FAILED
        return _FAILED
    if data is None or data == "false" or (isinstance(data, (int, float)) and data == 0):
        return False
    if data == "true" or (isinstance(data, (int, float)) and data == 1):
        return True
    return _FAILED


def _js_number(text: str) -> float | int:
    """JavaScript's number for the text: a double, so past 1.8e308 it is Infinity."""
    text = text.strip()
    if text.lower().startswith("0x"):
        whole = int(text, 16)
        return whole if whole < 2**53 else (float(whole) if whole.bit_length() <= 1024 else math.inf)
    number = float(text)
    return int(number) if number.is_integer() and abs(number) < 2**53 else number


def _js_number_text(number: float) -> str:
    """The number as JavaScript's String() writes it (5, not 5.0)."""
    if isinstance(number, float) and number.is_integer() and abs(number) < 1e21:
        return str(int(number))
    return repr(number) if isinstance(number, float) else str(number)


def _must_be(kind: str, nullable: bool) -> str:
    return f"must be {kind},null" if nullable else f"must be {kind}"


def _js_type(data: Any) -> str:
    if data is None:
        return "null"
    if isinstance(data, bool):
        return "boolean"
    if isinstance(data, (int, float)):
        return "number"
    if isinstance(data, str):
        return "string"
    return "object"


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name
