"""Rocket.Chat's REST API (`https://host/api/v1/`) through one shared `httpx.AsyncClient`.

What it promises:
- TLS is always verified, against the system's and certifi's roots plus an optional CA file;
  a certificate that cannot be verified is `CertificateNotVerified` (an `Offline` that says so).
- Proxies come from the environment (HTTPS_PROXY, NO_PROXY...: httpx's trust_env).
- Only idempotent calls (GET, and POSTs the caller marks idempotent) are retried on timeouts,
  broken connections and 5xx answers, with exponential backoff and jitter. Any call is retried
  when the connection could not even be opened (the request never left this computer).
- Rocket.Chat's rate limiter (on by default: 10 calls per 60 s per route and address,
  ROCKETCHAT.md §4.3) is kept to on this side by a budget per route, so normal use never meets a
  429; a 429 that comes anyway (another client behind the same address) is waited out until its
  `X-RateLimit-Reset` or `Retry-After`, then the call is sent again (the limiter refuses before the
  endpoint runs, so this is safe for any call).
- Errors are values: `SessionExpired` (401), `ServerRefused` (Rocket.Chat's error id and the
  endpoint), `MalformedAnswer` (not Rocket.Chat's JSON), `Offline` (unreachable, and why).
- Files go through the same client: uploads as multipart (`post_file`), and downloads of what the
  server serves outside the API (`file_chunks`, streamed, signed with headers only).
"""

from __future__ import annotations

import email.utils
import itertools
import socket
import ssl
from collections import deque
from collections.abc import AsyncGenerator, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import quote, urljoin, urlsplit

import httpx

from app import appinfo
from app.backends.rocketchat.timing import Backoff, Timing
from app.backends.rocketchat.wire import (
    MalformedAnswer,
    ServerRefused,
    dumps,
    loads_object,
    refusal,
)
from app.errors import InvalidInput, Offline, SessionExpired

API_PATH = "/api/v1/"
# Rocket.Chat's defaults: API_Enable_Rate_Limiter_Limit_Calls_Default / _Time_Default.
DEFAULT_CALLS_PER_WINDOW = 10
DEFAULT_WINDOW_S = 60.0
# Added to the window on this side: calls leave together but may arrive a little apart.
_WINDOW_MARGIN_S = 1.0
# How many 429s in a row one call waits out before it gives up and says so.
_MAX_RATE_LIMITED = 3
# Redirects a file download follows: Rocket.Chat answers 302 to a signed storage address when its
# files are kept in S3, Google Cloud Storage or WebDAV without its proxy.
_MAX_FILE_REDIRECTS = 3
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_FILE_CHUNK = 64 * 1024


class CertificateNotVerified(Offline):
    """The server's TLS certificate could not be verified: Omnidesk did not talk to it."""

    code = "certificate-not-verified"


