"""What an agent's client asks of the loopback server's Omnichannel beyond taking and writing:
close, forward, hold and resume, save a room's details, availability and status, and the
permission matrix it decides by. Each route checks what Rocket.Chat 8.x checks, in its order,
and refuses as it refuses; each change pushes what Rocket.Chat pushes after it.

Rocket.Chat's code, read for each (paths are Rocket.Chat's):
- `livechat/room.closeByUser` (app/livechat/server/api/v1/room.ts, permission close-livechat-room)
  → closeLivechatRoom (app/lib/server/functions/closeLivechatRoom.ts): 'error-invalid-room'; a
  user without a subscription needs close-others-livechat-room ('error-not-authorized'); a closed
  room: 'error-room-already-closed' → closeRoom (app/livechat/server/lib/closeRoom.ts): the tags
  asked for join the room's, `closedAt`, `closedBy`, `closer`, the durations, `open` unset; the
  inquiry removed; every subscription removed (each user told `subscriptions-changed` removed,
  which also ends their `rooms-changed` and `stream-room-messages` for the room); then the
  `livechat-close` message carrying the comment. The room itself keeps no comment.
- `livechat/room.forward` (same file; view-l-room and transfer-livechat-guest): 'error-invalid-room',
  'This_conversation_is_already_closed' → transfer (app/livechat/server/lib/transfer.ts):
  'error-room-onHold', 'error-invalid-department' → RoutingManager.transferRoom: a department wins
  over a user. forwardRoomToAgent (lib/Helper.ts): the agent must be online ('error-user-is-offline',
  also for an unknown id), 'error-selected-agent-room-agent-are-same'; the new agent is subscribed
  and serves the room, the transfer is saved as a `livechat_transfer_history` message, the former
  agent's subscription is removed. forwardRoomToDepartment: 'error-forwarding-chat-same-department';
  with a userId the agent must be online and in the department ('error-user-not-belong-to-department');
  under Manual_Selection (this server's routing) the chat goes back to the new department's queue
  (RoutingManager.unassignAgent: queued again, announced on the queue streams, no agent, no
  subscription). Nothing done: 'error-forwarding-chat'.
- `livechat/room.onHold` and `room.resumeOnHold` (ee/app/livechat-enterprise/server/api/rooms.ts,
  license livechat-enterprise: a Community server answers 'error-action-not-allowed'; on-hold-livechat-
  room and view-l-room; without a subscription on-hold-others-livechat-room, else 'Not_authorized')
  → OmnichannelEE.placeRoomOnHold / resumeRoomOnHold (ee/server/services/omnichannel/service.ts):
  'error-room-already-closed', 'error-room-is-already-on-hold', the visitor wrote last
  ('error-contact-sent-last-message-so-cannot-place-on-hold'), 'error-unserved-rooms-cannot-be-placed-
  onhold'; resuming: 'This_conversation_is_already_closed', 'error-room-not-on-hold'. `onHold` is set
  on the room and its subscription; a system message says so.
- `livechat/room.saveInfo` (room.ts; view-l-room; another's room needs save-others-livechat-room-info,
  else 403) → saveRoomInfo (lib/rooms.ts) → LivechatRooms.saveRoomById: the topic trimmed (unset
  when empty), the tags set when some are given and unset otherwise.
- `livechat/agent.status` (app/livechat/server/api/v1/agent.ts; view-l-room): `statusLivechat`
  only (the DDP presence is another thing); no status toggles; another agent needs
  manage-livechat-agents; closed business hours: 'error-business-hours-are-closed'.
- `users.setStatus` (app/api/server/v1/users.ts): online, away, busy or offline.

Refusals are shaped as Rocket.Chat's REST answers them (app/api/server/ApiClass.ts): a bare
`throw new Error(id)` is a 400 `{success: false, error: id}`; a missing route permission a 403
naming error-unauthorized (8.x: the 403/401 swap waits for 9.0); `API.v1.forbidden()` a 403
`{error: 'unauthorized'}`.

System messages: core-typings types `transferData` as `{comment, transferredBy: {username, name?},
transferredTo: {username, name?}, nextDepartment?, scope}`, while saveTransferHistory writes
`transferredBy._id` and `userType`, `ts`, `previousDepartment`, and leaves `transferredTo` out for a
department. The message is served as the server writes it; its `transferData` is checked against
the server's own shape (`_TRANSFER_FIELDS`) and the rest of the message against the typing.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from aiohttp import web

from tests.rocketchat.loopback import payloads
from tests.rocketchat.loopback.state import LoopbackUser

if TYPE_CHECKING:
    from tests.rocketchat.loopback.omnichannel import Omnichannel
    from tests.rocketchat.loopback.server import RestCall

_FORBIDDEN = "User does not have the permissions required for this action [error-unauthorized]"
_LICENSE = "This is an enterprise feature [error-action-not-allowed]"
_TRANSFER_FIELDS = frozenset({"transferredBy", "transferredTo", "ts", "scope", "comment",
                              "previousDepartment", "nextDepartment"})


def refused(error_id: str) -> web.Response:
    """`throw new Error(error_id)` in a REST route: a 400 naming the id alone."""
    return payloads.json_response({"success": False, "error": error_id}, status=400)


def forbidden_for_want_of_permission() -> web.Response:
    return payloads.json_response({"success": False, "error": _FORBIDDEN}, status=403)


def forbidden() -> web.Response:
    """API.v1.forbidden() without a message (8.x)."""
    return payloads.json_response({"success": False, "error": "unauthorized"}, status=403)


def ok(**fields: Any) -> web.Response:
    return payloads.json_response({**fields, "success": True})


class Commands:
    def __init__(self, omnichannel: Omnichannel) -> None:
        self._o = omnichannel
        # Agents whose business hours are closed now (allowAgentChangeServiceStatus says no).
        self.hours_closed_for: set[str] = set()

    def register(self) -> None:
        routes = [
            ("POST", "livechat/room.closeByUser", self._close),
            ("POST", "livechat/room.forward", self._forward),
            ("POST", "livechat/room.onHold", self._on_hold),
            ("POST", "livechat/room.resumeOnHold", self._resume),
            ("POST", "livechat/room.saveInfo", self._save_info),
            ("POST", "livechat/agent.status", self._agent_status),
            ("POST", "users.setStatus", self._set_status),
        ]
        for method, path, handler in routes:
            self._o.serve(method, path, handler)

    # -- helpers -------------------------------------------------------------------------------

    def _holds(self, user: LoopbackUser, *permissions: str) -> bool:
        return all(self._o.holds(user, p) for p in permissions)

    def _subscribed(self, rid: str, user: LoopbackUser) -> bool:
        return user.id in self._o.subscribers.get(rid, set())

    def _online_agent(self, user_id: str | None) -> LoopbackUser | None:
        """Users.findOneOnlineAgentById: an agent, available, and present (logged in over DDP,
        not set offline)."""
        user = self._o.server.state.users.get(user_id or "")
        if user is None or "livechat-agent" not in user.roles or user.status_livechat != "available":
            return None
        if user.status == "offline" or not self._o.present(user):
            return None
        return user

    # -- close ---------------------------------------------------------------------------------

    async def _close(self, call: RestCall) -> web.Response:
        user = _user(call)
        if not self._holds(user, "close-livechat-room"):
            return forbidden_for_want_of_permission()
        rid = call.body["rid"]
        room = self._o.rooms.get(rid)
        if room is None:
            return refused("error-invalid-room")
        if not self._subscribed(rid, user) and not self._holds(user, "close-others-livechat-room"):
            return refused("error-not-authorized")
        if not room.get("open"):
            return refused("error-room-already-closed")
        now = self._o.now_ms()
        at = self._o.iso(now)
        tags = _unique([*(call.body.get("tags") or []), *room.get("tags", [])])
        room.pop("open", None)
        metrics = dict(room.get("metrics", {}))
        metrics["chatDuration"] = (now - _ms(room["ts"])) / 1000
        if "servedBy" in room:
            metrics["serviceTimeDuration"] = (now - _ms(room["servedBy"]["ts"])) / 1000
        room.update(closedAt=at, _updatedAt=at, closer="user", metrics=metrics,
                    closedBy={"_id": user.id, "username": user.username})
        room["v"] = {**room["v"], "status": "offline"}
        if tags:
            room["tags"] = tags
        for inquiry_id in [i for i, q in self._o.inquiries.items() if q["rid"] == rid]:
            self._o.push_inquiry("removed", self._o.inquiries.pop(inquiry_id))
        for subscriber in sorted(self._o.subscribers.get(rid, set())):
            self._o.unsubscribe(rid, subscriber)
        # closeRoom also writes `transcriptRequested`, which core-typings does not type: left out.
        self._o.add_system_message(rid, "livechat-close", call.body.get("comment") or "", user,
                                   groupable=False)
        return ok()

    # -- forward -------------------------------------------------------------------------------

    async def _forward(self, call: RestCall) -> web.Response:
        user = _user(call)
        if not self._holds(user, "view-l-room", "transfer-livechat-guest"):
            return forbidden_for_want_of_permission()
        body = call.body
        room = self._o.rooms.get(body["roomId"])
        if room is None or room.get("t") != "l":
            return refused("error-invalid-room")
        if not room.get("open"):
            return refused("This_conversation_is_already_closed")
        if room.get("onHold"):
            return refused("error-room-onHold")
        department_id, target_id = body.get("departmentId"), body.get("userId")
        if department_id and department_id not in self._o.departments:
            return refused("error-invalid-department")
        serving = room.get("servedBy", {}).get("_id")
        by = {"_id": user.id, "username": user.username, "name": user.name,
              "userType": "agent" if serving == user.id else "user"}
        transfer: dict[str, Any] = {"transferredBy": by, "comment": body.get("comment") or ""}
        target_user = self._o.server.state.users.get(target_id or "")
        if target_user is not None:
            transfer["transferredTo"] = {"_id": target_user.id, "username": target_user.username,
                                         "name": target_user.name}
        if department_id:
            return self._to_department(room, department_id, target_id, transfer)
        if target_id:
            return self._to_agent(room, target_id, transfer)
        return refused("error-forwarding-chat")

    def _inquiry_of(self, rid: str) -> dict[str, Any] | None:
        return next((q for q in self._o.inquiries.values() if q["rid"] == rid), None)

    def _to_agent(self, room: dict[str, Any], target_id: str, transfer: dict[str, Any]) -> web.Response:
        target = self._online_agent(target_id)
        if target is None:
            return refused("error-user-is-offline")
        inquiry = self._inquiry_of(room["_id"])
        if inquiry is None:
            return refused("error-invalid-inquiry")
        previous = room.get("servedBy", {}).get("_id")
        if previous == target.id:
            return refused("error-selected-agent-room-agent-are-same")
        inquiry.update(status="taken", _updatedAt=self._o.iso(self._o.now_ms()))
        self._o.push_inquiry("changed", inquiry)
        self._o.serve_room(room["_id"], target)
        self._save_transfer(room, {**transfer, "scope": "agent"})
        for subscriber in sorted(self._o.subscribers.get(room["_id"], set()) - {target.id}):
            self._o.unsubscribe(room["_id"], subscriber)
        return ok()

    def _to_department(self, room: dict[str, Any], department_id: str, target_id: str | None,
                       transfer: dict[str, Any]) -> web.Response:
        inquiry = self._inquiry_of(room["_id"])
        if inquiry is None:
            return refused("error-transferring-inquiry")
        if room.get("departmentId") == department_id:
            return refused("error-forwarding-chat-same-department")
        if target_id:
            if self._online_agent(target_id) is None:
                return refused("error-user-is-offline")
            if department_id not in self._o.agent_departments.get(target_id, []):
                return refused("error-user-not-belong-to-department")
        department = self._o.departments[department_id]
        # Manual_Selection assigns nobody: the chat waits in the new department's queue.
        self._save_transfer(room, {**transfer, "scope": "department",
                                   "nextDepartment": {"_id": department_id, "name": department["name"]}})
        at = self._o.iso(self._o.now_ms())
        # updateChatDepartment: the room, its inquiry and its subscriptions move (subscribers told).
        room.update(departmentId=department_id, _updatedAt=at)
        self._o.subscriptions_changed(room["_id"])
        room.pop("servedBy", None)
        # queueInquiry also sets `queuedAt` (and unsets `takenAt`), which core-typings does not type.
        inquiry.update(department=department_id, status="queued", _updatedAt=at)
        if "lastMessage" in room:
            inquiry["lastMessage"] = dict(room["lastMessage"])
        for subscriber in sorted(self._o.subscribers.get(room["_id"], set())):
            self._o.unsubscribe(room["_id"], subscriber)
        # notifyOnLivechatInquiryChanged 'updated' without a department in its diff: the new
        # department's queue and the public one both hear it.
        self._o.push_inquiry("changed", inquiry)
        self._o.push_inquiry("changed", inquiry, public_too=True)
        return ok()

    def _save_transfer(self, room: dict[str, Any], transfer: dict[str, Any]) -> None:
        """saveTransferHistory: the transfer as a `livechat_transfer_history` message."""
        data = {**transfer, "ts": self._o.iso(self._o.now_ms())}
        if room.get("departmentId"):
            data["previousDepartment"] = room["departmentId"]
        by = transfer["transferredBy"]
        self._o.add_system_message(room["_id"], "livechat_transfer_history", "",
                                   {"_id": by["_id"], "username": by["username"]}, transferData=data)

    # -- hold ----------------------------------------------------------------------------------

    async def _on_hold(self, call: RestCall) -> web.Response:
        user = _user(call)
        if not self._o.enterprise:
            return _license_refusal()
        if not self._holds(user, "on-hold-livechat-room"):
            return forbidden_for_want_of_permission()
        rid = call.body["roomId"]
        room = self._o.rooms.get(rid)
        if room is None:
            return refused("error-invalid-room")
        if not self._subscribed(rid, user) and not self._holds(user, "on-hold-others-livechat-room"):
            return refused("Not_authorized")
        if not room.get("open"):
            return refused("error-room-already-closed")
        if room.get("onHold"):
            return refused("error-room-is-already-on-hold")
        if room.get("lastMessage", {}).get("token"):
            return refused("error-contact-sent-last-message-so-cannot-place-on-hold")
        if "servedBy" not in room:
            return refused("error-unserved-rooms-cannot-be-placed-onhold")
        room.update(onHold=True, _updatedAt=self._o.iso(self._o.now_ms()))
        self._o.add_system_message(rid, "omnichannel_placed_chat_on_hold", "", user,
                                   comment=f"Chat On Hold manually by {user.name or '@' + user.username}")
        return ok()

    async def _resume(self, call: RestCall) -> web.Response:
        user = _user(call)
        if not self._o.enterprise:
            return _license_refusal()
        if not self._holds(user, "view-l-room"):
            return forbidden_for_want_of_permission()
        rid = call.body["roomId"]
        room = self._o.rooms.get(rid)
        if room is None:
            return refused("error-invalid-room")
        if not self._subscribed(rid, user) and not self._holds(user, "on-hold-others-livechat-room"):
            return refused("Not_authorized")
        if not room.get("open"):
            return refused("This_conversation_is_already_closed")
        if not room.get("onHold"):
            return refused("error-room-not-on-hold")
        if "servedBy" not in room:
            return refused("error-room-not-served")
        if self._inquiry_of(rid) is None:
            return refused("error-invalid-inquiry")
        room.pop("onHold", None)
        room["_updatedAt"] = self._o.iso(self._o.now_ms())
        self._o.add_system_message(rid, "omnichannel_on_hold_chat_resumed", "", user,
                                   comment=f"Chat resumed manually by {user.name or '@' + user.username}")
        return ok()

    # -- details, availability, status -----------------------------------------------------------

    async def _save_info(self, call: RestCall) -> web.Response:
        user = _user(call)
        if not self._holds(user, "view-l-room"):
            return forbidden_for_want_of_permission()
        data, guest = call.body["roomData"], call.body["guestData"]
        room = self._o.rooms.get(data["_id"])
        if room is None or room.get("t") != "l":
            return refused("error-invalid-room")
        if room.get("servedBy", {}).get("_id") != user.id and not self._holds(
                user, "save-others-livechat-room-info"):
            return forbidden()
        if guest["_id"] != room["v"]["_id"]:
            return refused("error-invalid-visitor")
        if data.get("topic") is not None:
            topic = data["topic"].strip()
            if topic:
                room["topic"] = topic
            else:
                room.pop("topic", None)
        if isinstance(data.get("tags"), list) and data["tags"]:
            room["tags"] = list(data["tags"])
        else:
            room.pop("tags", None)
        room["_updatedAt"] = self._o.iso(self._o.now_ms())
        self._o.push_room(room)
        return ok()

    async def _agent_status(self, call: RestCall) -> web.Response:
        user = _user(call)
        if not self._holds(user, "view-l-room"):
            return forbidden_for_want_of_permission()
        agent = self._o.server.state.users.get(call.body.get("agentId") or user.id)
        if agent is None or "livechat-agent" not in agent.roles:
            return payloads.json_response({"success": False, "error": "Agent not found"}, status=404)
        wanted = call.body.get("status") or (
            "not-available" if agent.status_livechat == "available" else "available")
        if wanted == agent.status_livechat:
            return ok(status=agent.status_livechat)
        allowed = wanted != "available" or agent.id not in self.hours_closed_for
        if agent.id != user.id:
            if not self._holds(user, "manage-livechat-agents"):
                return forbidden()
            if not allowed:  # "Silent fail for admins when BH is closed"
                return ok(status=agent.status_livechat)
        elif not allowed:
            return refused("error-business-hours-are-closed")
        agent.status_livechat = wanted
        return ok(status=wanted)

    async def _set_status(self, call: RestCall) -> web.Response:
        user = _user(call)
        status = call.body.get("status")
        if status not in ("online", "away", "busy", "offline"):
            said = "Valid status types include online, away, offline, and busy."
            return payloads.json_response(payloads.failure(said, "error-invalid-status"), status=400)
        self._o.monitoring.set_presence(user, status)
        return ok()


def transfer_data_violations(data: object) -> list[str]:
    """How a served `transferData` strays from what saveTransferHistory writes."""
    if not isinstance(data, dict):
        return ["transferData is not an object"]
    problems = [f"transferData.{key} is not written by saveTransferHistory" for key in data
                if key not in _TRANSFER_FIELDS]
    by = data.get("transferredBy")
    if not isinstance(by, dict) or not {"_id", "username", "userType"} <= set(by):
        problems.append("transferData.transferredBy lacks _id, username or userType")
    if data.get("scope") not in ("agent", "department", "queue"):
        problems.append("transferData.scope is not agent, department or queue")
    if not isinstance(data.get("comment"), str) and data.get("comment") is not None:
        problems.append("transferData.comment is not a string")
    return problems


def _license_refusal() -> web.Response:
    body = {"success": False, "error": _LICENSE, "errorType": "error-action-not-allowed"}
    return payloads.json_response(body, status=400)


def _user(call: RestCall) -> LoopbackUser:
    assert call.user is not None  # every route here requires a signed-in user
    return call.user


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _ms(text: str) -> int:
    return int(datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp() * 1000)
