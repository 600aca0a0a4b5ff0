"""A notification inside the window: works where the desktop has no tray or notification daemon."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from ui.plain import plain_label

_VISIBLE_MS = 8_000


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
        self.title = plain_label(wrap=True)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.body = plain_label(wrap=True)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(10, 8, 10, 8)
        self._layout.addWidget(self.title)
        self._layout.addWidget(self.body)
        self.setFixedWidth(250)
        self._chat_id = ""
        self._hide_later = QTimer(self)
        self._hide_later.setSingleShot(True)
        self._hide_later.setInterval(_VISIBLE_MS)
        self._hide_later.timeout.connect(self.hide)
        self.hide()

    def show_attention(self, chat_id: str, title: str, body: str) -> None:
        self._chat_id = chat_id
        self.title.setText(title)
        self.body.setText(body)
        # Wrapped labels need the height for this width, which adjustSize() does not ask for.
        self.resize(self.width(), max(self.sizeHint().height(), self._layout.heightForWidth(self.width())))
        parent = self.parentWidget()
        if parent is not None:
            # Bottom right, within the contact panel's width: over the end of the history list,
            # never over the composer, its buttons or the chat's actions.
            self.move(parent.width() - self.width() - 8, parent.height() - self.height() - 40)
        self.show()
        self.raise_()
        self._hide_later.start()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._chat_id:
            self.hide()
            self.clicked.emit(self._chat_id)
        super().mousePressEvent(event)
