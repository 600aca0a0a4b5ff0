"""The REST link against the loopback Rocket.Chat server: signing, Rocket.Chat's rate limiter,
retries only where they are safe, and every failure a value a user can act on."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from app.backends.rocketchat.rest import CertificateNotVerified, RestAuth, RestClient, RetryPolicy
from app.backends.rocketchat.wire import MalformedAnswer, ServerRefused
from app.errors import InvalidInput, Offline, SessionExpired
from tests.rocketchat.loopback import LoopbackRocketChat, LoopbackUser, MethodRefused
from tests.rocketchat.loopback.fakes import FakeTime
from tests.rocketchat.loopback.tls import self_signed


@pytest.fixture
async def rest(loopback: LoopbackRocketChat, fake_time: FakeTime) -> AsyncIterator[RestClient]:
    client = RestClient(loopback.url, timing=fake_time.timing())
    yield client
    await client.aclose()


async def signed_in(rest: RestClient) -> RestClient:
    answer = await rest.post("login", {"user": "ana", "password": "ana-password"}, signing_in=True)
    rest.sign_with(RestAuth(answer["data"]["userId"], answer["data"]["authToken"]))
    return rest


async def test_calls_are_signed_with_the_login_token(rest: RestClient) -> None:
    with pytest.raises(SessionExpired):
        await rest.get("me")
    me = await (await signed_in(rest)).get("me")
    assert me["username"] == "ana"


async def test_a_429_is_waited_out_until_its_reset_then_the_call_succeeds(
    rest: RestClient, loopback: LoopbackRocketChat, fake_time: FakeTime
) -> None:
    await signed_in(rest)
    loopback.rate_limit("GET me", times=1, reset_in_ms=30_000)
    me = await rest.get("me")
    assert me["username"] == "ana"
    assert loopback.calls_to("GET me") == 2
    # X-RateLimit-Reset is read against the answer's Date (whole seconds): never less than asked.
    assert len(fake_time.sleeps) == 1
    assert 30.0 <= fake_time.sleeps[0] <= 31.0


async def test_a_reset_already_past_still_waits_a_backoff_never_hammers(
    rest: RestClient, loopback: LoopbackRocketChat, fake_time: FakeTime
) -> None:
    await signed_in(rest)
    loopback.rate_limit("GET me", times=2, reset_in_ms=-5_000)
    assert (await rest.get("me"))["username"] == "ana"
    assert fake_time.sleeps == [0.375, 0.75]  # growing, as any backoff


async def test_a_post_refused_by_the_limiter_is_sent_again_after_the_wait(
    rest: RestClient, loopback: LoopbackRocketChat, fake_time: FakeTime
) -> None:
    # Rocket.Chat's limiter refuses before the endpoint runs: sending again cannot do it twice.
    loopback.rate_limit("POST login", times=1, reset_in_ms=10_000)
    answer = await rest.post("login", {"user": "ana", "password": "ana-password"}, signing_in=True)
    assert answer["status"] == "success"
    assert loopback.calls_to("POST login") == 2
    assert 10.0 <= fake_time.sleeps[0] <= 11.0


async def test_a_retry_after_header_is_honoured_when_there_is_no_reset(
    rest: RestClient, loopback: LoopbackRocketChat, fake_time: FakeTime
) -> None:
    async def limited(call: object) -> object:
        from aiohttp import web
        if loopback.calls_to("GET settings.public") == 1:
            return web.json_response({"success": False, "error": "slow down"}, status=429,
                                     headers={"Retry-After": "7"})
        return web.json_response({"settings": [], "success": True})

    loopback.add_route("GET", "settings.public", limited, auth=False, limited=False)  # type: ignore[arg-type]
    assert (await rest.get("settings.public"))["settings"] == []
    assert fake_time.sleeps == [7.0]


async def test_the_budget_per_route_keeps_omnidesk_under_rocket_chats_limiter(
    rest: RestClient, loopback: LoopbackRocketChat, fake_time: FakeTime
) -> None:
    await signed_in(rest)
    for _ in range(25):
        await rest.get("me")
    assert loopback.calls_to("GET me") == 25
    assert loopback.state.limiter_refusals == 0
    # 25 calls at 10 per minute: two waits for the window to pass.
    assert len(fake_time.sleeps) == 2
    assert fake_time.elapsed >= 120


async def test_a_route_out_of_budget_does_not_hold_back_another(
    rest: RestClient, loopback: LoopbackRocketChat, fake_time: FakeTime
) -> None:
    await signed_in(rest)
    for _ in range(10):
        await rest.get("me")
    loopback.state.methods["ping"] = lambda user, params: "pong"
    assert await rest.method_call("ping") == "pong"  # method.call is not rate-limited
    assert fake_time.sleeps == []


async def test_an_idempotent_get_is_retried_with_growing_jittered_waits(
    rest: RestClient, loopback: LoopbackRocketChat, fake_time: FakeTime
) -> None:
    await signed_in(rest)
    loopback.fail("GET me", times=2, status=503)
    assert (await rest.get("me"))["username"] == "ana"
    assert loopback.calls_to("GET me") == 3
    # Equal jitter with the fake's random() = 0.5: 3/4 of 0.5 s, then of 1 s.
    assert fake_time.sleeps == [0.375, 0.75]


async def test_an_idempotent_get_gives_up_after_its_attempts_with_the_servers_error(
    rest: RestClient, loopback: LoopbackRocketChat
) -> None:
    await signed_in(rest)
    loopback.fail("GET me", times=10, status=500)
    with pytest.raises(ServerRefused) as refused:
        await rest.get("me")
    assert refused.value.status == 500
    assert refused.value.endpoint == "me"
    assert loopback.calls_to("GET me") == RetryPolicy().attempts


async def test_a_post_that_is_not_idempotent_is_never_retried_on_a_5xx(
    rest: RestClient, loopback: LoopbackRocketChat, fake_time: FakeTime
) -> None:
    await signed_in(rest)
    sent: list[object] = []
    loopback.state.methods["sendMessage"] = lambda user, params: sent.append(params)
    loopback.fail("POST method.call/sendMessage", times=1, status=502)
    with pytest.raises(ServerRefused) as refused:
        await rest.method_call("sendMessage", {"_id": "m1", "rid": "r1", "msg": "hi"})
    assert refused.value.status == 502
    assert loopback.calls_to("POST method.call/sendMessage") == 1
    assert fake_time.sleeps == []
    # The caller decides; marked idempotent (a client-chosen _id), the same call is retried.
    loopback.fail("POST method.call/sendMessage", times=1, status=502)
    await rest.method_call("sendMessage", {"_id": "m1", "rid": "r1", "msg": "hi"}, idempotent=True)
    assert len(sent) == 1


async def test_method_call_sends_the_ddp_frame_as_ejson_and_returns_the_result(
    rest: RestClient, loopback: LoopbackRocketChat
) -> None:
    from datetime import UTC, datetime
    await signed_in(rest)
    seen: list[object] = []

    def load_history(user: LoopbackUser | None, params: list[object]) -> object:
        seen.append((user.username if user else None, params))
        return {"messages": [{"_id": "m1", "ts": {"$date": 1_700_000_000_000}}]}

    loopback.state.methods["loadHistory"] = load_history
    since = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    result = await rest.method_call("loadHistory", "room-1", None, 50, since)
    assert result == {"messages": [{"_id": "m1", "ts": {"$date": 1_700_000_000_000}}]}
    assert seen == [("ana", ["room-1", None, 50, {"$date": int(since.timestamp() * 1000)}])]


async def test_a_method_refusal_carries_rocket_chats_error_id_and_the_endpoint(
    rest: RestClient, loopback: LoopbackRocketChat
) -> None:
    await signed_in(rest)

    def take(user: object, params: object) -> object:
        raise MethodRefused("error-not-allowed", "Not allowed", {"method": "livechat:takeInquiry"})

    loopback.state.methods["livechat:takeInquiry"] = take
    with pytest.raises(ServerRefused) as refused:
        await rest.method_call("livechat:takeInquiry", "inq-1")
    assert refused.value.error_id == "error-not-allowed"
    assert refused.value.endpoint == "method.call/livechat:takeInquiry"
    assert refused.value.details == {"method": "livechat:takeInquiry"}
    assert "Not allowed" in refused.value.message
    with pytest.raises(ServerRefused) as unknown:
        await rest.method_call("noSuchMethod")
    assert unknown.value.error_id == "404"


async def test_a_ddp_rate_limit_inside_method_call_is_waited_out(
    rest: RestClient, loopback: LoopbackRocketChat, fake_time: FakeTime
) -> None:
    await signed_in(rest)
    answers = iter([MethodRefused("too-many-requests", "Slow down", {"timeToReset": 4000}), None])

    def busy(user: object, params: object) -> object:
        failure = next(answers)
        if failure is not None:
            raise failure
        return "done"

    loopback.state.methods["busy"] = busy
    assert await rest.method_call("busy") == "done"
    assert fake_time.sleeps == [4.0]


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ("<html>Welcome to nginx</html>", "text/html"),
        ("[1, 2, 3]", "application/json"),
        ('{"a": NaN}', "application/json"),
        ("", "application/json"),
        ("\xff\xfe garbage", "application/octet-stream"),
    ],
)
async def test_a_malformed_answer_is_a_clear_error_never_a_crash(
    rest: RestClient, loopback: LoopbackRocketChat, body: str, content_type: str
) -> None:
    loopback.answer_raw("GET info", body, content_type=content_type)
    with pytest.raises(MalformedAnswer) as malformed:
        await rest.get("info")
    assert malformed.value.endpoint == "info"
    assert "info" in malformed.value.message


@pytest.mark.parametrize(
    "message",
    [None, 42, "not json", json.dumps({"msg": "added"}), json.dumps([1])],
)
async def test_a_malformed_method_call_answer_is_a_clear_error(
    rest: RestClient, loopback: LoopbackRocketChat, message: object
) -> None:
    await signed_in(rest)
    loopback.answer_raw("POST method.call/getRoom", json.dumps({"message": message, "success": True}))
    with pytest.raises(MalformedAnswer) as malformed:
        await rest.method_call("getRoom")
    assert malformed.value.endpoint == "method.call/getRoom"


async def test_an_error_page_from_a_proxy_is_a_refusal_with_its_status(
    rest: RestClient, loopback: LoopbackRocketChat
) -> None:
    loopback.answer_raw("POST livechat/room.closeByUser", "<h1>Bad gateway</h1>", status=502,
                        content_type="text/html")
    with pytest.raises(ServerRefused) as refused:
        await rest.post("livechat/room.closeByUser", {"rid": "r1"})
    assert refused.value.error_id == "http-502"
    assert loopback.calls_to("POST livechat/room.closeByUser") == 1


async def test_an_unreachable_server_is_offline_and_says_why(
    loopback: LoopbackRocketChat, fake_time: FakeTime
) -> None:
    client = RestClient(loopback.url, timing=fake_time.timing())
    await loopback.stop()
    try:
        with pytest.raises(Offline) as offline:
            await client.get("info")
    finally:
        await client.aclose()
    assert "refused the connection" in offline.value.message
    assert not isinstance(offline.value, CertificateNotVerified)
    # A connection that could not be opened is retried (nothing was sent), then given up.
    assert len(fake_time.sleeps) == RetryPolicy().attempts - 1


async def test_a_certificate_that_cannot_be_verified_is_refused_and_said(
    tmp_path: Path, fake_time: FakeTime
) -> None:
    tls = self_signed(tmp_path / "tls")
    server = LoopbackRocketChat(tls=tls, clock=fake_time.wall)
    server.state.add_user("ana", "ana-password")
    await server.start()
    untrusting = RestClient(server.url, timing=fake_time.timing())
    trusting = RestClient(server.url, ca_file=tls.certificate, timing=fake_time.timing())
    try:
        with pytest.raises(CertificateNotVerified) as refused:
            await untrusting.post("login", {"user": "ana", "password": "ana-password"}, signing_in=True)
        assert "certificate" in refused.value.message
        assert "could not be verified" in refused.value.message
        assert isinstance(refused.value, Offline)
        assert fake_time.sleeps == []  # a certificate does not get better by asking again
        assert server.state.tokens == {}
        answer = await trusting.post("login", {"user": "ana", "password": "ana-password"}, signing_in=True)
        assert answer["status"] == "success"
    finally:
        await untrusting.aclose()
        await trusting.aclose()
        await server.stop()


def test_a_ca_file_that_is_not_a_certificate_is_said(tmp_path: Path) -> None:
    bogus = tmp_path / "ca.pem"
    bogus.write_text("not a certificate")
    with pytest.raises(InvalidInput, match="could not be read"):
        RestClient("https://chat.example.com", ca_file=bogus)
    with pytest.raises(InvalidInput, match="could not be read"):
        RestClient("https://chat.example.com", ca_file=tmp_path / "missing.pem")


async def test_proxies_come_from_the_environment(
    loopback: LoopbackRocketChat, fake_time: FakeTime, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A proxy that refuses everything: the call must go to it, not straight to the server.
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")
    client = RestClient(loopback.url, timing=fake_time.timing())
    try:
        with pytest.raises(Offline):
            await client.get("info")
    finally:
        await client.aclose()
    assert loopback.calls_to("GET info") == 0
