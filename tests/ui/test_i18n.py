"""The desk in Brazilian Portuguese: every marked text has a finished translation, the compiled
files match their sources, the language follows the system or the user's choice, and the desk's
controls speak Portuguese."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QSettings, Qt
from PySide6.QtWidgets import QMainWindow, QMenu, QMessageBox
from pytestqt.qtbot import QtBot

from app.backends.refusals import Refusals
from app.backends.wording import duration
from resources.i18n import update
from tests.ui.conftest import Desk, until
from ui.i18n.language import ENGLISH, LANGUAGES, SETTING, SYSTEM, Translations, effective, system_language
from ui.i18n.menu import LanguageMenu
from ui.i18n.say import say
from ui.models.queue import QueueModel

_FIELD = re.compile(r"\{[^{}]*\}")


def _messages(ts: Path) -> list[tuple[str, ElementTree.Element]]:
    root = ElementTree.parse(ts).getroot()
    return [(context.findtext("name") or "", message)
            for context in root.iter("context") for message in context.iter("message")]


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each language's .ts as `./dev i18n` would leave it for the code as it is now."""
    folder = tmp_path_factory.mktemp("i18n")
    files = {}
    for language in ("en", *update.LANGUAGES):
        copy = folder / update.ts_file(language).name
        shutil.copy(update.ts_file(language), copy)
        update.extract(language, plural_only=language == "en", ts=copy)
        files[language] = copy
    return files


@pytest.mark.slow
@pytest.mark.parametrize("language", update.LANGUAGES)
def test_every_marked_text_has_a_finished_translation(extracted: dict[str, Path], language: str) -> None:
    waiting = update.unfinished(language, extracted[language])
    assert not waiting, f"{len(waiting)} text(s) to translate (./dev i18n, then translate): {waiting[:5]}"
    # And nothing was extracted that the committed file lacks (./dev i18n was run).
    committed = update.ts_file(language).read_text(encoding="utf-8")
    assert committed == extracted[language].read_text(encoding="utf-8")


@pytest.mark.slow
def test_english_plurals_are_written_for_every_count(extracted: dict[str, Path]) -> None:
    assert update.ts_file("en").read_text(encoding="utf-8") == extracted["en"].read_text(encoding="utf-8")
    assert not update.unfinished("en"), "run ./dev i18n: it writes the English plural forms"


@pytest.mark.parametrize("language", ["en", *update.LANGUAGES])
def test_translations_keep_every_value_and_plural_form(language: str) -> None:
    for context, message in _messages(update.ts_file(language)):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        assert translation is not None
        forms = [form.text or "" for form in translation.iter("numerusform")] or [translation.text or ""]
        for form in forms:
            assert form.strip(), f"{context}: {source!r} has an empty translation"
            assert sorted(_FIELD.findall(form)) == sorted(_FIELD.findall(source)), (
                f"{context}: {source!r} -> {form!r} does not keep the same {{values}}")
            if "%n" in source or "%Ln" in source:
                assert "%n" in form or "%Ln" in form, f"{context}: {form!r} lost its count"


@pytest.mark.parametrize("language", ["en", *update.LANGUAGES])
def test_the_compiled_translations_match_their_sources(tmp_path: Path, language: str) -> None:
    compiled = tmp_path / "check.qm"
    update.compile_ts(update.ts_file(language), compiled)
    assert compiled.read_bytes() == update.qm_file(language).read_bytes(), "run ./dev i18n"


def test_the_language_follows_the_system_unless_one_is_chosen(tmp_path: Path) -> None:
    assert system_language(QLocale("pt_BR")) == "pt_BR"
    assert system_language(QLocale("pt_PT")) == "pt_BR"  # the Portuguese the desk speaks
    assert system_language(QLocale("de_DE")) == ENGLISH
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    assert settings.value(SETTING, SYSTEM) == SYSTEM
    settings.setValue(SETTING, "pt_BR")
    assert effective(settings) == "pt_BR"
    settings.setValue(SETTING, "klingon")  # a language it no longer speaks: the system's
    assert effective(settings) == system_language()


def test_view_language_saves_the_choice_and_says_when_it_applies(qtbot: QtBot, tmp_path: Path) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    path = str(tmp_path / "settings.ini")
    menu = LanguageMenu(window, lambda: QSettings(path, QSettings.Format.IniFormat), ENGLISH)
    view = window.menuBar().findChild(QMenu, "viewMenu")
    assert view is not None and menu.menu.title() == "&Language"
    names = [action.text() for action in menu.menu.actions()]
    assert names[1:] == list(LANGUAGES.values()) and names[0].startswith("System (")
    portuguese = next(a for a in menu.menu.actions() if a.objectName() == "language-pt_BR")
    portuguese.trigger()
    assert QSettings(path, QSettings.Format.IniFormat).value(SETTING) == "pt_BR"
    notice = window.findChild(QMessageBox, "languageNotice")
    assert notice is not None and "Português (Brasil)" in notice.text() and "Sign out" in notice.text()
    assert portuguese.isChecked()


def test_app_phrases_are_said_in_the_chosen_language(english: Translations) -> None:
    english.install("pt_BR")
    try:
        assert say(Refusals.tr("This chat is no longer open.")) == "Esta conversa não está mais aberta."
        assert say(duration(60)) == "1 minuto"
        assert say(duration(5400)) == "1 hora e 30 minutos"
        assert say(Refusals.tr("{name} is at the chat limit ({reason}). Close a chat or put one on hold "
                               "first.").format(name="Bo", reason="4/4")).startswith("Bo está no limite")
    finally:
        english.install(ENGLISH)
    assert say(duration(60)) == "1 minute"


async def test_the_desk_speaks_brazilian_portuguese(desk: Desk, english: Translations) -> None:
    english.install("pt_BR")
    try:
        window = await desk.open("ana")
        await until(lambda: window.queue_model.rowCount() > 0, what="the queue")
        assert window.queue_panel.take_button.text() == "Assumir"
        assert window.conversation.send_button.text() == "Enviar"
        assert window.queue_panel.filter.placeholderText().startswith("Filtrar por visitante")
        assert window.queue_panel.title.text().startswith("Fila · ")
        assert window.queue_model.headerData(QueueModel.VISITOR, Qt.Orientation.Horizontal) == "Visitante"
        menus = [action.text() for action in window.menuBar().actions()]
        assert {"&Exibir", "Aj&uda", "&Notificações"} <= set(menus)
        assert window.conversation.heading.text() == "Nenhuma conversa aberta"
        assert QLocale().toString(1234567) == "1.234.567"
    finally:
        english.install(ENGLISH)
