"""Which language the desk speaks, and putting its translations in place.

By default the system's (LANGUAGE, LC_ALL, LC_MESSAGES, LANG through QLocale); View → Language
saves a choice in the settings. A language is installed before the first window of a session is
built: widgets word themselves when they are made, so a change shows from the next sign-in.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

from resources import TRANSLATIONS

SETTING = "appearance/language"
SYSTEM = "system"
ENGLISH = "en"

# Each language the desk speaks, in its own words (what the Language menu lists).
LANGUAGES = {
    ENGLISH: "English",
    "pt_BR": "Português (Brasil)",
}


def translation_file(language: str) -> Path:
    """Omnidesk's compiled translation for `language` (English's holds only plural forms)."""
    return TRANSLATIONS / f"omnidesk_{language}.qm"


def chosen(settings: QSettings) -> str:
    """The language saved in the settings (SYSTEM when none was chosen)."""
    value = str(settings.value(SETTING, SYSTEM))
    return value if value in LANGUAGES else SYSTEM


def system_language(locale: QLocale | None = None) -> str:
    """The first of the system's preferred languages the desk speaks; English otherwise."""
    for name in (locale or QLocale.system()).uiLanguages():
        tag = name.replace("-", "_")
        if tag in LANGUAGES:
            return tag
        # Portuguese of another country reads Brazilian Portuguese better than English.
        base = tag.split("_")[0]
        match = next((code for code in LANGUAGES if code.split("_")[0] == base), None)
        if match is not None:
            return match
    return ENGLISH


def effective(settings: QSettings) -> str:
    choice = chosen(settings)
    return system_language() if choice == SYSTEM else choice


class Translations:
    """The translators installed in the application: Omnidesk's and Qt's own (standard buttons,
    the text boxes' context menus), replaced as a whole when the language changes."""

    def __init__(self) -> None:
        self._installed: list[QTranslator] = []
        self.language = ENGLISH

    def install(self, language: str) -> None:
        app = QCoreApplication.instance()
        assert app is not None
        for translator in self._installed:
            app.removeTranslator(translator)
        self._installed.clear()
        locale = QLocale(language)
        qt_translations = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        candidates = [(f"qtbase_{language}", qt_translations), (f"omnidesk_{language}", str(TRANSLATIONS))]
        for name, folder in candidates:
            translator = QTranslator(app)
            if translator.load(name, folder):
                app.installTranslator(translator)
                self._installed.append(translator)
        # Dates and numbers written through QLocale() follow the language too.
        QLocale.setDefault(locale)
        self.language = language
