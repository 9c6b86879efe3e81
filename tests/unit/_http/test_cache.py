"""The disk cache: what is kept, for how long, what is asked again; against httpx.MockTransport."""

from __future__ import annotations

import asyncio
import email.utils
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from quitx._http import HttpEngine, HttpResult
from quitx._http.cache import HttpCache, default_cache_dir, freshness
from quitx.config import load_settings
from quitx.models import Reason

Handler = Callable[[httpx.Request], httpx.Response]


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


class Run:
    """One quitx run: an engine on a cache directory, recording what reached the network."""

    def __init__(self, directory: Path, handler: Handler, clock: Clock, **settings: object) -> None:
        self.seen: list[str] = []

        def record(request: httpx.Request) -> httpx.Response:
            self.seen.append(
                request.url.path + ("?" + request.url.query.decode() if request.url.query else "")
            )
            return handler(request)

        self.cache = HttpCache(directory, min_ttl=3600, max_ttl=86400, clock=clock)
        client = httpx.AsyncClient(transport=httpx.MockTransport(record))
        defaults: dict[str, object] = {"retries": 0}
        defaults.update(settings)
        self.engine = HttpEngine(load_settings(environ={}, **defaults), client, cache=self.cache)

    async def gets(self, *urls: str) -> list[HttpResult]:
        async with self.engine:
            results = await asyncio.gather(*(self.engine.get(u) for u in urls))
        await self.cache.aclose()
        return list(results)


@pytest.fixture
def clock() -> Clock:
    return Clock()


def site(request: httpx.Request) -> httpx.Response:
    path = request.url.path
    if path == "/ok":
        return httpx.Response(200, text="hello")
    if path == "/.well-known/webfinger":
        return httpx.Response(404, json={"error": "Record not found"})
    if path == "/down":
        return httpx.Response(503)
    if path == "/busy":
        return httpx.Response(429, headers={"Retry-After": "3600"})
    if path == "/locked":
        return httpx.Response(401, json={"error": "This method requires an authenticated user"})
    if path == "/forbidden":
        return httpx.Response(403)
    if path == "/nostore":
        return httpx.Response(200, text="secret", headers={"Cache-Control": "no-store"})
    if path == "/long":
        return httpx.Response(200, text="long", headers={"Cache-Control": "public, max-age=7200"})
    if path == "/short":
        return httpx.Response(200, text="short", headers={"Cache-Control": "max-age=60"})
    if path == "/rails":
        return httpx.Response(200, text="r", headers={"Cache-Control": "max-age=0, private, must-revalidate"})
    if path == "/moved":
        return httpx.Response(301, headers={"Location": "/ok"})
    if path == "/temp-nostore":
        return httpx.Response(302, headers={"Location": "/ok", "Cache-Control": "no-store"})
    if path == "/slow":
        raise httpx.ReadTimeout("slow")
    if path == "/gone":
        raise httpx.ConnectError("refused")
    return httpx.Response(500)


async def test_second_run_sends_nothing_for_cached_200_and_404(tmp_path: Path, clock: Clock) -> None:
    urls = ("https://m.fr/ok", "https://m.fr/.well-known/webfinger?resource=acct:x@m.fr")
    first = Run(tmp_path, site, clock)
    a = await first.gets(*urls)
    assert len(first.seen) == 2 and first.engine.stats().cache_hits == 0
    second = Run(tmp_path, site, clock)
    b = await second.gets(*urls)
    assert second.seen == []  # zero network
    assert second.engine.stats().cache_hits == 2 and second.engine.stats().requests == 0
    for old, new in zip(a, b, strict=True):
        assert new.from_cache and not old.from_cache
        assert (new.status, new.body, new.url) == (old.status, old.body, old.url)
    assert b[1].status == 404 and b[1].json() == {"error": "Record not found"}


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/down", Reason.SERVER_ERROR),
        ("/busy", Reason.RATE_LIMITED),
        ("/locked", Reason.UNAUTHORIZED),
        ("/forbidden", Reason.UNAUTHORIZED),
        ("/nostore", None),
        ("/slow", Reason.TIMEOUT),
        ("/gone", Reason.NETWORK_ERROR),
        ("/temp-nostore", None),
    ],
)
async def test_unknown_verdicts_and_no_store_are_asked_again(
    tmp_path: Path, clock: Clock, path: str, reason: Reason | None
) -> None:
    first = Run(tmp_path, site, clock)
    (result,) = await first.gets("https://m.fr" + path)
    assert result.failure is reason
    sent = len(first.seen)
    second = Run(tmp_path, site, clock)
    await second.gets("https://m.fr" + path)
    assert len(second.seen) == sent and second.engine.stats().cache_hits == 0


