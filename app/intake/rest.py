"""Rocket.Chat Livechat's REST API for visitors (apps/meteor/app/livechat/server/api/v1), put on
the app by subject (visitor_routes, room_routes, message_routes), and the files the widget
fetches from the server root."""

from __future__ import annotations

import html
import json

from aiohttp import web

from app.intake.message_routes import MessageRoutes
from app.intake.room_routes import RoomRoutes
from app.intake.routes import API, Routes
from app.intake.visitor_routes import VisitorRoutes
from resources import CHIME

__all__ = ["API", "Livechat"]  # API: where the visitor routes live (uploads adds its own)


class Livechat(Routes):
    def add_routes(self, app: web.Application) -> None:
        for group in (VisitorRoutes(self._server), RoomRoutes(self._server), MessageRoutes(self._server)):
            group.add_routes(app)
        app.router.add_get("/avatar/{name}", self.avatar)
        app.router.add_get("/sounds/chime.wav", self.sound)
        app.router.add_route("OPTIONS", "/{tail:.*}", self.ok)
        if self._settings.widget_dir is not None:
            app.router.add_get("/livechat", self.widget_page)
            app.router.add_get("/livechat/{file:[A-Za-z0-9._~-]+}", self.widget_file)

    async def ok(self, _request: web.Request) -> web.Response:
        return web.json_response({"success": True})

    async def widget_page(self, _request: web.Request) -> web.Response:
        """The widget's page, told where its server is (Rocket.Chat injects SERVER_URL the same
        way); json.dumps makes the URL a safe JavaScript string."""
        widget_dir = self._settings.widget_dir
        assert widget_dir is not None
        page = (widget_dir / "index.html").read_text(encoding="utf-8")
        script = f"<script>SERVER_URL = {json.dumps(self._server.url)};</script>"
        return web.Response(text=page.replace("<body>", "<body>" + script, 1), content_type="text/html")

    async def widget_file(self, request: web.Request) -> web.StreamResponse:
        widget_dir = self._settings.widget_dir
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
