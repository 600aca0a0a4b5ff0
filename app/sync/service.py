"""ConfigSync: the admin's editable view of the configuration, and publishing it.

Edits are recorded in the `Journal` (durable, in order) and shown at once over the published
records; `publish` sends them to the `Administration` backend one at a time, in order, each
exactly once (a change leaves the journal only once the backend answered `Applied` for its id,
and a change that may have reached the backend is resent with the same id, never dropped).
Change n+1 is never sent before n is settled: a conflict stops the line until the admin chooses.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Literal

from app.clock import Clock
from app.config import Applied, Change, JsonValue, Kind, Op, Record, new_change_id, schema_of
from app.config.validate import Problem, problems
from app.errors import InvalidInput, NotAllowed, NotFound, Offline, Refused, TwoFactorRequired
from app.sync import codec
from app.sync.journal import Journal, PendingChange, PendingState
from app.sync.overlay import RecordKey, mentions, overlay
from app.sync.rebase import rebase_later, resolved
from app.sync.report import PublishReport, publish_report

if TYPE_CHECKING:
    # Only a type here: importing the contract would load the whole backend layer into the
    # journal fault test's child process, which is started hundreds of times.
    from app.backends.contract import Administration

__all__ = ["ConfigSync", "PublishReport"]

# What the backend may answer a change with that settles it without applying it.
_REFUSALS = (InvalidInput, NotAllowed, NotFound, Refused)


class ConfigSync:
    def __init__(self, journal: Journal, target: Administration, *, user_id: str, clock: Clock) -> None:
        self._journal = journal
        self._target = target
        self._user_id = user_id
        self._clock = clock
        self._published: dict[RecordKey, Record] = {}
        self._view: dict[RecordKey, Record] = {}
        self._online = False
        # One push at a time: two publishes (or a publish and a reconnect) must not both send.
        self._pushing = asyncio.Lock()
        self._subscribers: list[Callable[[], None]] = []

    # -- loading ---------------------------------------------------------------------------

    async def start(self) -> None:
        """Load the published records (from the target; when it raises Offline, from the copy
        cached in the journal file at the last successful load) and push any QUEUED changes."""
        self._published = {(r.kind, r.id): r for r in self._journal.published()}
        await self._load()
        await self._push_queued()

    async def refresh(self) -> None:
        """Reload the published records (someone else changed them)."""
        await self._load()

    async def link_changed(self, online: bool) -> None:
        """Offline -> online pushes QUEUED changes."""
        if not online:
            self._online = False
            self._changed()
            return
        await self._load()
        await self._push_queued()

    @property
    def online(self) -> bool:
        return self._online

    # -- what the admin sees -----------------------------------------------------------------

    def records(self, kind: Kind) -> list[Record]:
        """Published records with my pending edits applied, by name."""
        found = [record for (of_kind, _), record in self._view.items() if of_kind is kind]
        return sorted(found, key=lambda record: (record.name.casefold(), record.id))

    def record(self, kind: Kind, entity_id: str) -> Record | None:
        return self._view.get((kind, entity_id))

    def published(self, kind: Kind, entity_id: str) -> Record | None:
        return self._published.get((kind, entity_id))

    def pending(self) -> list[PendingChange]:
        """In seq order."""
        return self._journal.pending()

    def problems_with(self, kind: Kind, entity_id: str, fields: Mapping[str, JsonValue]) -> list[Problem]:
        """What `app.config.validate` says of the configuration if this edit were made (for
        inline messages before saving): the problems of this record, then those it would cause
        elsewhere (a problem another record already had is not this edit's). An id with no
        record is taken as a new record."""
        current = self.record(kind, entity_id)
        values = _as_json(kind, fields)
        # As the edit would be recorded, so that both sides of a relation show it.
        trial = Change(
            new_change_id(), kind, entity_id, Op.CREATE if current is None else Op.UPDATE,
            {**schema_of(kind).defaults(), **values} if current is None else values,
            {} if current is None else {name: current.fields.get(name) for name in values},
            0 if current is None else current.version, self._user_id, self._clock.now())
        return self._problems_after(kind, entity_id, overlay(self._view, [trial]))

    # -- recording edits -------------------------------------------------------------------

    def edit(self, kind: Kind, entity_id: str, fields: Mapping[str, JsonValue]) -> PendingChange:
        """Record an update of the given fields (only those that differ from what the admin sees);
        InvalidInput (validate's message), recording nothing, when the result breaks a rule or
        nothing differs. Editing a record that already has a DRAFT edit records another change
        after it."""
        current = self._existing(kind, entity_id)
        values = _as_json(kind, fields)
        schema = schema_of(kind)
        changed = {name: value for name, value in values.items() if current.fields.get(name) != value}
        if not changed:
            raise InvalidInput(f"{kind.label} '{current.name}': nothing was changed.")
        for name in changed:
            if schema.spec(name).read_only:
                raise InvalidInput(f"{kind.label} '{current.name}': {schema.spec(name).label} "
                                   "cannot be changed.")
        return self._record(Change(
            new_change_id(), kind, entity_id, Op.UPDATE, changed,
            {name: current.fields.get(name) for name in changed}, current.version,
            self._user_id, self._clock.now()))

    def create(self, kind: Kind, fields: Mapping[str, JsonValue]) -> PendingChange:
        """Record a new record (its id chosen here) with `fields` over the kind's defaults."""
        schema = schema_of(kind)
        if schema.singleton:
            raise InvalidInput(f"There is only one {kind.label} record: edit it instead.")
        values = {**schema.defaults(), **_as_json(kind, fields)}
        return self._record(Change(new_change_id(), kind, new_change_id(), Op.CREATE, values, {}, 0,
                                   self._user_id, self._clock.now()))

    def delete(self, kind: Kind, entity_id: str) -> PendingChange:
        current = self._existing(kind, entity_id)
        if schema_of(kind).singleton:
            raise InvalidInput(f"{kind.label} settings cannot be deleted.")
        return self._record(Change(new_change_id(), kind, entity_id, Op.DELETE, {}, dict(current.fields),
                                   current.version, self._user_id, self._clock.now()))

    def undo(self, seq: int) -> None:
        """Drop one change that has not been applied (DRAFT, CONFLICT, REJECTED; QUEUED only while
        offline and not sent); InvalidInput when a later pending change depends on it (e.g. edits
        a record it creates)."""
        target = self._journal.get(seq)
        change = target.change
        if target.state is PendingState.QUEUED and seq in self._journal.in_flight():
            raise InvalidInput(f"The change to {self._name_of(change)} may have reached the server "
                               "already, so it cannot be undone: once it is published, edit it back.")
        if target.state is PendingState.QUEUED and self._online:
            raise InvalidInput(f"The change to {self._name_of(change)} is being published and "
                               "cannot be undone now.")
        later = [p for p in self._journal.pending() if p.seq > seq]
        if change.op is Op.CREATE:
            for dependent in later:
                if dependent.change.entity_id == change.entity_id or mentions(
                        list(dependent.change.fields.values()), change.entity_id):
                    raise InvalidInput(
                        f"Undo the later change to {self._name_of(dependent.change)} first: it "
                        f"depends on creating {self._name_of(change)}.")
        rebased = rebase_later(later, change.kind, change.entity_id,
                               change.base if change.op is Op.UPDATE else {})
        self._refuse_in_flight(rebased)
        self._journal.drop([seq], rebased)
        self._changed()

    # -- publishing --------------------------------------------------------------------------

    async def publish(self) -> PublishReport:
        """Queue every DRAFT and push QUEUED changes in order, each exactly once; stops at the
        first CONFLICT (later ones stay QUEUED) or when Offline (all stay QUEUED, pushed on
        reconnect)."""
        async with self._pushing:
            if self._journal.queue_drafts():
                self._changed()
            if not self._online:
                # The link may be back without anyone saying so: a load is a harmless probe,
                # where a change sent would stay marked in flight (and not undoable) if it failed.
                await self._load()
            applied, rejected = await self._push()
        left = self._journal.pending()
        return publish_report(
            applied=applied, rejected=rejected,
            conflicts=sum(p.state is PendingState.CONFLICT for p in left),
            waiting=sum(p.state is PendingState.QUEUED for p in left), online=self._online)

    def resolve(self, seq: int, choices: Mapping[str, Literal["mine", "theirs"]]) -> PendingChange:
        """Rebase a CONFLICT change on theirs: fields chosen 'mine' keep my value, 'theirs' drop
        out of the change; the change (new change_id, base = theirs) goes back to QUEUED, or is
        dropped when nothing of mine is left (then the change returned is no longer pending)."""
        target = self._journal.get(seq)
        if target.state is not PendingState.CONFLICT or target.conflict is None:
            raise InvalidInput(f"The change to {self._name_of(target.change)} has no conflict to resolve.")
        change = resolved(target.change, target.conflict, choices, change_id=new_change_id(),
                          now=self._clock.now())
        theirs = target.conflict.theirs
        later = [p for p in self._journal.pending() if p.seq > seq]
        # The fields that left the change will hold their values before any later change of mine.
        gone = {name: theirs.fields.get(name) if theirs else None for name in target.change.fields
                if change is None or name not in change.fields}
        rebased = rebase_later(later, target.change.kind, target.change.entity_id, gone)
        self._refuse_in_flight(rebased)
        if change is None:
            self._journal.drop([seq], rebased)
            result = target
        else:
            result = self._journal.replace(seq, change, PendingState.QUEUED, rebased)
        self._changed()
        return result

    def subscribe(self, callback: Callable[[], None]) -> Callable[[], None]:
        """Called after every change of records or pending changes; returns an unsubscribe."""
        self._subscribers.append(callback)

        def unsubscribe() -> None:
            if callback in self._subscribers:
                self._subscribers.remove(callback)

        return unsubscribe

    # -- inside ------------------------------------------------------------------------------

    async def _load(self) -> None:
        try:
            loaded = await self._target.configuration()
        except Offline:
            self._online = False
        else:
            self._journal.save_published(loaded)
            self._published = {(r.kind, r.id): r for r in loaded}
            self._online = True
        self._changed()

    async def _push_queued(self) -> None:
        async with self._pushing:
            await self._push()

    async def _push(self) -> tuple[int, int]:
        """Send QUEUED changes in order until none is left, one conflicts, or the link drops.
        Returns (applied, rejected). Holds `_pushing`. TwoFactorRequired (the server asks who
        the admin is before a change, nothing done) stops the line and is raised, once what was
        applied before it is read again."""
        applied = rejected = 0
        asked: TwoFactorRequired | None = None
        while self._online:
            line = [p for p in self._journal.pending() if p.state is not PendingState.REJECTED]
            if not line or line[0].state is not PendingState.QUEUED:
                break  # nothing queued, or a DRAFT / a CONFLICT holds the line
            head = line[0]
            change = head.change
            # Marked before sending: from here on the change may be applied, so it is resent
            # (same id) after a crash or a lost answer, and never undone.
            self._journal.mark_in_flight(head.seq)
            try:
                outcome = await self._target.apply_change(change)
            except Offline:
                self._online = False
                break
            except TwoFactorRequired as question:
                # Refused before anything was done: not in flight, so it can still be undone.
                self._journal.not_sent(head.seq)
                asked = question
                break
            except _REFUSALS as refusal:
                self._journal.settle_rejected(head.seq, refusal.message)
                rejected += 1
                self._changed()
                continue
            if isinstance(outcome, Applied):
                self._journal.settle_applied(head.seq, change.kind, change.entity_id, outcome.record)
                self._set_published(change.kind, change.entity_id, outcome.record)
                applied += 1
                self._changed()
                continue
            self._journal.settle_conflict(head.seq, outcome, change.kind, change.entity_id)
            self._set_published(change.kind, change.entity_id, outcome.theirs)
            self._changed()
            break
        if applied:
            # A change shows on other records too (the other side of a relation, versions the
            # backend bumped): read the published configuration again, and cache it.
            await self._load()
        self._changed()
        if asked is not None:
            raise asked
        return applied, rejected

    def _problems_after(self, kind: Kind, entity_id: str, after: Mapping[RecordKey, Record]) -> list[Problem]:
        already = set(problems(self._view.values()))
        found = [problem for problem in problems(after.values())
                 if (problem.kind, problem.entity_id) == (kind, entity_id) or problem not in already]
        found.sort(key=lambda problem: (problem.kind, problem.entity_id) != (kind, entity_id))
        return found

    def _record(self, change: Change) -> PendingChange:
        found = self._problems_after(change.kind, change.entity_id, overlay(self._view, [change]))
        if found:
            # validate's own sentences, as `require_valid` joins them.
            raise InvalidInput(" ".join(problem.message for problem in found[:5]),
                               code="invalid-configuration")
        recorded = self._journal.record(change)
        self._changed()
        return recorded

    def _existing(self, kind: Kind, entity_id: str) -> Record:
        current = self.record(kind, entity_id)
        if current is None:
            raise NotFound(f"This {kind.label.lower()} no longer exists: it was deleted.")
        return current

    def _refuse_in_flight(self, rebased: list[PendingChange]) -> None:
        sending = self._journal.in_flight()
        for later in rebased:
            if later.seq in sending:
                raise InvalidInput(f"The later change to {self._name_of(later.change)} is being "
                                   "published; try again once it is.")

    def _name_of(self, change: Change) -> str:
        record = self._view.get((change.kind, change.entity_id)) or self._published.get(
            (change.kind, change.entity_id))
        if record is None and change.op is Op.CREATE:
            record = Record(change.kind, change.entity_id, change.fields, 0)
        name = record.name if record is not None else change.kind.label.lower()
        return f"{change.kind.label} '{name}'"

    def _set_published(self, kind: Kind, entity_id: str, record: Record | None) -> None:
        if record is None:
            self._published.pop((kind, entity_id), None)
        else:
            self._published[(kind, entity_id)] = record

    def _changed(self) -> None:
        live = [p.change for p in self._journal.pending() if p.state is not PendingState.REJECTED]
        self._view = overlay(self._published, live)
        for callback in list(self._subscribers):
            callback()


def _as_json(kind: Kind, fields: Mapping[str, JsonValue]) -> dict[str, JsonValue]:
    """`fields` checked against the kind's schema and made plain JSON (tuples become lists)."""
    schema = schema_of(kind)
    known = {spec.name for spec in schema.fields}
    unknown = sorted(set(fields) - known)
    if unknown:
        raise InvalidInput(f"{kind.label} has no field {', '.join(unknown)}.")
    try:
        return codec.load_values(codec.dump_values(fields))
    except (TypeError, ValueError) as error:
        raise InvalidInput(f"{kind.label}: a value cannot be saved ({error}).") from error
