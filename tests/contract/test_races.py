"""Two people act on the same chat at the same moment. Exactly one wins; the other is told why in a
sentence (no ids); the chat ends as the winner alone would have left it, and the refused command
left no trace. Each race runs for many rounds on fresh chats, alternating which command is issued
first, so every backend meets both orders."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from functools import partial

from app.backends.contract import Backend
from app.domain import AuthorKind, Channel, ChatStatus, ChatSummary, Message
from app.errors import NotAllowed, NotFound, Refused
from tests.contract.checks import assert_said_to_a_user
from tests.contract.harness import DeskHarness

ROUNDS = 20

Work = Callable[[], Awaitable[object]]


async def _at_once(first: Work, second: Work, *, round_number: int) -> tuple[object, object]:
    """Both commands at the same moment, results in (first, second) order; odd rounds issue the
    second one first."""
    if round_number % 2:
        second_result, first_result = await asyncio.gather(second(), first(), return_exceptions=True)
    else:
        first_result, second_result = await asyncio.gather(first(), second(), return_exceptions=True)
    return first_result, second_result


def _winner(results: tuple[object, object], desk: DeskHarness, *ids: str) -> int:
    """Which of the two won; the other must have failed with an error said to the user."""
    won = [index for index, result in enumerate(results) if not isinstance(result, BaseException)]
    assert len(won) == 1, f"exactly one command should win: {results!r}"
    lost = results[1 - won[0]]
    assert isinstance(lost, NotAllowed | Refused | NotFound), repr(lost)
    assert_said_to_a_user(lost, desk, *ids)
    return won[0]


async def _notes(viewer: Backend, chat_id: str) -> list[Message]:
    """The chat's system messages: one for each change made to it."""
    return [m for m in (await viewer.messages(chat_id)).messages if m.author_kind is AuthorKind.SYSTEM]


async def _taken(desk: DeskHarness, agent: Backend, number: int) -> ChatSummary:
    visitor = await desk.new_visitor(f"Racer {number}", Channel.WIDGET, f"widget visitor {number}")
    inquiry = await desk.visitor_opens_chat(visitor, f"Question {number}", desk.org.department("Support").id)
    return await agent.take(inquiry.id)


async def _tidy(admin: Backend, chat_id: str) -> None:
    """Close what a round left active, so later rounds stay under the agents' limits."""
    if (await admin.chat(chat_id)).is_active:
        await admin.close_chat(chat_id)


async def test_an_agent_transfers_a_chat_while_closing_it(desk: DeskHarness) -> None:
    ana, sam = await desk.sign_in("ana"), await desk.sign_in("sam")
    await desk.sign_in("bo")
    ana_id, bo_id = desk.org.person("ana").id, desk.org.person("bo").id
    winners: set[int] = set()
    for number in range(ROUNDS):
        chat = await _taken(desk, ana, number)
        transferred, closed = await _at_once(
            partial(ana.transfer, chat.id, to_agent_id=bo_id, comment="Over to Bo"),
            partial(ana.close_chat, chat.id, comment="Solved"), round_number=number)
        won = _winner((transferred, closed), desk, chat.id)
        final = await sam.chat(chat.id)
        if won == 0:
            assert (final.status, final.served_by_id) == (ChatStatus.OPEN, bo_id)
            assert [(t.by_id, t.to_agent_id) for t in final.transfers] == [(ana_id, bo_id)]
            assert isinstance(closed, NotAllowed)
        else:  # never "closed by Ana while served by Bo"
            assert (final.status, final.served_by_id, final.transfers) == (ChatStatus.CLOSED, ana_id, ())
            assert isinstance(transferred, Refused) and transferred.code == "chat-closed"
        assert [n.author_id for n in await _notes(sam, chat.id)] == [ana_id, ana_id]
        winners.add(won)
        await _tidy(sam, chat.id)
    assert winners == {0, 1}, "both orders should have happened"


