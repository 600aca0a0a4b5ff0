"""The saved servers as the sign-in dialog asks for them (app.backends.server.SavedServers): the
servers file (servers.py) and the tokens kept in the keyring (credentials.py), read and written
off the caller's thread."""

from __future__ import annotations

import asyncio

from app.backends.rocketchat.credentials import TokenVault
from app.backends.rocketchat.servers import SavedServers as ServersFile
from app.backends.server import SavedServer
from app.backends.server_address import ServerAddress, server_address


class KeptServers:
    def __init__(self, servers_file: ServersFile, vault: TokenVault) -> None:
        self._file = servers_file
        self._vault = vault

    async def servers(self) -> list[SavedServer]:
        return await asyncio.to_thread(self._read)

    async def remember(self, address: ServerAddress, username: str) -> None:
        await asyncio.to_thread(self._file.remember, address.url, username)

    async def forget(self, server: SavedServer) -> None:
        await self._vault.aforget(server.address.url, server.username)
        await asyncio.to_thread(self._file.forget, server.address.url, server.username)

    def _read(self) -> list[SavedServer]:
        return [SavedServer(address=server_address(saved.url), username=username,
                            remembered=self._vault.load(saved.url, username) is not None)
                for saved in self._file.load() for username in saved.usernames]
