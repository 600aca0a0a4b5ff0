"""The rules of an organisation's configuration, one module per family.

Each rule module reads the whole `Configuration` and yields `Problem`s; `app.config.validate`
is the entry editors and backends call.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from app.config.records import Record
from app.config.rules.departments import department_problems
from app.config.rules.fields import field_problems
from app.config.rules.links import link_problems
from app.config.rules.names import name_problems
from app.config.rules.problem import Configuration, Problem
from app.config.rules.settings import settings_problems

_RULES: tuple[Callable[[Configuration], Iterator[Problem]], ...] = (
    field_problems,
    name_problems,
    link_problems,
    department_problems,
    settings_problems,
)


def all_problems(records: Iterable[Record]) -> list[Problem]:
    config = Configuration(records)
    return [problem for rule in _RULES for problem in rule(config)]


__all__ = ["Configuration", "Problem", "all_problems"]
