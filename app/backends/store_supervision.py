"""What a supervisor watches, answered from the store: the units they supervise, each unit now and
over a day (app.backends.contract.Supervision without `assign`).

Both backends keep the units' chats, queues and agents in the same store (the embedded engine as
the organisation's data, a server's backend as its cache), so the dashboard's reads are the same
code; giving an inquiry to an agent is each backend's own command. Every read checks that the
user supervises the unit in the same read that answers.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date, datetime, timedelta

from app import policy
from app.backends.day_figures import QueueStay, day_bounds, hour_figures
from app.backends.refusals import Refusals
from app.domain import Principal, Unit, UnitDay, UnitOverview
from app.errors import NotFound
from app.notifications.service import NotificationSettings
from app.store import Database, organisation, supervision

# "Due soon" is what the agents' notifications call it: within their SLA warning window.
SLA_WARNING = timedelta(seconds=NotificationSettings().sla_warning_s)

# The organisation's cap on an agent's open chats (0: none), read from the store's settings.
OrganisationLimit = Callable[[sqlite3.Connection], int]


class StoreSupervision:
    def __init__(self, db: Database, principal: Callable[[], Principal], now: Callable[[], datetime],
                 organisation_limit: OrganisationLimit) -> None:
        self._db = db
        # Read at each call: the backend's principal changes when their units change.
        self._principal = principal
        self._now = now
        self._organisation_limit = organisation_limit

    async def supervised_units(self) -> list[Unit]:
        me = self._principal()
        units = await self._db.read(organisation.units)
        return [unit for unit in units if policy.supervises_unit(me, unit.id)]

    def _unit(self, connection: sqlite3.Connection, unit_id: str) -> Unit:
        """The unit, once the user is known to supervise it (NotAllowed first: a monitor learns
        nothing of other units, not even whether one exists)."""
        policy.check_supervises_unit(self._principal(), unit_id)
        unit = next((u for u in organisation.units(connection) if u.id == unit_id), None)
        if unit is None:
            raise NotFound(Refusals.tr("This unit does not exist (any more)."), code="unit-unknown")
        return unit

    async def unit_overview(self, unit_id: str) -> UnitOverview:
        now = self._now()

        def read(connection: sqlite3.Connection) -> UnitOverview:
            unit = self._unit(connection, unit_id)
            departments = unit.department_ids
            limit = self._organisation_limit(connection)
            return UnitOverview(
                unit=unit, at=now,
                queues=tuple(supervision.queues(connection, departments, now, now + SLA_WARNING)),
                inquiries=tuple(supervision.inquiries(connection, departments)),
                agents=tuple(supervision.agent_loads(connection, departments, limit)),
                chats=tuple(supervision.chats_in_progress(connection, departments)),
            )

        return await self._db.read(read)

    async def unit_day(self, unit_id: str, day: date) -> UnitDay:
        now = self._now()
        start, end = day_bounds(day)

        def read(connection: sqlite3.Connection) -> UnitDay:
            departments = self._unit(connection, unit_id).department_ids
            started, closed = supervision.started_and_closed(connection, departments, start, end)
            stays = [QueueStay(*row) for row in supervision.stays(connection, departments, start, end)]
            return UnitDay(unit_id, day, hour_figures(day, started, closed, stays, now))

        return await self._db.read(read)
