"""Records, changes and what applying a change can answer."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

# What a field holds: JSON, so a change can be journalled and sent to a server as it is.
JsonValue = str | int | float | bool | None | list["JsonValue"] | dict[str, "JsonValue"]


class Kind(StrEnum):
    DEPARTMENT = "department"
    UNIT = "unit"
    AGENT = "agent"
    BUSINESS_HOURS = "business_hours"
    # One record, id "routing": the organisation's routing settings.
    ROUTING = "routing"
    PRIORITY = "priority"
    SLA = "sla"
    TAG = "tag"
    # Canned responses shared by a department (an agent's own are not configuration).
    CANNED_RESPONSE = "canned_response"
    # One record, id "website": the website chat widget's settings.
    WEBSITE = "website"
    # One record, id "file_upload": which files may be sent in chats (agents and visitors).
    FILE_UPLOAD = "file_upload"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Kind.DEPARTMENT: "Department",
    Kind.UNIT: "Unit",
    Kind.AGENT: "Agent",
    Kind.BUSINESS_HOURS: "Business hours",
    Kind.ROUTING: "Routing",
    Kind.PRIORITY: "Priority",
    Kind.SLA: "SLA policy",
    Kind.TAG: "Tag",
    Kind.CANNED_RESPONSE: "Canned response",
    Kind.WEBSITE: "Website chat",
    Kind.FILE_UPLOAD: "File uploads",
}


class Op(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"


@dataclass(frozen=True, slots=True)
class Record:
    kind: Kind
    id: str
    fields: Mapping[str, JsonValue]
    # Bumped by the backend on every applied change; 0 never exists on a backend.
    version: int

    @property
    def name(self) -> str:
        """What to call the record in a list or a message."""
        for key in ("name", "shortcut", "title"):
            value = self.fields.get(key)
            if isinstance(value, str) and value:
                return value
        return self.kind.label if self.id == self.kind.value else self.id


def new_change_id() -> str:
    import uuid  # noqa: PLC0415  (only admins make changes; uuid costs start-up time)

    return uuid.uuid4().hex


@dataclass(frozen=True, slots=True)
class Change:
    """One admin edit, as journalled and as sent to the backend.

    `change_id` makes applying idempotent: a backend that has applied a change id answers
    `Applied` again without applying it twice (a journal that crashed after sending resends).
    `fields` holds the new values of the changed fields (a create: all of them; a delete: none);
    `base` the values those fields had in the record the edit started from (a delete: the whole
    record), and `base_version` that record's version (0 for a create).
    """

    change_id: str
    kind: Kind
    entity_id: str
    op: Op
    fields: Mapping[str, JsonValue]
    base: Mapping[str, JsonValue]
    base_version: int
    made_by: str
    made_at: datetime


@dataclass(frozen=True, slots=True)
class FieldConflict:
    field: str
    base: JsonValue
    mine: JsonValue
    theirs: JsonValue


@dataclass(frozen=True, slots=True)
class Applied:
    change_id: str
    # The record as it stands after the change (None once deleted).
    record: Record | None


@dataclass(frozen=True, slots=True)
class Conflicted:
    """The record changed since the edit's base in a field the edit also changed, to a value
    other than the edit's: nothing was applied; the admin chooses, field by field."""

    change_id: str
    theirs: Record | None  # None: someone deleted it
    conflicts: tuple[FieldConflict, ...] = field(default=())


ChangeOutcome = Applied | Conflicted


def conflicts_between(change: Change, current: Record | None) -> tuple[FieldConflict, ...]:
    """Three-way, per field: a field conflicts when the current value differs both from the
    edit's base and from the edit's own value. A field changed by someone else that the edit
    does not touch is no conflict (both changes are kept); a record deleted meanwhile conflicts
    in every field the edit sets."""
    if change.op is Op.CREATE:
        return ()
    if current is None:
        if change.op is Op.DELETE:
            return ()  # already gone: what the edit wanted
        return tuple(FieldConflict(name, change.base.get(name), value, None)
                     for name, value in change.fields.items())
    if current.version == change.base_version:
        return ()
    touched = change.base.keys() if change.op is Op.DELETE else change.fields.keys()
    found = []
    for name in touched:
        theirs = current.fields.get(name)
        base = change.base.get(name)
        mine = None if change.op is Op.DELETE else change.fields.get(name)
        if theirs != base and theirs != mine:
            found.append(FieldConflict(name, base, mine, theirs))
    return tuple(found)


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One applied change, as admins read it later: who, when, what, from what to what."""

    at: datetime
    by_id: str
    by_name: str
    kind: Kind
    entity_id: str
    entity_name: str
    op: Op
    before: Mapping[str, JsonValue]
    after: Mapping[str, JsonValue]
    change_id: str
