"""Field rules: each field holds what its `FieldType` promises, and references point at records
that exist (and, for people, hold the role the field asks for)."""

from __future__ import annotations

import re
import unicodedata
import zoneinfo
from collections.abc import Iterator
from functools import lru_cache

from app.config.records import JsonValue, Kind, Record
from app.config.rules.problem import Configuration, Problem, describe, ids_in, name_of
from app.config.schema import FieldSpec, FieldType, schema_of

# Names and titles show in lists and title bars; longer text is a paste gone wrong.
MAX_TEXT = 200
# Canned responses and offline messages are a few paragraphs at most.
MAX_MULTILINE = 10_000
# Fields an admin picks a record by (blank ones leave nothing to pick), and a canned response's
# text (a blank one inserts nothing).
_NON_BLANK_FIELDS = frozenset({"name", "shortcut", "username", "text"})
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
_MINUTES_PER_DAY = 24 * 60
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
SKILL_LEVELS = range(1, 6)

# How a message speaks of a record a field refers to.
_A_RECORD_OF = {
    Kind.DEPARTMENT: "a department",
    Kind.UNIT: "a unit",
    Kind.AGENT: "a person",
    Kind.BUSINESS_HOURS: "a set of business hours",
    Kind.SLA: "an SLA policy",
}


def field_problems(config: Configuration) -> Iterator[Problem]:
    for kind in Kind:
        for record in config.of(kind).values():
            for spec in schema_of(kind).fields:
                for message in _check(record, spec, config):
                    yield Problem(kind, record.id, spec.name, f"{describe(record)}: {message}")


def _check(record: Record, spec: FieldSpec, config: Configuration) -> Iterator[str]:
    value = record.fields.get(spec.name)
    if value is None:
        if not spec.optional:
            yield f"{spec.label} is required."
        return
    match spec.type:
        case FieldType.TEXT | FieldType.MULTILINE:
            yield from _text(spec, value)
        case FieldType.INT:
            yield from _whole_number(spec, value)
        case FieldType.BOOL:
            if not isinstance(value, bool):
                yield f"{spec.label} must be on or off."
        case FieldType.CHOICE:
            if value not in spec.choices:
                yield f"{spec.label} must be one of {', '.join(spec.choices)}; '{value}' is not."
        case FieldType.REF:
            yield from _reference(spec, value, config)
        case FieldType.REF_LIST:
            yield from _references(spec, value, config)
        case FieldType.TEXT_LIST:
            if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
                yield f"{spec.label} must be a list of texts."
        case FieldType.COLOR:
            if not isinstance(value, str) or not _COLOR.fullmatch(value):
                yield f"{spec.label} must be written like #1f6feb; '{value}' is not."
        case FieldType.TIMEZONE:
            if not isinstance(value, str) or not is_timezone(value):
                yield f"'{value}' is not a timezone; choose one such as Europe/Berlin."
        case FieldType.INTERVALS:
            yield from _intervals(spec, value)
        case FieldType.SKILLS:
            yield from _skills(spec, value)


def _text(spec: FieldSpec, value: JsonValue) -> Iterator[str]:
    if not isinstance(value, str):
        yield f"{spec.label} must be text."
        return
    if spec.name in _NON_BLANK_FIELDS and not value.strip():
        yield f"{spec.label} cannot be empty."
    longest = MAX_MULTILINE if spec.type is FieldType.MULTILINE else MAX_TEXT
    if len(value) > longest:
        yield f"{spec.label} is {len(value):,} characters long; shorten it to {longest:,} or fewer."
    # Names are shown in lists, titles and messages: invisible control characters (a NUL, an
    # escape) would hide in them. Multiline text keeps its line breaks and tabs.
    allowed = "\n\r\t" if spec.type is FieldType.MULTILINE else ""
    if any(unicodedata.category(char) == "Cc" and char not in allowed for char in value):
        yield f"{spec.label} holds an invisible control character; remove it."


def _whole_number(spec: FieldSpec, value: JsonValue) -> Iterator[str]:
    # bool is an int to Python, never to an admin.
    if not isinstance(value, int) or isinstance(value, bool):
        yield f"{spec.label} must be a whole number."
    elif spec.minimum is not None and value < spec.minimum:
        below = "zero" if spec.minimum == 0 else str(spec.minimum)
        empty = ", or leave it empty" if spec.optional else ""
        yield f"{spec.label} cannot be below {below}; enter {spec.minimum} or more{empty}."


