"""Rocket.Chat's visitor DDP methods beyond the connection (apps/meteor/app/livechat/server/
methods): deprecated since Rocket.Chat 7.0 in favour of the REST routes, still answered there
and by older clients. Each checks its arguments as its `check()` does ("Match failed", 400)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from app.backends.embedded.visitors import check_token
from app.errors import InvalidInput, OmnideskError
from app.intake import shapes
from app.store import organisation

if TYPE_CHECKING:
    from app.intake.server import IntakeServer

_DEFAULT_LIMIT = 20


def meteor_error(error: str | int, reason: str) -> dict[str, Any]:
    """A Meteor.Error as a DDP `result` carries it."""
    return {"isClientSafe": True, "error": error, "reason": reason, "message": f"{reason} [{error}]",
            "errorType": "Meteor.Error"}


class MethodError(OmnideskError):
    """A method's refusal with Rocket.Chat's error and reason (code: the error)."""


def _match_failed() -> MethodError:
    return MethodError("Match failed", code="400")


def _string(value: Any) -> str:
    if not isinstance(value, str):
        raise _match_failed()
    return value


class VisitorMethods:
    def __init__(self, server: IntakeServer) -> None:
        self._server = server
        self._desk = server.engine.visitors
        self._methods: dict[str, Callable[[list[Any]], Awaitable[Any]]] = {
            "livechat:loginByToken": self.login_by_token,
            "livechat:loadHistory": self.load_history,
            "livechat:getAgentData": self.agent_data,
            "livechat:getNextAgent": self.next_agent,
        }

    def serves(self, name: str) -> bool:
        return name in self._methods

    async def call(self, name: str, params: list[Any]) -> Any:
        return await self._methods[name](params)

    async def _guest_token(self, value: Any) -> str | None:
        """The token when the intake takes it and it is a visitor's, else None."""
        token = _string(value)
        if len(token) < self._server.settings.min_token_chars:
            return None
        try:
            check_token(token)
        except InvalidInput:
            return None
        return token if await self._desk.visitor(token) is not None else None

    async def login_by_token(self, params: list[Any]) -> Any:
        """livechat:loginByToken(token): {_id} of the token's visitor, nothing when none."""
        token = await self._guest_token(params[0] if params else None)
        if token is None:
            return None
        visitor = await self._desk.visitor(token)
        return None if visitor is None else {"_id": visitor.id}

    async def load_history(self, params: list[Any]) -> Any:
        """livechat:loadHistory({token, rid, end, limit, ls}): messages before `end`, newest
        first, and the first unread one (after `ls`) among those not loaded."""
        args = params[0] if params and isinstance(params[0], dict) else None
        if args is None:
            raise _match_failed()
        rid = _string(args.get("rid"))
        end, ls = _date(args.get("end")), args.get("ls")
        limit = args.get("limit", _DEFAULT_LIMIT)
        if end is None or isinstance(limit, bool) or not isinstance(limit, (int, float)) \
                or not (isinstance(ls, str) or _date(ls) is not None):
            raise _match_failed()
        token = await self._guest_token(args.get("token"))
        if token is None:
            raise MethodError("Invalid Visitor", code="invalid-visitor")
        if await self._desk.room_of(token, rid) is None:
            raise MethodError("Invalid Room", code="invalid-room")
        count = max(1, min(int(limit), self._server.settings.max_history_limit))
        found = await self._desk.history(token, rid, limit=count, before_ms=end)
        return {"messages": [shapes.message(m, for_stream=True) for m in found],
                "firstUnread": None, "unreadNotLoaded": 0}

    async def agent_data(self, params: list[Any]) -> Any:
        """livechat:getAgentData({roomId, token}): the chat's agent, nothing when none."""
        args = params[0] if params and isinstance(params[0], dict) else None
        if args is None:
            raise _match_failed()
        rid = _string(args.get("roomId"))
        token = await self._guest_token(args.get("token"))
        if token is None:
            raise MethodError("Invalid Visitor", code="error-invalid-visitor")
        if await self._desk.room_of(token, rid) is None:
            raise MethodError("Invalid Room", code="error-invalid-room")
        served = await self._desk.agent(token, rid)
        return None if served is None else shapes.agent(served)

    async def next_agent(self, params: list[Any]) -> Any:
        """livechat:getNextAgent({token, department}): who would serve a new chat; nothing while
        one is going on or when routing would give it to nobody."""
        args = params[0] if params and isinstance(params[0], dict) else None
        if args is None:
            raise _match_failed()
        department = args.get("department")
        if department is not None and not isinstance(department, str):
            raise _match_failed()
        token = await self._guest_token(args.get("token"))
        if token is not None and await self._desk.current_room(token) is not None:
            return None
        routing = await self._server.engine.routing()
        agent_id = routing.next_agent(department or None)
        if agent_id is None:
            return None
        agent = await self._server.engine.database.read(lambda c: organisation.agent(c, agent_id))
        return shapes.agent(agent)


def _date(value: Any) -> int | None:
    """An EJSON date ({"$date": ms}) as milliseconds, else None."""
    if isinstance(value, dict) and set(value) == {"$date"}:
        ms = value["$date"]
        if isinstance(ms, (int, float)) and not isinstance(ms, bool) and abs(ms) < 8.64e15:
            return int(ms)
    return None
