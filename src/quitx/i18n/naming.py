"""The institution's name in running text, the one rule the letter and the plan share.

French running text writes the generic head noun of a name in lower case ("la mairie de Lyon",
"l’université Rennes 2", "le ministère de l’Éducation nationale") and keeps the capital of unique
institutions ("l’Institut Pasteur", "la Ville de Lyon", "l’École polytechnique"); address lines keep
the name as given. Headings follow the same rule as the letter's "Objet" line: "Plan de migration
de la mairie de Villeurbanne". English writes "the City of Lyon", "the CNRS", "Université Rennes 2".

`NameOptions` are the user's overrides (the letter's ``--article``, ``--keep-capital``,
``--name-en``, the name's gender and number): the letter and the plan built for it read the same.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict

from ..models import InstitutionKind
from .english import english_name
from .french import FrenchName, french_name
from .nouns import NOUN_HEADS, fold, institution_noun

__all__ = ["NameOptions", "Naming", "english_the", "names_of", "naming", "of_name", "running_name"]

Gender = Literal["m", "f"]


class NameOptions(BaseModel):
    """Overrides for the institution's names (see `quitx.i18n.french.french_name`); all unset: the
    names read from the name itself."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    article: str | None = None  # le, la, l', les, none
    gender: Gender | None = None
    plural: bool | None = None
    keep_capital: bool = False
    name_en: str | None = None


# head nouns written in lower case in running text (sector_words §2); the tuple is the words after
# which the capital stays ("Collège de France", "École polytechnique")
_LOWER: dict[str, tuple[str, ...]] = {
    "ministere": (),
    "prefecture": (),
    "sous prefecture": (),
    "mairie": (),
    "commune": (),
    "rectorat": (),
    "direction": (),
    "universite": (),
    "ecole": (
        "polytechnique",
        "normale",
        "nationale",
        "centrale",
        "pratique",
        "des hautes",
        "superieure",
        "du louvre",
    ),
    "lycee": (),
    "college": ("de france",),
    "hopital": (),
    "centre hospitalier": (),
    "conseil departemental": (),
    "conseil regional": (),
    "conseil municipal": (),
    "association": (),
    "collectif": (),
}


def running_name(name: str, *, keep_capital: bool = False) -> str:
    """The name as French running text writes it: "Mairie de Lyon" → "mairie de Lyon"."""
    key = fold(name)
    if keep_capital:
        return name
    for head, unique in _LOWER.items():
        if key == head or key.startswith(head + " "):
            rest = key[len(head) :].strip()
            if any(rest.startswith(u) for u in unique):
                return name
            return name[:1].lower() + name[1:]
    return name


# English: "the City of Lyon" for a city; "the" kept only for a few names English writing uses it with
_EN_THE = frozenset({"cnrs", "ap hp", "aphp", "college de france", "museum national d histoire naturelle"})
_CITY = re.compile(r"^(?:Mairie|Ville|Hôtel de Ville) (?:de |d’|d')(.+)$")


def english_the(name: str) -> str:
    """The name in an English sentence: "Université Rennes 2", "the City of Lyon", "the CNRS"."""
    city = _CITY.match(name.replace("'", "’"))
    if city:
        return f"the City of {city.group(1)}"
    key = fold(name)
    if key in _EN_THE:
        return f"the {name}"
    french = french_name(name)
    if french.article.value != "none" and not re.match(r"(?i)^the ", name) and _looks_french(key):
        return name  # a French proper name kept in French takes no English article
    return english_name(name).the


def _looks_french(key: str) -> bool:
    first = key.split(" ", 1)[0]
    return first in {h.split(" ", 1)[0] for h in NOUN_HEADS} or first in {
        "universite",
        "ecole",
        "institut",
        "centre",
        "musee",
        "conseil",
        "cour",
        "observatoire",
        "laboratoire",
        "epfl",
        "inserm",
        "inria",
    }


@dataclass(frozen=True, slots=True)
class Naming:
    """The institution's names for one letter."""

    given: str  # as given: address lines
    french: FrenchName  # running text: le/de/à forms
    noun: str  # "université"
    gender: Gender
    en_noun: str
    en_the: str  # "Université Rennes 2", "the City of Lyon"


def naming(
    name: str,
    sector: InstitutionKind | None,
    *,
    article: str | None = None,
    gender: Gender | None = None,
    plural: bool | None = None,
    keep_capital: bool = False,
    name_en: str | None = None,
) -> Naming:
    running = running_name(name, keep_capital=keep_capital)
    french = french_name(running, article=article, gender=gender, plural=plural)
    noun = institution_noun(name, sector, gender=french.gender)
    return Naming(name, french, noun.word, noun.gender, noun.en, name_en or english_the(name))


def names_of(name: str, sector: InstitutionKind | None, options: NameOptions) -> Naming:
    """`naming` with the user's `NameOptions`."""
    return naming(name, sector, **options.model_dump())


def of_name(names: Naming, language: str) -> str:
    """The name after "of" in running text and headings: "de la mairie de Villeurbanne",
    "du CNRS" (French, its article contracted); "the City of Villeurbanne" (English, whose
    sentences write the "of")."""
    return names.french.de if language == "fr" else names.en_the
