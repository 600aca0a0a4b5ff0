"""Rewriting pending changes when an earlier one goes away or is resolved (pure functions).

A change's `base` holds the values its fields had when the admin made it, and those may be the
values of an earlier pending change of theirs. When that earlier change is undone, or resolved
in favour of someone else's values, the later change must say what the record will really hold
before it, or the backend would see a conflict between the admin and themselves.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Literal

from app.config import Change, Conflicted, JsonValue, Kind, Op, Schema, schema_of
from app.errors import InvalidInput
from app.sync.journal import PendingChange

Choice = Literal["mine", "theirs"]


def rebase_later(later: Sequence[PendingChange], kind: Kind, entity_id: str,
                 before: Mapping[str, JsonValue]) -> list[PendingChange]:
    """The changes of `later` (in order) to the same record that need a new base, given that the
    fields of `before` will hold these values instead of what an earlier change set. A field stops
    being rewritten at the first later change that sets it itself."""
    remaining = dict(before)
    rebased: list[PendingChange] = []
    for pending in later:
        change = pending.change
        if (change.kind, change.entity_id) != (kind, entity_id) or not remaining:
            continue
        touched = remaining.keys() & change.base.keys()
        if touched:
            base = {**change.base, **{name: remaining[name] for name in touched}}
            rebased.append(dataclasses.replace(pending, change=dataclasses.replace(change, base=base)))
        sets = change.base.keys() if change.op is Op.DELETE else change.fields.keys()
        for name in sets:
            remaining.pop(name, None)
    return rebased


def resolved(change: Change, conflict: Conflicted, choices: Mapping[str, Choice], *,
             change_id: str, now: datetime) -> Change | None:
    """`change` rebased on their record: fields chosen 'mine' keep my value, those chosen
    'theirs' leave the change; None when nothing of mine is left to apply."""
    schema = schema_of(change.kind)
    conflicting = [c.field for c in conflict.conflicts]
    missing = [name for name in conflicting if choices.get(name) not in ("mine", "theirs")]
    if missing:
        labels = ", ".join(_label(schema, name) for name in missing)
        raise InvalidInput(f"Choose mine or theirs for: {labels}.")
    theirs = conflict.theirs
    keeps_mine = [name for name in conflicting if choices[name] == "mine"]
    if change.op is Op.DELETE:
        # A delete is all or nothing: it goes ahead only if every field they changed is mine.
        if theirs is None or len(keeps_mine) < len(conflicting):
            return None
        return dataclasses.replace(change, change_id=change_id, base=dict(theirs.fields),
                                   base_version=theirs.version, made_at=now)
    if theirs is None:
        if keeps_mine:
            raise InvalidInput(f"Someone deleted this {change.kind.label.lower()} meanwhile: choose "
                               "theirs, or undo this change and create it again.")
        return None
    fields = {name: value for name, value in change.fields.items()
              if (name not in conflicting or choices[name] == "mine")
              and theirs.fields.get(name) != value}
    if not fields:
        return None
    return dataclasses.replace(change, change_id=change_id, fields=fields,
                               base={name: theirs.fields.get(name) for name in fields},
                               base_version=theirs.version, made_at=now)


def _label(schema: Schema, name: str) -> str:
    try:
        return schema.spec(name).label
    except KeyError:
        return name
