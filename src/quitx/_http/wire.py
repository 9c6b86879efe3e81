"""One HTTP/1.1 client connection: asyncio's transport carries the bytes, llhttp reads them.

This is the layer httpcore provides under httpx, without what the engine does not use and pays
for at every request: anyio's cancel scopes and locks (three lock round trips through the event
loop per request), trace hooks, and a socket poll plus a ``getpeername`` per liveness check.
Responses are parsed by llhttp (Node.js's HTTP parser, through ``httptools``, the binding
uvicorn uses): 3 µs for a typical answer where h11, pure Python, took 80 µs — about 6 % of a
batch's CPU time. The request line and headers are written here (GET without a body is all the engine
sends; a body is sent with its length, or chunked), after checking that no name or value could
split the message. Bytes arrive through an `asyncio.Protocol` into a buffer that stops reading
past ``READ_HIGH`` bytes until they are consumed, and a response head is capped at ``MAX_HEAD``,
so a server that sends more than the engine reads cannot fill the memory.

Errors are raised as httpx's exceptions (`httpx.ConnectError`, `httpx.ReadTimeout`,
`httpx.RemoteProtocolError`…), chained to their cause (the engine looks there for DNS and TLS
failures), so that the engine reads them as it reads httpx's.
"""

from __future__ import annotations

import asyncio
import functools
import re
import ssl
import time
from collections import deque
from collections.abc import AsyncGenerator, Sequence
from typing import cast

import httptools
import httpx

__all__ = ["Connection", "open_connection"]

MAX_HEAD = 100 * 1024  # a response head larger than this is refused (httpcore's limit)
READ_HIGH = 256 * 1024  # bytes buffered before the socket is no longer read
HAPPY_EYEBALLS_DELAY = 0.25  # RFC 8305: the next address is tried if the first has not answered
_TOKEN = re.compile(rb"[-!#$%&'*+.^_`|~0-9a-zA-Z]+")
_VALUE = re.compile(rb"[^\x00\r\n]*")
_TARGET = re.compile(rb"[\x21-\x7e]+")  # no space, no control character: one request line
_NO_BODY = frozenset({204, 304})


class _Message:
    """One response as llhttp reports it (the parser's callbacks)."""

    __slots__ = (
        "chunks",
        "complete",
        "extra",
        "fed",
        "framed",
        "head_bytes",
        "headers",
        "headers_done",
        "keep_alive",
        "parser",
        "reason",
        "status",
    )

    def __init__(self) -> None:
        self.parser = httptools.HttpResponseParser(self)
        self.chunks: deque[bytes] = deque()
        self.status = 0
        self.reason = b""
        self.headers: list[tuple[bytes, bytes]] = []
        self.head_bytes = 0
        self.fed = 0  # bytes handed to the parser while the head was incomplete
        self.headers_done = False
        self.complete = False
        self.keep_alive = False
        self.framed = False  # a length or chunked: the body's end is not the connection's
        self.extra = False  # bytes after the response: the connection is not reused

    def on_message_begin(self) -> None:
        if self.complete:
            self.extra = True
            return
        self.headers, self.head_bytes, self.headers_done = [], 0, False

    def on_status(self, reason: bytes) -> None:
        if not self.extra:
            self.reason = reason

    def on_header(self, name: bytes, value: bytes) -> None:
        if not self.extra and not self.headers_done:  # trailers are left out, as httpx does
            self.headers.append((name.lower(), value))
            self.head_bytes += len(name) + len(value) + 4

    def on_headers_complete(self) -> None:
        if self.extra:
            return
        parser = self.parser
        self.status = parser.get_status_code()
        self.keep_alive = parser.should_keep_alive() and parser.get_http_version() == "1.1"
        names = {name for name, _ in self.headers}
        self.framed = (
            self.status < 200
            or self.status in _NO_BODY
            or b"content-length" in names
            or _chunked(self.headers)
        )
        self.headers_done = True

    def on_body(self, body: bytes) -> None:
        if not self.extra:
            self.chunks.append(bytes(body))

    def on_message_complete(self) -> None:
        if self.extra:
            return
        if self.status < 200:  # 100 Continue, 103 Early Hints: the answer comes after
            self.headers, self.head_bytes, self.headers_done = [], 0, False
            return
        self.complete = True


def _chunked(headers: list[tuple[bytes, bytes]]) -> bool:
    return any(name == b"transfer-encoding" and b"chunked" in value.lower() for name, value in headers)


