"""Canned responses: text an agent inserts by typing `!shortcut`."""

from __future__ import annotations

import re
from dataclasses import dataclass

SHORTCUT = re.compile(r"^[A-Za-z0-9_-]{1,40}$")


@dataclass(frozen=True, slots=True)
class CannedResponse:
    id: str
    shortcut: str
    text: str
    # Exactly one is set: a department's shared response, or one agent's own.
    department_id: str | None
    owner_id: str | None

    @property
    def personal(self) -> bool:
        return self.owner_id is not None
