"""The desk-wide search (Ctrl+K): hits appear as you type, only from chats the user may see; the
keyboard opens one, scrolled to the message with the words marked; visitor text in a snippet
shows as written; an answer to an earlier query never replaces a later one."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import UTC, datetime
from typing import cast

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from app.domain import AuthorKind, Channel, ChatStatus, Message, SearchHit, Visitor
from app.domain.message import MATCH_END, MATCH_START
from app.store import messages
from app.store.rows import to_ms
from tests.ui.actions import click, click_row
from tests.ui.conftest import Desk, until
from tests.ui.test_contact_search import MARKED, _lena_with_history, _marked_pixels, _opened
from tests.ui.test_contacts_desk import _visitor
from ui.bridge.tasks import TaskRunner
from ui.lifetime import dispose
from ui.models.search_hits import SearchHitsModel
from ui.monitor.backend import SupervisingBackend
from ui.monitor.window import MonitorWindow
from ui.search.field import EMPTY_STATE, PAGE, DeskSearch
from ui.search.hit_delegate import snippet_layout
from ui.workspace.window import WorkspaceWindow

CTRL = Qt.KeyboardModifier.ControlModifier


async def _someone(desk: Desk, name: str) -> Visitor:
    return await _visitor(desk, name, Channel.EMAIL, f"{name.split()[0].lower()}@example.com")


async def _type_search(qtbot: QtBot, window: WorkspaceWindow, text: str) -> DeskSearch:
    search = window.desk_search
    qtbot.keyClick(window, Qt.Key.Key_K, CTRL)
    await until(lambda: search.field.hasFocus() and search.results.isVisible(), what="the search field")
    qtbot.keyClicks(search.field, text)
    await until(lambda: search.answered == text, what=f"the hits for {text!r}")
    return search


def _hit_chats(search: DeskSearch) -> list[str]:
    return [search.model.hit_at(row).message.chat_id for row in range(search.model.rowCount())]


async def test_typing_shows_hits_and_the_keyboard_opens_one_at_its_message_marked(
    qtbot: QtBot, desk: Desk
) -> None:
    window, open_chat, _parcel, invoice = await _lena_with_history(qtbot, desk)
    search = window.desk_search
    qtbot.keyClick(window, Qt.Key.Key_K, CTRL)
    await until(search.results.isVisible, what="the search's drop-down")
    assert search.field.hasFocus()
    assert search.status.text() == EMPTY_STATE

    qtbot.keyClicks(search.field, "weather line")
    await until(lambda: search.answered == "weather line", what="the hits")
    assert search.list.isVisible() and search.model.rowCount() == PAGE  # 119 lines match: a page of them
    assert search.status.text() == f"The {PAGE} best matches"
    assert search.more.isVisible()

    qtbot.keyClick(search.field, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(search.field, "invoice 47")
    await until(lambda: search.answered == "invoice 47", what="the invoice hit")
    assert _hit_chats(search) == [invoice]
    assert search.status.text() == "1 message"
    hit = search.model.hit_at(0)
    who, _, rest = search.model.index(0).data().partition(" · ")
    assert who == "Lena Park" and rest.startswith("closed · ")
    # Down then Enter, as a user does, opens the chat (closed: the transcript, read only).
    qtbot.keyClick(search.field, Qt.Key.Key_Down)
    qtbot.keyClick(search.field, Qt.Key.Key_Return)
    await until(lambda: _opened(window, invoice), what="the invoice chat")
    assert not search.results.isVisible()
    assert not window.conversation.composer.isEnabled()
    assert window.conversation.details.text().split(" · ")[2].startswith("closed")
    view = window.conversation.messages
    match = window.messages_model.index(window.messages_model.row_of(hit.message.id) or 0, 0)
    assert window.messages_model.message_at(match.row()).text == MARKED
    await until(lambda: view.viewport().rect().intersects(view.visualRect(match)), what="the match in view")
    await until(lambda: _marked_pixels(window) > 0, what="the words marked")
    last = window.messages_model.index(window.messages_model.rowCount() - 1, 0)
    assert not view.viewport().rect().intersects(view.visualRect(last))
    assert window.conversation.delegate.highlight == ("invoice", "47")

    # The query stays: Ctrl+K shows its hits again; Escape closes them and returns the focus.
    qtbot.keyClick(window, Qt.Key.Key_K, CTRL)
    await until(lambda: search.results.isVisible() and search.model.rowCount() == 1, what="the hits again")
    qtbot.keyClick(search.field, Qt.Key.Key_Escape)
    assert not search.results.isVisible() and not search.field.hasFocus()
    del open_chat


async def test_show_more_adds_the_next_hits_below_those_shown(qtbot: QtBot, desk: Desk) -> None:
    window, *_chats = await _lena_with_history(qtbot, desk)
    search = await _type_search(qtbot, window, "weather")
    first = [search.model.hit_at(row).message.id for row in range(PAGE)]
    search.list.setCurrentIndex(search.model.index(3))
    click(qtbot, search.more)
    await until(lambda: search.model.rowCount() == 2 * PAGE, what="a page more")
    assert [search.model.hit_at(row).message.id for row in range(PAGE)] == first
    assert search.list.currentIndex().row() == 3  # rows added, nothing reset
    assert search.status.text() == f"The {2 * PAGE} best matches"
    click(qtbot, search.more)
    await until(lambda: search.model.rowCount() == 119, what="every hit")
    assert search.status.text() == "119 messages" and not search.more.isVisible()


async def test_no_match_says_so_and_enter_before_the_pause_opens_the_best_hit(
    qtbot: QtBot, desk: Desk
) -> None:
    window, _open, parcel, _invoice = await _lena_with_history(qtbot, desk)
    search = await _type_search(qtbot, window, "xylophone")
    assert search.model.rowCount() == 0 and not search.list.isVisible()
    assert search.status.text().startswith("No message matches “xylophone”.")
    # Typed and Enter at once: the search runs then, and its best hit opens.
    qtbot.keyClick(search.field, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(search.field, "parcel")
    qtbot.keyClick(search.field, Qt.Key.Key_Return)
    await until(lambda: _opened(window, parcel), what="the parcel chat")
    assert window.conversation.delegate.highlight == ("parcel",)


async def test_a_chat_out_of_sight_never_appears(qtbot: QtBot, desk: Desk) -> None:
    """Ana serves Support and Billing; a Sales chat's words are not hers to find."""
    window, *_chats = await _lena_with_history(qtbot, desk)
    sales = await desk.engine.open_chat(visitor_id=(await _someone(desk, "Sam Sales")).id,
                                        text="Zebracorn quote please", department_id="dep-sales")
    support = await desk.engine.open_chat(visitor_id=(await _someone(desk, "Sue Support")).id,
                                          text="Zebracorn arrived broken", department_id="dep-support")
    search = await _type_search(qtbot, window, "zebracorn")
    assert _hit_chats(search) == [support.chat_id]
    assert sales.chat_id not in _hit_chats(search)
    assert search.model.hit_at(0).chat_status is ChatStatus.QUEUED
    click_row(qtbot, search.list, 0)
    await until(lambda: _opened(window, support.chat_id), what="the waiting chat")


