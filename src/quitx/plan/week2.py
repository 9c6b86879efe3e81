"""Week 2: prove the accounts are the institution's (the Bluesky domain handle, Mastodon's verified
link), and bridge the two networks."""

from __future__ import annotations

import html

from .._urls import host_within
from ..handles import bluesky_handle_for
from ..models import Confidence, FoundBy, LinkPlatform, Verdict
from . import wording as W
from .context import SAFE_DID, Ctx, bluesky_of, mastodon_of, work
from .models import Artifact, PlanStep, StepStatus

__all__ = ["bluesky_domain_handle", "bridge", "mastodon_verification"]


def bluesky_domain_handle(c: Ctx) -> PlanStep:
    t = c.t
    domain = c.domain or t(W.DOMAIN_PLACEHOLDER)
    account = bluesky_of(c.own_bluesky) if c.own_bluesky else None
    # only an account the institution owns gives the DID: a lookalike's DID would hand it the domain
    did = account.did if account and SAFE_DID.match(account.did) else None
    did_text = did or t(W.DID_PLACEHOLDER)
    on_domain = next(
        (
            a
            for a in c.bluesky
            if a.confidence is Confidence.VERIFIED
            and (acc := bluesky_of(a)) is not None
            and acc.handle_verified
            and host_within(acc.handle, c.domain)
        ),
        None,
    )
    if c.report is None:
        status, evidence = StepStatus.CANNOT_TELL, [c.not_checked]
    elif not c.domain:
        status, evidence = StepStatus.CANNOT_TELL, [t(W.NO_DOMAIN_GIVEN)]
    elif on_domain is not None:
        status, evidence = StepStatus.DONE, [c.account_evidence(on_domain)]
    elif c.own_bluesky is not None:
        status = StepStatus.TODO
        evidence = [
            c.account_evidence(c.own_bluesky),
            t(W.NO_DOMAIN_HANDLE_YET, domain=domain),
        ]
    elif c.report.bluesky.verdict is Verdict.UNKNOWN:
        status, evidence = StepStatus.CANNOT_TELL, [c.unknown_evidence(c.report.bluesky, "Bluesky")]
    else:
        status = StepStatus.TODO
        evidence = [t(W.NO_BLUESKY_DOMAIN_HANDLE, domain=domain)]
    named = c.own_bluesky is not None and FoundBy.DOMAIN_RECORD in c.own_bluesky.found_by
    if named and on_domain is None:
        evidence.append(t(W.DOMAIN_NAMES_ACCOUNT, did=did_text))
    how = (
        *([t(W.ONLY_THE_SWITCH_LEFT, domain=domain)] if named and on_domain is None else []),
        t(W.SET_DOMAIN_HANDLE, domain=domain),
        t(W.ADD_TXT_RECORD, domain=domain, did=did_text),
        t(W.PUBLISH_WELL_KNOWN_FILE, domain=domain),
        t(W.DOMAIN_HANDLE_PROVES),
    )
    artifacts = (
        Artifact(
            kind="dns_txt",
            label=t(W.DNS_RECORD_LABEL, domain=domain),
            content=f'_atproto.{domain}. 3600 IN TXT "did={did_text}"',
        ),
        Artifact(
            kind="well_known",
            label=f"https://{domain}/.well-known/atproto-did",
            content=did_text,
        ),
    )
    return PlanStep(
        id="bluesky-domain-handle",
        title=t(W.DOMAIN_HANDLE_TITLE, domain=domain),
        why=t(W.DOMAIN_HANDLE_WHY),
        how=how,
        artifacts=artifacts,
        status=status,
        evidence=tuple(evidence),
        due=c.dates.week2,
        effort=work(status, communication=0.25, it=0.25),
    )


