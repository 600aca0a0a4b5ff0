"""Who may see and change a contact.

Seeing (the rule app.store.contact_list turns into SQL): an admin sees every contact; anyone
else sees a contact through a chat of theirs the scope shows (app.policy.scope: served, waiting
in one's queue, in one's units), or one they created or manage. Changing it needs Rocket.Chat's
'update-livechat-contact' on a contact one sees; creating needs 'create-livechat-contact';
the Contact Center needs 'view-livechat-contact'.
"""

from __future__ import annotations

from app.domain import Principal
from app.errors import NotAllowed
from app.policy.decide import Action
from app.policy.permissions import Permission
from app.policy.words import Policy

_NEEDS = {
    Action.VIEW_CONTACTS: Permission.VIEW_LIVECHAT_CONTACT,
    Action.CREATE_CONTACT: Permission.CREATE_LIVECHAT_CONTACT,
    Action.EDIT_CONTACT: Permission.UPDATE_LIVECHAT_CONTACT,
}

_REFUSALS = {
    Action.VIEW_CONTACTS: Policy.tr("You may not look up contacts: that needs the 'view-livechat-contact' "
                          "permission (ask an admin)."),
    Action.CREATE_CONTACT: Policy.tr("You may not create contacts: that needs the 'create-livechat-contact' "
                           "permission (ask an admin)."),
    Action.EDIT_CONTACT: Policy.tr("You may not change contacts: that needs the 'update-livechat-contact' "
                         "permission (ask an admin)."),
}


def check_contact(principal: Principal, action: Action, *, visible: bool = True) -> None:
    """Raise NotAllowed unless `principal` may do `action` (VIEW_CONTACTS, CREATE_CONTACT,
    EDIT_CONTACT) to a contact that is `visible` to them."""
    needed = _NEEDS.get(action)
    if needed is None:
        raise ValueError(f"{action} is not about contacts")
    if needed not in principal.permissions:
        raise NotAllowed(_REFUSALS[action])
    if not visible:
        raise NotAllowed(Policy.tr("You cannot see this contact: none of its chats is yours, in your "
                         "queue or in a unit you look after."))


def contact_capabilities(principal: Principal, *, visible: bool) -> frozenset[Action]:
    """What the UI offers on a contact."""
    if not visible:
        return frozenset()
    return frozenset(action for action in (Action.EDIT_CONTACT,)
                     if _NEEDS[action] in principal.permissions)


def check_contact_history(principal: Principal) -> None:
    """A contact's chats across channels: Rocket.Chat's 'view-livechat-contact-history'."""
    if Permission.VIEW_LIVECHAT_CONTACT_HISTORY not in principal.permissions:
        raise NotAllowed(Policy.tr("You may not read contacts' past conversations: that needs the "
                         "'view-livechat-contact-history' permission (ask an admin)."))
