"""What-if: today's traffic replayed with other settings, beside what the current ones give."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ReplayFigures:
    chats: int
    # Waits from arrival to an agent, of the chats that got one.
    wait_p50_s: float | None
    wait_p90_s: float | None
    # Chats that waited in a queue at all (not assigned on arrival).
    queued: int
    # Chats that found nobody (rejected, or still waiting at the end of the day).
    refused: int
    # Chats each agent was given, by agent id.
    per_agent: Mapping[str, int]


@dataclass(frozen=True, slots=True)
class ChatDifference:
    chat_id: str
    visitor_name: str
    before: str  # "Ana after 0:42", "queued 3 min, then Bo", "refused"
    after: str


@dataclass(frozen=True, slots=True)
class WhatIf:
    before: ReplayFigures  # the published settings
    after: ReplayFigures  # with the pending edits
    differences: tuple[ChatDifference, ...]
    # What the replay could not model, for the reader ("agents' presence is as it is now").
    caveats: tuple[str, ...] = ()
