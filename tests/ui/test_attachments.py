"""Files in the workspace, as an agent uses them: the Attach button and files dropped on the
conversation send them; pictures show inline (decoded off the GUI thread, never beyond a size
limit), other files as a card whose "Save as…" saves a copy; nothing is ever opened or run."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, QSize, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QImage
from PySide6.QtWidgets import QApplication, QFileDialog, QStyleOptionViewItem, QWidget
from pytestqt.qtbot import QtBot

from app.domain import Channel, FileLimits, Inquiry, Message
from app.errors import Offline
from tests.fakes.files import png, png_bomb
from tests.ui.actions import click
from tests.ui.conftest import FakeDeskWindows, until
from ui.workspace.message_delegate import MessageDelegate
from ui.workspace.previews import MAX_DECODE_PIXELS, Preview, decode_preview
from ui.workspace.window import WorkspaceWindow


def _inquiry(fake: FakeDeskWindows, text: str = "My parcel arrived broken.") -> Inquiry:
    visitor = fake.desk.new_visitor("Iris Vale", Channel.EMAIL, "iris@example.com")
    return fake.desk.visitor_opens_chat(visitor.id, text, fake.org.department("Support").id)


async def _serving(fake: FakeDeskWindows, inquiry: Inquiry) -> WorkspaceWindow:
    """Ana's workspace with the inquiry taken and open."""
    backend = await fake.sign_in("ana")
    await backend.take(inquiry.id)
    window = await fake.open("ana")
    window.open_chat(inquiry.chat_id)
    await until(lambda: window.conversation.chat is not None and window.conversation.composer.isEnabled(),
                what="the chat, open for writing")
    return window


def _files(window: WorkspaceWindow) -> list[Message]:
    model = window.messages_model
    return [m for r in range(model.rowCount()) if (m := model.message_at(r)).attachment is not None]


def _drop(target: QWidget, paths: list[Path] | None = None, url: str | None = None) -> tuple[bool, bool]:
    """Drag files (or a web address) onto `target` and drop them: (drag accepted, drop accepted)."""
    data = QMimeData()
    if paths is not None:
        data.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    if url is not None:
        data.setUrls([QUrl(url)])
        data.setText(url)
    centre = QPointF(target.rect().center())
    actions = Qt.DropAction.CopyAction
    enter = QDragEnterEvent(centre.toPoint(), actions, data, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, enter)
    drop = QDropEvent(centre, actions, data, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, drop)
    return enter.isAccepted(), drop.isAccepted()


async def _write(path: Path, data: bytes) -> Path:
    await asyncio.to_thread(path.write_bytes, data)
    return path


async def test_the_attach_button_sends_the_chosen_file(
    qtbot: QtBot, fake: FakeDeskWindows, tmp_path: Path
) -> None:
    window = await _serving(fake, _inquiry(fake))
    chosen = await _write(tmp_path / "returns form.pdf", b"%PDF-1.4 the form")
    click(qtbot, window.conversation.files.button)
    dialog = window.conversation.files.dialog
    assert isinstance(dialog, QFileDialog) and dialog.isVisible()
    dialog.selectFile(str(chosen))
    dialog.accept()
    await until(lambda: len(_files(window)) == 1, what="the file in the conversation")
    [sent] = _files(window)
    assert sent.attachment is not None and sent.attachment.name == "returns form.pdf"
    assert fake.desk.files[sent.attachment.id] == b"%PDF-1.4 the form"
    assert window.conversation.files.dialog is None
    assert "Sent returns form.pdf." in window.statusBar().currentMessage()


async def test_files_dropped_on_the_composer_are_sent_not_pasted(
    qtbot: QtBot, fake: FakeDeskWindows, tmp_path: Path
) -> None:
    window = await _serving(fake, _inquiry(fake))
    first = await _write(tmp_path / "one.png", png(8, 8))
    second = await _write(tmp_path / "two.txt", b"tracking: 123")
    assert _drop(window.conversation.composer.viewport(), [first, second]) == (True, True)
    await until(lambda: len(_files(window)) == 2, what="both files in the conversation")
    assert window.conversation.composer.toPlainText() == ""  # no file:// address pasted
    assert sorted(m.attachment.name for m in _files(window) if m.attachment) == ["one.png", "two.txt"]
    # Dropped on the conversation itself, too.
    assert _drop(window.conversation.messages.viewport(), [first]) == (True, True)
    await until(lambda: len(_files(window)) == 3, what="the third file")
    # A web address is no file: left to the composer (which pastes it as text).
    accepted_drag, _ = _drop(window.conversation.messages.viewport(), url="https://example.com/x.png")
    assert not accepted_drag and len(fake.desk.files) == 3


