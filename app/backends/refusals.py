"""Refusals said to the user, the same from every backend: what stopped the action and what to
do about it, naming people and departments by name, never by id."""

from __future__ import annotations

import re
from collections.abc import Mapping

from app.errors import OmnideskError, Refused
from app.routing.decisions import ErrorCode
from app.words import PhraseBook


class Refusals(PhraseBook):
    """What stopped an action, said to the user who tried it."""


_MESSAGES = {
    ErrorCode.CHAT_LIMIT: ("chat-limit-reached", Refusals.tr(
        "{name} is at the chat limit ({reason}). Close a chat or put one on hold first.")),
    ErrorCode.AGENT_NOT_AVAILABLE: ("agent-not-available", Refusals.tr(
        "{name} is not available to take chats. Switch to Available to take chats.")),
    ErrorCode.USER_OFFLINE: ("agent-not-available", Refusals.tr(
        "{name} is not online and available to take chats: choose an agent who is.")),
    ErrorCode.USER_NOT_IN_DEPARTMENT: ("agent-not-in-department", Refusals.tr(
        "{reason}: choose one of the department's agents.")),
    ErrorCode.SAME_AGENT: ("transfer-same-agent", Refusals.tr("The chat is already served by {name}.")),
    ErrorCode.BUSINESS_HOURS_CLOSED: ("business-hours-closed", Refusals.tr(
        "Business hours are closed for {name}'s departments: you can become available when they open.")),
    ErrorCode.INQUIRY_NOT_QUEUED: ("inquiry-gone", Refusals.tr(
        "This inquiry is no longer in the queue: someone else has taken it or it closed.")),
    ErrorCode.CHAT_NOT_OPEN: ("chat-closed", Refusals.tr("This chat is no longer open.")),
    ErrorCode.CHAT_ON_HOLD: ("chat-on-hold", Refusals.tr("This chat is on hold: resume it first.")),
    ErrorCode.FORWARD_NOT_ALLOWED: ("transfer-not-allowed",
                                    Refusals.tr("This transfer is not allowed: {reason}.")),
    ErrorCode.FORWARD_FAILED: ("transfer-failed", Refusals.tr("The transfer failed: {reason}.")),
    ErrorCode.NO_AGENT_ONLINE: ("no-agent-online", Refusals.tr("Nobody is online to take it: {reason}.")),
    ErrorCode.UNKNOWN_DEPARTMENT: ("department-unknown", Refusals.tr("That department does not exist.")),
    ErrorCode.UNKNOWN_AGENT: ("agent-unknown", Refusals.tr("That agent does not exist.")),
}

# Ids are single tokens (letters, digits, '-' and '_'): a reason's words are looked up as ids.
_TOKEN = re.compile(r"[\w-]+")


def with_names(text: str, names: Mapping[str, str]) -> str:
    """`text` with every id of a person, department or unit replaced by its name."""
    return _TOKEN.sub(lambda match: names.get(match.group(0), match.group(0)), text)


def refusal(error: ErrorCode, reason: str, name: str, names: Mapping[str, str]) -> OmnideskError:
    """The error to show for a routing refusal about `name` (whom it concerns)."""
    code, template = _MESSAGES.get(error, ("refused", Refusals.tr("{reason}.")))
    return Refused(template.format(name=name, reason=with_names(reason, names)), code=code)