class Connection(asyncio.Protocol):
    """An open connection to one origin, used by one request at a time."""

    def __init__(self, origin: tuple[bytes, bytes, int]) -> None:
        self.origin = origin
        self.requests = 0
        self.idle_since = 0.0
        self._transport: asyncio.Transport | None = None
        self._buffer = bytearray()
        self._eof = False
        self._lost: BaseException | None = None
        self._reading_paused = False
        self._waiter: asyncio.Future[None] | None = None
        self._writable: asyncio.Future[None] | None = None
        self._message: _Message | None = None  # the response being read
        self._idle = True  # no exchange under way, the last one complete

    # --- asyncio.Protocol ---------------------------------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self._transport = cast(asyncio.Transport, transport)  # a stream's (uvloop's is no subclass)

    def data_received(self, data: bytes) -> None:
        self._buffer += data
        if len(self._buffer) > READ_HIGH and not self._reading_paused and self._transport is not None:
            self._transport.pause_reading()
            self._reading_paused = True
        self._wake()

    def eof_received(self) -> bool:
        self._eof = True
        self._wake()
        return False  # close the transport: HTTP/1.1 has nothing to send after the server's end

    def connection_lost(self, exc: Exception | None) -> None:
        self._eof = True
        self._lost = exc
        self._wake()
        writable, self._writable = self._writable, None
        if writable is not None and not writable.done():
            writable.set_result(None)

    def pause_writing(self) -> None:
        if self._writable is None:
            self._writable = asyncio.get_running_loop().create_future()

    def resume_writing(self) -> None:
        writable, self._writable = self._writable, None
        if writable is not None and not writable.done():
            writable.set_result(None)

    def _wake(self) -> None:
        waiter = self._waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    # --- state --------------------------------------------------------------------------------------

    @property
    def closed(self) -> bool:
        return self._transport is None or self._transport.is_closing()

    def reusable(self, now: float, keepalive: float) -> bool:
        """Whether the next request may go on this connection: the last exchange complete and
        kept alive, nothing arrived meanwhile (a server that closes an idle connection sends its
        end), not kept too long."""
        return (
            self._idle
            and not self.closed
            and not self._eof
            and not self._buffer
            and now - self.idle_since < keepalive
        )

    def close(self) -> None:
        self._idle = False
        if self._transport is not None:
            self._transport.close()

    # --- one exchange -------------------------------------------------------------------------------

    async def send(
        self,
        method: bytes,
        target: bytes,
        headers: Sequence[tuple[bytes, bytes]],
        body: httpx.AsyncByteStream | None,
        request: httpx.Request | None,
        timeouts: dict[str, float | None],
    ) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
        """Send the request and read the response head: status, headers, reason phrase."""
        self.requests += 1
        self._idle = False
        chunked = body is not None and _chunked([(n.lower(), v) for n, v in headers])
        head = _request_head(method, target, headers, request)
        self._message = message = _Message()
        self._write(head)
        if body is not None:
            async for chunk in body:
                if chunk:
                    self._write(b"%x\r\n%b\r\n" % (len(chunk), chunk) if chunked else chunk)
                    await self._drain(timeouts.get("write"), request)
            if chunked:
                self._write(b"0\r\n\r\n")
        await self._drain(timeouts.get("write"), request)
        while not message.headers_done:
            await self._receive(message, timeouts.get("read"), request)
        if method == b"HEAD":  # the head is the whole answer, whatever its length says
            message.complete = message.framed = True
        return message.status, message.headers, message.reason

    async def body(self, seconds: float | None, request: httpx.Request | None) -> AsyncGenerator[bytes, None]:
        """The response body as it arrives; the connection is ready for the next request when the
        whole body was read."""
        message = self._message
        if message is None:  # pragma: no cover - send() comes first
            return
        while True:
            if message.chunks:
                yield message.chunks.popleft()
            elif message.complete:
                self._done(message)
                return
            else:
                await self._receive(message, seconds, request)

    def _done(self, message: _Message) -> None:
        self._message = None
        if message.keep_alive and message.framed and not message.extra:
            self._idle = True
            self.idle_since = time.monotonic()
        else:  # "Connection: close", a body that ends with the connection, HTTP/1.0
            self.close()

    def _write(self, data: bytes) -> None:
        if data and self._transport is not None and not self._transport.is_closing():
            self._transport.write(data)

    async def _drain(self, seconds: float | None, request: httpx.Request | None) -> None:
        if self._lost is not None or self.closed:
            raise httpx.WriteError("the connection is closed", request=request) from self._lost
        writable = self._writable
        if writable is None:
            return
        try:
            async with asyncio.timeout(seconds):
                await asyncio.shield(writable)
        except TimeoutError as exc:
            self.close()
            raise httpx.WriteTimeout("write timed out", request=request) from exc

    async def _receive(self, message: _Message, seconds: float | None, request: httpx.Request | None) -> None:
        """Hand what arrived to the parser, waiting for it if nothing did."""
        if not self._buffer and not self._eof:
            waiter = self._waiter = asyncio.get_running_loop().create_future()
            try:
                async with asyncio.timeout(seconds):
                    await waiter
            except TimeoutError as exc:
                self.close()
                raise httpx.ReadTimeout("read timed out", request=request) from exc
            finally:
                self._waiter = None
        if self._buffer:
            data = bytes(self._buffer)
            self._buffer.clear()
            if self._reading_paused and self._transport is not None:
                self._reading_paused = False
                self._transport.resume_reading()
            if not message.headers_done:
                message.fed += len(data)
            try:
                message.parser.feed_data(data)
            except httptools.HttpParserUpgrade as exc:
                self.close()
                raise httpx.RemoteProtocolError(
                    "an upgrade the request did not ask for", request=request
                ) from exc
            except httptools.HttpParserError as exc:
                if not message.complete:
                    self.close()
                    raise httpx.RemoteProtocolError(f"malformed response: {exc}", request=request) from exc
                message.extra = True  # junk after a complete response: not reused
            if message.head_bytes > MAX_HEAD or (not message.headers_done and message.fed > MAX_HEAD):
                self.close()
                raise httpx.RemoteProtocolError("the response head is too large", request=request)
        elif self._lost is not None:
            self.close()
            raise httpx.ReadError(
                str(self._lost) or type(self._lost).__name__, request=request
            ) from self._lost
        elif message.headers_done and not message.framed:
            message.complete = True  # a body without a length ends with the connection
        else:
            self.close()
            said = "before the end of the body" if message.headers_done else "without sending a response"
            raise httpx.RemoteProtocolError(f"Server disconnected {said}.", request=request)


