"""French grammar for institution names: articles, elision, contraction, agreement.

A letter names its addressee many times: "le CNRS", "du CNRS", "au CNRS"; "l’Université Rennes 2",
"de l’Université…", "à l’Université…"; "la Sorbonne"; "Inria", "d’Inria", "à Inria"; "les Archives
nationales", "des Archives…", "aux Archives…". `infer` guesses the article, gender and number
from the name alone; `french_name` does the same and applies overrides.

How `infer` decides, first rule that applies wins:

1. a name known as a whole (``_KNOWN``): brand-like names used without an article ("Inria",
   "Sciences Po", "Polytechnique", "Pôle emploi", "Radio France"…), names that take one although
   no rule would find it ("la Sorbonne", "le Sénat", "le Louvre", the French regions…);
2. a name that begins with an article keeps it. The article of a proper name — a city ("La
   Rochelle", "Le Havre"), a company or a newspaper whose legal name holds it ("La Poste", "Le
   Monde") — keeps its capital where it is not contracted ("de La Poste", but "du Monde"); other
   articles are written in lower case ("La Sorbonne" → "de la Sorbonne"). A city's article
   followed by more words is part of a brand name, used without article: "Le Mans Université" →
   "à Le Mans Université", the university's own usage;
3. "<Place> Université" ("Sorbonne Université", "Nantes Université") has no article (feminine);
4. a first word that is a common noun of institutions gives the gender and number ("Université",
   "Conseil", "Archives", "Hospices"…; "Musées" is the plural of a known noun); a leading
   adjective ("Haute Autorité", "Haut-Rhin", "Hauts-de-France", "Grand Est", "Nouvelle-Aquitaine")
   gives its own;
5. an acronym (first word in capitals, or a known acronym written as a word: "Inserm", "BnF")
   takes "le"/"la" from a table of known acronyms, else from its first letter (A… and U… are
   mostly *Agence*, *Autorité*, *Association*, *Université*: feminine; EN…, EH…, ES… are
   *École…*: feminine; others masculine). A few are used without article ("EDF", "HEC");
6. anything else has no article: a company or a city ("Michelin", "de Michelin", "à Paris").

Elision (l’, d’) happens before a written vowel (a e i o u y, with accents, æ, œ) or a mute h.
"h aspiré" words ("Haute", "Hauts", "Havre", "Hongrie", "hall", "hasard"…) and acronyms beginning
with H ("la HAS", "le Hcéres"; except "d’HEC") do not elide; a y before a vowel is a consonant
("de Yale"). A consonant letter never elides, even when it is spoken with a vowel ("le FNRS").

All output uses the typographic apostrophe `APOSTROPHE` (U+2019), the French norm in typeset
text; an ASCII apostrophe in a name is turned into it.
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, field_validator

from ..errors import UsageError, UsageProblem
from .french_data import (
    ACRONYMS,
    ADJECTIVES,
    ARTICLE_CITIES,
    ARTICLE_TITLES,
    ELIDING_H_ACRONYMS,
    ELIDING_INITIALS,
    ELIDING_Y,
    H_ASPIRE,
    KNOWN,
    NOUNS,
    Entry,
    Gender,
)

__all__ = [
    "ACRONYM_KEYS",
    "APOSTROPHE",
    "Article",
    "FrenchName",
    "capitalize",
    "french_name",
    "infer",
    "name_key",
    "sender_agreement",
    "starts_with_vowel_sound",
]

APOSTROPHE = "’"
"""The apostrophe of every form: U+2019 RIGHT SINGLE QUOTATION MARK, the typographic apostrophe."""

MIDDLE_DOT = "·"
"""The point médian of inclusive forms ("permanent·e")."""


class Article(StrEnum):
    """The definite article an institution name takes; the elided form (l’) is derived."""

    LE = "le"
    LA = "la"
    LES = "les"
    NONE = "none"


def name_key(text: str) -> str:
    """Lower case, accents off, one ASCII apostrophe, single spaces: the key of every table."""
    text = text.replace(APOSTROPHE, "'").replace("‘", "'").replace("ʼ", "'")
    text = unicodedata.normalize("NFD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.split())


# (article, gender, plural, article is part of the proper name)
_Entry = tuple[Article, Gender, bool, bool]


def _entry(raw: Entry) -> _Entry:
    article, gender, plural, proper = raw
    return Article(article), gender, plural, proper


_KNOWN = {name_key(k): _entry(v) for k, v in KNOWN.items()}
_ARTICLE_CITIES = frozenset(name_key(k) for k in ARTICLE_CITIES)
_ARTICLE_TITLES = frozenset(name_key(k) for k in ARTICLE_TITLES)
_NOUNS = {name_key(k): v for k, v in NOUNS.items()}
_ADJECTIVES = {name_key(k): v for k, v in ADJECTIVES.items()}
_ACRONYMS = {name_key(k): _entry(v) for k, v in ACRONYMS.items()}
ACRONYM_KEYS = frozenset(_ACRONYMS)  # the acronyms known, as keys (`name_key`)

_LEADING_ARTICLE = re.compile(r"(?i)^(?:(l)['’]\s*|(le|la|les)\s+)(?=\S)")
_WORD = re.compile(r"[^\s\-'’]+")
_ACRONYM_TOKEN = re.compile(r"^(?=.*[A-Z].*[A-Z])[A-Z0-9&]+(?:-[A-Z0-9&]+)*$")


# --- elision -----------------------------------------------------------------------------------


def _first_word(text: str) -> str:
    match = _WORD.search(text)
    return match.group(0) if match else ""


def starts_with_vowel_sound(name: str) -> bool:
    """True when an article or "de" before ``name`` elides: a written vowel or a mute h.

    Leading quotes or brackets are skipped. A y before a vowel is a consonant ("de Yale", but
    "l’Yonne"); an h is mute unless the first word is h aspiré ("la Haute Autorité", "l’Hôpital");
    an acronym beginning with H does not elide ("la HAS", "le Hcéres"; but "d’HEC").
    """
    stripped = name.lstrip(" \t«»\"“”'’([")
    word = _first_word(stripped)
    if not word:
        return False
    folded = name_key(word)
    initial = folded[0]
    if initial == "h":
        if _ACRONYM_TOKEN.match(word) or folded in _ACRONYMS:
            return folded in ELIDING_H_ACRONYMS
        return folded not in H_ASPIRE
    if initial == "y":
        return len(folded) == 1 or folded[1] not in "aeiouy" or folded in ELIDING_Y
    return initial in ELIDING_INITIALS


# --- the French name ---------------------------------------------------------------------------


class FrenchName(BaseModel):
    """An institution name with what French grammar needs: article, gender, number.

    ``name`` is the name without any article it began with ("Sorbonne" for "La Sorbonne").
    ``elide`` forces (or forbids) elision; ``None`` derives it from the spelling.
    ``proper_article``: the article belongs to the proper name (a city, a title) and keeps its
    capital where it is not contracted: "La Rochelle", "de La Poste", but "du Havre".
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    article: Article
    gender: Gender
    plural: bool
    elide: bool | None = None
    proper_article: bool = False

    @field_validator("name")
    @classmethod
    def _clean_name(cls, value: str) -> str:
        value = " ".join(value.replace("'", APOSTROPHE).split())
        if not value:
            raise ValueError("an institution name cannot be empty")
        return value

    @property
    def elided(self) -> bool:
        """True when the article (or "de") before the name elides: l’, d’."""
        if self.article is Article.LES:
            return False
        return starts_with_vowel_sound(self.name) if self.elide is None else self.elide

    def _art(self, word: str) -> str:
        return word.capitalize() if self.proper_article else word

    @property
    def le(self) -> str:
        """With the definite article: "le CNRS", "l’Université…", "la Sorbonne", "Inria", "les Archives…"."""
        if self.article is Article.NONE:
            return self.name
        if self.elided:
            return f"{self._art('l')}{APOSTROPHE}{self.name}"
        return f"{self._art(self.article.value)} {self.name}"

    @property
    def de(self) -> str:
        """After "de": "du CNRS", "de l’Université…", "de la Sorbonne", "d’Inria", "des Archives…"."""
        if self.article is Article.NONE:
            return f"d{APOSTROPHE}{self.name}" if self.elided else f"de {self.name}"
        if self.article is Article.LES:
            return f"des {self.name}"
        if self.elided or self.article is Article.LA:
            return f"de {self.le}"
        return f"du {self.name}"

    @property
    def a(self) -> str:
        """After "à": "au CNRS", "à l’Université…", "à la Sorbonne", "à Inria", "aux Archives…"."""
        if self.article is Article.NONE:
            return f"à {self.name}"
        if self.article is Article.LES:
            return f"aux {self.name}"
        if self.elided or self.article is Article.LA:
            return f"à {self.le}"
        return f"au {self.name}"

    def after(self, word: str) -> str:
        """After any preposition or conjunction: "pour le CNRS", "avec l’Inserm", "qu’Inria".

        "de" and "à" contract (`de`, `a`); words ending in "que" elide before a
        vowel sound ("jusqu’à", "lorsqu’Inria"); others are followed by `le`.
        """
        if word in ("de", "à"):
            return self.de if word == "de" else self.a
        following = self.le
        if word.endswith("que") and self.article is Article.NONE and self.elided:
            return f"{word[:-1]}{APOSTROPHE}{following}"
        return f"{word} {following}"

    @property
    def Le(self) -> str:
        """`le` at the start of a sentence: "Le CNRS", "L’Université…"."""
        return capitalize(self.le)

    @property
    def De(self) -> str:
        """`de` at the start of a sentence: "Du CNRS", "D’Inria"."""
        return capitalize(self.de)

    @property
    def A(self) -> str:
        """`a` at the start of a sentence: "Au CNRS", "À l’Université…"."""
        return capitalize(self.a)

    @property
    def pronoun(self) -> str:
        """The subject pronoun standing for the institution: il, elle, ils, elles."""
        base = "il" if self.gender == "m" else "elle"
        return base + "s" if self.plural else base

    @property
    def il(self) -> str:
        """Same as `pronoun`."""
        return self.pronoun

    def adj(self, masc: str, fem: str, masc_pl: str | None = None, fem_pl: str | None = None) -> str:
        """The adjective (or participle) agreeing with the institution.

        ``adj("présent", "présente")`` → présent, présente, présents or présentes. Plurals default
        to the singular plus "s" (unchanged after s, x, z).
        """
        if not self.plural:
            return masc if self.gender == "m" else fem
        if self.gender == "m":
            return masc_pl if masc_pl is not None else _plural(masc)
        return fem_pl if fem_pl is not None else _plural(fem)


