"""What `omnidesk --server` signs in with: the Rocket.Chat backend behind the seams of
app.backends.server (a SignIn per server address, the saved servers)."""

from __future__ import annotations

from pathlib import Path

from app.backends.rocketchat.credentials import TokenVault
from app.backends.rocketchat.saved_servers import KeptServers
from app.backends.rocketchat.servers import SavedServers
from app.backends.rocketchat.sign_in import RocketChatSignIn
from app.backends.server import ServerSupport
from app.backends.server_address import ServerAddress


def rocketchat_support(data_dir: Path, config_dir: Path | None = None) -> ServerSupport:
    vault = TokenVault()
    servers = SavedServers.in_config_dir(config_dir)

    def connect(address: ServerAddress) -> RocketChatSignIn:
        ca_file = next((saved.ca_file for saved in servers.load() if saved.url == address.url), None)
        return RocketChatSignIn(address.url, data_dir, vault, servers,
                                ca_file=None if ca_file is None else Path(ca_file))

    return ServerSupport(connect=connect, saved=KeptServers(servers, vault))
