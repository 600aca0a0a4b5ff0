"""A day's traffic as the store remembers it: what a what-if replays (app.routing.replay)."""

from __future__ import annotations

import sqlite3
import statistics
from datetime import UTC, date, datetime, time, timedelta

from app.routing.replay import Arrival, Traffic
from app.store.rows import from_ms, to_ms

# With nothing to measure from: a minute to pick a chat up, five minutes of conversation.
DEFAULT_PICKUP_DELAY_S = 60.0
DEFAULT_DURATION_S = 300.0

# A chat lasts from its first agent (the first queue stay that ended with one; its start when
# none is known) to its close.
_ARRIVALS = (
    "SELECT c.id, v.name, c.department_id, c.priority, c.created_at, c.closed_at, "
    "coalesce((SELECT min(w.left_at) FROM queue_waits w WHERE w.chat_id = c.id "
    "          AND w.agent_id IS NOT NULL), c.created_at) "
    "FROM chats c JOIN visitors v ON v.id = c.visitor_id "
    "WHERE c.created_at >= ? AND c.created_at < ? ORDER BY c.created_at, c.id"
)

# Who served the day's chats: the agent it ended with, and anyone it was transferred to.
_PRESENT = (
    "SELECT c.served_by FROM chats c WHERE c.created_at >= ? AND c.created_at < ? "
    "AND c.served_by IS NOT NULL "
    "UNION SELECT t.to_agent_id FROM transfers t JOIN chats c ON c.id = t.chat_id "
    "WHERE c.created_at >= ? AND c.created_at < ? AND t.to_agent_id IS NOT NULL"
)

# How long chats taken by hand waited: from the chat's start to the note its agent's take wrote
# ("NAME joined the chat.", app/backends/embedded/apply.py). Queue stays (queue_waits) do not
# tell a take from a routing decision, so they cannot say this.
_PICKUPS = (
    "SELECT (SELECT min(m.sent_at) FROM messages m WHERE m.chat_id = c.id "
    "        AND m.author_kind = 'system' AND m.text LIKE '% joined the chat.' "
    "        AND m.kind = 'text') - c.created_at "  # not a note nor a context row
    "FROM chats c WHERE c.created_at >= ? AND c.created_at < ?"
)


def day_traffic(connection: sqlite3.Connection, day: date) -> Traffic:
    """The chats that started on `day` (UTC), in arrival order, with who was there to serve them
    and the day's typical pick-up delay and chat length."""
    start = datetime.combine(day, time(0), tzinfo=UTC)
    bounds = (to_ms(start), to_ms(start + timedelta(days=1)))
    arrivals = tuple(
        Arrival(
            chat_id=chat_id,
            visitor_name=visitor_name,
            department_id=department_id,
            priority=priority,
            arrived_at=from_ms(created_at),
            duration_s=None if closed_at is None else max(0, closed_at - served_from) / 1000,
        )
        for chat_id, visitor_name, department_id, priority, created_at, closed_at, served_from
        in connection.execute(_ARRIVALS, bounds)
    )
    present = frozenset(row[0] for row in connection.execute(_PRESENT, bounds + bounds))
    pickups = [ms / 1000 for (ms,) in connection.execute(_PICKUPS, bounds) if ms is not None and ms >= 0]
    durations = [a.duration_s for a in arrivals if a.duration_s is not None]
    return Traffic(
        day=day,
        arrivals=arrivals,
        present_agent_ids=present,
        pickup_delay_s=statistics.median(pickups) if pickups else DEFAULT_PICKUP_DELAY_S,
        typical_duration_s=statistics.median(durations) if durations else DEFAULT_DURATION_S,
    )
