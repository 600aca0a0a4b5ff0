"""Rocket.Chat payloads shaped as Rocket.Chat 8.8 sends them (core-typings' types; every test
checks each one against the schema generated from them), and helpers to vary them.

Each builder returns a fresh dict with REST's ISO dates; `as_ddp` turns them into DDP's EJSON.
The inquiry starts from the example of developer.rocket.chat's "List Queued User Inquiries"
(GET livechat/inquiries.queuedForUser), brought to 8.x: `priorityWeight`, `source` and
`_updatedAt` added, the 3.x `queueOrder` and `estimatedServiceTimeAt` gone.
"""

from __future__ import annotations

import copy
from datetime import datetime
from typing import Any

from hypothesis import strategies as st

VISITOR = {"_id": "hPF84vuahYBZugM8L", "username": "guest-535", "token": "zdynf0a9vsiiiq1dlf9abf",
           "status": "online", "name": "Hannah Kim"}
AGENT = {"_id": "rbAXPnMktTFbNpwtJ", "username": "ana", "name": "Ana Souza"}


def room(**changes: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "_id": "8AuphbFBSNBjeZQFs",
        "t": "l",
        "fname": "Hannah Kim",
        "msgs": 4,
        "usersCount": 2,
        "u": {"_id": "hPF84vuahYBZugM8L", "username": "guest-535"},
        "ts": "2026-11-25T10:01:02.345Z",
        "lm": "2026-11-25T10:05:00.000Z",
        "_updatedAt": "2026-11-25T10:05:00.100Z",
        "open": True,
        "waitingResponse": True,
        "livechatData": {},
        "v": dict(VISITOR),
        "source": {"type": "widget"},
        "departmentId": "CAJioQNAvLnYWTy8i",
        "departmentAncestors": ["unitSalesEurope"],
        "servedBy": {"_id": AGENT["_id"], "username": AGENT["username"], "ts": "2026-11-25T10:02:00.000Z"},
        "tags": ["refund", "vip"],
        "topic": "Order 1234",
        "priorityWeight": 2,
        "priorityId": "prioHigh",
        "estimatedWaitingTimeQueue": 9999999,
        "contactId": "contactHannah",
        "lastMessage": {
            "_id": "msgLast", "rid": "8AuphbFBSNBjeZQFs", "msg": "Thanks, that helps",
            "ts": "2026-11-25T10:05:00.000Z", "u": {"_id": "hPF84vuahYBZugM8L", "username": "guest-535"},
            "_updatedAt": "2026-11-25T10:05:00.100Z", "token": "zdynf0a9vsiiiq1dlf9abf",
        },
    }
    payload.update(changes)
    return payload


def inquiry(**changes: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "_id": "xn5sKBatdkgDfjDLC",
        "rid": "8AuphbFBSNBjeZQFs",
        "name": "hk",
        "ts": "2021-07-22T14:28:57.987Z",
        "department": "CAJioQNAvLnYWTy8i",
        "message": "My order never arrived",
        "status": "queued",
        "v": {"_id": "hPF84vuahYBZugM8L", "username": "guest-535", "token": "zdynf0a9vsiiiq1dlf9abf",
              "status": "offline"},
        "t": "l",
        "estimatedWaitingTimeQueue": 0,
        "priorityWeight": 99,
        "source": {"type": "widget"},
        "_updatedAt": "2021-07-22T14:37:28.470Z",
    }
    payload.update(changes)
    return payload


def message(**changes: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "_id": "aobEdbYhXfu5hkeqG",
        "rid": "8AuphbFBSNBjeZQFs",
        "msg": "Hello, my order never arrived",
        "ts": "2026-11-25T10:01:05.000Z",
        "u": {"_id": "hPF84vuahYBZugM8L", "username": "guest-535", "name": "Hannah Kim"},
        "token": "zdynf0a9vsiiiq1dlf9abf",
        "_updatedAt": "2026-11-25T10:01:05.010Z",
    }
    payload.update(changes)
    return payload


def department(**changes: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "_id": "CAJioQNAvLnYWTy8i",
        "_updatedAt": "2026-11-20T09:00:00.000Z",
        "name": "Sales",
        "enabled": True,
        "description": "Orders and quotes",
        "showOnRegistration": True,
        "showOnOfflineForm": True,
        "email": "sales@example.com",
        "offlineMessageChannelName": "",
        "numAgents": 3,
        "businessHourId": "bhEurope",
        "fallbackForwardDepartment": "depSupport",
        "departmentsAllowedToForward": ["depSupport"],
        "maxNumberSimultaneousChat": 4,
        "parentId": "unitSalesEurope",
        "ancestors": ["unitSalesEurope"],
    }
    payload.update(changes)
    return payload


