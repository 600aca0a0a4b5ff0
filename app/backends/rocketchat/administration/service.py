"""`Administration` over a Rocket.Chat server: the configuration an admin may change there, read
from the server, and changes applied one at a time with the contract's promises kept as far as a
server without versions or idempotency keys allows (docs/rocketchat.md, "Administration over a
server"):

- Conflicts: just before writing, the record is read again and compared with the change's base
  field by field; a field the change sets that someone else set to a third value makes it
  `Conflicted`, and nothing is written. Fields nobody else touched are written; fields already
  holding the change's value are not written again.
- At most once per change id: an id this computer saw applied answers `Applied` again at once; a
  change resent after a lost answer finds its fields already written and writes nothing; a create
  first looks for what it would have made (a department under the id Omnidesk chose for it, an
  agent by username).
- Offline: nothing was written, or what was may be sent again safely (the same reading first).

What no client of Rocket.Chat can promise: between the read and the write someone else may write
the same field; the later write wins, as in Rocket.Chat's own admin pages.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Callable, Mapping
from datetime import datetime

from app import policy
from app.backends.rocketchat.administration import applied, kinds
from app.backends.rocketchat.administration.reads import ServerConfiguration
from app.backends.rocketchat.administration.records import COMMUNITY
from app.backends.rocketchat.administration.refusals import admin_refusal
from app.backends.rocketchat.rest import RestClient
from app.backends.rocketchat.wire import MalformedAnswer, ServerRefused
from app.config import (
    Applied,
    AuditEntry,
    Change,
    ChangeOutcome,
    Conflicted,
    FieldConflict,
    FieldType,
    JsonValue,
    Kind,
    Op,
    Record,
    conflicts_between,
    schema_of,
)
from app.config.offer import ConfigurationOffer
from app.domain import Principal
from app.errors import InvalidInput, NotAllowed, Offline
from app.store import Database


class ServerAdministration:
    def __init__(self, *, rest: RestClient, db: Database, principal: Callable[[], Principal],
                 now: Callable[[], datetime], require_session: Callable[[], None]) -> None:
        self._rest = rest
        self._db = db
        self._principal = principal
        self._now = now
        self._require_session = require_session
        self._read = ServerConfiguration(rest)
        # One change at a time: the read before a write must not interleave with another write.
        self._applying = asyncio.Lock()
        # The admin's answer to the server's second-factor question: (method, code), in memory.
        self._second: tuple[str, str] | None = None

    @property
    def offer(self) -> ConfigurationOffer:
        return COMMUNITY

    async def configuration(self) -> list[Record]:
        self._require_session()
        me = self._principal()
        wanted = frozenset(kind for kind in COMMUNITY.kinds if kind in policy.configurable_kinds(me))
        try:
            found = await self._read.everything(wanted)
        except ServerRefused as refused:
            raise NotAllowed(f"The server does not let you read its configuration ({refused.message})",
                             code=refused.error_id) from refused
        return [record for record in found if policy.may_change_record(me, record)]

    async def audit(self, limit: int) -> list[AuditEntry]:
        if not self._principal().is_admin:
            raise NotAllowed("Only admins can read who changed the configuration.")
        return await self._db.read(lambda c: applied.audit(c, limit))

    def confirm_identity(self, method: str, secret: str) -> None:
        # Rocket.Chat's password check takes the password's SHA-256, as its web client sends it.
        code = hashlib.sha256(secret.encode()).hexdigest() if method == "password" else secret.strip()
        self._second = (method, code)

    async def apply_change(self, change: Change) -> ChangeOutcome:
        async with self._applying:
            self._require_session()
            done = await self._db.read(lambda c: applied.applied_to(c, change.change_id))
            if done is not None:
                kind, server_id = done
                again = None if change.op is Op.DELETE else await self._handler(kind).current(server_id)
                return Applied(change.change_id, again)
            _require_offered(change)
            named = _translated(change, await self._db.read(applied.server_ids))
            try:
                return await self._apply(named, change)
            except ServerRefused as refused:
                raise admin_refusal(refused, change) from refused
            except MalformedAnswer as error:
                # Written or not, nobody can tell: the journal sends it again, read first.
                raise Offline(f"The server's answer was not understood ({error.message}); the change "
                              "is checked and sent again with the next publish.") from error
            finally:
                if change.kind is Kind.ROUTING:
                    self._second = None

    def _handler(self, kind: Kind) -> kinds.KindOnServer:
        match kind:
            case Kind.DEPARTMENT:
                return kinds.Departments(self._rest, self._read)
            case Kind.AGENT:
                return kinds.Agents(self._rest, self._read)
            case Kind.BUSINESS_HOURS:
                return kinds.BusinessHours(self._rest, self._read)
            case _:
                return kinds.Settings(kind, self._rest, self._read, second_factor=self._second_factor_headers)

    def _second_factor_headers(self) -> Mapping[str, str]:
        if self._second is None:
            return {}
        method, code = self._second
        return {"X-2fa-Code": code, "X-2fa-Method": method}

    async def _apply(self, change: Change, as_made: Change) -> ChangeOutcome:
        """`change` names records as the server does; `as_made` is the change as journalled."""
        handler = self._handler(change.kind)
        me = self._principal()
        if change.op is Op.CREATE:
            existing = await handler.created(change.entity_id, change.fields)
            if existing is not None:
                return await self._found_created(handler, change, as_made, existing)
            policy.check_change(me, change.kind, change.entity_id, None, change.fields)
            server_id = await handler.create(change.entity_id, _offered(change))
            after = await handler.current(server_id)
            return await self._applied(as_made, server_id, None, after)
        current = await handler.current(change.entity_id)
        if change.op is Op.DELETE:
            if current is None:
                return await self._applied(as_made, change.entity_id, None, None)  # gone: what it wanted
            conflicts = conflicts_between(change, current)
            if conflicts:
                return Conflicted(change.change_id, current, conflicts)
            policy.check_change(me, change.kind, change.entity_id, current.fields, None)
            await handler.delete(change.entity_id)
            return await self._applied(as_made, change.entity_id, current, None)
        if current is None:
            return Conflicted(change.change_id, None, conflicts_between(change, None))
        conflicts, to_write = _split(change, current)
        if conflicts:
            return Conflicted(change.change_id, current, conflicts)
        if to_write:
            policy.check_change(me, change.kind, change.entity_id, current.fields,
                                {**current.fields, **to_write})
            await handler.update(change.entity_id, to_write)
            after = await handler.current(change.entity_id)
        else:
            after = current  # already written (a resend after a lost answer): nothing to send
        return await self._applied(as_made, change.entity_id, current, after)

    async def _found_created(self, handler: kinds.KindOnServer, change: Change, as_made: Change,
                             existing: Record) -> ChangeOutcome:
        """The record this create makes exists already: an earlier try made it (its answer lost),
        or (an agent, found by username) someone else did. Fields still at their defaults are
        written; a field someone set to something else is theirs to keep or not."""
        # What identifies it (an agent's username) matched already; the rest must hold.
        offered = _offered(change, creating=False)
        differing = {name: value for name, value in offered.items()
                     if not _same(change.kind, name, existing.fields.get(name), value)}
        defaults = schema_of(change.kind).defaults()
        taken = {name: value for name, value in differing.items()
                 if existing.fields.get(name) != defaults.get(name)}
        if taken:
            return Conflicted(change.change_id, existing, tuple(
                FieldConflict(name, None, value, existing.fields.get(name)) for name, value in taken.items()))
        after: Record | None = existing
        if differing:
            await handler.update(existing.id, differing)
            after = await handler.current(existing.id)
        return await self._applied(as_made, existing.id, None, after)

    async def _applied(self, change: Change, server_id: str, before: Record | None,
                       after: Record | None) -> Applied:
        me = self._principal()
        old = {} if before is None else dict(before.fields)
        new = {} if after is None else dict(after.fields)
        changed = sorted(name for name in old.keys() | new.keys() if old.get(name) != new.get(name))
        named = after or before
        entry = AuditEntry(at=self._now(), by_id=me.id, by_name=me.name, kind=change.kind,
                           entity_id=change.entity_id, entity_name=named.name if named else change.entity_id,
                           op=change.op, before={n: old[n] for n in changed if n in old},
                           after={n: new[n] for n in changed if n in new}, change_id=change.change_id)
        await self._db.write(lambda c: applied.keep(c, entry, server_id=server_id))
        return Applied(change.change_id, after)


def _require_offered(change: Change) -> None:
    """Refuse what a Community server cannot hold: the journal would otherwise send it forever."""
    kind = change.kind
    if not COMMUNITY.offers(kind):
        raise InvalidInput(f"{kind.label} records cannot be changed on this Rocket.Chat server from "
                           "Omnidesk.", code="not-on-server")
    offer = COMMUNITY.of(kind)
    if (change.op is Op.CREATE and not offer.create) or (change.op is Op.DELETE and not offer.delete):
        raise InvalidInput(f"A Rocket.Chat server does not let {kind.label.lower()} records be "
                           f"{'created' if change.op is Op.CREATE else 'deleted'}.", code="not-on-server")
    defaults = schema_of(kind).defaults()
    creating = change.op is Op.CREATE
    for name, value in change.fields.items():
        label = schema_of(kind).spec(name).label
        if not offer.offers_field(name, creating=creating):
            if not creating or value != defaults.get(name):
                raise InvalidInput(f"{kind.label}: {label} cannot be set on this Rocket.Chat server.",
                                   code="not-on-server")
        elif name in offer.choices and value not in offer.choices[name]:
            raise InvalidInput(f"{kind.label}: {label} cannot be '{value}' on this Rocket.Chat server.",
                               code="not-on-server")


def _offered(change: Change, *, creating: bool = True) -> dict[str, JsonValue]:
    """The change's fields the server takes (`creating`: those given only to create, too)."""
    offer = COMMUNITY.of(change.kind)
    return {name: value for name, value in change.fields.items()
            if offer.offers_field(name, creating=creating)}


