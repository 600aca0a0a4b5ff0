"""Keeping the cache in step with a Rocket.Chat server: a catch-up since the last marks, then the
streams Rocket.Chat's own web client listens to.

Streams (names as Rocket.Chat's server emits them, apps/meteor/server/modules/listeners):
- `stream-livechat-inquiry-queue-observer`: `public` and `department/<id>` carry
  `{type: 'added'|'changed'|'removed', ...inquiry}` (Manual_Selection routing);
- `stream-notify-user`: `<uid>/rooms-changed` and `<uid>/subscriptions-changed` carry
  `[clientAction, record]`;
- `stream-room-messages`: `<rid>` carries `[message]` (new, edited, or marked removed), one
  subscription per room the user serves;
- `stream-notify-room`: `<rid>/deleteMessage` carries `{_id}` of a message deleted outright
  (Rocket.Chat's default: Message_KeepHistory and Message_ShowDeletedStatus off), per room too.

Catch-up (on start and after every gap): the queue (`GET livechat/inquiries.queuedForUser`, REST:
rate-limited, so only here), the user's rooms (DDP `rooms/get` since the rooms' mark, and
`subscriptions/get` to notice rooms that left them), then each open room's messages: DDP
`loadHistory` the first time, then `messages/get` with `lastUpdate` (every message changed since
the room's last change seen: new, edited, marked removed; and the ids deleted since, from the
server's trash), so an edit or a deletion made during a gap is caught up too. DDP methods are
limited per method, not per route (the link waits out a refusal); the departments and agents
(REST) are read at the first sync and then at most every `ORGANISATION_EVERY_S`.

Every batch received (a stream's pending events, a method's answer) is read by payloads/ first,
then applied in one write (app.backends.rocketchat.changes), then its events are published. A
payload that cannot be read is logged (the PayloadError says which field, from where) and skipped:
the rest of its batch is still applied.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from app.backends.events import ConnectionState, Event
from app.backends.rocketchat import cache, changes, grants, supervision, uploads, workspace
from app.backends.rocketchat.ddp import DdpClient, StreamEvent, Subscription, SubscriptionStopped
from app.backends.rocketchat.payloads import (
    InquiryStatus,
    PayloadError,
    inquiry_status,
    is_shown,
    read_agent,
    read_chat,
    read_department,
    read_inquiry,
    read_message,
)
from app.backends.rocketchat.payloads.fields import Fields
from app.backends.rocketchat.payloads.history import Said, TransferSaid, Who, read_said
from app.backends.rocketchat.rest import RestClient
from app.backends.rocketchat.wire import ServerRefused
from app.domain import Chat, ChatStatus, Department, Inquiry, Message, Principal
from app.errors import OmnideskError
from app.store import Database, organisation
from app.store import messages as messages_store

log = logging.getLogger(__name__)

QUEUE_STREAM = "stream-livechat-inquiry-queue-observer"
USER_STREAM = "stream-notify-user"
MESSAGES_STREAM = "stream-room-messages"
ROOM_STREAM = "stream-notify-room"
DELETED = "deleteMessage"
ORGANISATION_EVERY_S = 300.0
# The newest messages read of a room the cache has never seen.
HISTORY_PAGE = 50
# How many rooms a catch-up follows at once (each: its streams subscribed, then its messages read):
# each is a few round trips, and rooms in flight together overlap their waits.
FOLLOWING_AT_ONCE = 8
# The rooms read and not kept yet, at most (the reads wait beyond): all that waits is kept in one
# write while the reads go on.
KEEPING_AT_MOST = 64
_PAGE = 100
ROOMS_MARK = "rooms"
_ACTIVE = (ChatStatus.OPEN, ChatStatus.ON_HOLD)
_SAME_MS = timedelta(milliseconds=1)

Publish = Callable[[list[Event]], None]
# What to write for what was read of a room, inside a write transaction: the events it makes.
RoomWrite = Callable[[sqlite3.Connection], list[Event]]


def messages_mark(chat_id: str) -> str:
    """The newest message time kept of a room (its `ts`)."""
    return f"messages:{chat_id}"


def changes_mark(chat_id: str) -> str:
    """The newest change seen of a room's messages (`_updatedAt`, `_deletedAt`: the server's clock)."""
    return f"changes:{chat_id}"


def _ejson(moment: datetime) -> dict[str, int]:
    return {"$date": int(moment.timestamp() * 1000)}


class Sync:
    def __init__(self, db: Database, rest: RestClient, ddp: DdpClient, *, principal: Callable[[], Principal],
                 publish: Publish, monotonic: Callable[[], float],
                 wall: Callable[[], float] = time.time,
                 regranted: Callable[[], Awaitable[None]] | None = None) -> None:
        self._db = db
        self._rest = rest
        self._ddp = ddp
        self._principal = principal
        self._publish = publish
        self._monotonic = monotonic
        self._wall = wall
        self._regranted = regranted
        self._streams: dict[tuple[str, str], Subscription] = {}
        self._pumps: set[asyncio.Task[None]] = set()
        self._busy = 0
        # The subscriptions whose batch is being applied now
        self._working: set[Subscription] = set()
        self._idle = asyncio.Event()
        self._idle.set()
        self._organisation_read_at: float | None = None
        self._lock = asyncio.Lock()
        self._following = asyncio.Lock()
        # Called after every batch applied (commands wait on it for their change to arrive).
        self.applied = asyncio.Condition()
        # What a supervisor watches beyond their own chats (their backend runs its poll).
        self.supervision = supervision.SupervisionSync(
            db, rest, principal=principal, apply=self._apply, refresh_room=self.refresh_room,
            online=lambda: ddp.state is ConnectionState.ONLINE)

    # -- streams ---------------------------------------------------------------------------

    async def subscribe(self) -> None:
        """Listen to the queue of the departments the user sees and to their own rooms. Offline,
        the subscriptions are made when the link comes back."""
        me = self._principal()
        wanted = {(USER_STREAM, f"{me.id}/rooms-changed"), (USER_STREAM, f"{me.id}/subscriptions-changed"),
                  (grants.LOGGED_STREAM, grants.PERMISSIONS_CHANGED)}
        if me.is_agent or me.is_admin or me.is_monitor:
            wanted.add((QUEUE_STREAM, "public"))
            for department_id in await self._queue_departments(me):
                wanted.add((QUEUE_STREAM, f"department/{department_id}"))
        if supervision.supervises(me):
            wanted.add((grants.LOGGED_STREAM, supervision.PRESENCE))
        for key in sorted(wanted - set(self._streams)):
            await self._listen(*key)
        for key in [k for k in self._streams if k[0] == QUEUE_STREAM and k not in wanted]:
            await self._streams.pop(key).stop()

    async def _queue_departments(self, me: Principal) -> set[str]:
        if me.is_admin:
            found = await self._db.read(lambda c: [d.id for d in _departments(c)])
            return set(found)
        return set(me.department_ids) | set(me.unit_department_ids)

    async def _listen(self, name: str, event_name: str) -> None:
        subscription = await self._ddp.subscribe(name, event_name, {"useCollection": False, "args": []})
        self._streams[(name, event_name)] = subscription
        handler = {QUEUE_STREAM: self._queue_batch, USER_STREAM: self._user_batch,
                   MESSAGES_STREAM: self._messages_batch, ROOM_STREAM: self._deletions_batch,
                   grants.LOGGED_STREAM: self._permissions_batch}[name]
        if (name, event_name) == (grants.LOGGED_STREAM, supervision.PRESENCE):
            handler = self.supervision.presence_batch
        task = asyncio.ensure_future(self._pump(subscription, handler))
        self._pumps.add(task)
        task.add_done_callback(self._pumps.discard)

    async def _pump(self, subscription: Subscription,
                    handle: Callable[[list[StreamEvent]], Awaitable[None]]) -> None:
        while True:
            first = await subscription.events.get()
            batch = [first]
            while not subscription.events.empty():
                batch.append(subscription.events.get_nowait())
            self._busy += 1
            self._working.add(subscription)
            self._idle.clear()
            try:
                received = [item for item in batch if isinstance(item, StreamEvent)]
                if received:
                    await handle(received)
            except OmnideskError as error:
                # Offline while reading what a change needs, a refusal: the next catch-up has it.
                log.warning("the changes from %s were not all kept: %s", subscription.name, error.message)
            except Exception:
                # A batch that could not be applied (the store refused it) must not end the stream.
                log.exception("the changes from %s could not be kept", subscription.name)
            finally:
                self._busy -= 1
                self._working.discard(subscription)
                if self._busy == 0 and all(s.events.empty() for s in self._streams.values()):
                    self._idle.set()
            stopped = next((item for item in batch if isinstance(item, SubscriptionStopped)), None)
            if stopped is not None:
                if stopped.error is not None:
                    log.warning("the server ended %s %s: %s", subscription.name, subscription.event_name,
                                stopped.error.message)
                return

    async def _heard_first(self, name: str, event_name: str) -> None:
        """Until what another stream received so far has been applied (its own pump does it)."""
        subscription = self._streams.get((name, event_name))
        while subscription is not None and (subscription in self._working or not subscription.events.empty()):
            # asyncio.timeout, not wait_for: on 3.11 wait_for can swallow the pump's cancellation.
            async with self.applied:
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(0.05):
                        await self.applied.wait()

    async def settled(self) -> None:
        """Wait until every event received so far has been applied (for tests and commands)."""
        while True:
            await asyncio.sleep(0)
            if self._busy == 0 and all(s.events.empty() for s in self._streams.values()):
                return
            self._idle.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._idle.wait(), 0.05)
    async def close(self) -> None:
        pumps = list(self._pumps)
        while pumps:
            # Cancelled again until done: a cancellation can be lost inside a pump's wait.
            for task in pumps:
                task.cancel()
            await asyncio.wait(pumps, timeout=0.5)
            pumps = [task for task in pumps if not task.done()]
        self._streams.clear()

    # -- applying batches ------------------------------------------------------------------

    async def _apply(self, work: Callable[[sqlite3.Connection], list[Event]]) -> list[Event]:
        now = datetime.fromtimestamp(self._wall(), UTC)

        def kept(connection: sqlite3.Connection) -> list[Event]:
            events = work(connection)
            supervision.keep_figures(connection, now)
            return events

        events = await self._db.write(kept)
        self._publish(events)
        async with self.applied:
            self.applied.notify_all()
        return events

    async def _queue_batch(self, received: list[StreamEvent]) -> None:
        read: list[tuple[str, Inquiry | None, bool]] = []
        for event in received:
            with _skipping(event):
                read.append(_read_queue_event(event))

        def write(connection: sqlite3.Connection) -> list[Event]:
            events: list[Event] = []
            for inquiry_id, inquiry, taken in read:
                if inquiry is not None:
                    events += changes.inquiry_waits(connection, inquiry)
                else:
                    events += changes.inquiry_left(connection, inquiry_id, taken=taken)
            return events

        if read:
            await self._apply(write)
        if any(taken for _, _, taken in read) and supervision.supervises(self._principal()):
            # Taken by someone: the room's new agent comes with the rooms, read now.
            self.supervision.wake()

    async def _user_batch(self, received: list[StreamEvent]) -> None:
        rooms: list[tuple[Chat, datetime | None]] = []
        left: list[str] = []
        moved: list[tuple[str, str]] = []
        for event in received:
            with _skipping(event):
                action, record = _action_and_record(event)
                fields = Fields(record, kind="record", endpoint=_endpoint(event))
                if fields.text_or("t") != "l":
                    continue  # a direct message, a channel: not the desk's
                if event.event_name.endswith("/rooms-changed") and action != "removed":
                    rooms.append((read_chat(record, endpoint=_endpoint(event)),
                                  fields.date_or_none("_updatedAt")))
                elif event.event_name.endswith("/subscriptions-changed") and action == "removed":
                    left.append(fields.text("rid"))
                elif event.event_name.endswith("/subscriptions-changed"):
                    department = fields.text_or_none("department")
                    if department:
                        # The room moved to another department (a transfer) before it leaves the user.
                        moved.append((fields.text("rid"), department))
        if rooms:
            await self._keep_rooms_heard(rooms)
        if moved:
            await self._apply(lambda c: changes.rooms_moved(c, moved))
        if left:
            # What rooms-changed said before the subscriptions went (the room given to someone
            # else) came first on the link: keep it before reading the rooms again.
            await self._heard_first(USER_STREAM, f"{self._principal().id}/rooms-changed")
        for chat_id in left:
            # The room left the user (transferred, closed by someone else): read it as it is now.
            await self.refresh_room(chat_id)
        await self.follow_my_rooms()

    async def _keep_rooms_heard(self, rooms: list[tuple[Chat, datetime | None]]) -> None:
        """Rooms from `rooms-changed`. A room that becomes the user's without their taking it was
        handed to them: its history (read first) names who had it, which the room does not."""
        me = self._principal()
        mine = await self._db.read(lambda c: cache.active_chats_of(c, me.id))
        arriving: dict[str, _RoomRead] = {}
        for chat, _ in rooms:
            if chat.served_by_id == me.id and chat.status in _ACTIVE and chat.id not in mine | set(arriving):
                try:
                    arriving[chat.id] = await self._read_room_said(chat.id, *await self._marks(chat.id))
                except OmnideskError as error:
                    log.warning("the history of %s was not read: %s", chat.id, error.message)
        await self.keep_rooms(rooms, histories=arriving)

    async def keep_rooms(self, rooms: list[tuple[Chat, datetime | None]], *, mark: bool = False,
                         histories: Mapping[str, _RoomRead] | None = None) -> None:
        """Keep rooms as the server has them, with the `histories` read of rooms newly the
        user's, in the same write: a room handed over is told with who had it and its history."""
        read = histories or {}
        me = self._principal()
        newest = max((updated for _chat, updated in rooms if updated is not None), default=None)

        def write(connection: sqlite3.Connection) -> list[Event]:
            events: list[Event] = []
            for chat, _updated in rooms:
                history = read.get(chat.id)
                who = _handed_over_by(history.said.values(), me) if history is not None else None
                previous = cache.user_id(connection, user_id=who.id, username=who.username) if who else None
                events += changes.room_changed(connection, chat, previous_agent_id=previous)
            if mark and newest is not None:
                cache.mark_update(connection, ROOMS_MARK, newest)
            for history in read.values():
                events += history.write(connection)
            return events

        await self._apply(write)

    async def _messages_batch(self, received: list[StreamEvent]) -> None:
        found: list[Message] = []
        said: dict[str, Said] = {}
        for event in received:
            with _skipping(event):
                payload = event.args[0] if event.args else None
                _read_into(payload, _endpoint(event), found, said)
        await self.keep_messages(found, said=said)

    async def _deletions_batch(self, received: list[StreamEvent]) -> None:
        now = datetime.fromtimestamp(self._wall(), UTC)
        removed: list[str] = []
        for event in received:
            with _skipping(event):
                payload = event.args[0] if event.args else None
                removed.append(Fields(payload, kind="deleted message", endpoint=_endpoint(event)).text("_id"))
        if removed:
            await self._apply(lambda c: [e for m in removed for e in changes.message_removed(c, m, at=now)])

    async def _permissions_batch(self, received: list[StreamEvent]) -> None:
        changed: dict[str, frozenset[str]] = {}
        for event in received:
            with _skipping(event):
                action, record = _action_and_record(event)
                fields = Fields(record, kind="permission", endpoint=_endpoint(event))
                if action == "removed":
                    name = fields.text("_id")
                    read = (name, frozenset[str]()) if name in grants.KNOWN else None
                else:
                    read = grants.read_permission(fields)
                if read is not None:
                    changed[read[0]] = read[1]
        if not changed:
            return
        if await self._db.write(lambda c: grants.keep_grants(c, changed)) and self._regranted is not None:
            await self._regranted()

    async def keep_messages(self, found: Iterable[Message], *, complete_for: str | None = None,
                            said: Mapping[str, Said] | None = None) -> None:
        """Keep messages received, and what their system lines record (`said`, by message id: a
        closing comment, a transfer), the first time each arrives. `complete_for`: they are every
        message of that room since its mark (a catch-up's answer), so the mark moves to the
        newest; a stream's messages prove nothing about those a gap lost before them, and leave
        the mark alone."""
        listed = list(found)
        recorded = said or {}
        if not listed:
            return
        await self._apply(_keeping(listed, complete_for, recorded))

    # -- catching up -----------------------------------------------------------------------

    async def catch_up(self) -> None:
        """Everything that changed since the last marks. Raises Offline (the link dropped: the
        next Reconnected runs it again), ServerRefused, SessionExpired."""
        async with self._lock:
            now = self._monotonic()
            if self._organisation_read_at is None or now - self._organisation_read_at >= ORGANISATION_EVERY_S:
                await self.organisation()
                self._organisation_read_at = now
            # Who the user is now: the organisation's read may have brought new grants and units.
            user_id = self._principal().id
            me = await self._db.read(lambda c: organisation.principal(c, user_id))
            if supervision.supervises(me):
                await self.supervision.catch_up()  # the watched departments' queue, the user's own too
            elif me.is_agent:
                await self.queue()
            await self.rooms()
            await self.follow_my_rooms(catch_up=True)

    async def organisation(self) -> None:
        """The departments (all of them), the agents of those the user sees, the server's
        permission matrix (the caller reads the user's permissions again after) and its limits on
        files (app.backends.rocketchat.uploads)."""
        departments = [read_department(d, endpoint="livechat/department")
                       for d in await self._paged("livechat/department", "departments")]
        me = self._principal()
        visible = ([d.id for d in departments] if me.is_admin or workspace.WORKSPACE_UNIT_ID in me.unit_ids
                   else sorted(set(me.department_ids) | set(me.unit_department_ids)))
        members: dict[str, list[str]] = {}
        for department_id in visible:
            answer = await self._rest.get(f"livechat/department/{department_id}", {"includeAgents": "true"},
                                          route="livechat/department/:_id")
            listed = Fields(answer, kind="department", endpoint="livechat/department/:_id").objs("agents")
            for entry in listed:
                members.setdefault(entry.text("agentId"), []).append(department_id)
        agents = [read_agent(a, endpoint="livechat/users/agent",
                             department_ids=members.get(str(a.get("_id")) if isinstance(a, dict) else "", []))
                  for a in await self._paged("livechat/users/agent", "users")]
        matrix = grants.read_matrix(await self._rest.get(grants.PERMISSIONS))
        file_limits = await uploads.fetch_limits(self._rest)

        def write(connection: sqlite3.Connection) -> list[Event]:
            cache.keep_departments(connection, departments, complete=True)
            workspace.attach_departments(connection)
            cache.keep_agents(connection, agents)
            grants.keep_grants(connection, matrix)
            if file_limits is not None:
                uploads.keep_limits(connection, file_limits)
            return []

        await self._apply(write)

    async def queue(self) -> None:
        waiting = [read_inquiry(i, endpoint="livechat/inquiries.queuedForUser")
                   for i in await self._paged("livechat/inquiries.queuedForUser", "inquiries")]
        present = {inquiry.id for inquiry in waiting}

        def write(connection: sqlite3.Connection) -> list[Event]:
            events: list[Event] = []
            for inquiry_id in cache.inquiry_ids(connection) - present:
                events += changes.inquiry_left(connection, inquiry_id, taken=True)
            for inquiry in waiting:
                events += changes.inquiry_waits(connection, inquiry)
            return events

        await self._apply(write)

    async def rooms(self) -> None:
        since = await self._db.read(lambda c: cache.last_update(c, ROOMS_MARK))
        answer = await self._ddp.call("rooms/get", _ejson(since) if since else {"$date": 0})
        update = answer.get("update") if isinstance(answer, Mapping) else answer
        rooms: list[tuple[Chat, datetime | None]] = []
        for payload in update if isinstance(update, list) else []:
            try:
                fields = Fields(payload, kind="room", endpoint="ddp:rooms/get")
                if fields.text_or("t") == "l":
                    chat = read_chat(payload, endpoint="ddp:rooms/get")
                    rooms.append((chat, fields.date_or_none("_updatedAt")))
            except PayloadError as error:
                log.warning("%s", error.message)
        if rooms:
            await self.keep_rooms(rooms, mark=True)
        subscriptions = await self._ddp.call("subscriptions/get")
        listed = subscriptions.get("update") if isinstance(subscriptions, Mapping) else subscriptions
        records = listed if isinstance(listed, list) else []
        subscribed = {s.get("rid") for s in records if isinstance(s, Mapping)}
        me = self._principal().id
        mine = await self._db.read(lambda c: cache.active_chats_of(c, me))
        for chat_id in sorted(mine - subscribed):
            await self.refresh_room(chat_id)

    async def refresh_room(self, chat_id: str) -> None:
        """Read one room as the server has it now (`GET rooms.info`) into the cache. A room the
        server no longer shows the user ('not-allowed': moved where they cannot see it) is no
        longer theirs."""
        try:
            answer = await self._rest.get("rooms.info", {"roomId": chat_id})
        except ServerRefused as refused:
            if refused.error_id != "not-allowed":
                raise
            me = self._principal().id
            await self._apply(lambda c: changes.room_out_of_sight(c, chat_id, me))
            return
        try:
            room = answer.get("room")
            await self.keep_rooms([(read_chat(room, endpoint="rooms.info"), None)])
        except PayloadError as error:
            log.warning("%s", error.message)

    async def follow_my_rooms(self, *, catch_up: bool = False) -> None:
        """Listen to the messages of every room the user serves (reading what they missed in a
        room newly theirs), and stop listening to rooms that are no longer theirs."""
        async with self._following:
            await self._follow(catch_up=catch_up)

    async def _follow(self, *, catch_up: bool) -> None:
        me = self._principal().id
        mine, kept_marks, change_marks = await self._db.read(lambda c: (
            cache.active_chats_of(c, me), cache.marks(c, messages_mark("")),
            cache.marks(c, changes_mark(""))))
        followed = {key[1] for key in self._streams if key[0] == MESSAGES_STREAM}
        for chat_id in sorted(followed - mine):
            await self._streams.pop((MESSAGES_STREAM, chat_id)).stop()
            deletions = self._streams.pop((ROOM_STREAM, f"{chat_id}/{DELETED}"), None)
            if deletions is not None:
                await deletions.stop()
        keeper = _Keeper(self._apply_all, KEEPING_AT_MOST)

        async def follow(chat_id: str) -> None:
            # Listening first: a message sent while the room is read is not missed.
            new = chat_id not in followed
            if new:
                await self._listen(MESSAGES_STREAM, chat_id)
                await self._listen(ROOM_STREAM, f"{chat_id}/{DELETED}")
            if new or catch_up:
                await keeper.add(await self._read_room(chat_id, kept_marks.get(chat_id),
                                                       change_marks.get(chat_id)))

        try:
            await _each_at_most(FOLLOWING_AT_ONCE, sorted(mine), follow)
        except Exception:
            # What was read in full is kept all the same; the failure that stopped the reads is
            # the one raised.
            try:
                await keeper.close()
            except Exception as also:  # logged: the first failure is the one raised
                log.warning("what the catch-up read before it stopped was not all kept: %s", also)
            raise
        except BaseException:
            keeper.cancel()
            raise
        await keeper.close()

    async def messages_of(self, chat_id: str) -> None:
        """Read what the cache misses of a room's messages and keep it."""
        await self._apply(await self._read_room(chat_id, *await self._marks(chat_id)))

    async def _marks(self, chat_id: str) -> tuple[datetime | None, datetime | None]:
        """The room's marks: the newest message kept, the newest change seen."""
        return await self._db.read(lambda c: (
            cache.last_update(c, messages_mark(chat_id)), cache.last_update(c, changes_mark(chat_id))))

    async def _apply_all(self, writes: list[RoomWrite]) -> None:
        """The rooms' writes, in one transaction; their events in order."""
        await self._apply(lambda c: [event for write in writes for event in write(c)])

    async def _read_room(self, chat_id: str, mark: datetime | None, changed: datetime | None) -> RoomWrite:
        """Read what the cache misses of a room (`mark`: the newest message kept; `changed`: the
        newest change seen) and return the write that keeps it."""
        return (await self._read_room_said(chat_id, mark, changed)).write

    async def _read_room_said(self, chat_id: str, mark: datetime | None, changed: datetime | None
                              ) -> _RoomRead:
        """`_read_room`, with what the room's system lines record (closing comment, transfers)."""
        if mark is None:
            answer = await self._ddp.call("loadHistory", chat_id, None, HISTORY_PAGE, None)
            listed = answer.get("messages") if isinstance(answer, Mapping) else None
            payloads = list(reversed(listed)) if isinstance(listed, list) else []
            found, said = _read_messages(payloads, "ddp:loadHistory")
            history = _keeping(found, chat_id, said)
            seen = _newest(payloads, "_updatedAt", "ddp:loadHistory")

            def first(connection: sqlite3.Connection) -> list[Event]:
                events = history(connection)
                if seen is not None:
                    cache.mark_update(connection, changes_mark(chat_id), seen)
                return events

            return _RoomRead(first, said)
        since = changed or mark
        # From just before the mark: a change stamped the same millisecond is not missed.
        answer = await self._ddp.call("messages/get", chat_id,
                                      {"lastUpdate": _ejson(since - timedelta(milliseconds=1))})
        endpoint = "ddp:messages/get"
        updated = answer.get("updated") if isinstance(answer, Mapping) else None
        deleted = answer.get("deleted") if isinstance(answer, Mapping) else None
        changed_payloads = updated if isinstance(updated, list) else []
        gone = deleted if isinstance(deleted, list) else []
        read, said = _read_messages(changed_payloads, endpoint)
        found = sorted(read, key=lambda m: m.sent_at)
        removed: list[tuple[str, datetime]] = []
        fallback = datetime.fromtimestamp(self._wall(), UTC)
        for payload in gone:
            try:
                fields = Fields(payload, kind="deleted message", endpoint=endpoint)
                removed.append((fields.text("_id"), fields.date_or_none("_deletedAt") or fallback))
            except PayloadError as error:
                log.warning("%s", error.message)
        newest = max((at for at in (_newest(changed_payloads, "_updatedAt", endpoint),
                                    _newest(gone, "_deletedAt", endpoint)) if at is not None), default=None)

        def write(connection: sqlite3.Connection) -> list[Event]:
            # A message older than the kept window and not kept is not the gap's: leave it to
            # paging, rather than keep it alone behind a hole.
            kept = [message for message in found
                    if messages_store.exists(connection, message.id) or message.sent_at >= mark - _SAME_MS]
            firsts = _first_time(connection, kept, said)
            events = changes.messages_arrived(connection, kept)
            events += [event for recorded in firsts for event in changes.history_said(connection, recorded)]
            if kept:
                cache.mark_update(connection, messages_mark(chat_id), max(m.sent_at for m in kept))
            for message_id, at in removed:
                events += changes.message_removed(connection, message_id, at=at)
            if newest is not None:
                cache.mark_update(connection, changes_mark(chat_id), newest)
            return events

        return _RoomRead(write, said)

    async def _paged(self, endpoint: str, key: str) -> list[Any]:
        found: list[Any] = []
        while True:
            answer = await self._rest.get(endpoint, {"count": _PAGE, "offset": len(found)})
            page = answer.get(key)
            if not isinstance(page, list):
                raise PayloadError(field=key, kind="list", endpoint=endpoint,
                                   problem="is missing or not a list")
            found += page
            total = answer.get("total")
            if not page or not isinstance(total, int) or len(found) >= total:
                return found


