"""`Backend` for one user of a Rocket.Chat server, cache first.

Queries are answered from the cache (app.backends.store_desk, the same code as the embedded desk)
at once, whatever the link; a background task (`_run`) resumes the session, subscribes to the
streams and catches up (app.backends.rocketchat.sync), again after every gap. Commands check
app.policy on the cached chat first (the server decides again), then call Rocket.Chat; the change
itself arrives on the streams, which the command waits for (briefly; then it reads the room).

Messages are written to the cache's outbox first (shown at once, pending) and sent in order by
app.backends.rocketchat.outbox; `unsent()` says which are still pending or were refused.

Connection and session: `events()` first gives the link's state now (ConnectionChanged:
CONNECTING at start), then every change of it; after a gap the catch-up runs and `Resynced`
follows. When the server refuses the saved sign-in (SessionLost), subscribers get a
ConnectionChanged(OFFLINE) saying to sign in again, and every command from then on raises
SessionExpired; the cache stays readable.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import sqlite3
from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from app import policy
from app.backends import validation
from app.backends.bus import EventBus, Subscription
from app.backends.events import (
    ConnectionChanged,
    ConnectionState,
    Event,
    MessageAdded,
    Resynced,
    listener,
)
from app.backends.refusals import Refusals
from app.backends.rocketchat import assign, cache, outbox, principal, uploads
from app.backends.rocketchat.ddp import DdpClient, Reconnected, SessionLost
from app.backends.rocketchat.file_cache import FileCache
from app.backends.rocketchat.files import ServerFiles
from app.backends.rocketchat.payloads import requests
from app.backends.rocketchat.payloads.file_ids import stored_file_id
from app.backends.rocketchat.refusals import Named, closes_the_chat, server_refusal
from app.backends.rocketchat.session import Session
from app.backends.rocketchat.sync import Sync
from app.backends.rocketchat.timing import Timing
from app.backends.rocketchat.wire import MalformedAnswer, ServerRefused
from app.backends.store_desk import StoreDesk
from app.backends.store_supervision import StoreSupervision
from app.domain import (
    Agent,
    AgentStatus,
    Attachment,
    AuthorKind,
    Availability,
    CannedResponse,
    Chat,
    ChatPlace,
    ChatStatus,
    ChatSummary,
    Contact,
    FileLimits,
    Message,
    MessagePage,
    Principal,
    Priority,
    QueuePlace,
    Unit,
    UnitDay,
    UnitOverview,
)
from app.errors import InvalidInput, NotAllowed, NotFound, Offline, OmnideskError, Refused, SessionExpired
from app.files.accept import disabled
from app.policy import Action
from app.store import Database, chats, contacts, desk_memory, messages, organisation
from app.words import Phrase

if TYPE_CHECKING:
    from datetime import date

    from app.backends.rocketchat.administration import ServerAdministration
    from app.config import AuditEntry, Change, ChangeOutcome, Record
    from app.config.offer import ConfigurationOffer
    from app.domain import WhatIf

log = logging.getLogger(__name__)
Shown = TypeVar("Shown", ChatSummary, Chat)

# How long a command waits for its change to come back on the streams before reading the room.
CHANGE_WAIT_S = 3.0
# What a Rocket.Chat server does not offer this desk yet (beyond Rocket.Chat, or not built here).
_NOT_ON_SERVER = frozenset({Action.NOTE, Action.VIEW_CONTACTS, Action.CREATE_CONTACT, Action.EDIT_CONTACT,
                            Action.VERIFY})
_ID_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTWXYZabcdefghijkmnopqrstuvwxyz"

# What each command is, said in a refusal ("The server does not allow you closing the chat.").
_TAKING = Refusals.tr("taking the chat")
_CLOSING = Refusals.tr("closing the chat")
_TRANSFERRING = Refusals.tr("transferring the chat")
_HOLDING = Refusals.tr("putting chats on hold")
_RESUMING = Refusals.tr("resuming chats on hold")
_SAVING_INFO = Refusals.tr("saving the chat's details")
_AVAILABILITY = Refusals.tr("changing your availability")
_STATUS = Refusals.tr("changing your status")


def new_message_id() -> str:
    """An id as Rocket.Chat's Random.id() makes them (17 characters of its alphabet)."""
    return "".join(secrets.choice(_ID_ALPHABET) for _ in range(17))


