"""Rate limits: the servers' headers read, the token budgets that keep quitx under them (zero 429)."""

from __future__ import annotations

import asyncio
import datetime as dt
import time

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.unit._http.engines import Peak, engine_on, engine_with, iso_in

from quitx._http import HttpEngine, parse_reset
from quitx._http.limits import read_limits
from quitx.config import load_settings
from quitx.models import Reason


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
            paused_seen.extend(engine.stats().waits.values())
            await asyncio.sleep(0.01)
        results = await task
    elapsed = time.monotonic() - started
    assert all(r.ok and r.failure is None for r in results)
    assert 429 not in server.statuses and engine.stats().http429 == 0
    assert max(server.counts.values()) <= 10
    assert engine.stats().requests == 50 and len(server.statuses) == 50
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
    assert 429 not in server.statuses and engine.stats().http429 == 0
    assert max(server.counts.values()) <= 4
    assert time.monotonic() - started >= 1.0  # three windows at least


async def test_host_without_headers_is_paced_by_per_host_concurrency_only() -> None:
    handler = Peak(0.03)
    engine = engine_on(handler, per_host_concurrency=4)
    async with engine:
        results = await asyncio.gather(*(engine.get(f"https://site.fr/p{i}") for i in range(20)))
    assert all(r.ok for r in results)
    assert handler.peak == 4  # after the first answer (alone), four at a time: no further throttling
    assert engine.waited_seconds == {} and engine.stats().http429 == 0


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
    assert engine.stats().http429 == 1 and len(seen) == 3
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
    assert api_count == 3 and engine.stats().http429 == 0 and len(seen) == 8


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
        assert "slow.fr" in engine.stats().waits
        assert (await paused).ok


HEADER_VALUES = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["inf", "-inf", "nan", "1e400", "²", "٣", "9" * 40, "Sat, 99 Zzz 99999 99:99:99 GMT"]),
)


@given(
    st.dictionaries(st.sampled_from(["retry-after", "x-ratelimit-reset", "ratelimit-reset"]), HEADER_VALUES)
)
def test_no_reset_header_crashes_or_says_forever(headers: dict[str, str]) -> None:
    wait = parse_reset(headers, now=1_785_000_000.0)
    assert wait is None or 0 <= wait < float("inf")


@given(st.dictionaries(st.sampled_from(["x-ratelimit-remaining", "ratelimit-remaining"]), HEADER_VALUES))
def test_no_remaining_header_crashes(headers: dict[str, str]) -> None:
    read_limits(headers, now=1_785_000_000.0)


async def test_hostile_rate_limit_headers_do_not_crash_a_request() -> None:
    headers = [
        (b"X-RateLimit-Remaining", b"inf"),
        (b"X-RateLimit-Reset", b"nan"),
        (b"Retry-After", "²".encode()),
    ]
    client = httpx.AsyncClient(transport=httpx.MockTransport(lambda r: httpx.Response(200, headers=headers)))
    async with HttpEngine(load_settings(environ={}), client) as engine:
        first = await engine.get("https://a.fr/api/1")
        second = await engine.get("https://a.fr/api/2")
    await client.aclose()
    assert first.ok and second.ok
