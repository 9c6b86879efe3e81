"""The engine's face: one answer per resource and run, a bounded memo, the caller's client left open."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from tests.unit._http.engines import engine_with

from quitx._http import HttpEngine
from quitx.config import load_settings


async def test_same_resource_is_requested_once_per_engine() -> None:
    engine, seen = engine_with(lambda r: httpx.Response(200, text="same"))
    async with engine:
        results = await asyncio.gather(*(engine.get("https://a.fr/x") for _ in range(5)))
        await engine.get("https://a.fr/x", accept="application/json")  # another representation
    assert all(r.text() == "same" for r in results)
    assert len(seen) == 2
    assert engine.stats().requests == 2


async def test_caller_client_is_not_closed() -> None:
    client = httpx.AsyncClient(transport=httpx.MockTransport(lambda r: httpx.Response(204)))
    async with HttpEngine(load_settings(environ={}), client) as engine:
        await engine.get("https://a.fr/")
    assert not client.is_closed
    await client.aclose()


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
