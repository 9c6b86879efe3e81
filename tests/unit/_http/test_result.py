"""Failures that give no answer become a Reason and a short fact, never an exception."""

from __future__ import annotations

import httpx
import pytest
from tests.unit._http.engines import engine_with

from quitx.models import Reason


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
