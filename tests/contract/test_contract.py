"""The behaviour every backend must have. Runs against each harness in conftest.py."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.backends.events import (
    ChatAssigned,
    ChatClosed,
    ChatUnassigned,
    InquiryQueued,
    InquiryRemoved,
    MessageAdded,
)
from app.domain import Availability, Channel, ChatStatus, Priority, Role
from app.domain.message import MAX_MESSAGE_CHARS
from app.errors import InvalidInput, NotAllowed, NotFound, Refused
from tests.contract.events import events_until, next_event
from tests.contract.harness import DeskHarness

SUPPORT, BILLING, SALES = "dep-support", "dep-billing", "dep-sales"


async def _support_inquiry(desk: DeskHarness, text: str = "My parcel never came."):
    visitor = await desk.new_visitor("Iris Vale", Channel.EMAIL, "iris@example.com")
    return visitor, await desk.visitor_opens_chat(visitor, text, SUPPORT)


# -- who am I -------------------------------------------------------------------------------

async def test_me_carries_roles_departments_and_units(desk: DeskHarness) -> None:
    ana = await (await desk.sign_in("ana")).me()
    maya = await (await desk.sign_in("maya")).me()
    sam = await (await desk.sign_in("sam")).me()
    assert ana.roles == {Role.AGENT} and ana.department_ids == {SUPPORT, BILLING}
    assert maya.roles == {Role.MONITOR} and maya.unit_ids == {"unit-care"}
    assert maya.unit_department_ids == {SUPPORT, BILLING}
    assert sam.is_admin and not sam.is_agent


# -- queue ----------------------------------------------------------------------------------

async def test_queue_is_scoped_to_departments_plus_public(desk: DeskHarness) -> None:
    ana_queue = await (await desk.sign_in("ana")).queue()
    emil_queue = await (await desk.sign_in("emil")).queue()
    admin_queue = await (await desk.sign_in("sam")).queue()
    assert {i.department_id for i in ana_queue} == {SUPPORT, BILLING, None}
    assert {i.department_id for i in emil_queue} == {SALES, None}
    assert len(admin_queue) == 10
    assert [i.queued_at for i in ana_queue] == sorted(i.queued_at for i in ana_queue)


async def test_monitor_sees_the_queue_of_their_units(desk: DeskHarness) -> None:
    maya_queue = await (await desk.sign_in("maya")).queue()
    assert {i.department_id for i in maya_queue} == {SUPPORT, BILLING, None}


async def test_new_inquiry_is_announced_only_to_its_department(desk: DeskHarness) -> None:
    bo_events = (await desk.sign_in("bo")).events()
    emil_events = (await desk.sign_in("emil")).events()
    _, inquiry = await _support_inquiry(desk)
    queued = await next_event(bo_events, InquiryQueued)
    assert queued.inquiry.id == inquiry.id and queued.inquiry.preview == "My parcel never came."
    # A Sales inquiry opened afterwards reaches Emil; the Support one must not have come before it.
    buyer = await desk.new_visitor("Sol Buyer", Channel.EMAIL, "sol@example.com")
    sales = await desk.visitor_opens_chat(buyer, "A quote, please.", SALES)
    seen = await events_until(emil_events, InquiryQueued, lambda e: e.inquiry.id == sales.id)
    assert [e.inquiry.id for e in seen if isinstance(e, InquiryQueued)] == [sales.id]


# -- take -----------------------------------------------------------------------------------

async def test_take_moves_the_inquiry_to_my_chats(desk: DeskHarness) -> None:
    ana = await desk.sign_in("ana")
    bo_events = (await desk.sign_in("bo")).events()
    ana_events = ana.events()
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
    await ana.set_availability(Availability.AVAILABLE)
    assert (await ana.take(inquiry.id)).id == inquiry.chat_id


async def test_take_is_refused_at_the_chat_limit(desk: DeskHarness) -> None:
    # Support caps each agent at 4 open chats.
    ana = await desk.sign_in("ana")
    for number in range(4):
        visitor = await desk.new_visitor(f"V{number}", Channel.SMS, f"+1 555 010{number}")
        await ana.take((await desk.visitor_opens_chat(visitor, "hello", SUPPORT)).id)
    _, fifth = await _support_inquiry(desk)
    with pytest.raises(Refused) as refused:
        await ana.take(fifth.id)
    assert refused.value.code == "chat-limit-reached"
    assert "limit is 4" in refused.value.message
    assert fifth.id in {i.id for i in await ana.queue()}


# -- messages -------------------------------------------------------------------------------

async def test_messages_flow_both_ways_with_events(desk: DeskHarness) -> None:
    ana = await desk.sign_in("ana")
    events = ana.events()
    _, inquiry = await _support_inquiry(desk)
    chat = await ana.take(inquiry.id)
    sent = await ana.send_message(chat.id, "Let me check the tracking for you.")
    received = await desk.visitor_writes(chat.id, "Thanks!")
    texts = [m.text for m in await ana.messages(chat.id)]
    assert texts[0] == "My parcel never came."
    assert texts[-2:] == ["Let me check the tracking for you.", "Thanks!"]
    seen = await events_until(events, MessageAdded, lambda e: e.message.id == received.id)
    added = [e.message.id for e in seen if isinstance(e, MessageAdded)]
    assert sent.id in added and received.id in added


async def test_messages_page_backwards(desk: DeskHarness) -> None:
    ana = await desk.sign_in("ana")
    _, inquiry = await _support_inquiry(desk)
    chat = await ana.take(inquiry.id)
    for number in range(10):
        await ana.send_message(chat.id, f"line {number}")
    newest = await ana.messages(chat.id, limit=4)
    older = await ana.messages(chat.id, before_id=newest[0].id, limit=4)
    assert [m.text for m in newest] == ["line 6", "line 7", "line 8", "line 9"]
    assert [m.text for m in older] == ["line 2", "line 3", "line 4", "line 5"]


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
    assert (await ana.messages(chat.id))[-1].text == at_limit.text


async def test_markup_is_stored_literally(desk: DeskHarness) -> None:
    ana = await desk.sign_in("ana")
    hostile = '<script>alert("x")</script><b>bold</b> &amp; \'; DROP TABLE messages; --'
    visitor = await desk.new_visitor("Mallory", Channel.WIDGET, "widget")
    inquiry = await desk.visitor_opens_chat(visitor, hostile, SUPPORT)
    assert inquiry.id in {i.id for i in await ana.queue() if i.preview == hostile}
    chat = await ana.take(inquiry.id)
    await ana.send_message(chat.id, hostile)
    assert [m.text for m in await ana.messages(chat.id) if m.author_kind != "system"] == [hostile] * 2


async def test_only_the_serving_agent_writes(desk: DeskHarness) -> None:
    ana, bo = await desk.sign_in("ana"), await desk.sign_in("bo")
    _, inquiry = await _support_inquiry(desk)
    chat = await ana.take(inquiry.id)
    with pytest.raises(NotAllowed):
        await bo.send_message(chat.id, "hi")


# -- close ----------------------------------------------------------------------------------

async def test_close_with_comment_and_tags_lands_in_contact_history(desk: DeskHarness) -> None:
    ana = await desk.sign_in("ana")
    events = ana.events()
    visitor, inquiry = await _support_inquiry(desk)
    chat = await ana.take(inquiry.id)
    await ana.send_message(chat.id, "Found it: the courier has your parcel.")
    desk.advance(timedelta(minutes=5))
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
    ana = await desk.sign_in("ana")
    visitor = await desk.new_visitor("Rui Lobo", Channel.WHATSAPP, "+351 900 000 001")
    for topic in ("refund for order 1", "password reset", "refund again"):
        chat = await ana.take((await desk.visitor_opens_chat(visitor, topic, SUPPORT)).id)
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


# -- search ---------------------------------------------------------------------------------

async def test_search_finds_words_in_visible_chats_only(desk: DeskHarness) -> None:
    ana, emil = await desk.sign_in("ana"), await desk.sign_in("emil")
    _, inquiry = await _support_inquiry(desk, "The zebracorn figurine arrived broken")
    hits = await ana.search("zebracorn broke")
    assert [h.message.chat_id for h in hits] == [inquiry.chat_id]
    assert "zebracorn" in hits[0].snippet
    assert await emil.search("zebracorn") == []
    assert await ana.search('"" OR * NEAR(') == []


# -- transfer -------------------------------------------------------------------------------

async def test_transfer_to_an_agent_keeps_history(desk: DeskHarness) -> None:
    ana, bo = await desk.sign_in("ana"), await desk.sign_in("bo")
    bo_events = bo.events()
    _, inquiry = await _support_inquiry(desk)
    chat = await ana.take(inquiry.id)
    moved = await ana.transfer(chat.id, to_agent_id=(await bo.me()).id, comment="Bo knows couriers")
    assert moved.served_by_id == (await bo.me()).id
    assigned = await next_event(bo_events, ChatAssigned, lambda e: e.chat.id == chat.id)
    assert assigned.previous_agent_id == (await ana.me()).id
    assert chat.id not in {c.id for c in await ana.my_chats()}
    transfers = (await bo.chat(chat.id)).transfers
    assert [(t.to_agent_id, t.comment) for t in transfers] == [("u-bo", "Bo knows couriers")]


async def test_transfer_to_a_department_requeues_the_chat(desk: DeskHarness) -> None:
    ana, emil = await desk.sign_in("ana"), await desk.sign_in("emil")
    ana_events, emil_events = ana.events(), emil.events()
    _, inquiry = await _support_inquiry(desk)
    chat = await ana.take(inquiry.id)
    # Department wins over agent, as in Rocket.Chat.
    await ana.transfer(chat.id, to_agent_id="u-bo", to_department_id=SALES)
    await next_event(ana_events, ChatUnassigned, lambda e: e.chat_id == chat.id)
    queued = await next_event(emil_events, InquiryQueued, lambda e: e.inquiry.chat_id == chat.id)
    assert queued.inquiry.department_id == SALES
    taken = await emil.take(queued.inquiry.id)
    assert taken.department_id == SALES


async def test_transfer_to_an_unavailable_agent_is_refused(desk: DeskHarness) -> None:
    ana = await desk.sign_in("ana")
    _, inquiry = await _support_inquiry(desk)
    chat = await ana.take(inquiry.id)
    with pytest.raises(Refused):
        await ana.transfer(chat.id, to_agent_id="u-gabe")  # gabe is offline
    with pytest.raises(InvalidInput):
        await ana.transfer(chat.id)
    assert (await ana.chat(chat.id)).served_by_id == "u-ana"


# -- availability ---------------------------------------------------------------------------

async def test_availability_respects_business_hours(desk: DeskHarness) -> None:
    dara = await desk.sign_in("dara")  # Billing only: New York, Monday to Friday 9 to 17
    away = await dara.set_availability(Availability.NOT_AVAILABLE)
    assert away.availability is Availability.NOT_AVAILABLE
    with pytest.raises(Refused) as refused:  # 05:30 in New York
        await dara.set_availability(Availability.AVAILABLE)
    assert refused.value.code == "business-hours-closed"
    desk.advance(timedelta(hours=4))  # 09:30 in New York
    assert (await dara.set_availability(Availability.AVAILABLE)).availability is Availability.AVAILABLE


async def test_admin_cannot_set_agent_availability_for_themselves(desk: DeskHarness) -> None:
    sam = await desk.sign_in("sam")
    with pytest.raises(NotAllowed):
        await sam.set_availability(Availability.AVAILABLE)


# -- on hold --------------------------------------------------------------------------------

async def test_on_hold_frees_a_place_under_the_limit_and_resume_takes_it_back(desk: DeskHarness) -> None:
    ana = await desk.sign_in("ana")
    events = ana.events()
    held: list[str] = []
    for number in range(4):  # Support caps each agent at 4 open chats
        visitor = await desk.new_visitor(f"H{number}", Channel.SMS, f"+1 555 020{number}")
        held.append((await ana.take((await desk.visitor_opens_chat(visitor, "hi", SUPPORT)).id)).id)
    _, fifth = await _support_inquiry(desk)
    paused = await ana.put_on_hold(held[0])
    assert paused.status is ChatStatus.ON_HOLD
    await next_event(events, ChatAssigned, lambda e: e.chat.id == held[0]
                     and e.chat.status is ChatStatus.ON_HOLD)
    assert {c.id for c in await ana.my_chats()} >= set(held)  # on-hold chats stay mine
    with pytest.raises(Refused) as on_hold:
        await ana.send_message(held[0], "still there?")
    assert on_hold.value.code == "chat-on-hold"
    await ana.take(fifth.id)  # the freed place
    with pytest.raises(Refused) as full:
        await ana.resume(held[0])
    assert full.value.code == "chat-limit-reached"
    await ana.close_chat(fifth.chat_id)
    assert (await ana.resume(held[0])).status is ChatStatus.OPEN
    with pytest.raises(Refused):
        await ana.resume(held[0])


# -- canned responses -----------------------------------------------------------------------

async def test_canned_responses_are_my_own_and_my_departments(desk: DeskHarness) -> None:
    ana, emil = await desk.sign_in("ana"), await desk.sign_in("emil")
    shared = await ana.canned_responses()
    pairs = {(r.department_id, r.shortcut) for r in shared}
    assert pairs >= {("dep-support", "hello"), ("dep-billing", "refund")}
    assert not any(r.department_id == "dep-sales" for r in shared)
    mine = await ana.save_canned_response("!thanks", "Thank you for your patience.")
    assert (mine.shortcut, mine.owner_id, mine.personal) == ("thanks", "u-ana", True)
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
