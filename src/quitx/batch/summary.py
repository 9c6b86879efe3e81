"""The batch's summary: one row per institution (its best account on each network, from the one
ranking of `quitx.models.Report.best`), as CSV, as counts, and as the few lines printed at the end.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING

from .input import institution_key
from .log import LETTERS, REPORTS

if TYPE_CHECKING:
    from ..models import Platform, Report
    from .runner import BatchOutcome

__all__ = [
    "CSV_HEADER",
    "SUMMARY_CSV",
    "SUMMARY_HTML",
    "NetworkSummary",
    "SummaryRow",
    "SummaryStats",
    "run_text",
    "summary_row",
    "summary_rows",
    "summary_text",
    "write_summary_csv",
]

SUMMARY_CSV = "summary.csv"
SUMMARY_HTML = "summary.html"  # written by quitx.batch.summary_html


@dataclass(frozen=True, slots=True)
class NetworkSummary:
    """One network of one institution: the verdict and its best account (if any)."""

    verdict: str  # present / absent / unknown
    account: str = ""  # Mastodon: user@host; Bluesky: the handle (or the DID)
    url: str | None = None
    confidence: str = ""  # verified / linked / candidate
    activity: str = ""  # active / dormant / never_posted / moved / suspended / deactivated / unknown
    followers: int | None = None
    last_post: str = ""  # YYYY-MM-DD


@dataclass(frozen=True, slots=True)
class SummaryRow:
    """One institution in the summary: from its report, or the error that kept it from one."""

    name: str
    domain: str
    mastodon: NetworkSummary | None = None
    bluesky: NetworkSummary | None = None
    website: str = ""  # platforms the homepage links to, or why it was not read
    checked_at: str = ""
    error: str = ""


def _network(report: Report, platform: Platform) -> NetworkSummary:
    from ..models import Platform

    verdict = report.mastodon if platform is Platform.MASTODON else report.bluesky
    best = report.best(platform)  # the one ranking (models.account_rank)
    if best is None:
        return NetworkSummary(verdict=verdict.verdict.value)
    return NetworkSummary(
        verdict=verdict.verdict.value,
        account=best.handle.removeprefix("@"),
        url=best.url,
        confidence=best.confidence.value,
        activity=best.activity.value,
        followers=best.account.followers_count,
        last_post=best.last_post.isoformat() if best.last_post else "",
    )


def _website(report: Report) -> str:
    site = report.website
    if site is None:
        return ""
    if site.verdict.value != "present":
        return f"homepage not read ({site.reason.value})"
    return " ".join(p.value for p in site.platforms) or "none"


def summary_row(report: Report) -> SummaryRow:
    from ..models import Platform

    return SummaryRow(
        name=report.institution.name,
        domain=report.institution.domain or "",
        mastodon=_network(report, Platform.MASTODON),
        bluesky=_network(report, Platform.BLUESKY),
        website=_website(report),
        checked_at=report.checked_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    )


def summary_rows(reports: Iterable[Report], *, order: Mapping[str, int] | None = None) -> list[SummaryRow]:
    """One row per institution (the last report of each wins), in ``order`` (key → position) when
    given, then in file order."""
    rows: dict[str, SummaryRow] = {}
    for report in reports:
        key = institution_key(report.institution)
        rows.pop(key, None)  # a refreshed report moves to its new place
        rows[key] = summary_row(report)
    if order:
        ranked = sorted(
            enumerate(rows.items()), key=lambda item: (order.get(item[1][0], len(order)), item[0])
        )
        return [row for _, (_, row) in ranked]
    return list(rows.values())


CSV_HEADER = (
    "name",
    "domain",
    "mastodon_verdict",
    "mastodon_account",
    "mastodon_confidence",
    "mastodon_activity",
    "mastodon_followers",
    "mastodon_last_post",
    "bluesky_verdict",
    "bluesky_account",
    "bluesky_confidence",
    "bluesky_activity",
    "bluesky_followers",
    "bluesky_last_post",
    "website_links",
    "checked_at",
    "error",
)


def _cell(value: str) -> str:
    """Text made safe for spreadsheets: no formula from a name or an error message."""
    value = " ".join(value.split())
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def _network_cells(net: NetworkSummary | None) -> list[str]:
    if net is None:
        return [""] * 6
    return [
        net.verdict,
        _cell(net.account),
        net.confidence,
        net.activity,
        "" if net.followers is None else str(net.followers),
        net.last_post,
    ]


def write_summary_csv(rows: Iterable[SummaryRow], out: IO[str]) -> None:
    """The summary as CSV (comma-separated, a header row; see ``CSV_HEADER``)."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for row in rows:
        writer.writerow(
            [
                _cell(row.name),
                row.domain,
                *_network_cells(row.mastodon),
                *_network_cells(row.bluesky),
                row.website,
                row.checked_at,
                _cell(row.error),
            ]
        )


