"""Rocket.Chat Livechat's REST API for visitors, as the widget calls it (§6 of ROCKETCHAT.md)."""

from __future__ import annotations

import html
import json
from typing import TYPE_CHECKING, Any

from aiohttp import web

from app.backends.embedded.visitors import check_message_id, check_token
from app.errors import InvalidInput
from app.intake import shapes
from app.store import configuration, organisation
from resources import CHIME

if TYPE_CHECKING:
    from app.intake.server import IntakeServer

API = "/api/v1/livechat"


async def read_json(request: web.Request) -> dict[str, Any]:
    body = await request.json()
    if not isinstance(body, dict):
        raise InvalidInput("The body must be a JSON object.", code="invalid-body")
    return body


def _text(body: dict[str, Any], name: str, *, required: bool = True) -> str:
    value = body.get(name, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise InvalidInput(f"Field '{name}' is required (a string).", code="invalid-field")
    return value


class Livechat:
    def __init__(self, server: IntakeServer) -> None:
        self._server = server
        self._engine = server.engine
        self._visitors = server.engine.visitors

    def add_routes(self, app: web.Application) -> None:
        app.router.add_get(f"{API}/config", self.config)
        app.router.add_post(f"{API}/visitor", self.register)
        app.router.add_get(f"{API}/room", self.room)
        app.router.add_post(f"{API}/message", self.message)
        app.router.add_get(f"{API}/messages.history/{{rid}}", self.history)
        app.router.add_get(f"{API}/agent.info/{{rid}}/{{token}}", self.agent_info)
        app.router.add_post(f"{API}/room.close", self.close)
        app.router.add_post(f"{API}/room.transfer", self.transfer)
        app.router.add_post(f"{API}/page.visited", self.page_visited)
        app.router.add_post(f"{API}/visitor.status", self.ok)
        app.router.add_post(f"{API}/offline.message", self.offline_message)
        app.router.add_get("/avatar/{name}", self.avatar)
        app.router.add_get("/sounds/chime.wav", self.sound)
        app.router.add_route("OPTIONS", "/{tail:.*}", self.ok)
        if self._server.settings.widget_dir is not None:
            app.router.add_get("/livechat", self.widget_page)
            app.router.add_get("/livechat/{file:[A-Za-z0-9._~-]+}", self.widget_file)

    async def ok(self, _request: web.Request) -> web.Response:
        return web.json_response({"success": True})

    async def config(self, request: web.Request) -> web.Response:
        routing = await self._engine.routing()
        departments = await self._engine.database.read(organisation.departments)
        settings = await self._engine.database.read(organisation.settings)
        # The admin's website chat settings, read at each request: an edit shows at once.
        website = await self._engine.database.read(configuration.website)
        files = await self._engine.database.read(configuration.file_limits)
        name = website["title"] or settings.get("organisation_name")
        config: dict[str, Any] = {
            "enabled": True,
            "online": routing.can_serve(),
            "settings": {
                "registrationForm": bool(website["registration_form"]),
                "nameFieldRegistrationForm": True,
                "emailFieldRegistrationForm": True,
                "displayOfflineForm": True,
                "allowSwitchingDepartments": True,
                # Rocket.Chat's Livechat_fileupload_enabled && FileUpload_Enabled.
                "fileUpload": files.enabled and files.visitors_may_send,
            },
            "theme": {
                "title": name or "Chat with us",
                "color": website["color"],
                "offlineTitle": website["offline_title"],
                "offlineColor": settings.get("livechat_offline_color", "#666666"),
            },
            "messages": {
                "offlineMessage": website["offline_message"],
                "offlineSuccessMessage": website["offline_success_message"],
            },
            "departments": [
                {"_id": d.id, "name": d.name, "showOnRegistration": True, "showOnOfflineForm": True}
                for d in departments
                if d.enabled
            ],
            "triggers": [],
            "resources": {"sound": f"{self._server.url}/sounds/chime.wav"},
        }
        token = request.query.get("token")
        if token:
            known = await self._visitors.visitor(check_token(token))
            if known is not None:
                config["guest"] = shapes.visitor(known, token)
                room = await self._visitors.current_room(token)
                if room is not None:
                    served = await self._visitors.agent(token, room.id)
                    config["room"] = shapes.room(room, served)
                    if served is not None:
                        config["agent"] = shapes.agent(served)
        return web.json_response({"config": config, "success": True})

    async def register(self, request: web.Request) -> web.Response:
        body = await read_json(request)
        raw = body.get("visitor")
        if not isinstance(raw, dict):
            raise InvalidInput("Field 'visitor' is required (an object).", code="invalid-field")
        token = check_token(raw.get("token"))
        department = raw.get("department")
        visitor = await self._visitors.register(
            token,
            name=_text(raw, "name", required=False),
            email=_text(raw, "email", required=False),
            department_id=department if isinstance(department, str) and department else None,
        )
        return web.json_response({"visitor": shapes.visitor(visitor, token), "success": True})

    async def room(self, request: web.Request) -> web.Response:
        token = check_token(request.query.get("token"))
        department = request.query.get("department") or None
        room = await self._visitors.start_room(token, department_id=department)
        served = await self._visitors.agent(token, room.id)
        return web.json_response({"room": shapes.room(room, served), "newRoom": True, "success": True})

    async def message(self, request: web.Request) -> web.Response:
        body = await read_json(request)
        token = check_token(body.get("token"))
        if not self._server.per_visitor.allow(token):
            raise InvalidInput("You are sending messages too fast; wait a moment.", code="too-many-messages")
        room_id = _text(body, "rid")
        # Rocket.Chat keeps a client-chosen `_id` (and refuses it twice): a retry sends once.
        chosen = body.get("_id") or None
        message_id = None if chosen is None else check_message_id(chosen)
        sent = await self._visitors.send(token, room_id, _text(body, "msg"), message_id=message_id)
        return web.json_response(
            {"message": {"_id": sent.id, "rid": room_id, "msg": sent.text}, "success": True}
        )

    async def history(self, request: web.Request) -> web.Response:
        token = check_token(request.query.get("token"))
        found = await self._visitors.history(token, request.match_info["rid"])
        newest_first = [shapes.message(m, for_stream=False) for m in reversed(found)]
        return web.json_response({"messages": newest_first, "success": True})

    async def page_visited(self, request: web.Request) -> web.Response:
        """{token, rid?, pageInfo: {change, title, location: {href}}}: kept for the agents (the
        page, the browser's User-Agent; never the address it came from)."""
        body = await read_json(request)
        token = check_token(body.get("token"))
        info = body.get("pageInfo")
        if not isinstance(info, dict):
            raise InvalidInput("Field 'pageInfo' is required (an object).", code="invalid-field")
        if info.get("change", "url") != "url":
            # Rocket.Chat keeps only the changes of Livechat_history_monitor_type ('url').
            return web.json_response({"success": True})
        location = info.get("location")
        href = location.get("href") if isinstance(location, dict) else None
        title = info.get("title")
        room_id = body.get("rid")
        await self._visitors.page_visited(
            token,
            room_id if isinstance(room_id, str) and room_id else None,
            title=title if isinstance(title, str) else "",
            url=href if isinstance(href, str) else "",
            user_agent=request.headers.get("User-Agent", ""),
        )
        return web.json_response({"success": True})

    async def agent_info(self, request: web.Request) -> web.Response:
        token = check_token(request.match_info["token"])
        served = await self._visitors.agent(token, request.match_info["rid"])
        if served is None:
            raise InvalidInput("Nobody serves this chat yet.", code="no-agent")
        return web.json_response({"agent": shapes.agent(served), "success": True})

    async def close(self, request: web.Request) -> web.Response:
        body = await read_json(request)
        token = check_token(body.get("token"))
        room_id = _text(body, "rid")
        await self._visitors.close(token, room_id)
        return web.json_response({"rid": room_id, "comment": "Closed by the visitor", "success": True})

    async def transfer(self, request: web.Request) -> web.Response:
        body = await read_json(request)
        token = check_token(body.get("token"))
        room = await self._visitors.change_department(token, _text(body, "rid"), _text(body, "department"))
        served = await self._visitors.agent(token, room.id)
        return web.json_response({"room": shapes.room(room, served), "success": True})

    async def offline_message(self, request: web.Request) -> web.Response:
        body = await read_json(request)
        await self._visitors.leave_message(
            name=_text(body, "name"),
            email=_text(body, "email"),
            text=_text(body, "message"),
            department_id=body.get("department") or None,
        )
        return web.json_response({"message": "Thank you: we will write back soon.", "success": True})

    async def widget_page(self, _request: web.Request) -> web.Response:
        """The widget's page, told where its server is (Rocket.Chat injects SERVER_URL the same
        way); json.dumps makes the URL a safe JavaScript string."""
        widget_dir = self._server.settings.widget_dir
        assert widget_dir is not None
        page = (widget_dir / "index.html").read_text(encoding="utf-8")
        script = f"<script>SERVER_URL = {json.dumps(self._server.url)};</script>"
        return web.Response(text=page.replace("<body>", "<body>" + script, 1), content_type="text/html")

    async def widget_file(self, request: web.Request) -> web.StreamResponse:
        widget_dir = self._server.settings.widget_dir
        assert widget_dir is not None
        name = request.match_info["file"]
        path = (widget_dir / name).resolve()
        if path.parent != widget_dir.resolve() or not path.is_file():
            raise web.HTTPNotFound()
        return web.FileResponse(path)

    async def sound(self, _request: web.Request) -> web.FileResponse:
        return web.FileResponse(CHIME)

    async def avatar(self, request: web.Request) -> web.Response:
        # Initials on a disc; the name is escaped, as it comes from the URL.
        initials = html.escape("".join(p[:1] for p in request.match_info["name"].split()[:2]).upper()[:2])
        svg = (
            '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64">'
            '<circle cx="32" cy="32" r="32" fill="#1565c0"/>'
            f'<text x="32" y="40" font-size="24" text-anchor="middle" fill="white">{initials}</text></svg>'
        )
        return web.Response(text=svg, content_type="image/svg+xml")