def _keeping(listed: list[Message], complete_for: str | None, said: Mapping[str, Said] | None = None
             ) -> RoomWrite:
    """The write that keeps `listed` (Sync.keep_messages), and what their system lines record
    (`said`, by message id) the first time each arrives: with `complete_for`, they are every
    message of that room since its mark, which moves to the newest of them."""
    complete = [message.sent_at for message in listed if message.chat_id == complete_for]
    recorded = said or {}

    def write(connection: sqlite3.Connection) -> list[Event]:
        firsts = _first_time(connection, listed, recorded)
        events = changes.messages_arrived(connection, listed)
        events += [event for first in firsts for event in changes.history_said(connection, first)]
        if complete_for is not None and complete:
            cache.mark_update(connection, messages_mark(complete_for), max(complete))
        return events

    return write


class _Keeper:
    """Writes what the rooms' reads bring, all that waits in one transaction at a time, while the
    reads go on; a read waits when `limit` rooms wait to be kept. `close` waits until all is kept,
    and raises what kept it from being."""

    def __init__(self, keep: Callable[[list[RoomWrite]], Awaitable[None]], limit: int) -> None:
        self._keep = keep
        self._limit = limit
        self._waiting: list[RoomWrite] = []
        self._keeping: asyncio.Future[None] | None = None

    async def add(self, write: RoomWrite) -> None:
        while len(self._waiting) >= self._limit and self._keeping is not None and not self._keeping.done():
            await asyncio.shield(self._keeping)
        self._waiting.append(write)
        if self._keeping is None or self._keeping.done():
            if self._keeping is not None:
                self._keeping.result()  # a write failed: said here rather than lost
            self._keeping = asyncio.ensure_future(self._drain())

    async def _drain(self) -> None:
        while self._waiting:
            batch, self._waiting = self._waiting, []
            await self._keep(batch)

    async def close(self) -> None:
        if self._keeping is not None:
            await self._keeping

    def cancel(self) -> None:
        if self._keeping is not None:
            self._keeping.cancel()


