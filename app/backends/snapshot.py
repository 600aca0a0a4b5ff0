"""What a person's desk shows first: the state the store holds when the app starts.

The window paints it before the engine, routing, events and notifications start (they take
longer than the window does to draw), then goes live on the backend and reads it all again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.domain import Agent, ChatSummary, Inquiry, Principal
    from app.policy import Action


@dataclass(frozen=True, slots=True)
class DeskSnapshot:
    """An agent's desk as it stands: what `Backend` would answer once signed in."""

    principal: Principal
    capabilities: frozenset[Action]
    department_names: dict[str, str]
    queue: list[Inquiry]
    my_chats: list[ChatSummary]
    # Unread visitor messages per chat served (DeskMemory.unread_counts).
    unread: dict[str, int]
    # The agent as signing in makes them: their availability, and the status they chose last.
    agent: Agent
