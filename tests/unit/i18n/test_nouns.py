"""The noun for an institution after its first mention, and its French forms."""

from __future__ import annotations

import pytest

from quitx.i18n.nouns import institution_noun
from quitx.models import InstitutionKind

K = InstitutionKind


@pytest.mark.parametrize(
    ("name", "sector", "forms"),
    [
        ("Mairie de Lyon", None, ("la ville", "de la ville", "à la ville")),
        ("Ministère des Armées", None, ("le ministère", "du ministère", "au ministère")),
        ("Université de Lille", None, ("l’université", "de l’université", "à l’université")),
        ("Hôpital Foch", None, ("l’hôpital", "de l’hôpital", "à l’hôpital")),
        ("CHU de Rennes", None, ("le CHU", "du CHU", "au CHU")),
        ("Michelin", K.COMPANY, ("l’entreprise", "de l’entreprise", "à l’entreprise")),
        ("Le Monde", K.MEDIA, ("le média", "du média", "au média")),
        ("Grand Est", K.LOCAL_GOVERNMENT, ("la collectivité", "de la collectivité", "à la collectivité")),
        ("Inria", K.RESEARCH, ("l’organisme", "de l’organisme", "à l’organisme")),
        ("Acme", None, ("l’établissement", "de l’établissement", "à l’établissement")),
    ],
)
def test_the_noun_and_its_forms(
    name: str, sector: InstitutionKind | None, forms: tuple[str, str, str]
) -> None:
    noun = institution_noun(name, sector)
    assert (noun.le, noun.de, noun.a) == forms
    assert noun.forms["Inst_le"] == forms[0][:1].upper() + forms[0][1:]


def test_a_word_of_the_name_wins_over_the_sector() -> None:
    assert institution_noun("Groupe SEB", K.COMPANY).word == "groupe"
    assert institution_noun("Fondation Abbé Pierre", K.ASSOCIATION).word == "fondation"
    assert institution_noun("École normale supérieure", K.HIGHER_EDUCATION).word == "école"


def test_a_feminine_grande_ecole_known_by_its_acronym_is_an_ecole() -> None:
    assert institution_noun("ENS de Lyon", K.HIGHER_EDUCATION).word == "école"
    assert institution_noun("ENS de Lyon", K.HIGHER_EDUCATION, gender="m").word == "établissement"
