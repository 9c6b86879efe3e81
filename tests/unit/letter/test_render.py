"""render_letter: the letter in each format, with the plan as a section of it."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import email.utils

import pytest
from tests.unit.letter.letters import CNRS, DATE, absent

from quitx.errors import UsageError
from quitx.letter.render import render_letter
from quitx.plan import PlanOptions, build_plan


def test_the_letter_ends_with_the_summary_and_the_annex_follows() -> None:
    plan = build_plan(absent(), PlanOptions(written_on=DATE))
    markdown = render_letter(absent(), plan, sender="Marie Curie", date=DATE)
    signature = markdown.index("Marie Curie")
    summary = markdown.index("\n## Le plan proposé, en une page\n")
    annex = markdown.index("\n# Plan de migration du CNRS\n")
    assert signature < summary < annex
    # the letter carries no artifact: the annex does
    assert "_atproto" not in markdown[:annex] and "_atproto" in markdown[annex:]
    assert "\n## Semaine 1\u00a0: réserver les noms et choisir une instance\n" in markdown[annex:]
    assert "Plan de migration" not in render_letter(absent(), sender="Marie Curie", date=DATE)
    # HTML: the annex is the page's second part
    page = render_letter(absent(), plan, sender="Marie Curie", date=DATE, fmt="html")
    assert page.index('<section class="part summary">') < page.index('<article class="annex">')


def test_an_email_is_dated_with_the_letter() -> None:
    eml = render_letter(CNRS, fmt="eml", date=dt.date(2026, 3, 1), to="direction@cnrs.fr")
    message = email.message_from_string(eml, policy=email.policy.default)
    # 9:00 on the letter's day, in the local time zone (a letter of today: now)
    sent = email.utils.parsedate_to_datetime(message["Date"])
    assert sent == dt.datetime.combine(dt.date(2026, 3, 1), dt.time(9, 0)).astimezone()
    assert message["To"] == "CNRS <direction@cnrs.fr>" and message["From"] is None
    assert eml == render_letter(CNRS, fmt="eml", date=dt.date(2026, 3, 1), to="direction@cnrs.fr")


def test_the_call_of_quitx_0_1_says_what_changed() -> None:
    with pytest.raises(TypeError, match="the institution comes from the report"):
        render_letter(CNRS, absent())  # type: ignore[arg-type]


def test_one_language_per_letter() -> None:
    english_plan = build_plan(absent(), PlanOptions(start=DATE, language="en"))
    with pytest.raises(UsageError) as caught:
        render_letter(absent(), english_plan, language="fr", date=DATE)
    assert caught.value.option == "language"
    assert "PlanOptions(language='fr')" in str(caught.value)
    # no language given: the plan's, so the letter and its plan agree
    letter = render_letter(absent(), english_plan, date=DATE)
    assert "\n## The proposed plan, on one page" in letter and "\n# Migration plan" in letter
    assert "Madame, Monsieur" not in letter
    # no plan, no language: the institution's (French unless it says English)
    assert "Madame" in render_letter(CNRS, date=DATE)