async def test_a_hostile_snippet_shows_as_written(qtbot: QtBot, desk: Desk) -> None:
    window, *_chats = await _lena_with_history(qtbot, desk)
    hostile = "<script>alert(1)</script> <b>Zanzibar</b> parcel"
    lena_chat = window.conversation.chat
    assert lena_chat is not None

    def write(connection: sqlite3.Connection) -> None:
        messages.insert_many(connection, [("hostile-1", lena_chat.id, "visitor", lena_chat.visitor_id,
                                           "Lena Park", hostile, to_ms(desk.clock.now()))])

    await desk.engine.database.write(write)
    search = await _type_search(qtbot, window, "zanzibar")
    hit = search.model.hit_at(0)
    shown = snippet_layout(hit, QFont(), 600, QColor("blue"))
    assert shown.text() == hostile  # laid out as plain text: tags and all
    (start, length), = [(r.start, r.length) for r in shown.formats() if r.format.background().color().alpha()]
    assert shown.text()[start:start + length] == "Zanzibar"
    assert "<b>Zanzibar</b>" in search.model.index(0).data()
    tip = search.model.index(0).data(Qt.ItemDataRole.ToolTipRole)
    assert "&lt;script&gt;" in tip and "<script>" not in tip


async def test_a_monitor_finds_their_units_chats_and_opens_the_transcript_at_the_match(
    qtbot: QtBot, desk: Desk
) -> None:
    """Maya watches Customer Care (Support and Billing): the search finds its chats, not Sales'."""
    support = await desk.engine.open_chat(visitor_id=(await _someone(desk, "Sue Support")).id,
                                          text="The okapi lamp flickers", department_id="dep-support")
    sales = await desk.engine.open_chat(visitor_id=(await _someone(desk, "Sam Sales")).id,
                                        text="Okapi lamp price?", department_id="dep-sales")
    backend = await desk.engine.sign_in("maya")
    names = {d.id: d.name for d in await backend.departments()}
    settings = QSettings(str(desk.settings_path), QSettings.Format.IniFormat)
    window = MonitorWindow(cast(SupervisingBackend, backend), await backend.me(), desk.clock, names, settings)
    window.show()
    window.start()
    try:
        await until(lambda: window.is_ready, what="the dashboard")
        search = window.desk_search
        qtbot.keyClick(window, Qt.Key.Key_K, CTRL)
        await until(search.field.hasFocus, what="the search field")
        qtbot.keyClicks(search.field, "okapi")
        await until(lambda: search.answered == "okapi", what="the hits")
        assert _hit_chats(search) == [support.chat_id]
        del sales
        qtbot.keyClick(search.field, Qt.Key.Key_Return)
        transcript = window.transcript
        await until(lambda: transcript.isVisible() and transcript.chat is not None
                    and transcript.chat.id == support.chat_id
                    and window.messages_model.rowCount() > 0, what="the transcript")
        assert transcript.delegate.highlight == ("okapi",)
    finally:
        await window.shutdown()
        window.close()
        dispose(window)
        await backend.aclose()


