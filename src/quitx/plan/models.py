"""The plan's data: phases of dated steps, each with why, how, artifacts, a status and its evidence."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Literal

from pydantic import Field

from ..i18n import Language
from ..models import Institution
from ..models.base import _Frozen

__all__ = ["Artifact", "MigrationPlan", "PlanOptions", "PlanPhase", "PlanStep", "StepStatus"]


class StepStatus(StrEnum):
    DONE = "done"
    TODO = "todo"
    CANNOT_TELL = "cannot_tell"


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


class PlanPhase(_Frozen):
    id: str
    title: str
    steps: tuple[PlanStep, ...]


class PlanOptions(_Frozen):
    language: Language = "fr"
    start: dt.date | None = None  # None: today
    # how long X stays visible but dormant before it is archived (never deleted)
    keep_x_until_days: int = Field(default=90, ge=0, le=3650)
    own_instance: bool | None = None  # None: an option for large institutions, not the recommendation


class MigrationPlan(_Frozen):
    schema_version: Literal[1] = 1
    institution: Institution
    language: Language
    start: dt.date
    x_dormant_until: dt.date  # the archive day of X and Meta accounts
    checked_at: dt.datetime | None = None  # the report's; None when not checked
    phases: tuple[PlanPhase, ...]
    recommended_instance: str | None = None
    instance_reasons: tuple[str, ...] = ()

    @property
    def steps(self) -> tuple[PlanStep, ...]:
        return tuple(step for phase in self.phases for step in phase.steps)

    def step(self, step_id: str) -> PlanStep:
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(step_id)
