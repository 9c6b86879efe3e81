"""build_plan: the phases and their steps in order, statuses over the whole plan, the timeline."""

from __future__ import annotations

import datetime as dt
from typing import Literal

import pytest
from tests.unit.plan.reports import (
    DID,
    INST,
    artifact,
    bluesky,
    link,
    mastodon,
    plan_for,
    report,
    site,
    statuses,
)

from quitx.doc import to_text
from quitx.models import Institution, InstitutionKind, LinkPlatform, Verdict
from quitx.plan import MigrationPlan, StepStatus, build_plan, plan_blocks


def test_present_and_verified_on_both_is_mostly_done() -> None:
    rep = report(
        mastodon(bridged=Verdict.PRESENT),
        bluesky(),
        website=site(
            link(LinkPlatform.MASTODON, "https://piaille.fr/@univexemple", rel_me=True),
            link(LinkPlatform.BLUESKY, "https://bsky.app/profile/univ-exemple.fr"),
        ),
    )
    plan = plan_for(rep)
    assert statuses(plan) == {
        "secure-names": StepStatus.DONE,
        "mastodon-home": StepStatus.DONE,
        "bluesky-domain-handle": StepStatus.DONE,
        "mastodon-verification": StepStatus.DONE,
        "bridge": StepStatus.DONE,
        "website-links": StepStatus.DONE,
        # the check reads neither X nor posts: leaving X is always left to do
        "announce": StepStatus.TODO,
        "meta": StepStatus.CANNOT_TELL,  # no Meta link on the site does not mean no Meta account
        "archive-x": StepStatus.TODO,
        "archive-meta": StepStatus.CANNOT_TELL,
    }
    assert plan.recommended_instance == "piaille.fr"
    assert plan.step("mastodon-home").evidence[0].startswith("already at piaille.fr")
    verification = plan.step("mastodon-verification")
    assert "already verified" in verification.evidence[0]
    assert "profile field Site verified_at 2025-01-15" in verification.evidence[0]
    assert "verified (handle on the domain" in plan.step("bluesky-domain-handle").evidence[0]
    # the DNS record kept for reference holds the real DID
    assert artifact(plan.step("bluesky-domain-handle"), "dns_txt").content == (
        f'_atproto.univ-exemple.fr. 3600 IN TXT "did={DID}"'
    )
    assert artifact(plan.step("bluesky-domain-handle"), "well_known").content == DID
    # the posts carry the real handles
    announcement = artifact(plan.step("announce"), "post").content
    assert "@univexemple@piaille.fr" in announcement
    assert "@univ-exemple.fr" in announcement


@pytest.mark.parametrize(("language", "words"), [("en", "not checked"), ("fr", "non contrôlé")])
def test_offline_everything_cannot_tell_not_checked(language: Literal["fr", "en"], words: str) -> None:
    plan = plan_for(None, language=language)
    assert plan.checked_at is None
    for step in plan.steps:
        assert step.status is StepStatus.CANNOT_TELL, step.id
        assert step.evidence == (words,), step.id
    # artifacts are still given, with placeholders where a fact is unknown
    dns = artifact(plan.step("bluesky-domain-handle"), "dns_txt").content
    assert dns.startswith('_atproto.univ-exemple.fr. 3600 IN TXT "did=<')
    assert artifact(plan.step("announce"), "post").content
    assert plan.recommended_instance == "social.sciences.re"
    text = to_text(plan_blocks(plan))
    assert ("not checked (offline)" if language == "en" else "non contrôlée (hors ligne)") in text


def test_offline_without_a_domain_still_plans() -> None:
    institution = Institution(name="Association Exemple", kind=InstitutionKind.ASSOCIATION)
    plan = plan_for(None, institution)
    assert plan.recommended_instance == "piaille.fr"
    assert "<domain>" in artifact(plan.step("bluesky-domain-handle"), "dns_txt").content
    assert artifact(plan.step("mastodon-verification"), "html").content == (
        '<a rel="me" href="https://piaille.fr/@&lt;account&gt;">Mastodon</a>'
    )


def test_due_dates_follow_the_start() -> None:
    plan = plan_for(report())
    due = {step.id: step.due for step in plan.steps}
    assert due == {
        "secure-names": dt.date(2026, 3, 2),
        "mastodon-home": dt.date(2026, 3, 8),
        "bluesky-domain-handle": dt.date(2026, 3, 15),
        "mastodon-verification": dt.date(2026, 3, 15),
        "bridge": dt.date(2026, 3, 15),
        "website-links": dt.date(2026, 3, 22),
        "announce": dt.date(2026, 3, 22),
        "meta": dt.date(2026, 3, 22),
        "archive-x": dt.date(2026, 5, 31),  # start + 90 days
        "archive-meta": dt.date(2026, 5, 31),
    }
    assert plan.x_dormant_until == dt.date(2026, 5, 31)
    assert [p.id for p in plan.phases] == ["week-1", "week-2", "week-3", "dormant"]
    farewell = [a for a in plan.step("announce").artifacts if a.kind == "post"][1].content
    assert "no longer updated from 22 March 2026" in farewell
    assert "stay visible until 31 May 2026, then be archived, never deleted" in farewell


def test_start_defaults_to_today() -> None:
    plan = build_plan(INST)
    assert plan.start == dt.date.today()
    assert plan.language == "fr"


def test_the_plan_round_trips_as_json() -> None:
    plan = plan_for(report(mastodon(), bluesky()))
    assert MigrationPlan.model_validate_json(plan.model_dump_json()) == plan
