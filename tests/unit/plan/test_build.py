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
from quitx.plan import MigrationPlan, PlanOptions, StepStatus, build_plan, plan_blocks


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
    assert "profile field Site verified on 15 January 2025" in verification.evidence[0]
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
    # the document says once that nothing was checked, and shows no status and no "found" line
    text = to_text(plan_blocks(plan))
    assert ("without checking online" if language == "en" else "sans vérification en ligne") in text
    for word in (
        ("Status", "Found", "[cannot tell]") if language == "en" else ("Statut", "Constat", "[à vérifier]")
    ):
        assert word not in text, word


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
        # working days only: Monday 2 March 2026 is the start, the names are held the next day
        "secure-names": dt.date(2026, 3, 3),
        "mastodon-home": dt.date(2026, 3, 6),  # Fridays
        "bluesky-domain-handle": dt.date(2026, 3, 13),
        "mastodon-verification": dt.date(2026, 3, 13),
        "bridge": dt.date(2026, 3, 13),
        "website-links": dt.date(2026, 3, 20),
        "announce": dt.date(2026, 3, 20),
        "meta": dt.date(2026, 3, 20),
        "archive-x": dt.date(2026, 6, 18),  # the farewell + 90 days
        "archive-meta": dt.date(2026, 6, 18),
    }
    assert plan.x_dormant_until == dt.date(2026, 6, 18)
    assert [(p.start, p.end) for p in plan.phases] == [
        (dt.date(2026, 3, 2), dt.date(2026, 3, 6)),
        (dt.date(2026, 3, 9), dt.date(2026, 3, 13)),
        (dt.date(2026, 3, 16), dt.date(2026, 3, 20)),
        (dt.date(2026, 3, 23), dt.date(2026, 6, 18)),
    ]
    assert [p.id for p in plan.phases] == ["week-1", "week-2", "week-3", "dormant"]
    farewell = [a for a in plan.step("announce").artifacts if a.kind == "post"][1].content
    assert "no longer updated from 20 March 2026" in farewell
    assert "stay visible until 18 June 2026, then be archived, never deleted" in farewell


def test_the_start_leaves_time_for_a_decision() -> None:
    plan = build_plan(INST, PlanOptions(written_on=dt.date(2026, 3, 4)))
    # three weeks after the letter, on a Monday
    assert plan.start == dt.date(2026, 3, 30) and plan.written_on == dt.date(2026, 3, 4)
    assert plan.language == "fr"
    # written today when not said
    assert build_plan(INST).written_on == dt.date.today()


def test_the_plan_round_trips_as_json() -> None:
    plan = plan_for(report(mastodon(), bluesky()))
    assert MigrationPlan.model_validate_json(plan.model_dump_json()) == plan
