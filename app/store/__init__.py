"""The SQLite cache: one file per data directory, one writer, repositories returning domain values."""

from app.store.database import Database
from app.store.paths import database_path

__all__ = ["Database", "database_path"]
