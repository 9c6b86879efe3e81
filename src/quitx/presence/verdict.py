"""The verdict rule, as pure functions: what the attempts, the searches and the accounts found
settle, per instance and per network. No I/O here, so every rule is tested without a network.

The rule of the foundation: "absent" only when every route answered that nothing is there; a
route that could not be followed (a timeout, a 401, a 429, a 5xx, a page that could not be read)
keeps the verdict "unknown".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from ..models import (
    Activity,
    Attempt,
    Confidence,
    Evidence,
    FoundAccount,
    FoundBy,
    Platform,
    PlatformVerdict,
    Reason,
    Verdict,
    WebsiteReport,
    strongest,
)

__all__ = [
    "activity",
    "fediverse_overall",
    "found_verdict",
    "homepage_route",
    "instance_verdict",
    "nothing_found",
    "search_attempt",
]


def search_attempt(
    ref: str, verdict: Verdict, reason: Reason, results: int, hits: int, unreadable: int
) -> Attempt:
    """What a search by name settles. Absent only when it answered, every result could be read, and
    none matches the name: a result that could not be read may be the account sought."""
    detail = f"{results} result(s), {hits} matching the name" + (
        f", {unreadable} unreadable" if unreadable else ""
    )
    if verdict is Verdict.ABSENT:
        reason, detail = Reason.NOT_FOUND, "the search answered no account"
    elif unreadable:
        verdict, reason = Verdict.UNKNOWN, Reason.BAD_RESPONSE
        detail = f"cannot tell: the search gave {detail}"
    elif verdict is Verdict.PRESENT and hits:
        pass
    elif verdict is Verdict.PRESENT:  # answered, but nobody with this name
        verdict, reason = Verdict.ABSENT, Reason.NOT_FOUND
    else:
        detail = "the search failed"
    return Attempt(ref=ref, found_by=FoundBy.SEARCH, verdict=verdict, reason=reason, detail=detail)


def found_verdict(
    platform: Platform,
    accounts: Sequence[FoundAccount],
    attempts: tuple[Attempt, ...],
    search: Attempt | None = None,
    evidence: tuple[Evidence, ...] = (),
) -> PlatformVerdict:
    """Accounts found on a network: present, with the best confidence among them."""
    best = strongest(a.confidence for a in accounts) or Confidence.CANDIDATE
    return PlatformVerdict(
        platform=platform,
        verdict=Verdict.PRESENT,
        detail=f"{len(accounts)} account(s) found, best confidence: {best.value}",
        best_confidence=best,
        accounts=tuple(a.handle for a in accounts),
        attempts=attempts,
        search=search,
        evidence=evidence,
    )


def nothing_found(
    platform: Platform,
    instance: str | None,
    attempts: tuple[Attempt, ...],
    search: Attempt | None,
    evidence: tuple[Evidence, ...],
) -> PlatformVerdict:
    """No account found: "absent" only if every candidate and the search answered; else unknown."""
    everything = [*attempts, *([search] if search else [])]
    unknown = [a for a in everything if a.verdict is Verdict.UNKNOWN]
    if not unknown and everything:
        tried = ", ".join(a.ref for a in attempts) or "no candidate"
        place = f" on {instance}" if instance else ""
        verdict, detail = Verdict.ABSENT, f"we found no account{place}: tried {tried}, and a search by name"
    else:
        why = unknown[0].detail.removeprefix("cannot tell: ") if unknown else "nothing could be tried"
        verdict, detail = Verdict.UNKNOWN, f"cannot tell{f' for {instance}' if instance else ''}: {why}"
    return PlatformVerdict(
        platform=platform,
        instance=instance,
        verdict=verdict,
        detail=detail,
        attempts=attempts,
        search=search,
        evidence=evidence,
    )


def instance_verdict(
    platform: Platform,
    host: str,
    handles: Sequence[str],
    accounts: Iterable[FoundAccount],
    attempts: tuple[Attempt, ...],
    search: Attempt | None,
    evidence: tuple[Evidence, ...],
) -> PlatformVerdict:
    """The verdict for one instance: present with the ``handles`` found whose home it is (their
    strongest proof among ``accounts``), else what its attempts and its search settle."""
    if handles:
        return PlatformVerdict(
            platform=platform,
            instance=host,
            verdict=Verdict.PRESENT,
            detail="found " + ", ".join(handles),
            best_confidence=strongest(a.confidence for a in accounts if a.handle in handles),
            accounts=tuple(handles),
            attempts=attempts,
            search=search,
            evidence=evidence,
        )
    return nothing_found(platform, host, attempts, search, evidence)


def fediverse_overall(
    platform: Platform,
    instances: Sequence[PlatformVerdict],
    accounts: Sequence[FoundAccount],
    attempts: Sequence[tuple[str | None, Attempt]],
) -> PlatformVerdict:
    """A federated network over every instance asked: present if an account was found anywhere;
    absent only when every instance and every exact reference elsewhere answered. ``attempts`` are
    keyed by the instance they belong to (None: a route of no instance, such as the homepage)."""
    flat = tuple(a for _, a in attempts)
    if accounts:
        return found_verdict(platform, accounts, flat)
    # exact references on hosts that are not instances of their own count as well
    hosts = {i.instance for i in instances}
    others = [a for key, a in attempts if key is None or key not in hosts]
    unknown = [i.instance or "" for i in instances if i.verdict is Verdict.UNKNOWN] + [
        a.ref for a in others if a.verdict is Verdict.UNKNOWN
    ]
    if not unknown:
        return PlatformVerdict(
            platform=platform,
            verdict=Verdict.ABSENT,
            detail=f"we found no account on the {len(instances)} instance(s) checked",
            attempts=flat,
        )
    return PlatformVerdict(
        platform=platform,
        verdict=Verdict.UNKNOWN,
        detail=f"no account found, but some places could not be checked: {', '.join(unknown)}",
        attempts=flat,
    )


def homepage_route(website: WebsiteReport | None) -> tuple[Attempt, ...]:
    """Homepage links not followed are routes not followed: the accounts they name (on instances
    nothing else names, with handles nobody could guess) may be the institution's, so no network
    can be absent. So for an unread homepage, and for the links past the per-page cap of servers
    (`quitx.probes.website.MAX_LINK_HOSTS`). Every network's attempts end with these."""
    if website is None:
        return ()
    routes: list[Attempt] = []
    if website.verdict is Verdict.UNKNOWN:
        routes.append(
            _not_followed(
                f"the links of {website.url}",
                website.reason,
                f"cannot tell: the homepage could not be read ({website.reason.value}), "
                "so the accounts it links to could not be followed",
            )
        )
    if website.links_skipped:
        routes.append(
            _not_followed(
                f"{website.links_skipped} more link(s) on the homepage",
                Reason.BAD_RESPONSE,
                "cannot tell: the homepage links to more servers than quitx follows; "
                f"{website.links_skipped} link(s) were not followed",
            )
        )
    return tuple(routes)


def _not_followed(ref: str, reason: Reason, detail: str) -> Attempt:
    return Attempt(ref=ref, found_by=FoundBy.LINK, verdict=Verdict.UNKNOWN, reason=reason, detail=detail)


def activity(
    *, last: dt.date | None, posts: int | None, known: bool, dormant_after_days: int, today: dt.date
) -> Activity:
    """Active or dormant by the date of the last post; never posted when the count says 0 (or when
    the posts could be read and there were none); else unknown."""
    if last is not None:
        return Activity.DORMANT if (today - last).days > dormant_after_days else Activity.ACTIVE
    if posts == 0:
        return Activity.NEVER_POSTED
    return Activity.UNKNOWN if not known else Activity.NEVER_POSTED
