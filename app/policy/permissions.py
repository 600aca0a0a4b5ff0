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
