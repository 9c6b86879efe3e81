"""Working days: weekends, French public holidays (Easter's too) and the end-of-year break."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quitx.models import Institution
from quitx.plan import PlanOptions, build_plan
from quitx.plan.workdays import default_start, easter, is_working_day, public_holidays, working_days_after


@pytest.mark.parametrize(
    ("year", "sunday"),
    [
        (2024, dt.date(2024, 3, 31)),
        (2025, dt.date(2025, 4, 20)),
        (2026, dt.date(2026, 4, 5)),
        (2027, dt.date(2027, 3, 28)),
    ],
)
def test_easter(year: int, sunday: dt.date) -> None:
    assert easter(year) == sunday


def test_the_eleven_french_holidays() -> None:
    days = public_holidays(2026)
    assert len(days) == 11
    # Easter Monday, Ascension, Whit Monday
    assert {dt.date(2026, 4, 6), dt.date(2026, 5, 14), dt.date(2026, 5, 25)} <= days
    assert dt.date(2026, 7, 14) in days and dt.date(2026, 11, 11) in days
    assert public_holidays(2026, "BE") == {dt.date(2026, 1, 1), dt.date(2026, 12, 25)}


def test_no_weekend_holiday_or_break() -> None:
    assert not is_working_day(dt.date(2026, 3, 7))  # a Saturday
    assert not is_working_day(dt.date(2026, 5, 1))
    assert not is_working_day(dt.date(2026, 12, 22)) and not is_working_day(dt.date(2027, 1, 1))
    assert is_working_day(dt.date(2027, 1, 4))
    assert working_days_after(dt.date(2026, 12, 18), 1) == dt.date(2026, 12, 21)
    assert working_days_after(dt.date(2026, 12, 21), 1) == dt.date(2027, 1, 4)


def test_the_default_start_leaves_three_weeks_and_avoids_the_break() -> None:
    assert default_start(dt.date(2026, 3, 4)) == dt.date(2026, 3, 30)  # a Monday, 26 days later
    # written on 20 November: three active weeks from 14 December would run into the break
    assert default_start(dt.date(2026, 11, 20)) == dt.date(2027, 1, 4)


@settings(deadline=None, max_examples=60)  # a plan takes some milliseconds to build
@given(st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2035, 12, 31)), st.integers(0, 400))
def test_no_date_of_a_plan_falls_on_a_day_off(written: dt.date, keep: int) -> None:
    plan = build_plan(
        Institution(name="Université Exemple", domain="univ-exemple.fr"),
        PlanOptions(written_on=written, keep_x_until_days=keep),
    )
    days = [plan.start, plan.x_dormant_until, *(s.due for s in plan.steps if s.due)]
    days += [d for p in plan.phases for d in (p.start, p.end) if d]
    assert all(is_working_day(day) for day in days)
    assert plan.start > written
    # the three active weeks stay clear of the break
    active_end = plan.step("announce").due
    assert active_end is not None and (active_end - plan.start).days < 30
