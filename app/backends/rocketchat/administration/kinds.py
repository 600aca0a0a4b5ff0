"""Each kind of record a server offers, as the calls that read one record just before a change and
write the change. A handler keeps what it read (`current`) for the write that follows, so a write
sends back what the server holds of the fields Omnidesk does not edit.

Routes, bodies and permissions (Rocket.Chat's source, docs/rocketchat.md "Administration over a
server"):
- departments: `GET/PUT/DELETE livechat/department/:_id`, `POST livechat/department`,
  `POST livechat/department/:_id/agents` (manage-livechat-departments);
- agents: `POST livechat/users/agent`, `DELETE livechat/users/agent/:_id` (view-livechat-manager),
  `POST livechat/agents.saveInfo` (manage-livechat-agents);
- business hours: `GET livechat/business-hour` (view-livechat-business-hours),
  `POST livechat/business-hours.save`;
- routing: `POST settings/:_id` (edit-privileged-setting, and a second factor);
- website chat: `POST livechat/appearance` (view-livechat-manager).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Protocol

from app.backends.rocketchat.administration import bodies, records
from app.backends.rocketchat.administration.reads import ServerConfiguration
from app.backends.rocketchat.rest import RestClient
from app.config import JsonValue, Kind, Record

Fields = Mapping[str, JsonValue]


class KindOnServer(Protocol):
    async def current(self, entity_id: str) -> Record | None:
        """The record as the server has it now (and kept for the write that follows)."""
        ...

    async def created(self, entity_id: str, fields: Fields) -> Record | None:
        """The record an earlier try of this create made, if it did."""
        ...

    async def create(self, entity_id: str, fields: Fields) -> str:
        """Create it; the id the server gave it."""
        ...

    async def update(self, entity_id: str, changed: Fields) -> None: ...

    async def delete(self, entity_id: str) -> None: ...


class Departments:
    def __init__(self, rest: RestClient, read: ServerConfiguration) -> None:
        self._rest = rest
        self._read = read
        self._raw: tuple[dict[str, Any], list[dict[str, Any]]] | None = None

    async def current(self, entity_id: str) -> Record | None:
        self._raw = await self._read.department(entity_id)
        if self._raw is None:
            return None
        payload, agents = self._raw
        agent_ids = records.agents_in_order(agents, endpoint=records.DEPARTMENT)
        return records.department_record(payload, agent_ids, endpoint=records.DEPARTMENT)

    async def created(self, entity_id: str, fields: Fields) -> Record | None:
        # Made under the id Omnidesk chose (bodies.department_create_body): nobody else has it.
        return await self.current(entity_id)

    async def create(self, entity_id: str, fields: Fields) -> str:
        answer = await self._rest.post(records.DEPARTMENTS, bodies.department_create_body(entity_id, fields))
        made = answer.get("department")
        return str(made.get("_id")) if isinstance(made, dict) and made.get("_id") else entity_id

    async def update(self, entity_id: str, changed: Fields) -> None:
        assert self._raw is not None, "update() follows current()"
        payload, agents = self._raw
        own = {name: value for name, value in changed.items() if name != "agent_ids"}
        if own:
            await self._rest.put(f"livechat/department/{entity_id}",
                                 bodies.department_update_body(payload, own), route=records.DEPARTMENT)
        if "agent_ids" in changed:
            wanted = [str(i) for i in changed["agent_ids"] or [] if isinstance(i, str)] \
                if isinstance(changed["agent_ids"], list) else []
            usernames = {str(a.get("agentId")): str(a.get("username") or "") for a in agents}
            if any(agent_id not in usernames for agent_id in wanted):
                usernames |= {str(u.get("_id")): str(u.get("username") or "")
                              for u in await self._read.agents()}
            await self._rest.post(f"livechat/department/{entity_id}/agents",
                                  bodies.department_agents_body(agents, wanted, usernames),
                                  route="livechat/department/:_id/agents")

    async def delete(self, entity_id: str) -> None:
        await self._rest.delete(f"livechat/department/{entity_id}", route=records.DEPARTMENT)


class Agents:
    def __init__(self, rest: RestClient, read: ServerConfiguration) -> None:
        self._rest = rest
        self._read = read
        self._raw: dict[str, Any] | None = None

    async def current(self, entity_id: str) -> Record | None:
        self._raw = await self._read.agent(entity_id)
        if self._raw is None:
            return None
        departments = await self._read.agent_departments(entity_id)
        return records.agent_record(self._raw, departments, endpoint=records.AGENT)

    async def created(self, entity_id: str, fields: Fields) -> Record | None:
        # An agent is a user given the role: found by username.
        username = fields.get("username")
        found = await self._read.agent_named(str(username)) if isinstance(username, str) else None
        if found is None:
            return None
        return await self.current(str(found.get("_id")))

    async def create(self, entity_id: str, fields: Fields) -> str:
        answer = await self._rest.post(records.AGENTS, {"username": str(fields.get("username", ""))})
        user = answer.get("user")
        user_id = str(user.get("_id")) if isinstance(user, dict) else ""
        self._raw = {}
        departments = fields.get("department_ids")
        if user_id and isinstance(departments, list) and departments:
            await self.update(user_id, {"department_ids": departments})
        return user_id

    async def update(self, entity_id: str, changed: Fields) -> None:
        assert self._raw is not None, "update() follows current()"
        livechat = self._raw.get("livechat")
        departments = changed.get("department_ids")
        if isinstance(departments, list):
            body = bodies.agent_info_body(entity_id, livechat if isinstance(livechat, dict) else None,
                                          [str(d) for d in departments])
            await self._rest.post("livechat/agents.saveInfo", body)

    async def delete(self, entity_id: str) -> None:
        await self._rest.delete(f"livechat/users/agent/{entity_id}", route=records.AGENT)


class BusinessHours:
    def __init__(self, rest: RestClient, read: ServerConfiguration) -> None:
        self._rest = rest
        self._read = read
        self._raw: dict[str, Any] | None = None
        self._record: Record | None = None

    async def current(self, entity_id: str) -> Record | None:
        self._raw = await self._read.business_hours()
        if self._raw is None or self._raw.get("_id") != entity_id:
            return None
        self._record = await self._read.one(Kind.BUSINESS_HOURS, entity_id)
        return self._record

    async def created(self, entity_id: str, fields: Fields) -> Record | None:
        return None  # never created: a Community server's business hours are its default ones

    async def create(self, entity_id: str, fields: Fields) -> str:
        raise AssertionError("business hours are not created on a server (COMMUNITY offers no create)")

    async def update(self, entity_id: str, changed: Fields) -> None:
        assert self._raw is not None and self._record is not None, "update() follows current()"
        fields = {**self._record.fields, **changed}
        await self._rest.post("livechat/business-hours.save", bodies.business_hours_body(self._raw, fields))

    async def delete(self, entity_id: str) -> None:
        raise AssertionError("business hours are not deleted on a server (COMMUNITY offers no delete)")


class Settings:
    """Routing (`POST settings/:_id`, one call per setting, with the admin's second factor when
    the server asks it) or the website chat (`POST livechat/appearance`, all in one call)."""

    def __init__(self, kind: Kind, rest: RestClient, read: ServerConfiguration, *,
                 second_factor: Callable[[], Mapping[str, str]]) -> None:
        self._kind = kind
        self._rest = rest
        self._read = read
        self._second_factor = second_factor

    async def current(self, entity_id: str) -> Record | None:
        return await self._read.one(self._kind, entity_id)

    async def created(self, entity_id: str, fields: Fields) -> Record | None:
        return None

    async def create(self, entity_id: str, fields: Fields) -> str:
        raise AssertionError("settings are never created")

    async def update(self, entity_id: str, changed: Fields) -> None:
        if self._kind is Kind.WEBSITE:
            await self._rest.post("livechat/appearance", bodies.appearance_body(changed))
            return
        for name, value in changed.items():
            setting = records.ROUTING_SETTINGS[name]
            body = {"value": records.setting_value(self._kind, name, value)}
            await self._rest.post(f"settings/{setting}", body, route="settings/:_id",
                                  headers=self._second_factor())

    async def delete(self, entity_id: str) -> None:
        raise AssertionError("settings are never deleted")
