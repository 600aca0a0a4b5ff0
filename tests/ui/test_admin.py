"""The admin editors, clicked as an admin would, over in-memory doubles of the sync and backend."""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from app.clock import ManualClock
from app.config import Kind
from app.domain import Principal, Role
from tests.ui.actions import click, click_row, row_texts
from tests.ui.admin_fakes import NOON, WHAT_IF, FakeAdministration, FakeConfigSync, northwind_records
from tests.ui.conftest import until
from ui.admin.conflict_dialog import ConflictDialog
from ui.admin.describe import KIND_HEADINGS
from ui.admin.fields import IntEditor, TextEditor
from ui.admin.window import AdminWindow
from ui.lifetime import dispose

T = TypeVar("T")

SAM = Principal(id="u-sam", username="sam", name="Sam Admin", roles=frozenset({Role.ADMIN}),
                department_ids=frozenset(), unit_ids=frozenset(), unit_department_ids=frozenset())


@dataclass
class Admin:
    window: AdminWindow
    sync: FakeConfigSync  # or app.sync.ConfigSync, which has the same methods
    backend: FakeAdministration
    clock: ManualClock


# The editors run over the in-memory double and, where `app.sync` is present, over the real
# sync with its journal file: the same clicks must give the same results over both.
_REAL_SYNC = importlib.util.find_spec("app.sync") is not None


@pytest.fixture(params=["fake-sync", pytest.param("real-sync", marks=pytest.mark.skipif(
    not _REAL_SYNC, reason="app.sync is not on this branch yet"))])
async def admin(request: pytest.FixtureRequest, qtbot: QtBot, tmp_path: Path) -> AsyncIterator[Admin]:
    clock = ManualClock(NOON)
    backend = FakeAdministration(northwind_records(), clock, names={"u-sam": "Sam Admin", "u-other": "Olga"})
    journal: Any = None
    if request.param == "real-sync":
        sync_module = importlib.import_module("app.sync")  # typed loosely until it is on main
        journal = sync_module.Journal.open(tmp_path / "journal.db")
        sync = sync_module.ConfigSync(journal, backend, user_id="u-sam", clock=clock)
    else:
        sync = FakeConfigSync(backend, user_id="u-sam", clock=clock)
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    window = AdminWindow(sync, backend, SAM, clock, settings)
    window.show()
    window.start()
    await until(lambda: window.is_ready, what="the configuration to load")
    yield Admin(window, sync, backend, clock)
    await window.shutdown()
    window.close()
    dispose(window)
    if journal is not None:
        journal.close()


def choose_kind(qtbot: QtBot, window: AdminWindow, kind: Kind) -> None:
    row = row_texts(window.kinds).index(KIND_HEADINGS[kind])
    click_row(qtbot, window.kinds, row)


def choose_record(qtbot: QtBot, window: AdminWindow, name: str) -> None:
    click_row(qtbot, window.records_panel.table, row_texts(window.records_panel.table).index(name))


async def form_shown(window: AdminWindow) -> None:
    """Editors built for a record are shown by Qt a moment later (a queued show)."""
    await until(lambda: window.form.editors and all(e.isVisible() for e in window.form.editors.values()),
                what="the form shown")


def set_spin(qtbot: QtBot, editor: IntEditor, value: int) -> None:
    editor.spin.selectAll()
    qtbot.keyClicks(editor.spin, str(value))


async def _edit_billing_limit(qtbot: QtBot, window: AdminWindow, value: int) -> None:
    choose_kind(qtbot, window, Kind.DEPARTMENT)
    choose_record(qtbot, window, "Billing")
    limit = window.form.editors["max_chats_per_agent"]
    assert isinstance(limit, IntEditor)
    set_spin(qtbot, limit, value)
    await until(window.form.save_button.isEnabled, what="Save to be possible")


async def test_every_kind_the_admin_may_change_is_listed_with_records_or_not(admin: Admin) -> None:
    # Priorities, SLA policies and canned responses have no record in this organisation: the
    # admin still finds them, to create the first.
    assert row_texts(admin.window.kinds) == ["Departments", "Units", "Agents", "Business hours",
                                             "Routing", "Priorities", "SLA policies", "Tags",
                                             "Canned responses", "Website chat", "File uploads"]
    assert row_texts(admin.window.records_panel.table) == ["Billing", "Support"]


