"""The one interface through which the UI does everything, whatever serves it.

The embedded engine and a remote Rocket.Chat server both implement `SignIn` and `Backend`. Every
call is answered for the signed-in user (`me()`): what they see and may do is decided by
`app.policy` (a remote server decides by the same rules on its side). Ids are opaque strings.

Failures raise `app.errors.OmnideskError` subclasses whose message is for the user; a remote
backend also raises `Offline` (the server cannot be reached: nothing changed), `SessionExpired`
(sign in again) and, from `SignIn.sign_in`, `BadCredentials` and `TwoFactorRequired`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from app.backends.events import Event
from app.config import AuditEntry, Change, ChangeOutcome, Record
from app.domain import (
    Agent,
    AgentStatus,
    Availability,
    CannedResponse,
    Chat,
    ChatPlace,
    ChatSummary,
    Contact,
    ContactDraft,
    ContactEvent,
    ContactPage,
    ContactQuery,
    Department,
    FileLimits,
    Inquiry,
    Message,
    MessagePage,
    Person,
    Principal,
    Priority,
    QueuePlace,
    SavedContact,
    SearchHit,
    Unit,
    UnitDay,
    UnitOverview,
    Verification,
    VisitorContext,
    WhatIf,
)
from app.policy import Action

if TYPE_CHECKING:
    from app.config.offer import ConfigurationOffer


class EventStream(Protocol):
    """Events for one subscriber, in the order they happened, from the moment the subscription
    was live (`Backend.events` returned). After a gap (a reconnect), a `Resynced` event says
    that some may have been missed: reload what is shown. `ConnectionChanged` tells the link's
    state as it changes."""

    def __aiter__(self) -> AsyncIterator[Event]: ...

    async def __anext__(self) -> Event: ...

    def pending(self) -> int:
        """How many events have arrived and wait to be read."""
        ...

    def close(self) -> None:
        """Stop receiving; a pending `__anext__` ends with StopAsyncIteration."""
        ...


class SignIn(Protocol):
    """Who can sign in, and signing in. Signing out is `Backend.aclose()`."""

    async def organisation_name(self) -> str: ...

    async def accounts(self) -> list[Person]:
        """The people one may sign in as here (the embedded desk: everyone; a server: the
        accounts saved on this machine)."""
        ...

    async def sign_in(self, username: str, *, password: str = "", code: str = "") -> Backend:
        """A backend answering for `username`. `code` answers a TwoFactorRequired."""
        ...


class Backend(Protocol):
    # -- who am I --------------------------------------------------------------------------
    async def me(self) -> Principal: ...

    def capabilities(self, place: ChatPlace | None = None) -> frozenset[Action]:
        """What the user may do to the chat at `place` now, or (None) at the desk (take from the
        queue, set availability): the actions a UI offers. Answered from what is known locally,
        by the same policy the commands check."""
        ...

    # -- queries ---------------------------------------------------------------------------
    async def departments(self) -> list[Department]:
        """Every department of the organisation: names are shown wherever a chat went."""
        ...

    async def agents(self) -> list[Agent]:
        """Agents of the departments the user can see, with their presence."""
        ...

    async def queue(self) -> list[Inquiry]:
        """Inquiries waiting in the user's departments (and the public queue), oldest first."""
        ...

    async def queue_places(self) -> dict[str, QueuePlace]:
        """Where each inquiry of `queue()` stands in its department's line and its estimated
        wait, by inquiry id: routing's numbers, the ones the visitor's widget shows. An inquiry
        routing does not hold in a line (it is leaving) is missing."""
        ...

    async def my_chats(self) -> list[ChatSummary]:
        """Open and on-hold chats the user serves."""
        ...

    async def chat(self, chat_id: str) -> Chat: ...

    async def messages(self, chat_id: str, *, before: str | None = None, limit: int = 500) -> MessagePage:
        """Up to `limit` of the chat's messages, oldest first: the newest, or with `before` (an
        earlier page's `older` cursor) those just before that page. The page's `older` is None
        when it starts the chat. A cursor that is not from this chat raises InvalidInput."""
        ...

    async def contact(self, contact_id: str) -> Contact: ...

    async def contact_history(self, contact_id: str, *, text: str = "") -> list[ChatSummary]:
        """The contact's chats across channels, newest first; only those matching `text` if given."""
        ...

    async def visitor_context(self, chat_id: str) -> VisitorContext:
        """What is known of the chat's visitor: pages visited, browser, department, their
        contact's custom fields (for anyone who may view the chat)."""
        ...

    async def search(self, text: str, *, limit: int = 50) -> list[SearchHit]:
        """Messages matching every word of `text` in chats the user can see, best first."""
        ...

    async def tags(self) -> list[str]:
        """The organisation's tags, to choose from when closing or describing a chat."""
        ...

    async def canned_responses(self) -> list[CannedResponse]:
        """The user's own canned responses and those of their departments."""
        ...

    # -- commands --------------------------------------------------------------------------
    async def take(self, inquiry_id: str) -> ChatSummary: ...

    async def send_message(self, chat_id: str, text: str) -> Message: ...

    async def send_file(self, chat_id: str, path: Path) -> Message:
        """Send the file at `path` (one the user chose on this computer) to the chat as a file
        message (Rocket.Chat's upload): allowed as send_message is (Action.WRITE, checked again
        where it applies); refused as the organisation's `file_limits` say: InvalidInput
        'error-size-not-allowed' or 'error-type-not-allowed', Refused
        'error-file-upload-disabled'. The file is read off the caller's thread; its name is
        kept as a label only."""
        ...

    async def file_limits(self) -> FileLimits:
        """Which files may be sent (Rocket.Chat's FileUpload settings): what to offer and say
        before sending; `send_file` checks them again."""
        ...

    async def save_attachment(self, message_id: str, destination: Path) -> None:
        """Copy the file a message carries to `destination` (chosen by the user), whole or not at
        all; for anyone who may view the chat. Never opened or run."""
        ...

    async def attachment_data(self, message_id: str, *, max_bytes: int) -> bytes:
        """The bytes of the file a message carries (to preview a picture), for anyone who may view
        the chat; Refused ('file-too-large-to-show') past `max_bytes`."""
        ...

    async def add_note(self, chat_id: str, text: str) -> Message:
        """Write an internal note (AuthorKind.NOTE) in the chat's history: staff who see the
        chat read it, the visitor never does. Action.NOTE: the serving agent, a monitor of the
        chat's unit, an admin."""
        ...

    async def close_chat(
        self, chat_id: str, *, comment: str = "", tags: Sequence[str] = ()
    ) -> ChatSummary: ...

    async def transfer(
        self,
        chat_id: str,
        *,
        to_agent_id: str | None = None,
        to_department_id: str | None = None,
        comment: str = "",
    ) -> ChatSummary:
        """Hand the chat over; a department target wins over an agent, as in Rocket.Chat. A chat
        on hold must be resumed first (Rocket.Chat refuses with 'error-room-onHold')."""
        ...

    async def update_chat_info(
        self, chat_id: str, *, topic: str, tags: Sequence[str], priority: Priority
    ) -> Chat:
        """Change what the chat is about: its topic, tags and priority."""
        ...

    async def put_on_hold(self, chat_id: str) -> ChatSummary:
        """Pause a chat: it stops counting towards the agent's limit until resumed."""
        ...

    async def resume(self, chat_id: str) -> ChatSummary:
        """Take a chat off hold; refused when the agent is at their limit."""
        ...

    async def set_availability(self, availability: Availability) -> Agent: ...

    async def set_status(self, status: AgentStatus) -> Agent:
        """Set one's presence (Rocket.Chat's user status): ONLINE or AWAY. Away agents get chats
        only when the organisation routes to away agents (Livechat_enabled_when_agent_idle);
        OFFLINE is signing out."""
        ...

    async def save_canned_response(
        self, shortcut: str, text: str, *, response_id: str | None = None
    ) -> CannedResponse:
        """Create (or, with `response_id`, change) one of the user's own canned responses."""
        ...

    async def delete_canned_response(self, response_id: str) -> None: ...

    # -- events ----------------------------------------------------------------------------
    async def events(self) -> EventStream:
        """Subscribe to the events visible to the user; returns once the subscription is live
        (a server has confirmed it), so nothing that happens afterwards is missed."""
        ...

    async def aclose(self) -> None:
        """Sign out: end event streams and release what the backend holds for this user."""
        ...


