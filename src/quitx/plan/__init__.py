"""The migration plan: from what ``quitx check`` found to dated steps, with ready-to-paste artifacts.

`build_plan` turns a report (or, offline, an institution) into a `MigrationPlan`; `render_plan`
writes it as Markdown, text, an HTML page or JSON; `plan_blocks` gives its document blocks (the
letter appends them).
"""

from .build import build_plan
from .models import Artifact, Effort, MigrationPlan, PlanOptions, PlanPhase, PlanStep, StepStatus, Team
from .render import PLAN_FORMATS, PlanFormat, plan_blocks, render_plan
from .week3 import announcement_text

__all__ = [
    "PLAN_FORMATS",
    "Artifact",
    "Effort",
    "MigrationPlan",
    "PlanFormat",
    "PlanOptions",
    "PlanPhase",
    "PlanStep",
    "StepStatus",
    "Team",
    "announcement_text",
    "build_plan",
    "plan_blocks",
    "render_plan",
]
