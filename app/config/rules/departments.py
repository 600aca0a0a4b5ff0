"""Department rules: a fallback chain that ends, someone to serve an enabled department, and
transfer targets other than the department itself."""

from __future__ import annotations

from collections.abc import Iterator

from app.config.records import Kind
from app.config.rules.problem import Configuration, Problem, describe, ids_in, name_of


def department_problems(config: Configuration) -> Iterator[Problem]:
    yield from _fallback_loops(config)
    for department in config.of(Kind.DEPARTMENT).values():
        fields = department.fields
        if fields.get("enabled") is True and not ids_in(fields.get("agent_ids")):
            yield Problem(Kind.DEPARTMENT, department.id, "agent_ids",
                          f"{name_of(department)} has no agent: add one or disable it.")
        if department.id in ids_in(fields.get("transfer_department_ids")):
            yield Problem(Kind.DEPARTMENT, department.id, "transfer_department_ids",
                          f"{describe(department)} may transfer to itself; remove "
                          f"{name_of(department)} from its transfer targets.")


def _fallback_loops(config: Configuration) -> Iterator[Problem]:
    """Each loop once, in one message on every department in it (a department that only leads
    into a loop is not part of it: clearing one link of the loop mends its chain too)."""
    departments = config.of(Kind.DEPARTMENT)

    def fallback_of(department_id: str) -> str | None:
        target = departments[department_id].fields.get("fallback_department_id")
        return target if isinstance(target, str) and target in departments else None

    settled: set[str] = set()  # walked already: in a loop reported, or leading to an end
    for start in departments:
        path: list[str] = []
        on_path: dict[str, int] = {}
        current: str | None = start
        while current is not None and current not in settled and current not in on_path:
            on_path[current] = len(path)
            path.append(current)
            current = fallback_of(current)
        if current is not None and current in on_path:
            loop = path[on_path[current]:]
            chain = " -> ".join(name_of(departments[step]) for step in [*loop, loop[0]])
            message = (f"The fallback departments go round in a loop ({chain}); choose another "
                       f"fallback for one of them, or none.")
            for member in loop:
                yield Problem(Kind.DEPARTMENT, member, "fallback_department_id", message)
        settled.update(path)