@runtime_checkable
class Reconnectable(Protocol):
    """Offered by a backend whose link to a server can drop: while it waits to try again
    (ConnectionChanged OFFLINE with a `retry_at`), the user may ask it to try now."""

    async def reconnect_now(self) -> None:
        """Try the link again at once rather than at the next scheduled attempt; what happens is
        told by ConnectionChanged events, as for any attempt."""
        ...


@runtime_checkable
class DeskMemory(Protocol):
    """What the signed-in user's desk remembers across restarts and crashes, kept by whatever
    serves it (the embedded desk's database; a remote backend's local cache): the reply being
    written in each chat, how far each chat was read, the waiting inquiries already announced.
    Everything is the user's own; another user sees none of it."""

    async def drafts(self) -> dict[str, str]:
        """The user's unsent replies, by chat id, in the chats they serve now."""
        ...

    async def save_draft(self, chat_id: str, text: str) -> None:
        """Keep `text` as the user's reply in progress in the chat (blank text: forget it).
        NotAllowed unless the user serves the chat (open or on hold); forgetting always works."""
        ...

    async def unread_counts(self) -> dict[str, int]:
        """Visitor messages the user has not seen, by chat id, in the chats they serve now (all
        of a chat they never opened); chats with none are left out."""
        ...

    async def mark_read(self, chat_id: str, message_id: str) -> None:
        """The user has seen the chat (one they may see) up to the message `message_id`."""
        ...

    async def announced(self, inquiry_ids: Sequence[str]) -> set[str]:
        """Which of these waiting inquiries the user was already told about."""
        ...

    async def mark_announced(self, inquiry_ids: Sequence[str]) -> None:
        """The user was told about these inquiries: not to be announced as new again."""
        ...


