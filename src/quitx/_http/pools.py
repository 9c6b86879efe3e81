"""One small connection pool per host, for the engine's own client.

httpcore's connection pool scans every connection it holds each time a request
is queued or a response is closed (``_assign_requests_to_connections``: an
``is_idle``/``has_expired`` check, with a socket poll, per connection). With one
pool for a batch that touches thousands of hosts (each institution's website,
each ``<label>.bsky.social``) and up to ``concurrency`` connections, that scan
was the engine's largest CPU cost: 25 s of a 69 s profiled run over 500
institutions. A pool per host holds at most ``per_host_concurrency``
connections, so the scan is short; the pools of hosts not used lately are closed
(least recently used first, never one with a request in flight), so a long
batch keeps a bounded number of sockets open.

Pools are keyed by the *logical* host of the request (the engine passes it in
the ``quitx_host`` extension, since a host map sends many hosts to one local
address), which is also the unit of ``per_host_concurrency``.
"""

from __future__ import annotations

import contextlib
import ssl
from collections import OrderedDict
from collections.abc import AsyncIterator

import httpx

__all__ = ["HOST_EXTENSION", "PerHostTransport"]

HOST_EXTENSION = "quitx_host"


class _Pool:
    __slots__ = ("busy", "transport")

    def __init__(self, transport: httpx.AsyncHTTPTransport) -> None:
        self.transport = transport
        self.busy = 0  # requests sent and responses not yet closed


class _Counted(httpx.AsyncByteStream):
    """A response body that tells its pool when it is closed."""

    def __init__(self, stream: httpx.AsyncByteStream, pool: _Pool) -> None:
        self._stream = stream
        self._pool: _Pool | None = pool

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._stream:
            yield chunk

    async def aclose(self) -> None:
        try:
            await self._stream.aclose()
        finally:
            if self._pool is not None:
                self._pool.busy -= 1
                self._pool = None


class PerHostTransport(httpx.AsyncBaseTransport):
    """Dispatch each request to its host's own `httpx.AsyncHTTPTransport`."""

    def __init__(self, per_host: int, *, idle_pools: int = 64, verify: ssl.SSLContext | bool = True) -> None:
        self._per_host = max(1, per_host)
        self._idle_pools = max(1, idle_pools)
        self._verify = verify
        self._ssl: ssl.SSLContext | None = None
        self._pools: OrderedDict[str, _Pool] = OrderedDict()
        self.pools_opened = 0  # for tests and benchmarks

    def _context(self) -> ssl.SSLContext | bool:
        if isinstance(self._verify, ssl.SSLContext) or self._verify is False:
            return self._verify
        if self._ssl is None:  # one context for every pool: loading the CA bundle costs milliseconds
            self._ssl = httpx.create_ssl_context()
        return self._ssl

    async def _pool(self, key: str) -> _Pool:
        pool = self._pools.get(key)
        if pool is not None:
            self._pools.move_to_end(key)
            return pool
        pool = self._pools[key] = _Pool(
            httpx.AsyncHTTPTransport(
                verify=self._context(),
                limits=httpx.Limits(max_connections=self._per_host, max_keepalive_connections=self._per_host),
            )
        )
        self.pools_opened += 1
        await self._evict()
        return pool

    async def _evict(self) -> None:
        excess = len(self._pools) - self._idle_pools
        if excess <= 0:
            return
        idle = [k for k, p in self._pools.items() if p.busy == 0][:excess]
        for key in idle:
            # a failure closing another host's idle connections must not fail this request
            with contextlib.suppress(Exception):
                await self._pools.pop(key).transport.aclose()

    @property
    def open_pools(self) -> int:
        return len(self._pools)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        key = request.extensions.get(HOST_EXTENSION) or request.url.netloc.decode("ascii")
        pool = await self._pool(str(key))
        pool.busy += 1
        try:
            response = await pool.transport.handle_async_request(request)
        except BaseException:
            pool.busy -= 1
            raise
        stream = response.stream
        if not isinstance(stream, httpx.AsyncByteStream):  # pragma: no cover - httpx's own transport
            pool.busy -= 1
            return response
        return httpx.Response(
            status_code=response.status_code,
            headers=response.headers,
            stream=_Counted(stream, pool),
            extensions=response.extensions,
        )

    async def aclose(self) -> None:
        pools, self._pools = list(self._pools.values()), OrderedDict()
        for pool in pools:  # close them all, whatever one of them says
            with contextlib.suppress(Exception):
                await pool.transport.aclose()
