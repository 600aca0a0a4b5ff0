"""The Rocket.Chat servers a user signed in to (URL, usernames, an optional CA file: never a
secret), kept in a small JSON file in Omnidesk's config directory, and where each (server, user)
keeps its SQLite cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

from app.backends.server_address import server_address
from app.errors import StorageError

SERVERS_FILE = "rocketchat-servers.json"
CACHE_DIR = "rocketchat"
_FORMAT = 1


def default_config_dir() -> Path:
    """The user's config directory for Omnidesk (XDG on Linux, the native place elsewhere)."""
    import platformdirs  # noqa: PLC0415  (only when asked: it costs start-up)

    return Path(platformdirs.user_config_dir("omnidesk", appauthor=False))


def normalize_server_url(text: str) -> str:
    """`text` as the server's base URL, checked as the sign-in dialog and `--server` check it
    (app.backends.server_address): `https://host[:port][/path]`, plain http:// only to this
    computer. Raises InvalidInput saying what to change."""
    return server_address(text).url


def cache_path(data_dir: Path, server_url: str, username: str) -> Path:
    """The SQLite cache of `username` on `server_url`: one file each, named readably after the host
    and the user, with a hash of both so that no two (server, user) share a file and no name can
    climb out of the directory."""
    url = normalize_server_url(server_url)
    digest = hashlib.sha256(f"{url}\n{username}".encode()).hexdigest()[:16]
    host = urlsplit(url).hostname or "server"
    name = f"{_readable(host)}-{_readable(username)}-{digest}.sqlite3"
    return data_dir / CACHE_DIR / name


def journal_path(data_dir: Path, server_url: str, username: str) -> Path:
    """The pending-changes journal (app.sync) of `username`'s administration of `server_url`:
    beside their cache, one per (server, user), so an admin's offline edits are kept per server."""
    return cache_path(data_dir, server_url, username).with_suffix(".pending.sqlite3")


def _readable(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text).strip("._")[:40] or "x"


@dataclass(frozen=True, slots=True)
class SavedServer:
    url: str
    usernames: tuple[str, ...] = ()
    # A PEM file of the organisation's certificate authority, when it runs its own.
    ca_file: str | None = None


class SavedServers:
    """The saved servers file. Written whole, atomically (a temporary file renamed over it)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def in_config_dir(cls, config_dir: Path | None = None) -> SavedServers:
        return cls((config_dir or default_config_dir()) / SERVERS_FILE)

    def load(self) -> list[SavedServer]:
        """The saved servers, most recently used first; none when the file is absent. A file that
        cannot be read is a StorageError (it is left as it is)."""
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return []
        except OSError as error:
            raise StorageError(f"The saved servers file {self.path} cannot be read: {error}") from error
        try:
            data = json.loads(text)
            entries = data["servers"]
            return [_server(entry) for entry in entries]
        except (ValueError, KeyError, TypeError) as error:
            raise StorageError(
                f"The saved servers file {self.path} is damaged; move it away to start afresh."
            ) from error

    def remember(self, url: str, username: str, *, ca_file: str | None = None) -> SavedServer:
        """Save `username` on `url` as the most recent sign-in (first in the list)."""
        url = normalize_server_url(url)
        servers = self.load()
        found = next((s for s in servers if s.url == url), SavedServer(url, (), ca_file))
        users = (username, *(u for u in found.usernames if u != username))
        saved = replace(found, usernames=users, ca_file=ca_file if ca_file is not None else found.ca_file)
        self._write([saved, *(s for s in servers if s.url != url)])
        return saved

    def forget(self, url: str, username: str | None = None) -> None:
        """Forget `username` on `url`, or the whole server when no username is given."""
        url = normalize_server_url(url)
        kept: list[SavedServer] = []
        for server in self.load():
            if server.url != url:
                kept.append(server)
            elif username is not None:
                users = tuple(u for u in server.usernames if u != username)
                if users:
                    kept.append(replace(server, usernames=users))
        self._write(kept)

    def _write(self, servers: list[SavedServer]) -> None:
        payload = {
            "format": _FORMAT,
            "servers": [
                {"url": s.url, "usernames": list(s.usernames),
                 **({"caFile": s.ca_file} if s.ca_file else {})}
                for s in servers
            ],
        }
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".servers-", suffix=".json")
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as file:
                    json.dump(payload, file, indent=2, ensure_ascii=False)
                os.replace(temporary, self.path)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
                raise
        except OSError as error:
            raise StorageError(f"The saved servers file {self.path} cannot be written: {error}") from error


def _server(entry: object) -> SavedServer:
    if not isinstance(entry, dict) or not isinstance(entry.get("url"), str):
        raise TypeError("a server entry needs a url")
    users = entry.get("usernames", [])
    ca_file = entry.get("caFile")
    if not isinstance(users, list) or not all(isinstance(u, str) for u in users):
        raise TypeError("usernames must be strings")
    if ca_file is not None and not isinstance(ca_file, str):
        raise TypeError("caFile must be a string")
    return SavedServer(url=entry["url"], usernames=tuple(users), ca_file=ca_file)
