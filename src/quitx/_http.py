"""The one HTTP engine every anonymous read goes through.

It owns, in one place: the user agent and timeouts, the host map (every request,
redirect targets included), redirects followed by hand (each hop checked and
recorded), body size caps, per-host and global concurrency, pacing from the
servers' own rate-limit headers, retries that wait out ``Retry-After`` /
``X-RateLimit-Reset`` (ISO-8601, Mastodon) / ``RateLimit-Reset`` (epoch,
Bluesky), and the mapping of every failure to a :class:`~quitx.models.Reason`.

It never raises for an HTTP status or a network failure: a request always
gives an :class:`HttpResult`, and the probes decide what it proves.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import email.utils
import json
import ssl
import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import TracebackType
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx

from .config import Settings
from .models import Evidence, Reason

__all__ = ["HttpEngine", "HttpResult", "parse_reset"]

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_RETRY_STATUSES = frozenset({502, 503, 504})


@dataclass(frozen=True)
class HttpResult:
    """What one logical GET gave, after redirects and retries."""

    method: str
    url: str  # the URL quitx asked for (before the host map)
    final_url: str  # after redirects (before the host map)
    status: int | None  # None: nothing came back
    headers: Mapping[str, str] = field(default_factory=dict)  # lower-case names
    body: bytes = b""
    truncated: bool = False
    elapsed_ms: int = 0
    failure: Reason | None = None  # why nothing usable came back (network, 429, 5xx…)
    error: str | None = None  # human text for the failure
    retry_after: float | None = None  # seconds, when rate limited
    hops: tuple[tuple[str, int], ...] = ()  # redirects followed: (url, status)

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300

    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def json(self) -> Any:
        """The body as JSON (``None`` if it is not JSON): validate it with a model at once."""
        try:
            return json.loads(self.body)
        except ValueError:
            return None

    def request_line(self) -> str:
        line = f"{self.method} {self.url}"
        if self.final_url != self.url:
            line += f" -> {self.final_url}"
        return line

    def evidence(self, step: str, outcome: str) -> Evidence:
        return Evidence(
            step=step,
            request=self.request_line(),
            status=self.status,
            outcome=outcome,
            elapsed_ms=self.elapsed_ms,
        )

    def describe_failure(self) -> str:
        """A short fact for evidence: "timeout after 5.0 s", "HTTP 503", "HTTP 401"…"""
        if self.error:
            return self.error
        return f"HTTP {self.status}"


def parse_reset(headers: Mapping[str, str], now: float | None = None) -> float | None:
    """Seconds to wait before the server accepts requests again, from its headers.

    ``Retry-After`` (seconds or HTTP date), ``X-RateLimit-Reset`` (Mastodon: an
    ISO-8601 timestamp) and ``RateLimit-Reset`` (Bluesky: epoch seconds; the IETF
    draft: seconds from now). ``None`` if no header says.
    """
    now = time.time() if now is None else now
    waits: list[float] = []
    retry_after = headers.get("retry-after")
    if retry_after:
        value = retry_after.strip()
        if value.isdigit():
            waits.append(float(value))
        else:
            try:
                when = email.utils.parsedate_to_datetime(value)
            except (TypeError, ValueError):
                when = None
            if when is not None:
                if when.tzinfo is None:
                    when = when.replace(tzinfo=dt.UTC)
                waits.append(when.timestamp() - now)
    for name in ("x-ratelimit-reset", "ratelimit-reset"):
        raw = headers.get(name)
        if not raw:
            continue
        raw = raw.strip()
        try:
            number = float(raw)
        except ValueError:
            try:
                when = dt.datetime.fromisoformat(raw.replace("Z", "+00:00"))
            except ValueError:
                continue
            if when.tzinfo is None:
                when = when.replace(tzinfo=dt.UTC)
            waits.append(when.timestamp() - now)
        else:
            # an epoch timestamp is large; a delta is small
            waits.append(number - now if number > 1_000_000_000 else number)
    if not waits:
        return None
    return max(0.0, max(waits))


def _remaining(headers: Mapping[str, str]) -> int | None:
    for name in ("x-ratelimit-remaining", "ratelimit-remaining"):
        raw = headers.get(name)
        if raw is not None:
            try:
                return int(float(raw.strip()))
            except ValueError:
                return None
    return None


def _describe_exception(exc: Exception, timeout: float) -> tuple[Reason, str]:
    if isinstance(exc, httpx.TimeoutException):
        return Reason.TIMEOUT, f"timeout after {timeout:g} s ({type(exc).__name__})"
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, ssl.SSLError):
            return Reason.NETWORK_ERROR, f"TLS error: {cause.reason or cause}"
        if isinstance(cause, OSError) and type(cause).__name__ == "gaierror":
            return Reason.NETWORK_ERROR, f"DNS: host name not resolved ({cause})"
        cause = cause.__cause__ or cause.__context__
    if isinstance(exc, httpx.ConnectError):
        return Reason.NETWORK_ERROR, f"connection failed: {exc}"
    if isinstance(exc, httpx.HTTPError):
        return Reason.NETWORK_ERROR, f"{type(exc).__name__}: {exc}"
    return Reason.NETWORK_ERROR, f"{type(exc).__name__}: {exc}"


class _HostGate:
    """Per-host concurrency and pacing from the server's own rate-limit headers."""

    def __init__(self, limit: int) -> None:
        self.semaphore = asyncio.Semaphore(limit)
        self.not_before = 0.0  # monotonic time before which no request is sent

    def observe(self, headers: Mapping[str, str], status: int) -> None:
        remaining = _remaining(headers)
        if status == 429 or (remaining is not None and remaining <= 0):
            wait = parse_reset(headers)
            if wait is not None:
                self.not_before = max(self.not_before, time.monotonic() + wait)


