"""``quitx batch``: check many institutions from a CSV or JSONL file, resumably.

Input (`read_institutions`, streamed, never read whole): a CSV file (UTF-8, with or without
BOM, ``;`` or ``,`` or tab, a header row) with the columns ``name`` (required), ``domain`` (a
domain or a homepage URL), ``handles`` (references separated by spaces or ``|``), ``kind``,
``country``, ``language`` (``homepage`` too); or a JSONL file, one ``Institution`` per line (a
saved report's line works too). A bad row is an error with its line number; the good rows go on.

Output directory (``-o OUT_DIR``, default ``./quitx-batch``):

- ``reports.jsonl``: one complete ``Report`` (the JSON of ``quitx check --format json``, on one
  line) appended as each institution finishes, with a single write, flushed and fsynced. A line
  left incomplete by a killed run is cut away at the next start.
- ``summary.csv`` and ``summary.html``: rebuilt at the end from the whole ``reports.jsonl`` (so a
  resumed run covers every institution), plus this run's bad rows and failed checks.
- ``letters/<slug>.<ext>`` with ``--letters LANG``: one letter per institution, plan appended.

A re-run skips the institutions already in ``reports.jsonl`` (same normalised name and domain)
unless ``--refresh``. Bad rows and failed checks are not written there: a re-run tries them again.

This module imports only the standard library at load time (``quitx --help`` stays fast); the
models, the checker and the letter are imported when a batch runs.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import html
import io
import itertools
import json
import os
import re
import signal
import sys
import unicodedata
from collections import Counter
from collections.abc import AsyncIterable, Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Literal

from .._defaults import BATCH_CONCURRENCY
from ..errors import BatchInputError, BatchInputProblem, OutputDirError, UsageError
from ..progress import Progress

if TYPE_CHECKING:
    from ..config import Settings
    from ..i18n import Language
    from ..models import Institution, Platform, Report
    from ..presence import BatchItem

__all__ = [
    "COLUMNS",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_SOME_FAILED",
    "EXIT_UNKNOWN",
    "EXIT_USAGE",
    "BatchInputError",
    "BatchOptions",
    "BatchOutcome",
    "InstitutionRow",
    "NetworkSummary",
    "ReportLog",
    "Row",
    "RowError",
    "SummaryRow",
    "SummaryStats",
    "add_batch_command",
    "count_rows",
    "institution_key",
    "letter_slug",
    "read_institutions",
    "render_summary_html",
    "run_batch",
    "run_batch_file",
    "summary_rows",
    "summary_text",
    "write_summary_csv",
]

EXIT_OK = 0  # every row was read and checked, and every verdict settled (present or absent)
EXIT_USAGE = 2  # bad option, unreadable input (no header, not UTF-8 at all), OUT_DIR in use
EXIT_UNKNOWN = 4  # some rows ended unknown (as `quitx check`'s 4): a re-run checks them again
EXIT_SOME_FAILED = 6  # some rows were bad or some checks failed: the others are done
EXIT_INTERRUPTED = 130  # Ctrl-C or SIGTERM: what was finished is kept

COLUMNS = ("name", "domain", "homepage", "handles", "kind", "country", "language")
_ALIASES = {"handle": "handles", "lang": "language"}
REPORTS = "reports.jsonl"
SUMMARY_CSV = "summary.csv"
SUMMARY_HTML = "summary.html"
LETTERS = "letters"
_EXTENSIONS = {"md": "md", "txt": "txt", "html": "html", "eml": "eml", "json": "json"}
_HANDLE_SPLIT = re.compile(r"[\s|]+")

_EXIT_HELP = """input columns (CSV header row; JSONL: the same keys):
  name (required), domain (domain or homepage URL), handles (separated by spaces or |),
  kind, country, language, homepage; other columns are ignored

outputs in OUT_DIR:
  reports.jsonl  one Report per line, appended as each institution finishes
  summary.csv    one row per institution (both networks: verdict, best account,
                 confidence, activity, followers, last post; website links; error)
  summary.html   the same table and charts, self-contained (open it or forward it)
  letters/       with --letters LANG: one letter per institution (plan appended)

A re-run skips the rows reports.jsonl already settled, and checks again those that
ended unknown (--refresh checks everything again).

