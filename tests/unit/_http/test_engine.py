"""The HTTP engine's edge cases, against httpx.MockTransport (no network)."""

from __future__ import annotations

import asyncio
import datetime as dt
import gzip
import time
from collections.abc import Callable

import httpx
import pytest

from quitx._http import HttpEngine, parse_reset
from quitx.config import load_settings
from quitx.models import Reason

Handler = Callable[[httpx.Request], httpx.Response]


def engine_with(handler: Handler, **settings: object) -> tuple[HttpEngine, list[httpx.Request]]:
    seen: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return handler(request)

    client = httpx.AsyncClient(transport=httpx.MockTransport(record))
    defaults: dict[str, object] = {"max_rate_limit_wait": 2.0, "retries": 2}
    defaults.update(settings)
    return HttpEngine(load_settings(environ={}, **defaults), client), seen


def iso_in(seconds: float) -> str:
    when = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=seconds)
    return when.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class TestParseReset:
    def test_mastodon_iso8601(self) -> None:
        now = dt.datetime(2026, 8, 1, 13, 45, 0, tzinfo=dt.UTC).timestamp()
        wait = parse_reset({"x-ratelimit-reset": "2026-08-01T13:50:00.809356Z"}, now=now)
        assert wait == pytest.approx(300.809356)

    def test_bluesky_epoch_seconds(self) -> None:
        assert parse_reset({"ratelimit-reset": "1785000060"}, now=1785000000.0) == pytest.approx(60)

    def test_delta_seconds_and_retry_after(self) -> None:
        assert parse_reset({"ratelimit-reset": "30"}, now=0.0) == 30
        assert parse_reset({"retry-after": "12"}, now=0.0) == 12
        assert parse_reset(
            {"retry-after": "Sat, 01 Aug 2026 13:50:00 GMT"}, now=1785592140.0
        ) == pytest.approx(60)

    def test_longest_wait_wins_and_past_is_zero(self) -> None:
        assert parse_reset({"retry-after": "5", "ratelimit-reset": "20"}, now=0.0) == 20
        assert parse_reset({"x-ratelimit-reset": "2000-01-01T00:00:00Z"}) == 0

    def test_nothing_usable(self) -> None:
        assert parse_reset({}) is None
        assert parse_reset({"x-ratelimit-reset": "soon"}) is None


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


async def test_429_with_iso_reset_is_waited_out_and_retried() -> None:
    calls = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        if calls == 1:
            return httpx.Response(
                429,
                json={"error": "Too many requests"},
                headers={"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": iso_in(0.3)},
            )
        return httpx.Response(200, json={"ok": True})

    engine, seen = engine_with(handler)
    started = time.monotonic()
    async with engine:
        result = await engine.get("https://m.fr/api/v1/accounts/lookup?acct=x")
    assert result.ok and result.failure is None
    assert len(seen) == 2
    assert time.monotonic() - started >= 0.25  # it did wait for the reset


async def test_429_beyond_the_wait_limit_is_rate_limited_not_absent() -> None:
    engine, seen = engine_with(
        lambda r: httpx.Response(
            429, json={"error": "Too many requests"}, headers={"X-RateLimit-Reset": iso_in(3600)}
        )
    )
    async with engine:
        result = await engine.get("https://m.fr/x")
        again = await engine.get("https://m.fr/y")
    assert result.status == 429
    assert result.failure is Reason.RATE_LIMITED
    assert result.retry_after == pytest.approx(3600, abs=5)
    assert len(seen) == 1  # no retry when the wait is too long
    # the host is paced: the next request is not even sent
    assert again.failure is Reason.RATE_LIMITED and again.status is None


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


