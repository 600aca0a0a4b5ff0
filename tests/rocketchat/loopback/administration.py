"""Administration on the loopback Rocket.Chat server: what a Community server lets an admin change,
served as Rocket.Chat 8.x serves it, over the `Omnichannel` state (its departments, their agents,
the users), with Rocket.Chat's permission refusals.

REST (each body or query checked against the ajv validator Rocket.Chat's route checks it with,
where it has one; a violation is answered 400 and recorded in `omnichannel.violations`):
  POST   livechat/department                  manage-livechat-departments; one department on a
                                               Community server (error-max-departments-number-reached)
  PUT    livechat/department/:_id              manage-livechat-departments | add-livechat-department-agents
  DELETE livechat/department/:_id              manage-livechat-departments | remove-livechat-department;
                                               refused unless Omnichannel_enable_department_removal
  POST   livechat/department/:_id/agents       manage-livechat-departments | add-livechat-department-agents
  POST   livechat/users/agent                  view-livechat-manager
  GET    livechat/users/agent/:_id              view-livechat-manager
  DELETE livechat/users/agent/:_id              view-livechat-manager
  POST   livechat/agents.saveInfo              manage-livechat-agents
  GET    livechat/business-hour                view-livechat-business-hours (the default one)
  POST   livechat/business-hours.save          any signed-in user (the route checks no permission)
  GET    settings.public                       anyone
  POST   settings/:_id                         edit-privileged-setting, and a second factor (the
                                               password when the user has none), remembered 30 min
  POST   livechat/appearance                   view-livechat-manager
Sources: apps/meteor/app/livechat/imports/server/rest/departments.ts, users.ts, agent.ts,
apps/meteor/app/livechat/server/lib/departmentsLib.ts, omni-users.ts, server/api/v1/
omnichannel/businessHours.ts and appearance.ts, app/api/server/v1/settings.ts,
app/2fa/server/code/index.ts, app/authorization/server/functions/upsertPermissions.ts.

`lose_next_answers` makes the next write happen and its answer never arrive (the connection cut).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import web

from tests.rocketchat import schemas
from tests.rocketchat.loopback import payloads
from tests.rocketchat.loopback.omnichannel import iso

if TYPE_CHECKING:
    from tests.rocketchat.loopback.omnichannel import Omnichannel
    from tests.rocketchat.loopback.server import RestCall
    from tests.rocketchat.loopback.state import LoopbackUser

# Rocket.Chat's default grants (upsertPermissions.ts) of the permissions these routes check; added to
# the server's permission matrix (`Omnichannel.permissions`) where it lacks them.
DEFAULT_GRANTS: dict[str, frozenset[str]] = {
    "manage-livechat-departments": frozenset({"livechat-manager", "livechat-monitor", "admin"}),
    "add-livechat-department-agents": frozenset({"livechat-manager", "livechat-monitor", "admin"}),
    "remove-livechat-department": frozenset({"livechat-manager", "admin"}),
    "view-livechat-departments": frozenset({"livechat-manager", "livechat-monitor", "admin"}),
    "view-l-room": frozenset({"livechat-manager", "livechat-monitor", "livechat-agent", "admin"}),
    "view-livechat-manager": frozenset({"livechat-manager", "livechat-monitor", "admin"}),
    "manage-livechat-agents": frozenset({"livechat-manager", "livechat-monitor", "admin"}),
    "view-livechat-business-hours": frozenset({"livechat-manager", "livechat-monitor", "admin"}),
    "transfer-livechat-guest": frozenset({"livechat-manager", "livechat-monitor", "admin"}),
    "edit-omnichannel-contact": frozenset({"livechat-manager", "livechat-agent", "admin"}),
    "edit-privileged-setting": frozenset({"admin"}),
}
# Defaults of the settings served (apps/meteor/server/settings/omnichannel.ts).
DEFAULT_SETTINGS: dict[str, Any] = {
    "Livechat_Routing_Method": "Auto_Selection",
    "Livechat_enabled_when_agent_idle": True,
    "Livechat_enable_business_hours": False,
    "Livechat_title": "Rocket.Chat",
    "Livechat_title_color": "#C1272D",
    "Livechat_registration_form": True,
    "Livechat_offline_title": "Leave a message",
    "Livechat_offline_message": "",
    "Livechat_offline_success_message": "",
    "Livechat_AllowedDomainsList": "",
    "Omnichannel_enable_department_removal": False,
}
# Private (not public) settings: settings.public never lists them.
_PRIVATE_SETTINGS = frozenset({"Omnichannel_enable_department_removal"})
# The settings POST livechat/appearance accepts (appearance.ts's validSettingList, those served).
_APPEARANCE = frozenset({"Livechat_title", "Livechat_title_color", "Livechat_registration_form",
                         "Livechat_offline_title", "Livechat_offline_message",
                         "Livechat_offline_success_message"})
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_DEPARTMENT_STRINGS = ("name", "description", "email", "fallbackForwardDepartment",
                       "offlineMessageChannelName")
_DEPARTMENT_FLAGS = ("enabled", "showOnRegistration", "showOnOfflineForm")
# How long Rocket.Chat trusts a second factor given on a login token
# (Accounts_TwoFactorAuthentication_RememberFor's default, in seconds).
REMEMBER_FOR_S = 1800
_FORBIDDEN = "User does not have the permissions required for this action [error-unauthorized]"


@dataclass
class Administration:
    omnichannel: Omnichannel
    settings: dict[str, Any] = field(default_factory=lambda: dict(DEFAULT_SETTINGS))
    business_hour: dict[str, Any] = field(default_factory=dict)
    # A licence lifts Community's limit of one department.
    enterprise: bool = False
    # token -> until when (server clock, s) a second factor given with it is trusted
    trusted_until: dict[str, float] = field(default_factory=dict)
    # The next writes are done, and their answers lost (the connection cut before them).
    lose_next_answers: int = 0
    # Every write that reached a handler and was done: (method, route)
    writes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.business_hour:
            self.business_hour = self._default_business_hour()
        for permission, roles in DEFAULT_GRANTS.items():
            self.omnichannel.permissions.setdefault(permission, sorted(roles))
        routes: list[tuple[str, str, Callable[[RestCall], Any], str | None, bool]] = [
            ("POST", "livechat/department", self._create_department, "isPOSTLivechatDepartmentProps", True),
            ("PUT", "livechat/department/:_id", self._update_department, None, True),
            ("DELETE", "livechat/department/:_id", self._remove_department, None, True),
            ("POST", "livechat/department/:_id/agents", self._department_agents,
             "isLivechatDepartmentDepartmentIdAgentsPOSTProps", True),
            ("POST", "livechat/users/agent", self._add_agent, "isPOSTLivechatUsersTypeProps", True),
            ("GET", "livechat/users/agent/:_id", self._agent, None, True),
            ("DELETE", "livechat/users/agent/:_id", self._remove_agent, None, True),
            ("POST", "livechat/agents.saveInfo", self._save_agent_info, "isPOSTLivechatAgentSaveInfoParams",
             True),
            ("GET", "livechat/business-hour", self._get_business_hour, "isGETBusinessHourParams", True),
            ("POST", "livechat/business-hours.save", self._save_business_hour,
             "isPOSTLivechatBusinessHoursSaveParams", True),
            ("GET", "settings.public", self._public_settings, "isSettingsPublicWithPaginationProps", False),
            ("POST", "settings/:_id", self._save_setting, None, True),
            ("POST", "livechat/appearance", self._save_appearance, "isPOSTLivechatAppearanceParams", True),
        ]
        for method, path, handler, validator, auth in routes:
            self.omnichannel.server.add_route(method, path, self._checked(method, path, handler, validator),
                                              auth=auth)

    # -- what a test sets up or looks at ---------------------------------------------------------

    def add_admin(self, username: str, password: str = "pw", *, name: str | None = None,
                  roles: tuple[str, ...] = ("user", "admin", "livechat-manager")) -> LoopbackUser:
        return self.omnichannel.add_agent(username, password, name=name, roles=roles)

    def make_agent(self, username: str, *, name: str | None = None) -> LoopbackUser:
        """A user who is not an agent yet (an admin may give them the role)."""
        return self.omnichannel.server.state.add_user(username, "pw", name=name, roles=("user",))

    def touch_department(self, department_id: str, **changes: Any) -> None:
        """Someone else changed the department on the server (its own admin pages)."""
        self.omnichannel.departments[department_id].update(changes, _updatedAt=iso(self.omnichannel.now_ms()))

    def department_agents(self, department_id: str) -> list[str]:
        """The department's agents' ids, in their order."""
        return [entry["agentId"] for entry in self.omnichannel.department_agents_payload(department_id)]

    def calls(self, route: str) -> int:
        return sum(1 for done in self.writes if done == route)

    def holds(self, user: LoopbackUser, permission: str) -> bool:
        if permission in self.omnichannel.lacking.get(user.id, set()):
            return False
        return bool(set(self.omnichannel.permissions.get(permission, ())) & set(user.roles))

    # -- checks ---------------------------------------------------------------------------------

    def _checked(self, method: str, path: str, handler: Callable[[RestCall], Any],
                 validator: str | None) -> Callable[[RestCall], Any]:
        route = f"{method} /v1/{path}"

        async def handle(call: RestCall) -> web.Response:
            if validator is not None:
                schema = schemas.validator_schema(validator)
                params = call.body if method != "GET" else _coerced(call.query, schema)
                try:
                    schemas.validate(params, schema, what=route)
                except schemas.SchemaViolation as violation:
                    self.omnichannel.violations.append(f"received {violation}")
                    return _json(payloads.failure(str(violation), "invalid-params"), status=400)
            answer: web.Response = await handler(call)
            if method != "GET" and answer.status < 300:
                self.writes.append(f"{method} {path}")
                if self.lose_next_answers > 0:
                    self.lose_next_answers -= 1
                    transport = call.request.transport
                    if transport is not None:
                        transport.abort()
            return answer

        return handle

    def _refused(self, call: RestCall, *permissions: str) -> web.Response | None:
        """403 unless the user holds one of `permissions` (the route's permissionsRequired)."""
        user = call.user
        assert user is not None
        if any(self.holds(user, permission) for permission in permissions):
            return None
        return _json({"success": False, "error": _FORBIDDEN}, status=403)

    def _check_payload(self, type_name: str, payload: Any) -> None:
        try:
            schemas.validate_payload(type_name, payload)
        except schemas.SchemaViolation as violation:
            self.omnichannel.violations.append(f"served {violation}")

    # -- departments ------------------------------------------------------------------------------

    async def _create_department(self, call: RestCall) -> web.Response:
        if (refused := self._refused(call, "manage-livechat-departments")) is not None:
            return refused
        data = dict(call.body["department"])
        if not self.enterprise and self.omnichannel.departments:
            return _json(payloads.failure("Maximum number of departments reached",
                                          "error-max-departments-number-reached"), status=400)
        problem = self._department_problem(None, data)
        if problem is not None:
            return problem
        department_id = data.pop("_id", None)
        if not isinstance(department_id, str) or not department_id:
            department_id = self.omnichannel.new_id()
        if department_id in self.omnichannel.departments:
            # Mongo's duplicate key, which no Meteor.Error wraps.
            return _json({"success": False, "error": "Internal server error"}, status=500)
        record = {"_id": department_id, "numAgents": 0, "offlineMessageChannelName": "", "description": "",
                  **data, "_updatedAt": iso(self.omnichannel.now_ms())}
        self.omnichannel.departments[department_id] = record
        for agent in call.body.get("agents") or []:
            self._put_agent(department_id, agent["agentId"], agent.get("order"))
        return _json({"department": record, "agents": self._agents_of(department_id), "success": True})

    async def _update_department(self, call: RestCall) -> web.Response:
        if (refused := self._refused(call, "manage-livechat-departments",
                                     "add-livechat-department-agents")) is not None:
            return refused
        assert call.user is not None
        body = call.body
        if not isinstance(body, dict) or not isinstance(body.get("department"), dict) or not set(body) <= {
                "department", "agents", "departmentUnit"}:
            return _json(payloads.failure("Match error", "error-invalid-params"), status=400)
        if not self.holds(call.user, "manage-livechat-departments"):
            return _json({"success": False, "error": "error-not-allowed"}, status=400)
        department_id = call.path_params["_id"]
        data = dict(body["department"])
        problem = self._department_problem(department_id, data)
        if problem is not None:
            return problem
        department = self.omnichannel.departments[department_id]
        department.update(data, _updatedAt=iso(self.omnichannel.now_ms()))
        for agent in body.get("agents") or []:
            self._put_agent(department_id, agent["agentId"], agent.get("order"))
        return _json({"department": department, "agents": self._agents_of(department_id), "success": True})

    def _department_problem(self, department_id: str | None, data: dict[str, Any]) -> web.Response | None:
        """saveDepartment's checks (departmentsLib.ts), in its order."""
        current = self.omnichannel.departments.get(department_id) if department_id else None
        if current is not None and current.get("archived") and data.get("enabled"):
            return _failure("Archived departments cant be enabled",
                            "error-archived-department-cant-be-enabled")
        for key in ("enabled", "name", "showOnRegistration", "email", "showOnOfflineForm"):
            if key not in data:
                return _failure(f"Match error: Missing key '{key}'", "error-invalid-params")
        for key, value in data.items():
            wrong = ((key in _DEPARTMENT_STRINGS and not isinstance(value, str))
                     or (key in _DEPARTMENT_FLAGS and not isinstance(value, bool)))
            if wrong or not isinstance(value, str | int | bool | list):
                return _failure(f"Match error: Expected the right type in field {key}",
                                "error-invalid-params")
        if department_id and current is None:
            return _failure("Department not found", "error-department-not-found")
        fallback = data.get("fallbackForwardDepartment")
        if fallback and fallback == department_id:
            return _failure("Cannot save department. Circular reference between fallback department and "
                            "department", "error-fallback-department-circular")
        if fallback and fallback not in self.omnichannel.departments:
            return _failure("Fallback department not found", "error-fallback-department-not-found")
        return None

    async def _remove_department(self, call: RestCall) -> web.Response:
        refused = self._refused(call, "manage-livechat-departments", "remove-livechat-department")
        if refused is not None:
            return refused
        if not self.settings["Omnichannel_enable_department_removal"]:
            return _json({"success": False, "error": "error-department-removal-disabled"}, status=400)
        department_id = call.path_params["_id"]
        if self.omnichannel.departments.pop(department_id, None) is None:
            return _json({"success": False, "error": "error-department-not-found"}, status=400)
        for departments in self.omnichannel.agent_departments.values():
            if department_id in departments:
                departments.remove(department_id)
        for other in self.omnichannel.departments.values():
            if other.get("fallbackForwardDepartment") == department_id:
                other.pop("fallbackForwardDepartment")
        return _json({"success": True})

    async def _department_agents(self, call: RestCall) -> web.Response:
        if (refused := self._refused(call, "manage-livechat-departments",
                                     "add-livechat-department-agents")) is not None:
            return refused
        department_id = call.path_params["_id"]
        if department_id not in self.omnichannel.departments:
            return _failure("Department not found", "error-department-not-found")
        for agent in call.body["remove"]:
            departments = self.omnichannel.agent_departments.get(agent["agentId"], [])
            if department_id in departments:
                departments.remove(department_id)
        for agent in call.body["upsert"]:
            self._put_agent(department_id, agent["agentId"], agent.get("order"))
        return _json({"success": True})

    def _put_agent(self, department_id: str, agent_id: str, order: object) -> None:
        user = self.omnichannel.server.state.users.get(agent_id)
        if user is None:
            return  # updateDepartmentAgents skips an id that is no user
        departments = self.omnichannel.agent_departments.setdefault(agent_id, [])
        if department_id not in departments:
            departments.append(department_id)
        self.omnichannel.agent_order[(department_id, agent_id)] = order if isinstance(order, int) else 0

    def _agents_of(self, department_id: str) -> list[dict[str, Any]]:
        return self.omnichannel.department_agents_payload(department_id)

    # -- agents -----------------------------------------------------------------------------------

    async def _add_agent(self, call: RestCall) -> web.Response:
        if (refused := self._refused(call, "view-livechat-manager")) is not None:
            return refused
        user = self.omnichannel.server.state.user_named(call.body["username"])
        if user is None:
            return _json({"success": False, "error": "error-invalid-user"}, status=400)
        if "livechat-agent" not in user.roles:
            user.roles = (*user.roles, "livechat-agent")
        self.omnichannel.agent_departments.setdefault(user.id, [])
        return _json({"user": {"_id": user.id, "username": user.username}, "success": True})

    async def _agent(self, call: RestCall) -> web.Response:
        if (refused := self._refused(call, "view-livechat-manager")) is not None:
            return refused
        user = self.omnichannel.server.state.users.get(call.path_params["_id"])
        if user is None or "livechat-agent" not in user.roles:
            return _json({"user": None, "success": True})
        shown = {"_id": user.id, "username": user.username, "name": user.name, "status": user.status,
                 "statusLivechat": user.status_livechat,
                 "emails": [{"address": f"{user.username}@example.com", "verified": True}],
                 "livechat": {"maxNumberSimultaneousChat": 0,
                              **self.omnichannel.agent_livechat.get(user.id, {})}}
        return _json({"user": shown, "success": True})

    async def _remove_agent(self, call: RestCall) -> web.Response:
        if (refused := self._refused(call, "view-livechat-manager")) is not None:
            return refused
        user = self.omnichannel.server.state.users.get(call.path_params["_id"])
        if user is None:
            return _json({"success": False, "error": "error-invalid-user"}, status=400)
        if "livechat-agent" not in user.roles:
            return _json({"success": False}, status=400)
        user.roles = tuple(role for role in user.roles if role != "livechat-agent")
        self.omnichannel.agent_departments.pop(user.id, None)
        return _json({"success": True})

    async def _save_agent_info(self, call: RestCall) -> web.Response:
        if (refused := self._refused(call, "manage-livechat-agents")) is not None:
            return refused
        user = self.omnichannel.server.state.users.get(call.body["agentId"])
        if user is None or "livechat-agent" not in user.roles:
            return _json({"success": False, "error": "error-user-is-not-agent"}, status=400)
        data = {k: v for k, v in call.body["agentData"].items() if v not in (None, "")}
        self.omnichannel.agent_livechat[user.id] = data
        wanted = [d for d in call.body["agentDepartments"] if d in self.omnichannel.departments]
        current = self.omnichannel.agent_departments.setdefault(user.id, [])
        for department_id in [d for d in current if d not in wanted]:
            current.remove(department_id)
        for department_id in wanted:
            if department_id not in current:
                current.append(department_id)
                self.omnichannel.agent_order[(department_id, user.id)] = 0
        return _json({"success": True})

    # -- business hours ---------------------------------------------------------------------------

    def _default_business_hour(self) -> dict[str, Any]:
        at = iso(self.omnichannel.now_ms())
        hours = {"_id": "default-business-hour", "_updatedAt": at, "ts": at, "name": "", "active": True,
                 "type": "default", "timezone": {"name": "UTC", "utc": "0"},
                 "workHours": [self._work_hour(day, "08:00", "20:00", open=day not in ("Saturday", "Sunday"))
                               for day in _DAYS]}
        return hours

    @staticmethod
    def _work_hour(day: str, start: str, finish: str, *, open: bool) -> dict[str, Any]:
        def moment(time: str) -> dict[str, Any]:
            return {"time": time, "utc": {"dayOfWeek": day, "time": time},
                    "cron": {"dayOfWeek": day, "time": time}}

        return {"day": day, "start": moment(start), "finish": moment(finish), "open": open,
                "code": _DAYS.index(day)}

    async def _get_business_hour(self, call: RestCall) -> web.Response:
        if (refused := self._refused(call, "view-livechat-business-hours")) is not None:
            return refused
        self._check_payload("ILivechatBusinessHour", self.business_hour)
        return _json({"businessHour": self.business_hour, "success": True})

    async def _save_business_hour(self, call: RestCall) -> web.Response:
        body = call.body
        if body.get("type", "default") != "default" or body.get("_id") != self.business_hour["_id"]:
            # Community has the default business hour only: DefaultBusinessHour.saveBusinessHour
            # does nothing without an `_id`.
            return _json({"success": True})
        hours = self.business_hour
        hours.update(active=body["active"], timezone={"name": body["timezoneName"], "utc": "0"},
                     workHours=[self._work_hour(w["day"], w["start"], w["finish"], open=w["open"])
                                for w in body["workHours"]],
                     _updatedAt=iso(self.omnichannel.now_ms()))
        return _json({"success": True})

    # -- settings ---------------------------------------------------------------------------------

    async def _public_settings(self, call: RestCall) -> web.Response:
        wanted = {part.strip() for part in call.query.get("_id", "").split(",") if part.strip()}
        listed = [{"_id": key, "value": value} for key, value in sorted(self.settings.items())
                  if key not in _PRIVATE_SETTINGS and (not wanted or key in wanted)]
        return _json({"settings": listed, "count": len(listed), "offset": 0, "total": len(listed),
                      "success": True})

    async def _save_setting(self, call: RestCall) -> web.Response:
        if (refused := self._refused(call, "edit-privileged-setting")) is not None:
            return refused
        assert call.user is not None
        second = self._second_factor(call, call.user)
        if second is not None:
            return second
        setting_id = call.path_params["_id"]
        body = call.body
        if setting_id not in self.settings or not isinstance(body, dict) or "value" not in body:
            return _json({"success": False}, status=400)
        self.settings[setting_id] = body["value"]
        return _json({"success": True})

    def _second_factor(self, call: RestCall, user: LoopbackUser) -> web.Response | None:
        """checkCodeForUser: a token trusted (a code given with it lately) passes; else the code in
        X-2fa-Code, checked by the user's method (`password`: the password's SHA-256)."""
        token = call.request.headers.get("X-Auth-Token", "")
        now = self.omnichannel.server.clock()
        if self.trusted_until.get(token, 0) > now:
            return None
        method = user.two_factor or "password"
        details = {"method": method, "codeGenerated": False, "availableMethods": [user.two_factor] if
                   user.two_factor else []}
        code = call.request.headers.get("X-2fa-Code")
        if not code:
            return _json(payloads.failure("TOTP Required", "totp-required", details), status=400)
        wanted = hashlib.sha256(user.password.encode()).hexdigest() if method == "password" else user.code
        if code.lower() != wanted:
            return _json(payloads.failure("TOTP Invalid", "totp-invalid", details), status=400)
        self.trusted_until[token] = now + REMEMBER_FOR_S
        return None

    async def _save_appearance(self, call: RestCall) -> web.Response:
        if (refused := self._refused(call, "view-livechat-manager")) is not None:
            return refused
        if not all(setting["_id"] in _APPEARANCE for setting in call.body):
            return _json({"success": False, "error": "invalid-setting"}, status=400)
        for setting in call.body:
            self.settings[setting["_id"]] = setting["value"]
        return _json({"success": True})


def _failure(reason: str, error_id: str) -> web.Response:
    return _json(payloads.failure(reason, error_id), status=400)


def _coerced(query: dict[str, str], schema: dict[str, Any]) -> dict[str, Any]:
    properties = schema.get("properties", {}) if isinstance(schema, dict) else {}
    coerced: dict[str, Any] = {}
    for key, value in query.items():
        wanted = properties.get(key, {}).get("type", "string")
        types = wanted if isinstance(wanted, list) else [wanted]
        coerced[key] = int(value) if ("number" in types or "integer" in types) and value.isdigit() else value
    return coerced


def _json(body: Any, *, status: int = 200) -> web.Response:
    return web.Response(status=status, text=json.dumps(body), content_type="application/json")
