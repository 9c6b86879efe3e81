"""One logical GET on the wire: the host map, the address guard, redirects followed by hand, the
body cap, the overall deadline, pacing and retries.

Every request, redirect targets included, goes through the host map and the address guard; each
redirect hop is checked (an unusable URL, a loop, too many hops: an unreadable answer) and
recorded. A body is decoded under the cap while it is read (`quitx._http.body`), and the whole
request — connection, headers, every byte — must finish within ``request_deadline``: a server that
drips a byte at a time never trips the per-read timeout. A request takes a token of its server's
`quitx._http.limits.Bucket` first (waiting for a reset holds no slot), then a slot of its
`quitx._http.gates.HostGate`, then one of the global ``concurrency``. Retries wait out
``Retry-After`` / the rate-limit reset when the wait is within ``max_rate_limit_wait`` (a longer
one is an answer at once: unknown, with ``retry_after``); a refused connection is tried again.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import re
import time
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import replace
from urllib.parse import SplitResult, urljoin, urlsplit

import httpx

from .._urls import PLAIN_AUTHORITY, unusable_url
from ..config import Settings, mapped_on
from ..models import Reason
from .body import ACCEPT_ENCODING, Body
from .gates import HOST_STATE_SIZE, Hosts, strained
from .guard import AddressGuard
from .limits import DEFAULT_429_WAIT, RETRY_STATUSES, parse_reset, retry_after
from .pools import HOST_EXTENSION, Exchange, PerHostTransport
from .result import HttpResult, describe_exception

__all__ = ["Fetcher", "TtlOf"]

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
# what httpx's client would add to a request sent straight to a transport
_DEFAULT_HEADERS = {"Accept": "*/*", "Accept-Encoding": ACCEPT_ENCODING, "Connection": "keep-alive"}

TtlOf = Callable[[int, Mapping[str, str]], float | None]  # how long the disk cache may keep an answer


class Fetcher:
    """Sends GETs for one engine: its client (or its pools, straight), its per-server state and
    its counters (``requests``: every send, retries included; ``http429``: answers 429 received)."""

    def __init__(self, settings: Settings, client: httpx.AsyncClient | None) -> None:
        self.settings = settings
        self._own_client = client is None
        pools = (
            PerHostTransport(settings.per_host_concurrency, idle_pools=max(32, settings.concurrency))
            if client is None
            else None
        )
        self._client = client or httpx.AsyncClient(
            timeout=httpx.Timeout(settings.timeout),
            follow_redirects=False,
            # a small pool per host, not one big pool: see quitx._http.pools
            transport=pools,
        )
        # our own client, without a proxy from the environment, adds nothing the engine needs (it
        # follows no redirect, keeps no cookie, has no auth): requests go straight to the pools,
        # which saves ~0.2 ms of CPU per request (a tenth of a batch's CPU). A proxy keeps the client.
        self.direct: httpx.AsyncBaseTransport | None = (
            pools if pools is not None and not urllib.request.getproxies() else None
        )
        self._timeout = httpx.Timeout(settings.timeout).as_dict()
        self._global = asyncio.Semaphore(settings.concurrency)
        self.hosts = Hosts(settings)
        # a client passed in is the caller's: its transport decides where requests may go
        self.guard = AddressGuard(settings, enabled=client is None)
        self._bases: dict[str, SplitResult | None] = {}  # host -> its host map base, split
        self._allowed: dict[str, bool] = {}  # host -> settings.allows(host)
        self.requests = 0
        self.http429 = 0

    async def aclose(self) -> None:
        if self._own_client:
            await self._client.aclose()

    def _mapped(self, host: str) -> SplitResult | None:
        """The host map's base for ``host``, split (computed once per host: a wildcard entry is
        looked for label by label)."""
        try:
            return self._bases[host]
        except KeyError:
            pass
        if len(self._bases) >= HOST_STATE_SIZE:
            self._bases.clear()
        base = self.settings.mapped_base(host)
        split = self._bases[host] = urlsplit(base) if base is not None else None
        return split

    def allows(self, host: str) -> bool:
        """`quitx.config.Settings.allows`, remembered per host."""
        allowed = self._allowed.get(host)
        if allowed is None:
            if len(self._allowed) >= HOST_STATE_SIZE:
                self._allowed.clear()
            allowed = self._allowed[host] = self.settings.allows(host)
        return allowed

    def physical(self, url: str, parts: SplitResult | None = None) -> tuple[str, dict[str, str]]:
        """Apply the host map: the URL to connect to and the extra headers (Host)."""
        if parts is None:
            parts = urlsplit(url)
        b = self._mapped(parts.hostname or "")
        if b is None:
            return url, {}
        return mapped_on(b, parts), {"Host": parts.netloc}

    async def get(
        self, url: str, *, accept: str | None, max_bytes: int | None, ttl_of: TtlOf | None
    ) -> tuple[HttpResult, float | None]:
        """The answer after redirects, and how long the disk cache may keep it (``None``: not at
        all; ``ttl_of`` None: no cache, so nothing to compute)."""
        started = time.monotonic()
        hops: list[tuple[str, int]] = []
        current = url
        seen = {url}
        ttl: float | None = math.inf if ttl_of is not None else None
        while True:
            result = await self._get_one(
                current, accept=accept, max_bytes=max_bytes, origin=url, started=started
            )
            if (
                ttl is not None and ttl_of is not None
            ):  # the chain is kept as long as its shortest-lived answer
                hop_ttl = None if result.status is None else ttl_of(result.status, result.headers)
                ttl = None if hop_ttl is None else min(ttl, hop_ttl)
            if result.status not in _REDIRECTS:
                return _with(result, hops=tuple(hops), started=started), ttl
            hops.append((current, result.status or 0))
            target, problem = _next_hop(current, result, seen, len(hops), self.settings.max_redirects)
            if problem is not None:
                failed = _with(
                    result, hops=tuple(hops), started=started, failure=Reason.BAD_RESPONSE, error=problem
                )
                return failed, None
            seen.add(target)
            current = target

    async def _get_one(
        self, url: str, *, accept: str | None, max_bytes: int | None, origin: str, started: float
    ) -> HttpResult:
        settings = self.settings
        cap = max_bytes or settings.max_body_bytes
        parts = urlsplit(url)
        if not self.allows(parts.hostname or ""):
            return HttpResult(
                "GET",
                origin,
                url,
                None,
                failure=Reason.NETWORK_ERROR,
                error="refused: host is not in the host map (only_mapped_hosts is on)",
            )
        guard = await self.guard.refusal(parts.hostname or "")
        if guard is not None:
            return HttpResult("GET", origin, url, None, failure=Reason.NETWORK_ERROR, error=guard)
        physical, extra = self.physical(url, parts)
        # the encodings the engine decodes itself, under the cap (quitx._http.body)
        headers = {"User-Agent": settings.user_agent, "Accept-Encoding": ACCEPT_ENCODING, **extra}
        if accept:
            headers["Accept"] = accept
        host = parts.netloc.lower()
        hosts = self.hosts
        server = hosts.server_of(host)
        gate = hosts.gate(server)
        bucket = hosts.bucket(server, parts.path)
        attempt = 0
        while True:
            # a token first, outside every semaphore: waiting for a reset holds no slot
            refused, probe = await bucket.acquire(settings.max_rate_limit_wait)
            if refused is not None:
                return HttpResult(
                    "GET",
                    origin,
                    url,
                    None,
                    failure=Reason.RATE_LIMITED,
                    retry_after=refused,
                    error=f"{host} asked to wait {refused:.0f} s "
                    f"(more than {settings.max_rate_limit_wait:g} s)",
                )
            sent = False
            outcome: tuple[int, dict[str, str], bytes, bool] | Exception | None = None
            elapsed: float | None = None
            try:
                await gate.acquire()
                try:
                    async with self._global:
                        sent = True
                        self.requests += 1
                        t0 = time.monotonic()
                        try:
                            async with asyncio.timeout(settings.request_deadline):
                                outcome = await self._send(physical, headers, cap, host)
                            elapsed = time.monotonic() - t0
                        except Exception as exc:
                            outcome = exc
                finally:
                    gate.release(strained=strained(outcome), elapsed=elapsed)
            finally:
                if not sent:
                    bucket.cancel(probe)
                elif isinstance(outcome, tuple):
                    bucket.release(probe, outcome[0], outcome[1])
                else:
                    bucket.release(probe, None, {})
            if not isinstance(outcome, tuple):
                problem = outcome if outcome is not None else RuntimeError("no answer")
                reason, text = describe_exception(problem, settings)
                retry = reason is Reason.NETWORK_ERROR and isinstance(problem, httpx.ConnectError)
                if retry and attempt < settings.retries and "DNS" not in text:
                    attempt += 1
                    await asyncio.sleep(0.2 * 2**attempt)
                    continue
                return HttpResult("GET", origin, url, None, failure=reason, error=text)
            status, resp_headers, body, truncated = outcome
            failure: Reason | None = None
            error: str | None = None
            if status == 429:
                self.http429 += 1
                wait = parse_reset(resp_headers)
                wait_for = DEFAULT_429_WAIT if wait is None else wait
                if attempt < settings.retries and wait_for <= settings.max_rate_limit_wait:
                    attempt += 1
                    continue  # the bucket now pauses until the reset, then one request goes alone
                failure = Reason.RATE_LIMITED
                error = "HTTP 429 rate limited" + (f", reset in {wait:.0f} s" if wait is not None else "")
            else:
                wait = retry_after(resp_headers) if status >= 500 else None
                if (
                    status in RETRY_STATUSES
                    and attempt < settings.retries
                    and (wait is None or wait <= settings.max_rate_limit_wait)
                ):
                    attempt += 1
                    if wait is None:
                        pause = min(0.5 * attempt, settings.max_rate_limit_wait)
                        hosts.slept(host, pause)
                        await asyncio.sleep(pause)
                    continue  # after a Retry-After, the bucket pauses until then (the server asked)
                # a Retry-After longer than we wait: unknown at once, with when to come back
                if status >= 500:
                    failure, error = Reason.SERVER_ERROR, f"HTTP {status} server error"
                    if wait is not None:
                        error += f", retry after {wait:.0f} s"
                elif status in (401, 403):
                    failure, error = Reason.UNAUTHORIZED, f"HTTP {status}: the server requires login"
            return HttpResult(
                "GET",
                origin,
                url,
                status,
                resp_headers,
                body,
                truncated,
                failure=failure,
                error=error,
                retry_after=wait,
            )

    async def _send(
        self, url: str, headers: dict[str, str], cap: int, host: str
    ) -> tuple[int, dict[str, str], bytes, bool]:
        direct = self.direct
        if isinstance(direct, PerHostTransport) and (wire := _on_the_wire(url)) is not None:
            # the common case, sent without building httpx's request and response objects (a
            # third of the engine's own CPU time per request): a plain URL, as httpx would send it
            origin, target, netloc = wire
            raw = [(b"Host", headers.get("Host", netloc).encode("ascii"))]
            raw += [(k.encode("ascii"), v.encode("ascii")) for k, v in headers.items() if k != "Host"]
            raw += _WIRE_DEFAULTS
            exchange = await direct.request(host, origin, b"GET", target, raw, self._timeout)
            try:
                return await _read_exchange(exchange, cap)
            finally:
                exchange.close()
        if direct is not None:
            request = httpx.Request(
                "GET",
                url,
                headers={**_DEFAULT_HEADERS, **headers},
                extensions={"timeout": self._timeout, HOST_EXTENSION: host},
            )
            response = await direct.handle_async_request(request)
            try:
                return await _read(response, cap)
            finally:
                await response.aclose()
        async with self._client.stream(
            "GET", url, headers=headers, follow_redirects=False, extensions={HOST_EXTENSION: host}
        ) as response:
            return await _read(response, cap)


def _next_hop(
    current: str, result: HttpResult, seen: set[str], hops: int, max_hops: int
) -> tuple[str, str | None]:
    """Where a redirect leads, and why it is not followed (``None``: it is)."""
    location = result.headers.get("location")
    if not location:
        return "", f"HTTP {result.status} redirect without Location"
    try:
        target = urljoin(current, location.strip())
    except ValueError:
        target = location.strip()
    problem = unusable_url(target)
    if problem is not None:
        if problem == "not an http(s) URL":
            problem = "a non-HTTP URL"
        return target, f"redirect to {problem}: {target[:200]}"
    if target in seen:
        return target, f"redirect loop at {target[:200]}"
    if hops > max_hops:
        return target, f"more than {max_hops} redirects"
    return target, None


_WIRE_DEFAULTS = [(b"Connection", b"keep-alive")]
# a request target httpx would send unchanged (nothing it would percent-encode)
_PLAIN_TARGET = re.compile(r"/(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})*")


def _on_the_wire(url: str) -> tuple[tuple[bytes, bytes, int], bytes, str] | None:
    """``(origin, request target, Host)`` for a URL httpx would send unchanged: a plain host (see
    `quitx._urls.PLAIN_AUTHORITY`) and a target with nothing to percent-encode; else None."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or url.endswith("?"):
        return None
    if not PLAIN_AUTHORITY.fullmatch(parts.netloc):
        return None
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    if not _PLAIN_TARGET.fullmatch(target):
        return None
    host = (parts.hostname or "").lower()
    default = 443 if parts.scheme == "https" else 80
    port = parts.port or default
    netloc = host if port == default else f"{host}:{port}"
    return (parts.scheme.encode("ascii"), host.encode("ascii"), port), target.encode("ascii"), netloc


