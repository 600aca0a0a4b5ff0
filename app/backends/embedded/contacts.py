"""The Contact Center on the embedded engine (app.backends.contract.Contacts).

Every change checks app.policy inside the write transaction that applies it (visibility is
read in the same transaction), so nothing can change who may see the contact in between.
Verification runs as an engine command: the chat's state is checked under the engine's lock.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from app import policy
from app.backends.events import ContactChanged, Event
from app.backends.refusals import Refusals
from app.contacts import fields as contact_fields
from app.contacts.merge import ContactFields, resolve
from app.domain import (
    Contact,
    ContactDraft,
    ContactEvent,
    ContactEventKind,
    ContactPage,
    ContactQuery,
    ContactRow,
    Principal,
    SavedContact,
    Verification,
)
from app.domain.contact import CUSTOM_FIELD_PREFIX, MANAGER_FIELD, NAME_FIELD
from app.errors import InvalidInput, NotAllowed, NotFound, Refused
from app.policy import Action
from app.store import chats, contact_list, contact_merge, contacts, organisation

if TYPE_CHECKING:
    from app.backends.embedded.engine import EmbeddedEngine

# How a channel may be verified: by an email or a phone number the visitor proved they hold.
VERIFY_FIELDS = ("email", "phone")


class EmbeddedContacts:
    def __init__(self, engine: EmbeddedEngine, principal: Callable[[], Principal]) -> None:
        self._engine = engine
        self._db = engine.database
        self._principal = principal
        # The user's lists: scrolling one reads a slice of it, not the contacts again.
        self._lists = contact_list.ListCache()

    # -- queries ---------------------------------------------------------------------------

    def _visible(self, connection: sqlite3.Connection, contact_id: str) -> bool:
        return contact_list.is_visible(connection, contact_id, policy.scope_of(self._principal()))

    def require_visible(self, connection: sqlite3.Connection, contact_id: str) -> str:
        """The contact's current id (a merged one leads on), when the user may see it."""
        current = contacts.resolve_id(connection, contact_id)
        if not contacts.exists(connection, current):
            raise NotFound(Refusals.tr("This contact does not exist (any more)."), code="contact-unknown")
        if not self._visible(connection, current):
            raise NotAllowed(Refusals.tr("You cannot see this contact: none of its chats is yours, in your "
                             "queue or in a unit you look after."))
        return current

    async def contacts_page(self, query: ContactQuery) -> ContactPage:
        me = self._principal()
        policy.check_contact(me, Action.VIEW_CONTACTS)
        scope = policy.scope_of(me)
        return await self._db.read(lambda c: contact_list.page(c, query, scope, self._lists))

    async def contact_log(self, contact_id: str) -> list[ContactEvent]:
        policy.check_contact(self._principal(), Action.VIEW_CONTACTS)

        def read(connection: sqlite3.Connection) -> list[ContactEvent]:
            return contacts.history_log(connection, self.require_visible(connection, contact_id))

        return await self._db.read(read)

    def contact_capabilities(self, contact: Contact) -> frozenset[Action]:
        """Answered from the contact as shown: the user saw it, so it is visible to them."""
        del contact
        return policy.contact_capabilities(self._principal(), visible=True)

    # -- commands --------------------------------------------------------------------------

    async def verify_channel(self, chat_id: str, field: str, value: str) -> Verification:
        me = self._principal()
        field = field.strip().lower()
        if field not in VERIFY_FIELDS:
            raise InvalidInput(Refusals.tr("Verify a channel by an email or a phone number."),
                               code="verify-field-invalid")
        value = (contact_fields.clean_email(value) if field == "email"
                 else contact_fields.clean_phone(value, in_use=True))
        now = self._engine.clock.now()
        done: list[Verification] = []

        def others_to_merge(connection: sqlite3.Connection, contact_id: str) -> list[str]:
            """The contacts this verification merges; refused when the user cannot see one of
            them (a typed value must not pull in, and then show, someone else's contact)."""
            same = contacts.contacts_with_verified(connection, field, value, excluding=contact_id)
            scope = policy.scope_of(me)
            if any(not contact_list.is_visible(connection, other, scope) for other in same):
                raise NotAllowed(
                    Refusals.tr("Another contact holds {value} as a verified {field}, and you cannot see it: "
                                "verifying would merge it into this one. Ask a monitor of its unit or an "
                                "admin to verify this chat.").format(value=value, field=field))
            return same

        def authorize(connection: sqlite3.Connection) -> None:
            policy.check(me, Action.VERIFY, chats.place(connection, chat_id))
            others_to_merge(connection, chats.chat(connection, chat_id).contact_id)

        def write(connection: sqlite3.Connection) -> list[Event]:
            chat = chats.chat(connection, chat_id)  # as authorized: the engine's lock is held
            contact_id = chat.contact_id
            # Read again in this transaction: a contact saved or merged since (those do not take
            # the engine's lock) must not slip in unseen.
            same = others_to_merge(connection, contact_id)
            contacts.verify_visitor(connection, chat.visitor_id, field, value, now)
            chats.mark_verified(connection, chat_id)
            contacts.set_unknown(connection, contact_id, False)
            # A verified email or phone is one of the contact's own from now on.
            contacts.add_address(connection, contact_id, field, value)
            channel = f"{chat.channel.label} channel of {chat.visitor_name}"
            contacts.log(connection, contact_id, now, ContactEventKind.VERIFIED, (me.id, me.name),
                         f"Verified the {channel} by {field} {value}.")
            merged = contact_merge.merge_into(
                connection, contact_id, same, at=now, actor=(me.id, me.name),
                why=f"they hold the same verified {field} {value}")
            done.append(Verification(contacts.contact(connection, contact_id), tuple(merged)))
            return [ContactChanged(contact_id, tuple(merged))]

        await self._engine.command(lambda routing: [], before=write, authorize=authorize)
        return done[0]

    async def resolve_conflict(self, contact_id: str, field: str, value: str) -> Contact:
        me = self._principal()
        now = self._engine.clock.now()

        def write(connection: sqlite3.Connection) -> tuple[Contact, Event]:
            current = self.require_visible(connection, contact_id)
            policy.check_contact(me, Action.EDIT_CONTACT)
            held = contacts.fields(connection, current)
            offered = [c for c in held.conflicts if c.field == field]
            if not offered:
                raise Refused(Refusals.tr("This contact has no conflicting values for that field any more."),
                              code="error-contact-has-no-conflicts")
            kept = _current_value(held, field)
            if value != kept and value not in {c.value for c in offered}:
                raise InvalidInput(Refusals.tr("Choose one of the values shown."),
                                   code="conflict-value-unknown")
            if field == MANAGER_FIELD and value:
                organisation.agent(connection, value)  # NotFound when no longer an agent
            contacts.write_fields(connection, current, resolve(held, field, value), now)
            others = sorted({kept, *(c.value for c in offered)} - {value})
            label = _field_label(connection, field)
            contacts.log(connection, current, now, ContactEventKind.CONFLICT_RESOLVED,
                         (me.id, me.name),
                         f"Chose {label} {_shown(connection, field, value)} over "
                         + ", ".join(_shown(connection, field, other) for other in others) + ".")
            return contacts.contact(connection, current), ContactChanged(current)

        contact, event = await self._db.write(write)
        self._engine.publish(event)
        return contact

    async def save_contact(self, draft: ContactDraft, *, contact_id: str | None = None,
                           based_on: Contact | None = None) -> SavedContact:
        me = self._principal()
        now = self._engine.clock.now()
        new_id = f"contact-{self._engine.new_id()}"
        scope = policy.scope_of(me)
        # What the contact held when the edit began: kept values are not validated again.
        kept = based_on or (None if contact_id is None else await self.contact_as_stored(contact_id))
        cleaned = contact_fields.clean_draft(
            draft, kept_emails=kept.emails if kept else (), kept_phones=kept.phones if kept else ())

        def write(connection: sqlite3.Connection) -> tuple[SavedContact, Event]:
            if contact_id is None:
                policy.check_contact(me, Action.CREATE_CONTACT)
                current = new_id
                contacts.insert_contact(connection, current, cleaned.name, now, created_by=me.id)
                before = None
            else:
                current = self.require_visible(connection, contact_id)
                policy.check_contact(me, Action.EDIT_CONTACT)
                before = contacts.fields(connection, current)
                if based_on is not None and _changed_since(based_on, current, before):
                    raise Refused(
                        Refusals.tr("Someone changed this contact since you opened it (an edit, a "
                        "verification or a merge). Nothing was saved: close this window and edit "
                        "the contact again; what you typed is still here to copy."),
                        code="contact-changed")
            if cleaned.manager_id is not None and (before is None or cleaned.manager_id != before.manager_id):
                organisation.agent(connection, cleaned.manager_id)
            after = ContactFields(
                name=cleaned.name, manager_id=cleaned.manager_id, emails=cleaned.emails,
                phones=cleaned.phones, custom_fields=cleaned.custom_fields,
                conflicts=before.conflicts if before else (),
            )
            contacts.write_fields(connection, current, after, now)
            # Rocket.Chat's updateContact sets `unknown: false`: a person has vouched for it.
            contacts.set_unknown(connection, current, False)
            kind = ContactEventKind.CREATED if before is None else ContactEventKind.EDITED
            contacts.log(connection, current, now, kind, (me.id, me.name), _describe(before, after))
            duplicates = _duplicates(connection, current, after, scope)
            saved = SavedContact(contacts.contact(connection, current), tuple(duplicates))
            return saved, ContactChanged(current)

        saved, event = await self._db.write(write)
        self._engine.publish(event)
        return saved

    async def contact_as_stored(self, contact_id: str) -> Contact:
        def read(connection: sqlite3.Connection) -> Contact:
            return contacts.contact(connection, self.require_visible(connection, contact_id))

        return await self._db.read(read)

    async def merge_contacts(self, into_id: str, source_ids: Sequence[str]) -> Contact:
        me = self._principal()
        now = self._engine.clock.now()
        if not source_ids:
            raise InvalidInput(Refusals.tr("Choose the contacts to merge into this one."),
                               code="merge-nothing")

        def write(connection: sqlite3.Connection) -> tuple[Contact, Event]:
            policy.check_contact(me, Action.EDIT_CONTACT)
            current = self.require_visible(connection, into_id)
            held = contacts.fields(connection, current)
            for source_id in source_ids:
                source = self.require_visible(connection, source_id)
                # Beyond Rocket.Chat (which merges only by verifying): the duplicates a save
                # finds, and nothing else, so a merge cannot launder an unknown contact.
                if source != current and not _holds_verified(connection, source, held):
                    raise Refused(Refusals.tr("Only a contact that holds one of this contact's emails or "
                                              "phones "
                                  "as a verified channel can be merged into it."),
                                  code="merge-not-duplicate")
            merged = contact_merge.merge_into(
                connection, current, source_ids, at=now, actor=(me.id, me.name),
                why=f"{me.name} merged them: they hold the same verified email or phone")
            return contacts.contact(connection, current), ContactChanged(current, tuple(merged))

        contact, event = await self._db.write(write)
        self._engine.publish(event)
        return contact


