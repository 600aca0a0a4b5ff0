"""Omnichannel on the loopback Rocket.Chat server: departments, agents, the queue of inquiries,
rooms and their messages, in memory, served as Rocket.Chat 8.x serves them to an agent's client.

REST (each request checked against the ajv schema rest-typings declares for its route, where one
exists; a violation is answered 400 as Rocket.Chat's validator does, and recorded):
  GET  livechat/department, livechat/department/:_id (includeAgents), livechat/users/agent,
       livechat/agents/:uid/departments, livechat/inquiries.queuedForUser, rooms.info (to whom
       canAccessRoom lets see the room)
  POST livechat/inquiries.take
  and an agent's other commands (commands.py: close, forward, hold and resume, saveInfo,
  agent.status, users.setStatus), decided by the permission matrix (`permissions`).
  GET  livechat/units: `enterprise` answers an empty list (no units configured) unless a test
       turns on units (units.py); a Community server answers 404, as it has no such route.
  and, for monitors and managers (loopback/monitoring.py): GET livechat/rooms,
  livechat/inquiries.list, stream-notify-logged `user-status`
Rooms have subscriptions (`subscribers`): a room's `rooms-changed` and messages reach only its
subscribers, and a subscription removed stops both for that user, as Rocket.Chat's streamer does
(server/modules/notifications/notifications.module.ts, listeners/listeners.module.ts).
DDP methods (over the socket or method.call): rooms/get, subscriptions/get, loadHistory,
  loadMissedMessages, sendMessage (a client-chosen `_id` is kept; a second message with the same
  id is refused as Mongo's duplicate key makes Meteor refuse it: 500 'Internal server error'),
  getSingleMessage.
Streams pushed as Rocket.Chat pushes them: stream-livechat-inquiry-queue-observer
  (`public`, `department/<id>`: `{type, ...inquiry}`), stream-notify-user (`<uid>/rooms-changed`,
  `<uid>/subscriptions-changed`: `[clientAction, record]`), stream-room-messages (`<rid>`: `[message]`).

Every payload served is checked against core-typings' type for it; `violations` lists what broke
a schema (the `omnichannel` fixture fails the test when it is not empty).
"""

from __future__ import annotations

import copy
import itertools
import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from aiohttp import web

from app.policy.permissions import ROCKETCHAT_DEFAULTS
from tests.rocketchat import schemas
from tests.rocketchat.loopback import payloads
from tests.rocketchat.loopback.commands import Commands, transfer_data_violations
from tests.rocketchat.loopback.monitoring import Monitoring
from tests.rocketchat.loopback.state import NO_RESULT, LoopbackUser, MethodRefused

if TYPE_CHECKING:
    from tests.rocketchat.loopback.files import LoopbackFiles
    from tests.rocketchat.loopback.server import LoopbackRocketChat, RestCall

QUEUE_STREAM = "stream-livechat-inquiry-queue-observer"
USER_STREAM = "stream-notify-user"
MESSAGES_STREAM = "stream-room-messages"
ROOM_STREAM = "stream-notify-room"
LOGGED_STREAM = "stream-notify-logged"


def iso(ms: int) -> str:
    """REST's date: ISO 8601 with milliseconds and Z (24 characters)."""
    moment = datetime.fromtimestamp(ms / 1000, tz=UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms % 1000:03d}Z"


def ejson(value: Any) -> Any:
    """A REST payload as DDP carries it: every date as {"$date": ms}."""
    if isinstance(value, dict):
        return {key: ejson(item) for key, item in value.items()}
    if isinstance(value, list):
        return [ejson(item) for item in value]
    if isinstance(value, str) and len(value) == 24 and value[10] == "T" and value.endswith("Z"):
        try:
            return {"$date": int(datetime.fromisoformat(value).timestamp() * 1000)}
        except ValueError:
            return value
    return value


def ms_of(value: Any) -> int | None:
    """Milliseconds of an EJSON date param (None for null)."""
    if isinstance(value, dict) and isinstance(value.get("$date"), int | float):
        return int(value["$date"])
    return None


@dataclass
class Visitor:
    id: str
    token: str
    name: str
    username: str
    contact_id: str = ""


