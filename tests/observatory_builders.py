"""Reports built by hand for the observatory's tests: accounts, links, verdicts, instances."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from quitx.models import (
    Activity,
    Attempt,
    BlueskyAccount,
    Confidence,
    Evidence,
    FoundAccount,
    InstanceInfo,
    Institution,
    LinkPlatform,
    MastodonAccount,
    Platform,
    PlatformVerdict,
    Reason,
    Report,
    SocialLink,
    Verdict,
    WebsiteReport,
)

DAY1 = dt.datetime(2025, 6, 1, 6, 0, tzinfo=dt.UTC)
DAY2 = dt.datetime(2025, 6, 2, 6, 0, tzinfo=dt.UTC)


def masto(
    acct: str,
    confidence: Confidence = Confidence.VERIFIED,
    activity: Activity = Activity.ACTIVE,
    *,
    web_host: str | None = None,
    moved_to: str | None = None,
    evidence: Iterable[Evidence] = (),
    display_name: str | None = None,
) -> FoundAccount:
    user, domain = acct.split("@")
    host = web_host or domain
    return FoundAccount(
        platform=Platform.MASTODON,
        handle=f"@{acct}",
        url=f"https://{host}/@{user}",
        instance=host,
        confidence=confidence,
        reasons=("built",),
        found_by=("website link",),
        activity=activity,
        account=MastodonAccount(
            acct=acct,
            username=user,
            domain=domain,
            web_host=host,
            moved_to=moved_to,
            display_name=display_name,
            followers_count=10,
            statuses_count=5,
        ),
        evidence=tuple(evidence),
    )


def bsky(
    handle: str,
    did: str,
    confidence: Confidence = Confidence.VERIFIED,
    activity: Activity = Activity.ACTIVE,
    *,
    evidence: Iterable[Evidence] = (),
) -> FoundAccount:
    return FoundAccount(
        platform=Platform.BLUESKY,
        handle=f"@{handle}",
        url=f"https://bsky.app/profile/{handle}",
        confidence=confidence,
        reasons=("built",),
        found_by=("domain handle",),
        activity=activity,
        account=BlueskyAccount(did=did, handle=handle, handle_verified=True, posts_count=3),
        evidence=tuple(evidence),
    )


def page_evidence(url: str, outcome: str = 'rel="me" link to the account') -> Evidence:
    return Evidence(step="rel-me", request=f"GET {url}", status=200, outcome=outcome)


def report(
    name: str,
    domain: str | None,
    accounts: Iterable[FoundAccount] = (),
    *,
    checked_at: dt.datetime = DAY1,
    links: Iterable[LinkPlatform] = (),
    website: Verdict | None = Verdict.PRESENT,
    mastodon: Verdict | None = None,
    bluesky: Verdict | None = None,
    instances: dict[str, Verdict] | None = None,
    instance_info: Iterable[InstanceInfo] = (),
    attempts: Iterable[tuple[Platform, str, Verdict]] = (),
    handles: tuple[str, ...] = (),
) -> Report:
    found = tuple(accounts)

    def overall(platform: Platform, given: Verdict | None) -> Verdict:
        if given is not None:
            return given
        return Verdict.PRESENT if any(a.platform is platform for a in found) else Verdict.ABSENT

    tried: dict[Platform, list[Attempt]] = {Platform.MASTODON: [], Platform.BLUESKY: []}
    for platform, ref, verdict in attempts:
        reason = {Verdict.ABSENT: Reason.NOT_FOUND, Verdict.UNKNOWN: Reason.TIMEOUT}.get(
            verdict, Reason.FOUND
        )
        tried[platform].append(
            Attempt(
                ref=ref,
                found_by="known handle",
                verdict=verdict,
                reason=reason,
                detail=f"{ref}: {reason.value}",
            )
        )
    site = None
    if website is not None and domain:
        site = WebsiteReport(
            url=f"https://{domain}/",
            verdict=website,
            reason=Reason.FOUND if website is Verdict.PRESENT else Reason.TIMEOUT,
            links=tuple(SocialLink(platform=p, url=f"https://{p.value}.example/{domain}") for p in links),
        )
    return Report(
        quitx_version="0.1.0",
        institution=Institution(name=name, domain=domain, handles=handles),
        checked_at=checked_at,
        dormant_after_days=180,
        website=site,
        mastodon=PlatformVerdict(
            platform=Platform.MASTODON,
            verdict=overall(Platform.MASTODON, mastodon),
            detail="built",
            attempts=tuple(tried[Platform.MASTODON]),
        ),
        instances=tuple(
            PlatformVerdict(platform=Platform.MASTODON, instance=host, verdict=v, detail="built")
            for host, v in (instances or {}).items()
        ),
        instance_info=tuple(instance_info),
        bluesky=PlatformVerdict(
            platform=Platform.BLUESKY,
            verdict=overall(Platform.BLUESKY, bluesky),
            detail="built",
            attempts=tuple(tried[Platform.BLUESKY]),
        ),
        accounts=found,
    )


def instance(host: str, registrations: str | None) -> InstanceInfo:
    return InstanceInfo(host=host, reachable=Verdict.PRESENT, registrations=registrations)  # type: ignore[arg-type]
