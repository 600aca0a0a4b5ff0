"""What one publish did, in figures and in one sentence for the status bar."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PublishReport:
    applied: int  # applied by the backend during this publish
    conflicts: int  # changes now waiting for the admin's choice, mine or theirs
    rejected: int  # refused by the backend during this publish (their message is kept)
    waiting: int  # still QUEUED (offline)
    message: str  # one sentence for the status bar


def _changes(count: int) -> str:
    return f"{count} change" if count == 1 else f"{count} changes"


def publish_report(*, applied: int, conflicts: int, rejected: int, waiting: int,
                   online: bool) -> PublishReport:
    parts: list[str] = []
    if applied:
        parts.append(f"{_changes(applied)} published.")
    if conflicts:
        parts.append(f"{_changes(conflicts)} conflict with edits made meanwhile: choose mine or theirs.")
    if rejected:
        parts.append(f"{_changes(rejected)} refused by the server: see why in the pending list.")
    if waiting:
        verb = "waits" if waiting == 1 else "wait"
        if online:
            parts.append(f"{_changes(waiting)} {verb} behind them.")
        else:
            parts = [f"Offline: {_changes(waiting)} {verb} and will be published when the server "
                     f"is back.", *parts]
    return PublishReport(applied, conflicts, rejected, waiting, " ".join(parts) or "Nothing to publish.")
