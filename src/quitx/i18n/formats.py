"""Dates, numbers, lists and counts as each language writes them (the one table of month names)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .messages import Language

__all__ = [
    "MONTHS",
    "NARROW_NBSP",
    "NBSP",
    "format_date",
    "format_number",
    "join",
    "punctuation",
    "quote",
    "singular",
]

NBSP = "\u00a0"  # French puts it before a colon
NARROW_NBSP = "\u202f"  # French groups digits with it (1 200), and puts it before ; ? ! and inside « »

MONTHS: Mapping[str, tuple[str, ...]] = {
    "fr": (
        "janvier", "février", "mars", "avril", "mai", "juin",
        "juillet", "août", "septembre", "octobre", "novembre", "décembre",
    ),
    "en": (
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ),
}  # fmt: skip


def format_date(day: dt.date, language: Language) -> str:
    """ "3 novembre 2026" ("1er" for the first), "3 November 2026"."""
    if language == "fr":
        number = "1er" if day.day == 1 else str(day.day)
        return f"{number} {MONTHS['fr'][day.month - 1]} {day.year}"
    return f"{day.day} {MONTHS['en'][day.month - 1]} {day.year}"


def format_number(n: int, language: Language) -> str:
    """1 200 (narrow no-break space) in French, 1,200 in English."""
    grouped = f"{n:,}"
    return grouped.replace(",", NARROW_NBSP) if language == "fr" else grouped


def join(items: Sequence[str], word: str) -> str:
    """ "X, Facebook et Instagram": commas, and ``word`` before the last (no serial comma)."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {word} {items[-1]}"


def singular(n: int, language: Language) -> bool:
    """Whether ``n`` takes the singular: 0 and 1 in French, only 1 in English."""
    return n <= 1 if language == "fr" else n == 1


def punctuation(mark: str, language: Language) -> str:
    """``mark`` between words: French puts a no-break space before the colon (U+00A0) and a narrow
    one before ; ? ! (U+202F), English no space (": "); a plain space after."""
    if language == "fr" and mark in ":;?!":
        return f"{NBSP if mark == ':' else NARROW_NBSP}{mark} "
    return f"{mark} "


def quote(text: str, language: Language) -> str:
    """``text`` quoted: « text » in French (narrow no-break spaces inside), 'text' in English."""
    return f"«{NARROW_NBSP}{text}{NARROW_NBSP}»" if language == "fr" else f"'{text}'"