def _request_head(
    method: bytes, target: bytes, headers: Sequence[tuple[bytes, bytes]], request: httpx.Request | None
) -> bytes:
    """The request line and headers, refused if a name, a value or the target could end the line."""
    if not _TOKEN.fullmatch(method) or not _TARGET.fullmatch(target):
        raise httpx.LocalProtocolError("invalid request line", request=request)
    lines = [method, b" ", target, b" HTTP/1.1\r\n"]
    for name, value in headers:
        if not _TOKEN.fullmatch(name) or not _VALUE.fullmatch(value):
            raise httpx.LocalProtocolError(f"invalid header {name!r}", request=request)
        lines += (name, b": ", value, b"\r\n")
    lines.append(b"\r\n")
    return b"".join(lines)


async def open_connection(
    origin: tuple[bytes, bytes, int],
    ssl_context: ssl.SSLContext | None,
    seconds: float | None,
    request: httpx.Request | None,
) -> Connection:
    """A new connection to ``origin`` (scheme, host, port), TLS for https."""
    scheme, host, port = origin
    name = host.decode("ascii")
    loop = asyncio.get_running_loop()
    connection = Connection(origin)
    tls = scheme == b"https"
    connect = functools.partial(
        loop.create_connection,
        lambda: connection,
        name,
        port,
        ssl=ssl_context if tls else None,
        server_hostname=name if tls else None,
    )
    try:
        async with asyncio.timeout(seconds):
            # asyncio's own loop tries the next address of a host when the first is slow (RFC 8305,
            # as anyio does under httpx); uvloop has no such option
            eyeballs = isinstance(loop, asyncio.BaseEventLoop)
            await (connect(happy_eyeballs_delay=HAPPY_EYEBALLS_DELAY) if eyeballs else connect())
    except TimeoutError as exc:
        connection.close()
        raise httpx.ConnectTimeout("connect timed out", request=request) from exc
    except OSError as exc:  # refused, unreachable, a name that does not resolve, a TLS failure
        connection.close()
        raise httpx.ConnectError(str(exc) or type(exc).__name__, request=request) from exc
    return connection
