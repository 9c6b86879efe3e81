"""The orchestrator knows no network: the registry finds them, and a new one changes nothing else."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import httpx
import pytest

from quitx._http import HttpEngine
from quitx.config import load_settings
from quitx.lookup import Prober
from quitx.models import (
    Activity,
    Attempt,
    Confidence,
    FoundAccount,
    FoundBy,
    Institution,
    MastodonAccount,
    Platform,
    Reason,
    Report,
    Verdict,
    WebsiteReport,
)
from quitx.presence.run import run_check
from quitx.presence.strategy import CheckContext, NetworkResult, Sourced, Strategy, strategies
from quitx.presence.verdict import instance_verdict

INSTITUTION = Institution(name="Institut Un")  # no domain: no website, no own server, no domain handle


def test_the_registry_finds_each_network_once() -> None:
    found = strategies()
    assert {type(s).__module__ for s in found} == {
        "quitx.presence.networks.mastodon",
        "quitx.presence.networks.bluesky",
    }
    assert [s.platform for s in found] == list(Platform)  # one per platform, in its order
    for each in found:
        assert callable(each.wants) and callable(each.early) and callable(each.run)
    assert strategies() is found  # discovered once per process


async def toy_lookup(engine: HttpEngine, name: str) -> tuple[Verdict, Reason, MastodonAccount | None]:
    """The toy network's whole probe: its API says who exists."""
    result = await engine.get(f"https://toy.example/api/users/{name}", accept="application/json")
    data = result.json() if result.ok else None
    if isinstance(data, dict):
        account = MastodonAccount(
            acct=f"{name}@toy.example", username=name, domain="toy.example", web_host="toy.example"
        )
        return Verdict.PRESENT, Reason.FOUND, account
    if result.status == 404:
        return Verdict.ABSENT, Reason.NOT_FOUND, None
    return Verdict.UNKNOWN, result.failure or Reason.BAD_RESPONSE, None


class ToyStrategy:
    """A fediverse server of another kind, asked for one candidate name."""

    platform = Platform.MASTODON

    def wants(self, ref: Sourced) -> bool:
        return False

    async def early(self, ctx: CheckContext) -> None:
        return None

    async def run(
        self,
        ctx: CheckContext,
        website: WebsiteReport | None,
        refs: Sequence[Sourced],
        early: Awaitable[None],
    ) -> NetworkResult:
        await early
        verdict, reason, account = await toy_lookup(ctx.engine, "institutun")
        attempt = Attempt(
            ref="@institutun@toy.example",
            found_by=FoundBy.CANDIDATE,
            verdict=verdict,
            reason=reason,
            detail="toy",
        )
        accounts: tuple[FoundAccount, ...] = ()
        if account is not None:
            accounts = (
                FoundAccount(
                    platform=Platform.MASTODON,
                    handle=f"@{account.acct}",
                    url="https://toy.example/@institutun",
                    instance="toy.example",
                    confidence=Confidence.CANDIDATE,
                    reasons=("matches the name only",),
                    found_by=(FoundBy.CANDIDATE,),
                    activity=Activity.UNKNOWN,
                    account=account,
                ),
            )
        handles = [a.handle for a in accounts]
        instance = instance_verdict(Platform.MASTODON, "toy.example", handles, accounts, (attempt,), None, ())
        return NetworkResult(
            platform=Platform.MASTODON,
            accounts=accounts,
            attempts=(("toy.example", attempt),),
            instances=(instance,),
            federated=True,
        )


def world(toy: Callable[[], httpx.Response]) -> httpx.AsyncClient:
    """m.fr answers that nobody is there (an empty search, 404 WebFingers); toy.example as told."""

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "toy.example":
            return toy()
        if request.url.host == "m.fr" and request.url.path == "/api/v2/search":
            return httpx.Response(200, json={"accounts": [], "statuses": [], "hashtags": []})
        return httpx.Response(404)

    return httpx.AsyncClient(transport=httpx.MockTransport(handler))


async def check(networks: Sequence[Strategy[Any]] | None, toy: Callable[[], httpx.Response]) -> Report:
    settings = load_settings(
        environ={}, retries=0, dns_nameservers=["127.0.0.1:9"], dns_timeout=0.2, instances=["m.fr"]
    )
    async with world(toy) as client, Prober(settings, client=client) as prober:
        return await run_check(prober, INSTITUTION, networks)


def no_one() -> httpx.Response:
    return httpx.Response(404)


async def test_without_the_toy_mastodon_is_absent() -> None:
    report = await check(None, no_one)
    assert report.mastodon.verdict is Verdict.ABSENT
    assert [i.instance for i in report.instances] == ["m.fr"]


@pytest.mark.parametrize(
    ("toy", "mastodon", "instance"),
    [
        (lambda: httpx.Response(200, json={"name": "institutun"}), Verdict.PRESENT, Verdict.PRESENT),
        (lambda: httpx.Response(503), Verdict.UNKNOWN, Verdict.UNKNOWN),  # unknown is never absent
        (no_one, Verdict.ABSENT, Verdict.ABSENT),
    ],
)
async def test_a_new_network_merges_into_its_platform(
    toy: Callable[[], httpx.Response], mastodon: Verdict, instance: Verdict
) -> None:
    report = await check((*strategies(), ToyStrategy()), toy)
    assert report.mastodon.verdict is mastodon
    by_host = {i.instance: i for i in report.instances}
    assert set(by_host) == {"m.fr", "toy.example"}
    assert by_host["m.fr"].verdict is Verdict.ABSENT
    assert by_host["toy.example"].verdict is instance
    toy_accounts = [a.handle for a in report.accounts if a.instance == "toy.example"]
    assert toy_accounts == (["@institutun@toy.example"] if mastodon is Verdict.PRESENT else [])
    assert any(a.ref == "@institutun@toy.example" for a in report.mastodon.attempts)


# The orchestrator imports no network and the networks do not import each other: import-linter's
# contracts "orchestrator" and "networks" (pyproject.toml), run by the test command.
