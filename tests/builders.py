"""The one way tests build reports by hand: accounts, verdicts, a website, a whole `Report`.

Every builder has defaults that make a plausible, self-consistent report of "Université Exemple"
(univ-exemple.fr): a test names only what it is about. Verdicts derive from the accounts given
(present with accounts, absent without, unknown adds a timeout attempt; ``best_confidence`` is
`quitx.models.strongest` of them), so that no test holds a report that contradicts itself. A test
module's own defaults are ``functools.partial`` of these.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, Literal

from quitx.models import (
    Activity,
    Attempt,
    BlueskyAccount,
    BridgeStatus,
    Confidence,
    FoundAccount,
    FoundBy,
    InstanceInfo,
    Institution,
    LinkPlatform,
    MastodonAccount,
    Platform,
    PlatformVerdict,
    ProfileField,
    Reason,
    Report,
    SocialLink,
    Verdict,
    WebsiteReport,
    strongest,
)

INSTITUTION = Institution(name="Université Exemple", domain="univ-exemple.fr")
CHECKED = dt.datetime(2026, 2, 20, 10, 0, tzinfo=dt.UTC)
DID = "did:plc:yk4dd2qkboz2yv6tpubpc6co"
HOMEPAGE = "https://univ-exemple.fr/"

Registrations = Literal["open", "approval", "closed"]


def mastodon_account(
    acct: str = "univexemple@social.exemple.fr",
    *,
    web_host: str | None = None,
    display_name: str | None = None,
    followers: int | None = None,
    fields: Sequence[ProfileField] = (),
    moved_to: str | None = None,
    url: str | None = None,
    **facts: Any,
) -> MastodonAccount:
    """The facts of a Mastodon account, read from its home (``web_host`` defaults to the handle's
    domain); ``facts`` sets any other field of `MastodonAccount`."""
    username, _, domain = acct.partition("@")
    host = web_host or domain
    return MastodonAccount(
        acct=acct,
        username=username,
        domain=domain,
        web_host=host,
        url=url if url is not None else f"https://{host}/@{username}",
        display_name=display_name,
        followers_count=followers,
        fields=tuple(fields),
        moved_to=moved_to,
        **facts,
    )


def bluesky_account(
    handle: str | None = "univ-exemple.fr",
    *,
    did: str = DID,
    handle_verified: bool = True,
    display_name: str | None = None,
    followers: int | None = None,
    verified_status: str | None = None,
    pds: str | None = None,
    **facts: Any,
) -> BlueskyAccount:
    """The facts of a Bluesky account (identity and profile); ``facts`` sets any other field."""
    return BlueskyAccount(
        did=did,
        handle=handle,
        handle_verified=handle_verified,
        display_name=display_name,
        followers_count=followers,
        verified_status=verified_status,
        pds=pds,
        **facts,
    )


def found(
    account: MastodonAccount | BlueskyAccount,
    *,
    confidence: Confidence = Confidence.VERIFIED,
    activity: Activity = Activity.ACTIVE,
    found_by: Sequence[FoundBy | str] | None = None,
    last_post: dt.date | None = None,
    bridge: BridgeStatus | None = None,
    reasons: Sequence[str] = ("test",),
) -> FoundAccount:
    """``account`` as the check reports it found (Mastodon found by a website link, Bluesky by its
    domain handle, unless ``found_by`` says otherwise)."""
    if isinstance(account, MastodonAccount):
        platform, handle, where, how = Platform.MASTODON, account.handle, account.web_host, FoundBy.LINK
    else:
        platform, handle, where = Platform.BLUESKY, f"@{account.handle or account.did}", None
        how = FoundBy.DOMAIN_HANDLE
    return FoundAccount(
        platform=platform,
        handle=handle,
        url=account.url,
        instance=where,
        confidence=confidence,
        reasons=tuple(reasons),
        found_by=tuple(found_by or (how,)),
        activity=activity,
        last_post=last_post,
        account=account,
        bridge=bridge,
    )


# the keywords of `found`: how the check found an account (the others are the account's facts)
_HOW = ("confidence", "activity", "found_by", "last_post", "bridge", "reasons")


def _split(given: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    how = {k: given.pop(k) for k in _HOW if k in given}
    return given, how


def mastodon(acct: str = "univexemple@social.exemple.fr", **given: Any) -> FoundAccount:
    """A Mastodon account found by the check: the keywords of `found` (``confidence``, ``activity``,
    ``last_post``, ``found_by``, ``bridge``) say how, the others (``followers``, ``fields``,
    ``moved_to``, ``display_name``, ``web_host``…) are its facts (`mastodon_account`)."""
    facts, how = _split(given)
    return found(mastodon_account(acct, **facts), **how)


def bluesky(handle: str | None = "univ-exemple.fr", **given: Any) -> FoundAccount:
    """A Bluesky account found by the check: the keywords of `found` say how, the others (``did``,
    ``handle_verified``, ``followers``, ``verified_status``, ``pds``…) are its facts
    (`bluesky_account`)."""
    facts, how = _split(given)
    return found(bluesky_account(handle, **facts), **how)


def attempt(
    verdict: Verdict,
    reason: Reason = Reason.NOT_FOUND,
    *,
    ref: str = "@univexemple",
    found_by: FoundBy | str = FoundBy.CANDIDATE,
    detail: str = "…",
) -> Attempt:
    """One candidate tried, and what it gave."""
    return Attempt(ref=ref, found_by=found_by, verdict=verdict, reason=reason, detail=detail)


def instance(host: str, verdict: Verdict, reason: Reason = Reason.NOT_FOUND) -> PlatformVerdict:
    """The verdict of one Mastodon instance, resting on one attempt."""
    return PlatformVerdict(
        platform=Platform.MASTODON,
        instance=host,
        verdict=verdict,
        detail=f"{verdict.value} on {host}",
        attempts=(attempt(verdict, reason),),
    )


def info(
    host: str,
    registrations: Registrations | None,
    *,
    url: str | None = None,
    brid_gy_blocked: bool | None = None,
) -> InstanceInfo:
    """What the check read about an instance (unreachable when ``registrations`` is None)."""
    return InstanceInfo(
        host=host,
        reachable=Verdict.PRESENT if registrations else Verdict.UNKNOWN,
        registrations=registrations,
        registration_url=url,
        brid_gy_blocked=brid_gy_blocked,
    )


def link(platform: LinkPlatform, url: str, *, rel_me: bool = False) -> SocialLink:
    return SocialLink(platform=platform, url=url, rel_me=rel_me)


def site(*links: SocialLink, verdict: Verdict = Verdict.PRESENT, url: str = HOMEPAGE) -> WebsiteReport:
    """The homepage as read (present), or not read (unknown: a timeout)."""
    reason = Reason.FOUND if verdict is Verdict.PRESENT else Reason.TIMEOUT
    return WebsiteReport(url=url, verdict=verdict, reason=reason, links=links)


def overall(
    platform: Platform, accounts: Sequence[FoundAccount], verdict: Verdict | None = None
) -> PlatformVerdict:
    """A network's verdict consistent with ``accounts``: present with accounts on it, absent without,
    unless ``verdict`` says otherwise (unknown then rests on a timed-out attempt)."""
    mine = [a for a in accounts if a.platform is platform]
    if verdict is None:
        verdict = Verdict.PRESENT if mine else Verdict.ABSENT
    return PlatformVerdict(
        platform=platform,
        verdict=verdict,
        detail=verdict.value,
        best_confidence=strongest(a.confidence for a in mine),
        accounts=tuple(a.handle for a in mine),
        attempts=(attempt(Verdict.UNKNOWN, Reason.TIMEOUT),) if verdict is Verdict.UNKNOWN else (),
    )


def report(
    *accounts: FoundAccount,
    institution: Institution = INSTITUTION,
    mastodon: Verdict | None = None,
    bluesky: Verdict | None = None,
    instances: Sequence[PlatformVerdict] = (),
    infos: Sequence[InstanceInfo] = (),
    website: WebsiteReport | None = None,
    own_server: InstanceInfo | None = None,
    checked_at: dt.datetime = CHECKED,
    dormant_after_days: int = 180,
) -> Report:
    """A whole report; ``mastodon``/``bluesky`` force a network's verdict (default: from the accounts)."""
    return Report(
        quitx_version="0.1.0",
        institution=institution,
        checked_at=checked_at,
        dormant_after_days=dormant_after_days,
        website=website,
        own_mastodon_server=own_server,
        mastodon=overall(Platform.MASTODON, accounts, mastodon),
        instances=tuple(instances),
        instance_info=tuple(infos),
        bluesky=overall(Platform.BLUESKY, accounts, bluesky),
        accounts=accounts,
    )