async def _each_at_most(limit: int, items: Sequence[str], work: Callable[[str], Awaitable[None]]) -> None:
    """`work` on every item, in order, at most `limit` at once. The first failure stops the rest
    (those in flight are cancelled) and is raised as it is."""
    waiting = iter(items)

    async def worker() -> None:
        for item in waiting:
            await work(item)

    workers = [asyncio.ensure_future(worker()) for _ in range(min(limit, len(items)))]
    if not workers:
        return
    try:
        done, _ = await asyncio.wait(workers, return_when=asyncio.FIRST_EXCEPTION)
        for task in done:
            task.result()
    finally:
        for task in workers:
            task.cancel()
        await asyncio.gather(*workers, return_exceptions=True)


def _read_messages(payloads: Iterable[object], endpoint: str) -> tuple[list[Message], dict[str, Said]]:
    """The messages shown of a method's answer, and what their system lines record; one that
    cannot be read is logged and left out."""
    found: list[Message] = []
    said: dict[str, Said] = {}
    for payload in payloads:
        try:
            _read_into(payload, endpoint, found, said)
        except PayloadError as error:
            log.warning("%s", error.message)
    return found, said


def _newest(payloads: Iterable[object], key: str, endpoint: str) -> datetime | None:
    """The newest `key` date among the payloads (those without one, or unreadable, skipped)."""
    newest: datetime | None = None
    for payload in payloads:
        try:
            at = Fields(payload, kind="message", endpoint=endpoint).date_or_none(key)
        except PayloadError:
            continue
        if at is not None and (newest is None or at > newest):
            newest = at
    return newest


