"""The embedded desk's first frame: an agent's desk read from the store in one snapshot, with the
same queries and the same policy as `EmbeddedBackend` (a test holds them equal)."""

from __future__ import annotations

import sqlite3
from dataclasses import replace

from app import policy
from app.backends.snapshot import DeskSnapshot
from app.domain import Role
from app.errors import NotFound
from app.store import chats, desk_memory, organisation


def read_desk_snapshot(connection: sqlite3.Connection, username: str | None) -> DeskSnapshot | None:
    """The desk `username` (None: the first agent, as the smoke test signs in) sees on signing
    in; None when there is nobody to show it for: an empty organisation (a first run builds it),
    an unknown username (signing in says so) or someone who is not an agent (their first window
    is another)."""
    if organisation.is_empty(connection):
        return None
    if username is None:
        person = next((p for p in organisation.people(connection) if p.primary_role is Role.AGENT), None)
    else:
        try:
            person = organisation.person_by_username(connection, username)
        except NotFound:
            return None
    if person is None or Role.AGENT not in person.roles:
        return None
    principal = organisation.principal(connection, person.id)
    # Signing in puts the agent in the status they chose last (EmbeddedEngine.sign_in).
    agent = replace(organisation.agent(connection, person.id),
                    status=organisation.chosen_status(connection, person.id))
    serving = policy.Action.SET_AVAILABILITY in policy.capabilities(principal)
    return DeskSnapshot(
        principal=principal,
        capabilities=policy.capabilities(principal),
        department_names={d.id: d.name for d in organisation.departments(connection)},
        queue=chats.queued_inquiries(connection, policy.scope_of(principal)),
        my_chats=chats.active_chats_served_by(connection, person.id) if serving else [],
        unread=desk_memory.unread_counts(connection, person.id) if serving else {},
        agent=agent,
    )
