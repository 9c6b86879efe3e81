"""Servers that attack or waste quitx's resources, on 127.0.0.1: the engine bounds them all.

A gzip bomb stacked twice, a server that drips one byte at a time, a 503 that asks to come back in
an hour, addresses that translate to private networks. Each server is a testnet.web.WebServer
started here (no test network needed); quitx reaches it through the host map, as it reaches the
real servers.
"""

from __future__ import annotations

import tracemalloc
from collections.abc import Iterator

import pytest
from testnet.dns import DnsServer
from testnet.hostile_world import gzip_bomb
from testnet.web import Response, WebServer

import quitx
from quitx._http import HttpEngine
from quitx.config import Settings, load_settings
from quitx.models import Institution, Reason, Verdict
from quitx.presence import acheck
from quitx.probes.website import MAX_LINK_HOSTS, probe_website

BOMB_BYTES = 2 << 30  # what the bomb inflates to: 2 GiB of zeros, from a few kB on the wire


@pytest.fixture(scope="module")
def web() -> Iterator[WebServer]:
    with WebServer() as server:
        html = {"Content-Type": "text/html; charset=utf-8"}
        server.add_route(
            "bomb.exemple.fr",
            "/",
            Response(200, {**html, "Content-Encoding": "gzip, gzip"}, gzip_bomb(BOMB_BYTES, layers=2)),
        )
        server.add_route("drip.exemple.fr", "/", Response(200, html, "<html>" + "x" * 200, drip=0.2))
        server.add_route(
            "later.exemple.fr", "/", Response(503, {**html, "Retry-After": "3600"}, "<h1>Maintenance</h1>")
        )
        server.add_route(
            "soon.exemple.fr", "/", Response(503, {**html, "Retry-After": "3600"}, "<h1>Maintenance</h1>")
        )
        server.add_route(
            "maintenance.exemple.fr", "/.well-known/webfinger", Response(503, {"Retry-After": "3600"}, "")
        )
        yield server


def settings_for(web: WebServer, **extra: object) -> Settings:
    hosts = [
        "bomb.exemple.fr",
        "drip.exemple.fr",
        "later.exemple.fr",
        "soon.exemple.fr",
        "maintenance.exemple.fr",
    ]
    values: dict[str, object] = {
        "host_map": {host: web.base_url for host in hosts},
        "only_mapped_hosts": True,
        "instances": [],
        "max_rate_limit_wait": 30.0,
        "retries": 2,
    }
    values.update(extra)
    return load_settings(environ={}, **values)


async def test_a_stacked_gzip_bomb_costs_the_cap_not_the_bomb(web: WebServer) -> None:
    settings = settings_for(web)
    tracemalloc.start()
    try:
        async with HttpEngine(settings) as engine:
            result = await engine.get("https://bomb.exemple.fr/", max_bytes=1_000_000)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.ok and result.truncated and len(result.body) == 1_000_000
    assert peak < 16_000_000  # a few MB, where the decoded bomb is 2 GiB


async def test_the_website_probe_reads_a_bomb_as_a_truncated_page(web: WebServer) -> None:
    settings = settings_for(web)
    async with HttpEngine(settings) as engine:
        report = await probe_website(engine, "bomb.exemple.fr")
    assert report.verdict is Verdict.PRESENT and report.truncated and report.links == ()


async def test_a_dripping_server_is_cut_at_the_request_deadline(web: WebServer) -> None:
    # one byte every 0.2 s never trips the per-read timeout (10 s); 200 bytes would take 40 s
    settings = settings_for(web, request_deadline=1.0)
    async with HttpEngine(settings) as engine:
        report = await probe_website(engine, "drip.exemple.fr")
    assert report.verdict is Verdict.UNKNOWN and report.reason is Reason.TIMEOUT
    assert "1 s deadline" in report.evidence[0].outcome


async def test_retry_after_beyond_the_wait_limit_is_unknown_at_once(web: WebServer) -> None:
    web.clear_requests("later.exemple.fr")
    settings = settings_for(web)
    async with HttpEngine(settings) as engine:
        report = await probe_website(engine, "later.exemple.fr")
        again = await engine.get("https://later.exemple.fr/other")
    assert report.verdict is Verdict.UNKNOWN and report.reason is Reason.SERVER_ERROR
    assert report.retry_after == pytest.approx(3600, abs=5)
    assert "retry after 3600 s" in report.evidence[0].outcome
    # one request, not 1 + retries; and the host is left alone until then
    assert len(web.requests("later.exemple.fr")) == 1
    assert again.failure is Reason.RATE_LIMITED and again.retry_after == pytest.approx(3600, abs=5)


async def test_retry_after_within_the_limit_is_waited_out(web: WebServer) -> None:
    web.clear_requests("soon.exemple.fr")
    web.add_route("soon.exemple.fr", "/", Response(503, {"Retry-After": "1"}, "busy"))
    settings = settings_for(web, retries=1)
    async with HttpEngine(settings) as engine:
        result = await engine.get("https://soon.exemple.fr/")
    assert result.failure is Reason.SERVER_ERROR and result.retry_after == pytest.approx(1, abs=1)
    assert len(web.requests("soon.exemple.fr")) == 2  # asked again once the second had passed


async def test_exists_says_when_to_come_back(web: WebServer) -> None:
    web.clear_requests("maintenance.exemple.fr")
    result = await quitx.aexists("@someone@maintenance.exemple.fr", settings=settings_for(web))
    assert result.verdict is Verdict.UNKNOWN and result.reason is Reason.SERVER_ERROR
    assert result.retry_after == pytest.approx(3600, abs=5)
    assert len(web.requests("maintenance.exemple.fr")) == 1


async def test_a_page_linking_to_4000_servers_makes_quitx_contact_at_most_the_cap(web: WebServer) -> None:
    hosts = [f"host{i}.links.exemple.fr" for i in range(4000)]
    official = "official.links.exemple.fr"  # the last link, but rel="me": it is followed first
    page = "".join(f'<a href="https://{h}/@univ">x</a>' for h in hosts)
    page = f'<html>{page}<a rel="me" href="https://{official}/@univ">Mastodon</a></html>'
    web.add_route("links.exemple.fr", "/", Response(200, {"Content-Type": "text/html"}, page))
    for host in (*hosts, official):
        web.add_host(host)
    with DnsServer() as dns:
        dns.set_a("dns-canary.exemple.fr", "127.0.0.1")
        settings = settings_for(
            web,
            host_map={"links.exemple.fr": web.base_url, "*.links.exemple.fr": web.base_url},
            dns_nameservers=[dns.address],
            dns_canary="dns-canary.exemple.fr",
        )
        report = await acheck(
            Institution(name="Université Liens", domain="links.exemple.fr"), settings=settings
        )
    contacted = [h for h in (*hosts, official) if web.requests(h)]
    assert official in contacted and len(contacted) <= MAX_LINK_HOSTS
    assert report.website is not None and report.website.links_skipped == 4001 - MAX_LINK_HOSTS
    assert f"links to at most {MAX_LINK_HOSTS} servers are followed" in report.website.evidence[0].outcome
    # one of the links left out could have named the account: never "absent"
    assert report.mastodon.verdict is Verdict.UNKNOWN
