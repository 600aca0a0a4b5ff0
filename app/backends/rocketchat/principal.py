"""Who the signed-in user is on a Rocket.Chat server, read from `GET me` and their departments
(and, on Enterprise servers, the units they monitor), and kept in the cache so that the next
start shows their desk before the server answers.

Roles: `livechat-agent` is an agent, `livechat-monitor` a monitor, `admin` or `livechat-manager`
Omnidesk's admin (app.policy.permissions maps them the same way back). An agent's departments come
from `GET livechat/agents/:uid/departments`; a monitor's units from `GET livechat/units` (EE only).
A server without units (Community answers 404) restricts no monitor to units, so the cache holds
the whole workspace as one unit in their place (app.backends.rocketchat.workspace); monitors and
admins ask, since both watch units.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from app.backends.rocketchat import cache, workspace
from app.backends.rocketchat.payloads import read_department, read_unit
from app.backends.rocketchat.payloads.fields import Fields
from app.backends.rocketchat.rest import RestClient
from app.backends.rocketchat.wire import ServerRefused
from app.domain import Department, Person, Principal, Role, Unit
from app.store import organisation

log = logging.getLogger(__name__)

ME = "me"
AGENT_DEPARTMENTS = "livechat/agents/:uid/departments"
UNITS = "livechat/units"
DEPARTMENTS = "livechat/department"

_ROLES: Mapping[str, Role] = {
    "livechat-agent": Role.AGENT,
    "livechat-monitor": Role.MONITOR,
    "admin": Role.ADMIN,
    "livechat-manager": Role.ADMIN,
}


@dataclass(frozen=True, slots=True)
class Identity:
    """What the server says of the user: enough to write them into the cache."""

    person: Person
    department_ids: tuple[str, ...]
    units: tuple[Unit, ...]
    # False when the server has no units at all (Community, or none defined): Rocket.Chat then
    # restricts nobody to units, and `units` is the workspace unit.
    server_has_units: bool = True
    # Every unit the server listed, for their names (an admin watches them all; each department
    # names its unit when the departments are read).
    listed_units: tuple[Unit, ...] = ()


def roles_of(names: Sequence[str]) -> frozenset[Role]:
    return frozenset(_ROLES[name] for name in names if name in _ROLES)


def read_me(payload: object) -> Person:
    me = Fields(payload, kind="user", endpoint=ME)
    listed = me.raw("roles")
    roles = [name for name in listed if isinstance(name, str)] if isinstance(listed, list) else []
    username = me.text("username")
    return Person(id=me.text("_id"), username=username, name=me.text_or("name") or username,
                  roles=roles_of(roles))


async def fetch_identity(rest: RestClient) -> Identity:
    """Ask the server who the signed-in user is. PayloadError for an answer it cannot read;
    ServerRefused, Offline, SessionExpired from the link."""
    person = read_me(await rest.get(ME))
    department_ids: tuple[str, ...] = ()
    if Role.AGENT in person.roles:
        answer = await rest.get(f"livechat/agents/{person.id}/departments",
                                {"enableDepartmentsOnly": "true"}, route=AGENT_DEPARTMENTS)
        department_ids = _agent_department_ids(answer)
    if not person.roles & {Role.MONITOR, Role.ADMIN}:
        return Identity(person, department_ids, ())
    listed = await _listed_units(rest, every_unit=Role.ADMIN in person.roles)
    if listed is None:
        return Identity(person, department_ids, (workspace.workspace_unit(person),), server_has_units=False)
    named = tuple(read_unit(entry, endpoint=UNITS) for entry in listed)
    if Role.MONITOR not in person.roles:
        return Identity(person, department_ids, (), listed_units=named)
    monitored = await _monitored_units(rest, person.id, listed)
    return Identity(person, department_ids, monitored, listed_units=named)


def _agent_department_ids(answer: Mapping[str, Any]) -> tuple[str, ...]:
    found: list[str] = []
    for fields in Fields(answer, kind="answer", endpoint=AGENT_DEPARTMENTS).objs("departments"):
        department_id = fields.text("departmentId")
        if fields.flag("departmentEnabled", default=True) and department_id not in found:
            found.append(department_id)
    return tuple(found)


async def _listed_units(rest: RestClient, *, every_unit: bool) -> list[object] | None:
    """The units `GET livechat/units` lists (EE: every unit for who may manage them, else the
    user's own); None when the server has no units at all: a Community server has no such route
    (404), a workspace without the license refuses it for that, and an admin's empty list means
    none is defined. Any other refusal leaves the user without units, said in the log."""
    try:
        answer = await rest.get(UNITS, {"count": 100})
    except ServerRefused as refused:
        if refused.status == 404 or "license" in refused.error_id.lower():
            log.info("the server has no units (%s): it restricts no monitor to units", refused.error_id)
            return None
        log.info("the server did not list its units (%s): the monitor sees none here", refused.error_id)
        return []
    listed = answer.get("units")
    entries = list(listed) if isinstance(listed, list) else []
    # A monitor who may not manage units is listed their own only: an empty list says nothing of
    # the workspace.
    return None if every_unit and not entries else entries


async def _monitored_units(rest: RestClient, user_id: str, listed: list[object]) -> tuple[Unit, ...]:
    """The listed units whose monitors include the user, with their departments. A monitor who
    may not manage units or monitors is refused those lists (403): the server listed only their
    own units then, and their departments are those it lets them see (`onlyMyDepartments`)."""
    units: list[Unit] = []
    own_departments: dict[str, list[str]] | None = None
    for entry in listed:
        unit = read_unit(entry, endpoint=UNITS)
        try:
            monitors = await rest.get(f"livechat/units/{unit.id}/monitors",
                                      route="livechat/units/:unitId/monitors")
            monitor_ids = [m.get("monitorId") for m in monitors.get("monitors") or [] if isinstance(m, dict)]
        except ServerRefused as refused:
            if refused.status != 403:
                raise
            monitor_ids = [user_id]
        if user_id not in monitor_ids:
            continue
        try:
            departments = await rest.get(f"livechat/units/{unit.id}/departments",
                                         route="livechat/units/:unitId/departments")
            department_ids = [read_department(d, endpoint=UNITS).id
                              for d in departments.get("departments") or []]
        except ServerRefused as refused:
            if refused.status != 403:
                raise
            if own_departments is None:
                own_departments = await _departments_by_unit(rest)
            department_ids = own_departments.get(unit.id, [])
        units.append(read_unit(entry, endpoint=UNITS, department_ids=department_ids,
                               monitor_ids=[m for m in monitor_ids if isinstance(m, str)]))
    return tuple(units)


async def _departments_by_unit(rest: RestClient) -> dict[str, list[str]]:
    """The departments the server lets the user see (`onlyMyDepartments`: a monitor's units'),
    by the unit each names (`parentId`)."""
    answer = await rest.get(DEPARTMENTS, {"onlyMyDepartments": "true", "count": 100})
    found: dict[str, list[str]] = {}
    for payload in answer.get("departments") or []:
        department = read_department(payload, endpoint=DEPARTMENTS)
        if department.unit_id is not None:
            found.setdefault(department.unit_id, []).append(department.id)
    return found


def keep_identity(connection: sqlite3.Connection, identity: Identity) -> None:
    """Write the user, their roles, departments and units into the cache."""
    person = identity.person
    connection.execute(
        "INSERT INTO users (id, username, name, is_agent, is_monitor, is_admin) VALUES (?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (id) DO UPDATE SET username = excluded.username, name = excluded.name, "
        "is_agent = excluded.is_agent, is_monitor = excluded.is_monitor, is_admin = excluded.is_admin",
        (person.id, person.username, person.name, int(Role.AGENT in person.roles),
         int(Role.MONITOR in person.roles), int(Role.ADMIN in person.roles)),
    )
    connection.execute("DELETE FROM department_agents WHERE user_id = ?", (person.id,))
    cache.keep_departments(connection, [_placeholder(d) for d in identity.department_ids
                                        if not _known_department(connection, d)])
    organisation.add_agent_to_departments(connection, person.id, identity.department_ids)
    if identity.server_has_units:
        workspace.forget(connection)
    for unit in identity.listed_units:
        connection.execute("INSERT INTO units (id, name) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET "
                           "name = excluded.name", (unit.id, unit.name))
    cache.keep_units(connection, identity.units)
    if not identity.server_has_units:
        workspace.attach_departments(connection)
    connection.execute("DELETE FROM unit_monitors WHERE user_id = ? AND unit_id NOT IN "
                       "(SELECT value FROM json_each(?))",
                       (person.id, _json_list([u.id for u in identity.units])))


def cached_principal(connection: sqlite3.Connection, user_id: str) -> Principal | None:
    """The user as the cache last knew them; None before the first sign-in with this cache."""
    row = connection.execute("SELECT 1 FROM users WHERE id = ?", (user_id,)).fetchone()
    if row is None:
        return None
    return organisation.principal(connection, user_id)


def _known_department(connection: sqlite3.Connection, department_id: str) -> bool:
    found = connection.execute("SELECT 1 FROM departments WHERE id = ?", (department_id,)).fetchone()
    return found is not None


def _placeholder(department_id: str) -> Department:
    # Named by its id until the department's own payload arrives with the first sync.
    return Department(id=department_id, name=department_id, enabled=True, unit_id=None,
                      business_hours_id=None, max_chats_per_agent=None, fallback_department_id=None)


def _json_list(values: Sequence[str]) -> str:
    return json.dumps(list(values))
