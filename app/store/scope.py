"""The policy's `Scope` as SQL: one condition every chat, inquiry, message and search query uses.

Parameters are bound by name (`:scope_*`); id lists travel as one JSON array expanded with
json_each(), so no SQL is ever built from data.
"""

from __future__ import annotations

import json

from app.policy import Scope

# `{c}` is the alias of the chats table in the query using it.
_VISIBLE_CHAT = (
    "(:scope_everything = 1"
    " OR {c}.served_by = :scope_user"
    " OR {c}.department_id IN (SELECT value FROM json_each(:scope_rooms))"
    " OR ({c}.status = 'queued' AND ({c}.department_id IN (SELECT value FROM json_each(:scope_queue))"
    "     OR ({c}.department_id IS NULL AND :scope_public = 1)))"
    " OR (:scope_history = 1 AND {c}.status = 'closed' AND {c}.contact_id IN ("
    "     SELECT served.contact_id FROM chats served"
    "     WHERE served.served_by = :scope_user AND served.status IN ('open', 'on_hold'))))"
)


def visible_chat(alias: str) -> str:
    """The condition under which the chat row `alias` is visible (see app.policy.scope)."""
    return _VISIBLE_CHAT.format(c=alias)


def parameters(scope: Scope) -> dict[str, object]:
    return {
        "scope_everything": int(scope.everything),
        "scope_user": scope.user_id,
        "scope_rooms": json.dumps(sorted(scope.room_departments)),
        "scope_queue": json.dumps(sorted(scope.queue_departments)),
        "scope_public": int(scope.public_queue),
        "scope_history": int(scope.contact_history),
    }
