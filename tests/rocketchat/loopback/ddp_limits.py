"""Meteor's DDP rate limiter for subscriptions, with the rules Rocket.Chat adds by default
(apps/meteor/app/lib/server/startup/rateLimiter.ts, the DDP_Rate_Limit_*_By_Method settings,
which match subscriptions as well as methods; state.MethodLimiter has the methods'):

- per connection and name: 40 subscriptions to a `stream-*` in 40 s (10 to another name in 10 s);
- per user and name: 80 subscriptions to a `stream-*` in 40 s (20 to another name in 10 s).

Each rule resets all its counters once its interval has passed since its last reset, as Meteor's
RateLimiter does; a subscription is counted before it is checked (a refused one counts too); when a
counter passes its allowance it is refused with `too-many-requests` and `timeToReset`, the time left
until that rule resets. Not modelled: the totals per connection (600 a minute) and per user (1,200
a minute), which count methods and subscriptions together.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

Key = tuple[object, ...]


@dataclass(frozen=True, slots=True)
class Subscribing:
    connection_id: str
    user_id: str | None
    name: str


@dataclass
class _Rule:
    allowed: int
    interval_ms: float
    key: Callable[[Subscribing], Key | None]  # None: the rule does not apply
    created_ms: float
    counters: dict[Key, int] = field(default_factory=dict)
    last_reset_ms: float | None = None

    def count(self, call: Subscribing, now_ms: float) -> float | None:
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


def _by(stream: bool, who: Callable[[Subscribing], object]) -> Callable[[Subscribing], Key | None]:
    def key(call: Subscribing) -> Key | None:
        if call.name.startswith("stream-") is not stream or who(call) is None:
            return None
        return (who(call), call.name)

    return key


class SubscriptionLimiter:
    def __init__(self, now_ms: float) -> None:
        def user(call: Subscribing) -> object:
            return call.user_id

        def connection(call: Subscribing) -> object:
            return call.connection_id

        # Rocket.Chat multiplies both the allowance and the interval by 4 for streams.
        self.rules = [
            _Rule(10, 10_000, _by(False, connection), now_ms),
            _Rule(40, 40_000, _by(True, connection), now_ms),
            _Rule(20, 10_000, _by(False, user), now_ms),
            _Rule(80, 40_000, _by(True, user), now_ms),
        ]
        self.refusals = 0

    def wait_ms(self, call: Subscribing, now_ms: float) -> float:
        """Count `call` in every rule: 0 when it may be made, else the ms to wait (the longest)."""
        waits = [wait for rule in self.rules if (wait := rule.count(call, now_ms)) is not None]
        if not waits:
            return 0.0
        self.refusals += 1
        return max(waits)
