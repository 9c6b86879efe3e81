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
    day = lib.Lang(w.language).date(found.last_post) if found.last_post else None
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
        one = lib.singular(followers, w.language)
        details.append(w("followers_1" if one else "followers_n", n=lib.Lang(w.language).number(followers)))
    if isinstance(facts, m.BlueskyAccount) and facts.verified_status == "valid":
        details.append(w("blue_check"))
    bridge = found.bridge
    if bridge is not None and bridge.bridged is m.Verdict.PRESENT and bridge.bridged_handle:
        other = m.Platform.BLUESKY if found.platform is m.Platform.MASTODON else m.Platform.MASTODON
        details.append(w("bridged", other=other.label, handle=lib.remote_text(bridge.bridged_handle)))
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
        found_by=w("found_by", ways=lib.Lang(w.language).join(ways)) if ways else "",
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
        text = w("place.unknown", reason=words) if words is not None else w("place.unknown_plain")
    else:
        text = w(f"place.{state}")
    return PlaceView(name=lib.remote_text(name), state=state, text=text)


def _network(
    report: lib.Report,
    platform: m.Platform,
    overall: m.PlatformVerdict,
    places: tuple[PlaceView, ...],
    w: Words,
) -> NetworkView:
    ranked = report.ranked(platform)  # the one ranking: the live account first, the most certain…
    best = m.strongest(a.confidence for a in ranked)  # the headline says the strongest proof
    if best is not None:
        state = "present" if best.owned else "candidate"
        headline = w(f"headline.{best.value}")
    else:
        state = "absent" if overall.verdict is m.Verdict.ABSENT else "unknown"
        headline = w(f"headline.{state}")
    return NetworkView(
        name=platform.label,
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
        names = [p.label for p in site.platforms]
        if not names:
            return PlaceView(name=url, state="present", text=w("site.no_links", url=url))
        return PlaceView(
            name=url, state="present", text=w("site.links", url=url, names=lib.Lang(w.language).join(names))
        )
    if site.verdict is m.Verdict.ABSENT:
        return PlaceView(name=url, state="absent", text=w("site.absent", url=url))
    text = w("site.unknown", url=url, reason=lib.reason_text(site.reason, w.language))
    return PlaceView(name=url, state="unknown", text=text)


def present(report: lib.Report, w: Words) -> PresenceView:
    """The report in plain words, in ``w``'s language."""
    mastodon_places = tuple(_place(v.instance or "?", v, w) for v in report.instances)
    bluesky_places = (_place(m.Platform.BLUESKY.label, report.bluesky, w),)
    return PresenceView(
        checked_on=lib.Lang(w.language).date(report.checked_at.date()),
        networks=(
            _network(report, m.Platform.MASTODON, report.mastodon, mastodon_places, w),
            _network(report, m.Platform.BLUESKY, report.bluesky, bluesky_places, w),
        ),
        site=_site(report, w),
    )
