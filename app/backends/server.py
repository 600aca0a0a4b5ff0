"""Reaching a server: the servers saved on this computer, and the seams through which the
launcher gets a `SignIn` for a server (its address: server_address.py).

No network and no keyring here: the Rocket.Chat backend (app/backends/rocketchat/) implements
`ServerSignIn` and `SavedServers`; `server_support` is where the launcher finds them. The UI
depends on these protocols only, so it is tested with in-memory fakes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from app.backends.contract import SignIn
from app.backends.server_address import ServerAddress
from app.words import Phrase


@dataclass(frozen=True, slots=True)
class SavedServer:
    """A server someone signed in to on this computer, and as whom."""

    address: ServerAddress
    username: str
    # Whether a sign-in is kept for it (a token in the OS keyring): signing in again needs no
    # password until the server lets it expire.
    remembered: bool = False


class SavedServers(Protocol):
    """The servers saved on this computer (Rocket.Chat backend: servers.py + credentials.py).
    Secrets are never written to a file: a kept sign-in lives in the OS keyring only."""

    async def servers(self) -> list[SavedServer]:
        """The saved servers, the most recently used first."""
        ...

    async def remember(self, address: ServerAddress, username: str) -> None:
        """Save (or move to the top) the server and username of a successful sign-in; whether
        the sign-in itself is kept is the backend's to know (a keyring exists)."""
        ...

    async def forget(self, server: SavedServer) -> None:
        """Remove the saved server and the sign-in kept for it (its token leaves the keyring)."""
        ...


class ServerSignIn(SignIn, Protocol):
    """Signing in to one server (SignIn: `sign_in` raises BadCredentials, TwoFactorRequired,
    SessionExpired when a kept sign-in was refused, Offline when the server cannot be reached
    or its certificate is not trusted)."""

    def notice(self) -> Phrase | str | None:
        """What the person should know before signing in here, or None: e.g. that no keyring
        exists on this computer, so the sign-in lasts only this session."""
        ...


# Makes the SignIn for a server's address; it reaches no network until called on.
ConnectServer = Callable[[ServerAddress], ServerSignIn]


@dataclass(frozen=True, slots=True)
class ServerSupport:
    """What the launcher needs to sign in to servers."""

    connect: ConnectServer
    saved: SavedServers


def server_support(data_dir: Path) -> ServerSupport | None:
    """How this build reaches a server (the Rocket.Chat backend, loaded only with --server), or
    None in a build without a server backend."""
    from app.backends.rocketchat.support import rocketchat_support  # noqa: PLC0415

    return rocketchat_support(data_dir)
