"""Typography as each language prints it, applied by code to text already filled in.

The letter's French follows the usage of the *Lexique des règles typographiques en usage à
l’Imprimerie nationale*: a no-break space (U+00A0) before the colon, a narrow no-break space
(U+202F) before ; ! ? and inside « », the typographic apostrophe (’), a narrow no-break space
between groups of three digits (20 000), a no-break space between a day and its month (7 décembre).
English gets its typographic apostrophe only.

It runs on text after the values are in, so that a user's templates and claims files (typed with
ordinary spaces and apostrophes) print as ours do. It never touches what must stay as typed: URLs,
e-mail addresses, handles (@name, @name@host), DIDs and AT URIs, times (14:30), HTML attributes
(rel="me"), and code blocks (which never come here). Applying it twice changes nothing.
"""

from __future__ import annotations

import re

from .formats import MONTHS, NARROW_NBSP
from .messages import Language

__all__ = ["NBSP", "NNBSP", "PROTECTED", "typeset"]

NBSP = "\u00a0"
NNBSP = NARROW_NBSP

# what typography never touches (the letter lint skips the same spans)
PROTECTED = re.compile(
    r"https?://\S+"
    r"|mailto:\S+"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # an e-mail address
    r"|@[\w.-]+(?:@[\w.-]+)?"  # a handle: @name, @name@host, @domain.tld
    r"|\b(?:did:[a-z]+:\S+|at://\S+)"
    r"|\b\d{1,2}:\d{2}\b"  # a time
    r"|[\w:-]+=\"[^\"]*\""  # an HTML attribute: rel="me"
    r"|\$\{\w+\}"  # a placeholder left for the reader of a template
)

_SPACES = "[ \u00a0\u202f]*"
_APOSTROPHE = re.compile(r"(?<=[^\W\d_])'(?=[^\W\d_])")
_COLON = re.compile(_SPACES + r"(?<!:):(?=[ \t\r\n\u00a0]|$)")  # not "::", nor ": ;" typeset
_MARK = re.compile(_SPACES + r"(?<![;!?])([;!?])")
_OPEN_QUOTE = re.compile("«" + _SPACES)
_CLOSE_QUOTE = re.compile(_SPACES + "»")
_THOUSANDS = re.compile(r"(?<=\d)[ \u00a0](?=\d{3}(?!\d))")
_DAY_MONTH = re.compile(r"\b(\d{1,2}|1er)[ \u202f](" + "|".join(MONTHS["fr"]) + r")\b")
_EN_APOSTROPHE = re.compile(r"(?<=\w)'")


def _french(chunk: str) -> str:
    chunk = _APOSTROPHE.sub("’", chunk)
    chunk = _COLON.sub(NBSP + ":", chunk)
    chunk = _MARK.sub(NNBSP + r"\1", chunk)
    chunk = _OPEN_QUOTE.sub("«" + NNBSP, chunk)
    chunk = _CLOSE_QUOTE.sub(NNBSP + "»", chunk)
    chunk = _THOUSANDS.sub(NNBSP, chunk)
    return _DAY_MONTH.sub(r"\1" + NBSP + r"\2", chunk)


def _english(chunk: str) -> str:
    return _EN_APOSTROPHE.sub("’", chunk)


def typeset(text: str, language: Language, *, first: bool = True) -> str:
    """``text`` as ``language`` prints it. ``first``: the text begins its paragraph (or line), so a
    mark it starts with gets no space before it; ``False`` when it follows other text or a link."""
    rule = _french if language == "fr" else _english
    out: list[str] = []
    last = 0
    for match in PROTECTED.finditer(text):
        out.append(rule(text[last : match.start()]))
        out.append(match.group(0))
        last = match.end()
    out.append(rule(text[last:]))
    result = "".join(out)
    if first:
        result = result.lstrip(NBSP + NNBSP)
    return result