def not_on_server(what: str) -> Refused:
    return Refused(f"{what} is not available with a Rocket.Chat server yet: use Rocket.Chat's web app "
                   "for it.", code="not-available-on-server")


class RocketChatBackend(StoreDesk):
    def __init__(self, *, db: Database, principal: Principal, session: Session, username: str,
                 timing: Timing | None = None, now: Callable[[], datetime] | None = None) -> None:
        self._db = db
        self._principal = principal
        self._session = session
        self._username = username
        self._timing = timing or Timing()
        wall = self._timing.wall
        self._clock = now or (lambda: datetime.fromtimestamp(wall(), UTC))
        self._bus = EventBus()
        self._hears = listener(principal)
        self._subscriptions: list[Subscription] = []
        self._state = ConnectionChanged(ConnectionState.CONNECTING, f"Connecting to {session.rest.host}…")
        self._lost: SessionExpired | None = None
        self._closed = False
        self._tasks: set[asyncio.Task[None]] = set()
        self._sync: Sync | None = None
        self._synced_once = asyncio.Event()
        self._catching_up: set[asyncio.Future[None]] = set()
        self._online = asyncio.Event()
        self._sender = outbox.OutboxSender(db, self._call, publish=self._publish_all,
                                           sleep=self._timing.sleep)
        # The monitor dashboard's reads, from the cache as on the embedded engine (a server keeps
        # no organisation-wide cap on an agent's chats here: each agent's own limit applies).
        self._dashboard = StoreSupervision(db, lambda: self._principal, self._now, lambda _: 0)
        self._files = ServerFiles(session.rest, FileCache.beside(db.path))
        self._admin: ServerAdministration | None = None

    def _now(self) -> datetime:
        return self._clock()

    # -- life ------------------------------------------------------------------------------

    def start(self, *, resume: bool) -> None:
        """Connect in the background (`resume`: the session must first be resumed from the saved
        token; otherwise it was just signed in)."""
        self._sender.start()
        self._spawn(self._run(resume))

    async def _run(self, resume: bool) -> None:
        try:
            if resume:
                await self._session.resume(self._username)
            ddp = self._ddp()
            self._spawn(self._follow_link(ddp))
            self._sync = Sync(self._db, self._session.rest, ddp, principal=lambda: self._principal,
                              publish=self._publish_all, monotonic=self._timing.monotonic,
                              wall=self._timing.wall, regranted=self._regranted)
            self._spawn(self._sync.supervision.run())  # a supervisor's poll (idle for anyone else)
            await self._sync.subscribe()
            if ddp.state is ConnectionState.ONLINE:
                await self._catch_up("signed in")
        except SessionExpired as expired:
            self._session_lost(expired)
        except OmnideskError as error:
            # Offline, a refusal, a payload: the next reconnect tries again.
            log.warning("the first sync with %s did not finish: %s", self._session.server_url, error.message)

    async def _follow_link(self, ddp: DdpClient) -> None:
        while not self._closed:
            event = await ddp.events.get()
            if isinstance(event, ConnectionChanged):
                self._set_state(event)
                if event.state is ConnectionState.ONLINE:
                    self._sender.wake()
            elif isinstance(event, Reconnected):
                self._sender.wake()
                why = f"reconnected after gap {event.gap}"
                self._catching_up.add(asyncio.ensure_future(self._catch_up(why)))
            elif isinstance(event, SessionLost):
                self._session_lost(event.error)
                return

    async def reconnect_now(self) -> None:
        """Try the link again at once (app.backends.contract.Reconnectable): the connection bar's
        Retry now while the link waits between tries."""
        if self._sync is not None:
            await self._ddp().reconnect_now()

    async def _catch_up(self, why: str) -> None:
        sync = self._sync
        if sync is None:
            return
        try:
            await self._refresh_identity()
            await sync.subscribe()
            await sync.catch_up()
            await self._reread_principal()  # the catch-up may have read new grants
            await sync.subscribe()  # and the departments a unit holds, on a first sync
        except SessionExpired as expired:
            self._session_lost(expired)
            return
        except OmnideskError as error:
            log.warning("catching up with %s stopped (%s): %s", self._session.server_url, why, error.message)
            return
        self._synced_once.set()
        self._publish_all([Resynced(f"caught up with the server ({why})")])

    async def _refresh_identity(self) -> None:
        identity = await principal.fetch_identity(self._session.rest)
        await self._db.write(lambda c: principal.keep_identity(c, identity))
        await self._reread_principal()

    async def _reread_principal(self) -> None:
        """The user as the cache now has them (roles, departments, the permissions the server's
        grants give them): what capabilities() offers follows."""
        user_id = self._principal.id
        refreshed = await self._db.read(lambda c: organisation.principal(c, user_id))
        if refreshed != self._principal:
            self._principal = refreshed
            self._hears = listener(refreshed)

    async def _regranted(self) -> None:
        """The server's permission matrix changed (live): offer what it now allows."""
        await self._reread_principal()
        self._publish_all([Resynced("the server's permissions changed")])

    def _session_lost(self, expired: SessionExpired) -> None:
        self._lost = expired
        self._set_state(ConnectionChanged(ConnectionState.OFFLINE, expired.message))

    def _set_state(self, change: ConnectionChanged) -> None:
        if change == self._state:
            return
        self._state = change
        if change.state is ConnectionState.ONLINE:
            self._online.set()
        else:
            self._online.clear()
        self._bus.publish(change)

    def _publish_all(self, events: Sequence[Event]) -> None:
        for event in events:
            self._bus.publish(event)

    def _spawn(self, work: Awaitable[None]) -> None:
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _ddp(self) -> DdpClient:
        if self._session.ddp is None:
            raise Offline(f"Not connected to {self._session.rest.host}.")
        return self._session.ddp

    async def _call(self, method: str, *params: Any) -> Any:
        return await self._ddp().call(method, *params)

    async def settled(self) -> None:
        """Wait until everything received so far is in the cache and the outbox has been gone
        through as far as it can (tests; nothing in the app needs to wait for it)."""
        while self._catching_up:
            done = [task for task in self._catching_up if task.done()]
            self._catching_up.difference_update(done)
            if self._catching_up:
                await asyncio.wait(self._catching_up)
        if self._sync is not None:
            await self._sync.settled()
            await self._sync.supervision.settled()
            await self._sync.settled()
        await self._sender.drained()

    async def synced(self) -> None:
        """Wait for the first complete catch-up with the server."""
        await self._synced_once.wait()

    async def online(self) -> None:
        """Wait until the link is up (for tests, after a server comes back)."""
        await self._online.wait()

    @property
    def connection(self) -> ConnectionChanged:
        return self._state

    # -- events ----------------------------------------------------------------------------

    async def events(self) -> Subscription:
        subscription = self._bus.subscribe(self._accepts)
        subscription.deliver(self._state)
        self._subscriptions.append(subscription)
        return subscription

    def _accepts(self, event: Event) -> bool:
        # Looked up at each event: a refreshed identity replaces the filter.
        return self._hears(event)

    async def aclose(self) -> None:
        """Sign out of this window: the streams stop, the link closes, the token stays saved (the
        next start resumes); what waits in the outbox stays for the next start to send."""
        if self._closed:
            return
        self._closed = True
        await self._sender.close()
        if self._sync is not None:
            await self._sync.close()
        for task in [*self._tasks, *self._catching_up]:
            task.cancel()
        for task in [*self._tasks, *self._catching_up]:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        for subscription in self._subscriptions:
            subscription.close()
        await self._session.close()
        self._db.close()

    # -- queries only this backend answers -------------------------------------------------

    def capabilities(self, place: ChatPlace | None = None) -> frozenset[Action]:
        return policy.capabilities(self._principal, place) - _NOT_ON_SERVER

    async def queue_places(self) -> dict[str, QueuePlace]:
        return {}  # Rocket.Chat's queue positions come per inquiry, from routing: not read yet

    async def unsent(self) -> dict[str, str]:
        """The messages written here the server does not have yet: '' while they wait to be sent,
        the server's reason when it refused one."""
        return await self._db.read(cache.unsent)

    async def contact(self, contact_id: str) -> Contact:
        """The contact of a chat as this computer keeps it (what the server's rooms said of the
        visitor): the desk shows it beside the chat. The Contact Center itself is not offered."""
        return await self._db.read(lambda c: contacts.contact(c, contacts.resolve_id(c, contact_id)))

    async def contact_history(self, contact_id: str, *, text: str = "") -> list[ChatSummary]:
        """The contact's chats this computer keeps, newest first (a search of them: not yet)."""
        if text.strip():
            raise not_on_server("Searching a contact's history")
        scope = policy.scope_of(self._principal)
        return await self._db.read(lambda c: chats.contact_history(c, contact_id, scope))

    async def messages(self, chat_id: str, *, before: str | None = None, limit: int = 500) -> MessagePage:
        """A chat's messages from the cache; the newest page of a chat the user watches but does
        not serve (a monitor's, a waiting one) is read from the server first when online, since
        no stream brings its messages here."""
        if before is None and self._sync is not None and self._state.state is ConnectionState.ONLINE:
            me = self._principal
            place = await self._db.read(
                lambda c: chats.place(c, chat_id) if cache.chat_kept(c, chat_id) else None)
            if place is not None and place.served_by_id != me.id and policy.allowed(me, Action.VIEW, place):
                with contextlib.suppress(OmnideskError):
                    await self._sync.messages_of(chat_id)
        return await super().messages(chat_id, before=before, limit=limit)

    # -- supervision (app.backends.contract.Supervision) -----------------------------------

    async def supervised_units(self) -> list[Unit]:
        return await self._dashboard.supervised_units()

    async def unit_overview(self, unit_id: str) -> UnitOverview:
        return await self._dashboard.unit_overview(unit_id)

    async def unit_day(self, unit_id: str, day: date) -> UnitDay:
        return await self._dashboard.unit_day(unit_id, day)

    async def assign(self, inquiry_id: str, agent_id: str) -> ChatSummary:
        """Rocket.Chat's `livechat/inquiries.take` with the agent's `userId`: the server takes the
        inquiry for them, as for themselves (they must be online and available)."""
        self._require_session()
        me = self._principal
        chat_id, name = await self._db.read(lambda c: assign.check_assign(c, me, inquiry_id, agent_id))
        try:
            await self._session.rest.post(requests.TAKE[1].removeprefix("/v1/"),
                                          requests.take_body(inquiry_id, agent_id=agent_id))
        except ServerRefused as refused:
            raise (assign.assign_refusal(refused, name)
                   or server_refusal(refused, f"giving the chat to {name}")) from refused
        except MalformedAnswer as error:
            raise Refused("The server's answer to giving the chat was not understood; it may or may not be "
                          "done.", code="malformed-answer") from error
        return await self._until(chat_id, lambda s: s.served_by_id == agent_id)

    async def refresh_supervision(self) -> None:
        """Read the watched rooms and agents again now, as the poll does every 30 s (tests)."""
        if self._sync is not None:
            await self._sync.supervision.poll()

    # -- commands --------------------------------------------------------------------------

    def _require_session(self) -> None:
        if self._lost is not None:
            raise SessionExpired(self._lost.message)

    def _checked_place(self, connection: sqlite3.Connection, action: Action, chat_id: str) -> ChatPlace:
        place = chats.place(connection, chat_id)
        policy.check(self._principal, action, place)
        return place

    async def _check(self, action: Action, chat_id: str) -> ChatPlace:
        self._require_session()
        return await self._db.read(lambda c: self._checked_place(c, action, chat_id))

    async def _post(self, route: tuple[str, str], body: dict[str, Any], *, what: Phrase,
                    named: Named | None = None, chat_id: str | None = None) -> Mapping[str, Any]:
        endpoint = route[1].removeprefix("/v1/")
        try:
            return await self._session.rest.post(endpoint, body)
        except ServerRefused as refused:
            error = server_refusal(refused, what, named or Named(me=self._principal.name))
            if chat_id is not None and self._sync is not None and (
                    closes_the_chat(error) or isinstance(error, NotAllowed)):
                # The chat changed where this desk did not hear it (closed by the visitor, given to
                # someone else): read it again, so the cache says what the server said.
                with contextlib.suppress(OmnideskError):
                    await self._sync.refresh_room(chat_id)
            raise error from refused
        except MalformedAnswer as error:
            unclear = Refusals.tr("The server's answer to {what} was not understood; it may or may not be "
                                  "done.")
            raise Refused(unclear.format(what=what), code="malformed-answer") from error

    async def _until(self, chat_id: str, done: Callable[[ChatSummary], bool]) -> ChatSummary:
        """The chat once its change has arrived (on the streams; else read from the server)."""
        return await self._until_read(chat_id, done, chats.chat_summary)

    async def _until_read(self, chat_id: str, done: Callable[[Shown], bool],
                          read: Callable[[sqlite3.Connection, str], Shown]) -> Shown:
        sync = self._sync

        async def arrived() -> Shown | None:
            shown = await self._db.read(lambda c: read(c, chat_id))
            return shown if done(shown) else None

        if sync is not None:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(CHANGE_WAIT_S):
                    while True:
                        found = await arrived()
                        if found is not None:
                            return found
                        async with sync.applied:
                            with contextlib.suppress(TimeoutError):
                                await asyncio.wait_for(sync.applied.wait(), 0.2)
            with contextlib.suppress(OmnideskError):
                await sync.refresh_room(chat_id)
        return await self._db.read(lambda c: read(c, chat_id))

    async def take(self, inquiry_id: str) -> ChatSummary:
        self._require_session()
        me = self._principal

        def check(connection: sqlite3.Connection) -> str:
            chat_id = chats.inquiry(connection, inquiry_id).chat_id
            self._checked_place(connection, Action.TAKE, chat_id)
            return chat_id

        chat_id = await self._db.read(check)
        await self._post(requests.TAKE, requests.take_body(inquiry_id), what=_TAKING)
        taken = await self._until(chat_id, lambda s: s.served_by_id == me.id and s.status is ChatStatus.OPEN)
        if self._sync is not None:
            # The chat's history, read once it is the user's: shown as soon as take returns.
            with contextlib.suppress(OmnideskError):
                await self._sync.follow_my_rooms()
        return taken

    async def send_message(self, chat_id: str, text: str) -> Message:
        self._require_session()
        cleaned = validation.message_text(text)
        me = self._principal
        now = self._now()
        written: list[Message] = []

        def write(connection: sqlite3.Connection) -> list[Event]:
            place = self._checked_place(connection, Action.WRITE, chat_id)
            # After everything the user has seen in the chat, whatever this computer's clock says
            # against the server's; once sent it takes the server's time.
            message = Message(id=new_message_id(), chat_id=chat_id, author_kind=AuthorKind.AGENT,
                              author_id=me.id, author_name=me.name, text=cleaned,
                              sent_at=cache.time_after_last_message(connection, chat_id, now), pending=True)
            written.append(message)
            cache.queue_message(connection, message)
            desk_memory.forget_draft(connection, me.id, chat_id)
            return [MessageAdded(message, place)]

        self._publish_all(await self._db.write(write))
        self._sender.wake()
        if self._state.state is ConnectionState.ONLINE:
            # Online, the message is usually on the server within a round trip: wait for that,
            # so what the user does next (and the visitor's answer) comes after it there too.
            # Offline, or slow, it stays pending in the outbox and goes when it can.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._sender.drained(), CHANGE_WAIT_S)
        return written[0]

    async def close_chat(self, chat_id: str, *, comment: str = "", tags: Sequence[str] = ()) -> ChatSummary:
        cleaned_tags = validation.close_tags(tags)
        cleaned_comment = validation.comment_text(comment)
        await self._check(Action.CLOSE, chat_id)
        body = requests.close_body(chat_id, comment=cleaned_comment, tags=cleaned_tags)
        await self._post(requests.CLOSE, body, what=_CLOSING, chat_id=chat_id)
        await self._until(chat_id, lambda s: s.status is ChatStatus.CLOSED)
        if self._sync is not None:
            # The comment is in the chat's livechat-close message, which the room's stream no
            # longer brings: closing ended the user's subscription to it.
            with contextlib.suppress(OmnideskError):
                await self._sync.messages_of(chat_id)
        return await self._db.read(lambda c: chats.chat_summary(c, chat_id))

    async def transfer(self, chat_id: str, *, to_agent_id: str | None = None,
                       to_department_id: str | None = None, comment: str = "") -> ChatSummary:
        if to_agent_id is None and to_department_id is None:
            raise InvalidInput(Refusals.tr("Choose an agent or a department to transfer to."),
                               code="transfer-target-missing")
        cleaned_comment = validation.comment_text(comment)
        before = await self._check(Action.TRANSFER, chat_id)
        named = await self._db.read(
            lambda c: self._transfer_targets(c, before, to_agent_id, to_department_id))
        await self._post(requests.FORWARD, requests.forward_body(
            chat_id, to_agent_id=to_agent_id, to_department_id=to_department_id, comment=cleaned_comment),
            what=_TRANSFERRING, named=named, chat_id=chat_id)
        if to_department_id is not None:
            # Manual_Selection puts it back in the department's queue (auto-assignment: to an agent).
            return await self._until(chat_id, lambda s: s.department_id == to_department_id)
        return await self._until(chat_id, lambda s: s.served_by_id == to_agent_id)

    def _transfer_targets(self, connection: sqlite3.Connection, place: ChatPlace, to_agent_id: str | None,
                          to_department_id: str | None) -> Named:
        """The transfer's targets as this computer knows them, by name (an unknown one is refused
        here: Rocket.Chat would say an unknown agent is offline)."""
        agent = department = ""
        if to_agent_id is not None:
            if to_agent_id == place.served_by_id:
                raise Refused(Refusals.tr("The chat is already served by that agent."),
                              code="transfer-same-agent")
            try:
                agent = organisation.agent(connection, to_agent_id).name
            except NotFound:
                raise NotFound(Refusals.tr("That agent does not exist."), code="agent-unknown") from None
        if to_department_id is not None:
            found = next((d for d in organisation.departments(connection) if d.id == to_department_id), None)
            if found is None:
                raise NotFound(Refusals.tr("That department does not exist."), code="department-unknown")
            department = found.name
        return Named(me=self._principal.name, agent=agent, department=department)

    async def put_on_hold(self, chat_id: str) -> ChatSummary:
        await self._check(Action.HOLD, chat_id)
        await self._post(requests.ON_HOLD, requests.on_hold_body(chat_id), what=_HOLDING, chat_id=chat_id)
        return await self._until(chat_id, lambda s: s.status is ChatStatus.ON_HOLD)

    async def resume(self, chat_id: str) -> ChatSummary:
        await self._check(Action.RESUME, chat_id)
        await self._post(requests.RESUME, requests.resume_body(chat_id), what=_RESUMING, chat_id=chat_id)
        return await self._until(chat_id, lambda s: s.status is ChatStatus.OPEN)

    async def update_chat_info(self, chat_id: str, *, topic: str, tags: Sequence[str],
                               priority: Priority) -> Chat:
        cleaned_tags = validation.close_tags(tags)
        cleaned_topic = validation.topic_text(topic)
        await self._check(Action.EDIT_INFO, chat_id)
        current = await self._db.read(lambda c: chats.chat(c, chat_id))
        # Rocket.Chat names priorities by their record's id, which the cache does not hold yet:
        # the priority is left as the server has it.
        body = requests.save_info_body(chat_id, current.visitor_id, topic=cleaned_topic, tags=cleaned_tags,
                                       priority_id=None)
        await self._post(requests.SAVE_INFO, body, what=_SAVING_INFO, chat_id=chat_id)

        def saved(chat: Chat) -> bool:
            return (chat.topic, tuple(chat.tags)) == (cleaned_topic, cleaned_tags)

        return await self._until_read(chat_id, saved, chats.chat)

    async def set_availability(self, availability: Availability) -> Agent:
        self._require_session()
        me = self._principal
        policy.require_agent(me)
        answer = await self._post(requests.AGENT_STATUS, requests.agent_status_body(availability),
                                  what=_AVAILABILITY)
        # The server answers the status it now has (the same one, when it had it already).
        said = answer.get("status")
        now = Availability(said) if said in {a.value for a in Availability} else availability
        await self._db.write(lambda c: _set_agent(c, me.id, availability=now))
        return await self._db.read(lambda c: organisation.agent(c, me.id))

    async def set_status(self, status: AgentStatus) -> Agent:
        self._require_session()
        me = self._principal
        policy.require_agent(me)
        if status is AgentStatus.OFFLINE:
            raise InvalidInput(Refusals.tr("Sign out to go offline."), code="status-offline")
        await self._post(requests.USER_STATUS, requests.user_status_body(status), what=_STATUS)
        await self._db.write(lambda c: _set_agent(c, me.id, status=status))
        return await self._db.read(lambda c: organisation.agent(c, me.id))

    # -- administration (app.backends.contract.Administration, OffersConfiguration) ---------
    # The logic is in app.backends.rocketchat.administration, loaded for admins only.

    def _administration(self) -> ServerAdministration:
        if self._admin is None:
            from app.backends.rocketchat.administration import ServerAdministration  # noqa: PLC0415

            self._admin = ServerAdministration(rest=self._session.rest, db=self._db,
                                               principal=lambda: self._principal, now=self._now,
                                               require_session=self._require_session)
        return self._admin

    def configuration_offer(self) -> ConfigurationOffer:
        return self._administration().offer

    async def configuration(self) -> list[Record]:
        return await self._administration().configuration()

    async def apply_change(self, change: Change) -> ChangeOutcome:
        return await self._administration().apply_change(change)

    async def audit(self, *, limit: int = 500) -> list[AuditEntry]:
        """The changes applied from this computer (a server keeps no history Omnidesk can read)."""
        return await self._administration().audit(limit)

    def confirm_identity(self, method: str, secret: str) -> None:
        self._administration().confirm_identity(method, secret)

    async def what_if(self, edited: Sequence[Record], day: date) -> WhatIf:
        raise not_on_server("Comparing pending changes with today's traffic")

    # -- files (app.backends.rocketchat.files, uploads) ------------------------------------

    async def send_file(self, chat_id: str, path: Path) -> Message:
        """Rocket.Chat's two-step upload (app.backends.rocketchat.uploads); only while connected:
        files are not queued like messages."""
        await self._check(Action.WRITE, chat_id)
        limits = await self.file_limits()
        refusal = disabled(limits, visitor=False)
        if refusal is not None:
            raise refusal
        if self._state.state is not ConnectionState.ONLINE:
            raise Offline(f"{path.name} was not sent: files go only while connected to "
                          f"{self._session.rest.host}, and nothing waits to send them.", code="offline")
        try:
            sent = await uploads.send_file(self._session.rest, self._files, chat_id, path, limits,
                                           arrived=self._file_arrived)
        except ServerRefused as refused:
            raise server_refusal(refused, "sending the file") from refused
        if self._sync is not None:
            await self._sync.keep_messages([sent])
        return sent

    async def _file_arrived(self, file_id: str) -> Message | None:
        """The message carrying the server's file `file_id`, once the room's stream brought it."""
        stored_id = stored_file_id(file_id)

        def find(connection: sqlite3.Connection) -> Message | None:
            if stored_id is not None:
                with contextlib.suppress(NotFound):
                    return messages.attachment_by_id(connection, stored_id)[1]
            return None

        sync = self._sync
        if sync is not None and self._state.state is ConnectionState.ONLINE:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(CHANGE_WAIT_S):
                    while (found := await self._db.read(find)) is None:
                        async with sync.applied:
                            with contextlib.suppress(TimeoutError):
                                await asyncio.wait_for(sync.applied.wait(), 0.2)
                    return found
        return await self._db.read(find)

    async def file_limits(self) -> FileLimits:
        """The server's FileUpload settings as last read (with the organisation), kept in the cache."""
        return await self._db.read(uploads.kept_limits)

    def _visible_attachment(self, connection: sqlite3.Connection, message_id: str) -> Attachment:
        found = messages.message_by_id(connection, message_id)
        self._require_visible(connection, found.chat_id)
        if found.attachment is None:
            raise NotFound("This message carries no file.", code="file-unknown")
        return found.attachment

    async def save_attachment(self, message_id: str, destination: Path) -> None:
        attachment = await self._db.read(lambda c: self._visible_attachment(c, message_id))
        if not await asyncio.to_thread(self._files.cache.has, attachment.id):
            self._require_session()
        await self._files.save(attachment, destination)

    async def attachment_data(self, message_id: str, *, max_bytes: int) -> bytes:
        attachment = await self._db.read(lambda c: self._visible_attachment(c, message_id))
        if not await asyncio.to_thread(self._files.cache.has, attachment.id):
            self._require_session()
        return await self._files.data(attachment, max_bytes=max_bytes)

    # -- what a Rocket.Chat server does not do here yet ------------------------------------

    async def add_note(self, chat_id: str, text: str) -> Message:
        raise not_on_server("Internal notes")

    async def canned_responses(self) -> list[CannedResponse]:
        return []

    async def save_canned_response(self, shortcut: str, text: str, *, response_id: str | None = None
                                   ) -> CannedResponse:
        raise not_on_server("Canned responses")

    async def delete_canned_response(self, response_id: str) -> None:
        raise not_on_server("Canned responses")


def _set_agent(connection: sqlite3.Connection, agent_id: str, *, availability: Availability | None = None,
               status: AgentStatus | None = None) -> None:
    if availability is not None:
        connection.execute("UPDATE users SET availability = ? WHERE id = ?", (availability.value, agent_id))
    if status is not None:
        connection.execute("UPDATE users SET status = ? WHERE id = ?", (status.value, agent_id))
