"""The one HTTP engine every anonymous read goes through.

It owns, in one place: the user agent and timeouts, the host map (every request, redirect targets
included), redirects followed by hand, body size caps, an overall deadline per request, the
address guard, the refusal of URLs that cannot be requested (a bad IPv6 literal, a host that is
not a host name: an unreadable answer, never an exception), per-host and global concurrency,
pacing from the servers' own rate-limit headers, retries, the in-run memo and the disk cache
(`quitx._http.cache`), and the mapping of every failure to a `quitx.models.Reason`.

Where each lives: `HttpEngine` (here) answers ``get`` once per resource and run, from the memo or
the disk cache, else through its `quitx._http.fetch.Fetcher` (one request on the wire: host map,
guard, redirects, caps, deadline, retries), which paces requests with `quitx._http.limits` (the
servers' rate-limit headers, token buckets) and `quitx._http.gates` (per-server concurrency that
backs off when a server strains). `quitx._http.result` turns what happened into an `HttpResult`.

It never raises for an HTTP status or a network failure: a request always gives an
`HttpResult`, and the probes decide what it proves.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

import httpx

from .._urls import unusable_url
from ..config import Settings
from ..models import Reason
from .cache import HttpCache, default_cache_dir
from .dns import DnsResolver
from .fetch import Fetcher
from .gates import forget
from .missing import Missing, host_missing
from .result import HttpResult

__all__ = ["MEMO_SIZE", "EngineStats", "HttpEngine"]

MEMO_SIZE = 2048  # answers kept for reuse within a run


@dataclass(frozen=True)
class EngineStats:
    """The engine's counters at one moment (`HttpEngine.stats`): for progress bars and benchmarks."""

    requests: int  # every request sent, retries included
    http429: int  # answers 429 received (the goal is zero)
    cache_hits: int  # answers served from the disk cache: nothing sent
    waits: Mapping[str, float]  # hosts paused right now, with the seconds left
    slowed: Mapping[str, tuple[int, int]]  # servers held to fewer requests at a time: (limit now, setting)


class HttpEngine:
    """Async HTTP for every probe. Pass your own ``httpx.AsyncClient`` to add a transport or a
    proxy, your own `quitx._http.cache.HttpCache` to choose the cache (else ``settings.cache``
    opens one in ``settings.cache_dir``), your own `DnsResolver` (else one for the settings'
    nameservers); quitx closes only the client and the cache it opened. The resolver is the
    probes' DNS (``engine.resolver``) and the one `host_missing` asks.

    Its counters, for progress bars and benchmarks: `stats` (requests sent, 429s, cache hits,
    hosts paused and slowed now) and `waited_seconds` (per host: time paused for a rate limit or
    a ``Retry-After``).
    """

    def __init__(
        self,
        settings: Settings,
        client: httpx.AsyncClient | None = None,
        *,
        cache: HttpCache | None = None,
        resolver: DnsResolver | None = None,
    ) -> None:
        self.settings = settings
        self.fetcher = Fetcher(settings, client)
        # the DNS the probes ask (TXT records) and that proves a host missing: the caller's, or ours
        self.resolver = resolver if resolver is not None else DnsResolver(settings)
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
        # answers already given in this run, most recent last: bounded, so that memory stays flat
        # over a long batch (shared resources — instance info, searches — stay hot)
        self._memo: OrderedDict[tuple[str, str], asyncio.Task[HttpResult]] = OrderedDict()
        self._cache_hits = 0

    async def __aenter__(self) -> HttpEngine:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self.fetcher.aclose()
        if self._own_cache and self.cache is not None:
            await self.cache.aclose()

    def stats(self) -> EngineStats:
        """The counters now, as one typed snapshot."""
        fetcher = self.fetcher
        return EngineStats(
            requests=fetcher.requests,
            http429=fetcher.http429,
            cache_hits=self._cache_hits,
            waits=fetcher.hosts.waiting(),
            slowed=fetcher.hosts.slowed(),
        )

    @property
    def waited_seconds(self) -> dict[str, float]:
        """Seconds each host was paused (rate-limit resets, 429s, ``Retry-After``)."""
        return self.fetcher.hosts.waited_seconds()

    async def host_missing(self, host: str, result: HttpResult) -> Missing | None:
        """Whether ``host`` does not exist, when ``result`` never reached a server because its name
        did not resolve: see `quitx._http.missing.host_missing`."""
        return await host_missing(self.settings, self.resolver, host, result)

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
            forget(self._memo, lambda task: task.done(), MEMO_SIZE)  # never an answer still coming
        else:
            self._memo.move_to_end(key)
        return await asyncio.shield(task)

    async def _get_cached(self, url: str, *, accept: str | None, max_bytes: int | None) -> HttpResult:
        cache = self.cache
        if cache is None or not self.fetcher.allows(urlsplit(url).hostname or ""):
            return (await self.fetcher.get(url, accept=accept, max_bytes=max_bytes, ttl_of=None))[0]
        started = time.monotonic()
        key = cache.key(url, accept, self._cache_variant)
        hit = await cache.get(key)
        if hit is not None:
            cached = _from_cache(hit.meta, hit.body, max_bytes or self.settings.max_body_bytes, started)
            if cached is not None:
                self._cache_hits += 1
                return cached
        result, ttl = await self.fetcher.get(url, accept=accept, max_bytes=max_bytes, ttl_of=cache.ttl)
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
