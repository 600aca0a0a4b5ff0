"""In-memory doubles for the admin editors: an `Administration` backend and a `ConfigSync`.

They follow the API of `app.sync` (journal states, publish in order, conflicts resolved per
field) closely enough for the editors to be driven by them until the real sync is on main;
nothing here is durable.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

from app.backends.contract import Administration
from app.clock import Clock
from app.config import (
    SCHEMAS,
    Applied,
    AuditEntry,
    Change,
    ChangeOutcome,
    Conflicted,
    JsonValue,
    Kind,
    Op,
    Record,
    conflicts_between,
    new_change_id,
)
from app.config.routing_inputs import with_edits
from app.config.validate import Problem, problems, require_valid
from app.domain.whatif import ChatDifference, ReplayFigures, WhatIf
from app.errors import InvalidInput, NotAllowed, Offline

NOON = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


def _with(record: Record | None, change: Change) -> Record | None:
    if change.op is Op.DELETE:
        return None
    if change.op is Op.CREATE or record is None:
        return Record(change.kind, change.entity_id, dict(change.fields), 0)
    return replace(record, fields={**record.fields, **change.fields})


def _mirrored(records: dict[tuple[Kind, str], Record],
              edited: set[tuple[Kind, str]]) -> dict[tuple[Kind, str], Record]:
    """An agent's departments and a department's agents are one relation: an edit of one side
    shows on the other (app.config.routing_inputs.with_edits does the same for the what-if)."""
    changed = [records[key] for key in edited if key in records]
    unchanged = [record for key, record in records.items() if key not in edited]
    return {(r.kind, r.id): r for r in with_edits(unchanged, changed)}


def northwind_records() -> list[Record]:
    """A small organisation: two departments, three people, business hours, a tag, settings."""
    department = SCHEMAS[Kind.DEPARTMENT].defaults()
    agent = SCHEMAS[Kind.AGENT].defaults()
    return [
        Record(Kind.DEPARTMENT, "d-billing", {**department, "name": "Billing", "agent_ids": ["u-ana"],
                                              "max_chats_per_agent": 4, "unit_id": "n-east",
                                              "business_hours_id": "h-office"}, 3),
        Record(Kind.DEPARTMENT, "d-support", {**department, "name": "Support",
                                              "agent_ids": ["u-ana", "u-bo"]}, 1),
        Record(Kind.AGENT, "u-ana", {**agent, "username": "ana", "name": "Ana Souza", "monitor": False,
                                     "department_ids": ["d-billing", "d-support"]}, 1),
        Record(Kind.AGENT, "u-bo", {**agent, "username": "bo", "name": "Bo Lindqvist", "monitor": False,
                                    "department_ids": ["d-support"], "skills": {"french": 3}}, 1),
        Record(Kind.AGENT, "u-maya", {**agent, "username": "maya", "name": "Maya Chen", "agent": False,
                                      "monitor": True}, 1),
        Record(Kind.UNIT, "n-east", {"name": "East", "department_ids": ["d-billing"],
                                     "monitor_ids": ["u-maya"]}, 1),
        Record(Kind.BUSINESS_HOURS, "h-office", {
            **SCHEMAS[Kind.BUSINESS_HOURS].defaults(), "name": "Office", "timezone": "Europe/Berlin",
            "intervals": [{"weekday": 0, "start_minute": 540, "end_minute": 1020}],
            "department_ids": ["d-billing"]}, 1),
        Record(Kind.TAG, "t-refund", {"name": "refund", "description": "", "department_ids": []}, 1),
        Record(Kind.ROUTING, "routing", SCHEMAS[Kind.ROUTING].defaults() | {"visitor_inactivity_s": 300}, 1),
        Record(Kind.WEBSITE, "website", SCHEMAS[Kind.WEBSITE].defaults() | {"title": "Northwind"}, 1),
        Record(Kind.FILE_UPLOAD, "file_upload", {"enabled": True, "visitors_may_send": True,
                                                 "max_bytes": 104_857_600, "whitelist": "",
                                                 "blacklist": "image/svg+xml"}, 1),
    ]


WHAT_IF = WhatIf(
    before=ReplayFigures(chats=40, wait_p50_s=42.0, wait_p90_s=310.0, queued=12, refused=3,
                         per_agent={"u-ana": 22, "u-bo": 15}),
    after=ReplayFigures(chats=40, wait_p50_s=18.0, wait_p90_s=95.0, queued=5, refused=0,
                        per_agent={"u-ana": 17, "u-bo": 23}),
    differences=(ChatDifference("c-7", "Dora Visitor", "queued 3 min, then Ana", "Bo after 0:12"),
                 ChatDifference("c-9", "Eli Visitor", "refused", "Ana after 1:40")),
    caveats=("Agents' presence is as it is now.",),
)


class FakeAdministration:
    """A backend's configuration: applies changes once per change id, conflicts per field."""

    def __init__(self, records: Sequence[Record], clock: Clock, *, names: Mapping[str, str]) -> None:
        self._records = {(r.kind, r.id): r for r in records}
        self._clock = clock
        self._names = dict(names)
        self._applied: set[str] = set()
        self._audit: list[AuditEntry] = []
        self.offline = False
        self.what_if_asked: list[tuple[list[Record], date]] = []

    def _reachable(self) -> None:
        if self.offline:
            raise Offline("The server cannot be reached.")

    async def configuration(self) -> list[Record]:
        self._reachable()
        return list(self._records.values())

    def current(self, kind: Kind, entity_id: str) -> Record | None:
        return self._records.get((kind, entity_id))

    async def apply_change(self, change: Change) -> ChangeOutcome:
        self._reachable()
        key = (change.kind, change.entity_id)
        current = self._records.get(key)
        if change.change_id in self._applied:
            return Applied(change.change_id, current)
        if change.kind is Kind.PRIORITY:
            raise NotAllowed("Priorities are fixed on this server.")
        found = conflicts_between(change, current)
        if found:
            return Conflicted(change.change_id, current, found)
        after = _with(current, change)
        others = {k: r for k, r in self._records.items() if k != key}
        proposed = _mirrored({**others, **({key: after} if after else {})}, {key})
        require_valid(proposed.values(), about=after)
        self._store(change, current, after)
        # One relation seen from both sides (as the embedded desk stores it): the other side follows.
        for other_key, record in proposed.items():
            if other_key != key and self._records.get(other_key) != record:
                self._records[other_key] = replace(record, version=record.version + 1)
        return Applied(change.change_id, self._records.get(key))

    def change_by_someone_else(self, kind: Kind, entity_id: str, fields: Mapping[str, JsonValue]) -> None:
        current = self._records[(kind, entity_id)]
        change = Change(new_change_id(), kind, entity_id, Op.UPDATE, fields,
                        {name: current.fields.get(name) for name in fields}, current.version,
                        "u-other", self._clock.now())
        self._store(change, current, _with(current, change))

    def _store(self, change: Change, current: Record | None, after: Record | None) -> None:
        key = (change.kind, change.entity_id)
        if after is None:
            self._records.pop(key, None)
        else:
            self._records[key] = replace(after, version=(current.version if current else 0) + 1)
        self._applied.add(change.change_id)
        self._audit.insert(0, AuditEntry(
            self._clock.now(), change.made_by, self._names.get(change.made_by, change.made_by),
            change.kind, change.entity_id, (after or current or _placeholder(change)).name, change.op,
            {name: (current.fields.get(name) if current else None) for name in change.fields} or
            dict(change.base), dict(change.fields), change.change_id))

    async def audit(self, *, limit: int = 500) -> list[AuditEntry]:
        self._reachable()
        return self._audit[:limit]

    async def what_if(self, edited: Sequence[Record], day: date) -> WhatIf:
        self._reachable()
        self.what_if_asked.append((list(edited), day))
        return WHAT_IF


