"""The embedded engine: the organisation's desk on this machine, shared by everyone signed in.

It owns the event bus and the routing engine; each signed-in user talks to it through their own
`EmbeddedBackend`. The visitor side (sample data today, the Livechat intake later) enters here.

Every change that routing cares about runs as one *command*: the routing engine decides (in
memory), then the store saves the command's own writes, the decisions and the routing state they
changed (routing_state.save_changes), then the events go out. Commands run one at a time, in the
order they came, but not a transaction each: the commands that came while one batch was saved
make the next batch, run on the database's writer thread in one transaction (each command in a
savepoint, checked on the store as the commands before it left it), so a burst of a thousand
visitors arriving costs a few commits and thread hops, not a thousand of each. If a save fails,
the routing engine is rebuilt from the store, so the two never drift apart.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import uuid
import weakref
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TypeVar

from app.backends import validation
from app.backends.bus import EventBus
from app.backends.embedded.apply import Request, Say, apply_decisions
from app.backends.embedded.backend import EmbeddedBackend
from app.backends.embedded.routing_state import build_routing, read_snapshot
from app.backends.embedded.visitors import VisitorDesk
from app.backends.events import Event, InquiryQueued, InquiryRemoved, InquiryRemovedReason, MessageAdded
from app.backends.refusals import Refusals
from app.clock import Clock
from app.domain import (
    AgentStatus,
    Attachment,
    AuthorKind,
    Chat,
    ChatStatus,
    Inquiry,
    Message,
    Person,
    Priority,
    Visitor,
)
from app.errors import OmnideskError, Refused
from app.routing.decisions import Decision, ErrorCode, Outcome
from app.routing.engine import RoutingEngine
from app.store import (
    Database,
    chats,
    configuration,
    contacts,
    desk_memory,
    messages,
    organisation,
    supervision,
)
from app.store.files import FileStore
from app.store.paths import attachments_dir

log = logging.getLogger(__name__)
T = TypeVar("T")

# The longest a timer sleep lasts before the schedule is looked at again.
_MAX_TIMER_SLEEP_S = 60.0
# The most commands saved in one transaction: enough to share a commit and a thread hop among
# many, few enough that the first of a batch is told (its events out) within some tens of
# milliseconds in a burst (a visitor's new chat costs about a millisecond to write).
_BATCH = 50


@dataclass(eq=False)
class _Command:
    """A command waiting in the engine's lane, then what running it gave."""

    decide: Callable[[RoutingEngine], list[Decision]]
    request: Request
    before: Callable[[sqlite3.Connection], list[Event]] | None
    refuse_on: Callable[[list[Decision]], None] | None
    authorize: Callable[[sqlite3.Connection], None] | None
    reorganised: Callable[[], bool] | None
    done: asyncio.Future[list[Decision]]
    made: list[Decision] = field(default_factory=list)  # the timers' that fell due, then its own
    events: list[Event] = field(default_factory=list)
    failure: BaseException | None = None  # raised to whoever asked, once the batch is saved


