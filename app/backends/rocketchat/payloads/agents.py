"""Rocket.Chat's agents (ILivechatAgent: an IUser with the livechat-agent role) as Agent.

Presence is the user's `status` (online, away, busy, offline; Rocket.Chat routes to any but
offline, so busy reads as away: present, not free), availability is `statusLivechat`. A
`livechat.maxNumberSimultaneousChat` of 0 or none means the organisation's limit. `livechatCount`
is Rocket.Chat's count of chats ever assigned, not the open ones, so it is not the agent's load.
"""

from __future__ import annotations

from collections.abc import Sequence

from app.backends.rocketchat.payloads.fields import Fields
from app.domain import Agent, AgentStatus, Availability

KIND = "agent"

_STATUS = {"online": AgentStatus.ONLINE, "away": AgentStatus.AWAY, "busy": AgentStatus.AWAY}


def read_agent(payload: object, *, endpoint: str, department_ids: Sequence[str] = (),
               open_chats: int = 0) -> Agent:
    """`department_ids` come from `livechat/agents/:uid/departments`, `open_chats` from the
    agent's open rooms: the user payload holds neither."""
    agent = Fields(payload, kind=KIND, endpoint=endpoint)
    livechat = agent.obj_or_none("livechat")
    limit = livechat.whole_or_none("maxNumberSimultaneousChat") if livechat is not None else None
    return Agent(
        id=agent.text("_id"),
        username=agent.text("username"),
        name=agent.text_or("name") or agent.text("username"),
        status=_STATUS.get(agent.text_or("status"), AgentStatus.OFFLINE),
        availability=(Availability.AVAILABLE if agent.text_or("statusLivechat") == Availability.AVAILABLE
                      else Availability.NOT_AVAILABLE),
        max_chats=limit or None,
        department_ids=tuple(department_ids),
        open_chats=open_chats,
    )
