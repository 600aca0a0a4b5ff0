"""The form of one record, generated from its kind's schema, with problems shown as one types.

The form does not record anything itself: it says what the admin changed (`save_requested`),
and the window hands that to the sync. Rules come from `app.config` through `check`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.config import FieldSpec, JsonValue, Kind, schema_of
from app.config.validate import Problem
from ui.accessible import name_parts
from ui.admin.describe import record_title
from ui.admin.editor_factory import build_editor
from ui.admin.fields import FieldEditor, Options
from ui.i18n.labels import field_help, field_label, kind_label
from ui.plain import plain_label

# What the rules say of the record if these fields were saved: (kind, id, changed fields).
Check = Callable[[Kind, str, Mapping[str, JsonValue]], Sequence[Problem]]

# The fields a form shows for a kind, for a new record (True) or one that exists: the backend's
# offer (app.config.offer); the schema's fields by default.
Specs = Callable[[Kind, bool], Sequence[FieldSpec]]

# Quiet time after the last keystroke before the rules are asked again.
CHECK_DELAY_MS = 250

_PROBLEM_STYLE = "color: #c62828;"


class RecordForm(QWidget):
    # The fields that differ from the record as loaded (all of them for a new record).
    save_requested = Signal(dict)

    def __init__(self, options: Options, check: Check, specs: Specs | None = None) -> None:
        super().__init__()
        self._options = options
        self._check = check
        self._specs: Specs = specs or (lambda kind, _creating: schema_of(kind).fields)
        # The fields as built: rebuilt only when the next record needs others.
        self._built: tuple[FieldSpec, ...] = ()
        self.kind: Kind | None = None
        self.entity_id: str | None = None  # None: a record not yet created
        self._loaded: dict[str, JsonValue] = {}
        self.editors: dict[str, FieldEditor] = {}
        self.problem_labels: dict[str, QLabel] = {}
        self._problems: list[Problem] = []

        self.title = plain_label()
        self.title.setObjectName("panelTitle")
        self.record_problem = plain_label(wrap=True)
        self.record_problem.setObjectName("recordProblem")
        self.record_problem.setStyleSheet(_PROBLEM_STYLE)
        self.record_problem.hide()
        self._fields_host = QWidget()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self._fields_host)
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setDefault(True)
        self.save_button.setToolTip(self.tr("Record the change as pending; Publish sends it"))
        self.revert_button = QPushButton(self.tr("Revert"))
        self.revert_button.setToolTip(self.tr("Discard what you changed in this form"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.record_problem)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(CHECK_DELAY_MS)
        self._timer.timeout.connect(self._run_check)
        self.save_button.clicked.connect(self._on_save_clicked)
        self.revert_button.clicked.connect(self.revert)
        self.clear()

    # -- what is shown ---------------------------------------------------------------------

    def clear(self) -> None:
        self.kind, self.entity_id, self._loaded = None, None, {}
        self._rebuild(None)
        self.title.setText(self.tr("Choose a record to edit."))
        self._show_problems([])
        self._update_buttons()

    def load(self, kind: Kind, entity_id: str | None, name: str, fields: Mapping[str, JsonValue]) -> None:
        """Show a record (entity_id None: a new one, `fields` its defaults) as unchanged."""
        if kind is not self.kind or self._built != tuple(self._specs(kind, entity_id is None)):
            self._rebuild(kind, creating=entity_id is None)
        self.kind, self.entity_id, self._loaded = kind, entity_id, dict(fields)
        self.title.setText(self.tr("New: {kind}").format(kind=kind_label(kind))
                           if entity_id is None else record_title(kind, name))
        self._fill(self._loaded)
        self._timer.stop()
        # A new record starts from defaults that may not pass yet (an empty name): say so at once.
        fresh = entity_id is None
        self._show_problems(self._problems_of(self._loaded) if fresh else [])
        self._update_buttons()

    def revert(self) -> None:
        self._fill(self._loaded)
        self._timer.stop()
        self._run_check()

    def show_refusal(self, message: str) -> None:
        """The sync refused the save: its sentence above the fields."""
        self.record_problem.setText(message)
        self.record_problem.show()

    # -- reading ---------------------------------------------------------------------------

    def values(self) -> dict[str, JsonValue]:
        return {name: editor.value() for name, editor in self.editors.items()}

    def changed_fields(self) -> dict[str, JsonValue]:
        if self.entity_id is None:
            return self.values()
        return {name: value for name, value in self.values().items()
                if value != self._loaded.get(name)}

    @property
    def is_dirty(self) -> bool:
        if self.kind is None:
            return False
        # A new record's form shows the fields the backend offers: only those can differ.
        shown = {name: self._loaded.get(name) for name in self.editors}
        return bool(self.changed_fields()) if self.entity_id is not None else self.values() != shown

    @property
    def problems(self) -> list[Problem]:
        return list(self._problems)

    def problem_text(self, field: str) -> str:
        label = self.problem_labels.get(field)
        return label.text() if label is not None and not label.isHidden() else ""

    # -- building --------------------------------------------------------------------------

    def _rebuild(self, kind: Kind | None, *, creating: bool = False) -> None:
        old = self._fields_host.layout()
        if old is not None:
            QWidget().setLayout(old)  # reparent the old layout (and its widgets) to be deleted
        self.editors = {}
        self.problem_labels = {}
        column = QVBoxLayout(self._fields_host)
        form = QFormLayout()
        column.addLayout(form)
        column.addStretch(1)  # rows keep their height; the space left goes below them
        self._built = () if kind is None else tuple(self._specs(kind, creating))
        if kind is None:
            return
        for spec in self._built:
            editor = build_editor(spec, self._options)
            editor.edited.connect(self._on_editor_edited)
            problem = plain_label(wrap=True)
            problem.setObjectName(f"problem_{spec.name}")
            problem.setStyleSheet(_PROBLEM_STYLE)
            problem.hide()
            cell = QWidget()
            parts = QVBoxLayout(cell)
            parts.setContentsMargins(0, 0, 0, 0)
            parts.addWidget(editor)
            parts.addWidget(problem)
            if spec.help:
                hint = plain_label(field_help(spec), wrap=True)
                hint.setObjectName("hint")
                hint.setStyleSheet("color: palette(placeholder-text);")
                parts.addWidget(hint)
            form.addRow(field_label(spec), cell)
            name_parts(editor, field_label(spec), field_help(spec))
            self.editors[spec.name] = editor
            self.problem_labels[spec.name] = problem

    def _fill(self, fields: Mapping[str, JsonValue]) -> None:
        for name, editor in self.editors.items():
            editor.set_value(fields.get(name))

    # -- checking --------------------------------------------------------------------------

    def _on_editor_edited(self) -> None:
        self._timer.start()  # debounced: the rules run once the admin pauses
        self._update_buttons()  # Save waits for them

    def _run_check(self) -> None:
        if self.kind is None:
            return
        changed = self.changed_fields()
        found = self._problems_of(changed) if changed or self.entity_id is None else []
        self._show_problems(found)
        self._update_buttons()

    def _problems_of(self, fields: Mapping[str, JsonValue]) -> list[Problem]:
        """The problems of this record with `fields`, and those the edit causes elsewhere (a
        fallback chain it closes into a loop): a problem another record already had is not this
        form's to block."""
        assert self.kind is not None
        entity_id = self.entity_id or ""
        found = list(self._check(self.kind, entity_id, fields))
        mine = [p for p in found if (p.kind, p.entity_id) == (self.kind, entity_id)]
        others = [p for p in found if (p.kind, p.entity_id) != (self.kind, entity_id)]
        if others:
            before = set(self._check(self.kind, entity_id, {}))
            others = [p for p in others if p not in before]
        return mine + others

    def _show_problems(self, found: list[Problem]) -> None:
        self._problems = found
        by_field: dict[str, list[str]] = {}
        for problem in found:
            here = (problem.kind, problem.entity_id) == (self.kind, self.entity_id or "")
            field = problem.field if here and problem.field in self.problem_labels else ""
            by_field.setdefault(field, []).append(
                _without_prefix(problem.message, problem.kind) if here else problem.message)
        for name, label in self.problem_labels.items():
            text = " ".join(by_field.get(name, []))
            label.setText(text)
            label.setVisible(bool(text))
        general = " ".join(by_field.get("", []))
        self.record_problem.setText(general)
        self.record_problem.setVisible(bool(general))

    def _update_buttons(self) -> None:
        dirty = self.is_dirty or (self.kind is not None and self.entity_id is None)
        self.save_button.setEnabled(dirty and not self._problems and not self._timer.isActive())
        self.revert_button.setEnabled(self.is_dirty)

    def _on_save_clicked(self) -> None:
        self._run_check()
        if self._problems:
            return
        self.save_requested.emit(self.changed_fields())


def _without_prefix(message: str, kind: Kind) -> str:
    """"Department 'Billing': Chats per agent cannot be below zero..." -> the part after the
    record (app.config starts every message with it): next to the field, the record is obvious."""
    head, separator, rest = message.partition(": ")
    return rest if separator and head.startswith((kind.label, kind_label(kind))) else message
