"""Searching a contact's conversations at the desk: a hit keeps the list filtered until the box is
cleared, and the chat it opens shows the first matching message, its words marked by painting
(never as markup: the text is the visitor's)."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from app.domain import Channel
from app.store import chats, messages
from app.store.rows import to_ms
from tests.ui.actions import click_row
from tests.ui.conftest import Desk, until
from tests.ui.test_contacts_desk import SUPPORT, _history_ids, _take_row, _visitor
from ui.workspace.message_delegate import MATCH_BACKGROUND, matches_in, search_words
from ui.workspace.window import WorkspaceWindow

MARKED = "<b>Invoice</b> 4711 was charged twice"


async def _lena_with_history(qtbot: QtBot, desk: Desk) -> tuple[WorkspaceWindow, str, str, str]:
    """Lena's open chat, taken by Ana, and two closed ones of hers: (window, open, parcel chat,
    invoice chat). The invoice chat is long, its match far above the newest message."""
    lena = await _visitor(desk, "Lena Park", Channel.EMAIL, "lena@example.com")
    inquiry = await desk.engine.open_chat(visitor_id=lena.id, text="Hello again", department_id=SUPPORT)
    window = await desk.open("ana")
    await _take_row(qtbot, window, inquiry.chat_id)
    start = to_ms(desk.clock.now()) - 10_000_000
    parcel, invoice = "chat-parcel", "chat-invoice"

    def write(connection: sqlite3.Connection) -> None:
        chats.insert_closed_many(connection, [
            (parcel, lena.id, lena.contact_id, SUPPORT, window.principal.id,
             start, start + 1_000, start + 2_000, "", "[]"),
            (invoice, lena.id, lena.contact_id, SUPPORT, window.principal.id,
             start + 3_000, start + 4_000, start + 5_000, "", "[]"),
        ])
        rows: list[messages.MessageRow] = [
            ("p-1", parcel, "visitor", lena.id, "Lena Park", "My parcel never arrived", start + 10)]
        texts = [f"Line {n} about the weather" for n in range(120)]
        texts[20] = MARKED
        rows += [(f"i-{n}", invoice, "visitor", lena.id, "Lena Park", text, start + 3_000 + n)
                 for n, text in enumerate(texts)]
        messages.insert_many(connection, rows)

    await desk.engine.database.write(write)
    await until(window.contact_panel.search.isEnabled, what="the contact")
    # Opening the chat again reads the contact's whole history, the new chats included.
    window.open_chat(inquiry.chat_id)
    await until(lambda: _history_ids(window) == {inquiry.chat_id, parcel, invoice}, what="the history")
    return window, inquiry.chat_id, parcel, invoice


async def _search(qtbot: QtBot, window: WorkspaceWindow, text: str, expected: set[str]) -> None:
    panel = window.contact_panel
    panel.search.setFocus()
    qtbot.keyClicks(panel.search, text)
    await until(lambda: _history_ids(window) == expected, what=f"the conversations matching {text!r}")


def _opened(window: WorkspaceWindow, chat_id: str) -> bool:
    chat = window.conversation.chat
    return (chat is not None and chat.id == chat_id and window.messages_model.chat_id == chat_id
            and window.messages_model.rowCount() > 0)


async def test_a_search_hit_keeps_the_list_filtered_until_the_box_is_cleared(
    qtbot: QtBot, desk: Desk
) -> None:
    window, open_chat, parcel, invoice = await _lena_with_history(qtbot, desk)
    panel = window.contact_panel
    await _search(qtbot, window, "invoice", {invoice})
    assert panel.history_title.text() == "1 matching conversation"

    click_row(qtbot, panel.history, 0)
    await until(lambda: _opened(window, invoice), what="the invoice chat")
    # The contact's history came with the chat: still the search's, with the query in the box.
    assert panel.search.text() == "invoice"
    assert _history_ids(window) == {invoice}
    assert panel.history_title.text() == "1 matching conversation"

    # Another search, another hit: the same.
    panel.search.clear()
    await until(lambda: len(_history_ids(window)) == 3, what="every conversation again")
    await _search(qtbot, window, "parcel", {parcel})
    click_row(qtbot, panel.history, 0)
    await until(lambda: _opened(window, parcel), what="the parcel chat")
    assert _history_ids(window) == {parcel}

    # Clearing the box, as a user does, brings every conversation back.
    panel.search.setFocus()
    qtbot.keyClick(panel.search, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(panel.search, Qt.Key.Key_Backspace)
    await until(lambda: _history_ids(window) == {open_chat, parcel, invoice}, what="every conversation")
    assert panel.history_title.text() == "3 conversations"


def _marked_pixels(window: WorkspaceWindow) -> int:
    grabbed = window.conversation.messages.viewport().grab().toImage()
    image = grabbed.convertToFormat(QImage.Format.Format_RGB32)
    wanted = MATCH_BACKGROUND.rgb()
    return sum(1 for y in range(0, image.height(), 2) for x in range(0, image.width(), 2)
               if image.pixel(x, y) == wanted)


async def test_a_search_hit_opens_at_the_first_match_with_its_words_marked(
    qtbot: QtBot, desk: Desk
) -> None:
    window, first, _parcel, invoice = await _lena_with_history(qtbot, desk)
    panel = window.contact_panel
    view = window.conversation.messages
    await _search(qtbot, window, "INVOICE 47", {invoice})
    click_row(qtbot, panel.history, 0)
    await until(lambda: _opened(window, invoice), what="the invoice chat")
    assert window.messages_model.rowCount() == 120
    match = window.messages_model.index(20, 0)
    assert window.messages_model.message_at(20).text == MARKED

    # Laid out and painted; the newest message would be at the bottom, the match is in view.
    await until(lambda: view.viewport().rect().intersects(view.visualRect(match)), what="the match")
    await until(lambda: _marked_pixels(window) > 0, what="the marked words painted")
    bar = view.verticalScrollBar()
    assert bar.value() < bar.maximum()
    last = window.messages_model.index(119, 0)
    assert not view.viewport().rect().intersects(view.visualRect(last))
    # The words are marked in the plain text, tags and all shown as typed: "Invoice" at 3, "4711"
    # (the last word, a prefix) whole.
    words = window.conversation.delegate.highlight
    assert words == ("invoice", "47")
    assert matches_in(MARKED, words) == [(3, 7), (15, 4)]
    assert matches_in("Line 3 about the weather", words) == []

    # Opened plainly (from the chats list), the same chat shows its newest message, nothing marked.
    window.open_chat(first)
    await until(lambda: _opened(window, first), what="the open chat")
    window.open_chat(invoice)
    await until(lambda: _opened(window, invoice), what="the invoice chat again")
    await until(lambda: bar.value() == bar.maximum(), what="the newest message")
    assert window.conversation.delegate.highlight == ()
    assert _marked_pixels(window) == 0


def test_search_words_fold_case_and_accents() -> None:
    words = search_words("Café, RÉSUMÉ")
    assert words == ("cafe", "resume")
    assert matches_in("Le café et le résumé", words) == [(3, 4), (14, 6)]
    assert matches_in("cafeteria resume", words) == []  # only the last word is a prefix
    assert matches_in("anything", ()) == []
