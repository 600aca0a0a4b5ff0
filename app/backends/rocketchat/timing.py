"""Time as the link sees it, injected: waits (backoff, rate limits) and clocks, so tests of the
backoff and of Rocket.Chat's rate limiter run without waiting."""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Timing:
    # Waits this many seconds (asyncio.sleep in the app).
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    # Seconds on a clock that never jumps: budgets and deadlines.
    monotonic: Callable[[], float] = time.monotonic
    # Seconds since the epoch: to read Rocket.Chat's X-RateLimit-Reset (epoch ms).
    wall: Callable[[], float] = time.time
    # A number in [0, 1): the jitter of every backoff.
    random: Callable[[], float] = field(default=random.random)


@dataclass(frozen=True, slots=True)
class Backoff:
    """Exponential backoff with "equal jitter": attempt n waits between half and all of
    min(cap, first * 2**n), so clients that lost the server together do not return together, and
    no wait is ever zero."""

    first: float = 0.5
    cap: float = 30.0

    def delay(self, attempt: int, timing: Timing) -> float:
        ceiling = min(self.cap, self.first * float(2 ** min(attempt, 30)))
        return ceiling / 2 + timing.random() * ceiling / 2
