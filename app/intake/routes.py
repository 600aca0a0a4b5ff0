"""What every group of visitor routes shares: the request's parameters, checked as Rocket.Chat
checks them, and Rocket.Chat's findGuest(token) and findRoom(token, rid)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aiohttp import web

from app.backends.embedded.visitors import check_token
from app.config.website_fields import CustomField, custom_fields
from app.domain import Chat, Visitor
from app.errors import InvalidInput
from app.intake.answers import failure
from app.intake.params import Rule, check, query_params, read_body
from app.store import configuration

if TYPE_CHECKING:
    from app.intake.server import IntakeServer

API = "/api/v1/livechat"


class Routes:
    """A group of visitor routes (visitor, room, message), on the intake's server."""

    def __init__(self, server: IntakeServer) -> None:
        self._server = server
        self._engine = server.engine
        self._desk = server.engine.visitors
        self._settings = server.settings

    async def body(self, request: web.Request, rule: Rule) -> dict[str, Any]:
        return check(rule, await read_body(request))

    def query(self, request: web.Request, rule: Rule) -> dict[str, Any]:
        return check(rule, query_params(request))

    def token_taken(self, token: str) -> bool:
        """Whether the intake takes this token at all (long enough, the desk's alphabet)."""
        if len(token) < self._settings.min_token_chars:
            return False
        try:
            check_token(token)
        except InvalidInput:
            return False
        return True

    async def guest(self, token: str) -> Visitor | None:
        """findGuest(token): the visitor of this token, or None."""
        return await self._desk.visitor(token) if self.token_taken(token) else None

    async def known_guest(self, token: str) -> Visitor:
        guest = await self.guest(token)
        if guest is None:
            raise failure("invalid-token")
        return guest

    async def room(self, token: str, rid: str) -> Chat | None:
        """findRoom(token, rid): the visitor's chat `rid`, whatever its status, or None."""
        return await self._desk.room_of(token, rid) if self.token_taken(token) else None

    async def known_room(self, token: str, rid: str) -> Chat:
        room = await self.room(token, rid)
        if room is None:
            raise failure("invalid-room")
        return room

    async def website(self) -> dict[str, Any]:
        """The admin's website chat settings, read at each request: an edit applies at once."""
        return dict(await self._engine.database.read(configuration.website))

    async def defined_fields(self) -> list[CustomField]:
        return custom_fields((await self.website())["custom_fields"])