class HttpEngine:
    """Async HTTP for every probe. Pass your own ``httpx.AsyncClient`` to add a
    transport, a proxy or a cache; quitx closes only the client it opened."""

    def __init__(self, settings: Settings, client: httpx.AsyncClient | None = None) -> None:
        self.settings = settings
        self._own_client = client is None
        self._client = client or httpx.AsyncClient(
            timeout=httpx.Timeout(settings.timeout),
            follow_redirects=False,
            limits=httpx.Limits(
                max_connections=settings.concurrency, max_keepalive_connections=settings.concurrency
            ),
        )
        self._global = asyncio.Semaphore(settings.concurrency)
        self._gates: dict[str, _HostGate] = {}
        self._memo: dict[tuple[str, str], asyncio.Task[HttpResult]] = {}
        self.requests_sent = 0

    async def __aenter__(self) -> HttpEngine:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        if self._own_client:
            await self._client.aclose()

    def _gate(self, host: str) -> _HostGate:
        gate = self._gates.get(host)
        if gate is None:
            gate = self._gates[host] = _HostGate(self.settings.per_host_concurrency)
        return gate

    def _physical(self, url: str) -> tuple[str, dict[str, str]]:
        """Apply the host map: the URL to connect to and the extra headers (Host)."""
        parts = urlsplit(url)
        host = parts.hostname or ""
        base = self.settings.mapped_base(host)
        if base is None:
            return url, {}
        b = urlsplit(base)
        path = b.path.rstrip("/") + (parts.path or "/")
        physical = urlunsplit((b.scheme, b.netloc, path, parts.query, ""))
        return physical, {"Host": parts.netloc}

    async def get(self, url: str, *, accept: str | None = None, max_bytes: int | None = None) -> HttpResult:
        """GET ``url`` once per engine: a second call for the same resource reuses the first answer."""
        key = (url, accept or "")
        task = self._memo.get(key)
        if task is None:
            task = asyncio.ensure_future(self._get(url, accept=accept, max_bytes=max_bytes))
            self._memo[key] = task
        return await asyncio.shield(task)

    async def _get(self, url: str, *, accept: str | None, max_bytes: int | None) -> HttpResult:
        started = time.monotonic()
        hops: list[tuple[str, int]] = []
        current = url
        seen = {url}
        while True:
            result = await self._get_one(
                current, accept=accept, max_bytes=max_bytes, origin=url, started=started
            )
            if result.status not in _REDIRECTS:
                return _with(result, hops=tuple(hops), started=started)
            location = result.headers.get("location")
            hops.append((current, result.status or 0))
            if not location:
                return _with(
                    result,
                    hops=tuple(hops),
                    started=started,
                    failure=Reason.BAD_RESPONSE,
                    error=f"HTTP {result.status} redirect without Location",
                )
            target = urljoin(current, location.strip())
            if urlsplit(target).scheme not in ("http", "https"):
                return _with(
                    result,
                    hops=tuple(hops),
                    started=started,
                    failure=Reason.BAD_RESPONSE,
                    error=f"redirect to a non-HTTP URL: {target[:200]}",
                )
            if target in seen:
                return _with(
                    result,
                    hops=tuple(hops),
                    started=started,
                    failure=Reason.BAD_RESPONSE,
                    error=f"redirect loop at {target[:200]}",
                )
            if len(hops) > self.settings.max_redirects:
                return _with(
                    result,
                    hops=tuple(hops),
                    started=started,
                    failure=Reason.BAD_RESPONSE,
                    error=f"more than {self.settings.max_redirects} redirects",
                )
            seen.add(target)
            current = target

    async def _get_one(
        self, url: str, *, accept: str | None, max_bytes: int | None, origin: str, started: float
    ) -> HttpResult:
        settings = self.settings
        cap = max_bytes or settings.max_body_bytes
        if not settings.allows(urlsplit(url).hostname or ""):
            return HttpResult(
                "GET",
                origin,
                url,
                None,
                failure=Reason.NETWORK_ERROR,
                error="refused: host is not in the host map (only_mapped_hosts is on)",
            )
        physical, extra = self._physical(url)
        headers = {"User-Agent": settings.user_agent, **extra}
        if accept:
            headers["Accept"] = accept
        host = urlsplit(url).netloc.lower()
        gate = self._gate(host)
        attempt = 0
        while True:
            async with gate.semaphore, self._global:
                pause = gate.not_before - time.monotonic()
                if pause > 0:
                    if pause > settings.max_rate_limit_wait:
                        return HttpResult(
                            "GET",
                            origin,
                            url,
                            None,
                            failure=Reason.RATE_LIMITED,
                            retry_after=pause,
                            error=f"{host} asked to wait {pause:.0f} s "
                            f"(more than {settings.max_rate_limit_wait:g} s)",
                        )
                    await asyncio.sleep(pause)
                self.requests_sent += 1
                try:
                    status, resp_headers, body, truncated = await self._send(physical, headers, cap)
                except Exception as exc:
                    reason, text = _describe_exception(exc, settings.timeout)
                    retry = reason is Reason.NETWORK_ERROR and isinstance(exc, httpx.ConnectError)
                    if retry and attempt < settings.retries and "DNS" not in text:
                        attempt += 1
                        await asyncio.sleep(0.2 * 2**attempt)
                        continue
                    return HttpResult("GET", origin, url, None, failure=reason, error=text)
                gate.observe(resp_headers, status)
            if status == 429:
                wait = parse_reset(resp_headers)
                wait_for = 1.0 if wait is None else wait
                if attempt < settings.retries and wait_for <= settings.max_rate_limit_wait:
                    attempt += 1
                    await asyncio.sleep(wait_for + 0.05)
                    continue
                return HttpResult(
                    "GET",
                    origin,
                    url,
                    status,
                    resp_headers,
                    body,
                    truncated,
                    failure=Reason.RATE_LIMITED,
                    retry_after=wait,
                    error="HTTP 429 rate limited" + (f", reset in {wait:.0f} s" if wait is not None else ""),
                )
            if status in _RETRY_STATUSES and attempt < settings.retries:
                attempt += 1
                wait = parse_reset(resp_headers)
                await asyncio.sleep(
                    min(wait if wait is not None else 0.5 * attempt, settings.max_rate_limit_wait)
                )
                continue
            failure: Reason | None = None
            error: str | None = None
            if status >= 500:
                failure, error = Reason.SERVER_ERROR, f"HTTP {status} server error"
            elif status in (401, 403):
                failure, error = Reason.UNAUTHORIZED, f"HTTP {status}: the server requires login"
            return HttpResult(
                "GET", origin, url, status, resp_headers, body, truncated, failure=failure, error=error
            )

    async def _send(
        self, url: str, headers: dict[str, str], cap: int
    ) -> tuple[int, dict[str, str], bytes, bool]:
        async with self._client.stream("GET", url, headers=headers, follow_redirects=False) as response:
            chunks: list[bytes] = []
            size = 0
            truncated = False
            async for chunk in response.aiter_bytes():
                chunks.append(chunk)
                size += len(chunk)
                if size > cap:
                    truncated = True
                    break
            body = b"".join(chunks)[:cap]
            return (
                response.status_code,
                {k.lower(): v for k, v in response.headers.items()},
                body,
                truncated,
            )


def _with(
    result: HttpResult,
    *,
    hops: tuple[tuple[str, int], ...],
    started: float,
    failure: Reason | None = None,
    error: str | None = None,
) -> HttpResult:
    return replace(
        result,
        hops=hops,
        elapsed_ms=int((time.monotonic() - started) * 1000),
        failure=failure or result.failure,
        error=error or result.error,
    )