@pytest.mark.parametrize(
    ("exc", "reason", "text", "attempts"),
    [
        (
            httpx.ReadTimeout("slow"),
            Reason.TIMEOUT,
            "timeout",
            1,
        ),  # a timeout is not retried: it costs too much
        (httpx.ConnectError("refused"), Reason.NETWORK_ERROR, "connection failed", 2),
    ],
)
async def test_transport_failures_become_results(
    exc: Exception, reason: Reason, text: str, attempts: int
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise exc

    engine, seen = engine_with(handler, retries=1)
    async with engine:
        result = await engine.get("https://a.fr/")
    assert result.status is None
    assert result.failure is reason
    assert text in (result.error or "")
    assert len(seen) == attempts


async def test_401_is_unauthorized() -> None:
    engine, _ = engine_with(
        lambda r: httpx.Response(401, json={"error": "This method requires an authenticated user"})
    )
    async with engine:
        result = await engine.get("https://locked.fr/api/v1/accounts/lookup?acct=x")
    assert result.failure is Reason.UNAUTHORIZED


async def test_body_is_capped() -> None:
    engine, _ = engine_with(lambda r: httpx.Response(200, content=b"x" * 50_000))
    async with engine:
        result = await engine.get("https://a.fr/big", max_bytes=10_000)
    assert result.truncated
    assert len(result.body) == 10_000


async def test_same_resource_is_requested_once_per_engine() -> None:
    engine, seen = engine_with(lambda r: httpx.Response(200, text="same"))
    async with engine:
        results = await asyncio.gather(*(engine.get("https://a.fr/x") for _ in range(5)))
        await engine.get("https://a.fr/x", accept="application/json")  # another representation
    assert all(r.text() == "same" for r in results)
    assert len(seen) == 2
    assert engine.requests_sent == 2


async def test_caller_client_is_not_closed() -> None:
    client = httpx.AsyncClient(transport=httpx.MockTransport(lambda r: httpx.Response(204)))
    async with HttpEngine(load_settings(environ={}), client) as engine:
        await engine.get("https://a.fr/")
    assert not client.is_closed
    await client.aclose()


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


# -- manners: a server that announces its limit never answers 429 ------------------------------


class WindowServer:
    """A mock server enforcing ``limit`` requests per fixed window of ``window`` seconds, per bucket
    (``/api/*`` apart, as Mastodon does), announcing it like Mastodon (ISO-8601 reset) or Bluesky
    (epoch seconds). It counts what it receives, like rack-attack: a request over the limit is a 429."""

    def __init__(self, limit: int, window: float, style: str = "mastodon", latency: float = 0.01) -> None:
        self.limit, self.window, self.style, self.latency = limit, window, style, latency
        self.counts: dict[tuple[str, int], int] = {}
        self.statuses: list[int] = []
        self.in_flight = self.max_in_flight = 0

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            await asyncio.sleep(self.latency)
            now = time.time()
            index = int(now // self.window)
            bucket = "api" if request.url.path.startswith("/api/") else "web"
            count = self.counts[bucket, index] = self.counts.get((bucket, index), 0) + 1
            reset = (index + 1) * self.window
            remaining = str(max(0, self.limit - count))
            if self.style == "mastodon":
                stamp = dt.datetime.fromtimestamp(reset, dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
                headers = {
                    "X-RateLimit-Limit": str(self.limit),
                    "X-RateLimit-Remaining": remaining,
                    "X-RateLimit-Reset": stamp,
                }
            else:
                headers = {
                    "ratelimit-limit": str(self.limit),
                    "ratelimit-remaining": remaining,
                    "ratelimit-reset": str(int(reset)),
                    "ratelimit-policy": f"{self.limit};w={self.window:g}",
                }
            status = 429 if count > self.limit else 200
            self.statuses.append(status)
            await asyncio.sleep(self.latency)
            return httpx.Response(status, json={"path": request.url.path}, headers=headers)
        finally:
            self.in_flight -= 1


def engine_on(server: Callable[[httpx.Request], object], **settings: object) -> HttpEngine:
    client = httpx.AsyncClient(transport=httpx.MockTransport(server))  # type: ignore[arg-type]
    defaults: dict[str, object] = {"max_rate_limit_wait": 5.0, "retries": 2}
    defaults.update(settings)
    return HttpEngine(load_settings(environ={}, **defaults), client)


async def test_enforced_mastodon_limit_sees_zero_429_under_concurrency() -> None:
    server = WindowServer(limit=10, window=0.4)
    engine = engine_on(server, per_host_concurrency=16, concurrency=64)
    paused_seen: list[float] = []
    started = time.monotonic()
    async with engine:
        gets = asyncio.gather(
            *(engine.get(f"https://m.fr/api/v1/accounts/lookup?acct=u{i}") for i in range(50))
        )
        task = asyncio.ensure_future(gets)
        while not task.done():
            paused_seen.extend(engine.waiting_hosts().values())
            await asyncio.sleep(0.01)
        results = await task
    elapsed = time.monotonic() - started
    assert all(r.ok and r.failure is None for r in results)
    assert 429 not in server.statuses and engine.http429 == 0
    assert max(server.counts.values()) <= 10
    assert engine.requests_sent == 50 and len(server.statuses) == 50
    # 50 requests at 10 a window span at least 5 windows: from inside the first to the start of the fifth
    assert elapsed >= 3 * 0.4
    assert engine.waited_seconds["m.fr"] > 0
    assert paused_seen and max(paused_seen) <= 0.4 + 0.1  # the progress bar saw the host paused


async def test_enforced_bluesky_limit_with_epoch_reset_sees_zero_429() -> None:
    server = WindowServer(limit=4, window=1.0, style="bluesky")
    engine = engine_on(server, per_host_concurrency=8)
    started = time.monotonic()
    async with engine:
        results = await asyncio.gather(
            *(
                engine.get(f"https://public.api.bsky.app/xrpc/app.bsky.actor.getProfile?actor=a{i}.fr")
                for i in range(10)
            )
        )
    assert all(r.ok for r in results)
    assert 429 not in server.statuses and engine.http429 == 0
    assert max(server.counts.values()) <= 4
    assert time.monotonic() - started >= 1.0  # three windows at least


async def test_host_without_headers_is_paced_by_per_host_concurrency_only() -> None:
    in_flight = peak = 0

    async def handler(request: httpx.Request) -> httpx.Response:
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        await asyncio.sleep(0.03)
        in_flight -= 1
        return httpx.Response(200, text="ok")

    engine = engine_on(handler, per_host_concurrency=4)
    async with engine:
        results = await asyncio.gather(*(engine.get(f"https://site.fr/p{i}") for i in range(20)))
    assert all(r.ok for r in results)
    assert peak == 4  # after the first answer (alone), four at a time: no further throttling
    assert engine.waited_seconds == {} and engine.http429 == 0


async def test_a_429_that_still_comes_is_retried_and_counted() -> None:
    calls = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        if calls == 2:  # a hidden, stricter limit than the one announced
            return httpx.Response(
                429, json={"error": "Too many requests"}, headers={"X-RateLimit-Reset": iso_in(0.3)}
            )
        return httpx.Response(200, headers={"X-RateLimit-Remaining": "100", "X-RateLimit-Reset": iso_in(60)})

    engine, seen = engine_with(handler)
    async with engine:
        first = await engine.get("https://m.fr/api/v1/instance")
        second = await engine.get("https://m.fr/api/v2/instance")
    assert first.ok and second.ok and second.failure is None
    assert engine.http429 == 1 and len(seen) == 3
    assert engine.waited_seconds["m.fr"] >= 0.25


async def test_api_and_web_buckets_are_independent() -> None:
    api_count = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal api_count
        if request.url.path.startswith("/api/"):
            api_count += 1
            headers = {
                "X-RateLimit-Limit": "3",
                "X-RateLimit-Remaining": str(max(0, 3 - api_count)),
                "X-RateLimit-Reset": iso_in(600),
            }
            return httpx.Response(429 if api_count > 3 else 200, headers=headers)
        return httpx.Response(200, json={"subject": "acct:x@m.fr"})

    engine, seen = engine_with(handler, per_host_concurrency=8)
    async with engine:
        api = await asyncio.gather(*(engine.get(f"https://m.fr/api/v1/accounts/{i}") for i in range(5)))
        web = await asyncio.gather(
            *(engine.get(f"https://m.fr/.well-known/webfinger?resource=acct:u{i}@m.fr") for i in range(5))
        )
    assert [r.ok for r in api].count(True) == 3
    refused = [r for r in api if not r.ok]
    # budget spent, reset beyond max_rate_limit_wait: rate limited, nothing sent, never absent
    assert all(r.failure is Reason.RATE_LIMITED and r.status is None for r in refused)
    assert all(r.retry_after and r.retry_after > 500 for r in refused)
    assert all(r.ok for r in web)  # WebFinger is not held back by the API budget
    assert api_count == 3 and engine.http429 == 0 and len(seen) == 8


async def test_unknown_budget_sends_one_request_alone_first() -> None:
    in_flight = peak_before_first_answer = 0
    answered = False

    async def handler(request: httpx.Request) -> httpx.Response:
        nonlocal in_flight, peak_before_first_answer, answered
        in_flight += 1
        if not answered:
            peak_before_first_answer = max(peak_before_first_answer, in_flight)
        await asyncio.sleep(0.02)
        in_flight -= 1
        answered = True
        return httpx.Response(200, headers={"RateLimit-Remaining": "50", "RateLimit-Reset": "30"})

    engine = engine_on(handler, per_host_concurrency=8)
    async with engine:
        results = await asyncio.gather(*(engine.get(f"https://b.fr/xrpc/x?i={i}") for i in range(10)))
    assert all(r.ok for r in results)
    assert peak_before_first_answer == 1


async def test_waiting_for_a_reset_holds_no_global_slot() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "slow.fr":
            return httpx.Response(200, headers={"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": iso_in(1)})
        return httpx.Response(200)

    engine, _ = engine_with(handler, concurrency=1)
    async with engine:
        await engine.get("https://slow.fr/api/a")
        paused = asyncio.ensure_future(engine.get("https://slow.fr/api/b"))
        await asyncio.sleep(0.05)
        other = await engine.get("https://fast.fr/x")  # answered while slow.fr still waits
        assert other.ok and not paused.done()
        assert "slow.fr" in engine.waiting_hosts()
        assert (await paused).ok


async def test_the_run_memo_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    import quitx._http.engine as http

    monkeypatch.setattr(http, "MEMO_SIZE", 10)
    engine, seen = engine_with(lambda r: httpx.Response(200, text="x"))
    async with engine:
        for i in range(50):
            await engine.get(f"https://a.fr/{i}")
        await engine.get("https://a.fr/49")  # recent: still remembered
        await engine.get("https://a.fr/0")  # long gone: asked again
    assert len(engine._memo) <= 11
    assert len(seen) == 51


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8080/admin",
        "http://localhost/",
        "http://10.1.2.3/",
        "http://192.168.0.1/",
        "http://169.254.169.254/latest/meta-data/",  # a cloud metadata service
        "http://[::1]/",
        "http://[fe80::1]/",
        "http://0.0.0.0/",
    ],
)
async def test_urls_from_the_internet_never_reach_private_addresses(url: str) -> None:
    async with HttpEngine(load_settings(environ={})) as engine:  # quitx's own client: guarded
        result = await engine.get(url)
    assert result.status is None and engine.requests_sent == 0
    assert result.failure is Reason.NETWORK_ERROR
    assert "non-public address" in (result.error or "")


async def test_named_hosts_and_the_setting_lift_the_guard() -> None:
    settings = load_settings(
        environ={}, host_map={"univ.fr": "http://127.0.0.1:9"}, plc_url="http://127.0.0.1:2582"
    )
    async with HttpEngine(settings) as engine:
        assert await engine._address_guard("univ.fr") is None  # mapped by the user
        assert await engine._address_guard("127.0.0.1") is None  # a configured endpoint
        assert await engine._address_guard("localhost") is not None
    async with HttpEngine(load_settings(environ={}, allow_private_addresses=True)) as engine:
        assert await engine._address_guard("localhost") is None


async def test_a_name_that_does_not_resolve_is_reported_as_dns() -> None:
    async with HttpEngine(load_settings(environ={})) as engine:
        result = await engine.get("https://does-not-exist.invalid/")
    assert (result.error or "").startswith("DNS:")


class StrainServer:
    """A host that answers 503 while `failing`, else 200, and records its peak concurrency."""

    def __init__(self) -> None:
        self.failing = False
        self.in_flight = self.peak = 0

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        self.in_flight += 1
        self.peak = max(self.peak, self.in_flight)
        try:
            await asyncio.sleep(0.02)
            return httpx.Response(503 if self.failing else 200, text="x")
        finally:
            self.in_flight -= 1


async def test_a_straining_host_gets_fewer_requests_at_a_time_then_recovers() -> None:
    server = StrainServer()
    engine = engine_on(server, per_host_concurrency=8, retries=0)
    async with engine:
        await asyncio.gather(*(engine.get(f"https://m.fr/a{i}") for i in range(16)))
        assert server.peak == 8  # a host that copes gets the ceiling
        gate = engine._gate("m.fr")
        server.failing = True
        failed = await asyncio.gather(*(engine.get(f"https://m.fr/b{i}") for i in range(16)))
        assert all(r.failure is Reason.SERVER_ERROR for r in failed)
        assert gate.limit == 1 and gate.backoffs >= 3  # halved at each 503: 8, 4, 2, 1
        held = [asyncio.ensure_future(engine.get(f"https://m.fr/h{i}")) for i in range(3)]
        await asyncio.sleep(0.005)
        assert engine.slowed_hosts() == {"m.fr": (1, 8)}  # what the progress bar shows
        await asyncio.gather(*held)
        server.failing = False
        server.peak = 0
        await asyncio.gather(*(engine.get(f"https://m.fr/c{i}") for i in range(4)))
        assert server.peak <= 2  # one at a time, then two after an answer without strain
        await asyncio.gather(*(engine.get(f"https://m.fr/d{i}") for i in range(60)))
        assert gate.limit == 8  # additive increase back to the ceiling after answers without strain
    other = engine._gate("other.fr")
    assert other.limit == 8  # the back-off is per host


async def test_an_answer_much_slower_than_usual_counts_as_strain() -> None:
    slow = False

    async def handler(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(0.5 if slow else 0.001)
        return httpx.Response(200, text="x")

    engine = engine_on(handler, per_host_concurrency=4)
    monkey = engine._gate("m.fr")
    monkey.SLOW_FLOOR = 0.2  # type: ignore[misc]  # the default floor (2 s) would make this test slow
    async with engine:
        await engine.get("https://m.fr/fast")
        assert monkey.limit == 4
        slow = True
        await engine.get("https://m.fr/slow")
    assert monkey.limit == 2


async def test_the_engine_keeps_one_small_pool_per_host_and_closes_idle_ones() -> None:
    from quitx._http.pools import PerHostTransport

    transport = PerHostTransport(per_host=2, idle_pools=3)
    seen: list[str] = []

    async def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers.get("host", ""))
        return httpx.Response(200, text="ok")

    # each per-host pool is httpx's own transport: swap its network layer for a mock one
    class Mocked(PerHostTransport):
        async def _pool(self, key: str):  # type: ignore[no-untyped-def]
            pool = await super()._pool(key)
            pool.transport = httpx.MockTransport(handler)  # type: ignore[assignment]
            return pool

    transport = Mocked(per_host=2, idle_pools=3)
    async with httpx.AsyncClient(transport=transport) as client:
        for i in range(10):
            response = await client.get(f"https://h{i}.fr/", extensions={"quitx_host": f"h{i}.fr"})
            assert response.status_code == 200
        assert transport.pools_opened == 10
        assert transport.open_pools == 3  # the least recently used idle pools were closed
        # a pool with a response still open is never closed
        async with client.stream("GET", "https://busy.fr/", extensions={"quitx_host": "busy.fr"}) as busy:
            for i in range(10, 16):
                await client.get(f"https://h{i}.fr/", extensions={"quitx_host": f"h{i}.fr"})
            assert "busy.fr" in transport._pools
            await busy.aread()
    assert len(seen) == 17


async def test_every_handle_under_a_bluesky_suffix_shares_one_per_host_limit() -> None:
    in_flight = peak = 0
    hosts: set[str] = set()

    async def handler(request: httpx.Request) -> httpx.Response:
        nonlocal in_flight, peak
        hosts.add(request.url.host)
        in_flight += 1
        peak = max(peak, in_flight)
        await asyncio.sleep(0.01)
        in_flight -= 1
        return httpx.Response(404, text="no such handle")

    engine = engine_on(handler, per_host_concurrency=3)
    async with engine:
        await asyncio.gather(
            *(engine.get(f"https://label{i}.bsky.social/.well-known/atproto-did") for i in range(30))
        )
        handles_peak, peak = peak, 0
        await asyncio.gather(*(engine.get(f"https://site{i}.fr/") for i in range(30)))
    assert len(hosts) == 60
    # thirty handles are thirty hosts, but one server (the entryway): three at a time, not thirty
    assert handles_peak == 3
    assert peak > 3  # thirty sites are thirty servers: the limit applies to each


async def test_per_server_state_is_bounded_but_a_paused_server_is_never_forgotten(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import quitx._http.engine as engine_module

    monkeypatch.setattr(engine_module, "HOST_STATE_SIZE", 8)

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "limited.fr":
            # the window is spent: nothing more until the reset, a minute away
            return httpx.Response(
                200, headers={"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": iso_in(60)}
            )
        return httpx.Response(200, text="ok")

    engine, seen = engine_with(handler, max_rate_limit_wait=0.5)
    async with engine:
        assert (await engine.get("https://limited.fr/api/v1/instance")).ok
        for i in range(50):
            assert (await engine.get(f"https://site{i}.fr/")).ok
        assert len(engine._gates) <= 8 and len(engine._buckets) <= 9
        # the limited server's bucket was kept: its next request waits for the reset (here:
        # refused, the wait is over max_rate_limit_wait) instead of going out as a fresh "probe"
        again = await engine.get("https://limited.fr/api/v2/instance")
    assert again.failure is Reason.RATE_LIMITED
    assert [r.url.host for r in seen].count("limited.fr") == 1


async def test_a_waiter_cancelled_while_queued_or_just_served_leaks_no_slot() -> None:
    from quitx._http.engine import _HostGate

    gate = _HostGate(2)
    await gate.acquire()
    await gate.acquire()
    queued = [asyncio.ensure_future(gate.acquire()) for _ in range(4)]
    await asyncio.sleep(0)
    assert gate.waiting == 4
    queued[0].cancel()  # cancelled while waiting: leaves the queue
    gate.release(strained=False, elapsed=0.01)  # the slot goes to queued[1]...
    queued[1].cancel()  # ...which is cancelled before it runs: it must pass the slot on
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    assert queued[2].done() and not queued[2].cancelled()
    assert not queued[3].done() and gate.in_flight == 2
    gate.release(strained=False, elapsed=0.01)
    await asyncio.sleep(0)
    assert queued[3].done()
    gate.release(strained=False, elapsed=0.01)
    gate.release(strained=False, elapsed=0.01)
    assert gate.in_flight == 0 and gate.waiting == 0 and gate.forgettable


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
    assert engine._direct is not None  # no proxy in this environment: the client is bypassed
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
    assert engine._direct is None  # httpx's client routes through the proxy


async def test_a_name_that_does_not_resolve_is_not_strain_on_a_shared_handle_suffix() -> None:
    import socket

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host.startswith("gone"):
            raise httpx.ConnectError("name") from socket.gaierror(-2, "Name or service not known")
        raise httpx.ConnectError("[Errno 111] Connection refused")

    engine, _ = engine_with(handler, per_host_concurrency=8, retries=0)
    async with engine:
        results = await asyncio.gather(
            *(engine.get(f"https://gone{i}.bsky.social/.well-known/atproto-did") for i in range(5))
        )
        assert all(r.error is not None and r.error.startswith("DNS:") for r in results)
        assert engine._gate("bsky.social").limit == 8  # unknown names say nothing of the server
        await engine.get("https://refusing.fr/")
        assert engine._gate("refusing.fr").limit == 4  # a refused connection does


async def test_closing_an_idle_pool_that_fails_does_not_fail_another_hosts_request() -> None:
    from quitx._http.pools import PerHostTransport

    class Broken(httpx.MockTransport):
        async def aclose(self) -> None:
            raise OSError("TLS shutdown failed")

    class Mocked(PerHostTransport):
        async def _pool(self, key: str):  # type: ignore[no-untyped-def]
            pool = await super()._pool(key)
            if not isinstance(pool.transport, Broken):
                pool.transport = Broken(lambda request: httpx.Response(200, text="ok"))  # type: ignore[assignment]
            return pool

    transport = Mocked(per_host=2, idle_pools=1)
    async with httpx.AsyncClient(transport=transport) as client:
        for i in range(3):  # each new host evicts the previous, whose close raises
            response = await client.get(f"https://h{i}.fr/", extensions={"quitx_host": f"h{i}.fr"})
            assert response.status_code == 200
