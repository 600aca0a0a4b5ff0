"""Signing in to the loopback Rocket.Chat server: password, the second factor, the resume token
in the keyring (and the session-only token when there is none), expiry and signing out."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import keyring
import keyring.backend
import keyring.backends.fail
import pytest

from app.backends.events import ConnectionState
from app.backends.rocketchat.credentials import NO_KEYRING_NOTICE, SERVICE_PREFIX, TokenVault
from app.backends.rocketchat.ddp import DdpTuning, Reconnected
from app.backends.rocketchat.rest import CertificateNotVerified
from app.backends.rocketchat.session import BadTwoFactorCode, Session
from app.backends.rocketchat.wire import MalformedAnswer, ServerRefused
from app.errors import BadCredentials, SessionExpired, TwoFactorRequired
from tests.rocketchat.loopback import LoopbackRocketChat
from tests.rocketchat.loopback.fakes import FakeTime, MemoryKeyring
from tests.rocketchat.loopback.tls import self_signed

TUNING = DdpTuning(open_timeout_s=5, call_timeout_s=5)
SessionMaker = Callable[..., Session]


@pytest.fixture
async def sessions(
    loopback: LoopbackRocketChat, fake_time: FakeTime, memory_keyring: MemoryKeyring
) -> AsyncIterator[SessionMaker]:
    """Sessions on the loopback server (by default over the in-memory keyring), closed after."""
    made: list[Session] = []

    def make(vault: TokenVault | None = None, **options: object) -> Session:
        session = Session(loopback.url, vault=vault or TokenVault(memory_keyring),
                          timing=fake_time.timing(), ddp_tuning=TUNING, **options)  # type: ignore[arg-type]
        made.append(session)
        return session

    yield make
    for session in made:
        await session.close()


async def test_a_password_sign_in_saves_the_token_and_goes_online_over_ddp(
    sessions: SessionMaker, loopback: LoopbackRocketChat, memory_keyring: MemoryKeyring
) -> None:
    session = sessions()
    signed_in = await session.sign_in("ana", "ana-password")
    user = loopback.state.user_named("ana")
    assert user is not None
    assert (signed_in.user_id, signed_in.username, signed_in.me["username"]) == (user.id, "ana", "ana")
    assert signed_in.verified and signed_in.keyring_notice is None
    saved = json.loads(memory_keyring.secrets[(SERVICE_PREFIX + loopback.url, "ana")])
    assert saved["userId"] == user.id and saved["token"] in loopback.state.tokens
    assert session.ddp is not None and session.ddp.state is ConnectionState.ONLINE
    assert loopback.state.ddp_logins == [user.id]  # online as an agent: logged in over DDP
    assert (await session.rest.get("me"))["_id"] == user.id


async def test_a_wrong_password_or_unknown_user_is_bad_credentials_and_saves_nothing(
    sessions: SessionMaker, memory_keyring: MemoryKeyring
) -> None:
    session = sessions()
    for username, password in [("ana", "wrong"), ("nobody", "ana-password")]:
        with pytest.raises(BadCredentials) as refused:
            await session.sign_in(username, password)
        assert "username and password" in refused.value.message
    assert memory_keyring.secrets == {}
    assert session.ddp is None


@pytest.mark.parametrize(("method", "said"), [("totp", "authenticator app"), ("email", "email")])
async def test_two_factor_asks_for_the_code_then_signs_in_with_it(
    sessions: SessionMaker, loopback: LoopbackRocketChat, memory_keyring: MemoryKeyring,
    method: str, said: str,
) -> None:
    loopback.state.add_user("bo", "bo-password", two_factor=method, code="654321")
    session = sessions()
    with pytest.raises(TwoFactorRequired) as asked:
        await session.sign_in("bo", "bo-password")
    assert asked.value.method == method
    assert said in asked.value.message
    assert memory_keyring.secrets == {}
    signed_in = await session.sign_in("bo", "bo-password", code=" 654321 ")
    assert signed_in.username == "bo"
    assert (SERVICE_PREFIX + loopback.url, "bo") in memory_keyring.secrets


async def test_a_wrong_code_is_bad_credentials_that_says_the_code_was_wrong(
    sessions: SessionMaker, loopback: LoopbackRocketChat, memory_keyring: MemoryKeyring
) -> None:
    loopback.state.add_user("bo", "bo-password", two_factor="totp", code="654321")
    session = sessions()
    with pytest.raises(BadCredentials) as refused:
        await session.sign_in("bo", "bo-password", code="111111")
    assert isinstance(refused.value, BadTwoFactorCode)
    assert refused.value.method == "totp"
    assert "code is not right" in refused.value.message
    assert memory_keyring.secrets == {}


async def test_the_saved_token_signs_in_at_the_next_start_without_the_password(
    sessions: SessionMaker, loopback: LoopbackRocketChat, memory_keyring: MemoryKeyring
) -> None:
    first = sessions()
    await first.sign_in("ana", "ana-password")
    await first.close()
    tokens_before = dict(loopback.state.tokens)
    again = sessions(TokenVault(memory_keyring))  # a new start: a new vault over the same keyring
    signed_in = await again.resume("ana")
    assert signed_in.verified and signed_in.me["username"] == "ana"
    assert loopback.state.tokens == tokens_before  # no new token: the saved one was used
    assert len(loopback.state.ddp_logins) == 2
    assert again.ddp is not None and again.ddp.state is ConnectionState.ONLINE


async def test_the_default_keyring_set_by_the_test_is_the_one_used(
    sessions: SessionMaker, loopback: LoopbackRocketChat
) -> None:
    previous = keyring.get_keyring()
    chosen = MemoryKeyring()
    keyring.set_keyring(chosen)
    try:
        vault = TokenVault()
        await sessions(vault).sign_in("ana", "ana-password")
    finally:
        keyring.set_keyring(previous)
    assert (SERVICE_PREFIX + loopback.url, "ana") in chosen.secrets


async def test_without_a_keyring_the_token_lasts_the_session_and_nothing_reaches_the_disk(
    sessions: SessionMaker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    for variable, folder in [("HOME", ""), ("XDG_CONFIG_HOME", ".config"), ("XDG_DATA_HOME", ".local/share"),
                             ("XDG_CACHE_HOME", ".cache"), ("XDG_STATE_HOME", ".local/state")]:
        monkeypatch.setenv(variable, str(home / folder))
    home.mkdir()
    vault = TokenVault(keyring.backends.fail.Keyring())
    assert vault.notice == NO_KEYRING_NOTICE and not vault.persistent
    session = sessions(vault)
    signed_in = await session.sign_in("ana", "ana-password")
    assert signed_in.keyring_notice == NO_KEYRING_NOTICE
    await session.close()
    # This session can resume (the token is in memory)...
    assert (await sessions(vault).resume("ana")).verified
    # ...the next start cannot, and nothing was written anywhere under the user's home.
    with pytest.raises(SessionExpired):
        await sessions(TokenVault(keyring.backends.fail.Keyring())).resume("ana")
    assert [p for p in home.rglob("*")] == []


async def test_an_expired_token_at_start_is_session_expired_and_forgotten(
    sessions: SessionMaker, loopback: LoopbackRocketChat, memory_keyring: MemoryKeyring
) -> None:
    first = sessions()
    await first.sign_in("ana", "ana-password")
    await first.close()
    for token in list(loopback.state.tokens):
        loopback.expire_token(token)
    with pytest.raises(SessionExpired, match="sign in again"):
        await sessions().resume("ana")
    assert memory_keyring.secrets == {}


async def test_with_the_server_unreachable_the_saved_token_starts_offline_then_catches_up(
    sessions: SessionMaker, loopback: LoopbackRocketChat
) -> None:
    first = sessions()
    user_id = (await first.sign_in("ana", "ana-password")).user_id
    await first.close()
    async with loopback.down():
        session = sessions()
        signed_in = await session.resume("ana")
        assert (signed_in.verified, signed_in.user_id, dict(signed_in.me)) == (False, user_id, {})
        assert _link_state(session) is ConnectionState.OFFLINE
    await asyncio.wait_for(_until_reconnected(session), 10)
    assert _link_state(session) is ConnectionState.ONLINE


def _link_state(session: Session) -> ConnectionState:
    assert session.ddp is not None
    return session.ddp.state


async def _until_reconnected(session: Session) -> None:
    assert session.ddp is not None
    while not isinstance(await session.ddp.events.get(), Reconnected):
        pass


async def test_a_malformed_login_answer_is_a_clear_error_naming_the_field(
    sessions: SessionMaker, loopback: LoopbackRocketChat, memory_keyring: MemoryKeyring
) -> None:
    loopback.answer_raw("POST login", json.dumps({"status": "success", "data": {"userId": 5}}))
    with pytest.raises(MalformedAnswer, match=r"data\.userId"):
        await sessions().sign_in("ana", "ana-password")
    loopback.answer_raw("POST login", "<html>maintenance</html>", content_type="text/html")
    with pytest.raises(MalformedAnswer, match="not JSON"):
        await sessions().sign_in("ana", "ana-password")
    assert memory_keyring.secrets == {}


async def test_a_blocked_account_is_refused_with_the_servers_reason(
    sessions: SessionMaker, loopback: LoopbackRocketChat
) -> None:
    from aiohttp import web

    async def blocked(call: object) -> web.Response:
        return web.json_response({"status": "error", "error": "error-login-blocked-for-user",
                                  "message": "Login has been temporarily blocked for this User"}, status=401)

    loopback.add_route("POST", "login", blocked, auth=False)
    with pytest.raises(ServerRefused) as refused:
        await sessions().sign_in("ana", "ana-password")
    assert refused.value.error_id == "error-login-blocked-for-user"
    assert "temporarily blocked" in refused.value.message


async def test_signing_out_ends_the_token_on_the_server_and_here(
    sessions: SessionMaker, loopback: LoopbackRocketChat, memory_keyring: MemoryKeyring
) -> None:
    session = sessions()
    await session.sign_in("ana", "ana-password")
    assert await session.sign_out() is True
    assert loopback.state.tokens == {}
    assert memory_keyring.secrets == {}
    assert session.ddp is None
    with pytest.raises(SessionExpired):
        await session.resume("ana")


async def test_a_server_whose_certificate_cannot_be_verified_is_said_at_sign_in_and_resume(
    tmp_path: Path, fake_time: FakeTime, memory_keyring: MemoryKeyring
) -> None:
    tls = self_signed(tmp_path / "tls")
    server = LoopbackRocketChat(tls=tls, clock=fake_time.wall)
    server.state.add_user("ana", "ana-password")
    await server.start()
    vault = TokenVault(memory_keyring)
    trusting = Session(server.url, vault=vault, ca_file=tls.certificate, timing=fake_time.timing(),
                       ddp_tuning=TUNING)
    untrusting = Session(server.url, vault=vault, timing=fake_time.timing(), ddp_tuning=TUNING)
    try:
        assert (await trusting.sign_in("ana", "ana-password")).verified
        assert trusting.ddp is not None and trusting.ddp.state is ConnectionState.ONLINE
        for attempt in (untrusting.sign_in("ana", "ana-password"), untrusting.resume("ana")):
            with pytest.raises(CertificateNotVerified, match="could not be verified"):
                await attempt
    finally:
        await trusting.close()
        await untrusting.close()
        await server.stop()