def _plural(word: str) -> str:
    return word if word.endswith(("s", "x", "z")) else word + "s"


def capitalize(form: str) -> str:
    """Upper-case the first letter only: "l’Université" → "L’Université", "à l’…" → "À l’…"."""
    for i, char in enumerate(form):
        if char.isalpha():
            return form[:i] + char.upper() + form[i + 1 :]
    return form


# --- inference ---------------------------------------------------------------------------------


def _noun(word: str) -> tuple[Gender, bool] | None:
    """Gender and number of a folded first word, if it is a known noun (or its plural)."""
    if word in _NOUNS:
        return _NOUNS[word]
    if word.endswith("aux") and word[:-3] + "al" in _NOUNS:
        return (_NOUNS[word[:-3] + "al"][0], True)
    if word.endswith("eaux") and word[:-1] in _NOUNS:
        return (_NOUNS[word[:-1]][0], True)
    if word.endswith(("s", "x")) and word[:-1] in _NOUNS:
        return (_NOUNS[word[:-1]][0], True)
    return None


def _with_article(name: str, gender: Gender, plural: bool) -> FrenchName:
    article = Article.LES if plural else (Article.LE if gender == "m" else Article.LA)
    return FrenchName(name=name, article=article, gender=gender, plural=plural)


def _from_entry(name: str, entry: _Entry) -> FrenchName:
    article, gender, plural, proper = entry
    return FrenchName(name=name, article=article, gender=gender, plural=plural, proper_article=proper)


