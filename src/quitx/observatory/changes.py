"""What changed between two runs of a sector: `diff` of two `Snapshot`, `changes_between` from a
history database.

An account is the institution's when it is *verified* or *linked* (its site links to it); a
*candidate* matches the name only. A change is said only when both runs could see it: an account of
the first run that the second did not find is "disappeared" only when the second run settled that
network (and, for Mastodon, the account's instance) and read the institution's website; otherwise it
is "not confirmed" — a run that could not look is never a disappearance.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
from enum import StrEnum
from typing import Literal

from ..errors import HistoryError, HistoryProblem
from ..i18n import Lang
from ..models import JOINING, LEAVING, Confidence
from ..models.base import _Frozen
from .change_text import change_sentence
from .history import AccountState, InstitutionState, RunInfo, Snapshot
from .history_read import list_runs, load_snapshot

__all__ = ["Change", "ChangeKind", "ChangeReport", "changes_between", "diff", "latest_pairs"]

_SLEEPING = ("dormant", "never_posted")
_ENGLISH = Lang("en")  # a change's own detail: English, its codes as they are


def _owned(account: AccountState) -> bool:
    """Whether the run took the account as the institution's own (verified or linked)."""
    return Confidence(account.confidence).owned


class ChangeKind(StrEnum):
    ACCOUNT_APPEARED = "account_appeared"  # a verified or linked account, not there before
    ACCOUNT_VERIFIED = "account_verified"  # now verified, was linked or a candidate
    VERIFICATION_LOST = "verification_lost"  # was verified, is not any more
    ACCOUNT_DORMANT = "account_dormant"  # went quiet (no post for the dormancy threshold)
    ACCOUNT_ACTIVE_AGAIN = "account_active_again"
    ACCOUNT_MOVED = "account_moved"  # moved to another account
    ACCOUNT_DISAPPEARED = "account_disappeared"  # the run settled it: gone, or no longer the institution's
    NOT_CONFIRMED = "not_confirmed"  # not seen again, by a run that could not look everywhere
    LOOKALIKE_APPEARED = "lookalike_appeared"  # a new candidate: the institution's name, no proof
    LINK_DROPPED = "link_dropped"  # the website no longer links to X (or Facebook, Instagram, Threads)
    LINK_ADDED = "link_added"  # the website now links to Mastodon or Bluesky (or again to X…)
    INSTANCE_CLOSED = "instance_closed"  # an instance closed its registrations
    INSTANCE_REOPENED = "instance_reopened"
    INSTITUTION_ADDED = "institution_added"  # in the second run only (the source changed)
    INSTITUTION_REMOVED = "institution_removed"


class Change(_Frozen):
    kind: ChangeKind
    institution: str | None = None  # name (remote text: escape before display)
    institution_key: str | None = None
    domain: str | None = None
    wikidata_id: str | None = None
    platform: Literal["mastodon", "bluesky", "website", "instance"] | None = None
    subject: str  # the account's handle, the link's platform, the instance's host
    before: str | None = None
    after: str | None = None
    # not_confirmed: why the later run could not look (its website, the network, the instance)
    why: Literal["website_unread", "network_unknown", "instance_unknown"] | None = None
    # the change in one English sentence, its codes as they are (remote text in it: escape before
    # display); the reports say it in the run's language (quitx.observatory.change_text)
    detail: str = ""


class ChangeReport(_Frozen):
    """What changed from one run to another. Versioned JSON."""

    schema_version: Literal[1] = 1
    from_run: RunInfo
    to_run: RunInfo
    changes: tuple[Change, ...] = ()

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for change in self.changes:
            out[change.kind.value] = out.get(change.kind.value, 0) + 1
        return out


def _base(state: InstitutionState) -> dict[str, object]:
    return {
        "institution": state.name,
        "institution_key": state.key,
        "domain": state.domain,
        "wikidata_id": state.wikidata_id,
    }


NotSeen = Literal["website_unread", "network_unknown", "instance_unknown"]


def _could_see(after: InstitutionState, account: AccountState) -> NotSeen | None:
    """Why the later run could not have seen the account (None: it could)."""
    if after.website_verdict not in (None, "present"):
        return "website_unread"
    verdict = after.mastodon_verdict if account.platform == "mastodon" else after.bluesky_verdict
    if verdict == "unknown":
        return "network_unknown"
    instance = account.instance if account.platform == "mastodon" else None
    if instance and after.instance_verdicts.get(instance) == "unknown":
        return "instance_unknown"
    return None


Step = tuple[ChangeKind, str | None, str | None, NotSeen | None]  # kind, before, after, why


def _confidence_step(was: AccountState | None, now: AccountState) -> Step | None:
    if was is None:
        kind = ChangeKind.ACCOUNT_APPEARED if _owned(now) else ChangeKind.LOOKALIKE_APPEARED
        return kind, None, now.confidence, None
    change = (was.confidence, now.confidence)
    if now.confidence == "verified" != was.confidence:
        return ChangeKind.ACCOUNT_VERIFIED, *change, None
    if was.confidence == "verified" != now.confidence:
        return ChangeKind.VERIFICATION_LOST, *change, None
    if change == ("candidate", "linked"):
        return ChangeKind.ACCOUNT_APPEARED, *change, None
    return None


