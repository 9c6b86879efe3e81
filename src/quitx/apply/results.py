"""``quitx apply``'s results for people (`render`), and the plan with what apply did (`mark_plan`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .._text import inert_block
from ..i18n import Lang
from . import wording as W
from .models import ApplyResult, Language

if TYPE_CHECKING:
    from ..plan import MigrationPlan

__all__ = ["mark_plan", "render"]

_PLAN_STEPS_MARKED = ("mastodon-verification", "bluesky-domain-handle")


def mark_plan(plan: MigrationPlan, results: Sequence[ApplyResult]) -> MigrationPlan:
    """The plan with the steps apply completed and verified marked done, with the evidence.

    ``mastodon-verification`` is done once verified_at is set, ``bluesky-domain-handle`` once the
    handle checks both ways. ``announce`` gets the evidence of the posts, but keeps its status: its
    farewell on X and the Meta accounts is out of apply's reach.
    """
    from ..plan import StepStatus

    by_step: dict[str, list[ApplyResult]] = {}
    for r in results:
        if not r.dry_run:
            by_step.setdefault(r.action.step, []).append(r)
    phases = []
    for phase in plan.phases:
        steps = []
        for step in phase.steps:
            done = by_step.get(step.id)
            if done:
                evidence = tuple(e for r in done if r.ok for e in r.evidence)
                complete = all(r.ok and r.done and r.verified for r in done)
                update: dict[str, Any] = {"evidence": (*step.evidence, *evidence)}
                if complete and step.id in _PLAN_STEPS_MARKED:
                    update = {"status": StepStatus.DONE, "evidence": evidence or step.evidence}
                step = step.model_copy(update=update)
            steps.append(step)
        phases.append(phase.model_copy(update={"steps": tuple(steps)}))
    return plan.model_copy(update={"phases": tuple(phases)})


def _indented(label: str, text: str) -> list[str]:
    lines = text.splitlines() or [""]
    if len(lines) == 1:
        return [f"  {label}{lines[0]}"]
    return [f"  {label.rstrip()}", *("    " + line for line in lines)]


def _head(r: ApplyResult, language: Language) -> str:
    if r.error:
        return Lang(language)(W.FAILED) if not r.dry_run else Lang(language)(W.CANNOT)
    if r.dry_run:
        return Lang(language)(W.DRY_RUN)
    if r.changed:
        return Lang(language)(W.DONE)
    return Lang(language)(W.ALREADY_DONE)


def render(results: Sequence[ApplyResult], language: Language) -> str:
    """The results for people: the account, the whole request, before and after, the checks.
    Remote text in it (field values, notes, posts) is made inert for a terminal."""

    lang = Lang(language)

    lines: list[str] = []
    for r in results:
        a = r.action
        platform = a.platform.label
        who = f" {a.account}" if a.account else ""
        lines.append(f"{_head(r, language)} {platform}{who} — {a.step} ({a.operation})")
        if r.sends or (r.error and a.payload):
            if a.endpoint:
                lines.append(f"  {a.method} {a.endpoint}")
            lines.extend("    " + line for line in a.payload.splitlines())
        elif r.done and not r.changed:
            lines.append(
                lang(W.ALREADY_DONE_NOTHING_SENT) if not r.dry_run else lang(W.ALREADY_DONE_NOTHING_WOULD_BE)
            )
        if r.before is not None:
            lines += _indented(lang(W.BEFORE), r.before)
        if r.after is not None and r.after != r.before:
            label = lang(W.AFTER_EXPECTED) if r.dry_run else lang(W.AFTER)
            lines += _indented(label, r.after)
        if r.verified is not None:
            lines.append(lang(W.VERIFIED) + (lang(W.YES) if r.verified else lang(W.NO)))
        lines.extend("  · " + e for e in r.evidence)
        if r.note:
            lines.append("  → " + r.note)
        if r.error:
            lines.append(lang(W.ERROR) + r.error)
        lines.append("")
    if results and results[0].dry_run:
        lines.append(lang(W.DRY_RUN_ACCOUNTS_WERE_READ))
    return inert_block("\n".join(lines)) + "\n"
