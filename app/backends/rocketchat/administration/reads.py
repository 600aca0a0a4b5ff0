"""Reading a server's configuration: all of it (what the admin's views load), or one record as it
stands just before a change to it is written.

Every call is REST, which Rocket.Chat rate-limits per route (10 a minute by default; admins are
exempt): the whole configuration costs one call per department plus four, one record one to three.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from app.backends.rocketchat.administration import records
from app.backends.rocketchat.payloads.errors import PayloadError
from app.backends.rocketchat.payloads.fields import Fields
from app.backends.rocketchat.rest import RestClient
from app.config import Kind, Record

_PAGE = 100
AGENT_DEPARTMENTS = "livechat/agents/:uid/departments"


class ServerConfiguration:
    """The reads, over one server's REST client."""

    def __init__(self, rest: RestClient) -> None:
        self._rest = rest

    async def everything(self, kinds: frozenset[Kind]) -> list[Record]:
        """The records of `kinds` as the server has them now."""
        departments = await self.departments()
        found: list[Record] = []
        members: dict[str, list[str]] = {}
        for department in departments:
            department_id = str(department.get("_id"))
            _, agents = await self.department(department_id) or (department, [])
            agent_ids = records.agents_in_order(agents, endpoint=records.DEPARTMENT)
            for agent_id in agent_ids:
                members.setdefault(agent_id, []).append(department_id)
            if Kind.DEPARTMENT in kinds:
                found.append(records.department_record(department, agent_ids, endpoint=records.DEPARTMENTS))
        if Kind.AGENT in kinds:
            found += [records.agent_record(agent, members.get(str(agent.get("_id")), []),
                                           endpoint=records.AGENTS) for agent in await self.agents()]
        if Kind.BUSINESS_HOURS in kinds:
            hours = await self.business_hours()
            if hours is not None:
                found.append(records.business_hours_record(
                    hours, _served_by(departments, str(hours.get("_id"))), endpoint=records.BUSINESS_HOUR))
        if kinds & {Kind.ROUTING, Kind.WEBSITE}:
            settings = await self.settings()
            routing = records.routing_record(settings)
            if Kind.ROUTING in kinds and routing is not None:
                found.append(routing)
            if Kind.WEBSITE in kinds:
                found.append(records.website_record(settings))
        return found

    async def one(self, kind: Kind, entity_id: str) -> Record | None:
        """The record as the server has it now; None when it does not exist (any more)."""
        match kind:
            case Kind.DEPARTMENT:
                found = await self.department(entity_id)
                if found is None:
                    return None
                payload, agents = found
                agent_ids = records.agents_in_order(agents, endpoint=records.DEPARTMENT)
                return records.department_record(payload, agent_ids, endpoint=records.DEPARTMENT)
            case Kind.AGENT:
                agent = await self.agent(entity_id)
                if agent is None:
                    return None
                departments = await self.agent_departments(entity_id)
                return records.agent_record(agent, departments, endpoint=records.AGENT)
            case Kind.BUSINESS_HOURS:
                hours = await self.business_hours()
                if hours is None or hours.get("_id") != entity_id:
                    return None
                return records.business_hours_record(
                    hours, _served_by(await self.departments(), entity_id), endpoint=records.BUSINESS_HOUR)
            case Kind.ROUTING:
                return records.routing_record(await self.settings())
            case Kind.WEBSITE:
                return records.website_record(await self.settings())
            case _:
                return None

    # -- the payloads, as sent -----------------------------------------------------------------

    async def departments(self) -> list[dict[str, Any]]:
        """Every department, archived ones too (they show as disabled): agents may still be
        listed in them."""
        return await self._paged(records.DEPARTMENTS, "departments", {"showArchived": "true"})

    async def department(self, department_id: str) -> tuple[dict[str, Any], list[dict[str, Any]]] | None:
        """The department and its agents (ILivechatDepartmentAgents); None when there is none (the
        endpoint answers `department: null` rather than a 404)."""
        answer = await self._rest.get(f"livechat/department/{department_id}", {"includeAgents": "true"},
                                      route=records.DEPARTMENT)
        department = answer.get("department")
        if department is None:
            return None
        if not isinstance(department, dict):
            raise PayloadError(field="department", kind="answer", endpoint=records.DEPARTMENT,
                               problem="is not an object")
        return department, _objects(answer.get("agents"), "agents", records.DEPARTMENT)

    async def agents(self) -> list[dict[str, Any]]:
        """Every user with the livechat-agent role."""
        return await self._paged(records.AGENTS, "users")

    async def agent(self, user_id: str) -> dict[str, Any] | None:
        """The user, when they hold the livechat-agent role (else the endpoint answers null)."""
        answer = await self._rest.get(f"livechat/users/agent/{user_id}", route=records.AGENT)
        user = answer.get("user")
        if user is None:
            return None
        if not isinstance(user, dict):
            raise PayloadError(field="user", kind="answer", endpoint=records.AGENT,
                               problem="is not an object")
        return user

    async def agent_named(self, username: str) -> dict[str, Any] | None:
        """The agent with this username (the `text` filter matches names too: the match is
        checked here)."""
        answer = await self._rest.get(records.AGENTS, {"text": username, "count": _PAGE})
        for user in _objects(answer.get("users"), "users", records.AGENTS):
            if user.get("username") == username:
                return user
        return None

    async def agent_departments(self, user_id: str) -> list[str]:
        answer = await self._rest.get(f"livechat/agents/{user_id}/departments", route=AGENT_DEPARTMENTS)
        listed = Fields(answer, kind="answer", endpoint=AGENT_DEPARTMENTS).objs("departments")
        return [entry.text("departmentId") for entry in listed]

    async def business_hours(self) -> dict[str, Any] | None:
        """The default business hours (a Community server's only ones)."""
        answer = await self._rest.get(records.BUSINESS_HOUR)
        hours = answer.get("businessHour")
        return hours if isinstance(hours, dict) else None

    async def settings(self) -> dict[str, object]:
        """The routing and website chat settings, by id: public settings, read in one call."""
        answer = await self._rest.get(records.SETTINGS, {"_id": ",".join(records.SETTING_IDS),
                                                         "count": len(records.SETTING_IDS)})
        found: dict[str, object] = {}
        for setting in _objects(answer.get("settings"), "settings", records.SETTINGS):
            setting_id = setting.get("_id")
            if isinstance(setting_id, str):
                found[setting_id] = setting.get("value")
        return found

    async def _paged(self, endpoint: str, key: str,
                     params: Mapping[str, str] | None = None) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        while True:
            answer = await self._rest.get(endpoint, {**(params or {}), "count": _PAGE, "offset": len(found)})
            page = _objects(answer.get(key), key, endpoint)
            found += page
            total = answer.get("total")
            if not page or not isinstance(total, int) or len(found) >= total:
                return found


def _served_by(departments: Sequence[Mapping[str, Any]], hours_id: str) -> list[str]:
    return [str(d.get("_id")) for d in departments if d.get("businessHourId") == hours_id]


def _objects(value: object, key: str, endpoint: str) -> list[dict[str, Any]]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise PayloadError(field=key, kind="answer", endpoint=endpoint, problem="is not a list of objects")
    return value
