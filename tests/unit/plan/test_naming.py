"""The plan writes the institution's name as the letter does: in running text ("Tenir les comptes
officiels de la mairie de Villeurbanne") and in headings ("Plan de migration de la mairie de
Villeurbanne", as the letter's "Objet" line), with the letter's options (``--article``,
``--keep-capital``, ``--name-en``) followed by the plan built for it; `quitx plan` alone says what
the letter says without them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import pytest

from quitx import cli
from quitx.doc import Heading, plain
from quitx.i18n.naming import NameOptions
from quitx.letter.compose import LetterOptions, Sender, compose, name_values
from quitx.letter.render import render_letter
from quitx.models import Institution, InstitutionKind
from quitx.plan import PlanOptions, build_plan, plan_blocks, render_plan

K = InstitutionKind
DATE = dt.date(2026, 11, 25)

INSTITUTIONS: tuple[tuple[str, str, InstitutionKind | None], ...] = (
    ("Mairie de Villeurbanne", "villeurbanne.fr", K.LOCAL_GOVERNMENT),
    ("Ville de Lyon", "lyon.fr", K.LOCAL_GOVERNMENT),
    ("Université Rennes 2", "univ-rennes2.fr", K.HIGHER_EDUCATION),
    ("Université Paris Cité", "u-paris.fr", None),
    ("Ministère de l’Éducation nationale", "education.gouv.fr", K.PUBLIC_ADMINISTRATION),
    ("CNRS", "cnrs.fr", K.RESEARCH),
    ("Sciences Po", "sciencespo.fr", K.HIGHER_EDUCATION),
    ("Musée du Louvre", "louvre.fr", None),
    ("Région Occitanie", "laregion.fr", K.LOCAL_GOVERNMENT),
    ("Association Framasoft", "framasoft.org", K.ASSOCIATION),
    ("Exemple SA", "exemple.com", K.COMPANY),
    ("Institut Pasteur", "pasteur.fr", K.RESEARCH),
    ("École polytechnique", "polytechnique.edu", K.HIGHER_EDUCATION),
)

# the letter's naming options: none, the capital kept, another article, an English name
OPTIONS: tuple[NameOptions, ...] = (
    NameOptions(),
    NameOptions(keep_capital=True),
    NameOptions(article="le", name_en="the Example Body"),
    NameOptions(article="none", keep_capital=True),
)


def _letter_and_plan(
    name: str, domain: str, kind: InstitutionKind | None, naming: NameOptions, language: str
) -> tuple[Mapping[str, object], str, str]:
    """The letter's own name forms, the letter (with its plan), the plan alone: its decision
    summary's proposal and its annex."""
    institution = Institution(name=name, domain=domain, kind=kind)
    values, _ = name_values(institution, LetterOptions(language=language, **naming.model_dump()))
    plan = build_plan(institution, PlanOptions(language=language, written_on=DATE, naming=naming))
    letter = render_letter(
        institution,
        plan,
        sender="Camille Martin",
        fmt="md",
        date=DATE,
        **naming.model_dump(exclude={"gender", "plural"}),
    )
    assert plan.summary is not None
    return values, letter, plan.summary.proposed + "\n" + render_plan(plan, "md")


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("naming", OPTIONS, ids=lambda o: o.model_dump_json(exclude_defaults=True))
@pytest.mark.parametrize(("name", "domain", "kind"), INSTITUTIONS, ids=[i[0] for i in INSTITUTIONS])
def test_the_plan_names_the_institution_as_the_letter(
    name: str, domain: str, kind: InstitutionKind | None, naming: NameOptions, language: str
) -> None:
    values, letter, annex = _letter_and_plan(name, domain, kind, naming, language)
    if language == "en":
        name_the = str(values["name_the"])
        assert f"# Migration plan — {name_the}" in annex.splitlines()
        assert f"Hold the official accounts of {name_the} on Mastodon" in letter
        assert f"Hold the official accounts of {name_the} on Mastodon" in annex
        return
    name_le, name_de = str(values["name_le"]), str(values["name_de"])
    # the letter's subject (the e-mail's, the "Objet" of a letter sent by mail) names it in running
    # text; the plan's title follows the same rule
    institution = Institution(name=name, domain=domain, kind=kind)
    options = LetterOptions(date=DATE, **naming.model_dump())
    assert name_le in compose(institution, None, None, options, Sender()).document.subject
    heading = f"# Plan de migration {name_de}"
    assert heading in annex.splitlines()
    assert heading in letter.splitlines()
    # the decision summary (in the letter, and in the plan's model) says it as the letter does
    proposed = f"Tenir les comptes officiels {name_de} sur Mastodon"
    assert proposed in letter
    assert proposed in annex
    if not name_de.endswith(name):  # the name as given is not running text: not written there
        assert name not in annex


@pytest.mark.parametrize(("name", "domain", "kind"), INSTITUTIONS, ids=[i[0] for i in INSTITUTIONS])
def test_the_plan_alone_names_it_as_the_letter_without_options(
    name: str, domain: str, kind: InstitutionKind | None
) -> None:
    institution = Institution(name=name, domain=domain, kind=kind)
    values, _ = name_values(institution, LetterOptions())
    plan = build_plan(institution, PlanOptions(written_on=DATE))
    first = plan_blocks(plan)[0]
    assert isinstance(first, Heading)
    assert plain(first.children) == f"Plan de migration {values['name_de']}"
    assert plan.summary is not None
    assert plan.summary.proposed.startswith(f"Tenir les comptes officiels {values['name_de']} sur")


def test_the_mairie_in_running_text_and_headings() -> None:
    _, letter, annex = _letter_and_plan(
        "Mairie de Villeurbanne", "villeurbanne.fr", None, NameOptions(), "fr"
    )
    assert "# Plan de migration de la mairie de Villeurbanne" in annex
    assert "Tenir les comptes officiels de la mairie de Villeurbanne sur" in letter
    assert "Mairie de Villeurbanne" not in annex


def test_quitx_letter_passes_its_naming_options_to_the_plan(
    capsys: pytest.CaptureFixture[str],
) -> None:
    base = [
        "letter",
        "Mairie de Villeurbanne",
        "--domain",
        "villeurbanne.fr",
        "--offline",
        "--date",
        "2026-11-25",
    ]
    assert cli.main([*base, "--keep-capital"]) == 0
    out = capsys.readouterr().out
    assert "# Plan de migration de la Mairie de Villeurbanne" in out
    assert "Tenir les comptes officiels de la Mairie de Villeurbanne sur" in out
    assert cli.main(base) == 0
    out = capsys.readouterr().out
    assert "# Plan de migration de la mairie de Villeurbanne" in out
    assert cli.main(["plan", "Mairie de Villeurbanne", "--domain", "villeurbanne.fr", "--offline"]) == 0
    assert "# Plan de migration de la mairie de Villeurbanne" in capsys.readouterr().out
