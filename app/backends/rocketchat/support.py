"""What `omnidesk --server` signs in with: the Rocket.Chat backend behind the seams of
app.backends.server (a SignIn per server address, the saved servers)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.backends.rocketchat.backend import RocketChatBackend
from app.backends.rocketchat.credentials import TokenVault
from app.backends.rocketchat.saved_servers import KeptServers
from app.backends.rocketchat.servers import SavedServers
from app.backends.rocketchat.sign_in import RocketChatSignIn
from app.backends.server import ServerSupport
from app.backends.server_address import ServerAddress
from app.domain import Person


@dataclass
class ServerSignIn:
    """A server's sign-in with what the person should know first (no keyring here)."""

    inner: RocketChatSignIn
    vault: TokenVault

    def notice(self) -> str | None:
        return self.vault.notice

    async def organisation_name(self) -> str:
        return await self.inner.organisation_name()

    async def accounts(self) -> list[Person]:
        return await self.inner.accounts()

    async def sign_in(self, username: str, *, password: str = "", code: str = "") -> RocketChatBackend:
        return await self.inner.sign_in(username, password=password, code=code)


def rocketchat_support(data_dir: Path, config_dir: Path | None = None) -> ServerSupport:
    vault = TokenVault()
    servers = SavedServers.in_config_dir(config_dir)

    def connect(address: ServerAddress) -> ServerSignIn:
        ca_file = next((saved.ca_file for saved in servers.load() if saved.url == address.url), None)
        return ServerSignIn(RocketChatSignIn(address.url, data_dir, vault, servers,
                                             ca_file=None if ca_file is None else Path(ca_file)), vault)

    return ServerSupport(connect=connect, saved=KeptServers(servers, vault))
