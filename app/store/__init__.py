"""The SQLite cache: one file per data directory, one writer, repositories returning domain values."""

from app.store.database import Database
from app.store.paths import database_path, default_data_dir

__all__ = ["Database", "database_path", "default_data_dir"]
