"""Who holds which permission on the loopback server: Rocket.Chat's default role grants for the
permissions its Omnichannel routes check (apps/meteor/app/authorization/server/functions/
upsertPermissions.ts), changed per role as an admin does in Administration > Permissions.

Kept apart from app.policy's own table on purpose: the server under test decides by its own
grants, so a desk that believed the wrong defaults would be caught.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

_MANAGERS = ("livechat-manager", "livechat-monitor", "admin")
_EVERY_OMNICHANNEL_ROLE = (*_MANAGERS, "livechat-agent")

DEFAULT_GRANTS: dict[str, tuple[str, ...]] = {
    "view-l-room": _EVERY_OMNICHANNEL_ROLE,
    "view-livechat-rooms": _MANAGERS,
    "view-livechat-queue": _EVERY_OMNICHANNEL_ROLE,
    "close-livechat-room": _EVERY_OMNICHANNEL_ROLE,
    "close-others-livechat-room": _MANAGERS,
    "on-hold-livechat-room": _EVERY_OMNICHANNEL_ROLE,
    "on-hold-others-livechat-room": _MANAGERS,
    "transfer-livechat-guest": _MANAGERS,
    "save-others-livechat-room-info": ("livechat-manager", "livechat-monitor"),
    "manage-livechat-agents": _MANAGERS,
    "manage-livechat-departments": _MANAGERS,
    "edit-livechat-room-customfields": _EVERY_OMNICHANNEL_ROLE,
}


@dataclass
class Permissions:
    """The server's permission matrix: permission -> the roles granted it."""

    grants: dict[str, tuple[str, ...]] = field(default_factory=lambda: dict(DEFAULT_GRANTS))
    # When each permission last changed, in ms (permissions.listAll's `updatedSince`).
    changed_ms: dict[str, int] = field(default_factory=dict)

    def holds(self, roles: Iterable[str], permission: str) -> bool:
        return bool(set(roles) & set(self.grants.get(permission, ())))

    def grant(self, permission: str, roles: Iterable[str], *, at_ms: int) -> None:
        """What an admin does in Administration > Permissions: `permission` goes to `roles`."""
        self.grants[permission] = tuple(roles)
        self.changed_ms[permission] = at_ms

    def listed(self, since_ms: int | None, iso: Any) -> list[dict[str, Any]]:
        """IPermission records changed after `since_ms` (all of them without one)."""
        return [{"_id": name, "roles": list(roles), "_updatedAt": iso(self.changed_ms.get(name, 0))}
                for name, roles in sorted(self.grants.items())
                if since_ms is None or self.changed_ms.get(name, 0) > since_ms]
