"""How the organisation is arranged: departments and the units that group them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Department:
    id: str
    name: str
    enabled: bool
    unit_id: str | None
    business_hours_id: str | None
    # Caps each agent's chats inside this department; None means no department cap.
    max_chats_per_agent: int | None
    fallback_department_id: str | None


@dataclass(frozen=True, slots=True)
class Unit:
    id: str
    name: str
    department_ids: tuple[str, ...]
    monitor_ids: tuple[str, ...]
