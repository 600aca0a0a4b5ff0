"""The visitor's chat (Rocket.Chat's room): open or find it, close it, move it to another
department, answer the survey, ask for the transcript, and who serves it or would.
Rocket.Chat: api/v1/room.ts, agent.ts, transcript.ts."""

from __future__ import annotations

from aiohttp import web

from app.domain import ChatStatus
from app.errors import OmnideskError
from app.intake import requests, shapes
from app.intake.answers import failure, success
from app.intake.params import clean
from app.intake.routes import API, Routes
from app.store import organisation

# Rocket.Chat's i18n 'Closed_by_visitor', the comment a visitor's close leaves.
_CLOSED_BY_VISITOR = "Closed by visitor"


class RoomRoutes(Routes):
    def add_routes(self, app: web.Application) -> None:
        app.router.add_get(f"{API}/room", self.room_of_visitor)
        app.router.add_post(f"{API}/room.close", self.close)
        app.router.add_post(f"{API}/room.transfer", self.transfer)
        app.router.add_post(f"{API}/visitor/department.transfer", self.department_transfer)
        app.router.add_post(f"{API}/room.survey", self.survey)
        app.router.add_post(f"{API}/transcript", self.transcript)
        app.router.add_get(f"{API}/agent.info/{{rid}}/{{token}}", self.agent_info)
        app.router.add_get(f"{API}/agent.next/{{token}}", self.agent_next)

    async def room_of_visitor(self, request: web.Request) -> web.Response:
        """The visitor's chat going on (newRoom false) or a new one (newRoom true); with `rid`,
        that chat while it is open. `agentId` is not honoured: routing decides who serves."""
        params = self.query(request, requests.ROOM)
        token = params["token"]
        await self.known_guest(token)
        status = self._desk.status(token)
        rid = params.get("rid")
        if rid:
            room = await self.room(token, rid)
            if room is None or room.status is ChatStatus.CLOSED:
                raise failure("invalid-room")
            served = await self._desk.agent(token, room.id)
            return success(room=shapes.room(room, served, token, status), newRoom=False)
        room = await self._desk.current_room(token)
        new_room = room is None
        if room is None:
            # Omnidesk's `department` (the widget sends none; Rocket.Chat takes the registration's)
            department = params.get("department")
            room = await self._desk.start_room(token, department_id=department if isinstance(department, str)
                                               and department else None)
        served = await self._desk.agent(token, room.id)
        return success(room=shapes.room(room, served, token, status), newRoom=new_room)

    async def close(self, request: web.Request) -> web.Response:
        params = await self.body(request, requests.ROOM_CLOSE)
        await self.known_guest(params["token"])
        room = await self.known_room(params["token"], params["rid"])
        if room.status is ChatStatus.CLOSED:
            raise failure("room-closed")
        await self._desk.close(params["token"], room.id)
        return success(rid=room.id, comment=_CLOSED_BY_VISITOR)

    async def transfer(self, request: web.Request) -> web.Response:
        """Rocket.Chat 7's room.transfer (gone from 8), which widget 1.13.3 calls."""
        params = await self.body(request, requests.ROOM_TRANSFER)
        token = params["token"]
        await self.known_guest(token)
        room = await self.known_room(token, params["rid"])
        try:
            moved = await self._desk.change_department(token, room.id, params["department"])
        except OmnideskError:
            raise failure("error-transfering-chat") from None
        served = await self._desk.agent(token, moved.id)
        return success(room=shapes.room(moved, served, token, self._desk.status(token)))

    async def department_transfer(self, request: web.Request) -> web.Response:
        """Rocket.Chat 8's department switch. A chat that is not the token's reads as unknown
        (Rocket.Chat would move any room named)."""
        params = await self.body(request, requests.DEPARTMENT_TRANSFER)
        token = params["token"]
        await self.known_guest(token)
        room = await self.room(token, params["rid"])
        if room is None:
            raise failure("error-invalid-room")
        if room.status is ChatStatus.CLOSED:
            raise failure("This_conversation_is_already_closed")
        try:
            await self._desk.change_department(token, room.id, params["department"])
        except OmnideskError:
            raise failure("error-transfering-chat") from None
        return success()

    async def survey(self, request: web.Request) -> web.Response:
        params = await self.body(request, requests.ROOM_SURVEY)
        await self.known_guest(params["token"])
        room = await self.known_room(params["token"], params["rid"])
        answers = await self._desk.save_survey(params["token"], room.id,
                                               [(item["name"], item["value"]) for item in params["data"]])
        return success(rid=room.id, data=answers)

    async def transcript(self, request: web.Request) -> web.Response:
        """The transcript by email: queued for an agent, like an offline message (no mail here)."""
        params = await self.body(request, requests.TRANSCRIPT)
        # Rocket.Chat checks the room's visitor token first: a stranger's or unknown room, or an
        # unknown token, all read 'error-invalid-visitor'.
        if await self.room(params["token"], params["rid"]) is None:
            raise failure("error-invalid-visitor")
        await self._desk.request_transcript(params["token"], params["rid"], params["email"])
        return success(message="Transcript requested: an agent will send it by email.")

    async def agent_info(self, request: web.Request) -> web.Response:
        token, rid = clean(request.match_info["token"]), clean(request.match_info["rid"])
        await self.known_guest(token)
        room = await self.known_room(token, rid)
        served = await self._desk.agent(token, room.id)
        if served is None:
            raise failure("invalid-agent")
        return success(agent=shapes.agent(served))

    async def agent_next(self, request: web.Request) -> web.Response:
        """Who would serve the visitor's next chat (nothing when one is going on)."""
        params = self.query(request, requests.AGENT_NEXT)
        token = clean(request.match_info["token"])
        if self.token_taken(token) and await self.guest(token) is not None \
                and await self._desk.current_room(token) is not None:
            return success()
        agent_id = await self._engine.read_routing(
            lambda routing: routing.next_agent(params.get("department") or None))
        if agent_id is None:
            raise failure("agent-not-found")
        agent = await self._engine.database.read(lambda c: organisation.agent(c, agent_id))
        return success(agent=shapes.agent(agent))
