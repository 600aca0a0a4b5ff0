"""Sending what the user wrote, in the order they wrote it, exactly once.

A message is first kept in the cache's outbox (cache.queue_message: shown at once, pending); this
sender then sends the outbox oldest first with the DDP method `sendMessage` and the message's own
`_id` (Rocket.Chat keeps a client-chosen id, and a second insert of the same id fails on its
unique index). Whatever the answer:
- the message as the server keeps it: sent (its time becomes the server's);
- Offline (the link is down, or dropped before the answer): it stays queued, in place, and the
  sender waits until it is woken (the link is back) before trying again from the oldest;
- a refusal, or no result at all (Rocket.Chat's `sendMessage` rethrows only 'error-not-allowed'
  and answers nothing for any other failure, the duplicate id of a resend after a lost answer
  among them): the server may already have it, so it is asked (`getSingleMessage`): there, it is
  sent; not there, a refusal that will not change (not allowed...) marks it refused with the
  server's reason, and anything else is tried again a few times before it is.
Nothing is sent past a message still waiting: the order of a conversation is kept.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from app.backends.events import Event
from app.backends.rocketchat import cache, changes
from app.backends.rocketchat.cache import Outgoing
from app.backends.rocketchat.payloads import PayloadError, read_message
from app.backends.rocketchat.wire import ServerRefused
from app.domain import Message
from app.errors import Offline, SessionExpired
from app.store import Database

log = logging.getLogger(__name__)

SEND = "sendMessage"
# Refusals a second try cannot change.
_FINAL = frozenset({"error-not-allowed", "error-invalid-room", "error-action-not-allowed",
                    "error-message-size-exceeded", "room-closed", "error-room-archived",
                    "error-invalid-params", "error-invalid-user", "error-not-authorized"})
_MAX_TRIES = 5
_NO_RESULT = "no-result"
_NOT_KEPT = "The server did not keep this message and gave no reason."

Call = Callable[..., Awaitable[Any]]


class OutboxSender:
    def __init__(self, db: Database, call: Call, *, publish: Callable[[list[Event]], None],
                 sleep: Callable[[float], Awaitable[None]]) -> None:
        self._db = db
        self._call = call
        self._publish = publish
        self._sleep = sleep
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._idle = asyncio.Event()
        self._idle.set()

    def start(self) -> None:
        self._task = asyncio.ensure_future(self._run())
        self.wake()

    def wake(self) -> None:
        """Something to send, or the link is back: go through the outbox."""
        self._idle.clear()
        self._wake.set()

    async def drained(self) -> None:
        """Wait until the sender has gone through the outbox as far as it could."""
        await self._idle.wait()

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass
            self._task = None

    async def _run(self) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            try:
                await self._send_all()
            except (Offline, SessionExpired) as error:
                log.info("messages wait to be sent: %s", error.message)
            except Exception:
                log.exception("the outbox could not be gone through")
            if not self._wake.is_set():
                self._idle.set()

    async def _send_all(self) -> None:
        while True:
            waiting = await self._db.read(cache.outgoing)
            if not waiting:
                return
            for item in waiting:
                if not await self._send(item):
                    # It waited its backoff: try again from this one (the order is kept). Each
                    # try is counted, so this ends: sent, refused for good, or Offline.
                    break

    async def _send(self, item: Outgoing) -> bool:
        """Whether the message is settled (sent or refused for good)."""
        await self._db.write(lambda c: cache.note_try(c, item.message_id))
        try:
            answer = await self._call(SEND, {"_id": item.message_id, "rid": item.chat_id, "msg": item.text})
        except ServerRefused as refused:
            return await self._after_refusal(item, refused.error_id, refused.message)
        if not isinstance(answer, Mapping):
            # Rocket.Chat's sendMessage swallows every failure but 'error-not-allowed' and answers
            # no result (a duplicate id, an unknown room...): only asking tells whether it kept it.
            return await self._after_refusal(item, _NO_RESULT, _NOT_KEPT)
        await self._sent(item, answer)
        return True

    async def _after_refusal(self, item: Outgoing, error_id: str, reason: str) -> bool:
        kept = await self._call("getSingleMessage", item.message_id)
        if kept:
            log.info("message %s was already on the server (%s)", item.message_id, error_id)
            await self._sent(item, kept)
            return True
        if error_id in _FINAL or item.tries + 1 >= _MAX_TRIES:
            await self._db.write(lambda c: cache.refused(c, item.message_id, reason))
            log.warning("message %s refused by the server: %s", item.message_id, reason)
            return True
        await self._sleep(min(30.0, 0.5 * 2 ** item.tries))
        return False

    async def _sent(self, item: Outgoing, answer: object) -> None:
        message: Message | None = None
        try:
            message = read_message(answer, endpoint=f"ddp:{SEND}")
        except PayloadError as error:
            log.warning("%s", error.message)

        def write(connection: sqlite3.Connection) -> list[Event]:
            cache.sent(connection, item.message_id, at=message.sent_at if message is not None else None)
            if message is None:
                return []
            return changes.message_acknowledged(connection, message)

        self._publish(await self._db.write(write))
