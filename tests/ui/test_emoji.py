"""Emoji in the composer: the picker beside Send (recent first, found by name), Rocket.Chat's
`:name:` typed, `:name` then Tab; messages show `:shortname:` as the widget draws it; and the
desk's font draws emoji in colour."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from app.domain import AuthorKind, Message
from app.intake.widget import widget_dir
from tests.ui.actions import click, click_row
from tests.ui.conftest import Desk, until
from ui.emoji.catalog import catalog
from ui.emoji.picker import EmojiModel, EmojiPicker
from ui.workspace.message_delegate import shown_text
from ui.workspace.window import WorkspaceWindow


async def _writing(qtbot: QtBot, desk: Desk) -> WorkspaceWindow:
    window = await desk.open("ana")
    click_row(qtbot, window.queue_panel.table, 0)
    click(qtbot, window.queue_panel.take_button)
    await until(window.conversation.composer.isEnabled, what="the taken chat")
    return window


def _picker() -> EmojiPicker | None:
    found = [w for w in QApplication.topLevelWidgets() if isinstance(w, EmojiPicker) and w.isVisible()]
    return found[0] if found else None


async def test_typing_a_name_between_colons_gives_its_emoji(qtbot: QtBot, desk: Desk) -> None:
    window = await _writing(qtbot, desk)
    composer = window.conversation.composer
    qtbot.keyClicks(composer, "Thanks :smile: and :nosuchname: at 10:30:")
    assert composer.toPlainText() == "Thanks 😄 and :nosuchname: at 10:30:"
    qtbot.keyClicks(composer, " :thumbsup")
    qtbot.keyClick(composer, Qt.Key.Key_Tab)  # one emoji has that name: it replaces it
    assert composer.toPlainText().endswith("10:30: 👍")
    click(qtbot, window.conversation.send_button)
    await until(lambda: any(window.messages_model.message_at(r).text.startswith("Thanks 😄")
                            for r in range(window.messages_model.rowCount())), what="the message sent")


async def test_a_partial_name_then_tab_opens_the_picker_on_it(qtbot: QtBot, desk: Desk) -> None:
    window = await _writing(qtbot, desk)
    composer = window.conversation.composer
    qtbot.keyClicks(composer, "Good news :hea")
    qtbot.keyClick(composer, Qt.Key.Key_Tab)
    picker = _picker()
    assert picker is not None and picker.search.text() == "hea"
    names = [picker.model.emoji_at(r).shortname for r in range(picker.model.rowCount())]
    assert names[0] == "heart_eyes" and "heart" in names  # names starting so first
    qtbot.keyClick(picker.search, Qt.Key.Key_Right)
    qtbot.keyClick(picker.search, Qt.Key.Key_Return)
    assert _picker() is None
    assert composer.toPlainText() == f"Good news {picker.model.emoji_at(1).character}"


async def test_the_picker_beside_send_finds_by_name_and_keeps_recent_ones_first(
    qtbot: QtBot, desk: Desk
) -> None:
    window = await _writing(qtbot, desk)
    conversation = window.conversation
    composer = conversation.composer
    qtbot.keyClicks(composer, "Done ")
    click(qtbot, conversation.emoji_button)
    picker = _picker()
    assert picker is not None and picker.search.hasFocus()
    assert picker.tabs.tabToolTip(0) == "Smileys"  # nothing used yet
    qtbot.keyClicks(picker.search, "party")
    assert picker.model.emoji_at(0).shortname == "partying_face"
    assert picker.name.text() == "🥳  :partying_face:"
    qtbot.keyClick(picker.search, Qt.Key.Key_Return)
    assert composer.toPlainText() == "Done 🥳" and composer.hasFocus()

    click(qtbot, conversation.emoji_button)
    picker = _picker()
    assert picker is not None and picker.search.text() == ""
    assert picker.tabs.tabToolTip(0) == "Recent"
    assert picker.model.emoji_at(0).character == "🥳"
    click_row(qtbot, picker.grid, 0)
    assert composer.toPlainText() == "Done 🥳🥳"
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window, Qt.Key.Key_E, ctrl_shift)
    picker = _picker()
    assert picker is not None
    qtbot.keyClick(picker.search, Qt.Key.Key_Escape)
    assert _picker() is None and composer.toPlainText() == "Done 🥳🥳"


def test_a_bubble_draws_shortnames_as_the_widget_does_and_keeps_the_text() -> None:
    message = Message("m1", "c1", AuthorKind.VISITOR, None, "Lena", ":tada: it came :+1: :nope: 12:30:",
                      datetime(2026, 11, 25, tzinfo=UTC))
    assert shown_text(message) == "🎉 it came 👍 :nope: 12:30:"
    assert message.text.startswith(":tada:")


def test_the_catalog_finds_by_name_and_word() -> None:
    emoji = catalog()
    assert emoji.named("smile") is not None and emoji.named("smile").character == "😄"  # type: ignore[union-attr]
    assert emoji.named("+1") is emoji.named("thumbsup")
    assert [e.shortname for e in emoji.find(":thumbs")][:2] == ["thumbsup", "thumbsdown"]
    assert "package" in [e.shortname for e in emoji.find("parcel")]  # a word, not a name
    assert emoji.find("zzzzqqq") == []
    assert len(emoji.emoji) > 300 and emoji.categories[0] == "Smileys"


def test_the_emoji_model_passes_the_model_tester(qtmodeltester: ModelTester) -> None:
    model = EmojiModel()
    model.show(catalog().in_category("Food"))
    qtmodeltester.check(model)
    assert model.index(0).data(Qt.ItemDataRole.ToolTipRole) == ":apple:"


@pytest.mark.skipif(widget_dir() is None, reason="the Livechat widget is not fetched (./dev fetches it)")
def test_every_name_is_one_the_widget_draws_as_the_same_emoji() -> None:
    folder = widget_dir()
    assert folder is not None
    scripts = (path.read_text(encoding="utf-8", errors="replace") for path in folder.glob("*.js"))
    source = next(text for text in scripts if '":smile:":' in text)
    pairs = re.findall(r'":([-+_a-z0-9]+):":"((?:[^"\\]|\\.)+)"', source)
    widget = {name: json_string(value) for name, value in pairs}
    wrong = {name: e.character for e in catalog().emoji for name in e.names
             if widget.get(name) != e.character}
    assert wrong == {}


def json_string(value: str) -> str:
    """A JavaScript string literal's text (the widget's bundle may escape non-ASCII)."""
    return value.encode("utf-8").decode("unicode_escape").encode("utf-16", "surrogatepass").decode("utf-16") \
        if "\\" in value else value


def test_the_desk_draws_emoji_in_colour() -> None:
    """A colour emoji font is installed (./dev installs fonts-noto-color-emoji): without one,
    emoji are blank boxes or black outlines."""
    image = QImage(96, 96, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    font = QApplication.font()
    font.setPointSize(32)
    painter.setFont(font)
    painter.setPen(QColor("black"))
    painter.drawText(QRect(0, 0, 96, 96), int(Qt.AlignmentFlag.AlignCenter), "😄")
    painter.end()
    saturation = max(image.pixelColor(x, y).hsvSaturation() for x in range(0, 96, 2) for y in range(0, 96, 2))
    assert saturation > 120, "no colour emoji font: install fonts-noto-color-emoji"
