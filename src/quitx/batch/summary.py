"""The batch's summary: one row per institution (its best account on each network, from the one
ranking of `quitx.models.Report.best`), as CSV, as counts, and as the few lines printed at the end.

The counts go by how sure the check is: an institution is *on* a network when its best account
there is verified or linked from its website; an account found by name only (a candidate: a fan
account, an impersonator, or the institution) is counted apart, never as the institution's. The
CSV keeps the codes (its header and its cells), each kind in its own column; its only words for
people are the ``error`` cells, which the run writes in its language. The text is in the language
asked for.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING

from .._text import inert_message
from ..i18n import Lang
from . import wording as w
from .input import institution_key
from .log import LETTERS, REPORTS

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..i18n import Language
    from ..models import Platform, Report
    from .runner import BatchOutcome

__all__ = [
    "CSV_HEADER",
    "STANDINGS",
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
# how an institution stands on a network, most certain first: "on" it is verified or linked only
STANDINGS = ("verified", "linked", "candidate", "absent", "unknown")
ON = ("verified", "linked")


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

    @property
    def standing(self) -> str:
        """One of `STANDINGS`: the best account's confidence when present (a present verdict
        without an account to show counts as a candidate: nothing proves it), else the verdict."""
        if self.verdict != "present":
            return self.verdict
        return self.confidence if self.confidence in ON else "candidate"


@dataclass(frozen=True, slots=True)
class SummaryRow:
    """One institution in the summary: from its report, or the error that kept it from one."""

    name: str
    domain: str
    mastodon: NetworkSummary | None = None
    bluesky: NetworkSummary | None = None
    website_links: tuple[str, ...] | None = None  # the networks the homepage links to (None: not read)
    website_unread: str = ""  # why the homepage was not read (a Reason code)
    checked_at: str = ""
    error: str = ""
    letter: str = ""  # the letter written beside the summary, relative to OUT_DIR

    @property
    def website(self) -> str:
        """The ``website_links`` cell of summary.csv: codes (``mastodon x``), ``none``, or empty
        (the homepage was not read: ``website_unread`` says why)."""
        if self.website_links is None:
            return ""
        return " ".join(self.website_links) or "none"


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


def summary_row(report: Report, *, letter: str = "") -> SummaryRow:
    """The institution's row: its best account on each network, what its homepage links to, and
    ``letter`` (the path of its letter, relative to the summary) when one was written."""
    from ..models import Platform

    site = report.website
    links: tuple[str, ...] | None = None
    unread = ""
    if site is not None and site.verdict.value != "present":
        unread = site.reason.value
    elif site is not None:
        links = tuple(p.value for p in site.platforms)
    return SummaryRow(
        name=report.institution.name,
        domain=report.institution.domain or "",
        mastodon=_network(report, Platform.MASTODON),
        bluesky=_network(report, Platform.BLUESKY),
        website_links=links,
        website_unread=unread,
        checked_at=report.checked_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        letter=letter,
    )


def summary_rows(
    reports: Iterable[Report],
    *,
    order: Mapping[str, int] | None = None,
    letter: Callable[[Report], str] | None = None,
) -> list[SummaryRow]:
    """One row per institution (the last report of each wins), in ``order`` (key → position) when
    given, then in file order; ``letter`` gives a report's letter path (empty: none)."""
    rows: dict[str, SummaryRow] = {}
    for report in reports:
        key = institution_key(report.institution)
        rows.pop(key, None)  # a refreshed report moves to its new place
        rows[key] = summary_row(report, letter=letter(report) if letter else "")
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
    "website_unread",  # last: added after the others, whose places a spreadsheet may rely on
)


def _cell(value: str) -> str:
    """Text made safe for spreadsheets: one line, nothing active, no formula from a name or an
    error message (French no-break spaces kept)."""
    value = inert_message(value)
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
                row.website_unread,
            ]
        )


CHARTED_ACTIVITIES = ("active", "dormant", "never_posted", "other")  # moved, suspended…: "other"