async def test_an_edited_limit_is_pending_until_undone(qtbot: QtBot, admin: Admin) -> None:
    window = admin.window
    await _edit_billing_limit(qtbot, window, 6)
    click(qtbot, window.form.save_button)
    await until(lambda: window.pending_model.rowCount() == 1, what="the pending change")
    assert row_texts(window.pending_panel.table) == ["Department 'Billing': chats per agent 4 -> 6"]
    assert row_texts(window.pending_panel.table, 1) == ["draft"]
    assert window.pending_count.text() == "1 pending"
    assert row_texts(window.records_panel.table, 1) == ["● pending", ""]
    assert admin.backend.current(Kind.DEPARTMENT, "d-billing").fields["max_chats_per_agent"] == 4  # type: ignore[union-attr]

    click_row(qtbot, window.pending_panel.table, 0)
    click(qtbot, window.pending_panel.undo_button)
    await until(lambda: window.pending_model.rowCount() == 0, what="the change undone")
    assert window.pending_count.text() == "0 pending"
    limit = window.form.editors["max_chats_per_agent"]
    assert isinstance(limit, IntEditor)
    await until(lambda: limit.spin.value() == 4, what="the form back at the published value")


async def test_publishing_applies_in_order_and_the_audit_tells(qtbot: QtBot, admin: Admin) -> None:
    window = admin.window
    await _edit_billing_limit(qtbot, window, 6)
    click(qtbot, window.form.save_button)
    await until(lambda: window.pending_model.rowCount() == 1, what="the pending change")
    click(qtbot, window.pending_panel.publish_button)
    await until(lambda: window.pending_model.rowCount() == 0, what="published")
    assert admin.backend.current(Kind.DEPARTMENT, "d-billing").fields["max_chats_per_agent"] == 6  # type: ignore[union-attr]
    assert window.statusBar().currentMessage() == "1 change published."
    await until(lambda: window.audit_model.rowCount() == 1, what="the audit entry")
    window.tabs.setCurrentWidget(window.audit_view)
    audit = window.audit_view.table
    assert row_texts(audit, 1) == ["Sam Admin"]
    assert row_texts(audit, 2) == ["Update Department 'Billing'"]
    assert row_texts(audit, 3) == ["chats per agent: 4 → chats per agent: 6"]
    qtbot.keyClicks(window.audit_view.search, "nobody")
    assert window.audit_view.filtered.rowCount() == 0
    window.audit_view.search.clear()
    qtbot.keyClicks(window.audit_view.search, "sam")
    assert window.audit_view.filtered.rowCount() == 1


async def test_a_negative_limit_is_said_next_to_the_field_and_cannot_be_saved(
        qtbot: QtBot, admin: Admin) -> None:
    window = admin.window
    choose_kind(qtbot, window, Kind.DEPARTMENT)
    choose_record(qtbot, window, "Billing")
    limit = window.form.editors["max_chats_per_agent"]
    assert isinstance(limit, IntEditor)
    set_spin(qtbot, limit, -2)
    await until(lambda: window.form.problem_text("max_chats_per_agent"), what="the inline problem")
    assert window.form.problem_text("max_chats_per_agent") == \
        "Chats per agent cannot be below zero; enter 0 or more, or leave it empty."
    assert not window.form.save_button.isEnabled()
    set_spin(qtbot, limit, 2)
    await until(window.form.save_button.isEnabled, what="Save once the problem is gone")
    assert window.form.problem_text("max_chats_per_agent") == ""
    click(qtbot, window.form.revert_button)
    assert limit.spin.value() == 4 and not window.form.is_dirty


async def test_a_new_tag_is_created_and_listed_as_pending(qtbot: QtBot, admin: Admin) -> None:
    window = admin.window
    choose_kind(qtbot, window, Kind.TAG)
    click(qtbot, window.records_panel.new_button)
    assert window.form.problem_text("name") == "Name cannot be empty."
    assert not window.form.save_button.isEnabled()
    name = window.form.editors["name"]
    assert isinstance(name, TextEditor)
    qtbot.keyClicks(name.line, "vip")
    await until(window.form.save_button.isEnabled, what="Save once named")
    click(qtbot, window.form.save_button)
    await until(lambda: "vip" in row_texts(window.records_panel.table), what="the new tag listed")
    assert row_texts(window.pending_panel.table) == ["New Tag 'vip'"]
    assert window.form.title.text() == "Tag 'vip'"
    click(qtbot, window.pending_panel.publish_button)
    await until(lambda: window.pending_model.rowCount() == 0, what="published")
    assert any(r.name == "vip" for r in await admin.backend.configuration())


