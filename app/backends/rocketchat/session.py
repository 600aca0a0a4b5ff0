"""Signing in to a Rocket.Chat server: REST `login` (password, then the second factor when the
server asks), the resume token kept in the keyring, then the DDP login that makes the agent
online (ROCKETCHAT.md §4.3: presence comes from the DDP connection).

Rocket.Chat's REST login (apps/meteor/app/api/server/ApiClass.ts) takes `{user, password}` (`user`
is a username, or an email when it has an '@'), adds `code` for the second factor, or `{resume}`.
A refusal is a 401 `{status: 'error', error, message, details}` where `error` is the Meteor error:
'totp-required' (details.method: 'totp' | 'email'), 'totp-invalid', 'totp-max-attempts'
(apps/meteor/app/2fa/server/code/index.ts), 403 'Incorrect password', 'Unauthorized'...

Offline first: `resume()` with the server unreachable still signs in from the saved token (the
cache is shown; the DDP link keeps trying and checks the token when the server is back).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.backends.rocketchat.credentials import SavedToken, TokenVault
from app.backends.rocketchat.ddp import DdpClient, DdpTuning
from app.backends.rocketchat.rest import CertificateNotVerified, RestAuth, RestClient
from app.backends.rocketchat.servers import normalize_server_url
from app.backends.rocketchat.timing import Timing
from app.backends.rocketchat.wire import MalformedAnswer, ServerRefused
from app.errors import BadCredentials, Offline, SessionExpired, TwoFactorRequired

log = logging.getLogger(__name__)

_ASK_FOR_CODE = {
    "totp": "Enter the code your authenticator app shows for this account.",
    "email": "The server sent a code to your email address: enter it to sign in.",
    "password": "Enter your password again to confirm it is you.",
}


class BadTwoFactorCode(BadCredentials):
    """The second-factor code was refused: ask for it again (the password was right)."""

    code = "bad-two-factor-code"

    def __init__(self, message: str, *, method: str) -> None:
        super().__init__(message)
        self.method = method


@dataclass(frozen=True, slots=True)
class SignedIn:
    server_url: str
    username: str
    user_id: str
    # The server's `me` (getUserInfo); empty when started offline from the saved token.
    me: Mapping[str, Any] = field(default_factory=dict)
    # False: started from the saved token without reaching the server (it is checked later).
    verified: bool = True
    # For the UI to show when the sign-in is not remembered (no keyring): None when it is.
    keyring_notice: str | None = None


class Session:
    """One user on one Rocket.Chat server: the REST client, the DDP link, the saved token."""

    def __init__(
        self,
        server_url: str,
        *,
        vault: TokenVault,
        ca_file: Path | None = None,
        timing: Timing | None = None,
        ddp_tuning: DdpTuning | None = None,
    ) -> None:
        self.server_url = normalize_server_url(server_url)
        self._vault = vault
        self._timing = timing
        self._ddp_tuning = ddp_tuning
        self.rest = RestClient(self.server_url, ca_file=ca_file, timing=timing)
        self.ddp: DdpClient | None = None
        self.signed_in: SignedIn | None = None

    async def sign_in(self, username: str, password: str, *, code: str | None = None) -> SignedIn:
        """Sign in with a password (and the second-factor `code` when the server asked for one).
        Raises TwoFactorRequired (sign in again with `code`), BadTwoFactorCode, BadCredentials,
        ServerRefused (a blocked or deactivated account: its reason), Offline."""
        body: dict[str, Any] = {"user": username, "password": password}
        if code is not None and code.strip():
            body["code"] = code.strip()
        try:
            answer = await self.rest.post("login", body, signing_in=True)
        except ServerRefused as refused:
            raise _login_refusal(refused) from refused
        user_id, token, me = _login_answer(answer)
        await self._vault.asave(self.server_url, username, SavedToken(user_id, token))
        return await self._signed_in(username, user_id, token, me, verified=True)

    async def resume(self, username: str) -> SignedIn:
        """Sign in again with the token saved at the last sign-in. SessionExpired when there is
        none or the server refuses it (the token is forgotten: ask for the password)."""
        saved = await self._vault.aload(self.server_url, username)
        if saved is None:
            raise SessionExpired(f"Sign in to {self.rest.host} again: no sign-in is remembered.")
        try:
            answer = await self.rest.post("login", {"resume": saved.token}, signing_in=True)
        except ServerRefused as refused:
            if refused.status != 401:
                raise
            await self._vault.aforget(self.server_url, username)
            raise SessionExpired(
                f"The server at {self.rest.host} no longer accepts your saved sign-in: sign in again."
            ) from refused
        except CertificateNotVerified:
            raise
        except Offline:
            return await self._signed_in(username, saved.user_id, saved.token, {}, verified=False)
        user_id, token, me = _login_answer(answer)
        if token != saved.token or user_id != saved.user_id:
            await self._vault.asave(self.server_url, username, SavedToken(user_id, token))
        return await self._signed_in(username, user_id, token, me, verified=True)

    async def sign_out(self) -> bool:
        """Forget the token here and tell the server to end it; whether the server was told (it
        was not when unreachable: the token then lasts until it expires there)."""
        signed_in, self.signed_in = self.signed_in, None
        told = False
        try:
            if signed_in is not None:
                await self.rest.post("logout")
                told = True
        except (Offline, SessionExpired, ServerRefused, MalformedAnswer) as error:
            log.info("signing out of %s: the server was not told (%s)", self.server_url, error)
            told = False
        finally:
            if signed_in is not None:
                await self._vault.aforget(self.server_url, signed_in.username)
            self.rest.sign_with(None)
            if self.ddp is not None:
                ddp, self.ddp = self.ddp, None
                await ddp.close()
        return told

    async def close(self) -> None:
        """Close the links (the token stays saved: the next start resumes)."""
        if self.ddp is not None:
            ddp, self.ddp = self.ddp, None
            await ddp.close()
        await self.rest.aclose()

    async def _signed_in(
        self, username: str, user_id: str, token: str, me: Mapping[str, Any], *, verified: bool
    ) -> SignedIn:
        self.rest.sign_with(RestAuth(user_id, token))
        if self.ddp is not None:
            await self.ddp.close()
        self.ddp = DdpClient(
            self.server_url,
            resume_token=token,
            ssl_context=self.rest.ssl_context,
            timing=self._timing,
            tuning=self._ddp_tuning,
        )
        try:
            await self.ddp.start()
        except SessionExpired:
            await self._vault.aforget(self.server_url, username)
            self.rest.sign_with(None)
            raise
        self.signed_in = SignedIn(
            server_url=self.server_url,
            username=username,
            user_id=user_id,
            me=me,
            verified=verified,
            keyring_notice=self._vault.notice,
        )
        return self.signed_in


def _login_refusal(refused: ServerRefused) -> Exception:
    method = refused.details.get("method")
    method = method if isinstance(method, str) and method else "totp"
    if refused.error_id == "totp-required":
        return TwoFactorRequired(_ASK_FOR_CODE.get(method, _ASK_FOR_CODE["totp"]), method=method)
    if refused.error_id == "totp-invalid":
        return BadTwoFactorCode(
            "That code is not right, or it has expired: enter the current code.", method=method
        )
    if refused.error_id == "totp-max-attempts":
        return BadCredentials("Too many wrong codes: wait a few minutes, then sign in again.")
    if refused.status == 401 and not refused.error_id.startswith("error-"):
        return BadCredentials("The server did not accept this username and password.")
    return refused


def _login_answer(answer: Mapping[str, Any]) -> tuple[str, str, Mapping[str, Any]]:
    """(user id, token, me) of a successful login, or MalformedAnswer naming the field."""
    data = answer.get("data")
    if not isinstance(data, Mapping):
        raise MalformedAnswer("The server's answer to login has no 'data' object.", endpoint="login")
    user_id, token, me = data.get("userId"), data.get("authToken"), data.get("me", {})
    for name, value in (("data.userId", user_id), ("data.authToken", token)):
        if not isinstance(value, str) or not value:
            raise MalformedAnswer(
                f"The server's answer to login has no '{name}' string.", endpoint="login"
            )
    if not isinstance(me, Mapping):
        raise MalformedAnswer("The server's answer to login has a 'data.me' that is not an object.",
                              endpoint="login")
    return str(user_id), str(token), me
