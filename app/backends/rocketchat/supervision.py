"""Keeping a supervisor's cache in step with a Rocket.Chat server: every chat of the departments
they watch, the queue of those departments, and their agents' status and availability.

A monitor or manager holds no subscription to the rooms of others, so Rocket.Chat pushes them no
`rooms-changed` for those rooms, and no stream lists a department's rooms: Rocket.Chat's own
monitoring views ask REST instead (Current Chats: `GET livechat/rooms`, read when the view opens;
Real-Time Monitoring: its `livechat/analytics/dashboards/*` every 5 s by default). What is live
on the streams stays live here: the queue of each watched department
(`stream-livechat-inquiry-queue-observer` `department/<id>`, which `view-l-room` may read; app.
backends.rocketchat.sync subscribes to them) and everyone's presence (`stream-notify-logged`
`user-status`: `[uid, username, 0 offline | 1 online | 2 away | 3 busy, statusText, name, roles]`,
apps/meteor/server/modules/listeners/listeners.module.ts). The rest is read:

- at each catch-up (start, after a gap): every open room the server lets the user see
  (`GET livechat/rooms?open=true`, which needs `view-livechat-rooms`; EE restricts a monitor to
  their units there, Community restricts nobody), the queued inquiries (`GET
  livechat/inquiries.list`, `view-livechat-manager`; it projects `_id, rid, name, ts, status,
  department`, so each is completed from its room), and the agents. A watched room kept here as
  in progress that the listing leaves out closed or left: it is read again (`rooms.info`);
- then every `EVERY_S` (and at once when a watched inquiry is taken): the rooms changed since the
  last read, newest change first (`GET livechat/rooms?sort={"_updatedAt":-1}`, open or closed:
  Rocket.Chat stamps `_updatedAt` on every change of a room, a new message included), page after
  page until one reaches rooms read before; and the agents (`GET livechat/users/agent`: status,
  `statusLivechat`, their limit), whose availability no stream carries to others.

Both routes are REST, limited to 10 calls a minute each by default: a poll usually costs one call
of each, every 30 s. The poll is the link's slowest part: what the streams do not carry (a chat
taken by someone else, put on hold, closed) reaches the dashboard within `EVERY_S`.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import sqlite3
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime
from typing import Any

from app import policy
from app.backends.events import AgentStatusChanged, Event
from app.backends.rocketchat import cache, changes
from app.backends.rocketchat.ddp import StreamEvent
from app.backends.rocketchat.payloads import PayloadError, read_agent, read_chat, read_inquiry
from app.backends.rocketchat.payloads.fields import Fields
from app.backends.rocketchat.rest import RestClient
from app.backends.rocketchat.wire import ServerRefused
from app.domain import Agent, AgentStatus, Chat, ChatPlace, ChatStatus, Inquiry, Principal
from app.errors import OmnideskError
from app.policy import Action
from app.store import Database, organisation

log = logging.getLogger(__name__)

ROOMS = "livechat/rooms"
INQUIRIES = "livechat/inquiries.list"
AGENTS = "livechat/users/agent"
PRESENCE = "user-status"
# The newest `_updatedAt` (the server's clock) of the rooms read by the last poll.
ROOMS_MARK = "supervised-rooms"
# How often the rooms and agents are read again (seconds): 2 calls a minute of each route.
EVERY_S = 30.0
# Rocket.Chat's API_Upper_Count_Limit: the most a page may hold.
_PAGE = 100
_NEWEST_CHANGE_FIRST = json.dumps({"_updatedAt": -1})
# stream-notify-logged user-status numbers (listeners.module.ts STATUS_MAP); busy reads as away,
# as in the agents' payloads (present, not free).
_PRESENCE = {0: AgentStatus.OFFLINE, 1: AgentStatus.ONLINE, 2: AgentStatus.AWAY, 3: AgentStatus.AWAY}

Apply = Callable[[Callable[[sqlite3.Connection], list[Event]]], Awaitable[list[Event]]]


def supervises(principal: Principal) -> bool:
    """Whether the user watches units (the monitor dashboard is theirs): what this module keeps."""
    return Action.SUPERVISE in policy.capabilities(principal)


class SupervisionSync:
    def __init__(self, db: Database, rest: RestClient, *, principal: Callable[[], Principal], apply: Apply,
                 refresh_room: Callable[[str], Awaitable[None]], online: Callable[[], bool],
                 every_s: float = EVERY_S) -> None:
        self._db = db
        self._rest = rest
        self._principal = principal
        self._apply = apply
        self._refresh_room = refresh_room
        self._online = online
        self._every_s = every_s
        self._lock = asyncio.Lock()
        self._woken = asyncio.Event()
        self._idle = asyncio.Event()
        self._idle.set()

    # -- the paced poll --------------------------------------------------------------------

    async def run(self) -> None:
        """Poll every `every_s`, or at once when woken, while the link is up (the backend runs
        this as a task for a supervisor, and cancels it)."""
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._woken.wait(), self._every_s)
            self._woken.clear()
            if not self._online() or not supervises(self._principal()):
                self._idle.set()
                continue
            try:
                await self.poll()
            except OmnideskError as error:
                log.warning("the supervised chats were not all read again: %s", error.message)
            finally:
                if not self._woken.is_set():
                    self._idle.set()

    def wake(self) -> None:
        """Poll now: a watched chat changed in a way the streams do not tell (taken by someone)."""
        self._idle.clear()
        self._woken.set()

    async def settled(self) -> None:
        """Until no poll is asked for or running (tests)."""
        await self._idle.wait()

    async def poll(self) -> None:
        """The rooms changed since the last read, and the agents as they are now."""
        async with self._lock:
            await self._changed_rooms()
            await self.agents()

    async def _changed_rooms(self) -> None:
        mark = await self._db.read(lambda c: cache.last_update(c, ROOMS_MARK))
        found: list[tuple[Chat, datetime | None]] = []
        offset = 0
        while True:
            params = {"sort": _NEWEST_CHANGE_FIRST, "count": _PAGE, "offset": offset}
            answer = await self._rest.get(ROOMS, params)
            page = _listed(answer, "rooms", ROOMS)
            reached_mark = False
            for payload in page:
                read = _room(payload)
                if read is None:
                    continue
                if mark is not None and read[1] is not None and read[1] < mark:
                    reached_mark = True
                    break
                found.append(read)
            offset += len(page)
            total = answer.get("total")
            if reached_mark or mark is None or not page or (isinstance(total, int) and offset >= total):
                break
        await self._keep_rooms(found)

    # -- the catch-up ----------------------------------------------------------------------

    async def catch_up(self) -> None:
        """Every open room, the queue and the agents, as the server has them now."""
        async with self._lock:
            try:
                listed_rooms = await self._pages(ROOMS, "rooms", {"open": "true"})
            except ServerRefused as refused:
                if refused.status != 403:
                    raise
                # `view-livechat-rooms` withdrawn since the grants were read: the next read says so.
                log.warning("the server did not list the rooms the user watches (%s)", refused.error_id)
                return
            rooms: dict[str, Mapping[str, Any]] = {}
            found: list[tuple[Chat, datetime | None]] = []
            for payload in listed_rooms:
                read = _room(payload)
                if read is not None and isinstance(payload, Mapping):
                    rooms[read[0].id] = payload
                    found.append(read)
            await self._keep_rooms(found)
            listed = set(rooms)
            for chat_id in await self._db.read(lambda c: self._watched_in_progress(c) - listed):
                # Closed, or moved where the user does not see it, since the last read.
                await self._refresh_room(chat_id)
            try:
                queued = await self._pages(INQUIRIES, "inquiries", {})
            except ServerRefused as refused:
                # `view-livechat-manager` withheld: the queue's streams still bring what comes.
                log.warning("the server did not list its queue (%s): only new inquiries are shown",
                            refused.error_id)
            else:
                await self._keep_queue(queued, rooms)
            await self.agents()

    def _watched_in_progress(self, connection: sqlite3.Connection) -> set[str]:
        """The chats kept as waiting or in progress that the user watches (not their own)."""
        me = organisation.principal(connection, self._principal().id)
        scope = policy.scope_of(me)
        rows = connection.execute(
            "SELECT id, department_id, served_by, status, contact_id FROM chats WHERE status IN "
            "('queued', 'open', 'on_hold') AND (served_by IS NULL OR served_by != ?)", (me.id,))
        places = (ChatPlace(row[0], row[1], None, row[2], ChatStatus(row[3]), row[4]) for row in rows)
        return {place.chat_id for place in places if policy.supervises(scope, place)}

    async def _keep_rooms(self, found: list[tuple[Chat, datetime | None]]) -> None:
        if not found:
            return

        def write(connection: sqlite3.Connection) -> list[Event]:
            events: list[Event] = []
            for chat, updated in found:
                events += changes.room_changed(connection, chat)
                if updated is not None:
                    cache.mark_update(connection, ROOMS_MARK, updated)
            return events

        await self._apply(write)

    async def _keep_queue(self, listed: list[object], rooms: Mapping[str, Mapping[str, Any]]) -> None:
        """The queued inquiries the user sees, each completed from its room (the listing projects
        a few fields: the preview is then the room's last message); any other kept as waiting left
        the queue."""
        waiting: list[Inquiry] = []
        for entry in listed:
            try:
                fields = Fields(entry, kind="inquiry", endpoint=INQUIRIES)
                room = rooms.get(fields.text("rid"))
                if room is None or fields.text_or("status") != "queued":
                    continue  # its room is not one the user sees, or it no longer waits
                waiting.append(read_inquiry(_completed(entry, room), endpoint=INQUIRIES))
            except PayloadError as error:
                log.warning("%s", error.message)

        def write(connection: sqlite3.Connection) -> list[Event]:
            scope = policy.scope_of(organisation.principal(connection, self._principal().id))
            seen = [i for i in waiting if policy.sees_chat(scope, _waiting_place(i))]
            present = {inquiry.id for inquiry in seen}
            kept = cache.inquiry_ids(connection)
            events: list[Event] = []
            for inquiry_id in kept - present:
                events += changes.inquiry_left(connection, inquiry_id, taken=False)
            for inquiry in seen:
                if inquiry.id not in kept:  # one kept came whole from the queue's stream
                    events += changes.inquiry_waits(connection, inquiry)
            return events

        await self._apply(write)

    # -- agents ----------------------------------------------------------------------------

    async def agents(self) -> None:
        """Each agent's status, availability and limit as the server has them (their departments
        come with the organisation's read)."""
        agents: list[Agent] = []
        for payload in await self._pages(AGENTS, "users", {}):
            try:
                agents.append(read_agent(payload, endpoint=AGENTS))
            except PayloadError as error:
                log.warning("%s", error.message)
        await self._apply(lambda c: [e for a in agents for e in keep_agent_state(c, a)])

    async def presence_batch(self, received: list[StreamEvent]) -> None:
        """`user-status` events: who came online, went away or offline."""
        changed: dict[str, AgentStatus] = {}
        for event in received:
            entry = event.args[0] if event.args else None
            if (isinstance(entry, list) and len(entry) >= 3 and isinstance(entry[0], str)
                    and isinstance(entry[2], int) and entry[2] in _PRESENCE):
                changed[entry[0]] = _PRESENCE[entry[2]]
            else:
                log.warning("skipped from %s %s: not [uid, username, status, ...]", event.collection,
                            event.event_name)
        if changed:
            await self._apply(lambda c: [e for uid, s in changed.items() for e in keep_presence(c, uid, s)])

    async def _pages(self, endpoint: str, key: str, params: Mapping[str, str]) -> list[object]:
        found: list[object] = []
        while True:
            answer = await self._rest.get(endpoint, {**params, "count": _PAGE, "offset": len(found)})
            page = _listed(answer, key, endpoint)
            found += page
            total = answer.get("total")
            if not page or not isinstance(total, int) or len(found) >= total:
                return found


# -- what is kept -------------------------------------------------------------------------

def keep_agent_state(connection: sqlite3.Connection, agent: Agent) -> list[Event]:
    """An agent's status, availability and limit; their departments stay as kept. An agent this
    cache did not know is kept (their departments come with the next organisation read)."""
    known = connection.execute("SELECT 1 FROM users WHERE id = ? AND is_agent = 1", (agent.id,)).fetchone()
    if known is None:
        cache.keep_agents(connection, [agent])
        return [AgentStatusChanged(organisation.agent(connection, agent.id))]
    changed = connection.execute(
        "UPDATE users SET status = :status, availability = :availability, max_chats = :max_chats "
        "WHERE id = :id AND (status != :status OR availability != :availability "
        "OR max_chats IS NOT :max_chats)",
        {"id": agent.id, "status": agent.status.value, "availability": agent.availability.value,
         "max_chats": agent.max_chats}).rowcount
    return [AgentStatusChanged(organisation.agent(connection, agent.id))] if changed else []


def keep_presence(connection: sqlite3.Connection, user_id: str, status: AgentStatus) -> list[Event]:
    changed = connection.execute(
        "UPDATE users SET status = ? WHERE id = ? AND is_agent = 1 AND status != ?",
        (status.value, user_id, status.value)).rowcount
    return [AgentStatusChanged(organisation.agent(connection, user_id))] if changed else []


def keep_figures(connection: sqlite3.Connection, at: datetime) -> None:
    """What the dashboard counts, after a batch is kept: a chat whose inquiry left the queue ends
    its stay there once its room is known to have moved on (at `at`, when this computer learnt it),
    to the agent now serving it, or unserved when it closed; each agent's open chats are those the
    cache holds (of the departments the user sees: a monitor's cache holds no other)."""
    connection.execute(
        "UPDATE queue_waits SET left_at = max(queued_at, :at), agent_id = (SELECT c.served_by FROM chats c "
        "  WHERE c.id = queue_waits.chat_id AND c.status IN ('open', 'on_hold')) "
        "WHERE left_at IS NULL AND chat_id NOT IN (SELECT chat_id FROM inquiries) "
        "AND (SELECT c.status FROM chats c WHERE c.id = queue_waits.chat_id) != 'queued'",
        {"at": int(at.timestamp() * 1000)})
    connection.execute(
        "UPDATE users SET open_chats = (SELECT count(*) FROM chats c WHERE c.served_by = users.id "
        "  AND c.status = 'open') "
        "WHERE is_agent = 1 AND open_chats != (SELECT count(*) FROM chats c WHERE c.served_by = users.id "
        "  AND c.status = 'open')")


# -- reading --------------------------------------------------------------------------------

def _room(payload: object) -> tuple[Chat, datetime | None] | None:
    """An Omnichannel room of a listing with its `_updatedAt`; None (logged) when unreadable."""
    try:
        fields = Fields(payload, kind="room", endpoint=ROOMS)
        if fields.text_or("t") != "l":
            return None
        return read_chat(payload, endpoint=ROOMS), fields.date_or_none("_updatedAt")
    except PayloadError as error:
        log.warning("%s", error.message)
        return None


def _completed(entry: object, room: Mapping[str, Any]) -> dict[str, Any]:
    """A listed inquiry (`_id, rid, name, ts, status, department`) with what its room tells of the
    visitor, the channel, the priority and the first words."""
    listed = dict(entry) if isinstance(entry, Mapping) else {}
    taken = {key: room[key] for key in ("v", "source", "priorityWeight", "slaId", "estimatedWaitingTimeQueue",
                                        "lastMessage") if key in room}
    return {**taken, **listed}


def _waiting_place(inquiry: Inquiry) -> ChatPlace:
    return ChatPlace(inquiry.chat_id, inquiry.department_id, None, None, ChatStatus.QUEUED,
                     inquiry.contact_id)


def _listed(answer: Mapping[str, Any], key: str, endpoint: str) -> list[object]:
    page = answer.get(key)
    if not isinstance(page, list):
        raise PayloadError(field=key, kind="list", endpoint=endpoint, problem="is missing or not a list")
    return page
