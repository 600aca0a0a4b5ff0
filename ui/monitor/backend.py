"""What the dashboard needs of its backend: an agent's desk and the supervision of units."""

from __future__ import annotations

from typing import Protocol

from app.backends.contract import Backend, Supervision


class SupervisingBackend(Backend, Supervision, Protocol):
    """A backend signed in as someone who supervises (a monitor, an admin)."""
