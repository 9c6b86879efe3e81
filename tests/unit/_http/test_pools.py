"""The engine's own transport (`quitx._http.pools`, `quitx._http.wire`) against real servers on loopback."""

from __future__ import annotations

import asyncio
import gzip
from collections.abc import AsyncIterator, Awaitable, Callable

import httpx
import pytest

from quitx._http import HttpEngine
from quitx._http.pools import PerHostTransport, decode_headers
from quitx.config import load_settings
from quitx.models import Reason

Serve = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]
OK = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok"


class Server:
    """A loopback HTTP/1.1 server that counts its connections and requests."""

    def __init__(self, serve: Serve | None = None) -> None:
        self.connections = 0
        self.requests: list[bytes] = []
        self._serve = serve
        self.port = 0
        self._server: asyncio.Server | None = None

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        try:
            if self._serve is not None:
                await self._serve(reader, writer)
                return
            while True:  # keep-alive: answer every request on the connection
                self.requests.append(await reader.readuntil(b"\r\n\r\n"))
                writer.write(OK)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.CancelledError):
            pass  # the client hung up, or the test is over
        finally:
            writer.close()

    async def __aenter__(self) -> Server:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.close()

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"


def engine(**settings: object) -> HttpEngine:
    values: dict[str, object] = {"allow_private_addresses": True, "retries": 0, "timeout": 2.0}
    values.update(settings)
    built = HttpEngine(load_settings(environ={}, **values))
    assert isinstance(built.fetcher.direct, PerHostTransport)
    return built


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)


async def test_one_connection_serves_a_host_request_after_request() -> None:
    async with Server() as server, engine() as e:
        results = [await e.get(server.url(f"/{i}")) for i in range(20)]
    assert all(r.ok and r.text() == "ok" for r in results)
    assert server.connections == 1 and len(server.requests) == 20


async def test_concurrent_requests_never_share_a_connection_and_open_no_more_than_needed() -> None:
    async with Server() as server, engine(per_host_concurrency=4) as e:
        for _ in range(5):
            results = await asyncio.gather(*(e.get(server.url(f"/{i}?n={_}")) for i in range(4)))
            assert all(r.ok for r in results)
    # four at a time, one connection each, kept alive from one round to the next
    assert server.connections == 4 and len(server.requests) == 20


