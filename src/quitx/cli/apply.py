"""``quitx apply STEP…``: carry out the plan steps an API can do, with the institution's own accounts."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from .exits import EXIT_FAILED, EXIT_PRESENT, EXIT_UNVERIFIED
from .options import settings_from
from .voice import run_language

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..apply import ApplyResult
    from ..apply.models import Language, SectorRequest

__all__ = ["add_parser", "exit_status", "output", "run", "sector_from", "sector_options"]

_APPLY_HELP = """steps apply can do:
{steps}

whose account: apply logs in, and writes only to an account the report attributes to the
institution (verified, or linked from its website); --confirm-account names another one as
the institution's. The dry run (the default) reads the live accounts and shows, field by
field, the whole request a real run would send; it sends nothing.

the sector steps: from a batch's reports.jsonl (--sector), lists of the accounts the
reports attribute to their institutions (verified or linked from their site, never a
candidate), on the institution's own accounts: a Bluesky list and starter pack, a Mastodon
list (each member not followed yet is followed first); --follow-file writes the same
accounts in Mastodon's import format. A re-run adds only what is missing.

language: every line follows --lang, else the config file's lang, else the locale
(LANGUAGE, LC_ALL, LC_MESSAGES, LANG); what is written to the accounts (the announcement,
the website field's name) is in --lang, else the institution's language. --format json
gives codes (status, error, note) and the words for people only under the key of their
language ("fr" or "en": note, error, before, after, evidence).

credentials (never as arguments):
  Mastodon  $QUITX_MASTODON_TOKEN, or keyring: service "quitx", user "mastodon:@user@host"
  Bluesky   $QUITX_BLUESKY_HANDLE + $QUITX_BLUESKY_APP_PASSWORD, or keyring "bluesky:<handle>"

examples:
  quitx apply mastodon-verification announce --report report.json    # dry run: reads, sends nothing
  quitx apply mastodon-verification announce --report report.json --yes
  quitx apply mastodon-profile --report report.json --official-bio --yes
  quitx apply bluesky-domain-handle --report report.json --lang en --format json --plan-output plan.json
  quitx apply bluesky-sector-list --report own.json --sector out/reports.jsonl --title "Universités"

exit status:
  0  every step done or already done (or, in a dry run, every request shown)
  5  at least one step failed or was refused (the message says why and what is known)
  6  every step went through, but a check afterwards does not confirm one yet (e.g. verified_at)
  2  usage error (unknown step, unreadable report, bad configuration)"""


def _help() -> str:
    from ..apply.steps import STEPS

    return _APPLY_HELP.replace("{steps}", "\n".join(f"  {k:<22} {v}" for k, v in STEPS.items()))


def _step_ids(**_: object) -> list[str]:
    """What completes STEP (argcomplete calls it with the prefix and the parsed arguments)."""
    from ..apply.steps import STEPS

    return list(STEPS)


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    ap = subparsers.add_parser(
        "apply",
        help="carry out the plan steps an API can do, with the institution's own accounts",
        description="Carry out plan steps with the institution's own Mastodon and Bluesky accounts. "
        "Dry run by default: nothing is sent without --yes.",
        epilog=_help(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    steps = ap.add_argument("steps", nargs="+", metavar="STEP", help="a step id (see below)")
    setattr(steps, "completer", _step_ids)  # noqa: B010 - read by argcomplete (cli/completion.py)
    ap.add_argument("--report", required=True, metavar="FILE", help="a saved quitx check report (JSON)")
    mode = ap.add_mutually_exclusive_group()
    mode.add_argument("--dry-run", action="store_true", help="show what would be sent (the default)")
    mode.add_argument("--yes", action="store_true", help="really send the changes")
    ap.add_argument(
        "--confirm-account",
        action="append",
        metavar="ACCOUNT",
        help="this account is the institution's, although the report does not say so "
        "(@user@instance, a Bluesky handle or DID; repeat for both networks)",
    )
    ap.add_argument("--display-name", metavar="TEXT", help="profile steps: set the display name to TEXT")
    bio = ap.add_mutually_exclusive_group()
    bio.add_argument("--bio", metavar="TEXT", help="profile steps: set the bio to TEXT")
    bio.add_argument(
        "--official-bio",
        action="store_true",
        help='profile steps: set the bio to "Compte officiel de l\'…" / "Official account of …" and the site',
    )
    sector_options(ap)
    ap.add_argument(
        "--lang",
        choices=("fr", "en"),
        help="language of the run's words and of the texts written (default: the config file's lang, "
        "else the locale; texts: the institution's language)",
    )
    ap.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    ap.add_argument("--plan-output", metavar="FILE", help="write the updated plan (JSON) there")


def sector_options(ap: argparse.ArgumentParser, *, required: bool = False) -> None:
    """The sector steps' options (``quitx apply``, ``quitx observatory lists``)."""
    ap.add_argument(
        "--sector", metavar="REPORTS", required=required, help="sector steps: the batch's reports.jsonl"
    )
    ap.add_argument(
        "--title",
        metavar="NAME",
        required=required,
        help="sector steps: the lists' name (Bluesky: 64 at most)",
    )
    ap.add_argument("--description", default="", metavar="TEXT", help="sector steps: the lists' description")
    ap.add_argument(
        "--no-follow", action="store_true", help="mastodon-sector-list: add only accounts already followed"
    )
    ap.add_argument(
        "--follow-file", metavar="FILE", help="sector steps: also write Mastodon's following-list import file"
    )


def sector_from(args: argparse.Namespace) -> SectorRequest | None:
    """The batch the sector steps read (the latest report of each institution), or None."""
    from pathlib import Path

    from ..apply.models import SectorRequest
    from ..batch import ReportLog
    from ..batch.input import institution_key
    from ..errors import UsageError
    from . import wording as w
    from .voice import voice

    if not args.sector:
        return None
    path = Path(args.sector)
    if not path.is_file():
        raise UsageError(voice().t(w.SECTOR_FILE_MISSING, path=args.sector), option="--sector")
    latest = {institution_key(r.institution): r for r in ReportLog(path).reports()}
    if not args.title:
        raise UsageError(voice().t(w.SECTOR_NEEDS_TITLE), option="--title")
    return SectorRequest(
        reports=tuple(latest.values()),
        title=args.title,
        description=args.description,
        follow=not args.no_follow,
    )


def output(args: argparse.Namespace, results: Sequence[ApplyResult], language: Language) -> None:
    """The results on stdout: for people (``text``), or codes for scripts (``json``)."""
    import json

    from ..apply import render
    from ..apply.results import records

    if getattr(args, "format", "text") == "json":
        rows = [r.json_dict() for r in records(results)]
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(render(results, language))  # inert: profiles hold remote text


def follow_file(args: argparse.Namespace, sector: SectorRequest | None) -> None:
    """--follow-file: the sector's Mastodon members in Mastodon's import format (a local file)."""
    from ..apply.sector_lists import follow_csv, members
    from .options import write_file

    if args.follow_file and sector is not None:  # written and said as -o is
        write_file(args.follow_file, follow_csv(members(sector.reports)), option="--follow-file")


def exit_status(results: Sequence[ApplyResult]) -> int:
    """0 all done (or shown), 5 a step failed or was refused, 6 written but not confirmed yet."""
    if not all(r.ok for r in results):
        return EXIT_FAILED
    if any(r.verified is False for r in results):
        return EXIT_UNVERIFIED
    return EXIT_PRESENT


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ..apply import ProfileRequest, apply_steps, mark_plan, official_bio
    from ..i18n import language_of
    from ..models import load_report
    from ..plan import PlanOptions, build_plan

    report = load_report(args.report)
    institution = report.institution
    words = run_language(args)
    texts = language_of(institution, args.lang)  # what goes to the accounts
    plan = build_plan(report, PlanOptions(language=texts))
    settings = settings_from(args)
    bio = official_bio(institution, texts) if args.official_bio else args.bio
    sector = sector_from(args)
    results = apply_steps(
        report,
        args.steps,
        plan=plan,
        settings=settings,
        dry_run=not args.yes,
        confirm_accounts=tuple(args.confirm_account or ()),
        profile=ProfileRequest(display_name=args.display_name, bio=bio),
        sector=sector,
        language=words,
    )
    follow_file(args, sector)
    output(args, results, words)
    if args.plan_output:
        Path(args.plan_output).write_text(mark_plan(plan, results).model_dump_json(indent=2) + "\n", "utf-8")
    return exit_status(results)
