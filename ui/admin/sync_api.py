"""What the admin editors need of the configuration sync (`app.sync.ConfigSync`), as a protocol.

The editors depend on this shape, not on the class: `app.sync` implements it, and the UI tests
drive the editors with an in-memory double of the same methods. States are compared by their
values ("draft", "queued"...), which `app.sync.PendingState` (a StrEnum) equals.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Literal, Protocol

from app.config import Change, Conflicted, JsonValue, Kind, Record
from app.config.validate import Problem

DRAFT = "draft"
QUEUED = "queued"
CONFLICT = "conflict"
REJECTED = "rejected"

Choice = Literal["mine", "theirs"]


class Pending(Protocol):
    """One journalled edit not yet applied by the backend."""

    @property
    def seq(self) -> int: ...

    @property
    def change(self) -> Change: ...

    @property
    def state(self) -> str: ...

    @property
    def conflict(self) -> Conflicted | None: ...

    @property
    def problem(self) -> str: ...


class PublishOutcome(Protocol):
    @property
    def message(self) -> str: ...


class ConfigSyncApi(Protocol):
    async def start(self) -> None: ...

    async def refresh(self) -> None: ...

    async def link_changed(self, online: bool) -> None: ...

    def records(self, kind: Kind) -> list[Record]: ...

    def record(self, kind: Kind, entity_id: str) -> Record | None: ...

    def published(self, kind: Kind, entity_id: str) -> Record | None: ...

    def problems_with(self, kind: Kind, entity_id: str,
                      fields: Mapping[str, JsonValue]) -> list[Problem]: ...

    def edit(self, kind: Kind, entity_id: str, fields: Mapping[str, JsonValue]) -> Pending: ...

    def create(self, kind: Kind, fields: Mapping[str, JsonValue]) -> Pending: ...

    def delete(self, kind: Kind, entity_id: str) -> Pending: ...

    def pending(self) -> Sequence[Pending]: ...

    def undo(self, seq: int) -> None: ...

    async def publish(self) -> PublishOutcome: ...

    def resolve(self, seq: int, choices: Mapping[str, Choice]) -> Pending: ...

    @property
    def online(self) -> bool: ...

    def subscribe(self, callback: Callable[[], None]) -> Callable[[], None]: ...
