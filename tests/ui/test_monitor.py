"""The monitor dashboard over a supervising fake desk: what a monitor sees live, drilling into a
chat and acting on it, and that a unit's window shows nothing of another unit."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCharts import QChart
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QTableView
from pytestqt.qtbot import QtBot

from app.clock import ManualClock
from app.domain import Channel, Inquiry
from tests.ui.actions import click, click_row, double_click_row, row_of, row_texts
from tests.ui.conftest import until
from tests.ui.monitor_fake import SupervisingFakeBackend, SupervisingFakeDesk
from ui.lifetime import dispose
from ui.monitor.agents import AgentLoadsModel
from ui.monitor.assign_dialog import AssignDialog
from ui.monitor.chats import ChatsInProgressModel
from ui.monitor.colours import Level, is_dark, swatch
from ui.monitor.queues import DepartmentQueuesModel
from ui.monitor.window import MonitorWindow
from ui.style import Theme, apply_theme
from ui.workspace.transfer_dialog import TransferDialog


class Monitors:
    """A supervising fake desk (Northwind) and dashboards opened on it."""

    def __init__(self, clock: ManualClock, settings_path: Path) -> None:
        self.clock = clock
        self.desk = SupervisingFakeDesk.northwind(clock)
        self.org = self.desk.org
        self._settings_path = settings_path
        self._backends: list[SupervisingFakeBackend] = []
        self._windows: list[MonitorWindow] = []

    async def sign_in(self, username: str) -> SupervisingFakeBackend:
        backend = await self.desk.sign_in(username)
        self._backends.append(backend)
        return backend

    async def open(self, username: str) -> MonitorWindow:
        backend = await self.sign_in(username)
        names = {d.id: d.name for d in await backend.departments()}
        settings = QSettings(str(self._settings_path), QSettings.Format.IniFormat)
        window = MonitorWindow(backend, await backend.me(), self.clock, names, settings)
        self._windows.append(window)
        window.show()
        window.start()
        await until(lambda: window.is_ready, what="the dashboard to load")
        return window

    def inquiry(self, text: str, department: str = "Support", name: str = "Iris Vale") -> Inquiry:
        visitor = self.desk.new_visitor(name, Channel.WIDGET, f"{name.split()[0].lower()}@example.com")
        return self.desk.visitor_opens_chat(visitor.id, text, self.org.department(department).id)

    async def close(self) -> None:
        for window in self._windows:
            await window.shutdown()
            window.close()
            dispose(window)
        for backend in self._backends:
            await backend.aclose()


@pytest.fixture
async def monitors(clock: ManualClock, tmp_path: Path) -> AsyncIterator[Monitors]:
    harness = Monitors(clock, tmp_path / "settings.ini")
    yield harness
    await harness.close()


def _cell(view: QTableView, first_column_text: str, column: int, role: int = Qt.ItemDataRole.DisplayRole
          ) -> object:
    model = view.model()
    for row in range(model.rowCount()):
        if model.index(row, 0).data() == first_column_text:
            return model.index(row, column).data(role)
    return None


def _background(level: Level) -> QColor:
    colours = swatch(level)
    assert colours is not None
    return colours.background


async def test_an_agent_over_their_limit_and_an_sla_breach_appear_live(
    qtbot: QtBot, monitors: Monitors, clock: ManualClock
) -> None:
    window = await monitors.open("maya")
    bo = await monitors.sign_in("bo")
    for number in range(2):
        await bo.take(monitors.inquiry(f"Question {number}", name=f"Visitor {number}").id)
    opened = "Open chats"
    column = AgentLoadsModel.HEADERS.index(opened)
    await until(lambda: _cell(window.agents_table, "Bo Lindqvist", column) == "2 / 5", what="Bo's load")
    monitors.desk.set_limit("bo", 3)
    await bo.take(monitors.inquiry("A third question", name="Visitor 3").id)
    await until(lambda: _cell(window.agents_table, "Bo Lindqvist", column) == "3 / 3", what="Bo at his limit")
    assert _cell(window.agents_table, "Bo Lindqvist", column, Qt.ItemDataRole.BackgroundRole) == \
        _background(Level.SOON)
    monitors.desk.set_limit("bo", 2)  # an admin lowers it: Bo now serves more than he may
    await until(lambda: _cell(window.agents_table, "Bo Lindqvist", column) == "3 / 2",
                what="Bo over his limit")
    assert _cell(window.agents_table, "Bo Lindqvist", column, Qt.ItemDataRole.BackgroundRole) == \
        _background(Level.PAST)

    monitors.desk.sla = timedelta(minutes=3)
    monitors.inquiry("Where is my order?", name="Uma Reyes")
    breached = DepartmentQueuesModel.BREACHED
    due_soon = DepartmentQueuesModel.DUE_SOON
    await until(lambda: _cell(window.queues_table, "Support", DepartmentQueuesModel.WAITING) == "1",
                what="the new inquiry in Support's queue")
    assert _cell(window.queues_table, "Support", breached) == "0"
    assert _cell(window.queues_table, "Support", due_soon) == "0"
    clock.advance(timedelta(minutes=2))  # no event: the clock alone brings the SLA near
    await until(lambda: _cell(window.queues_table, "Support", due_soon) == "1", what="the SLA due soon")
    clock.advance(timedelta(minutes=2))
    await until(lambda: _cell(window.queues_table, "Support", breached) == "1", what="the SLA breach")
    assert _cell(window.queues_table, "Support", breached, Qt.ItemDataRole.BackgroundRole) == \
        _background(Level.PAST)
    assert _cell(window.queues_table, "Support", DepartmentQueuesModel.LONGEST) == "4 min 00 s"


async def test_a_monitor_drills_into_a_unit_chat_and_transfers_it(
    qtbot: QtBot, monitors: Monitors
) -> None:
    window = await monitors.open("maya")
    bo = await monitors.sign_in("bo")
    chat = await bo.take(monitors.inquiry("My parcel never came.").id)
    await until(lambda: row_of(window.chats_table, "Iris Vale") is not None, what="Bo's chat")
    row = row_of(window.chats_table, "Iris Vale")
    assert row is not None
    double_click_row(qtbot, window.chats_table, row)
    await until(lambda: window.transcript.chat is not None and window.messages_model.rowCount() >= 2,
                what="the transcript")
    assert window.transcript.heading.text() == "Iris Vale"
    assert window.messages_model.message_at(0).text == "My parcel never came."
    assert not window.transcript.take_over_button.isVisible()  # Maya is no agent of Support
    bo_writes = await bo.send_message(chat.id, "Let me look into it.")
    await until(lambda: window.messages_model.contains(bo_writes.id), what="the live message")

    click(qtbot, window.transcript.transfer_button)
    await until(lambda: window.findChild(TransferDialog) is not None, what="the transfer dialog")
    dialog = window.findChild(TransferDialog)
    assert dialog is not None
    names = row_texts(dialog.agents)
    ana = next(row for row, text in enumerate(names) if text.startswith("Ana Souza"))
    click_row(qtbot, dialog.agents, ana)
    click(qtbot, dialog.transfer_button)
    await until(lambda: _cell(window.chats_table, "Iris Vale", ChatsInProgressModel.AGENT) == "Ana Souza",
                what="the chat's new agent in the table")
    await until(lambda: "transferred to Ana Souza" in window.transcript.outcome.text(), what="the outcome")
    assert monitors.desk.chats[chat.id].served_by_id == monitors.org.person("ana").id
    note = "Maya Berg transferred the chat to Ana Souza"
    await until(lambda: any(note in window.messages_model.message_at(r).text
                            for r in range(window.messages_model.rowCount())), what="the note in the history")


async def test_hold_then_a_refused_resume_are_said_in_words(qtbot: QtBot, monitors: Monitors) -> None:
    window = await monitors.open("maya")
    bo = await monitors.sign_in("bo")
    monitors.desk.set_limit("bo", 1)
    chat = await bo.take(monitors.inquiry("Hello?").id)
    await until(lambda: row_of(window.chats_table, "Iris Vale") is not None, what="Bo's chat")
    double_click_row(qtbot, window.chats_table, row_of(window.chats_table, "Iris Vale") or 0)
    await until(window.transcript.hold_button.isVisible, what="the transcript's actions")
    assert window.transcript.hold_button.text() == "Put on hold"
    click(qtbot, window.transcript.hold_button)
    await until(lambda: window.transcript.outcome.text() == "The chat with Iris Vale is on hold.",
                what="the hold's outcome")
    await until(lambda: _cell(window.chats_table, "Iris Vale", ChatsInProgressModel.STATUS) == "On hold",
                what="the status in the table")
    await until(lambda: window.transcript.hold_button.text() == "Resume", what="Resume offered")
    await bo.take(monitors.inquiry("Another question", name="Uma Reyes").id)  # Bo is full again
    click(qtbot, window.transcript.hold_button)
    await until(lambda: "not done" in window.transcript.outcome.text(), what="the refusal")
    outcome = window.transcript.outcome.text()
    assert outcome.startswith("Resume the chat: not done.")
    assert "Bo Lindqvist" in outcome and monitors.org.person("bo").id not in outcome
    assert window.banner.text.startswith("Resume the chat:")
    assert monitors.desk.chats[chat.id].status.value == "on_hold"


async def test_a_monitor_assigns_a_waiting_inquiry(qtbot: QtBot, monitors: Monitors) -> None:
    inquiry = monitors.inquiry("Can someone help me?", name="Olu Ade")
    window = await monitors.open("maya")
    tab_bar = window.tabs.tabBar()
    qtbot.mouseClick(tab_bar, Qt.MouseButton.LeftButton, pos=tab_bar.tabRect(1).center())
    await until(lambda: window.waiting_table.isVisible() and window.waiting_model.rowCount() == 1,
                what="the waiting inquiry")
    double_click_row(qtbot, window.waiting_table, 0)
    await until(window.transcript.assign_button.isVisible, what="Assign offered")
    assert not window.transcript.transfer_button.isVisible()  # a waiting chat is assigned, not moved
    click(qtbot, window.transcript.assign_button)
    await until(lambda: window.findChild(AssignDialog) is not None, what="the agent picker")
    dialog = window.findChild(AssignDialog)
    assert dialog is not None
    listed = row_texts(dialog.agents)
    assert all(text.split("  —  ")[0] in {"Ana Souza", "Bo Lindqvist", "Gabriel Costa"} for text in listed)
    bo = next(row for row, text in enumerate(listed) if text.startswith("Bo Lindqvist"))
    assert "0 / 5 open chats" in listed[bo]
    click_row(qtbot, dialog.agents, bo)
    click(qtbot, dialog.assign_button)
    await until(lambda: window.waiting_model.rowCount() == 0, what="the inquiry to leave the queue")
    await until(lambda: _cell(window.chats_table, "Olu Ade", ChatsInProgressModel.AGENT) == "Bo Lindqvist",
                what="the chat served by Bo")
    await until(lambda: "Bo Lindqvist's" in window.transcript.outcome.text(), what="the outcome")
    assert monitors.desk.chats[inquiry.chat_id].served_by_id == monitors.org.person("bo").id


async def test_a_unit_window_never_shows_another_units_chats_or_agents(
    qtbot: QtBot, monitors: Monitors
) -> None:
    window = await monitors.open("maya")  # Customer Care: Support and Billing
    emil = await monitors.sign_in("emil")  # Sales, in Revenue
    sales_chat = await emil.take(monitors.inquiry("How much is the big plan?", "Sales", "Pia Lund").id)
    monitors.inquiry("Do you ship to Norway?", "Sales", "Kai Berg")
    await emil.send_message(sales_chat.id, "It depends on the seats.")
    support = monitors.inquiry("My parcel never came.")  # a later event of Maya's own unit
    await until(lambda: window.waiting_model.row_of(support.id) is not None, what="Support's inquiry")
    assert not window.unit_picker.isVisible()
    assert "Customer Care" in window.windowTitle()
    assert set(row_texts(window.queues_table)) == {"Support", "Billing"}
    agents = set(row_texts(window.agents_table))
    assert "Emil Novak" not in agents and "Tomás Ruiz" not in agents
    assert {"Ana Souza", "Bo Lindqvist"} <= agents
    assert "Pia Lund" not in row_texts(window.chats_table)
    assert {window.waiting_model.inquiry_at(r).visitor_name for r in range(window.waiting_model.rowCount())} \
        == {"Iris Vale"}
    backend = await monitors.sign_in("maya")
    with pytest.raises(Exception, match="You do not look after the unit Revenue"):
        await backend.unit_overview(monitors.org.unit("Revenue").id)


async def test_the_unit_picker_switches_units(qtbot: QtBot, monitors: Monitors) -> None:
    monitors.inquiry("How much is the big plan?", "Sales", "Pia Lund")
    window = await monitors.open("sam")  # an admin watches every unit
    assert window.unit_picker.isVisible()
    assert [window.unit_picker.itemText(i) for i in range(window.unit_picker.count())] == \
        ["Customer Care", "Revenue"]
    assert set(row_texts(window.queues_table)) == {"Support", "Billing"}
    window.unit_picker.setFocus()
    qtbot.keyClick(window.unit_picker, Qt.Key.Key_Down)
    await until(lambda: set(row_texts(window.queues_table)) == {"Sales"}, what="Revenue's queues")
    assert "Revenue" in window.windowTitle()
    assert set(row_texts(window.agents_table)) == {"Emil Novak", "Tomás Ruiz"}
    assert window.waiting_model.inquiry_at(0).visitor_name == "Pia Lund"
    monitors.inquiry("Anyone there?")  # Support is Customer Care's: not shown now
    later = monitors.inquiry("And the small plan?", "Sales", "Lee Park")
    await until(lambda: window.waiting_model.row_of(later.id) is not None, what="Sales' new inquiry")
    assert window.waiting_model.rowCount() == 2


async def test_after_a_lost_link_the_dashboard_reloads_what_it_missed(
    qtbot: QtBot, monitors: Monitors
) -> None:
    window = await monitors.open("maya")
    monitors.desk.go_offline("The server is restarting.")
    await until(lambda: "Offline" in window.connection.text(), what="the offline status")
    assert window.connection_bar.text == ("Offline — showing what was saved on this computer. The figures "
                                          "update when the connection is back. The server is restarting.")
    missed = monitors.inquiry("Hello, anyone?")  # happens while the link is down: no event comes
    monitors.desk.reconnect()  # ... then Resynced: the dashboard reads the unit again
    await until(lambda: window.waiting_model.row_of(missed.id) is not None, what="the missed inquiry")
    await until(lambda: _cell(window.queues_table, "Support", DepartmentQueuesModel.WAITING) == "1",
                what="Support's queue figures")
    assert window.connection.text() == "" and window.connection_bar.text == ""


async def test_the_charts_show_the_units_day_and_follow_the_dark_theme(
    qtbot: QtBot, monitors: Monitors
) -> None:
    bo = await monitors.sign_in("bo")
    for number in range(3):
        await bo.take(monitors.inquiry(f"Question {number}", name=f"Visitor {number}").id)
    closed = await bo.take(monitors.inquiry("Thanks, solved", name="Visitor 9").id)
    await bo.close_chat(closed.id)
    monitors.inquiry("How much is the big plan?", "Sales", "Pia Lund")  # Revenue's, not counted
    window = await monitors.open("maya")
    await until(lambda: window.charts.day is not None, what="the day's figures")
    assert window.charts.started.sum() == 4
    assert window.charts.closed.sum() == 1
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before, on_light = app.palette(), swatch(Level.PAST)
    try:
        apply_theme(app, Theme.DARK)
        await until(lambda: window.charts.traffic.theme() == QChart.ChartTheme.ChartThemeDark,
                    what="dark charts")
        assert is_dark(app.palette())
        assert swatch(Level.PAST) != on_light  # warnings take the dark theme's colours
    finally:
        app.setPalette(before)
    await until(lambda: window.charts.traffic.theme() == QChart.ChartTheme.ChartThemeLight,
                what="light charts again")


async def test_an_agent_monitor_takes_over_a_chat_opened_with_enter(qtbot: QtBot, monitors: Monitors) -> None:
    window = await monitors.open("tomas")  # monitors Revenue, and serves Sales as an agent
    emil = await monitors.sign_in("emil")
    chat = await emil.take(monitors.inquiry("How much is the big plan?", "Sales", "Pia Lund").id)
    await until(lambda: row_of(window.chats_table, "Pia Lund") is not None, what="Emil's chat")
    click_row(qtbot, window.chats_table, row_of(window.chats_table, "Pia Lund") or 0)
    qtbot.keyClick(window.chats_table, Qt.Key.Key_Return)
    await until(window.transcript.take_over_button.isVisible, what="Take over offered")
    click(qtbot, window.transcript.take_over_button)
    await until(lambda: _cell(window.chats_table, "Pia Lund", ChatsInProgressModel.AGENT) == "Tomás Ruiz",
                what="the chat now Tomás's")
    assert window.transcript.outcome.text() == "You took over the chat with Pia Lund."
    assert monitors.desk.chats[chat.id].served_by_id == monitors.org.person("tomas").id
    await until(lambda: not window.transcript.take_over_button.isVisible(), what="nothing left to take over")
