"""Rocket.Chat's realtime API: Meteor DDP over `websockets` to `wss://host/websocket`.

An agent is online in Rocket.Chat only while logged in over DDP (ROCKETCHAT.md §4.3), and the
streams (the inquiry queue, `stream-notify-user`, `stream-room-messages`) only come this way.

What it promises:
- `start()` opens the link and logs in with the resume token; it returns the state reached
  (ONLINE, or OFFLINE while it keeps trying) and raises `SessionExpired` when the server refuses
  the token (then it stops: the user must sign in again).
- When the socket drops (or stops answering pings), it reconnects with exponential backoff and
  jitter, logs in again, resubscribes every subscription with its own id, waits until each is
  ready, and only then puts one `Reconnected` on `events`: events of the gap were not seen, so the
  sync layer runs its catch-up query then (live events already flow, so nothing falls between).
- A subscription is never lost across reconnects: it ends only when its owner stops it or the
  server refuses it (a `SubscriptionStopped` in its queue says which).
- A method call in flight when the socket drops fails with `Offline`; the caller decides whether
  to retry (message sends carry client-chosen ids, so they can be).
- Meteor's DDP rate limiter (Rocket.Chat's defaults: 10 calls of a method per 10 s on a connection,
  40 subscriptions to a stream in 40 s, 600 calls a minute) refuses with `too-many-requests` and
  `timeToReset` before the method runs: the call or subscription is sent again once that time has
  passed (up to `DdpTuning.rate_limited_tries` tries), and others of the same name wait with it; a
  wait beyond `DdpTuning.longest_rate_limit_wait_s` is a `ServerRefused`.
- `events` carries `ConnectionChanged` (app.backends.events) on every change of state:
  CONNECTING at start, then ONLINE / OFFLINE (with a reason for the user); `Reconnected` once per
  gap; `SessionLost` when the token is refused on a reconnect.

Frames received are left as parsed JSON: EJSON dates stay `{"$date": ms}` for `payloads/` to read.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import logging
import ssl
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import websockets
from websockets.asyncio.client import ClientConnection

from app import appinfo
from app.backends.events import ConnectionChanged, ConnectionState
from app.backends.rocketchat.rest import unreachable
from app.backends.rocketchat.timing import Backoff, Timing
from app.backends.rocketchat.wire import MalformedAnswer, ServerRefused, dumps, refusal
from app.errors import Offline, OmnideskError, SessionExpired

log = logging.getLogger(__name__)

# Meteor refuses a resume token it does not know, or that expired, with error 403.
_TOKEN_REFUSED = "403"
_MAX_FRAME_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class StreamEvent:
    """One `changed` frame of a stream: `args` as Rocket.Chat sent them (parsed JSON)."""

    collection: str
    event_name: str
    args: tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class SubscriptionStopped:
    """The last item of a subscription's queue: stopped by its owner (error None) or refused by
    the server (`error`)."""

    error: ServerRefused | None = None


@dataclass(frozen=True, slots=True)
class Reconnected:
    """The link is back after a gap and every subscription is live again: what happened during
    the gap was not seen, so catch up now. `gap` counts the gaps since start (1, 2...)."""

    gap: int


@dataclass(frozen=True, slots=True)
class SessionLost:
    """The server refused the resume token on a reconnect: sign in again. The link has stopped."""

    error: SessionExpired


LinkEvent = ConnectionChanged | Reconnected | SessionLost


@dataclass(frozen=True, slots=True)
class DdpTuning:
    """The link's patience. Meteor's server pings every 15 s of silence, so a link silent for a
    ping interval plus a ping timeout is dead."""

    ping_interval_s: float = 25.0
    ping_timeout_s: float = 15.0
    call_timeout_s: float = 30.0
    open_timeout_s: float = 15.0
    # Meteor's DDP rate limiter ('too-many-requests', the method not run): waits of at most this
    # long are honoured and the call made again, at most `rate_limited_tries` times.
    longest_rate_limit_wait_s: float = 60.0
    rate_limited_tries: int = 3
    backoff: Backoff = field(default_factory=lambda: Backoff(first=0.5, cap=30.0))


class Subscription:
    """One DDP subscription (`sub` name + params); its events arrive on `events`."""

    def __init__(self, client: DdpClient, sub_id: str, name: str, params: tuple[Any, ...]) -> None:
        self._client = client
        self.id = sub_id
        self.name = name
        self.params = params
        self.events: asyncio.Queue[StreamEvent | SubscriptionStopped] = asyncio.Queue()
        self.stopped = False
        self._ready: asyncio.Future[None] | None = None

    @property
    def event_name(self) -> str | None:
        """The stream event this subscription listens to (Rocket.Chat's first sub param)."""
        first = self.params[0] if self.params else None
        return first if isinstance(first, str) else None

    async def stop(self) -> None:
        """Unsubscribe; the queue ends with `SubscriptionStopped()`."""
        await self._client._unsubscribe(self)


class DdpClient:
    def __init__(
        self,
        server_url: str,
        *,
        resume_token: str,
        ssl_context: ssl.SSLContext | None = None,
        timing: Timing | None = None,
        tuning: DdpTuning | None = None,
    ) -> None:
        parts = urlsplit(server_url.rstrip("/"))
        scheme = "wss" if parts.scheme == "https" else "ws"
        self.url = urlunsplit((scheme, parts.netloc, parts.path + "/websocket", "", ""))
        self.host = parts.netloc
        self._token = resume_token
        self._ssl = ssl_context if scheme == "wss" else None
        self._timing = timing or Timing()
        tuning = tuning or DdpTuning()
        self._tuning = tuning
        self._backoff = tuning.backoff
        self._ping_interval = tuning.ping_interval_s
        self._ping_timeout = tuning.ping_timeout_s
        self._call_timeout = tuning.call_timeout_s
        self._open_timeout = tuning.open_timeout_s
        self.events: asyncio.Queue[LinkEvent] = asyncio.Queue()
        self.state = ConnectionState.OFFLINE
        self.offline_reason = ""
        self.user_id: str | None = None
        self._socket: ClientConnection | None = None
        self._ids = itertools.count(1)
        self._calls: dict[str, tuple[str, asyncio.Future[Any]]] = {}
        self._subs: dict[str, Subscription] = {}
        self._connected: asyncio.Future[None] | None = None
        self._first_outcome: asyncio.Future[ConnectionState] | None = None
        self._run_task: asyncio.Task[None] | None = None
        self._closing = False
        self._gaps = 0
        self._last_heard = 0.0
        # Method and stream names the rate limiter refused, and when (monotonic) to try again.
        self._held_until: dict[str, float] = {}
        self._retry_now = asyncio.Event()
        self._retry_at: datetime | None = None

    # -- life ------------------------------------------------------------------------------

    async def start(self) -> ConnectionState:
        """Connect and log in; the state reached. Raises SessionExpired when the token is refused."""
        if self._run_task is not None:
            raise RuntimeError("DdpClient.start() called twice")
        loop = asyncio.get_running_loop()
        self._first_outcome = loop.create_future()
        self._set_state(ConnectionState.CONNECTING, f"Connecting to {self.host}…")
        self._run_task = asyncio.ensure_future(self._run())
        return await self._first_outcome

    async def close(self) -> None:
        """Stop for good: the socket closed, calls in flight failed with Offline."""
        self._closing = True
        if self._run_task is not None:
            self._run_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._run_task
        await self._drop_socket()
        self._fail_calls(Offline("The connection to the server was closed."))
        self._resolve_first(ConnectionState.OFFLINE)

    # -- what callers do -------------------------------------------------------------------

    async def call(self, method: str, *params: Any, timeout_s: float | None = None) -> Any:
        """Call a DDP method: its result, or ServerRefused with its Meteor error. Offline when the
        link is down, or drops before the answer (the method may or may not have run).

        Rocket.Chat limits each method to 10 calls per 10 s per connection by default
        (DDP_Rate_Limit_Connection_By_Method_*; sendMessage: 5 per second per user): a call over it
        is refused 'too-many-requests' without running, so it is made again after the wait the
        server names, and other calls of the method wait with it."""
        for tries in itertools.count(1):
            await self._held(method)
            if self.state is not ConnectionState.ONLINE or self._socket is None:
                raise Offline(self.offline_reason or f"Not connected to {self.host}.")
            try:
                return await self._invoke(method, list(params), timeout_s or self._call_timeout)
            except ServerRefused as refused:
                self._hold(method, refused, tries)
        raise AssertionError("unreachable")  # pragma: no cover  (itertools.count never ends)

    async def subscribe(self, name: str, *params: Any) -> Subscription:
        """Subscribe to `name` (e.g. 'stream-room-messages', '<rid>', False). Online: returns once
        the server is ready, or raises ServerRefused when it answers nosub. Offline: returns at
        once; the subscription is made on the next connect."""
        sub = Subscription(self, str(next(self._ids)), name, params)
        self._subs[sub.id] = sub
        for tries in itertools.count(1):
            await self._held(name)
            if self.state is not ConnectionState.ONLINE or self._socket is None or sub.stopped:
                break  # the reconnect subscribes it
            try:
                await self._send_sub(sub)
                await asyncio.wait_for(asyncio.shield(self._ready_of(sub)), self._call_timeout)
            except (Offline, TimeoutError):
                pass  # the link dropped meanwhile: the reconnect subscribes it again
            except asyncio.CancelledError:
                # The link dropped (its readiness was cancelled), or our caller was cancelled.
                if sub._ready is None or not sub._ready.cancelled():
                    raise
            except ServerRefused as refused:
                if not sub.stopped:  # refused by the rate limiter: kept, to be sent again
                    try:
                        self._hold(name, refused, tries)
                    except ServerRefused:
                        self._stop_refused(sub, refused)
                        raise
                    continue
                raise
            break
        if self.state is ConnectionState.ONLINE:
            if sub.stopped:  # a nosub without an error: the stream stopped it at once
                raise ServerRefused(
                    f"The server ended the subscription to {name} at once.",
                    error_id="nosub", endpoint=f"ddp:sub {name}",
                )
        return sub

    # -- the connection loop ---------------------------------------------------------------

    async def _run(self) -> None:
        attempt = 0
        while not self._closing:
            try:
                await self._connect_and_serve()
                attempt = 0
                reason = f"The connection to {self.host} was lost; reconnecting."
            except SessionExpired as expired:
                self._stop_after_refusal(expired)
                return
            except Offline as offline:
                reason = offline.message
            except OmnideskError as error:
                reason = f"The server at {self.host} answered unexpectedly ({error.message})"
            await self._drop_socket()
            self._fail_calls(Offline(
                f"The connection to {self.host} broke before the server answered; "
                "it may or may not have been done."
            ))
            delay = self._backoff.delay(attempt, self._timing)
            self._set_state(ConnectionState.OFFLINE, reason,
                            retry_at=datetime.fromtimestamp(self._timing.wall() + delay, UTC))
            self._resolve_first(ConnectionState.OFFLINE)
            await self._wait_before_retry(delay)
            attempt += 1

    async def _connect_and_serve(self) -> None:
        loop = asyncio.get_running_loop()
        try:
            socket = await websockets.connect(
                self.url,
                ssl=self._ssl,
                open_timeout=self._open_timeout,
                ping_interval=None,  # DDP's own pings: they prove the server, not only the socket
                close_timeout=1,
                max_size=_MAX_FRAME_BYTES,
                user_agent_header=f"Omnidesk/{appinfo.version()}",
            )
        except websockets.InvalidStatus as refused:
            status = refused.response.status_code
            raise Offline(
                f"The server at {self.host} did not accept the realtime connection (HTTP {status})."
            ) from refused
        except (OSError, TimeoutError, websockets.InvalidHandshake, websockets.InvalidURI) as error:
            raise unreachable(self.host, error) from error
        self._socket = socket
        self._last_heard = loop.time()
        self._connected = loop.create_future()
        reader = asyncio.ensure_future(self._read(socket))
        keepalive: asyncio.Future[None] | None = None
        try:
            await self._send({"msg": "connect", "version": "1", "support": ["1", "pre2", "pre1"]})
            await self._wait(asyncio.shield(self._connected), reader, "the DDP handshake")
            await self._login(reader)
            await self._resubscribe(reader)
            keepalive = asyncio.ensure_future(self._keep_alive(socket))
            self._set_state(ConnectionState.ONLINE, "")
            if not self._resolve_first(ConnectionState.ONLINE):
                self._gaps += 1
                self.events.put_nowait(Reconnected(gap=self._gaps))
            await asyncio.wait({reader, keepalive}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (reader, keepalive):
                if task is not None:
                    task.cancel()
                    with contextlib.suppress(asyncio.CancelledError, Exception):
                        await task

    async def _wait(self, awaitable: asyncio.Future[Any], reader: asyncio.Future[None], what: str) -> Any:
        """`awaitable`'s result, unless the socket drops or the server is silent too long."""
        done, _ = await asyncio.wait(
            {awaitable, reader}, timeout=self._open_timeout, return_when=asyncio.FIRST_COMPLETED
        )
        if awaitable in done:
            return awaitable.result()
        awaitable.cancel()
        if reader in done:
            raise Offline(f"The connection to {self.host} closed during {what}.")
        raise Offline(f"The server at {self.host} did not answer {what} in time.")

    async def _login(self, reader: asyncio.Future[None]) -> None:
        call = asyncio.ensure_future(self._invoke("login", [{"resume": self._token}], self._open_timeout))
        try:
            result = await self._wait(call, reader, "the sign-in")
        except ServerRefused as refused:
            if refused.error_id == _TOKEN_REFUSED:
                raise SessionExpired(
                    f"The server at {self.host} no longer accepts this sign-in: sign in again."
                ) from refused
            raise Offline(f"The server at {self.host} refused the realtime sign-in: {refused.message}") \
                from refused
        if not isinstance(result, Mapping) or not isinstance(result.get("id"), str):
            raise MalformedAnswer(
                "The server's answer to the realtime sign-in has no user id.", endpoint="ddp:login"
            )
        self.user_id = result["id"]

    async def _resubscribe(self, reader: asyncio.Future[None]) -> None:
        subs = [s for s in self._subs.values() if not s.stopped]
        for sub in subs:
            await self._send_sub(sub)
        for sub in subs:
            what = f"the subscription to {sub.name}"
            for tries in itertools.count(1):
                try:
                    await self._wait(asyncio.shield(self._ready_of(sub)), reader, what)
                except ServerRefused as refused:
                    if sub.stopped:
                        break  # refused for good: stopped, and said so in its queue
                    try:
                        self._hold(sub.name, refused, tries)
                    except ServerRefused:
                        self._stop_refused(sub, refused)
                        break
                    await self._held(sub.name)
                    await self._send_sub(sub)
                    continue
                break

    async def _keep_alive(self, socket: ClientConnection) -> None:
        """Ping when the server has been silent for a ping interval; no frame at all within the
        ping timeout after it means a dead link (a half-open TCP connection never closes)."""
        loop = asyncio.get_running_loop()
        while True:
            await asyncio.sleep(self._ping_interval)
            if loop.time() - self._last_heard < self._ping_interval:
                continue
            sent_at = loop.time()
            await self._send({"msg": "ping", "id": str(next(self._ids))})
            await asyncio.sleep(self._ping_timeout)
            if self._last_heard < sent_at:
                log.info("DDP link to %s silent after a ping: reconnecting", self.host)
                return

    # -- frames ----------------------------------------------------------------------------

    async def _read(self, socket: ClientConnection) -> None:
        loop = asyncio.get_running_loop()
        with contextlib.suppress(websockets.ConnectionClosed, OSError):
            async for data in socket:
                self._last_heard = loop.time()
                try:
                    frame = json.loads(data)
                except (ValueError, RecursionError):
                    log.warning("DDP: a frame that is not JSON from %s, ignored", self.host)
                    continue
                if not isinstance(frame, dict):
                    log.warning("DDP: a frame that is not an object from %s, ignored", self.host)
                    continue
                await self._frame(frame)

    async def _frame(self, frame: dict[str, Any]) -> None:
        kind = frame.get("msg")
        if kind == "connected":
            if self._connected is not None and not self._connected.done():
                self._connected.set_result(None)
        elif kind == "failed":
            if self._connected is not None and not self._connected.done():
                self._connected.set_exception(Offline(
                    f"The server at {self.host} speaks another version of DDP ({frame.get('version')})."
                ))
        elif kind == "ping":
            ping_id = frame.get("id")
            await self._send({"msg": "pong", **({"id": ping_id} if isinstance(ping_id, str) else {})})
        elif kind == "result":
            self._result(frame)
        elif kind == "ready":
            subs = frame.get("subs")
            for sub_id in subs if isinstance(subs, list) else []:
                sub = self._subs.get(sub_id) if isinstance(sub_id, str) else None
                if sub is not None and sub._ready is not None and not sub._ready.done():
                    sub._ready.set_result(None)
        elif kind == "nosub":
            self._nosub(frame)
        elif kind == "changed":
            self._changed(frame)
        elif kind == "error":
            reason = str(frame.get("reason"))[:200]
            log.warning("DDP: the server at %s reports an error: %s", self.host, reason)
        # "server_id", "pong", "updated", "added", "removed": nothing to do

    def _result(self, frame: dict[str, Any]) -> None:
        call_id = frame.get("id")
        pending = self._calls.get(call_id) if isinstance(call_id, str) else None
        if pending is None:
            return
        method, future = pending
        if future.done():
            return
        error = frame.get("error")
        if error is not None:
            future.set_exception(refusal(error, endpoint=f"ddp:{method}", status=None))
        else:
            future.set_result(frame.get("result"))

    def _nosub(self, frame: dict[str, Any]) -> None:
        sub_id = frame.get("id")
        sub = self._subs.get(sub_id) if isinstance(sub_id, str) else None
        if sub is None:
            return
        error = frame.get("error")
        refused = (
            refusal(error, endpoint=f"ddp:sub {sub.name}", status=None) if error is not None else None
        )
        waiting = sub._ready is not None and not sub._ready.done()
        if refused is not None and waiting and refused.rate_limit_wait_s is not None:
            assert sub._ready is not None
            sub._ready.set_exception(refused)  # the subscriber sends it again after the wait
            return
        self._subs.pop(sub.id, None)
        if sub._ready is not None and not sub._ready.done():
            if refused is not None:
                sub._ready.set_exception(refused)
            else:
                sub._ready.set_result(None)
        if not sub.stopped:
            sub.stopped = True
            sub.events.put_nowait(SubscriptionStopped(refused or ServerRefused(
                f"The server ended the subscription to {sub.name}.",
                error_id="nosub", endpoint=f"ddp:sub {sub.name}",
            )))

    def _stop_refused(self, sub: Subscription, refused: ServerRefused) -> None:
        """The rate limiter keeps refusing `sub`: it ends, said so in its queue."""
        self._subs.pop(sub.id, None)
        if not sub.stopped:
            sub.stopped = True
            sub.events.put_nowait(SubscriptionStopped(refused))

    # -- Meteor's DDP rate limiter ---------------------------------------------------------

    def _hold(self, name: str, refused: ServerRefused, tries: int) -> None:
        """After `refused`: hold calls of `name` until the rate limiter lets them through again.
        Raises `refused` when it is no rate limit or this call was refused too often, and a
        ServerRefused saying so when the wait is too long to wait through."""
        wait = refused.rate_limit_wait_s
        if wait is None or tries >= self._tuning.rate_limited_tries:
            raise refused
        if wait > self._tuning.longest_rate_limit_wait_s:
            raise ServerRefused(
                f"The server asks Omnidesk to wait {round(wait)} s before calling {name} again.",
                error_id=refused.error_id, endpoint=refused.endpoint, details=refused.details,
            ) from refused
        log.info("%s is rate-limited by the server: waiting %.1f s", name, wait)
        until = self._timing.monotonic() + wait
        self._held_until[name] = max(until, self._held_until.get(name, 0.0))

    async def _held(self, name: str) -> None:
        """Wait while the rate limiter holds calls of `name`."""
        while (left := self._held_until.get(name, 0.0) - self._timing.monotonic()) > 0:
            await self._timing.sleep(left)

    def _changed(self, frame: dict[str, Any]) -> None:
        collection = frame.get("collection")
        fields = frame.get("fields")
        if not isinstance(collection, str) or not isinstance(fields, dict):
            log.warning("DDP: a 'changed' frame without collection or fields, ignored")
            return
        event_name = fields.get("eventName")
        args = fields.get("args")
        if not isinstance(event_name, str) or not isinstance(args, list):
            log.warning("DDP: a 'changed' frame of %s without eventName/args, ignored", collection[:80])
            return
        event = StreamEvent(collection, event_name, tuple(args))
        for sub in self._subs.values():
            if not sub.stopped and sub.name == collection and sub.event_name == event_name:
                sub.events.put_nowait(event)

    # -- plumbing --------------------------------------------------------------------------

    async def _invoke(self, method: str, params: list[Any], timeout_s: float) -> Any:
        call_id = str(next(self._ids))
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._calls[call_id] = (method, future)
        try:
            await self._send({"msg": "method", "id": call_id, "method": method, "params": params})
            return await asyncio.wait_for(asyncio.shield(future), timeout_s)
        except TimeoutError as error:
            raise Offline(
                f"The server at {self.host} did not answer {method} within {round(timeout_s)} s; "
                "it may or may not have been done."
            ) from error
        finally:
            self._calls.pop(call_id, None)

    async def _send(self, frame: Mapping[str, Any]) -> None:
        socket = self._socket
        if socket is None:
            raise Offline(self.offline_reason or f"Not connected to {self.host}.")
        try:
            await socket.send(dumps(frame))
        except (websockets.ConnectionClosed, OSError) as error:
            raise Offline(f"The connection to {self.host} is closed.") from error

    async def _send_sub(self, sub: Subscription) -> None:
        sub._ready = asyncio.get_running_loop().create_future()
        await self._send({"msg": "sub", "id": sub.id, "name": sub.name, "params": list(sub.params)})

    def _ready_of(self, sub: Subscription) -> asyncio.Future[None]:
        assert sub._ready is not None
        return sub._ready

    async def _unsubscribe(self, sub: Subscription) -> None:
        if sub.stopped:
            return
        sub.stopped = True
        self._subs.pop(sub.id, None)
        if self.state is ConnectionState.ONLINE and self._socket is not None:
            with contextlib.suppress(Offline):
                await self._send({"msg": "unsub", "id": sub.id})
        sub.events.put_nowait(SubscriptionStopped())

    async def _drop_socket(self) -> None:
        socket, self._socket = self._socket, None
        if socket is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(socket.close(), 1.0)
            # A close that did not finish in time (a peer gone) would leave the socket open.
            socket.transport.abort()

    def _fail_calls(self, error: Offline) -> None:
        for _, future in list(self._calls.values()):
            if not future.done():
                future.set_exception(error)
        for sub in self._subs.values():
            if sub._ready is not None and not sub._ready.done():
                sub._ready.cancel()

    async def reconnect_now(self) -> None:
        """Cut short the wait before the next try (the user asked to retry now)."""
        self._retry_now.set()

    async def _wait_before_retry(self, delay: float) -> None:
        self._retry_now.clear()
        sleeping = asyncio.ensure_future(self._timing.sleep(delay))
        woken = asyncio.ensure_future(self._retry_now.wait())
        try:
            await asyncio.wait({sleeping, woken}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (sleeping, woken):
                task.cancel()
            await asyncio.gather(sleeping, woken, return_exceptions=True)

    def _set_state(self, state: ConnectionState, reason: str, *, retry_at: datetime | None = None) -> None:
        """Tell a change of state; while offline, each new time of the next try is told too."""
        if state is ConnectionState.OFFLINE:
            self.offline_reason = reason
        if state is not self.state or (state is ConnectionState.OFFLINE and retry_at != self._retry_at):
            self.state = state
            self._retry_at = retry_at
            self.events.put_nowait(ConnectionChanged(state, reason, retry_at))

    def _resolve_first(self, state: ConnectionState) -> bool:
        """Tell start() its outcome: True when this was it (start() was still waiting)."""
        first = self._first_outcome
        if first is not None and not first.done():
            first.set_result(state)
            return True
        return False

    def _stop_after_refusal(self, expired: SessionExpired) -> None:
        self._closing = True
        self._set_state(ConnectionState.OFFLINE, expired.message)
        self._fail_calls(Offline(expired.message))
        first = self._first_outcome
        if first is not None and not first.done():
            first.set_exception(expired)
        else:
            self.events.put_nowait(SessionLost(expired))
