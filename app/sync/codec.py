"""Changes, records and conflicts as JSON text, the form the journal file keeps them in."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from app.config import Change, Conflicted, FieldConflict, JsonValue, Kind, Op, Record


def dump_values(values: Mapping[str, JsonValue]) -> str:
    # Sorted keys: the same values always give the same text (the fault test compares them).
    return json.dumps(dict(values), sort_keys=True, separators=(",", ":"))


def load_values(text: str) -> dict[str, JsonValue]:
    values = json.loads(text)
    if not isinstance(values, dict):
        raise ValueError(f"expected a JSON object, got {text[:40]!r}")
    return values


def change_columns(change: Change) -> dict[str, Any]:
    return {
        "change_id": change.change_id, "kind": change.kind.value, "entity_id": change.entity_id,
        "op": change.op.value, "fields": dump_values(change.fields), "base": dump_values(change.base),
        "base_version": change.base_version, "made_by": change.made_by,
        "made_at": change.made_at.isoformat(),
    }


def change_from_columns(columns: Mapping[str, Any]) -> Change:
    return Change(
        change_id=columns["change_id"], kind=Kind(columns["kind"]), entity_id=columns["entity_id"],
        op=Op(columns["op"]), fields=load_values(columns["fields"]), base=load_values(columns["base"]),
        base_version=columns["base_version"], made_by=columns["made_by"],
        made_at=datetime.fromisoformat(columns["made_at"]),
    )


def _record_json(record: Record | None) -> JsonValue:
    if record is None:
        return None
    return {"kind": record.kind.value, "id": record.id, "fields": dict(record.fields),
            "version": record.version}


def _record_from_json(value: Any) -> Record | None:
    if value is None:
        return None
    return Record(Kind(value["kind"]), value["id"], value["fields"], value["version"])


def dump_conflict(conflict: Conflicted) -> str:
    return json.dumps({
        "change_id": conflict.change_id,
        "theirs": _record_json(conflict.theirs),
        "conflicts": [[c.field, c.base, c.mine, c.theirs] for c in conflict.conflicts],
    }, sort_keys=True)


def load_conflict(text: str) -> Conflicted:
    value = json.loads(text)
    return Conflicted(
        change_id=value["change_id"], theirs=_record_from_json(value["theirs"]),
        conflicts=tuple(FieldConflict(name, base, mine, theirs)
                        for name, base, mine, theirs in value["conflicts"]),
    )