_CHARTED_ACTIVITIES = ("active", "dormant", "never_posted")  # the rest is counted as "other"


@dataclass
class SummaryStats:
    """The counts behind the printed summary and the charts."""

    institutions: int = 0  # with a report
    errors: int = 0  # rows without one (bad rows, failed checks)
    verdicts: dict[str, Counter[str]] = field(default_factory=dict)  # network -> verdict -> n
    confidence: dict[str, Counter[str]] = field(default_factory=dict)  # of the present ones
    activity: dict[str, Counter[str]] = field(default_factory=dict)  # of the present ones
    incomplete: int = 0  # Mastodon or Bluesky unknown

    @classmethod
    def of(cls, rows: Iterable[SummaryRow]) -> SummaryStats:
        stats = cls()
        for network in ("mastodon", "bluesky"):
            stats.verdicts[network] = Counter()
            stats.confidence[network] = Counter()
            stats.activity[network] = Counter()
        for row in rows:
            if row.mastodon is None or row.bluesky is None:
                stats.errors += 1
                continue
            stats.institutions += 1
            if "unknown" in (row.mastodon.verdict, row.bluesky.verdict):
                stats.incomplete += 1
            for network, net in (("mastodon", row.mastodon), ("bluesky", row.bluesky)):
                stats.verdicts[network][net.verdict] += 1
                if net.verdict == "present" and net.confidence:
                    stats.confidence[network][net.confidence] += 1
                    activity = net.activity if net.activity in _CHARTED_ACTIVITIES else "other"
                    stats.activity[network][activity] += 1
        return stats


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def summary_text(stats: SummaryStats) -> str:
    """``37 of 80 are on Mastodon (12 verified), 51 on Bluesky (20 verified); …`` and a line per
    network."""
    m, b = stats.verdicts["mastodon"], stats.verdicts["bluesky"]
    mc, bc = stats.confidence["mastodon"], stats.confidence["bluesky"]
    head = (
        f"{m['present']} of {stats.institutions} are on Mastodon ({mc['verified']} verified), "
        f"{b['present']} on Bluesky ({bc['verified']} verified)"
    )
    tail = [f"{stats.incomplete} could not be fully checked"]
    if stats.errors:
        tail.append(_plural(stats.errors, "row has an error", "rows have an error") + " (see summary.csv)")
    lines = [head + "; " + "; ".join(tail) + "."]
    for network, label in (("mastodon", "Mastodon"), ("bluesky", "Bluesky")):
        v, c, a = stats.verdicts[network], stats.confidence[network], stats.activity[network]
        lines.append(
            f"  {label}: {v['present']} present, {v['absent']} absent, {v['unknown']} unknown"
            f" · best account {c['verified']} verified, {c['linked']} linked, {c['candidate']} candidate"
            f" · {a['active']} active, {a['dormant']} dormant, {a['never_posted']} never posted"
            + (f", {a['other']} other" if a["other"] else "")
        )
    return "\n".join(lines) + "\n"


def run_text(outcome: BatchOutcome) -> str:
    """What this run did and wrote: ``This run: checked 3 now; …`` and ``Written: …`` lines."""
    o = outcome
    run = [f"checked {o.checked} now"]
    if o.unknown:
        run.append(f"{o.unknown} ended unknown (run the same command again to check them again)")
    if o.skipped:
        run.append(f"{o.skipped} already done, skipped (--refresh checks them again)")
    if o.bad_rows:
        run.append(_plural(len(o.bad_rows), "bad row", "bad rows"))
    if o.failed:
        run.append(_plural(len(o.failed), "check failed", "checks failed"))
    if o.duplicates:
        run.append(_plural(o.duplicates, "duplicate row", "duplicate rows"))
    if o.interrupted:
        run.append("INTERRUPTED: run the same command again to go on")
    out = o.out_dir
    written = [str(out / REPORTS), str(out / SUMMARY_CSV), str(out / SUMMARY_HTML)]
    if o.letters_asked:
        written.append(f"{out / LETTERS}{os.sep} ({_plural(o.letters, 'letter', 'letters')} written)")
    return "This run: " + "; ".join(run) + ".\n" + "Written: " + ", ".join(written) + "\n"
