"""Who holds which Omnichannel permission: Rocket.Chat's own permission names and defaults.

Rocket.Chat grants actions through a role -> permission matrix
(`app/authorization/server/functions/upsertPermissions.ts`). Omnidesk keeps the same names and the
same default grants, so a desk behaves as a Rocket.Chat server configured out of the box; an
organisation may change a grant (a setting `permission:<name>` listing role names), exactly as a
Rocket.Chat admin does in Administration > Permissions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum

from app.domain.people import Role


class Permission(StrEnum):
    VIEW_L_ROOM = "view-l-room"
    # Every room, not only one's own (a monitor: the rooms of their units).
    VIEW_LIVECHAT_ROOMS = "view-livechat-rooms"
    VIEW_LIVECHAT_QUEUE = "view-livechat-queue"
    CLOSE_LIVECHAT_ROOM = "close-livechat-room"
    CLOSE_OTHERS_LIVECHAT_ROOM = "close-others-livechat-room"
    ON_HOLD_LIVECHAT_ROOM = "on-hold-livechat-room"
    ON_HOLD_OTHERS_LIVECHAT_ROOM = "on-hold-others-livechat-room"
    TRANSFER_LIVECHAT_GUEST = "transfer-livechat-guest"
    SAVE_OTHERS_LIVECHAT_ROOM_INFO = "save-others-livechat-room-info"
    MANAGE_LIVECHAT_AGENTS = "manage-livechat-agents"
    MANAGE_LIVECHAT_DEPARTMENTS = "manage-livechat-departments"
    # Enterprise Omnichannel's (ee/.../permissions.ts): units, monitors, tags, priorities, SLAs.
    MANAGE_LIVECHAT_UNITS = "manage-livechat-units"
    MANAGE_LIVECHAT_MONITORS = "manage-livechat-monitors"
    MANAGE_LIVECHAT_TAGS = "manage-livechat-tags"
    MANAGE_LIVECHAT_PRIORITIES = "manage-livechat-priorities"
    MANAGE_LIVECHAT_SLA = "manage-livechat-sla"
    # Rocket.Chat's business hours pages are gated by this one (Omnichannel > Business Hours).
    VIEW_LIVECHAT_BUSINESS_HOURS = "view-livechat-business-hours"
    # Shared canned responses: a department's, and everyone's (Rocket.Chat's global scope).
    SAVE_DEPARTMENT_CANNED_RESPONSES = "save-department-canned-responses"
    SAVE_ALL_CANNED_RESPONSES = "save-all-canned-responses"
    # Contacts (Rocket.Chat 7.x's Contact Center).
    VIEW_LIVECHAT_CONTACT = "view-livechat-contact"
    VIEW_LIVECHAT_CONTACT_HISTORY = "view-livechat-contact-history"
    CREATE_LIVECHAT_CONTACT = "create-livechat-contact"
    UPDATE_LIVECHAT_CONTACT = "update-livechat-contact"
    # Routing and website chat are workspace settings (Administration > Settings > Omnichannel).
    EDIT_PRIVILEGED_SETTING = "edit-privileged-setting"


# Rocket.Chat role names. Omnidesk's admin is Rocket.Chat's `admin` together with
# `livechat-manager`: the person who shapes the organisation's Omnichannel.
_RC_ROLES: Mapping[Role, tuple[str, ...]] = {
    Role.AGENT: ("livechat-agent",),
    Role.MONITOR: ("livechat-monitor",),
    Role.ADMIN: ("admin", "livechat-manager"),
}

_MANAGERS = ("livechat-manager", "livechat-monitor", "admin")

# Rocket.Chat's defaults for the permissions above (upsertPermissions.ts, read 2026-11-29).
ROCKETCHAT_DEFAULTS: Mapping[Permission, frozenset[str]] = {
    Permission.VIEW_L_ROOM: frozenset((*_MANAGERS, "livechat-agent")),
    Permission.VIEW_LIVECHAT_ROOMS: frozenset(_MANAGERS),
    Permission.VIEW_LIVECHAT_QUEUE: frozenset((*_MANAGERS, "livechat-agent")),
    Permission.CLOSE_LIVECHAT_ROOM: frozenset((*_MANAGERS, "livechat-agent")),
    Permission.CLOSE_OTHERS_LIVECHAT_ROOM: frozenset(_MANAGERS),
    Permission.ON_HOLD_LIVECHAT_ROOM: frozenset((*_MANAGERS, "livechat-agent")),
    Permission.ON_HOLD_OTHERS_LIVECHAT_ROOM: frozenset(_MANAGERS),
    Permission.TRANSFER_LIVECHAT_GUEST: frozenset(_MANAGERS),
    Permission.SAVE_OTHERS_LIVECHAT_ROOM_INFO: frozenset(("livechat-manager", "livechat-monitor")),
    Permission.MANAGE_LIVECHAT_AGENTS: frozenset(_MANAGERS),
    Permission.MANAGE_LIVECHAT_DEPARTMENTS: frozenset(_MANAGERS),
    Permission.MANAGE_LIVECHAT_UNITS: frozenset(("admin", "livechat-manager")),
    Permission.MANAGE_LIVECHAT_MONITORS: frozenset(("admin", "livechat-manager")),
    Permission.MANAGE_LIVECHAT_TAGS: frozenset(("admin", "livechat-manager")),
    Permission.MANAGE_LIVECHAT_PRIORITIES: frozenset(("admin", "livechat-manager")),
    Permission.MANAGE_LIVECHAT_SLA: frozenset(("admin", "livechat-manager")),
    Permission.VIEW_LIVECHAT_BUSINESS_HOURS: frozenset(_MANAGERS),
    Permission.SAVE_DEPARTMENT_CANNED_RESPONSES: frozenset(_MANAGERS),
    Permission.SAVE_ALL_CANNED_RESPONSES: frozenset(("admin", "livechat-manager")),
    Permission.EDIT_PRIVILEGED_SETTING: frozenset(("admin",)),
    Permission.VIEW_LIVECHAT_CONTACT: frozenset((*_MANAGERS, "livechat-agent")),
    Permission.VIEW_LIVECHAT_CONTACT_HISTORY: frozenset((*_MANAGERS, "livechat-agent")),
    Permission.CREATE_LIVECHAT_CONTACT: frozenset((*_MANAGERS, "livechat-agent")),
    Permission.UPDATE_LIVECHAT_CONTACT: frozenset((*_MANAGERS, "livechat-agent")),
}

SETTING_PREFIX = "permission:"


def rocketchat_roles(roles: Iterable[Role]) -> frozenset[str]:
    return frozenset(name for role in roles for name in _RC_ROLES[role])


def grants_from_settings(settings: Mapping[str, str]) -> dict[Permission, frozenset[str]]:
    """Rocket.Chat's defaults, with the organisation's own grants (`permission:<name>` settings,
    comma-separated Rocket.Chat role names) in their place where set."""
    grants = dict(ROCKETCHAT_DEFAULTS)
    for permission in Permission:
        raw = settings.get(SETTING_PREFIX + permission.value)
        if raw is not None:
            grants[permission] = frozenset(part.strip() for part in raw.split(",") if part.strip())
    return grants


def permissions_of(
    roles: Iterable[Role], grants: Mapping[Permission, frozenset[str]] = ROCKETCHAT_DEFAULTS
) -> frozenset[Permission]:
    held = rocketchat_roles(roles)
    return frozenset(permission for permission, granted in grants.items() if held & granted)
