"""How configuration values and pending changes read to an admin. Display only, no rules."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from app.config import Change, FieldSpec, FieldType, JsonValue, Kind, Op, schema_of
from ui.admin import sync_api
from ui.format import one_line
from ui.i18n import QT_TRANSLATE_NOOP, translate
from ui.i18n.labels import field_label, kind_label

WEEKDAYS = (QT_TRANSLATE_NOOP("admin.describe", "Monday"),
            QT_TRANSLATE_NOOP("admin.describe", "Tuesday"),
            QT_TRANSLATE_NOOP("admin.describe", "Wednesday"),
            QT_TRANSLATE_NOOP("admin.describe", "Thursday"),
            QT_TRANSLATE_NOOP("admin.describe", "Friday"),
            QT_TRANSLATE_NOOP("admin.describe", "Saturday"),
            QT_TRANSLATE_NOOP("admin.describe", "Sunday"))

# The name of a record of a kind, by id (the id itself when unknown).
NameOf = Callable[[Kind, str], str]

STATE_LABELS = {
    sync_api.DRAFT: QT_TRANSLATE_NOOP("admin.describe", "draft"),
    sync_api.QUEUED: QT_TRANSLATE_NOOP("admin.describe", "waiting"),
    sync_api.CONFLICT: QT_TRANSLATE_NOOP("admin.describe", "conflict"),
    sync_api.REJECTED: QT_TRANSLATE_NOOP("admin.describe", "rejected"),
}


# The choices of app/config's schema, as an admin reads them.
_CHOICES = {
    "manual_selection": QT_TRANSLATE_NOOP("admin.describe", "Manual selection"),
    "auto_selection": QT_TRANSLATE_NOOP("admin.describe", "Auto selection"),
    "load_balancing": QT_TRANSLATE_NOOP("admin.describe", "Load balancing"),
    "load_rotation": QT_TRANSLATE_NOOP("admin.describe", "Load rotation"),
    "balanced": QT_TRANSLATE_NOOP("admin.describe", "Balanced"),
    "skills": QT_TRANSLATE_NOOP("admin.describe", "Skills"),
    "timestamp": QT_TRANSLATE_NOOP("admin.describe", "Timestamp"),
    "priority": QT_TRANSLATE_NOOP("admin.describe", "Priority"),
    "sla": QT_TRANSLATE_NOOP("admin.describe", "SLA"),
    "none": QT_TRANSLATE_NOOP("admin.describe", "None"),
    "close": QT_TRANSLATE_NOOP("admin.describe", "Close"),
    "on-hold": QT_TRANSLATE_NOOP("admin.describe", "On hold"),
    "keep": QT_TRANSLATE_NOOP("admin.describe", "Keep"),
    "drop": QT_TRANSLATE_NOOP("admin.describe", "Drop"),
}


def choice_label(value: str) -> str:
    """'load_balancing' -> 'Load balancing' (in the user's language when the choice is known)."""
    if value in _CHOICES:
        return translate("admin.describe", _CHOICES[value])
    words = value.replace("_", " ").replace("-", " ")
    return words[:1].upper() + words[1:]


def minutes(value: int) -> str:
    hours, rest = divmod(value, 60)
    return translate("admin.describe", "{hours:02d}:{rest:02d}").format(hours=hours, rest=rest)


def value_text(spec: FieldSpec, value: JsonValue, name_of: NameOf) -> str:
    """A field's value in a sentence: names for references, labels for choices."""
    none = translate("admin.describe", "none")
    if value is None:
        return none if spec.type is FieldType.REF else translate(
                "admin.describe", "no limit") if spec.type is FieldType.INT else "—"
    match spec.type:
        case FieldType.BOOL:
            return translate("admin.describe", "yes") if value else translate("admin.describe", "no")
        case FieldType.CHOICE:
            return choice_label(str(value))
        case FieldType.REF:
            assert spec.ref is not None
            return name_of(spec.ref, str(value))
        case FieldType.REF_LIST if isinstance(value, list):
            assert spec.ref is not None
            ref = spec.ref
            return ", ".join(name_of(ref, str(item)) for item in value) or none
        case FieldType.TEXT_LIST if isinstance(value, list):
            return ", ".join(str(item) for item in value) or none
        case FieldType.INTERVALS if isinstance(value, list):
            return "; ".join(_interval(item) for item in value) or translate("admin.describe", "never")
        case FieldType.SKILLS if isinstance(value, dict):
            return ", ".join(f"{skill} {level}" for skill, level in value.items()) or none
        case _:
            return one_line(str(value), 60)


def _interval(item: JsonValue) -> str:
    if not isinstance(item, dict):
        return str(item)
    day = item.get("weekday")
    start, end = item.get("start_minute"), item.get("end_minute")
    day_name = translate(
            "admin.describe", WEEKDAYS[day])[:3] if isinstance(day, int) and 0 <= day < 7 else "?"
    if isinstance(start, int) and isinstance(end, int):
        return translate("admin.describe", "{day_name} {minutes}–{minutes2}").format(
                day_name=day_name, minutes=minutes(start), minutes2=minutes(end))
    return day_name


def record_title(kind: Kind, name: str) -> str:
    """"Department 'Billing'"; a kind with one record is called by its kind ("Routing settings")."""
    if schema_of(kind).singleton:
        return translate("admin.describe", _SINGLETON_TITLES[kind]) if kind in _SINGLETON_TITLES \
            else kind_label(kind)
    return translate("admin.describe", "{kind} '{name}'").format(kind=kind_label(kind), name=name)



_SINGLETON_TITLES = {Kind.ROUTING: QT_TRANSLATE_NOOP("admin.describe", "Routing settings"),
                     Kind.WEBSITE: QT_TRANSLATE_NOOP("admin.describe", "Website chat settings"),
                     Kind.FILE_UPLOAD: QT_TRANSLATE_NOOP("admin.describe", "File upload settings")}


def describe_change(change: Change, name_of: NameOf) -> str:
    """"Department 'Billing': chats per agent 4 -> 6" (a create or delete says so)."""
    title = record_title(change.kind, name_of(change.kind, change.entity_id))
    if change.op is Op.CREATE:
        return translate("admin.describe", "New {title}").format(title=title)
    if change.op is Op.DELETE:
        return translate("admin.describe", "Delete {title}").format(title=title)
    return translate("admin.describe", "{title}: ").format(
            title=title) + "; ".join(field_change(change.kind, name, change.base.get(name), value, name_of)
                                    for name, value in change.fields.items())


def field_change(kind: Kind, field: str, before: JsonValue, after: JsonValue, name_of: NameOf) -> str:
    spec = schema_of(kind).spec(field)
    return translate("admin.describe", "{field} {before} -> {after}").format(
        field=field_label(spec).lower(), before=value_text(spec, before, name_of),
        after=value_text(spec, after, name_of))


def describe_fields(kind: Kind, fields: Mapping[str, JsonValue], name_of: NameOf) -> str:
    """'name: Billing; enabled: yes' for an audit's before or after."""
    known = {spec.name: spec for spec in schema_of(kind).fields}
    return "; ".join(f"{field_label(known[name]).lower()}: {value_text(known[name], value, name_of)}"
                     for name, value in fields.items() if name in known)


KIND_HEADINGS = {
    Kind.DEPARTMENT: QT_TRANSLATE_NOOP("admin.describe", "Departments"),
    Kind.UNIT: QT_TRANSLATE_NOOP("admin.describe", "Units"),
    Kind.AGENT: QT_TRANSLATE_NOOP("admin.describe", "Agents"),
    Kind.BUSINESS_HOURS: QT_TRANSLATE_NOOP("admin.describe", "Business hours"),
    Kind.ROUTING: QT_TRANSLATE_NOOP("admin.describe", "Routing"),
    Kind.PRIORITY: QT_TRANSLATE_NOOP("admin.describe", "Priorities"),
    Kind.SLA: QT_TRANSLATE_NOOP("admin.describe", "SLA policies"),
    Kind.TAG: QT_TRANSLATE_NOOP("admin.describe", "Tags"),
    Kind.CANNED_RESPONSE: QT_TRANSLATE_NOOP("admin.describe", "Canned responses"),
    Kind.WEBSITE: QT_TRANSLATE_NOOP("admin.describe", "Website chat"),
    Kind.FILE_UPLOAD: QT_TRANSLATE_NOOP("admin.describe", "File uploads"),
}
