"""Repository for what the routing engine remembers: each agent's load and counters, each served
chat's routing facts, the queue's order, the pending timers and the instant routing had reached.

Written in the same transaction as the routing decisions they come from, one row per thing that
changed; read back when routing starts, so a restart resumes routing exactly where it stood.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from app.store.rows import from_ms, from_ms_or_none, to_ms, to_ms_or_none


@dataclass(frozen=True, slots=True)
class AgentCounters:
    agent_id: str
    # Open chats not on hold: the load limits count. Routing keeps it; everyone reads it here.
    open_chats: int
    # Chats routing gave the agent, ever (Rocket.Chat's livechatCount), and per department.
    served_count: int
    served_in: Mapping[str, int]
    last_routed_at: datetime | None
    last_assigned_at: datetime | None


@dataclass(frozen=True, slots=True)
class ChatFacts:
    """A served chat's routing facts, and the inquiry it came from (kept should it be queued again)."""

    chat_id: str
    assigned_at: datetime
    answered: bool
    unanswered_by: tuple[str, ...]
    last_agent_message_at: datetime | None
    last_visitor_message_at: datetime | None
    queued_at: datetime
    priority: int
    sla_due_at: datetime | None
    skills: Mapping[str, int]
    note: str
    # When the visitor asked; None: when the inquiry was queued.
    arrived_at: datetime | None = None
    # Moved on once for going unanswered (Rocket.Chat's autoTransferredAt).
    auto_transferred: bool = False
    # The visitor wrote and no agent has replied since; None: told by the messages' instants.
    waiting_response: bool | None = None


@dataclass(frozen=True, slots=True)
class WaitingFacts:
    """Routing's view of a queued inquiry: its line (the department after any fallback, None
    for the public line), queueing and SLA instants, arrival order, note and skills. `sequence`
    0 means routing never saved it (the inquiry was written by something else)."""

    chat_id: str
    department_id: str | None
    queued_at: datetime
    sla_due_at: datetime | None
    sequence: int
    note: str
    skills: Mapping[str, int]
    arrived_at: datetime | None = None
    auto_transferred: bool = False


@dataclass(frozen=True, slots=True)
class SavedTimer:
    kind: str
    target: str
    due: datetime
    sequence: int


@dataclass(frozen=True, slots=True)
class SavedClock:
    """The instant routing had decided up to, and the last arrival number it gave."""

    now: datetime
    sequence: int


# -- reading --------------------------------------------------------------------------------


def agent_counters(connection: sqlite3.Connection) -> dict[str, AgentCounters]:
    served_in: dict[str, dict[str, int]] = defaultdict(dict)
    for user_id, department_id, count in connection.execute(
        "SELECT user_id, department_id, served_count FROM department_agents WHERE served_count > 0"
    ):
        served_in[user_id][department_id] = count
    return {
        row[0]: AgentCounters(
            agent_id=row[0], open_chats=row[1], served_count=row[2], served_in=served_in[row[0]],
            last_routed_at=from_ms_or_none(row[3]), last_assigned_at=from_ms_or_none(row[4]),
        )
        for row in connection.execute(
            "SELECT id, open_chats, served_count, last_routed_at, last_assigned_at "
            "FROM users WHERE is_agent = 1"
        )
    }


def chat_facts(connection: sqlite3.Connection) -> dict[str, ChatFacts]:
    return {
        row[0]: ChatFacts(
            chat_id=row[0], assigned_at=from_ms(row[1]), answered=bool(row[2]),
            unanswered_by=tuple(json.loads(row[3])), last_agent_message_at=from_ms_or_none(row[4]),
            last_visitor_message_at=from_ms_or_none(row[5]), queued_at=from_ms(row[6]),
            priority=row[7], sla_due_at=from_ms_or_none(row[8]), skills=json.loads(row[9]),
            note=row[10], arrived_at=from_ms_or_none(row[11]), auto_transferred=bool(row[12]),
            waiting_response=None if row[13] is None else bool(row[13]),
        )
        for row in connection.execute(
            "SELECT chat_id, assigned_at, answered, unanswered_by, last_agent_message_at, "
            "last_visitor_message_at, queued_at, priority, sla_due_at, skills, note, arrived_at, "
            "auto_transferred, waiting_response FROM routing_chats"
        )
    }


def waiting_facts(connection: sqlite3.Connection) -> dict[str, WaitingFacts]:
    """By chat id (routing knows an inquiry by its chat)."""
    return {
        row[0]: WaitingFacts(chat_id=row[0], department_id=row[1], queued_at=from_ms(row[2]),
                             sla_due_at=from_ms_or_none(row[3]), sequence=row[4], note=row[5],
                             skills=json.loads(row[6]), arrived_at=from_ms_or_none(row[7]),
                             auto_transferred=bool(row[8]))
        for row in connection.execute(
            "SELECT chat_id, line_department_id, queued_at, sla_due_at, sequence, note, skills, "
            "arrived_at, auto_transferred FROM inquiries"
        )
    }


def timers(connection: sqlite3.Connection) -> list[SavedTimer]:
    return [
        SavedTimer(kind=row[0], target=row[1], due=from_ms(row[2]), sequence=row[3])
        for row in connection.execute(
            "SELECT kind, target, due, sequence FROM routing_timers ORDER BY sequence, kind, target"
        )
    ]


