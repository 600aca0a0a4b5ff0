"""A keyring kept in a JSON file, for the `omnidesk` processes tests and benchmarks start: a
machine that runs them often has no password store (Omnidesk then keeps a sign-in for the session
only, so a new process could not start from it). Never for real sign-ins: the token is written in
clear. Light on purpose (json and keyring only): it loads inside the app whose start-up is timed.

Chosen the way keyring lets any process choose its backend:
    PYTHON_KEYRING_BACKEND=tests.rocketchat.file_keyring.FileKeyring OMNIDESK_TEST_KEYRING=/tmp/k.json
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import keyring.backend
import keyring.errors
from keyring.compat import properties

PATH_VARIABLE = "OMNIDESK_TEST_KEYRING"
BACKEND = "tests.rocketchat.file_keyring.FileKeyring"


class FileKeyring(keyring.backend.KeyringBackend):
    @properties.classproperty
    def priority(cls) -> float:  # noqa: N805  (a class property: keyring reads it on the class)
        # Only where it was asked for: keyring considers every backend class a process has loaded.
        if PATH_VARIABLE not in os.environ:
            raise RuntimeError(f"{PATH_VARIABLE} names no keyring file")
        return 1

    def __init__(self, path: Path | None = None) -> None:
        super().__init__()
        self.path = path or Path(os.environ.get(PATH_VARIABLE, "keyring.json"))

    def _secrets(self) -> dict[str, str]:
        try:
            loaded: dict[str, str] = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        return loaded

    def get_password(self, service: str, username: str) -> str | None:
        return self._secrets().get(f"{service}\n{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        secrets = self._secrets()
        secrets[f"{service}\n{username}"] = password
        self.path.write_text(json.dumps(secrets), encoding="utf-8")

    def delete_password(self, service: str, username: str) -> None:
        secrets = self._secrets()
        if secrets.pop(f"{service}\n{username}", None) is None:
            raise keyring.errors.PasswordDeleteError("not stored")
        self.path.write_text(json.dumps(secrets), encoding="utf-8")


def environment(path: Path) -> dict[str, str]:
    """What a child process needs in its environment to use the keyring file at `path`."""
    return {"PYTHON_KEYRING_BACKEND": BACKEND, PATH_VARIABLE: str(path)}
