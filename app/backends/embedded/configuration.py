"""The embedded desk's side of `Administration`: the configuration read, changed and audited.

A change applies as one engine command: under the engine's lock, in one transaction, it is
- answered again without applying when its change id was applied before (idempotent: a journal
  that resends after a crash never applies twice);
- checked against the policy, with the principal read again inside the transaction (a monitor
  whose unit lost the department a moment ago is refused);
- compared with the record as it stands (`conflicts_between`): a field someone else changed to
  another value makes it `Conflicted`, and nothing is applied;
- applied, then the whole configuration validated (`require_valid`): a broken rule raises
  InvalidInput and the transaction rolls back;
- versioned (every record whose fields changed, on either side of a relation), audited (who,
  when, the changed fields before and after) and remembered as applied.
Then routing is rebuilt from the store and every signed-in user gets their new scope and a
Resynced event (`EmbeddedEngine.organisation_changed`): an agent added to a department sees its
queue at once.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING

from app import policy
from app.backends.events import Event
from app.backends.refusals import Refusals
from app.config.records import (
    Applied,
    AuditEntry,
    Change,
    ChangeOutcome,
    Conflicted,
    JsonValue,
    Op,
    Record,
    conflicts_between,
)
from app.config.validate import require_valid
from app.domain import Principal
from app.errors import NotAllowed
from app.store import configuration, organisation

if TYPE_CHECKING:
    from app.backends.embedded.engine import EmbeddedEngine


async def configuration_for(engine: EmbeddedEngine, principal: Principal) -> list[Record]:
    """Every record `principal` may change, at its current version."""

    def read(connection: sqlite3.Connection) -> list[Record]:
        me = organisation.principal(connection, principal.id)
        return [r for r in configuration.read_records(connection) if policy.may_change_record(me, r)]

    return await engine.database.read(read)


async def audit_for(engine: EmbeddedEngine, principal: Principal, limit: int) -> list[AuditEntry]:
    """Applied changes, newest first: admins read them."""
    if not principal.is_admin:
        raise NotAllowed(Refusals.tr("Only admins can read who changed the configuration."))
    return await engine.database.read(lambda c: configuration.audit(c, max(0, limit)))


async def apply_change(engine: EmbeddedEngine, principal: Principal, change: Change) -> ChangeOutcome:
    """Apply `change` as described in this module's docstring."""
    answers: list[tuple[ChangeOutcome, bool]] = []
    at = engine.clock.now()

    def write(connection: sqlite3.Connection) -> list[Event]:
        answers.append(_apply(connection, principal.id, change, at))
        return []

    def authorize(connection: sqlite3.Connection) -> None:
        # The same check again before the write opens (under the same lock, on the same state):
        # a refusal then leaves routing's memory alone instead of failing a write.
        if configuration.was_applied(connection, change.change_id) is None:
            _check_policy(connection, principal.id, change)

    await engine.command(lambda _routing: [], before=write, authorize=authorize,
                         reorganised=lambda: answers[0][1])
    return answers[0][0]


def _apply(connection: sqlite3.Connection, user_id: str, change: Change, at: datetime
           ) -> tuple[ChangeOutcome, bool]:
    """The outcome, and whether the store changed."""
    applied_to = configuration.was_applied(connection, change.change_id)
    if applied_to is not None:
        return Applied(change.change_id, configuration.read_record(connection, *applied_to)), False
    me, current = _check_policy(connection, user_id, change)
    key = (change.kind, change.entity_id)
    conflicts = conflicts_between(change, current)
    if conflicts:
        return Conflicted(change.change_id, current, conflicts), False
    if change.op is Op.DELETE and current is None:
        return Applied(change.change_id, None), False  # already gone: what the edit wanted
    before = configuration.read_fields(connection)
    configuration.write(connection, change.kind, change.entity_id, change.op, change.fields)
    records = configuration.read_records(connection)
    record = next((r for r in records if (r.kind, r.id) == key), None)
    require_valid(records, about=record)
    configuration.bump_versions(connection, before, configuration.read_fields(connection))
    record = configuration.read_record(connection, *key)
    old = {} if current is None else dict(current.fields)
    new = {} if record is None else dict(record.fields)
    changed = sorted(name for name in old.keys() | new.keys() if old.get(name) != new.get(name))
    named = record or current
    configuration.record_applied(connection, AuditEntry(
        at=configuration.audit_time(at), by_id=me.id, by_name=me.name, kind=change.kind,
        entity_id=change.entity_id, entity_name=named.name if named else change.entity_id,
        op=change.op,
        before={name: old[name] for name in changed if name in old},
        after={name: new[name] for name in changed if name in new},
        change_id=change.change_id,
    ))
    return Applied(change.change_id, record), True


def _check_policy(connection: sqlite3.Connection, user_id: str, change: Change
                  ) -> tuple[Principal, Record | None]:
    """Who the user is now and the record as it stands, once the policy allows the change."""
    me = organisation.principal(connection, user_id)
    current = configuration.read_record(connection, change.kind, change.entity_id)
    policy.check_change(me, change.kind, change.entity_id,
                        None if current is None else current.fields, _after(change, current))
    return me, current


def _after(change: Change, current: Record | None) -> Mapping[str, JsonValue] | None:
    """The record's fields as the change would leave them (what the policy checks)."""
    if change.op is Op.DELETE:
        return None
    return {**(current.fields if current is not None else {}), **change.fields}
