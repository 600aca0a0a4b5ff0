"""What Rocket.Chat puts on the wire that both the REST and the DDP link read: EJSON values and
the error a refusal carries.

EJSON (Meteor's JSON superset) only matters here for dates: `{"$date": <ms since epoch>}`. Values
received are left as parsed JSON (dates stay `{"$date": ms}`, as REST's stay ISO strings): the
mapping in `payloads/` reads both. Values sent go through `to_ejson`, so a caller may pass an aware
`datetime` as a method parameter.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from app.errors import OmnideskError


class ServerRefused(OmnideskError):
    """Rocket.Chat answered and said no. `error_id` is Rocket.Chat's id for the refusal (the body's
    `errorType`, or its `error`: 'error-not-allowed', 'totp-invalid', '403'...); `endpoint` is the
    REST path or DDP method that was refused; `status` the HTTP status (None over DDP)."""

    code = "server-refused"

    def __init__(
        self,
        message: str,
        *,
        error_id: str,
        endpoint: str,
        status: int | None = None,
        details: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.error_id = error_id
        self.endpoint = endpoint
        self.status = status
        self.details: Mapping[str, Any] = details or {}


    @property
    def rate_limit_wait_s(self) -> float | None:
        """Seconds Meteor's DDP rate limiter asks to wait (its 'too-many-requests' error carries
        `details.timeToReset` in ms; the method did not run), or None for any other refusal."""
        if self.error_id != "too-many-requests":
            return None
        value = self.details.get("timeToReset")
        if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value < float("inf"):
            return float(value) / 1000
        return None


class MalformedAnswer(OmnideskError):
    """The server's answer is not what Rocket.Chat sends (not JSON, a field of the wrong type): the
    server is not Rocket.Chat, or a proxy answered in its place."""

    code = "malformed-answer"

    def __init__(self, message: str, *, endpoint: str) -> None:
        super().__init__(message)
        self.endpoint = endpoint


# Meteor.Error's message is "<reason> [<error>]"; Rocket.Chat's failure() puts it in `error`.
_BRACKETED_ID = re.compile(r"\[([A-Za-z0-9_.:-]{1,80})\]\s*$")
_BARE_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,80}$")
# A serialised Meteor error's `errorType` is its class, not its id (REST failure() puts the id there).
_ERROR_CLASSES = frozenset({"Meteor.Error", "Error", "ClientSafeError"})


def refusal(
    body: object, *, endpoint: str, status: int | None, fallback_id: str = "error"
) -> ServerRefused:
    """The refusal a Rocket.Chat error body states: REST's `{success: false, error, errorType,
    details, message}` (login's `{status: 'error', error, message, details}`) or a DDP/`method.call`
    Meteor error `{error, reason, message, details}`. Anything else gives `fallback_id`."""
    fields = body if isinstance(body, Mapping) else {}
    error = fields.get("error")
    error_id = fallback_id
    error_type = fields.get("errorType")
    if isinstance(error_type, str) and error_type not in _ERROR_CLASSES and _BARE_ID.match(error_type):
        error_id = error_type
    elif isinstance(error, bool):
        pass
    elif isinstance(error, int):
        error_id = str(error)
    elif isinstance(error, str):
        bracketed = _BRACKETED_ID.search(error)
        if bracketed:
            error_id = bracketed.group(1)
        elif _BARE_ID.match(error):
            error_id = error
    reason = _reason(fields, error)
    details = fields.get("details")
    shown = reason or "no reason given"
    message = f"The server refused {endpoint}: {shown}"
    return ServerRefused(
        message if message.endswith((".", "!", "?")) else message + ".",
        error_id=error_id,
        endpoint=endpoint,
        status=status,
        details=details if isinstance(details, Mapping) else None,
    )


def _reason(fields: Mapping[str, Any], error: object) -> str:
    for key in ("reason", "message"):
        value = fields.get(key)
        if isinstance(value, str) and value.strip():
            return _without_bracketed_id(value.strip())
    if isinstance(error, str) and not _BARE_ID.match(error):
        return _without_bracketed_id(error.strip())
    return ""


def _without_bracketed_id(text: str) -> str:
    return _BRACKETED_ID.sub("", text).strip()[:300]


def to_ejson(value: Any) -> Any:
    """`value` with every datetime as EJSON's `{"$date": ms}` (naive datetimes are refused: the
    domain's datetimes are aware UTC)."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("naive datetime: the link only sends aware datetimes")
        return {"$date": int(value.timestamp() * 1000)}
    if isinstance(value, Mapping):
        return {str(k): to_ejson(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_ejson(v) for v in value]
    return value


def ejson_date(value: object) -> datetime | None:
    """An EJSON date `{"$date": ms}` as an aware UTC datetime; None for anything else."""
    if isinstance(value, Mapping) and len(value) == 1:
        ms = value.get("$date")
        if isinstance(ms, (int, float)) and not isinstance(ms, bool):
            try:
                return datetime.fromtimestamp(ms / 1000, tz=UTC)
            except (OverflowError, OSError, ValueError):
                return None
    return None


def dumps(value: Any) -> str:
    return json.dumps(to_ejson(value), ensure_ascii=False, separators=(",", ":"))


def loads_object(text: str | bytes, *, endpoint: str) -> dict[str, Any]:
    """A JSON object from `text`, or MalformedAnswer naming `endpoint`."""
    try:
        value = json.loads(text, parse_constant=_no_constant)
    except (ValueError, RecursionError) as error:
        raise MalformedAnswer(
            f"The server's answer to {endpoint} is not JSON: it may not be Rocket.Chat.",
            endpoint=endpoint,
        ) from error
    if not isinstance(value, dict):
        raise MalformedAnswer(
            f"The server's answer to {endpoint} is not a JSON object.", endpoint=endpoint
        )
    return value


def _no_constant(name: str) -> None:
    # NaN and Infinity are not JSON; Python's parser would otherwise accept them.
    raise ValueError(f"{name} is not JSON")
