"""The workspace's file operations: send the files an agent chose or dropped, save a chat's file
where the agent says (never opened or run here), and the pictures' previews, each through the
backend and the window's task runner."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from app.domain import Message
from ui.bridge.tasks import TaskRunner
from ui.models.chats import ChatListModel
from ui.models.messages import MessageModel
from ui.workspace.conversation import ConversationPanel
from ui.workspace.file_bubble import PREVIEW_BOX
from ui.workspace.previews import PreviewCache

if TYPE_CHECKING:
    from app.backends.contract import Backend


class FileActions(QObject):
    def __init__(self, window: QWidget, backend: Callable[[], Backend], runner: TaskRunner,
                 conversation: ConversationPanel, messages: MessageModel, chats: ChatListModel,
                 say: Callable[[str], None]) -> None:
        """`backend` gives the window's backend when a file is sent, saved or previewed (a desk
        shown from a snapshot gets its backend after it is built)."""
        super().__init__(window)
        self._window = window
        self._backend = backend
        self._runner = runner
        self._conversation = conversation
        self._messages = messages
        self._chats = chats
        self._say = say
        self.save_dialog: QFileDialog | None = None
        self.previews = PreviewCache(
            lambda message_id, most: backend().attachment_data(message_id, max_bytes=most),
            runner, PREVIEW_BOX, self)
        conversation.delegate.previews = self.previews
        self.previews.changed.connect(self._on_previews_changed)
        conversation.files_chosen.connect(self.send)
        conversation.save_requested.connect(self.save)

    async def load_limits(self) -> None:
        """Offer files only when the organisation lets them be sent."""
        limits = await self._backend().file_limits()
        self._conversation.allow_files(limits.enabled)

    def send(self, chat_id: str, paths: list[str]) -> None:
        for chosen in paths:
            path = Path(chosen)
            self._say(self.tr("Sending {name}…").format(name=path.name))

            def sent(message: Message, name: str = path.name) -> None:
                self._messages.add_live(message)
                self._chats.note_message(message)
                self._say(self.tr("Sent {name}.").format(name=name))

            self._runner.run(self._backend().send_file(chat_id, path),
                             what=self.tr("Send {name}").format(name=path.name), on_done=sent)

    def save(self, message_id: str) -> None:
        """Ask where to save the file the message carries, then copy it there."""
        row = self._messages.row_of(message_id)
        if row is None or self.save_dialog is not None:
            return
        attachment = self._messages.message_at(row).attachment
        if attachment is None:
            return
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DownloadLocation)
        dialog = QFileDialog(self._window, self.tr("Save the file"), str(Path(folder) / attachment.name))
        dialog.setObjectName("saveFileDialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)

        def chosen(destination: str) -> None:
            target = Path(destination)
            saved = self.tr("Saved to {path}.").format(path=str(target))
            self._runner.run(self._backend().save_attachment(message_id, target),
                             what=self.tr("Save the file"), on_done=lambda _none: self._say(saved))

        def closed(_result: int) -> None:
            self.save_dialog = None
            dialog.deleteLater()

        dialog.fileSelected.connect(chosen)
        dialog.finished.connect(closed)
        self.save_dialog = dialog
        dialog.open()

    def _on_previews_changed(self, message_id: str) -> None:
        row = self._messages.row_of(message_id)
        if row is not None:
            index = self._messages.index(row, 0)
            self._messages.dataChanged.emit(index, index)
