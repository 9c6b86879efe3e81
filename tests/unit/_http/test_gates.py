"""Per-server concurrency that backs off under strain, and the bounded per-server state."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from tests.unit._http.engines import Peak, engine_on, engine_with, iso_in

from quitx.models import Reason


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
        gate = engine.fetcher.hosts.gate("m.fr")
        server.failing = True
        failed = await asyncio.gather(*(engine.get(f"https://m.fr/b{i}") for i in range(16)))
        assert all(r.failure is Reason.SERVER_ERROR for r in failed)
        assert gate.limit == 1 and gate.backoffs >= 3  # halved at each 503: 8, 4, 2, 1
        held = [asyncio.ensure_future(engine.get(f"https://m.fr/h{i}")) for i in range(3)]
        await asyncio.sleep(0.005)
        assert engine.stats().slowed == {"m.fr": (1, 8)}  # what the progress bar shows
        await asyncio.gather(*held)
        server.failing = False
        server.peak = 0
        await asyncio.gather(*(engine.get(f"https://m.fr/c{i}") for i in range(4)))
        assert server.peak <= 2  # one at a time, then two after an answer without strain
        await asyncio.gather(*(engine.get(f"https://m.fr/d{i}") for i in range(60)))
        assert gate.limit == 8  # additive increase back to the ceiling after answers without strain
    other = engine.fetcher.hosts.gate("other.fr")
    assert other.limit == 8  # the back-off is per host


async def test_an_answer_much_slower_than_usual_counts_as_strain() -> None:
    slow = False

    async def handler(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(0.5 if slow else 0.001)
        return httpx.Response(200, text="x")

    engine = engine_on(handler, per_host_concurrency=4)
    monkey = engine.fetcher.hosts.gate("m.fr")
    monkey.SLOW_FLOOR = 0.2  # type: ignore[misc]  # the default floor (2 s) would make this test slow
    async with engine:
        await engine.get("https://m.fr/fast")
        assert monkey.limit == 4
        slow = True
        await engine.get("https://m.fr/slow")
    assert monkey.limit == 2


async def test_every_handle_under_a_bluesky_suffix_shares_one_per_host_limit() -> None:
    handler = Peak(0.01, 404, "no such handle")
    engine = engine_on(handler, per_host_concurrency=3)
    async with engine:
        await asyncio.gather(
            *(engine.get(f"https://label{i}.bsky.social/.well-known/atproto-did") for i in range(30))
        )
        handles_peak, handler.peak = handler.peak, 0
        await asyncio.gather(*(engine.get(f"https://site{i}.fr/") for i in range(30)))
    assert len(handler.hosts) == 60
    # thirty handles are thirty hosts, but one server (the entryway): three at a time, not thirty
    assert handles_peak == 3
    assert handler.peak > 3  # thirty sites are thirty servers: the limit applies to each


async def test_per_server_state_is_bounded_but_a_paused_server_is_never_forgotten(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import quitx._http.gates as gates

    monkeypatch.setattr(gates, "HOST_STATE_SIZE", 8)

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
        assert len(engine.fetcher.hosts.gates) <= 8 and len(engine.fetcher.hosts.buckets) <= 9
        # the limited server's bucket was kept: its next request waits for the reset (here:
        # refused, the wait is over max_rate_limit_wait) instead of going out as a fresh "probe"
        again = await engine.get("https://limited.fr/api/v2/instance")
    assert again.failure is Reason.RATE_LIMITED
    assert [r.url.host for r in seen].count("limited.fr") == 1


async def test_a_waiter_cancelled_while_queued_or_just_served_leaks_no_slot() -> None:
    from quitx._http.gates import HostGate

    gate = HostGate(2)
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
        assert engine.fetcher.hosts.gate("bsky.social").limit == 8  # unknown names say nothing of the server
        await engine.get("https://refusing.fr/")
        assert engine.fetcher.hosts.gate("refusing.fr").limit == 4  # a refused connection does
