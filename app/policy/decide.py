"""What a principal may do to a chat: checked by every backend inside the lock or transaction
that applies the change, and asked by the UI to decide which actions to offer."""

from __future__ import annotations

from enum import StrEnum

from app.domain import ChatPlace, ChatStatus, Principal
from app.errors import NotAllowed, NotFound, Refused
from app.policy.configure import may_configure, restricted_to_units
from app.policy.permissions import Permission
from app.policy.scope import Scope, scope_of, sees_chat, supervises, waits_in_queue_of
from app.policy.words import Policy
from app.words import Phrase


class Action(StrEnum):
    # What one does at the desk, whatever the chat: take chats from the queue, be available.
    TAKE_FROM_QUEUE = "take-from-queue"
    SET_AVAILABILITY = "set-availability"
    # Watch units (a monitor's, or every unit for an admin) and act on their chats.
    SUPERVISE = "supervise"
    # Change the organisation's configuration (which parts: app.policy.configure).
    CONFIGURE = "configure"
    # What one does to a chat.
    VIEW = "view"
    TAKE = "take"
    WRITE = "write"
    CLOSE = "close"
    TRANSFER = "transfer"
    HOLD = "hold"
    RESUME = "resume"
    EDIT_INFO = "edit-info"
    # Give a waiting inquiry to an agent (a monitor of its unit, an admin).
    ASSIGN = "assign"
    # Mark the chat's channel verified (the visitor proved the address): Rocket.Chat's
    # contact-id verification; the contacts holding the same verified channel become one.
    VERIFY = "verify"
    # Write an internal note in the chat, read by staff only (the serving agent, a monitor of
    # its unit, an admin); never sent to the visitor.
    NOTE = "note"
    # At the desk: open the Contact Center, create contacts.
    VIEW_CONTACTS = "view-contacts"
    CREATE_CONTACT = "create-contact"
    # To a contact one can see (app.policy.contacts): edit it, settle its conflicts, merge
    # other contacts into it.
    EDIT_CONTACT = "edit-contact"


# The permission for one's own chat, and the one for anybody else's chat one can see.
_OWN_AND_OTHERS: dict[Action, tuple[Permission, Permission]] = {
    Action.CLOSE: (Permission.CLOSE_LIVECHAT_ROOM, Permission.CLOSE_OTHERS_LIVECHAT_ROOM),
    Action.HOLD: (Permission.ON_HOLD_LIVECHAT_ROOM, Permission.ON_HOLD_OTHERS_LIVECHAT_ROOM),
    Action.RESUME: (Permission.ON_HOLD_LIVECHAT_ROOM, Permission.ON_HOLD_OTHERS_LIVECHAT_ROOM),
    Action.TRANSFER: (Permission.TRANSFER_LIVECHAT_GUEST, Permission.TRANSFER_LIVECHAT_GUEST),
    Action.EDIT_INFO: (Permission.VIEW_L_ROOM, Permission.SAVE_OTHERS_LIVECHAT_ROOM_INFO),
    Action.VERIFY: (Permission.UPDATE_LIVECHAT_CONTACT, Permission.UPDATE_LIVECHAT_CONTACT),
    Action.NOTE: (Permission.VIEW_L_ROOM, Permission.VIEW_LIVECHAT_ROOMS),
}

_WHO: dict[Action, Phrase] = {
    Action.CLOSE: Policy.tr("Only the agent serving this chat, a monitor of its unit or an admin can close "
                            "it."),
    Action.HOLD: Policy.tr("Only the agent serving this chat, a monitor of its unit or an admin can put it "
                           "on "
                 "hold."),
    Action.RESUME: Policy.tr("Only the agent serving this chat, a monitor of its unit or an admin can resume "
                   "it."),
    Action.TRANSFER: Policy.tr("You may not transfer this chat: transferring needs the "
                     "'transfer-livechat-guest' permission (ask an admin) and a chat you serve or "
                     "supervise."),
    Action.EDIT_INFO: Policy.tr("Only the agent serving this chat or a monitor of its unit can change its "
                      "information."),
    Action.VERIFY: Policy.tr("Only the agent serving this chat, a monitor of its unit or an admin can verify "
                   "its visitor, and only with the 'update-livechat-contact' permission."),
    Action.NOTE: Policy.tr("Only the agent serving this chat, a monitor of its unit or an admin can write a "
                 "note in it."),
}