def _changed_since(seen: Contact, current_id: str, now: ContactFields) -> bool:
    """Whether the contact moved on from what the editor saw: merged away, or a field changed."""
    return current_id != seen.id or (
        seen.name, seen.manager_id, seen.emails, seen.phones, seen.custom_fields
    ) != (now.name, now.manager_id, now.emails, now.phones, now.custom_fields)


def _holds_verified(connection: sqlite3.Connection, contact_id: str, target: ContactFields) -> bool:
    return any(
        contact_id in contacts.contacts_with_verified(connection, field, value, excluding="")
        for field, values in (("email", target.emails), ("phone", target.phones))
        for value in values
    )


def _current_value(held: ContactFields, field: str) -> str:
    if field == NAME_FIELD:
        return held.name
    if field == MANAGER_FIELD:
        return held.manager_id or ""
    return dict(held.custom_fields).get(field.removeprefix(CUSTOM_FIELD_PREFIX), "")


def _field_label(connection: sqlite3.Connection, field: str) -> str:
    del connection
    if field == NAME_FIELD:
        return "the name"
    if field == MANAGER_FIELD:
        return "the contact manager"
    return f"{field.removeprefix(CUSTOM_FIELD_PREFIX)}"


def _shown(connection: sqlite3.Connection, field: str, value: str) -> str:
    if field == MANAGER_FIELD:
        if not value:
            return "nobody"
        return organisation.names(connection).get(value, value)
    return f"'{value}'"


def _describe(before: ContactFields | None, after: ContactFields) -> str:
    if before is None:
        return f"Created the contact '{after.name}'."
    changed = [label for label, old, new in (
        ("name", before.name, after.name),
        ("contact manager", before.manager_id, after.manager_id),
        ("emails", before.emails, after.emails),
        ("phones", before.phones, after.phones),
        ("custom fields", before.custom_fields, after.custom_fields),
    ) if old != new]
    if not changed:
        return "Saved the contact unchanged."
    return "Changed " + ", ".join(changed) + "."


def _duplicates(connection: sqlite3.Connection, contact_id: str, saved: ContactFields,
                scope: policy.Scope) -> list[ContactRow]:
    """Contacts one can see that hold one of these emails or phones as a verified channel."""
    found: dict[str, None] = {}
    for field, values in (("email", saved.emails), ("phone", saved.phones)):
        for value in values:
            for other in contacts.contacts_with_verified(connection, field, value, excluding=contact_id):
                if contact_list.is_visible(connection, other, scope):
                    found[other] = None
    return contact_list.rows_for(connection, list(found))
