"""Assertions the contract tests share."""

from __future__ import annotations

from app.errors import OmnideskError
from tests.contract.harness import DeskHarness


def assert_said_to_a_user(error: BaseException, desk: DeskHarness, *also_ids: str) -> None:
    """`error` is an OmnideskError whose message is a sentence for the user: it says what
    happened in words, naming people and departments by name, never by id."""
    assert isinstance(error, OmnideskError), repr(error)
    message = error.message
    assert message[:1].isupper() and message.rstrip().endswith("."), message
    leaked = sorted(i for i in desk.org.ids() | set(also_ids) if i in message)
    assert not leaked, f"{message!r} shows ids {leaked}"
