"""A batch run: the rows of the input checked many at a time, each report appended to
``reports.jsonl`` as it finishes, then the summaries (and the letters) rebuilt from the whole log.

`arun_batch` / `run_batch` print nothing and install no signal handler: what a person should hear
of (a bad row, a duplicate, a letter not written, a repaired log) goes to ``on_notice``, and the
progress (rows handled, checks done, the engine's counters) to ``on_tick`` ten times a second; the
command line draws them. Cancelled (Ctrl-C), a run finishes its summaries and says it was
interrupted: what was checked is kept, and the next run resumes.

A re-run skips the institutions whose latest report in ``reports.jsonl`` settled every verdict
(same normalised name and domain) unless ``refresh``; bad rows and failed checks are not written
there: a re-run tries them again.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import itertools
from collections.abc import AsyncIterable, Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal, TypedDict, Unpack

from .._defaults import BATCH_CONCURRENCY
from .._sync import run_sync
from .._text import inert
from ..errors import OutputDirError, OutputDirProblem, QuitxError, file_problem
from ..i18n import Lang
from . import wording as w
from .input import Row, RowError, count_rows, institution_key, read_institutions
from .log import EXTENSIONS, LETTERS, REPORTS, ReportLog, letter_slug, lock, write_atomic
from .summary import SUMMARY_CSV, SUMMARY_HTML, SummaryRow, SummaryStats, summary_rows, write_summary_csv
from .summary_html import render_summary_html

if TYPE_CHECKING:
    from .._http import EngineStats
    from ..config import Settings
    from ..i18n import Language
    from ..models import Institution, Report
    from ..presence import BatchItem

__all__ = ["BatchOptions", "BatchOutcome", "BatchTick", "Checker", "RunHooks", "arun_batch", "run_batch"]

Checker = Callable[[Iterable["Institution"]], AsyncIterable["BatchItem"]]
Notice = Callable[[str], None]
_TICK = 0.1  # seconds between two ticks while checks go on


@dataclass(frozen=True)
class BatchOptions:
    """What a batch is asked for."""

    input: str  # a CSV or JSONL file, or "-" for standard input
    out_dir: Path = Path("quitx-batch")
    refresh: bool = False  # check again those already settled in reports.jsonl
    concurrency: int = BATCH_CONCURRENCY
    letters: Language | None = None  # also write a letter each, in this language
    letter_format: Literal["md", "txt", "html", "eml", "json"] = "md"
    # how an e-mail attaches the plan's annex: a PDF (None: where quitx[pdf] is installed), or the
    # HTML page; PDF letters are written once the checks are done (0.2 s each would hold them)
    eml_annex: Literal["pdf", "html"] | None = None
    delimiter: str | None = None  # the CSV's (default: read from its header row)
    language: Language = "en"  # of the notices, the summaries and summary.html (not the letters)


@dataclass
class BatchOutcome:
    """What a run did (`quitx.batch.summary.run_text` says it for people)."""

    out_dir: Path
    letters_asked: bool = False
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
    summary: SummaryStats = field(default_factory=SummaryStats)  # of every institution in the log


@dataclass(frozen=True, slots=True)
class BatchTick:
    """Where a run is: rows handled (checked, skipped, bad or duplicate), checks done in this run,
    the rows counted in the input (None: standard input), and the HTTP engine's counters (None
    before the first check, or with a checker that has no engine)."""

    done: int
    checked: int
    total: int | None
    stats: EngineStats | None = None


def _warn(text: str) -> None:
    import logging

    logging.getLogger(__name__).warning("%s", text)


class _Run:
    def __init__(
        self,
        options: BatchOptions,
        settings: Settings | None,
        checker: Checker | None,
        notice: Notice,
        tick: Callable[[BatchTick], None] | None,
    ) -> None:
        self.options = options
        self.settings = settings
        self.checker = checker
        self.notice = notice
        self.on_tick = tick
        self.lang = Lang(options.language)
        self.outcome = BatchOutcome(out_dir=options.out_dir, letters_asked=options.letters is not None)
        self.log = ReportLog(options.out_dir / REPORTS)
        self.done = 0
        self.checks = 0
        self.stats: EngineStats | None = None
        self.annex_as: Literal["pdf", "html"] = "html"
        if options.letters is not None and options.letter_format == "eml":
            from ..letter.render import annex_format

            self.annex_as = annex_format(options.eml_annex)
        # letters whose annex is printed as a PDF are written at the end, not between two checks
        self.letters_at_the_end = self.annex_as == "pdf"
        self.letters_due: set[str] = set()  # checked in this run, their letter left for the end
        self.letters_renewed = 0  # letters older than their institution's last check, written again

    def tick(self, *, row: bool = False, checked: bool = False) -> None:
        self.done += row
        self.checks += checked
        if self.on_tick is not None:
            self.on_tick(BatchTick(self.done, self.checks, self.outcome.total, self.stats))

    # - letters -

    def letter_path(self, institution: Institution) -> Path:
        ext = EXTENSIONS[self.options.letter_format]
        return self.options.out_dir / LETTERS / f"{letter_slug(institution)}.{ext}"

    def letter_written_at(self, institution: Institution) -> float | None:
        """When the institution's letter was written (its file's time), None: it has none."""
        try:
            return self.letter_path(institution).stat().st_mtime
        except OSError:
            return None

    def write_letter(self, report: Report) -> None:
        from ..letter.render import render_letter
        from ..plan import PlanOptions, build_plan

        language = self.options.letters
        if language is None:
            return
        institution = report.institution
        try:
            plan = build_plan(report, PlanOptions(language=language))
            text = render_letter(
                report, plan, language=language, fmt=self.options.letter_format, annex_as=self.annex_as
            )
            write_atomic(self.letter_path(institution), text)
            self.outcome.letters += 1
        except Exception as exc:  # one letter that cannot be written must not stop the batch
            self.outcome.letter_errors += 1
            said = (
                exc.describe(self.lang.code)
                if isinstance(exc, QuitxError)
                else f"{type(exc).__name__}: {exc}"
            )
            self.notice(self.lang(w.NO_LETTER, name=self.lang.quote(inert(institution.name)), error=said))

    # - the checks -

    def rows(self, rows: Iterator[Row], done: set[str]) -> Iterator[Institution]:
        outcome = self.outcome
        seen: dict[str, int] = {}
        for row in rows:
            if isinstance(row, RowError):
                outcome.bad_rows.append(row)
                self.notice(self.lang(w.IN_FILE, source=self.options.input, message=row.text(self.lang.code)))
                self.tick(row=True)
                continue
            key = institution_key(row.institution)
            if key in seen:
                outcome.duplicates += 1
                self.notice(
                    self.lang(
                        w.SAME_INSTITUTION,
                        source=self.options.input,
                        line=str(row.line),
                        first=str(seen[key]),
                    )
                )
                self.tick(row=True)
                continue
            seen[key] = row.line
            outcome.order[key] = len(outcome.order)
            if key in done and not self.options.refresh:
                outcome.skipped += 1
                self.tick(row=True)
                continue
            yield row.institution

    def finished(self, item: BatchItem) -> None:
        if item.report is not None:
            self.log.append(item.report)
            self.outcome.checked += 1
            self.outcome.unknown += not item.report.settled
            if self.letters_at_the_end:  # `finish` writes it, with the letters missing
                self.letters_due.add(institution_key(item.report.institution))
            else:
                self.write_letter(item.report)
        else:
            institution = item.institution
            failed = (
                self.lang(w.CHECK_FAILED_BECAUSE, error=item.error)
                if item.error
                else self.lang(w.CHECK_FAILED_PLAIN)
            )
            self.outcome.failed.append(
                SummaryRow(name=institution.name, domain=institution.domain or "", error=failed)
            )
            self.notice(
                self.lang(w.CHECK_FAILED, name=self.lang.quote(inert(institution.name)), failed=failed)
            )
        self.tick(row=True, checked=True)

    async def ticker(self, many: AsyncIterable[BatchItem]) -> None:
        from ..presence import CheckMany

        while True:
            if isinstance(many, CheckMany):  # a test's checker has no engine
                self.stats = many.stats()
            self.tick()
            await asyncio.sleep(_TICK)

    async def check_all(self, institutions: Iterator[Institution]) -> None:
        many: AsyncIterable[BatchItem]
        if self.checker is not None:
            many = self.checker(institutions)
        else:
            from ..presence import check_many

            many = check_many(institutions, settings=self.settings, concurrency=self.options.concurrency)
        ticker = asyncio.ensure_future(self.ticker(many)) if self.on_tick is not None else None
        try:
            async for item in many:
                self.finished(item)
        finally:
            if ticker is not None:
                ticker.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await ticker

    # - the end -

    def finish(self) -> None:
        """Rebuild summary.csv and summary.html from the whole reports.jsonl (plus this run's
        errors), and write the letters still missing."""
        out = self.options.out_dir
        # each institution's letter from its last report: one checked again has several
        last = self.log.last_lines() if self.options.letters is not None else {}
        if self.letters_due:
            self.notice(self.lang(w.LETTERS_AT_THE_END, n=str(len(self.letters_due))))

        def reports() -> Iterator[Report]:
            for number, report in self.log.numbered_reports(self.notice):
                key = institution_key(report.institution)
                if last.get(key) == number:
                    # checked in this run; or no letter yet; or one older than this report (a later
                    # run checked it again without --letters): written from this report
                    written = self.letter_written_at(report.institution)
                    older = written is not None and written < report.checked_at.timestamp()
                    if key in self.letters_due or written is None or older:
                        self.letters_renewed += older and key not in self.letters_due
                        self.write_letter(report)
                yield report

        def letter(report: Report) -> str:
            if self.options.letters is None:
                return ""
            path = self.letter_path(report.institution)
            return path.relative_to(out).as_posix() if path.exists() else ""

        rows = summary_rows(reports(), order=self.outcome.order, letter=letter)
        if self.letters_renewed:
            self.notice(self.lang(w.LETTERS_RENEWED, n=str(self.letters_renewed)))
        errors = [
            SummaryRow(
                name=e.name or "",
                domain="",
                error=self.lang(w.IN_FILE, source=self.options.input, message=e.text(self.lang.code)),
            )
            for e in self.outcome.bad_rows
        ]
        rows += self.outcome.failed + errors
        buffer = io.StringIO()
        write_summary_csv(rows, buffer)
        write_atomic(out / SUMMARY_CSV, buffer.getvalue())
        write_atomic(out / SUMMARY_HTML, render_summary_html(rows, language=self.options.language))
        self.outcome.summary = SummaryStats.of(rows)

    async def run(self) -> BatchOutcome:
        options = self.options
        try:
            options.out_dir.mkdir(parents=True, exist_ok=True)
            if options.letters:
                (options.out_dir / LETTERS).mkdir(exist_ok=True)
        except OSError as exc:
            raise OutputDirError(
                OutputDirProblem.CANNOT_CREATE, path=str(options.out_dir), **file_problem(exc)
            ) from exc
        with lock(options.out_dir) as locked:
            if not locked:
                raise OutputDirError(OutputDirProblem.LOCKED, path=str(options.out_dir))
            dropped = self.log.repair()
            if dropped:
                self.notice(self.lang(w.LOG_REPAIRED, path=str(self.log.path), bytes=str(dropped)))
            done = set() if options.refresh else self.log.done_keys(self.notice)
            rows = read_institutions(
                options.input, warn=self.notice, delimiter=options.delimiter, language=options.language
            )
            first = next(rows, None)  # an unreadable input is raised before anything starts
            self.outcome.total = count_rows(options.input)
            chained: Iterator[Row] = itertools.chain([first] if first is not None else [], rows)
            try:
                await self.check_all(self.rows(chained, done))
            except (KeyboardInterrupt, asyncio.CancelledError):
                self.outcome.interrupted = True
            finally:
                self.log.close()
            if self.outcome.interrupted:
                self.notice(self.lang(w.INTERRUPTED))
            self.finish()
        return self.outcome


class RunHooks(TypedDict, total=False):
    """What a caller may hook into a run (every one optional)."""

    checker: Checker | None  # replaces quitx.check_many (tests)
    on_notice: Notice | None  # what a person should know (default: the quitx.batch logger)
    on_tick: Callable[[BatchTick], None] | None  # the progress, ten times a second


async def arun_batch(
    options: BatchOptions, settings: Settings | None = None, **hooks: Unpack[RunHooks]
) -> BatchOutcome:
    """Run a batch: check every row of ``options.input``, keep the reports in ``options.out_dir``,
    rebuild the summaries; what it did.

    Raises `quitx.errors.BatchInputError` (the input cannot be read at all) and
    `quitx.errors.OutputDirError` (OUT_DIR cannot be created, or another run holds it) before
    anything is checked. Cancelled (Ctrl-C, or the task cancelled), it finishes the summaries and
    returns with ``interrupted`` set. ``on_notice`` hears what a person should know (default: the
    ``quitx.batch`` logger's warnings), ``on_tick`` the progress. ``checker`` replaces
    `quitx.check_many` (a callable taking the institutions and giving an async iterable of
    ``BatchItem``), for tests; ``settings`` default to `quitx.load_settings`."""
    notice = hooks.get("on_notice") or _warn
    return await _Run(options, settings, hooks.get("checker"), notice, hooks.get("on_tick")).run()


def run_batch(
    options: BatchOptions, settings: Settings | None = None, **hooks: Unpack[RunHooks]
) -> BatchOutcome:
    """The sync face of `arun_batch`."""
    return run_sync(arun_batch(options, settings, **hooks))
