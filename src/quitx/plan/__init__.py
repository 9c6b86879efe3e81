"""The migration plan: from what ``quitx check`` found to dated steps, with ready-to-paste artifacts.

`build_plan` turns a report (or, offline, an institution) into a `MigrationPlan`; `render_plan`
writes its technical annex as Markdown, text, an HTML page or JSON; `summary_blocks` gives the
decision summary a letter ends with, `plan_blocks` / `annex_document` the annex.
"""

from .build import build_plan
from .models import (
    Artifact,
    DecisionSummary,
    Effort,
    MigrationPlan,
    PlanOptions,
    PlanPhase,
    PlanStep,
    Risk,
    Stage,
    StepStatus,
    Team,
)
from .render import (
    PLAN_FORMATS,
    PlanFormat,
    annex_document,
    plan_blocks,
    render_plan,
    status_tones,
    summary_blocks,
)
from .week3 import announcement_text

__all__ = [
    "PLAN_FORMATS",
    "Artifact",
    "DecisionSummary",
    "Effort",
    "MigrationPlan",
    "PlanFormat",
    "PlanOptions",
    "PlanPhase",
    "PlanStep",
    "Risk",
    "Stage",
    "StepStatus",
    "Team",
    "annex_document",
    "announcement_text",
    "build_plan",
    "plan_blocks",
    "render_plan",
    "status_tones",
    "summary_blocks",
]
