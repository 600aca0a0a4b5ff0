"""The changes this computer applied to a server's configuration, in the server's cache
(`server_config_applied`, store migration 20): each change id once, the id the server gave what
it created, and the fields before and after, for the audit admins read here."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime

from app.config import AuditEntry, JsonValue, Kind, Op


def applied_to(connection: sqlite3.Connection, change_id: str) -> tuple[Kind, str] | None:
    """The (kind, server id) of the record a change id was applied to; None if it never was."""
    row = connection.execute("SELECT kind, server_id FROM server_config_applied WHERE change_id = ?",
                             (change_id,)).fetchone()
    return None if row is None else (Kind(row[0]), row[1])


def server_ids(connection: sqlite3.Connection) -> dict[str, str]:
    """Ids changes named records by, mapped to the ids the server gave them, where they differ (an
    agent added by username is the user's id on the server)."""
    rows = connection.execute(
        "SELECT entity_id, server_id FROM server_config_applied WHERE entity_id != server_id")
    return {entity_id: server_id for entity_id, server_id in rows}


def keep(connection: sqlite3.Connection, entry: AuditEntry, *, server_id: str) -> None:
    connection.execute(
        "INSERT OR IGNORE INTO server_config_applied (change_id, kind, entity_id, server_id, entity_name, "
        "op, before, after, by_id, by_name, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (entry.change_id, entry.kind.value, entry.entity_id, server_id, entry.entity_name, entry.op.value,
         _dump(entry.before), _dump(entry.after), entry.by_id, entry.by_name,
         int(entry.at.timestamp() * 1000)))


def audit(connection: sqlite3.Connection, limit: int) -> list[AuditEntry]:
    """Newest first."""
    rows = connection.execute(
        "SELECT change_id, kind, entity_id, entity_name, op, before, after, by_id, by_name, at "
        "FROM server_config_applied ORDER BY at DESC, rowid DESC LIMIT ?", (max(0, limit),)).fetchall()
    return [AuditEntry(at=datetime.fromtimestamp(row[9] / 1000, UTC), by_id=row[7], by_name=row[8],
                       kind=Kind(row[1]), entity_id=row[2], entity_name=row[3], op=Op(row[4]),
                       before=_load(row[5]), after=_load(row[6]), change_id=row[0]) for row in rows]


def _dump(fields: object) -> str:
    return json.dumps(fields, sort_keys=True, ensure_ascii=False)


def _load(text: str) -> dict[str, JsonValue]:
    value = json.loads(text)
    return value if isinstance(value, dict) else {}
