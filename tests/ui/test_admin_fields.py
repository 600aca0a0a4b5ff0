"""Each field editor of the admin forms, edited as an admin would, gives the JSON the schema wants."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QColorDialog, QComboBox, QLineEdit, QSpinBox
from pytestqt.qtbot import QtBot

from app.config import JsonValue, Kind, schema_of
from app.errors import InvalidInput
from tests.ui.actions import click, click_row, row_texts
from tests.ui.admin_fakes import FakePending
from tests.ui.conftest import until
from tests.ui.test_admin import Admin, admin, choose_kind, choose_record, form_shown  # noqa: F401  (fixture)
from ui.admin.editor_factory import build_editor
from ui.admin.field_lists import IntervalsEditor, RefListEditor, SkillsEditor
from ui.admin.fields import ColorEditor, ComboEditor, IntEditor, TextListEditor, TimezoneEditor


async def test_weekly_hours_are_edited_row_by_row(qtbot: QtBot, admin: Admin) -> None:  # noqa: F811
    window = admin.window
    choose_kind(qtbot, window, Kind.BUSINESS_HOURS)
    choose_record(qtbot, window, "Office")
    await form_shown(window)
    hours = window.form.editors["intervals"]
    assert isinstance(hours, IntervalsEditor)
    assert [box.currentText() for box in hours.row_boxes(0)] == ["Monday", "09:00", "17:00"]
    click(qtbot, hours.add_button)
    day, start, end = hours.row_boxes(1)
    day.setCurrentIndex(5)
    start.setCurrentIndex(start.findText("10:00"))
    end.setCurrentIndex(end.findText("24:00"))
    day.activated.emit(5)
    await until(window.form.save_button.isEnabled, what="Save")
    click(qtbot, window.form.save_button)
    await until(lambda: window.pending_model.rowCount() == 1, what="pending")
    assert row_texts(window.pending_panel.table) == [
        "Business hours 'Office': open Mon 09:00–17:00 -> Mon 09:00–17:00; Sat 10:00–24:00"]


async def test_an_agents_skills_and_departments(qtbot: QtBot, admin: Admin) -> None:  # noqa: F811
    window = admin.window
    choose_kind(qtbot, window, Kind.AGENT)
    choose_record(qtbot, window, "Bo Lindqvist")
    await form_shown(window)
    skills = window.form.editors["skills"]
    assert isinstance(skills, SkillsEditor)
    assert skills.value() == {"french": 3}
    click(qtbot, skills.add_button)
    line = skills.rows[1].findChild(QLineEdit)
    spin = skills.rows[1].findChild(QSpinBox)
    assert line is not None and spin is not None
    qtbot.keyClicks(line, "billing")
    spin.setValue(5)
    departments = window.form.editors["department_ids"]
    assert isinstance(departments, RefListEditor)
    billing = next(r for r in range(departments.model.rowCount())
                   if departments.model.index(r).data() == "Billing")
    departments.model.setData(departments.model.index(billing), Qt.CheckState.Checked.value,
                              Qt.ItemDataRole.CheckStateRole)
    limit = window.form.editors["max_chats"]
    assert isinstance(limit, IntEditor) and limit.unset is not None
    assert limit.unset.text() == "Organisation's default" and limit.unset.isChecked()
    click(qtbot, limit.unset)
    assert limit.spin.isEnabled()
    await until(window.form.save_button.isEnabled, what="Save")
    click(qtbot, window.form.save_button)
    await until(lambda: window.pending_model.rowCount() == 1, what="pending")
    change = admin.sync.pending()[0].change
    assert change.fields == {"department_ids": ["d-support", "d-billing"], "max_chats": 0,
                             "skills": {"french": 3, "billing": 5}}


async def test_a_departments_agents_keep_the_order_given(qtbot: QtBot, admin: Admin) -> None:  # noqa: F811
    window = admin.window
    choose_kind(qtbot, window, Kind.DEPARTMENT)
    choose_record(qtbot, window, "Support")
    await form_shown(window)
    agents = window.form.editors["agent_ids"]
    assert isinstance(agents, RefListEditor) and agents.down is not None
    assert agents.value() == ["u-ana", "u-bo"]
    names = [agents.model.index(r).data() for r in range(agents.model.rowCount())]
    assert names == ["Ana Souza", "Bo Lindqvist"]
    click_row(qtbot, agents.list, 0)
    click(qtbot, agents.down)
    assert agents.value() == ["u-bo", "u-ana"]
    fallback = window.form.editors["fallback_department_id"]
    assert isinstance(fallback, ComboEditor)
    offered = [fallback.combo.itemText(i) for i in range(fallback.combo.count())]
    assert offered == ["None", "Billing", "Support"]
    fallback.combo.setCurrentIndex(1)
    fallback.combo.activated.emit(1)
    await until(window.form.save_button.isEnabled, what="Save")
    click(qtbot, window.form.save_button)
    await until(lambda: window.pending_model.rowCount() == 1, what="pending")
    assert row_texts(window.pending_panel.table) == [
        "Department 'Support': agents Ana Souza, Bo Lindqvist -> Bo Lindqvist, Ana Souza; "
        "fallback department none -> Billing"]


async def test_website_settings_colour_origins_and_a_refused_save(qtbot: QtBot, admin: Admin) -> None:  # noqa: F811
    window = admin.window
    choose_kind(qtbot, window, Kind.WEBSITE)
    await form_shown(window)
    colour = window.form.editors["color"]
    origins = window.form.editors["allowed_origins"]
    assert isinstance(colour, ColorEditor) and isinstance(origins, TextListEditor)
    click(qtbot, colour.button)
    dialog = colour.findChild(QColorDialog)
    assert dialog is not None
    dialog.setCurrentColor(Qt.GlobalColor.red)
    dialog.accept()
    assert colour.value() == "#ff0000"
    for line in ("https://shop.example", "", " https://help.example "):
        qtbot.keyClicks(origins.text, line)
        qtbot.keyClick(origins.text, Qt.Key.Key_Return)
    assert origins.value() == ["https://shop.example", "https://help.example"]

    def refuse(kind: Kind, entity_id: str, fields: Mapping[str, JsonValue]) -> FakePending:
        raise InvalidInput("The server refuses this colour.")

    admin.sync.edit = refuse  # type: ignore[method-assign]  # a sync that refuses what validate let by
    await until(window.form.save_button.isEnabled, what="Save")
    click(qtbot, window.form.save_button)
    assert window.form.record_problem.text() == "The server refuses this colour."
    assert window.form.is_dirty and window.pending_model.rowCount() == 0


def test_timezones_and_choices_read_as_words(qtbot: QtBot) -> None:
    def options(kind: Kind, role: str | None) -> list[tuple[str, str]]:
        return []

    timezone = build_editor(schema_of(Kind.BUSINESS_HOURS).spec("timezone"), options)
    assert isinstance(timezone, TimezoneEditor)
    qtbot.addWidget(timezone)
    assert timezone.combo.findText("Europe/Berlin") >= 0 and timezone.combo.isEditable()
    timezone.set_value("Asia/Tokyo")
    assert timezone.value() == "Asia/Tokyo"
    method = build_editor(schema_of(Kind.ROUTING).spec("routing_method"), options)
    qtbot.addWidget(method)
    assert isinstance(method, ComboEditor)
    combo: QComboBox = method.combo
    assert combo.itemText(2) == "Load balancing" and combo.itemData(2) == "load_balancing"
    weight = build_editor(schema_of(Kind.PRIORITY).spec("weight"), options)
    qtbot.addWidget(weight)
    assert not weight.isEnabled() and weight.toolTip() == "1 is served first."


async def test_a_failed_comparison_is_said_in_the_dialog(qtbot: QtBot, admin: Admin) -> None:  # noqa: F811
    window = admin.window
    choose_kind(qtbot, window, Kind.TAG)
    choose_record(qtbot, window, "refund")
    await form_shown(window)
    click(qtbot, window.records_panel.delete_button)
    await until(lambda: window.pending_model.rowCount() == 1, what="pending")
    assert row_texts(window.pending_panel.table) == ["Delete Tag 'refund'"]
    admin.backend.offline = True
    click(qtbot, window.pending_panel.what_if_button)
    dialog = window.what_if_dialog
    assert dialog is not None
    await until(lambda: not dialog.is_busy, what="the answer")
    assert dialog.problem.text() == "The comparison could not be made: The server cannot be reached."
    dialog.close()