@pytest.mark.parametrize(
    ("path", "still_cached_at", "expired_at"),
    [
        ("/long", 7000, 7300),  # max-age beyond the minimum TTL: honoured
        ("/short", 3500, 3700),  # max-age=60 raised to the minimum TTL (3600)
        ("/ok", 3500, 3700),  # no cache header: the minimum TTL
        ("/rails", 3500, 3700),  # Rails' max-age=0, private, must-revalidate: the minimum TTL
    ],
)
async def test_expiry_by_max_age_or_minimum_ttl(
    tmp_path: Path, clock: Clock, path: str, still_cached_at: float, expired_at: float
) -> None:
    start = clock.now
    await Run(tmp_path, site, clock).gets("https://m.fr" + path)
    clock.now = start + still_cached_at
    fresh = Run(tmp_path, site, clock)
    await fresh.gets("https://m.fr" + path)
    assert fresh.seen == []
    clock.now = start + expired_at
    stale = Run(tmp_path, site, clock)
    (result,) = await stale.gets("https://m.fr" + path)
    assert len(stale.seen) == 1 and not result.from_cache


async def test_redirect_chain_is_cached_whole(tmp_path: Path, clock: Clock) -> None:
    first = Run(tmp_path, site, clock)
    (a,) = await first.gets("https://m.fr/moved")
    assert first.seen == ["/moved", "/ok"]
    second = Run(tmp_path, site, clock)
    (b,) = await second.gets("https://m.fr/moved")
    assert second.seen == []
    assert b.final_url == a.final_url == "https://m.fr/ok"
    assert b.hops == (("https://m.fr/moved", 301),)


async def test_key_is_the_logical_url_and_accept_and_the_host_map(tmp_path: Path, clock: Clock) -> None:
    mapped = {"host_map": {"a.fr": "http://127.0.0.1:1", "b.fr": "http://127.0.0.1:1"}}
    await Run(tmp_path, site, clock, **mapped).gets("https://a.fr/ok")
    # same physical URL, another logical host: not the same resource
    other = Run(tmp_path, site, clock, **mapped)
    await other.gets("https://b.fr/ok", "https://a.fr/ok")
    assert other.seen == ["/ok"] and other.engine.stats().cache_hits == 1
    # the same logical URL against other servers (no host map): never the local test answers
    real = Run(tmp_path, site, clock)
    await real.gets("https://a.fr/ok")
    assert real.seen == ["/ok"]

    run = Run(tmp_path, site, clock)
    async with run.engine:
        await run.engine.get("https://c.fr/ok", accept="application/json")
        await run.engine.get("https://c.fr/ok", accept="application/activity+json")
    await run.cache.aclose()
    assert len(run.seen) == 2


async def test_corrupt_cache_file_is_rebuilt(tmp_path: Path, clock: Clock) -> None:
    tmp_path.joinpath("http-cache.sqlite3").write_bytes(b"this is not a database" * 100)
    first = Run(tmp_path, site, clock)
    (result,) = await first.gets("https://m.fr/ok")
    assert result.ok and first.cache.rebuilt and first.cache.error is None
    second = Run(tmp_path, site, clock)
    await second.gets("https://m.fr/ok")
    assert second.seen == []


async def test_cached_body_respects_the_callers_cap(tmp_path: Path, clock: Clock) -> None:
    big = lambda r: httpx.Response(200, content=b"x" * 5000)  # noqa: E731
    await Run(tmp_path, big, clock).gets("https://m.fr/big")
    run = Run(tmp_path, big, clock)
    async with run.engine:
        capped = await run.engine.get("https://m.fr/big", max_bytes=1024)
    await run.cache.aclose()
    assert run.seen == [] and capped.truncated and len(capped.body) == 1024


async def test_size_is_bounded_oldest_go_first(tmp_path: Path, clock: Clock) -> None:
    cache = HttpCache(tmp_path, max_bytes=20_000, clock=clock)
    for i in range(40):
        clock.now += 1
        await cache.put(f"k{i}", {"i": i}, b"y" * 1000, ttl=3600)
    assert await cache.get("k0") is None
    assert await cache.get("k39") is not None
    kept = [i for i in range(40) if await cache.get(f"k{i}") is not None]
    assert len(kept) <= 20 and kept == list(range(40 - len(kept), 40))
    await cache.aclose()


async def test_concurrent_use_and_settings_driven_cache(tmp_path: Path) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, text=request.url.path)

    async def run() -> tuple[HttpEngine, int]:
        seen = 0

        def count(request: httpx.Request) -> httpx.Response:
            nonlocal seen
            seen += 1
            return handler(request)

        settings = load_settings(environ={}, cache=True, cache_dir=str(tmp_path / "c"))
        client = httpx.AsyncClient(transport=httpx.MockTransport(count))
        async with HttpEngine(settings, client) as engine:
            results = await asyncio.gather(*(engine.get(f"https://s{i % 7}.fr/p{i}") for i in range(60)))
        await client.aclose()
        assert [r.text() for r in results] == [f"/p{i}" for i in range(60)]
        return engine, seen

    _, first = await run()
    engine, second = await run()
    assert first == 60 and second == 0 and engine.stats().cache_hits == 60
    assert (tmp_path / "c" / "http-cache.sqlite3").exists()


