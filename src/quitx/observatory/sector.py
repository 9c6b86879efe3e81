"""A sector's run: institutions from Wikidata, checked by the batch, recorded in the history, and
compared with what Wikidata says.

`run_sector(options, settings)` is one call: the command line's ``quitx batch --wikidata PRESET``
(and its older name ``quitx observatory run``) is this function with the parsed options. What it
writes in ``OUT_DIR`` besides the batch's own files (``reports.jsonl``, ``summary.csv``,
``summary.html``):

- ``wikidata.jsonl``: the institutions the query gave (the batch's input, one per line);
- ``wikidata-comparison.json``: where Wikidata and the live check agree, and where they do not;
- with ``record``, the history database (``history`` or ``OUT_DIR/history.db``), one run more.

Every run checks every institution again (the batch's ``--refresh``): the HTTP cache (turned on,
as for the batch) makes a run the next day send only what expired.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import AsyncIterable, Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from .._defaults import BATCH_CONCURRENCY
from ..batch.runner import BatchOutcome, BatchTick
from ..models.base import _Frozen
from .compare import Comparison, compare, pair_items

if TYPE_CHECKING:
    from .._http import EngineStats
    from ..config import Settings
    from ..i18n import Language
    from ..models import Institution, Report
    from ..presence import BatchItem, CheckMany

__all__ = ["COMPARISON", "INPUT", "SectorOptions", "SectorOutcome", "run_sector"]

INPUT = "wikidata.jsonl"
COMPARISON = "wikidata-comparison.json"
HISTORY = "history.db"


@dataclass(frozen=True)
class SectorOptions:
    """What a sector run was asked for (the batch's options, and where the institutions come from)."""

    source: str  # a preset name (`quitx.observatory.presets.PRESETS`) or a SPARQL file
    out_dir: Path = Path("quitx-sector")
    history: Path | None = None  # default OUT_DIR/history.db
    label: str | None = None
    concurrency: int = BATCH_CONCURRENCY
    letters: Language | None = None
    letter_format: Literal["md", "txt", "html", "eml", "json"] = "md"
    eml_annex: Literal["pdf", "html"] | None = None  # as `quitx.batch.BatchOptions.eml_annex`
    record: bool = True  # record the run in the history database
    language: Language = "en"  # of the notices, the summaries and outcome_text


class SectorOutcome(_Frozen):
    """What a sector run did."""

    batch: BatchOutcome  # what the batch did (interrupted, unknown, failed rows…)
    source: str
    run_id: int | None = None  # None: not recorded (an interrupted run is not history)
    items: int  # Wikidata items the query gave
    institutions: int  # checked (an item with nothing to check by is left out)
    notes: tuple[str, ...] = ()  # what was dropped from Wikidata's values, and why
    comparison: Comparison = Comparison()
    wikidata_requests: int = 0  # requests the query cost (0: from the cache)
    requests_sent: int | None = None  # requests the checks sent (None: a checker without an engine)
    cache_hits: int | None = None
    history: str  # the database the run was recorded in ("": not recorded, not asked)
    files: tuple[str, ...] = ()


class _Tap:
    """`quitx.check_many`, kept at hand to read its engine's counters after the run."""

    def __init__(self, settings: Settings, concurrency: int) -> None:
        self.settings = settings
        self.concurrency = concurrency
        self.many: CheckMany | None = None

    def __call__(self, institutions: Iterable[Institution]) -> AsyncIterable[BatchItem]:
        from ..presence import check_many

        self.many = check_many(institutions, settings=self.settings, concurrency=self.concurrency)
        return self.many

    def stats(self) -> EngineStats | None:
        return self.many.stats() if self.many is not None else None


def _new_reports(path: Path, offset: int, keys: set[str]) -> Iterator[Report]:
    """The reports appended to ``reports.jsonl`` after ``offset`` (this run's), for ``keys``."""
    from pydantic import ValidationError

    from ..batch import institution_key
    from ..models import Report

    try:
        stream = open(path, "rb")  # noqa: SIM115 - closed below
    except FileNotFoundError:
        return
    with stream:
        stream.seek(offset)
        for raw in stream:
            if not raw.endswith(b"\n"):
                continue
            try:
                report = Report.model_validate_json(raw)
            except ValidationError:
                continue
            if institution_key(report.institution) in keys:
                yield report


def _write_lines(path: Path, lines: Iterable[str]) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        for line in lines:
            f.write(line + "\n")
    os.replace(tmp, path)


def run_sector(
    options: SectorOptions,
    settings: Settings | None = None,
    *,
    checker: Any = None,
    now: dt.datetime | None = None,
    on_notice: Callable[[str], None] | None = None,
    on_tick: Callable[[BatchTick], None] | None = None,
) -> SectorOutcome:
    """Run a sector: Wikidata, the batch, the history, the comparison.

    Raises `quitx.errors.ObservatoryError` (an unknown preset, an unreadable query file),
    `quitx.errors.SourceError` (the query could not be run: nothing is checked then),
    `quitx.errors.HistoryError`, and the batch's errors (`quitx.batch.run_batch`). ``on_notice``
    and ``on_tick`` are the batch's; ``checker`` replaces `quitx.check_many` (tests)."""
    from ..batch import REPORTS, BatchOptions, institution_key, run_batch
    from ..config import load_settings
    from .history import RunMeta, WikidataLink, record_run
    from .presets import resolve_source
    from .wikidata import fetch_items, institution_of

    settings = settings if settings is not None else load_settings()
    settings = settings.model_copy(update={"cache": True})  # the HTTP cache pays off on re-runs
    label, query, kind = resolve_source(options.source)
    fetched = fetch_items(query, settings=settings)

    institutions: list[Institution] = []
    links: list[WikidataLink] = []
    notes: list[str] = []
    for item in fetched.items:
        institution, dropped = institution_of(item, kind)
        notes += [f"{item.qid}: {note}" for note in dropped]
        if institution is None:
            continue
        key = institution_key(institution)
        if any(link.key == key for link in links):
            notes.append(f"{item.qid}: same institution as {next(x.item.qid for x in links if x.key == key)}")
            continue
        institutions.append(institution)
        links.append(WikidataLink(key=key, item=item))

    out = options.out_dir
    out.mkdir(parents=True, exist_ok=True)
    source = out / INPUT
    _write_lines(source, (i.model_dump_json(exclude_defaults=True) for i in institutions))
    log = out / REPORTS
    offset = log.stat().st_size if log.exists() else 0
    started = now or dt.datetime.now(dt.UTC)
    tap = _Tap(settings, options.concurrency) if checker is None else None
    batch = run_batch(
        BatchOptions(
            input=str(source),
            out_dir=out,
            refresh=True,
            concurrency=options.concurrency,
            letters=options.letters,
            letter_format=options.letter_format,
            eml_annex=options.eml_annex,
            language=options.language,
        ),
        settings,
        checker=checker or tap,
        on_notice=on_notice,
        on_tick=on_tick,
    )
    keys = {link.key for link in links}
    reports = {institution_key(r.institution): r for r in _new_reports(log, offset, keys)}
    comparison = compare(
        pair_items((link.item for link in links), reports, {link.item.qid: link.key for link in links})
    )
    (out / COMPARISON).write_text(comparison.model_dump_json(indent=2) + "\n", encoding="utf-8")
    history = options.history or out / HISTORY
    run_id = None
    if options.record and not batch.interrupted:
        run_id = record_run(
            history,
            reports.values(),
            RunMeta(
                source=label,
                started_at=started,
                finished_at=dt.datetime.now(dt.UTC) if now is None else now,
                label=options.label,
                wikidata=tuple(link for link in links if link.key in reports),
            ),
        )
    stats = tap.stats() if tap else None
    return SectorOutcome(
        batch=batch,
        source=label,
        run_id=run_id,
        items=len(fetched.items),
        institutions=len(institutions),
        notes=tuple(notes),
        comparison=comparison,
        wikidata_requests=0 if fetched.from_cache else 1,
        requests_sent=stats.requests if stats else None,
        cache_hits=stats.cache_hits if stats else None,
        history=str(history) if options.record else "",
        files=(str(source), str(out / COMPARISON), *((str(history),) if options.record else ())),
    )


def outcome_text(outcome: SectorOutcome, language: Language = "en") -> str:
    """The run in a few lines, for people (after the batch's own summary), in ``language``."""
    from ..i18n import Lang
    from . import wording as w

    lang = Lang(language)
    counts = outcome.comparison.counts()
    said = ", ".join(
        lang.count(n, *w.STATUS[k]) if k in w.STATUS else f"{n} {k}" for k, n in counts.items() if n
    )
    dropped = lang(w.DROPPED, n=lang.number(len(outcome.notes)), file=INPUT) if outcome.notes else ""
    lines = [
        lang(
            w.WIKIDATA,
            source=outcome.source,
            items=lang.number(outcome.items),
            institutions=lang.number(outcome.institutions),
            dropped=dropped,
        ),
        lang(w.AGAINST, said=said or lang(w.NOTHING_TO_COMPARE), file=COMPARISON),
    ]
    if outcome.run_id is not None:
        lines.append(lang(w.RECORDED, run=str(outcome.run_id), path=outcome.history))
    elif not outcome.history:
        lines.append(lang(w.NOT_RECORDED))
    else:
        lines.append(lang(w.INTERRUPTED))
    return "\n".join(lines) + "\n"
