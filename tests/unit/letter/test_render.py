"""render_letter: the letter in each format, with the plan as a section of it."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import email.utils
import json
from typing import Any

import pytest
from tests.unit.letter.letters import CNRS, DATE, absent

from quitx.errors import UsageError, UsageProblem
from quitx.i18n.naming import NameOptions
from quitx.letter.notices import SECTOR_READ, Notice
from quitx.letter.render import render_letter
from quitx.models import Institution, InstitutionKind
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


VILLEURBANNE = Institution(name="Mairie de Villeurbanne", domain="villeurbanne.fr")
RENNES = Institution(name="Université de Rennes", domain="univ-rennes.fr")


def test_the_letter_names_the_institution_as_its_plan_does() -> None:
    # a script that gives its naming to the plan only: the letter takes the plan's, so that the
    # letter, its summary and the annex write the same name
    plan = build_plan(RENNES, PlanOptions(written_on=DATE, naming=NameOptions(keep_capital=True)))
    text = render_letter(RENNES, plan, sender="Marie Curie", date=DATE)
    letter = text[: text.index("\n## Le plan proposé, en une page\n")]
    assert "Membre du personnel de l’Université de Rennes" in letter
    assert "# Plan de migration de l’Université de Rennes" in text and "l’université de Rennes" not in text
    # the same options given to both: the same letter
    assert text == render_letter(RENNES, plan, sender="Marie Curie", date=DATE, keep_capital=True)
    default = render_letter(RENNES, build_plan(RENNES, PlanOptions(written_on=DATE)), date=DATE)
    assert "Membre du personnel de l’université de Rennes" in default
    assert "l’Université de Rennes" not in default


def _about(text: str) -> dict[str, Any]:
    about: dict[str, Any] = json.loads(text)["letter"]
    return about


def test_the_letter_takes_the_sector_the_plan_was_given() -> None:
    plan = build_plan(VILLEURBANNE, PlanOptions(written_on=DATE, sector=InstitutionKind.ASSOCIATION))
    assert plan.sector is InstitutionKind.ASSOCIATION
    about = _about(render_letter(VILLEURBANNE, plan, date=DATE, fmt="json"))
    assert (about["sector"], about["sector_source"]) == ("association", "given")
    # the letter argues for that sector, as if it had been given the sector itself
    text = render_letter(VILLEURBANNE, plan, date=DATE)
    assert text == render_letter(VILLEURBANNE, plan, date=DATE, sector=InstitutionKind.ASSOCIATION)
    assert text != render_letter(
        VILLEURBANNE, build_plan(VILLEURBANNE, PlanOptions(written_on=DATE)), date=DATE
    )
    # read from the name by both: the letter says it read it ("lu dans le nom"), not that it was given
    read = build_plan(VILLEURBANNE, PlanOptions(written_on=DATE))
    assert read.sector is InstitutionKind.LOCAL_GOVERNMENT
    notices: list[Notice] = []
    about = _about(render_letter(VILLEURBANNE, read, date=DATE, fmt="json", on_notice=notices.append))
    assert (about["sector"], about["sector_source"]) == ("local_government", "name")
    assert any(n.msg is SECTOR_READ for n in notices)


@pytest.mark.parametrize(
    ("plan_options", "letter_options", "option"),
    [
        ({}, {"keep_capital": True}, "keep_capital"),
        ({"naming": NameOptions(keep_capital=True)}, {"keep_capital": False}, "keep_capital"),
        ({"naming": NameOptions(article="le")}, {"article": "la"}, "article"),
        ({"naming": NameOptions(name_en="Villeurbanne City Hall")}, {"name_en": "the town"}, "name_en"),
        ({}, {"sector": InstitutionKind.ASSOCIATION}, "sector"),
        ({"sector": InstitutionKind.ASSOCIATION}, {"sector": InstitutionKind.HOSPITAL}, "sector"),
    ],
)
def test_a_letter_that_names_the_institution_otherwise_than_its_plan_is_refused(
    plan_options: dict[str, Any], letter_options: dict[str, Any], option: str
) -> None:
    plan = build_plan(VILLEURBANNE, PlanOptions(written_on=DATE, **plan_options))
    with pytest.raises(UsageError) as caught:
        render_letter(VILLEURBANNE, plan, date=DATE, **letter_options)
    assert caught.value.code is UsageProblem.PLAN_NAMING
    assert caught.value.values["name"] == option
    assert caught.value.option == option and f"with {option} '" in str(caught.value)
    assert "nomme l’institution avec " + option in caught.value.describe("fr")


def test_a_sector_given_to_the_letter_alone_is_refused_when_the_plan_read_none() -> None:
    troupe = Institution(name="Compagnie Théâtrale Bidule", domain="bidule.org")
    plan = build_plan(troupe, PlanOptions(written_on=DATE))
    assert plan.sector is None
    with pytest.raises(UsageError) as caught:
        render_letter(troupe, plan, date=DATE, sector=InstitutionKind.ASSOCIATION)
    assert caught.value.values == {"name": "sector", "plan": "none", "letter": "association"}
    # given to both: one sector, one way to name it
    both = build_plan(troupe, PlanOptions(written_on=DATE, sector=InstitutionKind.ASSOCIATION))
    assert "association" in render_letter(troupe, both, date=DATE, sector=InstitutionKind.ASSOCIATION)
    # a plan written before the sector was kept (no "sector" in its JSON): nothing to compare with
    data = json.loads(plan.model_dump_json())
    del data["sector"]
    older = type(plan).model_validate(data)
    assert "sector" not in older.model_fields_set
    render_letter(troupe, older, date=DATE, sector=InstitutionKind.ASSOCIATION)