def test_freshness_rules() -> None:
    now = 1_800_000_000.0

    def f(status: int, **headers: str) -> float | None:
        h = {k.replace("_", "-"): v for k, v in headers.items()}
        return freshness(status, h, now=now, min_ttl=100, max_ttl=10_000)

    assert f(200) == 100
    assert f(404) == 100 and f(410) == 100 and f(400) == 100
    for status in (206, 401, 403, 429, 500, 502, 503, 501):
        assert f(status, cache_control="max-age=5000") is None
    assert f(200, cache_control="no-store") is None
    assert f(200, vary="*") is None
    assert f(200, cache_control="max-age=5000") == 5000
    assert f(200, cache_control="max-age=5000", age="1000") == 4000
    assert f(200, cache_control="s-maxage=600") == 600
    assert f(200, cache_control="max-age=99999") == 10_000  # capped
    expires = email.utils.formatdate(now + 2000, usegmt=True)
    date = email.utils.formatdate(now, usegmt=True)
    assert f(200, expires=expires, date=date) == pytest.approx(2000)
    assert f(200, expires="0") == 100  # an invalid Expires is stale: the floor applies


def test_default_cache_dir_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr("sys.platform", "linux")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert default_cache_dir() == tmp_path / "quitx"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")
    assert default_cache_dir() == Path.home() / ".cache" / "quitx"


def test_mastodon_api_answers_are_kept_for_anonymous_requests_only_when_allowed() -> None:
    from quitx._http.cache import freshness

    headers = {"cache-control": "private, no-store", "vary": "Authorization, Origin"}
    assert freshness(200, headers, now=0.0, min_ttl=3600, max_ttl=86400) is None
    assert freshness(200, headers, now=0.0, min_ttl=3600, max_ttl=86400, anonymous_private=True) == 3600
    # a no-store that is not about a logged-in user stays no-store
    plain = {"cache-control": "no-store"}
    assert freshness(200, plain, now=0.0, min_ttl=3600, max_ttl=86400, anonymous_private=True) is None


def _count_trips(cache: HttpCache) -> list[int]:
    """A counter of the trips ``cache`` makes to its thread (one list item, updated in place)."""
    trips = [0]
    original = cache._write_then_get

    def counted(*args: object) -> object:
        trips[0] += 1
        return original(*args)  # type: ignore[arg-type]

    cache._write_then_get = counted  # type: ignore[method-assign,assignment]
    return trips


async def test_answers_are_written_in_batches_and_none_is_lost_at_close(tmp_path: Path) -> None:
    import sqlite3

    cache = HttpCache(tmp_path)
    trips = _count_trips(cache)
    for i in range(100):
        await cache.put(f"k{i}", {"i": i}, b"body", ttl=3600)
    assert await cache.get("k7") is not None  # a read sees every answer stored before it
    for i in range(100, 150):
        await cache.put(f"k{i}", {"i": i}, b"body", ttl=3600)
    await asyncio.sleep(HttpCache.FLUSH_DELAY * 4)  # no read came: the timer wrote them
    rows = sqlite3.connect(tmp_path / "http-cache.sqlite3").execute("SELECT COUNT(*) FROM entries")
    assert rows.fetchone()[0] == 150
    assert trips == [2]  # 150 answers, two trips to the cache's thread
    await cache.put("last", {"i": -1}, b"body", ttl=3600)
    await cache.aclose()  # written at close
    again = HttpCache(tmp_path)
    assert all([await again.get(k) is not None for k in ("k0", "k149", "last")])
    await again.aclose()


async def test_a_key_never_stored_is_a_miss_without_a_trip_to_the_cache_thread(tmp_path: Path) -> None:
    earlier = HttpCache(tmp_path)
    await earlier.put("stored-before", {"i": 0}, b"body", ttl=3600)
    await earlier.aclose()
    cache = HttpCache(tmp_path)
    await cache.put("stored-now", {"i": 1}, b"body", ttl=3600)
    assert await cache.get("stored-now") is not None  # opens the file: its keys are known from now on
    trips = _count_trips(cache)
    assert [await cache.get(f"never-{i}") for i in range(200)] == [None] * 200
    assert trips == [0]  # a first run's lookups all miss: none waits on the disk
    assert await cache.get("stored-before") is not None  # a key from an earlier run is read back
    await cache.put("stored-later", {"i": 2}, b"body", ttl=3600)
    assert await cache.get("stored-later") is not None
    assert trips == [2]
    await cache.aclose()
