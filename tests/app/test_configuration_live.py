"""A configuration change reaches routing and every open window at once: queues, transfer
targets, skills, a department's default SLA, the website chat the intake serves."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import aiohttp
import pytest

from app.backends.embedded import EmbeddedBackend, EmbeddedEngine
from app.backends.events import Resynced
from app.clock import ManualClock
from app.config.records import Kind
from app.domain import Channel, Visitor
from app.errors import Refused
from app.intake import IntakeServer, IntakeSettings
from app.store import Database
from tests.app.configuration_changes import applied, create, find, update
from tests.app.visitors import add_visitor


@pytest.fixture
async def engine(database: Database, clock: ManualClock) -> AsyncIterator[EmbeddedEngine]:
    engine = EmbeddedEngine(database, clock, run_timers=False)
    yield engine
    await engine.aclose()


@pytest.fixture
async def sam(engine: EmbeddedEngine) -> AsyncIterator[EmbeddedBackend]:
    backend = await engine.sign_in("sam")
    yield backend
    await backend.aclose()


async def _visitor(database: Database, clock: ManualClock, key: str) -> Visitor:
    visitor = Visitor(f"v-{key}", "Olga", Channel.SMS, f"+1 555 01{len(key):02d}", f"k-{key}", clock.now())
    await add_visitor(database, visitor)
    return visitor


async def test_an_agent_added_to_a_department_sees_its_queue_at_once(
        engine: EmbeddedEngine, sam: EmbeddedBackend, database: Database, clock: ManualClock) -> None:
    ana = await engine.sign_in("ana")  # Support and Billing
    stream = await ana.events()
    visitor = await _visitor(database, clock, "sales")
    waiting = await engine.open_chat(visitor_id=visitor.id, text="Pricing?", department_id="dep-sales")
    assert waiting.id not in {i.id for i in await ana.queue()}
    stream.take_pending()

    record = find(await sam.configuration(), Kind.AGENT, "u-ana")
    await sam.apply_change(update(record, department_ids=["dep-billing", "dep-sales", "dep-support"]))

    assert any(isinstance(event, Resynced) for event in stream.take_pending())
    assert waiting.id in {i.id for i in await ana.queue()}
    assert (await ana.take(waiting.id)).id == waiting.chat_id
    await ana.aclose()


async def test_transfer_targets_skills_and_sla_reach_routing(
        engine: EmbeddedEngine, sam: EmbeddedBackend, database: Database, clock: ManualClock) -> None:
    records = await sam.configuration()
    applied(await sam.apply_change(create(Kind.SLA, "sla-fast", name="Fast", description="",
                                          due_minutes=30)))
    applied(await sam.apply_change(update(find(records, Kind.DEPARTMENT, "dep-support"),
                                          transfer_department_ids=["dep-billing"], sla_id="sla-fast")))
    applied(await sam.apply_change(update(find(records, Kind.AGENT, "u-bo"), skills={"french": 4})))
    assert (await engine.routing()).agents["u-bo"].skills == {"french": 4}

    visitor = await _visitor(database, clock, "support")
    inquiry = await engine.open_chat(visitor_id=visitor.id, text="Help", department_id="dep-support")
    assert inquiry.sla_due_at == clock.now() + timedelta(minutes=30)

    ana = await engine.sign_in("ana")
    chat = await ana.take(inquiry.id)
    with pytest.raises(Refused, match="not allowed"):
        await ana.transfer(chat.id, to_department_id="dep-sales")
    moved = await ana.transfer(chat.id, to_department_id="dep-billing")
    assert moved.department_id == "dep-billing"
    await ana.aclose()


async def test_tags_are_offered_per_department(engine: EmbeddedEngine, sam: EmbeddedBackend) -> None:
    applied(await sam.apply_change(create(Kind.TAG, "tag-sales-only", name="upsell", description="",
                                          department_ids=["dep-sales"])))
    ana, emil = await engine.sign_in("ana"), await engine.sign_in("emil")
    assert "upsell" not in await ana.tags()
    assert "upsell" in await emil.tags()
    assert "vip" in await ana.tags()  # offered everywhere
    assert "upsell" in await sam.tags()
    await ana.aclose()
    await emil.aclose()


async def test_the_intake_serves_the_website_settings_as_they_are_now(
        engine: EmbeddedEngine, sam: EmbeddedBackend) -> None:
    server = IntakeServer(engine, IntakeSettings(port=0, allowed_origins=("http://cli.example",)))
    await server.start()
    try:
        async with aiohttp.ClientSession(base_url=server.url) as http:
            website = find(await sam.configuration(), Kind.WEBSITE, "website")
            applied(await sam.apply_change(update(
                website, title="Northwind help", color="#112233", offline_title="Write to us",
                allowed_origins=["https://shop.example"])))
            async with http.get("/api/v1/livechat/config",
                                headers={"Origin": "https://shop.example"}) as response:
                assert response.status == 200
                config = (await response.json())["config"]
            assert (config["theme"]["title"], config["theme"]["color"],
                    config["theme"]["offlineTitle"]) == ("Northwind help", "#112233", "Write to us")
            for origin, status in (("http://cli.example", 200), ("https://evil.example", 403)):
                async with http.get("/api/v1/livechat/config", headers={"Origin": origin}) as response:
                    assert response.status == status
    finally:
        await server.stop()
