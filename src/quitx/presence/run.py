"""The institution check: where is it already, how sure are we, what is that presence worth?

``acheck(institution)`` reads the homepage while every network's strategy starts what needs
nothing from it (`quitx.presence.strategy`); the references the institution gives (known handles)
and those its homepage links to then go to the strategy that wants them, and each network
describes what it found. This module knows no network: it merges what the strategies hand back
into one verdict per platform by the rule of the foundation (`quitx.presence.verdict`): "absent"
only when every route answered, the homepage's links included.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Sequence
from typing import Any

import httpx

from .._http.dns import DnsResolver
from .._sync import run_sync
from .._version import version
from ..config import Settings
from ..handles import parse_ref
from ..lookup import Prober
from ..models import (
    Attempt,
    FoundAccount,
    FoundBy,
    Institution,
    Platform,
    PlatformVerdict,
    Report,
    WebsiteReport,
    account_rank,
    as_institution,
)
from ..probes.website import probe_website
from .strategy import CheckContext, NetworkResult, Sourced, Strategy, strategies
from .verdict import fediverse_overall, found_verdict, homepage_route, nothing_found

__all__ = ["acheck", "check", "run_check"]


async def run_check(
    prober: Prober, institution: Institution, networks: Sequence[Strategy[Any]] | None = None
) -> Report:
    """Check ``institution`` with ``prober``'s engine, through ``networks`` (default: every one
    `strategies` finds)."""
    chosen = tuple(strategies() if networks is None else networks)
    ctx = CheckContext(prober.engine, prober.settings, institution)
    # what needs nothing from the website starts with it: the configured instances' searches,
    # the own server, the Bluesky candidates (one round trip less per institution)
    website_task = asyncio.ensure_future(_website(ctx))
    early = [asyncio.ensure_future(s.early(ctx)) for s in chosen]
    tasks = (website_task, *early)
    try:
        website = await website_task
        refs = _references(institution, website, {s.platform.value for s in chosen})
        results = await asyncio.gather(
            *(
                s.run(ctx, website, [r for r in refs if s.wants(r)], e)
                for s, e in zip(chosen, early, strict=True)
            )
        )
    finally:
        for task in tasks:  # all done already, unless a step failed before awaiting them
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    return _report(ctx, website, results)


async def _website(ctx: CheckContext) -> WebsiteReport | None:
    url = ctx.institution.homepage_url
    if url is None:
        return None
    return await probe_website(ctx.engine, url)


def _references(
    institution: Institution, website: WebsiteReport | None, platforms: set[str]
) -> list[Sourced]:
    """The institution's known handles, then the accounts its homepage links to on ``platforms``
    (the networks checked; a link whose handle cannot be read names nothing)."""
    refs = [Sourced(parse_ref(h), FoundBy.KNOWN) for h in institution.handles]
    for link in website.links if website else ():
        if not link.handle or link.platform.value not in platforms:
            continue
        try:
            refs.append(Sourced(parse_ref(link.handle), FoundBy.LINK, link.platform))
        except ValueError:
            continue
    return refs


def _report(ctx: CheckContext, website: WebsiteReport | None, results: Sequence[NetworkResult]) -> Report:
    """One report from every network's result: the homepage's unfollowed links appended last to
    every platform's attempts, the accounts in the one ranking."""
    routes: tuple[tuple[str | None, Attempt], ...] = tuple((None, a) for a in homepage_route(website))
    merged: dict[Platform, NetworkResult] = {}
    for result in results:
        first = merged.get(result.platform)
        merged[result.platform] = result if first is None else first.merge(result)
    accounts = tuple(
        sorted(
            (a for r in merged.values() for a in r.accounts),
            key=lambda a: (a.platform.value, account_rank(a)),
        )
    )
    verdicts = {
        platform: _overall(platform, merged.get(platform, NetworkResult(platform)), routes, accounts)
        for platform in Platform
    }
    kept = list(merged.values())
    return Report(
        quitx_version=version(),
        institution=ctx.institution,
        checked_at=dt.datetime.now(dt.UTC),
        dormant_after_days=ctx.settings.dormant_after_days,
        website=website,
        own_mastodon_server=next((r.own_server for r in kept if r.own_server is not None), None),
        mastodon=verdicts[Platform.MASTODON],
        instances=tuple(i for r in kept for i in r.instances),
        instance_info=tuple(i for r in kept for i in r.instance_info),
        bluesky=verdicts[Platform.BLUESKY],
        accounts=accounts,
    )


def _overall(
    platform: Platform,
    result: NetworkResult,
    routes: tuple[tuple[str | None, Attempt], ...],
    accounts: Sequence[FoundAccount],
) -> PlatformVerdict:
    """A platform's verdict: over its instances when it is asked instance by instance; else present
    with its accounts, or what its attempts and its search settle."""
    mine = [a for a in accounts if a.platform is platform]
    attempts = result.attempts + routes
    if result.federated:
        return fediverse_overall(platform, result.instances, mine, attempts)
    flat = tuple(a for _, a in attempts)
    if mine:
        return found_verdict(platform, mine, flat, result.search, result.evidence)
    return nothing_found(platform, None, flat, result.search, result.evidence)


async def acheck(
    institution: Institution | str,
    *,
    settings: Settings | None = None,
    client: httpx.AsyncClient | None = None,
    resolver: DnsResolver | None = None,
) -> Report:
    """Check where an institution already is: an `Institution`, or its name alone (no domain: no
    website, no domain handle, only searches and candidate names). Never raises for what it
    cannot reach: see the verdicts. ``client`` and ``resolver``: see `quitx.Prober`."""
    subject = as_institution(institution)
    async with Prober(settings, client=client, resolver=resolver) as prober:
        return await run_check(prober, subject)


def check(
    institution: Institution | str,
    *,
    settings: Settings | None = None,
    client: httpx.AsyncClient | None = None,
    resolver: DnsResolver | None = None,
) -> Report:
    """The sync face of `acheck` (it runs its own event loop: a ``client`` is used in it)."""
    return run_sync(acheck(institution, settings=settings, client=client, resolver=resolver))
