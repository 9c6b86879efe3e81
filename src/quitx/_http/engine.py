"""The one HTTP engine every anonymous read goes through.

It owns, in one place: the user agent and timeouts, the host map (every request,
redirect targets included), redirects followed by hand (each hop checked and
recorded), body size caps (on the decoded bytes, while decoding: `quitx._http.body`),
an overall deadline per request (``request_deadline``: a server that drips a byte
at a time never trips the per-read timeout), the address guard (URLs found on the
internet never reach private, loopback, link-local or translated addresses), the
refusal of URLs that cannot be requested (a bad IPv6 literal, a host that is not a
host name: an unreadable answer, never an exception), per-host and global
concurrency, pacing from the servers' own rate-limit headers, retries that wait
out ``Retry-After`` / ``X-RateLimit-Reset`` (ISO-8601, Mastodon) /
``RateLimit-Reset`` (epoch, Bluesky) when the wait is within
``max_rate_limit_wait`` (a longer one is an answer at once: unknown, with
``retry_after``), the in-run memo and the disk cache (`quitx._http.cache`), and the
mapping of every failure to a `quitx.models.Reason`.

Manners: a server that announces its limit must never answer 429. Each
(host, bucket) — ``api`` for ``/api/*`` (Mastodon throttles it apart), ``web``
for the rest — keeps a token budget learnt from every response's
``X-RateLimit-*`` / ``RateLimit-*`` headers. A token is taken *before* a request
is sent, so requests in flight count; after each answer the budget becomes the
server's ``Remaining`` minus what is still in flight (a conservative estimate:
it can only be too low). An empty budget waits for the reset, then ONE request
goes alone to learn the new window, and the others follow. Until a bucket's
first answer is in, its first request also goes alone; a bucket whose answers
carry no rate-limit header is paced by the per-host limit only (`_HostGate`:
``per_host_concurrency`` at most, less for a host that strains). Waiting
for a reset holds no connection slot, so other hosts go on meanwhile.

It never raises for an HTTP status or a network failure: a request always
gives an `HttpResult`, and the probes decide what it proves.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import email.utils
import hashlib
import ipaddress
import json
import math
import re
import socket
import ssl
import time
import urllib.request
from collections import OrderedDict, deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from types import TracebackType
from typing import Any, TypeVar
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx

from .._urls import unusable_url
from ..config import Settings
from ..models import Evidence, Reason
from .body import ACCEPT_ENCODING, Body, BodyError
from .cache import HttpCache, default_cache_dir
from .pools import HOST_EXTENSION, PerHostTransport

__all__ = ["EngineStats", "HttpEngine", "HttpResult", "is_public_address", "parse_reset"]

MEMO_SIZE = 2048  # answers kept for reuse within a run
HOST_STATE_SIZE = 1024  # per-server limits and budgets kept (idle, unpaused ones are forgotten first)
_K = TypeVar("_K")
_V = TypeVar("_V")
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
    from_cache: bool = False  # served from the disk cache, nothing sent (a probe may say "(cached)")

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300

    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def json(self) -> Any:
        """The body as JSON (``None`` if it is not JSON): validate it with a model at once.

        A lone surrogate escape (``"\\ud800"``) is valid JSON but no text: it would raise wherever
        the string is encoded (a URL, a file, the terminal), so it becomes U+FFFD here."""
        try:
            data = json.loads(self.body)
            return _no_lone_surrogates(data) if _SURROGATE_ESCAPE.search(self.body) else data
        except (ValueError, RecursionError):  # "[[[[…" a million deep must not crash a check
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


_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _no_lone_surrogates(data: Any) -> Any:
    if isinstance(data, str):
        return _LONE_SURROGATE.sub("\ufffd", data)
    if isinstance(data, list):
        return [_no_lone_surrogates(item) for item in data]
    if isinstance(data, dict):
        return {_no_lone_surrogates(k): _no_lone_surrogates(v) for k, v in data.items()}
    return data


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
        if value.isascii() and value.isdigit():
            waits.append(float(value))
        else:
            try:
                when = email.utils.parsedate_to_datetime(value)
            except (TypeError, ValueError, IndexError, OverflowError):
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
            except (ValueError, OverflowError):
                continue
            if when.tzinfo is None:
                when = when.replace(tzinfo=dt.UTC)
            waits.append(when.timestamp() - now)
        else:
            # an epoch timestamp is large; a delta is small
            waits.append(number - now if number > 1_000_000_000 else number)
    waits = [w for w in waits if math.isfinite(w)]  # "inf", "nan": a header that says nothing
    if not waits:
        return None
    return max(0.0, max(waits))


# Addresses that Python's ``is_global`` lets through (3.11 knows none of these) but that no URL
# found on the internet may reach: translation prefixes that lead to IPv4 addresses chosen by the
# URL (NAT64 64:ff9b::/96 and 64:ff9b:1::/48, 6to4 2002::/16 and its relay 192.88.99.0/24,
# Teredo 2001::/32, IPv4-mapped, -translated and -compatible ::/8), deprecated site-local
# fec0::/10, SRv6 SIDs 5f00::/16 and the documentation prefix 3fff::/20.
_NOT_PUBLIC = tuple(
    ipaddress.ip_network(net)
    for net in (
        "::/8",
        "64:ff9b::/96",
        "64:ff9b:1::/48",
        "2001::/32",
        "2002::/16",
        "3fff::/20",
        "5f00::/16",
        "fec0::/10",
        "192.88.99.0/24",
    )
)


def is_public_address(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Whether a URL found on the internet may reach ``address``: globally reachable, not multicast,
    and in no translation or special range (`_NOT_PUBLIC`)."""
    if not address.is_global or address.is_multicast:
        return False
    return not any(address.version == net.version and address in net for net in _NOT_PUBLIC)


