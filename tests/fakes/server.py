"""A server's sign-in as tests script it, and the saved servers kept in memory.

`FakeServer` implements `app.backends.server.ServerSignIn` over a FakeDesk: it checks passwords,
asks for a second step (`two_factor`), refuses a kept sign-in that has ended (`expired`), cannot
be reached (`offline`), or does not prove who it is (`tls_problem`); `gate` holds an attempt
until the test opens it. `FakeServers.connect` is the launcher's `ConnectServer`.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from app.backends.server import SavedServer
from app.backends.server_address import ServerAddress
from app.domain import Person
from app.errors import BadCredentials, Offline, SessionExpired, TwoFactorRequired
from tests.fakes.backend import FakeBackend
from tests.fakes.desk import FakeDesk

NO_KEYRING = ("This computer has no keyring to keep your sign-in: it lasts until Omnidesk closes, "
              "and you will sign in again next time.")


@dataclass(eq=False)
class FakeServer:
    desk: FakeDesk
    address: ServerAddress
    passwords: dict[str, str] = field(default_factory=dict)
    # username -> the second step the server asks for ('totp', 'email', 'password'), and its code
    two_factor: dict[str, tuple[str, str]] = field(default_factory=dict)
    # Usernames with a sign-in kept on this computer, and those whose kept one the server ended.
    kept: set[str] = field(default_factory=set)
    expired: set[str] = field(default_factory=set)
    offline: str | None = None
    tls_problem: str | None = None
    keyring: bool = True
    gate: asyncio.Event | None = None
    attempts: list[tuple[str, str, str]] = field(default_factory=list)

    def notice(self) -> str | None:
        return None if self.keyring else NO_KEYRING

    async def organisation_name(self) -> str:
        return await self.desk.organisation_name()

    async def accounts(self) -> list[Person]:
        return [p for p in await self.desk.accounts() if p.username in self.kept]

    async def sign_in(self, username: str, *, password: str = "", code: str = "") -> FakeBackend:
        self.attempts.append((username, password, code))
        if self.gate is not None:
            await self.gate.wait()
        if self.tls_problem is not None:
            raise Offline(f"Cannot reach {self.address.host} securely: {self.tls_problem}. Nothing was "
                          "sent; ask your administrator about the server's certificate.")
        if self.offline is not None:
            raise Offline(f"Cannot reach {self.address.host}: {self.offline}")
        if not password:
            if username in self.expired:
                raise SessionExpired("Your sign-in has ended: sign in again.")
            if username not in self.kept:
                raise BadCredentials("A password is needed.")
        elif self.passwords.get(username) != password:
            raise BadCredentials("Unauthorized")
        elif username in self.two_factor:
            method, expected = self.two_factor[username]
            if not code:
                raise TwoFactorRequired(f"The server asks for a {method} code.", method=method)
            if code != expected:
                raise BadCredentials("Invalid two-factor code")
        backend = await self.desk.sign_in(username)
        if self.keyring:
            self.kept.add(username)
        return backend


class FakeServers:
    """The servers a test knows, by address; an unknown address cannot be reached."""

    def __init__(self, desk: FakeDesk) -> None:
        self.desk = desk
        self.servers: dict[str, FakeServer] = {}
        self.connected: list[str] = []

    def add(self, url: str, **how: object) -> FakeServer:
        server = FakeServer(self.desk, ServerAddress(url), **how)  # type: ignore[arg-type]
        self.servers[url] = server
        return server

    def connect(self, address: ServerAddress) -> FakeServer:
        self.connected.append(address.url)
        known = self.servers.get(address.url)
        if known is None:
            known = FakeServer(self.desk, address, offline="no server answers at this address. Check "
                               "it, and that this computer is online.")
            self.servers[address.url] = known
        return known


class MemorySavedServers:
    """`app.backends.server.SavedServers` in memory; `forgotten` lists the kept sign-ins
    removed (a real one removes the token from the keyring)."""

    def __init__(self, servers: list[SavedServer] | None = None) -> None:
        self.saved = list(servers or [])
        self.forgotten: list[SavedServer] = []

    async def servers(self) -> list[SavedServer]:
        await asyncio.sleep(0)
        return list(self.saved)

    async def remember(self, address: ServerAddress, username: str) -> None:
        await asyncio.sleep(0)
        self.saved = [s for s in self.saved if (s.address, s.username) != (address, username)]
        self.saved.insert(0, SavedServer(address, username, remembered=True))

    async def forget(self, server: SavedServer) -> None:
        await asyncio.sleep(0)
        self.saved = [s for s in self.saved if (s.address, s.username) != (server.address, server.username)]
        self.forgotten.append(server)