async def test_leaving_a_changed_form_asks_and_cancel_stays(qtbot: QtBot, admin: Admin) -> None:
    window = admin.window
    await _edit_billing_limit(qtbot, window, 7)
    choose_record(qtbot, window, "Support")
    box = _visible(QMessageBox)
    assert box.text() == "Department 'Billing' has changes you have not saved."
    click(qtbot, box.button(QMessageBox.StandardButton.Cancel))
    await until(lambda: _visible_or_none(QMessageBox) is None, what="the question closed")
    assert window.form.title.text() == "Department 'Billing'" and window.form.is_dirty
    assert window.records_panel.chosen_id() == "d-billing"

    choose_record(qtbot, window, "Support")
    click(qtbot, _visible(QMessageBox).button(QMessageBox.StandardButton.Save))
    await until(lambda: window.form.title.text() == "Department 'Support'", what="Support opened")
    assert row_texts(window.pending_panel.table) == ["Department 'Billing': chats per agent 4 -> 7"]


async def test_a_conflict_is_resolved_field_by_field(qtbot: QtBot, admin: Admin) -> None:
    window = admin.window
    choose_kind(qtbot, window, Kind.DEPARTMENT)
    choose_record(qtbot, window, "Billing")
    limit, name = window.form.editors["max_chats_per_agent"], window.form.editors["name"]
    assert isinstance(limit, IntEditor) and isinstance(name, TextEditor)
    set_spin(qtbot, limit, 6)
    name.line.selectAll()
    qtbot.keyClicks(name.line, "Billing EU")
    await until(window.form.save_button.isEnabled, what="Save")
    click(qtbot, window.form.save_button)
    admin.backend.change_by_someone_else(Kind.DEPARTMENT, "d-billing",
                                         {"max_chats_per_agent": 5, "name": "Billing (EU)"})
    click(qtbot, window.pending_panel.publish_button)
    await until(lambda: row_texts(window.pending_panel.table, 1) == ["conflict"], what="the conflict")
    click(qtbot, window.pending_panel.resolve_button)
    dialog = _visible(ConflictDialog)
    assert set(dialog.choices) == {"max_chats_per_agent", "name"}
    texts = [label.text() for label in dialog.findChildren(type(window.pending_count))]
    assert {"4", "6", "5", "Billing", "Billing EU", "Billing (EU)"} <= set(texts)
    click(qtbot, dialog.choices["name"][1])  # theirs
    click(qtbot, dialog.apply_button)
    await until(lambda: row_texts(window.pending_panel.table, 1) == ["waiting"], what="queued again")
    assert row_texts(window.pending_panel.table) == ["Department 'Billing (EU)': chats per agent 5 -> 6"]
    click(qtbot, window.pending_panel.publish_button)
    await until(lambda: window.pending_model.rowCount() == 0, what="published")
    fields = admin.backend.current(Kind.DEPARTMENT, "d-billing").fields  # type: ignore[union-attr]
    assert (fields["name"], fields["max_chats_per_agent"]) == ("Billing (EU)", 6)


async def test_offline_edits_wait_and_are_pushed_on_reconnect(qtbot: QtBot, admin: Admin) -> None:
    window = admin.window
    await _edit_billing_limit(qtbot, window, 6)
    click(qtbot, window.form.save_button)
    admin.backend.offline = True
    click(qtbot, window.pending_panel.publish_button)
    await until(lambda: row_texts(window.pending_panel.table, 1) == ["waiting (offline)"], what="waiting")
    assert window.link.text() == "Offline: changes wait to be published"
    assert window.statusBar().currentMessage() == \
        "Offline: 1 change waits and will be published when the server is back."
    admin.backend.offline = False
    await admin.sync.link_changed(True)
    await until(lambda: window.pending_model.rowCount() == 0, what="pushed on reconnect")
    assert window.link.text() == "Online"


