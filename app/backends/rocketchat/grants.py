"""The server's permission matrix, for the permissions app.policy decides by.

Rocket.Chat's admins change which roles hold a permission (Administration > Permissions): a desk
that assumed Rocket.Chat's defaults would refuse what the server allows (agents allowed to
transfer) and offer what it refuses. `GET permissions.listAll` (app/api/server/v1/permissions.ts)
answers `{update: IPermission[], remove: IPermission[]}`, every permission or, with
`updatedSince`, those changed since. The grants read are kept in the cache as the settings
`permission:<name>` (app.policy.permissions reads them the same way for the embedded desk), and
the newest `_updatedAt` as a mark, so that the next read asks only for what changed.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from app.backends.rocketchat import cache
from app.backends.rocketchat.payloads.fields import Fields
from app.backends.rocketchat.rest import RestClient
from app.backends.rocketchat.wire import ServerRefused
from app.policy import Permission
from app.policy.permissions import SETTING_PREFIX
from app.store import organisation

log = logging.getLogger(__name__)

ENDPOINT = "permissions.listAll"
MARK = "permissions"
_KNOWN = frozenset(permission.value for permission in Permission)


@dataclass(frozen=True, slots=True)
class Grants:
    """Permission name -> the Rocket.Chat roles granted it, for those that changed; `newest` is
    the latest change among them."""

    roles: Mapping[str, tuple[str, ...]]
    newest: datetime | None


async def fetch_grants(rest: RestClient, *, since: datetime | None = None) -> Grants | None:
    """The grants changed since `since` (all of them without one). None when the server does not
    say (a refusal): the cache keeps what it had, Rocket.Chat's defaults at first."""
    params = {} if since is None else {"updatedSince": since.isoformat().replace("+00:00", "Z")}
    try:
        answer = await rest.get(ENDPOINT, params)
    except ServerRefused as refused:
        log.info("the server did not list its permissions (%s): its defaults are assumed", refused.error_id)
        return None
    roles: dict[str, tuple[str, ...]] = {}
    newest: datetime | None = None
    for entry in Fields(answer, kind="answer", endpoint=ENDPOINT).objs("update"):
        name = entry.text("_id")
        changed = entry.date_or_none("_updatedAt")
        if changed is not None and (newest is None or changed > newest):
            newest = changed
        if name in _KNOWN:
            roles[name] = entry.texts("roles")
    return Grants(roles, newest)


def keep_grants(connection: sqlite3.Connection, grants: Grants) -> None:
    for name, roles in grants.roles.items():
        organisation.set_setting(connection, SETTING_PREFIX + name, ",".join(roles))
    if grants.newest is not None:
        cache.mark_update(connection, MARK, grants.newest)


def grants_mark(connection: sqlite3.Connection) -> datetime | None:
    return cache.last_update(connection, MARK)
