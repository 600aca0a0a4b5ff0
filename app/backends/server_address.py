"""A server's address as a person types it, checked and written one way.

Light on purpose (no backend imports): the command line checks `--server` with it.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from urllib.parse import urlsplit

from app.errors import InvalidInput
from app.words import Phrase, PhraseBook


class ServerWords(PhraseBook):
    """What is said about a server's address and the link to it."""


@dataclass(frozen=True, slots=True)
class ServerAddress:
    """A server's base address, checked and written one way: `scheme://host[:port][/path]`,
    the host in lower case, no trailing slash (Rocket.Chat may be served below a path)."""

    url: str

    @property
    def host(self) -> str:
        return urlsplit(self.url).hostname or ""

    def __str__(self) -> str:
        return self.url


def is_loopback(host: str) -> bool:
    """Whether `host` names this computer (traffic to it never reaches a network)."""
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def server_address(text: str) -> ServerAddress:
    """The address a person typed, checked: `chat.example.com` means `https://chat.example.com`.

    Plain HTTP is refused (a password and every chat would cross the network readable by
    anyone on the way), except to this computer itself (`localhost`, 127.0.0.1, ::1), where
    nothing crosses a network: a server under test, or a tunnel. Raises InvalidInput saying
    what to change."""
    typed = text.strip()
    if not typed:
        raise InvalidInput(ServerWords.tr("Enter the server's address, such as https://chat.example.com."))
    if "://" not in typed:
        typed = "https://" + typed
    try:
        parts = urlsplit(typed)
    except ValueError:
        raise InvalidInput(_not_an_address(text)) from None
    # Before anything that repeats the address: a password in it is never said back.
    if "@" in parts.netloc:
        raise InvalidInput(ServerWords.tr(
            "Leave your name and password out of the address: Omnidesk asks for them next."))
    try:
        port = parts.port
    except ValueError:
        raise InvalidInput(_not_an_address(text)) from None
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if scheme not in ("https", "http") or not host or " " in typed:
        raise InvalidInput(_not_an_address(text))
    if scheme == "http" and not is_loopback(host):
        raise InvalidInput(ServerWords.tr(
            "Omnidesk signs in to a server over HTTPS only: over plain HTTP your password and "
            "every chat would cross the network unencrypted. Use the server's https:// address "
            "(your administrator knows it)."))
    shown_host = f"[{host}]" if ":" in host else host
    netloc = shown_host if port is None else f"{shown_host}:{port}"
    # A query or a fragment is never part of a server's base address (a copied page link).
    return ServerAddress(f"{scheme}://{netloc}{parts.path.rstrip('/')}")


def _not_an_address(text: str) -> Phrase:
    return ServerWords.tr("'{text}' is not a server address. Enter one such as "
                          "https://chat.example.com.").format(text=text.strip())