def _by_first_word(name: str) -> FrenchName | None:
    """Rules 4 and 5: a noun, a leading adjective, an acronym."""
    token = name.split(" ", 1)[0].strip(",;:")
    folded = name_key(token)
    head = name_key(_first_word(token))
    found = _noun(folded) or _noun(head)
    if found is not None:
        return _with_article(name, *found)
    if head in _ADJECTIVES:
        return _with_article(name, *_ADJECTIVES[head])
    compact = folded.replace("-", "")
    if compact in _ACRONYMS:
        return _from_entry(name, _ACRONYMS[compact])
    if _ACRONYM_TOKEN.match(token):
        if compact.startswith(("a", "u", "en", "eh", "es")):
            return _with_article(name, "f", False)
        return _with_article(name, "m", False)
    return None


def infer(name: str) -> FrenchName:
    """Article, gender and number of an institution name, guessed from the name alone.

    See the module's docstring for the rules. Raises ValueError on an empty name.
    """
    name = " ".join(name.replace("'", APOSTROPHE).split())
    if not name:
        raise ValueError("an institution name cannot be empty")
    key = name_key(name)

    # 1. whole names
    if key in _KNOWN:
        return _from_entry(name, _KNOWN[key])

    # 2. a leading article
    match = _LEADING_ARTICLE.match(name)
    if match:
        rest = name[match.end() :]
        city = next((c for c in _ARTICLE_CITIES if key == c or key.startswith(c + " ")), None)
        if city is not None and key != city:
            # the city begins a brand name: "Le Mans Université"
            gender: Gender = "f" if key.endswith(" universite") else "m"
            return FrenchName(name=name, article=Article.NONE, gender=gender, plural=False)
        proper = city is not None or key in _ARTICLE_TITLES
        written = (match.group(1) or match.group(2)).casefold()
        guessed = _by_first_word(rest)
        if written == "l":
            gender = guessed.gender if guessed is not None else "m"
            article = Article.LE if gender == "m" else Article.LA
            return FrenchName(
                name=rest, article=article, gender=gender, plural=False, elide=True, proper_article=proper
            )
        if written == "les":
            gender = guessed.gender if guessed is not None else "m"
            return FrenchName(
                name=rest, article=Article.LES, gender=gender, plural=True, proper_article=proper
            )
        article = Article(written)
        return FrenchName(
            name=rest,
            article=article,
            gender="m" if article is Article.LE else "f",
            plural=False,
            elide=False if starts_with_vowel_sound(rest) else None,
            proper_article=proper,
        )

    # 3. "<Place> Université"
    if key.endswith((" universite", " university")):
        return FrenchName(name=name, article=Article.NONE, gender="f", plural=False)

    # 4, 5. a noun, an adjective, an acronym
    found = _by_first_word(name)
    if found is not None:
        return found

    # 6. no article
    return FrenchName(name=name, article=Article.NONE, gender="m", plural=False)


