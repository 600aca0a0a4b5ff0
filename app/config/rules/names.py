"""Names people pick records by are unique: department, unit, business hours, SLA and tag names,
agents' usernames, and canned-response shortcuts where an agent could type them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from app.config.records import Kind, Record
from app.config.rules.problem import Configuration, Problem, describe, name_of
from app.domain.canned import SHORTCUT

_NAMED_KINDS = (Kind.DEPARTMENT, Kind.UNIT, Kind.BUSINESS_HOURS, Kind.SLA, Kind.TAG)


def name_problems(config: Configuration) -> Iterator[Problem]:
    for kind in _NAMED_KINDS:
        for record, first in _repeats(config.of(kind).values(), "name"):
            yield Problem(kind, record.id, "name",
                          f"{describe(record)}: Another {_noun(kind)} is already called "
                          f"'{name_of(first)}'; choose another name.")
    for record, first in _repeats(config.of(Kind.AGENT).values(), "username"):
        yield Problem(Kind.AGENT, record.id, "username",
                      f"Agent '{name_of(record)}': The username '{record.fields['username']}' "
                      f"is already {name_of(first)}'s; choose another.")
    yield from _shortcut_problems(config)


def _shortcut_problems(config: Configuration) -> Iterator[Problem]:
    # Everyone's responses form one scope, each department's shared ones another: an agent in
    # Billing types !refund and must get one text, whatever Sales calls its own.
    scopes: dict[object, list[Record]] = {}
    for record in config.of(Kind.CANNED_RESPONSE).values():
        shortcut = record.fields.get("shortcut")
        if isinstance(shortcut, str) and shortcut.strip() and not SHORTCUT.fullmatch(shortcut):
            yield Problem(Kind.CANNED_RESPONSE, record.id, "shortcut",
                          f"The shortcut '{shortcut}' can hold only letters, digits, - and _ "
                          f"(at most 40, no spaces); change it.")
        scopes.setdefault(record.fields.get("department_id"), []).append(record)
    for scope, responses in scopes.items():
        department = config.get(Kind.DEPARTMENT, scope)
        where = f"in {name_of(department)}" if department is not None else "among everyone's"
        for record, _first in _repeats(responses, "shortcut"):
            yield Problem(Kind.CANNED_RESPONSE, record.id, "shortcut",
                          f"The shortcut '{record.fields['shortcut']}' is used twice {where}; "
                          f"change one of them.")


def _repeats(records: Iterable[Record], field: str) -> Iterator[tuple[Record, Record]]:
    """Each record whose `field` another record before it already has (case and surrounding
    spaces aside: "Billing" and "billing " read the same in a list), with that first record."""
    first_with: dict[str, Record] = {}
    for record in records:
        value = record.fields.get(field)
        if not isinstance(value, str) or not value.strip():
            continue  # empty: the field rules report it
        key = value.strip().casefold()
        if key in first_with:
            yield record, first_with[key]
        else:
            first_with[key] = record


def _noun(kind: Kind) -> str:
    return {Kind.BUSINESS_HOURS: "set of business hours", Kind.SLA: "SLA policy"}.get(
        kind, kind.label.lower())
