"""The loopback Rocket.Chat server's in-memory state: users and their login tokens, Rocket.Chat's
REST rate limiter, the DDP methods it serves and the faults a test turns on. It outlives a
restart (only the sockets go)."""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from tests.rocketchat.loopback import payloads
from tests.rocketchat.loopback.ddp_limits import SubscriptionLimiter

# Meteor's messages for a resume token it does not know / that expired (accounts-base).
LOGGED_OUT = "You've been logged out by the server. Please log in again."
SESSION_EXPIRED = "Your session has expired. Please log in again."


@dataclass
class LoopbackUser:
    id: str
    username: str
    password: str
    name: str
    roles: tuple[str, ...] = ("user", "livechat-agent")
    # 'totp' or 'email' when the user has a second factor; `code` is the code that passes.
    two_factor: str | None = None
    code: str = "123456"
    status: str = "offline"
    status_connection: str = "offline"
    status_livechat: str = "available"


class MethodRefused(Exception):
    """Raised by a method handler: becomes the method's Meteor error."""

    def __init__(self, error: str | int, reason: str, details: dict[str, Any] | None = None) -> None:
        super().__init__(reason)
        self.meteor_error = payloads.meteor_error(error, reason, details)


# What a method returns for Meteor's `undefined`: the result frame then has no `result` field.
NO_RESULT: Any = object()

# A DDP method as served: (the signed-in user or None, the params) -> the result.
MethodHandler = Callable[[LoopbackUser | None, list[Any]], Awaitable[Any] | Any]


@dataclass
class RateLimiter:
    """Meteor's RateLimiter as Rocket.Chat sets it per REST route (ApiClass.ts): `limit` calls per
    `interval_ms` and per route and address, counted from the first call of a window, the window
    reset lazily. None of it applies to method.call/method.callAnon (rateLimiterOptions: false)."""

    limit: int = 10
    interval_ms: int = 60_000
    # route -> (window start ms, calls in it)
    windows: dict[str, tuple[float, int]] = field(default_factory=dict)

    def check(self, route: str, now_ms: float) -> tuple[bool, int, float]:
        """(allowed, remaining, reset epoch ms) for one more call of `route` at `now_ms`."""
        start, count = self.windows.get(route, (now_ms, 0))
        if now_ms - start >= self.interval_ms:
            start, count = now_ms, 0
        count += 1
        self.windows[route] = (start, count)
        reset = start + self.interval_ms
        return count <= self.limit, max(0, self.limit - count), reset


@dataclass
class MethodLimiter:
    """Meteor's DDPRateLimiter as Rocket.Chat configures it for methods (app/lib/server/startup/
    rateLimiter.ts, settings DDP_Rate_Limit_*): a method without a rule of its own may be called
    10 times per 10 s per connection and 20 times per 10 s per user; `sendMessage` has its own rule
    instead (RateLimiter.limitMethod: 5 per second per user). Every call counts, refused ones too;
    the 11th is refused 'too-many-requests' with the ms to wait, without running. Meteor resets a
    rule's counters together when its interval has passed; here each key's window starts at its
    first call (the wait named is then never shorter than Meteor's)."""

    per_connection: tuple[int, int] = (10, 10_000)
    per_user: tuple[int, int] = (20, 10_000)
    own_rules: dict[str, tuple[int, int]] = field(default_factory=lambda: {"sendMessage": (5, 1_000)})
    # (rule, key, method) -> (window start ms, calls in it)
    windows: dict[tuple[str, str, str], tuple[float, int]] = field(default_factory=dict)
    refusals: int = 0

    def wait_ms(self, method: str, *, connection: str, user_id: str | None, now_ms: float) -> float:
        """0 when the call may run, else the ms until it may (the call counted either way)."""
        if method in self.own_rules:
            rules = [("own", user_id or connection, self.own_rules[method])]
        else:
            rules = [("connection", connection, self.per_connection)]
            if user_id is not None:
                rules.append(("user", user_id, self.per_user))
        wait = 0.0
        for rule, key, (allowed, interval) in rules:
            start, count = self.windows.get((rule, key, method), (now_ms, 0))
            if now_ms - start >= interval:
                start, count = now_ms, 0
            count += 1
            self.windows[(rule, key, method)] = (start, count)
            if count > allowed:
                wait = max(wait, start + interval - now_ms)
        if wait > 0:
            self.refusals += 1
        return wait