def _activity_step(was: AccountState, now: AccountState) -> Step | None:
    if (now.activity == "moved" and was.activity != "moved") or (
        now.moved_to and now.moved_to != was.moved_to
    ):
        return ChangeKind.ACCOUNT_MOVED, was.activity, now.moved_to or now.activity, None
    if now.activity == "dormant" and was.activity == "active":
        return ChangeKind.ACCOUNT_DORMANT, was.activity, "dormant", None
    if now.activity == "active" and was.activity in _SLEEPING:
        return ChangeKind.ACCOUNT_ACTIVE_AGAIN, was.activity, "active", None
    return None


def _gone_step(after: InstitutionState, was: AccountState) -> Step:
    why = _could_see(after, was)
    if why is None:
        return ChangeKind.ACCOUNT_DISAPPEARED, was.confidence, None, None
    return ChangeKind.NOT_CONFIRMED, was.confidence, None, why


def _said(change: Change, instance: str | None = None) -> Change:
    """``change`` with its ``detail``: its English sentence, codes as they are."""
    detail = change_sentence(change, _ENGLISH, codes=True, instance=instance)
    return change.model_copy(update={"detail": detail})


def _account_changes(before: InstitutionState, after: InstitutionState) -> list[Change]:
    out: list[Change] = []

    def add(account: AccountState, step: Step | None) -> None:
        if step is not None:
            kind, was, now, why = step
            platform = "mastodon" if account.platform == "mastodon" else "bluesky"
            change = Change(
                **_base(after),
                kind=kind,
                platform=platform,
                subject=account.handle,
                before=was,
                after=now,
                why=why,
            )
            out.append(_said(change, account.instance))

    old = {a.key: a for a in before.accounts}
    new = {a.key: a for a in after.accounts}
    for key, now in new.items():
        was = old.get(key)
        add(now, _confidence_step(was, now))
        if was is not None and _owned(now):
            add(now, _activity_step(was, now))
    for key, was in old.items():
        if key not in new and _owned(was):
            add(was, _gone_step(after, was))
    return out


def _link_changes(before: InstitutionState, after: InstitutionState) -> list[Change]:
    if before.website_verdict != "present" or after.website_verdict != "present":
        return []  # a page not read says nothing about its links
    out: list[Change] = []
    old, new = set(before.links), set(after.links)
    for platform in (*LEAVING, *JOINING):
        if (platform in old) == (platform in new):
            continue
        added = platform in new
        change = Change(
            **_base(after),
            kind=ChangeKind.LINK_ADDED if added else ChangeKind.LINK_DROPPED,
            platform="website",
            subject=platform.value,
            before=None if added else "linked",
            after="linked" if added else None,
        )
        out.append(_said(change))
    return out


def _instance_changes(before: Snapshot, after: Snapshot) -> list[Change]:
    out: list[Change] = []
    for host, now in sorted(after.registrations.items()):
        was = before.registrations.get(host)
        if was is None or now is None or was == now or "closed" not in (was, now):
            continue
        closed = now == "closed"
        change = Change(
            kind=ChangeKind.INSTANCE_CLOSED if closed else ChangeKind.INSTANCE_REOPENED,
            platform="instance",
            subject=host,
            before=was,
            after=now,
        )
        out.append(_said(change))
    return out


def _order(change: Change) -> tuple[str, str, str]:
    return (change.institution or "", change.kind.value, change.subject)


def diff(before: Snapshot, after: Snapshot) -> ChangeReport:
    """What changed from ``before`` to ``after``."""
    changes: list[Change] = []
    for key, now in after.institutions.items():
        was = before.institutions.get(key)
        if was is None:
            changes.append(_said(Change(**_base(now), kind=ChangeKind.INSTITUTION_ADDED, subject=now.name)))
            continue
        changes += _account_changes(was, now)
        changes += _link_changes(was, now)
    for key, was in before.institutions.items():
        if key not in after.institutions:
            changes.append(_said(Change(**_base(was), kind=ChangeKind.INSTITUTION_REMOVED, subject=was.name)))
    changes.sort(key=_order)
    changes += _instance_changes(before, after)
    return ChangeReport(from_run=before.run, to_run=after.run, changes=tuple(changes))


def changes_between(
    db_path: str | os.PathLike[str], from_run: int | None = None, to_run: int | None = None
) -> ChangeReport:
    """What changed between two runs of the history (default: the last two)."""
    if from_run is None or to_run is None:
        runs = list_runs(db_path)
        if to_run is None:
            if not runs:
                raise HistoryError(HistoryProblem.NO_RUNS, path=str(db_path))
            to_run = runs[-1].id
        if from_run is None:
            earlier = [r.id for r in runs if r.id != to_run and r.started_at <= _started(runs, to_run)]
            if not earlier:
                raise HistoryError(HistoryProblem.ONE_RUN, path=str(db_path))
            from_run = earlier[-1]
    return diff(load_snapshot(db_path, from_run), load_snapshot(db_path, to_run))


def _started(runs: tuple[RunInfo, ...], run_id: int) -> dt.datetime:
    for run in runs:
        if run.id == run_id:
            return run.started_at
    raise HistoryError(HistoryProblem.NO_RUN, run=str(run_id))


def latest_pairs(db_path: str | os.PathLike[str], count: int = 10) -> list[ChangeReport]:
    """The changes between each run and the one before it, for the last ``count`` runs (newest first):
    what a feed publishes."""
    runs = list_runs(db_path)
    snapshots: dict[int, Snapshot] = {}

    def snap(run_id: int) -> Snapshot:
        if run_id not in snapshots:
            snapshots[run_id] = load_snapshot(db_path, run_id)
        return snapshots[run_id]

    pairs = list(itertools.pairwise(runs))[-count:]
    return [diff(snap(a.id), snap(b.id)) for a, b in reversed(pairs)]