def _reference(spec: FieldSpec, value: JsonValue, config: Configuration) -> Iterator[str]:
    assert spec.ref is not None, f"{spec.name} is a reference without a kind"
    target = config.get(spec.ref, value)
    if target is None:
        clear = " or clear it" if spec.optional else ""
        yield f"{spec.label} refers to {_A_RECORD_OF[spec.ref]} that does not exist; choose another{clear}."
    else:
        yield from _role(spec, target)


def _references(spec: FieldSpec, value: JsonValue, config: Configuration) -> Iterator[str]:
    assert spec.ref is not None, f"{spec.name} is a reference list without a kind"
    if not isinstance(value, list) or len(ids_in(value)) != len(value):
        yield f"{spec.label} holds something other than a list of records; choose them again."
        return
    seen: set[str] = set()
    for entity_id in ids_in(value):
        target = config.get(spec.ref, entity_id)
        if target is None:
            yield f"{spec.label} lists {_A_RECORD_OF[spec.ref]} that does not exist; remove it."
            continue
        if entity_id in seen:
            yield f"{spec.label} lists {name_of(target)} twice; remove one."
            continue
        seen.add(entity_id)
        yield from _role(spec, target)


def _role(spec: FieldSpec, person: Record) -> Iterator[str]:
    if spec.ref_role is not None and person.fields.get(spec.ref_role) is not True:
        role = spec.ref_role
        yield (f"{name_of(person)} is not {_article(role)} {role} but is listed in {spec.label}; "
               f"give them the {role} role or remove them.")


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


@lru_cache(maxsize=512)
def is_timezone(name: str) -> bool:
    """Whether `name` is an IANA timezone. The zone's data is read the first time it is asked
    about, never all zones at once (`available_timezones()` reads every file)."""
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False  # ValueError: not a zone key at all ("", "../x", an absolute path)
    return True


def clock(minute: int) -> str:
    """Minutes since midnight as "09:30" ("24:00" for the end of the day)."""
    sign = "-" if minute < 0 else ""
    hours, minutes = divmod(abs(minute), 60)
    return f"{sign}{hours:02d}:{minutes:02d}"


def _intervals(spec: FieldSpec, value: JsonValue) -> Iterator[str]:
    if not isinstance(value, list):
        yield f"{spec.label} must be a list of opening times."
        return
    by_day: dict[int, list[tuple[int, int]]] = {}
    for interval in value:
        parts = _interval_parts(interval)
        if parts is None:
            yield "An opening time is not a weekday with a start and an end; remove it."
            continue
        weekday, start, end = parts
        if weekday not in range(7):
            yield f"An opening time is on weekday {weekday}; weekdays go from 0 (Monday) to 6 (Sunday)."
            continue
        if not 0 <= start < end <= _MINUTES_PER_DAY:
            yield (f"{WEEKDAYS[weekday]} {clock(start)}-{clock(end)} must start before it ends, "
                   f"within 00:00-24:00; correct it.")
            continue
        by_day.setdefault(weekday, []).append((start, end))
    for weekday in sorted(by_day):
        spans = sorted(by_day[weekday])
        # Compared with the span reaching furthest so far, not just the previous one: 09:00-17:00
        # overlaps 12:00-13:00 even with 10:00-11:00 between them.
        reaching = spans[0]
        for start, end in spans[1:]:
            # Touching (12:00 end, 12:00 start) is one open stretch, not an overlap.
            if start < reaching[1]:
                yield (f"{WEEKDAYS[weekday]} {clock(reaching[0])}-{clock(reaching[1])} overlaps "
                       f"{clock(start)}-{clock(end)}; change one so they do not overlap.")
            if end > reaching[1]:
                reaching = (start, end)


def _interval_parts(interval: JsonValue) -> tuple[int, int, int] | None:
    if not isinstance(interval, dict):
        return None
    parts = (interval.get("weekday"), interval.get("start_minute"), interval.get("end_minute"))
    whole = [part for part in parts if isinstance(part, int) and not isinstance(part, bool)]
    if len(whole) != 3:
        return None
    return whole[0], whole[1], whole[2]


def _skills(spec: FieldSpec, value: JsonValue) -> Iterator[str]:
    if not isinstance(value, dict):
        yield f"{spec.label} must give each skill a level from 1 to 5."
        return
    for skill, level in value.items():
        if not skill.strip():
            yield "A skill has no name; name it or remove it."
        elif not isinstance(level, int) or isinstance(level, bool) or level not in SKILL_LEVELS:
            yield f"Skill '{skill}' is at level {level}; levels go from 1 to 5."
