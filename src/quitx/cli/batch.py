"""``quitx batch FILE``: check many institutions from a CSV or JSONL file (resumable), with a
progress bar; SIGTERM stops it as Ctrl-C does. ``quitx batch --wikidata PRESET`` takes them from
Wikidata (`run_wikidata`, which ``quitx observatory run`` shares) and records the run in a history
database with ``--history``. The run's language: `quitx.cli.voice.run_language`."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, TypeVar

from .._defaults import BATCH_CONCURRENCY
from .exits import EXIT_FAILED, EXIT_INTERRUPTED, EXIT_PRESENT, EXIT_SOME_FAILED, EXIT_UNKNOWN
from .options import settings_from, warn_if_the_annex_is_a_page
from .voice import run_language

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..batch import BatchOutcome
    from ..i18n import Language
    from .progress import Progress

T = TypeVar("T")

__all__ = ["add_parser", "exit_status", "run", "sigterm_as_ctrl_c", "with_progress"]

_COLUMN_HELP = {
    "name": ("(required) the institution's name",),
    "domain": ("its web domain or homepage URL",),
    "handles": ("accounts it has, separated by spaces or |",),
    "kind": (
        "research, higher_education, public_administration, local_government, hospital,",
        "company, association, media, school (or in French: recherche, université,",
        "collectivité, hôpital, entreprise, école…); default: read from the name",
    ),
    "country": ("ISO code (default FR)",),
    "language": ("fr or en (default fr)",),
    "homepage": ("the page to read, when not the domain's root",),
}


def columns_help() -> str:
    """The input's columns and every name each goes by (from `quitx.batch.input.COLUMN_NAMES`)."""
    from ..batch.input import COLUMN_NAMES

    lines = ["input columns (a CSV file's header row, or a JSONL file's keys; French or English):"]
    for column, what in _COLUMN_HELP.items():
        lines += [f"  {column if i == 0 else '':<9} {text}" for i, text in enumerate(what)]
        lines.append(f"  {'':<9} also: {', '.join(COLUMN_NAMES[column][1:])}")
    lines.append("  Case, accents, spaces, - and _ do not matter; other columns are ignored (said once).")
    lines.append("  The delimiter (; , or tab) is read from the header row; --delimiter says it.")
    return "\n".join(lines)


# the presets of quitx.observatory.presets (a test holds the two lists together)
_PRESETS = (
    "french-universities",
    "french-research-bodies",
    "french-ministries",
    "french-regions",
    "french-university-hospitals",
)

_BATCH_HELP = """outputs in OUT_DIR:
  reports.jsonl  one Report per line, appended as each institution finishes
  summary.csv    one row per institution (both networks: verdict, best account,
                 confidence, activity, followers, last post; website links; error)
  summary.html   the same table and charts, self-contained (open it or forward it)
  letters/       with --letters LANG: one letter per institution (plan appended)
  with --wikidata: wikidata.jsonl (the institutions the query gave) and
                 wikidata-comparison.json (where Wikidata and the live check disagree);
                 with --history FILE, the run is recorded there ('quitx changes FILE')

A re-run skips the rows reports.jsonl already settled, and checks again those that
ended unknown (--refresh checks everything again).

exit status:
  0    every row was read and checked, every verdict settled (present or absent)
  4    some rows ended unknown (some place could not be checked; re-run to retry them)
  6    some rows were bad or some checks failed (the others are done; re-run to retry them)
  5    --wikidata: the Wikidata endpoint could not be read (nothing was checked)
  2    usage error (bad option, unreadable input, OUT_DIR used by another run)
  130  interrupted (what was finished is kept: run again to resume)
  1    unexpected error"""


