"""The one error a payload Omnidesk cannot read raises."""

from __future__ import annotations

from app.errors import OmnideskError


class PayloadError(OmnideskError):
    """Rocket.Chat sent something Omnidesk cannot read: a required field missing or of the wrong
    type. Names the field (a dotted path inside the payload), the payload's kind and where it
    came from (a REST endpoint, a DDP stream or method), so the report says exactly what."""

    code = "bad-payload"

    def __init__(self, *, field: str, kind: str, endpoint: str, problem: str) -> None:
        super().__init__(f"The server sent a {kind} that Omnidesk cannot read ({endpoint}): "
                         f"{field} {problem}. Nothing was changed; tell your administrator.")
        self.field = field
        self.kind = kind
        self.endpoint = endpoint
        self.problem = problem
