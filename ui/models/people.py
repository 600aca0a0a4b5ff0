"""People of the organisation, for signing in on the embedded desk."""

from __future__ import annotations

from app.domain import Person, Role
from ui.i18n import QT_TRANSLATE_NOOP
from ui.models.base import RowsModel

_ROLE_NAMES = ((Role.ADMIN, QT_TRANSLATE_NOOP("PeopleModel", "Admin")),
               (Role.MONITOR, QT_TRANSLATE_NOOP("PeopleModel", "Monitor")),
               (Role.AGENT, QT_TRANSLATE_NOOP("PeopleModel", "Agent")))


class PeopleModel(RowsModel[Person]):
    def __init__(self, people: list[Person]) -> None:
        super().__init__(key=lambda person: person.username)
        self.reset(people)

    def display(self, value: Person, column: int) -> str:
        roles = " · ".join(self.tr(name) for role, name in _ROLE_NAMES if role in value.roles)
        return f"{value.name}  —  {roles}"

    def person_at(self, row: int) -> Person:
        return self.value_at(row)

    def row_of_username(self, username: str) -> int | None:
        return self.row_of(username)
