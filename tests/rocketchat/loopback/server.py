"""The loopback Rocket.Chat server: aiohttp on 127.0.0.1 (port 0), in-memory state, speaking
Rocket.Chat's real paths, bodies, error ids and DDP frames, with faults a test turns on.

Served (grow it beside these: `add_route` for REST, `state.methods` for DDP methods, `push` for
stream events):
- `POST /api/v1/login` (password, `resume`, 2FA `code`), `GET /api/v1/me`, `POST /api/v1/logout`
- `POST /api/v1/method.call/<m>` and `method.callAnon/<m>` (DDP over REST)
- `/websocket`: DDP (connect, ping/pong, login resume, methods, sub/unsub, stream pushes)
Rocket.Chat's REST limiter is on (10 calls per 60 s per route), and Meteor's DDP rate limiter with
Rocket.Chat's default rules for methods and subscriptions (state.MethodLimiter, ddp_limits.py), on
the server's clock.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import json
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.rocketchat.loopback import payloads
from tests.rocketchat.loopback.ddp import DdpSession
from tests.rocketchat.loopback.ddp_limits import SubscriptionLimiter
from tests.rocketchat.loopback.state import NO_RESULT, LoopbackState, LoopbackUser, MethodRefused
from tests.rocketchat.loopback.tls import TlsFiles

log = logging.getLogger(__name__)

API = "/api/v1/"
_RATE_HEADERS = web.RequestKey("rate-limit-headers", dict[str, str])


@dataclass
class RestCall:
    """One REST request as a route handler sees it."""

    request: web.Request
    user: LoopbackUser | None
    query: dict[str, str]
    body: Any
    # The values of a pattern route's `:name` segments ("livechat/agents/:uid/departments").
    path_params: dict[str, str] = field(default_factory=dict)


RouteHandler = Callable[[RestCall], Awaitable[web.Response]]
# A path served outside the API (`/file-upload/...`): the request as it came.
PageHandler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass(frozen=True)
class _Route:
    handler: RouteHandler
    auth: bool
    limited: bool


class LoopbackRocketChat:
    def __init__(
        self,
        *,
        tls: TlsFiles | None = None,
        clock: Callable[[], float] = time.time,
        state: LoopbackState | None = None,
    ) -> None:
        self.state = state or LoopbackState()
        self.tls = tls
        # Epoch seconds: the limiter's windows, the Date header, token expiry.
        self.clock = clock
        if state is None:
            self.state.subscription_limiter = SubscriptionLimiter(clock() * 1000)
        self.port = 0
        self._runner: web.AppRunner | None = None
        self._sessions: set[DdpSession] = set()
        self._routes: dict[tuple[str, str], _Route] = {}
        self._pages: dict[str, PageHandler] = {}
        self.add_route("POST", "login", self._login, auth=False)
        self.add_route("GET", "me", self._me)
        self.add_route("POST", "logout", self._logout)
        self.add_route("GET", "logout", self._logout)

    # -- life ------------------------------------------------------------------------------

    @property
    def url(self) -> str:
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}"

    async def start(self) -> None:
        app = web.Application(middlewares=[self._dated])
        app.router.add_route("*", API + "{path:.*}", self._dispatch)
        app.router.add_get("/websocket", self._websocket)
        app.router.add_route("*", "/{page:.*}", self._page)
        runner = web.AppRunner(app, shutdown_timeout=0.5, access_log=None)
        await runner.setup()
        site = web.TCPSite(
            runner, "127.0.0.1", self.port, reuse_address=True,
            ssl_context=self.tls.server_context() if self.tls else None,
        )
        await site.start()
        self._runner = runner
        if not self.port:
            addresses = runner.addresses
            self.port = int(addresses[0][1])

    async def stop(self) -> None:
        self.drop_sockets()
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await runner.cleanup()

    @contextlib.asynccontextmanager
    async def down(self) -> AsyncIterator[None]:
        """The server stopped (every socket dropped, connections refused) for the block, then
        listening again on the same port with the same state (users, tokens, methods)."""
        await self.stop()
        try:
            yield
        finally:
            await self.start()

    async def restart(self) -> None:
        async with self.down():
            pass

    # -- what tests do ---------------------------------------------------------------------

    def add_route(
        self, method: str, path: str, handler: RouteHandler, *, auth: bool = True, limited: bool = True
    ) -> None:
        """Serve `method` `/api/v1/<path>` with `handler` (auth: X-User-Id/X-Auth-Token required)."""
        self._routes[(method.upper(), path)] = _Route(handler, auth, limited)

    def add_page(self, prefix: str, handler: PageHandler) -> None:
        """Serve every path under `/<prefix>/` (outside the API) with `handler`."""
        self._pages[prefix] = handler

    async def _page(self, request: web.Request) -> web.StreamResponse:
        handler = self._pages.get(request.match_info["page"].split("/", 1)[0])
        if handler is None:
            return web.Response(status=404)
        return await handler(request)

    def drop_sockets(self) -> int:
        """Cut every DDP socket at once, without a close frame (as a network failure does)."""
        sessions = list(self._sessions)
        for session in sessions:
            session.abort()
        return len(sessions)

    @property
    def sessions(self) -> list[DdpSession]:
        return list(self._sessions)

    def send_raw(self, text: str) -> int:
        """Send `text` as a frame to every DDP session (a server ping, a malformed frame...)."""
        for session in self._sessions:
            session.send_raw(text)
        return len(self._sessions)

    def push(self, collection: str, event_name: str, *args: Any) -> int:
        """A stream event, to every session subscribed to `collection` with `event_name`: how
        many subscriptions it reached."""
        return sum(session.deliver(collection, event_name, list(args)) for session in list(self._sessions))

    def expire_token(self, token: str) -> None:
        """The token stops working (as Accounts_LoginExpiration would do), and the sockets signed
        in with it are closed (Meteor closes a connection whose token is removed)."""
        self.state.expire(token)
        for session in list(self._sessions):
            if session.token == token:
                session.abort()

    def rate_limit(self, route: str, *, times: int = 1, reset_in_ms: int = 30_000) -> None:
        """`route` ("GET me") answers 429 the next `times` calls, resetting in `reset_in_ms`."""
        self.state.faults.rate_limited[route] = (times, reset_in_ms)

    def fail(self, route: str, *, times: int = 1, status: int = 500) -> None:
        """`route` answers `status` (a 5xx) the next `times` calls, before doing anything."""
        self.state.faults.server_errors[route] = (times, status)

    def answer_raw(self, route: str, body: bytes | str, *, status: int = 200,
                   content_type: str = "application/json") -> None:
        """`route` answers exactly this, every time (a malformed answer)."""
        data = body.encode() if isinstance(body, str) else body
        self.state.faults.raw_answers[route] = (status, content_type, data)

    def calls_to(self, route: str) -> int:
        method, _, path = route.partition(" ")
        return sum(1 for m, p in self.state.requests if m == method and p == path)

    # -- REST ------------------------------------------------------------------------------

    @web.middleware
    async def _dated(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        response = await handler(request)
        response.headers.update(request.get(_RATE_HEADERS, {}))
        # The server's own clock in Date, as a real server's: a client reads X-RateLimit-Reset
        # against it.
        response.headers["Date"] = email.utils.formatdate(self.clock(), usegmt=True)
        return response

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        path = request.match_info["path"]
        method = request.method.upper()
        self.state.requests.append((method, path))
        route_name, route = self._route_for(method, path)
        faults = self.state.faults
        if route_name in faults.raw_answers:
            status, content_type, data = faults.raw_answers[route_name]
            return web.Response(status=status, body=data, content_type=content_type)
        if route is None:
            return _json({"success": False, "error": "Resource not found"}, status=404)
        user = self.state.user_of(request.headers.get("X-User-Id"), request.headers.get("X-Auth-Token"))
        if route.auth and user is None:
            return _json(payloads.unauthorized(), status=401)
        limited = self._rate_limited(request, route_name, route, user)
        if limited is not None:
            return limited
        if route_name in faults.server_errors:
            times, status = faults.server_errors[route_name]
            if times > 0:
                faults.server_errors[route_name] = (times - 1, status)
                return _json({"success": False, "error": "Internal server error"}, status=status)
        body: Any = None
        if request.content_type == "multipart/form-data":
            pass  # an upload: the route reads its parts (request.multipart())
        elif method in ("POST", "PUT", "DELETE") and request.can_read_body:
            try:
                body = await request.json()
            except ValueError:
                return _json(payloads.failure("Invalid JSON body", "error-invalid-body"), status=400)
        call = RestCall(request, user, dict(request.query), body, self._path_params(route_name, path))
        return await route.handler(call)

    @staticmethod
    def _path_params(route_name: str, path: str) -> dict[str, str]:
        pattern = route_name.partition(" ")[2].split("/")
        return {name[1:]: value for name, value in zip(pattern, path.split("/"), strict=False)
                if name.startswith(":")}

    def _route_for(self, method: str, path: str) -> tuple[str, _Route | None]:
        if (method, path) in self._routes:
            return f"{method} {path}", self._routes[(method, path)]
        # A route with ids in its path ("livechat/agents/:uid/departments"): Rocket.Chat's limiter
        # counts calls per pattern, so the pattern names the route.
        parts = path.split("/")
        for (route_method, pattern), route in self._routes.items():
            wanted = pattern.split("/")
            if route_method == method and len(wanted) == len(parts) and all(
                    w == p or (w.startswith(":") and p) for w, p in zip(wanted, parts, strict=True)):
                return f"{method} {pattern}", route
        for prefix in ("method.call/", "method.callAnon/"):
            if method == "POST" and path.startswith(prefix):
                anonymous = prefix == "method.callAnon/"
                return f"{method} {path}", _Route(self._method_over_rest(anonymous), not anonymous, False)
        return f"{method} {path}", None

    def _rate_limited(
        self, request: web.Request, route_name: str, route: _Route, user: LoopbackUser | None
    ) -> web.Response | None:
        faults = self.state.faults
        now_ms = self.clock() * 1000
        if route_name in faults.rate_limited:
            times, reset_in = faults.rate_limited[route_name]
            if times > 0:
                faults.rate_limited[route_name] = (times - 1, reset_in)
                return _too_many(reset_ms=now_ms + reset_in, limit=10, now_ms=now_ms)
        limiter = self.state.limiter
        if limiter is None or not route.limited or (user is not None and "admin" in user.roles):
            return None
        allowed, remaining, reset = limiter.check(route_name, now_ms)
        if not allowed:
            self.state.limiter_refusals += 1
            return _too_many(reset_ms=reset, limit=limiter.limit, now_ms=now_ms)
        # Rocket.Chat sets these on every answer of a limited route (the middleware adds them).
        request[_RATE_HEADERS] = {
            "X-RateLimit-Limit": str(limiter.limit),
            "X-RateLimit-Remaining": str(remaining),
            "X-RateLimit-Reset": str(int(reset)),
        }
        return None

    async def _login(self, call: RestCall) -> web.Response:
        body = call.body if isinstance(call.body, dict) else {}
        if "resume" in body:
            user, reason = self.state.resume(body.get("resume"))
            if user is None:
                return _json(payloads.login_refused(403, reason), status=401)
            return _json(payloads.login_success(user, str(body["resume"]), self.url))
        if set(body) - {"user", "username", "email", "password", "code"} or "password" not in body:
            return _json(payloads.login_refused(400, "Unrecognized options for login request"), status=401)
        name = body.get("user") or body.get("username") or body.get("email")
        user = self.state.user_named(name) if isinstance(name, str) else None
        if user is None:
            return _json(payloads.login_refused("Unauthorized", "Unauthorized"), status=401)
        if body.get("password") != user.password:
            return _json(payloads.login_refused(403, "Incorrect password"), status=401)
        if user.two_factor:
            code = body.get("code") or call.request.headers.get("x-2fa-code")
            details = _two_factor_details(user)
            if not code:
                return _json(payloads.login_refused("totp-required", "TOTP Required", details), status=401)
            if str(code) != user.code:
                return _json(payloads.login_refused("totp-invalid", "TOTP Invalid", details), status=401)
        token = self.state.issue_token(user)
        return _json(payloads.login_success(user, token, self.url))

    async def _me(self, call: RestCall) -> web.Response:
        assert call.user is not None
        return _json({**payloads.me(call.user, self.url), "success": True})

    async def _logout(self, call: RestCall) -> web.Response:
        token = call.request.headers.get("X-Auth-Token", "")
        self.state.tokens.pop(token, None)
        return _json(
            {"status": "success", "data": {"message": "You've been logged out!"}, "success": True}
        )

    def _method_over_rest(self, anonymous: bool) -> RouteHandler:
        async def handle(call: RestCall) -> web.Response:
            body = call.body
            if not isinstance(body, dict) or not isinstance(body.get("message"), str):
                return _json(payloads.failure("must have required property 'message'", "invalid-params"),
                             status=400)
            try:
                frame = json.loads(body["message"])
            except ValueError:
                return _json(payloads.failure("Invalid method call", "error-invalid-method-call"), status=400)
            if (not isinstance(frame, dict) or frame.get("msg") != "method"
                    or not isinstance(frame.get("method"), str) or not isinstance(frame.get("id"), str)
                    or not isinstance(frame.get("params", []), list)):
                return _json({"success": False, "error": "Invalid method call"}, status=400)
            # Rocket.Chat's method.call counts the call on the DDP limiter, the token as the connection.
            connection = call.request.headers.get("X-Auth-Token", "") or call.request.remote or ""
            answer = await self.run_method(call.user, frame["method"], frame.get("params", []),
                                           connection=f"rest:{connection}")
            message = json.dumps({"msg": "result", "id": frame["id"], **answer})
            return _json({"message": message, "success": True})

        return handle

    async def run_method(self, user: LoopbackUser | None, name: str, params: list[Any], *,
                         connection: str) -> dict[str, Any]:
        """A DDP method's outcome: `{"result": ...}` or `{"error": <Meteor error>}`."""
        limiter = self.state.method_limiter
        if limiter is not None:
            wait_ms = limiter.wait_ms(name, connection=connection, user_id=user.id if user else None,
                                      now_ms=self.clock() * 1000)
            if wait_ms > 0:
                return {"error": payloads.too_many_ddp_calls(wait_ms)}
        handler = self.state.methods.get(name)
        if handler is None:
            return {"error": payloads.meteor_error(404, f"Method '{name}' not found")}
        try:
            result = handler(user, params)
            if asyncio.iscoroutine(result):
                result = await result
        except MethodRefused as refused:
            return {"error": refused.meteor_error}
        return {} if result is NO_RESULT else {"result": result}

    # -- DDP -------------------------------------------------------------------------------

    async def _websocket(self, request: web.Request) -> web.StreamResponse:
        socket = web.WebSocketResponse(autoping=True, heartbeat=None)
        await socket.prepare(request)
        session = DdpSession(self, socket, request.transport)
        self._sessions.add(session)
        try:
            await session.run()
        finally:
            self._sessions.discard(session)
        return socket


def _two_factor_details(user: LoopbackUser) -> dict[str, Any]:
    method = user.two_factor or "totp"
    details: dict[str, Any] = {"method": method, "availableMethods": [method]}
    if method == "email":
        details.update(codeGenerated=True, codeCount=1, codeExpires=["2030-01-01T00:00:00.000Z"])
    return details


def _too_many(*, reset_ms: float, limit: int, now_ms: float) -> web.Response:
    seconds = max(0, int((reset_ms - now_ms + 999) // 1000))
    response = _json(payloads.too_many_requests(seconds), status=429)
    response.headers.update({
        "X-RateLimit-Limit": str(limit),
        "X-RateLimit-Remaining": "0",
        "X-RateLimit-Reset": str(int(reset_ms)),
    })
    return response


def _json(body: Any, *, status: int = 200) -> web.Response:
    return web.Response(status=status, text=json.dumps(body), content_type="application/json")
