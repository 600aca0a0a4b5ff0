"""`Supervision` for one signed-in user of the embedded engine: a monitor's units (every unit for
an admin), each unit as it stands now and over a day (app.backends.store_supervision, shared with
the server's backend), and giving a waiting inquiry to an agent.

`assign` checks the policy inside the engine's lock, on the inquiry as it stands when the change
applies.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from app import policy
from app.backends.embedded.apply import Request
from app.backends.embedded.routing_state import routing_settings
from app.backends.refusals import Refusals, refusal, with_names
from app.backends.store_supervision import StoreSupervision
from app.contacts import blocking
from app.domain import ChatSummary, Principal, Unit, UnitDay, UnitOverview
from app.errors import NotFound, OmnideskError, Refused
from app.policy import Action
from app.routing.decisions import Decision, ErrorCode, Outcome
from app.store import chats, organisation

if TYPE_CHECKING:
    from app.backends.embedded.engine import EmbeddedEngine

class EmbeddedSupervision:
    def __init__(self, engine: EmbeddedEngine, principal: Callable[[], Principal]) -> None:
        self._engine = engine
        self._db = engine.database
        # Read at each call: the backend's principal changes when an admin changes their units.
        self._principal = principal
        self._reads = StoreSupervision(
            self._db, principal, engine.clock.now,
            lambda c: routing_settings(organisation.settings(c)).max_chats_per_agent)

    async def supervised_units(self) -> list[Unit]:
        return await self._reads.supervised_units()

    async def unit_overview(self, unit_id: str) -> UnitOverview:
        return await self._reads.unit_overview(unit_id)

    async def unit_day(self, unit_id: str, day: date) -> UnitDay:
        return await self._reads.unit_day(unit_id, day)

    async def assign(self, inquiry_id: str, agent_id: str) -> ChatSummary:
        me = self._principal()
        chat_ids: list[str] = []
        target: list[str] = []

        def authorize(connection: sqlite3.Connection) -> None:
            chat_id = chats.inquiry(connection, inquiry_id).chat_id
            # Who they are as the store says now, inside the lock: an admin may have just taken
            # them out of the unit (their session learns it only after that change).
            now_me = organisation.principal(connection, me.id)
            policy.check(now_me, Action.ASSIGN, chats.place(connection, chat_id))
            # Rocket.Chat's inquiries.take with a userId passes the same contact gates.
            blocked = chats.take_block(connection, chat_id)
            if blocked:
                raise blocking.refusal(blocked)
            target.append(serving_agent(connection, agent_id).name)
            chat_ids.append(chat_id)

        decisions = await self._engine.command(
            # Rocket.Chat's inquiries.take with a userId: the same take, for the chosen agent.
            lambda routing: routing.take(chat_ids[0], agent_id),
            authorize=authorize,
            request=Request(actor_id=me.id, actor_name=me.name),
            refuse_on=self._refuse(lambda: target[0]),
        )
        if not any(d.outcome is Outcome.TAKEN for d in decisions):
            raise NotFound(Refusals.tr("This inquiry is no longer in the queue: someone else has taken it or "
                                       "it closed."), code="inquiry-gone")
        return await self._db.read(lambda c: chats.chat_summary(c, chat_ids[0]))

    def _refuse(self, name: Callable[[], str]) -> Callable[[list[Decision]], None]:
        """Routing's refusal of the chosen agent, said to whoever chose them."""

        def check(decisions: list[Decision]) -> None:
            failed = next((d for d in decisions if d.outcome is Outcome.FAILED and d.error), None)
            if failed is None or failed.error is None:
                return
            raise assign_refusal(failed.error, failed.reason, name(), self._engine.names())

        return check


def serving_agent(connection: sqlite3.Connection, agent_id: str) -> Principal:
    """The person a chat is to be given to, once the policy says they can serve chats."""
    try:
        person = organisation.principal(connection, agent_id)
    except NotFound:
        raise NotFound(Refusals.tr("That agent does not exist."), code="agent-unknown") from None
    policy.check_can_serve(person)
    return person


def assign_refusal(error: ErrorCode, reason: str, name: str, names: dict[str, str]) -> OmnideskError:
    """Why the chosen agent cannot be given the inquiry, in words for the monitor."""
    said = with_names(reason, names)
    if error is ErrorCode.AGENT_NOT_AVAILABLE:
        return Refused(Refusals.tr("{name} cannot take chats now ({reason}): choose an agent who is online "
                                   "and available.").format(name=name, reason=said),
                       code="agent-not-available")
    if error is ErrorCode.USER_NOT_IN_DEPARTMENT:
        return Refused(Refusals.tr("{reason}: only the department's agents can be given its chats.").format(
            reason=said), code="agent-not-in-department")
    if error is ErrorCode.CHAT_LIMIT:
        return Refused(Refusals.tr("{name} is at their chat limit ({reason}): choose another agent.").format(
            name=name, reason=said), code="chat-limit-reached")
    return refusal(error, reason, name, names)