@dataclass
class Omnichannel:
    server: LoopbackRocketChat
    departments: dict[str, dict[str, Any]] = field(default_factory=dict)
    # agent id -> department ids, in order
    agent_departments: dict[str, list[str]] = field(default_factory=dict)
    # (department id, agent id) -> the agent's `order` in the department (auto selection's tie-break)
    agent_order: dict[tuple[str, str], int] = field(default_factory=dict)
    # agent id -> the user's `livechat` object (Enterprise's maxNumberSimultaneousChat)
    agent_livechat: dict[str, dict[str, Any]] = field(default_factory=dict)
    rooms: dict[str, dict[str, Any]] = field(default_factory=dict)
    inquiries: dict[str, dict[str, Any]] = field(default_factory=dict)
    messages: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    # The permission matrix (permission -> role names), Rocket.Chat's defaults at the start
    permissions: dict[str, list[str]] = field(default_factory=lambda: {
        permission.value: sorted(roles) for permission, roles in ROCKETCHAT_DEFAULTS.items()})
    # Deleted messages as Rocket.Chat's trash keeps them: {_id, rid, _deletedAt}
    trash: list[dict[str, Any]] = field(default_factory=list)
    visitors: dict[str, Visitor] = field(default_factory=dict)
    # Permissions a user lacks beyond their roles' defaults (user id -> names)
    lacking: dict[str, set[str]] = field(default_factory=dict)
    # Rocket.Chat Enterprise's Omnichannel (on hold; units, none configured here). Off: a
    # Community server, which refuses what needs the license.
    enterprise: bool = False
    # rid -> the users with a subscription to the room: who hears its `rooms-changed` and messages
    subscribers: dict[str, set[str]] = field(default_factory=dict)
    # What broke Rocket.Chat's schemas: requests received and payloads served
    violations: list[str] = field(default_factory=list)
    # sendMessage calls that carried an id already kept (the duplicates refused)
    duplicates_refused: int = 0
    # sendMessage calls whose failure Rocket.Chat swallowed (answered with no result)
    sends_swallowed: int = 0
    # When set, a send fails as a real one can (a muted user, a timestamp out of sync): swallowed
    fail_next_sends: int = 0
    # When set, a message sent is kept but its answer is lost (the socket cut before it)
    lose_next_answers: int = 0
    # Whether each payload served is checked against core-typings (off only for benchmarks, where
    # checking 100,000 messages would measure jsonschema: tests check the same shapes, checked on)
    check_payloads: bool = True
    # Files: uploads, their messages and the file settings (tests/rocketchat/loopback/files.py)
    files: LoopbackFiles = field(init=False)
    _last_ms: int = 0
    _numbers: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def __post_init__(self) -> None:
        routes: list[tuple[str, str, Callable[[RestCall], Any]]] = [
            ("GET", "livechat/department", self._departments),
            ("GET", "livechat/department/:_id", self._department),
            ("GET", "livechat/users/agent", self._agents),
            ("GET", "livechat/agents/:uid/departments", self._agent_departments),
            ("GET", "livechat/inquiries.queuedForUser", self._queued_for_user),
            ("GET", "rooms.info", self._room_info),
            ("GET", "permissions.listAll", self._permissions),
            ("POST", "livechat/inquiries.take", self._take),
        ]
        if self.enterprise:
            routes.append(("GET", "livechat/units", self._units))
        for method, path, handler in routes:
            self.serve(method, path, handler)
        self.commands = Commands(self)
        self.commands.register()
        methods = self.server.state.methods
        methods["rooms/get"] = self._rooms_get
        methods["subscriptions/get"] = self._subscriptions_get
        methods["loadHistory"] = self._load_history
        methods["loadMissedMessages"] = self._load_missed
        methods["messages/get"] = self._messages_get
        methods["sendMessage"] = self._send_message
        methods["getSingleMessage"] = self._get_single_message
        # What monitors and managers read (livechat/rooms, inquiries.list, presence).
        self.monitoring = Monitoring(self)
        from tests.rocketchat.loopback.files import LoopbackFiles  # its routes need this instance

        self.files = LoopbackFiles(self)

    # -- what a test sets up ------------------------------------------------------------------

    def now_ms(self) -> int:
        """The server's clock in ms, strictly increasing (two events never share an instant)."""
        self._last_ms = max(int(self.server.clock() * 1000), self._last_ms + 1)
        return self._last_ms

    def new_id(self) -> str:
        return f"{secrets.token_hex(6)}{next(self._numbers):05d}"

    def add_department(self, name: str, *, department_id: str | None = None) -> str:
        department_id = department_id or self.new_id()
        self.departments[department_id] = {
            "_id": department_id, "_updatedAt": iso(self.now_ms()), "name": name, "enabled": True,
            "showOnRegistration": True, "showOnOfflineForm": True, "email": "", "numAgents": 0,
            "offlineMessageChannelName": "", "description": "",
        }
        return department_id

    def add_agent(self, username: str, password: str = "pw", *, name: str | None = None,
                  departments: tuple[str, ...] = (), roles: tuple[str, ...] = ("user", "livechat-agent"),
                  ) -> LoopbackUser:
        user = self.server.state.add_user(username, password, name=name, roles=roles)
        user.status = "online"
        if "livechat-agent" in roles:
            self.agent_departments[user.id] = list(departments)
        return user

    def new_visitor(self, name: str = "Iris Vale") -> Visitor:
        """A visitor (and their contact), before they write."""
        number = next(self._numbers)
        return Visitor(id=f"visitor{number}", token=f"token{number}", name=name, username=f"guest-{number}",
                       contact_id=f"contact{number}")

    def visitor_opens_chat(self, text: str, *, department_id: str | None = None,
                           name: str = "Iris Vale", visitor: Visitor | None = None) -> tuple[str, str]:
        """A visitor (a new one unless given) writes from the widget: a room waits in the queue
        (an inquiry) with their first message. Returns (room id, inquiry id)."""
        visitor, room = self._new_room(name, department_id, visitor=visitor)
        name = visitor.name
        rid, inquiry_id = room["_id"], self.new_id()
        at = room["ts"]
        inquiry: dict[str, Any] = {
            "_id": inquiry_id, "rid": rid, "name": name, "ts": at, "_updatedAt": at, "message": text,
            "status": "queued", "t": "l", "estimatedWaitingTimeQueue": 0, "priorityWeight": 99,
            "v": dict(room["v"]), "source": {"type": "widget"},
        }
        if department_id is not None:
            inquiry["department"] = department_id
        self.inquiries[inquiry_id] = inquiry
        self._add_message(rid, text, author={"_id": visitor.id, "username": visitor.username, "name": name},
                          token=visitor.token)
        self._push_inquiry("added", inquiry)
        return rid, inquiry_id

    def seed_served_rooms(self, agent: LoopbackUser, *, rooms: int, messages_per_room: int,
                          department_id: str | None = None) -> list[str]:
        """Rooms already taken by `agent`, each with `messages_per_room` messages (the visitor's and
        the agent's in turn), as they stand once those chats have happened: nothing is pushed on
        the streams. For benchmarks that need thousands of rooms at once; each room and message
        is shaped as `visitor_opens_chat`, a take and `visitor_writes` shape them. Returns the
        room ids."""
        made: list[str] = []
        for number in range(rooms):
            visitor, room = self._new_room(f"Visitor {number}", department_id)
            rid = room["_id"]
            served_at = room["ts"]
            room.update(servedBy={"_id": agent.id, "username": agent.username, "ts": served_at},
                        waitingResponse=False)
            self.subscribers.setdefault(rid, set()).add(agent.id)
            guest = {"_id": visitor.id, "username": visitor.username, "name": visitor.name}
            staff = {"_id": agent.id, "username": agent.username, "name": agent.name}
            for line in range(messages_per_room):
                by_visitor = line % 2 == 0
                self._keep_message(rid, f"message {line} of room {number}",
                                   author=guest if by_visitor else staff,
                                   token=visitor.token if by_visitor else None)
            room["_updatedAt"] = iso(self.now_ms())
            made.append(rid)
        return made

    def visitor_writes(self, rid: str, text: str) -> dict[str, Any]:
        visitor = self.visitors[rid]
        author = {"_id": visitor.id, "username": visitor.username, "name": visitor.name}
        return self._add_message(rid, text, token=visitor.token, author=author)

    def messages_of(self, rid: str) -> list[dict[str, Any]]:
        return list(self.messages.get(rid, []))

    def edit_message(self, rid: str, message_id: str, text: str, *, by: str) -> None:
        """Someone (`by`: a username) edits a message, as updateMessage does: the text, editedAt,
        editedBy and _updatedAt change, and the message goes out again on the room's stream."""
        message = next(m for m in self.messages[rid] if m["_id"] == message_id)
        at = iso(self.now_ms())
        user = self.server.state.user_named(by)
        editor = {"_id": user.id if user else self.visitors[rid].id, "username": by}
        message.update(msg=text, editedAt=at, editedBy=editor, _updatedAt=at)
        self.server.push(MESSAGES_STREAM, rid, self._message_payload(message))

    def delete_message(self, rid: str, message_id: str) -> None:
        """A message deleted with Rocket.Chat's defaults (Message_KeepHistory and
        Message_ShowDeletedStatus off, app/lib/server/functions/deleteMessage.ts): removed (kept in
        the trash with `_deletedAt`, which messages/get reads), and `{_id}` told on the room's
        `stream-notify-room` `<rid>/deleteMessage`."""
        listed = self.messages[rid]
        message = next(m for m in listed if m["_id"] == message_id)
        listed.remove(message)
        self.trash.append({"_id": message_id, "rid": rid, "_deletedAt": iso(self.now_ms())})
        self.rooms[rid]["msgs"] -= 1
        self.server.push(ROOM_STREAM, f"{rid}/deleteMessage", {"_id": message_id})

    # -- checks ------------------------------------------------------------------------------

    def _check_payload(self, type_name: str, payload: Any) -> None:
        if not self.check_payloads:
            return
        try:
            schemas.validate_payload(type_name, payload)
        except schemas.SchemaViolation as violation:
            self.violations.append(f"served {violation}")

    def _checked(self, method: str, path: str, handler: Callable[[RestCall], Any]
                 ) -> Callable[[RestCall], Any]:
        route = f"{method} /v1/{path}"
        declared = schemas.routes().get(route)
        validator = declared["validator"] if declared is not None else None

        async def handle(call: RestCall) -> web.Response:
            if validator is not None:
                schema = schemas.validator_schema(validator)
                params = call.body if method != "GET" else _coerced(call.query, schema)
                try:
                    schemas.validate(params, schema, what=route)
                except schemas.SchemaViolation as violation:
                    self.violations.append(f"received {violation}")
                    return _json(payloads.failure(str(violation), "invalid-params"), status=400)
            answer: web.Response = await handler(call)
            return answer

        return handle

    # -- REST --------------------------------------------------------------------------------

    async def _departments(self, call: RestCall) -> web.Response:
        listed = list(self.departments.values())
        for department in listed:
            self._check_payload("ILivechatDepartment", department)
        return _page("departments", listed, call)

    async def _department(self, call: RestCall) -> web.Response:
        # findDepartmentById: an unknown id answers `department: null` (departments.ts keeps the
        # 200: its own client shows the "new department" form from it).
        department_id = call.path_params["_id"]
        department = self.departments.get(department_id)
        if department is not None:
            self._check_payload("ILivechatDepartment", department)
        body: dict[str, Any] = {"department": department, "success": True}
        if call.query.get("includeAgents") == "true":
            body["agents"] = self.department_agents_payload(department_id) if department is not None else []
        return _json(body)

    def department_agents_payload(self, department_id: str) -> list[dict[str, Any]]:
        """The department's agents (ILivechatDepartmentAgents), in their order."""
        listed = [self._department_agent(uid, department_id)
                  for uid, deps in self.agent_departments.items() if department_id in deps]
        return sorted(listed, key=lambda a: (a["order"], a["username"]))

    def _department_agent(self, user_id: str, department_id: str) -> dict[str, Any]:
        record = {"_id": f"{department_id}-{user_id}", "_updatedAt": iso(self.now_ms()),
                  "agentId": user_id, "departmentId": department_id, "departmentEnabled": True,
                  "username": self.server.state.users[user_id].username, "count": 0,
                  "order": self.agent_order.get((department_id, user_id), 0)}
        self._check_payload("ILivechatDepartmentAgents", record)
        return record

    async def _agents(self, call: RestCall) -> web.Response:
        listed = []
        text = call.query.get("text", "").lower()
        for user in self.server.state.users.values():
            if "livechat-agent" not in user.roles or text not in f"{user.username} {user.name}".lower():
                continue
            agent = {"_id": user.id, "_updatedAt": iso(self.now_ms()), "createdAt": iso(0),
                     "username": user.username, "name": user.name, "type": "user", "active": True,
                     "roles": list(user.roles), "status": user.status, "statusLivechat": user.status_livechat,
                     "livechatCount": 0, "lastRoutingTime": iso(0),
                     "livechat": {"maxNumberSimultaneousChat": 0, **self.agent_livechat.get(user.id, {})}}
            self._check_payload("ILivechatAgent", agent)
            listed.append(agent)
        return _page("users", listed, call)

    async def _agent_departments(self, call: RestCall) -> web.Response:
        uid = call.path_params["uid"]
        return _json({"departments": [self._department_agent(uid, d)
                                      for d in self.agent_departments.get(uid, [])],
                      "success": True})

    async def _queued_for_user(self, call: RestCall) -> web.Response:
        user = call.user
        assert user is not None
        mine = set(self.agent_departments.get(user.id, []))
        waiting = [i for i in self.inquiries.values() if i["status"] == "queued"
                   and (i.get("department") is None or i.get("department") in mine)]
        for inquiry in waiting:
            self._check_payload("ILivechatInquiryRecord", inquiry)
        return _page("inquiries", sorted(waiting, key=lambda i: i["ts"]), call)

    async def _permissions(self, call: RestCall) -> web.Response:
        # app/api/server/v1/permissions.ts: every permission ({_id, roles, _updatedAt...}) as
        # `update` (those changed since `updatedSince` when given; the loopback lists them all).
        at = iso(self.now_ms())
        listed = [{"_id": name, "roles": roles, "_updatedAt": at} for name, roles in self.permissions.items()]
        return _json({"update": listed, "remove": [], "success": True})

    def holds(self, user: LoopbackUser, permission: str) -> bool:
        """Whether one of the user's roles is granted `permission` (hasPermissionAsync)."""
        if permission in self.lacking.get(user.id, set()):
            return False
        return bool(set(user.roles) & set(self.permissions.get(permission, [])))

    def set_permission(self, name: str, roles: list[str]) -> None:
        """An admin changes a grant (Administration > Permissions): told to every signed-in
        client on `stream-notify-logged` `permissions-changed` as ['updated', permission]."""
        self.permissions[name] = sorted(roles)
        record = {"_id": name, "roles": sorted(roles), "_updatedAt": iso(self.now_ms())}
        self.server.push(LOGGED_STREAM, "permissions-changed", "updated", dict(ejson(record)))

    async def _room_info(self, call: RestCall) -> web.Response:
        room = self.rooms.get(call.query.get("roomId", ""))
        if room is None:
            return _json(payloads.failure("The required \"roomId\" or \"roomName\" param provided does not "
                                          "match any channel", "error-room-not-found"), status=400)
        assert call.user is not None
        if not self._can_access(room, call.user):
            # rooms.info: API.v1.failure('not-allowed', 'Not Allowed')
            return _json({"success": False, "error": "not-allowed", "errorType": "Not Allowed"}, status=400)
        self._check_payload("IOmnichannelRoom", room)
        return _json({"room": room, "success": True})

    def _can_access(self, room: dict[str, Any], user: LoopbackUser) -> bool:
        """canAccessRoomLivechat, as far as this server goes: a subscriber, the agent who serves
        (or served, once closed) the room, whoever sees every room (view-livechat-rooms), an agent
        of the department of a room waiting in the queue."""
        if user.id in self.subscribers.get(room["_id"], set()):
            return True
        if room.get("servedBy", {}).get("_id") == user.id:
            return True
        if self.holds(user, "view-livechat-rooms"):
            return True
        waiting = any(q["rid"] == room["_id"] and q["status"] == "queued" for q in self.inquiries.values())
        department = room.get("departmentId")
        return waiting and (department is None or department in self.agent_departments.get(user.id, []))

    async def _units(self, call: RestCall) -> web.Response:
        # An Enterprise server with no units configured.
        return _page("units", [], call)

    async def _take(self, call: RestCall) -> web.Response:
        user = call.user
        assert user is not None
        if call.body.get("userId"):
            # A supervisor gives the inquiry to an agent: taken as by that agent (takeInquiry.ts).
            user = self.server.state.users.get(call.body["userId"])
            if user is None:
                return _json({"success": False, "error": "The user is invalid"}, status=400)
        inquiry = self.inquiries.get(call.body["inquiryId"])
        if inquiry is None or inquiry["status"] != "queued":
            return _json(payloads.failure("Inquiry already taken", "error-inquiry-taken"), status=400)
        if user.status_livechat != "available":
            return _json(payloads.failure("Agent not available", "error-agent-not-available"), status=400)
        if not self.present(user):
            return _json(payloads.failure("Agent status is offline or Omnichannel service is not active",
                                          "error-agent-status-service-offline"), status=400)
        inquiry.update(status="taken", _updatedAt=iso(self.now_ms()))
        self._push_inquiry("changed", inquiry)
        self.serve_room(inquiry["rid"], user)
        return _json({"success": True})

    # -- DDP methods -------------------------------------------------------------------------

    def _rooms_get(self, user: LoopbackUser | None, params: list[Any]) -> Any:
        user = _signed_in(user)
        since = ms_of(params[0]) if params else None
        # The rooms the user has a subscription to.
        mine = [r for r in self.rooms.values() if user.id in self.subscribers.get(r["_id"], set())]
        shown = [self._room_payload(r) for r in mine
                 if since is None or _ms(r["_updatedAt"]) > since]
        update = [ejson(r) for r in shown]
        return {"update": update, "remove": []} if since is not None else update

    def _subscriptions_get(self, user: LoopbackUser | None, params: list[Any]) -> Any:
        user = _signed_in(user)
        subs = [self._subscription(r, user) for r in self.rooms.values()
                if user.id in self.subscribers.get(r["_id"], set())]
        return {"update": subs, "remove": []} if params and params[0] is not None else subs

    def _load_history(self, user: LoopbackUser | None, params: list[Any]) -> Any:
        _signed_in(user)
        rid = params[0]
        end = ms_of(params[1]) if len(params) > 1 else None
        limit = params[2] if len(params) > 2 and isinstance(params[2], int) else 20
        found = [m for m in self.messages.get(rid, []) if end is None or _ms(m["ts"]) < end]
        newest_first = list(reversed(found))[:limit]
        return {"messages": [self._message_payload(m) for m in newest_first]}

    def _load_missed(self, user: LoopbackUser | None, params: list[Any]) -> Any:
        _signed_in(user)
        rid, start = params[0], ms_of(params[1])
        if start is None:
            raise MethodRefused("error-invalid-params", "Invalid params")
        return [self._message_payload(m) for m in self.messages.get(rid, []) if _ms(m["ts"]) > start]

    def _messages_get(self, user: LoopbackUser | None, params: list[Any]) -> Any:
        """`messages/get` with `lastUpdate` (server/publications/messages.ts, handleWithoutPagination):
        the room's messages changed after it (new, edited, marked removed), newest first, and the
        ids of those deleted after it, from the trash."""
        _signed_in(user)
        rid = params[0] if params and isinstance(params[0], str) else None
        options = params[1] if len(params) > 1 and isinstance(params[1], dict) else {}
        if rid is None:
            raise MethodRefused("error-invalid-room", "Invalid room", {"method": "messages/get"})
        if rid not in self.rooms:
            raise MethodRefused("error-not-allowed", "Not allowed", {"method": "messages/get"})
        since = ms_of(options.get("lastUpdate"))
        if since is None:
            self.violations.append("messages/get without lastUpdate: the loopback serves only that form")
            raise MethodRefused("error-param-required",
                                'The "type" or "lastUpdate" parameters must be provided')
        updated = sorted((m for m in self.messages[rid] if _ms(m["_updatedAt"]) > since),
                         key=lambda m: _ms(m["ts"]), reverse=True)
        deleted = [{"_id": t["_id"], "_deletedAt": t["_deletedAt"]} for t in self.trash
                   if t["rid"] == rid and _ms(t["_deletedAt"]) > since]
        return {"updated": [self._message_payload(m) for m in updated],
                "deleted": [dict(ejson(d)) for d in deleted]}

    def _send_message(self, user: LoopbackUser | None, params: list[Any]) -> Any:
        user = _signed_in(user)
        given = params[0] if params and isinstance(params[0], dict) else {}
        rid, text, message_id = given.get("rid"), given.get("msg"), given.get("_id")
        room = self.rooms.get(rid) if isinstance(rid, str) else None
        # Rocket.Chat's sendMessage method (app/lib/server/methods/sendMessage.ts) rethrows only
        # 'error-not-allowed' (and 'restricted-workspace'); any other failure of the send — an
        # unknown room, the duplicate key of an id already kept, a size over the limit — is
        # logged and swallowed: the call answers no result at all, and the message is not kept.
        if room is None or not isinstance(rid, str) or self.fail_next_sends > 0:
            self.fail_next_sends = max(0, self.fail_next_sends - 1)
            self.sends_swallowed += 1
            return NO_RESULT
        if not room.get("open"):
            raise MethodRefused("error-not-allowed", "Not allowed", {"method": "sendMessage"})
        if any(m["_id"] == message_id for m in self.messages[rid]):
            self.duplicates_refused += 1
            self.sends_swallowed += 1
            return NO_RESULT
        message = self._add_message(rid, str(text), message_id=message_id,
                                    author={"_id": user.id, "username": user.username, "name": user.name})
        if self.lose_next_answers > 0:
            self.lose_next_answers -= 1
            self.server.drop_sockets()
        return self._message_payload(message)

    def _get_single_message(self, user: LoopbackUser | None, params: list[Any]) -> Any:
        _signed_in(user)
        wanted = params[0] if params else None
        for listed in self.messages.values():
            for message in listed:
                if message["_id"] == wanted:
                    return self._message_payload(message)
        return None

    # -- changes and what they push ---------------------------------------------------------

    def _new_room(self, name: str, department_id: str | None, *, visitor: Visitor | None = None
                  ) -> tuple[Visitor, dict[str, Any]]:
        """A visitor's new room (a new visitor unless given), open and unserved, without messages."""
        visitor = visitor or self.new_visitor(name)
        name = visitor.name
        rid = self.new_id()
        self.visitors[rid] = visitor
        at = iso(self.now_ms())
        room: dict[str, Any] = {
            "_id": rid, "t": "l", "fname": name, "msgs": 0, "usersCount": 1,
            "u": {"_id": visitor.id, "username": visitor.username}, "ts": at, "_updatedAt": at,
            "open": True, "waitingResponse": True, "livechatData": {},
            "v": {"_id": visitor.id, "username": visitor.username, "token": visitor.token,
                  "status": "online"},
            "source": {"type": "widget"}, "priorityWeight": 99, "estimatedWaitingTimeQueue": 9999999,
            "contactId": visitor.contact_id,
        }
        if department_id is not None:
            room["departmentId"] = department_id
        self.rooms[rid] = room
        self.messages[rid] = []
        return visitor, room

    def _add_message(self, rid: str, text: str, *, author: dict[str, Any], token: str | None = None,
                     message_id: str | None = None, fields: dict[str, Any] | None = None) -> dict[str, Any]:
        message = self._keep_message(rid, text, author=author, token=token, message_id=message_id,
                                     fields=fields)
        self.server.push(MESSAGES_STREAM, rid, self._message_payload(message))
        return message

    def _keep_message(self, rid: str, text: str, *, author: dict[str, Any], token: str | None = None,
                      message_id: str | None = None, fields: dict[str, Any] | None = None) -> dict[str, Any]:
        at = iso(self.now_ms())
        message: dict[str, Any] = {"_id": message_id or self.new_id(), "rid": rid, "msg": text, "ts": at,
                                   "u": author, "_updatedAt": at, **(fields or {})}
        if token is not None:
            message["token"] = token
        self.messages[rid].append(message)
        room = self.rooms[rid]
        room["msgs"] += 1
        # Rocket.Chat's models stamp `_updatedAt` on every update of the room.
        room.update(lm=at, lastMessage=copy.deepcopy(message), _updatedAt=at)
        return message

    def serve_room(self, rid: str, agent: LoopbackUser) -> None:
        """RoutingManager.assignAgent: the agent is subscribed to the room and serves it."""
        room = self.rooms[rid]
        at = iso(self.now_ms())
        room.update(servedBy={"_id": agent.id, "username": agent.username, "ts": at}, _updatedAt=at)
        self.subscribe(rid, agent)

    def subscribe(self, rid: str, user: LoopbackUser) -> None:
        """A subscription for `user`: told on `subscriptions-changed`, and from then on hearing the
        room's `rooms-changed`, which starts with the room itself ('inserted', as Rocket.Chat's
        streamer emits it when a subscription is added)."""
        self.subscribers.setdefault(rid, set()).add(user.id)
        room = self.rooms[rid]
        self.server.push(USER_STREAM, f"{user.id}/subscriptions-changed", "inserted",
                         self._subscription(room, user))
        self.server.push(USER_STREAM, f"{user.id}/rooms-changed", "inserted", ejson(self._room_payload(room)))

    def unsubscribe(self, rid: str, user_id: str) -> None:
        """The user's subscription is removed: told on `subscriptions-changed`; they stop hearing
        the room's `rooms-changed` and its `stream-room-messages` (listeners.module.ts)."""
        self.subscribers.get(rid, set()).discard(user_id)
        user = self.server.state.users[user_id]
        self.server.push(USER_STREAM, f"{user_id}/subscriptions-changed", "removed",
                         self._subscription(self.rooms[rid], user))
        for session in self.server.sessions:
            if session.user is not None and session.user.id == user_id:
                for sub_id in [s for s, key in session.subs.items() if key == (MESSAGES_STREAM, rid)]:
                    del session.subs[sub_id]

    def subscriptions_changed(self, rid: str) -> None:
        """notifyOnSubscriptionChangedByRoomId: each subscriber is told their subscription changed
        (its department, when the room moved)."""
        room = self.rooms[rid]
        for user_id in sorted(self.subscribers.get(rid, set())):
            user = self.server.state.users[user_id]
            self.server.push(USER_STREAM, f"{user_id}/subscriptions-changed", "updated",
                             self._subscription(room, user))

    def push_room(self, room: dict[str, Any]) -> None:
        self._push_room(room)

    def _push_room(self, room: dict[str, Any], also_user_id: str | None = None) -> None:
        """notifyOnRoomChanged: `rooms-changed` to the room's subscribers."""
        shown = ejson(self._room_payload(room))
        for user_id in sorted(self.subscribers.get(room["_id"], set())):
            self.server.push(USER_STREAM, f"{user_id}/rooms-changed", "updated", shown)

    def push_inquiry(self, kind: str, inquiry: dict[str, Any], *, public_too: bool = False) -> None:
        self._push_inquiry(kind, inquiry, public_too=public_too)

    def _push_inquiry(self, kind: str, inquiry: dict[str, Any], *, public_too: bool = False) -> None:
        self._check_payload("ILivechatInquiryRecord", inquiry)
        event = f"department/{inquiry['department']}" if inquiry.get("department") else "public"
        if public_too:
            event = "public"
        self.server.push(QUEUE_STREAM, event, ejson({"type": kind, **inquiry}))

    def add_system_message(self, rid: str, kind: str, text: str, author: LoopbackUser | dict[str, Any],
                           **extra: Any) -> dict[str, Any]:
        """Message.saveSystemMessage: a message of type `kind`, counted in `msgs` (the room's
        `lastMessage` is left as it was), the room told changed."""
        at = iso(self.now_ms())
        who = author if isinstance(author, dict) else {"_id": author.id, "username": author.username,
                                                        "name": author.name}
        message: dict[str, Any] = {"_id": self.new_id(), "rid": rid, "t": kind, "msg": text, "ts": at,
                                   "u": who, "_updatedAt": at, **extra}
        self.messages[rid].append(message)
        room = self.rooms[rid]
        room["msgs"] += 1
        room["_updatedAt"] = at
        self.server.push(MESSAGES_STREAM, rid, self._message_payload(message))
        self._push_room(room)
        return message

    def present(self, user: LoopbackUser) -> bool:
        """Online as Rocket.Chat counts agents: logged in over DDP."""
        return user.id in {s.user.id for s in self.server.sessions if s.user is not None}

    def serve(self, method: str, path: str, handler: Callable[[RestCall], Any]) -> None:
        """Serve a REST route, its requests checked against rest-typings' schema for it."""
        self.server.add_route(method, path, self._checked(method, path, handler))

    @staticmethod
    def iso(ms: int) -> str:
        return iso(ms)

    def _room_payload(self, room: dict[str, Any]) -> dict[str, Any]:
        self._check_payload("IOmnichannelRoom", room)
        return room

    def _message_payload(self, message: dict[str, Any]) -> dict[str, Any]:
        if "t" in message and message["t"] != "rm":
            typed = {key: value for key, value in message.items() if key != "transferData"}
            self._check_payload("IOmnichannelSystemMessage", typed)
            if "transferData" in message:
                self.violations.extend(f"served {problem}"
                                       for problem in transfer_data_violations(message["transferData"]))
        else:
            # core-typings: editedAt/editedBy belong to IEditedMessage (IMessage allows neither).
            self._check_payload("IEditedMessage" if "editedAt" in message else "IMessage", message)
        return dict(ejson(message))

    def _subscription(self, room: dict[str, Any], user: LoopbackUser) -> dict[str, Any]:
        at = iso(self.now_ms())
        subscription = {"_id": f"{room['_id']}-{user.id}", "_updatedAt": at, "rid": room["_id"], "t": "l",
                        "ts": at, "name": room["fname"], "open": True, "unread": 0, "userMentions": 0,
                        "groupMentions": 0, "u": {"_id": user.id, "username": user.username}}
        if room.get("departmentId"):
            subscription["department"] = room["departmentId"]
        self._check_payload("ISubscription", subscription)
        return dict(ejson(subscription))