def _split(change: Change, current: Record) -> tuple[tuple[FieldConflict, ...], dict[str, JsonValue]]:
    """Per field the change sets: already so (nothing to do), as the change found it (to write),
    or changed by someone else to a third value (a conflict)."""
    conflicts: list[FieldConflict] = []
    to_write: dict[str, JsonValue] = {}
    for name, mine in change.fields.items():
        theirs = current.fields.get(name)
        base = change.base.get(name)
        if _same(change.kind, name, theirs, mine):
            continue
        if _same(change.kind, name, theirs, base):
            to_write[name] = mine
        else:
            conflicts.append(FieldConflict(name, base, mine, theirs))
    return tuple(conflicts), to_write


def _same(kind: Kind, name: str, one: JsonValue, other: JsonValue) -> bool:
    """Equal as the field means it: a list whose order means nothing (an agent's departments)
    compares as a set, as the server keeps it in an order of its own."""
    spec = schema_of(kind).spec(name)
    unordered = spec.type is FieldType.REF_LIST and not spec.ordered
    if unordered and isinstance(one, list) and isinstance(other, list):
        return sorted(map(str, one)) == sorted(map(str, other))
    return one == other


def _translated(change: Change, server_ids: Mapping[str, str]) -> Change:
    """The change with the ids of records created from here (an agent named by the id Omnidesk
    chose before the server gave one) replaced by the server's."""
    if not server_ids:
        return change

    def swap(value: JsonValue) -> JsonValue:
        if isinstance(value, str):
            return server_ids.get(value, value)
        if isinstance(value, list):
            return [swap(item) for item in value]
        return value

    return Change(change.change_id, change.kind, server_ids.get(change.entity_id, change.entity_id),
                  change.op, {n: swap(v) for n, v in change.fields.items()},
                  {n: swap(v) for n, v in change.base.items()}, change.base_version, change.made_by,
                  change.made_at)
