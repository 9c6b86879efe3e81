"""Working days: the plan's dates fall on them only — never a weekend, a public holiday or the
end-of-year break.

French public holidays are computed, the movable ones from Easter (Lundi de Pâques, Ascension, Lundi
de Pentecôte). Alsace and Moselle add Good Friday and 26 December: 26 December is inside the break
anyway, Good Friday is not counted (one day a year in three départements). Other countries get the
weekends and the break only, with 1 January and 25 December, which fall in it.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

__all__ = [
    "ACTIVE_WORKING_DAYS",
    "DECISION_DELAY_DAYS",
    "default_start",
    "easter",
    "is_working_day",
    "public_holidays",
    "working_day_on_or_after",
    "working_days_after",
]

# from the letter to the first day of the plan: time for the management to read, decide and say so
DECISION_DELAY_DAYS = 21

# the end-of-year break, inclusive: most services are closed or skeleton-staffed, and an
# announcement posted then reaches nobody
_BREAK_FROM = (12, 22)
_BREAK_UNTIL = (1, 2)


def easter(year: int) -> dt.date:
    """Easter Sunday in the Gregorian calendar (the anonymous algorithm: Meeus, Jones, Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741 — the algorithm's own name
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


@cache
def public_holidays(year: int, country: str = "FR") -> frozenset[dt.date]:
    """The public holidays of ``year``: the eleven French ones for France, else New Year's Day and
    Christmas only (the break covers both)."""
    fixed = [(1, 1), (12, 25)]
    if country.upper() != "FR":
        return frozenset(dt.date(year, m, d) for m, d in fixed)
    fixed += [(5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11)]
    sunday = easter(year)
    movable = [sunday + dt.timedelta(days=n) for n in (1, 39, 50)]  # Pâques, Ascension, Pentecôte
    return frozenset([*(dt.date(year, m, d) for m, d in fixed), *movable])


def _in_break(day: dt.date) -> bool:
    md = (day.month, day.day)
    return md >= _BREAK_FROM or md <= _BREAK_UNTIL


def is_working_day(day: dt.date, country: str = "FR") -> bool:
    """Monday to Friday, not a public holiday, not in the end-of-year break."""
    return day.weekday() < 5 and not _in_break(day) and day not in public_holidays(day.year, country)


def working_day_on_or_after(day: dt.date, country: str = "FR") -> dt.date:
    while not is_working_day(day, country):
        day += dt.timedelta(days=1)
    return day


def working_days_after(day: dt.date, n: int, country: str = "FR") -> dt.date:
    """The ``n``-th working day after ``day`` (``day`` itself for 0, moved to a working day)."""
    day = working_day_on_or_after(day, country)
    for _ in range(n):
        day = working_day_on_or_after(day + dt.timedelta(days=1), country)
    return day


# the plan's three active weeks, in working days after the first: kept clear of the break by default
ACTIVE_WORKING_DAYS = 14


def default_start(written: dt.date, country: str = "FR") -> dt.date:
    """The first day of the plan when none is given: the first Monday at least `DECISION_DELAY_DAYS`
    after the letter is written (its first working day, if it is a holiday), or the first working
    day after the end-of-year break when the three active weeks would run into it."""
    day = written + dt.timedelta(days=DECISION_DELAY_DAYS)
    start = working_day_on_or_after(day + dt.timedelta(days=(7 - day.weekday()) % 7), country)
    end = working_days_after(start, ACTIVE_WORKING_DAYS, country)
    if any(_in_break(start + dt.timedelta(days=n)) for n in range((end - start).days)):
        start = working_day_on_or_after(dt.date(end.year, *_BREAK_UNTIL) + dt.timedelta(days=1), country)
    return start
