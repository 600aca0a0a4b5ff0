"""What makes Omnidesk an installed desktop app inside the window: File → Start when I log in
(the XDG autostart entry, off by default), the About dialog's version, licence and libraries,
and the icon of the windows and the tray."""

from __future__ import annotations

import platform
from pathlib import Path

from PySide6.QtCore import QSize, qVersion
from PySide6.QtGui import QAction, QColor, QIcon
from PySide6.QtWidgets import QMainWindow, QMenu, QMessageBox
from pytestqt.qtbot import QtBot

from app.appinfo import libraries, version
from app.autostart import Autostart
from resources import APP_ICON_SIZES
from ui.app_icon import app_icon
from ui.notify.notifier import _badge_icon
from ui.session import AboutDialog, add_session_menus


def _window(qtbot: QtBot, autostart: Autostart | None) -> QMainWindow:
    window = QMainWindow()
    qtbot.addWidget(window)
    add_session_menus(window, sign_out=lambda: None, quit_app=lambda: None, autostart=autostart)
    return window


def _start_at_login(window: QMainWindow) -> tuple[QMenu, QAction]:
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&File")
    assert isinstance(menu, QMenu)
    return menu, next(a for a in menu.actions() if a.objectName() == "startAtLogin")


def test_start_when_i_log_in_is_off_until_chosen_and_follows_the_entry(qtbot: QtBot, tmp_path: Path) -> None:
    autostart = Autostart.for_user(["/opt/omnidesk/omnidesk"], {"XDG_CONFIG_HOME": str(tmp_path)})
    menu, action = _start_at_login(_window(qtbot, autostart))
    assert action.text() == "Start when I log in" and action.isCheckable()
    assert not action.isChecked() and not autostart.path.exists()
    action.trigger()
    assert action.isChecked() and autostart.is_enabled()
    assert "Exec=/opt/omnidesk/omnidesk\n" in autostart.path.read_text(encoding="utf-8")
    action.trigger()
    assert not action.isChecked() and not autostart.path.exists()
    # The desktop's own startup tool turned it on meanwhile: the menu shows it when opened.
    autostart.enable()
    menu.aboutToShow.emit()
    assert action.isChecked()


def test_an_entry_that_cannot_be_written_is_said_and_the_option_stays_off(
    qtbot: QtBot, tmp_path: Path
) -> None:
    (tmp_path / "autostart").write_text("a file where the folder should be", encoding="utf-8")
    autostart = Autostart.for_user(["/opt/omnidesk/omnidesk"], {"XDG_CONFIG_HOME": str(tmp_path)})
    window = _window(qtbot, autostart)
    _, action = _start_at_login(window)
    action.trigger()
    assert not action.isChecked()
    box = window.findChild(QMessageBox, "autostartFailed")
    assert box is not None and box.isVisible()
    assert str(autostart.path) in box.text() and "try again" in box.text()
    box.close()


def test_without_an_entry_to_manage_the_option_is_not_offered(qtbot: QtBot) -> None:
    window = _window(qtbot, None)
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&File")
    assert isinstance(menu, QMenu)
    assert "startAtLogin" not in [a.objectName() for a in menu.actions()]


def test_about_names_the_version_the_licence_and_every_library_with_its_licence(qtbot: QtBot) -> None:
    about = AboutDialog()
    qtbot.addWidget(about)
    text = about.text.text()
    assert text.startswith(f"Omnidesk {version()}\n")
    assert "Licence: MIT" in text
    for library in libraries():
        assert f"{library.name} {library.version} ({library.licence})" in text
    assert f"Qt {qVersion()}" in text and f"Python {platform.python_version()}" in text


def test_the_icon_has_every_size_and_the_tray_greys_it_while_quiet(qtbot: QtBot) -> None:
    icon = app_icon()
    assert {size.width() for size in icon.availableSizes()} == set(APP_ICON_SIZES)
    assert icon.pixmap(QSize(48, 48)).size() == QSize(48, 48)

    def centre(icon: QIcon) -> QColor:
        return icon.pixmap(QSize(64, 64)).toImage().pixelColor(32, 60)  # on the blue tile

    normal, quiet = centre(_badge_icon(0, quiet=False)), centre(_badge_icon(0, quiet=True))
    assert normal.blue() > normal.red() + 60  # Omnidesk's blue
    assert abs(quiet.blue() - quiet.red()) < 30  # grey
    badged = _badge_icon(3, quiet=False).pixmap(QSize(64, 64)).toImage().pixelColor(47, 8)
    assert badged.red() > 150 and badged.blue() < 100  # the red count in the corner
