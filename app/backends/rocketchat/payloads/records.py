"""What every Rocket.Chat record carries (IRocketChatRecord): its id and when it last changed."""

from __future__ import annotations

from datetime import datetime

from app.backends.rocketchat.payloads.fields import Fields


def updated_at(payload: object, *, kind: str, endpoint: str) -> datetime:
    """`_updatedAt`: where an incremental sync (`updatedSince`) resumes from."""
    return Fields(payload, kind=kind, endpoint=endpoint).date("_updatedAt")
