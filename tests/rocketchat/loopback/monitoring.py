"""What the loopback Rocket.Chat server serves monitors and managers, as a Community server (no
units: nobody is restricted to units, `restrictQuery` is Enterprise's) serves them:

  GET livechat/rooms          Current Chats' listing (apps/meteor/app/livechat/imports/server/rest/
                              rooms.ts, server/api/lib/rooms.ts): `view-livechat-rooms` lists every
                              room; without it, `view-l-room` and `agents=[oneself]` list one's
                              own; else 403. Filters open, onhold, queued, departmentId, closedAt and
                              createdAt (`{start, end}` JSON), `sort` (JSON, default `{ts: -1}`),
                              count and offset; each room carries its `department: {_id, name}`.
  GET livechat/inquiries.list `view-livechat-manager`: every queued inquiry (of `department`, by id
                              or name), newest first, projected to `_id, rid, name, ts, status,
                              department` (imports/server/rest/inquiries.ts).
  stream-notify-logged `user-status`: `[uid, username, 0|1|2|3, statusText, name, roles]` when a
                              user's presence changes (server/modules/listeners/listeners.module.ts).

Requests are checked against rest-typings' schemas (Omnichannel's `_checked`), and every room and
inquiry against core-typings (`_check_payload`) before what Rocket.Chat adds to it (a room's
`department`) or takes from it (the inquiries' projection).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from aiohttp import web

from tests.rocketchat.loopback.state import LoopbackUser

if TYPE_CHECKING:
    from tests.rocketchat.loopback.omnichannel import Omnichannel
    from tests.rocketchat.loopback.server import RestCall

LOGGED_STREAM = "stream-notify-logged"
# listeners.module.ts STATUS_MAP
PRESENCE = {"offline": 0, "online": 1, "away": 2, "busy": 3}
MANAGERS = ("admin", "livechat-manager", "livechat-monitor")
_FORBIDDEN = "User does not have the permissions required for this action [error-unauthorized]"
_INQUIRY_FIELDS = ("_id", "rid", "name", "ts", "status", "department")


class Monitoring:
    def __init__(self, omnichannel: Omnichannel) -> None:
        self._omnichannel = omnichannel
        # Enterprise's restrictQuery (loopback/units.py): the departments a user's rooms are
        # restricted to, None for no restriction (a Community server restricts nobody).
        self.restrict_rooms: Callable[[LoopbackUser], set[str] | None] = lambda _: None
        # Rocket.Chat's default grant (upsertPermissions.ts), beside those Omnidesk decides by.
        omnichannel.permissions.setdefault("view-livechat-manager", list(MANAGERS))
        for path, handler in (("livechat/rooms", self._rooms), ("livechat/inquiries.list", self._inquiries)):
            omnichannel.server.add_route("GET", path, omnichannel._checked("GET", path, handler))

    def has_permission(self, user: LoopbackUser, permission: str) -> bool:
        """Whether one of the user's roles holds `permission` in the server's matrix."""
        if permission in self._omnichannel.lacking.get(user.id, set()):
            return False
        return bool(set(self._omnichannel.permissions.get(permission, ())) & set(user.roles))

    def set_presence(self, user: LoopbackUser, status: str) -> None:
        """The user's presence changes (they went away, came back, signed off): told to every
        signed-in client."""
        user.status = status
        told = [user.id, user.username, PRESENCE[status], "", user.name, list(user.roles)]
        self._omnichannel.server.push(LOGGED_STREAM, "user-status", told)

    # -- REST --------------------------------------------------------------------------------

    async def _rooms(self, call: RestCall) -> web.Response:
        user = call.user
        assert user is not None
        query = call.query
        agents = call.request.query.getall("agents[]", []) or call.request.query.getall("agents", [])
        if not self.has_permission(user, "view-livechat-rooms") and not (
                self.has_permission(user, "view-l-room") and agents == [user.id]):
            return forbidden()
        restricted = self.restrict_rooms(user)
        rooms = [room for room in self._omnichannel.rooms.values() if _matches(room, query, agents)
                 and (restricted is None or room.get("departmentId") in restricted)]
        for key, direction in reversed(list(_sort(query).items())):
            rooms.sort(key=_by(key), reverse=direction < 0)
        for room in rooms:
            self._omnichannel._check_payload("IOmnichannelRoom", room)
        offset, count = paging(query)
        shown = [self._with_department(room) for room in rooms[offset:offset + count]]
        return json_answer({"rooms": shown, "count": len(shown), "offset": offset, "total": len(rooms),
                      "success": True})

    def _with_department(self, room: dict[str, Any]) -> dict[str, Any]:
        department = self._omnichannel.departments.get(room.get("departmentId", ""))
        if department is None:
            return room
        return {**room, "department": {"_id": department["_id"], "name": department["name"]}}

    async def _inquiries(self, call: RestCall) -> web.Response:
        user = call.user
        assert user is not None
        if not self.has_permission(user, "view-livechat-manager"):
            return forbidden()
        wanted = call.query.get("department")
        departments = self._omnichannel.departments
        department = next((d["_id"] for d in departments.values() if wanted in (d["_id"], d["name"])), None)
        queued = [i for i in self._omnichannel.inquiries.values() if i["status"] == "queued"
                  and (department is None or i.get("department") == department)]
        queued.sort(key=lambda i: i["ts"], reverse=True)
        for inquiry in queued:
            self._omnichannel._check_payload("ILivechatInquiryRecord", inquiry)
        offset, count = paging(call.query)
        shown = [{key: i[key] for key in _INQUIRY_FIELDS if key in i} for i in queued[offset:offset + count]]
        return json_answer({"inquiries": shown, "count": len(shown), "offset": offset, "total": len(queued),
                      "success": True})


def _matches(room: dict[str, Any], query: dict[str, str], agents: list[str]) -> bool:
    """LivechatRooms.findRoomsWithCriteria's filters, those the loopback serves."""
    if room.get("t") != "l":
        return False
    if query.get("open") in ("true", "false") and bool(room.get("open")) != (query["open"] == "true"):
        return False
    if query.get("onhold") in ("true", "t", "1") and not room.get("onHold"):
        return False
    if query.get("queued") == "true" and (not room.get("open") or "servedBy" in room):
        return False
    if agents and room.get("servedBy", {}).get("_id") not in agents:
        return False
    if "departmentId" in query and room.get("departmentId") != query["departmentId"]:
        return False
    for key in ("createdAt", "closedAt"):
        if key in query:
            field = "ts" if key == "createdAt" else "closedAt"
            bounds = json.loads(query[key])
            at = room.get(field)
            if at is None or (bounds.get("start") and _instant(at) < _instant(bounds["start"])) or (
                    bounds.get("end") and _instant(at) > _instant(bounds["end"])):
                return False
    return True


def _sort(query: dict[str, str]) -> dict[str, int]:
    """`sort` as parseJsonQuery reads it (a JSON object of field: 1 | -1); Rocket.Chat's default."""
    if "sort" not in query:
        return {"ts": -1}
    parsed = json.loads(query["sort"])
    return {str(key): int(value) for key, value in parsed.items()}


def _by(key: str) -> Callable[[dict[str, Any]], tuple[int, Any]]:
    def sortable(room: dict[str, Any]) -> tuple[int, Any]:
        # Missing sorts first, as Mongo sorts a missing field before any value.
        value = room.get(key)
        return (0, "") if value is None else (1, value)

    return sortable


def _instant(text: str) -> datetime:
    return datetime.fromisoformat(text)


def paging(query: dict[str, str]) -> tuple[int, int]:
    return int(query.get("offset", "0") or 0), int(query.get("count", "50") or 50)


def forbidden() -> web.Response:
    """API.v1.forbidden(): a permission the route requires is missing."""
    return json_answer({"success": False, "error": _FORBIDDEN}, status=403)


def json_answer(body: Any, *, status: int = 200) -> web.Response:
    return web.Response(status=status, text=json.dumps(body), content_type="application/json")