exit status:
  0    every row was read and checked, every verdict settled (present or absent)
  4    some rows ended unknown (some place could not be checked; re-run to retry them)
  6    some rows were bad or some checks failed (the others are done; re-run to retry them)
  2    usage error (bad option, unreadable input, OUT_DIR used by another run)
  130  interrupted (what was finished is kept: run again to resume)
  1    unexpected error"""


# --- input ------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class InstitutionRow:
    """A good row: the institution, and the line of the input it starts on (1-based)."""

    line: int
    institution: Institution


@dataclass(frozen=True, slots=True)
class RowError:
    """A bad row: its line (1-based) and what is wrong, for people; ``name`` when one was given."""

    line: int
    message: str
    name: str | None = None

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


Row = InstitutionRow | RowError


class _Lines:
    """The physical lines of a binary stream, numbered and decoded as UTF-8 one by one (a line that
    is not UTF-8 becomes a `RowError`; if nothing decoded before it, the file is not UTF-8
    at all and `BatchInputError` says where)."""

    def __init__(self, stream: IO[bytes], source: str) -> None:
        self.stream = stream
        self.source = source
        self.number = 0
        self.offset = 0
        self.errors: list[RowError] = []
        self.decoded_any = False
        self.row_start: int | None = None

    def __iter__(self) -> Iterator[str]:
        for raw in self.stream:
            self.number += 1
            start = self.offset
            self.offset += len(raw)
            bom = 3 if self.number == 1 and raw.startswith(b"\xef\xbb\xbf") else 0
            try:
                text = raw[bom:].decode("utf-8")
            except UnicodeDecodeError as exc:
                at = exc.start + bom
                byte = raw[at : at + 1].hex()
                if not self.decoded_any:
                    raise BatchInputError(
                        f"not UTF-8: byte 0x{byte} at line {self.number}, column {at + 1} "
                        f"(offset {start + at} in the file); save it as UTF-8 and run again",
                        path=self.source,
                        problem=BatchInputProblem.NOT_UTF8,
                    ) from None
                self.errors.append(
                    RowError(
                        self.number,
                        f"not UTF-8 (byte 0x{byte} at column {at + 1}): row skipped; save the file as UTF-8",
                    )
                )
                continue
            if text.strip():
                self.decoded_any = True
            if self.row_start is None:
                self.row_start = self.number
            yield text

    def pop_errors(self) -> list[RowError]:
        errors, self.errors = self.errors, []
        return errors


def _clean_kind(value: str) -> str:
    return value.strip().lower().replace("-", "_").replace(" ", "_")


def _institution_row(line: int, data: Mapping[str, Any]) -> Row:
    """Validate one row's fields into an Institution, or say what is wrong."""
    from pydantic import ValidationError

    from ..errors import InvalidReferenceError
    from ..handles import parse_ref
    from ..models import Institution, InstitutionKind

    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        return RowError(line, "no name (the name column is required)")
    clean: dict[str, Any] = {"name": " ".join(name.split())}
    for key in ("domain", "homepage", "country", "language", "kind"):
        value = data.get(key)
        if isinstance(value, str):
            value = value.strip()
        if value not in (None, ""):
            clean[key] = value
    kind = clean.get("kind")
    if isinstance(kind, str):
        kinds = [k.value for k in InstitutionKind]
        if _clean_kind(kind) not in kinds:
            return RowError(line, f"unknown kind {kind!r} (one of: {', '.join(kinds)})", clean["name"])
        clean["kind"] = _clean_kind(kind)
    raw_handles = data.get("handles")
    handles: list[str] = []
    if isinstance(raw_handles, str):
        handles = [h for h in _HANDLE_SPLIT.split(raw_handles) if h]
    elif isinstance(raw_handles, list | tuple):
        for h in raw_handles:
            if not isinstance(h, str):
                return RowError(line, f"handles: expected text, got {h!r}", clean["name"])
            handles.extend(x for x in _HANDLE_SPLIT.split(h) if x)
    elif raw_handles is not None:
        return RowError(line, "handles: expected text or a list", clean["name"])
    for handle in handles:
        try:
            parse_ref(handle)
        except InvalidReferenceError as exc:
            return RowError(line, f"bad handle {handle!r}: {exc.reason}", clean["name"])
    if handles:
        clean["handles"] = tuple(handles)
    try:
        institution = Institution.model_validate(clean)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'row'}: {str(e['msg']).removeprefix('Value error, ')}"
            for e in exc.errors()
        )
        return RowError(line, problems, clean["name"])
    return InstitutionRow(line, institution)


