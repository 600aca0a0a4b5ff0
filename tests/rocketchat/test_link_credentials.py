"""Where resume tokens live: the OS keyring, or this session's memory when there is none."""

from __future__ import annotations

import json

import keyring.backend
import keyring.backends.chainer
import keyring.backends.fail
import pytest

from app.backends.rocketchat.credentials import (
    NO_KEYRING_NOTICE,
    SERVICE_PREFIX,
    SavedToken,
    TokenVault,
    usable,
)
from tests.rocketchat.loopback.fakes import LockedKeyring, MemoryKeyring

SERVER = "https://chat.example.com"


def test_tokens_are_kept_per_server_and_user_in_the_keyring() -> None:
    store = MemoryKeyring()
    vault = TokenVault(store)
    vault.save(SERVER, "ana", SavedToken("u1", "token-a"))
    vault.save("https://other.example.com", "ana", SavedToken("u9", "token-b"))
    assert vault.load(SERVER, "ana") == SavedToken("u1", "token-a")
    assert vault.load(SERVER, "bo") is None
    assert json.loads(store.secrets[(SERVICE_PREFIX + SERVER, "ana")]) == {"userId": "u1", "token": "token-a"}
    vault.forget(SERVER, "ana")
    vault.forget(SERVER, "ana")  # forgetting twice is fine
    assert vault.load(SERVER, "ana") is None
    assert vault.notice is None


@pytest.mark.parametrize("secret", ["", "not json", "[]", '{"userId": "u1"}', '{"userId": 1, "token": "t"}'])
def test_a_stored_secret_that_is_not_ours_reads_as_no_token(secret: str) -> None:
    store = MemoryKeyring()
    store.secrets[(SERVICE_PREFIX + SERVER, "ana")] = secret
    assert TokenVault(store).load(SERVER, "ana") is None


def test_no_usable_keyring_gives_a_notice_and_keeps_tokens_in_memory_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(keyring.backend, "get_all_keyring", lambda: [])
    for backend in (keyring.backends.fail.Keyring(), keyring.backends.chainer.ChainerBackend()):
        assert not usable(backend)
        vault = TokenVault(backend)
        assert vault.notice == NO_KEYRING_NOTICE
        vault.save(SERVER, "ana", SavedToken("u1", "token-a"))
        assert vault.load(SERVER, "ana") == SavedToken("u1", "token-a")
        assert TokenVault(backend).load(SERVER, "ana") is None


def test_a_chainer_with_a_usable_keyring_is_usable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keyring.backend, "get_all_keyring", lambda: [MemoryKeyring()])
    assert usable(keyring.backends.chainer.ChainerBackend())


def test_a_keyring_that_refuses_falls_back_to_memory_and_says_why() -> None:
    assert TokenVault(LockedKeyring()).notice is None  # it exists: it is tried
    vault = TokenVault(LockedKeyring())
    vault.save(SERVER, "ana", SavedToken("u1", "token-a"))
    assert vault.notice is not None and "locked" in vault.notice
    assert not vault.persistent
    assert vault.load(SERVER, "ana") == SavedToken("u1", "token-a")
