"""The decision summary: the plan in plain words for the person who decides — what is proposed, why
now, three phases with their dates and length, the effort in person-days, who does what, the risks
and how they are handled. It is made from the report read once (`Ctx`) and the plan's phases; the
letter ends with it, the annex carries the steps."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from ..i18n import Lang, Msg
from ..i18n.naming import of_name
from ..models import Confidence, Verdict
from . import wording as W
from .context import Ctx
from .models import DecisionSummary, PlanPhase, Risk, Stage, StepStatus, Team
from .workdays import is_working_day

__all__ = ["STAGES", "StageDef", "days", "decision"]


@dataclass(frozen=True)
class StageDef:
    """What the summary calls a phase: the plan's phases it groups, under one title."""

    title: Msg
    phases: tuple[str, ...]


# the three phases a director decides on, each made of the plan's phases (`build.PHASES`)
STAGES: tuple[StageDef, ...] = (
    StageDef(W.STAGE_SECURE, ("week-1", "week-2")),
    StageDef(W.STAGE_ANNOUNCE, ("week-3",)),
    StageDef(W.STAGE_DORMANT, ("dormant",)),
)

# the verification steps: all done, the accounts are proven
_PROOFS = ("secure-names", "bluesky-domain-handle", "mastodon-verification")


def days(t: Lang, n: float) -> str:
    """Person-days in words, to the half day: "0,5 jour", "2,5 jours", "3 days" (a decision needs
    no more precision than that)."""
    n = max(0.5, round(n * 2) / 2) if n else 0.0
    number = f"{n:g}".replace(".", ",") if t.code == "fr" else f"{n:g}"
    one = n < 2 if t.code == "fr" else n == 1  # French: 1,5 jour
    return t(W.DAYS_ONE if one else W.DAYS_MANY, n=number)


def _working_days(start: dt.date, end: dt.date, country: str) -> int:
    return sum(is_working_day(start + dt.timedelta(days=i), country) for i in range((end - start).days + 1))


def _of_name(c: Ctx) -> str:
    return of_name(c.names, c.t.code)


def _stages(c: Ctx, phases: Sequence[PlanPhase]) -> tuple[Stage, ...]:
    t = c.t
    out = []
    by_id = {p.id: p for p in phases}
    for stage in STAGES:
        parts = [by_id[i] for i in stage.phases]
        start, end = parts[0].start, parts[-1].end
        if start is None or end is None:
            continue
        work = sum(step.days for p in parts for step in p.steps)
        if stage.phases == ("dormant",):
            length = t(W.ABOUT_MONTHS, n=str(max(1, round((end - start).days / 30.4))))
        else:
            n = _working_days(start, end, c.institution.country)
            length = t.count(n, W.WORKING_DAYS_ONE, W.WORKING_DAYS_MANY)
        out.append(
            Stage(
                title=t(stage.title),
                start=start,
                end=end,
                length=length,
                work=days(t, work) if work else t(W.NO_WORK),
            )
        )
    return tuple(out)


def _why_now(c: Ctx, phases: Sequence[PlanPhase]) -> tuple[str, ...]:
    t = c.t
    of_name = _of_name(c)
    out: list[str] = []
    status = {s.id: s.status for p in phases for s in p.steps}
    report = c.report
    if report is None:
        out.append(t(W.WHY_UNCHECKED))
    else:
        # "free" only where the check could tell: an unknown verdict is never worded as absent
        free = [
            name
            for name, verdict, own in (
                ("Mastodon", report.mastodon.verdict, c.own_mastodon),
                ("Bluesky", report.bluesky.verdict, c.own_bluesky),
            )
            if verdict is Verdict.ABSENT and own is None
        ]
        lookalikes = [
            found.handle
            for found in (*c.mastodon, *c.bluesky)
            if found.confidence is Confidence.CANDIDATE and found.handle
        ]
        if free:
            networks = t(W.ON_NEITHER) if len(free) == 2 else t(W.ON_NETWORK, network=free[0])
            out.append(t(W.WHY_NAMES_FREE, of_name=of_name, networks=networks, checked=c.checked_on()))
        if lookalikes:
            out.append(t(W.WHY_LOOKALIKE, handles=t.join(lookalikes[:3])))
        if not free and not lookalikes:
            if all(status.get(i) is StepStatus.DONE for i in _PROOFS):
                out.append(t(W.WHY_READY, of_name=of_name))
            elif c.own_mastodon or c.own_bluesky:
                out.append(t(W.WHY_UNPROVEN, of_name=of_name))
            else:
                out.append(t(W.WHY_UNCHECKED))
    out.append(t(W.WHY_DATES, start=t.date(c.dates.start), announce=t.date(c.dates.week3)))
    return tuple(out)


def _work(phases: Sequence[PlanPhase]) -> dict[Team, float]:
    total = dict.fromkeys(Team, 0.0)
    for phase in phases:
        for step in phase.steps:
            for effort in step.effort:
                total[effort.team] += effort.days
    return total


def _effort(c: Ctx, phases: Sequence[PlanPhase], work: dict[Team, float]) -> str:
    t = c.t
    total = days(t, sum(work.values()))
    text = (
        t(W.EFFORT, total=total, it=days(t, work[Team.IT]))
        if work[Team.IT]
        else t(W.EFFORT_NO_IT, total=total)
    )
    own = c.choice.local_domain and c.choice.host
    home = next((s for p in phases for s in p.steps if s.id == "mastodon-home"), None)
    if own and home is not None and home.status is not StepStatus.DONE:
        install = sum(e.days for e in home.effort if e.team is Team.IT)
        text += " " + t(W.EFFORT_OWN_INSTANCE, host=c.choice.host or "", days=days(t, install))
    return text


def _risks(c: Ctx) -> tuple[Risk, ...]:
    t = c.t
    archive = t.date(c.dates.archive)
    host = c.choice.host
    info = c.instance_info(host) if host else None
    audience = (
        t(W.RISK_NO_BRIDGE, host=host, archive=archive)
        if host and info and info.brid_gy_blocked
        else t(W.RISK_AUDIENCE, archive=archive)
    )
    risks = [
        Risk(label=t(W.RISK_IMPERSONATION_LABEL), text=t(W.RISK_IMPERSONATION, bluesky=c.bluesky_handle)),
        Risk(label=t(W.RISK_AUDIENCE_LABEL), text=audience),
        Risk(label=t(W.RISK_ARCHIVE_LABEL), text=t(W.RISK_ARCHIVE)),
    ]
    if host and not c.choice.local_domain:  # an instance run by others may close
        risks.append(Risk(label=t(W.RISK_INSTANCE_LABEL), text=t(W.RISK_INSTANCE, host=host)))
    return tuple(risks)


def decision(c: Ctx, phases: Sequence[PlanPhase]) -> DecisionSummary:
    """The summary of the plan whose phases are ``phases``, for the person who decides."""
    t = c.t
    work = _work(phases)
    who = [
        t(W.DOES[team.value], work=days(t, work[team]))
        for team in (Team.MANAGEMENT, Team.COMMUNICATION, Team.IT)
        if work[team] or team is Team.MANAGEMENT
    ]
    proposed = t(
        W.PROPOSED,
        of_name=_of_name(c),
        mastodon=c.mastodon_handle,
        bluesky=c.bluesky_handle,
        announce=t.date(c.dates.week3),
        archive=t.date(c.dates.archive),
    )
    return DecisionSummary(
        proposed=proposed,
        why_now=_why_now(c, phases),
        stages=_stages(c, phases),
        effort=_effort(c, phases, work),
        who=tuple(who),
        risks=_risks(c),
    )
