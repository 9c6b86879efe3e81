"""``quitx exists REF…``: does this Mastodon or Bluesky account exist? (present, absent or unknown)"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from .exits import EXIT_ABSENT, EXIT_PRESENT, EXIT_UNKNOWN, EXIT_USAGE
from .hints import dns_hint, error
from .options import format_options, log, settings_from

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..models import ExistsResult

__all__ = ["add_parser", "exit_status", "run"]

_EXIT_HELP = """exit status:
  0  present (every account given exists)
  3  absent (at least one does not exist, and none is unknown)
  4  unknown (at least one could not be checked: timeout, locked instance, 429, 5xx, DNS…)
  2  usage error (bad option or configuration), or some references could not be read:
     each is a row with its error (invalid_reference) and the others are still checked
  1  unexpected error"""


_EXISTS_EXAMPLES = """examples:
  quitx exists @user@mastodon.social
  quitx exists https://piaille.fr/@someone univ-rennes2.fr --json
  quitx exists --from accounts.txt --csv > results.csv
  cut -d, -f1 accounts.csv | quitx exists - --jsonl > results.jsonl"""


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    ex = subparsers.add_parser(
        "exists",
        help="does this Mastodon or Bluesky account exist?",
        description="Check whether accounts exist, with the evidence.",
        epilog="references: @user@host, user@host, https://host/@user, https://bsky.app/profile/…, "
        "handle.example.org, did:plc:…, did:web:…, at://…\n\n" + _EXISTS_EXAMPLES + "\n\n" + _EXIT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ex.add_argument(
        "refs", nargs="*", metavar="REF", help="an account reference; - reads them from stdin, one a line"
    )
    ex.add_argument(
        "--from",
        dest="refs_file",
        metavar="FILE",
        help="read references from FILE, one a line (blank lines and # comments skipped; - is stdin)",
    )
    format_options(ex, ("table", "json", "jsonl", "csv"), "table")
    ex.add_argument(
        "--lang", choices=("fr", "en"), help="language of the table and messages (default: the locale)"
    )


def exit_status(results: Sequence[ExistsResult]) -> int:
    from ..models import Verdict

    verdicts = {r.verdict for r in results}
    if Verdict.UNKNOWN in verdicts:
        return EXIT_UNKNOWN
    if Verdict.ABSENT in verdicts:
        return EXIT_ABSENT
    return EXIT_PRESENT


def references(args: argparse.Namespace) -> list[str]:
    """The references to check, in order: the arguments (``-`` reads stdin there), then ``--from``."""
    texts: list[str] = []
    for text in args.refs:
        texts.extend(_lines(sys.stdin.read()) if text == "-" else [text])
    if args.refs_file:
        texts.extend(_lines(_read(args.refs_file)))
    return texts


def _read(path: str) -> str:
    from pathlib import Path

    from ..errors import UsageError, why_unreadable
    from . import wording as w
    from .voice import voice

    if path == "-":
        return sys.stdin.read()
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        said = voice()
        why = why_unreadable(exc, said.language)
        raise UsageError(said.t(w.REFS_FILE_UNREADABLE, path=path, why=why), option="--from") from exc


def _lines(text: str) -> list[str]:
    return [s for s in (line.split("#", 1)[0].strip() for line in text.splitlines()) if s]


def run(args: argparse.Namespace) -> int:
    from ..errors import InvalidReferenceError, UsageError
    from ..handles import parse_ref
    from ..lookup import exists_many
    from ..models import AccountRef, ExistsResult
    from ..output import BadReference, render_exists
    from . import wording as w
    from .voice import voice

    texts = references(args)
    if not texts:
        raise UsageError(voice().t(w.NO_REFS), option="REF")
    settings = settings_from(args)
    parsed: list[AccountRef | BadReference] = []
    for text in texts:  # a bad reference is a row with its error; the others are still checked
        try:
            parsed.append(parse_ref(text))
        except InvalidReferenceError as exc:
            parsed.append(BadReference.of(exc))
            error(exc.describe(voice().language))
    refs = [p for p in parsed if not isinstance(p, BadReference)]
    bad = len(parsed) - len(refs)
    log().info("checking %d account(s): %s", len(refs), ", ".join(str(r) for r in refs))
    found = iter(exists_many(refs, settings=settings) if refs else [])
    rows: list[ExistsResult | BadReference] = [
        p if isinstance(p, BadReference) else next(found) for p in parsed
    ]
    sys.stdout.write(render_exists(rows, args.format, voice().language, inputs=texts))
    results = [r for r in rows if isinstance(r, ExistsResult)]
    dns_hint(r.reason for r in results)
    if bad:  # after the results: how a reference is written, and that the others were checked
        said = voice()
        print(f"{said.t(w.HINT)}{said.lang.sep()}{said.t(w.REF_HINT)}", file=sys.stderr)
        if refs:
            said.warn(w.SOME_BAD_REFS, n=str(bad))
    return EXIT_USAGE if bad else exit_status(results)