async def test_no_file_is_offered_where_none_may_be_sent(
    qtbot: QtBot, fake: FakeDeskWindows, tmp_path: Path
) -> None:
    inquiry = _inquiry(fake)
    fake.desk.file_limits = FileLimits(enabled=False)
    window = await _serving(fake, inquiry)
    assert not window.conversation.files.button.isEnabled()
    assert "turned off" in window.conversation.files.button.toolTip()
    refused = await _write(tmp_path / "a.txt", b"x")
    accepted_drag, _ = _drop(window.conversation.composer.viewport(), [refused])
    assert not accepted_drag  # refused to drag in; a drop anyway sends nothing and pastes nothing
    await asyncio.sleep(0.05)
    assert fake.desk.files == {} and window.conversation.composer.toPlainText() == ""
    # A chat waiting in the queue (not mine) takes no file either.
    fake.desk.file_limits = FileLimits()
    other = _inquiry(fake, "Another question")
    window.open_chat(other.chat_id)
    await until(lambda: window.conversation.chat is not None and window.conversation.chat.id == other.chat_id,
                what="the waiting chat")
    assert not window.conversation.files.button.isEnabled()


async def test_a_refused_file_says_why_and_sends_nothing(
    qtbot: QtBot, fake: FakeDeskWindows, tmp_path: Path
) -> None:
    window = await _serving(fake, _inquiry(fake))
    fake.desk.file_limits = FileLimits(max_bytes=10)
    assert _drop(window.conversation.composer.viewport(), [await _write(tmp_path / "big.bin", b"x" * 50)])[1]
    await until(lambda: window.banner.text.startswith("Send big.bin:"), what="the refusal")
    assert "larger than 10 B" in window.banner.text and fake.desk.files == {}


async def test_a_picture_shows_inline_at_the_size_its_row_kept_for_it(
    qtbot: QtBot, fake: FakeDeskWindows
) -> None:
    inquiry = _inquiry(fake)
    window = await _serving(fake, inquiry)
    picture = png(640, 480)
    message = fake.desk.visitor_sends_file(inquiry.chat_id, "damage.png", picture, "image/png",
                                           width=640, height=480)
    await until(lambda: window.messages_model.contains(message.id), what="the picture's message")
    row = window.messages_model.row_of(message.id)
    assert row is not None
    index = window.messages_model.index(row, 0)
    before = window.conversation.messages.visualRect(index).height()
    previews = window.file_actions.previews
    await until(lambda: previews.state(message.id) is Preview.READY, what="the decoded preview")
    pixmap = previews.pixmap(message.id)
    assert pixmap is not None and (pixmap.width(), pixmap.height()) == (320, 240)  # shrunk to the box
    window.conversation.messages.viewport().repaint()
    assert window.conversation.messages.visualRect(index).height() == before  # nothing jumped


async def test_an_image_bomb_never_reaches_the_decoder_and_the_desk_goes_on(
    qtbot: QtBot, fake: FakeDeskWindows
) -> None:
    # Decoding refuses anything past the pixel limit, reading only the header.
    assert decode_preview(png_bomb(9_000, 9_000), QSize(320, 240)) is None
    assert 9_000 * 9_000 > MAX_DECODE_PIXELS
    inquiry = _inquiry(fake)
    window = await _serving(fake, inquiry)
    previews = window.file_actions.previews
    # Claims 81 megapixels: a picture by its header, refused when decoding is attempted.
    large = fake.desk.visitor_sends_file(inquiry.chat_id, "large.png", png_bomb(9_000, 9_000), "image/png",
                                         width=9_000, height=9_000)
    # Claims ten gigapixels: never offered as a picture at all, a card.
    bomb = fake.desk.visitor_sends_file(inquiry.chat_id, "bomb.png", png_bomb(), "image/png",
                                        width=100_000, height=100_000)
    await until(lambda: previews.state(large.id) is Preview.UNAVAILABLE, what="the refused preview")
    await until(lambda: window.messages_model.contains(bomb.id), what="the bomb's card")
    window.conversation.messages.viewport().repaint()
    assert previews.state(bomb.id) is None and previews.pixmap(large.id) is None
    # The desk still answers.
    window.conversation.composer.setPlainText("Could you send a smaller photo?")
    click(qtbot, window.conversation.send_button)
    await until(lambda: window.messages_model.message_at(window.messages_model.rowCount() - 1).text
                == "Could you send a smaller photo?", what="the reply")


