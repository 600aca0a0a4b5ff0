"""A server's address as a person types it: HTTPS by default, plain HTTP only to this computer,
one spelling for the same server, and a sentence saying what to change otherwise."""

from __future__ import annotations

import pytest

from app.backends.server_address import ServerAddress, is_loopback, server_address
from app.errors import InvalidInput


@pytest.mark.parametrize(("typed", "url"), [
    ("chat.example.com", "https://chat.example.com"),
    ("  https://Chat.Example.com/  ", "https://chat.example.com"),
    ("https://chat.example.com:8443/rocket/", "https://chat.example.com:8443/rocket"),
    ("https://chat.example.com/?utm=1#top", "https://chat.example.com"),
    ("HTTPS://chat.example.com", "https://chat.example.com"),
    ("http://localhost:3000", "http://localhost:3000"),
    ("http://127.0.0.1:3000/", "http://127.0.0.1:3000"),
    ("http://[::1]:3000", "http://[::1]:3000"),
])
def test_an_address_is_written_one_way(typed: str, url: str) -> None:
    assert server_address(typed) == ServerAddress(url)


def test_the_host_is_named() -> None:
    assert server_address("https://chat.example.com:8443/x").host == "chat.example.com"


@pytest.mark.parametrize("typed", ["http://chat.example.com", "http://10.0.0.5:3000", "http://localhost.example.com"])
def test_plain_http_across_a_network_is_refused(typed: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        server_address(typed)
    assert "HTTPS only" in refused.value.message
    assert refused.value.phrase is not None  # said in the user's language by the UI


@pytest.mark.parametrize(("typed", "said"), [
    ("", "Enter the server's address"),
    ("   ", "Enter the server's address"),
    ("ftp://chat.example.com", "'ftp://chat.example.com' is not a server address"),
    ("https://", "is not a server address"),
    ("https://chat.example.com:99999", "is not a server address"),
    ("chat example com", "is not a server address"),
    ("https://ana:secret@chat.example.com", "Leave your name and password out of the address"),
    ("https://ana:secret@chat.example.com:99999", "Leave your name and password out of the address"),
])
def test_what_is_not_an_address_is_said(typed: str, said: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        server_address(typed)
    assert said in refused.value.message
    assert "secret" not in refused.value.message


@pytest.mark.parametrize(("host", "loopback"), [
    ("localhost", True), ("app.localhost", True), ("127.0.0.1", True), ("127.8.9.10", True),
    ("::1", True), ("10.0.0.1", False), ("chat.example.com", False), ("localhost.example.com", False),
])
def test_loopback_hosts(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback
