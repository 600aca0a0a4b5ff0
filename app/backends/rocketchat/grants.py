"""The server's permission matrix: which Rocket.Chat roles hold each Omnichannel permission.

Omnidesk's policy (app.policy) decides what to offer from the permissions the user's roles hold,
with Rocket.Chat's defaults unless the organisation granted otherwise (`permission:<name>`
settings). Over a server those grants are the server's own: `GET permissions.listAll` (every
permission with its `roles`) at each organisation read, and `stream-notify-logged`
`permissions-changed` (`[clientAction, permission]`, a removed one as `{_id}`) live, as
Rocket.Chat's web client follows them. They are kept as the same settings in the cache, so the
next start offers what the server allowed last.

Only the four Omnichannel roles map to Omnidesk's roles (principal.py): a permission the server
grants to a custom role only is not seen here, and the server still refuses what it must.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping

from app.backends.rocketchat.payloads.fields import Fields
from app.policy import Permission
from app.policy.permissions import SETTING_PREFIX
from app.store import organisation

PERMISSIONS = "permissions.listAll"
LOGGED_STREAM = "stream-notify-logged"
PERMISSIONS_CHANGED = "permissions-changed"

KNOWN = frozenset(permission.value for permission in Permission)


def read_permission(fields: Fields) -> tuple[str, frozenset[str]] | None:
    """(name, roles) of one of the permissions Omnidesk decides by; None for any other."""
    name = fields.text("_id")
    if name not in KNOWN:
        return None
    return name, frozenset(fields.texts("roles"))


def read_matrix(answer: object) -> dict[str, frozenset[str]]:
    """The grants `permissions.listAll` lists (`update`); those it says were removed hold no role."""
    listed = Fields(answer, kind="permissions", endpoint=PERMISSIONS)
    grants: dict[str, frozenset[str]] = {}
    for fields in listed.objs("update"):
        read = read_permission(fields)
        if read is not None:
            grants[read[0]] = read[1]
    for fields in listed.objs("remove"):
        name = fields.text("_id")
        if name in KNOWN and name not in grants:
            grants[name] = frozenset()
    return grants


def keep_grants(connection: sqlite3.Connection, grants: Mapping[str, frozenset[str]]) -> bool:
    """Keep the server's grants as the policy reads them; whether any changed."""
    before = organisation.settings(connection)
    changed = False
    for name, roles in grants.items():
        value = ",".join(sorted(roles))
        if before.get(SETTING_PREFIX + name) != value:
            organisation.set_setting(connection, SETTING_PREFIX + name, value)
            changed = True
    return changed
