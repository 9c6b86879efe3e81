"""Whether a Mastodon account found is the institution's, how sure quitx is, and why: pure
functions of what the check read (the homepage, the proof pages, the homes quitx trusts)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from ...._urls import host_within, url_host, urls_on
from ....config import Settings
from ....models import (
    Activity,
    BridgeStatus,
    Confidence,
    Evidence,
    FoundAccount,
    InstanceInfo,
    LinkPlatform,
    MastodonAccount,
    Platform,
    ProfileField,
    SocialLink,
    Verdict,
    WebsiteReport,
)
from ...found import Found
from ...verdict import activity

__all__ = ["Trust", "confidence", "describe_account", "page_key", "rel_me_to"]


def page_key(url: str) -> str:
    """A URL as pages are compared: lower-case scheme and host, "/" for an empty path, no fragment."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").rstrip(".")
    except ValueError:
        return url
    return f"{parts.scheme.lower()}://{host}{parts.path or '/'}" + (f"?{parts.query}" if parts.query else "")


def rel_me_to(page: WebsiteReport | None, account: MastodonAccount) -> SocialLink | None:
    """The link by which ``page`` names ``account`` with ``rel="me"`` (Mastodon's verification, read
    by quitx itself): a link to its profile on its home (``/@user``, ``/users/user``) or to its
    address as seen from another server (``/@user@domain``). None when the page was not read."""
    if page is None or page.verdict is not Verdict.PRESENT:
        return None
    names = {f"@{account.acct}".lower(), f"@{account.username}@{account.web_host}".lower()}
    return next(
        (
            link
            for link in page.links
            if link.rel_me and link.platform is LinkPlatform.MASTODON and (link.handle or "").lower() in names
        ),
        None,
    )


@dataclass(frozen=True)
class Trust:
    """The homes whose ``verified_at`` quitx takes as proof: a configured instance (by its name or
    its web host), the institution's own server, one of ``trusted_instances``, or any home on the
    institution's ``domain``. Anyone running a server can set ``verified_at`` on its own accounts."""

    hosts: frozenset[str]
    domain: str | None

    @classmethod
    def of(
        cls, settings: Settings, api_hosts: Iterable[str], own: InstanceInfo | None, domain: str | None
    ) -> Trust:
        hosts = {*settings.instances, *api_hosts, *settings.trusted_instances}
        if own is not None:
            hosts.add(own.host)
        return cls(frozenset(hosts), domain)

    def home(self, account: MastodonAccount) -> bool:
        return (
            account.web_host.lower() in self.hosts
            or account.domain.lower() in self.hosts
            or host_within(account.domain, self.domain)
        )

    def field(self, account: MastodonAccount) -> ProfileField | None:
        """A profile field linking to the institution's domain that a trusted home verified."""
        if not self.home(account):
            return None
        fields = account.fields_linking_to(self.domain)
        return next((f for f in fields if f.verified_at is not None), None)


@dataclass(frozen=True)
class Read:
    """What the check read that proves anything: the homepage, the proof pages (by `page_key`),
    and the trusted homes."""

    website: WebsiteReport | None
    pages: Mapping[str, WebsiteReport]
    trust: Trust


