"""The fake's scripted link: what the UI and the contract suite rely on when they drop it."""

from __future__ import annotations

import itertools

import pytest

from app.backends.events import ConnectionChanged, ConnectionState, InquiryQueued, Resynced
from app.clock import ManualClock
from app.domain import Channel
from app.errors import Offline
from tests.contract.events import delivered_so_far, of_kind
from tests.contract.org import NORTHWIND, Org
from tests.fakes import FakeDesk


@pytest.fixture
def desk(clock: ManualClock) -> FakeDesk:
    numbers = itertools.count(1)
    return FakeDesk(Org.assign(NORTHWIND, lambda kind: f"{kind}-{next(numbers)}"), clock)


async def test_offline_commands_fail_and_nothing_arrives_until_the_resync(desk: FakeDesk) -> None:
    ana = await desk.sign_in("ana")
    events = await ana.events()
    visitor = desk.new_visitor("Iris Vale", Channel.EMAIL, "iris@example.com")
    before = desk.visitor_opens_chat(visitor.id, "First", desk.org.department("Support").id)
    desk.go_offline("The server is restarting.")
    for attempt in (ana.take(before.id), ana.queue()):
        with pytest.raises(Offline) as offline:
            await attempt
        assert offline.value.message.startswith("Cannot reach the server: The server is restarting.")
    with pytest.raises(Offline):
        await desk.sign_in("bo")
    during = desk.visitor_opens_chat(visitor.id, "Second", desk.org.department("Support").id)
    desk.reconnect()
    seen = delivered_so_far(events)
    assert [e.inquiry.id for e in of_kind(seen, InquiryQueued)] == [before.id]
    link = [e for e in seen if isinstance(e, ConnectionChanged | Resynced)]
    assert link == [ConnectionChanged(ConnectionState.OFFLINE, "The server is restarting."),
                    ConnectionChanged(ConnectionState.CONNECTING), ConnectionChanged(ConnectionState.ONLINE),
                    Resynced("the connection is back")]
    assert {i.id for i in await ana.queue()} == {before.id, during.id}
    assert (await ana.take(during.id)).id == during.chat_id


async def test_signing_in_and_out_moves_an_agents_presence(desk: FakeDesk) -> None:
    bo_id = desk.org.person("bo").id
    bo = await desk.sign_in("bo")
    assert desk.agent(bo_id).status.value == "online"
    await bo.aclose()
    assert desk.agent(bo_id).status.value == "offline"
