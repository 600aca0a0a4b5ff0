"""Relations stored on both sides agree.

A department's unit, agents and business hours are each also listed by the other side (a unit's
departments, an agent's departments, business hours' departments): two views of one relation,
so an edit that changed one side only is broken. A department is in at most one unit and one set
of business hours, since it names only one.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from app.config.records import Kind, Record
from app.config.rules.problem import Configuration, Problem, describe, ids_in, name_of
from app.config.schema import schema_of


@dataclass(frozen=True, slots=True)
class _Relation:
    other: Kind
    # The department's field naming the other side (one id, or a list of ids when `many`).
    department_field: str
    many: bool
    # The other side's field listing departments.
    other_field: str = "department_ids"


_RELATIONS = (
    _Relation(Kind.UNIT, "unit_id", many=False),
    _Relation(Kind.BUSINESS_HOURS, "business_hours_id", many=False),
    _Relation(Kind.AGENT, "agent_ids", many=True),
)


def link_problems(config: Configuration) -> Iterator[Problem]:
    for relation in _RELATIONS:
        yield from _relation_problems(config, relation)


def _relation_problems(config: Configuration, relation: _Relation) -> Iterator[Problem]:
    departments = config.of(Kind.DEPARTMENT)
    # Who lists each department, from the other side (only records that exist: a dangling id is
    # the field rules' to report).
    listed_by: dict[str, list[Record]] = {}
    for other in config.of(relation.other).values():
        for department_id in dict.fromkeys(ids_in(other.fields.get(relation.other_field))):
            if department_id in departments:
                listed_by.setdefault(department_id, []).append(other)
    for department in departments.values():
        listers = listed_by.get(department.id, [])
        if not relation.many and len(listers) > 1:
            yield from _in_two(department, listers, relation)
            continue
        named = _named_by(department, relation, config)
        named_ids, lister_ids = {other.id for other in named}, {other.id for other in listers}
        for other in named:
            if other.id not in lister_ids:
                yield from _disagree(department, other, relation, department_says=True)
        for other in listers:
            if other.id not in named_ids:
                yield from _disagree(department, other, relation, department_says=False)


def _named_by(department: Record, relation: _Relation, config: Configuration) -> list[Record]:
    value = department.fields.get(relation.department_field)
    ids = ids_in(value) if relation.many else [value] if isinstance(value, str) else []
    found = (config.get(relation.other, entity_id) for entity_id in dict.fromkeys(ids))
    return [other for other in found if other is not None]


def _in_two(department: Record, listers: list[Record], relation: _Relation) -> Iterator[Problem]:
    names = " and ".join(name_of(other) for other in listers)
    noun = "units" if relation.other is Kind.UNIT else "sets of business hours"
    message = (f"{describe(department)} is listed by {len(listers)} {noun} ({names}); a department "
               f"can be in only one: remove it from all but one.")
    yield Problem(Kind.DEPARTMENT, department.id, relation.department_field, message)
    for other in listers:
        yield Problem(relation.other, other.id, relation.other_field, message)


def _disagree(department: Record, other: Record, relation: _Relation, *,
              department_says: bool) -> Iterator[Problem]:
    """One message, reported on both records so either one's editor shows it."""
    dept, them = name_of(department), name_of(other)
    their_kind = relation.other.label.lower()
    if department_says:
        fact = f"{describe(department)} has {their_kind} '{them}' but {them} does not list {dept}"
    else:
        fact = f"{describe(other)} lists department '{dept}' but {dept} does not have {them}"
    field = schema_of(Kind.DEPARTMENT).spec(relation.department_field).label.lower()
    message = (f"{fact}; one side was changed without the other: open department {dept} and save "
               f"its {field} again so both agree.")
    yield Problem(Kind.DEPARTMENT, department.id, relation.department_field, message)
    yield Problem(relation.other, other.id, relation.other_field, message)
