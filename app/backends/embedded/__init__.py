"""The embedded backend: the whole desk on this machine, over the local SQLite store."""

from typing import TYPE_CHECKING

from app.backends.embedded.backend import EmbeddedBackend
from app.backends.embedded.engine import EmbeddedEngine

if TYPE_CHECKING:
    from app.backends.contract import Backend, SignIn, Supervision

    def _implements_the_contract(
        backend: EmbeddedBackend, engine: EmbeddedEngine
    ) -> tuple[Backend, SignIn, Supervision]:
        # mypy proves here that both satisfy the contract's protocols.
        return backend, engine, backend

__all__ = ["EmbeddedBackend", "EmbeddedEngine"]
