"""Rocket.Chat's visitor DDP methods beyond the connection (apps/meteor/app/livechat/server/
methods), for clients written before the REST routes. Rocket.Chat 7.0 removed most of them (its
REST routes replace them; docs/website-chat.md lists which): each is answered as the last
Rocket.Chat that had it answered it, and checks its arguments as its `check()` does ("Match
failed", 400)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from app.backends.embedded.visitor_data import FieldValue
from app.backends.embedded.visitor_messages import for_visitor
from app.backends.embedded.visitors import check_message_id, check_token
from app.config.website_fields import custom_fields
from app.domain import ChatStatus
from app.errors import InvalidInput, OmnideskError
from app.intake import shapes
from app.store import configuration, organisation

if TYPE_CHECKING:
    from app.intake.server import IntakeServer

_DEFAULT_LIMIT = 20
# Rocket.Chat's DDPRateLimiter rule for livechat:sendOfflineMessage: one call per connection
# every 5 seconds.
_OFFLINE_MESSAGE_INTERVAL = timedelta(seconds=5)


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


# What Rocket.Chat 7.0 removed from the visitor's DDP methods (RocketChat/Rocket.Chat #33390,
# #33391, #33426, #33427, #33443, #33444, #33450, #33452, #33526): served only with the intake's
# `legacy_visitor_methods`.
REMOVED_IN_7 = frozenset({
    "livechat:loginByToken", "livechat:loadHistory", "livechat:getAgentData", "livechat:getNextAgent",
    "livechat:setCustomField", "livechat:pageVisited", "livechat:sendOfflineMessage",
    "livechat:saveSurveyFeedback", "livechat:setDepartmentForVisitor",
})


class VisitorMethods:
    def __init__(self, server: IntakeServer) -> None:
        self._server = server
        self._desk = server.engine.visitors
        self._methods: dict[str, Callable[[list[Any]], Awaitable[Any]]] = {
            "livechat:loginByToken": self.login_by_token,
            "livechat:loadHistory": self.load_history,
            "livechat:getAgentData": self.agent_data,
            "livechat:getNextAgent": self.next_agent,
            "livechat:registerGuest": self.register_guest,
            "sendMessageLivechat": self.send_message,
            "livechat:setCustomField": self.set_custom_field,
            "livechat:pageVisited": self.page_visited,
            "livechat:sendOfflineMessage": self.send_offline_message,
            "livechat:sendTranscript": self.send_transcript,
            "livechat:saveSurveyFeedback": self.save_survey_feedback,
            "livechat:setDepartmentForVisitor": self.set_department,
        }
        # When this connection last left an offline message.
        self._offline_sent_at: datetime | None = None

    def serves(self, name: str) -> bool:
        if name in REMOVED_IN_7 and not self._server.settings.legacy_visitor_methods:
            return False
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
        agent_id = await self._server.engine.read_routing(
            lambda routing: routing.next_agent(department or None))
        if agent_id is None:
            return None
        agent = await self._server.engine.database.read(lambda c: organisation.agent(c, agent_id))
        return shapes.agent(agent)


    async def _defined_fields(self) -> set[str]:
        website = await self._server.engine.database.read(configuration.website)
        return {field.key for field in custom_fields(website["custom_fields"])}

    async def register_guest(self, params: list[Any]) -> Any:
        """livechat:registerGuest({token, name, email, department, customFields}):
        {userId, visitor}, as livechat/visitor registers."""
        args = params[0] if params and isinstance(params[0], dict) else {}
        token = args.get("token")
        if not isinstance(token, str) or not token or len(token) < self._server.settings.min_token_chars:
            raise MethodError("Invalid token", code="error-invalid-token")
        texts = {name: args.get(name) for name in ("name", "email", "department")}
        if any(value is not None and not isinstance(value, str) for value in texts.values()):
            raise _match_failed()
        visitor = await self._desk.register(check_token(token), name=texts["name"],
                                            email=texts["email"] or "", department_id=texts["department"])
        fields = args.get("customFields")
        if isinstance(fields, list):
            await self._desk.set_custom_fields(token, _visitor_fields(fields), await self._defined_fields())
        profile = await self._desk.profile(visitor.id)
        assert profile is not None  # just registered with this token
        shown = shapes.visitor(profile)
        return {"userId": visitor.id, "visitor": {key: shown[key] for key in (
            "_id", "token", "name", "username", "visitorEmails", "department") if key in shown}}

    async def send_message(self, params: list[Any]) -> Any:
        """sendMessageLivechat({token, _id, rid, msg}, agent): the message sent. The chat must be
        the visitor's and going on (Rocket.Chat opens one when `rid` names none)."""
        message = params[0] if params and isinstance(params[0], dict) else None
        if message is None:
            raise _match_failed()
        message_id, rid, text = (_string(message.get(name)) for name in ("_id", "rid", "msg"))
        token = await self._guest_token(message.get("token"))
        if token is None:
            raise MethodError("[invalid-token]", code="invalid-token")
        room = await self._desk.room_of(token, rid)
        if room is None or room.status is ChatStatus.CLOSED:
            raise MethodError("Invalid Room", code="invalid-room")
        sent = await self._desk.send(token, rid, text, message_id=check_message_id(message_id))
        shown = for_visitor(sent)
        assert shown is not None  # the visitor's own message, just written
        return {**shapes.message(shown, for_stream=True), "newRoom": False, "showConnecting": False}

    async def set_custom_field(self, params: list[Any]) -> Any:
        """livechat:setCustomField(token, key, value, overwrite = true): kept when defined."""
        if len(params) < 3 or not isinstance(params[1], str) or not isinstance(params[2], str):
            raise _match_failed()
        token = await self._guest_token(params[0])
        if token is None:
            return False
        overwrite = params[3] is not False if len(params) > 3 else True
        await self._desk.set_custom_fields(token, [FieldValue(params[1], params[2], overwrite)],
                                           await self._defined_fields())
        return True

    async def page_visited(self, params: list[Any]) -> Any:
        """livechat:pageVisited(token, room, pageInfo): kept as livechat/page.visited keeps it."""
        info = params[2] if len(params) > 2 and isinstance(params[2], dict) else None
        location = info.get("location") if info is not None else None
        if info is None or not isinstance(location, dict):
            raise _match_failed()
        title, change, href = info.get("title"), info.get("change"), location.get("href")
        if not all(isinstance(value, str) for value in (title, change, href)):
            raise _match_failed()
        token = await self._guest_token(params[0])
        if token is not None and change == "url":
            room = params[1] if isinstance(params[1], str) and params[1] else None
            await self._desk.page_visited(token, room, title=str(title), url=str(href))
        return None

    async def send_offline_message(self, params: list[Any]) -> Any:
        """livechat:sendOfflineMessage({name, email, message}): the offline form, kept as
        livechat/offline.message keeps it. The pattern is exact: another key is a Match failure."""
        # Meteor's rate limiter counts a call before the method checks anything.
        now = self._server.engine.clock.now()
        if self._offline_sent_at is not None and now - self._offline_sent_at < _OFFLINE_MESSAGE_INTERVAL:
            wait_s = (self._offline_sent_at + _OFFLINE_MESSAGE_INTERVAL - now).total_seconds()
            reason = (f"Error, too many requests. Please slow down. You must wait {max(1, round(wait_s))} "
                      "seconds before trying again.")
            raise MethodError(reason, code="too-many-requests")
        self._offline_sent_at = now
        data = params[0] if params and isinstance(params[0], dict) else None
        if data is None or set(data) != {"name", "email", "message"} \
                or not all(isinstance(value, str) for value in data.values()):
            raise _match_failed()
        if not data["email"]:
            # Rocket.Chat throws a plain Error here, which Meteor answers as a 500.
            raise MethodError("Invalid email", code="error-invalid-email")
        try:
            await self._desk.leave_message(name=data["name"], email=data["email"], text=data["message"])
        except InvalidInput:
            raise MethodError("Invalid email", code="error-invalid-email") from None
        return None

    async def send_transcript(self, params: list[Any]) -> Any:
        """livechat:sendTranscript(token, rid, email, subject): Rocket.Chat's is an agent's, for a
        signed-in user with send-omnichannel-chat-transcript; a visitor never is one. Their way
        is livechat/transcript."""
        if len(params) < 3 or not isinstance(params[1], str) or not isinstance(params[2], str):
            raise _match_failed()
        raise MethodError("Not allowed", code="error-not-allowed")

    async def save_survey_feedback(self, params: list[Any]) -> Any:
        """livechat:saveSurveyFeedback(token, rid, [{name, value}]): kept when the chat is the
        token's and an answer is the survey's, answered with Mongo's UpdateResult; nothing
        otherwise (another visitor's chat reads as nothing kept)."""
        if len(params) < 3 or not isinstance(params[0], str) or not isinstance(params[1], str) \
                or not isinstance(params[2], list) or not all(
                    isinstance(item, dict) and isinstance(item.get("name"), str)
                    and isinstance(item.get("value"), str) for item in params[2]):
            raise _match_failed()
        token = await self._guest_token(params[0])
        if token is None or await self._desk.room_of(token, params[1]) is None:
            return None
        try:
            await self._desk.save_survey(token, params[1], [(i["name"], i["value"]) for i in params[2]])
        except InvalidInput:
            return None  # none of the answers is the survey's
        return {"acknowledged": True, "matchedCount": 1, "modifiedCount": 1, "upsertedCount": 0,
                "upsertedId": None}

    async def set_department(self, params: list[Any]) -> Any:
        """livechat:setDepartmentForVisitor({roomId, visitorToken, departmentId}): the chat moves
        to that department's queue; `error-invalid-room` unless it is the token's. Whether it
        moved, as Rocket.Chat's transfer answers."""
        args = params[0] if params and isinstance(params[0], dict) else None
        if args is None:
            raise _match_failed()
        rid, sent, department = (_string(args.get(k)) for k in ("roomId", "visitorToken", "departmentId"))
        token = await self._guest_token(sent)
        if token is None or await self._desk.room_of(token, rid) is None:
            raise MethodError("Invalid room", code="error-invalid-room")
        try:
            await self._desk.change_department(token, rid, department)
        except OmnideskError:
            return False  # closed, or no such department: nothing moved
        return True


def _visitor_fields(fields: list[Any]) -> list[FieldValue]:
    """The well-formed fields of scope visitor of a registerGuest (it skips the rest, too)."""
    return [FieldValue(f["key"], f["value"], f.get("overwrite") is not False) for f in fields
            if isinstance(f, dict) and isinstance(f.get("key"), str) and isinstance(f.get("value"), str)
            and f.get("scope") != "room"]


def _date(value: Any) -> int | None:
    """An EJSON date ({"$date": ms}) as milliseconds, else None."""
    if isinstance(value, dict) and set(value) == {"$date"}:
        ms = value["$date"]
        if isinstance(ms, (int, float)) and not isinstance(ms, bool) and abs(ms) < 8.64e15:
            return int(ms)
    return None