async def _classify(host: str) -> str:
    """ "" when every address of ``host`` is public; else why it is refused."""
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    if literal is not None:
        addresses = [literal]
    else:
        try:
            infos = await asyncio.get_running_loop().getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
        except socket.gaierror as exc:
            return f"DNS: host name not resolved ({exc})"
        except (UnicodeError, ValueError) as exc:  # a name the resolver cannot even encode
            return f"DNS: host name not resolved ({type(exc).__name__})"
        addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]
    for address in addresses:
        if not is_public_address(address):
            return (
                f"refused: {host} resolves to a non-public address ({address}); see allow_private_addresses"
            )
    return ""


def _describe_exception(exc: Exception, settings: Settings) -> tuple[Reason, str]:
    if isinstance(exc, httpx.TimeoutException):
        return Reason.TIMEOUT, f"timeout after {settings.timeout:g} s ({type(exc).__name__})"
    if isinstance(exc, TimeoutError):
        return Reason.TIMEOUT, f"no complete answer within the {settings.request_deadline:g} s deadline"
    if isinstance(exc, BodyError):
        return Reason.BAD_RESPONSE, f"unreadable body: {exc}"
    if isinstance(exc, httpx.RemoteProtocolError) and "location header" in str(exc):
        # a caller's client builds the redirect request itself, and fails on a Location we would refuse
        return Reason.BAD_RESPONSE, f"redirect to an unusable URL ({exc})"
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, ssl.SSLError):
            return Reason.NETWORK_ERROR, f"TLS error: {cause.reason or cause}"
        cause = cause.__cause__ or cause.__context__
    unresolved = _gaierror(exc)
    if unresolved is not None:
        return Reason.NETWORK_ERROR, f"DNS: host name not resolved ({unresolved})"
    if isinstance(exc, httpx.ConnectError):
        return Reason.NETWORK_ERROR, f"connection failed: {exc}"
    if isinstance(exc, httpx.HTTPError):
        return Reason.NETWORK_ERROR, f"{type(exc).__name__}: {exc}"
    return Reason.NETWORK_ERROR, f"{type(exc).__name__}: {exc}"


def _retry_after(headers: Mapping[str, str]) -> float | None:
    """A 5xx's ``Retry-After`` in seconds (its rate-limit headers speak of the window, not of it)."""
    value = headers.get("retry-after")
    return None if value is None else parse_reset({"retry-after": value})


