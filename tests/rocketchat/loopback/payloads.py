"""Payloads the loopback server answers with, shaped as Rocket.Chat's (apps/meteor/app/api/server/
ApiClass.ts, helpers/getUserInfo.ts, Meteor's errors): one builder per shape, so the parts that
come later (rooms, inquiries, messages) add theirs beside these."""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING, Any

from aiohttp import web

if TYPE_CHECKING:
    from tests.rocketchat.loopback.state import LoopbackUser


def me(user: LoopbackUser, server_url: str) -> dict[str, Any]:
    """`GET me` and the `me` of a login: getUserInfo's fields for the user themselves."""
    return {
        "_id": user.id,
        "username": user.username,
        "name": user.name,
        "emails": [{"address": f"{user.username}@example.com", "verified": True}],
        "status": user.status,
        "statusConnection": user.status_connection,
        "utcOffset": 0,
        "active": True,
        "roles": list(user.roles),
        "settings": {"preferences": {}},
        "avatarUrl": f"{server_url}/avatar/{user.username}",
        "statusLivechat": user.status_livechat,
    }


def login_success(user: LoopbackUser, token: str, server_url: str) -> dict[str, Any]:
    return {
        "status": "success",
        "data": {"userId": user.id, "authToken": token, "me": me(user, server_url)},
        "success": True,
    }


def meteor_error(
    error: str | int, reason: str, details: dict[str, Any] | None = None
) -> dict[str, Any]:
    """A Meteor.Error as DDP and method.call serialise it."""
    return {
        "isClientSafe": True,
        "error": error,
        "reason": reason,
        "message": f"{reason} [{error}]",
        "errorType": "Meteor.Error",
        **({"details": details} if details is not None else {}),
    }


def login_refused(error: str | int, message: str, details: dict[str, Any] | None = None) -> dict[str, Any]:
    """The body of a refused `POST login` (401): ApiClass's unauthorized() with the Meteor error's
    `error`, `details` and `reason` (the pre-8.0 compatible shape)."""
    return {
        "success": False,
        "status": "error",
        "error": error,
        "message": message,
        **({"details": details} if details is not None else {}),
    }


def failure(reason: str, error_id: str, details: dict[str, Any] | None = None) -> dict[str, Any]:
    """API.v1.failure(e.message, e.error, ..., e): a 400 carrying a Meteor error."""
    return {
        "success": False,
        "error": f"{reason} [{error_id}]",
        "errorType": error_id,
        **({"details": details} if details is not None else {}),
    }


def unauthorized() -> dict[str, Any]:
    """An authRequired route called without a valid X-User-Id/X-Auth-Token (401)."""
    text = "You must be logged in to do this."
    return {"success": False, "error": text, "status": "error", "message": text}


def too_many_requests(seconds: int) -> dict[str, Any]:
    """What Rocket.Chat's REST limiter answers (429): tooManyRequests(e.message)."""
    return {
        "success": False,
        "error": (
            "Error, too many requests. Please slow down. You must wait "
            f"{seconds} seconds before trying this endpoint again. [error-too-many-requests]"
        ),
    }


def json_response(body: Any, *, status: int = 200) -> web.Response:
    return web.Response(status=status, text=json.dumps(body), content_type="application/json")


def too_many_ddp_calls(wait_ms: float) -> dict[str, Any]:
    """Meteor's DDP rate limiter's refusal of a method or subscription (DDPRateLimiter's
    getErrorMessage, and the wait in ms as details): it did not run."""
    seconds = math.ceil(wait_ms / 1000)
    return meteor_error("too-many-requests", "Error, too many requests. Please slow down. You must wait "
                        f"{seconds} seconds before trying again.", {"timeToReset": round(wait_ms)})