def _signed_in(user: LoopbackUser | None) -> LoopbackUser:
    if user is None:
        raise MethodRefused("error-invalid-user", "Invalid user")
    return user


def _ms(text: str) -> int:
    return int(datetime.fromisoformat(text).timestamp() * 1000)


def _coerced(query: dict[str, str], schema: dict[str, Any]) -> dict[str, Any]:
    """A query's values as ajv's coerceTypes reads them for the schema (numbers, booleans)."""
    properties = schema.get("properties", {}) if isinstance(schema, dict) else {}
    coerced: dict[str, Any] = {}
    for key, value in query.items():
        wanted = properties.get(key, {}).get("type", "string")
        types = wanted if isinstance(wanted, list) else [wanted]
        if ("number" in types or "integer" in types) and value.lstrip("-").isdigit():
            coerced[key] = int(value)
        elif "boolean" in types and value in ("true", "false"):
            coerced[key] = value == "true"
        else:
            coerced[key] = value
    return coerced


def _page(name: str, listed: list[dict[str, Any]], call: RestCall) -> web.Response:
    offset = int(call.query.get("offset", "0") or 0)
    count = int(call.query.get("count", "50") or 50)
    shown = listed[offset:offset + count] if count else listed[offset:]
    return _json({name: shown, "count": len(shown), "offset": offset, "total": len(listed), "success": True})


def _json(body: Any, *, status: int = 200) -> web.Response:
    return web.Response(status=status, text=json.dumps(body), content_type="application/json")
