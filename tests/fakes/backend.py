"""`Backend` for one user signed in to a `FakeDesk`: queries and commands over its memory.

Each request first makes its trip to the server (`FakeDesk.hop`, where other requests may overtake
it), then checks and changes the desk's state without awaiting anything: a check can never be
stale by the time its change applies, as inside the embedded engine's lock. Every decision about
who sees or may do what is `app.policy`'s.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from app import policy
from app.backends import validation
from app.backends.bus import Subscription
from app.backends.events import (
    AgentStatusChanged,
    ChatAssigned,
    ChatClosed,
    ChatHoldChanged,
    ChatInfoChanged,
    ChatUnassigned,
    ConnectionChanged,
    ConnectionState,
    Event,
    InquiryQueued,
    InquiryRemoved,
    InquiryRemovedReason,
    MessageAdded,
    Resynced,
    listener,
)
from app.backends.wording import info_changes
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
    Department,
    FileLimits,
    Inquiry,
    Message,
    MessagePage,
    Principal,
    Priority,
    QueuePlace,
    SearchHit,
    Transfer,
    VisitorContext,
)
from app.domain.message import MAX_MESSAGE_CHARS
from app.errors import InvalidInput, NotAllowed, NotFound, Refused
from app.policy import Action
from app.routing.decisions import ErrorCode
from tests.fakes.messages import snippet, words

if TYPE_CHECKING:
    from tests.fakes.desk import AgentRecord, ChatRecord, FakeDesk

_ACTIVE = (ChatStatus.OPEN, ChatStatus.ON_HOLD)
_DRAFT_CHARS = 4 * MAX_MESSAGE_CHARS


class FakeBackend:
    def __init__(self, desk: FakeDesk, principal: Principal) -> None:
        self._desk = desk
        self._me = principal
        self._hears = listener(principal)
        self._subscriptions: list[Subscription] = []
        self._offline_reason: str | None = None
        self._closed = False

    @property
    def user_id(self) -> str:
        return self._me.id

    # -- the link (scripted through FakeDesk) ----------------------------------------------

    def link_lost(self, reason: str, retry_at: datetime | None = None) -> None:
        self._offline_reason = reason
        for subscription in self._subscriptions:
            subscription.deliver(ConnectionChanged(ConnectionState.OFFLINE, reason, retry_at))

    def link_restored(self) -> None:
        for subscription in self._subscriptions:
            subscription.deliver(ConnectionChanged(ConnectionState.CONNECTING))
        self._offline_reason = None
        for subscription in self._subscriptions:
            subscription.deliver(ConnectionChanged(ConnectionState.ONLINE))
            subscription.deliver(Resynced("the connection is back"))

    async def reconnect_now(self) -> None:
        """Retry now (app.backends.contract.Reconnectable): the scripted server answers at once
        when `FakeDesk.answers_retry` says it is back."""
        self._desk.retries += 1
        await self._desk.hop()
        if self._desk.answers_retry:
            self._desk.reconnect()

    async def _reach(self) -> None:
        """The request's trip to the server; raises Offline when the link is down."""
        await self._desk.hop()
        if self._offline_reason is not None:
            raise self._desk.offline(self._offline_reason)

    # -- who am I --------------------------------------------------------------------------

    async def me(self) -> Principal:
        return self._me

    def capabilities(self, place: ChatPlace | None = None) -> frozenset[Action]:
        return policy.capabilities(self._me, place)

    # -- queries ---------------------------------------------------------------------------

    async def departments(self) -> list[Department]:
        await self._reach()
        return sorted(self._desk.departments.values(), key=lambda d: d.name)

    async def agents(self) -> list[Agent]:
        await self._reach()
        scope = policy.scope_of(self._me)
        found = [self._desk.agent(agent_id) for agent_id in self._desk.agents]
        return sorted((a for a in found if policy.sees_agent(scope, a)), key=lambda a: a.name)

    async def queue(self) -> list[Inquiry]:
        await self._reach()
        scope = policy.scope_of(self._me)
        waiting = [i for i in self._desk.inquiries.values()
                   if policy.sees_chat(scope, self._desk.waiting_place(i))]
        return sorted(waiting, key=lambda i: (i.queued_at, i.id))

    async def queue_places(self) -> dict[str, QueuePlace]:
        """Places in each department's line, oldest first; a flat two minutes a place."""
        places: dict[str, QueuePlace] = {}
        lines: dict[str | None, int] = {}
        for inquiry in await self.queue():
            lines[inquiry.department_id] = lines.get(inquiry.department_id, 0) + 1
            places[inquiry.id] = QueuePlace(lines[inquiry.department_id], 120 * lines[inquiry.department_id])
        return places

    async def my_chats(self) -> list[ChatSummary]:
        await self._reach()
        mine = [c for c in self._desk.chats.values() if c.served_by_id == self._me.id and c.status in _ACTIVE]
        return [self._desk.summary(c) for c in sorted(mine, key=lambda c: (c.created_at, c.id))]

    def _sees(self, chat: ChatRecord) -> bool:
        serves = self._desk.serves_contact(self._me.id, chat.visitor.contact_id)
        return policy.sees_chat(policy.scope_of(self._me), self._desk.place(chat), serves_contact=serves)

    def _require_visible(self, chat: ChatRecord) -> ChatPlace:
        place = self._desk.place(chat)
        policy.check(self._me, Action.VIEW, place,
                     serves_contact=self._desk.serves_contact(self._me.id, chat.visitor.contact_id))
        return place

    async def chat(self, chat_id: str) -> Chat:
        await self._reach()
        chat = self._desk.chat_record(chat_id)
        self._require_visible(chat)
        return self._desk.view(chat)

    async def visitor_context(self, chat_id: str) -> VisitorContext:
        """The fake desk knows no browser: the chat's department and nothing else."""
        await self._reach()
        chat = self._desk.chat_record(chat_id)
        self._require_visible(chat)
        return VisitorContext(department_id=chat.department_id)

    async def messages(self, chat_id: str, *, before: str | None = None, limit: int = 500) -> MessagePage:
        await self._reach()
        chat = self._desk.chat_record(chat_id)
        self._require_visible(chat)
        return self._desk.messages.page(chat.id, before=before, limit=limit)

    def _visible_chats_of(self, contact_id: str) -> list[ChatRecord]:
        self._desk.contact(contact_id)  # NotFound for a contact that does not exist
        chats = [c for c in self._desk.chats.values() if c.visitor.contact_id == contact_id and self._sees(c)]
        if not chats:
            raise NotAllowed("This contact has no chat you can see.")
        return chats

    async def contact(self, contact_id: str) -> Contact:
        await self._reach()
        self._visible_chats_of(contact_id)
        return self._desk.contact(contact_id)

    async def contact_history(self, contact_id: str, *, text: str = "") -> list[ChatSummary]:
        await self._reach()
        chats = self._visible_chats_of(contact_id)
        if text.strip():
            wanted = words(text)
            chats = [c for c in chats if wanted and self._desk.messages.matching([c.id], wanted)]
        chats.sort(key=lambda c: c.id)
        chats.sort(key=lambda c: c.closed_at or c.created_at, reverse=True)
        return [self._desk.summary(c) for c in chats]

    async def search(self, text: str, *, limit: int = 50) -> list[SearchHit]:
        await self._reach()
        wanted = words(text)
        if not wanted:
            return []
        visible = {c.id: c for c in self._desk.chats.values() if self._sees(c)}
        found = [m for m in self._desk.messages.matching(visible, wanted)
                 if m.author_kind is not AuthorKind.SYSTEM][:limit]
        return [SearchHit(m, visible[m.chat_id].visitor.name, snippet(m.text, wanted),
                          visible[m.chat_id].status) for m in found]

    async def tags(self) -> list[str]:
        await self._reach()
        return self._desk.tags()

    async def canned_responses(self) -> list[CannedResponse]:
        await self._reach()
        mine = [r for r in self._desk.canned.values()
                if r.owner_id == self._me.id or r.department_id in self._me.department_ids]
        return sorted(mine, key=lambda r: (r.shortcut, r.owner_id is None, r.department_id or ""))

    # -- commands --------------------------------------------------------------------------
    # After `_reach` nothing awaits: each command checks and applies in one step.

    def _checked(self, chat_id: str, action: Action) -> tuple[ChatRecord, ChatPlace]:
        chat = self._desk.chat_record(chat_id)
        place = self._desk.place(chat)
        policy.check(self._me, action, place)
        return chat, place

    async def take(self, inquiry_id: str) -> ChatSummary:
        await self._reach()
        desk, me = self._desk, self._me
        inquiry = desk.inquiries.get(inquiry_id)
        if inquiry is None:
            raise NotFound("This inquiry is no longer in the queue: someone else has taken it or it "
                           "closed.", code="inquiry-gone")
        waited = desk.waiting_place(inquiry)
        policy.check(me, Action.TAKE, waited)
        refused = desk.refusal_for(desk.agents[me.id], inquiry.department_id)
        if refused is not None:
            raise desk.refused(*refused, about=me.name)
        del desk.inquiries[inquiry_id]
        chat = desk.chats[inquiry.chat_id]
        chat.status, chat.served_by_id, chat.priority = ChatStatus.OPEN, me.id, inquiry.priority
        removed = InquiryRemoved(inquiry.id, chat.id, InquiryRemovedReason.TAKEN, waited)
        joined = desk.note(chat, me, f"{me.name} joined the chat.")
        desk.publish(removed, joined, ChatAssigned(desk.summary(chat), previous_agent_id=None))
        return desk.summary(chat)

    async def send_message(self, chat_id: str, text: str) -> Message:
        text = validation.message_text(text)
        await self._reach()
        chat, place = self._checked(chat_id, Action.WRITE)
        message = self._desk.messages.add(chat.id, author_kind=AuthorKind.AGENT, author_id=self._me.id,
                                          author_name=self._me.name, text=text, at=self._desk.clock.now())
        self._desk.drafts.pop((self._me.id, chat.id), None)  # sent: no longer in progress
        self._desk.publish(MessageAdded(message, place))
        return message

    async def send_file(self, chat_id: str, path: Path) -> Message:
        from app.files.accept import accept, disabled, too_large
        from app.files.names import display_name

        await self._reach()
        chat, place = self._checked(chat_id, Action.WRITE)
        limits = self._desk.file_limits
        refused = disabled(limits, visitor=False)
        if refused is not None:
            raise refused
        data = await asyncio.to_thread(path.read_bytes)
        if len(data) > limits.max_bytes:
            raise too_large(limits)
        accepted = accept(path, name=path.name, declared="", limits=limits)
        attachment = Attachment(id=f"{len(self._desk.files) + 1:032x}", name=display_name(path.name),
                                media_type=accepted.media_type, size=len(data), width=accepted.width,
                                height=accepted.height)
        self._desk.files[attachment.id] = data
        message = self._desk.messages.add(chat.id, author_kind=AuthorKind.AGENT, author_id=self._me.id,
                                          author_name=self._me.name, text="", at=self._desk.clock.now(),
                                          attachment=attachment)
        self._desk.publish(MessageAdded(message, place))
        return message

    async def file_limits(self) -> FileLimits:
        await self._reach()
        return self._desk.file_limits

    def _visible_file(self, message_id: str) -> bytes:
        found = next((m for chat_id in self._desk.chats for m in self._desk.messages.of(chat_id)
                      if m.id == message_id), None)
        if found is None or found.attachment is None:
            raise NotFound("This message carries no file.", code="file-unknown")
        self._require_visible(self._desk.chat_record(found.chat_id))
        return self._desk.files[found.attachment.id]

    async def save_attachment(self, message_id: str, destination: Path) -> None:
        await self._reach()
        await asyncio.to_thread(destination.write_bytes, self._visible_file(message_id))

    async def attachment_data(self, message_id: str, *, max_bytes: int) -> bytes:
        await self._reach()
        data = self._visible_file(message_id)
        if len(data) > max_bytes:
            raise Refused("This file is too large to show here; save it to open it.",
                          code="file-too-large-to-show")
        return data

    # -- what the desk remembers (app.backends.contract.DeskMemory) -------------------------

    def _serving_now(self, chat_id: str) -> bool:
        chat = self._desk.chats.get(chat_id)
        return chat is not None and chat.served_by_id == self._me.id and chat.status in _ACTIVE

    async def drafts(self) -> dict[str, str]:
        await self._reach()
        return {chat_id: text for (user_id, chat_id), text in self._desk.drafts.items()
                if user_id == self._me.id and self._serving_now(chat_id)}

    async def save_draft(self, chat_id: str, text: str) -> None:
        if len(text) > _DRAFT_CHARS:
            raise InvalidInput("This reply is too long to keep.", code="draft-too-long")
        await self._reach()
        if not text.strip():
            self._desk.drafts.pop((self._me.id, chat_id), None)
            return
        if not self._serving_now(chat_id):
            raise NotAllowed("Only the agent serving an open chat keeps a reply in progress in it.",
                             code="draft-not-yours")
        self._desk.drafts[(self._me.id, chat_id)] = text

    async def unread_counts(self) -> dict[str, int]:
        await self._reach()
        counts: dict[str, int] = {}
        for chat in self._desk.chats.values():
            if not self._serving_now(chat.id):
                continue
            log = self._desk.messages.of(chat.id)
            seen = self._desk.read_positions.get((self._me.id, chat.id))
            after = next((n + 1 for n, m in enumerate(log) if m.id == seen), 0)
            unread = sum(1 for m in log[after:] if m.author_kind is AuthorKind.VISITOR)
            if unread:
                counts[chat.id] = unread
        return counts

    async def mark_read(self, chat_id: str, message_id: str) -> None:
        await self._reach()
        self._require_visible(self._desk.chat_record(chat_id))
        order = [m.id for m in self._desk.messages.of(chat_id)]
        if message_id not in order:
            return
        key = (self._me.id, chat_id)
        seen = self._desk.read_positions.get(key)
        if seen is None or order.index(seen) < order.index(message_id):  # never moves back
            self._desk.read_positions[key] = message_id

    async def announced(self, inquiry_ids: Sequence[str]) -> set[str]:
        await self._reach()
        return {i for i in inquiry_ids if (self._me.id, i) in self._desk.announced}

    async def mark_announced(self, inquiry_ids: Sequence[str]) -> None:
        await self._reach()
        self._desk.announced.update((self._me.id, i) for i in inquiry_ids if i in self._desk.inquiries)

    async def add_note(self, chat_id: str, text: str) -> Message:
        text = validation.message_text(text)
        await self._reach()
        chat, place = self._checked(chat_id, Action.NOTE)
        message = self._desk.messages.add(chat.id, author_kind=AuthorKind.NOTE, author_id=self._me.id,
                                          author_name=self._me.name, text=text, at=self._desk.clock.now())
        self._desk.publish(MessageAdded(message, place))
        return message

    async def close_chat(
        self, chat_id: str, *, comment: str = "", tags: Sequence[str] = ()
    ) -> ChatSummary:
        cleaned_tags, cleaned_comment = validation.close_tags(tags), validation.comment_text(comment)
        await self._reach()
        desk, me = self._desk, self._me
        chat, _ = self._checked(chat_id, Action.CLOSE)
        validation.require_known_tags(cleaned_tags, desk.tags())
        said = desk.note(chat, me, f"{me.name} closed the chat"
                         + (f": {cleaned_comment}" if cleaned_comment else "."))
        chat.status, chat.closed_at = ChatStatus.CLOSED, desk.clock.now()
        chat.close_comment, chat.tags = cleaned_comment, cleaned_tags
        desk.publish(said, ChatClosed(desk.summary(chat)))
        return desk.summary(chat)

    async def transfer(
        self,
        chat_id: str,
        *,
        to_agent_id: str | None = None,
        to_department_id: str | None = None,
        comment: str = "",
    ) -> ChatSummary:
        if to_agent_id is None and to_department_id is None:
            raise InvalidInput("Choose an agent or a department to transfer to.",
                               code="transfer-target-missing")
        cleaned = validation.comment_text(comment)
        await self._reach()
        chat, _ = self._checked(chat_id, Action.TRANSFER)
        # Rocket.Chat's RoutingManager.transferRoom: a department (its agent named, if one is),
        # else the agent alone.
        if to_department_id is not None:
            if to_agent_id is not None:
                self._check_member(chat, to_agent_id, to_department_id)
            return self._return_to_queue(chat, to_department_id, cleaned)
        assert to_agent_id is not None
        return self._hand_to_agent(chat, to_agent_id, cleaned)

    def _target(self, chat: ChatRecord, agent_id: str) -> AgentRecord:
        """The agent a chat is transferred to, who must be online and available."""
        desk = self._desk
        if agent_id == chat.served_by_id:
            raise Refused("The chat is already served by that agent.", code="transfer-same-agent")
        target = desk.agents.get(agent_id)
        if target is None:
            raise NotFound("That agent does not exist.", code="agent-unknown")
        if not desk.takes_chats(target):
            raise desk.refused(ErrorCode.USER_OFFLINE, f"{target.id} is {target.status.value} and "
                               f"{desk.availability_of(target).value}", about=target.person.name)
        return target

    def _check_member(self, chat: ChatRecord, agent_id: str, department_id: str) -> None:
        target = self._target(chat, agent_id)
        if department_id not in target.department_ids:
            raise self._desk.refused(ErrorCode.USER_NOT_IN_DEPARTMENT,
                                     f"{target.id} is not in {department_id}", about=target.person.name)

    def _hand_to_agent(self, chat: ChatRecord, agent_id: str, comment: str) -> ChatSummary:
        """Any department's agent may receive it; only their own or the global limit applies."""
        desk, me = self._desk, self._me
        target = self._target(chat, agent_id)
        refused = desk.limit_refusal(target, None)
        if refused is not None:
            error, why = refused
            raise desk.refused(error, why, about=target.person.name)
        previous = chat.served_by_id
        chat.served_by_id = target.id
        chat.transfers.append(Transfer(desk.clock.now(), me.id, previous, target.id, None, comment))
        said = desk.note(chat, me, f"{me.name} transferred the chat to {target.person.name}"
                         + (f": {comment}" if comment else "."))
        desk.publish(said, ChatAssigned(desk.summary(chat), previous_agent_id=previous))
        return desk.summary(chat)

    def _return_to_queue(self, chat: ChatRecord, department_id: str, comment: str) -> ChatSummary:
        desk, me = self._desk, self._me
        department = desk.departments.get(department_id)
        if department is None or not department.enabled:
            raise NotFound("That department does not exist or is disabled.", code="department-unknown")
        # Manual selection, as the contract desk routes: the chat waits in the department's queue
        # whether or not anyone there is online (Rocket.Chat's unassignAgent).
        line = department.id
        previous, was = chat.served_by_id, desk.place(chat)
        chat.transfers.append(Transfer(desk.clock.now(), me.id, previous, None, line, comment))
        chat.status, chat.served_by_id, chat.department_id = ChatStatus.QUEUED, None, line
        said = desk.note(chat, me, f"{me.name} returned the chat to {desk.departments[line].name}"
                         + (f": {comment}" if comment else "."))
        last = desk.messages.last(chat.id)
        inquiry = desk.queue_chat(chat, preview=comment or (last.text if last else ""))
        events: list[Event] = [said]
        if previous is not None:
            events.append(ChatUnassigned(chat.id, previous, desk.place(chat), was))
        events.append(InquiryQueued(inquiry, desk.waiting_place(inquiry)))
        desk.publish(*events)
        return desk.summary(chat)

    async def update_chat_info(
        self, chat_id: str, *, topic: str, tags: Sequence[str], priority: Priority
    ) -> Chat:
        cleaned_tags, cleaned_topic = validation.close_tags(tags), validation.topic_text(topic)
        await self._reach()
        desk, me = self._desk, self._me
        chat, _ = self._checked(chat_id, Action.EDIT_INFO)
        validation.require_known_tags(cleaned_tags, desk.tags())
        before = desk.view(chat)
        chat.topic, chat.tags, chat.priority = cleaned_topic, cleaned_tags, priority
        changed = info_changes(before, desk.view(chat))
        if changed:
            desk.publish(desk.note(chat, me, f"{me.name} {changed}."), ChatInfoChanged(desk.view(chat)))
        return desk.view(chat)

    async def put_on_hold(self, chat_id: str) -> ChatSummary:
        await self._reach()
        desk, me = self._desk, self._me
        chat, _ = self._checked(chat_id, Action.HOLD)
        chat.status = ChatStatus.ON_HOLD
        said = desk.note(chat, me, f"The chat is on hold: {me.name} put it on hold.")
        desk.publish(said, ChatHoldChanged(desk.summary(chat)))
        return desk.summary(chat)

    async def resume(self, chat_id: str) -> ChatSummary:
        await self._reach()
        desk, me = self._desk, self._me
        chat, _ = self._checked(chat_id, Action.RESUME)
        agent = desk.agents[chat.served_by_id or ""]
        if desk.limit_refusal(agent, chat.department_id) is not None:
            raise desk.refused(ErrorCode.CHAT_LIMIT,
                               f"{agent.id} is at their limit; close a chat before resuming",
                               about=agent.person.name)
        chat.status = ChatStatus.OPEN
        said = desk.note(chat, me, "The chat was resumed.")
        desk.publish(said, ChatHoldChanged(desk.summary(chat)))
        return desk.summary(chat)

    async def set_availability(self, availability: Availability) -> Agent:
        policy.require_agent(self._me)
        await self._reach()
        desk, me = self._desk, self._me
        agent = desk.agents[me.id]
        if availability is Availability.AVAILABLE and not desk.hours_open_for(agent):
            raise desk.refused(ErrorCode.BUSINESS_HOURS_CLOSED,
                               f"business hours are closed for {me.id}'s departments", about=me.name)
        agent.availability = availability
        desk.publish(AgentStatusChanged(desk.agent(me.id)))
        return desk.agent(me.id)

    async def set_status(self, status: AgentStatus) -> Agent:
        policy.require_agent(self._me)
        if status is AgentStatus.OFFLINE:
            raise InvalidInput("Sign out to go offline.", code="status-offline")
        await self._reach()
        desk, me = self._desk, self._me
        desk.agents[me.id].status = status
        desk.publish(AgentStatusChanged(desk.agent(me.id)))
        return desk.agent(me.id)

    async def save_canned_response(
        self, shortcut: str, text: str, *, response_id: str | None = None
    ) -> CannedResponse:
        me = self._me
        policy.require_agent(me)
        cleaned_shortcut, cleaned_text = validation.canned_shortcut(shortcut), validation.message_text(text)
        await self._reach()
        canned = self._desk.canned
        if response_id is not None and self._canned(response_id).owner_id != me.id:
            raise NotAllowed("You can change only your own canned responses; an admin manages the "
                             "department ones.")
        if any(r.owner_id == me.id and r.shortcut == cleaned_shortcut and r.id != response_id
               for r in canned.values()):
            raise Refused(f"You already have a canned response called !{cleaned_shortcut}.",
                          code="canned-duplicate")
        response = CannedResponse(response_id or self._desk.new_id("canned"), cleaned_shortcut,
                                  cleaned_text, None, me.id)
        canned[response.id] = response
        return response

    async def delete_canned_response(self, response_id: str) -> None:
        await self._reach()
        if self._canned(response_id).owner_id != self._me.id:
            raise NotAllowed("You can delete only your own canned responses.")
        del self._desk.canned[response_id]

    def _canned(self, response_id: str) -> CannedResponse:
        response = self._desk.canned.get(response_id)
        if response is None:
            raise NotFound("That canned response no longer exists.", code="canned-unknown")
        return response

    # -- events ----------------------------------------------------------------------------

    async def events(self) -> Subscription:
        await self._reach()
        subscription = self._desk.bus.subscribe(self._accepts)
        self._subscriptions.append(subscription)
        return subscription

    def _accepts(self, event: Event) -> bool:
        # While the link is down nothing reaches this user: the Resynced on reconnect says so.
        return self._offline_reason is None and self._hears(event)

    async def aclose(self) -> None:
        if self._closed:
            return
        self._closed = True
        for subscription in self._subscriptions:
            subscription.close()
        self._desk.signed_out(self)