def tls_context(ca_file: Path | None = None) -> ssl.SSLContext:
    """A verifying TLS context (hostname checked, certificate required): the system's roots,
    certifi's, and `ca_file`'s certificates (PEM) when given."""
    context = ssl.create_default_context()
    try:
        import certifi  # noqa: PLC0415  (httpx's own roots; a dependency of httpx)

        context.load_verify_locations(cafile=certifi.where())
    except (ImportError, OSError, ssl.SSLError):
        pass  # the system's roots remain; a custom CA file can still be given
    if ca_file is not None:
        try:
            context.load_verify_locations(cafile=str(ca_file))
        except (OSError, ssl.SSLError, ValueError) as error:
            raise InvalidInput(
                f"The certificate authority file {ca_file} could not be read as PEM certificates "
                f"({getattr(error, 'strerror', None) or error})."
            ) from error
    return context


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How often an idempotent call is tried in all, and how long it waits between tries."""

    attempts: int = 4
    backoff: Backoff = field(default_factory=lambda: Backoff(first=0.5, cap=8.0))


class RouteBudget:
    """How many calls each route may still make now, kept on this side so that Omnidesk does not
    meet Rocket.Chat's rate limiter in normal use (Picard's per-host rate control is the model).

    State, per route (Rocket.Chat limits each route separately):
    - `_sent`: when the last calls were sent (at most `limit` of them are kept);
    - `_limits`: the route's limit, Rocket.Chat's default until an X-RateLimit-Limit says;
    - `_blocked_until`: a monotonic instant before which nothing is sent (a 429 or a
      "0 remaining" answer said so).
    """

    def __init__(
        self,
        timing: Timing,
        calls: int = DEFAULT_CALLS_PER_WINDOW,
        window_s: float = DEFAULT_WINDOW_S,
    ) -> None:
        self._timing = timing
        self._default_limit = calls
        self._window = window_s + _WINDOW_MARGIN_S
        self._sent: dict[str, deque[float]] = {}
        self._limits: dict[str, int] = {}
        self._blocked_until: dict[str, float] = {}

    def wait_before(self, route: str) -> float:
        """Seconds to wait before `route` may be called (0: now)."""
        now = self._timing.monotonic()
        wait = self._blocked_until.get(route, now) - now
        sent = self._sent.get(route)
        if sent:
            while sent and sent[0] <= now - self._window:
                sent.popleft()
            if len(sent) >= self._limits.get(route, self._default_limit):
                wait = max(wait, sent[0] + self._window - now)
        return max(0.0, wait)

    def spend(self, route: str) -> None:
        limit = self._limits.get(route, self._default_limit)
        self._sent.setdefault(route, deque(maxlen=max(1, limit))).append(self._timing.monotonic())

    def block(self, route: str, seconds: float) -> None:
        until = self._timing.monotonic() + max(0.0, seconds)
        self._blocked_until[route] = max(self._blocked_until.get(route, until), until)

    def learn_limit(self, route: str, limit: int) -> None:
        if limit > 0 and limit != self._limits.get(route, self._default_limit):
            self._limits[route] = limit
            self._sent[route] = deque(self._sent.get(route, ()), maxlen=limit)


@dataclass(frozen=True, slots=True)
class RestAuth:
    user_id: str
    token: str


class RestClient:
    """One Rocket.Chat server's REST API; one instance (one connection pool) per server."""

    def __init__(
        self,
        server_url: str,
        *,
        ca_file: Path | None = None,
        timeout_s: float = 20.0,
        retry: RetryPolicy | None = None,
        timing: Timing | None = None,
        calls_per_window: int = DEFAULT_CALLS_PER_WINDOW,
        window_s: float = DEFAULT_WINDOW_S,
        longest_rate_limit_wait_s: float = 5 * 60.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.server_url = server_url.rstrip("/")
        self.host = urlsplit(self.server_url).netloc or self.server_url
        self.ssl_context = tls_context(ca_file)
        self.ca_file = ca_file
        self._timing = timing or Timing()
        self._retry = retry or RetryPolicy()
        self._budget = RouteBudget(self._timing, calls_per_window, window_s)
        self._longest_wait = longest_rate_limit_wait_s
        self._auth: RestAuth | None = None
        self._call_ids = itertools.count(1)
        self._http = httpx.AsyncClient(
            base_url=self.server_url + API_PATH,
            timeout=httpx.Timeout(timeout_s, connect=min(timeout_s, 10.0)),
            verify=self.ssl_context,
            trust_env=True,
            follow_redirects=False,
            headers={"User-Agent": f"Omnidesk/{appinfo.version()}", "Accept": "application/json"},
            transport=transport,
        )

    @property
    def auth(self) -> RestAuth | None:
        return self._auth

    def sign_with(self, auth: RestAuth | None) -> None:
        """Send `X-User-Id`/`X-Auth-Token` from now on (None: send none)."""
        self._auth = auth

    async def aclose(self) -> None:
        await self._http.aclose()

    # -- calls ---------------------------------------------------------------------------

    async def get(
        self, endpoint: str, params: Mapping[str, Any] | None = None, *, route: str | None = None
    ) -> dict[str, Any]:
        """GET `endpoint` (relative to /api/v1/): the answer's JSON object. `route` names the
        limiter's route when the path carries an id (Rocket.Chat limits per route pattern)."""
        return await self._request("GET", endpoint, params=params, idempotent=True, route=route)

    async def post(
        self,
        endpoint: str,
        body: Mapping[str, Any] | Sequence[Any] | None = None,
        *,
        idempotent: bool = False,
        route: str | None = None,
        signing_in: bool = False,
        headers: Mapping[str, str] | None = None,
    ) -> dict[str, Any]:
        """POST `body` (JSON: an object, or a list for the few routes that take one) to `endpoint`.
        `idempotent`: sending it twice does what sending it once does, so it may be retried.
        `signing_in`: a 401 is the server's refusal of these credentials (a `ServerRefused`), not
        an expired session. `headers` go with this call only (a second factor's `X-2fa-Code`)."""
        return await self._request(
            "POST", endpoint, body=body, idempotent=idempotent, route=route, signing_in=signing_in,
            headers=headers,
        )

    async def put(
        self, endpoint: str, body: Mapping[str, Any], *, route: str | None = None
    ) -> dict[str, Any]:
        """PUT `body` (JSON) to `endpoint`; never retried here (its caller decides whether a
        resend is safe)."""
        return await self._request("PUT", endpoint, body=body, idempotent=False, route=route)

    async def delete(self, endpoint: str, *, route: str | None = None) -> dict[str, Any]:
        """DELETE `endpoint`; never retried here."""
        return await self._request("DELETE", endpoint, idempotent=False, route=route)

    async def post_file(
        self,
        endpoint: str,
        *,
        field_name: str,
        name: str,
        media_type: str,
        stream: BinaryIO,
        idempotent: bool = False,
        route: str | None = None,
    ) -> dict[str, Any]:
        """POST the open file `stream` as the multipart/form-data field `field_name` (a browser's
        upload: `name` and `media_type` are the part's filename and Content-Type), read from its
        start on every try. Retried as `post` is; answered as `post` is."""

        def parts() -> dict[str, Any]:
            stream.seek(0)
            return {field_name: (name, stream, media_type)}

        return await self._request("POST", endpoint, files=parts, idempotent=idempotent, route=route)

    async def file_chunks(self, path: str) -> AsyncGenerator[bytes, None]:
        """The bytes of a file the server serves outside the API (`/file-upload/<id>/<name>`), as
        they arrive. Signed with the X-User-Id/X-Auth-Token headers, never with the token in the
        address (where a proxy's or the server's access log would keep it); a redirect to another
        address (a signed storage address) is followed without them, and only over TLS unless it
        stays on this server. Raises Offline (unreachable, or the link broke mid-file) and
        ServerRefused with error id `http-<status>` (403: not this user's to read; 404: gone).
        Not paced: Rocket.Chat's REST limiter does not count these requests."""
        url = self.server_url + path
        headers = {**self._auth_headers(), "Accept": "*/*"}
        for _ in range(_MAX_FILE_REDIRECTS + 1):
            try:
                async with self._http.stream("GET", url, headers=headers) as response:
                    location = response.headers.get("Location")
                    if response.status_code in _REDIRECTS and location:
                        target = urljoin(url, location)
                        if _origin(target) != _origin(self.server_url):
                            if urlsplit(target).scheme != "https":
                                raise ServerRefused(
                                    f"The server sent {path} to an address without encryption: not followed.",
                                    error_id="insecure-redirect", endpoint=path, status=response.status_code)
                            headers = {"Accept": "*/*"}  # that address carries its own signature
                        url = target
                        continue
                    if response.status_code != 200:
                        raise ServerRefused(
                            f"The server answered {path} with HTTP {response.status_code}.",
                            error_id=f"http-{response.status_code}", endpoint=path,
                            status=response.status_code)
                    async for chunk in response.aiter_bytes(_FILE_CHUNK):
                        yield chunk
                    return
            except httpx.TransportError as error:
                raise self._unreachable(error) from error
        raise ServerRefused(f"The server redirected {path} too many times.", error_id="too-many-redirects",
                            endpoint=path)

    async def method_call(
        self, method: str, *params: Any, idempotent: bool = False, anonymous: bool = False
    ) -> Any:
        """A DDP method over REST, as Rocket.Chat's web client calls it: `POST method.call/<method>`
        with `{message: EJSON of {msg: 'method', id, method, params}}`; the answer's `message` is
        the EJSON of the DDP result. The method's result, or its Meteor error as ServerRefused.
        Rocket.Chat does not rate-limit these routes by route, but Meteor's DDP limiter may answer
        'too-many-requests' (the method did not run): that wait is honoured too."""
        kind = "method.callAnon" if anonymous else "method.call"
        endpoint = f"{kind}/{method}"
        for limited in itertools.count():
            call_id = str(next(self._call_ids))
            frame = {"msg": "method", "id": call_id, "method": method, "params": list(params)}
            answer = await self._request(
                "POST",
                f"{kind}/{quote(method, safe=':')}",
                body={"message": dumps(frame)},
                idempotent=idempotent,
                route=endpoint,
                paced=False,
            )
            message = answer.get("message")
            if not isinstance(message, str):
                raise MalformedAnswer(
                    f"The server's answer to {endpoint} has no 'message' string.", endpoint=endpoint
                )
            result = loads_object(message, endpoint=endpoint)
            if result.get("msg") != "result":
                raise MalformedAnswer(
                    f"The server's answer to {endpoint} is not a DDP result.", endpoint=endpoint
                )
            error = result.get("error")
            if error is None:
                return result.get("result")
            refused = refusal(error, endpoint=endpoint, status=None)
            wait = refused.rate_limit_wait_s
            if wait is None or limited >= _MAX_RATE_LIMITED:
                raise refused
            await self._wait_rate_limit(endpoint, wait, refused)
        raise AssertionError("unreachable")  # pragma: no cover  (itertools.count never ends)

    # -- the one request loop --------------------------------------------------------------

    async def _request(
        self,
        http_method: str,
        endpoint: str,
        *,
        params: Mapping[str, Any] | None = None,
        body: Mapping[str, Any] | Sequence[Any] | None = None,
        idempotent: bool,
        route: str | None = None,
        signing_in: bool = False,
        paced: bool = True,
        files: Callable[[], Mapping[str, Any]] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> dict[str, Any]:
        name = route or endpoint
        route_key = f"{http_method} {name}"
        failures = 0
        limited = 0
        while True:
            if paced:
                await self._pace(route_key)
            try:
                response = await self._http.request(
                    http_method,
                    endpoint,
                    params=params,
                    json=body if http_method not in ("GET", "DELETE") and files is None else None,
                    files=files() if files is not None else None,
                    headers={**self._auth_headers(), **(headers or {})},
                )
            except httpx.TransportError as error:
                unreachable = self._unreachable(error)
                retry = idempotent or _never_sent(error)
                failures += 1
                if isinstance(unreachable, CertificateNotVerified) or not retry or (
                    failures >= self._retry.attempts
                ):
                    raise unreachable from error
                await self._timing.sleep(self._retry.backoff.delay(failures - 1, self._timing))
                continue
            if paced:
                self._learn(route_key, response)
            status = response.status_code
            if status == 429:
                refused = refusal(
                    _json_or_none(response), endpoint=name, status=429,
                    fallback_id="error-too-many-requests",
                )
                limited += 1
                if limited > _MAX_RATE_LIMITED:
                    raise refused
                wait = self._rate_limit_wait(response, failures + limited)
                await self._wait_rate_limit(
                    name, wait, refused, route_key=route_key if paced else None
                )
                continue
            if status >= 500 and idempotent and failures + 1 < self._retry.attempts:
                failures += 1
                await self._timing.sleep(self._retry.backoff.delay(failures - 1, self._timing))
                continue
            return self._answer(response, name, signing_in=signing_in)

    async def _pace(self, route_key: str) -> None:
        while (wait := self._budget.wait_before(route_key)) > 0:
            await self._timing.sleep(wait)
        self._budget.spend(route_key)

    async def _wait_rate_limit(
        self, endpoint: str, wait: float, refused: ServerRefused, *, route_key: str | None = None
    ) -> None:
        if wait > self._longest_wait:
            raise ServerRefused(
                f"The server asks Omnidesk to wait {round(wait)} s before calling {endpoint} again.",
                error_id=refused.error_id, endpoint=endpoint, status=refused.status,
                details=refused.details,
            )
        if route_key is not None:
            self._budget.block(route_key, wait)  # _pace sleeps it, and holds back other callers
        else:
            await self._timing.sleep(wait)

    def _rate_limit_wait(self, response: httpx.Response, attempt: int) -> float:
        """How long a 429 asks to wait: X-RateLimit-Reset (epoch ms, read against the answer's own
        Date so a wrong clock here does not matter), else Retry-After, else a backoff."""
        # Never less than a backoff: a reset already past (a clock off somewhere) must not make
        # the calls that follow hammer the server.
        floor = self._retry.backoff.delay(max(0, attempt - 1), self._timing)
        reset = _number(response.headers.get("X-RateLimit-Reset"))
        if reset is not None:
            now = _http_date(response.headers.get("Date")) or self._timing.wall()
            return max(floor, reset / 1000 - now)
        retry_after = response.headers.get("Retry-After")
        if retry_after is not None:
            seconds = _number(retry_after)
            if seconds is None:
                when = _http_date(retry_after)
                seconds = None if when is None else when - self._timing.wall()
            if seconds is not None:
                return max(floor, seconds)
        return floor

    def _learn(self, route_key: str, response: httpx.Response) -> None:
        """Every answer of a limited route says how much of its window is left: use it."""
        limit = _number(response.headers.get("X-RateLimit-Limit"))
        if limit is not None:
            self._budget.learn_limit(route_key, int(limit))
        remaining = _number(response.headers.get("X-RateLimit-Remaining"))
        if remaining is not None and remaining <= 0 and response.status_code != 429:
            reset = _number(response.headers.get("X-RateLimit-Reset"))
            if reset is not None:
                now = _http_date(response.headers.get("Date")) or self._timing.wall()
                self._budget.block(route_key, reset / 1000 - now)

    def _auth_headers(self) -> dict[str, str]:
        if self._auth is None:
            return {}
        return {"X-User-Id": self._auth.user_id, "X-Auth-Token": self._auth.token}

    # -- answers -----------------------------------------------------------------------------

    def _answer(self, response: httpx.Response, endpoint: str, *, signing_in: bool) -> dict[str, Any]:
        status = response.status_code
        if status == 401 and not signing_in:
            raise SessionExpired(
                f"The server at {self.host} no longer accepts this sign-in: sign in again."
            )
        if 200 <= status < 300:
            body = loads_object(response.content, endpoint=endpoint)
            if body.get("success") is False:
                raise refusal(body, endpoint=endpoint, status=status)
            return body
        parsed = _json_or_none(response)
        if parsed is None:
            what = "an internal error" if status >= 500 else "an error"
            raise ServerRefused(
                f"The server answered {endpoint} with {what} (HTTP {status}).",
                error_id=f"http-{status}", endpoint=endpoint, status=status,
            )
        raise refusal(parsed, endpoint=endpoint, status=status, fallback_id=f"http-{status}")

    def _unreachable(self, error: httpx.TransportError) -> Offline:
        return unreachable(self.host, error)


def unreachable(host: str, error: BaseException) -> Offline:
    """What failing to reach `host` with `error` means for the user: CertificateNotVerified when
    its certificate could not be verified, else Offline saying why (refused, not found, timed out)."""
    certificate = _certificate_problem(error)
    if certificate is not None:
        return CertificateNotVerified(
            f"The certificate of {host} could not be verified ({certificate}), so Omnidesk "
            "did not connect. If your organisation uses its own certificate authority, give "
            "its CA file in the server's settings."
        )
    return Offline(f"The server at {host} cannot be reached: {_why_unreachable(error)}.")


def _never_sent(error: httpx.TransportError) -> bool:
    """The request cannot have reached the server: retrying cannot do anything twice."""
    return isinstance(error, (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout))


def _causes(error: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in seen and len(seen) < 10:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def _certificate_problem(error: BaseException) -> str | None:
    for cause in _causes(error):
        if isinstance(cause, ssl.SSLCertVerificationError):
            return cause.verify_message or "not trusted"
        if "CERTIFICATE_VERIFY_FAILED" in str(cause):
            return "not trusted"
    return None


def _why_unreachable(error: BaseException) -> str:
    causes = _causes(error)
    if any(isinstance(c, socket.gaierror) for c in causes):
        return "its name could not be found"
    if any(isinstance(c, ConnectionRefusedError) for c in causes):
        return "it refused the connection"
    if any(isinstance(c, ssl.SSLError) for c in causes):
        return "a secure connection could not be set up"
    if isinstance(error, httpx.ProxyError):
        return "the proxy refused the connection"
    if isinstance(error, (httpx.TimeoutException, TimeoutError)):
        return "it did not answer in time"
    if isinstance(error, httpx.ConnectError):
        return "the connection could not be opened"
    return "the connection broke"


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme.lower(), parts.netloc.lower()


def _json_or_none(response: httpx.Response) -> Any:
    try:
        return response.json()
    except (ValueError, UnicodeDecodeError):
        return None


def _number(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        value = float(text.strip())
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None


def _http_date(text: str | None) -> float | None:
    if not text:
        return None
    try:
        return email.utils.parsedate_to_datetime(text).timestamp()
    except (TypeError, ValueError, IndexError):
        return None
