"""Where a Rocket.Chat resume token lives: the OS keyring (`keyring`), and nowhere else.

One entry per (server, username): service `omnidesk:<server URL>`, user `<username>`, secret the
JSON `{"userId", "token"}` (the user id is kept beside the token so that Omnidesk can start from
its cache and sign its first calls before the server answers). When no usable keyring exists
(keyring's `fail` backend, a chainer with no backend, a locked or broken one), the token is kept
in memory for this session only, and `notice` says so for the UI to show. Never a file.

Keyring backends may block (D-Bus, an unlock prompt): callers on the event loop use the `a*`
methods, which run them in a worker thread.
"""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import dataclass

import keyring
import keyring.backend
import keyring.backends.chainer
import keyring.backends.fail
import keyring.errors

log = logging.getLogger(__name__)

SERVICE_PREFIX = "omnidesk:"
NO_KEYRING_NOTICE = (
    "This computer has no password store (keyring) that Omnidesk can use, so your sign-in is kept "
    "only until Omnidesk closes: you will be asked for your password next time."
)
BROKEN_KEYRING_NOTICE = (
    "The password store (keyring) refused to keep your sign-in ({reason}), so it is kept only "
    "until Omnidesk closes: you will be asked for your password next time."
)


@dataclass(frozen=True, slots=True)
class SavedToken:
    user_id: str
    token: str


def usable(backend: keyring.backend.KeyringBackend) -> bool:
    """Whether `backend` can keep a secret: not keyring's fail/null backends, not a chainer with
    nothing to chain."""
    if isinstance(backend, keyring.backends.fail.Keyring):
        return False
    if isinstance(backend, keyring.backends.chainer.ChainerBackend):
        return any(usable(b) for b in backend.backends)
    try:
        return float(backend.priority) > 0
    except (TypeError, ValueError, RuntimeError):
        return False


class TokenVault:
    """Resume tokens per (server URL, username)."""

    def __init__(self, backend: keyring.backend.KeyringBackend | None = None) -> None:
        self._backend = backend if backend is not None else keyring.get_keyring()
        self._usable = usable(self._backend)
        self._session_only: dict[tuple[str, str], SavedToken] = {}
        self._notice: str | None = None if self._usable else NO_KEYRING_NOTICE

    @property
    def notice(self) -> str | None:
        """For the UI: why sign-ins are not remembered (None: they are)."""
        return self._notice

    @property
    def persistent(self) -> bool:
        return self._usable

    def save(self, server_url: str, username: str, saved: SavedToken) -> None:
        key = (server_url, username)
        if self._usable:
            try:
                self._backend.set_password(
                    SERVICE_PREFIX + server_url,
                    username,
                    json.dumps({"userId": saved.user_id, "token": saved.token}),
                )
                self._session_only.pop(key, None)
                return
            except keyring.errors.KeyringError as error:
                self._fall_back(error)
        self._session_only[key] = saved

    def load(self, server_url: str, username: str) -> SavedToken | None:
        remembered = self._session_only.get((server_url, username))
        if remembered is not None or not self._usable:
            return remembered
        try:
            secret = self._backend.get_password(SERVICE_PREFIX + server_url, username)
        except keyring.errors.KeyringError as error:
            self._fall_back(error)
            return None
        return _parse(secret)

    def forget(self, server_url: str, username: str) -> None:
        self._session_only.pop((server_url, username), None)
        if not self._usable:
            return
        try:
            self._backend.delete_password(SERVICE_PREFIX + server_url, username)
        except keyring.errors.PasswordDeleteError:
            pass  # nothing was stored: forgotten already
        except keyring.errors.KeyringError as error:
            self._fall_back(error)

    async def asave(self, server_url: str, username: str, saved: SavedToken) -> None:
        await asyncio.to_thread(self.save, server_url, username, saved)

    async def aload(self, server_url: str, username: str) -> SavedToken | None:
        return await asyncio.to_thread(self.load, server_url, username)

    async def aforget(self, server_url: str, username: str) -> None:
        await asyncio.to_thread(self.forget, server_url, username)

    def _fall_back(self, error: keyring.errors.KeyringError) -> None:
        log.warning("keyring unusable, keeping sign-ins for this session only: %s", error)
        self._usable = False
        self._notice = BROKEN_KEYRING_NOTICE.format(reason=str(error) or type(error).__name__)


def _parse(secret: str | None) -> SavedToken | None:
    if not secret:
        return None
    try:
        value = json.loads(secret)
    except ValueError:
        return None
    if (
        isinstance(value, dict)
        and isinstance(value.get("userId"), str)
        and isinstance(value.get("token"), str)
        and value["userId"]
        and value["token"]
    ):
        return SavedToken(user_id=value["userId"], token=value["token"])
    return None
