"""The observatory's commands: `add_parser` adds
``quitx changes`` and ``quitx observatory {run,quickstatements,lists}`` to the subparsers, `run`
carries out the parsed arguments and gives the exit status. Each command is a thin call to the
library (`run_sector`, `changes_between`, `proposals_from_history`; ``lists`` is ``quitx apply``'s
sector steps).

Only the standard library is imported at load time (``quitx --help`` stays fast).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..config import Settings

from .batch import run_wikidata, wikidata_options
from .exits import EXIT_FAILED, EXIT_USAGE
from .exits import EXIT_PRESENT as EXIT_OK
from .hints import error, print_error, source_failed
from .options import settings_from, write_file, write_output

__all__ = ["add_parser", "run"]

# exit statuses: 2 bad option, unknown preset, unreadable history; 5 a write failed, or the Wikidata
# endpoint could not be read
_FORMATS = ("md", "json", "html", "atom")

_CHANGES_HELP = """examples:
  quitx changes sector/history.db                      # the last two runs, Markdown
  quitx changes sector/history.db --from 3 --to 7 --format html -o changes.html
  quitx changes sector/history.db --format atom --feed-id https://example.org/feed.atom -o feed.atom"""

_OBSERVATORY_HELP = """examples:
  quitx batch --wikidata french-universities -o sector/ --history sector/history.db
  quitx observatory run french-universities -o sector/    # the same, recorded in sector/history.db
  quitx observatory run my-query.rq -o sector/ --history observatory.db --label weekly
  quitx observatory quickstatements sector/history.db -o proposals.qs --review proposals.md
  quitx observatory lists sector/reports.jsonl --owner owner.json --title "Universités"

presets: french-universities, french-research-bodies, french-ministries, french-regions,
french-university-hospitals (or a file holding a SPARQL query that binds ?item).
'lists' is a dry run until --yes."""


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``changes`` and ``observatory`` to a command line's subparsers."""
    ch = subparsers.add_parser(
        "changes",
        help="what changed between two runs of a sector (Markdown, JSON, HTML, Atom)",
        description="What changed between two runs recorded in a history database: accounts that "
        "appeared, got verified, went quiet, moved or disappeared; websites that dropped X or link to "
        "Mastodon/Bluesky; look-alikes; instances that closed.",
        epilog=_CHANGES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ch.add_argument("history", metavar="HISTORY", help="the history database (observatory run writes it)")
    ch.add_argument(
        "--from", dest="from_run", metavar="RUN", type=int, help="the earlier run (default: the one before)"
    )
    ch.add_argument(
        "--to", dest="to_run", metavar="RUN", type=int, help="the later run (default: the latest)"
    )
    ch.add_argument("--format", dest="changes_format", choices=_FORMATS, default="md", help="default md")
    ch.add_argument(
        "--feed-id", metavar="IRI", help="atom: the feed's permanent id (the URL it is published at)"
    )
    ch.add_argument(
        "--last", metavar="N", type=int, default=10, help="atom: the last N runs' changes (default 10)"
    )
    ch.add_argument("-o", "--output", metavar="FILE", help="write there instead of stdout")
    ch.add_argument(
        "--lang",
        choices=("fr", "en"),
        help="md, html, atom: their language (default: config, else the locale)",
    )

    ob = subparsers.add_parser(
        "observatory",
        help="a sector from Wikidata: run it, give back to Wikidata, build its lists",
        description="A sector observatory: institutions from Wikidata checked and recorded run after "
        "run; QuickStatements of the verified accounts Wikidata lacks; the sector's Bluesky list and "
        "starter pack and Mastodon list on an institution's own accounts.",
        epilog=_OBSERVATORY_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = ob.add_subparsers(dest="observatory_command", metavar="ACTION", required=True)
    rn = sub.add_parser(
        "run",
        help="check a Wikidata sector and record the run in the history (quitx batch --wikidata, recorded)",
    )
    rn.add_argument("wikidata", metavar="PRESET|QUERY", help="a preset name or a .rq file")
    rn.add_argument("-o", "--output-dir", dest="out_dir", metavar="OUT_DIR", default="quitx-sector")
    wikidata_options(rn, history_default="OUT_DIR/history.db")
    rn.add_argument("--concurrency", metavar="N", type=int, default=None, help="institutions checked at once")
    rn.add_argument("--lang", choices=("fr", "en"), help="the language of the summary and the messages")
    rn.add_argument("-q", "--quiet", action="store_true", help="no progress bar")

    qs = sub.add_parser("quickstatements", help="propose the verified accounts Wikidata lacks")
    qs.add_argument("history", metavar="HISTORY")
    qs.add_argument("--run", dest="run_id", metavar="RUN", type=int, help="default: the latest run")
    qs.add_argument("-o", "--output", metavar="FILE", help="the QuickStatements batch (default stdout)")
    qs.add_argument("--review", metavar="FILE", help="also write what each statement rests on (Markdown)")
    qs.add_argument(
        "--lang",
        choices=("fr", "en"),
        help="the review's and the messages' language (default: config, else the locale)",
    )

    ls = sub.add_parser(
        "lists",
        help="the sector's lists on an institution's own accounts (dry run by default): "
        "quitx apply bluesky-sector-list mastodon-sector-list under another name",
    )
    ls.add_argument("reports", metavar="REPORTS", help="the sector's reports.jsonl")
    ls.add_argument(
        "--owner", metavar="REPORT", required=True, help="the report of the institution written to"
    )
    ls.add_argument("--title", required=True, help="the lists' name (Bluesky: 64 characters at most)")
    ls.add_argument("--description", default="", help="the lists' description")
    ls.add_argument("--network", choices=("bluesky", "mastodon"), action="append", help="default both")
    ls.add_argument("--no-follow", action="store_true", help="Mastodon: add only accounts already followed")
    ls.add_argument("--follow-file", metavar="FILE", help="also write Mastodon's following-list import file")
    ls.add_argument("--lang", choices=("fr", "en"), help="the run's words (default: config, else the locale)")
    ls.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    ls.add_argument(
        "--confirm-account", metavar="REF", action="append", default=[], help="as for quitx apply"
    )
    ls.add_argument("--yes", action="store_true", help="write (default: a dry run that shows the writes)")


def _changes(args: argparse.Namespace) -> int:
    from ..observatory.changes import changes_between, latest_pairs
    from ..observatory.feeds import render_atom, render_changes
    from .voice import run_language

    language = run_language(args)
    if args.changes_format == "atom" and args.from_run is None and args.to_run is None:
        feed_id = args.feed_id or f"urn:quitx:history:{Path(args.history).resolve()}"
        reports = latest_pairs(args.history, max(1, args.last))
        write_output(render_atom(reports, feed_id=feed_id, language=language), args.output)
        return EXIT_OK
    report = changes_between(args.history, args.from_run, args.to_run)
    write_output(render_changes(report, args.changes_format, language), args.output)
    return EXIT_OK


def _quickstatements(args: argparse.Namespace) -> int:
    from ..errors import HistoryError, HistoryProblem
    from ..observatory.givingback import proposals_from_history
    from ..observatory.history_read import list_runs
    from . import wording as w
    from .voice import voice

    run_id = args.run_id
    if run_id is None:
        runs = list_runs(args.history)
        if not runs:
            raise HistoryError(HistoryProblem.NO_RUNS, path=args.history)
        run_id = runs[-1].id
    qs = proposals_from_history(args.history, run_id)
    write_output(qs.text(), args.output)
    lang = voice().lang
    if args.review:
        write_file(args.review, qs.review(lang.code), option="--review")
    told = lang.count(len(qs.statements), *w.STATEMENTS_PROPOSED, skipped=lang.number(len(qs.skipped)))
    print(f"quitx: {told}", file=sys.stderr)
    return EXIT_OK


def _lists(args: argparse.Namespace, settings: Settings) -> int:
    """``quitx apply bluesky-sector-list mastodon-sector-list`` under its first name: one code path."""
    from ..apply import apply_steps
    from ..models import load_report
    from .apply import exit_status, follow_file, output, sector_from
    from .voice import run_language

    owner = load_report(args.owner)
    networks = args.network or ("bluesky", "mastodon")
    args.sector = args.reports
    sector = sector_from(args)
    results = apply_steps(
        owner,
        [f"{n}-sector-list" for n in networks],
        settings=settings,
        dry_run=not args.yes,
        confirm_accounts=tuple(args.confirm_account),
        sector=sector,
        language=run_language(args),
    )
    follow_file(args, sector)
    output(args, results, run_language(args))
    return exit_status(results)


def run(args: argparse.Namespace) -> int:
    """Carry out ``quitx changes`` / ``quitx observatory …``; the exit status."""
    from ..errors import InputError, SourceError
    from . import wording as w
    from .voice import voice

    def settings() -> Settings:
        return settings_from(args)

    try:
        if args.command == "changes":
            return _changes(args)
        action = args.observatory_command
        if action == "run":  # quitx batch --wikidata, always recorded
            return run_wikidata(args, history=args.history, record=True)
        if action == "quickstatements":
            return _quickstatements(args)
        if action == "lists":
            return _lists(args, settings())
    except InputError as exc:  # an unknown preset, a history it cannot use, a report it cannot read
        print_error(exc, args.command)
        return EXIT_USAGE
    except SourceError as exc:
        error(source_failed(exc))
        return EXIT_FAILED
    except (OSError, ValueError) as exc:
        error(str(exc))
        return EXIT_USAGE
    error(voice().t(w.UNKNOWN_COMMAND, command=str(args.command)))
    return EXIT_USAGE
