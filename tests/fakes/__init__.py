"""Fakes that implement the app's protocols, for tests: one place, imported by any test."""

from typing import TYPE_CHECKING

from tests.fakes.backend import FakeBackend
from tests.fakes.desk import FakeDesk

if TYPE_CHECKING:
    from app.backends.contract import Backend, SignIn

    def _implements_the_contract(backend: FakeBackend, desk: FakeDesk) -> tuple[Backend, SignIn]:
        # mypy proves here that both satisfy the contract's protocols.
        return backend, desk

__all__ = ["FakeBackend", "FakeDesk"]
