"""Routing: who gets which inquiry, and why. Pure and deterministic (see engine.py).

The embedded desk drives a `RoutingEngine` live; `omnidesk route-sim` replays scenarios through
the same engine on a virtual clock (simulator.py, docs/routing-scenarios.md).
"""

from app.routing.decisions import Decision, ErrorCode, Outcome
from app.routing.engine import RoutingEngine, RoutingError
from app.routing.settings import AbandonedAction, QueueOrder, RoutingMethod, RoutingSettings

__all__ = [
    "AbandonedAction",
    "Decision",
    "ErrorCode",
    "Outcome",
    "QueueOrder",
    "RoutingEngine",
    "RoutingError",
    "RoutingMethod",
    "RoutingSettings",
]
