"""Messages in the languages quitx writes, and the one way to render them.

A `Msg` holds one message in every language, placeholders written ``${name}`` as in the letter's
content files; a `Lang` renders messages (and dates, numbers, lists, counts) in one language.
Catalogues are module-level `Msg` constants named for what they say (`quitx.i18n.common`, then one
wording module per package), so that a misspelt message is a type error, not a missing string.
The `Msg` record is defined in ``quitx._msg``, below every layer, so that the errors hold their
words too (`quitx.errors.wording`)::

    lang = Lang("fr")
    lang(HOME_CLOSED, host="piaille.fr", checked=lang.date(day))
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from string import Template
from typing import TYPE_CHECKING

from .._msg import LANGUAGES, Language, Msg
from .formats import format_date, format_number, join, punctuation, quote, singular

if TYPE_CHECKING:
    from ..models import Institution

__all__ = ["AND", "LANGUAGES", "OR", "Lang", "Language", "Msg", "language_of"]

AND = Msg("et", "and")
OR = Msg("ou", "or")


@dataclass(frozen=True, slots=True)
class Lang:
    """Renders messages, dates, numbers, lists and counts in one language."""

    code: Language

    def __call__(self, msg: Msg, /, **values: str) -> str:
        """``msg`` with its placeholders filled; a placeholder without a value raises (a bug)."""
        return Template(msg.text(self.code)).substitute(values)

    def template(self, msg: Msg) -> str:
        """``msg`` unfilled: for `quitx.doc.parse`, which puts values in as inert spans."""
        return msg.text(self.code)

    def date(self, day: dt.date) -> str:
        """ "1er mars 2026", "2 March 2026"."""
        return format_date(day, self.code)

    def number(self, n: int) -> str:
        """ "1 200" (narrow no-break space), "1,200"."""
        return format_number(n, self.code)

    def join(self, items: Sequence[str], word: Msg = AND) -> str:
        """ "X, Facebook et Instagram", "X, Facebook and Instagram"."""
        return join(items, word.text(self.code))

    def count(self, n: int, one: Msg, many: Msg, /, **values: str) -> str:
        """``one`` or ``many`` as the language counts ``n`` (French: 0 and 1 are singular), with
        ``${n}`` the number as written."""
        return self(one if singular(n, self.code) else many, n=self.number(n), **values)

    def sep(self, mark: str = ":") -> str:
        """A colon, semicolon, question or exclamation mark between words, spaced as the language
        wants (`quitx.i18n.typography`): " : " in French (a no-break space before), ": " in English."""
        return punctuation(mark, self.code)

    def quote(self, text: str) -> str:
        """A value quoted in a sentence: « text » in French, 'text' in English."""
        return quote(text, self.code)


def language_of(institution: Institution, override: str | None = None) -> Language:
    """The language to write in: ``override`` (an option), else the institution's; French unless
    it is English."""
    return "en" if (override or institution.language) == "en" else "fr"