def unit(**changes: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "_id": "unitSalesEurope", "_updatedAt": "2026-11-20T09:00:00.000Z", "name": "Sales Europe",
        "visibility": "public", "type": "u", "numMonitors": 1, "numDepartments": 2,
    }
    payload.update(changes)
    return payload


def agent(**changes: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "_id": AGENT["_id"], "_updatedAt": "2026-11-25T08:00:00.000Z",
        "createdAt": "2025-01-10T12:00:00.000Z", "username": "ana", "name": "Ana Souza", "type": "user",
        "active": True, "roles": ["user", "livechat-agent"],
        "status": "online", "statusLivechat": "available", "livechat": {"maxNumberSimultaneousChat": 5},
        "livechatCount": 321, "lastRoutingTime": "2026-11-25T09:59:00.000Z",
    }
    payload.update(changes)
    return payload


def contact(**changes: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "_id": "contactHannah",
        "_updatedAt": "2026-11-25T10:00:00.000Z",
        "name": "Hannah Kim",
        "emails": [{"address": "hannah@example.com"}],
        "phones": [{"phoneNumber": "+4930123456"}],
        "contactManager": AGENT["_id"],
        "unknown": False,
        "conflictingFields": [{"field": "name", "value": "H. Kim"}],
        "customFields": {"customer_id": "C-991"},
        "channels": [{
            "name": "widget", "verified": True, "verifiedAt": "2026-11-24T12:00:00.000Z", "blocked": False,
            "field": "email", "value": "hannah@example.com",
            "visitor": {"visitorId": "hPF84vuahYBZugM8L", "source": {"type": "widget"}},
            "details": {"type": "widget"},
            "lastChat": {"_id": "8AuphbFBSNBjeZQFs", "ts": "2026-11-25T10:01:02.345Z"},
        }],
        "createdAt": "2026-11-01T08:00:00.000Z",
        "lastChat": {"_id": "8AuphbFBSNBjeZQFs", "ts": "2026-11-25T10:01:02.345Z"},
    }
    payload.update(changes)
    return payload


def _work_hour(day: str, start: str, finish: str, *, open_: bool = True) -> dict[str, Any]:
    def at(time: str) -> dict[str, Any]:
        moment = {"dayOfWeek": day, "time": time}
        return {"time": time, "utc": dict(moment), "cron": dict(moment)}

    return {"day": day, "open": open_, "code": 1, "start": at(start), "finish": at(finish)}


def business_hours(**changes: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "_id": "bhEurope", "_updatedAt": "2026-11-20T09:00:00.000Z", "ts": "2026-01-01T00:00:00.000Z",
        "name": "Europe", "active": True, "type": "custom",
        "timezone": {"name": "Europe/Berlin", "utc": "+01:00"},
        "workHours": [_work_hour("Monday", "08:00", "17:30"), _work_hour("Friday", "08:00", "00:00"),
                      _work_hour("Sunday", "00:00", "23:59", open_=False)],
    }
    payload.update(changes)
    return payload


def as_ddp(payload: Any) -> Any:
    """The payload as DDP carries it: every ISO date as EJSON {"$date": ms}."""
    if isinstance(payload, dict):
        return {key: as_ddp(value) for key, value in payload.items()}
    if isinstance(payload, list):
        return [as_ddp(value) for value in payload]
    if isinstance(payload, str) and len(payload) == 24 and payload.endswith("Z") and payload[10] == "T":
        return {"$date": int(datetime.fromisoformat(payload).timestamp() * 1000)}
    return payload


def without(payload: dict[str, Any], path: str) -> dict[str, Any]:
    """A copy of `payload` without the field at the dotted `path`."""
    changed = copy.deepcopy(payload)
    *parents, last = path.split(".")
    node = changed
    for part in parents:
        node = node[part]
    del node[last]
    return changed


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (st.lists(children, max_size=4)
                      | st.dictionaries(st.text(max_size=12), children, max_size=5)),
    max_leaves=20,
)


@st.composite
def mutated(draw: st.DrawFn, payload: dict[str, Any]) -> Any:
    """`payload` with some of its fields (at any depth) replaced by arbitrary JSON, or dropped."""
    changed = copy.deepcopy(payload)
    for _ in range(draw(st.integers(1, 4))):
        node: Any = changed
        while isinstance(node, dict) and node and draw(st.booleans()):
            key = draw(st.sampled_from(sorted(node)))
            if not isinstance(node[key], dict) or not node[key]:
                break
            node = node[key]
        if isinstance(node, dict) and node:
            key = draw(st.sampled_from(sorted(node)))
            if draw(st.booleans()):
                del node[key]
            else:
                node[key] = draw(JSON)
    return changed
