"""What a chat's system messages tell beyond their line: Rocket.Chat keeps a closed chat's comment
and its transfers in messages, not in the room.

- `livechat-close` (app/livechat/server/lib/closeRoom.ts): `msg` is the closing comment.
- `livechat_transfer_history` (app/livechat/server/lib/transfer.ts, saveTransferHistory):
  `transferData` with `transferredBy` (`_id`, `username`, `userType`: 'agent' when the serving
  agent handed the chat over), `transferredTo` (to an agent), `nextDepartment` (to a department),
  `comment`, `scope` and `ts`. core-typings types the people by `username` only, so a transfer
  names them by username and by id when the payload has one; the cache resolves usernames.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.backends.rocketchat.payloads.fields import Fields
from app.backends.rocketchat.payloads.messages import KIND

CLOSED = "livechat-close"
TRANSFERRED = "livechat_transfer_history"


@dataclass(frozen=True, slots=True)
class Who:
    id: str | None
    username: str


@dataclass(frozen=True, slots=True)
class ClosingComment:
    chat_id: str
    comment: str


@dataclass(frozen=True, slots=True)
class TransferSaid:
    chat_id: str
    at: datetime
    by: Who
    # The agent who had the chat: known when they handed it over themselves
    from_agent: Who | None
    to_agent: Who | None
    to_department_id: str | None
    comment: str


Said = ClosingComment | TransferSaid


def read_said(payload: object, *, endpoint: str) -> Said | None:
    """The comment or transfer a system message records; None for any other message."""
    fields = Fields(payload, kind=KIND, endpoint=endpoint)
    kind = fields.text_or("t")
    if kind == CLOSED:
        return ClosingComment(fields.text("rid"), fields.text_or("msg").strip())
    if kind != TRANSFERRED:
        return None
    data = fields.obj("transferData")
    by = _who(data.obj("transferredBy"))
    to = data.obj_or_none("transferredTo")
    department = data.obj_or_none("nextDepartment")
    handed_over = data.obj("transferredBy").text_or("userType") == "agent"
    return TransferSaid(
        chat_id=fields.text("rid"),
        at=data.date_or_none("ts") or fields.date("ts"),
        by=by,
        from_agent=by if handed_over else None,
        to_agent=_who(to) if to is not None and department is None else None,
        to_department_id=department.text("_id") if department is not None else None,
        comment=data.text_or("comment").strip(),
    )


def _who(fields: Fields) -> Who:
    return Who(fields.text_or_none("_id"), fields.text("username"))
