"""Choosing files to send: the composer's Attach button (a file dialog) and files dragged from
the desktop onto the conversation. Only local files are taken; what they are and whether they
may be sent is the backend's to say (Backend.send_file)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QFileDialog, QPushButton, QWidget

from ui.accessible import named


def local_files(event: QDropEvent | QDragEnterEvent | QDragMoveEvent) -> list[str]:
    """The local files a drag carries (web addresses and text are not files to send)."""
    data = event.mimeData()
    if data is None or not data.hasUrls():
        return []
    return [url.toLocalFile() for url in data.urls() if url.isLocalFile() and url.toLocalFile()]


class FileChooser(QObject):
    """The Attach button and the drop targets of one conversation: `chosen` carries the paths
    of the files to send, from either."""

    chosen = Signal(list)  # list[str]: paths of local files

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._parent = parent
        self.button = QPushButton(self.tr("Attach…"))
        self.button.setObjectName("attachFile")
        self.button.setToolTip(self._how())
        named(self.button, self.tr("Attach a file"), self.tr("Send files to the visitor"))
        self.button.clicked.connect(self.choose)
        self._targets: list[QWidget] = []
        self.dialog: QFileDialog | None = None

    def accept_drops_on(self, *targets: QWidget) -> None:
        """Files dropped on these widgets are sent (instead of, for the composer, pasted as text)."""
        for target in targets:
            target.setAcceptDrops(True)
            target.installEventFilter(self)
            self._targets.append(target)

    @property
    def enabled(self) -> bool:
        return self.button.isEnabled()

    def set_enabled(self, enabled: bool, why_not: str = "") -> None:
        self.button.setEnabled(enabled)
        self.button.setToolTip(self._how() if enabled else why_not)

    def _how(self) -> str:
        return self.tr("Send a file to the visitor (or drop files on the conversation)")

    def choose(self) -> None:
        """Open the file dialog (window-modal, not blocking the desk); the files chosen are sent."""
        if not self.enabled or self.dialog is not None:
            return
        dialog = QFileDialog(self._parent, self.tr("Send files to the visitor"))
        dialog.setObjectName("attachDialog")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        # Qt's own dialog: the same on every desktop, and what the tests drive.
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.filesSelected.connect(lambda paths: self.chosen.emit([str(p) for p in paths]))
        dialog.finished.connect(lambda _result: self._closed(dialog))
        self.dialog = dialog
        dialog.open()

    def _closed(self, dialog: QFileDialog) -> None:
        self.dialog = None
        dialog.deleteLater()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched not in self._targets:
            return super().eventFilter(watched, event)
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove) and isinstance(
                event, (QDragEnterEvent, QDragMoveEvent)):
            if local_files(event) and self.enabled:
                event.acceptProposedAction()
                return True
            if local_files(event):
                event.ignore()  # files, but none may be sent here: not pasted as text either
                return True
            return False
        if kind == QEvent.Type.Drop and isinstance(event, QDropEvent):
            files = local_files(event)
            if not files:
                return False
            event.acceptProposedAction()
            if self.enabled:
                self.chosen.emit(files)
            return True
        return super().eventFilter(watched, event)
