"""quitx.i18n.french: real institution names, elision, h aspiré, overrides, agreement."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from quitx.i18n.english import english_name
from quitx.i18n.french import (
    APOSTROPHE,
    Article,
    FrenchName,
    capitalize,
    french_name,
    infer,
    sender_agreement,
    starts_with_vowel_sound,
)


def typo(text: str) -> str:
    """Expected values are written with an ASCII apostrophe; the library writes U+2019."""
    return text.replace("'", APOSTROPHE)


# name, "le" form, "de" form, "à" form
REAL_NAMES: list[tuple[str, str, str, str]] = [
    # research bodies
    ("CNRS", "le CNRS", "du CNRS", "au CNRS"),
    ("INSERM", "l'INSERM", "de l'INSERM", "à l'INSERM"),
    ("Inserm", "l'Inserm", "de l'Inserm", "à l'Inserm"),
    ("CEA", "le CEA", "du CEA", "au CEA"),
    ("IRD", "l'IRD", "de l'IRD", "à l'IRD"),
    ("CNES", "le CNES", "du CNES", "au CNES"),
    ("INRAE", "l'INRAE", "de l'INRAE", "à l'INRAE"),
    ("Inria", "Inria", "d'Inria", "à Inria"),
    ("Institut Pasteur", "l'Institut Pasteur", "de l'Institut Pasteur", "à l'Institut Pasteur"),
    ("Institut Curie", "l'Institut Curie", "de l'Institut Curie", "à l'Institut Curie"),
    (
        "Observatoire de Paris",
        "l'Observatoire de Paris",
        "de l'Observatoire de Paris",
        "à l'Observatoire de Paris",
    ),
    (
        "Muséum national d'Histoire naturelle",
        "le Muséum national d'Histoire naturelle",
        "du Muséum national d'Histoire naturelle",
        "au Muséum national d'Histoire naturelle",
    ),
    ("Collège de France", "le Collège de France", "du Collège de France", "au Collège de France"),
    ("Cnam", "le Cnam", "du Cnam", "au Cnam"),
    # universities
    ("Université Rennes 2", "l'Université Rennes 2", "de l'Université Rennes 2", "à l'Université Rennes 2"),
    (
        "Université de Bordeaux",
        "l'Université de Bordeaux",
        "de l'Université de Bordeaux",
        "à l'Université de Bordeaux",
    ),
    (
        "Université Paris-Saclay",
        "l'Université Paris-Saclay",
        "de l'Université Paris-Saclay",
        "à l'Université Paris-Saclay",
    ),
    (
        "Université Paris Cité",
        "l'Université Paris Cité",
        "de l'Université Paris Cité",
        "à l'Université Paris Cité",
    ),
    ("Sorbonne Université", "Sorbonne Université", "de Sorbonne Université", "à Sorbonne Université"),
    (
        "Aix-Marseille Université",
        "Aix-Marseille Université",
        "d'Aix-Marseille Université",
        "à Aix-Marseille Université",
    ),
    ("Nantes Université", "Nantes Université", "de Nantes Université", "à Nantes Université"),
    ("Le Mans Université", "Le Mans Université", "de Le Mans Université", "à Le Mans Université"),
    (
        "La Rochelle Université",
        "La Rochelle Université",
        "de La Rochelle Université",
        "à La Rochelle Université",
    ),
    ("La Sorbonne", "la Sorbonne", "de la Sorbonne", "à la Sorbonne"),
    # grandes écoles
    (
        "École normale supérieure",
        "l'École normale supérieure",
        "de l'École normale supérieure",
        "à l'École normale supérieure",
    ),
    ("ENS de Lyon", "l'ENS de Lyon", "de l'ENS de Lyon", "à l'ENS de Lyon"),
    ("EHESS", "l'EHESS", "de l'EHESS", "à l'EHESS"),
    ("Sciences Po", "Sciences Po", "de Sciences Po", "à Sciences Po"),
    ("Polytechnique", "Polytechnique", "de Polytechnique", "à Polytechnique"),
    ("École polytechnique", "l'École polytechnique", "de l'École polytechnique", "à l'École polytechnique"),
    ("HEC Paris", "HEC Paris", "d'HEC Paris", "à HEC Paris"),
    ("AgroParisTech", "AgroParisTech", "d'AgroParisTech", "à AgroParisTech"),
    ("CentraleSupélec", "CentraleSupélec", "de CentraleSupélec", "à CentraleSupélec"),
    ("L'Institut Agro", "l'Institut Agro", "de l'Institut Agro", "à l'Institut Agro"),
    # libraries, archives, culture
    (
        "Bibliothèque nationale de France",
        "la Bibliothèque nationale de France",
        "de la Bibliothèque nationale de France",
        "à la Bibliothèque nationale de France",
    ),
    ("BnF", "la BnF", "de la BnF", "à la BnF"),
    ("Archives nationales", "les Archives nationales", "des Archives nationales", "aux Archives nationales"),
    ("Opéra de Paris", "l'Opéra de Paris", "de l'Opéra de Paris", "à l'Opéra de Paris"),
    ("Comédie-Française", "la Comédie-Française", "de la Comédie-Française", "à la Comédie-Française"),
    ("Centre Pompidou", "le Centre Pompidou", "du Centre Pompidou", "au Centre Pompidou"),
    ("Grand Palais", "le Grand Palais", "du Grand Palais", "au Grand Palais"),
    ("Les Arts Décoratifs", "les Arts Décoratifs", "des Arts Décoratifs", "aux Arts Décoratifs"),
    ("Beaux-Arts de Paris", "les Beaux-Arts de Paris", "des Beaux-Arts de Paris", "aux Beaux-Arts de Paris"),
    ("Éditions Gallimard", "les Éditions Gallimard", "des Éditions Gallimard", "aux Éditions Gallimard"),
    # health
    (
        "Hospices civils de Lyon",
        "les Hospices civils de Lyon",
        "des Hospices civils de Lyon",
        "aux Hospices civils de Lyon",
    ),
    ("AP-HP", "l'AP-HP", "de l'AP-HP", "à l'AP-HP"),
    ("CHU de Bordeaux", "le CHU de Bordeaux", "du CHU de Bordeaux", "au CHU de Bordeaux"),
    ("Hôpital Necker", "l'Hôpital Necker", "de l'Hôpital Necker", "à l'Hôpital Necker"),
    (
        "Haute Autorité de santé",
        "la Haute Autorité de santé",
        "de la Haute Autorité de santé",
        "à la Haute Autorité de santé",
    ),
    ("HAS", "la HAS", "de la HAS", "à la HAS"),
    (
        "Établissement français du sang",
        "l'Établissement français du sang",
        "de l'Établissement français du sang",
        "à l'Établissement français du sang",
    ),
    ("Santé publique France", "Santé publique France", "de Santé publique France", "à Santé publique France"),
    # local government
    ("Région Bretagne", "la Région Bretagne", "de la Région Bretagne", "à la Région Bretagne"),
    (
        "Région Hauts-de-France",
        "la Région Hauts-de-France",
        "de la Région Hauts-de-France",
        "à la Région Hauts-de-France",
    ),
    ("Hauts-de-France", "les Hauts-de-France", "des Hauts-de-France", "aux Hauts-de-France"),
    ("Haute-Garonne", "la Haute-Garonne", "de la Haute-Garonne", "à la Haute-Garonne"),
    ("Île-de-France", "l'Île-de-France", "de l'Île-de-France", "à l'Île-de-France"),
    ("Grand Est", "le Grand Est", "du Grand Est", "au Grand Est"),
    ("Pays de la Loire", "les Pays de la Loire", "des Pays de la Loire", "aux Pays de la Loire"),
    ("Ville de Paris", "la Ville de Paris", "de la Ville de Paris", "à la Ville de Paris"),
    ("Métropole de Lyon", "la Métropole de Lyon", "de la Métropole de Lyon", "à la Métropole de Lyon"),
    (
        "Eurométropole de Strasbourg",
        "l'Eurométropole de Strasbourg",
        "de l'Eurométropole de Strasbourg",
        "à l'Eurométropole de Strasbourg",
    ),
    (
        "Conseil départemental du Nord",
        "le Conseil départemental du Nord",
        "du Conseil départemental du Nord",
        "au Conseil départemental du Nord",
    ),
    ("Mairie de Rennes", "la Mairie de Rennes", "de la Mairie de Rennes", "à la Mairie de Rennes"),
    (
        "Département de la Gironde",
        "le Département de la Gironde",
        "du Département de la Gironde",
        "au Département de la Gironde",
    ),
    (
        "Académie de Versailles",
        "l'Académie de Versailles",
        "de l'Académie de Versailles",
        "à l'Académie de Versailles",
    ),
    ("Le Havre", "Le Havre", "du Havre", "au Havre"),
    ("La Rochelle", "La Rochelle", "de La Rochelle", "à La Rochelle"),
    ("Les Ulis", "Les Ulis", "des Ulis", "aux Ulis"),
    ("Rennes", "Rennes", "de Rennes", "à Rennes"),
    # the State
    ("Assemblée nationale", "l'Assemblée nationale", "de l'Assemblée nationale", "à l'Assemblée nationale"),
    ("Sénat", "le Sénat", "du Sénat", "au Sénat"),
    ("Conseil d'État", "le Conseil d'État", "du Conseil d'État", "au Conseil d'État"),
    ("Cour des comptes", "la Cour des comptes", "de la Cour des comptes", "à la Cour des comptes"),
    (
        "Ministère de la Culture",
        "le Ministère de la Culture",
        "du Ministère de la Culture",
        "au Ministère de la Culture",
    ),
    (
        "Préfecture de police",
        "la Préfecture de police",
        "de la Préfecture de police",
        "à la Préfecture de police",
    ),
    (
        "Haut Conseil pour le climat",
        "le Haut Conseil pour le climat",
        "du Haut Conseil pour le climat",
        "au Haut Conseil pour le climat",
    ),
    ("Banque de France", "la Banque de France", "de la Banque de France", "à la Banque de France"),
    ("Caisse des dépôts", "la Caisse des dépôts", "de la Caisse des dépôts", "à la Caisse des dépôts"),
    # agencies and public operators
    ("Ademe", "l'Ademe", "de l'Ademe", "à l'Ademe"),
    (
        "Office français de la biodiversité",
        "l'Office français de la biodiversité",
        "de l'Office français de la biodiversité",
        "à l'Office français de la biodiversité",
    ),
    (
        "Agence nationale de la recherche",
        "l'Agence nationale de la recherche",
        "de l'Agence nationale de la recherche",
        "à l'Agence nationale de la recherche",
    ),
    ("Météo-France", "Météo-France", "de Météo-France", "à Météo-France"),
    ("Pôle emploi", "Pôle emploi", "de Pôle emploi", "à Pôle emploi"),
    ("France Travail", "France Travail", "de France Travail", "à France Travail"),
    ("Campus France", "Campus France", "de Campus France", "à Campus France"),
    ("Lycée Henri-IV", "le Lycée Henri-IV", "du Lycée Henri-IV", "au Lycée Henri-IV"),
    ("Unesco", "l'Unesco", "de l'Unesco", "à l'Unesco"),
    # companies and media
    ("SNCF", "la SNCF", "de la SNCF", "à la SNCF"),
    ("RATP", "la RATP", "de la RATP", "à la RATP"),
    ("EDF", "EDF", "d'EDF", "à EDF"),
    ("La Poste", "La Poste", "de La Poste", "à La Poste"),
    ("Radio France", "Radio France", "de Radio France", "à Radio France"),
    ("France Télévisions", "France Télévisions", "de France Télévisions", "à France Télévisions"),
    ("Le Monde", "Le Monde", "du Monde", "au Monde"),
    ("L'Oréal", "L'Oréal", "de L'Oréal", "à L'Oréal"),
    ("Michelin", "Michelin", "de Michelin", "à Michelin"),
    ("Airbus", "Airbus", "d'Airbus", "à Airbus"),
    # associations and foundations
    (
        "Fondation de France",
        "la Fondation de France",
        "de la Fondation de France",
        "à la Fondation de France",
    ),
    (
        "Croix-Rouge française",
        "la Croix-Rouge française",
        "de la Croix-Rouge française",
        "à la Croix-Rouge française",
    ),
    ("Secours populaire", "le Secours populaire", "du Secours populaire", "au Secours populaire"),
    ("Emmaüs", "Emmaüs", "d'Emmaüs", "à Emmaüs"),
    ("Restos du cœur", "les Restos du cœur", "des Restos du cœur", "aux Restos du cœur"),
    (
        "Médecins sans frontières",
        "Médecins sans frontières",
        "de Médecins sans frontières",
        "à Médecins sans frontières",
    ),
]


def test_the_table_is_large() -> None:
    assert len(REAL_NAMES) >= 60
    assert len({row[0] for row in REAL_NAMES}) == len(REAL_NAMES)


@pytest.mark.parametrize(("name", "le", "de", "a"), REAL_NAMES, ids=[row[0] for row in REAL_NAMES])
def test_real_names(name: str, le: str, de: str, a: str) -> None:
    fn = infer(name)
    assert (fn.le, fn.de, fn.a) == (typo(le), typo(de), typo(a))
    assert french_name(name) == fn


@pytest.mark.parametrize(
    ("name", "gender", "plural"),
    [
        ("CNRS", "m", False),
        ("Inria", "m", False),
        ("Polytechnique", "f", False),
        ("Sorbonne Université", "f", False),
        ("EHESS", "f", False),
        ("AP-HP", "f", False),
        ("Archives nationales", "f", True),
        ("Hospices civils de Lyon", "m", True),
        ("HCL", "m", True),
        ("Musées de Strasbourg", "m", True),
        ("Hôpitaux de Paris", "m", True),
        ("Galeries Lafayette", "f", True),
        ("Institut Pasteur", "m", False),
        ("La Sorbonne", "f", False),
        ("L'Institut Agro", "m", False),
        ("L'Université de Lille", "f", False),
    ],
)
def test_gender_and_number(name: str, gender: str, plural: bool) -> None:
    fn = infer(name)
    assert (fn.gender, fn.plural) == (gender, plural)


def test_a_leading_article_is_taken_off_the_name() -> None:
    assert infer("La Sorbonne").name == "Sorbonne"
    assert infer("L'Institut Agro").name == "Institut Agro"
    assert infer("Les Arts Décoratifs").article is Article.LES
    # but kept when it begins a brand name with a city
    assert infer("Le Mans Université").name == "Le Mans Université"
    assert infer("Le Havre Seine Métropole").article is Article.NONE


# --- elision, h aspiré, y --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "elides"),
    [
        ("Inria", True),
        ("École", True),
        ("Établissement", True),
        ("Île-de-France", True),
        ("Œuvre", True),
        ("Université", True),
        ("Observatoire", True),
        ("Hôpital", True),
        ("Hôtel de ville", True),
        ("Hérault", True),
        ("Hospices", True),
        ("Haute Autorité", False),
        ("Haut Conseil", False),
        ("Hauts-de-France", False),
        ("Haute-Garonne", False),
        ("Havre", False),
        ("Hongrie", False),
        ("Harvard", False),
        ("hall", False),
        ("HAS", False),
        ("HCERES", False),
        ("Hcéres", False),
        ("HEC", True),
        ("Yale", False),
        ("Yonne", True),
        ("Yvelines", True),
        ("CNRS", False),
        ("FNRS", False),
        ("«Inria»", True),
        ("", False),
    ],
)
def test_starts_with_vowel_sound(word: str, elides: bool) -> None:
    assert starts_with_vowel_sound(word) is elides


def test_h_aspire_and_h_muet_in_forms() -> None:
    assert infer("Haute Autorité de santé").de == "de la Haute Autorité de santé"
    assert infer("Haut-Commissariat au Plan").le == "le Haut-Commissariat au Plan"
    assert infer("Haut-Commissariat au Plan").a == "au Haut-Commissariat au Plan"
    assert infer("Hôpital européen Georges-Pompidou").de == typo("de l'Hôpital européen Georges-Pompidou")
    assert infer("Hachette").de == "de Hachette"
    assert infer("Hermès").de == typo("d'Hermès")
    assert infer("Hcéres").le == "le Hcéres"
    assert infer("Halle aux grains").de == "de la Halle aux grains"
    assert infer("Halles de Paris").a == "aux Halles de Paris"


def test_an_article_written_before_a_vowel_is_kept_unelided() -> None:
    """Whoever wrote "La Haye" knows the h is aspiré: no elision is made up."""
    assert infer("La Haye").de == "de La Haye"
    assert infer("Le Hérisson").de == "du Hérisson"


def test_every_form_uses_the_typographic_apostrophe() -> None:
    fn = infer("Conseil d'État")
    assert fn.name == "Conseil d’État"
    for form in (fn.le, fn.de, fn.a, infer("Inria").de, infer("ENS").le):
        assert "'" not in form
    assert APOSTROPHE == "\u2019"


# --- capitalisation, other prepositions --------------------------------------------------------


def test_capitalised_forms() -> None:
    univ = infer("Université de Lille")
    assert univ.Le == "L’Université de Lille"
    assert univ.A == "À l’Université de Lille"
    assert univ.De == "De l’Université de Lille"
    assert infer("CNRS").A == "Au CNRS"
    assert infer("CNRS").De == "Du CNRS"
    assert infer("Inria").De == "D’Inria"
    assert infer("Archives nationales").A == "Aux Archives nationales"
    assert infer("Sorbonne").Le == "La Sorbonne"
    assert infer("inria").Le == "Inria"
    assert capitalize("à la Sorbonne") == "À la Sorbonne"
    assert capitalize("« l’Inserm »") == "« L’Inserm »"
    assert capitalize("") == ""


def test_after_any_word() -> None:
    assert infer("CNRS").after("pour") == "pour le CNRS"
    assert infer("Inserm").after("avec") == "avec l’Inserm"
    assert infer("Inria").after("que") == "qu’Inria"
    assert infer("Inria").after("lorsque") == "lorsqu’Inria"
    assert infer("CNRS").after("que") == "que le CNRS"
    assert infer("Université de Lille").after("que") == "que l’Université de Lille"
    assert infer("Archives nationales").after("par") == "par les Archives nationales"
    assert infer("CNRS").after("de") == "du CNRS"
    assert infer("CNRS").after("à") == "au CNRS"


# --- agreement ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "pronoun", "adjective"),
    [
        ("CNRS", "il", "présent"),
        ("Sorbonne Université", "elle", "présente"),
        ("Hospices civils de Lyon", "ils", "présents"),
        ("Archives nationales", "elles", "présentes"),
    ],
)
def test_pronoun_and_adjective(name: str, pronoun: str, adjective: str) -> None:
    fn = infer(name)
    assert fn.pronoun == fn.il == pronoun
    assert fn.adj("présent", "présente") == adjective


def test_adjective_plurals() -> None:
    archives = infer("Archives nationales")
    hospices = infer("Hospices civils de Lyon")
    assert hospices.adj("national", "nationale", "nationaux") == "nationaux"
    assert hospices.adj("heureux", "heureuse") == "heureux"
    assert archives.adj("heureux", "heureuse") == "heureuses"
    assert archives.adj("beau", "belle", "beaux", "belles") == "belles"


@pytest.mark.parametrize(
    ("m", "f", "gender", "expected"),
    [
        ("permanent", "permanente", "m", "permanent"),
        ("permanent", "permanente", "f", "permanente"),
        ("permanent", "permanente", "n", "permanent·e"),
        ("présents", "présentes", "n", "présent·es"),
        ("chercheur", "chercheuse", "n", "chercheur / chercheuse"),
        ("heureux", "heureuse", "n", "heureux / heureuse"),
        ("membre", "membre", "n", "membre"),
    ],
)
def test_sender_agreement(m: str, f: str, gender: str, expected: str) -> None:
    assert sender_agreement(m, f, gender) == expected  # type: ignore[arg-type]


# --- overrides ---------------------------------------------------------------------------------


def test_article_overrides() -> None:
    assert french_name("Michelin", article="la").de == "de la Michelin"
    assert french_name("Inria", article="l'").le == "l’Inria"
    assert french_name("Inria", article="l’").de == "de l’Inria"
    assert french_name("CNRS", article="none").de == "de CNRS"
    assert french_name("CNRS", article="").a == "à CNRS"
    # "l'" forces the elision where the spelling would not give it (an h taken for aspiré)
    hall = french_name("Halle aux grains", article="l'")
    assert (hall.le, hall.de, hall.gender) == ("l’Halle aux grains", "de l’Halle aux grains", "f")
    sorbonne = french_name("La Sorbonne", article="none")
    assert sorbonne.name == "La Sorbonne" and sorbonne.de == "de La Sorbonne"
    assert french_name("Machin", article="les").a == "aux Machin"
    assert french_name("Machin", article="les").plural is True
    assert french_name("Machin", article="LE").gender == "m"
    assert french_name("Machin", article="la").gender == "f"


def test_gender_and_number_overrides() -> None:
    assert french_name("CNRS", gender="f").le == "la CNRS"
    assert french_name("CNRS", plural=True).de == "des CNRS"
    assert french_name("Inria", gender="f").adj("engagé", "engagée") == "engagée"
    assert french_name("Inria", gender="f").le == "Inria"
    assert french_name("Archives nationales", plural=False).le == "l’Archives nationales"
    assert french_name("Machin", article="le", gender="f").article is Article.LE
    assert french_name("Le Havre", proper_article=False).le == "le Havre"


@pytest.mark.parametrize("bad", ["del", "un", "the"])
def test_a_bad_article_is_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="article"):
        french_name("CNRS", article=bad)


def test_a_bad_gender_is_refused() -> None:
    with pytest.raises(ValueError, match="gender"):
        french_name("CNRS", gender="n")


@pytest.mark.parametrize("blank", ["", "   ", "\n"])
def test_an_empty_name_is_refused(blank: str) -> None:
    with pytest.raises(ValueError, match="empty"):
        infer(blank)
    with pytest.raises(ValueError, match="empty"):
        english_name(blank)


def test_the_model_is_frozen_and_strict() -> None:
    fn = infer("CNRS")
    with pytest.raises(ValidationError):
        fn.name = "Inria"  # type: ignore[misc]
    with pytest.raises(ValidationError):
        FrenchName.model_validate({"name": "X", "article": "le", "gender": "n", "plural": False})
    with pytest.raises(ValidationError):
        FrenchName.model_validate({"name": "X", "article": "le", "gender": "m", "plural": False, "x": 1})
    assert FrenchName.model_validate_json(fn.model_dump_json()) == fn


# --- properties --------------------------------------------------------------------------------

_ALLOWED_PREFIXES = {
    "le": {"", "le ", "la ", "les ", "l’", "Le ", "La ", "Les ", "L’"},
    "de": {"de ", "d’", "du ", "de la ", "de l’", "des ", "de La ", "de L’"},
    "a": {"à ", "au ", "à la ", "à l’", "aux ", "à La ", "à L’"},
}
_VOWELS = set("aeiouàâäéèêëîïôöùûüAEIOUÀÂÄÉÈÊËÎÏÔÖÙÛÜ")

_words = st.sampled_from(
    [
        "Université",
        "Institut",
        "École",
        "Archives",
        "Hospices",
        "Haute",
        "Hôpital",
        "Conseil",
        "Agence",
        "Musées",
        "Inria",
        "CNRS",
        "EHESS",
        "HAS",
        "Hachette",
        "Yale",
        "Orange",
        "Sorbonne",
        "Michelin",
        "Paris",
        "Rennes",
        "Université",
        "Le Mans",
        "La Rochelle",
        "Ademe",
    ]
)
_free = st.text(
    alphabet=st.sampled_from(list("abcdefghijklmnopqrstuvwxyzàâéèêëîïôöùûüçœ ABCDÉÈHIOUYZ-'’0123")),
    min_size=1,
    max_size=20,
)
_names = st.tuples(
    st.sampled_from(["", "", "", "Le ", "La ", "Les ", "L'", "L’", "le ", "la "]),
    st.one_of(_words, _free),
    st.sampled_from(["", " de Lyon", " Université", " nationale", " France", " d'Histoire"]),
).map("".join)


def _check(fn: FrenchName) -> None:
    for label, form in (("le", fn.le), ("de", fn.de), ("a", fn.a)):
        assert form.endswith(fn.name), (form, fn.name)
        prefix = form[: len(form) - len(fn.name)]
        assert prefix in _ALLOWED_PREFIXES[label], (form, fn)
        for wrong in ("de le ", "à le ", "de les ", "à les ", "’ "):
            assert wrong not in prefix + fn.name[:1]
        if fn.name[0] in _VOWELS and fn.elide is not False:
            assert not prefix.endswith(("le ", "la ", "de ", "du ", "au ", "Le ", "La ")), form
        assert capitalize(form)[0].isupper() or not form[0].isalpha()


@given(_names)
def test_every_form_ends_with_the_name(name: str) -> None:
    if not name.strip():
        return
    fn = infer(name)
    normal = " ".join(name.replace("'", APOSTROPHE).split())
    assert normal.endswith(fn.name)
    rest = normal[: len(normal) - len(fn.name)]
    assert rest.casefold().rstrip() in {"", "le", "la", "les", "l’"}
    _check(fn)
    assert english_name(name).the.endswith(english_name(name).name)


@given(
    _names,
    st.sampled_from([None, "le", "la", "l'", "les", "none", ""]),
    st.sampled_from([None, "m", "f"]),
    st.sampled_from([None, True, False]),
)
def test_overrides_keep_the_forms_well_formed(
    name: str, article: str | None, gender: str | None, plural: bool | None
) -> None:
    if not name.strip():
        return
    fn = french_name(name, article=article, gender=gender, plural=plural)
    _check(fn)
    if gender is not None:
        assert fn.gender == gender
    if article in ("none", ""):
        assert fn.article is Article.NONE
    if plural is not None:
        # an explicit number wins, even against "les": a plural title used as a singular
        assert fn.plural is plural
    elif article == "les":
        assert fn.plural is True
    assert fn.pronoun.endswith("s") is fn.plural
