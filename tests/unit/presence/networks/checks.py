"""A check against mocked HTTP that records what reached the network (DNS left unanswered)."""

from __future__ import annotations

from collections.abc import Callable

import httpx

import quitx
from quitx.config import load_settings
from quitx.models import Institution, Report

Answer = Callable[[httpx.Request], httpx.Response | None]

NO_RESULTS = {"accounts": [], "statuses": [], "hashtags": []}


async def mocked_check(institution: Institution, answer: Answer) -> tuple[Report, list[str]]:
    """The report of a check of ``institution``, and ``host/path`` of every request in order.
    ``answer`` gives a response or None (404); every instance's search finds nobody unless it
    says otherwise. Instances: ``m.fr`` and ``n.fr``."""
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(f"{request.url.host}{request.url.path}")
        response = answer(request)
        if response is None and request.url.path == "/api/v2/search":
            response = httpx.Response(200, json=NO_RESULTS)
        return response or httpx.Response(404)

    settings = load_settings(
        environ={},
        retries=0,
        dns_nameservers=["127.0.0.1:9"],
        dns_timeout=0.2,
        instances=["m.fr", "n.fr"],
    )
    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client:
        report = await quitx.acheck(institution, settings=settings, client=client)
    return report, seen
