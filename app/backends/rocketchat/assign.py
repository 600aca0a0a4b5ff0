"""A supervisor gives a waiting inquiry to an agent over a Rocket.Chat server: `POST
livechat/inquiries.take` with the agent's `userId` (apps/meteor/app/livechat/imports/server/rest/
inquiries.ts). The server takes it for that agent as if they took it themselves (takeInquiry.ts):
the agent must be online and available (`error-agent-status-service-offline`), the inquiry still
queued (`error-inquiry-taken`). The route asks the caller only for `view-l-room`: which inquiries
one may give, and to whom, is app.policy's to say here first (a monitor of the inquiry's unit, to
one of its agents).
"""

from __future__ import annotations

import sqlite3

from app import policy
from app.backends.rocketchat.wire import ServerRefused
from app.domain import Principal
from app.errors import NotFound, OmnideskError, Refused
from app.policy import Action
from app.store import chats, organisation


def check_assign(connection: sqlite3.Connection, me: Principal, inquiry_id: str,
                 agent_id: str) -> tuple[str, str]:
    """(the inquiry's chat, the agent's name) once the policy lets `me` give it to them."""
    chat_id = chats.inquiry(connection, inquiry_id).chat_id
    # Who they are as the cache says now: the server may have just taken them out of the unit.
    now_me = organisation.principal(connection, me.id)
    policy.check(now_me, Action.ASSIGN, chats.place(connection, chat_id))
    try:
        target = organisation.principal(connection, agent_id)
    except NotFound:
        raise NotFound("That agent does not exist.", code="agent-unknown") from None
    policy.check_can_serve(target)
    return chat_id, target.name


def assign_refusal(refused: ServerRefused, name: str) -> OmnideskError | None:
    """The server's refusal to give the inquiry to `name`, said to whoever chose them; None for a
    refusal that is not about the inquiry or the agent."""
    error_id = refused.error_id
    if error_id in ("error-agent-status-service-offline", "error-agent-not-available"):
        return Refused(f"{name} cannot take chats now: choose an agent who is online and available.",
                       code="agent-not-available")
    if error_id == "error-max-number-simultaneous-chats-reached":
        return Refused(f"{name} is at their chat limit: choose another agent.", code="chat-limit-reached")
    if error_id in ("error-inquiry-taken", "error-not-found"):
        return NotFound("This inquiry is no longer in the queue: someone else has taken it or it closed.",
                        code="inquiry-gone")
    return None
