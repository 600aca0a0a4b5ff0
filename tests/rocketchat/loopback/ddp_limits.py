"""Meteor's DDP rate limiter with the rules Rocket.Chat adds by default
(apps/meteor/app/lib/server/startup/rateLimiter.ts, the DDP_Rate_Limit_* settings):

- per user: 1200 calls a minute; per connection: 600 a minute (methods and subscriptions alike);
- per user and name: 20 calls of a method in 10 s, 80 subscriptions to a stream-* in 40 s;
- per connection and name: 10 calls of a method in 10 s, 40 subscriptions to a stream-* in 40 s.
Names with rules of their own (`login` here) are left to those. Each rule resets all its counters
once its interval has passed since its last reset; a call is counted before it is checked (a
refused one counts too); when a counter passes its allowance the call is refused with
`too-many-requests` and `timeToReset`, the time left until that rule resets.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

Key = tuple[object, ...]


@dataclass(frozen=True, slots=True)
class DdpCall:
    connection_id: str
    user_id: str | None
    kind: str  # 'method' or 'subscription'
    name: str


@dataclass
class _Rule:
    allowed: int
    interval_ms: float
    key: Callable[[DdpCall], Key | None]  # None: the rule does not apply to the call
    created_ms: float
    counters: dict[Key, int] = field(default_factory=dict)
    last_reset_ms: float | None = None

    def count(self, call: DdpCall, now_ms: float) -> float | None:
        """Count `call`; the ms until this rule resets when it is over the allowance, else None."""
        key = self.key(call)
        if key is None:
            return None
        last = self.created_ms if self.last_reset_ms is None else self.last_reset_ms
        if now_ms - last >= self.interval_ms:
            self.counters.clear()
            self.last_reset_ms = last = now_ms
        self.counters[key] = self.counters.get(key, 0) + 1
        if self.counters[key] > self.allowed:
            return last + self.interval_ms - now_ms
        return None


_OWN_RULES = frozenset({"login"})


def _by_method(stream: bool, who: Callable[[DdpCall], object]) -> Callable[[DdpCall], Key | None]:
    def key(call: DdpCall) -> Key | None:
        if call.name in _OWN_RULES or call.name.startswith("stream-") is not stream or who(call) is None:
            return None
        return (who(call), call.kind, call.name)

    return key


class DdpRateLimiter:
    def __init__(self, now_ms: float) -> None:
        def user(call: DdpCall) -> object:
            return call.user_id

        def connection(call: DdpCall) -> object:
            return call.connection_id

        self.rules = [
            _Rule(1200, 60_000, lambda c: None if c.user_id is None else (c.user_id,), now_ms),
            _Rule(600, 60_000, lambda c: (c.connection_id,), now_ms),
            _Rule(20, 10_000, _by_method(False, user), now_ms),
            _Rule(80, 40_000, _by_method(True, user), now_ms),
            _Rule(10, 10_000, _by_method(False, connection), now_ms),
            _Rule(40, 40_000, _by_method(True, connection), now_ms),
        ]
        self.refusals = 0

    def check(self, call: DdpCall, now_ms: float) -> float | None:
        """Count `call` in every rule; None when it may run, else the ms to wait (the longest)."""
        waits = [wait for rule in self.rules if (wait := rule.count(call, now_ms)) is not None]
        if not waits:
            return None
        self.refusals += 1
        return max(waits)
