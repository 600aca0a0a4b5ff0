"""What-if for the embedded desk: a day's traffic from the store, replayed with the current
configuration and with the admin's pending edits (app.config.routing_inputs.what_if)."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Sequence
from datetime import date

from app import policy
from app.backends.refusals import Refusals
from app.config import Kind, Record
from app.config.routing_inputs import what_if as compare
from app.domain import Principal
from app.domain.whatif import WhatIf
from app.errors import NotAllowed
from app.routing.replay import Traffic
from app.store import Database, configuration
from app.store.traffic import day_traffic


async def what_if(database: Database, principal: Principal, edited: Sequence[Record],
                  day: date) -> WhatIf:
    """Admins only (whoever may configure). The store is read in one snapshot; the replay runs
    in a worker thread, so neither the event loop nor the database's readers wait for it."""
    # The replay covers the whole organisation's day: whoever may change routing (an admin),
    # not a monitor who may change only their units' departments.
    if Kind.ROUTING not in policy.configurable_kinds(principal):
        raise NotAllowed(Refusals.tr("Only an admin can try configuration changes on a day's traffic; you "
                                     "are signed in as a monitor.") if principal.is_monitor else
                         Refusals.tr("Only an admin can try configuration changes on a day's traffic; you "
                                     "are signed in as an agent."))

    def read(connection: sqlite3.Connection) -> tuple[Traffic, list[Record]]:
        return day_traffic(connection, day), configuration.read_records(connection)

    traffic, current = await database.read(read)
    return await asyncio.to_thread(compare, traffic, current, list(edited))
