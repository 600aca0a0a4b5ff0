"""The embedded engine hands queued inquiries to a routing policy when it auto-assigns."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from app.backends.embedded import EmbeddedEngine
from app.backends.events import ChatAssigned, InquiryRemoved
from app.clock import ManualClock
from app.domain import Inquiry
from app.routing import AgentLoad, ManualSelection, RoutingDecision
from app.store import Database
from tests.contract.events import events_so_far


class FewestOpenChats:
    name = "test_fewest"
    auto_assigns = True

    def __init__(self) -> None:
        self.seen: list[tuple[str, list[str]]] = []

    def choose_agent(self, inquiry: Inquiry, candidates: Sequence[AgentLoad], now: datetime
                     ) -> RoutingDecision | None:
        self.seen.append((inquiry.id, sorted(c.agent.username for c in candidates)))
        best = min(candidates, key=lambda c: (c.open_chats, c.agent.username))
        return RoutingDecision(best.agent.id, f"{best.agent.username} has {best.open_chats} open")


async def test_an_auto_assigning_policy_gets_eligible_candidates(
    database: Database, clock: ManualClock
) -> None:
    policy = FewestOpenChats()
    engine = EmbeddedEngine(database, clock, routing=policy)
    ana = await engine.sign_in("u-ana")
    events = ana.events()
    inquiry = await engine.open_chat(
        visitor_id="visitor-000001-0", text="help", department_id="dep-billing"
    )
    # Billing: ana (online now, no chats) and dara (online, one or two live chats).
    assert policy.seen == [(inquiry.id, ["ana", "dara"])]
    assert [c.id for c in await ana.my_chats()] == [inquiry.chat_id]
    got = await events_so_far(events)
    assert any(isinstance(e, InquiryRemoved) and e.inquiry_id == inquiry.id for e in got)
    assert any(isinstance(e, ChatAssigned) and e.chat.id == inquiry.chat_id for e in got)
    await ana.aclose()


async def test_manual_selection_leaves_inquiries_queued(
    database: Database, clock: ManualClock
) -> None:
    engine = EmbeddedEngine(database, clock, routing=ManualSelection())
    ana = await engine.sign_in("u-ana")
    inquiry = await engine.open_chat(
        visitor_id="visitor-000001-0", text="help", department_id="dep-billing"
    )
    assert inquiry.id in {i.id for i in await ana.queue()}
    assert await ana.my_chats() == []
    await ana.aclose()
