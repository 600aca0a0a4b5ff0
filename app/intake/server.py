"""The intake's HTTP and WebSocket server (aiohttp), on the app's own asyncio loop."""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from aiohttp import web

from app.backends.embedded import EmbeddedEngine
from app.errors import OmnideskError
from app.intake.answers import LivechatError, failure, meteor_error, too_many_requests
from app.intake.ddp import ddp_session
from app.intake.feed import RoomFeed
from app.intake.limits import RateLimiter
from app.intake.refusals import translate
from app.intake.rest import Livechat
from app.intake.uploads import Uploads
from app.store import configuration

log = logging.getLogger(__name__)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

# A request body larger than this is refused before it is read (messages are capped lower).
MAX_BODY_BYTES = 256 * 1024


@dataclass(frozen=True, slots=True)
class IntakeSettings:
    host: str = "127.0.0.1"
    port: int = 3000
    # Sites allowed to embed the widget (scheme://host[:port]); empty means any.
    allowed_origins: Sequence[str] = field(default_factory=tuple)
    widget_dir: Path | None = None
    # Where Omnidesk deliberately differs from Rocket.Chat for safety (docs/website-chat.md lists
    # each, with Rocket.Chat's behaviour): per-address and per-visitor rate limits (Rocket.Chat
    # limits by route: 5 rooms and 5 registrations a minute per address) ...
    requests_per_second: float = 20.0
    request_burst: int = 60
    messages_per_second: float = 2.0
    message_burst: int = 10
    # ... the shortest visitor token taken (Rocket.Chat: any non-empty string; a short one can be
    # guessed, and a token is all that stands between a stranger and a visitor's chats) ...
    min_token_chars: int = 16
    # ... whether a new token giving the phone of an earlier visitor becomes that visitor, their
    # token included in the answer (Rocket.Chat: it does; anyone who knows a customer's number
    # would then read their chats) ...
    match_visitor_by_phone: bool = False
    # ... and the most messages one history page holds (Rocket.Chat: whatever `limit` asks).
    max_history_limit: int = 1_000
    # Beyond Rocket.Chat 7/8: the visitor DDP methods Rocket.Chat 7.0 removed (loginByToken,
    # loadHistory, getAgentData, getNextAgent, setCustomField, pageVisited, sendOfflineMessage,
    # saveSurveyFeedback, setDepartmentForVisitor), served as the last Rocket.Chat that had them,
    # for visitor clients written against Rocket.Chat 6. Off: "Method '...' not found", as 7/8.
    legacy_visitor_methods: bool = False


def json_error(status: int, code: str, message: str) -> web.Response:
    """A refusal of Omnidesk's own (not a Rocket.Chat route's): Meteor.Error's shape."""
    return meteor_error(code, message, status).response()


class IntakeServer:
    def __init__(self, engine: EmbeddedEngine, settings: IntakeSettings) -> None:
        self.engine = engine
        self.settings = settings
        self.per_address = RateLimiter(settings.requests_per_second, settings.request_burst)
        self.per_visitor = RateLimiter(settings.messages_per_second, settings.message_burst)
        self.app = web.Application(
            client_max_size=MAX_BODY_BYTES, middlewares=[self._errors, self._origins, self._limits]
        )
        Livechat(self).add_routes(self.app)
        Uploads(self).add_routes(self.app)
        self.app.router.add_get("/websocket", self._websocket)
        self.feed = RoomFeed(engine.bus)
        self._runner: web.AppRunner | None = None
        self._sockets: set[web.WebSocketResponse] = set()
        self.port = settings.port

    @property
    def url(self) -> str:
        return f"http://{self.settings.host}:{self.port}"

    def snippet(self) -> str:
        """What a site owner pastes before </body> to put the chat on their pages."""
        widget = f"{self.url}/livechat"
        return (
            "<!-- Omnidesk chat (Rocket.Chat Livechat widget) -->\n"
            "<script>\n"
            "  window.RocketChat = window.RocketChat || function (c) { window.RocketChat._.push(c); };\n"
            "  window.RocketChat._ = window.RocketChat._ || [];\n"
            f"  window.RocketChat.url = {json.dumps(widget)};\n"
            "</script>\n"
            f"<script async src={json.dumps(widget + '/rocketchat-livechat.min.js')}></script>\n"
        )

    async def start(self) -> None:
        self.feed.start()
        self._runner = web.AppRunner(self.app, access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.settings.host, self.settings.port)
        await site.start()
        # With port 0 the system picks a free port; the runner knows which.
        for address in self._runner.addresses:
            if isinstance(address, tuple) and len(address) >= 2:
                self.port = int(address[1])
                break
        log.info("visitor intake listening on %s", self.url)

    async def stop(self) -> None:
        for socket in list(self._sockets):
            await socket.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        await self.feed.stop()

    # -- middlewares ----------------------------------------------------------------------

    @web.middleware
    async def _errors(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        try:
            return await handler(request)
        except web.HTTPException as error:
            if error.status == 404:
                return failure("Resource not found", 404).response()
            if error.status >= 400:
                return json_error(error.status, "http-error", error.reason)
            raise
        except LivechatError as error:
            return error.response()
        except OmnideskError as error:
            return translate(error).response()

    def origin_allowed(self, origin: str | None, stored: Sequence[str] = ()) -> bool:
        """Whether a page from `origin` may use the chat: the union of the command line's
        --allow-origin and the admin's allowed websites (`stored`); none at all means any."""
        allowed = {*self.settings.allowed_origins, *stored}
        return not allowed or origin is None or origin in allowed

    async def stored_origins(self) -> list[str]:
        """The admin's allowed websites, read at each request: an edit applies at once."""
        website = await self.engine.database.read(configuration.website)
        origins = website["allowed_origins"]
        return [str(o) for o in origins] if isinstance(origins, list) else []

    @web.middleware
    async def _origins(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        origin = request.headers.get("Origin")
        stored = await self.stored_origins() if origin is not None else []
        if not self.origin_allowed(origin, stored):
            return json_error(403, "origin-not-allowed", "This site may not use this chat.")
        if request.method == "OPTIONS":
            response: web.StreamResponse = web.Response(status=204)
        else:
            response = await handler(request)
        if origin is not None:
            response.headers["Access-Control-Allow-Origin"] = origin
            response.headers["Vary"] = "Origin"
            response.headers["Access-Control-Allow-Headers"] = "Content-Type, X-Visitor-Token"
            response.headers["Access-Control-Allow-Methods"] = "GET, POST, PUT, DELETE, OPTIONS"
        return response

    @web.middleware
    async def _limits(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if not self.per_address.allow(request.remote or "unknown"):
            return too_many_requests().response()
        return await handler(request)

    # -- DDP ------------------------------------------------------------------------------

    async def _websocket(self, request: web.Request) -> web.StreamResponse:
        socket = web.WebSocketResponse(heartbeat=None, max_msg_size=MAX_BODY_BYTES)
        await socket.prepare(request)
        self._sockets.add(socket)
        try:
            await ddp_session(self, socket)
        finally:
            self._sockets.discard(socket)
        return socket
