"""How quitx writes French: one rule, on the terminal as in its documents; and `typeset`, which
applies it to a document's whole text.

**The rule.** Every French word quitx writes for a person — on the terminal (messages, errors,
warnings, hints, tables, prompts, the batch's summary), in a CSV cell, and in its documents
(letters, plans, web pages, PDFs, ``summary.html``, the observatory's Markdown, HTML and Atom
reports, the QuickStatements review) — follows the usage of the *Lexique des règles
typographiques en usage à l’Imprimerie nationale*:

* a no-break space (U+00A0) before the colon: ``erreur : …``;
* a narrow no-break space (U+202F) before ``;``, ``!`` and ``?``, and inside « » — the way a French
  sentence quotes a value (`quitx.i18n.Lang.quote`; English quotes it ``'value'``);
* the typographic apostrophe (’);
* a narrow no-break space between groups of three digits (``1 200``: `quitx.i18n.Lang.number`).

English puts no space before its marks and keeps the apostrophe and quotes a keyboard gives.

**On the terminal and in CSV** the messages are written typeset where they are kept (the wording
modules: ``quitx.cli.wording``, ``quitx.batch.wording``, ``quitx.apply.wording``,
``quitx.errors.wording``…, and the French of argparse's errors in ``quitx.cli.usage_words``), and a
test holds every French message of them to the rule; `quitx.i18n.Lang.sep` and
`quitx.i18n.Lang.quote` space the marks and quotes put between them the same way. The values a
message carries (file names, options, codes, remote text) go in as they are, never retyped. A
terminal wraps lines at its own width whatever the spaces, but what wraps text before it does not
(argparse's help, `textwrap`): there a colon or a « never starts a line; and a message reads the
same on the terminal, in a CSV cell, or in the page it is pasted into. The program's name that
starts a line on stderr (``quitx: erreur : …``) is no French word: it is written as every
command-line tool writes its own.

**In a document** the same, and `typeset` runs over the whole text (the plan's and the letter's
renderers), so that a user's templates and claims files, typed with ordinary spaces and
apostrophes, print as ours do; it also keeps a day with its month (``7 décembre``: U+00A0). It
never touches what must stay as typed: URLs, e-mail addresses, handles (@name, @name@host), DIDs
and AT URIs, times (14:30), HTML attributes (rel="me"), and code blocks (which never come here).
Applying it twice changes nothing. English gets its typographic apostrophe only.
"""

from __future__ import annotations

import re

from .formats import MONTHS, NARROW_NBSP, NBSP
from .messages import Language

__all__ = ["NBSP", "NNBSP", "PROTECTED", "typeset"]

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