def _departments(connection: sqlite3.Connection) -> list[Department]:
    return organisation.departments(connection)


@dataclass(frozen=True, slots=True)
class _RoomRead:
    """What a room's read brings: the write that keeps it, and what its system lines record (a
    closing comment, transfers), by message id."""

    write: RoomWrite
    said: dict[str, Said]


def _first_time(connection: sqlite3.Connection, listed: Iterable[Message], said: Mapping[str, Said]
                ) -> list[Said]:
    """What the system lines among `listed` record, for those this cache does not keep yet."""
    return [said[message.id] for message in listed
            if message.id in said and not messages_store.exists(connection, message.id)]


def _handed_over_by(said: Iterable[Said], me: Principal) -> Who | None:
    """Who last handed the chat to `me` (a transfer to them), when the history says."""
    for recorded in reversed(list(said)):
        if isinstance(recorded, TransferSaid) and recorded.to_agent is not None and (
                recorded.to_agent.id == me.id or recorded.to_agent.username == me.username):
            return recorded.from_agent
    return None


def _read_into(payload: object, endpoint: str, found: list[Message], said: dict[str, Said]) -> None:
    """A message payload read into `found`, and what it records into `said`."""
    if not is_shown(payload, endpoint=endpoint):
        return
    message = read_message(payload, endpoint=endpoint)
    found.append(message)
    recorded = read_said(payload, endpoint=endpoint)
    if recorded is not None:
        said[message.id] = recorded


