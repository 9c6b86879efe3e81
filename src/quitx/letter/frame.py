"""The letter's frame in words: the salutation from the recipient's title and gender ("Madame la
Présidente", default "Madame, Monsieur"), the closing formula that repeats it, the recipient block's
first lines, place and date ("Rennes, le 7 décembre 2026")."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from ..i18n import Lang, Language
from ..i18n.french import capitalize

__all__ = [
    "CLOSINGS",
    "TITLE_KEYS",
    "Addressee",
    "closing_formula",
    "place_date",
    "recipient_title",
    "salutation",
]

Gender = Literal["m", "f"]


# --to-title: fr feminine, fr masculine, closing, en feminine, en masculine
_TITLES: dict[str, tuple[str, str, str, str, str]] = {
    "president": ("la Présidente", "le Président", "respectful", "Dear Madam President", "Dear Mr President"),
    "president-director": (
        "la Présidente-directrice générale",
        "le Président-directeur général",
        "respectful",
        "Dear Madam President",
        "Dear Mr President",
    ),
    "director": ("la Directrice", "le Directeur", "respectful", "Dear Madam Director", "Dear Sir"),
    "director-general": (
        "la Directrice générale",
        "le Directeur général",
        "respectful",
        "Dear Madam Director-General",
        "Dear Mr Director-General",
    ),
    "administrator-general": (
        "l’Administratrice générale",
        "l’Administrateur général",
        "respectful",
        "Dear Madam Administrator",
        "Dear Sir",
    ),
    "secretary-general": (
        "la Secrétaire générale",
        "le Secrétaire général",
        "respectful",
        "Dear Madam Secretary-General",
        "Dear Mr Secretary-General",
    ),
    "communication-director": (
        "la Directrice de la communication",
        "le Directeur de la communication",
        "distinguished",
        "Dear Madam",
        "Dear Sir",
    ),
    "mayor": ("la Maire", "le Maire", "high", "Dear Madam Mayor", "Dear Mr Mayor"),
    "prefect": ("la Préfète", "le Préfet", "high", "Dear Madam Prefect", "Dear Mr Prefect"),
    "minister": ("la Ministre", "le Ministre", "high", "Dear Minister", "Dear Minister"),
    "rector": ("la Rectrice", "le Recteur", "high", "Dear Madam Rector", "Dear Mr Rector"),
    "headteacher-lycee": (
        "la Proviseure",
        "le Proviseur",
        "respectful",
        "Dear Headteacher",
        "Dear Headteacher",
    ),
    "headteacher-college": (
        "la Principale",
        "le Principal",
        "respectful",
        "Dear Headteacher",
        "Dear Headteacher",
    ),
    "headteacher-school": (
        "la Directrice",
        "le Directeur",
        "respectful",
        "Dear Headteacher",
        "Dear Headteacher",
    ),
    "editor-in-chief": (
        "la Rédactrice en chef",
        "le Rédacteur en chef",
        "distinguished",
        "Dear Editor",
        "Dear Editor",
    ),
}
TITLE_KEYS: tuple[str, ...] = tuple(_TITLES)
CLOSINGS: dict[str, str] = {
    "distinguished": "mes salutations distinguées",
    "respectful": "mes respectueuses salutations",
    "high": "ma haute considération",
}


@dataclass(frozen=True, slots=True)
class Addressee:
    """The recipient as the options describe them."""

    title: str | None = None  # a key of _TITLES
    gender: Gender | None = None
    name: str | None = None
    service: str | None = None
    address: str | None = None
    salutation: str | None = None  # verbatim
    closing: str | None = None  # a key of CLOSINGS


def salutation(to: Addressee, language: Language) -> str:
    """ "Madame la Présidente", "Madame, Monsieur", "Dear Sir or Madam" (without the comma)."""
    if to.salutation:
        return to.salutation.strip().rstrip(",")
    entry = _TITLES.get(to.title or "")
    if language == "en":
        if to.name:
            return f"Dear {to.name}"
        if entry is None or to.gender is None:
            return "Dear Sir or Madam"
        return entry[3] if to.gender == "f" else entry[4]
    if entry is None or to.gender is None:
        return "Madame, Monsieur"
    return f"Madame {entry[0]}" if to.gender == "f" else f"Monsieur {entry[1]}"


def recipient_title(to: Addressee, language: Language) -> tuple[str, str]:
    """The recipient block's first two lines: the title (or civility and name), then the function."""
    entry = _TITLES.get(to.title or "")
    if language == "en":
        return (to.name or "", "")
    if to.name:
        civility = "Madame" if to.gender == "f" else "Monsieur" if to.gender == "m" else ""
        function = ""
        if entry is not None and to.gender is not None:
            words = entry[0] if to.gender == "f" else entry[1]
            function = capitalize(re.sub(r"^(?:la |le |l’)", "", words))
        return (f"{civility} {to.name}".strip(), function)
    if entry is not None and to.gender is not None:
        return (salutation(to, "fr"), "")
    return ("", "")


def closing_formula(to: Addressee, language: Language) -> str:
    if language == "en":
        return "Yours sincerely" if to.name else "Yours faithfully"
    entry = _TITLES.get(to.title or "")
    key = to.closing or (entry[2] if entry is not None and to.gender is not None else "distinguished")
    return CLOSINGS.get(key, CLOSINGS["distinguished"])


def place_date(place: str | None, day: dt.date, language: Language) -> str:
    """ "Rennes, le 7 décembre 2026", "Le 7 décembre 2026"; "Lausanne, 7 December 2026"."""
    written = Lang(language).date(day)
    if language == "en":
        return f"{place}, {written}" if place else written
    return f"{place}, le {written}" if place else f"Le {written}"
