"""The whole workspace as one unit, for a server that has no units.

Rocket.Chat restricts a monitor to their units only when the workspace has units: its
`getUnitsFromUser` (ee/app/livechat-enterprise/server/methods/getUnitsFromUserRoles.ts) answers
"no restriction" when `LivechatUnit.countUnits()` is 0 — always on a Community server, where units
do not exist — and `restrictQuery` then leaves `livechat/rooms` unrestricted: a monitor (or a
manager) sees every department's chats.

Omnidesk's policy and monitor dashboard work by units, so on such a server the cache holds one
unit standing for the workspace: every department in it, the signed-in monitor its monitor. It is
this computer's, never the server's: nothing sends it back (`is_workspace_unit` tells it apart),
and it goes as soon as the server is seen to have units.
"""

from __future__ import annotations

import sqlite3

from app.domain import Person, Role, Unit

WORKSPACE_UNIT_ID = "omnidesk:workspace"
WORKSPACE_UNIT_NAME = "All departments"


def is_workspace_unit(unit_id: str | None) -> bool:
    return unit_id == WORKSPACE_UNIT_ID


def workspace_unit(person: Person) -> Unit:
    """The unit for `person` (its monitor when they are one; an admin supervises every unit)."""
    monitors = (person.id,) if Role.MONITOR in person.roles else ()
    return Unit(id=WORKSPACE_UNIT_ID, name=WORKSPACE_UNIT_NAME, department_ids=(), monitor_ids=monitors)


def attach_departments(connection: sqlite3.Connection) -> None:
    """Every department without a unit joins the workspace unit, when the cache holds it (after
    the departments were read again from the server, which names no unit for them)."""
    connection.execute(
        "UPDATE departments SET unit_id = :unit WHERE unit_id IS NULL "
        "AND EXISTS (SELECT 1 FROM units WHERE id = :unit)", {"unit": WORKSPACE_UNIT_ID})


def forget(connection: sqlite3.Connection) -> None:
    """The server has units after all: their departments leave the workspace unit (the next read of
    the departments gives each its own unit)."""
    connection.execute("DELETE FROM units WHERE id = ?", (WORKSPACE_UNIT_ID,))
