"""When an admin changes someone's departments, their scope follows at once: queries, events and
commands alike, with a Resynced event so the window reloads."""

from __future__ import annotations

import pytest

from app.backends.embedded import EmbeddedEngine
from app.backends.events import InquiryQueued, Resynced
from app.clock import ManualClock
from app.domain import Channel, Visitor
from app.errors import NotAllowed
from app.store import Database, organisation
from tests.app.visitors import add_visitor


async def test_a_new_department_widens_queue_events_and_commands(database: Database,
                                                                  clock: ManualClock) -> None:
    engine = EmbeddedEngine(database, clock, run_timers=False)
    ana = await engine.sign_in("ana")  # Support and Billing
    stream = await ana.events()
    visitor = Visitor("v-refresh", "Olga", Channel.SMS, "+1 555 0199", "k-refresh", clock.now())
    await add_visitor(database, visitor)
    sales = await engine.open_chat(visitor_id=visitor.id, text="Pricing?", department_id="dep-sales")
    assert sales.id not in {i.id for i in await ana.queue()}
    with pytest.raises(NotAllowed):
        await ana.take(sales.id)
    assert not [e for e in stream.take_pending() if isinstance(e, InquiryQueued)]

    await database.write(lambda c: organisation.add_agent_to_departments(c, "u-ana", ["dep-sales"]))
    await engine.organisation_changed()

    assert "dep-sales" in (await ana.me()).department_ids
    assert isinstance(stream.take_pending()[-1], Resynced)
    assert sales.id in {i.id for i in await ana.queue()}
    assert (await ana.take(sales.id)).id == sales.chat_id
    await ana.aclose()
    await engine.aclose()



async def test_signing_out_of_one_session_keeps_the_agent_online_in_the_other(
    database: Database, clock: ManualClock
) -> None:
    engine = EmbeddedEngine(database, clock, run_timers=False)
    first, second = await engine.sign_in("bo"), await engine.sign_in("bo")
    await first.aclose()
    assert (await database.read(lambda c: organisation.agent(c, "u-bo"))).status.value == "online"
    await second.aclose()
    assert (await database.read(lambda c: organisation.agent(c, "u-bo"))).status.value == "offline"
    await engine.aclose()
