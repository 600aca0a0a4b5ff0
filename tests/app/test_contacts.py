"""The Contact Center on the embedded engine: verification merges the contacts of one person,
conflicts are kept and settled, contacts are created and edited with validation and duplicates
found, the blocking settings stop a take, and everything is scoped by the policy."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from app.backends.embedded import EmbeddedBackend
from app.backends.events import ContactChanged
from app.clock import ManualClock
from app.domain import Channel, ContactDraft, ContactEventKind, ContactQuery, ContactSort
from app.errors import InvalidInput, NotAllowed, Refused
from app.policy import Action
from app.store import organisation
from tests.app.supervision_desk import northwind_desk, sign_in
from tests.contract.events import delivered_so_far
from tests.contract.harness import EmbeddedHarness


@pytest.fixture
async def desk(tmp_path: Path, clock: ManualClock) -> AsyncIterator[EmbeddedHarness]:
    async with northwind_desk(tmp_path, clock) as harness:
        yield harness


async def _served_chat(desk: EmbeddedHarness, agent: EmbeddedBackend, name: str, channel: Channel,
                       address: str) -> str:
    """A visitor writes to Support and `agent` takes the chat; returns the chat id."""
    visitor = await desk.new_visitor(name, channel, address)
    inquiry = await desk.engine.open_chat(visitor_id=visitor.id, text=f"Hello, {name} here",
                                          department_id=desk.org.department("Support").id)
    return (await agent.take(inquiry.id)).id


async def test_verifying_a_channel_merges_every_contact_holding_it_verified(desk: EmbeddedHarness) -> None:
    ana = await sign_in(desk, "ana")
    stream = await ana.events()
    by_email = await _served_chat(desk, ana, "Lena Park", Channel.EMAIL, "lena@example.com")
    on_widget = await _served_chat(desk, ana, "L. Park", Channel.WIDGET, "web chat")
    first = (await ana.verify_channel(by_email, "email", "lena@example.com")).contact
    assert first.verified and not first.unknown and first.emails == ("lena@example.com",)
    widget_contact = (await ana.chat(on_widget)).contact_id
    assert widget_contact != first.id  # the widget visitor is not verified yet: two contacts

    verification = await ana.verify_channel(on_widget, "email", "lena@EXAMPLE.com")
    merged = verification.contact
    # The contact of the chat being verified stays; the other one is merged into it.
    assert merged.id == widget_contact and verification.merged_ids == (first.id,)
    assert {c.visitor_name for c in merged.channels} == {"Lena Park", "L. Park"}
    assert {(c.verified, c.verified_by_field, c.verified_by_value) for c in merged.channels} == {
        (True, "email", "lena@example.com")}
    assert {c.id for c in await ana.contact_history(merged.id)} == {by_email, on_widget}
    assert (await ana.chat(by_email)).contact_id == merged.id
    # The old id still leads to the contact it became.
    assert (await ana.contact(first.id)).id == merged.id
    # The names differ: the merged one is kept as a conflict, with where it came from.
    assert [(c.field, c.value, c.source) for c in merged.conflicts] == [
        ("name", "Lena Park", "contact Lena Park")]
    log = await ana.contact_log(merged.id)
    assert log[0].kind is ContactEventKind.MERGED and log[0].merged_ids == (first.id,)
    assert "'Lena Park' merged into this contact" in log[0].text
    assert {e.kind for e in log} >= {ContactEventKind.VERIFIED, ContactEventKind.MERGED}
    changed = [e for e in delivered_so_far(stream) if isinstance(e, ContactChanged)]
    assert changed[-1] == ContactChanged(merged.id, (first.id,))


async def test_email_domains_are_case_blind_but_the_mailbox_is_not(desk: EmbeddedHarness) -> None:
    ana = await sign_in(desk, "ana")
    one = await _served_chat(desk, ana, "Ola", Channel.EMAIL, "ola@example.com")
    two = await _served_chat(desk, ana, "Ola N", Channel.SMS, "+4791234567")
    await ana.verify_channel(one, "email", "ola@EXAMPLE.com")
    contact = (await ana.verify_channel(two, "email", "Ola@example.com")).contact
    # Rocket.Chat matches field and value exactly; a different mailbox is another address.
    assert len(contact.channels) == 1


async def test_only_whoever_serves_or_supervises_the_chat_verifies_it(desk: EmbeddedHarness) -> None:
    ana, bo, maya = await sign_in(desk, "ana"), await sign_in(desk, "bo"), await sign_in(desk, "maya")
    chat_id = await _served_chat(desk, ana, "Kim", Channel.EMAIL, "kim@example.com")
    with pytest.raises(NotAllowed):
        await bo.verify_channel(chat_id, "email", "kim@example.com")
    assert Action.VERIFY in maya.capabilities((await maya.chat(chat_id)).place)
    assert (await maya.verify_channel(chat_id, "email", "kim@example.com")).contact.verified
    with pytest.raises(InvalidInput) as wrong:
        await ana.verify_channel(chat_id, "phone", "12")
    assert wrong.value.code == "invalid-phone"
    await ana.close_chat(chat_id)
    with pytest.raises(Refused):
        await ana.verify_channel(chat_id, "email", "kim@example.com")


async def test_a_conflict_is_settled_by_choosing_a_value_and_the_log_says_so(desk: EmbeddedHarness) -> None:
    ana = await sign_in(desk, "ana")
    one = await _served_chat(desk, ana, "Nora Quist", Channel.EMAIL, "nora@example.com")
    two = await _served_chat(desk, ana, "Nora Q.", Channel.WIDGET, "web chat")
    await ana.verify_channel(one, "email", "nora@example.com")
    contact = (await ana.verify_channel(two, "email", "nora@example.com")).contact
    assert contact.name == "Nora Q." and [c.value for c in contact.conflicts] == ["Nora Quist"]
    with pytest.raises(InvalidInput):
        await ana.resolve_conflict(contact.id, "name", "Somebody Else")
    settled = await ana.resolve_conflict(contact.id, "name", "Nora Quist")
    assert settled.name == "Nora Quist" and settled.conflicts == ()
    log = await ana.contact_log(contact.id)
    assert log[0].kind is ContactEventKind.CONFLICT_RESOLVED
    assert log[0].text == "Chose the name 'Nora Quist' over 'Nora Q.'."
    with pytest.raises(Refused) as none_left:
        await ana.resolve_conflict(contact.id, "name", "Nora Q.")
    assert none_left.value.code == "error-contact-has-no-conflicts"


async def test_contacts_are_created_validated_and_duplicates_offered_for_merging(
    desk: EmbeddedHarness,
) -> None:
    ana = await sign_in(desk, "ana")
    chat_id = await _served_chat(desk, ana, "Omar", Channel.WHATSAPP, "+442079460958")
    verified = (await ana.verify_channel(chat_id, "phone", "+44 20 7946 0958")).contact
    with pytest.raises(InvalidInput) as bad:
        await ana.save_contact(ContactDraft(name="Omar", emails=("omar@",)))
    assert bad.value.code == "invalid-email"
    with pytest.raises(InvalidInput):
        await ana.save_contact(ContactDraft(name="  "))
    saved = await ana.save_contact(ContactDraft(
        name="Omar Haddad", emails=("Omar@Example.com",), phones=("+44 (0)20 7946-0958",),
        custom_fields=(("plan", "gold"),), manager_id=desk.org.person("ana").id))
    assert saved.contact.emails == ("Omar@example.com",) and saved.contact.phones == ("+442079460958",)
    assert saved.contact.manager_name == "Ana Souza" and saved.contact.custom_field("plan") == "gold"
    assert [d.id for d in saved.duplicates] == [verified.id]
    # The creator sees their contact before it has a chat.
    assert (await ana.contact(saved.contact.id)).name == "Omar Haddad"
    merged = await ana.merge_contacts(saved.contact.id, [d.id for d in saved.duplicates])
    again = await ana.merge_contacts(saved.contact.id, [verified.id])
    assert merged == again  # merging what is merged changes nothing
    assert {c.id for c in await ana.contact_history(merged.id)} == {chat_id}
    # Editing through the merged contact's old id edits the contact it became, and only what
    # the draft changes: the manager and plan it holds stay when the draft keeps them.
    edited = await ana.save_contact(ContactDraft(
        name="Omar H.", phones=merged.phones, emails=merged.emails, manager_id=merged.manager_id,
        custom_fields=merged.custom_fields), contact_id=verified.id, based_on=merged)
    assert edited.contact.id == merged.id and edited.contact.name == "Omar H."
    assert edited.contact.manager_name == "Ana Souza" and edited.contact.custom_field("plan") == "gold"
    assert (await ana.contact_log(merged.id))[0].text == "Changed name."


async def test_an_edit_of_a_contact_that_changed_meanwhile_is_refused_and_overwrites_nothing(
    desk: EmbeddedHarness,
) -> None:
    ana = await sign_in(desk, "ana")
    phone_chat = await _served_chat(desk, ana, "Pia", Channel.SMS, "+442079460001")
    email_chat = await _served_chat(desk, ana, "Pia Lund", Channel.EMAIL, "pia@example.com")
    await ana.verify_channel(email_chat, "email", "pia@example.com")
    opened = await ana.contact((await ana.chat(phone_chat)).contact_id)  # the editor opens it
    # Meanwhile the phone chat's contact is verified by the same email: the other one merges in.
    await ana.verify_channel(phone_chat, "email", "pia@example.com")
    with pytest.raises(Refused) as refused:
        await ana.save_contact(ContactDraft(name="Pia L."), contact_id=opened.id, based_on=opened)
    assert refused.value.code == "contact-changed"
    kept = await ana.contact(opened.id)
    assert kept.emails == ("pia@example.com",) and "+442079460001" in kept.phones


async def test_stored_values_never_stop_an_edit_but_new_ones_are_checked(desk: EmbeddedHarness) -> None:
    ana = await sign_in(desk, "ana")
    chat_id = await _served_chat(desk, ana, "Kai", Channel.EMAIL, "kai@localhost")
    contact = await ana.contact((await ana.chat(chat_id)).contact_id)
    assert contact.emails == ("kai@localhost",)  # as the channel gave it
    renamed = await ana.save_contact(ContactDraft(name="Kai Berg", emails=contact.emails),
                                     contact_id=contact.id, based_on=contact)
    assert renamed.contact.name == "Kai Berg" and renamed.contact.emails == ("kai@localhost",)
    with pytest.raises(InvalidInput):
        await ana.save_contact(ContactDraft(name="Kai Berg", emails=(*contact.emails, "nope@")),
                               contact_id=contact.id, based_on=renamed.contact)


async def test_verifying_cannot_pull_in_a_contact_one_cannot_see(desk: EmbeddedHarness) -> None:
    ana, emil = await sign_in(desk, "ana"), await sign_in(desk, "emil")
    sales_visitor = await desk.new_visitor("Sven", Channel.EMAIL, "sven@example.com")
    sales = await desk.engine.open_chat(visitor_id=sales_visitor.id, text="Price?",
                                        department_id=desk.org.department("Sales").id)
    sales_chat = (await emil.take(sales.id)).id
    await emil.verify_channel(sales_chat, "email", "sven@example.com")
    mine = await _served_chat(desk, ana, "Someone", Channel.WIDGET, "web chat")
    with pytest.raises(NotAllowed) as refused:
        await ana.verify_channel(mine, "email", "sven@example.com")
    assert "cannot see it" in refused.value.message
    # Nothing changed: Sven's contact is whole, Ana's chat is not verified, she still cannot read it.
    assert not (await ana.contact((await ana.chat(mine)).contact_id)).verified
    assert (await emil.contact(sales_visitor.contact_id)).id == sales_visitor.contact_id
    with pytest.raises(NotAllowed):
        await ana.messages(sales_chat)
    # A monitor of both units (the admin) may.
    sam = await sign_in(desk, "sam")
    assert (await sam.verify_channel(mine, "email", "sven@example.com")).merged_ids == (
        sales_visitor.contact_id,)


async def test_a_manual_merge_takes_only_duplicates_and_leaves_unknown_as_it_was(
    desk: EmbeddedHarness,
) -> None:
    ana = await sign_in(desk, "ana")
    await desk.engine.visitors.register("u" * 32, name="Web Person", email="web@example.com")
    room = await desk.engine.visitors.start_room("u" * 32, department_id=desk.org.department("Support").id)
    unknown_id = (await ana.chat(room.id)).contact_id
    assert (await ana.contact(unknown_id)).unknown
    made = await ana.save_contact(ContactDraft(name="Anyone"))
    with pytest.raises(Refused) as refused:
        await ana.merge_contacts(made.contact.id, [unknown_id])
    assert refused.value.code == "merge-not-duplicate"
    assert (await ana.contact(unknown_id)).unknown


async def test_the_blocking_settings_stop_a_take_and_say_why_in_the_queue(desk: EmbeddedHarness) -> None:
    ana = await sign_in(desk, "ana")
    await desk.engine.database.write(
        lambda c: organisation.set_setting(c, "block_unverified_contacts", "true"))
    visitor = await desk.new_visitor("Uma", Channel.SMS, "+15551234567")
    inquiry = await desk.engine.open_chat(visitor_id=visitor.id, text="Hi",
                                          department_id=desk.org.department("Support").id)
    (waiting,) = [i for i in await ana.queue() if i.id == inquiry.id]
    assert waiting.blocked == "error-unverified-contact"
    with pytest.raises(Refused) as refused:
        await ana.take(inquiry.id)
    assert refused.value.code == "error-unverified-contact"
    assert "verified" in refused.value.message
    maya = await sign_in(desk, "maya")
    with pytest.raises(Refused):
        await maya.assign(inquiry.id, desk.org.person("ana").id)
    await desk.engine.database.write(
        lambda c: organisation.set_setting(c, "block_unverified_contacts", "false"))
    assert (await ana.take(inquiry.id)).served_by_name == "Ana Souza"


async def test_unknown_contacts_are_blocked_only_when_the_setting_says_so(desk: EmbeddedHarness) -> None:
    ana = await sign_in(desk, "ana")
    await desk.engine.database.write(
        lambda c: organisation.set_setting(c, "block_unknown_contacts", "true"))
    await desk.engine.visitors.register("t" * 32, name="Web Visitor", email="web@example.com")
    room = await desk.engine.visitors.start_room("t" * 32, department_id=desk.org.department("Support").id)
    await desk.engine.visitors.send("t" * 32, room.id, "Hello?")
    (waiting,) = [i for i in await ana.queue() if i.chat_id == room.id]
    assert waiting.blocked == "error-unknown-contact"
    with pytest.raises(Refused) as refused:
        await ana.take(waiting.id)
    assert refused.value.code == "error-unknown-contact"


async def test_the_list_shows_only_contacts_in_scope_and_searches_every_address(
    desk: EmbeddedHarness,
) -> None:
    ana, emil = await sign_in(desk, "ana"), await sign_in(desk, "emil")
    maya, sam = await sign_in(desk, "maya"), await sign_in(desk, "sam")
    support = await _served_chat(desk, ana, "Élodie Brun", Channel.EMAIL, "elodie@example.com")
    sales_visitor = await desk.new_visitor("Sven Sales", Channel.SMS, "+4670123456")
    await desk.engine.open_chat(visitor_id=sales_visitor.id, text="Price?",
                                department_id=desk.org.department("Sales").id)
    assert support

    def names(page: object) -> set[str]:
        return {row.name for row in page.rows}  # type: ignore[attr-defined]

    assert names(await ana.contacts_page(ContactQuery())) == {"Élodie Brun"}
    assert names(await emil.contacts_page(ContactQuery())) == {"Sven Sales"}
    assert names(await maya.contacts_page(ContactQuery())) == {"Élodie Brun"}  # Care: Support+Billing
    everyone = await sam.contacts_page(ContactQuery(sort=ContactSort.NAME))
    assert everyone.total == 2 and [r.name for r in everyone.rows] == ["Élodie Brun", "Sven Sales"]
    # Case and accents ignored; any address; every word must match.
    assert names(await sam.contacts_page(ContactQuery(text="ELODIE"))) == {"Élodie Brun"}
    assert names(await sam.contacts_page(ContactQuery(text="4670"))) == {"Sven Sales"}
    assert names(await sam.contacts_page(ContactQuery(text="brun example"))) == {"Élodie Brun"}
    assert (await sam.contacts_page(ContactQuery(text="100%_"))).total == 0
    with pytest.raises(NotAllowed):
        await ana.contact(sales_visitor.contact_id)
