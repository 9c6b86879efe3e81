"""English names of institutions: "the CNRS", "the University of Oxford", "Inria"."""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict

from .french import ACRONYM_KEYS, APOSTROPHE, Article, infer, name_key

__all__ = ["EnglishName", "english_name"]

# English: acronyms spoken as words (no "the"), and first words that call for "the".
_EN_WORD_ACRONYMS = frozenset(
    str.split(
        "unesco unicef nasa nato cern inserm inrae inra ifremer onera ademe cirad insead essec inalco "
        "ircam inrap anses arcom arcep ined insee unedic urssaf afnor andra anah otan genci cerema "
        "ineris mit ucla nyu ucl epfl eth kth ibm"
    )
)
_EN_THE_WORDS = frozenset(
    str.split(
        "university institute museum library ministry department agency office council centre center "
        "school foundation court bank national french european international royal british american "
        "federal united world academy observatory archives commission committee authority conservatory "
        "hospital city region state house senate parliament assembly secretariat board society "
        "association federation union organisation organization league directorate"
    )
)


class EnglishName(BaseModel):
    """An institution name in English, with or without "the"."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    article: bool

    @property
    def the(self) -> str:
        """ "the CNRS", "the University of Oxford", "Inria", "Sorbonne Université"."""
        return f"the {self.name}" if self.article else self.name

    @property
    def capital_the(self) -> str:
        """`the` at the start of a sentence: "The CNRS", "Inria"."""
        return f"The {self.name}" if self.article else self.name

    @property
    def of(self) -> str:
        """ "of the CNRS", "of Inria"."""
        return f"of {self.the}"


def english_name(name: str) -> EnglishName:
    """The English form: "the" for institutions named by a common noun or an initialism.

    A leading "The" is kept as the article; a French article becomes "the" unless it belongs to a
    proper name ("La Poste", "Le Monde"); acronyms spoken as words take none ("Inserm", "UNESCO");
    names used without article in French take none in English ("Inria", "Sciences Po").
    """
    name = " ".join(name.replace("'", APOSTROPHE).split())
    if not name:
        raise ValueError("an institution name cannot be empty")
    if re.match(r"(?i)^the\s+\S", name):
        return EnglishName(name=name.split(" ", 1)[1], article=True)
    first = name.split(" ", 1)[0]
    first_key = name_key(first)
    if first_key in _EN_THE_WORDS:
        return EnglishName(name=name, article=True)
    french = infer(name)
    if french.article is Article.NONE or french.proper_article:
        full = name if french.proper_article else french.name
        return EnglishName(name=full, article=False)
    head = name_key(french.name.split(" ", 1)[0]).replace("-", "")
    spoken_as_word = head in _EN_WORD_ACRONYMS or (
        head in ACRONYM_KEYS and len(head) >= 4 and first[:1].isupper() and first[1:].islower()
    )
    return EnglishName(name=french.name, article=not spoken_as_word)
