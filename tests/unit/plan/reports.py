"""The plan tests' reports: tests/builders.py with this package's defaults (an institution
whose homepage was read, the two default instances read), and small readers of a plan."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Literal

import tests.builders as b

from quitx.models import (
    BridgeStatus,
    Confidence,
    FoundAccount,
    InstanceInfo,
    Institution,
    PlatformVerdict,
    ProfileField,
    Report,
    Verdict,
    WebsiteReport,
)
from quitx.plan import Artifact, MigrationPlan, PlanOptions, PlanStep, StepStatus, build_plan

START = dt.date(2026, 3, 2)
DID = b.DID
OTHER_DID = "did:plc:lookalike0000000000000000"
INST = b.INSTITUTION
GOUV = "social.numerique.gouv.fr"
HOSTILE = ("<script>alert(1)</script>", "**x**", "[a](javascript:alert(1))")

INFOS = (b.info(GOUV, "approval"), b.info("piaille.fr", "open"))
attempt, instance, info, link, site = b.attempt, b.instance, b.info, b.link, b.site


def mastodon(
    username: str = "univexemple",
    host: str = "piaille.fr",
    *,
    confidence: Confidence = Confidence.VERIFIED,
    verified_field: bool = True,
    field_name: str = "Site",
    display_name: str = "Université Exemple",
    url: str | None = None,
    bridged: Verdict = Verdict.ABSENT,
    gaps: tuple[str, ...] = (),
) -> FoundAccount:
    """A Mastodon account whose profile field links to the site (verified unless said otherwise)."""
    field = ProfileField(
        name=field_name,
        value='<a href="https://univ-exemple.fr" rel="me nofollow">univ-exemple.fr</a>',
        verified_at=dt.datetime(2025, 1, 15, 9, 0, tzinfo=dt.UTC) if verified_field else None,
    )
    return b.mastodon(
        f"{username}@{host}",
        confidence=confidence,
        display_name=display_name,
        url=url,
        fields=(field,),
        bridge=BridgeStatus(bridged=bridged, eligible=not gaps, gaps=gaps),
    )


def bluesky(
    handle: str = "univ-exemple.fr",
    did: str = DID,
    *,
    confidence: Confidence = Confidence.VERIFIED,
    handle_verified: bool = True,
    display_name: str = "Université Exemple",
    bridged: Verdict = Verdict.ABSENT,
) -> FoundAccount:
    return b.bluesky(
        handle,
        did=did,
        confidence=confidence,
        handle_verified=handle_verified,
        display_name=display_name,
        bridge=BridgeStatus(bridged=bridged),
    )


def report(
    *accounts: FoundAccount,
    institution: Institution = INST,
    mastodon_verdict: Verdict | None = None,
    bluesky_verdict: Verdict | None = None,
    instances: Sequence[PlatformVerdict] = (),
    infos: Sequence[InstanceInfo] = (),
    website: WebsiteReport | None = None,
    own_server: InstanceInfo | None = None,
) -> Report:
    """A report read on the homepage, with the two instances read (unless given)."""
    return b.report(
        *accounts,
        institution=institution,
        mastodon=mastodon_verdict,
        bluesky=bluesky_verdict,
        instances=instances,
        infos=infos or INFOS,
        website=website if website is not None else site(),
        own_server=own_server,
    )


def plan_for(
    rep: Report | None,
    institution: Institution = INST,
    *,
    language: Literal["fr", "en"] = "en",
    **options: object,
) -> MigrationPlan:
    subject = rep.model_copy(update={"institution": institution}) if rep is not None else institution
    return build_plan(subject, PlanOptions.model_validate({"language": language, "start": START, **options}))


def artifact(step: PlanStep, kind: str) -> Artifact:
    found = [a for a in step.artifacts if a.kind == kind]
    assert found, f"no {kind} artifact in {step.id}"
    return found[0]


def statuses(plan: MigrationPlan) -> dict[str, StepStatus]:
    return {step.id: step.status for step in plan.steps}
