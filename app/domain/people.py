"""People who use the desk: agents, monitors, admins, and the principal a request is made for."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    AGENT = "agent"
    MONITOR = "monitor"
    ADMIN = "admin"


class AgentStatus(StrEnum):
    """Presence of the person (Rocket.Chat's user `status`)."""

    ONLINE = "online"
    AWAY = "away"
    OFFLINE = "offline"


class Availability(StrEnum):
    """Whether the agent takes omnichannel chats (Rocket.Chat's `statusLivechat`)."""

    AVAILABLE = "available"
    NOT_AVAILABLE = "not-available"


@dataclass(frozen=True, slots=True)
class Person:
    """Anyone in the organisation, with every role they hold."""

    id: str
    username: str
    name: str
    roles: frozenset[Role]

    @property
    def primary_role(self) -> Role:
        for role in (Role.ADMIN, Role.MONITOR, Role.AGENT):
            if role in self.roles:
                return role
        raise ValueError(f"{self.username} holds no role")


@dataclass(frozen=True, slots=True)
class Agent:
    id: str
    username: str
    name: str
    status: AgentStatus
    availability: Availability
    # None means "use the organisation's limit"; Rocket.Chat treats 0 the same way.
    max_chats: int | None
    department_ids: tuple[str, ...]
    # Open chats (not on hold) the agent serves now: their load.
    open_chats: int = 0

    @property
    def takes_chats(self) -> bool:
        return self.status is not AgentStatus.OFFLINE and self.availability is Availability.AVAILABLE


@dataclass(frozen=True, slots=True)
class Monitor:
    """Someone who oversees units: they see every chat and queue of the units' departments."""

    id: str
    username: str
    name: str
    unit_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Principal:
    """The user a query or command is answered for, with the scope their roles give them.

    `department_ids` are the departments the user serves as an agent; `unit_ids` the units they
    oversee as a monitor; `unit_department_ids` the departments inside those units;
    `permissions` the Rocket.Chat permission names their roles are granted (see app.policy).
    What they may see and do is decided by `app.policy` from these facts alone.
    """

    id: str
    username: str
    name: str
    roles: frozenset[Role]
    department_ids: frozenset[str]
    unit_ids: frozenset[str]
    unit_department_ids: frozenset[str]
    permissions: frozenset[str] = frozenset()

    @property
    def is_admin(self) -> bool:
        return Role.ADMIN in self.roles

    @property
    def is_agent(self) -> bool:
        return Role.AGENT in self.roles

    @property
    def is_monitor(self) -> bool:
        return Role.MONITOR in self.roles
