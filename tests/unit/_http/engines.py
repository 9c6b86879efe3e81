"""Engines on httpx.MockTransport for the tests of quitx._http (no network)."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable

import httpx

from quitx._http import HttpEngine
from quitx.config import load_settings

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


def engine_on(server: Callable[[httpx.Request], object], **settings: object) -> HttpEngine:
    client = httpx.AsyncClient(transport=httpx.MockTransport(server))  # type: ignore[arg-type]
    defaults: dict[str, object] = {"max_rate_limit_wait": 5.0, "retries": 2}
    defaults.update(settings)
    return HttpEngine(load_settings(environ={}, **defaults), client)


class Peak:
    """A handler that answers after ``delay`` and counts the most requests it had in flight at once
    (``peak``) and the hosts it was asked for."""

    def __init__(self, delay: float, status: int = 200, text: str = "ok") -> None:
        self.delay, self.status, self.text = delay, status, text
        self.in_flight = self.peak = 0
        self.hosts: set[str] = set()

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        self.hosts.add(request.url.host)
        self.in_flight += 1
        self.peak = max(self.peak, self.in_flight)
        await asyncio.sleep(self.delay)
        self.in_flight -= 1
        return httpx.Response(self.status, text=self.text)
