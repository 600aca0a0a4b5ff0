"""Website chat: the snippet a site owner pastes to put the chat on their pages."""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPlainTextEdit, QVBoxLayout, QWidget

from ui.accessible import named
from ui.plain import plain_label


class WebsiteChatDialog(QDialog):
    def __init__(self, snippet: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Website chat"))
        self.setObjectName("websiteChatDialog")
        layout = QVBoxLayout(self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.snippet = QPlainTextEdit()
        named(self.snippet, self.tr("Snippet for your site"))
        self.snippet.setObjectName("snippet")
        self.snippet.setReadOnly(True)
        self.snippet.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        if snippet is None:
            layout.addWidget(plain_label(
                self.tr("Website chat is off. Start Omnidesk with --intake 127.0.0.1:3000 (or another "
                "address) to serve the Rocket.Chat Livechat widget's API; visitors then appear in "
                "the queue like any other channel."), wrap=True))
            self.snippet.hide()
        else:
            layout.addWidget(plain_label(
                self.tr("Paste this before </body> on each page of your site. Visitors who write appear in "
                "the queue, are routed, and see your answers live."), wrap=True))
            self.snippet.setPlainText(snippet)
            copy = buttons.addButton(self.tr("Copy"), QDialogButtonBox.ButtonRole.ActionRole)
            copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(snippet))
        layout.addWidget(self.snippet)
        layout.addWidget(buttons)
        self.resize(640, 300)
