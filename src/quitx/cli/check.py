"""``quitx check NAME``: where is an institution already, and how sure are we?"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from .exits import EXIT_ABSENT, EXIT_PRESENT, EXIT_UNKNOWN
from .hints import dns_hint
from .options import (
    check_output_folder,
    format_options,
    institution_from,
    institution_options,
    log,
    settings_from,
    warn_outcome,
    write_output,
)

if TYPE_CHECKING:
    from ..models import Report

__all__ = ["add_parser", "exit_status", "run"]

_CHECK_EXAMPLES = """examples:
  quitx check "Université Rennes 2" --domain univ-rennes2.fr
  quitx check "CNRS" --domain cnrs.fr --handle @cnrs@social.numerique.gouv.fr --instance mastodon.social
  quitx check "Université Rennes 2" --domain univ-rennes2.fr --json -o report.json
  quitx check "CNRS" --domain cnrs.fr --csv    # a row per place checked and account found"""


_CHECK_EXIT_HELP = """exit status:
  0  found on Mastodon or Bluesky (at any confidence: see the report)
  3  found nowhere, and every place was checked
  4  found nowhere, but some place could not be checked (unknown)
  2  usage error
  1  unexpected error"""


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    ck = subparsers.add_parser(
        "check",
        help="where is an institution already, and how sure are we?",
        description="Check an institution's presence on Mastodon and Bluesky, and what its website links to.",
        epilog=_CHECK_EXAMPLES + "\n\n" + _CHECK_EXIT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    institution_options(ck)
    ck.add_argument(
        "--instance", metavar="HOST", action="append", default=[], help="also check this instance"
    )
    format_options(ck, ("table", "json", "md", "jsonl", "csv"), "table")
    ck.add_argument("-o", "--output", metavar="FILE", help="write the report there instead of stdout")


def exit_status(report: Report) -> int:
    from ..models import Verdict

    if Verdict.PRESENT in (report.mastodon.verdict, report.bluesky.verdict):
        return EXIT_PRESENT
    return EXIT_ABSENT if report.settled else EXIT_UNKNOWN


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ..handles import parse_ref
    from ..output import render_report
    from ..presence import check
    from .voice import voice

    institution = institution_from(args)
    for handle in institution.handles:
        parse_ref(handle)  # a bad handle is a usage error before any request
    if args.output:
        check_output_folder(Path(args.output))
    settings = settings_from(args).with_instances(args.instance)
    log().info(
        "checking %r (domain %s) on %s and Bluesky",
        institution.name,
        institution.domain or "unknown",
        ", ".join(settings.instances),
    )
    report = check(institution, settings=settings)
    text = render_report(report, args.format, voice().language)
    write_output(text, args.output)
    dns_hint(report.reasons())
    warn_outcome(report)
    return exit_status(report)
