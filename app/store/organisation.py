"""Repository for the organisation: people, departments, units, business hours, settings."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable

from app.domain import (
    Agent,
    AgentStatus,
    Availability,
    BusinessHours,
    Department,
    Monitor,
    OpenInterval,
    Person,
    Principal,
    Role,
    Unit,
)
from app.errors import NotFound
from app.policy import grants_from_settings, permissions_of

_PERSON_COLUMNS = "id, username, name, is_agent, is_monitor, is_admin"


def _person(row: tuple[str, str, str, int, int, int]) -> Person:
    roles = {
        role
        for role, held in ((Role.AGENT, row[3]), (Role.MONITOR, row[4]), (Role.ADMIN, row[5]))
        if held
    }
    return Person(id=row[0], username=row[1], name=row[2], roles=frozenset(roles))


def people(connection: sqlite3.Connection) -> list[Person]:
    rows = connection.execute(
        f"SELECT {_PERSON_COLUMNS} FROM users ORDER BY is_admin DESC, is_monitor DESC, name"
    )
    return [_person(row) for row in rows]


def person_by_username(connection: sqlite3.Connection, username: str) -> Person:
    row = connection.execute(
        f"SELECT {_PERSON_COLUMNS} FROM users WHERE username = ?", (username,)
    ).fetchone()
    if row is None:
        raise NotFound(f"Nobody called '{username}' is in this organisation.")
    return _person(row)


def principal(connection: sqlite3.Connection, user_id: str) -> Principal:
    row = connection.execute(f"SELECT {_PERSON_COLUMNS} FROM users WHERE id = ?", (user_id,)).fetchone()
    if row is None:
        raise NotFound("That person is not in this organisation.", code="person-unknown")
    person = _person(row)
    departments = {
        department_id
        for (department_id,) in connection.execute(
            "SELECT department_id FROM department_agents WHERE user_id = ?", (user_id,)
        )
    }
    units = {
        unit_id
        for (unit_id,) in connection.execute(
            "SELECT unit_id FROM unit_monitors WHERE user_id = ?", (user_id,)
        )
    }
    unit_departments = {
        department_id
        for (department_id,) in connection.execute(
            "SELECT d.id FROM departments d JOIN unit_monitors m ON m.unit_id = d.unit_id "
            "WHERE m.user_id = ?",
            (user_id,),
        )
    }
    grants = grants_from_settings(settings(connection))
    return Principal(
        id=person.id,
        username=person.username,
        name=person.name,
        roles=person.roles,
        department_ids=frozenset(departments) if person.roles & {Role.AGENT} else frozenset(),
        unit_ids=frozenset(units),
        unit_department_ids=frozenset(unit_departments),
        permissions=frozenset(permissions_of(person.roles, grants)),
    )


_AGENT_QUERY = (
    "SELECT u.id, u.username, u.name, u.status, u.availability, u.max_chats, "
    "(SELECT group_concat(department_id, char(31)) FROM "
    "  (SELECT department_id FROM department_agents da WHERE da.user_id = u.id "
    "   ORDER BY department_id)), "
    # Kept by routing with its decisions (app/store/routing.py): a cache holding only some
    # chats could not count them.
    "u.open_chats "
    "FROM users u WHERE u.is_agent = 1"
)


def _agent(row: tuple[str, str, str, str, str, int | None, str | None, int]) -> Agent:
    return Agent(
        id=row[0],
        username=row[1],
        name=row[2],
        status=AgentStatus(row[3]),
        availability=Availability(row[4]),
        max_chats=row[5],
        department_ids=tuple(row[6].split("\x1f")) if row[6] else (),
        open_chats=row[7],
    )


def agents(connection: sqlite3.Connection) -> list[Agent]:
    return [_agent(row) for row in connection.execute(_AGENT_QUERY + " ORDER BY u.name")]


def agent(connection: sqlite3.Connection, user_id: str) -> Agent:
    row = connection.execute(_AGENT_QUERY + " AND u.id = ?", (user_id,)).fetchone()
    if row is None:
        raise NotFound("That agent does not exist.", code="agent-unknown")
    return _agent(row)


def chosen_status(connection: sqlite3.Connection, user_id: str) -> AgentStatus:
    """The status the agent last chose (Online unless they chose Away): theirs on signing in."""
    row = connection.execute("SELECT status_default FROM users WHERE id = ?", (user_id,)).fetchone()
    return AgentStatus(row[0]) if row is not None else AgentStatus.ONLINE


def choose_status(connection: sqlite3.Connection, user_id: str, status: AgentStatus) -> None:
    connection.execute("UPDATE users SET status_default = ? WHERE id = ?", (status.value, user_id))


def set_agent_presence(
    connection: sqlite3.Connection,
    user_id: str,
    *,
    status: AgentStatus | None = None,
    availability: Availability | None = None,
    paused_by_business_hours: bool | None = None,
) -> None:
    if status is not None:
        connection.execute("UPDATE users SET status = ? WHERE id = ?", (status.value, user_id))
    if availability is not None:
        connection.execute(
            "UPDATE users SET availability = ? WHERE id = ?", (availability.value, user_id)
        )
    if paused_by_business_hours is not None:
        connection.execute(
            "UPDATE users SET paused_by_business_hours = ? WHERE id = ?",
            (int(paused_by_business_hours), user_id),
        )


def paused_by_business_hours(connection: sqlite3.Connection) -> set[str]:
    return {
        user_id
        for (user_id,) in connection.execute(
            "SELECT id FROM users WHERE paused_by_business_hours = 1"
        )
    }


def monitors(connection: sqlite3.Connection) -> list[Monitor]:
    units: dict[str, list[str]] = defaultdict(list)
    for user_id, unit_id in connection.execute(
        "SELECT user_id, unit_id FROM unit_monitors ORDER BY unit_id"
    ):
        units[user_id].append(unit_id)
    return [
        Monitor(id=row[0], username=row[1], name=row[2], unit_ids=tuple(units[row[0]]))
        for row in connection.execute(
            "SELECT id, username, name FROM users WHERE is_monitor = 1 ORDER BY name"
        )
    ]


def departments(connection: sqlite3.Connection) -> list[Department]:
    rows = connection.execute(
        "SELECT id, name, enabled, unit_id, business_hours_id, max_chats_per_agent, "
        "fallback_department_id FROM departments ORDER BY name"
    )
    return [
        Department(
            id=row[0],
            name=row[1],
            enabled=bool(row[2]),
            unit_id=row[3],
            business_hours_id=row[4],
            max_chats_per_agent=row[5],
            fallback_department_id=row[6],
        )
        for row in rows
    ]


def units(connection: sqlite3.Connection) -> list[Unit]:
    members: dict[str, list[str]] = defaultdict(list)
    for unit_id, department_id in connection.execute(
        "SELECT unit_id, id FROM departments WHERE unit_id IS NOT NULL ORDER BY name"
    ):
        members[unit_id].append(department_id)
    monitors: dict[str, list[str]] = defaultdict(list)
    for unit_id, user_id in connection.execute(
        "SELECT unit_id, user_id FROM unit_monitors ORDER BY user_id"
    ):
        monitors[unit_id].append(user_id)
    return [
        Unit(id=unit_id, name=name, department_ids=tuple(members[unit_id]),
             monitor_ids=tuple(monitors[unit_id]))
        for unit_id, name in connection.execute("SELECT id, name FROM units ORDER BY name")
    ]


def business_hours(connection: sqlite3.Connection) -> list[BusinessHours]:
    intervals: dict[str, list[OpenInterval]] = defaultdict(list)
    for hours_id, weekday, start, end in connection.execute(
        "SELECT business_hours_id, weekday, start_minute, end_minute "
        "FROM business_hours_intervals ORDER BY weekday, start_minute"
    ):
        intervals[hours_id].append(OpenInterval(weekday, start, end))
    return [
        BusinessHours(id=row[0], name=row[1], timezone=row[2],
                      intervals=tuple(intervals[row[0]]), active=bool(row[3]))
        for row in connection.execute("SELECT id, name, timezone, active FROM business_hours")
    ]


def insert_business_hours(connection: sqlite3.Connection, hours: BusinessHours) -> None:
    connection.execute(
        "INSERT INTO business_hours (id, name, timezone, active) VALUES (?, ?, ?, ?)",
        (hours.id, hours.name, hours.timezone, int(hours.active)),
    )
    connection.executemany(
        "INSERT INTO business_hours_intervals (business_hours_id, weekday, start_minute, end_minute) "
        "VALUES (?, ?, ?, ?)",
        [(hours.id, i.weekday, i.start_minute, i.end_minute) for i in hours.intervals],
    )


def insert_unit(connection: sqlite3.Connection, unit_id: str, name: str) -> None:
    connection.execute("INSERT INTO units (id, name) VALUES (?, ?)", (unit_id, name))


def insert_department(connection: sqlite3.Connection, department: Department) -> None:
    connection.execute(
        "INSERT INTO departments (id, name, enabled, unit_id, business_hours_id, "
        "max_chats_per_agent, fallback_department_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (department.id, department.name, int(department.enabled), department.unit_id,
         department.business_hours_id, department.max_chats_per_agent,
         department.fallback_department_id),
    )


def insert_person(
    connection: sqlite3.Connection,
    person: Person,
    *,
    status: AgentStatus = AgentStatus.OFFLINE,
    availability: Availability = Availability.NOT_AVAILABLE,
    max_chats: int | None = None,
) -> None:
    connection.execute(
        "INSERT INTO users (id, username, name, is_agent, is_monitor, is_admin, status, "
        "availability, max_chats) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (person.id, person.username, person.name, int(Role.AGENT in person.roles),
         int(Role.MONITOR in person.roles), int(Role.ADMIN in person.roles), status.value,
         availability.value, max_chats),
    )


def add_agent_to_departments(
    connection: sqlite3.Connection, user_id: str, department_ids: Iterable[str]
) -> None:
    connection.executemany(
        "INSERT INTO department_agents (department_id, user_id, sort_order) VALUES (?, ?, ?)",
        [(department_id, user_id, order) for order, department_id in enumerate(department_ids)],
    )


def add_unit_monitor(connection: sqlite3.Connection, unit_id: str, user_id: str) -> None:
    connection.execute(
        "INSERT INTO unit_monitors (unit_id, user_id) VALUES (?, ?)", (unit_id, user_id)
    )


def setting(connection: sqlite3.Connection, key: str) -> str | None:
    row = connection.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def set_setting(connection: sqlite3.Connection, key: str, value: str) -> None:
    connection.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


def is_empty(connection: sqlite3.Connection) -> bool:
    row = connection.execute("SELECT NOT EXISTS (SELECT 1 FROM users)").fetchone()
    return bool(row[0])


def department_orders(connection: sqlite3.Connection) -> dict[str, dict[str, int]]:
    """Each department's agents with their admin-set order (auto_selection's tie-break)."""
    orders: dict[str, dict[str, int]] = defaultdict(dict)
    for department_id, user_id, order in connection.execute(
        "SELECT department_id, user_id, sort_order FROM department_agents"
    ):
        orders[department_id][user_id] = order
    return dict(orders)


def names(connection: sqlite3.Connection) -> dict[str, str]:
    """Every person's, department's and unit's name by id: what ids become in anything said to
    a user."""
    rows = connection.execute(
        "SELECT id, name FROM users UNION ALL SELECT id, name FROM departments "
        "UNION ALL SELECT id, name FROM units"
    )
    return {row[0]: row[1] for row in rows}


def settings(connection: sqlite3.Connection) -> dict[str, str]:
    return {key: value for key, value in connection.execute("SELECT key, value FROM settings")}


def managed_tags(connection: sqlite3.Connection, department_id: str | None = None,
                 *, every_department: bool = False) -> list[str]:
    """The organisation's tags (closing and chat info pick from these); empty means any tag.
    With `department_id`, the tags offered there: those of that department and those of none;
    `every_department` gives all of them."""
    rows = connection.execute(
        "SELECT t.name FROM tags t WHERE ?2 OR NOT EXISTS "
        "(SELECT 1 FROM tag_departments d WHERE d.tag_id = t.id) "
        "OR EXISTS (SELECT 1 FROM tag_departments d WHERE d.tag_id = t.id AND d.department_id = ?1)",
        (department_id, int(every_department)),
    )
    return sorted((name for (name,) in rows), key=str.lower)


def add_tags(connection: sqlite3.Connection, names: Iterable[str]) -> None:
    """Tags offered everywhere (ids from the name, as the migration gives them)."""
    connection.executemany(
        "INSERT OR IGNORE INTO tags (id, name) VALUES ('tag-' || lower(hex(?1)), ?1)",
        [(name,) for name in names],
    )
