"""The admin editors over the real embedded desk and the real configuration sync: what an admin
publishes reaches an agent's open window at once."""

from __future__ import annotations

import importlib
import importlib.util
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from app.config import Kind
from tests.ui.actions import click, row_texts
from tests.ui.admin_fakes import FakeConfigSync
from tests.ui.conftest import Desk, until
from tests.ui.test_admin import choose_kind, choose_record, form_shown
from ui.admin.field_lists import RefListEditor
from ui.admin.window import AdminWindow
from ui.lifetime import dispose
from ui.models.queue import QueueModel

_REAL_SYNC = importlib.util.find_spec("app.sync") is not None


@pytest.mark.parametrize("which", ["fake-sync", pytest.param("real-sync", marks=pytest.mark.skipif(
    not _REAL_SYNC, reason="app.sync is not on this branch yet"))])
async def test_an_agent_added_to_a_department_sees_its_queue_at_once(
        qtbot: QtBot, desk: Desk, tmp_path: Path, which: str) -> None:
    bo = await desk.open("bo")
    departments = set(row_texts(bo.queue_panel.table, QueueModel.DEPARTMENT))
    assert "Sales" not in departments and "Support" in departments

    backend = await desk.engine.sign_in("sam")
    sam = await backend.me()
    journal: Any = None
    sync: Any
    if which == "real-sync":
        sync_module = importlib.import_module("app.sync")  # typed loosely until it is on main
        journal = sync_module.Journal.open(tmp_path / "journal.db")
        sync = sync_module.ConfigSync(journal, backend, user_id=sam.id, clock=desk.clock)
    else:
        sync = FakeConfigSync(backend, user_id=sam.id, clock=desk.clock)
    window = AdminWindow(sync, backend, sam, desk.clock, QSettings(str(desk.settings_path),
                                                                   QSettings.Format.IniFormat))
    try:
        window.show()
        window.start()
        await until(lambda: window.is_ready, what="the configuration to load")
        choose_kind(qtbot, window, Kind.DEPARTMENT)
        choose_record(qtbot, window, "Sales")
        await form_shown(window)
        agents = window.form.editors["agent_ids"]
        assert isinstance(agents, RefListEditor)
        names = [agents.model.index(r).data() for r in range(agents.model.rowCount())]
        bo_row = agents.model.index(names.index("Bo Lindqvist"))
        agents.model.setData(bo_row, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
        await until(window.form.save_button.isEnabled, what="Save")
        click(qtbot, window.form.save_button)
        await until(lambda: window.pending_model.rowCount() == 1, what="the pending change")
        assert "Sales" not in row_texts(bo.queue_panel.table, QueueModel.DEPARTMENT)  # not yet published
        click(qtbot, window.pending_panel.what_if_button)
        dialog = window.what_if_dialog
        assert dialog is not None
        await until(lambda: not dialog.is_busy, timeout=20, what="the replay of today's traffic")
        assert dialog.problem.text() == ""  # the embedded desk replayed today's chats both ways
        assert dialog.figure("before", "Chats") == dialog.figure("after", "Chats") != "0"
        assert dialog.loads.rowCount() > 0
        dialog.close()
        click(qtbot, window.pending_panel.publish_button)
        await until(lambda: window.pending_model.rowCount() == 0, what="published")
        await until(lambda: "Sales" in row_texts(bo.queue_panel.table, QueueModel.DEPARTMENT),
                    what="Bo's window to show the Sales queue")
        record = next(r for r in await backend.configuration() if r.name == "Sales")
        agent_ids = record.fields["agent_ids"]
        assert isinstance(agent_ids, list) and "u-bo" in agent_ids
        await until(lambda: window.audit_model.rowCount() >= 1, what="the audit entry")
        assert row_texts(window.audit_view.table, 2)[0] == "Update Department 'Sales'"
    finally:
        await window.shutdown()
        window.close()
        dispose(window)
        await backend.aclose()
        if journal is not None:
            journal.close()


async def test_a_change_made_elsewhere_shows_in_the_open_window(qtbot: QtBot, desk: Desk,
                                                                tmp_path: Path) -> None:
    """Another session of the desk publishes: the open window reads the configuration again
    (the backend's Resynced) and its audit shows the change."""
    from app.sync import ConfigSync, Journal
    from tests.app.configuration_changes import find, update

    backend = await desk.engine.sign_in("sam")
    elsewhere = await desk.engine.sign_in("sam")
    sam = await backend.me()
    journal = Journal.open(tmp_path / "journal.db")
    sync = ConfigSync(journal, backend, user_id=sam.id, clock=desk.clock)
    window = AdminWindow(sync, backend, sam, desk.clock,
                         QSettings(str(desk.settings_path), QSettings.Format.IniFormat),
                         events=backend.events)
    try:
        window.show()
        window.start()
        await until(lambda: window.is_ready, what="the configuration to load")
        sales = find(await elsewhere.configuration(), Kind.DEPARTMENT, "dep-sales")
        await elsewhere.apply_change(update(sales, name="Sales & Renewals"))
        await until(lambda: any(r.name == "Sales & Renewals" for r in sync.records(Kind.DEPARTMENT)),
                    what="the window's configuration to follow")
        choose_kind(qtbot, window, Kind.DEPARTMENT)
        assert "Sales & Renewals" in row_texts(window.records_panel.table)
        await until(lambda: window.audit_model.rowCount() >= 1, what="the audit entry")
    finally:
        await window.shutdown()
        window.close()
        dispose(window)
        await backend.aclose()
        await elsewhere.aclose()
        journal.close()
