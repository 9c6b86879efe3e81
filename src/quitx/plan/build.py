"""The migration plan: from what ``quitx check`` found to dated steps, with ready-to-paste artifacts.

Pure rules, no I/O. Each step's status comes from the report: done (with the evidence quoted),
to do, or cannot tell — an unknown verdict never becomes "to do because absent", and without a
report (offline) every status is "cannot tell" with the evidence "not checked". Remote text (handles,
field names, URLs) is validated before it goes into an artifact and is only ever plain text in blocks.
"""

from __future__ import annotations

from ..models import Institution, Report, split_subject
from .context import Ctx
from .dormant import archive_meta, archive_x
from .home import choose_home
from .models import MigrationPlan, PlanOptions, PlanPhase
from .week1 import mastodon_home, secure_names
from .week2 import bluesky_domain_handle, bridge, mastodon_verification
from .week3 import announce, meta, website_links

__all__ = ["build_plan"]


def build_plan(subject: Report | Institution | str, options: PlanOptions | None = None) -> MigrationPlan:
    """The migration plan from what a check found: ``subject`` is its `Report`, or the institution
    (or its name) when there was no check (offline: every status "cannot tell")."""
    if isinstance(options, Report | Institution):
        raise TypeError(
            "build_plan(subject, options): the institution comes from the report; "
            "build_plan(report, institution, options) is the call of quitx 0.1"
        )
    report, institution = split_subject(subject)
    options = options or PlanOptions()
    c = Ctx(report, institution, options, choose_home)
    t = c.t
    phases = (
        PlanPhase(
            id="week-1",
            title=t.pick(
                "Semaine 1 : réserver les noms et choisir une instance",
                "Week 1: secure the names and choose a home",
            ),
            steps=(secure_names(c), mastodon_home(c)),
        ),
        PlanPhase(
            id="week-2",
            title=t.pick(
                "Semaine 2 : prouver l’authenticité des comptes", "Week 2: prove the accounts are authentic"
            ),
            steps=(bluesky_domain_handle(c), mastodon_verification(c), bridge(c)),
        ),
        PlanPhase(
            id="week-3",
            title=t.pick(
                "Semaine 3 : mettre à jour le site et annoncer", "Week 3: update the website and announce"
            ),
            steps=(website_links(c), announce(c), meta(c)),
        ),
        PlanPhase(
            id="dormant",
            title=t.pick(
                f"Jusqu’au {t.date(c.archive)} : comptes X et Meta en sommeil, puis archivés",
                f"Until {t.date(c.archive)}: X and Meta accounts dormant, then archived",
            ),
            steps=(archive_x(c), archive_meta(c)),
        ),
    )
    return MigrationPlan(
        institution=institution,
        language=options.language,
        start=c.start,
        x_dormant_until=c.archive,
        checked_at=report.checked_at if report else None,
        phases=phases,
        recommended_instance=c.choice.host,
        instance_reasons=c.choice.reasons,
    )
