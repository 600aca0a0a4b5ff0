"""View → Language: the system's language or one the desk speaks, saved in the settings."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QSettings
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMainWindow, QMenu, QMessageBox, QWidget

from ui.i18n.language import LANGUAGES, SETTING, SYSTEM, chosen, effective, system_language


class LanguageMenu(QObject):
    """The Language submenu of a window's View menu (made when the window has none)."""

    def __init__(self, window: QMainWindow, settings: Callable[[], QSettings], installed: str) -> None:
        super().__init__(window)
        self._window = window
        self._settings = settings
        self._installed = installed
        bar = window.menuBar()
        view = bar.findChild(QMenu, "viewMenu")
        if view is None:
            view = QMenu(self.tr("&View"), bar)
            view.setObjectName("viewMenu")
            help_menu = bar.findChild(QMenu, "helpMenu")
            if help_menu is not None:
                bar.insertMenu(help_menu.menuAction(), view)
            else:
                bar.addMenu(view)
        else:
            view.addSeparator()
        self.menu = view.addMenu(self.tr("&Language"))
        self.menu.setObjectName("languageMenu")
        group = QActionGroup(self.menu)
        current = chosen(settings())
        system_name = LANGUAGES[system_language()]
        for code, name in ((SYSTEM, self.tr("System ({language})").format(language=system_name)),
                           *LANGUAGES.items()):
            action = QAction(name, group)
            action.setObjectName(f"language-{code}")
            action.setCheckable(True)
            action.setChecked(code == current)
            action.setData(code)
            action.triggered.connect(lambda _checked=False, code=code: self.choose(code))
            self.menu.addAction(action)

    def choose(self, code: str) -> None:
        settings = self._settings()
        settings.setValue(SETTING, code)
        settings.sync()
        wanted = effective(settings)
        if wanted == self._installed:
            return
        notice = QMessageBox(QMessageBox.Icon.Information, self.tr("Language"),
                             self.tr("Omnidesk will speak {language} from the next sign-in: choose "
                                     "File → Sign out / Switch user, or start it again.")
                             .format(language=LANGUAGES[wanted]),
                             QMessageBox.StandardButton.Ok, self._window)
        notice.setObjectName("languageNotice")
        notice.open()


def add_language_menu(window: QWidget, settings: Callable[[], QSettings],
                      installed: str) -> LanguageMenu | None:
    if not isinstance(window, QMainWindow):
        return None
    return LanguageMenu(window, settings, installed)