def _read_queue_event(event: StreamEvent) -> tuple[str, Inquiry | None, bool]:
    """(inquiry id, the inquiry when it waits, whether it was taken) of a queue stream event."""
    endpoint = _endpoint(event)
    payload = event.args[0] if event.args else None
    fields = Fields(payload, kind="inquiry", endpoint=endpoint)
    inquiry_id = fields.text("_id")
    if fields.text_or("type") == "removed":
        return inquiry_id, None, False
    status = inquiry_status(payload, endpoint=endpoint)
    if status.waiting:
        return inquiry_id, read_inquiry(payload, endpoint=endpoint), False
    return inquiry_id, None, status is InquiryStatus.TAKEN


def _action_and_record(event: StreamEvent) -> tuple[str, object]:
    if len(event.args) < 2 or not isinstance(event.args[0], str):
        raise PayloadError(field="args", kind="notification", endpoint=_endpoint(event),
                           problem="is not [clientAction, record]")
    return event.args[0], event.args[1]


def _endpoint(event: StreamEvent) -> str:
    return f"ddp:{event.collection} {event.event_name}"


@contextlib.contextmanager
def _skipping(event: StreamEvent) -> Any:
    """Log a payload that cannot be read, and go on with the rest of the batch."""
    try:
        yield
    except PayloadError as error:
        log.warning("skipped from %s: %s", _endpoint(event), error.message)
