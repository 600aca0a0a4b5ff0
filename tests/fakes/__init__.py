"""Fakes that implement the app's protocols, for tests: one place, imported by any test."""

from typing import TYPE_CHECKING

from tests.fakes.backend import FakeBackend
from tests.fakes.desk import FakeDesk
from tests.fakes.server import FakeServer, FakeServers, MemorySavedServers

if TYPE_CHECKING:
    from app.backends.contract import Backend, SignIn
    from app.backends.server import ConnectServer, SavedServers, ServerSignIn

    def _implements_the_contract(backend: FakeBackend, desk: FakeDesk) -> tuple[Backend, SignIn]:
        # mypy proves here that both satisfy the contract's protocols.
        return backend, desk

    def _implements_the_server_seams(server: FakeServer, servers: FakeServers, saved: MemorySavedServers
                                     ) -> tuple[ServerSignIn, ConnectServer, SavedServers]:
        return server, servers.connect, saved

__all__ = ["FakeBackend", "FakeDesk", "FakeServer", "FakeServers", "MemorySavedServers"]