def confidence(
    found: Found, everyone: Mapping[str, Found], read: Read
) -> tuple[Confidence, list[str], list[Evidence]]:
    """How sure quitx is that the account is the institution's, why, and the proof chain.

    Verified only through a proof quitx holds: a page of the institution's domain that it read
    itself (the homepage, or the page a profile field points to) links to the account with
    ``rel="me"``; or a trusted home (`Trust`) verified such a field. The account's identity is
    already proven at its home (`quitx.probes.mastodon.prove_identity`). ``everyone``: the accounts
    found, by key (the one that moved here is among them)."""
    account = found.account
    assert isinstance(account, MastodonAccount)  # noqa: S101 - by construction
    website, domain = read.website, read.trust.domain
    reasons: list[str] = []
    proof: list[Evidence] = []
    verified = False

    def rel_me(page: WebsiteReport, what: str) -> bool:
        link = rel_me_to(page, account)
        if link is None:
            return False
        where = page.final_url or page.url
        reasons.append(f'{what} ({where}) links to it with rel="me", read by quitx')
        proof.append(
            Evidence(
                step="rel-me",
                request=f"GET {where}",
                outcome=f'rel="me" link to {link.url}, which is @{account.acct} (proven at its home)',
            )
        )
        return True

    if website is not None and rel_me(website, "the official site"):
        verified = True
    if found.linked and not verified:
        reasons.append("the official site links to it")
        if website is not None:
            proof.append(
                Evidence(
                    step="link",
                    request=f"GET {website.final_url or website.url}",
                    outcome=f'links to @{account.acct}, without rel="me"',
                )
            )
    trusted_field = read.trust.field(account)
    if trusted_field is not None and trusted_field.verified_at is not None:
        verified = True
        day = trusted_field.verified_at.date().isoformat()
        reasons.append(
            f"profile field {trusted_field.name!r} links to {domain}, verified by its home "
            f"{account.web_host} on {day}"
        )
        proof.append(
            Evidence(
                step="verified-field",
                request=f"profile field {trusted_field.name!r} of @{account.acct}",
                outcome=f"verified_at {day} by {account.web_host}, a home quitx trusts",
            )
        )
    for each in account.fields_linking_to(domain) if not verified else ():
        for url in urls_on(each.value, domain):
            page = read.pages.get(page_key(url))
            if page is None or page is website:
                continue
            final = url_host(page.final_url or page.url)
            if host_within(final, domain) and rel_me(
                page, f"profile field {each.name!r} points to a page that"
            ):
                verified = True
                break
        if verified:
            break
    if not verified:
        for each in account.fields_linking_to(domain):
            if each.verified_at is not None:
                reasons.append(
                    f"{account.web_host} marks profile field {each.name!r} verified: that server's own "
                    f'claim, which quitx could not confirm (no rel="me" link back on the site)'
                )
            else:
                reasons.append(f"profile field {each.name!r} links to {domain}, not verified")
            break
    named_before = _moved_here(found, everyone, read, reasons, proof)
    if verified:
        level = Confidence.VERIFIED
    elif found.linked or named_before:
        level = Confidence.LINKED
    else:
        level = Confidence.CANDIDATE
        reasons.append("matches the name only: could be a fan account or an impersonator")
    reasons.extend(found.extra_reasons)
    proof.extend(found.proof)
    return level, reasons, proof


def _moved_here(
    found: Found, everyone: Mapping[str, Found], read: Read, reasons: list[str], proof: list[Evidence]
) -> bool:
    """Whether an account the institution names (linked or verified) moved to this one: the move
    is that account's own word, from its home."""
    old = everyone.get(found.moved_from) if found.moved_from else None
    if old is None or not isinstance(old.account, MastodonAccount):
        return False
    level, _, _ = confidence(old, everyone, read)
    proof.append(
        Evidence(
            step="moved",
            request=f"@{old.account.acct} on {old.account.web_host}",
            outcome=f"moved to {found.account.handle}",
        )
    )
    if level is Confidence.CANDIDATE:
        reasons.append(f"@{old.account.acct}, found by its name only, moved here")
        return False
    reasons.append(
        f"the institution's account @{old.account.acct} ({level.value}) moved here: "
        "the links and the verification still name the old address"
    )
    return True


def describe_account(
    found: Found,
    everyone: Mapping[str, Found],
    read: Read,
    bridge: BridgeStatus,
    *,
    dormant_after_days: int,
    today: dt.date,
) -> FoundAccount:
    """A found Mastodon account as the report says it: confidence, reasons, activity, proof."""
    account = found.account
    assert isinstance(account, MastodonAccount)  # noqa: S101 - by construction
    level, reasons, proof = confidence(found, everyone, read)
    if account.suspended:
        state = Activity.SUSPENDED
    elif account.moved_to:
        state = Activity.MOVED
        reasons.append(f"moved to @{account.moved_to}: the live account is there")
    else:
        state = activity(
            last=account.last_status_at,
            posts=account.statuses_count,
            known=account.statuses_count is not None,
            dormant_after_days=dormant_after_days,
            today=today,
        )
    return FoundAccount(
        platform=Platform.MASTODON,
        handle=f"@{account.acct}",
        url=account.url,
        instance=account.web_host,
        confidence=level,
        reasons=tuple(reasons),
        found_by=found.found_by,
        activity=state,
        last_post=account.last_status_at,
        account=account,
        bridge=bridge,
        evidence=tuple(proof),
    )
