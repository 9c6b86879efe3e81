"""What a report found, in plain words for a page: one view per network, per account, per place.

Pure: a `Report` and a language in, frozen views of plain strings out. Every text a server chose
(display names, handles, hosts, evidence) goes through `library.remote_text` (made inert, bounded)
and is escaped again by the templates. Codes become words (`wording`); the evidence lines stay as
quitx recorded them (English, technical), under their own heading.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import library as lib
from .library import models as m
from .wording import Words

__all__ = ["AccountView", "EvidenceView", "NetworkView", "PlaceView", "PresenceView", "present"]

_RANK = {
    m.Confidence.VERIFIED: 0,
    m.Confidence.LINKED: 1,
    m.Confidence.CANDIDATE: 2,
}
_LINK_NAMES = {
    m.LinkPlatform.MASTODON: "Mastodon",
    m.LinkPlatform.BLUESKY: "Bluesky",
    m.LinkPlatform.X: "X",
    m.LinkPlatform.FACEBOOK: "Facebook",
    m.LinkPlatform.INSTAGRAM: "Instagram",
    m.LinkPlatform.THREADS: "Threads",
    m.LinkPlatform.LINKEDIN: "LinkedIn",
    m.LinkPlatform.YOUTUBE: "YouTube",
    m.LinkPlatform.TIKTOK: "TikTok",
}


@dataclass(frozen=True)
class EvidenceView:
    request: str
    outcome: str


@dataclass(frozen=True)
class AccountView:
    handle: str
    url: str | None  # http(s) only
    display_name: str
    confidence: str  # verified / linked / candidate: the CSS class
    confidence_label: str
    explanation: str
    facts: tuple[str, ...]
    found_by: str
    reasons: tuple[str, ...]  # quitx's own reasons (English), with the evidence
    evidence: tuple[EvidenceView, ...]


@dataclass(frozen=True)
class PlaceView:
    name: str
    state: str  # present / absent / unknown
    text: str


@dataclass(frozen=True)
class NetworkView:
    name: str
    state: str  # present / candidate / absent / unknown: the CSS class
    state_label: str
    headline: str
    accounts: tuple[AccountView, ...]
    places: tuple[PlaceView, ...]


@dataclass(frozen=True)
class PresenceView:
    checked_on: str
    networks: tuple[NetworkView, ...]
    site: PlaceView  # the website: its address, what became of it


def _safe_url(url: str | None) -> str | None:
    if url and url.startswith(("https://", "http://")) and len(url) <= 2000:
        return lib.remote_text(url, limit=2000)
    return None


def _unknown_reason(verdict: m.PlatformVerdict) -> m.Reason | None:
    attempts = [*verdict.attempts, *([verdict.search] if verdict.search else [])]
    for attempt in attempts:
        if attempt.verdict is m.Verdict.UNKNOWN:
            return attempt.reason
    return None


def _activity(found: m.FoundAccount, w: Words) -> str:
    day = lib.format_date(found.last_post, w.language) if found.last_post else None
    facts = found.account
    activity = found.activity
    if activity is m.Activity.MOVED:
        target = facts.moved_to if isinstance(facts, m.MastodonAccount) else None
        return (
            w("activity.moved", target="@" + lib.remote_text(target)) if target else w("activity.moved_plain")
        )
    if activity is m.Activity.DORMANT:
        return w("activity.dormant", day=day) if day else w("activity.dormant_plain")
    if activity is m.Activity.ACTIVE and day:
        return w("activity.active_since", day=day)
    return w(f"activity.{activity.value}")


def _account(found: m.FoundAccount, w: Words) -> AccountView:
    facts = found.account
    followers = facts.followers_count
    details = [_activity(found, w)]
    if followers is not None:
        singular = followers <= 1 if w.language == "fr" else followers == 1
        details.append(
            w("followers_1" if singular else "followers_n", n=lib.format_number(followers, w.language))
        )
    if isinstance(facts, m.BlueskyAccount) and facts.verified_status == "valid":
        details.append(w("blue_check"))
    bridge = found.bridge
    if bridge is not None and bridge.bridged is m.Verdict.PRESENT and bridge.bridged_handle:
        other = "Bluesky" if found.platform is m.Platform.MASTODON else "Mastodon"
        details.append(w("bridged", other=other, handle=lib.remote_text(bridge.bridged_handle)))
    ways = [w(f"found_by.{way}") for way in found.found_by if w.has(f"found_by.{way}")]
    confidence = found.confidence.value
    return AccountView(
        handle=lib.remote_text(found.handle),
        url=_safe_url(found.url or facts.url),
        display_name=lib.remote_text(facts.display_name) or w("no_display_name"),
        confidence=confidence,
        confidence_label=w(f"confidence.{confidence}"),
        explanation=w(f"explain.{confidence}"),
        facts=tuple(details),
        found_by=w("found_by", ways=lib.join_words(ways, w.language)) if ways else "",
        reasons=tuple(lib.remote_text(r, limit=600) for r in found.reasons),
        evidence=tuple(
            EvidenceView(
                request=lib.remote_text(e.request, limit=600), outcome=lib.remote_text(e.outcome, limit=600)
            )
            for e in found.evidence
        ),
    )


def _place(name: str, verdict: m.PlatformVerdict, w: Words) -> PlaceView:
    state = verdict.verdict.value
    if verdict.verdict is m.Verdict.UNKNOWN:
        reason = _unknown_reason(verdict)
        words = lib.reason_text(reason, w.language) if reason else None
        text = w("place.unknown", reason=words) if words else w("place.unknown_plain")
    else:
        text = w(f"place.{state}")
    return PlaceView(name=lib.remote_text(name), state=state, text=text)


def _network(
    name: str,
    accounts: tuple[m.FoundAccount, ...],
    overall: m.PlatformVerdict,
    places: tuple[PlaceView, ...],
    w: Words,
) -> NetworkView:
    ranked = sorted(accounts, key=lambda a: _RANK[a.confidence])
    if ranked:
        best = ranked[0].confidence
        state = "present" if best is not m.Confidence.CANDIDATE else "candidate"
        headline = w(f"headline.{best.value}")
    else:
        state = "absent" if overall.verdict is m.Verdict.ABSENT else "unknown"
        headline = w(f"headline.{state}")
    return NetworkView(
        name=name,
        state=state,
        state_label=w(f"state.{state}"),
        headline=headline,
        accounts=tuple(_account(a, w) for a in ranked),
        places=places,
    )


def _site(report: lib.Report, w: Words) -> PlaceView:
    site = report.website
    if site is None:
        return PlaceView(name="", state="none", text=w("site.none"))
    url = lib.remote_text(site.final_url or site.url, limit=300)
    if site.verdict is m.Verdict.PRESENT:
        names = [_LINK_NAMES[p] for p in site.platforms]
        if not names:
            return PlaceView(name=url, state="present", text=w("site.no_links", url=url))
        return PlaceView(
            name=url, state="present", text=w("site.links", url=url, names=lib.join_words(names, w.language))
        )
    if site.verdict is m.Verdict.ABSENT:
        return PlaceView(name=url, state="absent", text=w("site.absent", url=url))
    reason = lib.reason_text(site.reason, w.language)
    text = w("site.unknown", url=url, reason=reason) if reason else w("site.unknown_plain", url=url)
    return PlaceView(name=url, state="unknown", text=text)


def present(report: lib.Report, w: Words) -> PresenceView:
    """The report in plain words, in ``w``'s language."""
    mastodon_places = tuple(_place(v.instance or "?", v, w) for v in report.instances)
    bluesky_places = (_place("Bluesky", report.bluesky, w),)
    return PresenceView(
        checked_on=lib.format_date(report.checked_at.date(), w.language),
        networks=(
            _network(
                "Mastodon",
                report.accounts_on(m.Platform.MASTODON),
                report.mastodon,
                mastodon_places,
                w,
            ),
            _network("Bluesky", report.accounts_on(m.Platform.BLUESKY), report.bluesky, bluesky_places, w),
        ),
        site=_site(report, w),
    )
