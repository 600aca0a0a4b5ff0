"""Admin edits that survive anything: a durable journal of pending changes and their sync.

`Journal` keeps every edit on disk before it is acknowledged, with the published records last
seen (so the configuration opens offline); `ConfigSync` shows published records with the pending
edits applied, publishes them in order and exactly once, and turns the backend's conflicts into
per-field choices for the admin.
"""

from app.sync.journal import Journal, PendingChange, PendingState
from app.sync.report import PublishReport
from app.sync.service import ConfigSync

__all__ = ["ConfigSync", "Journal", "PendingChange", "PendingState", "PublishReport"]
