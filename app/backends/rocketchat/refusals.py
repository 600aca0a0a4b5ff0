"""Rocket.Chat's refusals of an agent's commands, said for the user as the embedded desk says the
same refusals (app.backends.refusals: the same codes and sentences), naming people and departments
by name.

The error ids are those Rocket.Chat 8.x throws (docs/rocketchat.md, "Commands", lists where):
`throw new Error(id)` answers 400 with the bare id; a route permission missing answers 403.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.backends.refusals import Refusals
from app.backends.rocketchat.wire import ServerRefused
from app.errors import InvalidInput, NotAllowed, NotFound, OmnideskError, Refused
from app.words import Phrase


@dataclass(frozen=True, slots=True)
class Named:
    """Whom a refusal may concern, by name: the user, the agent and the department named."""

    me: str = ""
    agent: str = ""
    department: str = ""


# Whom each refusal names as {name}: the user ("me") or the agent the command named ("agent").
_CLOSED = ("chat-closed", Refusals.tr("This chat is no longer open."), "me")
_ON_HOLD = ("chat-on-hold", Refusals.tr("This chat is on hold: resume it first."), "me")

_SAID: dict[str, tuple[str, Phrase, str]] = {
    "error-inquiry-taken": ("inquiry-gone", Refusals.tr(
        "This inquiry is no longer in the queue: someone else has taken it or it closed."), "me"),
    "room-closed": _CLOSED,
    "error-room-closed": _CLOSED,
    "error-room-already-closed": _CLOSED,
    "This_conversation_is_already_closed": _CLOSED,
    "error-room-onHold": _ON_HOLD,
    "error-room-is-already-on-hold": ("chat-on-hold", Refusals.tr("This chat is already on hold."), "me"),
    "error-room-not-on-hold": ("chat-not-on-hold", Refusals.tr("This chat is not on hold."), "me"),
    "error-contact-sent-last-message-so-cannot-place-on-hold": ("visitor-wrote-last", Refusals.tr(
        "The visitor wrote last: answer them before putting the chat on hold."), "me"),
    "error-unserved-rooms-cannot-be-placed-onhold": ("chat-not-served", Refusals.tr(
        "Only a chat an agent serves can be put on hold."), "me"),
    "error-agent-not-available": ("agent-not-available", Refusals.tr(
        "{name} is not available to take chats. Switch to Available to take chats."), "me"),
    "error-agent-status-service-offline": ("agent-offline", Refusals.tr(
        "The server sees you offline: wait until you are connected again."), "me"),
    "error-max-number-simultaneous-chats-reached": ("chat-limit-reached", Refusals.tr(
        "{name} is at the chat limit. Close a chat or put one on hold first."), "agent"),
    "error-user-is-offline": ("agent-not-available", Refusals.tr(
        "{name} is not online and available to take chats: choose an agent who is."), "agent"),
    "error-user-not-belong-to-department": ("agent-not-in-department", Refusals.tr(
        "{name} is not in {department}: choose one of the department's agents."), "agent"),
    "error-selected-agent-room-agent-are-same": ("transfer-same-agent", Refusals.tr(
        "The chat is already served by {name}."), "agent"),
    "error-forwarding-chat-same-department": ("transfer-same-department", Refusals.tr(
        "The chat is already in {department}."), "me"),
    "error-invalid-department": ("department-unknown", Refusals.tr("That department does not exist."), "me"),
    "error-forwarding-chat": ("transfer-failed", Refusals.tr(
        "The transfer failed: nobody there could take the chat."), "me"),
    "error-no-agents-online-in-department": ("no-agent-online", Refusals.tr(
        "Nobody is online to take it in {department}."), "me"),
    "error-business-hours-are-closed": ("business-hours-closed", Refusals.tr(
        "Business hours are closed for {name}'s departments: you can become available when they open."),
        "me"),
}
_NOT_ALLOWED = frozenset({"error-unauthorized", "unauthorized", "error-forbidden", "forbidden",
                          "error-not-allowed", "not-allowed", "error-not-authorized", "Not_authorized",
                          "error-action-not-allowed", "403"})
_NOT_FOUND = frozenset({"error-invalid-room", "error-room-not-found", "error-department-not-found",
                        "error-invalid-user", "error-invalid-inquiry", "error-inquiry-not-found",
                        "error-invalid-visitor", "Agent not found"})


def server_refusal(refused: ServerRefused, what: str | Phrase, named: Named = Named()) -> OmnideskError:
    """A Rocket.Chat refusal of `what` ("closing the chat"...) as the desk's error."""
    error_id = refused.error_id
    if error_id == "error-action-not-allowed" and "enterprise" in refused.message.lower():
        # The license middleware (ee/app/api-enterprise/server/middlewares/license.ts).
        needs = Refusals.tr("The server does not offer {what}: it needs Rocket.Chat Enterprise.")
        return Refused(needs.format(what=what), code="enterprise-only")
    if refused.endpoint.endswith("room.forward") and refused.status == 403:
        return NotAllowed(Refusals.tr("The server does not let you transfer chats (you lack the permission "
                                      "'transfer-livechat-guest'): ask an administrator."),
                          code="transfer-not-permitted")
    if error_id in _SAID:
        code, template, who = _SAID[error_id]
        name = (named.agent if who == "agent" else named.me) or Refusals.tr("That agent")
        department = named.department or Refusals.tr("that department")
        said = template.format(name=name, department=department)
        # Gone from the queue is a NotFound, as the embedded desk says it (the contract's).
        return NotFound(said, code=code) if code == "inquiry-gone" else Refused(said, code=code)
    if error_id in _NOT_ALLOWED or refused.status == 403:
        not_allowed = Refusals.tr("The server does not allow you {what}.")
        return NotAllowed(not_allowed.format(what=what), code=error_id)
    if error_id in _NOT_FOUND or refused.status == 404:
        gone = Refusals.tr("The server no longer has what {what} needs: it may have been closed or removed.")
        return NotFound(gone.format(what=what), code=error_id)
    if error_id == "invalid-params":
        return InvalidInput(Refusals.tr("The server did not accept {what}: {reason}").format(
            what=what, reason=refused.message), code=error_id)
    return Refused(refused.message, code=error_id)


def closes_the_chat(refused: OmnideskError) -> bool:
    """Whether the refusal says the chat is closed (the cache may not know yet)."""
    return getattr(refused, "code", "") == "chat-closed"
