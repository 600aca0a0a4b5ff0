"""Relations an organisation keeps on both sides, applied to records as the store applies them.

A department lists its agents and each agent lists their departments; a department names its
unit and its business hours, and each unit or business hours lists its departments. The store
holds each relation once, so a change to one side shows on the other. Whoever previews changes
without the store (the admin's pending edits, the what-if) applies them here, with the same
effect: editing either side, deleting a record, or taking a role away.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass

from app.config.records import Change, JsonValue, Kind, Op, Record
from app.config.schema import FieldType, schema_of

RecordKey = tuple[Kind, str]
Records = MutableMapping[RecordKey, Record]


@dataclass(frozen=True, slots=True)
class _Relation:
    one: Kind  # the side that holds `one_field` (a list, or a single ref)
    one_field: str
    many: Kind  # the side that lists the other's ids in `many_field`
    many_field: str
    single: bool  # `one_field` is one ref (a department has one unit), not a list


_RELATIONS = (
    _Relation(Kind.DEPARTMENT, "agent_ids", Kind.AGENT, "department_ids", single=False),
    _Relation(Kind.DEPARTMENT, "unit_id", Kind.UNIT, "department_ids", single=True),
    _Relation(Kind.DEPARTMENT, "business_hours_id", Kind.BUSINESS_HOURS, "department_ids", single=True),
)


def apply_change(records: Records, change: Change) -> None:
    """Apply `change` to `records` in place, with its effects on the other side of every
    relation and on what referred to a deleted record."""
    key = (change.kind, change.entity_id)
    current = records.get(key)
    before: Mapping[str, JsonValue] = current.fields if current is not None else {}
    match change.op:
        case Op.CREATE:
            after: dict[str, JsonValue] = _as_stored(change.kind, dict(change.fields))
            records[key] = Record(change.kind, change.entity_id, after, 0)
        case Op.UPDATE:
            if current is None:
                return
            after = _as_stored(change.kind, {**current.fields, **change.fields})
            records[key] = Record(current.kind, current.id, after, current.version)
        case Op.DELETE:
            if current is None:
                return
            after = {}
            del records[key]
    if change.kind is Kind.AGENT and after and not after.get("agent") and not after.get("monitor"):
        # Someone with neither role is no longer one of the organisation's agents or monitors.
        del records[key]
        after = {}
    mirror(records, change.kind, change.entity_id, before, after)
    if not after:
        _forget(records, change.kind, change.entity_id)


def _as_stored(kind: Kind, fields: dict[str, JsonValue]) -> dict[str, JsonValue]:
    """The fields as the store keeps them: lists of ids with no order of their own sorted by
    id; an agent without the agent role in no department (Rocket.Chat takes them out of every
    one)."""
    for spec in schema_of(kind).fields:
        value = fields.get(spec.name)
        if spec.type is FieldType.REF_LIST and not spec.ordered and isinstance(value, list):
            fields[spec.name] = sorted(value, key=str)
    if kind is Kind.AGENT and "agent" in fields and not fields["agent"]:
        fields["department_ids"] = []
    return fields


def mirror(records: Records, kind: Kind, entity_id: str, before: Mapping[str, JsonValue],
           after: Mapping[str, JsonValue], *, leave: frozenset[RecordKey] = frozenset()) -> None:
    """Show on the other side of each relation what changed from `before` to `after` on the
    record (`kind`, `entity_id`); records in `leave` stay as they are."""
    if kind is Kind.AGENT and before.get("monitor") and not after.get("monitor"):
        _drop_from(records, Kind.UNIT, "monitor_ids", entity_id, leave)
    for relation in _RELATIONS:
        if kind is relation.one:
            old, new = _refs(before.get(relation.one_field)), _refs(after.get(relation.one_field))
            for other in new - old:
                _add(records, (relation.many, other), relation.many_field, entity_id, leave)
            for other in old - new:
                _remove(records, (relation.many, other), relation.many_field, entity_id, leave)
        elif kind is relation.many:
            old, new = _refs(before.get(relation.many_field)), _refs(after.get(relation.many_field))
            for other in new - old:
                other_key = (relation.one, other)
                if relation.single:
                    holder = records.get(other_key)
                    previous = holder.fields.get(relation.one_field) if holder is not None else None
                    if isinstance(previous, str) and previous != entity_id:
                        _remove(records, (relation.many, previous), relation.many_field, other, leave)
                    _set(records, other_key, relation.one_field, entity_id, leave)
                else:
                    _add(records, other_key, relation.one_field, entity_id, leave)
            for other in old - new:
                other_key = (relation.one, other)
                if relation.single:
                    holder = records.get(other_key)
                    if holder is not None and holder.fields.get(relation.one_field) == entity_id:
                        _set(records, other_key, relation.one_field, None, leave)
                else:
                    _remove(records, other_key, relation.one_field, entity_id, leave)


def _forget(records: Records, kind: Kind, entity_id: str) -> None:
    """What referred to a deleted record: lists drop it, single refs become empty; a canned
    response of a deleted department goes with it (the store cascades)."""
    for key, record in list(records.items()):
        changed = dict(record.fields)
        for spec in schema_of(record.kind).fields:
            if spec.ref is not kind:
                continue
            value = changed.get(spec.name)
            if spec.type is FieldType.REF_LIST and isinstance(value, list) and entity_id in value:
                changed[spec.name] = [item for item in value if item != entity_id]
            elif spec.type is FieldType.REF and value == entity_id:
                if record.kind is Kind.CANNED_RESPONSE:
                    del records[key]
                    break
                changed[spec.name] = None
        else:
            if changed != record.fields:
                records[key] = Record(record.kind, record.id, changed, record.version)


def _refs(value: JsonValue | None) -> set[str]:
    if isinstance(value, str):
        return {value}
    if isinstance(value, list):
        return {item for item in value if isinstance(item, str)}
    return set()


def _set(records: Records, key: RecordKey, field: str, value: JsonValue,
         leave: frozenset[RecordKey]) -> None:
    record = records.get(key)
    if record is None or key in leave or record.fields.get(field) == value:
        return
    records[key] = Record(record.kind, record.id, {**record.fields, field: value}, record.version)


def _add(records: Records, key: RecordKey, field: str, item: str, leave: frozenset[RecordKey]) -> None:
    record = records.get(key)
    if record is None or key in leave:
        return
    listed = _list(record.fields.get(field))
    if item not in listed:
        joined = [*listed, item]
        # An ordered list (a department's agents) lists who joins last, as the store does; the
        # store reads the others sorted by id.
        if not schema_of(record.kind).spec(field).ordered:
            joined = sorted(joined, key=str)
        _set(records, key, field, joined, leave)


def _remove(records: Records, key: RecordKey, field: str, item: str,
            leave: frozenset[RecordKey]) -> None:
    record = records.get(key)
    if record is None or key in leave:
        return
    listed = _list(record.fields.get(field))
    if item in listed:
        _set(records, key, field, [entry for entry in listed if entry != item], leave)


def _drop_from(records: Records, kind: Kind, field: str, item: str, leave: frozenset[RecordKey]) -> None:
    for key in [key for key in records if key[0] is kind]:
        _remove(records, key, field, item, leave)


def _list(value: JsonValue | None) -> list[JsonValue]:
    return list(value) if isinstance(value, list) else []
