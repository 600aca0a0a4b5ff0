"""app/'s sentences are Phrases: English as they were for logs and tests, translatable by ui/,
and the engine writes a chat's history in whatever language it is told to."""

from __future__ import annotations

from app.backends.embedded import EmbeddedEngine
from app.backends.refusals import Refusals
from app.backends.wording import duration
from app.clock import ManualClock
from app.domain import AuthorKind
from app.errors import Refused
from app.store import Database
from app.words import Phrase, PhraseBook, english_forms, english_plural


class Book(PhraseBook):
    pass


def test_a_phrase_is_its_english_sentence_with_its_values() -> None:
    said = Book.tr("{agent} took {count} chats from {where}.").format(
        agent="Bo", count=12_345, where=Book.tr("the public queue"))
    assert said.context == "Book"
    assert str(said) == "Bo took 12,345 chats from the public queue."


def test_english_plurals_follow_the_count() -> None:
    assert english_forms("%n minute(s)") == ("%n minute", "%n minutes")
    assert [english_plural("%n tag(s)", n) for n in (0, 1, 2)] == ["0 tags", "1 tag", "2 tags"]
    assert english_plural("%Ln match(es)", 1_200) == "1,200 matches"
    assert str(duration(5400)) == "1 hour 30 minutes"


def test_an_error_keeps_its_phrase_for_the_user_and_english_for_the_log() -> None:
    error = Refused(Refusals.tr("This chat is no longer open."), code="chat-closed")
    assert isinstance(error.phrase, Phrase)
    assert error.message == str(error) == "This chat is no longer open."
    assert Refused("plain", code="x").phrase is None


async def test_the_engine_words_the_history_in_the_language_it_is_given(
    database: Database, clock: ManualClock
) -> None:
    said: list[Phrase] = []

    def in_capitals(phrase: Phrase) -> str:
        said.append(phrase)
        return str(phrase).upper()

    engine = EmbeddedEngine(database, clock, run_timers=False, say=in_capitals)
    ana = await engine.sign_in("ana")
    try:
        waiting = next(i for i in await ana.queue() if i.department_id == "dep-support")
        chat = await ana.take(waiting.id)
        page = await ana.messages(chat.id)
        notes = [m.text for m in page.messages if m.author_kind is AuthorKind.SYSTEM]
        assert notes[-1] == "ANA SOUZA JOINED THE CHAT."
        assert said[-1].context == "History"
    finally:
        await ana.aclose()
        await engine.aclose()
