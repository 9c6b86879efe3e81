"""The letter's composition: sectors, the French forms of the name, the sender, claims, extra
paragraphs and the plan."""

from __future__ import annotations

import datetime as dt

import pytest
from tests.unit.letter.letters import (
    absent,
    letter,
    mastodon_account,
    present_candidate,
    present_verified,
    report,
    spans_of,
    text,
    unknown,
)

from quitx.doc import Block, Heading, Link, Text
from quitx.letter.compose import Sender
from quitx.models import Institution, InstitutionKind, Verdict


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("sector", list(InstitutionKind))
@pytest.mark.parametrize("scenario", [present_verified, present_candidate, absent, unknown, None])
def test_every_sector_and_scenario_composes(language: str, sector: InstitutionKind, scenario: object) -> None:
    rep = scenario() if callable(scenario) else None
    document = letter(rep, language=language, sector=sector)
    body = text(document)
    assert document.subject
    assert "${" not in body
    assert "  " not in body
    if rep is None or rep.bluesky.verdict is Verdict.UNKNOWN:
        assert "aucun compte Bluesky" not in body and "no Bluesky account" not in body


def test_sectors_argue_differently() -> None:
    research = text(letter(None, sector=InstitutionKind.RESEARCH))
    public = text(letter(None, sector=InstitutionKind.PUBLIC_ADMINISTRATION))
    school = text(letter(None, sector=InstitutionKind.SCHOOL))
    assert "intégrité scientifique" in research and "Polytechnique" in research
    assert "neutralité du service public" in public and "social.numerique.gouv.fr" in public
    assert "élèves" in school
    assert "Rennes 2" not in school  # no university precedent in a school's letter
    assert "Une instance à notre nom" not in school


def test_sector_defaults_to_the_institutions_kind() -> None:
    city = Institution(name="Ville de Lyon", domain="lyon.fr", kind=InstitutionKind.LOCAL_GOVERNMENT)
    body = text(letter(None, institution=city))
    assert "La Ville de Paris" in body
    assert "de la Ville de Lyon" in body


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("CNRS", "la présence du CNRS"),
        ("Université Rennes 2", "la présence de l’Université Rennes 2"),
        ("Inria", "la présence d’Inria"),
        ("Archives nationales", "la présence des Archives nationales"),
    ],
)
def test_french_forms_of_the_name(name: str, expected: str) -> None:
    assert expected in text(letter(None, institution=Institution(name=name)))


def test_plural_names_agree() -> None:
    archives = Institution(name="Archives nationales", domain="archives-nationales.culture.gouv.fr")
    rep = report(
        accounts=(mastodon_account(),), mastodon=Verdict.PRESENT, bluesky=Verdict.ABSENT, institution=archives
    )
    assert "Les Archives nationales disposent déjà d’un compte Mastodon" in text(
        letter(rep, institution=archives)
    )


def test_article_override() -> None:
    body = text(letter(None, institution=Institution(name="Mutuelle Exemple"), article="la", gender="f"))
    assert "la présence de la Mutuelle Exemple" in body


@pytest.mark.parametrize(
    ("gender", "role", "ready"),
    [("f", "permanente", "prête"), ("m", "permanent", "prêt"), ("n", "permanent·e", "prêt·e")],
)
def test_sender_agreement(gender: str, role: str, ready: str) -> None:
    sender = Sender.model_validate(
        {"name": "C. Dupont", "gender": gender, "role_m": "permanent", "role_f": "permanente"}
    )
    body = text(letter(None, sender=sender))
    assert f"En tant que {role} du CNRS" in body
    assert f"je suis {ready} à contribuer" in body


def test_sender_without_a_role_or_name() -> None:
    body = text(letter(None, sender=Sender()))
    assert "En tant que membre du personnel du CNRS" in body
    assert "[Prénom Nom]" in body
    assert "As a member of staff at the CNRS" in text(letter(None, language="en", sender=Sender()))


def test_claims_are_links_to_their_sources() -> None:
    links = {s.url for s in spans_of(letter(None)) if isinstance(s, Link)}
    assert (
        "https://www.liberation.fr/economie/economie-numerique/polytechnique-x-quitte-x-20250110_3FTVJ66LQBFNTHMUBDY3SS4VHY/"
        in links
    )
    assert "https://about.fb.com/news/2025/01/meta-more-speech-fewer-mistakes/" in links


def test_the_tense_follows_the_letters_date() -> None:
    assert "appelle à quitter X tous ensemble le 20 janvier 2025" in text(
        letter(None, date=dt.date(2025, 1, 15))
    )
    body = text(letter(None, date=dt.date(2026, 2, 1)))
    assert "a organisé un départ coordonné de X le 20 janvier 2025" in body
    assert "appelle" not in body


def test_a_letter_before_metas_changes_has_no_meta_section() -> None:
    body = text(letter(None, date=dt.date(2024, 6, 1)))
    assert "Et Meta" not in body
    assert "Rennes 2" in body and "Polytechnique" not in body


def test_unverified_claims_only_on_request() -> None:
    assert "Le CNRS s’y est installé" not in text(letter(None))
    assert "Le CNRS s’y est installé" in text(letter(None, include_unverified=True))


def test_extra_paragraphs_go_before_the_ask() -> None:
    document = letter(None, extra_paragraphs=("Un **point** de plus pour ${name_le}.",))
    body = text(document).splitlines()
    extra = body.index("Un point de plus pour le CNRS.")
    assert body[extra + 1] == "Ma demande"


def test_the_plan_follows_its_introduction() -> None:
    plan: list[Block] = [Heading(level=3, children=(Text(text="Étape 1"),))]
    document = letter(absent(), plan=plan)
    assert document.blocks[-1] == plan[0]
    assert "P. J. : le plan de migration proposé" in text(document)
    assert "P. J." not in text(letter(absent()))
