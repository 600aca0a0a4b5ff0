"""The conversation's heading at large text in a narrow window: the visitor's name is whole and
the chat's actions that do not fit are one click away in the toolbar's » menu."""

from __future__ import annotations

import asyncio

from PySide6.QtWidgets import QLabel, QToolButton
from pytestqt.qtbot import QtBot

from tests.ui.actions import click, click_row
from tests.ui.conftest import Desk, until
from ui.workspace.info_dialog import ChatInfoDialog
from ui.workspace.window import _PANEL_SHARES


async def test_the_visitors_name_stays_whole_and_actions_overflow(qtbot: QtBot, desk: Desk) -> None:
    window = await desk.open("ana")
    window.resize(1024, 640)
    window.change_text_size(3)
    click_row(qtbot, window.queue_panel.table, 0)
    click(qtbot, window.queue_panel.take_button)
    await until(window.conversation.composer.isEnabled, what="the taken chat")
    c = window.conversation
    name = c.heading.text()
    await until(lambda: QLabel.text(c.heading) == name, what="the whole name drawn")
    more = c.actions_bar.findChild(QToolButton, "qt_toolbar_ext_button")
    assert more is not None
    assert c.close_button.isVisible()  # the most used action stays in sight
    hidden = [b for b in (c.info_button, c.hold_button, c.transfer_button) if not b.isVisible()]
    assert hidden and more.isVisible()  # not everything fits: the rest is behind »
    window.resize(1920, 1080)
    await until(lambda: c.close_button.isVisible() and not more.isVisible(), what="all actions shown")


async def test_the_conversation_keeps_the_room_on_a_small_screen_until_panels_are_dragged(
    qtbot: QtBot, desk: Desk
) -> None:
    window = await desk.open("ana")
    main = window.splitters[0]
    for width in (1920, 1024):
        window.resize(width, 700)
        await until(lambda: main.sizes()[1] == max(main.sizes())
                    and abs(main.sizes()[0] / sum(main.sizes()) - _PANEL_SHARES[0]) < 0.03,
                    what=f"the panels sharing {width} pixels in proportion")
    queue, conversation, contact = main.sizes()
    main.splitterMoved.emit(queue + 100, 1)  # as when the user drags the first handle
    main.setSizes([queue + 100, conversation - 100, contact])
    window.resize(1200, 700)
    await asyncio.sleep(0.05)
    assert main.sizes()[0] >= queue + 100  # the user's widths are kept, not shared again


async def test_chat_info_shows_the_whole_tag_list_at_larger_text(qtbot: QtBot, desk: Desk) -> None:
    window = await desk.open("bo")
    window.change_text_size(3)
    window.open_chat(window.chats_model.chat_at(0).id)
    await until(window.conversation.info_button.isVisible, what="Info offered")
    click(qtbot, window.conversation.info_button)
    await until(lambda: window.findChild(ChatInfoDialog) is not None, what="the info dialog")
    dialog = window.findChild(ChatInfoDialog)
    assert dialog is not None
    hint = dialog.findChild(QLabel, "tagsHint")
    assert hint is not None and len(hint.text()) > 60  # long enough to wrap

    def whole() -> bool:
        assert hint is not None
        return hint.isVisible() and hint.height() >= hint.heightForWidth(hint.width()) > 30

    await until(whole, what="every line of the tag list shown")
    dialog.reject()
