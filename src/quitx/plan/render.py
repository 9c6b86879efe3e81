"""The plan as a document: blocks (the letter appends them), then Markdown, text, HTML or JSON."""

from __future__ import annotations

from typing import Literal

from ..doc import (
    Block,
    Bullets,
    Code,
    Document,
    Heading,
    Inline,
    Paragraph,
    Strong,
    Text,
    code_spans,
    plain,
    to_markdown,
    to_text,
)
from ..errors import UsageError
from ..i18n import Lang
from ..i18n.common import STEP_STATUS
from ..i18n.french import french_name
from ..page import to_html
from . import wording as W
from .models import MigrationPlan, PlanStep, StepStatus

__all__ = ["PLAN_FORMATS", "PlanFormat", "plan_blocks", "render_plan"]


def _labelled(label: str, text: str) -> Paragraph:
    # the space stays outside the Strong: "**Label :** text" is emphasis in Markdown, "**Label : **" is not
    return Paragraph(children=(Strong(children=(Text(text=label.rstrip()),)), *code_spans(" " + text)))


def plan_blocks(plan: MigrationPlan) -> list[Block]:
    """The plan as document blocks; every piece of plan text is an inert Text node."""
    t = Lang(plan.language)
    name = plan.institution.name
    # the name as the title wants it: "de l’Université Exemple" (its article contracted), "Université Exemple"
    of_name = french_name(name).de if t.code == "fr" else name
    title = t(W.PLAN_TITLE, of_name=of_name)
    blocks: list[Block] = [
        Heading(level=1, children=(Text(text=title),)),
        _labelled(t(W.START_LABEL), t.date(plan.start)),
    ]
    if plan.checked_at is not None:
        blocks.append(_labelled(t(W.CHECKED_ON_LABEL), t.date(plan.checked_at.date())))
    else:
        blocks.append(
            _labelled(
                t(W.PRESENCE_LABEL),
                t(W.NOT_CHECKED_OFFLINE),
            )
        )
    if plan.recommended_instance:
        blocks.append(
            _labelled(
                t(W.PROPOSED_INSTANCE_LABEL),
                plan.recommended_instance,
            )
        )
    for phase in plan.phases:
        blocks.append(Heading(level=2, children=(Text(text=phase.title),)))
        for step in phase.steps:
            blocks.extend(_step_blocks(step, t))
    return blocks


def _step_blocks(step: PlanStep, t: Lang) -> list[Block]:
    status: list[Inline] = [
        Strong(children=(Text(text=t(W.STATUS_LABEL)),)),
        Text(text=" " + t(STEP_STATUS[step.status])),
    ]
    if step.due is not None:
        status.append(Text(text=" — " + t(W.DUE, day=t.date(step.due))))
    out: list[Block] = [
        Heading(level=3, children=(Text(text=step.title),)),
        Paragraph(children=tuple(status)),
    ]
    if step.evidence:
        out.append(
            _labelled(
                t(W.FOUND_LABEL),
                t.sep(";").join(step.evidence),
            )
        )
    out.append(Paragraph(children=tuple(code_spans(step.why))))
    if step.status is StepStatus.DONE:
        return out  # what to do and paste stays in the model (JSON), not in the document
    if step.how:
        out.append(Bullets(items=tuple(tuple(code_spans(h)) for h in step.how)))
    out.extend(Code(text=a.content, label=a.label) for a in step.artifacts)
    return out


PlanFormat = Literal["md", "txt", "html", "json"]
PLAN_FORMATS: tuple[PlanFormat, ...] = ("md", "txt", "html", "json")


def render_plan(plan: MigrationPlan, fmt: PlanFormat = "md") -> str:
    """The plan as Markdown, plain text (links as numbered notes), a standalone HTML page (titled
    with the plan's heading) or JSON (the whole model, artifacts of done steps included)."""
    if fmt == "json":
        return plan.model_dump_json(indent=2) + "\n"
    blocks = plan_blocks(plan)
    if fmt == "txt":
        return to_text(blocks)
    if fmt == "html":
        first = blocks[0] if blocks else None
        subject = plain(first.children) if isinstance(first, Heading) else plan.institution.name
        return to_html(Document(subject=subject, blocks=tuple(blocks)), lang=plan.language)
    if fmt == "md":
        return to_markdown(blocks)
    raise UsageError(f"no plan format {fmt!r}: expected one of {', '.join(PLAN_FORMATS)}", option="fmt")
