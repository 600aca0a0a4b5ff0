"""The behaviour every backend must have. Runs against each harness in conftest.py, in the
organisation described in org.py; ids are looked up in `desk.org`, never written here."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

import pytest

from app.backends.contract import Backend
from app.backends.events import (
    ChatAssigned,
    ChatClosed,
    ChatHoldChanged,
    ChatUnassigned,
    InquiryQueued,
    InquiryRemoved,
    MessageAdded,
)
from app.domain import AuthorKind, Availability, Channel, ChatStatus, Inquiry, Priority, Role, Visitor
from app.domain.message import MATCH_END, MATCH_START, MAX_MESSAGE_CHARS
from app.errors import InvalidInput, NotAllowed, NotFound, Refused
from app.policy import Action
from tests.contract.checks import assert_said_to_a_user
from tests.contract.events import next_event, of_kind
from tests.contract.harness import DeskHarness, needs_moving_time


def _department(desk: DeskHarness, name: str) -> str:
    return desk.org.department(name).id


def _person(desk: DeskHarness, username: str) -> str:
    return desk.org.person(username).id


async def _inquiry(desk: DeskHarness, department: str | None = "Support",
                   text: str = "My parcel never came.", name: str = "Iris Vale") -> tuple[Visitor, Inquiry]:
    visitor = await desk.new_visitor(name, Channel.EMAIL, f"{name.split()[0].lower()}@example.com")
    where = _department(desk, department) if department else None
    return visitor, await desk.visitor_opens_chat(visitor, text, where)


async def _support_inquiry(desk: DeskHarness, text: str = "My parcel never came.") -> tuple[Visitor, Inquiry]:
    return await _inquiry(desk, "Support", text)


# -- who am I -------------------------------------------------------------------------------

async def test_me_carries_roles_departments_and_units(desk: DeskHarness) -> None:
    ana = await (await desk.sign_in("ana")).me()
    maya = await (await desk.sign_in("maya")).me()
    sam = await (await desk.sign_in("sam")).me()
    support, billing = _department(desk, "Support"), _department(desk, "Billing")
    assert ana.roles == {Role.AGENT} and ana.department_ids == {support, billing}
    assert ana.id == _person(desk, "ana") and ana.name == "Ana Souza"
    assert maya.roles == {Role.MONITOR} and maya.unit_ids == {desk.org.unit("Customer Care").id}
    assert maya.unit_department_ids == {support, billing}
    assert sam.is_admin and not sam.is_agent


# -- queue ----------------------------------------------------------------------------------

async def _one_inquiry_everywhere(desk: DeskHarness) -> dict[str | None, Inquiry]:
    made: dict[str | None, Inquiry] = {}
    for number, department in enumerate(("Support", "Billing", "Sales", None)):
        _, inquiry = await _inquiry(desk, department, f"Question {number}", f"Visitor {number}")
        made[_department(desk, department) if department else None] = inquiry
    return made


async def test_queue_is_scoped_to_departments_plus_public(desk: DeskHarness) -> None:
    made = await _one_inquiry_everywhere(desk)
    support, billing, sales = (_department(desk, n) for n in ("Support", "Billing", "Sales"))
    ana_queue = await (await desk.sign_in("ana")).queue()
    emil_queue = await (await desk.sign_in("emil")).queue()
    admin_queue = await (await desk.sign_in("sam")).queue()
    assert {i.department_id for i in ana_queue} == {support, billing, None}
    assert {i.department_id for i in emil_queue} == {sales, None}
    assert {i.id for i in admin_queue} == {i.id for i in made.values()}
    assert [i.queued_at for i in ana_queue] == sorted(i.queued_at for i in ana_queue)


async def test_monitor_sees_the_queue_of_their_units(desk: DeskHarness) -> None:
    # Chats without a department belong to no unit: Rocket.Chat's restrictQuery leaves them out.
    await _one_inquiry_everywhere(desk)
    maya_queue = await (await desk.sign_in("maya")).queue()
    units_departments = {_department(desk, "Support"), _department(desk, "Billing")}
    assert {i.department_id for i in maya_queue} == units_departments


async def test_new_inquiry_is_announced_only_to_its_department(desk: DeskHarness) -> None:
    bo_events = await (await desk.sign_in("bo")).events()
    emil_events = await (await desk.sign_in("emil")).events()
    _, inquiry = await _support_inquiry(desk)
    queued = await next_event(bo_events, InquiryQueued)
    assert queued.inquiry.id == inquiry.id and queued.inquiry.preview == "My parcel never came."
    assert not of_kind(await desk.barrier(emil_events), InquiryQueued)


# -- take -----------------------------------------------------------------------------------

async def test_take_moves_the_inquiry_to_my_chats(desk: DeskHarness) -> None:
    ana = await desk.sign_in("ana")
    bo_events = await (await desk.sign_in("bo")).events()
    ana_events = await ana.events()
    _, inquiry = await _support_inquiry(desk)
    chat = await ana.take(inquiry.id)
    assert chat.id == inquiry.chat_id and chat.status is ChatStatus.OPEN
    assert chat.served_by_id == (await ana.me()).id
    assert inquiry.id not in {i.id for i in await ana.queue()}
    assert chat.id in {c.id for c in await ana.my_chats()}
    removed = await next_event(bo_events, InquiryRemoved, lambda e: e.inquiry_id == inquiry.id)
    assert removed.chat_id == chat.id
    assigned = await next_event(ana_events, ChatAssigned, lambda e: e.chat.id == chat.id)
    assert assigned.previous_agent_id is None


async def test_an_inquiry_is_taken_once(desk: DeskHarness) -> None:
    ana, bo = await desk.sign_in("ana"), await desk.sign_in("bo")
    _, inquiry = await _support_inquiry(desk)
    await ana.take(inquiry.id)
    with pytest.raises(NotFound) as refused:
        await bo.take(inquiry.id)
    assert refused.value.code == "inquiry-gone"
    assert_said_to_a_user(refused.value, desk, inquiry.id)


async def test_take_outside_my_departments_is_not_allowed(desk: DeskHarness) -> None:
    emil = await desk.sign_in("emil")
    _, inquiry = await _support_inquiry(desk)
    with pytest.raises(NotAllowed):
        await emil.take(inquiry.id)


async def test_a_monitor_who_is_not_an_agent_cannot_take(desk: DeskHarness) -> None:
    maya = await desk.sign_in("maya")
    _, inquiry = await _support_inquiry(desk)
    with pytest.raises(NotAllowed):
        await maya.take(inquiry.id)


async def test_take_is_refused_when_not_available(desk: DeskHarness) -> None:
    ana = await desk.sign_in("ana")
    await ana.set_availability(Availability.NOT_AVAILABLE)
    _, inquiry = await _support_inquiry(desk)
    with pytest.raises(Refused) as refused:
        await ana.take(inquiry.id)
    assert refused.value.code == "agent-not-available"
    assert_said_to_a_user(refused.value, desk)
    await ana.set_availability(Availability.AVAILABLE)
    assert (await ana.take(inquiry.id)).id == inquiry.chat_id


async def test_take_is_refused_at_the_chat_limit(desk: DeskHarness) -> None:
    # Support caps each agent at 4 open chats.
    ana = await desk.sign_in("ana")
    for number in range(4):
        visitor = await desk.new_visitor(f"V{number}", Channel.SMS, f"+1 555 010{number}")
        await ana.take((await desk.visitor_opens_chat(visitor, "hello", _department(desk, "Support"))).id)
    _, fifth = await _support_inquiry(desk)
    with pytest.raises(Refused) as refused:
        await ana.take(fifth.id)
    assert refused.value.code == "chat-limit-reached"
    assert "limit is 4" in refused.value.message and "Support" in refused.value.message
    assert_said_to_a_user(refused.value, desk)
    assert fifth.id in {i.id for i in await ana.queue()}


# -- messages -------------------------------------------------------------------------------

async def test_messages_flow_both_ways_with_events(desk: DeskHarness) -> None:
    ana = await desk.sign_in("ana")
    events = await ana.events()
    _, inquiry = await _support_inquiry(desk)
    chat = await ana.take(inquiry.id)
    sent = await ana.send_message(chat.id, "Let me check the tracking for you.")
    received = await desk.visitor_writes(chat.id, "Thanks!")
    texts = [m.text for m in (await ana.messages(chat.id)).messages]
    assert texts[0] == "My parcel never came."
    assert texts[-2:] == ["Let me check the tracking for you.", "Thanks!"]
    added = [e.message.id for e in of_kind(await desk.barrier(events), MessageAdded)]
    assert sent.id in added and received.id in added
    assert added.index(sent.id) < added.index(received.id)


async def test_messages_page_backwards(desk: DeskHarness) -> None:
    ana = await desk.sign_in("ana")
    _, inquiry = await _support_inquiry(desk)
    chat = await ana.take(inquiry.id)
    for number in range(10):
        await ana.send_message(chat.id, f"line {number}")
    newest = await ana.messages(chat.id, limit=4)
    assert newest.older is not None
    older = await ana.messages(chat.id, before=newest.older, limit=4)
    assert [m.text for m in newest.messages] == ["line 6", "line 7", "line 8", "line 9"]
    assert [m.text for m in older.messages] == ["line 2", "line 3", "line 4", "line 5"]
    assert older.older is not None
    first = await ana.messages(chat.id, before=older.older, limit=4)
    # The chat began with the visitor's words and the note that Ana took it: the page says so.
    assert [m.text for m in first.messages][-2:] == ["line 0", "line 1"] and first.older is None
    everything = await ana.messages(chat.id, limit=1_000)
    assert everything.older is None
    assert everything.messages == first.messages + older.messages + newest.messages
    assert len({m.id for m in everything.messages}) == len(everything.messages)
    assert all(isinstance(m.id, str) and m.id for m in everything.messages)


async def test_a_page_cursor_from_another_chat_is_refused(desk: DeskHarness) -> None:
    ana = await desk.sign_in("ana")
    _, first = await _support_inquiry(desk)
    _, second = await _support_inquiry(desk)
    one, other = await ana.take(first.id), await ana.take(second.id)
    for number in range(3):
        await ana.send_message(one.id, f"line {number}")
    cursor = (await ana.messages(one.id, limit=1)).older
    assert cursor is not None
    with pytest.raises(InvalidInput):
        await ana.messages(other.id, before=cursor)


@pytest.mark.parametrize("text", ["", "   \n\t "])
async def test_empty_message_is_refused(desk: DeskHarness, text: str) -> None:
    ana = await desk.sign_in("ana")
    _, inquiry = await _support_inquiry(desk)
    chat = await ana.take(inquiry.id)
    with pytest.raises(InvalidInput) as refused:
        await ana.send_message(chat.id, text)
    assert refused.value.code == "message-empty"


async def test_oversized_message_is_refused_and_the_limit_itself_is_accepted(desk: DeskHarness) -> None:
    ana = await desk.sign_in("ana")
    _, inquiry = await _support_inquiry(desk)
    chat = await ana.take(inquiry.id)
    with pytest.raises(InvalidInput) as refused:
        await ana.send_message(chat.id, "x" * 102_400)
    assert refused.value.code == "message-too-long" and "102,400" in refused.value.message
    at_limit = await ana.send_message(chat.id, "y" * MAX_MESSAGE_CHARS)
    assert (await ana.messages(chat.id)).messages[-1].text == at_limit.text


async def test_markup_is_stored_literally(desk: DeskHarness) -> None:
    ana = await desk.sign_in("ana")
    hostile = '<script>alert("x")</script><b>bold</b> &amp; \'; DROP TABLE messages; --'
    visitor = await desk.new_visitor("Mallory", Channel.WIDGET, "widget")
    inquiry = await desk.visitor_opens_chat(visitor, hostile, _department(desk, "Support"))
    assert inquiry.id in {i.id for i in await ana.queue() if i.preview == hostile}
    chat = await ana.take(inquiry.id)
    await ana.send_message(chat.id, hostile)
    shown = (await ana.messages(chat.id)).messages
    assert [m.text for m in shown if m.author_kind != "system"] == [hostile] * 2


async def test_only_the_serving_agent_writes(desk: DeskHarness) -> None:
    ana, bo = await desk.sign_in("ana"), await desk.sign_in("bo")
    _, inquiry = await _support_inquiry(desk)
    chat = await ana.take(inquiry.id)
    with pytest.raises(NotAllowed) as refused:
        await bo.send_message(chat.id, "hi")
    assert_said_to_a_user(refused.value, desk, chat.id)


async def test_a_file_goes_to_the_chat_and_is_read_by_whoever_sees_it(
    desk: DeskHarness, tmp_path: Path
) -> None:
    ana, bo, maya = await desk.sign_in("ana"), await desk.sign_in("bo"), await desk.sign_in("maya")
    events = await maya.events()
    _, inquiry = await _support_inquiry(desk)
    chat = await ana.take(inquiry.id)
    chosen = tmp_path / "label.pdf"
    await asyncio.to_thread(chosen.write_bytes, b"%PDF-1.4 return label")
    with pytest.raises(NotAllowed):
        await bo.send_file(chat.id, chosen)
    sent = await ana.send_file(chat.id, chosen)
    assert sent.attachment is not None and sent.text == ""
    assert (sent.attachment.name, sent.attachment.media_type, sent.attachment.size) == (
        "label.pdf", "application/pdf", 21)
    heard = [e.message for e in of_kind(await desk.barrier(events), MessageAdded)]
    assert any(m.id == sent.id and m.attachment == sent.attachment for m in heard)
    [listed] = [m for m in (await ana.messages(chat.id)).messages if m.id == sent.id]
    assert listed.attachment == sent.attachment
    assert await maya.attachment_data(sent.id, max_bytes=1000) == b"%PDF-1.4 return label"
    with pytest.raises(Refused):
        await maya.attachment_data(sent.id, max_bytes=10)
    with pytest.raises(NotAllowed):
        await bo.attachment_data(sent.id, max_bytes=1000)
    saved = tmp_path / "saved" / "copy.pdf"
    await asyncio.to_thread(saved.parent.mkdir)
    await maya.save_attachment(sent.id, saved)
    assert await asyncio.to_thread(saved.read_bytes) == b"%PDF-1.4 return label"
    assert (await ana.file_limits()).enabled


# -- close ----------------------------------------------------------------------------------

async def test_close_with_comment_and_tags_lands_in_contact_history(desk: DeskHarness) -> None:
    ana = await desk.sign_in("ana")
    events = await ana.events()
    visitor, inquiry = await _support_inquiry(desk)
    chat = await ana.take(inquiry.id)
    await ana.send_message(chat.id, "Found it: the courier has your parcel.")
    closed = await ana.close_chat(chat.id, comment=" Solved ", tags=["shipping", " ", "shipping", "vip"])
    assert closed.status is ChatStatus.CLOSED and closed.tags == ("shipping", "vip")
    assert chat.id not in {c.id for c in await ana.my_chats()}
    history = await ana.contact_history(visitor.contact_id)
    assert history[0].id == chat.id and history[0].tags == ("shipping", "vip")
    assert (await ana.chat(chat.id)).close_comment == "Solved"
    assert (await next_event(events, ChatClosed)).chat.id == chat.id
    with pytest.raises(Refused) as refused:
        await ana.send_message(chat.id, "one more thing")
    assert refused.value.code == "chat-closed"


async def test_contact_history_is_newest_first_and_searchable(desk: DeskHarness) -> None:
    needs_moving_time(desk)
    ana = await desk.sign_in("ana")
    visitor = await desk.new_visitor("Rui Lobo", Channel.WHATSAPP, "+351 900 000 001")
    for topic in ("refund for order 1", "password reset", "refund again"):
        inquiry = await desk.visitor_opens_chat(visitor, topic, _department(desk, "Support"))
        chat = await ana.take(inquiry.id)
        desk.advance(timedelta(hours=1))
        await ana.close_chat(chat.id)
    history = await ana.contact_history(visitor.contact_id)
    closed_times = [h.closed_at for h in history if h.closed_at is not None]
    assert closed_times == sorted(closed_times, reverse=True)
    assert len(history) == len(closed_times) == 3
    refunds = await ana.contact_history(visitor.contact_id, text="refund")
    assert len(refunds) == 2 and {h.id for h in refunds} < {h.id for h in history}
    assert await ana.contact_history(visitor.contact_id, text="!!!") == []


async def test_contact_shows_channels_and_is_scoped(desk: DeskHarness) -> None:
    ana, emil = await desk.sign_in("ana"), await desk.sign_in("emil")
    visitor, inquiry = await _support_inquiry(desk)
    await ana.take(inquiry.id)
    contact = await ana.contact(visitor.contact_id)
    assert [(c.channel, c.address) for c in contact.channels] == [(Channel.EMAIL, "iris@example.com")]
    with pytest.raises(NotAllowed):
        await emil.contact(visitor.contact_id)
    with pytest.raises(NotAllowed):
        await emil.messages(inquiry.chat_id)


async def test_the_agent_of_a_contact_reads_their_closed_chats_elsewhere_while_serving_them(
    desk: DeskHarness,
) -> None:
    # Rocket.Chat's visitors.chatHistory: the agent of a room reads the visitor's past chats.
    ana, emil = await desk.sign_in("ana"), await desk.sign_in("emil")
    visitor, sales = await _inquiry(desk, "Sales", "How much is the big plan?")
    await emil.take(sales.id)
    await emil.close_chat(sales.chat_id)
    with pytest.raises(NotAllowed):
        await ana.chat(sales.chat_id)
    support = await desk.visitor_opens_chat(visitor, "My order is late.", _department(desk, "Support"))
    await ana.take(support.id)
    assert {h.id for h in await ana.contact_history(visitor.contact_id)} == {sales.chat_id, support.chat_id}
    assert (await ana.messages(sales.chat_id)).messages[0].text == "How much is the big plan?"
    await ana.close_chat(support.chat_id)
    with pytest.raises(NotAllowed):
        await ana.chat(sales.chat_id)


# -- search ---------------------------------------------------------------------------------

async def test_search_finds_words_in_visible_chats_only(desk: DeskHarness) -> None:
    ana, emil = await desk.sign_in("ana"), await desk.sign_in("emil")
    _, inquiry = await _support_inquiry(desk, "The zebracorn figurine arrived broken")
    hits = await ana.search("zebracorn broke")
    assert [h.message.chat_id for h in hits] == [inquiry.chat_id]
    assert "zebracorn" in hits[0].snippet and hits[0].visitor_name == "Iris Vale"
    assert hits[0].chat_status is ChatStatus.QUEUED
    assert await emil.search("zebracorn") == []
    assert await ana.search('"" OR * NEAR(') == []


async def test_search_lists_the_chats_status_and_finds_notes_but_not_system_lines(desk: DeskHarness) -> None:
    ana = await desk.sign_in("ana")
    _, inquiry = await _support_inquiry(desk, "The quokka mug is chipped")
    await ana.take(inquiry.id)
    await ana.add_note(inquiry.chat_id, "Ask the warehouse about quokka mugs")
    assert {h.chat_status for h in await ana.search("quokka")} == {ChatStatus.OPEN}
    # Closing writes a system line with the comment ("Ana Souza closed the chat: quokka …"):
    # the desk's own lines are not searched.
    await ana.close_chat(inquiry.chat_id, comment="quokka replaced")
    hits = await (await desk.sign_in("maya")).search("quokka")  # closed: out of Ana's sight
    assert sorted(h.message.author_kind for h in hits) == [AuthorKind.NOTE, AuthorKind.VISITOR]
    assert {h.chat_status for h in hits} == {ChatStatus.CLOSED}
    note = next(h for h in hits if h.message.author_kind is AuthorKind.NOTE)
    assert note.snippet.replace(MATCH_START, "").replace(MATCH_END, "").startswith("Ask the warehouse")


# -- transfer -------------------------------------------------------------------------------

async def test_transfer_to_an_agent_keeps_history(desk: DeskHarness) -> None:
    ana, bo = await desk.sign_in("ana"), await desk.sign_in("bo")
    bo_events = await bo.events()
    _, inquiry = await _support_inquiry(desk)
    chat = await ana.take(inquiry.id)
    moved = await ana.transfer(chat.id, to_agent_id=_person(desk, "bo"), comment="Bo knows couriers")
    assert moved.served_by_id == _person(desk, "bo")
    assigned = await next_event(bo_events, ChatAssigned, lambda e: e.chat.id == chat.id)
    assert assigned.previous_agent_id == _person(desk, "ana")
    assert chat.id not in {c.id for c in await ana.my_chats()}
    transfers = (await bo.chat(chat.id)).transfers
    assert [(t.by_id, t.from_agent_id, t.to_agent_id, t.comment) for t in transfers] == [
        (_person(desk, "ana"), _person(desk, "ana"), _person(desk, "bo"), "Bo knows couriers")]


async def test_a_transferred_chat_is_no_longer_heard_by_its_former_agent(desk: DeskHarness) -> None:
    ana, bo = await desk.sign_in("ana"), await desk.sign_in("bo")
    ana_events = await ana.events()
    _, inquiry = await _support_inquiry(desk)
    chat = await ana.take(inquiry.id)
    await ana.transfer(chat.id, to_agent_id=_person(desk, "bo"))
    seen = await desk.barrier(ana_events)
    assert [e.previous_agent_id for e in of_kind(seen, ChatAssigned) if e.chat.id == chat.id] == [
        None, _person(desk, "ana")]
    await bo.send_message(chat.id, "Bo here, I have your case now.")
    await desk.visitor_writes(chat.id, "Thanks Bo")
    assert not of_kind(await desk.barrier(ana_events), MessageAdded)
    with pytest.raises(NotAllowed):
        await ana.messages(chat.id)


async def test_transfer_to_a_department_requeues_the_chat(desk: DeskHarness) -> None:
    ana, emil = await desk.sign_in("ana"), await desk.sign_in("emil")
    ana_events, emil_events = await ana.events(), await emil.events()
    _, inquiry = await _support_inquiry(desk)
    chat = await ana.take(inquiry.id)
    sales = _department(desk, "Sales")
    await ana.transfer(chat.id, to_department_id=sales)
    await next_event(ana_events, ChatUnassigned, lambda e: e.chat_id == chat.id)
    queued = await next_event(emil_events, InquiryQueued, lambda e: e.inquiry.chat_id == chat.id)
    assert queued.inquiry.department_id == sales
    taken = await emil.take(queued.inquiry.id)
    assert taken.department_id == sales


async def test_a_transfer_naming_a_department_and_an_agent_outside_it_is_refused(desk: DeskHarness) -> None:
    # Rocket.Chat's forwardRoomToDepartment with a userId: 'error-user-not-belong-to-department'.
    ana = await desk.sign_in("ana")
    _, inquiry = await _support_inquiry(desk)
    chat = await ana.take(inquiry.id)
    sales = _department(desk, "Sales")
    with pytest.raises(Refused) as refused:
        await ana.transfer(chat.id, to_agent_id=_person(desk, "bo"), to_department_id=sales)
    assert refused.value.code == "agent-not-in-department"
    assert "Bo Lindqvist is not in Sales" in refused.value.message
    assert_said_to_a_user(refused.value, desk, chat.id)
    assert (await ana.chat(chat.id)).served_by_id == _person(desk, "ana")


async def test_a_transfer_to_an_agent_of_another_department_keeps_the_department(desk: DeskHarness) -> None:
    # Rocket.Chat's forwardRoomToAgent checks no department (departmentsAllowedToForward restricts
    # transfers to departments only).
    ana, emil = await desk.sign_in("ana"), await desk.sign_in("emil")
    emil_events = await emil.events()
    _, inquiry = await _support_inquiry(desk)
    chat = await ana.take(inquiry.id)
    moved = await ana.transfer(chat.id, to_agent_id=_person(desk, "emil"))
    assert (moved.served_by_id, moved.department_id) == (_person(desk, "emil"), chat.department_id)
    # Emil's desk hears it (over a server, by its own link).
    await next_event(emil_events, ChatAssigned, lambda e: e.chat.id == chat.id)
    assert chat.id in {c.id for c in await emil.my_chats()}


async def test_a_chat_leaving_a_monitors_units_is_announced_to_them(desk: DeskHarness) -> None:
    # Who saw the chat where it stood hears that it left (app.backends.events.hears).
    ana, maya = await desk.sign_in("ana"), await desk.sign_in("maya")
    maya_events = await maya.events()
    _, inquiry = await _support_inquiry(desk)
    chat = await ana.take(inquiry.id)
    await ana.transfer(chat.id, to_department_id=_department(desk, "Sales"))  # not Maya's unit
    left = of_kind(await desk.barrier(maya_events), ChatUnassigned)
    assert [(e.chat_id, e.previous_agent_id) for e in left] == [(chat.id, _person(desk, "ana"))]
    with pytest.raises(NotAllowed):
        await maya.chat(chat.id)


async def test_transfer_to_an_unavailable_agent_is_refused(desk: DeskHarness) -> None:
    ana = await desk.sign_in("ana")
    _, inquiry = await _support_inquiry(desk)
    chat = await ana.take(inquiry.id)
    with pytest.raises(Refused) as refused:
        await ana.transfer(chat.id, to_agent_id=_person(desk, "gabe"))  # Gabriel is offline
    assert_said_to_a_user(refused.value, desk, chat.id)
    assert "Gabriel Costa" in refused.value.message
    with pytest.raises(InvalidInput):
        await ana.transfer(chat.id)
    assert (await ana.chat(chat.id)).served_by_id == _person(desk, "ana")


async def test_unknown_targets_are_named_without_ids(desk: DeskHarness) -> None:
    ana = await desk.sign_in("ana")
    _, inquiry = await _support_inquiry(desk)
    chat = await ana.take(inquiry.id)
    for target in ("no-such-agent-17", _person(desk, "maya")):  # a monitor is no agent
        with pytest.raises(NotFound) as unknown:
            await ana.transfer(chat.id, to_agent_id=target)
        assert_said_to_a_user(unknown.value, desk, target, chat.id)
    with pytest.raises(NotFound) as unknown:
        await ana.contact("no-such-contact-17")
    assert_said_to_a_user(unknown.value, desk, "no-such-contact-17")
    with pytest.raises(NotFound) as unknown:
        await ana.chat("no-such-chat-17")
    assert_said_to_a_user(unknown.value, desk, "no-such-chat-17")


async def test_a_chat_on_hold_is_resumed_before_it_is_transferred(desk: DeskHarness) -> None:
    # Rocket.Chat refuses to transfer a room on hold ('error-room-onHold').
    ana, maya = await desk.sign_in("ana"), await desk.sign_in("maya")
    _, inquiry = await _support_inquiry(desk)
    chat = await ana.take(inquiry.id)
    await ana.put_on_hold(chat.id)
    for who in (ana, maya):
        with pytest.raises(Refused) as refused:
            await who.transfer(chat.id, to_agent_id=_person(desk, "bo"))
        assert refused.value.code == "chat-on-hold"
        assert_said_to_a_user(refused.value, desk, chat.id)
    await ana.resume(chat.id)
    assert (await ana.transfer(chat.id, to_agent_id=_person(desk, "bo"))).served_by_id == _person(desk, "bo")


# -- what each user may do ------------------------------------------------------------------

async def _capabilities(backend: Backend, chat_id: str, viewer: Backend) -> frozenset[Action]:
    return backend.capabilities((await viewer.chat(chat_id)).place)


async def test_capabilities_follow_the_policy(desk: DeskHarness) -> None:
    ana, bo = await desk.sign_in("ana"), await desk.sign_in("bo")
    maya, sam = await desk.sign_in("maya"), await desk.sign_in("sam")
    _, inquiry = await _support_inquiry(desk)
    waiting = (await ana.chat(inquiry.chat_id)).place
    assert ana.capabilities(waiting) == {Action.VIEW, Action.TAKE}
    # As Rocket.Chat's saveInfo; a monitor of the unit gives a waiting inquiry to an agent, and
    # may leave a note on it for whoever takes it.
    assert maya.capabilities(waiting) == {Action.VIEW, Action.EDIT_INFO, Action.ASSIGN, Action.NOTE}
    assert bo.capabilities(waiting) == {Action.VIEW, Action.TAKE}
    chat = await ana.take(inquiry.id)
    everything_but_take_and_resume = set(Action) - {
        Action.TAKE, Action.RESUME, Action.ASSIGN, Action.TAKE_FROM_QUEUE, Action.SET_AVAILABILITY,
        Action.SUPERVISE, Action.CONFIGURE, Action.VIEW_CONTACTS, Action.CREATE_CONTACT,
        Action.EDIT_CONTACT}
    assert await _capabilities(ana, chat.id, sam) == everything_but_take_and_resume
    assert await _capabilities(maya, chat.id, sam) == everything_but_take_and_resume - {Action.WRITE}
    assert await _capabilities(bo, chat.id, sam) == set()
    await ana.put_on_hold(chat.id)
    assert await _capabilities(ana, chat.id, sam) == {Action.VIEW, Action.CLOSE, Action.RESUME,
                                                      Action.EDIT_INFO, Action.VERIFY, Action.NOTE}
    # At the desk: agents take from the queue and say whether they are available; monitors and
    # admins supervise; admins are offered administration (monitors change their part through
    # the backend only); everyone looks up and creates contacts (Rocket.Chat's defaults).
    contacts = {Action.VIEW_CONTACTS, Action.CREATE_CONTACT}
    assert ana.capabilities() == {Action.TAKE_FROM_QUEUE, Action.SET_AVAILABILITY, *contacts}
    assert maya.capabilities() == {Action.SUPERVISE, *contacts}
    assert sam.capabilities() == {Action.SUPERVISE, Action.CONFIGURE, *contacts}


# -- availability ---------------------------------------------------------------------------

async def test_availability_respects_business_hours(desk: DeskHarness) -> None:
    needs_moving_time(desk)
    dara = await desk.sign_in("dara")  # Billing only: New York, Monday to Friday 9 to 17
    away = await dara.set_availability(Availability.NOT_AVAILABLE)
    assert away.availability is Availability.NOT_AVAILABLE
    with pytest.raises(Refused) as refused:  # 05:30 in New York
        await dara.set_availability(Availability.AVAILABLE)
    assert refused.value.code == "business-hours-closed"
    assert_said_to_a_user(refused.value, desk)
    desk.advance(timedelta(hours=4))  # 09:30 in New York
    assert (await dara.set_availability(Availability.AVAILABLE)).availability is Availability.AVAILABLE


async def test_admin_cannot_set_agent_availability_for_themselves(desk: DeskHarness) -> None:
    sam = await desk.sign_in("sam")
    with pytest.raises(NotAllowed):
        await sam.set_availability(Availability.AVAILABLE)


# -- on hold --------------------------------------------------------------------------------

async def test_on_hold_frees_a_place_under_the_limit_and_resume_takes_it_back(desk: DeskHarness) -> None:
    ana = await desk.sign_in("ana")
    events = await ana.events()
    held: list[str] = []
    for number in range(4):  # Support caps each agent at 4 open chats
        visitor = await desk.new_visitor(f"H{number}", Channel.SMS, f"+1 555 020{number}")
        inquiry = await desk.visitor_opens_chat(visitor, "hi", _department(desk, "Support"))
        held.append((await ana.take(inquiry.id)).id)
    _, fifth = await _support_inquiry(desk)
    paused = await ana.put_on_hold(held[0])
    assert paused.status is ChatStatus.ON_HOLD
    await next_event(events, ChatHoldChanged, lambda e: e.chat.id == held[0]
                     and e.chat.status is ChatStatus.ON_HOLD)
    assert {c.id for c in await ana.my_chats()} >= set(held)  # on-hold chats stay mine
    with pytest.raises(Refused) as on_hold:
        await ana.send_message(held[0], "still there?")
    assert on_hold.value.code == "chat-on-hold"
    await ana.take(fifth.id)  # the freed place
    with pytest.raises(Refused) as full:
        await ana.resume(held[0])
    assert full.value.code == "chat-limit-reached"
    assert_said_to_a_user(full.value, desk, held[0])
    await ana.close_chat(fifth.chat_id)
    assert (await ana.resume(held[0])).status is ChatStatus.OPEN
    with pytest.raises(Refused):
        await ana.resume(held[0])


# -- canned responses -----------------------------------------------------------------------

async def test_canned_responses_are_my_own_and_my_departments(desk: DeskHarness) -> None:
    ana, emil = await desk.sign_in("ana"), await desk.sign_in("emil")
    shared = await ana.canned_responses()
    pairs = {(r.department_id, r.shortcut) for r in shared}
    assert pairs >= {(_department(desk, "Support"), "hello"), (_department(desk, "Billing"), "refund")}
    assert not any(r.department_id == _department(desk, "Sales") for r in shared)
    mine = await ana.save_canned_response("!thanks", "Thank you for your patience.")
    assert (mine.shortcut, mine.owner_id, mine.personal) == ("thanks", _person(desk, "ana"), True)
    assert mine in await ana.canned_responses()
    assert mine not in await emil.canned_responses()
    changed = await ana.save_canned_response("thanks", "Thanks a lot for waiting.", response_id=mine.id)
    assert changed.text == "Thanks a lot for waiting."
    with pytest.raises(Refused) as duplicate:
        await ana.save_canned_response("thanks", "again")
    assert duplicate.value.code == "canned-duplicate"
    with pytest.raises(InvalidInput):
        await ana.save_canned_response("has space", "x")
    with pytest.raises(InvalidInput):
        await ana.save_canned_response("empty", "   ")
    department_one = next(r for r in shared if r.shortcut == "hello")
    with pytest.raises(NotAllowed):
        await ana.save_canned_response("hello", "mine now", response_id=department_one.id)
    with pytest.raises(NotAllowed):
        await emil.delete_canned_response(mine.id)
    await ana.delete_canned_response(mine.id)
    assert mine.id not in {r.id for r in await ana.canned_responses()}


# -- chat info ------------------------------------------------------------------------------

async def test_chat_info_and_managed_tags(desk: DeskHarness) -> None:
    ana = await desk.sign_in("ana")
    _, inquiry = await _support_inquiry(desk)
    chat = await ana.take(inquiry.id)
    tags = await ana.tags()
    assert {"refund", "vip"} <= set(tags)
    updated = await ana.update_chat_info(chat.id, topic="  Lost   parcel ", tags=["vip", "shipping"],
                                         priority=Priority.HIGH)
    assert (updated.topic, updated.tags) == ("Lost parcel", ("vip", "shipping"))
    assert updated.priority is Priority.HIGH
    with pytest.raises(InvalidInput) as unknown:
        await ana.update_chat_info(chat.id, topic="", tags=["made-up"], priority=Priority.LOW)
    assert unknown.value.code == "tag-unknown"
    with pytest.raises(InvalidInput):
        await ana.close_chat(chat.id, tags=["made-up"])
    assert (await ana.chat(chat.id)).status is ChatStatus.OPEN  # the refused close changed nothing
    bo = await desk.sign_in("bo")
    with pytest.raises(NotAllowed):
        await bo.update_chat_info(chat.id, topic="mine", tags=[], priority=Priority.LOW)
