"""Canned responses in a picker: shortcut, where it comes from, and the start of its text."""

from __future__ import annotations

from app.domain import CannedResponse
from ui.format import one_line
from ui.models.base import RowsModel


class CannedModel(RowsModel[CannedResponse]):
    def __init__(self, department_names: dict[str, str]) -> None:
        super().__init__(key=lambda response: response.id)
        self._names = department_names

    def display(self, value: CannedResponse, column: int) -> str:
        origin = (self.tr("mine") if value.personal
                  else self._names.get(value.department_id or "", self.tr("shared")))
        return f"!{value.shortcut}  ({origin})  —  {one_line(value.text, 90)}"

    def tooltip(self, value: CannedResponse, column: int) -> str | None:
        return one_line(value.text, 600)