def _sniff_delimiter(header: str) -> str:
    counts = {d: header.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _read_csv(
    lines: _Lines, it: Iterator[str], header: str, header_line: int, warn: Callable[[str], None]
) -> Iterator[Row]:
    delimiter = _sniff_delimiter(header)
    names = next(csv.reader([header], delimiter=delimiter))
    columns: list[str | None] = []
    unknown: list[str] = []
    for raw in names:
        col = raw.strip().strip("\ufeff").lower()
        col = _ALIASES.get(col, col)
        if col in COLUMNS and col not in columns:
            columns.append(col)
        else:
            columns.append(None)
            if raw.strip():
                unknown.append(raw.strip())
    if "name" not in columns:
        raise BatchInputError(
            f"line {header_line}: the header row needs a 'name' column "
            f"(found: {', '.join(repr(n) for n in names)}; delimiter {delimiter!r})",
            path=lines.source,
            problem=BatchInputProblem.NO_NAME_COLUMN,
        )
    if unknown:
        warn(
            f"{lines.source}: ignoring unknown column(s): {', '.join(unknown)} (known: {', '.join(COLUMNS)})"
        )
    reader = csv.reader(it, delimiter=delimiter)
    while True:
        lines.row_start = None
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            yield from lines.pop_errors()
            yield RowError(lines.number, f"not valid CSV: {exc}")
            continue
        yield from lines.pop_errors()
        if not any(c.strip() for c in cells):
            continue
        line = lines.row_start or lines.number
        extra = cells[len(columns) :]
        if any(c.strip() for c in extra):
            yield RowError(
                line,
                f"{len(cells)} fields where the header has {len(columns)}: check the quotes and the "
                f"delimiter ({delimiter!r})",
            )
            continue
        data = {col: cell for col, cell in zip(columns, cells, strict=False) if col}
        yield _institution_row(line, data)
    yield from lines.pop_errors()


def _read_jsonl(
    lines: _Lines, it: Iterator[str], first: str, first_line: int, warn: Callable[[str], None]
) -> Iterator[Row]:
    warned = False
    number = first_line
    for index, text in enumerate(itertools.chain([first], it)):
        if index:
            number = lines.number
        yield from lines.pop_errors()
        if not text.strip():
            continue
        try:
            data = json.loads(text)
        except ValueError as exc:
            msg = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)
            column = f" at column {exc.colno}" if isinstance(exc, json.JSONDecodeError) else ""
            yield RowError(number, f"invalid JSON: {msg}{column}")
            continue
        except RecursionError:  # "[[[[…" thousands deep: one bad row, not the end of the batch
            yield RowError(number, "invalid JSON: nested too deep")
            continue
        if isinstance(data, dict) and "name" not in data and isinstance(data.get("institution"), dict):
            data = data["institution"]  # a line of a reports.jsonl
        if not isinstance(data, dict):
            yield RowError(number, "expected a JSON object (an Institution)")
            continue
        unknown = [k for k in data if k not in COLUMNS]
        if unknown and not warned:
            warned = True
            warn(
                f"{lines.source}: line {number}: ignoring unknown key(s): {', '.join(unknown)} "
                f"(known: {', '.join(COLUMNS)}; said once)"
            )
        yield _institution_row(number, {k: v for k, v in data.items() if k in COLUMNS})
    yield from lines.pop_errors()


def _looks_jsonl(path: str, first: str) -> bool:
    suffix = Path(path).suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        return True
    if suffix in (".csv", ".tsv", ".txt"):
        return False
    return first.lstrip().startswith("{")


def _open(path: str | Path) -> IO[bytes]:
    if str(path) == "-":
        return sys.stdin.buffer
    try:
        return open(path, "rb")  # closed by the reader
    except OSError as exc:
        raise BatchInputError(
            f"cannot read it: {exc.strerror}", path=str(path), problem=BatchInputProblem.UNREADABLE
        ) from exc


def read_institutions(path: str | Path, *, warn: Callable[[str], None] | None = None) -> Iterator[Row]:
    """The rows of a CSV or JSONL file (``-``: standard input), streamed, in order.

    Yields `InstitutionRow` for good rows and `RowError` for bad ones (with their line
    numbers). Raises `BatchInputError` when the file cannot be read at all: missing, a CSV
    without a ``name`` column in its header row, or not UTF-8 from its first line.
    ``warn`` receives notices (unknown columns, said once); default: the ``quitx.batch`` logger.
    """
    say: Callable[[str], None] = warn or _log_warning
    source = str(path)
    stream = _open(path)
    try:
        lines = _Lines(stream, source)
        it = iter(lines)
        first: str | None = None
        for text in it:
            if text.strip():
                first = text
                break
        if first is None:
            yield from lines.pop_errors()
            return
        first_line = lines.number
        if _looks_jsonl(source, first):
            yield from _read_jsonl(lines, it, first, first_line, say)
        else:
            yield from _read_csv(lines, it, first, first_line, say)
    finally:
        if stream is not sys.stdin.buffer:
            stream.close()


def _log_warning(text: str) -> None:
    import logging

    logging.getLogger(__name__).warning("%s", text)


def count_rows(path: str | Path) -> int | None:
    """How many rows the input has (non-blank lines, less the CSV header), read cheaply in binary;
    None for standard input. Quoted line breaks in CSV make it an over-estimate."""
    if str(path) == "-":
        return None
    count = 0
    first: bytes | None = None
    try:
        with open(path, "rb") as stream:
            for raw in stream:
                if raw.strip():
                    count += 1
                    if first is None:
                        first = raw
    except OSError:
        return None
    if first is None:
        return 0
    is_jsonl = _looks_jsonl(str(path), first.decode("utf-8", "replace").lstrip("\ufeff"))
    return count if is_jsonl else max(0, count - 1)