def _header_number(headers: Mapping[str, str], *names: str) -> int | None:
    for name in names:
        raw = headers.get(name)
        if raw is not None:
            try:
                return int(float(raw.strip()))
            except (ValueError, OverflowError):  # "nan", "inf"
                return None
    return None


def _limits(headers: Mapping[str, str], now: float | None = None) -> tuple[int, float] | None:
    """``(remaining, seconds to the reset)`` from a response's rate-limit headers, ``None`` if it has
    none. A missing or unreadable reset counts as one second (then the budget is learnt again)."""
    remaining = _header_number(headers, "x-ratelimit-remaining", "ratelimit-remaining")
    if remaining is None:
        return None
    reset = parse_reset(
        {k: v for k, v in headers.items() if k in ("x-ratelimit-reset", "ratelimit-reset")}, now=now
    )
    return max(0, remaining), 1.0 if reset is None else reset


# seconds added to a server's reset before the next window is used: its clock and ours differ a little
_RESET_MARGIN = 0.05
_DEFAULT_429_WAIT = 1.0  # a 429 without any reset header


class _Bucket:
    """The token budget of one (host, bucket): see the module docstring."""

    def __init__(self) -> None:
        self.learning = True  # the next request goes alone, the others wait for its answer
        self.probing = False  # that request is in flight
        self.limited = False  # answers carry rate-limit headers: the budget applies
        self.budget = 0  # requests that may still be sent before the reset
        self.reset_at = 0.0  # monotonic time of the server's next window
        self.pause_until = 0.0  # monotonic time before which nothing is sent (reset, 429)
        self.in_flight = 0  # tokens taken and not yet answered
        self.sleepers = 0  # requests waiting for pause_until
        self.waited = 0.0  # seconds this bucket was paused while someone waited
        self._accounted_until = 0.0
        self._changed = asyncio.Event()

    def _notify(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    async def acquire(self, max_wait: float) -> tuple[float | None, bool]:
        """Take a token: ``(None, probe)``, or ``(seconds, False)`` when the wait would exceed
        ``max_wait`` (nothing taken: the caller reports RATE_LIMITED)."""
        while True:
            now = time.monotonic()
            if self.pause_until > now:
                wait = self.pause_until - now
                if wait > max_wait:
                    return wait, False
                await self._sleep(now, wait)
                continue
            if self.learning:
                if self.probing:
                    await self._changed.wait()
                    continue
                self.probing = True
                self.in_flight += 1
                return None, True
            if self.limited and self.budget <= 0:
                if self.reset_at > now:
                    self.pause_until = max(self.pause_until, self.reset_at + _RESET_MARGIN)
                else:  # the window turned over: learn the new one with one request
                    self.learning = True
                continue
            if self.limited:
                self.budget -= 1
            self.in_flight += 1
            return None, False

    async def _sleep(self, now: float, wait: float) -> None:
        start = max(now, self._accounted_until)
        if self.pause_until > start:
            self.waited += self.pause_until - start
            self._accounted_until = self.pause_until
        self.sleepers += 1
        try:
            await asyncio.sleep(wait)
        finally:
            self.sleepers -= 1

    def release(self, probe: bool, status: int | None, headers: Mapping[str, str]) -> None:
        """Give the token back with what the answer taught (``status`` ``None``: nothing came)."""
        self.in_flight -= 1
        if probe:
            self.probing = False
        now = time.monotonic()
        limits = _limits(headers) if status is not None else None
        if status in _RETRY_STATUSES:  # "come back later", said with a 502/503/504: nothing goes before
            wait = _retry_after(headers)
            if wait is not None:
                self.pause_until = max(self.pause_until, now + wait + _RESET_MARGIN)
        if status == 429:
            wait = parse_reset(headers)
            self.pause_until = max(
                self.pause_until, now + (_DEFAULT_429_WAIT if wait is None else wait) + _RESET_MARGIN
            )
            self.budget = 0
            self.limited = self.limited or limits is not None
            self.learning = True  # after the pause, one request alone again
        elif limits is not None:
            remaining, reset_in = limits
            reset_at = now + reset_in
            estimate = remaining - self.in_flight
            if probe or (not self.learning and (not self.limited or reset_at >= self.reset_at)):
                # the freshest word on the current (or a newer) window
                self.budget, self.reset_at = estimate, max(reset_at, now)
            else:  # an answer from an older window, or overtaken by a relearning: only lower
                self.budget = min(self.budget, estimate)
            self.limited = True
            if probe:
                self.learning = False
        elif probe and (status is not None or not self.limited):
            # an answer without headers, or a failure on a host never seen limited: nothing to learn,
            # the others go (a known-limited host that fails keeps probing one request at a time)
            self.learning = False
        self._notify()

    def forgettable(self, now: float) -> bool:
        """Idle, not paused, and no window of the server's still running: a fresh bucket (which
        sends one request alone to learn the limits) would be as safe."""
        return (
            self.in_flight == 0
            and self.sleepers == 0
            and not self.probing
            and self.pause_until <= now
            and (not self.limited or self.reset_at <= now)
        )

    def cancel(self, probe: bool) -> None:
        """Give back a token that was never used for a send."""
        self.in_flight -= 1
        if self.limited and not probe:
            self.budget += 1
        if probe:
            self.probing = False
        self._notify()


class _HostGate:
    """Per-host concurrency, shared by the host's buckets, that backs off when the host strains.

    At most ``limit`` requests are in flight. The limit starts at the ceiling
    (``per_host_concurrency``), halves at each sign of strain — a 429, a 502/503/504,
    a timeout, a refused or reset connection, or an answer much slower than the
    host's fastest (more than ``SLOW_FACTOR`` times, and over ``SLOW_FLOOR`` seconds)
    — down to one, and grows back by one after ``limit`` answers in a row without
    strain: additive increase, multiplicative decrease, as TCP and Scrapy's
    AutoThrottle do. A server that copes gets the ceiling; one that struggles gets
    fewer requests at a time, whatever the setting says.
    """

    SLOW_FACTOR = 4.0
    SLOW_FLOOR = 1.0

    def __init__(self, ceiling: int) -> None:
        self.ceiling = max(1, ceiling)
        self.limit = self.ceiling
        self.in_flight = 0
        self.fastest: float | None = None
        self.backoffs = 0  # times the limit was halved (for tests and benchmarks)
        self._clean = 0
        # requests waiting for a slot, first come first served; a slot is handed over directly
        # (counted for the waiter before it wakes): no lock, no thundering herd
        self._waiters: deque[asyncio.Future[None]] = deque()

    @property
    def waiting(self) -> int:
        return len(self._waiters)

    async def acquire(self) -> None:
        if self.in_flight < self.limit and not self._waiters:
            self.in_flight += 1
            return
        slot = asyncio.get_running_loop().create_future()
        self._waiters.append(slot)
        try:
            await slot
        except asyncio.CancelledError:
            if slot.done() and not slot.cancelled():
                self._free()  # handed a slot, then cancelled: pass it on
            else:
                with contextlib.suppress(ValueError):
                    self._waiters.remove(slot)
            raise

    @property
    def forgettable(self) -> bool:
        """Nothing in flight or waiting, and nothing learnt: a fresh gate would behave the same."""
        return self.in_flight == 0 and not self._waiters and self.limit == self.ceiling

    def release(self, *, strained: bool, elapsed: float | None) -> None:
        if elapsed is not None and not strained:
            slow = self.fastest is not None and elapsed > max(
                self.SLOW_FLOOR, self.SLOW_FACTOR * self.fastest
            )
            self.fastest = elapsed if self.fastest is None else min(self.fastest, elapsed)
            strained = slow
        if strained:
            if self.limit > 1:
                self.backoffs += 1
            self.limit = max(1, self.limit // 2)
            self._clean = 0
        elif self.limit < self.ceiling:
            self._clean += 1
            if self._clean >= self.limit:
                self.limit += 1
                self._clean = 0
        self._free()

    def _free(self) -> None:
        self.in_flight -= 1
        while self._waiters and self.in_flight < self.limit:
            slot = self._waiters.popleft()
            if not slot.done():
                self.in_flight += 1
                slot.set_result(None)


@dataclass(frozen=True)
class EngineStats:
    """The engine's counters at one moment (`HttpEngine.stats`): for progress bars and benchmarks."""

    requests: int  # every request sent, retries included
    http429: int  # answers 429 received (the goal is zero)
    cache_hits: int  # answers served from the disk cache: nothing sent
    waits: Mapping[str, float]  # hosts paused right now, with the seconds left
    slowed: Mapping[str, tuple[int, int]]  # servers held to fewer requests at a time: (limit now, setting)


class HttpEngine:
    """Async HTTP for every probe. Pass your own ``httpx.AsyncClient`` to add a
    transport or a proxy, your own `quitx._http.cache.HttpCache` to choose the
    cache (else ``settings.cache`` opens one in ``settings.cache_dir``); quitx closes
    only the client and the cache it opened.

    Counters, for progress bars and benchmarks: ``requests_sent`` (every send,
    retries included), ``http429`` (answers 429 received: the goal is zero),
    ``cache_hits`` (answers served from disk, nothing sent), ``waited_seconds``
    (per host: time paused for a rate limit or a ``Retry-After``), and
    `waiting_hosts` (hosts paused right now, with the seconds left), `slowed_hosts` (hosts
    held to fewer requests at a time because they strain).
    """

    def __init__(
        self,
        settings: Settings,
        client: httpx.AsyncClient | None = None,
        *,
        cache: HttpCache | None = None,
    ) -> None:
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
        self._direct = pools if pools is not None and not urllib.request.getproxies() else None
        self._timeout = httpx.Timeout(settings.timeout).as_dict()
        self._own_cache = cache is None and settings.cache
        if cache is None and settings.cache:
            cache = HttpCache(
                settings.cache_dir or default_cache_dir(),
                min_ttl=settings.cache_min_ttl,
                max_ttl=settings.cache_max_ttl,
                max_bytes=settings.cache_max_mb * 1024 * 1024,
                anonymous_private=settings.cache_anonymous_private,
            )
        self.cache = cache
        # answers from local test servers (a host map) and from the real ones never mix in the cache
        # (a fingerprint, computed once: a host map can name thousands of hosts)
        self._cache_variant = hashlib.sha256(
            json.dumps(sorted(settings.host_map.items())).encode("utf-8")
        ).hexdigest()
        self._global = asyncio.Semaphore(settings.concurrency)
        # per-server state, bounded: a batch meets thousands of hosts (each institution's site)
        self._gates: OrderedDict[str, _HostGate] = OrderedDict()
        self._handle_suffixes = tuple("." + s.lower().strip(".") for s in settings.bluesky_handle_suffixes)
        self._buckets: OrderedDict[tuple[str, str], _Bucket] = OrderedDict()
        self._slept: dict[str, float] = {}  # Retry-After waits outside the buckets (503…)
        # answers already given in this run, most recent last: bounded, so that memory stays flat
        # over a long batch (shared resources — instance info, searches — stay hot)
        self._memo: OrderedDict[tuple[str, str], asyncio.Task[HttpResult]] = OrderedDict()
        self.requests_sent = 0
        self._trusted = settings.trusted_hosts()
        # a client passed in is the caller's: its transport decides where requests may go
        self._guard_addresses = client is None and not settings.allow_private_addresses
        self._guarded: dict[str, str] = {}  # host -> "" (public) or why it is refused
        self.http429 = 0
        self.cache_hits = 0

    async def __aenter__(self) -> HttpEngine:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        if self._own_client:
            await self._client.aclose()
        if self._own_cache and self.cache is not None:
            await self.cache.aclose()

    @property
    def waited_seconds(self) -> dict[str, float]:
        """Seconds each host was paused (rate-limit resets, 429s, ``Retry-After``)."""
        out = dict(self._slept)
        for (host, _), bucket in self._buckets.items():
            if bucket.waited:
                out[host] = out.get(host, 0.0) + bucket.waited
        return out

    def stats(self) -> EngineStats:
        """The counters now, as one typed snapshot."""
        return EngineStats(
            requests=self.requests_sent,
            http429=self.http429,
            cache_hits=self.cache_hits,
            waits=self.waiting_hosts(),
            slowed=self.slowed_hosts(),
        )

    def waiting_hosts(self) -> dict[str, float]:
        """Hosts whose requests are paused right now, with the seconds left (for a progress bar)."""
        now = time.monotonic()
        out: dict[str, float] = {}
        for (host, _), bucket in self._buckets.items():
            if bucket.sleepers and bucket.pause_until > now:
                out[host] = max(out.get(host, 0.0), bucket.pause_until - now)
        return out

    def slowed_hosts(self) -> dict[str, tuple[int, int]]:
        """Servers held to fewer requests at a time than the setting, with requests waiting for
        them: ``{server: (limit now, per_host_concurrency)}`` (for a progress bar)."""
        return {
            server: (gate.limit, gate.ceiling)
            for server, gate in self._gates.items()
            if gate.limit < gate.ceiling and gate.waiting
        }

    def _server_of(self, host: str) -> str:
        """The unit of the per-host limit and of rate-limit pacing: the host, except that every
        ``<label>.bsky.social`` (each Bluesky handle suffix) is one server, not thousands."""
        for suffix in self._handle_suffixes:
            if host.endswith(suffix):
                return suffix[1:]
        return host

    def _gate(self, host: str) -> _HostGate:
        gate = self._gates.get(host)
        if gate is None:
            gate = self._gates[host] = _HostGate(self.settings.per_host_concurrency)
            if len(self._gates) > HOST_STATE_SIZE:
                _forget(self._gates, lambda g: g.forgettable, HOST_STATE_SIZE)
        else:
            self._gates.move_to_end(host)
        return gate

    def _bucket(self, host: str, path: str) -> _Bucket:
        key = (host, "api" if path.startswith("/api/") else "web")
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = self._buckets[key] = _Bucket()
            if len(self._buckets) > HOST_STATE_SIZE:
                now = time.monotonic()
                for (server, _), old in _forget(self._buckets, lambda b: b.forgettable(now), HOST_STATE_SIZE):
                    if old.waited:  # keep the total for waited_seconds
                        self._slept[server] = self._slept.get(server, 0.0) + old.waited
        else:
            self._buckets.move_to_end(key)
        return bucket

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
        problem = unusable_url(url)
        if problem is not None:  # a URL from a remote payload that no request can carry
            return HttpResult("GET", url, url, None, failure=Reason.BAD_RESPONSE, error=problem)
        key = (url, accept or "")
        task = self._memo.get(key)
        if task is None:
            task = asyncio.ensure_future(self._get_cached(url, accept=accept, max_bytes=max_bytes))
            self._memo[key] = task
            self._trim_memo()
        else:
            self._memo.move_to_end(key)
        return await asyncio.shield(task)

    async def _address_guard(self, host: str) -> str | None:
        """Why a request to ``host`` must not be sent (an address on a private network), or None.

        Only with quitx's own client. Hosts the user named (endpoints, instances, the host map) are
        trusted; every other host — found in a link, a WebFinger answer, a DID document — must
        resolve to public addresses only. A name that does not resolve is reported as such, like the
        HTTP client would. (A name that resolves differently a moment later — DNS rebinding — is
        not covered: run quitx behind an egress firewall where that matters.)
        """
        settings = self.settings
        if not self._guard_addresses or not host:
            return None
        host = host.lower().strip("[]").rstrip(".")
        if settings.mapped_base(host) is not None or host in self._trusted:
            return None
        verdict = self._guarded.get(host)
        if verdict is None:
            verdict = await _classify(host)
            self._guarded[host] = verdict
        return verdict or None

    def _trim_memo(self) -> None:
        _forget(self._memo, lambda task: task.done(), MEMO_SIZE)  # never an answer still coming

    async def _get_cached(self, url: str, *, accept: str | None, max_bytes: int | None) -> HttpResult:
        cache = self.cache
        if cache is None or not self.settings.allows(urlsplit(url).hostname or ""):
            return (await self._get(url, accept=accept, max_bytes=max_bytes))[0]
        started = time.monotonic()
        key = cache.key(url, accept, self._cache_variant)
        hit = await cache.get(key)
        if hit is not None:
            cached = _from_cache(hit.meta, hit.body, max_bytes or self.settings.max_body_bytes, started)
            if cached is not None:
                self.cache_hits += 1
                return cached
        result, ttl = await self._get(url, accept=accept, max_bytes=max_bytes)
        if ttl is not None and result.failure is None and not result.truncated and result.status is not None:
            meta = {
                "method": result.method,
                "url": result.url,
                "final_url": result.final_url,
                "status": result.status,
                "headers": dict(result.headers),
                "hops": [list(hop) for hop in result.hops],
            }
            await cache.put(key, meta, result.body, ttl)
        return result

    async def _get(
        self, url: str, *, accept: str | None, max_bytes: int | None
    ) -> tuple[HttpResult, float | None]:
        """The answer after redirects, and how long the disk cache may keep it (``None``: not at all)."""
        started = time.monotonic()
        hops: list[tuple[str, int]] = []
        current = url
        seen = {url}
        ttl: float | None = math.inf if self.cache is not None else None
        while True:
            result = await self._get_one(
                current, accept=accept, max_bytes=max_bytes, origin=url, started=started
            )
            if ttl is not None:  # the chain is kept as long as its shortest-lived answer
                hop_ttl = None if result.status is None else self.cache_ttl(result.status, result.headers)
                ttl = None if hop_ttl is None else min(ttl, hop_ttl)
            if result.status not in _REDIRECTS:
                return _with(result, hops=tuple(hops), started=started), ttl
            location = result.headers.get("location")
            hops.append((current, result.status or 0))
            if not location:
                return _with(
                    result,
                    hops=tuple(hops),
                    started=started,
                    failure=Reason.BAD_RESPONSE,
                    error=f"HTTP {result.status} redirect without Location",
                ), None
            try:
                target = urljoin(current, location.strip())
            except ValueError:
                target = location.strip()
            problem = unusable_url(target)
            if problem is not None:
                if problem == "not an http(s) URL":
                    problem = "a non-HTTP URL"
                return _with(
                    result,
                    hops=tuple(hops),
                    started=started,
                    failure=Reason.BAD_RESPONSE,
                    error=f"redirect to {problem}: {target[:200]}",
                ), None
            if target in seen:
                return _with(
                    result,
                    hops=tuple(hops),
                    started=started,
                    failure=Reason.BAD_RESPONSE,
                    error=f"redirect loop at {target[:200]}",
                ), None
            if len(hops) > self.settings.max_redirects:
                return _with(
                    result,
                    hops=tuple(hops),
                    started=started,
                    failure=Reason.BAD_RESPONSE,
                    error=f"more than {self.settings.max_redirects} redirects",
                ), None
            seen.add(target)
            current = target

    def cache_ttl(self, status: int, headers: Mapping[str, str]) -> float | None:
        return None if self.cache is None else self.cache.ttl(status, headers)

    async def _get_one(
        self, url: str, *, accept: str | None, max_bytes: int | None, origin: str, started: float
    ) -> HttpResult:
        settings = self.settings
        cap = max_bytes or settings.max_body_bytes
        parts = urlsplit(url)
        if not settings.allows(parts.hostname or ""):
            return HttpResult(
                "GET",
                origin,
                url,
                None,
                failure=Reason.NETWORK_ERROR,
                error="refused: host is not in the host map (only_mapped_hosts is on)",
            )
        guard = await self._address_guard(parts.hostname or "")
        if guard is not None:
            return HttpResult("GET", origin, url, None, failure=Reason.NETWORK_ERROR, error=guard)
        physical, extra = self._physical(url)
        # the encodings the engine decodes itself, under the cap (quitx._http.body)
        headers = {"User-Agent": settings.user_agent, "Accept-Encoding": ACCEPT_ENCODING, **extra}
        if accept:
            headers["Accept"] = accept
        host = parts.netloc.lower()
        server = self._server_of(host)
        gate = self._gate(server)
        bucket = self._bucket(server, parts.path)
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
                        self.requests_sent += 1
                        t0 = time.monotonic()
                        try:
                            async with asyncio.timeout(settings.request_deadline):
                                outcome = await self._send(physical, headers, cap, host)
                            elapsed = time.monotonic() - t0
                        except Exception as exc:
                            outcome = exc
                finally:
                    gate.release(strained=_strained(outcome), elapsed=elapsed)
            finally:
                if not sent:
                    bucket.cancel(probe)
                elif isinstance(outcome, tuple):
                    bucket.release(probe, outcome[0], outcome[1])
                else:
                    bucket.release(probe, None, {})
            if not isinstance(outcome, tuple):
                problem = outcome if outcome is not None else RuntimeError("no answer")
                reason, text = _describe_exception(problem, settings)
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
                wait_for = _DEFAULT_429_WAIT if wait is None else wait
                if attempt < settings.retries and wait_for <= settings.max_rate_limit_wait:
                    attempt += 1
                    continue  # the bucket now pauses until the reset, then one request goes alone
                failure = Reason.RATE_LIMITED
                error = "HTTP 429 rate limited" + (f", reset in {wait:.0f} s" if wait is not None else "")
            else:
                wait = _retry_after(resp_headers) if status >= 500 else None
                if (
                    status in _RETRY_STATUSES
                    and attempt < settings.retries
                    and (wait is None or wait <= settings.max_rate_limit_wait)
                ):
                    attempt += 1
                    if wait is None:
                        pause = min(0.5 * attempt, settings.max_rate_limit_wait)
                        self._slept[host] = self._slept.get(host, 0.0) + pause
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
        if self._direct is not None:
            request = httpx.Request(
                "GET",
                url,
                headers={**_DEFAULT_HEADERS, **headers},
                extensions={"timeout": self._timeout, HOST_EXTENSION: host},
            )
            response = await self._direct.handle_async_request(request)
            try:
                return await _read(response, cap)
            finally:
                await response.aclose()
        async with self._client.stream(
            "GET", url, headers=headers, follow_redirects=False, extensions={HOST_EXTENSION: host}
        ) as response:
            return await _read(response, cap)


# what httpx's client would add to a request sent straight to a transport
_DEFAULT_HEADERS = {"Accept": "*/*", "Accept-Encoding": ACCEPT_ENCODING, "Connection": "keep-alive"}


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


def _forget(states: OrderedDict[_K, _V], forgettable: Callable[[_V], bool], size: int) -> list[tuple[_K, _V]]:
    """Drop the least recently used entries that may go, down to ``size`` if they allow it; what
    is busy stays. The scan stops once enough were found: in a steady run the oldest may go, so a
    call costs O(1) (a full scan per request was a tenth of the engine's CPU)."""
    excess = len(states) - size
    if excess <= 0:
        return []
    doomed: list[_K] = []
    for key, state in states.items():
        if forgettable(state):
            doomed.append(key)
            if len(doomed) == excess:
                break
    return [(key, states.pop(key)) for key in doomed]


def _strained(outcome: object) -> bool:
    """Whether an answer (or its absence) says the host is struggling: see `_HostGate`. A name
    that does not resolve says nothing of a server (and must not slow a shared handle suffix)."""
    if isinstance(outcome, tuple):
        return outcome[0] == 429 or outcome[0] in _RETRY_STATUSES
    if isinstance(outcome, httpx.ConnectError) and _gaierror(outcome) is not None:
        return False
    return isinstance(
        outcome, httpx.TimeoutException | TimeoutError | httpx.ConnectError | httpx.RemoteProtocolError
    )


def _gaierror(exc: BaseException) -> BaseException | None:
    """The name-resolution error behind ``exc``, if that is what it is."""
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, OSError) and type(cause).__name__ == "gaierror":
            return cause
        cause = cause.__cause__ or cause.__context__
    return None


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


def _from_cache(meta: dict[str, Any], body: bytes, cap: int, started: float) -> HttpResult | None:
    """Rebuild a cached answer (``None`` if the entry does not read back: then it is a miss)."""
    try:
        status = meta["status"]
        headers = meta["headers"]
        hops = tuple((str(u), int(s)) for u, s in meta["hops"])
        if not isinstance(status, int) or not isinstance(headers, dict):
            return None
        return HttpResult(
            str(meta["method"]),
            str(meta["url"]),
            str(meta["final_url"]),
            status,
            {str(k): str(v) for k, v in headers.items()},
            body[:cap],
            len(body) > cap,
            elapsed_ms=int((time.monotonic() - started) * 1000),
            hops=hops,
            from_cache=True,
        )
    except (KeyError, TypeError, ValueError):
        return None
