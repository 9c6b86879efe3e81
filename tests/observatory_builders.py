"""The observatory's defaults over the one report builder (`tests.builders`): a sector's
institutions by name and domain, two days, accounts with the evidence that proves them, instances
by host, and the attempts a check made on references Wikidata gave."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import tests.builders as b

from quitx.models import (
    Activity,
    Attempt,
    Confidence,
    Evidence,
    FoundAccount,
    FoundBy,
    InstanceInfo,
    Institution,
    LinkPlatform,
    Platform,
    Reason,
    Report,
    Verdict,
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
    """A Mastodon account found through the institution's website (10 followers, 5 posts)."""
    found = b.mastodon(
        acct,
        confidence=confidence,
        activity=activity,
        reasons=("built",),
        web_host=web_host,
        moved_to=moved_to,
        display_name=display_name,
        followers=10,
        statuses_count=5,
    )
    return found.model_copy(update={"evidence": tuple(evidence)})


def bsky(
    handle: str,
    did: str,
    confidence: Confidence = Confidence.VERIFIED,
    activity: Activity = Activity.ACTIVE,
    *,
    evidence: Iterable[Evidence] = (),
) -> FoundAccount:
    """A Bluesky account found by its domain handle (3 posts)."""
    found = b.bluesky(
        handle, did=did, confidence=confidence, activity=activity, reasons=("built",), posts_count=3
    )
    return found.model_copy(update={"evidence": tuple(evidence)})


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
    """The report of one institution of the sector; ``attempts`` are references the check tried
    (Wikidata's known handles), with what each gave."""
    site = None
    if website is not None and domain:
        site = b.site(
            *(b.link(p, f"https://{p.value}.example/{domain}") for p in links),
            verdict=website,
            url=f"https://{domain}/",
        )
    built = b.report(
        *accounts,
        institution=Institution(name=name, domain=domain, handles=handles),
        mastodon=mastodon,
        bluesky=bluesky,
        instances=[b.instance(host, verdict) for host, verdict in (instances or {}).items()],
        infos=tuple(instance_info),
        website=site,
        checked_at=checked_at,
    )
    tried: dict[Platform, list[tuple[str, Verdict]]] = {Platform.MASTODON: [], Platform.BLUESKY: []}
    for platform, ref, verdict in attempts:
        tried[platform].append((ref, verdict))
    verdicts = {}
    for platform, field in ((Platform.MASTODON, "mastodon"), (Platform.BLUESKY, "bluesky")):
        if tried[platform]:
            overall = getattr(built, field)
            verdicts[field] = overall.model_copy(
                update={"attempts": (*overall.attempts, *(_attempt(r, v) for r, v in tried[platform]))}
            )
    return built.model_copy(update=verdicts)


def _attempt(ref: str, verdict: Verdict) -> Attempt:
    reason = {Verdict.ABSENT: Reason.NOT_FOUND, Verdict.UNKNOWN: Reason.TIMEOUT}.get(verdict, Reason.FOUND)
    return b.attempt(verdict, reason, ref=ref, found_by=FoundBy.KNOWN, detail=f"{ref}: {reason.value}")


def instance(host: str, registrations: b.Registrations) -> InstanceInfo:
    return b.info(host, registrations)
