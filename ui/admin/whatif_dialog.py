"""Today's traffic replayed with the pending edits, beside what the published settings give."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QProgressBar,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.whatif import ChatDifference, ReplayFigures, WhatIf
from ui.accessible import named
from ui.format import wait_time
from ui.geometry import fit_to_screen
from ui.i18n import QT_TRANSLATE_NOOP, translate
from ui.models.base import RowsModel
from ui.plain import plain_label


class AgentLoadModel(RowsModel[tuple[str, int, int]]):
    """Chats each agent was given: (agent name, before, after)."""

    AGENT, BEFORE, AFTER = range(3)
    HEADERS = (QT_TRANSLATE_NOOP("AgentLoadModel", "Agent"), QT_TRANSLATE_NOOP("AgentLoadModel", "Now"),
               QT_TRANSLATE_NOOP("AgentLoadModel", "With changes"))

    def __init__(self) -> None:
        super().__init__(key=lambda row: row[0])

    def display(self, value: tuple[str, int, int], column: int) -> str:
        return value[0] if column == self.AGENT else str(value[column])


class DifferencesModel(RowsModel[ChatDifference]):
    VISITOR, BEFORE, AFTER = range(3)
    HEADERS = (QT_TRANSLATE_NOOP("DifferencesModel", "Visitor"), QT_TRANSLATE_NOOP("DifferencesModel", "Now"),
               QT_TRANSLATE_NOOP("DifferencesModel", "With changes"))

    def __init__(self) -> None:
        super().__init__(key=lambda row: row.chat_id)

    def display(self, value: ChatDifference, column: int) -> str:
        return (value.visitor_name, value.before, value.after)[column]


def _wait(seconds: float | None) -> str:
    return "—" if seconds is None else wait_time(seconds)


_FIGURES: tuple[tuple[str, Callable[[ReplayFigures], str]], ...] = (
    (QT_TRANSLATE_NOOP("admin.whatif_dialog", "Chats"), lambda f: str(f.chats)),
    (QT_TRANSLATE_NOOP("admin.whatif_dialog", "Wait, median (p50)"), lambda f: _wait(f.wait_p50_s)),
    (QT_TRANSLATE_NOOP("admin.whatif_dialog", "Wait, p90"), lambda f: _wait(f.wait_p90_s)),
    (QT_TRANSLATE_NOOP("admin.whatif_dialog", "Queued"), lambda f: str(f.queued)),
    (QT_TRANSLATE_NOOP("admin.whatif_dialog", "Refused or never served"), lambda f: str(f.refused)),
)


class WhatIfDialog(QDialog):
    """Opens busy (the replay runs); `show_result` or `show_problem` ends the wait."""

    def __init__(self, agent_name: Callable[[str], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Compare with today's traffic"))
        fit_to_screen(self, 900, 760)
        self._agent_name = agent_name
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # no known end: an indicator that it is working
        self.busy_note = plain_label(self.tr("Replaying today's chats with and without your changes…"))
        waiting = QWidget()
        waiting_layout = QVBoxLayout(waiting)
        waiting_layout.addStretch(1)
        waiting_layout.addWidget(self.busy_note)
        waiting_layout.addWidget(self.busy)
        waiting_layout.addStretch(1)

        self.figures: dict[tuple[str, str], QLabel] = {}
        grid = QGridLayout()
        grid.addWidget(plain_label(""), 0, 0)
        grid.addWidget(plain_label(self.tr("Now")), 0, 1)
        grid.addWidget(plain_label(self.tr("With changes")), 0, 2)
        for row, (label, _) in enumerate(_FIGURES, start=1):
            grid.addWidget(plain_label(translate("admin.whatif_dialog", label)), row, 0)
            for column, side in enumerate(("before", "after"), start=1):
                value = plain_label()
                value.setObjectName(f"{side}:{label}")
                grid.addWidget(value, row, column)
                self.figures[(side, label)] = value
        figures_box = QGroupBox(self.tr("Figures"))
        figures_box.setLayout(grid)
        self.loads = AgentLoadModel()
        self.loads_table = QTableView()
        named(self.loads_table, self.tr("Chats per agent"))
        self.loads_table.setModel(self.loads)
        self.loads_table.verticalHeader().hide()
        self.loads_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        loads_box = QGroupBox(self.tr("Chats per agent"))
        QVBoxLayout(loads_box).addWidget(self.loads_table)
        top = QHBoxLayout()
        top.addWidget(figures_box, 1)
        top.addWidget(loads_box, 1)
        self.differences = DifferencesModel()
        self.differences_table = QTableView()
        named(self.differences_table, self.tr("Chats whose outcome changes"))
        self.differences_table.setModel(self.differences)
        self.differences_table.verticalHeader().hide()
        self.differences_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        differences_box = QGroupBox(self.tr("Chats whose outcome changes"))
        QVBoxLayout(differences_box).addWidget(self.differences_table)
        self.caveats = QListWidget()  # a few fixed sentences
        named(self.caveats, self.tr("What the replay cannot know"))
        self.caveats.setMaximumHeight(110)
        self.caveats.setWordWrap(True)
        self.caveats.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        result = QWidget()
        result_layout = QVBoxLayout(result)
        result_layout.addLayout(top)
        result_layout.addWidget(differences_box, 1)
        result_layout.addWidget(plain_label(self.tr("What the replay cannot know:")))
        result_layout.addWidget(self.caveats)

        self.problem = plain_label(wrap=True)
        self.pages = QStackedWidget()
        for page in (waiting, result, self.problem):
            self.pages.addWidget(page)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addWidget(buttons)

    @property
    def is_busy(self) -> bool:
        return self.pages.currentIndex() == 0

    def show_result(self, result: WhatIf) -> None:
        for label, read in _FIGURES:
            self.figures[("before", label)].setText(read(result.before))
            self.figures[("after", label)].setText(read(result.after))
        agents = sorted(set(result.before.per_agent) | set(result.after.per_agent), key=self._agent_name)
        self.loads.reset((self._agent_name(agent), result.before.per_agent.get(agent, 0),
                          result.after.per_agent.get(agent, 0)) for agent in agents)
        self.differences.reset(result.differences)
        self.caveats.clear()
        self.caveats.addItems(list(result.caveats) or [self.tr(
                "Nothing: the replay models every setting changed.")])
        self.pages.setCurrentIndex(1)

    def show_problem(self, message: str) -> None:
        self.problem.setText(self.tr("The comparison could not be made: {message}").format(message=message))
        self.pages.setCurrentIndex(2)

    def figure(self, side: str, label: str) -> str:
        return self.figures[(side, label)].text()
