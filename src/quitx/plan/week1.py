"""Week 1: secure the names on both networks, and choose the Mastodon home."""

from __future__ import annotations

from collections.abc import Sequence

from ..models import Confidence, Platform, Verdict
from . import wording as W
from .context import Ctx, work
from .models import Artifact, PlanStep, StepStatus

__all__ = ["mastodon_home", "secure_names"]


def _combine(statuses: Sequence[StepStatus]) -> StepStatus:
    if any(s is StepStatus.TODO for s in statuses):
        return StepStatus.TODO
    if any(s is StepStatus.CANNOT_TELL for s in statuses):
        return StepStatus.CANNOT_TELL
    return StepStatus.DONE


def _name_on(c: Ctx, platform: Platform) -> tuple[StepStatus, list[str], list[str]]:
    """Status, evidence and how for holding the name on one network."""
    t = c.t
    network = platform.label
    if c.report is None:
        return StepStatus.CANNOT_TELL, [], []
    accounts = c.mastodon if platform is Platform.MASTODON else c.bluesky
    verdict = c.report.mastodon if platform is Platform.MASTODON else c.report.bluesky
    owned = [a for a in accounts if a.confidence.owned]
    if owned:
        return StepStatus.DONE, [c.account_evidence(a) for a in owned], []
    lookalikes = [a for a in accounts if a.confidence is Confidence.CANDIDATE]
    host = c.choice.host or t(W.THE_CHOSEN_INSTANCE)
    create = (
        t(W.CREATE_OFFICIAL_MASTODON, host=host, handle=c.mastodon_handle)
        if platform is Platform.MASTODON
        else t(W.CREATE_BLUESKY_ACCOUNT)
    )
    if lookalikes:
        handles = ", ".join(a.handle for a in lookalikes)
        where = (
            t(W.REPORT_TO_INSTANCE_MODERATORS) if platform is Platform.MASTODON else t(W.REPORT_TO_BLUESKY)
        )
        how = [
            t(W.LOOKALIKE_EXISTS, network=network, handles=handles, where=where),
            create,
        ]
        return StepStatus.TODO, [c.account_evidence(a) for a in lookalikes], how
    if verdict.verdict is Verdict.UNKNOWN:
        evidence = (
            c.mastodon_unknowns()
            if platform is Platform.MASTODON
            else [c.unknown_evidence(verdict, "Bluesky")]
        )
        how = [t(W.RUN_THE_CHECK_AGAIN, network=network)]
        return StepStatus.CANNOT_TELL, evidence, how
    if verdict.verdict is Verdict.ABSENT:
        return (
            StepStatus.TODO,
            [t(W.NOT_FOUND_ON, network=network)],
            [create],
        )
    # present without a listed account: trust its best confidence only
    if verdict.best_confidence is not None and verdict.best_confidence.owned:
        return StepStatus.DONE, [verdict.detail], []
    return StepStatus.CANNOT_TELL, [verdict.detail], []


def secure_names(c: Ctx) -> PlanStep:
    t = c.t
    parts = [_name_on(c, Platform.MASTODON), _name_on(c, Platform.BLUESKY)]
    evidence = [e for _, ev, _ in parts for e in ev] or [c.not_checked]
    how = [h for _, _, hw in parts for h in hw]
    if c.report is None:
        how = [t(W.LOOK_THE_NAME_UP)]
    how.append(t(W.OPEN_WITH_TEAM_ADDRESS))
    status = _combine([s for s, _, _ in parts])
    return PlanStep(
        id="secure-names",
        title=t(W.SECURE_NAMES_TITLE),
        why=t(W.SECURE_NAMES_WHY),
        how=tuple(how),
        status=status,
        evidence=tuple(evidence),
        due=c.dates.names,
        effort=work(status, communication=0.5),
    )


def mastodon_home(c: Ctx) -> PlanStep:
    t = c.t
    choice = c.choice
    artifacts: list[Artifact] = []
    if choice.signup_url and choice.status is not StepStatus.DONE:
        artifacts.append(Artifact(kind="url", label=t(W.SIGN_UP_PAGE), content=choice.signup_url))
    return PlanStep(
        id="mastodon-home",
        title=t(W.MASTODON_HOME_TITLE),
        why=t(W.MASTODON_HOME_WHY),
        how=(*choice.reasons, *choice.how) if choice.status is not StepStatus.DONE else choice.reasons,
        artifacts=tuple(artifacts),
        status=choice.status,
        evidence=choice.evidence,
        due=c.dates.week1,
        effort=work(choice.status, communication=0.25, it=5 if choice.local_domain else 0),
    )
