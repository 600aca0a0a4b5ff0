"""Routing benchmark: the cost of one routing decision with many agents and a long queue.

Every agent starts full (at their limit) with 10,000 inquiries waiting. Each measured step closes
one chat, which frees capacity and makes the engine route the next inquiry of that department:
one decision. Reports decisions per second and p50/p99 latency per decision at 1,000 agents, and
how the cost grows at 64,000 agents, against the issue's targets (p99 <= 1 ms at 1k agents; 64x
the agents <= 2x the cost per decision).

    .venv/bin/python bench/routing.py [--decisions 5000]
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import time
from datetime import UTC, datetime, timedelta

from app.clock import ManualClock
from app.routing.decisions import Outcome
from app.routing.engine import RoutingEngine
from app.routing.settings import RoutingMethod, RoutingSettings
from app.routing.state import AgentState, DepartmentState

DEPARTMENTS = 20
LIMIT = 4
QUEUED = 10_000


def _build(agents: int, method: RoutingMethod) -> tuple[RoutingEngine, ManualClock, list[str]]:
    clock = ManualClock(datetime(2026, 11, 25, 9, tzinfo=UTC))
    engine = RoutingEngine(RoutingSettings(routing_method=method, waiting_queue=True,
                                           max_chats_per_agent=LIMIT), clock)
    for number in range(DEPARTMENTS):
        engine.add_department(DepartmentState(id=f"d{number}"))
    for number in range(agents):
        engine.add_agent(AgentState(id=f"a{number:06d}", departments=(f"d{number % DEPARTMENTS}",)))
    sequence = 0
    for _ in range(agents * LIMIT + QUEUED):  # fill every agent, then queue 10k
        sequence += 1
        clock.advance(timedelta(milliseconds=1))
        engine.inquiry(f"q{sequence}", f"d{sequence % DEPARTMENTS}")
    assert len(engine.queue) == QUEUED, len(engine.queue)
    return engine, clock, sorted(engine.chats)


def _measure(agents: int, decisions: int, method: RoutingMethod) -> list[float]:
    engine, clock, open_chats = _build(agents, method)
    picker = random.Random(1)
    picker.shuffle(open_chats)
    latencies: list[float] = []
    gc.disable()
    try:
        for chat_id in open_chats[:decisions]:
            clock.advance(timedelta(milliseconds=1))
            started = time.perf_counter_ns()
            made = engine.close(chat_id)
            latencies.append((time.perf_counter_ns() - started) / 1e6)
            assert [d.outcome for d in made] == [Outcome.CLOSED, Outcome.ROUTED]
    finally:
        gc.enable()
    return latencies


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--decisions", type=int, default=5_000)
    options = parser.parse_args()
    print(f"{DEPARTMENTS} departments, limit {LIMIT} chats per agent, {QUEUED:,} inquiries queued; "
          f"{options.decisions:,} decisions measured per row (close one chat -> route one inquiry)")
    print(f"{'method':16} {'agents':>7} {'decisions/s':>12} {'p50 ms':>8} {'p99 ms':>8}")
    for method in (RoutingMethod.LOAD_BALANCING, RoutingMethod.AUTO_SELECTION, RoutingMethod.BALANCED):
        rows = {}
        for agents in (1_000, 64_000):
            latencies = _measure(agents, options.decisions, method)
            rows[agents] = (statistics.median(latencies), _percentile(latencies, 0.99),
                            len(latencies) / (sum(latencies) / 1000))
            p50, p99, rate = rows[agents]
            print(f"{method.value:16} {agents:>7,} {rate:>12,.0f} {p50:>8.3f} {p99:>8.3f}")
        growth = rows[64_000][0] / rows[1_000][0]
        print(f"{'':16} 64x agents cost {growth:.2f}x per decision (p50); target <= 2x; "
              f"p99 at 1k agents {rows[1_000][1]:.3f} ms, target <= 1 ms")


if __name__ == "__main__":
    main()
