"""The decision summary: one printed page in plain words — what, why now, three phases, effort,
who does what, the risks — and never "free" where the check could not tell."""

from __future__ import annotations

import datetime as dt

import pytest
from tests.unit.plan.reports import bluesky, info, link, mastodon, plan_for, report, site

from quitx.doc import to_text
from quitx.models import Confidence, Institution, InstitutionKind, LinkPlatform, Verdict
from quitx.plan import MigrationPlan, PlanOptions, build_plan, summary_blocks

# what fits on one printed A4 page with its table and headings (11 pt, 2 cm margins)
ONE_PAGE_WORDS = 420


def _summary(plan: MigrationPlan) -> str:
    return to_text(summary_blocks(plan))


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize(
    "rep",
    [
        None,
        report(),
        report(mastodon(confidence=Confidence.CANDIDATE), bluesky()),
        report(mastodon(), bluesky()),
    ],
)
def test_it_fits_on_one_page_and_says_every_part(language: str, rep: object) -> None:
    plan = plan_for(rep, language=language)  # type: ignore[arg-type]
    text = _summary(plan)
    assert len(text.split()) <= ONE_PAGE_WORDS
    assert plan.summary is not None and len(plan.summary.stages) == 3
    labels = (
        (
            "Ce qui est proposé",
            "Pourquoi maintenant",
            "Trois phases",
            "L’effort",
            "Qui fait quoi",
            "Les risques",
        )
        if language == "fr"
        else ("What is proposed", "Why now", "Three phases", "The effort", "Who does what", "The risks")
    )
    for label in labels:
        assert label in text, label
    # nothing technical: no record, no tag, no status
    for technical in ("_atproto", "rel=", "<head>", "TXT", "à vérifier", "cannot tell"):
        assert technical not in text


def test_the_three_phases_have_dates_lengths_and_work() -> None:
    plan = plan_for(report(), language="fr", start=dt.date(2026, 3, 2))
    assert plan.summary is not None
    secure, announce, dormant = plan.summary.stages
    assert (secure.start, secure.end, secure.length) == (
        dt.date(2026, 3, 2),
        dt.date(2026, 3, 13),
        "10 jours ouvrés",
    )
    assert (announce.start, announce.end, announce.length) == (
        dt.date(2026, 3, 16),
        dt.date(2026, 3, 20),
        "5 jours ouvrés",
    )
    assert dormant.end == plan.x_dormant_until and dormant.length == "environ 3 mois"
    assert "du 2 au 13\u00a0mars 2026" in _summary(plan).replace("\n  ", " ")
    # person-days, to the half day, the IT team's share said
    assert (
        plan.summary.effort
        == "Environ 6 jours de travail en tout, dont 1,5 jour pour le service informatique."
    )


def test_why_now_follows_what_the_check_found() -> None:
    absent = plan_for(report(mastodon_verdict=Verdict.ABSENT, bluesky_verdict=Verdict.ABSENT), language="en")
    assert absent.summary is not None
    assert absent.summary.why_now[0].startswith(
        "The check of 20 February 2026 found no account of Université Exemple"
    )
    # an unknown verdict is never worded as a free name
    unknown = plan_for(
        report(mastodon_verdict=Verdict.UNKNOWN, bluesky_verdict=Verdict.UNKNOWN), language="en"
    )
    assert unknown.summary is not None
    assert not any("found no account" in w or "free" in w for w in unknown.summary.why_now)
    lookalike = plan_for(report(mastodon("univ_exemple", confidence=Confidence.CANDIDATE)), language="en")
    assert lookalike.summary is not None
    assert any(w.startswith("An account using its name exists already") for w in lookalike.summary.why_now)
    verified = plan_for(
        report(
            mastodon(bridged=Verdict.PRESENT),
            bluesky(),
            website=site(link(LinkPlatform.MASTODON, "https://piaille.fr/@univexemple", rel_me=True)),
        ),
        language="en",
    )
    assert verified.summary is not None
    assert verified.summary.why_now[0].startswith(
        "The accounts of Université Exemple are in place and verified"
    )


def test_an_instance_of_its_own_counts_its_installation_and_no_closing_risk() -> None:
    media = Institution(name="Le Quotidien", domain="quotidien.fr", kind=InstitutionKind.MEDIA)
    plan = plan_for(report(institution=media), media, language="en")
    assert plan.summary is not None
    assert "The instance of its own (social.quotidien.fr) accounts for 5 days of it" in plan.summary.effort
    assert not any(r.label == "The instance" for r in plan.summary.risks)
    hosted = plan_for(report(), language="en")
    assert hosted.summary is not None
    assert any(r.text.startswith("should social.sciences.re close") for r in hosted.summary.risks)


def test_a_bridge_blocked_by_the_instance_changes_the_audience_risk() -> None:
    blocked = info("piaille.fr", "open", brid_gy_blocked=True)
    company = Institution(name="Exemple SA", domain="exemple.fr", kind=InstitutionKind.COMPANY)
    plan = plan_for(report(institution=company, infos=[blocked]), company, language="en")
    assert plan.summary is not None and plan.recommended_instance == "piaille.fr"
    audience = next(r for r in plan.summary.risks if r.label == "The audience")
    assert audience.text.startswith("piaille.fr blocks the bridge")


def test_a_plan_of_quitx_0_1_has_no_summary_and_renders() -> None:
    plan = build_plan(Institution(name="Université Exemple", domain="univ-exemple.fr"), PlanOptions())
    old = MigrationPlan.model_validate(plan.model_dump() | {"summary": None})
    assert summary_blocks(old) == []