def institution_key(institution: Institution) -> str:
    """What makes two rows the same institution: the name (case, accents and spaces ignored) and
    the domain."""
    name = unicodedata.normalize("NFKD", institution.name)
    name = "".join(c for c in name if not unicodedata.combining(c))
    return " ".join(name.casefold().split()) + "|" + (institution.domain or "")


def letter_slug(institution: Institution) -> str:
    """A file name for the institution's letter: ``universite-exemple-univ-exemple-fr``."""
    text = institution.name + " " + (institution.domain or "")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:80].rstrip("-")
    return slug or "institution"


# --- reports.jsonl --------------------------------------------------------------------------------------


class ReportLog:
    """``reports.jsonl``: whole lines only, each written at once, flushed and fsynced."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def repair(self) -> int:
        """Cut an incomplete last line (a run killed mid-write); the number of bytes dropped."""
        try:
            with open(self.path, "r+b") as f:
                size = f.seek(0, os.SEEK_END)
                if size == 0:
                    return 0
                f.seek(size - 1)
                if f.read(1) == b"\n":
                    return 0
                end = size
                keep = 0
                while end > 0:
                    start = max(0, end - 65536)
                    f.seek(start)
                    chunk = f.read(end - start)
                    at = chunk.rfind(b"\n")
                    if at >= 0:
                        keep = start + at + 1
                        break
                    end = start
                f.truncate(keep)
                f.flush()
                os.fsync(f.fileno())
                return size - keep
        except FileNotFoundError:
            return 0

    def reports(self, warn: Callable[[str], None] | None = None) -> Iterator[Report]:
        """The reports in the file, streamed; a line that is not a report is skipped with a notice."""
        from pydantic import ValidationError

        from ..models import Report

        try:
            stream = open(self.path, "rb")  # noqa: SIM115 - closed below
        except FileNotFoundError:
            return
        with stream:
            for number, raw in enumerate(stream, start=1):
                if not raw.endswith(b"\n") or not raw.strip():
                    continue
                try:
                    yield Report.model_validate_json(raw)
                except ValidationError as exc:
                    if warn is not None:
                        first = exc.errors()[0]
                        warn(f"{self.path}: line {number} is not a quitx report, skipped ({first['msg']})")

    def done_keys(self, warn: Callable[[str], None] | None = None) -> set[str]:
        """The institutions whose latest report settled every verdict: a re-run skips them, and
        checks again those that ended unknown."""
        latest = {institution_key(r.institution): r.settled for r in self.reports(warn)}
        return {key for key, done in latest.items() if done}

    def append(self, report: Report) -> None:
        if self._fd is None:
            self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        data = (report.model_dump_json() + "\n").encode("utf-8")
        view = memoryview(data)
        while view:  # one write(2) in practice; a short write is finished, never left half
            written = os.write(self._fd, view)
            view = view[written:]
        os.fsync(self._fd)

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


# --- summary ----------------------------------------------------------------------------------------


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


_CSV_HEADER = (
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
    """The summary as CSV (comma-separated, a header row; see ``_CSV_HEADER``)."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(_CSV_HEADER)
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


# --- summary.html -------------------------------------------------------------------------------------

