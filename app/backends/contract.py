"""The one interface through which the UI does everything, whatever serves it.

The embedded engine and a remote Rocket.Chat server both implement `Backend`. Every call is
answered for the signed-in user (`me()`): their role, departments and units decide what they see
and may do. Failures raise `app.errors.OmnideskError` subclasses whose message is for the user.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from typing import Protocol

from app.backends.events import Event
from app.domain import (
    Agent,
    Availability,
    CannedResponse,
    Chat,
    ChatSummary,
    Contact,
    Department,
    Inquiry,
    Message,
    MessagePage,
    Principal,
    Priority,
    SearchHit,
)


class EventStream(Protocol):
    """Events for one subscriber, in the order they happened, from the moment of subscribing."""

    def __aiter__(self) -> AsyncIterator[Event]: ...

    async def __anext__(self) -> Event: ...

    def pending(self) -> int:
        """How many events have arrived and wait to be read."""
        ...

    def close(self) -> None:
        """Stop receiving; a pending `__anext__` ends with StopAsyncIteration."""
        ...


class Backend(Protocol):
    # -- who am I --------------------------------------------------------------------------
    async def me(self) -> Principal: ...

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
        """Hand the chat over; a department target wins over an agent, as in Rocket.Chat."""
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

    async def save_canned_response(
        self, shortcut: str, text: str, *, response_id: str | None = None
    ) -> CannedResponse:
        """Create (or, with `response_id`, change) one of the user's own canned responses."""
        ...

    async def delete_canned_response(self, response_id: str) -> None: ...

    # -- events ----------------------------------------------------------------------------
    def events(self) -> EventStream:
        """Subscribe to the events visible to the user."""
        ...

    async def aclose(self) -> None:
        """Sign out: end event streams and release what the backend holds for this user."""
        ...
