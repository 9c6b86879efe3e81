"""What apply can do, and the options each step needs: the sector steps need the batch and a name
Bluesky accepts."""

from __future__ import annotations

import pytest
from tests.unit.apply.support import _report

from quitx.apply import ProfileRequest, SectorRequest
from quitx.apply.steps import SECTOR_STEPS, STEPS, check_steps
from quitx.errors import UsageError


def test_the_sector_steps_are_steps() -> None:
    assert set(SECTOR_STEPS) <= set(STEPS)


def test_a_sector_step_needs_the_batch() -> None:
    with pytest.raises(UsageError) as caught:
        check_steps(["mastodon-sector-list"], ProfileRequest(), ())
    assert caught.value.option == "--sector" and "--title" in str(caught.value)


def test_a_bluesky_list_name_has_64_characters_at_most() -> None:
    long = SectorRequest(reports=(_report(),), title="x" * 65)
    with pytest.raises(UsageError) as caught:
        check_steps(["bluesky-sector-list"], ProfileRequest(), (), long)
    assert caught.value.option == "--title"
    assert check_steps(["mastodon-sector-list"], ProfileRequest(), (), long) == ["mastodon-sector-list"]
    fits = long.model_copy(update={"title": "x" * 64})
    assert check_steps(SECTOR_STEPS, ProfileRequest(), (), fits) == list(SECTOR_STEPS)
