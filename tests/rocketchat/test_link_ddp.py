"""The DDP link against the loopback Rocket.Chat server: login with the resume token, streams,
and what happens when the socket drops, the server restarts or goes silent."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import pytest

from app.backends.events import ConnectionChanged, ConnectionState
from app.backends.rocketchat.ddp import (
    DdpClient,
    DdpTuning,
    LinkEvent,
    Reconnected,
    SessionLost,
    StreamEvent,
    Subscription,
    SubscriptionStopped,
)
from app.backends.rocketchat.rest import tls_context
from app.backends.rocketchat.timing import Backoff, Timing
from app.backends.rocketchat.wire import ServerRefused
from app.errors import Offline, SessionExpired
from tests.rocketchat.loopback import LoopbackRocketChat, MethodRefused
from tests.rocketchat.loopback.fakes import FakeTime
from tests.rocketchat.loopback.tls import self_signed

T = TypeVar("T")
ROOM_MESSAGES = "stream-room-messages"
NOTIFY_USER = "stream-notify-user"
QUEUE = "stream-livechat-inquiry-queue-observer"
# Short enough that a test never waits long; the fake time makes backoff waits instant.
TUNING = DdpTuning(open_timeout_s=5, call_timeout_s=5)


def ana_token(loopback: LoopbackRocketChat) -> str:
    user = loopback.state.user_named("ana")
    assert user is not None
    return loopback.state.issue_token(user)


@pytest.fixture
async def ddp(loopback: LoopbackRocketChat, fake_time: FakeTime) -> AsyncIterator[DdpClient]:
    client = DdpClient(loopback.url, resume_token=ana_token(loopback), timing=fake_time.timing(),
                       tuning=TUNING)
    assert await client.start() is ConnectionState.ONLINE
    yield client
    await client.close()


async def next_of(queue: asyncio.Queue[Any], kind: type[T]) -> T:
    """The next item of `kind` on `queue` (others skipped); a test that never gets it fails at the
    safety timeout instead of hanging."""
    async def wait() -> T:
        while True:
            item = await queue.get()
            if isinstance(item, kind):
                return item

    return await asyncio.wait_for(wait(), 10)


async def drain(queue: asyncio.Queue[LinkEvent]) -> list[LinkEvent]:
    items = []
    while not queue.empty():
        items.append(queue.get_nowait())
    return items


async def test_start_logs_in_with_the_resume_token_and_says_online(
    ddp: DdpClient, loopback: LoopbackRocketChat
) -> None:
    user = loopback.state.user_named("ana")
    assert user is not None
    assert ddp.user_id == user.id
    assert loopback.state.ddp_logins == [user.id]
    assert await drain(ddp.events) == [
        ConnectionChanged(ConnectionState.CONNECTING, f"Connecting to 127.0.0.1:{loopback.port}…"),
        ConnectionChanged(ConnectionState.ONLINE, ""),
    ]


async def test_stream_events_reach_the_subscription_that_asked_for_them(
    ddp: DdpClient, loopback: LoopbackRocketChat
) -> None:
    room = await ddp.subscribe(ROOM_MESSAGES, "room-1", False)
    other = await ddp.subscribe(ROOM_MESSAGES, "room-2", False)
    message = {"_id": "m1", "rid": "room-1", "msg": "hello", "ts": {"$date": 1_700_000_000_000}}
    assert loopback.push(ROOM_MESSAGES, "room-1", message) == 1
    event = await next_of(room.events, StreamEvent)
    assert event == StreamEvent(ROOM_MESSAGES, "room-1", (message,))
    assert other.events.empty()


async def test_methods_answer_their_result_or_rocket_chats_refusal(
    ddp: DdpClient, loopback: LoopbackRocketChat
) -> None:
    loopback.state.methods["livechat:changeLivechatStatus"] = lambda user, params: {"status": params[0]}

    def take(user: object, params: object) -> object:
        raise MethodRefused("error-agent-status-service-offline", "Agent status is offline")

    loopback.state.methods["livechat:takeInquiry"] = take
    assert await ddp.call("livechat:changeLivechatStatus", "available") == {"status": "available"}
    with pytest.raises(ServerRefused) as refused:
        await ddp.call("livechat:takeInquiry", "inquiry-1")
    assert refused.value.error_id == "error-agent-status-service-offline"
    assert refused.value.endpoint == "ddp:livechat:takeInquiry"


async def test_calls_over_rocket_chats_per_method_limit_wait_the_named_time_and_all_run(
    ddp: DdpClient, loopback: LoopbackRocketChat, fake_time: FakeTime
) -> None:
    ran: list[int] = []

    def load_missed(user: object, params: list[Any]) -> list[Any]:
        ran.append(params[0])
        return []

    loopback.state.methods["loadMissedMessages"] = load_missed
    # Rocket.Chat's default: 10 calls of one method per 10 s per connection, the 11th refused.
    answers = [await ddp.call("loadMissedMessages", n) for n in range(25)]
    assert answers == [[]] * 25
    assert ran == list(range(25))  # each ran once, in order; none refused for good
    assert loopback.state.method_limiter is not None
    assert loopback.state.method_limiter.refusals == 2
    assert [s for s in fake_time.sleeps if s >= 1] == [10.0, 10.0]


async def test_a_rate_limit_wait_longer_than_omnidesk_waits_is_a_clear_refusal(
    loopback: LoopbackRocketChat, fake_time: FakeTime
) -> None:
    loopback.state.methods["rooms/get"] = lambda user, params: []
    assert loopback.state.method_limiter is not None
    loopback.state.method_limiter.per_connection = (1, 600_000)
    client = DdpClient(loopback.url, resume_token=ana_token(loopback), timing=fake_time.timing(),
                       tuning=DdpTuning(open_timeout_s=5, call_timeout_s=5, longest_rate_limit_wait_s=60))
    assert await client.start() is ConnectionState.ONLINE
    try:
        await client.call("rooms/get")
        with pytest.raises(ServerRefused) as refused:
            await client.call("rooms/get")
        assert refused.value.error_id == "too-many-requests"
        assert refused.value.message == (
            "The server asks Omnidesk to wait 600 s before calling rooms/get again.")
    finally:
        await client.close()


async def test_retry_now_cuts_short_the_wait_before_the_next_try(
    loopback: LoopbackRocketChat, fake_time: FakeTime
) -> None:
    # A clock that waits for real, and a next try 90 s away (120 s halved, plus half the jitter):
    # only Retry now brings the link back within the test's patience.
    timing = Timing(sleep=asyncio.sleep, monotonic=time.monotonic, wall=fake_time.wall, random=lambda: 0.5)
    patient = DdpTuning(open_timeout_s=5, call_timeout_s=5, backoff=Backoff(first=120, cap=120))
    client = DdpClient(loopback.url, resume_token=ana_token(loopback), timing=timing, tuning=patient)
    assert await client.start() is ConnectionState.ONLINE
    try:
        await drain(client.events)
        async with loopback.down():
            offline = await next_of(client.events, ConnectionChanged)
        assert offline.state is ConnectionState.OFFLINE
        assert offline.retry_at == datetime.fromtimestamp(fake_time.wall() + 90, UTC)
        await client.reconnect_now()
        back = await next_of(client.events, ConnectionChanged)
        assert back.state is ConnectionState.ONLINE and back.retry_at is None
    finally:
        await client.close()


async def test_the_client_answers_the_servers_pings(ddp: DdpClient, loopback: LoopbackRocketChat) -> None:
    (session,) = loopback.sessions
    loopback.send_raw(json.dumps({"msg": "ping", "id": "p-7"}))
    loopback.send_raw(json.dumps({"msg": "ping"}))
    for _ in range(200):
        if len(session.pongs) == 2:
            break
        await asyncio.sleep(0.01)
    assert session.pongs == ["p-7", None]


async def test_a_restart_reconnects_relogs_in_resubscribes_and_delivers_what_comes_after(
    ddp: DdpClient, loopback: LoopbackRocketChat
) -> None:
    room = await ddp.subscribe(ROOM_MESSAGES, "room-1", False)
    await drain(ddp.events)
    await loopback.restart()
    reconnected = await next_of(ddp.events, Reconnected)
    assert reconnected == Reconnected(gap=1)
    assert len(loopback.state.ddp_logins) == 2
    assert loopback.state.subscriptions_made == [(ROOM_MESSAGES, "room-1")] * 2
    assert loopback.push(ROOM_MESSAGES, "room-1", {"_id": "after"}) == 1
    assert (await next_of(room.events, StreamEvent)).args == ({"_id": "after"},)
    assert ddp.state is ConnectionState.ONLINE


async def test_the_reconnect_signal_comes_after_the_subscriptions_are_live_again(
    ddp: DdpClient, loopback: LoopbackRocketChat
) -> None:
    room = await ddp.subscribe(ROOM_MESSAGES, "room-1", False)
    await drain(ddp.events)
    loopback.drop_sockets()
    await next_of(ddp.events, Reconnected)
    # Catch-up runs now: an event pushed at this moment is not missed.
    assert loopback.push(ROOM_MESSAGES, "room-1", {"_id": "during-catch-up"}) == 1
    assert (await next_of(room.events, StreamEvent)).args == ({"_id": "during-catch-up"},)


async def test_sockets_dropped_again_and_again_lose_no_subscription_and_signal_each_gap_once(
    ddp: DdpClient, loopback: LoopbackRocketChat
) -> None:
    subs: list[Subscription] = [
        await ddp.subscribe(ROOM_MESSAGES, "room-1", False),
        await ddp.subscribe(NOTIFY_USER, f"{ddp.user_id}/rooms-changed", False),
        await ddp.subscribe(QUEUE, "public", {"useCollection": False, "args": []}),
    ]
    await drain(ddp.events)
    gaps: list[Reconnected] = []
    for round_ in range(5):
        assert loopback.drop_sockets() == 1
        gaps.append(await next_of(ddp.events, Reconnected))
        for sub in subs:
            assert sub.event_name is not None
            assert loopback.push(sub.name, sub.event_name, {"round": round_}) == 1
        for sub in subs:
            assert (await next_of(sub.events, StreamEvent)).args == ({"round": round_},)
    assert gaps == [Reconnected(gap=n) for n in range(1, 6)]
    # Exactly one Reconnected per gap, and nothing else pending but state changes.
    assert not [e for e in await drain(ddp.events) if not isinstance(e, ConnectionChanged)]
    assert len(loopback.state.ddp_logins) == 6


async def test_a_server_that_drops_right_after_connecting_is_retried_with_backoff(
    loopback: LoopbackRocketChat, fake_time: FakeTime
) -> None:
    loopback.state.faults.drop_after_connect = 3
    client = DdpClient(loopback.url, resume_token=ana_token(loopback), timing=fake_time.timing(),
                       tuning=TUNING)
    try:
        assert await client.start() is ConnectionState.OFFLINE
        await next_of(client.events, Reconnected)
    finally:
        await client.close()
    # Three failed attempts, three growing waits (equal jitter, random() = 0.5).
    assert fake_time.sleeps == [0.375, 0.75, 1.5]


async def test_a_call_in_flight_when_the_socket_drops_fails_offline_and_the_next_one_works(
    ddp: DdpClient, loopback: LoopbackRocketChat
) -> None:
    started = asyncio.Event()
    never = asyncio.Event()

    async def slow(user: object, params: object) -> object:
        started.set()
        await never.wait()
        return "too late"

    loopback.state.methods["sendMessage"] = slow
    loopback.state.methods["ping"] = lambda user, params: "pong"
    call = asyncio.ensure_future(ddp.call("sendMessage", {"_id": "client-id-1", "msg": "hi"}))
    await asyncio.wait_for(started.wait(), 10)
    loopback.drop_sockets()
    with pytest.raises(Offline, match="may or may not"):
        await call
    with pytest.raises(Offline):
        await ddp.call("ping")  # not connected: at once, not after a timeout
    await next_of(ddp.events, Reconnected)
    assert await ddp.call("ping") == "pong"
    never.set()


async def test_a_silent_server_is_detected_by_pings_and_left_for_a_new_connection(
    loopback: LoopbackRocketChat, fake_time: FakeTime
) -> None:
    tuning = DdpTuning(ping_interval_s=0.05, ping_timeout_s=0.05, open_timeout_s=5, call_timeout_s=5)
    client = DdpClient(loopback.url, resume_token=ana_token(loopback), timing=fake_time.timing(),
                       tuning=tuning)
    try:
        assert await client.start() is ConnectionState.ONLINE
        loopback.state.faults.mute_ddp = True
        offline = await next_of(client.events, ConnectionChanged)
        while offline.state is not ConnectionState.OFFLINE:
            offline = await next_of(client.events, ConnectionChanged)
        loopback.state.faults.mute_ddp = False
        await next_of(client.events, Reconnected)
    finally:
        await client.close()


async def test_a_refused_token_at_start_is_session_expired(
    loopback: LoopbackRocketChat, fake_time: FakeTime
) -> None:
    token = ana_token(loopback)
    loopback.expire_token(token)
    client = DdpClient(loopback.url, resume_token=token, timing=fake_time.timing(), tuning=TUNING)
    with pytest.raises(SessionExpired):
        await client.start()
    assert client.state is ConnectionState.OFFLINE
    await client.close()


async def test_a_token_expired_while_connected_ends_in_session_lost_not_endless_retries(
    ddp: DdpClient, loopback: LoopbackRocketChat, fake_time: FakeTime
) -> None:
    (session,) = loopback.sessions
    assert session.token is not None
    loopback.expire_token(session.token)
    lost = await next_of(ddp.events, SessionLost)
    assert "sign in again" in lost.error.message
    assert ddp.state is ConnectionState.OFFLINE
    # One wait before the reconnect that was refused, and no attempt after it.
    await asyncio.sleep(0.05)
    assert len(fake_time.sleeps) == 1
    with pytest.raises(Offline):
        await ddp.call("ping")


async def test_a_refused_subscription_is_said_and_one_refused_later_ends_its_queue(
    ddp: DdpClient, loopback: LoopbackRocketChat
) -> None:
    with pytest.raises(ServerRefused) as refused:
        await ddp.subscribe("not-a-stream", "x")
    assert refused.value.error_id == "404"
    room = await ddp.subscribe(ROOM_MESSAGES, "room-1", False)
    loopback.state.refused_streams.add(ROOM_MESSAGES)
    loopback.drop_sockets()
    await next_of(ddp.events, Reconnected)
    stopped = await next_of(room.events, SubscriptionStopped)
    assert stopped.error is not None and stopped.error.error_id == "not-allowed"


async def test_stopping_a_subscription_unsubscribes_and_ends_its_queue(
    ddp: DdpClient, loopback: LoopbackRocketChat
) -> None:
    room = await ddp.subscribe(ROOM_MESSAGES, "room-1", False)
    await room.stop()
    assert await next_of(room.events, SubscriptionStopped) == SubscriptionStopped()
    for _ in range(200):
        if not loopback.sessions[0].subs:
            break
        await asyncio.sleep(0.01)
    assert loopback.push(ROOM_MESSAGES, "room-1", {"_id": "unheard"}) == 0


async def test_malformed_frames_from_the_server_are_ignored_never_a_crash(
    ddp: DdpClient, loopback: LoopbackRocketChat
) -> None:
    room = await ddp.subscribe(ROOM_MESSAGES, "room-1", False)
    for text in ["not json", "[1, 2]", "null", '{"msg": "changed"}',
                 '{"msg": "changed", "collection": "stream-room-messages", "fields": {"eventName": 5}}',
                 '{"msg": "result", "id": "no-such-call", "result": 1}', '{"msg": "ready", "subs": "x"}',
                 '{"msg": "nosub"}', '{"msg": "error", "reason": "Bad request"}', '{"msg": 42}']:
        loopback.send_raw(text)
    loopback.push(ROOM_MESSAGES, "room-1", {"_id": "still-heard"})
    assert (await next_of(room.events, StreamEvent)).args == ({"_id": "still-heard"},)
    assert ddp.state is ConnectionState.ONLINE


async def test_wss_needs_a_certificate_it_can_verify(tmp_path: Path, fake_time: FakeTime) -> None:
    tls = self_signed(tmp_path / "tls")
    server = LoopbackRocketChat(tls=tls, clock=fake_time.wall)
    server.state.add_user("ana", "ana-password")
    await server.start()
    untrusting = DdpClient(server.url, resume_token=ana_token(server), ssl_context=tls_context(),
                           timing=fake_time.timing(), tuning=TUNING)
    trusting = DdpClient(server.url, resume_token=ana_token(server),
                         ssl_context=tls_context(tls.certificate), timing=fake_time.timing(), tuning=TUNING)
    try:
        assert await untrusting.start() is ConnectionState.OFFLINE
        assert "could not be verified" in untrusting.offline_reason
        assert await trusting.start() is ConnectionState.ONLINE
        assert trusting.url.startswith("wss://")
    finally:
        await untrusting.close()
        await trusting.close()
        await server.stop()


async def test_the_realtime_link_takes_its_proxy_from_the_environment_too(
    loopback: LoopbackRocketChat, fake_time: FakeTime, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")
    client = DdpClient(loopback.url, resume_token=ana_token(loopback), timing=fake_time.timing(),
                       tuning=TUNING)
    try:
        assert await client.start() is ConnectionState.OFFLINE
    finally:
        await client.close()
    assert loopback.sessions == []


async def test_calls_made_at_once_over_the_per_method_limit_wait_together_and_all_run(
    ddp: DdpClient, loopback: LoopbackRocketChat, fake_time: FakeTime
) -> None:
    ran: list[str] = []

    def load_history(user: object, params: list[Any]) -> object:
        ran.append(params[0])
        return {"messages": []}

    loopback.state.methods["loadHistory"] = load_history
    limiter = loopback.state.method_limiter
    assert limiter is not None
    # 10 calls of a method per 10 s on a connection: 25 at once go in three turns, the refused
    # ones (and those asked meanwhile) held until the server lets them through.
    answers = await asyncio.gather(*(ddp.call("loadHistory", f"room-{n}") for n in range(25)))
    assert answers == [{"messages": []}] * 25
    assert sorted(ran) == sorted(f"room-{n}" for n in range(25))  # each ran once
    assert limiter.refusals > 0
    assert max(fake_time.sleeps) <= 10  # waited as long as the server said, no longer


async def test_subscriptions_over_rocket_chats_limit_are_made_once_it_lets_them_through(
    ddp: DdpClient, loopback: LoopbackRocketChat
) -> None:
    limiter = loopback.state.subscription_limiter
    assert limiter is not None
    # 40 subscriptions to a stream in 40 s on a connection: 45 rooms go in two turns.
    rooms = await asyncio.gather(*(ddp.subscribe(ROOM_MESSAGES, f"room-{n}", False) for n in range(45)))
    assert limiter.refusals > 0
    assert loopback.push(ROOM_MESSAGES, "room-44", {"_id": "late"}) == 1
    assert (await next_of(rooms[44].events, StreamEvent)).args == ({"_id": "late"},)
    # A reconnect makes all of them again, past the limit, before it says it is back.
    await drain(ddp.events)
    refused_before = limiter.refusals
    loopback.drop_sockets()
    await next_of(ddp.events, Reconnected)
    assert limiter.refusals > refused_before
    assert [loopback.push(ROOM_MESSAGES, f"room-{n}", {"_id": f"again-{n}"}) for n in range(45)] == [1] * 45
    assert all(not room.stopped for room in rooms)