_ARTICLE_OVERRIDES: dict[str, Article | None] = {
    "le": Article.LE,
    "la": Article.LA,
    "les": Article.LES,
    "l'": None,
    "l’": None,
    "none": Article.NONE,
    "": Article.NONE,
}


def french_name(
    name: str,
    *,
    article: str | None = None,
    gender: str | None = None,
    plural: bool | None = None,
    proper_article: bool | None = None,
) -> FrenchName:
    """`infer`, then overrides.

    ``article``: "le", "la", "l'" (or "l’": elided, le or la by gender), "les", "none" or "" (no
    article; the name is then kept whole, with any article it began with). ``gender``: "m" or "f".
    "le" and "la" imply a gender and the singular, "les" the plural, unless given too.
    """
    inferred = infer(name)
    if gender is not None and gender not in ("m", "f"):
        raise ValueError(f"gender must be 'm' or 'f', not {gender!r}")
    new_gender: Gender = inferred.gender if gender is None else ("m" if gender == "m" else "f")
    new_plural = inferred.plural if plural is None else plural
    new_name = inferred.name
    elide = inferred.elide
    proper = inferred.proper_article if proper_article is None else proper_article
    if article is None:
        new_article = inferred.article
        if new_article is not Article.NONE:
            new_article = Article.LES if new_plural else (Article.LE if new_gender == "m" else Article.LA)
    else:
        folded = article.strip().casefold()
        if folded not in _ARTICLE_OVERRIDES:
            raise UsageError(UsageProblem.UNKNOWN_ARTICLE, option="article", article=article)
        chosen = _ARTICLE_OVERRIDES[folded]
        if chosen is Article.NONE:
            new_name = " ".join(name.replace("'", APOSTROPHE).split())
            new_article, elide = Article.NONE, None
            proper = False if proper_article is None else proper_article
        elif chosen is Article.LES:
            new_article = Article.LES
            new_plural = True if plural is None else plural
        else:
            if chosen is None:  # l': le or la by gender, elided
                elide = True
                chosen = Article.LE if new_gender == "m" else Article.LA
            elif gender is None:
                new_gender = "m" if chosen is Article.LE else "f"
            new_article = chosen
            new_plural = False if plural is None else plural
    return FrenchName(
        name=new_name,
        article=new_article,
        gender=new_gender,
        plural=new_plural,
        elide=elide,
        proper_article=proper,
    )


# --- the sender's agreement --------------------------------------------------------------------


def sender_agreement(text_m: str, text_f: str, gender: Literal["m", "f", "n"]) -> str:
    """The sender's agreement: masculine, feminine, or an inclusive form ("n").

    The inclusive form uses the point médian where the feminine extends the masculine
    ("permanent·e"; in the plural "présents"/"présentes" → "présent·es"), else both forms
    ("chercheur / chercheuse").
    """
    if gender == "m":
        return text_m
    if gender == "f":
        return text_f
    if text_m == text_f:
        return text_m
    if text_f.startswith(text_m):
        return f"{text_m}{MIDDLE_DOT}{text_f[len(text_m) :]}"
    if text_m.endswith("s") and text_f.endswith("s") and text_f[:-1].startswith(text_m[:-1]):
        stem = text_m[:-1]
        return f"{stem}{MIDDLE_DOT}{text_f[len(stem) :]}"
    return f"{text_m} / {text_f}"
