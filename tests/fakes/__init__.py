"""Fakes that implement the app's protocols, for tests: one place, imported by any test."""

from tests.fakes.backend import FakeBackend
from tests.fakes.desk import FakeDesk

__all__ = ["FakeBackend", "FakeDesk"]
