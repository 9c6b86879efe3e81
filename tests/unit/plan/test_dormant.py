"""The dormant phase: archive X and Meta, never delete them."""

from __future__ import annotations

import datetime as dt

from tests.unit.plan.reports import plan_for, report


def test_the_archive_never_comes_before_the_farewell() -> None:
    plan = plan_for(report(), keep_x_until_days=0)
    assert plan.step("archive-x").due == plan.step("announce").due
    later = plan_for(report(), keep_x_until_days=5)
    farewell = later.step("announce").due
    assert farewell is not None and later.step("archive-x").due == farewell + dt.timedelta(days=5)


def test_never_delete_x() -> None:
    archive = plan_for(report()).step("archive-x")
    assert any("Never deactivate or delete" in h for h in archive.how)
    assert any("Download the archive" in h for h in archive.how)
