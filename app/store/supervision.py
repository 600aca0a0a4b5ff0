"""Repository for what a monitor watches: a unit's queues, agents and chats in progress now, and
its day hour by hour (from `queue_waits`, each stay of a chat in a queue).

Every query takes the unit's departments: the caller has checked the user supervises the unit.
Department ids travel as one JSON array expanded with json_each(), so no SQL is built from data.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from datetime import datetime

from app.domain import (
    Agent,
    AgentLoad,
    AgentStatus,
    Availability,
    Channel,
    ChatInProgress,
    ChatStatus,
    ChatSummary,
    DepartmentQueue,
    Inquiry,
    Priority,
)
from app.policy import Scope
from app.store import chats
from app.store.rows import from_ms, from_ms_or_none, tags_from_json, to_ms

_IN_UNIT = "(SELECT value FROM json_each(:departments))"


def _departments(department_ids: Sequence[str]) -> str:
    return json.dumps(sorted(department_ids))


# -- writing --------------------------------------------------------------------------------

def end_wait(connection: sqlite3.Connection, chat_id: str, at: datetime, agent_id: str | None) -> None:
    """The chat left its queue at `at`: to `agent_id`, or unserved (None). Called before its
    inquiry is deleted; the trigger on inquiries opened the stay."""
    connection.execute(
        "UPDATE queue_waits SET left_at = max(queued_at, ?), agent_id = ? "
        "WHERE chat_id = ? AND left_at IS NULL",
        (to_ms(at), agent_id, chat_id),
    )


def insert_waits(
    connection: sqlite3.Connection, rows: Sequence[tuple[str, str | None, int, int | None, str | None]]
) -> None:
    """Bulk insert stays that happened (sample history): (chat id, department id, queued at ms,
    left at ms or None, agent id or None)."""
    connection.executemany(
        "INSERT INTO queue_waits (chat_id, department_id, queued_at, left_at, agent_id) "
        "VALUES (?, ?, ?, ?, ?)", rows)


# -- now ------------------------------------------------------------------------------------

def queues(
    connection: sqlite3.Connection, department_ids: Sequence[str], now: datetime, warn_until: datetime
) -> list[DepartmentQueue]:
    """One line per department (in the order given), empty ones included."""
    found = {
        row[0]: DepartmentQueue(row[0], row[1], from_ms_or_none(row[2]), row[3], row[4])
        for row in connection.execute(
            "SELECT department_id, count(*), min(queued_at), "
            "  coalesce(sum(sla_due_at > :now AND sla_due_at <= :warn), 0), "
            "  coalesce(sum(sla_due_at <= :now), 0) "
            f"FROM inquiries WHERE department_id IN {_IN_UNIT} GROUP BY department_id",
            {"departments": _departments(department_ids), "now": to_ms(now),
             "warn": to_ms(warn_until)},
        )
    }
    return [found.get(d, DepartmentQueue(d, 0, None, 0, 0)) for d in department_ids]


def agent_loads(
    connection: sqlite3.Connection, department_ids: Sequence[str], organisation_limit: int
) -> list[AgentLoad]:
    """The agents of the departments, by name: load, on-hold chats (in any department, as the
    load counts), and the limit that applies (their own, else the organisation's; 0 = none)."""
    rows = connection.execute(
        "SELECT u.id, u.username, u.name, u.status, u.availability, u.max_chats, "
        "  (SELECT group_concat(department_id, char(31)) FROM "
        "    (SELECT department_id FROM department_agents da WHERE da.user_id = u.id "
        "     ORDER BY department_id)), "
        "  u.open_chats, u.last_assigned_at, "
        "  (SELECT count(*) FROM chats c WHERE c.served_by = u.id AND c.status = 'on_hold') "
        "FROM users u WHERE u.is_agent = 1 AND u.id IN ("
        f"  SELECT user_id FROM department_agents WHERE department_id IN {_IN_UNIT}) "
        "ORDER BY u.name, u.id",
        {"departments": _departments(department_ids)},
    )
    loads = []
    for row in rows:
        agent = Agent(
            id=row[0], username=row[1], name=row[2], status=AgentStatus(row[3]),
            availability=Availability(row[4]), max_chats=row[5],
            department_ids=tuple(row[6].split("\x1f")) if row[6] else (), open_chats=row[7],
        )
        limit = row[5] or organisation_limit
        loads.append(AgentLoad(agent=agent, limit=limit or None,
                               last_assigned_at=from_ms_or_none(row[8]), on_hold=row[9]))
    return loads


_IN_PROGRESS = (
    "SELECT c.id, v.name, c.contact_id, v.channel, c.department_id, c.status, c.served_by, "
    "  u.name, c.created_at, c.closed_at, c.tags, c.last_message, c.message_count, d.unit_id, "
    # The visitor's first message after the agents' last one (messages arrive in id order):
    # since then they wait for a reply. Two seeks in messages_by_chat_author per chat.
    "  (SELECT m.sent_at FROM messages m WHERE m.chat_id = c.id AND m.author_kind = 'visitor' "
    "   AND m.id > coalesce((SELECT max(a.id) FROM messages a WHERE a.chat_id = c.id "
    "                        AND a.author_kind = 'agent'), 0) ORDER BY m.id LIMIT 1), "
    "  coalesce(c.last_message_at, c.created_at), c.priority "
    "FROM chats c JOIN visitors v ON v.id = c.visitor_id LEFT JOIN users u ON u.id = c.served_by "
    "LEFT JOIN departments d ON d.id = c.department_id "
    f"WHERE c.department_id IN {_IN_UNIT} AND c.status IN ('open', 'on_hold') "
    "ORDER BY c.created_at, c.id"
)


def chats_in_progress(connection: sqlite3.Connection, department_ids: Sequence[str]) -> list[ChatInProgress]:
    """Open and on-hold chats of the departments, oldest first."""
    found = []
    for row in connection.execute(_IN_PROGRESS, {"departments": _departments(department_ids)}):
        summary = ChatSummary(
            id=row[0], visitor_name=row[1], contact_id=row[2], channel=_CHANNELS[row[3]],
            department_id=row[4], status=_STATUSES[row[5]], served_by_id=row[6],
            served_by_name=row[7], created_at=from_ms(row[8]), closed_at=None,
            tags=() if row[10] == "[]" else tags_from_json(row[10]), last_message=row[11],
            message_count=row[12], unit_id=row[13],
        )
        found.append(ChatInProgress(
            chat=summary, priority=_PRIORITIES[row[16]], waiting_since=from_ms_or_none(row[14]),
            last_activity_at=from_ms(row[15]),
        ))
    return found


# A unit's chats in progress come by the thousand: enum members by value without a call each.
_CHANNELS = {member.value: member for member in Channel}
_STATUSES = {member.value: member for member in ChatStatus}
_PRIORITIES = {member.value: member for member in Priority}


# -- the day --------------------------------------------------------------------------------

def started_and_closed(
    connection: sqlite3.Connection, department_ids: Sequence[str], start: datetime, end: datetime
) -> tuple[list[datetime], list[datetime]]:
    """When the departments' chats started, and when they closed, within [start, end)."""
    where = {"departments": _departments(department_ids), "start": to_ms(start), "end": to_ms(end)}
    started = [from_ms(row[0]) for row in connection.execute(
        "SELECT created_at FROM chats "
        f"WHERE department_id IN {_IN_UNIT} AND created_at >= :start AND created_at < :end", where)]
    closed = [from_ms(row[0]) for row in connection.execute(
        "SELECT closed_at FROM chats "
        f"WHERE department_id IN {_IN_UNIT} AND closed_at IS NOT NULL "
        "AND closed_at >= :start AND closed_at < :end", where)]
    return started, closed


def stays(
    connection: sqlite3.Connection, department_ids: Sequence[str], start: datetime, end: datetime
) -> list[tuple[datetime, datetime | None, bool]]:
    """Stays in the departments' queues that overlap [start, end): (queued at, left at or None
    while waiting, whether it left to an agent)."""
    # Two ranges of queue_waits_by_department(department_id, left_at): those still waiting and
    # those that left since `start` (an OR of both would scan the departments' whole history).
    rows = connection.execute(
        "SELECT queued_at, left_at, agent_id IS NOT NULL FROM queue_waits "
        f"WHERE department_id IN {_IN_UNIT} AND left_at IS NULL AND queued_at < :end "
        "UNION ALL "
        "SELECT queued_at, left_at, agent_id IS NOT NULL FROM queue_waits "
        f"WHERE department_id IN {_IN_UNIT} AND left_at >= :start AND queued_at < :end",
        {"departments": _departments(department_ids), "start": to_ms(start), "end": to_ms(end)},
    )
    return [(from_ms(row[0]), from_ms_or_none(row[1]), bool(row[2])) for row in rows]


def inquiries(connection: sqlite3.Connection, department_ids: Sequence[str]) -> list[Inquiry]:
    """The departments' waiting inquiries, oldest first: what their agents' queues show."""
    waiting_in_unit = Scope(user_id="", everything=False, queue_departments=frozenset(department_ids),
                            public_queue=False, room_departments=frozenset(), contact_history=False)
    return chats.queued_inquiries(connection, waiting_in_unit)
