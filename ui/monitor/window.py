"""The monitor dashboard: one unit's queues, agents, chats in progress and day, live.

A monitor watches their units (a picker when they have several), an admin every unit. The window
is a layout: events reach the models through `UnitFeed`, commands go through `MonitorActions`,
and everything that waits on the backend runs in the task runner.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from PySide6.QtCore import QEvent, QModelIndex, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QMainWindow,
    QSizePolicy,
    QSplitter,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app.backends.events import ConnectionChanged, Resynced
from app.clock import Clock
from app.domain import Department, Principal, SearchHit, Unit, UnitOverview
from app.notifications.service import NotificationSettings
from ui.accessible import named
from ui.bridge.events import EventPump
from ui.bridge.tasks import TaskRunner
from ui.connection_bar import ConnectionBar
from ui.geometry import fit_to_screen
from ui.models.messages import MessageModel
from ui.models.queue import QueueModel
from ui.monitor.agents import AgentLoadsModel
from ui.monitor.backend import SupervisingBackend
from ui.monitor.charts import DayCharts
from ui.monitor.chats import ChatsFilter, ChatsInProgressModel
from ui.monitor.coalesce import Coalescer
from ui.monitor.drilldown import DrillDown
from ui.monitor.live import UnitFeed
from ui.monitor.panels import filter_box, table, titled
from ui.monitor.queues import DepartmentQueuesModel
from ui.monitor.transcript import TranscriptPanel
from ui.plain import plain_label
from ui.search.field import DeskSearch
from ui.workspace.banner import Banner, show_link

# Queue figures and loads are asked for at most this often while events stream in.
OVERVIEW_EVERY_MS = 300
# The day's charts change slowly: at most this often (and when the hour turns).
DAY_EVERY_MS = 5_000
# An SLA is "due soon" this close to its time, as the desk's notifications say it.
_SLA_WARNING = timedelta(seconds=NotificationSettings().sla_warning_s)


class MonitorWindow(QMainWindow):
    ready = Signal()
    closed = Signal()

    def __init__(self, backend: SupervisingBackend, principal: Principal, clock: Clock,
                 department_names: dict[str, str], settings: QSettings, *, where: str = "") -> None:
        super().__init__()
        self.backend = backend
        self.principal = principal
        self._clock = clock
        self._settings = settings
        self.runner = TaskRunner(self)
        self.pump = EventPump(self)
        self.units: list[Unit] = []
        self.unit: Unit | None = None
        self._departments: list[Department] = []
        self._tags: list[str] = []
        # Each unit shown is a generation: answers for an earlier one are dropped.
        self._generation = 0
        self._overview_at: datetime | None = None
        self._hour = clock.now().replace(minute=0, second=0, microsecond=0)
        self._is_ready = False
        self.setWindowTitle(self.tr("Omnidesk — Monitor dashboard — {name}").format(name=principal.name))
        fit_to_screen(self, 1400, 900)

        now = clock.now
        self.queues_model = DepartmentQueuesModel(now, department_names)
        self.agents_model = AgentLoadsModel(now)
        self.chats_model = ChatsInProgressModel(now, department_names)
        self.chats_proxy = ChatsFilter(self.chats_model)
        self.waiting_model = QueueModel(now, department_names)
        self.messages_model = MessageModel()

        self.banner = Banner()
        self.connection_bar = ConnectionBar(clock, self.runner, self.tr(
            "The figures update when the connection is back."), backend=backend)
        self.queues_table = table(self.queues_model, "departmentQueues", self.tr("Queues"), sortable=True,
                                  fit=True)
        self.agents_table = table(self.agents_model, "agentLoads", self.tr("Agents"), sortable=True, fit=True)
        self.chats_table = table(self.chats_proxy, "chatsInProgress", self.tr("Chats in progress"),
                                 sortable=True)
        self.waiting_table = table(self.waiting_model, "waitingInquiries", self.tr("Waiting"))
        self.chats_filter = filter_box(self.chats_proxy)
        self.chats_title = plain_label()
        self.tabs = QTabWidget()
        self.tabs.addTab(titled("", self.chats_filter, self.chats_table), self.tr("Chats in progress"))
        self.tabs.addTab(titled("", self.waiting_table), self.tr("Waiting"))
        self.charts = DayCharts()
        self.transcript = TranscriptPanel(self.messages_model, dict(department_names))
        self.transcript.hide()

        upper = QSplitter(Qt.Orientation.Horizontal)
        upper.addWidget(titled(self.tr("Queues"), self.queues_table))
        upper.addWidget(titled(self.tr("Agents"), self.agents_table))
        tables = QSplitter(Qt.Orientation.Vertical)
        tables.addWidget(upper)
        tables.addWidget(self.tabs)
        tables.addWidget(self.charts)
        tables.setSizes([220, 420, 240])
        main = QSplitter(Qt.Orientation.Horizontal)
        main.addWidget(tables)
        main.addWidget(self.transcript)
        main.setStretchFactor(0, 3)
        main.setStretchFactor(1, 2)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(8, 4, 8, 8)
        layout.addWidget(self.connection_bar)
        layout.addWidget(self.banner)
        layout.addWidget(main, 1)
        self.setCentralWidget(central)

        self.unit_picker = QComboBox()
        named(self.unit_picker, self.tr("Unit"))
        self.unit_picker.setObjectName("unitPicker")
        self.unit_picker.setMinimumContentsLength(18)
        self.unit_label = plain_label()
        self.unit_label.setObjectName("unitName")
        toolbar = QToolBar(self.tr("Unit"))
        toolbar.setMovable(False)
        toolbar.addWidget(plain_label(self.tr("  {name} · watching  ").format(name=principal.name)))
        self._picker_action = toolbar.addWidget(self.unit_picker)
        toolbar.addWidget(self.unit_label)
        # Every chat of the units watched (an admin's: all), whichever unit the tables show.
        self.desk_search = DeskSearch(backend.search, self.runner, clock.now, self)
        self.desk_search.hit_chosen.connect(self._on_desk_search_hit_chosen)
        gap = QWidget()
        gap.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        toolbar.addWidget(gap)
        toolbar.addWidget(self.desk_search.field)
        QShortcut(QKeySequence("Ctrl+K"), self, self.desk_search.focus)
        self.addToolBar(toolbar)
        self.statusBar().addWidget(plain_label(where))
        self.connection = plain_label()
        self.connection.setObjectName("connection")
        self.statusBar().addPermanentWidget(self.connection)

        self.drilldown = DrillDown(backend, principal, self.runner, self.transcript, self.messages_model,
                                   self.agents_model, self.waiting_model, self)
        self.feed = UnitFeed(self.pump, self.chats_model, self.waiting_model, self.agents_model,
                             self.messages_model, self)
        self.overview_refresh = Coalescer(OVERVIEW_EVERY_MS, self._refresh_overview, self)
        self.day_refresh = Coalescer(DAY_EVERY_MS, self._refresh_day, self)
        self.feed.figures_stale.connect(self.overview_refresh.request)
        self.feed.day_stale.connect(self.day_refresh.request)
        self.feed.chats_touched.connect(self.drilldown.chats_touched)
        self.pump.connection_changed.connect(self._on_pump_connection_changed)
        self.pump.resynced.connect(self._on_pump_resynced)
        self.runner.failed.connect(self._on_runner_failed)
        self.unit_picker.currentIndexChanged.connect(self._on_unit_picker_changed)
        self.chats_table.activated.connect(self._on_chats_table_activated)
        self.waiting_table.activated.connect(self._on_waiting_table_activated)
        self.drilldown.said.connect(self._on_drilldown_said)

        # Waits, idle times and SLAs move with the clock: repaint those columns every second.
        self._ticker = QTimer(self)
        self._ticker.setInterval(1_000)
        self._ticker.timeout.connect(self._on_ticker_timeout)
        self._ticker.start()

    @property
    def is_ready(self) -> bool:
        return self._is_ready

    # -- loading ---------------------------------------------------------------------------

    def start(self) -> None:
        self.runner.run(self._subscribe_and_load(), what=self.tr("Load the dashboard"))

    async def _subscribe_and_load(self) -> None:
        """Subscribe first (live once `events()` returns), then load: nothing is missed."""
        self.pump.start(await self.backend.events())
        await self._load_units()

    async def _load_units(self) -> None:
        self._departments = await self.backend.departments()
        self._tags = await self.backend.tags()
        self.drilldown.departments, self.drilldown.tags = self._departments, self._tags
        names = {d.id: d.name for d in self._departments}
        for model in (self.queues_model, self.chats_model):
            model.department_names = names
        self.transcript.department_names = names
        self.units = sorted(await self.backend.supervised_units(), key=lambda u: u.name.lower())
        if not self.units:
            # An admin may have just taken the last unit away: nothing of it stays on screen.
            self._clear_unit()
            self.unit = None
            self.feed.unit_id = None
            self.unit_picker.clear()
            self.unit_label.setText("")
            self.banner.show_problem(self.tr("Monitor dashboard"), self.tr(
                    "You look after no unit yet: an admin adds "
                                     "monitors to units."))
            self._is_ready = True
            self.ready.emit()
            return
        wanted = self.unit.id if self.unit else str(self._settings.value("monitor/unit", ""))
        chosen = next((u for u in self.units if u.id == wanted), self.units[0])
        self.unit_picker.blockSignals(True)
        self.unit_picker.clear()
        for unit in self.units:
            self.unit_picker.addItem(unit.name, unit.id)
        self.unit_picker.setCurrentIndex(self.units.index(chosen))
        self.unit_picker.blockSignals(False)
        # A picker only when there is a choice.
        self._picker_action.setVisible(len(self.units) > 1)
        await self._load_unit(chosen)

    async def _load_unit(self, unit: Unit) -> None:
        self._generation += 1
        generation = self._generation
        self.unit = unit
        self.feed.unit_id = unit.id
        self._settings.setValue("monitor/unit", unit.id)
        self.setWindowTitle(self.tr("Omnidesk — Monitor dashboard — {name}").format(name=unit.name))
        self.unit_label.setText(self.tr("  {name}  ").format(name=unit.name) if len(self.units) == 1 else "")
        overview = await self.backend.unit_overview(unit.id)
        if generation != self._generation:
            return  # another unit was chosen meanwhile
        self._show_overview(overview, whole=True)
        self._is_ready = True
        self.ready.emit()
        self._refresh_day(lambda: None)

    def _show_overview(self, overview: UnitOverview, *, whole: bool) -> None:
        """Show the unit's figures; `whole`: its chats and waiting inquiries too (a coalesced
        refresh leaves those to the events, which keep them row by row)."""
        self._overview_at = overview.at
        if whole:
            self.queues_model.reset(overview.queues)
            self.agents_model.reset(overview.agents)
            self.chats_model.reset(overview.chats)
            self.waiting_model.reset(overview.inquiries)
        else:
            self.queues_model.sync(overview.queues)
            self.agents_model.sync(overview.agents)
        waiting = sum(queue.waiting for queue in overview.queues)
        self.tabs.setTabText(0, self.tr("Chats in progress ({rowCount})").format(
                rowCount=self.chats_model.rowCount()))
        self.tabs.setTabText(1, self.tr("Waiting ({waiting})").format(waiting=waiting))

    def _refresh_overview(self, done: Callable[[], None]) -> None:
        unit, generation = self.unit, self._generation
        if unit is None:
            done()
            return

        async def refresh() -> None:
            try:
                overview = await self.backend.unit_overview(unit.id)
            finally:
                done()
            if generation == self._generation:
                self._show_overview(overview, whole=False)

        self.runner.run(refresh(), what=self.tr("Refresh the unit's figures"))

    def _refresh_day(self, done: Callable[[], None]) -> None:
        unit, generation = self.unit, self._generation
        if unit is None:
            done()
            return

        async def refresh() -> None:
            try:
                day = await self.backend.unit_day(unit.id, self._clock.now().date())
            finally:
                done()
            if generation == self._generation:
                self.charts.show_day(day)

        self.runner.run(refresh(), what=self.tr("Load the day's figures"))

    def _on_unit_picker_changed(self, index: int) -> None:
        if not 0 <= index < len(self.units):
            return
        unit = self.units[index]
        if self.unit is not None and unit.id == self.unit.id:
            return
        self._clear_unit()
        self.runner.run(self._load_unit(unit), what=self.tr("Show {name}").format(name=unit.name))

    def _clear_unit(self) -> None:
        self.close_transcript()
        self.feed.forget()
        for model in (self.queues_model, self.agents_model, self.chats_model, self.waiting_model):
            model.reset([])

    # -- time ------------------------------------------------------------------------------

    def _on_ticker_timeout(self) -> None:
        if not self.isVisible():
            return  # a hidden window catches up when shown (the next tick)
        # Repaint, not dataChanged: every wait grows by the same second, so no order changes,
        # and the views read only their visible rows (a dataChanged over 2,000 rows would make
        # the sorting proxy re-sort them all, every second).
        for view in (self.queues_table, self.agents_table, self.chats_table, self.waiting_table):
            view.viewport().update()
        now = self._clock.now()
        if self._sla_moved(now):
            self.overview_refresh.request()
        hour = now.replace(minute=0, second=0, microsecond=0)
        if hour != self._hour:
            self._hour = hour
            self.day_refresh.request()

    def _sla_moved(self, now: datetime) -> bool:
        """Whether a waiting inquiry's SLA became due soon or passed since the figures shown."""
        since = self._overview_at
        if since is None:
            return False
        for row in range(self.waiting_model.rowCount()):
            due = self.waiting_model.inquiry_at(row).sla_due_at
            if due is not None and any(since < moment <= now for moment in (due - _SLA_WARNING, due)):
                return True
        return False

    # -- drill-down ------------------------------------------------------------------------

    def _on_chats_table_activated(self, index: QModelIndex) -> None:
        source = self.chats_proxy.mapToSource(index)
        self.open_chat(self.chats_model.chat_at(source.row()).chat.id)

    def _on_waiting_table_activated(self, index: QModelIndex) -> None:
        self.open_chat(self.waiting_model.inquiry_at(index.row()).chat_id)

    def open_chat(self, chat_id: str) -> None:
        """Show the chat's transcript beside the tables, live, with what may be done to it."""
        self.drilldown.open(chat_id)

    def _on_desk_search_hit_chosen(self, hit: SearchHit, query: str) -> None:
        self.drilldown.open(hit.message.chat_id, find=query, at=hit.message.id)
        self.transcript.messages.setFocus()

    def close_transcript(self) -> None:
        self.drilldown.close()

    # -- the link --------------------------------------------------------------------------

    def _on_drilldown_said(self, text: str) -> None:
        self.statusBar().showMessage(text, 10_000)

    def _on_runner_failed(self, what: str, message: str) -> None:
        self.banner.show_problem(what, message)

    def _on_pump_connection_changed(self, events: list[ConnectionChanged]) -> None:
        self.connection_bar.show_link(events[-1])
        show_link(self.connection, events[-1])

    def _on_pump_resynced(self, events: list[Resynced]) -> None:
        del events  # one reload answers any number of them
        self.runner.run(self._reload(self.drilldown.shown_chat_id), what=self.tr("Reload the dashboard"))

    async def _reload(self, shown_chat_id: str | None) -> None:
        """The units again, then the transcript that was open, if its unit is still shown (the
        user may have lost the unit: the chat is then no longer theirs to see)."""
        await self._load_units()
        if shown_chat_id is not None and self.unit is not None:
            self.open_chat(shown_chat_id)

    # -- theme and closing -----------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self.charts.follow_palette()
        super().changeEvent(event)

    async def shutdown(self) -> None:
        self._ticker.stop()
        self.overview_refresh.stop()
        self.day_refresh.stop()
        await self.pump.stop()
        await self.runner.cancel_all()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closed.emit()
        super().closeEvent(event)
