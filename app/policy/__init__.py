"""Who may see and do what: the one authorization policy of Omnidesk.

Pure functions of (principal, action, target). Backends call them inside the lock or transaction
that applies a change; the store turns `Scope` into SQL; event filters and the UI ask the same
functions. No other module decides visibility or permission.
"""

from app.policy.configure import (
    check_change,
    configurable_kinds,
    may_change_record,
    may_configure,
    restricted_to_units,
)
from app.policy.contacts import check_contact, check_contact_history, contact_capabilities
from app.policy.decide import Action, allowed, capabilities, check, require_agent
from app.policy.permissions import (
    ROCKETCHAT_DEFAULTS,
    Permission,
    grants_from_settings,
    permissions_of,
)
from app.policy.scope import Scope, scope_of, sees_agent, sees_chat, supervises, waits_in_queue_of
from app.policy.units import check_can_serve, check_supervises_unit, supervised, supervises_unit

__all__ = [
    "ROCKETCHAT_DEFAULTS",
    "Action",
    "Permission",
    "Scope",
    "allowed",
    "capabilities",
    "check",
    "check_can_serve",
    "check_change",
    "check_contact",
    "check_contact_history",
    "check_supervises_unit",
    "configurable_kinds",
    "contact_capabilities",
    "grants_from_settings",
    "may_change_record",
    "may_configure",
    "permissions_of",
    "require_agent",
    "restricted_to_units",
    "scope_of",
    "sees_agent",
    "sees_chat",
    "supervised",
    "supervises",
    "supervises_unit",
    "waits_in_queue_of",
]
