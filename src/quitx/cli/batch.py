"""``quitx batch FILE``: check many institutions from a CSV or JSONL file (resumable), with a
progress bar; SIGTERM stops it as Ctrl-C does."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, TypeVar

from .._defaults import BATCH_CONCURRENCY
from .exits import EXIT_INTERRUPTED, EXIT_PRESENT, EXIT_SOME_FAILED, EXIT_UNKNOWN
from .options import settings_from

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..batch import BatchOutcome
    from .progress import Progress

T = TypeVar("T")

__all__ = ["add_parser", "exit_status", "run", "sigterm_as_ctrl_c", "with_progress"]

_BATCH_HELP = """input columns (CSV header row; JSONL: the same keys):
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


def _concurrency(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if not 1 <= value <= 256:
        raise argparse.ArgumentTypeError("expected 1 to 256")
    return value


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``quitx batch`` to the command's subparsers (the settings options stay on the top level)."""
    bt = subparsers.add_parser(
        "batch",
        help="check many institutions from a CSV or JSONL file (resumable)",
        description="Check many institutions: reports.jsonl as each finishes, a summary (CSV, HTML, "
        "printed), optionally a letter each. Run it again to resume.",
        epilog=_BATCH_HELP
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
        choices=("md", "txt", "html", "eml", "json"),
        default=None,
        help="the letters' format (default md; needs --letters)",
    )
    bt.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    bt.add_argument(
        "--instance", metavar="HOST", action="append", default=[], help="also check this instance"
    )


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


def with_progress(quiet: bool, run: Callable[[Progress], T]) -> T:
    """``run(progress)`` with the progress bar on stderr (erased at the end), SIGTERM as Ctrl-C."""
    from .progress import Progress

    progress = Progress(stream=sys.stderr, quiet=quiet)
    try:
        with sigterm_as_ctrl_c():
            return run(progress)
    finally:
        progress.close()


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ..batch import BatchOptions, run_batch, run_text, summary_text
    from ..errors import UsageError

    if args.letter_format and not args.letters:
        raise UsageError("--format is the letters' format: it needs --letters LANG", option="--format")
    settings = settings_from(args).with_instances(args.instance)
    settings = settings.model_copy(update={"cache": True})  # the HTTP cache pays off on re-runs
    options = BatchOptions(
        input=args.file,
        out_dir=Path(args.out_dir),
        refresh=args.refresh,
        concurrency=args.concurrency,
        letters=args.letters,
        letter_format=args.letter_format or "md",
    )
    outcome = with_progress(
        args.quiet,
        lambda progress: run_batch(options, settings, on_notice=progress.notice, on_tick=progress.show),
    )
    sys.stdout.write(summary_text(outcome.summary) + run_text(outcome))
    sys.stdout.flush()
    return exit_status(outcome)