class Contacts(Protocol):
    """The Contact Center: every contact the user may see, across channels (Rocket.Chat 7.x's
    contacts). Offered when `Backend.capabilities()` holds `Action.VIEW_CONTACTS`; what one may
    do to a contact is `contact_capabilities`, checked again where each change applies."""

    async def contacts_page(self, query: ContactQuery) -> ContactPage:
        """One page of the visible contacts matching `query.text`, sorted as asked, with how many
        match in all."""
        ...

    async def contact_log(self, contact_id: str) -> list[ContactEvent]:
        """The contact's own history (created, edited, verified, merged, conflicts settled),
        newest first. A merged contact's id answers for the contact it became."""
        ...

    def contact_capabilities(self, contact: Contact) -> frozenset[Action]:
        """What the user may do to a contact they see (Action.EDIT_CONTACT)."""
        ...

    async def verify_channel(self, chat_id: str, field: str, value: str) -> Verification:
        """The chat's visitor proved `field` ('email' or 'phone') `value`: their channel is
        verified, the contact is no longer unknown, and every other contact holding the same
        verified channel is merged into it, in one transaction (Rocket.Chat's
        verifyContactChannel + mergeContacts). NotAllowed when one of those is a contact the
        user cannot see. Returns the contact as it is now and the ids merged into it."""
        ...

    async def resolve_conflict(self, contact_id: str, field: str, value: str) -> Contact:
        """Settle `field` ('name', 'manager', 'customFields.<name>') on `value`, one of the
        values shown (the current one or a conflicting one); recorded in the contact's log."""
        ...

    async def save_contact(self, draft: ContactDraft, *, contact_id: str | None = None,
                           based_on: Contact | None = None) -> SavedContact:
        """Create (or, with `contact_id`, change) a contact, validated (InvalidInput naming the
        field; values it already held are not checked again); the answer lists visible contacts
        holding one of its emails or phones as a verified channel: duplicates to offer merging.
        `based_on` is the contact as the editor saw it: Refused ('contact-changed') when it has
        been edited, verified or merged since, so no one's change is overwritten unseen."""
        ...

    async def merge_contacts(self, into_id: str, source_ids: Sequence[str]) -> Contact:
        """Merge the contacts `source_ids` into `into_id` (fields folded with conflicts kept,
        channels and chats moved, merged ids leading to `into_id` from now on). Only contacts
        holding one of its emails or phones as a verified channel (the duplicates a save finds);
        Refused ('merge-not-duplicate') otherwise. Merging what is already merged changes
        nothing."""
        ...