async def test_what_if_shows_the_figures_side_by_side(qtbot: QtBot, admin: Admin) -> None:
    window = admin.window
    await _edit_billing_limit(qtbot, window, 6)
    click(qtbot, window.form.save_button)
    await until(window.pending_panel.what_if_button.isEnabled, what="something to compare")
    click(qtbot, window.pending_panel.what_if_button)
    dialog = window.what_if_dialog
    assert dialog is not None
    await until(lambda: not dialog.is_busy, what="the replay")
    assert (dialog.figure("before", "Wait, median (p50)"), dialog.figure("after", "Wait, median (p50)")) == \
        ("42 s", "18 s")
    assert (dialog.figure("before", "Wait, p90"), dialog.figure("after", "Wait, p90")) == \
        ("5 min 10 s", "1 min 35 s")
    assert dialog.figure("before", "Refused or never served") == "3"
    assert dialog.figure("after", "Queued") == "5"
    assert row_texts(dialog.loads_table) == ["Ana Souza", "Bo Lindqvist"]
    assert row_texts(dialog.loads_table, 1) == ["22", "15"]
    assert row_texts(dialog.loads_table, 2) == ["17", "23"]
    assert row_texts(dialog.differences_table) == ["Dora Visitor", "Eli Visitor"]
    assert dialog.caveats.item(0).text() == WHAT_IF.caveats[0]
    (edited, day), = admin.backend.what_if_asked
    billing = next(r for r in edited if r.id == "d-billing")
    assert billing.fields["max_chats_per_agent"] == 6 and {r.kind for r in edited} == {Kind.DEPARTMENT}
    assert day == NOON.date()
    dialog.close()


async def test_singletons_open_their_form_and_refs_offer_names(qtbot: QtBot, admin: Admin) -> None:
    window = admin.window
    choose_kind(qtbot, window, Kind.ROUTING)
    assert not window.records_panel.isVisible() and window.form.title.text() == "Routing settings"
    choose_kind(qtbot, window, Kind.UNIT)
    choose_record(qtbot, window, "East")
    monitors = window.form.editors["monitor_ids"]
    from ui.admin.field_lists import RefListEditor

    assert isinstance(monitors, RefListEditor)
    assert [monitors.model.index(r).data() for r in range(monitors.model.rowCount())] == ["Maya Chen"]


async def test_the_models_pass_the_model_tester(
        qtbot: QtBot, admin: Admin, qtmodeltester: ModelTester) -> None:
    window = admin.window
    await _edit_billing_limit(qtbot, window, 6)
    click(qtbot, window.form.save_button)
    click(qtbot, window.pending_panel.publish_button)
    await until(lambda: window.audit_model.rowCount() == 1, what="an audit entry")
    await _edit_billing_limit(qtbot, window, 8)
    click(qtbot, window.form.save_button)
    agents = window.form.editors["agent_ids"]
    from ui.admin.field_lists import RefListEditor

    assert isinstance(agents, RefListEditor)
    for model in (window.records_model, window.pending_model, window.audit_model, agents.model):
        assert model.rowCount() > 0
        qtmodeltester.check(model, force_py=True)


def _visible_or_none(kind: type) -> object:
    found = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]
    return found[0] if found else None


def _visible(kind: type[T]) -> T:
    found = _visible_or_none(kind)
    assert isinstance(found, kind), f"no {kind.__name__} is open"
    return found



async def test_a_problem_another_record_already_has_does_not_block_this_form(
        qtbot: QtBot, admin: Admin) -> None:
    admin.backend.change_by_someone_else(Kind.TAG, "t-refund", {"name": ""})
    await admin.sync.refresh()
    await _edit_billing_limit(qtbot, admin.window, 6)
    assert admin.window.form.problems == [] and admin.window.form.record_problem.isHidden()


async def test_closing_with_unsaved_changes_asks_and_ctrl_s_saves(qtbot: QtBot, admin: Admin) -> None:
    window = admin.window
    closed: list[bool] = []
    window.closed.connect(lambda: closed.append(True))
    await _edit_billing_limit(qtbot, window, 9)
    window.close()
    click(qtbot, _visible(QMessageBox).button(QMessageBox.StandardButton.Cancel))
    assert window.isVisible() and not closed
    qtbot.keyClick(window.form.save_button, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    await until(lambda: window.pending_model.rowCount() == 1, what="saved with Ctrl+S")
    window.close()
    assert closed and not window.isVisible()
