"""One request on the wire: the host map, redirects by hand, retries of 5xx, the body cap, the pools."""

from __future__ import annotations

import asyncio
import gzip

import httpx
import pytest
from tests.unit._http.engines import engine_with

from quitx._http import HttpEngine
from quitx.config import load_settings
from quitx.models import Reason


async def test_host_map_rewrites_url_and_keeps_host_header() -> None:
    engine, seen = engine_with(
        lambda r: httpx.Response(200, text="ok"),
        host_map={"univ-exemple.fr": "http://127.0.0.1:8081", "*.test": "http://127.0.0.1:9000/base"},
    )
    async with engine:
        a = await engine.get("https://univ-exemple.fr/.well-known/atproto-did?x=1")
        b = await engine.get("https://alice.test/p")
        c = await engine.get("https://elsewhere.fr/")
    assert str(seen[0].url) == "http://127.0.0.1:8081/.well-known/atproto-did?x=1"
    assert seen[0].headers["host"] == "univ-exemple.fr"
    assert str(seen[1].url) == "http://127.0.0.1:9000/base/p"
    assert seen[1].headers["host"] == "alice.test"
    assert str(seen[2].url) == "https://elsewhere.fr/"
    # results speak of the logical URL, never the mapped one
    assert a.url == "https://univ-exemple.fr/.well-known/atproto-did?x=1"
    assert b.ok and c.ok
    assert seen[0].headers["user-agent"].startswith("quitx/")


async def test_redirects_are_followed_through_the_host_map() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        host = request.headers["host"]
        if host == "sciences.fr":
            return httpx.Response(
                301, headers={"Location": "https://social.sciences.fr" + request.url.raw_path.decode()}
            )
        if host == "social.sciences.fr" and request.url.path == "/a":
            return httpx.Response(302, headers={"Location": "/b"})
        return httpx.Response(200, json={"host": host, "path": request.url.path})

    engine, seen = engine_with(
        handler, host_map={"sciences.fr": "http://127.0.0.1:1", "social.sciences.fr": "http://127.0.0.1:2"}
    )
    async with engine:
        result = await engine.get("https://sciences.fr/a?q=1")
    assert result.ok
    assert result.json() == {"host": "social.sciences.fr", "path": "/b"}
    assert result.final_url == "https://social.sciences.fr/b"
    assert result.hops == (("https://sciences.fr/a?q=1", 301), ("https://social.sciences.fr/a?q=1", 302))
    assert [str(r.url) for r in seen] == [
        "http://127.0.0.1:1/a?q=1",
        "http://127.0.0.1:2/a?q=1",
        "http://127.0.0.1:2/b",
    ]
    assert "-> https://social.sciences.fr/b" in result.request_line()


@pytest.mark.parametrize(
    ("location", "message"),
    [
        (None, "without Location"),
        ("ftp://x/y", "non-HTTP"),
        ("/loop", "redirect loop"),
    ],
)
async def test_bad_redirects_are_failures(location: str | None, message: str) -> None:
    headers = {"Location": location} if location else {}
    engine, _ = engine_with(lambda r: httpx.Response(302, headers=headers))
    async with engine:
        result = await engine.get("https://a.fr/loop")
    assert result.failure is Reason.BAD_RESPONSE
    assert message in (result.error or "")


async def test_too_many_redirects() -> None:
    engine, seen = engine_with(
        lambda r: httpx.Response(302, headers={"Location": f"/n{int(r.url.path[2:] or 0) + 1}"}),
        max_redirects=3,
    )
    async with engine:
        result = await engine.get("https://a.fr/n0")
    assert result.failure is Reason.BAD_RESPONSE
    assert "more than 3 redirects" in (result.error or "")
    assert len(seen) == 4  # three redirects followed, the fourth refused


async def test_5xx_is_retried_then_reported() -> None:
    statuses = iter([503, 200])
    engine, seen = engine_with(lambda r: httpx.Response(next(statuses)))
    async with engine:
        assert (await engine.get("https://a.fr/1")).ok
    assert len(seen) == 2

    engine, seen = engine_with(lambda r: httpx.Response(502), retries=1)
    async with engine:
        result = await engine.get("https://a.fr/2")
    assert result.failure is Reason.SERVER_ERROR and result.status == 502
    assert len(seen) == 2


async def test_body_is_capped() -> None:
    engine, _ = engine_with(lambda r: httpx.Response(200, content=b"x" * 50_000))
    async with engine:
        result = await engine.get("https://a.fr/big", max_bytes=10_000)
    assert result.truncated
    assert len(result.body) == 10_000


async def test_only_mapped_hosts_refuses_everything_else() -> None:
    engine, seen = engine_with(
        lambda r: httpx.Response(200), only_mapped_hosts=True, host_map={"a.fr": "http://127.0.0.1:1"}
    )
    async with engine:
        mapped = await engine.get("https://a.fr/")
        loopback = await engine.get("http://127.0.0.1:9/x")
        refused = await engine.get("https://public.example.org/")
    assert mapped.ok and loopback.ok
    assert refused.failure is Reason.NETWORK_ERROR and "host map" in (refused.error or "")
    assert [r.url.host for r in seen] == ["127.0.0.1", "127.0.0.1"]


async def test_the_engine_own_client_sends_straight_to_its_pools_with_timeouts_and_headers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    seen: list[bytes] = []

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        seen.append(head)
        if b"GET /slow" in head:
            await reader.read()  # never answers: waits until quitx gives up and hangs up
        elif b"GET /gzip" in head:
            body = gzip.compress(b"compressed ok")
            writer.write(
                b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Type: text/plain\r\n"
                + f"Content-Length: {len(body)}\r\n\r\n".encode()
                + body
            )
            await writer.drain()
        else:
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: text/plain\r\n\r\nok")
            await writer.drain()
        writer.close()
        await writer.wait_closed()

    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    settings = load_settings(environ={}, timeout=0.3, retries=0, allow_private_addresses=True)
    engine = HttpEngine(settings)
    assert engine.fetcher.direct is not None  # no proxy in this environment: the client is bypassed
    async with engine, server:
        ok = await engine.get(f"http://127.0.0.1:{port}/fast", accept="text/plain")
        slow = await engine.get(f"http://127.0.0.1:{port}/slow")
        zipped = await engine.get(f"http://127.0.0.1:{port}/gzip")
    assert ok.ok and ok.text() == "ok"
    assert zipped.ok and zipped.text() == "compressed ok"  # decoded, as httpx's client would
    assert slow.failure is Reason.TIMEOUT
    request = seen[0].decode().lower()
    assert "accept: text/plain" in request and "accept-encoding: gzip, deflate" in request
    assert "user-agent: quitx/" in request


def test_with_a_proxy_in_the_environment_the_engine_keeps_httpx_client(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.example:3128")
    engine = HttpEngine(load_settings(environ={}))
    assert engine.fetcher.direct is None  # httpx's client routes through the proxy


@pytest.mark.parametrize("location", ["https://[evil/x", "https://ex\u202eample.fr/", "http://a.fr:99999/"])
async def test_a_redirect_to_an_unusable_url_is_a_bad_response(location: str) -> None:
    client = httpx.AsyncClient(
        # raw bytes, as a server sends them (httpx would refuse to build such a header itself)
        transport=httpx.MockTransport(
            lambda r: httpx.Response(302, headers=[(b"Location", location.encode())])
        )
    )
    async with HttpEngine(load_settings(environ={}), client) as engine:
        result = await engine.get("https://a.fr/")
    await client.aclose()
    assert result.failure is Reason.BAD_RESPONSE and "redirect to" in (result.error or "")
