"""The embedded backend: the whole desk on this machine, over the local SQLite store."""

from app.backends.embedded.backend import EmbeddedBackend
from app.backends.embedded.engine import EmbeddedEngine

__all__ = ["EmbeddedBackend", "EmbeddedEngine"]
