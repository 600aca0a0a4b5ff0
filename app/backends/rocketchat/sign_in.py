"""`SignIn` for a Rocket.Chat server: the accounts saved on this computer for it, and signing in
(with a password and a second factor, or from the saved token) to a `RocketChatBackend` over the
(server, user)'s own cache file.

From the saved token (no password given), a user this cache already knows gets their desk at
once, from the cache: the session is resumed in the background, the server unreachable or not. A
first sign-in (or a password) asks the server first: who the user is must come from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from app.backends.rocketchat import principal
from app.backends.rocketchat.backend import RocketChatBackend
from app.backends.rocketchat.credentials import TokenVault
from app.backends.rocketchat.ddp import DdpTuning
from app.backends.rocketchat.servers import SavedServers, cache_path, normalize_server_url
from app.backends.rocketchat.session import Session
from app.backends.rocketchat.timing import Timing
from app.domain import Person, Principal, Role
from app.errors import OmnideskError
from app.store import Database


@dataclass
class RocketChatSignIn:
    server_url: str
    data_dir: Path
    vault: TokenVault
    servers: SavedServers
    ca_file: Path | None = None
    timing: Timing | None = None
    ddp_tuning: DdpTuning | None = None
    _backends: list[RocketChatBackend] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.server_url = normalize_server_url(self.server_url)

    def notice(self) -> str | None:
        """What to know before signing in here (app.backends.server.ServerSignIn): no keyring, so
        the sign-in lasts this session only."""
        return self.vault.notice

    async def organisation_name(self) -> str:
        return urlsplit(self.server_url).hostname or self.server_url

    async def accounts(self) -> list[Person]:
        """The usernames saved for this server (most recent first), known by name only: who they
        are comes from the server when they sign in."""
        saved = next((s for s in self.servers.load() if s.url == self.server_url), None)
        names = saved.usernames if saved is not None else ()
        return [Person(id=name, username=name, name=name, roles=frozenset[Role]()) for name in names]

    async def sign_in(self, username: str, *, password: str = "", code: str = "") -> RocketChatBackend:
        """With `password`: sign in on the server (TwoFactorRequired: call again with `code`).
        Without: resume from the saved token, the cached desk shown at once when there is one."""
        session = Session(self.server_url, vault=self.vault, ca_file=self.ca_file, timing=self.timing,
                          ddp_tuning=self.ddp_tuning)
        database: Database | None = None
        try:
            path = cache_path(self.data_dir, self.server_url, username)
            path.parent.mkdir(parents=True, exist_ok=True)
            if password:
                signed = await session.sign_in(username, password, code=code or None)
                resume = False
            else:
                saved = await self.vault.aload(self.server_url, username)
                database = Database.open(path)
                known = None
                if saved is not None:
                    user_id = saved.user_id
                    known = await database.read(lambda c: principal.cached_principal(c, user_id))
                if known is not None:
                    backend = self._backend(database, known, session, username)
                    backend.start(resume=True)
                    self.servers.remember(self.server_url, username, ca_file=_text(self.ca_file))
                    return backend
                signed = await session.resume(username)
                resume = False
            identity = await principal.fetch_identity(session.rest)
            if database is None:
                database = Database.open(path)
            await database.write(lambda c: principal.keep_identity(c, identity))
            user_id = signed.user_id
            me = await database.read(lambda c: principal.cached_principal(c, user_id))
            assert me is not None  # just written
            backend = self._backend(database, me, session, username)
            backend.start(resume=resume)
            self.servers.remember(self.server_url, username, ca_file=_text(self.ca_file))
            return backend
        except (OmnideskError, OSError):
            await session.close()
            if database is not None:
                database.close()
            raise

    def _backend(self, database: Database, me: Principal, session: Session,
                 username: str) -> RocketChatBackend:
        backend = RocketChatBackend(db=database, principal=me, session=session, username=username,
                                    timing=self.timing)
        self._backends.append(backend)
        return backend


def _text(path: Path | None) -> str | None:
    return None if path is None else str(path)