async def _read_exchange(exchange: Exchange, cap: int) -> tuple[int, dict[str, str], bytes, bool]:
    """What `_read` gives, from the engine's own transport (`quitx._http.pools.Exchange`)."""
    headers = exchange.headers
    body = Body(headers.get("content-encoding", ""), cap)
    async with contextlib.aclosing(exchange.chunks()) as chunks:
        async for chunk in chunks:
            if body.feed(chunk):
                break
    data = body.close()
    return exchange.status, headers, data, body.truncated


async def _read(response: httpx.Response, cap: int) -> tuple[int, dict[str, str], bytes, bool]:
    """Status, headers (lower-case names), the decoded body up to ``cap`` bytes, and whether it was
    cut. The bytes come raw from the wire and are decoded under the cap (`quitx._http.body`)."""
    headers = {k.lower(): v for k, v in response.headers.items()}
    try:  # a response built in memory (a test's mock transport) comes read and decoded already
        ready: bytes | None = response.content
    except httpx.ResponseNotRead:
        ready = None
    body = Body("" if ready is not None else headers.get("content-encoding", ""), cap)
    if ready is not None:
        body.feed(ready)
    else:
        async for chunk in response.aiter_raw():
            if body.feed(chunk):
                break
    data = body.close()
    return response.status_code, headers, data, body.truncated


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
