"""The dashboard's models: consistent for Qt (qtmodeltester), rows changed in place by
snapshots and events, durations sorted as numbers, warning colours on both palettes; and the
coalescing that keeps a stream of events from asking for the unit's figures each time."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor, QPalette
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from app.domain import (
    Agent,
    AgentLoad,
    AgentStatus,
    AuthorKind,
    Availability,
    Channel,
    ChatInProgress,
    ChatStatus,
    ChatSummary,
    DepartmentQueue,
    Message,
    Priority,
)
from tests.ui.conftest import until
from ui.monitor.agents import AgentLoadsModel
from ui.monitor.chats import ChatsFilter, ChatsInProgressModel
from ui.monitor.coalesce import Coalescer
from ui.monitor.colours import Level, is_dark, swatch
from ui.monitor.queues import DepartmentQueuesModel

NOW = datetime(2026, 11, 25, 10, 30, tzinfo=UTC)
NAMES = {"d-support": "Support", "d-billing": "Billing"}


def _now() -> datetime:
    return NOW


def _agent(agent_id: str, name: str, open_chats: int) -> Agent:
    return Agent(agent_id, agent_id, name, AgentStatus.ONLINE, Availability.AVAILABLE, None,
                 ("d-support",), open_chats)


def _chat(number: int, *, agent: str = "Bo", waiting_s: float | None = 30, idle_s: float = 10,
          status: ChatStatus = ChatStatus.OPEN) -> ChatInProgress:
    summary = ChatSummary(f"c{number}", f"Visitor {number}", "contact", Channel.WIDGET, "d-support", status,
                          "u-bo", agent, NOW - timedelta(minutes=20), None, ("vip",) if number % 2 else (),
                          "hello", 3, "unit-a")
    return ChatInProgress(summary, Priority.NOT_SPECIFIED,
                          None if waiting_s is None else NOW - timedelta(seconds=waiting_s),
                          NOW - timedelta(seconds=idle_s))


def test_the_models_are_consistent(qtmodeltester: ModelTester) -> None:
    queues = DepartmentQueuesModel(_now, NAMES)
    queues.reset([DepartmentQueue("d-support", 3, NOW - timedelta(minutes=4), 1, 1),
                  DepartmentQueue("d-billing", 0, None, 0, 0)])
    agents = AgentLoadsModel(_now)
    agents.reset([AgentLoad(_agent("u-bo", "Bo", 5), 4, NOW - timedelta(minutes=2), 1),
                  AgentLoad(_agent("u-ana", "Ana", 1), None, None)])
    chats = ChatsInProgressModel(_now, NAMES)
    chats.reset([_chat(n) for n in range(30)])
    proxy = ChatsFilter(chats)
    proxy.sort(ChatsInProgressModel.WAITING)
    for model in (queues, agents, chats, proxy):
        qtmodeltester.check(model, force_py=True)


def test_queue_figures_read_and_colour_by_urgency() -> None:
    queues = DepartmentQueuesModel(_now, NAMES)
    queues.reset([DepartmentQueue("d-support", 3, NOW - timedelta(minutes=4), 2, 1),
                  DepartmentQueue("d-billing", 0, None, 0, 0)])
    support = [queues.index(0, column).data() for column in range(5)]
    assert support == ["Support", "3", "4 min 00 s", "2", "1"]
    assert queues.index(1, DepartmentQueuesModel.LONGEST).data() == "—"
    background = Qt.ItemDataRole.BackgroundRole
    assert queues.index(0, DepartmentQueuesModel.DUE_SOON).data(background) == _colour(Level.SOON)
    assert queues.index(0, DepartmentQueuesModel.BREACHED).data(background) == _colour(Level.PAST)
    assert queues.index(1, DepartmentQueuesModel.BREACHED).data(background) is None


def _colour(level: Level) -> QColor:
    colours = swatch(level)
    assert colours is not None
    return colours.background


def test_warning_colours_stay_readable_on_the_dark_palette() -> None:
    dark = QPalette()
    dark.setColor(QPalette.ColorRole.Window, QColor("#2b2d30"))
    light = QPalette()
    light.setColor(QPalette.ColorRole.Window, QColor("#f0f0f0"))
    assert is_dark(dark) and not is_dark(light)
    for level in (Level.SOON, Level.PAST):
        on_dark, on_light = swatch(level, dark), swatch(level, light)
        assert on_dark is not None and on_light is not None
        # Light text on a deep fill in the dark theme, dark text on a pale fill in the light one.
        assert on_dark.text.lightness() - on_dark.background.lightness() > 100
        assert on_light.background.lightness() - on_light.text.lightness() > 100


def test_a_snapshot_changes_rows_in_place_without_a_reset(qtbot: QtBot) -> None:
    agents = AgentLoadsModel(_now)
    bo, ana = AgentLoad(_agent("u-bo", "Bo", 2), 4, None), AgentLoad(_agent("u-ana", "Ana", 1), 4, None)
    agents.reset([bo, ana])
    resets: list[object] = []
    changed: list[int] = []
    agents.modelReset.connect(lambda: resets.append(None))
    agents.dataChanged.connect(lambda first, _last, _roles: changed.append(first.row()))
    agents.sync([replace(bo, agent=replace(bo.agent, open_chats=5)), ana])
    assert resets == [] and changed == [0]
    assert agents.index(0, AgentLoadsModel.OPEN).data() == "5 / 4"
    assert agents.index(0, AgentLoadsModel.OPEN).data(Qt.ItemDataRole.BackgroundRole) == _colour(Level.PAST)
    gabe = AgentLoad(_agent("u-gabe", "Gabe", 0), None, None)
    agents.sync([ana, gabe])  # Bo left the unit's departments, Gabe joined
    assert [agents.value_at(r).agent.name for r in range(agents.rowCount())] == ["Ana", "Gabe"]
    assert agents.index(1, AgentLoadsModel.OPEN).data() == "0 / no limit"


def test_messages_move_a_chats_reply_wait_and_idle_time() -> None:
    chats = ChatsInProgressModel(_now, NAMES)
    chats.reset([_chat(1, waiting_s=None, idle_s=300), _chat(2, waiting_s=60)])

    def message(chat: str, kind: AuthorKind, seconds_ago: int) -> Message:
        return Message(f"m-{chat}-{seconds_ago}", chat, kind, None, "x", "text",
                       NOW - timedelta(seconds=seconds_ago))

    chats.messages_added([message("c1", AuthorKind.VISITOR, 40), message("c1", AuthorKind.VISITOR, 20),
                          message("c2", AuthorKind.AGENT, 5), message("elsewhere", AuthorKind.VISITOR, 1)])
    waiting, idle = ChatsInProgressModel.WAITING, ChatsInProgressModel.IDLE
    assert chats.index(0, waiting).data() == "40 s"  # since the first unanswered message
    assert chats.index(0, idle).data() == "20 s"
    assert chats.index(1, waiting).data() == "—"  # the agent answered
    assert chats.index(1, idle).data() == "5 s"


def test_durations_sort_as_numbers_and_the_filter_finds_any_column() -> None:
    chats = ChatsInProgressModel(_now, NAMES)
    chats.reset([_chat(1, waiting_s=600), _chat(2, waiting_s=59), _chat(3, waiting_s=None, agent="Ana"),
                 _chat(4, waiting_s=3600)])
    proxy = ChatsFilter(chats)
    proxy.sort(ChatsInProgressModel.WAITING, Qt.SortOrder.DescendingOrder)
    order = [proxy.index(r, 0).data() for r in range(proxy.rowCount())]
    assert order == ["Visitor 4", "Visitor 1", "Visitor 2", "Visitor 3"]  # "1 h" > "10 min" > "59 s"
    proxy.setFilterFixedString("ana")
    assert [proxy.index(r, 0).data() for r in range(proxy.rowCount())] == ["Visitor 3"]
    proxy.setFilterFixedString("VIP")
    assert {proxy.index(r, 0).data() for r in range(proxy.rowCount())} == {"Visitor 1", "Visitor 3"}


async def test_a_stream_of_requests_becomes_one_refresh_per_interval() -> None:
    running: list[Callable[[], None]] = []
    owner = QObject()
    coalescer = Coalescer(50, running.append, owner)
    loop = asyncio.get_running_loop()
    asked, end = 0, loop.time() + 0.5
    while loop.time() < end:  # a request every 5 ms for half a second
        coalescer.request()
        asked += 1
        if running:
            running.pop()()  # each refresh ends at once
        await asyncio.sleep(0.005)
    assert asked > 50
    assert 4 <= coalescer.started <= 12  # about one per 50 ms


async def test_a_request_while_refreshing_brings_exactly_one_more() -> None:
    running: list[Callable[[], None]] = []
    owner = QObject()
    coalescer = Coalescer(10, running.append, owner)
    coalescer.request()
    await until(lambda: running, what="the first refresh")
    for _ in range(20):
        coalescer.request()
    await asyncio.sleep(0.05)
    assert coalescer.started == 1  # never two at once
    running.pop()()
    await until(lambda: coalescer.started == 2, what="the one refresh that follows")
    running.pop()()
    await asyncio.sleep(0.05)
    assert coalescer.started == 2