def clock(connection: sqlite3.Connection) -> SavedClock | None:
    row = connection.execute("SELECT now, sequence FROM routing_clock WHERE id = 1").fetchone()
    return None if row is None else SavedClock(now=from_ms(row[0]), sequence=row[1])


# -- writing --------------------------------------------------------------------------------


def save_agents(connection: sqlite3.Connection, agents: Iterable[AgentCounters]) -> None:
    rows = list(agents)
    if not rows:
        return
    connection.executemany(
        "UPDATE users SET open_chats = ?, served_count = ?, last_routed_at = ?, last_assigned_at = ? "
        "WHERE id = ?",
        [(a.open_chats, a.served_count, to_ms_or_none(a.last_routed_at),
          to_ms_or_none(a.last_assigned_at), a.agent_id) for a in rows],
    )
    connection.executemany(
        "UPDATE department_agents SET served_count = ? WHERE user_id = ? AND department_id = ?",
        [(count, a.agent_id, department_id) for a in rows for department_id, count in a.served_in.items()],
    )


def save_chats(connection: sqlite3.Connection, facts: Iterable[ChatFacts]) -> None:
    rows = [(f.chat_id, to_ms(f.assigned_at), int(f.answered), _ids(f.unanswered_by),
             to_ms_or_none(f.last_agent_message_at), to_ms_or_none(f.last_visitor_message_at),
             to_ms(f.queued_at), f.priority, to_ms_or_none(f.sla_due_at), _skills(f.skills), f.note,
             to_ms_or_none(f.arrived_at), int(f.auto_transferred),
             None if f.waiting_response is None else int(f.waiting_response))
            for f in facts]
    if not rows:
        return
    connection.executemany(
        "INSERT INTO routing_chats (chat_id, assigned_at, answered, unanswered_by, "
        "last_agent_message_at, last_visitor_message_at, queued_at, priority, sla_due_at, skills, note, "
        "arrived_at, auto_transferred, waiting_response) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(chat_id) DO UPDATE SET "
        "assigned_at = excluded.assigned_at, answered = excluded.answered, "
        "unanswered_by = excluded.unanswered_by, last_agent_message_at = excluded.last_agent_message_at, "
        "last_visitor_message_at = excluded.last_visitor_message_at, queued_at = excluded.queued_at, "
        "priority = excluded.priority, sla_due_at = excluded.sla_due_at, skills = excluded.skills, "
        "note = excluded.note, arrived_at = excluded.arrived_at, "
        "auto_transferred = excluded.auto_transferred, waiting_response = excluded.waiting_response",
        rows,
    )


def forget_chats(connection: sqlite3.Connection, chat_ids: Iterable[str]) -> None:
    """Chats routing no longer serves (closed, or back in a queue)."""
    rows = [(c,) for c in chat_ids]
    if rows:
        connection.executemany("DELETE FROM routing_chats WHERE chat_id = ?", rows)


def save_waiting(connection: sqlite3.Connection, facts: Iterable[WaitingFacts]) -> None:
    """Routing's view of queued inquiries, whose rows were written with the decisions. The
    queueing and SLA instants are routing's own, so the stored queue's order is exactly routing's."""
    rows = [(f.department_id, to_ms(f.queued_at), to_ms_or_none(f.sla_due_at), f.sequence, f.note,
             _skills(f.skills), to_ms_or_none(f.arrived_at), int(f.auto_transferred), f.chat_id)
            for f in facts]
    if not rows:
        return
    connection.executemany(
        "UPDATE inquiries SET line_department_id = ?, queued_at = ?, sla_due_at = ?, sequence = ?, "
        "note = ?, skills = ?, arrived_at = ?, auto_transferred = ? WHERE chat_id = ?",
        rows,
    )


def save_timers(connection: sqlite3.Connection, saved: Iterable[SavedTimer]) -> None:
    rows = [(t.kind, t.target, to_ms(t.due), t.sequence) for t in saved]
    if not rows:
        return
    connection.executemany(
        "INSERT INTO routing_timers (kind, target, due, sequence) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(kind, target) DO UPDATE SET due = excluded.due, sequence = excluded.sequence",
        rows,
    )


def delete_timers(connection: sqlite3.Connection, keys: Iterable[tuple[str, str]]) -> None:
    rows = list(keys)
    if rows:
        connection.executemany("DELETE FROM routing_timers WHERE kind = ? AND target = ?", rows)


def save_clock(connection: sqlite3.Connection, saved: SavedClock) -> None:
    connection.execute(
        "INSERT INTO routing_clock (id, now, sequence) VALUES (1, ?, ?) "
        "ON CONFLICT(id) DO UPDATE SET now = excluded.now, sequence = excluded.sequence",
        (to_ms(saved.now), saved.sequence),
    )


def count_open_chats(connection: sqlite3.Connection) -> None:
    """Set every agent's load from the chats table: only for chats written without routing
    (the sample organisation); routing keeps it from then on."""
    connection.execute(
        "UPDATE users SET open_chats = (SELECT count(*) FROM chats c "
        "WHERE c.served_by = users.id AND c.status = 'open')"
    )


def _skills(skills: Mapping[str, int]) -> str:
    return json.dumps(dict(sorted(skills.items()))) if skills else "{}"


def _ids(ids: tuple[str, ...]) -> str:
    return json.dumps(sorted(ids)) if ids else "[]"
