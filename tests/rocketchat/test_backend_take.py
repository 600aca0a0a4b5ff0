"""Taking an inquiry someone else took first, when this desk has not heard it yet."""

from __future__ import annotations

import pytest

from app.errors import NotFound
from tests.rocketchat.desk import Desks, settle
from tests.rocketchat.loopback import LoopbackRocketChat
from tests.rocketchat.loopback.omnichannel import Omnichannel
from tests.rocketchat.team import Team


async def test_an_inquiry_taken_meanwhile_is_said_gone(
        desks: Desks, omnichannel: Omnichannel, loopback: LoopbackRocketChat) -> None:
    team = Team.on(omnichannel)
    bo = await desks.sign_in("bo")
    rid, inquiry_id = omnichannel.visitor_opens_chat("Hello?", department_id=team.support)
    await settle(loopback, bo)
    # Cy took it on the server; the news has not reached Bo's desk.
    omnichannel.inquiries[inquiry_id]["status"] = "taken"
    with pytest.raises(NotFound) as gone:
        await bo.take(inquiry_id)
    assert gone.value.code == "inquiry-gone"
    assert gone.value.message == ("This inquiry is no longer in the queue: someone else has taken it or "
                                  "it closed.")
    assert rid not in {c.id for c in await bo.my_chats()}
