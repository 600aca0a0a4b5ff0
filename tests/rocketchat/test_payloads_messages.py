"""Rocket.Chat's messages read as Omnidesk's: who wrote them (visitor, agent, system line), files,
edits and removals; a message sent with the desk's id comes back as the same message."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given, settings

from app.backends.rocketchat.payloads import PayloadError, is_shown, message_type, read_message
from app.backends.rocketchat.payloads.file_ids import server_file_id
from app.backends.rocketchat.payloads.requests import SEND_MESSAGE, send_message_body
from app.domain import AuthorKind
from tests.rocketchat import payload_fixtures as fixtures
from tests.rocketchat.schemas import validate_payload, validate_request

HISTORY = "GET /v1/chat.syncMessages"
STREAM = "stream-room-messages"


RECEIPT = {"_id": "fileX", "name": "receipt.png", "type": "image/png", "format": "png", "size": 48213}


def real_message(type_name: str = "IMessage", **changes: Any) -> dict[str, Any]:
    message = fixtures.message(**changes)
    validate_payload(type_name, message)
    return message


def test_a_visitors_message_carries_their_token() -> None:
    message = read_message(real_message(), endpoint=HISTORY)
    assert (message.id, message.chat_id) == ("aobEdbYhXfu5hkeqG", "8AuphbFBSNBjeZQFs")
    assert message.author_kind is AuthorKind.VISITOR
    assert (message.author_id, message.author_name) == ("hPF84vuahYBZugM8L", "Hannah Kim")
    assert message.text == "Hello, my order never arrived"
    assert message.sent_at == datetime(2026, 11, 25, 10, 1, 5, tzinfo=UTC)
    assert message.attachment is None


def test_a_message_without_a_token_is_staffs() -> None:
    payload = fixtures.without(real_message(u=dict(fixtures.AGENT)), "token")
    validate_payload("IMessage", payload)
    message = read_message(payload, endpoint=HISTORY)
    assert message.author_kind is AuthorKind.AGENT
    assert message.author_name == "Ana Souza"


@pytest.mark.parametrize("kind", ["livechat-started", "uj", "livechat-close", "livechat_transfer_history",
                                  "omnichannel_placed_chat_on_hold", "omnichannel_on_hold_chat_resumed"])
def test_a_typed_message_is_a_system_line(kind: str) -> None:
    payload = fixtures.without(real_message(t=kind, msg="Solved", u=dict(fixtures.AGENT)), "token")
    validate_payload("IMessage", payload)
    message = read_message(payload, endpoint=STREAM)
    assert message.author_kind is AuthorKind.SYSTEM
    assert message.text == "Solved"
    assert message_type(payload, endpoint=STREAM) == kind


def test_a_removed_message_keeps_its_place_without_its_text() -> None:
    payload = real_message(t="rm", msg="", _updatedAt="2026-11-25T10:03:00.000Z")
    message = read_message(payload, endpoint=STREAM)
    assert message.author_kind is AuthorKind.VISITOR
    assert message.text == ""
    assert message.deleted_at == datetime(2026, 11, 25, 10, 3, tzinfo=UTC)


def test_an_edit_is_read() -> None:
    payload = real_message("IEditedMessage", msg="Hello, my order (#1234) never arrived",
                           editedAt="2026-11-25T10:02:00.000Z",
                           editedBy={"_id": "hPF84vuahYBZugM8L", "username": "guest-535"})
    message = read_message(payload, endpoint=STREAM)
    assert message.edited_at == datetime(2026, 11, 25, 10, 2, tzinfo=UTC)
    assert message.edited_by == "guest-535"


def test_a_file_message_carries_its_file_and_picture_size() -> None:
    payload = real_message(
        msg="", file=dict(RECEIPT), files=[dict(RECEIPT)],
        attachments=[{"title": "receipt.png", "type": "file", "image_url": "/file-upload/fileX/receipt.png",
                      "image_type": "image/png", "image_size": 48213,
                      "image_dimensions": {"width": 640, "height": 480}}])
    attachment = read_message(payload, endpoint=HISTORY).attachment
    assert attachment is not None
    assert (server_file_id(attachment.id), attachment.name, attachment.media_type, attachment.size) == (
        "fileX", "receipt.png", "image/png", 48213)
    assert (attachment.width, attachment.height) == (640, 480)


def test_hidden_old_versions_are_not_shown() -> None:
    assert is_shown(real_message(), endpoint=HISTORY)
    assert not is_shown(real_message(_hidden=True), endpoint=HISTORY)


def test_a_message_sent_with_the_desks_id_comes_back_as_the_same_message() -> None:
    body = send_message_body("desk-7f3a9c", "8AuphbFBSNBjeZQFs", "Let me check that for you")
    validate_request(*SEND_MESSAGE, body)
    # What chat.sendMessage answers and stream-room-messages pushes: the message, with its _id.
    echoed = fixtures.without(real_message(**body["message"], u=dict(fixtures.AGENT)), "token")
    validate_payload("IMessage", echoed)
    message = read_message(fixtures.as_ddp(echoed), endpoint=STREAM)
    assert (message.id, message.chat_id, message.text) == ("desk-7f3a9c", "8AuphbFBSNBjeZQFs",
                                                           "Let me check that for you")
    assert message.author_kind is AuthorKind.AGENT


def test_unknown_fields_are_ignored() -> None:
    payload = real_message()
    assert read_message({**payload, "md": [{"type": "PARAGRAPH"}], "newField": 1},
                        endpoint=HISTORY) == read_message(payload, endpoint=HISTORY)


@pytest.mark.parametrize("field", ["_id", "rid", "ts", "u", "u._id"])
def test_a_missing_required_field_is_named(field: str) -> None:
    with pytest.raises(PayloadError) as raised:
        read_message(fixtures.without(real_message(), field), endpoint=HISTORY)
    assert (raised.value.field, raised.value.kind) == (field, "message")


def test_a_date_that_is_no_date_is_named() -> None:
    with pytest.raises(PayloadError, match=r"ts is a string, not a date"):
        read_message(fixtures.message(ts="yesterday"), endpoint=HISTORY)


@settings(max_examples=300)
@given(fixtures.JSON)
def test_any_json_reads_as_a_message_or_a_payload_error(payload: object) -> None:
    try:
        read_message(payload, endpoint=HISTORY)
    except PayloadError:
        pass


@settings(max_examples=300)
@given(fixtures.mutated(fixtures.message(file={"_id": "f", "name": "a.png", "type": "image/png", "size": 3},
                                         attachments=[{"image_dimensions": {"width": 1, "height": 2}}])))
def test_a_damaged_message_reads_or_is_a_payload_error(payload: object) -> None:
    try:
        read_message(payload, endpoint=HISTORY)
        is_shown(payload, endpoint=HISTORY)
    except PayloadError:
        pass
