"""The plan's French names the institution with the letter's noun: "la ville", "du ministère",
"à l’université" — never "l’établissement" for a town hall, a company or a newspaper — with its
article, elision and contraction right, in the summary and the annex, in every format."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator

import pytest
import tests.builders as b

from quitx.i18n.nouns import InstitutionNoun, institution_noun
from quitx.i18n.sectors import sector_of
from quitx.letter.compose import LetterOptions, name_values
from quitx.letter.render import render_letter
from quitx.models import Confidence, FoundBy, Institution, InstitutionKind, Report, Verdict
from quitx.plan import PLAN_FORMATS, MigrationPlan, PlanOptions, build_plan, render_plan

from .reports import INFOS, START, bluesky, info, mastodon, report

K = InstitutionKind

# (name, kind, the noun's "de" form the plan must write)
INSTITUTIONS: list[tuple[str, InstitutionKind | None, str]] = [
    ("Mairie de Villeurbanne", K.LOCAL_GOVERNMENT, "de la ville"),
    ("Ville de Lyon", K.LOCAL_GOVERNMENT, "de la ville"),
    ("Commune de Saint-Genis-Laval", K.LOCAL_GOVERNMENT, "de la commune"),
    ("Métropole de Lyon", K.LOCAL_GOVERNMENT, "de la métropole"),
    ("Région Bretagne", K.LOCAL_GOVERNMENT, "de la région"),
    ("Conseil départemental de la Gironde", K.LOCAL_GOVERNMENT, "du département"),
    ("Grand Est", K.LOCAL_GOVERNMENT, "de la collectivité"),
    ("Ministère de la Culture", K.PUBLIC_ADMINISTRATION, "du ministère"),
    ("Préfecture du Rhône", K.PUBLIC_ADMINISTRATION, "de la préfecture"),
    ("Agence nationale de la recherche", K.PUBLIC_ADMINISTRATION, "de l’agence"),
    ("Pôle emploi", K.PUBLIC_ADMINISTRATION, "de l’administration"),
    ("Michelin", K.COMPANY, "de l’entreprise"),
    ("Groupe SEB", K.COMPANY, "du groupe"),
    ("La Poste", K.COMPANY, "de l’entreprise"),
    ("Association des paralysés de France", K.ASSOCIATION, "de l’association"),
    ("Les Restos du Cœur", K.ASSOCIATION, "de l’association"),
    ("Fondation Abbé Pierre", K.ASSOCIATION, "de la fondation"),
    ("Le Monde", K.MEDIA, "du média"),
    ("Radio France", K.MEDIA, "du média"),
    ("Université Rennes 2", K.HIGHER_EDUCATION, "de l’université"),
    ("Sorbonne Université", K.HIGHER_EDUCATION, "de l’université"),
    ("Sciences Po", K.HIGHER_EDUCATION, "de l’établissement"),
    ("Lycée Victor-Hugo", K.SCHOOL, "du lycée"),
    ("Collège Jean-Moulin", K.SCHOOL, "du collège"),
    ("École normale supérieure", K.HIGHER_EDUCATION, "de l’école"),
    ("CHU de Rennes", K.HOSPITAL, "du CHU"),
    ("Hôpital Foch", K.HOSPITAL, "de l’hôpital"),
    ("Assistance publique – Hôpitaux de Paris", K.HOSPITAL, "de l’établissement"),
    ("Centre national de la recherche scientifique", K.RESEARCH, "de l’établissement"),
    ("Inria", K.RESEARCH, "de l’organisme"),
    ("Institut Pasteur", K.RESEARCH, "de l’institut"),
    ("Muséum national d’histoire naturelle", K.RESEARCH, "du muséum"),
    ("Musée du Louvre", K.PUBLIC_ADMINISTRATION, "de l’administration"),
    ("Collège de France", K.HIGHER_EDUCATION, "de l’établissement"),
    ("Mairie de Lyon", None, "de la ville"),
    ("Acme", None, "de l’établissement"),
]


def _reports(institution: Institution) -> Iterator[Report | Institution]:
    """Reports that make the plan say most of its sentences: none (offline), nothing found but
    lookalikes, accounts linked but not proven on a server of the institution's own."""
    yield institution
    yield report(
        mastodon("fauxcompte", confidence=Confidence.CANDIDATE, verified_field=False),
        bluesky("faux.bsky.social", "did:plc:faux000000000000000000000", confidence=Confidence.CANDIDATE),
        institution=institution,
        mastodon_verdict=Verdict.ABSENT,
        bluesky_verdict=Verdict.ABSENT,
    )
    own = info("social.univ-exemple.fr", "open")
    yield report(
        mastodon("univexemple", "social.univ-exemple.fr", confidence=Confidence.LINKED, verified_field=False),
        b.bluesky(
            "univexemple.bsky.social",
            confidence=Confidence.LINKED,
            found_by=(FoundBy.DOMAIN_RECORD,),
            handle_verified=True,
        ),
        institution=institution,
        infos=(*INFOS, own),
        own_server=own,
    )