# -- the parts, without a desk ---------------------------------------------------------------

def _hit(number: int, text: str = "a parcel") -> SearchHit:
    message = Message(id=f"m{number}", chat_id=f"c{number}", author_kind=AuthorKind.VISITOR, author_id=None,
                      author_name="Lena", text=text, sent_at=datetime(2026, 11, 25, 10, tzinfo=UTC))
    return SearchHit(message, f"Visitor {number}", text.replace("parcel", f"{MATCH_START}parcel{MATCH_END}"),
                     ChatStatus.OPEN)


def test_the_hits_model_passes_the_model_tester(qtmodeltester: ModelTester) -> None:
    model = SearchHitsModel(lambda: datetime(2026, 11, 26, 12, tzinfo=UTC))
    model.show([_hit(n) for n in range(3)])
    qtmodeltester.check(model)
    model.show([_hit(n) for n in range(5)])  # more of the same search: rows added
    qtmodeltester.check(model)
    assert model.rowCount() == 5
    assert model.index(4).data() == "Visitor 4 · open · 25 Nov: a parcel"
    model.show([_hit(9)])
    qtmodeltester.check(model)
    assert model.rowCount() == 1


async def test_an_answer_to_an_earlier_query_is_dropped(qtbot: QtBot) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    host.resize(800, 500)
    host.show()
    answers: dict[str, asyncio.Future[list[SearchHit]]] = {}
    loop = asyncio.get_running_loop()

    async def search(text: str, *, limit: int) -> list[SearchHit]:
        answers[text] = loop.create_future()
        return await answers[text]

    runner = TaskRunner(host)
    desk_search = DeskSearch(search, runner, lambda: datetime(2026, 11, 25, tzinfo=UTC), host)
    field = desk_search.field
    field.setParent(host)
    field.show()
    field.setFocus()
    qtbot.keyClicks(field, "par")
    await until(lambda: "par" in answers, what="the first search")
    qtbot.keyClicks(field, "cel")
    await until(lambda: "parcel" in answers, what="the second search")
    answers["parcel"].set_result([_hit(2)])
    await until(lambda: desk_search.answered == "parcel", what="the second answer")
    answers["par"].set_result([_hit(1), _hit(3)])  # late: its query is gone
    await asyncio.sleep(0.05)
    assert [desk_search.model.hit_at(r).message.id for r in range(desk_search.model.rowCount())] == ["m2"]
    assert desk_search.answered == "parcel"
    await runner.cancel_all()
