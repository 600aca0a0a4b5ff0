"""Rocket.Chat's REST answers: what a success and each kind of failure look like on the wire.

Rocket.Chat answers every refusal of a visitor route with 400 and one of three bodies, and clients
(the widget, the mobile SDKs, integrations) read the error id from where Rocket.Chat puts it:

- a plain `Error('invalid-room')`:             {"success": false, "error": "invalid-room"}
- a `Meteor.Error('visitor-has-open-rooms', 'Cannot remove visitors with opened rooms')`:
  {"success": false, "error": "Cannot remove visitors with opened rooms [visitor-has-open-rooms]",
   "errorType": "visitor-has-open-rooms"}
- a request its ajv schema refuses (RC 8's router):
  {"success": false, "errorType": "invalid-params", "error": "must have required property 'token'"}
- a request Meteor's `check()` refuses: {"success": false, "error": "Match error: Expected string, ..."}
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

INVALID_PARAMS = "invalid-params"


class LivechatError(Exception):
    """A refusal, answered as Rocket.Chat answers it. `error_id` is what a client matches on."""

    def __init__(self, error_id: str, body: dict[str, Any], status: int = 400) -> None:
        super().__init__(error_id)
        self.error_id = error_id
        self.body = {"success": False, **body}
        self.status = status

    def response(self) -> web.Response:
        return web.json_response(self.body, status=self.status)


def failure(error_id: str, status: int = 400) -> LivechatError:
    """Rocket.Chat's `throw new Error(error_id)` or `API.v1.failure(error_id)`."""
    return LivechatError(error_id, {"error": error_id}, status)


def meteor_error(error_id: str, reason: str = "", status: int = 400) -> LivechatError:
    """Rocket.Chat's `throw new Meteor.Error(error_id, reason)`: the message carries the id."""
    message = f"{reason} [{error_id}]" if reason else f"[{error_id}]"
    return LivechatError(error_id, {"error": message, "errorType": error_id}, status)


def invalid_params(message: str) -> LivechatError:
    """A request its schema refuses; `message` is ajv's sentence ("must be string")."""
    return LivechatError(INVALID_PARAMS, {"errorType": INVALID_PARAMS, "error": message})


def match_error(message: str) -> LivechatError:
    """A request Meteor's check() refuses (routes Rocket.Chat validates that way)."""
    return LivechatError(INVALID_PARAMS, {"error": f"Match error: {message}"})


def too_many_requests() -> LivechatError:
    """Rocket.Chat's rate limiter's answer."""
    return meteor_error("error-too-many-requests", "Error, too many requests. Please slow down. "
                        "You must wait 1 seconds before trying this endpoint again.", 429)


def success(**fields: Any) -> web.Response:
    return web.json_response({**fields, "success": True})
