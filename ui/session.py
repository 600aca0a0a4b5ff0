"""What every window of a session offers about the session itself: a File menu (Sign out / Switch
user, back to the person picker without quitting; Start when I log in; Quit) and Help → About
(the version, the licence and the libraries it runs on)."""

from __future__ import annotations

import platform
import sqlite3
from collections.abc import Callable

from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLayout,
    QMainWindow,
    QMenu,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from app.appinfo import LICENCE, libraries, version
from app.autostart import Autostart
from ui.i18n import translate
from ui.plain import plain_label


def about_text() -> str:
    """Plain text: the version (from the package's metadata), the licence, the libraries it
    declares with their versions and licences, and what they run on."""
    missing = translate("session", "not installed")
    lines = [f"{library.name} {library.version or missing}"
             + (f" ({library.licence})" if library.licence else "") for library in libraries()]
    lines += [f"Qt {qVersion()}", f"SQLite {sqlite3.sqlite_version}",
              f"Python {platform.python_version()}"]
    return (f"Omnidesk {version()}\n"
            + translate("session", "A desktop agent desk for omnichannel customer service, in "
                        "Rocket.Chat Omnichannel's vocabulary.") + "\n\n"
            + translate("session", "Licence: {licence}").format(licence=LICENCE) + "\n\n"
            + translate("session", "Built with:") + "\n" + "\n".join(f"  • {line}" for line in lines))


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(self.tr("About Omnidesk"))
        self.text = plain_label(about_text(), wrap=True)
        self.text.setObjectName("aboutText")
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # A wrapped label's height depends on its width: fix the width (about 80 characters) so
        # the dialog is as tall as its text, which grew with the libraries' licences.
        self.text.setFixedWidth(self.text.fontMetrics().averageCharWidth() * 80)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetFixedSize)
        layout.addWidget(self.text)
        layout.addWidget(buttons)


def add_session_menus(window: QMainWindow, *, sign_out: Callable[[], None],
                      quit_app: Callable[[], None], autostart: Autostart | None = None) -> None:
    """File (first in the bar) with Sign out / Switch user, Start when I log in (given the
    autostart entry) and Quit; About at the end of Help (the window's own Help menu when it has
    one)."""
    bar = window.menuBar()
    file_menu = QMenu(translate("session", "&File"), bar)
    file_menu.setObjectName("fileMenu")
    switch = QAction(translate("session", "Sign out / Switch user…"), file_menu)
    switch.setObjectName("signOut")
    switch.setShortcut(QKeySequence("Ctrl+Shift+L"))
    switch.triggered.connect(sign_out)
    file_menu.addAction(switch)
    if autostart is not None:
        file_menu.addAction(_autostart_action(file_menu, window, autostart))
    file_menu.addSeparator()
    leave = QAction(translate("session", "&Quit"), file_menu)
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
    help_menu = bar.findChild(QMenu, "helpMenu")
    if help_menu is None:
        help_menu = bar.addMenu(translate("session", "&Help"))
        help_menu.setObjectName("helpMenu")
    else:
        help_menu.addSeparator()
    about = help_menu.addAction(translate("session", "About Omnidesk"))
    about.setObjectName("about")
    about.setMenuRole(QAction.MenuRole.AboutRole)
    about.triggered.connect(lambda: show_about(window))


def _autostart_action(menu: QMenu, window: QWidget, autostart: Autostart) -> QAction:
    """A check box over the autostart entry: it shows whether the entry is there (read again
    each time the menu opens, as the desktop's own tools may change it) and writes or removes it."""
    action = QAction(translate("session", "Start when I log in"), menu)
    action.setObjectName("startAtLogin")
    action.setCheckable(True)
    action.setChecked(autostart.is_enabled())

    def show_state() -> None:
        action.blockSignals(True)
        action.setChecked(autostart.is_enabled())
        action.blockSignals(False)

    def change(on: bool) -> None:
        try:
            if on:
                autostart.enable()
            else:
                autostart.disable()
        except OSError as error:
            show_state()
            # Window-modal, not a nested event loop; the path is plain text.
            text = (translate("session", "Omnidesk could not write {path}: {reason}. Check that "
                              "folder's permissions and try again.") if on else
                    translate("session", "Omnidesk could not remove {path}: {reason}. Check that "
                              "folder's permissions and try again."))
            box = QMessageBox(QMessageBox.Icon.Warning, translate("session", "Start when I log in"),
                              text.format(path=autostart.path, reason=error.strerror or error),
                              QMessageBox.StandardButton.Ok, window)
            box.setObjectName("autostartFailed")
            box.setTextFormat(Qt.TextFormat.PlainText)
            box.finished.connect(box.deleteLater)
            box.open()

    menu.aboutToShow.connect(show_state)
    action.toggled.connect(change)
    return action


def show_about(parent: QWidget) -> AboutDialog:
    dialog = AboutDialog(parent)
    dialog.setModal(True)
    dialog.show()
    return dialog
