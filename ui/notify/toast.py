"""A notification inside the window: works where the desktop has no tray or notification daemon.

Each thing said is one entry, newest on top, so several chats arriving together are each
announced (and each opens with a click); saying something again about the same chat replaces
its entry."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from ui.plain import ElidedLabel, plain_label

_VISIBLE_MS = 8_000
# Entries shown at once; the others are counted below them.
_MAX_SHOWN = 4


class ToastEntry(QFrame):
    """One thing said: a title and a line of what it is about; clicking it opens the chat."""

    clicked = Signal(str)  # chat id

    def __init__(self, chat_id: str, title: str, body: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("toastEntry")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.chat_id = chat_id
        self.title = plain_label(title, wrap=True)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        # One line each: four entries fit a small screen without covering the desk.
        self.body = ElidedLabel(body, keep=0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addWidget(self.body)
        self.setAccessibleName(f"{title}. {body}")

    def say(self, title: str, body: str) -> None:
        self.title.setText(title)
        self.body.setText(body)
        self.setAccessibleName(f"{title}. {body}")

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit(self.chat_id)
            event.accept()
            return
        super().mousePressEvent(event)


class Toast(QFrame):
    clicked = Signal(str)  # chat id

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("toast")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setStyleSheet(
            "#toast { background: palette(window); border: 1px solid palette(highlight);"
            " border-radius: 6px; }"
        )
        self._entries: list[ToastEntry] = []  # newest first
        self._more = 0  # said but no longer shown as an entry
        self._blank = plain_label()
        self.more = plain_label()
        self.more.setObjectName("toastMore")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(10, 8, 10, 8)
        self._layout.setSpacing(8)
        self._layout.addWidget(self.more)
        self.setFixedWidth(250)
        self._hide_later = QTimer(self)
        self._hide_later.setSingleShot(True)
        self._hide_later.setInterval(_VISIBLE_MS)
        self._hide_later.timeout.connect(self.dismiss)
        self.hide()

    # -- what it says ----------------------------------------------------------------------

    @property
    def entries(self) -> list[ToastEntry]:
        """What is said now, newest first."""
        return list(self._entries)

    @property
    def title(self) -> QLabel:
        """The newest entry's title."""
        return self._entries[0].title if self._entries else self._blank

    @property
    def body(self) -> QLabel:
        """The newest entry's body."""
        return self._entries[0].body if self._entries else self._blank

    def show_attention(self, chat_id: str, title: str, body: str) -> None:
        self.show_attentions([(chat_id, title, body)])

    def show_attentions(self, said: list[tuple[str, str, str]]) -> None:
        """Add these (chat id, title, body), oldest first, on top of what is shown. Only the
        newest few are kept as entries; the others are counted ("and 3 more")."""
        if not said:
            return
        latest: dict[str, tuple[str, str, str]] = {}  # one entry per chat: what was said last
        for one in said:
            latest.pop(one[0], None)
            latest[one[0]] = one
        said = list(latest.values())
        for chat_id, title, body in said[-_MAX_SHOWN:]:
            entry = next((e for e in self._entries if e.chat_id == chat_id), None)
            if entry is None:
                entry = ToastEntry(chat_id, title, body, self)
                entry.clicked.connect(self._on_entry_clicked)
            else:
                entry.say(title, body)
                self._entries.remove(entry)
            self._entries.insert(0, entry)
        self._more += max(0, len(said) - _MAX_SHOWN)
        while len(self._entries) > _MAX_SHOWN:
            self._entries.pop().deleteLater()
            self._more += 1
        self._lay_out()
        self.show()
        self.raise_()
        self._hide_later.start()

    def dismiss(self) -> None:
        self.hide()
        for entry in self._entries:
            entry.deleteLater()
        self._entries.clear()
        self._more = 0

    # -- showing ---------------------------------------------------------------------------

    def _lay_out(self) -> None:
        for index, entry in enumerate(self._entries):
            self._layout.removeWidget(entry)
            self._layout.insertWidget(index, entry)
            entry.show()
        self.more.setText(self.tr("and {more} more").format(more=self._more) if self._more > 0 else "")
        self.more.setVisible(self._more > 0)
        # Wrapped labels need the height for this width, which adjustSize() does not ask for.
        self._layout.activate()
        self.resize(self.width(), max(self.sizeHint().height(), self._layout.heightForWidth(self.width())))
        parent = self.parentWidget()
        if parent is not None:
            # Bottom right, within the contact panel's width: over the end of the history list,
            # never over the composer, its buttons or the chat's actions.
            self.move(parent.width() - self.width() - 8, parent.height() - self.height() - 40)

    def _on_entry_clicked(self, chat_id: str) -> None:
        entry = next((e for e in self._entries if e.chat_id == chat_id), None)
        if entry is not None:
            self._entries.remove(entry)
            entry.deleteLater()
        if self._entries:
            self._lay_out()
        else:
            self.hide()
        self.clicked.emit(chat_id)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        # Between entries: the newest is what the toast is about.
        if event.button() == Qt.MouseButton.LeftButton and self._entries:
            self._on_entry_clicked(self._entries[0].chat_id)
            return
        super().mousePressEvent(event)
