"""render_letter: the letter in each format, with the plan as a section of it."""

from __future__ import annotations

import datetime as dt
import email
import email.policy

import pytest
from tests.unit.letter.letters import CNRS, DATE, absent

from quitx.letter.render import render_letter
from quitx.plan import PlanOptions, build_plan


def test_the_plan_is_a_section_of_the_letter() -> None:
    plan = build_plan(absent(), PlanOptions(start=DATE))
    markdown = render_letter(absent(), plan, sender="Marie Curie", date=DATE)
    assert "\n# Plan de migration" not in markdown  # its title goes one level down
    assert "\n## Plan de migration du CNRS\n" in markdown
    assert "\n### Semaine 1\u00a0: réserver les noms et choisir une instance\n" in markdown
    assert "Marie Curie" in markdown
    assert "Plan de migration" not in render_letter(absent(), sender="Marie Curie", date=DATE)


def test_an_email_is_dated_with_the_letter() -> None:
    eml = render_letter(CNRS, fmt="eml", date=dt.date(2026, 3, 1), to="direction@cnrs.fr")
    message = email.message_from_string(eml, policy=email.policy.default)
    assert message["Date"] == "Sun, 01 Mar 2026 09:00:00 +0000"
    assert message["To"] == "direction@cnrs.fr" and message["From"] is None
    assert eml == render_letter(CNRS, fmt="eml", date=dt.date(2026, 3, 1), to="direction@cnrs.fr")


def test_the_call_of_quitx_0_1_says_what_changed() -> None:
    with pytest.raises(TypeError, match="the institution comes from the report"):
        render_letter(CNRS, absent())  # type: ignore[arg-type]
