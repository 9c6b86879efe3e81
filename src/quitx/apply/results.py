"""``quitx apply``'s results for people (`render`), and the plan with what apply did (`mark_plan`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .._text import inert_block
from ..errors import ErrorKind
from ..i18n import Lang
from ..models import Platform
from ..models.base import _Frozen
from . import wording as W
from .models import ApplyResult, Language, NoteCode, Operation, Status

if TYPE_CHECKING:
    from ..plan import MigrationPlan

__all__ = ["ApplyRecord", "Words", "mark_plan", "records", "render"]

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


_HEADS = {
    "failed": W.FAILED,
    "refused": W.CANNOT,
    "would_send": W.DRY_RUN,
    "sent": W.DONE,
    "already_done": W.ALREADY_DONE,
    "skipped": W.SKIPPED,
}


def _head(r: ApplyResult, language: Language) -> str:
    if r.error and not r.dry_run and r.status == "refused":
        return Lang(language)(W.FAILED)  # a real run: what could not go failed
    if r.dry_run and r.status == "already_done":
        return Lang(language)(W.DRY_RUN)
    return Lang(language)(_HEADS[r.status])


def render(results: Sequence[ApplyResult], language: Language | None = None) -> str:
    """The results for people: the account, the whole request, before and after, the checks — in
    the results' own language (``language``: the same, said again). Remote text in it (field
    values, notes, posts) is made inert for a terminal."""
    language = language or (results[0].language if results else "fr")
    lang = Lang(language)

    lines: list[str] = []
    for r in results:
        a = r.action
        platform = a.platform.label
        who = f" {a.account}" if a.account else ""
        what = f"{a.operation} {a.target}" if a.target else a.operation
        lines.append(f"{_head(r, language)} {platform}{who} — {a.step} ({what})")
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


class Words(_Frozen):
    """What an `ApplyRecord` says for people, in one language: the note, the error, the state
    before and after (field values with words around them), the evidence."""

    note: str | None = None
    error: str | None = None
    before: str | None = None
    after: str | None = None
    evidence: tuple[str, ...] = ()


class ApplyRecord(_Frozen):
    """One `ApplyResult` for scripts (``quitx apply --format json``): codes, never words — the step
    id, the ``status``, the ``error`` kind and the ``note`` code, the request itself; the words for
    people only under the key of their language (``fr`` or ``en``, the run's ``language``), so a
    script never takes French prose for a value."""

    step: str
    status: Status
    platform: Platform
    operation: Operation
    account: str | None
    target: str | None
    method: str
    endpoint: str
    payload: str
    dry_run: bool
    done: bool
    changed: bool
    sends: bool
    verified: bool | None
    note: NoteCode | None
    error: ErrorKind | None
    retry_after: float | None
    language: Language
    fr: Words | None = None
    en: Words | None = None

    def json_dict(self) -> dict[str, Any]:
        """As JSON data, without the key of the language it has no words in."""
        return self.model_dump(mode="json", exclude={"en" if self.language == "fr" else "fr"})


def records(results: Sequence[ApplyResult]) -> list[ApplyRecord]:
    """The results for scripts (see `ApplyRecord`)."""
    out = []
    for r in results:
        a = r.action
        words = Words(note=r.note, error=r.error, before=r.before, after=r.after, evidence=r.evidence)
        out.append(
            ApplyRecord(
                step=a.step,
                status=r.status,
                platform=a.platform,
                operation=a.operation,
                account=a.account,
                target=a.target,
                method=a.method,
                endpoint=a.endpoint,
                payload=a.payload,
                dry_run=r.dry_run,
                done=r.done,
                changed=r.changed,
                sends=r.sends,
                verified=r.verified,
                note=r.note_code,
                error=r.error_kind,
                retry_after=r.retry_after,
                language=r.language,
                **{r.language: words},
            )
        )
    return out
