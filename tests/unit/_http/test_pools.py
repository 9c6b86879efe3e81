"""One small connection pool per host, idle ones closed."""

from __future__ import annotations

import httpx


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
