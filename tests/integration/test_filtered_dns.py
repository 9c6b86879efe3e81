"""A negative DNS answer is proof only from a resolver shown to see the public DNS.

Against real DNS servers on 127.0.0.1 (testnet.dns, dnslib) that play an honest resolver, a
resolver that answers NXDOMAIN to every name (an offline machine, a captive portal), and filters
that answer NXDOMAIN for chosen names with no SOA or with their policy zone's. No test network
is needed: every host quitx would fetch is refused before any packet leaves (only_mapped_hosts),
as a name the system resolver does not find.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from testnet.dns import DnsServer
from tests.cli_run import run_quitx

import quitx
from quitx._http.dns import DnsResolver, DnsStatus
from quitx.config import Settings, load_settings
from quitx.models import Reason, Verdict

CANARY = "dns-canary.exemple.fr"


@pytest.fixture(scope="module")
def honest() -> Iterator[DnsServer]:
    """A resolver that sees the (fictional) public DNS: the canary resolves, negatives carry SOAs."""
    with DnsServer() as server:
        server.set_a(CANARY, "127.0.0.1")
        server.set_a("univ-exemple.fr", "127.0.0.1")
        server.set_txt("_atproto.univ-exemple.fr", ["v=spf1 -all"])
        yield server


@pytest.fixture(scope="module")
def offline() -> Iterator[DnsServer]:
    """A resolver that answers NXDOMAIN to every name, the canary included, even with an SOA that
    looks right for the names under .fr: only the canary gives it away."""
    with DnsServer() as server:
        server.set_a(CANARY, "127.0.0.1")
        server.filter_everything(soa="fr")
        yield server


def settings_for(server: DnsServer, **extra: object) -> Settings:
    values: dict[str, object] = {
        "dns_nameservers": [server.address],
        "dns_canary": CANARY,
        "only_mapped_hosts": True,  # nothing leaves the machine: every host is "not resolved"
        "dns_timeout": 2.0,
        "retries": 0,
    }
    values.update(extra)
    return load_settings(environ={}, **values)


# --- the resolver's own check ------------------------------------------------------------------------


async def test_an_honest_nxdomain_carries_the_parent_zone_soa_and_is_proof(honest: DnsServer) -> None:
    answer = await DnsResolver(settings_for(honest)).query("nowhere-exemple.fr", "A")
    assert answer.status is DnsStatus.NXDOMAIN and answer.soa == "fr"


async def test_an_honest_nodata_is_proof(honest: DnsServer) -> None:
    answer = await DnsResolver(settings_for(honest)).query("univ-exemple.fr", "TXT")
    assert answer.status is DnsStatus.NODATA and answer.soa == "univ-exemple.fr"


async def test_nxdomain_from_a_resolver_that_does_not_find_the_canary_is_unverified(
    offline: DnsServer,
) -> None:
    answer = await DnsResolver(settings_for(offline)).query("piaille.fr", "A")
    assert answer.status is DnsStatus.UNVERIFIED and not answer.status.negative
    assert answer.error is not None and CANARY in answer.error and "must exist" in answer.error


async def test_a_filter_without_soa_is_not_proof_even_when_the_canary_resolves() -> None:
    with DnsServer() as server:
        server.set_a(CANARY, "127.0.0.1")
        server.set_a("piaille.fr", "127.0.0.1")
        server.filter("piaille.fr")  # an institution's filter that blocks a social site
        resolver = DnsResolver(settings_for(server))
        answer = await resolver.query("piaille.fr", "A")
        assert answer.status is DnsStatus.UNVERIFIED
        assert answer.error is not None and "no SOA" in answer.error
        assert await resolver.blind_spot() is None  # the canary did resolve


@pytest.mark.parametrize(
    ("soa", "why"),
    [
        ("rpz.local", "SOA of rpz.local"),  # a policy zone's SOA (BIND's RPZ)
        ("piaille.fr", "SOA of piaille.fr"),  # a zone's apex always exists: an NXDOMAIN it signs is forged
    ],
)
async def test_a_filter_whose_soa_cannot_speak_for_the_name_is_not_proof(soa: str, why: str) -> None:
    with DnsServer() as server:
        server.set_a(CANARY, "127.0.0.1")
        server.filter("piaille.fr", soa=soa)
        answer = await DnsResolver(settings_for(server)).query("piaille.fr", "A")
        assert answer.status is DnsStatus.UNVERIFIED
        assert answer.error is not None and why in answer.error


async def test_the_canary_is_asked_once_per_run(honest: DnsServer) -> None:
    honest.clear_queries()
    resolver = DnsResolver(settings_for(honest))
    for name in ("a-exemple.fr", "b-exemple.fr", "c-exemple.fr"):
        assert (await resolver.query(name, "A")).status is DnsStatus.NXDOMAIN
    assert [q.name for q in honest.queries()].count(CANARY) == 1


# --- verdicts ----------------------------------------------------------------------------------------


async def test_exists_under_an_offline_resolver_is_unknown_never_absent(offline: DnsServer) -> None:
    settings = settings_for(offline, instances=["social.exemple.fr"])
    mastodon, bluesky = await quitx.aexists_many(
        ["@x@nowhere-exemple.fr", "nowhere-exemple.fr"], settings=settings
    )
    for result in (mastodon, bluesky):
        assert result.verdict is Verdict.UNKNOWN and result.reason is Reason.DNS_UNVERIFIED, result
        assert "your DNS looks offline or filtered" in result.detail
    assert mastodon.evidence[-1].step == "dns-a"


async def test_exists_under_an_honest_resolver_still_proves_absence(honest: DnsServer) -> None:
    settings = settings_for(honest, instances=["social.exemple.fr"])
    mastodon, bluesky = await quitx.aexists_many(
        ["@x@nowhere-exemple.fr", "nowhere-exemple.fr"], settings=settings
    )
    assert mastodon.verdict is Verdict.ABSENT and mastodon.reason is Reason.NOT_FOUND
    assert mastodon.evidence[-1].outcome == "NXDOMAIN: nowhere-exemple.fr does not exist"
    assert bluesky.verdict is Verdict.ABSENT


async def test_a_configured_instance_never_does_not_exist(honest: DnsServer) -> None:
    # piaille.fr is one of the default instances: an NXDOMAIN for it says the DNS is wrong
    result = await quitx.aexists("@someone@piaille.fr", settings=settings_for(honest))
    assert result.verdict is Verdict.UNKNOWN and result.reason is Reason.DNS_UNVERIFIED
    assert "a server the settings name" in result.detail


async def test_the_website_is_not_absent_under_a_filtered_resolver(offline: DnsServer) -> None:
    from quitx._http import HttpEngine
    from quitx.probes.website import probe_website

    settings = settings_for(offline)
    async with HttpEngine(settings) as engine:
        report = await probe_website(engine, "univ-exemple.fr")
    assert report.verdict is Verdict.UNKNOWN and report.reason is Reason.DNS_UNVERIFIED
    assert [e.step for e in report.evidence] == ["homepage", "dns-a"]


# --- the command line ---------------------------------------------------------------------------------


def config_for(server: DnsServer, tmp: Path) -> Path:
    path = tmp / "quitx.toml"
    path.write_text(
        f'dns_nameservers = ["{server.address}"]\ndns_canary = "{CANARY}"\n'
        "only_mapped_hosts = true\ndns_timeout = 2.0\nretries = 0\n",
        encoding="utf-8",
    )
    return path


def test_cli_exists_on_a_machine_whose_dns_says_nxdomain_to_everything(
    offline: DnsServer, tmp_path: Path
) -> None:
    config = config_for(offline, tmp_path)
    done = run_quitx("exists", "@someone@piaille.fr", config=config, cache=tmp_path / "cache")
    assert done.returncode == 4, done.stderr
    assert "UNKNOWN" in done.stdout and "dns_unverified" in done.stdout and "ABSENT" not in done.stdout
    assert "hint: your DNS looks offline or filtered" in done.stderr
    done = run_quitx(
        "exists", "@x@nowhere-exemple.fr", "--format", "json", config=config, cache=tmp_path / "cache"
    )
    assert done.returncode == 4, done.stderr
    data = json.loads(done.stdout)
    assert data["verdict"] == "unknown" and data["reason"] == "dns_unverified"


def test_cli_check_and_plan_never_say_the_site_does_not_exist(offline: DnsServer, tmp_path: Path) -> None:
    config = config_for(offline, tmp_path)
    institution = ("Université Exemple", "--domain", "univ-exemple.fr")
    done = run_quitx("check", *institution, "--format", "json", config=config, cache=tmp_path / "cache")
    assert done.returncode == 4, done.stderr
    report = json.loads(done.stdout)
    assert report["website"]["verdict"] == "unknown" and report["website"]["reason"] == "dns_unverified"
    assert "hint: your DNS looks offline or filtered" in done.stderr
    plan = run_quitx("plan", *institution, config=config, cache=tmp_path / "cache")
    assert plan.returncode == 0, plan.stderr
    assert "n’existe pas" not in plan.stdout and "DNS utilisé semble hors ligne ou filtré" in plan.stdout


def test_cli_exists_reports_a_bad_reference_and_checks_the_others(honest: DnsServer, tmp_path: Path) -> None:
    config = config_for(honest, tmp_path)
    done = run_quitx(
        "exists",
        "not a ref",
        "@x@nowhere-exemple.fr",
        "--format",
        "jsonl",
        config=config,
        cache=tmp_path / "cache",
    )
    assert done.returncode == 2  # a usage error, said for the bad one…
    assert "not an account reference: 'not a ref'" in done.stderr and "hint:" in done.stderr
    bad, checked = (json.loads(line) for line in done.stdout.splitlines())
    # a row with its error code, and why as a code (its values: none for whitespace)…
    assert bad == {"input": "not a ref", "error": "invalid_reference", "reason": "whitespace", "values": {}}
    assert checked["verdict"] == "absent"  # …and the other one checked all the same


async def test_a_refused_connection_to_an_ip_address_never_does_not_exist(honest: DnsServer) -> None:
    from quitx._http import HttpEngine
    from quitx.probes.website import probe_website

    with socket.socket() as sock:  # a port nobody listens on: the connection is refused
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings = settings_for(honest, only_mapped_hosts=False, allow_private_addresses=True)
    honest.clear_queries()
    async with HttpEngine(settings) as engine:
        report = await probe_website(engine, f"http://127.0.0.1:{port}/")
    assert report.verdict is Verdict.UNKNOWN and report.reason is Reason.NETWORK_ERROR
    assert not [q for q in honest.queries() if q.name == "127.0.0.1"]  # an address has no name to ask about
