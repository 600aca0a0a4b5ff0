"""Which units one supervises, and who may be given a chat: the rules of a monitor's dashboard
(Rocket.Chat's units restriction, and the target checks of `livechat/inquiries.take` with a
`userId`)."""

from __future__ import annotations

from collections.abc import Iterable

from app.domain import Principal
from app.errors import NotAllowed, NotFound, Refused
from app.policy.permissions import Permission
from app.policy.words import Policy


def supervises_unit(principal: Principal, unit_id: str) -> bool:
    """Whether the unit's dashboard is the principal's: a monitor's own units, every unit for an
    admin; both need 'view-livechat-rooms', as for the unit's chats."""
    if Permission.VIEW_LIVECHAT_ROOMS not in principal.permissions:
        return False
    return principal.is_admin or unit_id in principal.unit_ids


def supervised(principal: Principal, unit_ids: Iterable[str]) -> list[str]:
    """The ones of `unit_ids` the principal supervises, in the order given."""
    return [unit_id for unit_id in unit_ids if supervises_unit(principal, unit_id)]


def check_supervises_unit(principal: Principal, unit_id: str) -> None:
    if not supervises_unit(principal, unit_id):
        raise NotAllowed(Policy.tr("You do not look after this unit: only its monitors and admins can see "
                         "it or act in it."))


def check_can_serve(target: Principal) -> None:
    """NotFound when `target` is not an agent; Refused when they may not serve chats (without
    'view-l-room': Rocket.Chat checks it before any take)."""
    if not target.is_agent:
        # As for an id that names nobody: there is no such agent.
        raise NotFound(Policy.tr("{name} is not an agent: only agents can serve chats.").format(
                name=target.name),
                       code="agent-unknown")
    if Permission.VIEW_L_ROOM not in target.permissions:
        raise Refused(Policy.tr("{name} may not serve chats: they do not hold the 'view-l-room' permission "
                                "(ask an admin).").format(name=target.name), code="agent-cannot-serve")
