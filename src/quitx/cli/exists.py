"""``quitx exists REF…``: does this Mastodon or Bluesky account exist? (present, absent or unknown)"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from .exits import EXIT_ABSENT, EXIT_PRESENT, EXIT_UNKNOWN, EXIT_USAGE
from .hints import dns_hint, print_error
from .options import log, settings_from

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..models import ExistsResult

__all__ = ["add_parser", "exit_status", "run"]

_EXIT_HELP = """exit status:
  0  present (every account given exists)
  3  absent (at least one does not exist, and none is unknown)
  4  unknown (at least one could not be checked: timeout, locked instance, 429, 5xx, DNS…)
  2  usage error (bad option, reference or configuration; a bad reference is reported
     on stderr and the other references are still checked)
  1  unexpected error"""


_EXISTS_EXAMPLES = """examples:
  quitx exists @user@mastodon.social
  quitx exists https://piaille.fr/@someone univ-rennes2.fr --format json
  quitx exists did:plc:z72i7hdynmk6r22z27h6tvur --format jsonl > results.jsonl"""


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    ex = subparsers.add_parser(
        "exists",
        help="does this Mastodon or Bluesky account exist?",
        description="Check whether accounts exist, with the evidence.",
        epilog="references: @user@host, user@host, https://host/@user, https://bsky.app/profile/…, "
        "handle.example.org, did:plc:…, did:web:…, at://…\n\n" + _EXISTS_EXAMPLES + "\n\n" + _EXIT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ex.add_argument("refs", nargs="+", metavar="REF", help="an account reference")
    ex.add_argument("--format", choices=("table", "json", "jsonl"), default="table", help="output format")


def exit_status(results: Sequence[ExistsResult]) -> int:
    from ..models import Verdict

    verdicts = {r.verdict for r in results}
    if Verdict.UNKNOWN in verdicts:
        return EXIT_UNKNOWN
    if Verdict.ABSENT in verdicts:
        return EXIT_ABSENT
    return EXIT_PRESENT


def run(args: argparse.Namespace) -> int:
    from ..errors import InvalidReferenceError
    from ..handles import parse_ref
    from ..lookup import exists_many
    from ..models import AccountRef
    from ..output import render_exists

    settings = settings_from(args)
    refs: list[AccountRef] = []
    bad = 0
    for text in args.refs:  # a bad reference is reported; the others are still checked
        try:
            refs.append(parse_ref(text))
        except InvalidReferenceError as exc:
            bad += 1
            print_error(exc, "exists")
    if not refs:
        return EXIT_USAGE
    log().info("checking %d account(s): %s", len(refs), ", ".join(str(r) for r in refs))
    results = exists_many(refs, settings=settings)
    sys.stdout.write(render_exists(results, args.format))
    dns_hint(r.reason for r in results)
    return EXIT_USAGE if bad else exit_status(results)
