"""What every backend's desk remembers for its user (DeskMemory): drafts, read positions and
announced inquiries, each the user's own."""

from __future__ import annotations

import pytest

from app.backends.contract import Backend, DeskMemory
from app.domain import Channel, Inquiry
from app.errors import InvalidInput, NotAllowed
from tests.contract.harness import DeskHarness


def memory_of(backend: Backend) -> DeskMemory:
    assert isinstance(backend, DeskMemory), "every backend keeps what its user's desk remembers"
    return backend


async def _waiting(desk: DeskHarness, name: str = "Iris Vale") -> Inquiry:
    visitor = await desk.new_visitor(name, Channel.EMAIL, f"{name.split()[0].lower()}@example.com")
    return await desk.visitor_opens_chat(visitor, "My parcel never came.", desk.org.department("Support").id)


async def test_a_draft_is_its_writers_and_goes_when_sent(desk: DeskHarness) -> None:
    ana, bo = await desk.sign_in("ana"), await desk.sign_in("bo")
    chat = await ana.take((await _waiting(desk)).id)
    await memory_of(ana).save_draft(chat.id, "Let me check")
    await memory_of(ana).save_draft(chat.id, "Let me check the tracking")
    assert await memory_of(ana).drafts() == {chat.id: "Let me check the tracking"}
    assert await memory_of(bo).drafts() == {}
    with pytest.raises(NotAllowed):
        await memory_of(bo).save_draft(chat.id, "not my chat")
    with pytest.raises(InvalidInput):
        await memory_of(ana).save_draft(chat.id, "x" * 1_000_000)
    await ana.send_message(chat.id, "Let me check the tracking")
    assert await memory_of(ana).drafts() == {}
    await memory_of(ana).save_draft(chat.id, "Found it")
    await ana.close_chat(chat.id)
    assert await memory_of(ana).drafts() == {}  # a closed chat's reply is out of sight


async def test_unread_counts_visitor_messages_after_the_read_position(desk: DeskHarness) -> None:
    ana = await desk.sign_in("ana")
    chat = await ana.take((await _waiting(desk)).id)
    first = (await ana.messages(chat.id)).messages[-1]
    await memory_of(ana).mark_read(chat.id, first.id)
    assert await memory_of(ana).unread_counts() == {}
    second = await desk.visitor_writes(chat.id, "Any news?")
    await ana.send_message(chat.id, "Looking")  # one's own message is never unread
    await desk.visitor_writes(chat.id, "Thanks")
    assert await memory_of(ana).unread_counts() == {chat.id: 2}
    await memory_of(ana).mark_read(chat.id, second.id)
    assert await memory_of(ana).unread_counts() == {chat.id: 1}
    await memory_of(ana).mark_read(chat.id, first.id)  # an older position never moves it back
    assert await memory_of(ana).unread_counts() == {chat.id: 1}
    bo = await desk.sign_in("bo")
    with pytest.raises(NotAllowed):
        await memory_of(bo).mark_read(chat.id, second.id)  # Bo may not see Ana's open chat


async def test_an_inquiry_is_announced_once_per_user(desk: DeskHarness) -> None:
    ana, bo = await desk.sign_in("ana"), await desk.sign_in("bo")
    inquiry = await _waiting(desk)
    assert await memory_of(ana).announced([inquiry.id]) == set()
    await memory_of(ana).mark_announced([inquiry.id, "no-such-inquiry"])
    assert await memory_of(ana).announced([inquiry.id, "no-such-inquiry"]) == {inquiry.id}
    assert await memory_of(bo).announced([inquiry.id]) == set()
