"""quitx.i18n.sectors: the sector read from the name, the word that decided, overrides."""

from __future__ import annotations

import pytest

from quitx.i18n.sectors import as_written, chain, read_sector, sector_of
from quitx.models import Institution, InstitutionKind

K = InstitutionKind


@pytest.mark.parametrize(
    ("name", "sector"),
    [
        ("Mairie de Lyon", K.LOCAL_GOVERNMENT),
        ("Ville de Paris", K.LOCAL_GOVERNMENT),
        ("Commune de Vénissieux", K.LOCAL_GOVERNMENT),
        ("Métropole de Lyon", K.LOCAL_GOVERNMENT),
        ("Département de la Gironde", K.LOCAL_GOVERNMENT),
        ("Conseil régional de Bretagne", K.LOCAL_GOVERNMENT),
        ("Région Bretagne", K.LOCAL_GOVERNMENT),
        ("Occitanie", K.LOCAL_GOVERNMENT),
        ("Centre communal d'action sociale de Nantes", K.LOCAL_GOVERNMENT),
        ("Musée municipal de Bayeux", K.LOCAL_GOVERNMENT),
        ("Ministère de l'Éducation nationale", K.PUBLIC_ADMINISTRATION),
        ("Préfecture du Rhône", K.PUBLIC_ADMINISTRATION),
        ("Académie de Lyon", K.PUBLIC_ADMINISTRATION),
        ("Agence régionale de santé Bretagne", K.PUBLIC_ADMINISTRATION),
        ("Agence nationale de la recherche", K.PUBLIC_ADMINISTRATION),
        ("ANR", K.PUBLIC_ADMINISTRATION),
        ("Institut national du cancer", K.PUBLIC_ADMINISTRATION),
        ("Conseil d'État", K.PUBLIC_ADMINISTRATION),
        ("Musée du Louvre", K.PUBLIC_ADMINISTRATION),
        ("Lycée Victor-Hugo", K.SCHOOL),
        ("Collège Jean-Moulin", K.SCHOOL),
        ("École Jules-Ferry", K.SCHOOL),
        ("Groupe scolaire Pasteur", K.SCHOOL),
        ("CHU de Rennes", K.HOSPITAL),
        ("Centre hospitalier de Cholet", K.HOSPITAL),
        ("Hôpital Bichat", K.HOSPITAL),
        ("AP-HP", K.HOSPITAL),
        ("Groupe hospitalier Paris Saint-Joseph", K.HOSPITAL),
        ("Université Rennes 2", K.HIGHER_EDUCATION),
        ("Aix-Marseille Université", K.HIGHER_EDUCATION),
        ("École polytechnique", K.HIGHER_EDUCATION),
        ("École normale supérieure de Lyon", K.HIGHER_EDUCATION),
        ("Sciences Po Toulouse", K.HIGHER_EDUCATION),
        ("EPFL", K.HIGHER_EDUCATION),
        ("IUT de Lannion", K.HIGHER_EDUCATION),
        ("CNRS", K.RESEARCH),
        ("Centre national de la recherche scientifique", K.RESEARCH),
        ("Inserm", K.RESEARCH),
        ("Institut Pasteur", K.RESEARCH),
        ("Collège de France", K.RESEARCH),
        ("Muséum national d'histoire naturelle", K.RESEARCH),
        ("Centre national d'études spatiales", K.RESEARCH),
        ("Observatoire de Paris", K.RESEARCH),
        ("Association Framasoft", K.ASSOCIATION),
        ("Fédération française de football", K.ASSOCIATION),
        ("Fondation de France", K.ASSOCIATION),
        ("Institut médico-éducatif Les Tilleuls", K.ASSOCIATION),
        ("Conseil de l'ordre des médecins", K.ASSOCIATION),
        ("Agence France-Presse", K.MEDIA),
        ("Ouest-France", K.MEDIA),
        ("Le Monde", K.MEDIA),
        ("Radio France", K.MEDIA),
        ("Éditions du Seuil", K.MEDIA),
        ("Michelin", K.COMPANY),
        ("Groupe SEB", K.COMPANY),
        ("Exemple SAS", K.COMPANY),
    ],
)
def test_the_name_says_the_sector(name: str, sector: InstitutionKind) -> None:
    reading = read_sector(name)
    assert (reading.sector, reading.source) == (sector, "name"), reading
    assert reading.word


@pytest.mark.parametrize("name", ["Lyon", "Gironde", "École", "Union européenne", "Exemple", "X"])
def test_no_sector_rather_than_a_guess(name: str) -> None:
    reading = read_sector(name)
    assert reading.sector is None and reading.source == "none"


def test_the_word_that_decided() -> None:
    assert read_sector("Mairie de Lyon").word == "mairie"
    assert read_sector("Centre hospitalier de Cholet").word == "centre hospitalier"  # not "centre"


def test_given_beats_the_name() -> None:
    mairie = Institution(name="Mairie de Lyon")
    assert mairie.kind is None  # nobody said: nothing is assumed
    assert sector_of(mairie).sector is K.LOCAL_GOVERNMENT
    kind_given = Institution(name="Mairie de Lyon", kind="company")
    assert sector_of(kind_given) == sector_of(mairie, K.COMPANY) == sector_of(kind_given, K.COMPANY)
    assert sector_of(kind_given).source == "given"


def test_higher_education_falls_back_on_research() -> None:
    assert chain(K.HIGHER_EDUCATION) == (K.HIGHER_EDUCATION, K.RESEARCH)
    assert chain(K.SCHOOL) == (K.SCHOOL,)
    assert chain(None) == ()


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("Université Rennes 2", "Université"),
        ("Mairie de Saint-Étienne", "Mairie"),
        ("L’Office de Tourisme de Nantes", "Office de Tourisme"),
        ("CHU de Rennes", "CHU"),
        ("Lycée Victor-Hugo", "Lycée"),
    ],
)
def test_the_word_read_is_shown_as_the_name_writes_it(name: str, shown: str) -> None:
    # the letter's note says « Université », not the folded key « universite » it matched
    phrase = read_sector(name).word or ""
    assert phrase != shown and as_written(name, phrase) == shown


def test_a_phrase_the_name_does_not_hold_is_shown_as_it_is() -> None:
    assert as_written("Mairie de Lyon", "prefecture") == "prefecture"
