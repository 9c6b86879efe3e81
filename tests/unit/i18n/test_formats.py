"""quitx.i18n.formats: the one table of month names, numbers, lists, the plural rule, punctuation."""

from __future__ import annotations

import datetime as dt

import pytest

from quitx.i18n.formats import MONTHS, format_date, format_number, join, punctuation, quote, singular


@pytest.mark.parametrize(
    ("day", "fr", "en"),
    [
        (dt.date(2026, 1, 1), "1er janvier 2026", "1 January 2026"),
        (dt.date(2026, 2, 2), "2 février 2026", "2 February 2026"),
        (dt.date(2026, 8, 15), "15 août 2026", "15 August 2026"),
        (dt.date(2026, 12, 31), "31 décembre 2026", "31 December 2026"),
    ],
)
def test_dates(day: dt.date, fr: str, en: str) -> None:
    assert format_date(day, "fr") == fr and format_date(day, "en") == en


def test_twelve_months_in_each_language() -> None:
    assert [len(MONTHS[lang]) for lang in ("fr", "en")] == [12, 12]
    assert all(m.islower() for m in MONTHS["fr"]) and all(m[0].isupper() for m in MONTHS["en"])


def test_numbers() -> None:
    assert format_number(7, "fr") == "7" and format_number(1_234_567, "fr") == "1\u202f234\u202f567"
    assert format_number(1_234_567, "en") == "1,234,567"


def test_lists() -> None:
    assert join([], "et") == "" and join(["a"], "et") == "a"
    assert join(["a", "b"], "et") == "a et b" and join(["a", "b", "c"], "and") == "a, b and c"


def test_french_counts_zero_as_singular() -> None:
    assert [singular(n, "fr") for n in (0, 1, 2)] == [True, True, False]
    assert [singular(n, "en") for n in (0, 1, 2)] == [False, True, False]


def test_high_punctuation_is_spaced_in_french_only() -> None:
    assert [punctuation(m, "fr") for m in ":;?!,"] == ["\u00a0: ", "\u202f; ", "\u202f? ", "\u202f! ", ", "]
    assert [punctuation(m, "en") for m in ":;"] == [": ", "; "]


def test_a_value_is_quoted_as_each_language_quotes() -> None:
    assert quote("x y", "fr") == "«\u202fx y\u202f»" and quote("x y", "en") == "'x y'"