class Supervision(Protocol):
    """What monitors (for their units) and admins (for every unit) watch and do beyond an
    agent's desk. Offered when `Backend.capabilities()` holds `Action.SUPERVISE`."""

    async def supervised_units(self) -> list[Unit]:
        """The units the user watches: a monitor's own, every unit for an admin."""
        ...

    async def unit_overview(self, unit_id: str) -> UnitOverview:
        """The unit now: queues per department, agents and their load, chats in progress.
        NotAllowed for a unit the user does not supervise."""
        ...

    async def unit_day(self, unit_id: str, day: date) -> UnitDay:
        """The unit's figures hour by hour over `day` (UTC)."""
        ...

    async def assign(self, inquiry_id: str, agent_id: str) -> ChatSummary:
        """Give a waiting inquiry to an agent of its department (Rocket.Chat's
        livechat/inquiries.take with a userId): refused when the agent cannot take it."""
        ...


class Administration(Protocol):
    """The organisation's configuration as records, changed one `Change` at a time. Offered
    when `Backend.capabilities()` holds `Action.CONFIGURE`; which kinds and records one may
    change is `app.policy`'s to say, checked again where each change applies."""

    async def configuration(self) -> list[Record]:
        """Every record the user may edit, at its current version."""
        ...

    async def apply_change(self, change: Change) -> ChangeOutcome:
        """Apply one change, atomically and at most once per `change.change_id` (a change id
        already applied answers `Applied` again). `Conflicted` when the record moved on in a
        field the change also sets; InvalidInput (a message naming the problem) when the
        organisation would break a rule; NotAllowed; Offline (nothing happened)."""
        ...

    async def audit(self, *, limit: int = 500) -> list[AuditEntry]:
        """Applied changes, newest first."""
        ...

    async def what_if(self, edited: Sequence[Record], day: date) -> WhatIf:
        """`day`'s traffic replayed with `edited` in place of the records of the same kind and
        id (the others as they are), beside the replay with the current configuration."""
        ...


@runtime_checkable
class OffersConfiguration(Protocol):
    """Offered by an `Administration` that can change only part of what the schemas hold (a
    Rocket.Chat server): the admin views show only what it offers. Without it, everything is."""

    def configuration_offer(self) -> ConfigurationOffer: ...


@runtime_checkable
class ConfirmsIdentity(Protocol):
    """Offered by an `Administration` whose server may ask the admin to prove who they are before
    a change (Rocket.Chat asks a second factor, or the password, before it changes a setting):
    `apply_change` then raises TwoFactorRequired, nothing having happened."""

    def confirm_identity(self, method: str, secret: str) -> None:
        """The admin's answer to a TwoFactorRequired (`method` as it said): sent with the next
        change the server asks it for, held in memory only, never written anywhere."""
        ...
