"""One small connection pool per host, for the engine's own client.

Each host (the *logical* host of the request, passed in the ``quitx_host`` extension, since a host
map sends many hosts to one local address) keeps its idle keep-alive connections, most recently
used last. A request takes one for itself alone — the most recent to the same origin that is
still usable (`quitx._http.wire.Connection.reusable`: nothing arrived since, not kept too long) — or
opens a new one; when its response is closed the connection goes back to the host's idle list (at
most ``per_host`` kept). The pools of hosts not used lately are closed (least recently used first,
never one with a request in flight), so a long batch keeps a bounded number of sockets open. How
many requests go to a host at once is the engine's business (`quitx._http.gates.HostGate`), not the
pool's: the pool never queues.

Why not httpx's own transport (httpcore's pool): at each request *and* at each closed response
it scans every connection it holds (an ``is_idle``/``has_expired`` check each, with a
``getpeername`` and a socket poll), and under asyncio it hands one idle HTTP/1.1 connection to
every request queued in the same pass: all but one then fail with ``ConnectionNotAvailable`` and
go round again. In a batch of 500 institutions that was 8,633 extra rounds for 9,710 requests,
95,000 ``getpeername`` calls, and the largest part of the engine's CPU time. Here a request costs
a list pop and a few attribute reads; the connection is `quitx._http.wire`'s (llhttp on asyncio).
"""

from __future__ import annotations

import ssl
import time
from collections import OrderedDict
from collections.abc import AsyncGenerator, AsyncIterator

import httpx

from .wire import Connection, open_connection

__all__ = ["HOST_EXTENSION", "KEEPALIVE_EXPIRY", "PerHostTransport"]

HOST_EXTENSION = "quitx_host"
KEEPALIVE_EXPIRY = 5.0  # seconds an idle connection is kept (httpx's default)


class _Pool:
    __slots__ = ("busy", "idle", "key")

    def __init__(self, key: str) -> None:
        self.key = key
        self.idle: list[Connection] = []  # most recently used last
        self.busy = 0  # requests sent and responses not yet closed