def _placeholder(change: Change) -> Record:
    return Record(change.kind, change.entity_id, {}, 0)


@dataclass(frozen=True, slots=True)
class FakePending:
    seq: int
    change: Change
    state: str
    conflict: Conflicted | None = None
    problem: str = ""


def _changes(count: int) -> str:
    return f"{count} change" if count == 1 else f"{count} changes"


def _sentence(applied: int, conflicts: int, waiting: int, *, online: bool) -> str:
    """The status-bar sentence, worded as app.sync words it."""
    parts = [f"{_changes(applied)} published."] if applied else []
    if conflicts:
        parts.append(f"{_changes(conflicts)} conflict with edits made meanwhile: choose mine or theirs.")
    if waiting and not online:
        verb = "waits" if waiting == 1 else "wait"
        parts.insert(0, f"Offline: {_changes(waiting)} {verb} and will be published when the server is back.")
    return " ".join(parts) or "Nothing to publish."


@dataclass(frozen=True, slots=True)
class FakeReport:
    applied: int
    conflicts: int
    rejected: int
    waiting: int
    message: str


class FakeConfigSync:
    """`app.sync.ConfigSync`'s behaviour, in memory."""

    def __init__(self, target: Administration, *, user_id: str, clock: Clock) -> None:
        self._target = target
        self._user_id = user_id
        self._clock = clock
        self._published: dict[tuple[Kind, str], Record] = {}
        self._pending: list[FakePending] = []
        self._seq = 0
        self._online = True
        self._listeners: list[Callable[[], None]] = []

    # -- reading ---------------------------------------------------------------------------

    async def start(self) -> None:
        await self.refresh()

    async def refresh(self) -> None:
        self._published = {(r.kind, r.id): r for r in await self._target.configuration()}
        self._changed()

    def _seen(self) -> dict[tuple[Kind, str], Record]:
        seen = dict(self._published)
        for pending in self._pending:
            key = (pending.change.kind, pending.change.entity_id)
            after = _with(seen.get(key), pending.change)
            if after is None:
                seen.pop(key, None)
            else:
                seen[key] = after
        return _mirrored(seen, {(p.change.kind, p.change.entity_id) for p in self._pending})

    def records(self, kind: Kind) -> list[Record]:
        return sorted((r for r in self._seen().values() if r.kind is kind), key=lambda r: r.name.lower())

    def record(self, kind: Kind, entity_id: str) -> Record | None:
        return self._seen().get((kind, entity_id))

    def published(self, kind: Kind, entity_id: str) -> Record | None:
        return self._published.get((kind, entity_id))

    def problems_with(self, kind: Kind, entity_id: str, fields: Mapping[str, JsonValue]) -> list[Problem]:
        seen = self._seen()
        current = seen.get((kind, entity_id))
        seen[(kind, entity_id)] = (replace(current, fields={**current.fields, **fields}) if current
                                   else Record(kind, entity_id, dict(fields), 0))
        seen = _mirrored(seen, {(kind, entity_id)})
        return problems(seen.values())  # of the whole configuration, as app.sync answers

    # -- recording -------------------------------------------------------------------------

    def edit(self, kind: Kind, entity_id: str, fields: Mapping[str, JsonValue]) -> FakePending:
        current = self.record(kind, entity_id)
        if current is None:
            raise InvalidInput(f"This {kind.label.lower()} no longer exists.")
        changed = {k: v for k, v in fields.items() if current.fields.get(k) != v}
        self._refuse_problems(kind, entity_id, changed)
        published = self.published(kind, entity_id)
        return self._record(Change(new_change_id(), kind, entity_id, Op.UPDATE, changed,
                                   {k: current.fields.get(k) for k in changed},
                                   published.version if published else 0, self._user_id,
                                   self._clock.now()))

    def create(self, kind: Kind, fields: Mapping[str, JsonValue]) -> FakePending:
        entity_id = f"{kind.value}-{uuid.uuid4().hex[:8]}"
        full = SCHEMAS[kind].defaults() | dict(fields)
        self._refuse_problems(kind, entity_id, full)
        return self._record(Change(new_change_id(), kind, entity_id, Op.CREATE, full, {}, 0,
                                   self._user_id, self._clock.now()))

    def delete(self, kind: Kind, entity_id: str) -> FakePending:
        current = self.record(kind, entity_id)
        assert current is not None
        published = self.published(kind, entity_id)
        return self._record(Change(new_change_id(), kind, entity_id, Op.DELETE, {}, dict(current.fields),
                                   published.version if published else 0, self._user_id,
                                   self._clock.now()))

    def _refuse_problems(self, kind: Kind, entity_id: str, fields: Mapping[str, JsonValue]) -> None:
        found = [p for p in self.problems_with(kind, entity_id, fields) if p.entity_id == entity_id]
        if found:
            raise InvalidInput(" ".join(p.message for p in found))

    def _record(self, change: Change) -> FakePending:
        self._seq += 1
        pending = FakePending(self._seq, change, "draft")
        self._pending.append(pending)
        self._changed()
        return pending

    def pending(self) -> list[FakePending]:
        return list(self._pending)

    def undo(self, seq: int) -> None:
        found = next(p for p in self._pending if p.seq == seq)
        if found.state == "queued" and self._online:
            raise InvalidInput("This change is being published; it can no longer be undone.")
        later = [p for p in self._pending if p.seq > seq
                 and (p.change.kind, p.change.entity_id) == (found.change.kind, found.change.entity_id)]
        if found.change.op is Op.CREATE and later:
            raise InvalidInput("A later change edits the record this one creates: undo that one first.")
        self._pending.remove(found)
        self._changed()

    # -- publishing ------------------------------------------------------------------------

    async def publish(self) -> FakeReport:
        self._pending = [replace(p, state="queued") if p.state == "draft" else p for p in self._pending]
        return await self._push()

    async def _push(self) -> FakeReport:
        applied = rejected = conflicts = 0
        for pending in list(self._pending):
            if pending.state != "queued":
                continue
            try:
                outcome = await self._target.apply_change(pending.change)
            except Offline:
                self._online = False
                break
            except (InvalidInput, NotAllowed) as refusal:
                self._swap(pending, replace(pending, state="rejected", problem=refusal.message))
                rejected += 1
                continue
            self._online = True
            if isinstance(outcome, Conflicted):
                self._swap(pending, replace(pending, state="conflict", conflict=outcome))
                conflicts += 1
                break
            self._pending.remove(pending)
            if outcome.record is None:
                self._published.pop((pending.change.kind, pending.change.entity_id), None)
            else:
                self._published[(outcome.record.kind, outcome.record.id)] = outcome.record
            applied += 1
        waiting = sum(1 for p in self._pending if p.state == "queued")
        self._changed()
        return FakeReport(applied, conflicts, rejected, waiting, _sentence(applied, conflicts, waiting,
                                                                           online=self._online))

    def _swap(self, old: FakePending, new: FakePending) -> None:
        self._pending[self._pending.index(old)] = new

    def resolve(self, seq: int, choices: Mapping[str, str]) -> FakePending:
        found = next(p for p in self._pending if p.seq == seq and p.conflict is not None)
        assert found.conflict is not None
        theirs = found.conflict.theirs
        mine = {k: v for k, v in found.change.fields.items() if choices.get(k, "mine") == "mine"}
        if not mine:
            self._pending.remove(found)
            self._published[(found.change.kind, found.change.entity_id)] = theirs  # type: ignore[assignment]
            self._changed()
            return replace(found, state="dropped")
        base = theirs.fields if theirs else {}
        change = replace(found.change, change_id=new_change_id(), fields=mine,
                         base={k: base.get(k) for k in mine}, base_version=theirs.version if theirs else 0)
        resolved = FakePending(found.seq, change, "queued")
        self._swap(found, resolved)
        if theirs is not None:
            self._published[(theirs.kind, theirs.id)] = theirs
        self._changed()
        return resolved

    async def link_changed(self, online: bool) -> None:
        self._online = online
        if online:
            await self._push()
        self._changed()

    @property
    def online(self) -> bool:
        return self._online

    def subscribe(self, callback: Callable[[], None]) -> Callable[[], None]:
        self._listeners.append(callback)
        return lambda: self._listeners.remove(callback)

    def _changed(self) -> None:
        for listener in list(self._listeners):
            listener()
