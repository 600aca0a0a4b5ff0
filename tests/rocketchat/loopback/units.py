"""Enterprise units on the loopback Rocket.Chat server, turned on by a test (the loopback is a
Community server otherwise: `livechat/units` answers 404).

As Rocket.Chat 8.x's Enterprise Omnichannel serves them (ee/app/livechat-enterprise/server/api/
units.ts, lib/restrictQuery.ts, hooks/applyDepartmentRestrictions.ts):
  GET livechat/units                      every unit to who holds `manage-livechat-units`, else the
                                          units the user monitors (findUnitsOfUser)
  GET livechat/units/:unitId/monitors     `manage-livechat-monitors`, else 403
  GET livechat/units/:unitId/departments  `manage-livechat-units`, else 403
  GET livechat/department?onlyMyDepartments=true  a monitor's units' departments only
  GET livechat/rooms                      a monitor (not a manager or admin) sees the rooms of their
                                          units' departments only
A unit's departments name it as `parentId` and in `ancestors`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import web

from tests.rocketchat.loopback.monitoring import forbidden, json_answer, paging

if TYPE_CHECKING:
    from tests.rocketchat.loopback.omnichannel import Omnichannel
    from tests.rocketchat.loopback.server import RestCall
    from tests.rocketchat.loopback.state import LoopbackUser


@dataclass
class LoopbackUnit:
    id: str
    name: str
    department_ids: list[str] = field(default_factory=list)
    monitor_ids: list[str] = field(default_factory=list)


class EnterpriseUnits:
    def __init__(self, omnichannel: Omnichannel) -> None:
        self._omnichannel = omnichannel
        self.units: dict[str, LoopbackUnit] = {}
        self._all_departments = omnichannel._departments
        routes = (("livechat/units", self._units), ("livechat/units/:unitId/monitors", self._monitors),
                  ("livechat/department", self._departments))
        for path, handler in routes:
            omnichannel.server.add_route("GET", path, omnichannel._checked("GET", path, handler))
        # Not checked: rest-typings' isLivechatDepartmentsByUnitIdProps requires `text` and allows no
        # such property (no request passes it), and the route applies no validator (units.ts).
        omnichannel.server.add_route("GET", "livechat/units/:unitId/departments", self._departments_of_unit)
        omnichannel.monitoring.restrict_rooms = self.departments_restricted_to

    def add_unit(self, name: str, department_ids: list[str], monitor_ids: list[str], *,
                 unit_id: str | None = None) -> str:
        unit = LoopbackUnit(unit_id or self._omnichannel.new_id(), name, list(department_ids),
                            list(monitor_ids))
        self.units[unit.id] = unit
        for department_id in department_ids:
            self._omnichannel.departments[department_id].update(parentId=unit.id, ancestors=[unit.id])
        return unit.id

    def departments_restricted_to(self, user: LoopbackUser) -> set[str] | None:
        """restrictQuery: a monitor's rooms are their units' departments'; None: unrestricted
        (admins, managers, anyone not a monitor)."""
        if "livechat-monitor" not in user.roles or {"admin", "livechat-manager"} & set(user.roles):
            return None
        return {d for unit in self.units.values() if user.id in unit.monitor_ids for d in unit.department_ids}

    def _payload(self, unit: LoopbackUnit) -> dict[str, Any]:
        payload = {"_id": unit.id, "_updatedAt": "2026-11-20T09:00:00.000Z", "name": unit.name,
                   "visibility": "public", "type": "u", "numMonitors": len(unit.monitor_ids),
                   "numDepartments": len(unit.department_ids)}
        self._omnichannel._check_payload("IOmnichannelBusinessUnit", payload)
        return payload

    async def _units(self, call: RestCall) -> web.Response:
        user = call.user
        assert user is not None
        listed = [u for u in self.units.values()
                  if self._omnichannel.monitoring.has_permission(user, "manage-livechat-units")
                  or user.id in u.monitor_ids]
        offset, count = paging(call.query)
        shown = [self._payload(u) for u in listed[offset:offset + count]]
        return json_answer({"units": shown, "count": len(shown), "offset": offset, "total": len(listed),
                            "success": True})

    async def _monitors(self, call: RestCall) -> web.Response:
        user = call.user
        assert user is not None
        if not self._omnichannel.monitoring.has_permission(user, "manage-livechat-monitors"):
            return forbidden()
        unit = self.units[call.path_params["unitId"]]
        users = self._omnichannel.server.state.users
        return json_answer({"monitors": [{"_id": f"{unit.id}-{m}", "monitorId": m, "unitId": unit.id,
                                          "username": users[m].username} for m in unit.monitor_ids],
                            "success": True})

    async def _departments_of_unit(self, call: RestCall) -> web.Response:
        user = call.user
        assert user is not None
        if not self._omnichannel.monitoring.has_permission(user, "manage-livechat-units"):
            return forbidden()
        unit = self.units[call.path_params["unitId"]]
        departments = [self._omnichannel.departments[d] for d in unit.department_ids]
        return json_answer({"departments": departments, "count": len(departments), "offset": 0,
                            "total": len(departments), "success": True})

    async def _departments(self, call: RestCall) -> web.Response:
        user = call.user
        assert user is not None
        mine = self.departments_restricted_to(user)
        if call.query.get("onlyMyDepartments") != "true" or mine is None:
            return await self._all_departments(call)
        listed = [d for d in self._omnichannel.departments.values() if d["_id"] in mine]
        for department in listed:
            self._omnichannel._check_payload("ILivechatDepartment", department)
        offset, count = paging(call.query)
        shown = listed[offset:offset + count]
        return json_answer({"departments": shown, "count": len(shown), "offset": offset, "total": len(listed),
                            "success": True})
