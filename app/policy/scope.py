"""What a principal may see: one rule, as data the store turns into SQL and events check as is.

The rule (Rocket.Chat's, see ../shared/ROCKETCHAT.md §2 and `canAccessRoomLivechat`):
- an admin sees everything;
- an agent sees the chats they serve (open, on hold or closed), and the waiting chats of their
  departments and of the public queue (chats without a department);
- a monitor sees every chat of the departments of their units, plus of the departments they
  serve as an agent (Rocket.Chat's `getUnitsFromUser`); chats without a department are in no
  unit, so a monitor who is not also an agent does not see the public queue;
- contact history: while an agent serves a chat (open or on hold), they also see the contact's
  *closed* chats in any department, as Rocket.Chat's `visitors.chatHistory` lets the agent of a
  room read the visitor's past. Nothing else of another department: no open chat of a colleague,
  no chat of a contact they are not serving now.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.domain import Agent, ChatPlace, ChatStatus, Principal
from app.policy.permissions import Permission


@dataclass(frozen=True, slots=True)
class Scope:
    user_id: str
    everything: bool
    # Waiting chats of these departments (an agent's own departments).
    queue_departments: frozenset[str]
    # Waiting chats without a department.
    public_queue: bool
    # Every chat of these departments, whatever its state (a monitor's).
    room_departments: frozenset[str]
    # Closed chats of the contacts the user serves now.
    contact_history: bool


def scope_of(principal: Principal) -> Scope:
    held = principal.permissions
    rooms: frozenset[str] = frozenset()
    if Permission.VIEW_LIVECHAT_ROOMS in held and principal.is_monitor:
        rooms = principal.unit_department_ids | principal.department_ids
    queue = Permission.VIEW_LIVECHAT_QUEUE in held and principal.is_agent
    return Scope(
        user_id=principal.id,
        everything=principal.is_admin and Permission.VIEW_LIVECHAT_ROOMS in held,
        queue_departments=principal.department_ids if queue else frozenset(),
        public_queue=queue,
        room_departments=rooms,
        contact_history=principal.is_agent,
    )


def supervises(scope: Scope, place: ChatPlace) -> bool:
    """Whether the chat is visible for its department alone (not because one serves it)."""
    return scope.everything or (place.department_id is not None
                                and place.department_id in scope.room_departments)


def sees_chat(scope: Scope, place: ChatPlace, *, serves_contact: bool = False) -> bool:
    """Whether the chat (its messages, its contact) is visible. `serves_contact`: the user serves
    an open or on-hold chat of the same contact now (the contact-history rule)."""
    if scope.everything or place.served_by_id == scope.user_id or supervises(scope, place):
        return True
    if place.status is ChatStatus.QUEUED and waits_in_queue_of(scope, place.department_id):
        return True
    return scope.contact_history and serves_contact and place.status is ChatStatus.CLOSED


def waits_in_queue_of(scope: Scope, department_id: str | None) -> bool:
    if department_id is None:
        return scope.public_queue or scope.everything
    return department_id in scope.queue_departments


def sees_agent(scope: Scope, agent: Agent) -> bool:
    if scope.everything or agent.id == scope.user_id:
        return True
    visible = scope.queue_departments | scope.room_departments
    return any(department in visible for department in agent.department_ids)
