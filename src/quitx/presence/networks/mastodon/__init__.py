"""Mastodon, and the fediverse servers that speak its API: asked instance by instance (the
configured ones, the institution's own, those its links and known handles live on).

Order of a run: `early` (with the homepage) reads the configured instances' host-meta and their
search by name, and looks for a server on the institution's domain; `run` then looks up the
exact references, the candidate usernames and the search hits (`find.find_accounts`), follows
moves to the live account, reads the instances' facts and the proof pages together, describes
every account (bridge, confidence, activity) and gives a verdict per instance.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Sequence
from dataclasses import dataclass

from ....models import (
    FoundAccount,
    InstanceInfo,
    LinkPlatform,
    MastodonAccount,
    MastodonRef,
    Platform,
    PlatformVerdict,
    WebsiteReport,
)
from ....probes.bridges import mastodon_bridge
from ....probes.instance import instance_info
from ...found import Findings, Finds
from ...strategy import CheckContext, NetworkResult, Sourced
from ...verdict import instance_verdict
from .find import (
    Configured,
    Searched,
    configured_searches,
    find_accounts,
    follow_moves,
    own_server,
    proof_pages,
)
from .proof import Read, Trust, describe_account

__all__ = ["STRATEGY", "MastodonEarly", "MastodonStrategy"]


@dataclass(frozen=True)
class MastodonEarly:
    """What `MastodonStrategy.early` learns before the homepage is read."""

    configured: Configured
    own: InstanceInfo | None


class MastodonStrategy:
    platform = Platform.MASTODON

    def wants(self, ref: Sourced) -> bool:
        return isinstance(ref.ref, MastodonRef) and ref.via in (None, LinkPlatform.MASTODON)

    async def early(self, ctx: CheckContext) -> MastodonEarly:
        configured, own = await asyncio.gather(
            configured_searches(ctx.engine, ctx.settings.instances, ctx.institution.name),
            own_server(ctx.engine, ctx.institution.domain),
        )
        return MastodonEarly(configured, own)

    async def run(
        self,
        ctx: CheckContext,
        website: WebsiteReport | None,
        refs: Sequence[Sourced],
        early: Awaitable[MastodonEarly],
    ) -> NetworkResult:
        first = await early
        configured, own = first.configured, first.own
        finds = Finds()
        searched = await find_accounts(ctx, refs, configured, own, finds)
        hosts = configured.hosts(ctx.settings.instances, own)
        extra = [h for h in searched.hosts if h not in ctx.settings.instances]  # named by links, handles
        moved = await follow_moves(ctx.engine, finds)
        instance_hosts = list(dict.fromkeys([*hosts, *extra, *moved]))
        trust = Trust.of(ctx.settings, configured.api_hosts.values(), own, ctx.institution.domain)
        infos, pages = await asyncio.gather(
            asyncio.gather(*(instance_info(ctx.engine, h) for h in instance_hosts)),
            proof_pages(ctx.engine, website, finds.values(), trust),
        )
        findings = finds.freeze()
        accounts = await _describe(ctx, findings, {i.host: i for i in infos}, Read(website, pages, trust))
        return NetworkResult(
            platform=Platform.MASTODON,
            accounts=accounts,
            attempts=findings.attempts,
            instances=tuple(_instance_verdict(h, findings, searched, accounts) for h in instance_hosts),
            federated=True,
            instance_info=tuple(infos),
            own_server=own,
        )


async def _describe(
    ctx: CheckContext, findings: Findings, infos: dict[str, InstanceInfo], read: Read
) -> tuple[FoundAccount, ...]:
    """Every account found, described: its bridge (the instance's facts say whether Bridgy Fed
    may reach it), its confidence and its activity."""
    found = [(f, f.account) for f in findings.found.values() if isinstance(f.account, MastodonAccount)]
    bridges = await asyncio.gather(*(mastodon_bridge(ctx.engine, a, infos.get(a.web_host)) for _, a in found))
    return tuple(
        describe_account(
            f,
            findings.found,
            read,
            bridge,
            dormant_after_days=ctx.settings.dormant_after_days,
            today=ctx.today,
        )
        for (f, _), bridge in zip(found, bridges, strict=True)
    )


def _instance_verdict(
    host: str, findings: Findings, searched: Searched, accounts: Sequence[FoundAccount]
) -> PlatformVerdict:
    here = [
        f"@{f.account.acct}"
        for f in findings.found.values()
        if isinstance(f.account, MastodonAccount) and f.account.web_host == host
    ]
    evidence = findings.evidence.get(host, ()) + searched.evidence.get(host, ())
    return instance_verdict(
        Platform.MASTODON,
        host,
        here,
        accounts,
        findings.attempts_at(host),
        searched.attempts.get(host),
        evidence,
    )


STRATEGY = MastodonStrategy()