def _concurrency(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if not 1 <= value <= 256:
        raise argparse.ArgumentTypeError("expected 1 to 256")
    return value


def _delimiter(text: str) -> str:
    from ..batch.input import delimiter_of

    try:
        return delimiter_of(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``quitx batch`` to the command's subparsers (the settings options stay on the top level)."""
    bt = subparsers.add_parser(
        "batch",
        help="check many institutions from a CSV or JSONL file, or from Wikidata (resumable)",
        description="Check many institutions, from a file or from Wikidata: reports.jsonl as each "
        "finishes, a summary (CSV, HTML, printed), optionally a letter each; a Wikidata run recorded "
        "in a history database with --history. Run it again to resume.",
        epilog=columns_help()
        + "\n\n"
        + _BATCH_HELP
        + """

examples:
  quitx batch etablissements.csv --delimiter ';' --lang fr
  quitx batch universities.csv -o out --letters fr --format html
  quitx batch universities.csv -o out --refresh    # check again those already done
  quitx batch --wikidata french-universities -o sector --history sector/history.db
  # a week later, the same again; then 'quitx changes sector/history.db' says what changed""",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    bt.add_argument(
        "file",
        metavar="FILE",
        nargs="?",
        help="the institutions: CSV with a header row, or JSONL (- : stdin); or --wikidata",
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
        choices=("md", "txt", "html", "eml", "json"),
        default=None,
        help="the letters' format (default md; needs --letters)",
    )
    bt.add_argument(
        "--eml-annex",
        choices=("pdf", "html"),
        help="how each .eml attaches the technical annex (default: pdf where quitx[pdf] is installed, "
        "written once the checks are done; else html)",
    )
    bt.add_argument(
        "--delimiter",
        metavar="CHAR",
        type=_delimiter,
        help="the CSV's delimiter: ';' ',' or tab (default: read from the header row)",
    )
    bt.add_argument(
        "--lang",
        choices=("fr", "en"),
        help="the language of the summary and the messages (default: the config's lang, else the locale)",
    )
    bt.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    bt.add_argument(
        "--instance", metavar="HOST", action="append", default=[], help="also check this instance"
    )
    wikidata_options(
        bt.add_argument_group("institutions from Wikidata (instead of FILE)"), history_default=None
    )


def wikidata_options(group: argparse._ActionsContainer, *, history_default: str | None) -> None:
    """``--wikidata`` (batch only), ``--history`` and ``--label``: shared by ``quitx batch`` and
    ``quitx observatory run``."""
    if history_default is None:
        group.add_argument(
            "--wikidata",
            metavar="PRESET|QUERY.rq",
            help=f"take the institutions from Wikidata: a preset ({', '.join(_PRESETS)}) or a file "
            "holding a SPARQL query that binds ?item; every run checks them all again",
        )
    group.add_argument(
        "--history",
        metavar="FILE",
        help="record the run in this SQLite history database, which 'quitx changes' compares"
        + (f" (default {history_default})" if history_default else " (default: not recorded)"),
    )
    group.add_argument("--label", metavar="TEXT", help="a label for the run in the history")


def exit_status(outcome: BatchOutcome) -> int:
    """0 every row checked and settled, 4 some ended unknown, 6 some rows bad or checks failed,
    130 interrupted."""
    if outcome.interrupted:
        return EXIT_INTERRUPTED
    if outcome.bad_rows or outcome.failed or outcome.letter_errors:
        return EXIT_SOME_FAILED
    if outcome.unknown:
        return EXIT_UNKNOWN
    return EXIT_PRESENT


@contextlib.contextmanager
def sigterm_as_ctrl_c() -> Iterator[None]:
    """While a long run goes on, a kill (SIGTERM) stops it as cleanly as Ctrl-C: what was done is
    kept, the summaries are written (asyncio turns Ctrl-C into the cancellation of the run)."""
    import signal

    def interrupt(signum: int, frame: object) -> None:
        signal.raise_signal(signal.SIGINT)

    try:
        saved = signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread: leave SIGTERM as it is
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, saved)


def with_progress(quiet: bool, run: Callable[[Progress], T], language: Language = "en") -> T:
    """``run(progress)`` with the progress bar on stderr (erased at the end, its words in
    ``language``), SIGTERM as Ctrl-C."""
    from .progress import Progress

    progress = Progress(stream=sys.stderr, quiet=quiet, language=language)
    try:
        with sigterm_as_ctrl_c():
            return run(progress)
    finally:
        progress.close()


def run_wikidata(args: argparse.Namespace, *, history: str | None, record: bool) -> int:
    """A batch whose institutions come from Wikidata (``args.wikidata``: a preset or a query
    file), recorded in the history database ``history`` when ``record``: the one code path of
    ``quitx batch --wikidata`` and ``quitx observatory run``."""
    from pathlib import Path

    from ..batch import run_text, summary_text
    from ..errors import SourceError
    from ..observatory.sector import SectorOptions, outcome_text, run_sector
    from .hints import error, source_failed

    language = run_language(args)
    settings = settings_from(args).with_instances(getattr(args, "instance", []))
    options = SectorOptions(
        source=args.wikidata,
        out_dir=Path(args.out_dir),
        history=Path(history) if history else None,
        record=record,
        label=args.label,
        concurrency=args.concurrency or BATCH_CONCURRENCY,
        letters=getattr(args, "letters", None),
        letter_format=getattr(args, "letter_format", None) or "md",
        eml_annex=getattr(args, "eml_annex", None),
        language=language,
    )
    try:
        outcome = with_progress(
            args.quiet,
            lambda progress: run_sector(options, settings, on_notice=progress.notice, on_tick=progress.show),
            language,
        )
    except SourceError as exc:  # nothing was checked: the endpoint could not be read
        error(source_failed(exc))
        return EXIT_FAILED
    batch = outcome.batch
    sys.stdout.write(
        summary_text(batch.summary, language) + run_text(batch, language) + outcome_text(outcome, language)
    )
    sys.stdout.flush()
    return exit_status(batch)


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ..batch import BatchOptions, run_batch, run_text, summary_text
    from ..errors import UsageError
    from . import wording as w
    from .voice import voice

    said = voice()
    if args.letter_format and not args.letters:
        raise UsageError(said.t(w.FORMAT_NEEDS_LETTERS), option="--format")
    if args.eml_annex and args.letter_format != "eml":
        raise UsageError(said.t(w.EML_ANNEX_NEEDS_EML), option="--eml-annex")
    if args.letter_format == "eml":
        warn_if_the_annex_is_a_page(args.eml_annex)
    if args.wikidata:
        if args.file:
            raise UsageError(said.t(w.FILE_OR_WIKIDATA), option="--wikidata")
        if args.delimiter:
            raise UsageError(said.t(w.DELIMITER_NEEDS_FILE), option="--delimiter")
        return run_wikidata(args, history=args.history, record=args.history is not None)
    if not args.file:
        raise UsageError(said.t(w.NO_INSTITUTIONS), option="FILE")
    for option, value in (("--history", args.history), ("--label", args.label)):
        if value:
            raise UsageError(said.t(w.NEEDS_WIKIDATA, option=option), option=option)
    language = run_language(args)
    settings = settings_from(args).with_instances(args.instance)
    settings = settings.model_copy(update={"cache": True})  # the HTTP cache pays off on re-runs
    options = BatchOptions(
        input=args.file,
        out_dir=Path(args.out_dir),
        refresh=args.refresh,
        concurrency=args.concurrency,
        letters=args.letters,
        letter_format=args.letter_format or "md",
        eml_annex=args.eml_annex,
        delimiter=args.delimiter,
        language=language,
    )
    outcome = with_progress(
        args.quiet,
        lambda progress: run_batch(options, settings, on_notice=progress.notice, on_tick=progress.show),
        language,
    )
    sys.stdout.write(summary_text(outcome.summary, language) + run_text(outcome, language))
    sys.stdout.flush()
    return exit_status(outcome)