def mastodon_verification(c: Ctx) -> PlanStep:
    t = c.t
    domain = c.domain or t(W.DOMAIN_PLACEHOLDER)
    site = f"https://{domain}"
    href = html.escape(c.mastodon_url, quote=True)
    field_name = t(W.WEBSITE_FIELD_NAME)
    account = mastodon_of(c.own_mastodon) if c.own_mastodon else None
    verified = c.verified_field(account) if account else None
    website = c.report.website if c.report else None
    rel_me_on_site = website is not None and any(
        link.rel_me and link.platform is LinkPlatform.MASTODON for link in website.links
    )
    if c.report is None:
        status, evidence = StepStatus.CANNOT_TELL, [c.not_checked]
    elif c.own_mastodon is not None and verified is not None:
        status = StepStatus.DONE
        evidence = [t(W.ALREADY_VERIFIED, evidence=c.account_evidence(c.own_mastodon))]
    elif c.own_mastodon is not None:
        status = StepStatus.TODO
        evidence = [
            c.account_evidence(c.own_mastodon),
            t(W.NO_VERIFIED_FIELD, domain=domain),
        ]
    elif c.report.mastodon.verdict is Verdict.UNKNOWN:
        status, evidence = StepStatus.CANNOT_TELL, c.mastodon_unknowns()
    else:
        status = StepStatus.TODO
        evidence = [t(W.NO_MASTODON_ACCOUNT_FOUND)]
    how = [
        t(W.ADD_REL_ME_LINK, site=site) if not rel_me_on_site else t(W.REL_ME_ALREADY_THERE),
        t(W.ADD_PROFILE_FIELD, field_name=field_name, site=site),
    ]
    if not c.mastodon_known:
        how.append(t(W.SUGGESTED_NAME_EVERYWHERE, handle=c.mastodon_handle))
    artifacts = (
        Artifact(
            kind="html",
            label=t(W.HOMEPAGE_LINK_LABEL),
            content=f'<a rel="me" href="{href}">Mastodon</a>',
        ),
        Artifact(
            kind="html",
            label=t(W.HEAD_LINK_LABEL),
            content=f'<link rel="me" href="{href}">',
        ),
        Artifact(
            kind="profile_field",
            label=t(W.PROFILE_FIELD_LABEL, field_name=field_name),
            content=site,
        ),
    )
    return PlanStep(
        id="mastodon-verification",
        title=t(W.VERIFICATION_TITLE),
        why=t(W.VERIFICATION_WHY),
        how=tuple(how),
        artifacts=artifacts,
        status=status,
        evidence=tuple(evidence),
        due=c.dates.week2,
        effort=work(status, communication=0.25, it=0.25),
    )


def bridge(c: Ctx) -> PlanStep:
    t = c.t
    owned = [a for a in (c.own_mastodon, c.own_bluesky) if a is not None]
    how: list[str] = []
    evidence: list[str] = []
    for found in owned:
        bridge = found.bridge
        if bridge is None:
            continue
        if bridge.bridged is Verdict.PRESENT:
            shown = f" ({bridge.bridged_handle})" if bridge.bridged_handle else ""
            evidence.append(t(W.BRIDGED, handle=found.handle, shown=shown))
        elif bridge.bridged is Verdict.ABSENT:
            evidence.append(t(W.NOT_BRIDGED, handle=found.handle))
        else:
            evidence.append(t(W.BRIDGE_UNCHECKABLE, handle=found.handle))
        for gap in bridge.gaps:
            todo = W.GAPS.get(gap)  # a gap the plan has no words for is shown as the probe wrote it
            how.append(t(W.GAP, handle=found.handle, gap=t(todo) if todo else gap))
    bridges = [a.bridge.bridged for a in owned if a.bridge is not None]
    if c.report is None:
        status, evidence = StepStatus.CANNOT_TELL, [c.not_checked]
    elif Verdict.PRESENT in bridges:
        status = StepStatus.DONE
    elif Verdict.ABSENT in bridges:
        status = StepStatus.TODO
    elif owned or c.report.mastodon.verdict is Verdict.UNKNOWN or c.report.bluesky.verdict is Verdict.UNKNOWN:
        # an account whose bridge could not be read, or an account that may exist where the check failed
        status = StepStatus.CANNOT_TELL
        if not evidence:
            evidence = c.mastodon_unknowns()
            if c.report.bluesky.verdict is Verdict.UNKNOWN:
                evidence.append(c.unknown_evidence(c.report.bluesky, "Bluesky"))
        evidence = evidence or [t(W.BRIDGE_NOT_CHECKED)]
    else:
        status = StepStatus.TODO
        evidence = [t(W.NOTHING_TO_BRIDGE)]
    mastodon = mastodon_of(c.own_mastodon) if c.own_mastodon else None
    bridged = bluesky_handle_for(mastodon.acct) if mastodon else None  # its name on Bluesky, once bridged
    how.extend(
        [
            t(W.FOLLOW_FROM_MASTODON_AS, bridged=bridged) if bridged else t(W.FOLLOW_FROM_MASTODON),
            t(W.FOLLOW_FROM_BLUESKY),
            t(W.BRIDGE_ONE_ACCOUNT),
        ]
    )
    if c.report and c.report.own_mastodon_server is not None:
        how.append(t(W.BRIDGE_OWN_SERVER))
    artifacts = (
        Artifact(
            kind="text",
            label=t(W.FOLLOW_FROM_MASTODON_LABEL),
            content="@bsky.brid.gy@bsky.brid.gy",
        ),
        Artifact(
            kind="text",
            label=t(W.FOLLOW_FROM_BLUESKY_LABEL),
            content="@ap.brid.gy",
        ),
    )
    return PlanStep(
        id="bridge",
        title=t(W.BRIDGE_TITLE),
        why=t(W.BRIDGE_WHY),
        how=tuple(how),
        artifacts=artifacts,
        status=status,
        evidence=tuple(evidence),
        due=c.dates.week2,
        effort=work(status, communication=0.25),
    )
