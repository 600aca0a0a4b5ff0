"""A monitor gives a waiting inquiry to an agent (Rocket.Chat's inquiries.take with a userId),
takes a chat over, and acts on the unit's chats: each checked by the policy in the engine's lock,
refused with a sentence naming people, and written in the chat's history."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from app.backends.contract import Backend
from app.backends.events import ChatAssigned
from app.clock import ManualClock
from app.domain import AuthorKind, ChatStatus
from app.errors import NotAllowed, NotFound, OmnideskError, Refused
from app.policy import Action
from tests.app.supervision_desk import inquiry_in, northwind_desk, sign_in
from tests.contract.checks import assert_said_to_a_user
from tests.contract.events import delivered_so_far
from tests.contract.harness import EmbeddedHarness


@pytest.fixture
async def desk(tmp_path: Path, clock: ManualClock) -> AsyncIterator[EmbeddedHarness]:
    async with northwind_desk(tmp_path, clock) as harness:
        yield harness


async def _notes(viewer: Backend, chat_id: str) -> list[tuple[str | None, str]]:
    return [(m.author_id, m.text) for m in (await viewer.messages(chat_id)).messages
            if m.author_kind is AuthorKind.SYSTEM]


async def test_a_monitor_assigns_an_inquiry_and_the_history_says_who_gave_it(desk: EmbeddedHarness) -> None:
    maya, bo = await sign_in(desk, "maya"), await sign_in(desk, "bo")
    bo_events = await bo.events()
    inquiry = await inquiry_in(desk, "Support")
    waiting_place = (await maya.chat(inquiry.chat_id)).place
    assert Action.ASSIGN in maya.capabilities(waiting_place)
    assert Action.ASSIGN not in bo.capabilities(waiting_place)
    chat = await maya.assign(inquiry.id, desk.org.person("bo").id)
    assert (chat.status, chat.served_by_name) == (ChatStatus.OPEN, "Bo Lindqvist")
    assert [c.id for c in await bo.my_chats()] == [chat.id]
    assert inquiry.id not in {i.id for i in await maya.queue()}
    assert await _notes(maya, chat.id) == [(desk.org.person("maya").id,
                                            "Maya Berg assigned the chat to Bo Lindqvist.")]
    assert any(isinstance(e, ChatAssigned) and e.chat.id == chat.id and not e.by_routing
               for e in delivered_so_far(bo_events))


async def test_an_admin_assigns_in_any_unit(desk: EmbeddedHarness) -> None:
    sam, emil = await sign_in(desk, "sam"), await sign_in(desk, "emil")
    inquiry = await inquiry_in(desk, "Sales")
    assert (await sam.assign(inquiry.id, desk.org.person("emil").id)).served_by_name == "Emil Novak"
    assert len(await emil.my_chats()) == 1


async def _refused(desk: EmbeddedHarness, attempt: object) -> OmnideskError:
    assert asyncio.iscoroutine(attempt)
    with pytest.raises(OmnideskError) as refused:
        await attempt
    assert_said_to_a_user(refused.value, desk)
    return refused.value


async def test_assigning_is_refused_with_the_reason_and_leaves_the_inquiry_waiting(
    desk: EmbeddedHarness
) -> None:
    maya, ana, bo = await sign_in(desk, "maya"), await sign_in(desk, "ana"), await sign_in(desk, "bo")
    await sign_in(desk, "emil")
    person = desk.org.person
    waiting = await inquiry_in(desk, "Support")
    for number in range(4):  # Support's own cap is 4 chats per agent
        await bo.take((await inquiry_in(desk, "Support", f"Busy {number}")).id)
    cases = [
        (person("gabe").id, Refused, "agent-not-available", "Gabriel Costa cannot take chats now"),
        (person("emil").id, Refused, "agent-not-in-department", "Emil Novak is not in Support"),
        (person("bo").id, Refused, "chat-limit-reached", "Bo Lindqvist is at their chat limit"),
        (person("maya").id, NotFound, "agent-unknown", "Maya Berg is not an agent"),
        ("no-such-agent", NotFound, "agent-unknown", "That agent does not exist"),
    ]
    for agent_id, kind, code, starts in cases:
        error = await _refused(desk, maya.assign(waiting.id, agent_id))
        assert isinstance(error, kind) and error.code == code, error
        assert error.message.startswith(starts), error.message
    assert waiting.id in {i.id for i in await maya.queue()}
    assert await _notes(maya, waiting.chat_id) == []
    # An agent gives no chats away; a taken inquiry is gone.
    assert isinstance(await _refused(desk, ana.assign(waiting.id, person("ana").id)), NotAllowed)
    await ana.take(waiting.id)
    gone = await _refused(desk, maya.assign(waiting.id, person("bo").id))
    assert isinstance(gone, NotFound) and gone.code == "inquiry-gone"


async def test_a_monitor_assigning_while_an_agent_takes_leaves_one_winner(desk: EmbeddedHarness) -> None:
    maya, ana, bo = await sign_in(desk, "maya"), await sign_in(desk, "ana"), await sign_in(desk, "bo")
    ana_id, bo_id = desk.org.person("ana").id, desk.org.person("bo").id
    winners: set[str] = set()
    for number in range(10):
        inquiry = await inquiry_in(desk, "Support", f"Racer {number}")
        work = [maya.assign(inquiry.id, bo_id), ana.take(inquiry.id)]
        if number % 2:
            work.reverse()
        results = await asyncio.gather(*work, return_exceptions=True)
        lost = [r for r in results if isinstance(r, BaseException)]
        assert len(lost) == 1 and isinstance(lost[0], NotFound) and lost[0].code == "inquiry-gone"
        final = await maya.chat(inquiry.chat_id)
        winners.add(final.served_by_id or "")
        assert len(await _notes(maya, inquiry.chat_id)) == 1
        await maya.close_chat(inquiry.chat_id)
    assert winners == {ana_id, bo_id}
    assert (await bo.my_chats(), await ana.my_chats()) == ([], [])


async def test_a_monitor_who_is_an_agent_takes_a_chat_over_and_one_who_is_not_is_told(
    desk: EmbeddedHarness
) -> None:
    tomas, emil = await sign_in(desk, "tomas"), await sign_in(desk, "emil")
    maya, ana = await sign_in(desk, "maya"), await sign_in(desk, "ana")
    sales = await emil.take((await inquiry_in(desk, "Sales", "Sol Sales")).id)
    over = await tomas.transfer(sales.id, to_agent_id=desk.org.person("tomas").id)
    assert over.served_by_name == "Tomás Ruiz"
    assert (await _notes(tomas, sales.id))[-1] == (desk.org.person("tomas").id,
                                                    "Tomás Ruiz took the chat over from Emil Novak.")
    support = await ana.take((await inquiry_in(desk, "Support")).id)
    refused = await _refused(desk, maya.transfer(support.id, to_agent_id=desk.org.person("maya").id))
    assert isinstance(refused, NotFound)
    assert refused.message == "Maya Berg is not an agent: only agents can serve chats."
    assert (await maya.chat(support.id)).served_by_id == desk.org.person("ana").id


async def test_what_a_monitor_does_to_a_unit_chat_is_in_its_history(desk: EmbeddedHarness) -> None:
    maya, ana = await sign_in(desk, "maya"), await sign_in(desk, "ana")
    await sign_in(desk, "bo")
    chat = await ana.take((await inquiry_in(desk, "Support")).id)
    await maya.put_on_hold(chat.id)
    await maya.resume(chat.id)
    await maya.transfer(chat.id, to_agent_id=desk.org.person("bo").id, comment="Bo knows this one")
    await maya.close_chat(chat.id, comment="Sorted")
    maya_id = desk.org.person("maya").id
    assert [text for author, text in await _notes(maya, chat.id) if author == maya_id] == [
        "Maya Berg put the chat on hold.",
        "Maya Berg resumed the chat.",
        "Maya Berg transferred the chat to Bo Lindqvist: Bo knows this one",
        "Maya Berg closed the chat: Sorted",
    ]