@dataclass
class Faults:
    """What a test can make the server do wrong; each counts down as it is used."""

    # route ("GET me", "POST login") -> how many more calls answer 429, and in how many ms it resets
    rate_limited: dict[str, tuple[int, int]] = field(default_factory=dict)
    # route -> (how many more calls answer this 5xx, the status)
    server_errors: dict[str, tuple[int, int]] = field(default_factory=dict)
    # route -> (status, content type, body) answered instead of the real answer, every time
    raw_answers: dict[str, tuple[int, str, bytes]] = field(default_factory=dict)
    # DDP: when True, the server reads frames but answers nothing (not even pings): a dead link
    mute_ddp: bool = False
    # DDP: close every socket right after its `connected` (a server that keeps dropping)
    drop_after_connect: int = 0


@dataclass
class LoopbackState:
    users: dict[str, LoopbackUser] = field(default_factory=dict)
    # token -> user id (the tokens the server would accept)
    tokens: dict[str, str] = field(default_factory=dict)
    expired: set[str] = field(default_factory=set)
    limiter: RateLimiter | None = field(default_factory=RateLimiter)
    method_limiter: MethodLimiter | None = field(default_factory=MethodLimiter)
    # Subscriptions have Meteor's DDP rate limiter too (ddp_limits.py); the server's clock starts it
    subscription_limiter: SubscriptionLimiter | None = None
    faults: Faults = field(default_factory=Faults)
    methods: dict[str, MethodHandler] = field(default_factory=dict)
    anonymous_methods: set[str] = field(default_factory=set)
    # (method, path) of every REST request received, in order
    requests: list[tuple[str, str]] = field(default_factory=list)
    # 429s the limiter itself answered (not the injected ones)
    limiter_refusals: int = 0
    # DDP logins accepted, in order (user id), and subscriptions made (name, event name)
    ddp_logins: list[str] = field(default_factory=list)
    subscriptions_made: list[tuple[str, str]] = field(default_factory=list)
    # Streams an agent may not subscribe to (the server answers nosub)
    refused_streams: set[str] = field(default_factory=set)

    def add_user(
        self,
        username: str,
        password: str,
        *,
        name: str | None = None,
        two_factor: str | None = None,
        code: str = "123456",
        roles: tuple[str, ...] = ("user", "livechat-agent"),
    ) -> LoopbackUser:
        user = LoopbackUser(
            id=secrets.token_hex(8),
            username=username,
            password=password,
            name=name or username.title(),
            roles=roles,
            two_factor=two_factor,
            code=code,
        )
        self.users[user.id] = user
        return user

    def user_named(self, name: str) -> LoopbackUser | None:
        wanted = name.lower()
        for user in self.users.values():
            if user.username.lower() == wanted or f"{user.username}@example.com" == wanted:
                return user
        return None

    def issue_token(self, user: LoopbackUser) -> str:
        token = secrets.token_urlsafe(32)
        self.tokens[token] = user.id
        return token

    def user_of(self, user_id: str | None, token: str | None) -> LoopbackUser | None:
        if not user_id or not token or token in self.expired or self.tokens.get(token) != user_id:
            return None
        return self.users.get(user_id)

    def resume(self, token: object) -> tuple[LoopbackUser | None, str]:
        """The user a resume token signs in, or None and Meteor's reason."""
        if not isinstance(token, str) or token not in self.tokens:
            return None, LOGGED_OUT
        if token in self.expired:
            return None, SESSION_EXPIRED
        return self.users.get(self.tokens[token]), ""

    def expire(self, token: str) -> None:
        self.expired.add(token)

    def expire_all_of(self, user: LoopbackUser) -> list[str]:
        mine = [t for t, uid in self.tokens.items() if uid == user.id]
        self.expired.update(mine)
        return mine
