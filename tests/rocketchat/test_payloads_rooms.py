"""Rocket.Chat's omnichannel rooms and inquiries read as Omnidesk's chats and inquiries: every
fixture is checked against core-typings' schema first, so only real shapes are read."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given, settings

from app.backends.rocketchat.payloads import (
    InquiryStatus,
    PayloadError,
    inquiry_status,
    read_chat,
    read_chat_summary,
    read_inquiry,
    updated_at,
    visitor_token,
)
from app.domain import Channel, ChatStatus, Priority
from tests.rocketchat import payload_fixtures as fixtures
from tests.rocketchat.schemas import validate_payload

ROOMS = "GET /v1/livechat/rooms"
QUEUE = "GET /v1/livechat/inquiries.queuedForUser"


def real_room(**changes: Any) -> dict[str, Any]:
    room = fixtures.room(**changes)
    validate_payload("IOmnichannelRoom", room)
    return room


def real_inquiry(**changes: Any) -> dict[str, Any]:
    inquiry = fixtures.inquiry(**changes)
    validate_payload("ILivechatInquiryRecord", inquiry)
    return inquiry


def test_a_served_room_reads_as_an_open_chat_with_rocket_chats_ids() -> None:
    chat = read_chat(real_room(), endpoint=ROOMS)
    assert chat.id == "8AuphbFBSNBjeZQFs"
    assert (chat.visitor_id, chat.visitor_name, chat.contact_id) == ("hPF84vuahYBZugM8L", "Hannah Kim",
                                                                     "contactHannah")
    assert chat.status is ChatStatus.OPEN
    assert chat.served_by_id == "rbAXPnMktTFbNpwtJ"
    assert chat.department_id == "CAJioQNAvLnYWTy8i"
    assert chat.unit_id == "unitSalesEurope"
    assert chat.channel is Channel.WIDGET
    assert chat.tags == ("refund", "vip")
    assert chat.topic == "Order 1234"
    assert chat.priority is Priority.HIGH
    assert chat.created_at == datetime(2026, 11, 25, 10, 1, 2, 345000, tzinfo=UTC)
    assert chat.last_message_at == datetime(2026, 11, 25, 10, 5, tzinfo=UTC)
    assert chat.closed_at is None


def test_the_summary_carries_the_agent_the_last_words_and_the_count() -> None:
    summary = read_chat_summary(real_room(), endpoint=ROOMS)
    assert (summary.served_by_id, summary.served_by_name) == ("rbAXPnMktTFbNpwtJ", "ana")
    assert summary.last_message == "Thanks, that helps"
    assert summary.message_count == 4
    assert summary.place == read_chat(real_room(), endpoint=ROOMS).place


def test_status_follows_open_served_by_and_on_hold() -> None:
    assert read_chat(real_room(onHold=True), endpoint=ROOMS).status is ChatStatus.ON_HOLD
    queued = fixtures.without(real_room(), "servedBy")
    validate_payload("IOmnichannelRoom", queued)
    assert read_chat(queued, endpoint=ROOMS).status is ChatStatus.QUEUED
    closed = fixtures.without(real_room(closedAt="2026-11-25T11:00:00.000Z", closer="user",
                                        closingMessage=fixtures.message(t="livechat-close", msg="Solved")),
                              "open")
    validate_payload("IOmnichannelRoom", closed)
    chat = read_chat(closed, endpoint=ROOMS)
    assert chat.status is ChatStatus.CLOSED
    assert chat.closed_at == datetime(2026, 11, 25, 11, tzinfo=UTC)
    assert chat.close_comment == "Solved"


@pytest.mark.parametrize(("source", "channel"), [
    ({"type": "widget"}, Channel.WIDGET), ({"type": "email"}, Channel.EMAIL), ({"type": "sms"}, Channel.SMS),
    ({"type": "api"}, Channel.API), ({"type": "other"}, Channel.API),
    ({"type": "app", "id": "whatsapp-app", "label": "WhatsApp"}, Channel.WHATSAPP),
    ({"type": "app", "id": "telegram-app", "label": "Telegram"}, Channel.API),
])
def test_the_channel_is_the_rooms_source(source: dict[str, str], channel: Channel) -> None:
    assert read_chat(real_room(source=source), endpoint=ROOMS).channel is channel


def test_ddp_dates_read_the_same_as_rest_dates() -> None:
    ddp = fixtures.as_ddp(real_room())
    validate_payload("IOmnichannelRoom", ddp)
    assert read_chat(ddp, endpoint="stream-notify-user") == read_chat(real_room(), endpoint=ROOMS)
    assert updated_at(ddp, kind="room", endpoint="stream-notify-user") == datetime(
        2026, 11, 25, 10, 5, 0, 100000, tzinfo=UTC)


def test_the_visitor_token_is_read() -> None:
    assert visitor_token(real_room(), endpoint=ROOMS) == "zdynf0a9vsiiiq1dlf9abf"


def test_a_room_without_a_contact_stands_in_its_visitor() -> None:
    room = fixtures.without(real_room(), "contactId")
    validate_payload("IOmnichannelRoom", room)
    assert read_chat(room, endpoint=ROOMS).contact_id == "hPF84vuahYBZugM8L"


def test_unknown_fields_are_ignored() -> None:
    room = real_room()
    assert read_chat({**room, "futureField": {"x": [1]}, "v": {**room["v"], "newThing": 1}},
                     endpoint=ROOMS) == read_chat(room, endpoint=ROOMS)


@pytest.mark.parametrize("field", ["_id", "t", "v", "v._id", "ts", "servedBy._id"])
def test_a_missing_required_field_is_named(field: str) -> None:
    with pytest.raises(PayloadError) as raised:
        read_chat(fixtures.without(real_room(), field), endpoint=ROOMS)
    assert (raised.value.field, raised.value.kind, raised.value.endpoint) == (field, "room", ROOMS)
    assert field in str(raised.value) and ROOMS in str(raised.value)


def test_a_room_of_another_type_is_refused() -> None:
    with pytest.raises(PayloadError, match="not an omnichannel room"):
        read_chat(fixtures.room(t="c"), endpoint=ROOMS)


def test_a_wrongly_typed_field_is_named() -> None:
    with pytest.raises(PayloadError) as raised:
        read_chat(fixtures.room(tags=["ok", 5]), endpoint=ROOMS)
    assert raised.value.field == "tags[1]"


def test_a_queued_inquiry_reads_as_an_inquiry() -> None:
    inquiry = read_inquiry(real_inquiry(), endpoint=QUEUE)
    assert (inquiry.id, inquiry.chat_id, inquiry.visitor_id) == ("xn5sKBatdkgDfjDLC", "8AuphbFBSNBjeZQFs",
                                                                  "hPF84vuahYBZugM8L")
    assert inquiry.visitor_name == "hk"
    assert inquiry.department_id == "CAJioQNAvLnYWTy8i"
    assert inquiry.priority is Priority.NOT_SPECIFIED
    assert inquiry.queued_at == datetime(2021, 7, 22, 14, 28, 57, 987000, tzinfo=UTC)
    assert inquiry.sla_due_at is None
    assert inquiry.preview == "My order never arrived"
    assert inquiry.blocked == ""
    assert inquiry_status(real_inquiry(), endpoint=QUEUE) is InquiryStatus.QUEUED


def test_an_inquiry_under_an_sla_is_due_its_minutes_after_it_queued() -> None:
    inquiry = read_inquiry(real_inquiry(slaId="sla15", estimatedWaitingTimeQueue=15, priorityWeight=1),
                           endpoint=QUEUE)
    assert inquiry.sla_due_at == datetime(2021, 7, 22, 14, 43, 57, 987000, tzinfo=UTC)
    assert inquiry.priority is Priority.HIGHEST


@pytest.mark.parametrize(("status", "waiting"), [("queued", True), ("ready", True), ("verifying", True),
                                                  ("taken", False), ("open", False)])
def test_inquiry_statuses_are_rocket_chats(status: str, waiting: bool) -> None:
    assert inquiry_status(real_inquiry(status=status), endpoint=QUEUE).waiting is waiting


def test_a_verifying_inquiry_says_why_it_cannot_be_taken() -> None:
    inquiry = read_inquiry(real_inquiry(status="verifying"), endpoint=QUEUE)
    assert inquiry.blocked == "error-unverified-contact"


def test_the_documentations_3x_example_still_reads() -> None:
    # developer.rocket.chat's example as published (no priorityWeight, 3.x fields): not 8.x's
    # shape, yet nothing in it that Omnidesk needs is missing.
    old = {**fixtures.without(fixtures.inquiry(), "priorityWeight"), "queueOrder": 1,
           "estimatedServiceTimeAt": "2021-07-22T14:28:57.987Z"}
    assert read_inquiry(old, endpoint=QUEUE).priority is Priority.NOT_SPECIFIED


@pytest.mark.parametrize("field", ["_id", "rid", "ts", "v", "v._id", "status"])
def test_an_inquiry_missing_a_required_field_is_named(field: str) -> None:
    with pytest.raises(PayloadError) as raised:
        read_inquiry(fixtures.without(real_inquiry(), field), endpoint=QUEUE)
    assert raised.value.field == field


def test_an_unknown_inquiry_status_is_named() -> None:
    with pytest.raises(PayloadError, match="status"):
        inquiry_status(fixtures.inquiry(status="lost"), endpoint=QUEUE)


@settings(max_examples=300)
@given(fixtures.JSON)
def test_any_json_reads_as_a_room_or_a_payload_error(payload: object) -> None:
    for reader in (read_chat, read_chat_summary, read_inquiry):
        try:
            reader(payload, endpoint=ROOMS)
        except PayloadError:
            pass


@settings(max_examples=300)
@given(fixtures.mutated(fixtures.room()))
def test_a_damaged_room_reads_or_is_a_payload_error(payload: object) -> None:
    for reader in (read_chat, read_chat_summary):
        try:
            reader(payload, endpoint=ROOMS)
        except PayloadError:
            pass


@settings(max_examples=300)
@given(fixtures.mutated(fixtures.inquiry()))
def test_a_damaged_inquiry_reads_or_is_a_payload_error(payload: object) -> None:
    try:
        read_inquiry(payload, endpoint=QUEUE)
        inquiry_status(payload, endpoint=QUEUE)
    except PayloadError:
        pass
