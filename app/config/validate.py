"""The rules an organisation's configuration keeps, checked on the whole of it after an edit.

Each problem names the record and the field, in words an admin can act on. Editors check
before recording an edit; backends check again where the change applies. The rules themselves
live in `app.config.rules`, one module per family.
"""

from __future__ import annotations

from collections.abc import Iterable

from app.config.records import Kind, Record
from app.config.rules import Problem, all_problems
from app.errors import InvalidInput

# An admin reads the first few; the rest show once those are fixed.
_MESSAGES_SHOWN = 5


def problems(records: Iterable[Record]) -> list[Problem]:
    """Everything wrong with a configuration made of `records` (all kinds together)."""
    return all_problems(records)


def problems_for(records: Iterable[Record], kind: Kind, entity_id: str) -> list[Problem]:
    """The problems of the whole configuration that are about one record (its editor shows them
    beside the fields they name)."""
    return [problem for problem in all_problems(records)
            if problem.kind is kind and problem.entity_id == entity_id]


def require_valid(records: Iterable[Record], *, about: Record | None = None) -> None:
    """Raise InvalidInput listing the problems (those of `about` first, when given)."""
    found = problems(records)
    if not found:
        return
    if about is not None:
        found.sort(key=lambda p: (p.kind, p.entity_id) != (about.kind, about.id))
    # A problem between two records is reported on each: say it once.
    messages = list(dict.fromkeys(problem.message for problem in found))
    shown = messages[:_MESSAGES_SHOWN]
    if len(messages) > len(shown):
        more = len(messages) - len(shown)
        shown.append(f"There {'is' if more == 1 else 'are'} {more} more problem{'s' * (more > 1)} "
                     f"to fix after these.")
    raise InvalidInput(" ".join(shown), code="invalid-configuration")


__all__ = ["Problem", "problems", "problems_for", "require_valid"]
