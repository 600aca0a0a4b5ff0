"""How configuration values and pending changes read to an admin. Display only, no rules."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from app.config import Change, FieldSpec, FieldType, JsonValue, Kind, Op, schema_of
from ui.admin import sync_api
from ui.format import one_line

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# The name of a record of a kind, by id (the id itself when unknown).
NameOf = Callable[[Kind, str], str]

STATE_LABELS = {
    sync_api.DRAFT: "draft",
    sync_api.QUEUED: "waiting",
    sync_api.CONFLICT: "conflict",
    sync_api.REJECTED: "rejected",
}


def choice_label(value: str) -> str:
    """'load_balancing' -> 'Load balancing'."""
    words = value.replace("_", " ").replace("-", " ")
    return words[:1].upper() + words[1:]


def minutes(value: int) -> str:
    hours, rest = divmod(value, 60)
    return f"{hours:02d}:{rest:02d}"


def value_text(spec: FieldSpec, value: JsonValue, name_of: NameOf) -> str:
    """A field's value in a sentence: names for references, labels for choices."""
    if value is None:
        return "none" if spec.type is FieldType.REF else "no limit" if spec.type is FieldType.INT else "—"
    match spec.type:
        case FieldType.BOOL:
            return "yes" if value else "no"
        case FieldType.CHOICE:
            return choice_label(str(value))
        case FieldType.REF:
            assert spec.ref is not None
            return name_of(spec.ref, str(value))
        case FieldType.REF_LIST if isinstance(value, list):
            assert spec.ref is not None
            ref = spec.ref
            return ", ".join(name_of(ref, str(item)) for item in value) or "none"
        case FieldType.TEXT_LIST if isinstance(value, list):
            return ", ".join(str(item) for item in value) or "none"
        case FieldType.INTERVALS if isinstance(value, list):
            return "; ".join(_interval(item) for item in value) or "never"
        case FieldType.SKILLS if isinstance(value, dict):
            return ", ".join(f"{skill} {level}" for skill, level in value.items()) or "none"
        case _:
            return one_line(str(value), 60)


def _interval(item: JsonValue) -> str:
    if not isinstance(item, dict):
        return str(item)
    day = item.get("weekday")
    start, end = item.get("start_minute"), item.get("end_minute")
    day_name = WEEKDAYS[day][:3] if isinstance(day, int) and 0 <= day < 7 else "?"
    if isinstance(start, int) and isinstance(end, int):
        return f"{day_name} {minutes(start)}–{minutes(end)}"
    return day_name


def record_title(kind: Kind, name: str) -> str:
    """"Department 'Billing'"; a kind with one record is called by its kind ("Routing settings")."""
    if schema_of(kind).singleton:
        return _SINGLETON_TITLES.get(kind, kind.label)
    return f"{kind.label} '{name}'"


_SINGLETON_TITLES = {Kind.ROUTING: "Routing settings", Kind.WEBSITE: "Website chat settings",
                     Kind.FILE_UPLOAD: "File upload settings"}


def describe_change(change: Change, name_of: NameOf) -> str:
    """"Department 'Billing': chats per agent 4 -> 6" (a create or delete says so)."""
    title = record_title(change.kind, name_of(change.kind, change.entity_id))
    if change.op is Op.CREATE:
        return f"New {title}"
    if change.op is Op.DELETE:
        return f"Delete {title}"
    return f"{title}: " + "; ".join(field_change(change.kind, name, change.base.get(name), value, name_of)
                                    for name, value in change.fields.items())


def field_change(kind: Kind, field: str, before: JsonValue, after: JsonValue, name_of: NameOf) -> str:
    spec = schema_of(kind).spec(field)
    return (f"{spec.label.lower()} {value_text(spec, before, name_of)} -> "
            f"{value_text(spec, after, name_of)}")


def describe_fields(kind: Kind, fields: Mapping[str, JsonValue], name_of: NameOf) -> str:
    """'name: Billing; enabled: yes' for an audit's before or after."""
    known = {spec.name: spec for spec in schema_of(kind).fields}
    return "; ".join(f"{known[name].label.lower()}: {value_text(known[name], value, name_of)}"
                     for name, value in fields.items() if name in known)


KIND_HEADINGS = {
    Kind.DEPARTMENT: "Departments",
    Kind.UNIT: "Units",
    Kind.AGENT: "Agents",
    Kind.BUSINESS_HOURS: "Business hours",
    Kind.ROUTING: "Routing",
    Kind.PRIORITY: "Priorities",
    Kind.SLA: "SLA policies",
    Kind.TAG: "Tags",
    Kind.CANNED_RESPONSE: "Canned responses",
    Kind.WEBSITE: "Website chat",
    Kind.FILE_UPLOAD: "File uploads",
}
