"""The organisation's configuration as editable records: what admins change, journal and sync.

Every editable thing (a department, a unit, an agent, business hours, the routing settings...)
is a `Record`: a kind, an id, a flat mapping of JSON values and a version the backend bumps on
each change. An edit is a `Change` that remembers the values it was based on, so a backend that
changed meanwhile can say, per field, where mine and theirs differ (`Conflicted`).
"""

from typing import TYPE_CHECKING

from app.lazy import lazy_exports

if TYPE_CHECKING:
    from app.config.records import (
        Applied,
        AuditEntry,
        Change,
        ChangeOutcome,
        Conflicted,
        FieldConflict,
        JsonValue,
        Kind,
        Op,
        Record,
        conflicts_between,
        new_change_id,
    )
    from app.config.schema import SCHEMAS, FieldSpec, FieldType, Schema, schema_of

# Imported when first used (app.lazy): policy needs `Kind` at every start, the rest waits.
__getattr__, __dir__ = lazy_exports(globals(), {
    "records": ("Applied", "AuditEntry", "Change", "ChangeOutcome", "Conflicted", "FieldConflict",
                "JsonValue", "Kind", "Op", "Record", "conflicts_between", "new_change_id"),
    "schema": ("SCHEMAS", "FieldSpec", "FieldType", "Schema", "schema_of"),
})

__all__ = [
    "SCHEMAS",
    "Applied",
    "AuditEntry",
    "Change",
    "ChangeOutcome",
    "Conflicted",
    "FieldConflict",
    "FieldSpec",
    "FieldType",
    "JsonValue",
    "Kind",
    "Op",
    "Record",
    "Schema",
    "conflicts_between",
    "new_change_id",
    "schema_of",
]
