"""Until the archive day: the X and Meta accounts stay visible but dormant, then are archived —
never deleted (a freed name can be taken by an impersonator)."""

from __future__ import annotations

from . import wording as W
from .context import Ctx, work
from .models import Artifact, PlanStep
from .week3 import meta_status, x_status

__all__ = ["archive_meta", "archive_x"]


def archive_x(c: Ctx) -> PlanStep:
    t = c.t
    m, b = c.mastodon_handle, c.bluesky_handle
    status, evidence = x_status(c)
    how = (
        t(W.DOWNLOAD_X_ARCHIVE),
        t(W.REPLACE_X_BIO),
        t(W.REVOKE_APPS),
        t(W.NEVER_DELETE_X),
    )
    return PlanStep(
        id="archive-x",
        title=t(W.ARCHIVE_X_TITLE),
        why=t(W.ARCHIVE_X_WHY),
        how=how,
        artifacts=(
            Artifact(
                kind="text",
                label=t(W.X_BIO_LABEL),
                content=t(W.X_BIO, mastodon=m, bluesky=b),
            ),
        ),
        status=status,
        evidence=tuple(evidence),
        due=c.dates.archive,
        effort=work(status, communication=0.5),
    )


def archive_meta(c: Ctx) -> PlanStep:
    t = c.t
    status, evidence = meta_status(c)
    how = (
        t(W.DOWNLOAD_META_DATA),
        t(W.KEEP_META_PAGES),
        t(W.REMOVE_OLD_ACCESS),
    )
    return PlanStep(
        id="archive-meta",
        title=t(W.ARCHIVE_META_TITLE),
        why=t(W.ARCHIVE_META_WHY),
        how=how,
        status=status,
        evidence=tuple(evidence),
        due=c.dates.archive,
        effort=work(status, communication=0.25),
    )
