"""Rocket.Chat's own schemas, as tools/rc-typings/dump.mjs wrote them into .rc-typings/schemas/:
the ajv request validators of @rocket.chat/rest-typings 8.8.1 and JSON Schemas generated from
@rocket.chat/core-typings 8.8.1. Tests and the loopback server check what is sent and served
against them.

    validate_request("POST", "/v1/livechat/room.onHold", body)
    validate_payload("IOmnichannelRoom", room)

Missing typings are an error, never a skip: `./dev test` fetches them before the tests run.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator, Mapping
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker, validators
from jsonschema.exceptions import ValidationError, best_match

SCHEMAS_DIR = Path(__file__).resolve().parents[2] / ".rc-typings" / "schemas"


class TypingsMissing(RuntimeError):
    pass


class SchemaViolation(AssertionError):
    """What was checked breaks Rocket.Chat's schema; the message says where and how."""


@cache
def _dump(name: str) -> dict[str, Any]:
    path = SCHEMAS_DIR / name
    if not path.is_file():
        raise TypingsMissing(f"{path} is missing: run ./dev to fetch Rocket.Chat's typings "
                             f"(./dev test does, then runs the tests)")
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def routes() -> Mapping[str, Mapping[str, Any]]:
    """Every route rest-typings declares ("POST /v1/livechat/room.onHold"), with the name of the
    ajv validator Rocket.Chat checks its params with (None when it has none)."""
    return _dump("requests.json")["routes"]  # type: ignore[no-any-return]


def request_schema(method: str, route: str) -> dict[str, Any]:
    """The JSON Schema of a route's params (a body, or a query's values), as ajv reads it."""
    key = f"{method.upper()} {_v1(route)}"
    found = routes().get(key)
    if found is None:
        raise LookupError(f"rest-typings declares no route {key}")
    if found["validator"] is None:
        raise LookupError(f"rest-typings has no ajv validator for {key} (params: {found['params']})")
    return validator_schema(found["validator"])


def validator_schema(name: str) -> dict[str, Any]:
    """The schema of one of rest-typings' ajv validators (isLiveChatRoomForwardProps...)."""
    schema: dict[str, Any] = _as_ajv_reads(_dump("requests.json")["validators"][name]["schema"])
    return schema


def payload_schema(type_name: str) -> dict[str, Any]:
    """The JSON Schema generated from one of core-typings' types (IOmnichannelRoom...)."""
    definitions = _dump("payloads.json")["definitions"]
    if type_name not in definitions:
        raise LookupError(f"no schema for {type_name}: add it to PAYLOAD_TYPES in tools/rc-typings/dump.mjs")
    return {"$ref": f"#/definitions/{type_name}", "definitions": definitions}


def validate(instance: Any, schema: Mapping[str, Any], *, what: str) -> None:
    """Raise SchemaViolation, naming `what` and the path inside it, unless `instance` fits."""
    _raise_first(_validator(json.dumps(schema, sort_keys=True)), instance, what)


def _raise_first(validator: Any, instance: Any, what: str) -> None:
    error = best_match(validator.iter_errors(instance))
    if error is not None:
        raise SchemaViolation(f"{what} breaks Rocket.Chat's schema at {_path(error)}: {error.message}")


def validate_request(method: str, route: str, params: Any) -> None:
    validate(params, request_schema(method, route), what=f"{method.upper()} {_v1(route)}")


def validate_payload(type_name: str, payload: Any) -> None:
    _raise_first(_payload_validator(type_name), payload, type_name)


@cache
def _payload_validator(type_name: str) -> Any:
    return _AjvValidator(payload_schema(type_name), format_checker=_FORMATS)


def violations(instance: Any, schema: Mapping[str, Any]) -> Iterator[str]:
    """Every way `instance` breaks `schema`, one readable line each."""
    for error in _validator(json.dumps(schema, sort_keys=True)).iter_errors(instance):
        yield f"{_path(error)}: {error.message}"


def _v1(route: str) -> str:
    route = "/" + route.lstrip("/")
    return route if route.startswith("/v1/") else "/v1" + route


def _path(error: ValidationError) -> str:
    return "$" + "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in error.absolute_path)


def _as_ajv_reads(schema: Any) -> Any:
    """ajv's OpenAPI `nullable: true` (which JSON Schema lacks) as the null it allows."""
    schema = copy.deepcopy(schema)

    def visit(node: Any) -> None:
        if isinstance(node, dict):
            if node.pop("nullable", False) is True and "type" in node:
                types = node["type"] if isinstance(node["type"], list) else [node["type"]]
                node["type"] = [*types, "null"]
                if "enum" in node:
                    node["enum"] = [*node["enum"], None]
            for value in node.values():
                visit(value)
        elif isinstance(node, list):
            for value in node:
                visit(value)

    visit(schema)
    return schema


# The formats and keyword rest-typings' ajv instances add (packages/rest-typings/src/v1/Ajv.ts),
# and the date-time format core-typings' Date fields use.
_FORMATS = FormatChecker()


def _date_time(value: object) -> bool:
    if isinstance(value, str):
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        if parsed.tzinfo is None:
            raise ValueError("a date-time needs its offset")
    return True


def _basic_email(value: object) -> bool:
    return not isinstance(value, str) or re.fullmatch(r"[^@]+@[^@]+", value) is not None


def _rfc_email(value: object) -> bool:
    return not isinstance(value, str) or re.fullmatch(
        r"[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?"
        r"(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*", value) is not None


_FORMATS.checks("date-time", raises=ValueError)(_date_time)
_FORMATS.checks("basic_email")(_basic_email)
_FORMATS.checks("rfc_email")(_rfc_email)


def _is_not_empty(validator: Any, wanted: Any, instance: Any, schema: Any) -> Iterator[ValidationError]:
    if wanted and isinstance(instance, str) and not instance.strip():
        yield ValidationError("must pass \"isNotEmpty\" keyword validation")


_AjvValidator = validators.extend(Draft202012Validator, {"isNotEmpty": _is_not_empty})


@cache
def _validator(schema_json: str) -> Any:
    return _AjvValidator(json.loads(schema_json), format_checker=_FORMATS)