class Exchange:
    """A response whose head is read: its status, headers (lower-case names, repeated ones joined
    with ", " as httpx does) and body to come. `close` gives the connection back to its pool."""

    __slots__ = ("_connection", "_owner", "_pool", "_request", "_timeout", "raw_headers", "reason", "status")

    def __init__(
        self,
        status: int,
        raw_headers: list[tuple[bytes, bytes]],
        reason: bytes,
        connection: Connection,
        pool: _Pool,
        owner: PerHostTransport,
        timeout: float | None,
        request: httpx.Request | None,
    ) -> None:
        self.status = status
        self.raw_headers = raw_headers
        self.reason = reason
        self._connection = connection
        self._pool: _Pool | None = pool
        self._owner = owner
        self._timeout = timeout
        self._request = request

    @property
    def headers(self) -> dict[str, str]:
        return decode_headers(self.raw_headers)

    def chunks(self) -> AsyncGenerator[bytes, None]:
        return self._connection.body(self._timeout, self._request)

    def close(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.busy -= 1
            self._owner._release(pool, self._connection)


def decode_headers(raw: list[tuple[bytes, bytes]]) -> dict[str, str]:
    """Header names in lower case and values as httpx's ``Headers.items()`` gives them: decoded as
    ASCII, else UTF-8, else Latin-1 (one encoding for all), repeated names joined with ", "."""
    blob = b"".join(v for _, v in raw)
    encoding = "ascii" if blob.isascii() else "utf-8"
    if encoding == "utf-8":
        try:
            blob.decode("utf-8")
        except UnicodeDecodeError:
            encoding = "iso-8859-1"
    out: dict[str, str] = {}
    for name, value in raw:
        key = name.decode("latin-1").lower()
        text = value.decode(encoding)
        out[key] = f"{out[key]}, {text}" if key in out else text
    return out


class _Body(httpx.AsyncByteStream):
    """An `Exchange`'s body as httpx reads a response's."""

    def __init__(self, exchange: Exchange) -> None:
        self._exchange = exchange

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._exchange.chunks():
            yield chunk

    async def aclose(self) -> None:
        self._exchange.close()


class PerHostTransport(httpx.AsyncBaseTransport):
    """Dispatch each request to its host's own small pool of keep-alive connections."""

    def __init__(
        self,
        per_host: int,
        *,
        idle_pools: int = 64,
        verify: ssl.SSLContext | bool = True,
        keepalive_expiry: float = KEEPALIVE_EXPIRY,
    ) -> None:
        self._per_host = max(1, per_host)
        self._idle_pools = max(1, idle_pools)
        self._verify = verify
        self._ssl: ssl.SSLContext | None = None
        self._keepalive = keepalive_expiry
        self._pools: OrderedDict[str, _Pool] = OrderedDict()
        self.pools_opened = 0  # for tests and benchmarks
        self.connections_opened = 0

    def _context(self) -> ssl.SSLContext:
        if isinstance(self._verify, ssl.SSLContext):
            return self._verify
        if self._ssl is None:  # one context for every pool: loading the CA bundle costs milliseconds
            self._ssl = httpx.create_ssl_context(verify=self._verify)
        return self._ssl

    def _pool(self, key: str) -> _Pool:
        pool = self._pools.get(key)
        if pool is not None:
            self._pools.move_to_end(key)
            return pool
        pool = self._pools[key] = _Pool(key)
        self.pools_opened += 1
        excess = len(self._pools) - self._idle_pools
        if excess > 0:  # the least recently used pools with nothing in flight are closed
            for old in [k for k, p in self._pools.items() if p.busy == 0][:excess]:
                _close_all(self._pools.pop(old).idle)
        return pool

    @property
    def open_pools(self) -> int:
        return len(self._pools)

    def _idle(self, pool: _Pool, origin: tuple[bytes, bytes, int]) -> Connection | None:
        """The most recently used idle connection to ``origin`` that can take a request, if any;
        the unusable ones met on the way are closed."""
        idle = pool.idle
        now = time.monotonic()
        for i in range(len(idle) - 1, -1, -1):
            connection = idle[i]
            if connection.origin != origin:
                continue
            del idle[i]
            if connection.reusable(now, self._keepalive):
                return connection
            connection.close()
        return None

    def _release(self, pool: _Pool, connection: Connection) -> None:
        """Keep a connection whose response is closed for the host's next request, if it can take
        one and its pool is still open; else close it."""
        if self._pools.get(pool.key) is not pool or not connection.reusable(
            time.monotonic(), self._keepalive
        ):
            connection.close()
            return
        pool.idle.append(connection)
        if len(pool.idle) > self._per_host:
            pool.idle.pop(0).close()  # the oldest goes

    async def request(
        self,
        key: str,
        origin: tuple[bytes, bytes, int],
        method: bytes,
        target: bytes,
        headers: list[tuple[bytes, bytes]],
        timeouts: dict[str, float | None],
        body: httpx.AsyncByteStream | None = None,
        request: httpx.Request | None = None,
    ) -> Exchange:
        """Send a request to ``origin`` (scheme, host, port) on one of host ``key``'s connections
        and read the response head. ``headers`` must hold ``Host``."""
        pool = self._pool(key)
        ssl_context = self._context() if origin[0] == b"https" else None
        pool.busy += 1
        try:
            connection = self._idle(pool, origin)
            reused = connection is not None
            if connection is None:
                self.connections_opened += 1
                connection = await open_connection(origin, ssl_context, timeouts.get("connect"), request)
            try:
                status, raw, reason = await connection.send(method, target, headers, body, request, timeouts)
            except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError):
                connection.close()
                if not reused or body is not None or method not in (b"GET", b"HEAD"):
                    raise
                # a kept-alive connection the server closed as the request left: a GET is safe to
                # send again, once, on a new connection (as browsers do)
                self.connections_opened += 1
                connection = await open_connection(origin, ssl_context, timeouts.get("connect"), request)
                try:
                    status, raw, reason = await connection.send(
                        method, target, headers, body, request, timeouts
                    )
                except BaseException:
                    connection.close()
                    raise
            except BaseException:
                connection.close()
                raise
        except BaseException:
            pool.busy -= 1
            raise
        return Exchange(status, raw, reason, connection, pool, self, timeouts.get("read"), request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        scheme = url.raw_scheme
        origin = (scheme, url.raw_host, url.port or (443 if scheme == b"https" else 80))
        has_body = request.method not in ("GET", "HEAD") or "content-length" in request.headers
        stream = request.stream if has_body else None
        assert stream is None or isinstance(stream, httpx.AsyncByteStream)  # noqa: S101 - an async client's
        exchange = await self.request(
            str(request.extensions.get(HOST_EXTENSION) or url.netloc.decode("ascii")),
            origin,
            request.method.encode("ascii"),
            url.raw_path,
            request.headers.raw,
            request.extensions.get("timeout", {}),
            stream,
            request,
        )
        return httpx.Response(
            status_code=exchange.status,
            headers=exchange.raw_headers,
            stream=_Body(exchange),
            extensions={"http_version": b"HTTP/1.1", "reason_phrase": exchange.reason},
        )

    async def aclose(self) -> None:
        pools, self._pools = list(self._pools.values()), OrderedDict()
        for pool in pools:
            _close_all(pool.idle)


def _close_all(connections: list[Connection]) -> None:
    for connection in connections:
        connection.close()
    connections.clear()