async def test_a_picture_the_server_could_not_give_shows_once_the_link_is_back(
    qtbot: QtBot, fake: FakeDeskWindows, monkeypatch: pytest.MonkeyPatch
) -> None:
    inquiry = _inquiry(fake)
    window = await _serving(fake, inquiry)
    backend = window.backend
    fetch = backend.attachment_data
    unreachable = [True]

    async def flaky(message_id: str, *, max_bytes: int) -> bytes:
        if unreachable[0]:
            raise Offline("The server cannot be reached: this file is not on this computer yet.")
        return await fetch(message_id, max_bytes=max_bytes)

    monkeypatch.setattr(backend, "attachment_data", flaky)
    message = fake.desk.visitor_sends_file(inquiry.chat_id, "damage.png", png(64, 48), "image/png",
                                           width=64, height=48)
    previews = window.file_actions.previews
    await until(lambda: previews.state(message.id) is Preview.UNAVAILABLE, what="the card, for now")
    unreachable[0] = False
    fake.desk.go_offline()
    fake.desk.reconnect()  # Resynced: the desk reloads, and asks again for what the link kept from it
    await until(lambda: previews.state(message.id) is Preview.READY, what="the picture, once reachable")


async def test_save_as_copies_the_file_where_the_agent_says(
    qtbot: QtBot, fake: FakeDeskWindows, tmp_path: Path
) -> None:
    inquiry = _inquiry(fake)
    window = await _serving(fake, inquiry)
    message = fake.desk.visitor_sends_file(inquiry.chat_id, "<b>invoice</b>.pdf", b"%PDF-1.4 invoice",
                                           "application/pdf")
    await until(lambda: window.messages_model.contains(message.id), what="the file's card")
    conversation = window.conversation
    row = window.messages_model.row_of(message.id)
    assert row is not None
    index = window.messages_model.index(row, 0)
    conversation.messages.scrollTo(index)
    # Rows are laid out in batches after a change, and again after a resize: aim once the row
    # has stopped moving.
    for _ in range(50):
        before = conversation.messages.visualRect(index)
        await asyncio.sleep(0.15)
        conversation.messages.scrollTo(index)
        if conversation.messages.visualRect(index) == before:
            break
    option = QStyleOptionViewItem()
    conversation.messages.initViewItemOption(option)
    option.rect = conversation.messages.visualRect(index)
    link = _save_link(conversation.delegate, option, message)
    assert conversation.save_at(link) == message.id
    qtbot.mouseClick(conversation.messages.viewport(), Qt.MouseButton.LeftButton, pos=link)
    dialog = window.file_actions.save_dialog
    assert isinstance(dialog, QFileDialog) and dialog.isVisible()
    target = tmp_path / "kept.pdf"
    dialog.selectFile(str(target))
    dialog.accept()
    await until(target.exists, what="the saved copy")
    assert await asyncio.to_thread(target.read_bytes) == b"%PDF-1.4 invoice"
    await until(lambda: "Saved to" in window.statusBar().currentMessage(), what="the saved note")


def _save_link(delegate: MessageDelegate, option: QStyleOptionViewItem, message: Message) -> QPoint:
    """A point on the message's "Save as…" link, found by scanning its bubble from the right."""
    rect = option.rect
    for y in range(rect.top(), rect.bottom(), 2):
        for x in range(rect.right(), rect.left(), -4):
            point = QPoint(x, y)
            if delegate.save_at(option, message, point):
                return point + QPoint(-4, 1)
    raise AssertionError("no Save as… link in the bubble")


def test_decoding_reads_a_picture_shrunk_to_the_box() -> None:
    image = decode_preview(png(1000, 500), QSize(320, 240))
    assert isinstance(image, QImage) and (image.width(), image.height()) == (320, 160)
    assert decode_preview(b"%PDF-1.4 not a picture", QSize(320, 240)) is None
    small = decode_preview(png(10, 20), QSize(320, 240))
    assert small is not None and (small.width(), small.height()) == (10, 20)
