"""What every window of a session offers about the session itself: a File menu (Sign out / Switch
user, back to the person picker without quitting; Quit) and Help → About (the version, the
licence and the libraries it runs on)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

import PySide6
from PySide6.QtCore import qVersion
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMainWindow, QMenu, QVBoxLayout, QWidget

from ui.plain import plain_label

LICENCE = "MIT"


def version_of(package: str) -> str:
    """The installed version of a distribution, or a word saying it is not installed."""
    from importlib import metadata  # noqa: PLC0415  (slow to import; About is rarely opened)

    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def about_text() -> str:
    """Plain text: the version (from the package's metadata), the licence, the libraries."""
    libraries = [
        f"PySide6 {PySide6.__version__} (Qt {qVersion()})",
        *(f"{name} {version_of(name)}" for name in ("qasync", "httpx", "websockets", "keyring")),
        f"SQLite {sqlite3.sqlite_version}",
    ]
    return (f"Omnidesk {version_of('omnidesk')}\n"
            "A desktop agent desk for omnichannel customer service, in Rocket.Chat Omnichannel's "
            "vocabulary.\n\n"
            f"Licence: {LICENCE}\n\n"
            "Built with:\n" + "\n".join(f"  • {line}" for line in libraries))


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle("About Omnidesk")
        self.text = plain_label(about_text(), wrap=True)
        self.text.setObjectName("aboutText")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)


def add_session_menus(window: QMainWindow, *, sign_out: Callable[[], None],
                      quit_app: Callable[[], None]) -> None:
    """File (first in the bar) with Sign out / Switch user and Quit; About at the end of Help
    (the window's own Help menu when it has one)."""
    bar = window.menuBar()
    file_menu = QMenu("&File", bar)
    file_menu.setObjectName("fileMenu")
    switch = QAction("Sign out / Switch user…", file_menu)
    switch.setObjectName("signOut")
    switch.setShortcut(QKeySequence("Ctrl+Shift+L"))
    switch.triggered.connect(sign_out)
    file_menu.addAction(switch)
    file_menu.addSeparator()
    leave = QAction("&Quit", file_menu)
    leave.setObjectName("quit")
    leave.setShortcut(QKeySequence("Ctrl+Q"))
    leave.setMenuRole(QAction.MenuRole.QuitRole)
    leave.triggered.connect(quit_app)
    file_menu.addAction(leave)
    actions = bar.actions()
    if actions:
        bar.insertMenu(actions[0], file_menu)
    else:
        bar.addMenu(file_menu)
    help_menu = next((action.menu() for action in bar.actions()
                      if action.text().replace("&", "") == "Help" and isinstance(action.menu(), QMenu)),
                     None)
    if not isinstance(help_menu, QMenu):
        help_menu = bar.addMenu("&Help")
    else:
        help_menu.addSeparator()
    about = help_menu.addAction("About Omnidesk")
    about.setObjectName("about")
    about.setMenuRole(QAction.MenuRole.AboutRole)
    about.triggered.connect(lambda: show_about(window))


def show_about(parent: QWidget) -> AboutDialog:
    dialog = AboutDialog(parent)
    dialog.setModal(True)
    dialog.show()
    return dialog
