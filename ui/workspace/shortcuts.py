"""The keyboard: every action of the workspace without a mouse, and the overlay that lists them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QGridLayout, QWidget

from ui.i18n import QT_TRANSLATE_NOOP
from ui.plain import plain_label


@dataclass(frozen=True, slots=True)
class Shortcut:
    keys: str
    what: str
    # Only for someone who serves chats (takes from the queue, has chats of their own): a
    # monitor's desk neither lists nor answers it.
    serving: bool = False


SHORTCUTS = (
    Shortcut("Ctrl+T", QT_TRANSLATE_NOOP("ShortcutHelp", "Take the next inquiry in the queue"), serving=True),
    Shortcut("Alt+Down", QT_TRANSLATE_NOOP("ShortcutHelp", "Next of my chats"), serving=True),
    Shortcut("Alt+Up", QT_TRANSLATE_NOOP("ShortcutHelp", "Previous of my chats"), serving=True),
    Shortcut("Ctrl+Return", QT_TRANSLATE_NOOP("ShortcutHelp", "Send the message")),
    Shortcut("Ctrl+Shift+K",
             QT_TRANSLATE_NOOP("ShortcutHelp", "Insert a canned response (or type !shortcut, then Tab)")),
    Shortcut("Ctrl+Shift+E",
             QT_TRANSLATE_NOOP("ShortcutHelp", "Insert an emoji (or type :name:, or :name then Tab)")),
    Shortcut("Ctrl+W", QT_TRANSLATE_NOOP("ShortcutHelp", "Close the chat…")),
    Shortcut("Ctrl+Shift+T", QT_TRANSLATE_NOOP("ShortcutHelp", "Transfer the chat…")),
    Shortcut("Ctrl+H", QT_TRANSLATE_NOOP("ShortcutHelp", "Put the chat on hold / resume it")),
    Shortcut("Ctrl+I", QT_TRANSLATE_NOOP("ShortcutHelp", "Topic, tags and priority of the chat…")),
    Shortcut("Ctrl+K",
             QT_TRANSLATE_NOOP("ShortcutHelp",
                               "Search every conversation (↑ ↓ choose, Enter opens, Esc closes)")),
    Shortcut("Ctrl+F", QT_TRANSLATE_NOOP("ShortcutHelp", "Search the contact's conversations")),
    Shortcut("Ctrl+Shift+Q", QT_TRANSLATE_NOOP("ShortcutHelp", "Focus the queue")),
    Shortcut("Ctrl+M", QT_TRANSLATE_NOOP("ShortcutHelp", "Focus my chats"), serving=True),
    Shortcut("Ctrl+D", QT_TRANSLATE_NOOP("ShortcutHelp", "Do not disturb on / off")),
    Shortcut("F1", QT_TRANSLATE_NOOP("ShortcutHelp", "Show these shortcuts")),
    Shortcut("Ctrl+Q", QT_TRANSLATE_NOOP("ShortcutHelp", "Quit Omnidesk (File menu)")),
)


# The composer's own shortcut, and the session's File menu (ui/session.py).
_BOUND_ELSEWHERE = ("Ctrl+Return", "Ctrl+Q")


def bind(window: QWidget, actions: dict[str, Callable[[], object]]) -> list[QShortcut]:
    """Attach each listed shortcut to its action; every listed key must have one."""
    missing = [s.keys for s in SHORTCUTS if s.keys not in actions and s.keys not in _BOUND_ELSEWHERE]
    if missing:
        raise ValueError(f"shortcuts without an action: {missing}")
    return [QShortcut(QKeySequence(keys), window, action) for keys, action in actions.items()]


def serving_keys() -> frozenset[str]:
    return frozenset(s.keys for s in SHORTCUTS if s.serving)


class ShortcutHelp(QDialog):
    def __init__(self, parent: QWidget | None = None, *, serving: bool = True) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.setObjectName("shortcutHelp")
        grid = QGridLayout(self)
        shown = [s for s in SHORTCUTS if serving or not s.serving]
        for row, shortcut in enumerate(shown):
            keys = plain_label(QKeySequence(shortcut.keys).toString(QKeySequence.SequenceFormat.NativeText))
            font = keys.font()
            font.setBold(True)
            keys.setFont(font)
            grid.addWidget(keys, row, 0)
            grid.addWidget(plain_label(self.tr(shortcut.what)), row, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        grid.addWidget(buttons, len(shown), 0, 1, 2)
