"""The plan as documents: the decision summary (the letter ends with it) and the technical annex
(the steps with every artifact, for the communication and IT teams), then Markdown, text, HTML or
JSON.

Statuses (badges, "found" lines, the timeline's status column) appear only where a check ran: an
offline plan says once that the statuses are not known, not ten times.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ..doc import (
    Badge,
    Block,
    Bullets,
    Code,
    Document,
    Heading,
    Inline,
    Paragraph,
    Strong,
    Table,
    Text,
    Tone,
    code_spans,
    plain,
    to_markdown,
    to_text,
)
from ..errors import UsageError, UsageProblem
from ..i18n import Lang, Language
from ..i18n.common import STEP_STATUS
from ..i18n.naming import names_of, of_name
from ..page import to_html
from . import wording as W
from .context import TypesetLang
from .models import MigrationPlan, PlanStep, StepStatus

__all__ = [
    "PLAN_FORMATS",
    "PlanFormat",
    "annex_document",
    "plan_blocks",
    "render_plan",
    "status_tones",
    "summary_blocks",
]

_TONE: dict[StepStatus, Tone] = {
    StepStatus.DONE: "done",
    StepStatus.TODO: "todo",
    StepStatus.CANNOT_TELL: "check",
}


def status_tones(language: Language) -> dict[str, Tone]:
    """A step's status as the annex writes it (in lower case: "à faire"), and its badge's tone: what
    `quitx.editable.with_badges` gives back its colour to, in an annex edited as text."""
    t = Lang(language)
    return {t(STEP_STATUS[status.value]).lower(): tone for status, tone in _TONE.items()}


def _labelled(label: str, text: str) -> Paragraph:
    # the space stays outside the Strong: "**Label :** text" is emphasis in Markdown, "**Label : **" is not
    return Paragraph(children=(Strong(children=(Text(text=label.rstrip()),)), *code_spans(" " + text)))


def _lead(label: str, text: str = "") -> Paragraph:
    """A paragraph opened by its subject in bold: "**Pourquoi maintenant.** La vérification…"
    (alone, it stands before its list)."""
    tail = code_spans(" " + text) if text else []
    return Paragraph(children=(Strong(children=(Text(text=label + "."),)), *tail))


_STAGE_CELLS = (W.PHASE_CELL, W.DATES_CELL, W.LENGTH_CELL, W.WORK_CELL)


def date_range(t: Lang, start: dt.date, end: dt.date) -> str:
    """ "du 2 au 13 mars 2026", "du 23 mars au 18 juin 2026": what the two days share, said once."""
    first = t.date(start)
    if start.year == end.year:
        first = first.removesuffix(f" {start.year}").removesuffix(f"\u00a0{start.year}")
        if start.month == end.month:
            first = first.split(" ")[0].split("\u00a0")[0]
    return t(W.DATE_RANGE, start=first, end=t.date(end))


def _lang(plan: MigrationPlan) -> Lang:
    return TypesetLang(plan.language)


def _of_name(plan: MigrationPlan, t: Lang) -> str:
    # the title names it as the letter's "Objet" line does: "de la mairie de Villeurbanne"
    return of_name(names_of(plan.institution.name, None, plan.naming), t.code)


# --- the decision summary ----------------------------------------------------------------------------


def summary_blocks(plan: MigrationPlan, *, level: int = 2) -> list[Block]:
    """The decision summary as blocks, its heading at ``level`` and anchored ``summary`` (a page
    starts it on a sheet of its own); empty for a plan without one (quitx 0.1)."""
    summary = plan.summary
    if summary is None:
        return []
    t = _lang(plan)
    blocks: list[Block] = [
        Heading(level=level, children=(Text(text=t(W.SUMMARY_TITLE)),), anchor="summary"),
        _lead(t(W.PROPOSED_LABEL), summary.proposed),
        _lead(t(W.WHY_NOW_LABEL), " ".join(summary.why_now)),
        Heading(level=min(level + 1, 4), children=(Text(text=t(W.PHASES_LABEL)),)),
        Table(
            header=tuple((Text(text=t(m)),) for m in _STAGE_CELLS),
            rows=tuple(
                (
                    (Text(text=stage.title),),
                    (Text(text=date_range(t, stage.start, stage.end)),),
                    (Text(text=stage.length),),
                    (Text(text=stage.work),),
                )
                for stage in summary.stages
            ),
        ),
        _lead(t(W.EFFORT_LABEL), summary.effort),
        _lead(t(W.WHO_DOES_WHAT_LABEL)),
        Bullets(items=tuple(tuple(code_spans(who)) for who in summary.who)),
        _lead(t(W.RISKS_LABEL)),
        Bullets(
            items=tuple(
                (Strong(children=(Text(text=risk.label),)), Text(text=t.sep(":") + risk.text))
                for risk in summary.risks
            )
        ),
        Paragraph(children=(Text(text=t(W.ANNEX_POINTER)),)),
    ]
    return blocks


# --- the technical annex -----------------------------------------------------------------------------


def _teams(step: PlanStep, t: Lang) -> str:
    return t.join([t(W.TEAM[e.team.value]) for e in step.effort]) if step.effort else "—"


def _timeline(plan: MigrationPlan, t: Lang) -> Table:
    checked = plan.checked_at is not None
    cells = [W.STEP_CELL, W.WHO_CELL, W.DUE_CELL, *([W.STATUS_CELL] if checked else [])]
    rows = []
    for step in plan.steps:
        row: list[tuple[Inline, ...]] = [
            (Text(text=step.title),),
            (Text(text=_teams(step, t)),),
            (Text(text=t.date(step.due) if step.due else "—"),),
        ]
        if checked:
            row.append((Badge(text=t(STEP_STATUS[step.status]), tone=_TONE[step.status]),))
        rows.append(tuple(row))
    return Table(header=tuple((Text(text=t(c)),) for c in cells), rows=tuple(rows))


def plan_blocks(plan: MigrationPlan) -> list[Block]:
    """The technical annex as document blocks: what ``quitx plan`` prints, and the letter's
    second part; every piece of plan text is an inert node."""
    t = _lang(plan)
    title = t(W.PLAN_TITLE, of_name=_of_name(plan, t))
    written = t.date(plan.written_on or plan.start)
    if plan.checked_at is not None:
        basis = t(W.WRITTEN_CHECKED, written=written, checked=t.date(plan.checked_at.date()))
    else:
        basis = t(W.WRITTEN_OFFLINE, written=written)
    blocks: list[Block] = [
        Heading(level=1, children=(Text(text=title),), anchor="annex"),
        Paragraph(children=(Text(text=t(W.ANNEX_FOR)),)),
        Paragraph(children=(Text(text=basis),)),
        _labelled(t(W.START_LABEL), t.date(plan.start)),
    ]
    if plan.recommended_instance:
        blocks.append(_labelled(t(W.PROPOSED_INSTANCE_LABEL), plan.recommended_instance))
    blocks += [Heading(level=2, children=(Text(text=t(W.TIMELINE_HEADING)),)), _timeline(plan, t)]
    for phase in plan.phases:
        blocks.append(Heading(level=2, children=(Text(text=phase.title),)))
        for step in phase.steps:
            blocks.extend(_step_blocks(step, t, checked=plan.checked_at is not None))
    return blocks


def _step_blocks(step: PlanStep, t: Lang, *, checked: bool) -> list[Block]:
    line: list[Inline] = []
    if checked:  # a status only where a check ran
        label = t(STEP_STATUS[step.status])
        line += [Badge(text=label[:1].upper() + label[1:], tone=_TONE[step.status]), Text(text=" — ")]
    if step.due is not None:
        due = t(W.DUE, day=t.date(step.due))
        line.append(Text(text=due if line else due[:1].upper() + due[1:]))
    if step.effort:
        line.append(Text(text=" — " + t(W.WHO_LABEL) + " " + _teams(step, t)))
    out: list[Block] = [Heading(level=3, children=(Text(text=step.title),)), Paragraph(children=tuple(line))]
    if checked and step.evidence:
        out.append(_labelled(t(W.FOUND_LABEL), t.sep(";").join(step.evidence)))
    out.append(Paragraph(children=tuple(code_spans(step.why))))
    if step.status is StepStatus.DONE:
        return out  # what to do and paste stays in the model (JSON), not in the document
    if step.how:
        out.append(Bullets(items=tuple(tuple(code_spans(h)) for h in step.how)))
    out.extend(Code(text=a.content, label=a.label) for a in step.artifacts)
    return out


def annex_document(plan: MigrationPlan) -> Document:
    """The annex as a document of its own (the letter's second part, the e-mail's attachment)."""
    blocks = plan_blocks(plan)
    first = blocks[0] if blocks else None
    subject = plain(first.children) if isinstance(first, Heading) else plan.institution.name
    return Document(subject=subject, blocks=tuple(blocks))


PlanFormat = Literal["md", "txt", "html", "json"]
PLAN_FORMATS: tuple[PlanFormat, ...] = ("md", "txt", "html", "json")


def render_plan(plan: MigrationPlan, fmt: PlanFormat = "md") -> str:
    """The technical annex as Markdown, plain text (links as numbered notes), a standalone HTML
    page, or JSON (the whole model: the summary, and artifacts of done steps included)."""
    if fmt == "json":
        return plan.model_dump_json(indent=2) + "\n"
    if fmt == "txt":
        return to_text(plan_blocks(plan), colon=Lang(plan.language).sep())
    if fmt == "html":
        return to_html(annex_document(plan), lang=plan.language)
    if fmt == "md":
        return to_markdown(plan_blocks(plan))
    raise UsageError(UsageProblem.NO_PLAN_FORMAT, option="fmt", format=fmt, formats=", ".join(PLAN_FORMATS))
