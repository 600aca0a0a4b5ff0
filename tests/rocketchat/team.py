"""A small Omnichannel on the loopback server for the tests of an agent's commands: Support (bo and
cy) and Sales (dee), and a chat of Support bo serves."""

from __future__ import annotations

from dataclasses import dataclass

from app.backends.rocketchat.backend import RocketChatBackend
from tests.rocketchat.desk import settle
from tests.rocketchat.loopback import LoopbackRocketChat
from tests.rocketchat.loopback.omnichannel import Omnichannel, Visitor
from tests.rocketchat.loopback.state import LoopbackUser


@dataclass
class Team:
    omnichannel: Omnichannel
    support: str
    sales: str
    bo: LoopbackUser
    cy: LoopbackUser
    dee: LoopbackUser

    @classmethod
    def on(cls, omnichannel: Omnichannel) -> Team:
        support = omnichannel.add_department("Support")
        sales = omnichannel.add_department("Sales")
        bo = omnichannel.add_agent("bo", departments=(support,), name="Bo Agent")
        cy = omnichannel.add_agent("cy", departments=(support,), name="Cy Agent")
        dee = omnichannel.add_agent("dee", departments=(sales,), name="Dee Agent")
        return cls(omnichannel, support, sales, bo, cy, dee)

    def grant(self, permission: str, *roles: str) -> None:
        """What an admin does in Administration > Permissions (signed-in desks are told)."""
        self.omnichannel.set_permission(permission, list(roles))

    def grant_unheard(self, permission: str, *roles: str) -> None:
        """The same change, its push lost on the way: desks keep what they knew."""
        self.omnichannel.permissions[permission] = sorted(roles)


async def serve_a_chat(agent: RocketChatBackend, team: Team, loopback: LoopbackRocketChat, *,
                       text: str = "My parcel never came.", agent_writes: str | None = None,
                       visitor: Visitor | None = None) -> str:
    """A visitor writes to Support and `agent` takes the chat (and answers, if told what):
    the room's id, once every desk has heard it all."""
    visitor = visitor or team.omnichannel.new_visitor("Iris Vale")
    rid, inquiry_id = team.omnichannel.visitor_opens_chat(text, department_id=team.support, visitor=visitor)
    await settle(loopback, agent)
    await agent.take(inquiry_id)
    if agent_writes is not None:
        await agent.send_message(rid, agent_writes)
    await settle(loopback, agent)
    return rid
