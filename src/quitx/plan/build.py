"""The migration plan: from what ``quitx check`` found to dated steps, with ready-to-paste artifacts.

Pure rules, no I/O. Each step's status comes from the report: done (with the evidence quoted),
to do, or cannot tell — an unknown verdict never becomes "to do because absent", and without a
report (offline) every status is "cannot tell" with the evidence "not checked". Remote text (handles,
field names, URLs) is validated before it goes into an artifact and is only ever plain text in blocks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from ..i18n import Msg
from ..models import Institution, Report, split_subject
from . import wording as W
from .context import Ctx
from .dormant import archive_meta, archive_x
from .home import choose_home
from .models import MigrationPlan, PlanOptions, PlanPhase, PlanStep
from .summary import decision
from .week1 import mastodon_home, secure_names
from .week2 import bluesky_domain_handle, bridge, mastodon_verification
from .week3 import announce, meta, website_links
from .workdays import working_days_after

__all__ = ["PHASES", "Phase", "build_plan"]

Step = Callable[[Ctx], PlanStep]


@dataclass(frozen=True)
class Phase:
    """A phase of the plan: its id, its title (``${until}``: the archive day), the `Timeline` day
    it ends on, and its steps in order, each a rule from the report read once (`Ctx`) to a
    `PlanStep`."""

    id: str
    title: Msg
    ends: Literal["week1", "week2", "week3", "archive"]
    steps: tuple[Step, ...]


# the plan's phases in order: a new step is a rule in its phase's module, named here
PHASES: tuple[Phase, ...] = (
    Phase("week-1", W.WEEK_1, "week1", (secure_names, mastodon_home)),
    Phase("week-2", W.WEEK_2, "week2", (bluesky_domain_handle, mastodon_verification, bridge)),
    Phase("week-3", W.WEEK_3, "week3", (website_links, announce, meta)),
    Phase("dormant", W.DORMANT, "archive", (archive_x, archive_meta)),
)


def build_plan(subject: Report | Institution | str, options: PlanOptions | None = None) -> MigrationPlan:
    """The migration plan from what a check found: ``subject`` is its `Report`, or the institution
    (or its name) when there was no check (offline: every status "cannot tell")."""
    if isinstance(options, Report | Institution):
        raise TypeError(
            "build_plan(subject, options): the institution comes from the report; "
            "build_plan(report, institution, options) is the call of quitx 0.1"
        )
    report, institution = split_subject(subject)
    options = options or PlanOptions()
    c = Ctx(report, institution, options, choose_home)
    until = c.t.date(c.dates.archive)
    phases: list[PlanPhase] = []
    first = c.dates.start
    for phase in PHASES:
        end = getattr(c.dates, phase.ends)
        steps = tuple(step(c) for step in phase.steps)
        phases.append(
            PlanPhase(id=phase.id, title=c.t(phase.title, until=until), steps=steps, start=first, end=end)
        )
        first = working_days_after(end, 1, institution.country)
    return MigrationPlan(
        institution=institution,
        language=options.language,
        start=c.dates.start,
        x_dormant_until=c.dates.archive,
        written_on=c.dates.written_on,
        checked_at=report.checked_at if report else None,
        phases=tuple(phases),
        recommended_instance=c.choice.host,
        instance_reasons=c.choice.reasons,
        summary=decision(c, phases),
        naming=options.naming,
        sector=c.sector,
    )