@dataclass
class SummaryStats:
    """The counts behind the printed summary and the charts."""

    institutions: int = 0  # with a report
    errors: int = 0  # rows without one (bad rows, failed checks)
    standing: dict[str, Counter[str]] = field(default_factory=dict)  # network -> STANDINGS -> n
    activity: dict[str, Counter[str]] = field(default_factory=dict)  # of the verified and linked ones
    incomplete: int = 0  # Mastodon or Bluesky unknown

    def __post_init__(self) -> None:
        for network in ("mastodon", "bluesky"):  # every count is there, zero for a run with no row
            self.standing.setdefault(network, Counter())
            self.activity.setdefault(network, Counter())

    def on(self, network: str) -> int:
        """The institutions on ``network``: their best account there is verified or linked."""
        return sum(self.standing[network][s] for s in ON)

    @classmethod
    def of(cls, rows: Iterable[SummaryRow]) -> SummaryStats:
        stats = cls()
        for row in rows:
            if row.mastodon is None or row.bluesky is None:
                stats.errors += 1
                continue
            stats.institutions += 1
            if "unknown" in (row.mastodon.verdict, row.bluesky.verdict):
                stats.incomplete += 1
            for network, net in (("mastodon", row.mastodon), ("bluesky", row.bluesky)):
                stats.standing[network][net.standing] += 1
                if net.standing in ON:
                    activity = net.activity if net.activity in CHARTED_ACTIVITIES else "other"
                    stats.activity[network][activity] += 1
        return stats


def summary_text(stats: SummaryStats, language: Language = "en") -> str:
    """``3 of 80 are on Mastodon (12 verified, 25 linked), …; found by name only, not counted: …``
    and a line per network, in ``language``."""
    lang = Lang(language)
    m, b = stats.standing["mastodon"], stats.standing["bluesky"]

    def sure(c: Counter[str]) -> str:
        return ", ".join(lang.count(c[s], *w.STANDING_COUNT[s]) for s in ON)

    head = lang.count(
        stats.on("mastodon"),
        *w.ON_MASTODON,
        total=lang.number(stats.institutions),
        mastodon=sure(m),
        on_bluesky=lang.number(stats.on("bluesky")),
        bluesky=sure(b),
    )
    tail = []
    if m["candidate"] or b["candidate"]:
        tail.append(
            lang(
                w.CANDIDATES_APART, mastodon=lang.number(m["candidate"]), bluesky=lang.number(b["candidate"])
            )
        )
    tail.append(lang.count(stats.incomplete, *w.INCOMPLETE))
    if stats.errors:
        tail.append(lang.count(stats.errors, *w.ROWS_WITH_ERRORS))
    semicolon = lang.sep(";")
    lines = [head + semicolon + semicolon.join(tail) + "."]
    for network, label in (("mastodon", "Mastodon"), ("bluesky", "Bluesky")):
        c, a = stats.standing[network], stats.activity[network]
        standing = ", ".join(lang.count(c[s], *w.STANDING_COUNT[s]) for s in STANDINGS)
        shown = [s for s in CHARTED_ACTIVITIES if s != "other" or a[s]]
        activity = ", ".join(lang.count(a[s], *w.ACTIVITY_COUNT[s]) for s in shown)
        lines.append(f"  {label}{lang.sep(':')}{standing} · " + lang(w.OF_THOSE_ON, activity=activity))
    return "\n".join(lines) + "\n"


def run_text(outcome: BatchOutcome, language: Language = "en") -> str:
    """What this run did and wrote: ``This run: checked 3 now; …`` and ``Written: …`` lines, in
    ``language``."""
    lang = Lang(language)
    o = outcome
    run = [lang.count(o.checked, *w.CHECKED_NOW)]
    if o.unknown:
        run.append(lang.count(o.unknown, *w.ENDED_UNKNOWN))
    if o.skipped:
        run.append(lang.count(o.skipped, *w.SKIPPED))
    if o.bad_rows:
        run.append(lang.count(len(o.bad_rows), *w.BAD_ROWS))
    if o.failed:
        run.append(lang.count(len(o.failed), *w.CHECKS_FAILED))
    if o.duplicates:
        run.append(lang.count(o.duplicates, *w.DUPLICATES))
    if o.interrupted:
        run.append(lang(w.RUN_INTERRUPTED))
    out = o.out_dir
    written = [str(out / REPORTS), str(out / SUMMARY_CSV), str(out / SUMMARY_HTML)]
    if o.letters_asked:
        letters = lang.count(o.letters, *w.LETTERS_WRITTEN)
        written.append(f"{out / LETTERS}{os.sep} ({letters})")
    semicolon = lang.sep(";")
    return (
        lang(w.THIS_RUN, what=semicolon.join(run)) + "\n" + lang(w.WRITTEN, files=", ".join(written)) + "\n"
    )
