"""What the writers share: numbers, CSV cells, a report's codes in words."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence

from .._text import terminal_safe
from ..i18n import results as words
from ..i18n.common import REASONS
from ..i18n.messages import Lang, Msg
from ..models import Reason


def number(value: int | None) -> str:
    """A count as people read it ("1 200"), "?" when the server did not say."""
    return "?" if value is None else f"{value:,}".replace(",", " ")


def cell(text: str | None) -> str:
    """Remote text for a spreadsheet cell: inert, and never read as a formula (OWASP's advice:
    a leading ``=``, ``+``, ``-``, ``@``, tab or carriage return gets a quote before it)."""
    safe = terminal_safe(text, limit=300)
    return "'" + safe if safe[:1] in ("=", "+", "-", "@", "\t", "\r") else safe


def csv_text(columns: Sequence[str], rows: Iterable[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def count(value: int | None) -> str:
    return "" if value is None else str(value)


def word(code: str, lang: Lang) -> str:
    msg = words.WORDS.get(code)
    if msg is not None:
        return lang(msg)
    return code.replace("_", " ") if lang.code == "en" else code


def said(table: Mapping[str, Msg], code: str, lang: Lang) -> str:
    """A code of a report in words (one this version has no words for, from a report written by
    another version, as it was recorded)."""
    known = table.get(code)
    return lang(known) if known is not None else terminal_safe(code, limit=80)


def reason_words(reason: Reason, lang: Lang) -> str:
    """Why a place gave what it gave, in words ("introuvable", "délai de réponse dépassé")."""
    known = REASONS.get(reason)
    return lang(known.what) if known is not None else reason.value