_COLOURS = {
    "present": "#2e7d32",
    "absent": "#9e9e9e",
    "unknown": "#f9a825",
    "verified": "#1565c0",
    "linked": "#64b5f6",
    "candidate": "#d7dde3",
    "active": "#2e7d32",
    "dormant": "#ef6c00",
    "never_posted": "#bdbdbd",
    "other": "#6d4c41",
}
_LABELS = {"never_posted": "never posted"}

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;max-width:72rem;
padding:0 1rem;color:#1a1a1a;line-height:1.4}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem}
.meta{color:#555;font-size:.9rem}.lead{font-size:1.1rem}
.charts{display:flex;flex-wrap:wrap;gap:1.5rem}
figure{margin:0;flex:1 1 20rem;max-width:30rem;border:1px solid #ddd;border-radius:6px;padding:.8rem}
figcaption{font-weight:600;margin-bottom:.4rem}
figure p{font-size:.85rem;color:#444;margin:.3rem 0 0}
svg{width:100%;max-width:26rem;height:auto;display:block}
table{border-collapse:collapse;width:100%;font-size:.85rem}
th,td{border-bottom:1px solid #ddd;padding:.35rem .4rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}
.v{display:inline-block;padding:0 .35rem;border-radius:3px;font-weight:600;font-size:.8rem}
.present{background:#e3f1e4;color:#1b5e20}.absent{background:#eee;color:#444}
.unknown{background:#fff3cd;color:#7a5a00}.error{color:#b00020}
.small{color:#555;font-size:.8rem}
.legend{font-size:.8rem;color:#333}
@media print{body{margin:0;max-width:none}figure{break-inside:avoid}tr{break-inside:avoid}
a{color:inherit;text-decoration:none}*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
"""


def _h(text: object) -> str:
    from .._text import terminal_safe

    return html.escape(terminal_safe(str(text), limit=500), quote=True)


def _chart(title: str, series: Sequence[tuple[str, Counter[str]]], keys: Sequence[str]) -> str:
    """A stacked horizontal bar per network, as inline SVG, with the numbers also in text."""
    bar_x, bar_w, row_h = 80, 300, 34
    height = row_h * len(series) + 30
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 {height}" role="img" '
        f'aria-label="{_h(title)}">'
    ]
    for i, (label, counts) in enumerate(series):
        y = 6 + i * row_h
        total = sum(counts[k] for k in keys)
        parts.append(f'<text x="0" y="{y + 16}" font-size="13">{_h(label)}</text>')
        parts.append(f'<rect x="{bar_x}" y="{y}" width="{bar_w}" height="22" fill="#fafafa" stroke="#ccc"/>')
        x = float(bar_x)
        for key in keys:
            n = counts[key]
            if not n or not total:
                continue
            w = bar_w * n / total
            name = _LABELS.get(key, key)
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="22" fill="{_COLOURS[key]}">'
                f"<title>{_h(label)}: {n} {_h(name)}</title></rect>"
            )
            if w >= 18:
                dark = key in ("candidate", "never_posted", "linked", "unknown", "absent")
                parts.append(
                    f'<text x="{x + w / 2:.1f}" y="{y + 15}" font-size="11" text-anchor="middle" '
                    f'fill="{"#111" if dark else "#fff"}">{n}</text>'
                )
            x += w
        if not total:
            parts.append(f'<text x="{bar_x + 6}" y="{y + 15}" font-size="11" fill="#666">none</text>')
    y = height - 12
    x = 0.0
    for key in keys:
        name = _LABELS.get(key, key)
        parts.append(f'<rect x="{x:.0f}" y="{y - 9}" width="10" height="10" fill="{_COLOURS[key]}"/>')
        parts.append(f'<text x="{x + 14:.0f}" y="{y}" font-size="11">{_h(name)}</text>')
        x += 24 + 6.5 * len(name)
    parts.append("</svg>")
    text = "; ".join(
        f"{label}: " + ", ".join(f"{counts[k]} {_LABELS.get(k, k)}" for k in keys) for label, counts in series
    )
    return (
        f"<figure><figcaption>{_h(title)}</figcaption>{''.join(parts)}"
        f'<p class="legend">{_h(text)}</p></figure>'
    )


def _account_html(net: NetworkSummary | None) -> str:
    if net is None:
        return ""
    out = f'<span class="v {_h(net.verdict)}">{_h(net.verdict)}</span>'
    if net.account:
        account = _h(net.account)
        if net.url and net.url.startswith(("https://", "http://")):
            account = f'<a href="{_h(net.url)}" rel="noopener noreferrer nofollow">{account}</a>'
        facts = [net.confidence, _LABELS.get(net.activity, net.activity)]
        if net.followers is not None:
            facts.append(f"{net.followers:,} followers".replace(",", "\u202f"))
        if net.last_post:
            facts.append(f"last post {net.last_post}")
        out += f"<br>{account}<br><span class=small>{_h(' · '.join(f for f in facts if f))}</span>"
    return out


def render_summary_html(rows: Sequence[SummaryRow], *, generated_at: dt.datetime | None = None) -> str:
    """``summary.html``: self-contained (no script, no external resource), printable; every piece
    of text from the input or the servers is escaped."""
    from .._version import version

    stats = SummaryStats.of(rows)
    when = (generated_at or dt.datetime.now(dt.UTC)).strftime("%Y-%m-%d %H:%M UTC")
    networks = ("mastodon", "Mastodon"), ("bluesky", "Bluesky")
    charts = [
        _chart(
            "Presence per network",
            [(label, stats.verdicts[n]) for n, label in networks],
            ("present", "absent", "unknown"),
        ),
        _chart(
            "How sure (best account, where present)",
            [(label, stats.confidence[n]) for n, label in networks],
            ("verified", "linked", "candidate"),
        ),
        _chart(
            "Activity (best account, where present)",
            [(label, stats.activity[n]) for n, label in networks],
            ("active", "dormant", "never_posted", "other"),
        ),
    ]
    body = []
    for row in rows:
        cells = [
            f"<td>{_h(row.name)}</td>",
            f"<td>{_h(row.domain)}</td>",
            f"<td>{_account_html(row.mastodon)}</td>",
            f"<td>{_account_html(row.bluesky)}</td>",
            f"<td>{_h(row.website)}</td>",
            f'<td class="error">{_h(row.error)}</td>' if row.error else "<td></td>",
        ]
        body.append("<tr>" + "".join(cells) + "</tr>")
    lead = summary_text(stats).splitlines()[0]
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Presence on Mastodon and Bluesky — {stats.institutions} institutions</title>
<style>{_CSS}</style>
</head>
<body>
<h1>Presence on Mastodon and Bluesky</h1>
<p class="meta">{stats.institutions} institutions checked · generated {when} by quitx {_h(version())}</p>
<p class="lead">{_h(lead)}</p>
<section class="charts">
{chr(10).join(charts)}
</section>
<h2>Institutions</h2>
<table>
<thead><tr><th>Institution</th><th>Domain</th><th>Mastodon</th><th>Bluesky</th>
<th>Homepage links to</th><th>Error</th></tr></thead>
<tbody>
{chr(10).join(body)}
</tbody>
</table>
<p class="small"><b>verified</b>: proven to be the institution's (a verified profile link or a
domain handle) · <b>linked</b>: the official site links to it · <b>candidate</b>: found by name only,
could be a fan account or an impersonator · <b>absent</b>: we found no account (every candidate
answered, the search found nobody of that name) · <b>unknown</b>: something could not be checked:
never read it as absent · <b>dormant</b>: no post for more than the dormancy threshold.</p>
</body>
</html>
"""


# --- the run ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BatchOptions:
    """What ``quitx batch`` was asked for."""

    input: str
    out_dir: Path = Path("quitx-batch")
    refresh: bool = False
    concurrency: int = BATCH_CONCURRENCY
    letters: Language | None = None
    letter_format: Literal["md", "txt", "html", "eml", "json"] = "md"
    quiet: bool = False


@dataclass
class BatchOutcome:
    """What a run did (the printed summary says it for people)."""

    total: int | None = None  # rows counted in the input first
    checked: int = 0  # checked in this run
    unknown: int = 0  # of those, ended unknown (Mastodon or Bluesky)
    skipped: int = 0  # already settled in reports.jsonl
    duplicates: int = 0  # same institution twice in the input
    bad_rows: list[RowError] = field(default_factory=list)
    failed: list[SummaryRow] = field(default_factory=list)  # checks that raised
    letters: int = 0
    letter_errors: int = 0
    interrupted: bool = False
    order: dict[str, int] = field(default_factory=dict)  # key -> position in the input

    @property
    def status(self) -> int:
        if self.interrupted:
            return EXIT_INTERRUPTED
        if self.bad_rows or self.failed or self.letter_errors:
            return EXIT_SOME_FAILED
        if self.unknown:
            return EXIT_UNKNOWN
        return EXIT_OK


Checker = Callable[[Iterable["Institution"]], AsyncIterable["BatchItem"]]


class _Batch:
    def __init__(
        self,
        options: BatchOptions,
        settings: Settings | None,
        *,
        stdout: IO[str],
        stderr: IO[str],
        checker: Checker | None,
    ) -> None:
        self.options = options
        self.settings = settings
        self.stdout = stdout
        self.stderr = stderr
        self.checker = checker
        self.outcome = BatchOutcome()
        self.log = ReportLog(options.out_dir / REPORTS)
        self.progress = Progress(stream=stderr, quiet=options.quiet)

    def say(self, text: str) -> None:
        self.progress.message(f"quitx: {text}")

    # - letters -

    def letter_path(self, institution: Institution) -> Path:
        ext = _EXTENSIONS[self.options.letter_format]
        return self.options.out_dir / LETTERS / f"{letter_slug(institution)}.{ext}"

    def write_letter(self, report: Report) -> None:
        from ..letter.render import render_letter
        from ..plan import PlanOptions, build_plan

        language = self.options.letters
        if language is None:
            return
        institution = report.institution
        try:
            plan = build_plan(report, PlanOptions(language=language))
            text = render_letter(report, plan, language=language, fmt=self.options.letter_format)
            _write_atomic(self.letter_path(institution), text)
            self.outcome.letters += 1
        except Exception as exc:  # one letter that cannot be written must not stop the batch
            self.outcome.letter_errors += 1
            self.say(f"no letter for {institution.name!r}: {type(exc).__name__}: {exc}")

    # - the checks -

    def rows(self, rows: Iterator[Row], done: set[str]) -> Iterator[Institution]:
        outcome = self.outcome
        seen: dict[str, int] = {}
        for row in rows:
            if isinstance(row, RowError):
                outcome.bad_rows.append(row)
                self.say(f"{self.options.input}: {row}")
                self.progress.advance(checked=False)
                continue
            key = institution_key(row.institution)
            if key in seen:
                outcome.duplicates += 1
                self.say(
                    f"{self.options.input}: line {row.line}: same institution as line {seen[key]}, skipped"
                )
                self.progress.advance(checked=False)
                continue
            seen[key] = row.line
            outcome.order[key] = len(outcome.order)
            if key in done and not self.options.refresh:
                outcome.skipped += 1
                self.progress.advance(checked=False)
                continue
            yield row.institution

    def finished(self, item: BatchItem) -> None:
        if item.report is not None:
            self.log.append(item.report)
            self.outcome.checked += 1
            self.outcome.unknown += not item.report.settled
            self.write_letter(item.report)
        else:
            institution = item.institution
            error = item.error or "the check failed"
            self.outcome.failed.append(
                SummaryRow(name=institution.name, domain=institution.domain or "", error=error)
            )
            self.say(f"{institution.name!r}: the check failed: {error}")
        self.progress.advance()

    async def tick(self, many: AsyncIterable[BatchItem]) -> None:
        import asyncio

        from ..presence import CheckMany

        while True:
            stats = many.stats() if isinstance(many, CheckMany) else None  # a test's checker has none
            if stats is not None:
                self.progress.set_counters(
                    requests=stats.requests,
                    http429=stats.http429,
                    cache_hits=stats.cache_hits,
                    waits=stats.waits,
                    slowed=stats.slowed,
                )
            self.progress.update()
            await asyncio.sleep(0.1)

    async def check_all(self, institutions: Iterator[Institution]) -> None:
        import asyncio

        loop = asyncio.get_running_loop()
        task = asyncio.current_task()
        if task is not None:  # kill (SIGTERM) stops as cleanly as Ctrl-C
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(signal.SIGTERM, task.cancel)
        many: AsyncIterable[BatchItem]
        if self.checker is not None:
            many = self.checker(institutions)
        else:
            from ..presence import check_many

            many = check_many(institutions, settings=self.settings, concurrency=self.options.concurrency)
        ticker = asyncio.ensure_future(self.tick(many))
        try:
            async for item in many:
                self.finished(item)
        finally:
            ticker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await ticker
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.remove_signal_handler(signal.SIGTERM)

    # - the end -

    def finish(self) -> None:
        """Rebuild summary.csv and summary.html from the whole reports.jsonl (plus this run's errors),
        write the letters still missing, print the summary."""
        out = self.options.out_dir
        letters_missing = self.options.letters is not None

        def reports() -> Iterator[Report]:
            for report in self.log.reports(self.say):
                if letters_missing and not self.letter_path(report.institution).exists():
                    self.write_letter(report)
                yield report

        rows = summary_rows(reports(), order=self.outcome.order)
        errors = [
            SummaryRow(name=e.name or "", domain="", error=f"{self.options.input}: {e}")
            for e in self.outcome.bad_rows
        ]
        rows += self.outcome.failed + errors
        buffer = io.StringIO()
        write_summary_csv(rows, buffer)
        _write_atomic(out / SUMMARY_CSV, buffer.getvalue())
        _write_atomic(out / SUMMARY_HTML, render_summary_html(rows))
        stats = SummaryStats.of(rows)
        o = self.outcome
        text = summary_text(stats)
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
        written = [str(out / REPORTS), str(out / SUMMARY_CSV), str(out / SUMMARY_HTML)]
        if self.options.letters:
            written.append(f"{out / LETTERS}{os.sep} ({_plural(o.letters, 'letter', 'letters')} written)")
        text += "This run: " + "; ".join(run) + ".\n" + "Written: " + ", ".join(written) + "\n"
        self.stdout.write(text)
        self.stdout.flush()

    def run(self) -> int:
        import asyncio  # here, not at the top: ``quitx --help`` stays fast

        options = self.options
        try:
            options.out_dir.mkdir(parents=True, exist_ok=True)
            if options.letters:
                (options.out_dir / LETTERS).mkdir(exist_ok=True)
        except OSError as exc:
            raise OutputDirError(
                f"cannot create {options.out_dir}: {exc.strerror}", path=str(options.out_dir)
            ) from exc
        with _lock(options.out_dir) as locked:
            if not locked:
                raise OutputDirError(
                    f"another quitx batch is writing to {options.out_dir}: wait for it",
                    path=str(options.out_dir),
                    locked=True,
                )
            dropped = self.log.repair()
            if dropped:
                self.say(
                    f"{self.log.path}: dropped an incomplete last line ({dropped} bytes)"
                    " left by an interrupted run"
                )
            done = set() if options.refresh else self.log.done_keys(self.say)
            rows = read_institutions(options.input, warn=self.say)
            first = next(rows, None)  # an unreadable input is said (raised) before anything starts
            self.outcome.total = self.progress.total = count_rows(options.input)
            chained: Iterator[Row] = itertools.chain([first] if first is not None else [], rows)
            try:
                asyncio.run(self.check_all(self.rows(chained, done)))
            except (KeyboardInterrupt, asyncio.CancelledError):
                self.outcome.interrupted = True
            finally:
                self.progress.close()
                self.log.close()
            if self.outcome.interrupted:
                self.stderr.write("quitx: interrupted: what was finished is kept in reports.jsonl\n")
            self.finish()
        return self.outcome.status


@contextlib.contextmanager
def _lock(directory: Path) -> Iterator[bool]:
    """An exclusive lock on OUT_DIR for the run (where the platform has flock)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not on POSIX
        yield True
        return
    path = directory / ".quitx-batch.lock"
    with open(path, "a") as f:
        try:
            fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(f.fileno(), fcntl.LOCK_UN)


def _write_atomic(path: Path, text: str) -> None:
    """Write a whole file or nothing: a temporary file beside it, then a rename."""
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "w", encoding="utf-8", newline="") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def run_batch_file(
    options: BatchOptions,
    settings: Settings | None = None,
    *,
    stdout: IO[str] | None = None,
    stderr: IO[str] | None = None,
    checker: Checker | None = None,
) -> int:
    """Run a batch; the exit status (see ``EXIT_*``). ``checker`` replaces `quitx.check_many`
    (a callable taking the institutions and giving an async iterable of ``BatchItem``), for tests.

    Raises `BatchInputError` (the input cannot be read at all) and `OutputDirError` (OUT_DIR cannot
    be created, or another run holds it) before anything is checked."""
    batch = _Batch(
        options,
        settings,
        stdout=stdout or sys.stdout,
        stderr=stderr or sys.stderr,
        checker=checker,
    )
    return batch.run()


# --- the command ------------------------------------------------------------------------------------


def _concurrency(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if not 1 <= value <= 256:
        raise argparse.ArgumentTypeError("expected 1 to 256")
    return value


def add_batch_command(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
) -> argparse.ArgumentParser:
    """Add ``quitx batch`` to the command's subparsers (the settings options stay on the top level)."""
    bt = subparsers.add_parser(
        "batch",
        help="check many institutions from a CSV or JSONL file (resumable)",
        description="Check many institutions: reports.jsonl as each finishes, a summary (CSV, HTML, "
        "printed), optionally a letter each. Run it again to resume.",
        epilog=_EXIT_HELP
        + """

examples:
  quitx batch universities.csv
  quitx batch universities.csv -o out --letters fr --format html
  quitx -q --timeout 20 batch institutions.jsonl -o out --concurrency 4
  quitx batch universities.csv -o out --refresh    # check again those already done""",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    bt.add_argument(
        "file", metavar="FILE", help="the institutions: CSV with a header row, or JSONL (- : stdin)"
    )
    bt.add_argument(
        "-o",
        "--output-dir",
        dest="out_dir",
        metavar="OUT_DIR",
        default="quitx-batch",
        help="where the outputs go (default ./quitx-batch)",
    )
    bt.add_argument("--refresh", action="store_true", help="check again those already in OUT_DIR")
    bt.add_argument(
        "--concurrency",
        metavar="N",
        type=_concurrency,
        default=BATCH_CONCURRENCY,
        help=f"institutions checked at once (default {BATCH_CONCURRENCY}; per-host limits still apply)",
    )
    bt.add_argument(
        "--letters", metavar="LANG", choices=("fr", "en"), help="also write a letter each, in fr or en"
    )
    bt.add_argument(
        "--format",
        dest="letter_format",
        choices=tuple(_EXTENSIONS),
        default=None,
        help="the letters' format (default md; needs --letters)",
    )
    bt.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    bt.add_argument(
        "--instance", metavar="HOST", action="append", default=[], help="also check this instance"
    )
    return bt


def run_batch(args: argparse.Namespace) -> int:
    """``quitx batch``, from the parsed arguments (global settings options included)."""
    from ..cli import _settings

    if args.letter_format and not args.letters:
        raise UsageError("--format is the letters' format: it needs --letters LANG", option="--format")
    settings = _settings(args).with_instances(args.instance)
    if "cache" in type(settings).model_fields:  # the HTTP cache pays off on re-runs
        settings = settings.model_copy(update={"cache": True})
    options = BatchOptions(
        input=args.file,
        out_dir=Path(args.out_dir),
        refresh=args.refresh,
        concurrency=args.concurrency,
        letters=args.letters,
        letter_format=args.letter_format or "md",
        quiet=args.quiet,
    )
    return run_batch_file(options, settings)