def _plan(subject: Report | Institution) -> MigrationPlan:
    return build_plan(subject, PlanOptions(language="fr", start=START))


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _texts(plan: MigrationPlan) -> dict[str, str]:
    """The plan's prose in every format: the JSON's strings (summary and steps), md, txt, html."""
    out = {fmt: render_plan(plan, fmt) for fmt in PLAN_FORMATS}
    data = json.loads(out["json"])
    del data["institution"]  # its name and kind as given ("CHU de Rennes", "association"), not prose
    del data["sector"]  # a code ("association"), not prose
    out["json"] = "\n".join(_strings(data))
    out["html"] = html.unescape(re.sub(r"<[^>]+>", " ", out["html"]))
    return {fmt: " ".join(text.split()) for fmt, text in out.items()}  # txt wraps its lines


def _misused(text: str, noun: InstitutionNoun) -> list[str]:
    """Each mention of the noun not written as one of its forms: "de le ministère", "la
    université", "le ville", "de ministère"… (an indefinite "un média" is a general statement)."""
    word = noun.word
    allowed = [form[: -len(word)] for form in (noun.de, noun.a, noun.le)]
    allowed += [a[:1].upper() + a[1:] for a in allowed]
    bare = noun.le[: -len(word)]
    bad = []
    for match in re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)", text):
        before = text[: match.start()]
        context = text[max(0, match.start() - 20) : match.end()]
        if re.search(r"(?<!\w)(?:un|une) $", before):
            continue
        if any(before.endswith(a) for a in allowed if a != bare and a != bare.capitalize()):
            continue
        if before.endswith(bare) or before.endswith(bare.capitalize()):
            prior = before[: -len(bare)].rstrip()
            if not re.search(r"(?<!\w)(?:de|à|De|À)$", prior):
                continue
        bad.append(context)
    return bad


@pytest.mark.parametrize(("name", "kind", "of_noun"), INSTITUTIONS, ids=[i[0] for i in INSTITUTIONS])
def test_the_plan_names_the_institution_with_the_letters_noun(
    name: str, kind: InstitutionKind | None, of_noun: str
) -> None:
    institution = Institution(name=name, domain="univ-exemple.fr", kind=kind)
    _, letter_names = name_values(institution, LetterOptions())
    noun = institution_noun(name, sector_of(institution).sector)
    assert (noun.word, noun.gender) == (letter_names.noun, letter_names.gender)
    assert noun.de == of_noun
    for subject in _reports(institution):
        for fmt, text in _texts(_plan(subject)).items():
            where = f"{name} ({fmt}, {type(subject).__name__})"
            assert f"au nom {of_noun}" in text, where  # archive X: "parler au nom de…"
            if noun.word != "établissement":
                assert not re.search(r"(?i)(?<!\w)établissement(?!\w)", text), where
            assert _misused(text, noun) == [], where
            assert not re.search(r"(?<!\w)(?:de|à) (?:le|les) (?=\w)(?!lier|relier|supprimer)", text), where


def test_the_letter_and_its_plan_say_the_same_noun() -> None:
    institution = Institution(
        name="Mairie de Villeurbanne", domain="villeurbanne.fr", kind=K.LOCAL_GOVERNMENT
    )
    plan = _plan(institution)
    text = render_letter(institution, plan, sender="Camille Martin", language="fr")
    assert "notre ville" in text or "votre ville" in text
    assert "où suivre la ville" in text  # the summary's risks
    assert "établissement" not in text


def test_the_plan_follows_the_sector_the_letter_is_written_for() -> None:
    """``quitx letter --sector company`` (an institution whose name says nothing): the plan, built
    with the same sector, says "l’entreprise" as the letter says "notre entreprise"."""
    institution = Institution(name="Acme", domain="acme.fr")
    plain = render_plan(_plan(institution))
    assert "l’établissement" in plain
    company = build_plan(institution, PlanOptions(language="fr", start=START, sector=K.COMPANY))
    text = render_plan(company)
    assert "l’entreprise" in text and "établissement" not in text
    letter = render_letter(institution, company, sender="Camille Martin", language="fr", sector=K.COMPANY)
    assert "notre entreprise" in letter


def test_english_keeps_the_institution() -> None:
    institution = Institution(
        name="Mairie de Villeurbanne", domain="villeurbanne.fr", kind=K.LOCAL_GOVERNMENT
    )
    text = render_plan(build_plan(institution, PlanOptions(language="en", start=START)))
    assert "the institution" in text
    assert "${" not in text and "la ville" not in text
