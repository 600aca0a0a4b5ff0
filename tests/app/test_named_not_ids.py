"""What the desk says to people (system messages in a chat, refusals) names people and
departments; internal ids never show."""

from __future__ import annotations

import re

import pytest

from app.backends.embedded import EmbeddedEngine
from app.clock import ManualClock
from app.domain import AuthorKind, Availability
from app.errors import OmnideskError
from app.store import Database, organisation


async def test_system_messages_and_refusals_name_people_and_departments(
    database: Database, clock: ManualClock
) -> None:
    engine = EmbeddedEngine(database, clock, run_timers=False)
    ana, bo, gabe = [await engine.sign_in(name) for name in ("ana", "bo", "gabe")]
    ids = set(await database.read(organisation.names))
    said: list[str] = []
    queue = await ana.queue()
    chat = await ana.take(next(i for i in queue if i.department_id == "dep-support").id)
    await ana.send_message(chat.id, "Let me look.")
    await ana.put_on_hold(chat.id)
    await ana.resume(chat.id)
    await ana.transfer(chat.id, to_agent_id="u-bo", comment="for Bo")
    await bo.transfer(chat.id, to_department_id="dep-billing")
    await gabe.set_availability(Availability.NOT_AVAILABLE)
    for attempt in (
        gabe.take(next(i for i in await gabe.queue()).id),
        ana.transfer((await ana.take(next(i for i in await ana.queue()).id)).id, to_agent_id="u-gabe"),
        ana.transfer((await ana.my_chats())[0].id, to_agent_id="u-emil",  # Emil is not in Support
                     to_department_id="dep-support"),
    ):
        with pytest.raises(OmnideskError) as refused:
            await attempt
        said.append(refused.value.message)
    admin = await engine.sign_in("sam")
    said += [m.text for m in (await admin.messages(chat.id)).messages if m.author_kind is AuthorKind.SYSTEM]
    assert len(said) >= 8
    leaked = {(text, token) for text in said for token in re.findall(r"[\w-]+", text) if token in ids}
    assert not leaked
    for backend in (ana, bo, gabe, admin):
        await backend.aclose()
    await engine.aclose()