def check(
    principal: Principal, action: Action, place: ChatPlace, *, serves_contact: bool = False
) -> None:
    """Raise NotAllowed when `principal` may not do `action` to the chat at `place`, or
    Refused/NotFound when they may but the chat's state does not allow it now."""
    scope = scope_of(principal)
    if action is Action.TAKE:
        _check_take(principal, scope, place)
        return
    if not sees_chat(scope, place, serves_contact=serves_contact):
        raise NotAllowed(Policy.tr("You cannot see this chat: it is not yours, and not waiting in a queue "
                         "or a unit you look after."))
    if action in _DESK_ACTIONS or action in _CONTACT_ACTIONS:
        raise ValueError(f"{action} is not about a chat: ask capabilities(principal)")
    if action is Action.VIEW:
        return
    if action is Action.ASSIGN:
        if not (supervises(scope, place) and Permission.VIEW_LIVECHAT_ROOMS in principal.permissions):
            raise NotAllowed(Policy.tr("Only a monitor of this inquiry's unit or an admin can give it to an "
                             "agent."))
        _require_state(place, ChatStatus.QUEUED)
        return
    if action is Action.WRITE:
        if place.served_by_id != principal.id:
            raise NotAllowed(Policy.tr("Only the agent serving this chat can write in it."))
        _require_state(place, ChatStatus.OPEN)
        return
    own, others = _OWN_AND_OTHERS[action]
    mine = place.served_by_id == principal.id
    if not ((mine and own in principal.permissions)
            or (supervises(scope, place) and others in principal.permissions)):
        raise NotAllowed(_WHO[action])
    if action is Action.HOLD:
        _require_state(place, ChatStatus.OPEN)
    elif action is Action.RESUME:
        _require_state(place, ChatStatus.ON_HOLD)
    elif action is Action.TRANSFER:
        # Rocket.Chat refuses to transfer a room on hold ('error-room-onHold' in Livechat's
        # transfer): it is resumed first, so its new agent finds it open.
        _require_state(place, ChatStatus.OPEN)
    elif action in (Action.CLOSE, Action.VERIFY):
        _require_state(place, ChatStatus.OPEN, ChatStatus.ON_HOLD)
    elif action is Action.NOTE:
        # A supervisor may note a waiting inquiry too; nobody writes in a closed chat.
        _require_state(place, ChatStatus.OPEN, ChatStatus.ON_HOLD, ChatStatus.QUEUED)


def allowed(principal: Principal, action: Action, place: ChatPlace) -> bool:
    try:
        check(principal, action, place)
    except (NotAllowed, NotFound, Refused):
        return False
    return True


_DESK_ACTIONS = (Action.TAKE_FROM_QUEUE, Action.SET_AVAILABILITY, Action.SUPERVISE, Action.CONFIGURE,
                 Action.VIEW_CONTACTS, Action.CREATE_CONTACT)
_CONTACT_ACTIONS = (Action.EDIT_CONTACT,)


def capabilities(principal: Principal, place: ChatPlace | None = None) -> frozenset[Action]:
    """Everything `principal` may do to the chat at `place` now, or (None) at the desk: the
    actions a UI offers."""
    if place is None:
        desk = {Action.SET_AVAILABILITY} if principal.is_agent else set()
        if principal.is_agent and Permission.VIEW_LIVECHAT_QUEUE in principal.permissions:
            desk.add(Action.TAKE_FROM_QUEUE)
        if Permission.VIEW_LIVECHAT_ROOMS in principal.permissions and (
                principal.is_admin or principal.unit_ids):
            desk.add(Action.SUPERVISE)
        # The administration window edits a whole configuration; a monitor, restricted to their
        # units' part of it, changes that part through the backend (Rocket.Chat's grants) but
        # is not offered the window yet: it would validate a configuration it sees only in part.
        if may_configure(principal) and not restricted_to_units(principal):
            desk.add(Action.CONFIGURE)
        if Permission.VIEW_LIVECHAT_CONTACT in principal.permissions:
            desk.add(Action.VIEW_CONTACTS)
        if Permission.CREATE_LIVECHAT_CONTACT in principal.permissions:
            desk.add(Action.CREATE_CONTACT)
        return frozenset(desk)
    return frozenset(action for action in Action
                     if action not in _DESK_ACTIONS and action not in _CONTACT_ACTIONS
                     and allowed(principal, action, place))


def _check_take(principal: Principal, scope: Scope, place: ChatPlace) -> None:
    if not principal.is_agent:
        raise NotAllowed(Policy.tr("Only agents can take chats; you are signed in as an admin.")
                         if principal.is_admin else
                         Policy.tr("Only agents can take chats; you are signed in as a monitor."))
    if not waits_in_queue_of(scope, place.department_id):
        raise NotAllowed(Policy.tr("This inquiry is for a department you do not work in."))
    if place.status is not ChatStatus.QUEUED:
        raise NotFound(Policy.tr("This inquiry is no longer in the queue: someone else has taken it or it "
                       "closed."), code="inquiry-gone")


_STATE_REFUSALS = {
    ChatStatus.CLOSED: ("chat-closed", Policy.tr("This chat is closed.")),
    ChatStatus.QUEUED: ("chat-queued", Policy.tr("This chat is still waiting in the queue; take it first.")),
    ChatStatus.ON_HOLD: ("chat-on-hold", Policy.tr("This chat is on hold: resume it first.")),
    ChatStatus.OPEN: ("chat-not-on-hold", Policy.tr("This chat is not on hold.")),
}


def _require_state(place: ChatPlace, *wanted: ChatStatus) -> None:
    if place.status in wanted:
        return
    code, message = _STATE_REFUSALS[place.status]
    raise Refused(message, code=code)


def require_agent(principal: Principal) -> None:
    """For what only agents do for themselves: availability, personal canned responses."""
    if not principal.is_agent:
        raise NotAllowed(Policy.tr("Only agents can do this; you are signed in as an admin.")
                         if principal.is_admin else
                         Policy.tr("Only agents can do this; you are signed in as a monitor."))
