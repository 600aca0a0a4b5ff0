from __future__ import annotations

from app.store.messages import fts_query


def test_words_are_quoted_and_the_last_is_a_prefix() -> None:
    assert fts_query("refund order") == '"refund" "order"*'


def test_operators_and_quotes_are_never_interpreted() -> None:
    assert fts_query('a" OR b NEAR(c') == '"a" "OR" "b" "NEAR" "c"*'


def test_nothing_to_search() -> None:
    assert fts_query("  !!! ") is None