class EmbeddedEngine:
    def __init__(
        self,
        database: Database,
        clock: Clock,
        *,
        new_id: Callable[[], str] = lambda: uuid.uuid4().hex,
        run_timers: bool = True,
        say: Say = str,
    ) -> None:
        self.database = database
        self.clock = clock
        self.bus = EventBus()
        self.new_id = new_id
        # The language of what the desk writes into chats' histories: English unless the app
        # that runs the engine says phrases in its user's language (ui.i18n.say).
        self.say = say
        self._routing: RoutingEngine | None = None
        # Held while routing changes (a batch of commands) or is read, and while it is rebuilt.
        self._lock = asyncio.Lock()
        self._commands: deque[_Command] = deque()
        self._running_commands: asyncio.Task[None] | None = None
        self._run_timers = run_timers
        self._timer_task: asyncio.Task[None] | None = None
        self._schedule_changed = asyncio.Event()
        self._names: dict[str, str] = {}
        self._signed_in: weakref.WeakSet[EmbeddedBackend] = weakref.WeakSet()
        self.visitors = VisitorDesk(self)
        # Files sent in chats, kept beside the database.
        self.files = FileStore(attachments_dir(database.path.parent))

    # -- signing in (app.backends.contract.SignIn) ------------------------------------------

    async def organisation_name(self) -> str:
        name = await self.database.read(lambda c: organisation.setting(c, "organisation_name"))
        return name or "Your organisation"

    async def accounts(self) -> list[Person]:
        """Everyone who can sign in on this machine: admins first, then monitors, then agents.
        The embedded desk trusts the person at the keyboard: no password."""
        return await self.database.read(organisation.people)

    async def sign_in(self, username: str, *, password: str = "", code: str = "") -> EmbeddedBackend:
        """A backend answering for `username`; an agent comes online by signing in."""
        del password, code  # one machine, one trusted user: nothing to check
        person = await self.database.read(lambda c: organisation.person_by_username(c, username))
        principal = await self.database.read(lambda c: organisation.principal(c, person.id))
        if principal.is_agent:
            chosen = await self.database.read(lambda c: organisation.chosen_status(c, person.id))
            await self.set_presence(person.id, chosen)
        backend = EmbeddedBackend(self, principal)
        self._signed_in.add(backend)
        return backend

    async def organisation_changed(self) -> None:
        """Someone's departments, units or permissions changed: everyone signed in gets their new
        scope (queries and events alike) and a Resynced event to reload what they show."""
        async with self._lock:
            await self._organisation_changed_locked()

    async def _organisation_changed_locked(self) -> None:
        self._names = await self.database.read(organisation.names)
        # Routing learns the new memberships and limits from the store on next use.
        self._routing = None
        for backend in tuple(self._signed_in):
            await backend.refresh()

    def signed_in_elsewhere(self, backend: EmbeddedBackend) -> bool:
        """Whether the person of `backend` has another session open on this desk."""
        return any(other is not backend and not other.closed and other.user_id == backend.user_id
                   for other in tuple(self._signed_in))

    def names(self) -> dict[str, str]:
        return dict(self._names)

    async def set_presence(self, user_id: str, status: AgentStatus) -> None:
        await self.command(lambda routing: routing.set_agent(user_id, status=status))

    def publish(self, event: Event) -> None:
        self.bus.publish(event)

    # -- commands --------------------------------------------------------------------------

    async def routing(self) -> RoutingEngine:
        """The routing engine, built from the store on first use. Commands change it on the
        database's writer thread: read it with `read_routing`, between them."""
        async with self._lock:
            return await self._ensure_routing()

    async def read_routing(self, read: Callable[[RoutingEngine], T]) -> T:
        """`read` of the routing engine as it stands between two batches of commands."""
        async with self._lock:
            return read(await self._ensure_routing())

    async def command(
        self,
        decide: Callable[[RoutingEngine], list[Decision]],
        *,
        request: Request | None = None,
        before: Callable[[sqlite3.Connection], list[Event]] | None = None,
        refuse_on: Callable[[list[Decision]], None] | None = None,
        authorize: Callable[[sqlite3.Connection], None] | None = None,
        reorganised: Callable[[], bool] | None = None,
    ) -> list[Decision]:
        """Decide with the routing engine, then save `before`'s writes and the decisions at once.
        Returns every decision made: the timers' that fell due first, then the command's.

        Commands run in the order asked, each in its turn of the engine's lane, where `authorize`,
        `decide`, `refuse_on` and `before` run on the database's writer thread (plain functions
        of the store and routing: they must not touch the event loop). Returns once saved.

        `authorize` runs first, in the command's turn, on the store as the commands before it left
        it: an OmnideskError from it refuses the command before anything is decided (a check
        made before the turn could be stale by the time the change applies).
        `refuse_on` may raise an OmnideskError after deciding: the command's own writes are then
        skipped and the error raised once the rest is saved. `reorganised`, asked after the
        write, says whether it changed the organisation: then routing and every signed-in user
        learn it before the next command runs (such a command runs alone in its batch).
        """
        command = _Command(decide, request or Request(), before, refuse_on, authorize, reorganised,
                           asyncio.get_running_loop().create_future())
        self._commands.append(command)
        if self._running_commands is None:
            self._running_commands = asyncio.ensure_future(self._run_commands())
        return await command.done

    async def _run_commands(self) -> None:
        """Run the waiting commands, in the order they came, a batch at a time."""
        try:
            while self._commands:
                batch = self._next_batch()
                if batch:
                    async with self._lock:
                        await self._run_batch(batch)
        finally:
            self._running_commands = None
            if self._commands:  # came while the last batch was told (or it failed): go on
                self._running_commands = asyncio.ensure_future(self._run_commands())

    def _next_batch(self) -> list[_Command]:
        """The commands waiting, oldest first, up to _BATCH; one that may reorganise goes alone
        (everyone learns the new organisation before the next command runs). Those whose asker
        gave up (cancelled) before they ran are dropped, as before they took the lock."""
        batch: list[_Command] = []
        while self._commands and len(batch) < _BATCH:
            command = self._commands[0]
            if command.done.done():
                self._commands.popleft()
                continue
            if command.reorganised is not None and batch:
                break
            batch.append(self._commands.popleft())
            if command.reorganised is not None:
                break
        return batch

    async def _run_batch(self, batch: list[_Command]) -> None:
        try:
            routing = await self._ensure_routing()
            left = await self.database.write(lambda connection: self._apply(connection, routing, batch))
        except BaseException as error:
            # Nothing of the batch was saved (or routing could not be built): routing's memory
            # may hold what the batch decided, so it is rebuilt from the store on next use.
            self._routing = None
            for command in batch:
                _settle(command, error)
            if not isinstance(error, Exception):
                raise
            return
        if left:
            # A command's writes failed after it had decided: routing is rebuilt before the
            # ones after it run (in the next batch), as when a save failed before.
            self._routing = None
            self._commands.extendleft(reversed(left))
        ran = [command for command in batch if command not in left]
        for command in ran:
            if command.reorganised is not None and command.failure is None and command.reorganised():
                await self._organisation_changed_locked()
        for command in ran:
            for event in command.events:
                self.publish(event)
        self._schedule_changed.set()
        for command in ran:
            _settle(command, command.failure)

    def _apply(self, connection: sqlite3.Connection, routing: RoutingEngine,
               batch: list[_Command]) -> list[_Command]:
        """On the writer thread, inside the batch's transaction: each command as `command` says,
        in order, each in a savepoint. Returns the commands not run, those after one whose
        writes failed once it had decided."""
        for index, command in enumerate(batch):
            # Timers due by now fire first, as routing's own acts, and are kept even if the
            # command is refused: an auto-transfer may have just moved the very chat it is about.
            due = routing.advance()
            command.made = list(due)
            command.events = self._decided(connection, routing, due, Request()) if due else []
            connection.execute("SAVEPOINT command")
            try:
                if command.authorize is not None:
                    command.authorize(connection)
                decisions = command.decide(routing)
            except Exception as error:  # refused before deciding: routing and the store as they were
                connection.execute("ROLLBACK TO command")
                connection.execute("RELEASE command")
                command.failure = error
                continue
            refused: OmnideskError | None = None
            if command.refuse_on is not None:
                try:
                    command.refuse_on(decisions)
                except OmnideskError as error:
                    # A refusal changed nothing in routing: the command's own writes are skipped.
                    refused = error
            try:
                own = command.before(connection) if command.before is not None and refused is None else []
                events = own + self._decided(connection, routing, decisions, command.request)
            except Exception as error:
                connection.execute("ROLLBACK TO command")
                connection.execute("RELEASE command")
                command.failure = error
                return batch[index + 1:]
            connection.execute("RELEASE command")
            command.made += decisions
            command.events += events
            command.failure = refused
        return []

    def _decided(self, connection: sqlite3.Connection, routing: RoutingEngine, decisions: list[Decision],
                 request: Request) -> list[Event]:
        return apply_decisions(connection, decisions, routing, request, new_id=self.new_id,
                               names=self._names, say=self.say)

    async def _ensure_routing(self) -> RoutingEngine:
        if self._routing is not None:
            return self._routing
        snapshot = await self.database.read(read_snapshot)
        self._names = await self.database.read(organisation.names)
        routing, decisions = build_routing(snapshot, self.clock)
        events = await self.database.write(
            lambda c: apply_decisions(c, decisions, routing, Request(), new_id=self.new_id,
                                      names=self._names, say=self.say)
        )
        self._routing = routing
        for event in events:
            self.publish(event)
        self._start_timers()
        return routing

    # -- timers ----------------------------------------------------------------------------

    async def run_due_timers(self) -> list[Decision]:
        """Fire the routing timers that are due by the clock's time."""
        return await self.command(lambda routing: routing.advance())

    def _start_timers(self) -> None:
        if self._run_timers and self._timer_task is None:
            self._timer_task = asyncio.ensure_future(self._timers())

    async def _timers(self) -> None:
        """Sleep until the next routing timer is due, then fire it; wake early on any change."""
        loop = asyncio.get_running_loop()
        while True:
            self._schedule_changed.clear()
            async with self._lock:  # not while a batch changes it on the writer thread
                routing = self._routing
                due = routing.next_due() if routing is not None else None
            delay = _MAX_TIMER_SLEEP_S
            if due is not None:
                delay = min(delay, max(0.0, (due - self.clock.now()).total_seconds()))
            # A plain Event wait, woken by a change or by the clock: it cancels cleanly on close
            # (wait_for with a timeout did not, under qasync on Python 3.11).
            alarm = loop.call_later(delay, self._schedule_changed.set)
            try:
                await self._schedule_changed.wait()
            finally:
                alarm.cancel()
            if due is not None and due <= self.clock.now():
                try:
                    await self.run_due_timers()
                except Exception:
                    # The timer loop must outlive a failed save; the next command rebuilds routing.
                    log.exception("routing timers failed; retrying at the next change")

    async def aclose(self) -> None:
        if self._timer_task is not None:
            self._timer_task.cancel()
            await asyncio.gather(self._timer_task, return_exceptions=True)
            self._timer_task = None

    # -- the visitor side ------------------------------------------------------------------

    async def open_chat(
        self,
        *,
        visitor_id: str,
        text: str | None,
        department_id: str | None = None,
        priority: Priority = Priority.NOT_SPECIFIED,
        sla_minutes: int | None = None,
        always_queue: bool = False,
    ) -> Inquiry:
        """A visitor starts a chat: it is stored (with their first message, if any), then routed.

        Raises Refused ("no-agent-online") when nobody can serve and the waiting queue is off;
        nothing is stored then.
        """
        text = None if text is None else validation.message_text(text)
        if sla_minutes is None and department_id is not None:
            # The department's default SLA (beyond Rocket.Chat, which sets SLAs per room).
            sla_minutes = await self.database.read(
                lambda c: configuration.department_sla_minutes(c, department_id))
        now = self.clock.now()
        chat_id, inquiry_id, first_id = self.new_id(), self.new_id(), self.new_id()
        arrived: list[Inquiry] = []

        def write(connection: sqlite3.Connection) -> list[Event]:
            visitor = contacts.visitor(connection, visitor_id)
            chats.insert_chat(
                connection,
                Chat(
                    id=chat_id,
                    visitor_id=visitor.id,
                    visitor_name=visitor.name,
                    contact_id=visitor.contact_id,
                    channel=visitor.channel,
                    department_id=department_id,
                    status=ChatStatus.QUEUED,
                    served_by_id=None,
                    created_at=now,
                    last_message_at=None,
                    closed_at=None,
                    close_comment="",
                    tags=(),
                    topic="",
                    transfers=(),
                ),
            )
            first = (
                None
                if text is None
                else messages.add_message(
                    connection,
                    chat_id,
                    message_id=first_id,
                    author_kind=AuthorKind.VISITOR,
                    author_id=visitor.id,
                    author_name=visitor.name,
                    text=text,
                    sent_at=now,
                )
            )
            chats.insert_inquiry(
                connection,
                Inquiry(
                    id=inquiry_id,
                    chat_id=chat_id,
                    visitor_id=visitor.id,
                    visitor_name=visitor.name,
                    contact_id=visitor.contact_id,
                    channel=visitor.channel,
                    department_id=department_id,
                    priority=priority,
                    queued_at=now,
                    sla_due_at=None if sla_minutes is None else now + timedelta(minutes=sla_minutes),
                    preview=(text or "")[:messages.INQUIRY_PREVIEW_CHARS],
                ),
            )
            arrived.append(chats.inquiry(connection, inquiry_id))
            place = chats.waiting_place(connection, arrived[0])
            events: list[Event] = [InquiryQueued(arrived[0], place)]
            if first is not None:
                events.append(MessageAdded(first, place))
            return events

        await self.command(
            lambda routing: routing.inquiry(
                chat_id,
                department_id,
                priority=int(priority),
                sla_minutes=sla_minutes,
                always_queue=always_queue,
            ),
            before=write,
            refuse_on=_refuse_rejected,
        )
        return arrived[0]

    async def requeue_waiting(self, chat_id: str, department_id: str, visitor: Visitor) -> None:
        """A waiting chat moves to another department's line."""

        def leave_line(connection: sqlite3.Connection) -> list[Event]:
            inquiry_id = chats.inquiry_for_chat(connection, chat_id)
            if inquiry_id is None:
                return []
            old = chats.inquiry(connection, inquiry_id)
            # Its wait in this line ends; the next line's starts with the inquiry routing writes.
            supervision.end_wait(connection, chat_id, self.clock.now(), None)
            chats.delete_inquiry(connection, inquiry_id)
            return [InquiryRemoved(inquiry_id, chat_id, InquiryRemovedReason.TRANSFERRED,
                                   chats.waiting_place(connection, old))]

        await self.command(
            lambda routing: routing.move_waiting(chat_id, department_id),
            before=leave_line,
            request=Request(
                actor_id=visitor.id,
                actor_name=visitor.name,
                comment="The visitor asked for another department",
            ),
        )

    async def post_visitor_message(
        self, chat_id: str, text: str, *, message_id: str | None = None
    ) -> Message:
        def check(chat: Chat) -> None:
            if chat.status is ChatStatus.CLOSED:
                raise Refused(Refusals.tr("This chat is closed; start a new one."), code="chat-closed")

        return await self.add_message(
            chat_id, text, author_kind=AuthorKind.VISITOR, check=check, message_id=message_id
        )

    async def add_message(
        self,
        chat_id: str,
        text: str,
        *,
        author_kind: AuthorKind,
        check: Callable[[Chat], None],
        author: tuple[str, str] | None = None,
        request: Request | None = None,
        message_id: str | None = None,
        attachment: Attachment | None = None,
    ) -> Message:
        """Store a message after `check` accepts the chat, and tell routing: an agent's message
        answers the chat, a visitor's keeps it alive. `author` is (id, name); the chat's visitor
        when None. `message_id` is the id the sender chose (a fresh one when None): a message
        with that id already stored is refused ("message-duplicate") and nothing changes, so a
        sender that retries with the same id sends exactly once. A message carrying a file
        (`attachment`, already kept in `files`) may have no text."""
        text = validation.caption_text(text) if attachment is not None else validation.message_text(text)
        now = self.clock.now()
        added: list[Message] = []
        chosen = message_id is not None
        the_id = message_id if message_id is not None else self.new_id()
        if chosen and await self.database.read(lambda c: messages.exists(c, the_id)):
            raise _duplicate()

        def write(connection: sqlite3.Connection) -> list[Event]:
            chat = chats.chat(connection, chat_id)  # as authorized: the engine's lock is held
            author_id, author_name = author or (chat.visitor_id, chat.visitor_name)
            message = messages.add_message(
                connection,
                chat_id,
                message_id=the_id,
                author_kind=author_kind,
                author_id=author_id,
                author_name=author_name,
                text=text,
                sent_at=now,
                attachment=attachment,
            )
            added.append(message)
            if author_kind is AuthorKind.AGENT:
                # Sent and no longer a draft in one transaction: a crash between the two must
                # not bring the sent words back into the composer.
                desk_memory.forget_draft(connection, author_id, chat_id)
            if author_kind is AuthorKind.VISITOR and chat.status is ChatStatus.QUEUED:
                # Opened before it was written in (the website widget): the queue shows this.
                chats.fill_preview(connection, chat_id, message.summary[:messages.INQUIRY_PREVIEW_CHARS])
            return [MessageAdded(message, chat.place)]

        def decide(routing: RoutingEngine) -> list[Decision]:
            if chat_id not in routing.chats:
                return routing.advance()
            if author_kind is AuthorKind.AGENT:
                return routing.agent_message(chat_id)
            return routing.visitor_message(chat_id)

        def authorize(connection: sqlite3.Connection) -> None:
            # Refused before routing decides: a refusal then leaves routing's memory as it was.
            check(chats.chat(connection, chat_id))
            if chosen and messages.exists(connection, the_id):
                raise _duplicate()

        await self.command(decide, before=write, request=request, authorize=authorize)
        return added[0]


def _settle(command: _Command, failure: BaseException | None) -> None:
    if command.done.done():  # its asker gave up waiting; the command ran all the same
        return
    if failure is None:
        command.done.set_result(command.made)
    else:
        command.done.set_exception(failure)


def _duplicate() -> Refused:
    return Refused(Refusals.tr("This message was already sent."), code="message-duplicate")


def _refuse_rejected(decisions: list[Decision]) -> None:
    for decision in decisions:
        if decision.outcome is Outcome.REJECTED:
            code = "no-agent-online" if decision.error is ErrorCode.NO_AGENT_ONLINE else "rejected"
            raise Refused(
                Refusals.tr("Nobody can take this chat now: no agent is online and the waiting queue is "
                            "off."),
                code=code,
            )