async def test_two_agents_take_the_same_inquiry(desk: DeskHarness) -> None:
    ana, bo, sam = await desk.sign_in("ana"), await desk.sign_in("bo"), await desk.sign_in("sam")
    agents = ((ana, desk.org.person("ana").id), (bo, desk.org.person("bo").id))
    winners: set[int] = set()
    for number in range(ROUNDS):
        visitor = await desk.new_visitor(f"Racer {number}", Channel.SMS, f"+1 555 030{number:02d}")
        inquiry = await desk.visitor_opens_chat(visitor, "Anyone?", desk.org.department("Support").id)
        results = await _at_once(partial(ana.take, inquiry.id), partial(bo.take, inquiry.id),
                                 round_number=number)
        won = _winner(results, desk, inquiry.id, inquiry.chat_id)
        lost = results[1 - won]
        assert isinstance(lost, NotFound) and lost.code == "inquiry-gone"
        winner_id = agents[won][1]
        final = await sam.chat(inquiry.chat_id)
        assert (final.status, final.served_by_id) == (ChatStatus.OPEN, winner_id)
        for backend, agent_id in agents:
            assert inquiry.id not in {i.id for i in await backend.queue()}
            assert (inquiry.chat_id in {c.id for c in await backend.my_chats()}) == (agent_id == winner_id)
        assert [n.author_id for n in await _notes(sam, inquiry.chat_id)] == [winner_id]
        winners.add(won)
        await _tidy(sam, inquiry.chat_id)
    assert winners == {0, 1}, "both orders should have happened"


async def test_a_monitor_closes_a_chat_while_its_agent_transfers_it(desk: DeskHarness) -> None:
    ana, maya = await desk.sign_in("ana"), await desk.sign_in("maya")
    sam, emil = await desk.sign_in("sam"), await desk.sign_in("emil")
    ana_id, maya_id = desk.org.person("ana").id, desk.org.person("maya").id
    support, sales = desk.org.department("Support").id, desk.org.department("Sales").id
    winners: set[int] = set()
    for number in range(ROUNDS):
        chat = await _taken(desk, ana, number)
        closed, transferred = await _at_once(
            partial(maya.close_chat, chat.id, comment="Closed by the monitor"),
            # Sales is outside Maya's unit: once there, the chat is out of her reach.
            partial(ana.transfer, chat.id, to_department_id=sales, comment="A sales question"),
            round_number=number)
        won = _winner((closed, transferred), desk, chat.id)
        final = await sam.chat(chat.id)
        if won == 0:
            assert (final.status, final.served_by_id, final.department_id, final.transfers) == (
                ChatStatus.CLOSED, ana_id, support, ())
            assert isinstance(transferred, Refused) and transferred.code == "chat-closed"
            assert [n.author_id for n in await _notes(sam, chat.id)] == [ana_id, maya_id]
        else:
            assert (final.status, final.served_by_id, final.department_id) == (ChatStatus.QUEUED, None, sales)
            assert [(t.by_id, t.from_agent_id, t.to_agent_id, t.to_department_id)
                    for t in final.transfers] == [(ana_id, ana_id, None, sales)]
            assert isinstance(closed, NotAllowed)
            assert chat.id in {i.chat_id for i in await emil.queue()}
            assert [n.author_id for n in await _notes(sam, chat.id)] == [ana_id, ana_id]
        winners.add(won)
        await _tidy(sam, chat.id)
    assert winners == {0, 1}, "both orders should have happened"


async def test_an_agent_puts_a_chat_on_hold_while_a_monitor_transfers_it(desk: DeskHarness) -> None:
    ana, maya, sam = await desk.sign_in("ana"), await desk.sign_in("maya"), await desk.sign_in("sam")
    await desk.sign_in("bo")
    ana_id, bo_id, maya_id = (desk.org.person(name).id for name in ("ana", "bo", "maya"))
    winners: set[int] = set()
    for number in range(ROUNDS):
        chat = await _taken(desk, ana, number)
        held, transferred = await _at_once(
            partial(ana.put_on_hold, chat.id),
            partial(maya.transfer, chat.id, to_agent_id=bo_id, comment="Bo is free"),
            round_number=number)
        won = _winner((held, transferred), desk, chat.id)
        final = await sam.chat(chat.id)
        if won == 0:
            assert (final.status, final.served_by_id, final.transfers) == (ChatStatus.ON_HOLD, ana_id, ())
            # Rocket.Chat does not transfer a chat on hold.
            assert isinstance(transferred, Refused) and transferred.code == "chat-on-hold"
            assert [n.author_id for n in await _notes(sam, chat.id)] == [ana_id, ana_id]
        else:
            assert (final.status, final.served_by_id) == (ChatStatus.OPEN, bo_id)
            assert [(t.by_id, t.from_agent_id, t.to_agent_id) for t in final.transfers] == [
                (maya_id, ana_id, bo_id)]
            assert isinstance(held, NotAllowed)
            assert [n.author_id for n in await _notes(sam, chat.id)] == [ana_id, maya_id]
        winners.add(won)
        await _tidy(sam, chat.id)
    assert winners == {0, 1}, "both orders should have happened"
