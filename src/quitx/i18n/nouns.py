"""The noun for an institution after its first mention: "université", "ville", "ministère",
"entreprise", with its gender and its English noun.

The letter says "notre université" (`quitx.letter.voice`), the plan "l’université", "de la ville",
"du ministère", "au média": both take the noun from `institution_noun`, the one choice. A word of
the name decides first ("Mairie de Lyon" → ville, "CHU de Rennes" → CHU), else the sector (a
company → entreprise), else "établissement" — the word for universities, schools, hospitals and
public bodies, wrong for a town hall, a company or a newspaper.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..models import InstitutionKind
from .french import Article, FrenchName, capitalize, french_name, name_key
from .french_data import Gender

__all__ = ["NOUN_HEADS", "InstitutionNoun", "fold", "institution_noun"]

K = InstitutionKind


def fold(text: str) -> str:
    """The key names are matched on: lower case, no accents, apostrophes and hyphens as spaces."""
    return " ".join(re.sub(r"['’\-]", " ", name_key(text)).split())


# a word of the name (its start or its end, folded) → the noun, its gender, the English noun
_BY_NAME: tuple[tuple[str, str, Gender, str], ...] = (
    ("universite", "université", "f", "university"),
    ("centre hospitalier", "hôpital", "m", "hospital"),
    ("chu", "CHU", "m", "hospital"),
    ("hopital", "hôpital", "m", "hospital"),
    ("ecole", "école", "f", "school"),
    ("institut", "institut", "m", "institute"),
    ("museum", "muséum", "m", "museum"),
    ("mairie", "ville", "f", "city"),
    ("ville", "ville", "f", "city"),
    ("hotel de ville", "ville", "f", "city"),
    ("commune", "commune", "f", "town"),
    ("metropole", "métropole", "f", "metropolitan authority"),
    ("departement", "département", "m", "département"),
    ("conseil departemental", "département", "m", "département"),
    ("region", "région", "f", "region"),
    ("conseil regional", "région", "f", "region"),
    ("ministere", "ministère", "m", "ministry"),
    ("prefecture", "préfecture", "f", "prefecture"),
    ("agence", "agence", "f", "agency"),
    ("autorite", "autorité", "f", "authority"),
    ("direction", "direction", "f", "directorate"),
    ("lycee", "lycée", "m", "school"),
    ("college de france", "établissement", "m", "institution"),
    ("college", "collège", "m", "school"),
    ("association", "association", "f", "association"),
    ("federation", "fédération", "f", "federation"),
    ("collectif", "collectif", "m", "collective"),
    ("fondation", "fondation", "f", "foundation"),
    ("syndicat", "syndicat", "m", "union"),
    ("centre national", "établissement", "m", "organisation"),
    ("groupe", "groupe", "m", "group"),
)
_BY_SECTOR: dict[InstitutionKind | None, tuple[str, Gender, str]] = {
    K.RESEARCH: ("organisme", "m", "organisation"),
    K.HIGHER_EDUCATION: ("établissement", "m", "institution"),
    K.SCHOOL: ("établissement", "m", "school"),
    K.LOCAL_GOVERNMENT: ("collectivité", "f", "local authority"),
    K.PUBLIC_ADMINISTRATION: ("administration", "f", "administration"),
    K.HOSPITAL: ("établissement", "m", "hospital"),
    K.MEDIA: ("média", "m", "news organisation"),
    K.COMPANY: ("entreprise", "f", "company"),
    K.ASSOCIATION: ("association", "f", "association"),
    None: ("établissement", "m", "organisation"),
}
NOUN_HEADS: tuple[str, ...] = tuple(head for head, *_ in _BY_NAME)
"""The words of a name that choose its noun (folded): French institution words."""


@dataclass(frozen=True, slots=True)
class InstitutionNoun:
    """The noun standing for the institution, and its French forms with the definite article."""

    word: str  # "université"
    gender: Gender
    en: str  # "university"

    @property
    def _name(self) -> FrenchName:
        article = Article.LA if self.gender == "f" else Article.LE
        return FrenchName(name=self.word, article=article, gender=self.gender, plural=False)

    @property
    def le(self) -> str:
        """ "l’université", "la ville", "le ministère", "le CHU"."""
        return self._name.le

    @property
    def de(self) -> str:
        """ "de l’université", "de la ville", "du ministère"."""
        return self._name.de

    @property
    def a(self) -> str:
        """ "à l’université", "à la ville", "au ministère"."""
        return self._name.a

    @property
    def forms(self) -> dict[str, str]:
        """The placeholders a French text fills with the noun: ``inst_le``, ``Inst_le``,
        ``inst_de``, ``inst_a``."""
        return {"inst_le": self.le, "Inst_le": capitalize(self.le), "inst_de": self.de, "inst_a": self.a}


def institution_noun(
    name: str, sector: InstitutionKind | None, *, gender: Gender | None = None
) -> InstitutionNoun:
    """The noun for ``name`` after its first mention: a word of the name, else the sector's.
    ``gender`` is the name's own (its French article's; read from the name when None)."""
    key = fold(name)
    for head, word, word_gender, en in _BY_NAME:
        if key == head or key.startswith(head + " ") or key.endswith(" " + head):
            return InstitutionNoun(word, word_gender, en)
    name_gender = gender or french_name(name).gender
    if sector is K.HIGHER_EDUCATION and name_gender == "f" and key.split(" ")[0] in ("epfl", "ens"):
        return InstitutionNoun("école", "f", "institution")
    return InstitutionNoun(*_BY_SECTOR.get(sector, _BY_SECTOR[None]))
