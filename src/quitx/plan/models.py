"""The plan's data: phases of dated steps, each with why, how, artifacts, a status and its evidence."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Literal

from pydantic import Field

from ..i18n import Language
from ..i18n.naming import NameOptions
from ..models import Institution, InstitutionKind
from ..models.base import _Frozen

__all__ = [
    "Artifact",
    "DecisionSummary",
    "Effort",
    "MigrationPlan",
    "PlanOptions",
    "PlanPhase",
    "PlanStep",
    "Risk",
    "Stage",
    "StepStatus",
    "Team",
]


class StepStatus(StrEnum):
    DONE = "done"
    TODO = "todo"
    CANNOT_TELL = "cannot_tell"


class Team(StrEnum):
    """Who does a step: the management decides and signs off, the communication service runs the
    accounts and writes the posts, the IT (web) team touches the DNS and the website."""

    MANAGEMENT = "management"
    COMMUNICATION = "communication"
    IT = "it"


class Effort(_Frozen):
    """Work a step asks of one team, in person-days (quarter days)."""

    team: Team
    days: float = Field(ge=0, le=100)


class Artifact(_Frozen):
    """Something to paste as is: a DNS record, an HTML snippet, a post."""

    kind: Literal["dns_txt", "well_known", "html", "profile_field", "post", "url", "text"]
    label: str
    content: str


class PlanStep(_Frozen):
    id: str
    title: str
    why: str
    how: tuple[str, ...] = ()
    artifacts: tuple[Artifact, ...] = ()
    status: StepStatus
    evidence: tuple[str, ...] = ()
    due: dt.date | None = None
    # the work left (none once done), by team
    effort: tuple[Effort, ...] = ()

    @property
    def days(self) -> float:
        return sum(e.days for e in self.effort)


class PlanPhase(_Frozen):
    id: str
    title: str
    steps: tuple[PlanStep, ...]
    # its first and last working days (None in plans of quitx 0.1)
    start: dt.date | None = None
    end: dt.date | None = None


class Stage(_Frozen):
    """One of the three phases a director decides on: its dates, its length and the work it asks,
    in words."""

    title: str
    start: dt.date
    end: dt.date
    length: str
    work: str


class Risk(_Frozen):
    label: str
    text: str


class DecisionSummary(_Frozen):
    """The plan in plain words, for the person who decides: what is proposed, why now, three
    phases, the effort, who does what, the risks and how they are handled."""

    proposed: str
    why_now: tuple[str, ...]
    stages: tuple[Stage, ...]
    effort: str
    who: tuple[str, ...]
    risks: tuple[Risk, ...]


class PlanOptions(_Frozen):
    language: Language = "fr"
    # the first day of the plan, moved to a working day; None: a few weeks after ``written_on``,
    # the time for a decision (`quitx.plan.workdays.default_start`)
    start: dt.date | None = None
    written_on: dt.date | None = None  # the day the plan (and its letter) is written; None: today
    # how long X stays visible but dormant before it is archived (never deleted)
    keep_x_until_days: int = Field(default=90, ge=0, le=3650)
    own_instance: bool | None = None  # None: an option for large institutions, not the recommendation
    # the sector the words are chosen for ("la ville", "l’entreprise"), as the letter's ``sector``;
    # None: the institution's kind, else read from its name
    sector: InstitutionKind | None = None
    # the name's forms in running text and headings, as the letter's (its ``--article``,
    # ``--keep-capital``, ``--name-en``…): "de la mairie de Villeurbanne"
    naming: NameOptions = NameOptions()


class MigrationPlan(_Frozen):
    schema_version: Literal[1] = 1
    institution: Institution
    language: Language
    start: dt.date
    x_dormant_until: dt.date  # the archive day of X and Meta accounts
    written_on: dt.date | None = None  # the day it was written (None in plans of quitx 0.1)
    checked_at: dt.datetime | None = None  # the report's; None when not checked
    phases: tuple[PlanPhase, ...]
    recommended_instance: str | None = None
    instance_reasons: tuple[str, ...] = ()
    summary: DecisionSummary | None = None  # None in plans of quitx 0.1
    naming: NameOptions = NameOptions()  # how the name is written in running text (PlanOptions')
    # the sector its words were chosen for (PlanOptions', else read from the institution's kind or
    # name): "la ville"; None when none was read, and in plans written before it was kept
    sector: InstitutionKind | None = None

    @property
    def steps(self) -> tuple[PlanStep, ...]:
        return tuple(step for phase in self.phases for step in phase.steps)

    def step(self, step_id: str) -> PlanStep:
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(step_id)
