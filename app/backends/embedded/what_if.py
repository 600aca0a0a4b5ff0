"""What-if for the embedded desk: a day's traffic from the store, replayed with the current
configuration and with the admin's pending edits (app.config.routing_inputs.what_if)."""

from __future__ import annotations

import asyncio
import sqlite3
from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from enum import Enum

from app import policy
from app.backends.embedded.routing_state import routing_settings
from app.config import SCHEMAS, JsonValue, Kind, Record
from app.config.routing_inputs import what_if as compare
from app.domain import Principal
from app.domain.whatif import WhatIf
from app.errors import NotAllowed
from app.policy import Action
from app.routing.replay import Traffic
from app.store import Database, organisation
from app.store.traffic import day_traffic


async def what_if(database: Database, principal: Principal, edited: Sequence[Record],
                  day: date) -> WhatIf:
    """Admins only (whoever may configure). The store is read in one snapshot; the replay runs
    in a worker thread, so neither the event loop nor the database's readers wait for it."""
    if Action.CONFIGURE not in policy.capabilities(principal):
        raise NotAllowed("Only an admin can try configuration changes on a day's traffic; you are "
                         f"signed in as {'a monitor' if principal.is_monitor else 'an agent'}.")

    def read(connection: sqlite3.Connection) -> tuple[Traffic, list[Record]]:
        return day_traffic(connection, day), routing_records(connection)

    traffic, current = await database.read(read)
    return await asyncio.to_thread(compare, traffic, current, list(edited))


# TODO(lead): app/store/configuration.py's read_records(connection) (being written in parallel)
# replaces this once it lands: this reader gives only the kinds routing needs (routing,
# departments, agents, business hours), each at version 1.
def routing_records(connection: sqlite3.Connection) -> list[Record]:
    """The published configuration of the kinds routing reads, as records."""
    members: dict[str, list[str]] = defaultdict(list)
    serves: dict[str, list[str]] = defaultdict(list)
    for department_id, user_id in connection.execute(
        "SELECT department_id, user_id FROM department_agents ORDER BY sort_order, user_id"
    ):
        members[department_id].append(user_id)
        serves[user_id].append(department_id)
    hours_departments: dict[str, list[str]] = defaultdict(list)
    departments = organisation.departments(connection)
    for department in departments:
        if department.business_hours_id:
            hours_departments[department.business_hours_id].append(department.id)
    records = [_routing_record(organisation.settings(connection))]
    records.extend(
        Record(Kind.DEPARTMENT, d.id, {
            "name": d.name, "enabled": d.enabled, "unit_id": d.unit_id,
            "agent_ids": list(members[d.id]), "max_chats_per_agent": d.max_chats_per_agent,
            "fallback_department_id": d.fallback_department_id,
            "business_hours_id": d.business_hours_id, "transfer_department_ids": [], "sla_id": None,
        }, 1)
        for d in departments
    )
    records.extend(
        Record(Kind.AGENT, user_id, {
            "username": username, "name": name, "agent": bool(is_agent), "monitor": bool(is_monitor),
            "department_ids": list(serves[user_id]), "max_chats": max_chats, "skills": {},
        }, 1)
        for user_id, username, name, is_agent, is_monitor, max_chats in connection.execute(
            "SELECT id, username, name, is_agent, is_monitor, max_chats FROM users "
            "WHERE is_agent = 1 OR is_monitor = 1 ORDER BY id")
    )
    records.extend(
        Record(Kind.BUSINESS_HOURS, h.id, {
            "name": h.name, "timezone": h.timezone, "active": h.active,
            "intervals": [{"weekday": i.weekday, "start_minute": i.start_minute,
                           "end_minute": i.end_minute} for i in h.intervals],
            "department_ids": list(hours_departments[h.id]),
        }, 1)
        for h in organisation.business_hours(connection)
    )
    return records


def _routing_record(values: dict[str, str]) -> Record:
    settings = routing_settings(values)
    fields: dict[str, JsonValue] = {}
    for spec in SCHEMAS[Kind.ROUTING].fields:
        value = getattr(settings, spec.name)
        fields[spec.name] = value.value if isinstance(value, Enum) else value
    return Record(Kind.ROUTING, Kind.ROUTING.value, fields, 1)
