"""The one place where a failed request may prove a host missing: only a verified NXDOMAIN of a host
the settings do not name, and only when the request never reached a server."""

from __future__ import annotations

import pytest

from quitx._http import DnsAnswer, DnsResolver, DnsStatus, HttpEngine, HttpResult
from quitx._http.missing import DNS_HINT, name_not_resolved
from quitx.config import load_settings
from quitx.models import Reason

UNRESOLVED = HttpResult(
    "GET",
    "https://gone.fr/",
    "https://gone.fr/",
    None,
    failure=Reason.NETWORK_ERROR,
    error="DNS: host name not resolved",
)


class Dns(DnsResolver):
    """Every name answers ``status``; counts the questions."""

    def __init__(self, status: DnsStatus) -> None:
        super().__init__(load_settings(environ={}))
        self.status = status
        self.asked: list[str] = []

    async def query(self, name: str, rdtype: str) -> DnsAnswer:
        self.asked.append(name)
        error = "filtered" if self.status is DnsStatus.UNVERIFIED else None
        return DnsAnswer(name, rdtype, self.status, (), "fake", 0, error)


def engine(status: DnsStatus, **settings: object) -> tuple[HttpEngine, Dns]:
    dns = Dns(status)
    return HttpEngine(load_settings(environ={}, **settings), resolver=dns), dns


@pytest.mark.parametrize(
    ("status", "error", "unresolved"),
    [
        (None, "DNS: host name not resolved (gaierror)", True),
        (None, "refused: host is not in the host map (only_mapped_hosts is on)", True),
        (None, "connection failed: refused", False),  # something answered at that name
        (None, "timeout after 5 s", False),
        (404, None, False),
    ],
)
def test_only_a_request_that_reached_no_server_may_name_a_missing_host(
    status: int | None, error: str | None, unresolved: bool
) -> None:
    result = HttpResult("GET", "https://a.fr/", "https://a.fr/", status, error=error)
    assert name_not_resolved(result) is unresolved


async def test_a_verified_nxdomain_proves_the_host_missing() -> None:
    http, dns = engine(DnsStatus.NXDOMAIN)
    missing = await http.host_missing("Gone.FR.", UNRESOLVED)
    assert missing is not None and missing.proven and dns.asked == ["gone.fr"]
    assert missing.detail == "gone.fr does not exist (DNS NXDOMAIN)"
    assert missing.evidence.step == "dns-a"


async def test_an_unverified_nxdomain_is_a_doubt_with_the_hint() -> None:
    http, _ = engine(DnsStatus.UNVERIFIED)
    missing = await http.host_missing("gone.fr", UNRESOLVED)
    assert missing is not None and not missing.proven and DNS_HINT in missing.detail


async def test_a_server_the_settings_name_never_vanishes() -> None:
    http, _ = engine(DnsStatus.NXDOMAIN, instances=["gone.fr"])
    missing = await http.host_missing("gone.fr", UNRESOLVED)
    assert missing is not None and not missing.proven and "a server the settings name" in missing.detail


@pytest.mark.parametrize("status", [DnsStatus.OK, DnsStatus.SERVFAIL, DnsStatus.TIMEOUT])
async def test_a_dns_that_says_nothing_more_leaves_the_failure_as_it_is(status: DnsStatus) -> None:
    http, _ = engine(status)
    assert await http.host_missing("gone.fr", UNRESOLVED) is None


@pytest.mark.parametrize("host", ["192.0.2.1", "[2001:db8::1]", "mapped.fr", ""])
async def test_addresses_and_mapped_hosts_are_not_asked(host: str) -> None:
    http, dns = engine(DnsStatus.NXDOMAIN, host_map={"mapped.fr": "http://127.0.0.1:9"})
    assert await http.host_missing(host, UNRESOLVED) is None and dns.asked == []
