"""What the batch tests share: hand-built reports, a fake checker, input files."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Iterable
from pathlib import Path

import tests.builders as b

from quitx.batch import (
    InstitutionRow,
    RowError,
    read_institutions,
)
from quitx.models import (
    Activity,
    Confidence,
    FoundAccount,
    FoundBy,
    Institution,
    Report,
    Verdict,
    WebsiteReport,
)
from quitx.presence import BatchItem

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)> & "quotes" \u202eevil'


# --- hand-built reports ---------------------------------------------------------------------------------


def mastodon(acct: str, confidence: Confidence, activity: Activity, followers: int | None) -> FoundAccount:
    return b.mastodon(
        acct,
        confidence=confidence,
        activity=activity,
        followers=followers,
        last_post=dt.date(2025, 1, 2),
        found_by=(FoundBy.SEARCH,),
    )


def bluesky(handle: str, confidence: Confidence, activity: Activity) -> FoundAccount:
    return b.bluesky(handle, did="did:plc:abc", confidence=confidence, activity=activity, followers=7)


def make_report(
    institution: Institution,
    *,
    on_mastodon: Verdict = Verdict.ABSENT,
    on_bluesky: Verdict = Verdict.ABSENT,
    accounts: Iterable[FoundAccount] = (),
    website: WebsiteReport | None = None,
) -> Report:
    return b.report(
        *accounts,
        institution=institution,
        website=website,
        mastodon=on_mastodon,
        bluesky=on_bluesky,
        checked_at=dt.datetime(2025, 6, 1, 12, 0, tzinfo=dt.UTC),
    )


def report_for(institution: Institution, settle: bool = False) -> Report:
    """A plausible report, depending on the name (for the fake checker); ``settle``: the server that
    could not be checked answers now."""
    if "Verified" in institution.name:
        return make_report(
            institution,
            on_mastodon=Verdict.PRESENT,
            on_bluesky=Verdict.PRESENT,
            accounts=[
                mastodon("fan@piaille.fr", Confidence.CANDIDATE, Activity.ACTIVE, 3),
                mastodon("univ@social.example", Confidence.VERIFIED, Activity.ACTIVE, 1200),
                bluesky("univ.example", Confidence.VERIFIED, Activity.DORMANT),
            ],
        )
    if "Unknown" in institution.name and not settle:
        return make_report(institution, on_mastodon=Verdict.UNKNOWN)
    if "Timeout" in institution.name:  # its homepage did not answer
        return make_report(institution, website=b.site(verdict=Verdict.UNKNOWN))
    return make_report(institution)


class FakeChecker:
    """Stands for quitx.check_many: records who is checked; ``fail`` names give an error item;
    ``interrupt_after`` raises KeyboardInterrupt (Ctrl-C) after that many items; ``settle`` names
    get a settled report (present or absent) even when their name says "Unknown"."""

    def __init__(
        self, *, fail: Iterable[str] = (), interrupt_after: int | None = None, settle: Iterable[str] = ()
    ) -> None:
        self.calls: list[str] = []
        self.fail = set(fail)
        self.interrupt_after = interrupt_after
        self.settle = set(settle)

    async def __call__(self, institutions: Iterable[Institution]) -> AsyncIterator[BatchItem]:
        for index, institution in enumerate(institutions):
            if self.interrupt_after is not None and index >= self.interrupt_after:
                raise KeyboardInterrupt
            self.calls.append(institution.name)
            if institution.name in self.fail:
                yield BatchItem(index=index, institution=institution, error="RuntimeError: boom")
            else:
                report = report_for(institution, institution.name in self.settle)
                yield BatchItem(index=index, institution=institution, report=report)


def rows_of(path: Path) -> tuple[list[Institution], list[RowError], list[str]]:
    notices: list[str] = []
    good: list[Institution] = []
    bad: list[RowError] = []
    lines: list[int] = []
    for row in read_institutions(path, warn=notices.append):
        if isinstance(row, InstitutionRow):
            good.append(row.institution)
            lines.append(row.line)
        else:
            bad.append(row)
    return good, bad, notices


def write_input(path: Path, names: Iterable[str]) -> Path:
    path.write_text(
        "name,domain\n" + "".join(f"{n},{n.lower().replace(' ', '-')}.fr\n" for n in names), encoding="utf-8"
    )
    return path


def reports_for_summary() -> list[Report]:
    return [
        report_for(Institution(name="Uni Verified", domain="univ.example")),
        make_report(Institution(name=HOSTILE, domain="hostile.example")),
        report_for(Institution(name="=cmd|' /C calc'!A0", domain="formula.example")),
        report_for(Institution(name="Labo Unknown", domain="labo.example")),
        # a fan account only: the check says present, the summary must not count it as the museum's
        b.report(
            mastodon("fan@piaille.fr", Confidence.CANDIDATE, Activity.ACTIVE, 3),
            institution=Institution(name="Musée Fan", domain="musee-fan.example"),
            website=b.site(verdict=Verdict.UNKNOWN),
            checked_at=dt.datetime(2025, 6, 1, 12, 0, tzinfo=dt.UTC),
        ),
    ]