async def test_a_connection_the_server_closed_while_idle_is_not_reused() -> None:
    async def once(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(OK)  # keep-alive announced, then the server hangs up anyway
        await writer.drain()

    async with Server(once) as server, engine() as e:
        first = await e.get(server.url("/a"))
        await asyncio.sleep(0.05)  # the server's end arrives on the idle connection
        second = await e.get(server.url("/b"))
    assert first.ok and second.ok
    assert server.connections == 2


async def test_a_get_on_a_kept_alive_connection_the_server_dropped_is_sent_once_more() -> None:
    async def drop_second(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(OK)
        await writer.drain()
        await reader.readuntil(b"\r\n\r\n")  # the next request arrives, and the server hangs up
        writer.transport.abort()

    async with Server(drop_second) as server, engine() as e:
        assert (await e.get(server.url("/a"))).ok
        again = await e.get(server.url("/b"))
    assert again.ok  # on a new connection, without the engine seeing the failure
    assert server.connections == 2


async def test_connection_close_chunked_and_gzip_bodies_read_as_httpx_reads_them() -> None:
    payload = gzip.compress(b"compressed " * 1000)

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        if b"GET /chunked" in head:
            writer.write(
                b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n"
                b"X-Twice: a\r\nX-Twice: b\r\n\r\n"
            )
            for i in range(0, len(payload), 700):
                piece = payload[i : i + 700]
                writer.write(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
            writer.write(b"0\r\n\r\n")
        else:  # HTTP/1.0 style: the body ends when the connection does
            writer.write(b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil the end")
        await writer.drain()
        writer.close()

    async with Server(serve) as server, engine() as e:
        chunked = await e.get(server.url("/chunked"))
        closed = await e.get(server.url("/close"))
    assert chunked.ok and chunked.body == b"compressed " * 1000
    assert chunked.headers["x-twice"] == "a, b"
    assert closed.ok and closed.body == b"until the end"


async def test_a_body_past_the_cap_stops_the_read_and_the_connection_is_not_reused() -> None:
    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            if b"GET /big" in head:
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 10000000\r\n\r\n" + b"x" * 300_000)
                await writer.drain()
                await asyncio.sleep(2)  # the rest never comes: quitx must not wait for it
            writer.write(OK)
            await writer.drain()

    async with Server(serve) as server, engine(max_body_bytes=100_000) as e:
        big = await e.get(server.url("/big"))
        after = await e.get(server.url("/small"))
    assert big.truncated and len(big.body) == 100_000
    assert after.ok and server.connections == 2


async def test_timeouts_refusals_and_bad_answers_are_failures_not_exceptions() -> None:
    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        if b"GET /silent" in head:
            await reader.read()
        elif b"GET /garbage" in head:
            writer.write(b"NOT HTTP AT ALL\r\n\r\n")
        elif b"GET /huge-head" in head:
            writer.write(b"HTTP/1.1 200 OK\r\n" + b"X-Pad: " + b"p" * 200_000 + b"\r\n\r\n")
        elif b"GET /cut" in head:
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort")
        await writer.drain()
        writer.close()

    async with Server(serve) as server, engine(timeout=0.3) as e:
        silent = await e.get(server.url("/silent"))
        garbage = await e.get(server.url("/garbage"))
        huge = await e.get(server.url("/huge-head"))
        cut = await e.get(server.url("/cut"))
        refused = await e.get("http://127.0.0.1:9/")
    assert silent.failure is Reason.TIMEOUT
    assert garbage.failure is Reason.NETWORK_ERROR and "RemoteProtocolError" in (garbage.error or "")
    assert huge.failure is Reason.NETWORK_ERROR
    assert cut.failure is Reason.NETWORK_ERROR
    assert refused.failure is Reason.NETWORK_ERROR and (refused.error or "").startswith("connection failed")


async def test_pools_of_hosts_not_used_lately_are_closed_but_never_one_in_use() -> None:
    transport = PerHostTransport(per_host=2, idle_pools=3)
    async with Server() as server, httpx.AsyncClient(transport=transport) as client:
        base = f"http://127.0.0.1:{server.port}/"
        for i in range(10):
            response = await client.get(base, extensions={"quitx_host": f"h{i}.fr"})
            assert response.status_code == 200
        assert transport.pools_opened == 10 and transport.open_pools == 3
        async with client.stream("GET", base, extensions={"quitx_host": "busy.fr"}) as busy:
            for i in range(10, 16):
                await client.get(base, extensions={"quitx_host": f"h{i}.fr"})
            assert "busy.fr" in transport._pools
            assert await busy.aread() == b"ok"
    assert len(server.requests) == 17
    # a closed pool's connections are closed: 17 requests, and a connection for each pool opened
    assert server.connections == 17


async def test_through_httpx_a_client_on_the_transport_streams_and_keeps_its_connection() -> None:
    transport = PerHostTransport(per_host=2)
    async with Server() as server, httpx.AsyncClient(transport=transport) as client:
        for _ in range(3):
            response = await client.get(server.url("/x"), headers={"Accept": "text/plain"})
            assert response.status_code == 200 and response.text == "ok"
            assert response.http_version == "HTTP/1.1"
        async with client.stream("GET", server.url("/y")) as streamed:
            chunks: AsyncIterator[bytes] = streamed.aiter_bytes()
            assert b"".join([c async for c in chunks]) == b"ok"
    assert server.connections == 1
    assert b"accept: text/plain" in server.requests[0].lower()


def test_headers_read_as_httpx_reads_them() -> None:
    assert decode_headers([(b"Content-Type", b"text/plain"), (b"x-a", b"1"), (b"X-A", b"2")]) == {
        "content-type": "text/plain",
        "x-a": "1, 2",
    }
    assert decode_headers([(b"x-name", "Zoë".encode())]) == {"x-name": "Zoë"}
    assert decode_headers([(b"x-name", b"\xe9t\xe9")]) == {"x-name": "été"}  # not UTF-8: Latin-1


async def test_informational_answers_trailers_and_junk_after_an_answer() -> None:
    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            if b"GET /early" in head:  # 103 Early Hints, then the answer
                writer.write(b"HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\n" + OK)
            elif b"GET /trailers" in head:
                writer.write(
                    b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: X-Sum\r\n\r\n"
                    b"2\r\nok\r\n0\r\nX-Sum: 1\r\n\r\n"
                )
            elif b"GET /junk" in head:  # a complete answer, then bytes no request asked for
                writer.write(OK + b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nbad")
            else:
                writer.write(OK)
            await writer.drain()

    async with Server(serve) as server, engine() as e:
        early = await e.get(server.url("/early"))
        trailers = await e.get(server.url("/trailers"))
        assert server.connections == 1
        junk = await e.get(server.url("/junk"))
        after = await e.get(server.url("/after"))
    assert early.status == 200 and early.text() == "ok" and "link" not in early.headers
    assert trailers.text() == "ok" and "x-sum" not in trailers.headers
    assert junk.text() == "ok" and after.ok
    assert server.connections == 2  # the connection that carried junk was not used again


async def test_a_client_on_the_transport_sends_bodies_and_refuses_a_header_that_splits_the_request() -> None:
    received: list[bytes] = []

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            if b"transfer-encoding: chunked" in head.lower():
                body = b""
                while True:
                    size = int((await reader.readuntil(b"\r\n")).strip(), 16)
                    chunk = await reader.readexactly(size + 2)
                    if size == 0:
                        break
                    body += chunk[:-2]
            else:
                length = int(head.lower().split(b"content-length: ")[1].split(b"\r\n")[0])
                body = await reader.readexactly(length)
            received.append(body)
            writer.write(OK)
            await writer.drain()

    async def stream() -> AsyncIterator[bytes]:
        yield b"one,"
        yield b"two"

    async with Server(serve) as server, httpx.AsyncClient(transport=PerHostTransport(per_host=2)) as client:
        assert (await client.post(server.url("/a"), content=b"payload")).status_code == 200
        assert (await client.post(server.url("/b"), content=stream())).status_code == 200
        with pytest.raises(httpx.LocalProtocolError):
            await client.get(server.url("/c"), headers={"X-Evil": "a\r\nX-Injected: 1"})
    assert received == [b"payload", b"one,two"]
