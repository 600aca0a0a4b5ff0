"""The saved servers file (no secret in it) and the cache file of each (server, user)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.backends.rocketchat.servers import (
    SavedServer,
    SavedServers,
    cache_path,
    journal_path,
    normalize_server_url,
)
from app.errors import InvalidInput, StorageError


@pytest.mark.parametrize(
    ("given", "url"),
    [
        ("chat.example.com", "https://chat.example.com"),
        ("https://Chat.Example.com/", "https://chat.example.com"),
        (" https://chat.example.com:8443/rocket/ ", "https://chat.example.com:8443/rocket"),
        ("https://chat.example.com/?x=1#y", "https://chat.example.com"),
        ("http://127.0.0.1:3000", "http://127.0.0.1:3000"),
        ("http://localhost:3000/", "http://localhost:3000"),
        ("https://[::1]:3000", "https://[::1]:3000"),
    ],
)
def test_server_addresses_are_normalised(given: str, url: str) -> None:
    assert normalize_server_url(given) == url


@pytest.mark.parametrize(
    ("given", "said"),
    [
        ("", "address"),
        ("http://chat.example.com", "HTTPS only"),
        ("ftp://chat.example.com", "not a server address"),
        ("https://ana:secret@chat.example.com", "name and password out"),
        ("https://chat.example.com:99999", "not a server address"),
    ],
)
def test_unusable_addresses_are_refused_with_a_reason(given: str, said: str) -> None:
    with pytest.raises(InvalidInput, match=said):
        normalize_server_url(given)


def test_each_server_and_user_has_its_own_safe_cache_file(tmp_path: Path) -> None:
    ana = cache_path(tmp_path, "https://chat.example.com", "ana")
    assert ana.parent == tmp_path / "rocketchat"
    assert ana.name.startswith("chat.example.com-ana-") and ana.suffix == ".sqlite3"
    assert cache_path(tmp_path, "chat.example.com/", "ana") == ana
    others = {
        cache_path(tmp_path, "https://chat.example.com", "bo"),
        cache_path(tmp_path, "https://chat.example.com:8443", "ana"),
        cache_path(tmp_path, "https://chat.example.org", "ana"),
    }
    assert ana not in others and len(others) == 3
    hostile = cache_path(tmp_path, "https://chat.example.com", "../../etc/passwd")
    assert hostile.parent == tmp_path / "rocketchat" and "/" not in hostile.name


def test_an_admins_pending_changes_live_beside_their_cache_one_journal_per_server_and_user(
        tmp_path: Path) -> None:
    ana = journal_path(tmp_path, "https://chat.example.com", "ana")
    cache = cache_path(tmp_path, "https://chat.example.com", "ana")
    assert ana.parent == cache.parent and ana.name == cache.stem + ".pending.sqlite3"
    assert ana != cache
    assert len({ana, journal_path(tmp_path, "https://chat.example.com", "bo"),
                journal_path(tmp_path, "https://chat.example.org", "ana")}) == 3


def test_saved_servers_keep_the_last_used_first_and_no_secret(tmp_path: Path) -> None:
    servers = SavedServers.in_config_dir(tmp_path / "config")
    assert servers.load() == []
    servers.remember("chat.example.com", "ana")
    servers.remember("https://other.example.com", "bo", ca_file="/etc/ssl/company-ca.pem")
    servers.remember("https://chat.example.com/", "maya")
    assert servers.load() == [
        SavedServer("https://chat.example.com", ("maya", "ana")),
        SavedServer("https://other.example.com", ("bo",), "/etc/ssl/company-ca.pem"),
    ]
    data = json.loads(servers.path.read_text())
    assert {key for entry in data["servers"] for key in entry} <= {"url", "usernames", "caFile"}
    servers.forget("https://chat.example.com", "maya")
    servers.forget("https://other.example.com")
    assert servers.load() == [SavedServer("https://chat.example.com", ("ana",))]
    assert [p.name for p in servers.path.parent.iterdir()] == [servers.path.name]


def test_a_damaged_servers_file_is_said_and_left_as_it_is(tmp_path: Path) -> None:
    path = tmp_path / "rocketchat-servers.json"
    path.write_text('{"servers": [{"usernames": []}]}')
    with pytest.raises(StorageError, match="damaged"):
        SavedServers(path).load()
    assert path.read_text() == '{"servers": [{"usernames": []}]}'
