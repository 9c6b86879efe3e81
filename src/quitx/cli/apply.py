"""``quitx apply STEP…``: carry out the plan steps an API can do, with the institution's own accounts."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from .exits import EXIT_FAILED, EXIT_PRESENT, EXIT_UNVERIFIED
from .options import settings_from

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..apply import ApplyResult

__all__ = ["add_parser", "exit_status", "run"]

_APPLY_HELP = """steps apply can do:
{steps}

whose account: apply logs in, and writes only to an account the report attributes to the
institution (verified, or linked from its website); --confirm-account names another one as
the institution's. The dry run (the default) reads the live accounts and shows, field by
field, the whole request a real run would send; it sends nothing.

credentials (never as arguments):
  Mastodon  $QUITX_MASTODON_TOKEN, or keyring: service "quitx", user "mastodon:@user@host"
  Bluesky   $QUITX_BLUESKY_HANDLE + $QUITX_BLUESKY_APP_PASSWORD, or keyring "bluesky:<handle>"

examples:
  quitx apply mastodon-verification announce --report report.json    # dry run: reads, sends nothing
  quitx apply mastodon-verification announce --report report.json --yes
  quitx apply mastodon-profile --report report.json --official-bio --yes
  quitx apply announce --report report.json --confirm-account @univexemple@social.exemple.fr
  quitx apply bluesky-domain-handle --report report.json --lang en --format json --plan-output plan.json

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
    ap.add_argument("--lang", choices=("fr", "en"), help="language of the texts (default: the institution's)")
    ap.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    ap.add_argument("--plan-output", metavar="FILE", help="write the updated plan (JSON) there")


def exit_status(results: Sequence[ApplyResult]) -> int:
    """0 all done (or shown), 5 a step failed or was refused, 6 written but not confirmed yet."""
    if not all(r.ok for r in results):
        return EXIT_FAILED
    if any(r.verified is False for r in results):
        return EXIT_UNVERIFIED
    return EXIT_PRESENT


def run(args: argparse.Namespace) -> int:
    import json
    from pathlib import Path

    from ..apply import ProfileRequest, apply_steps, mark_plan, official_bio, render
    from ..i18n import language_of
    from ..models import load_report
    from ..plan import PlanOptions, build_plan

    report = load_report(args.report)
    institution = report.institution
    language = language_of(institution, args.lang)
    plan = build_plan(report, PlanOptions(language=language))
    settings = settings_from(args)
    bio = official_bio(institution, language) if args.official_bio else args.bio
    results = apply_steps(
        report,
        args.steps,
        plan=plan,
        settings=settings,
        dry_run=not args.yes,
        confirm_accounts=tuple(args.confirm_account or ()),
        profile=ProfileRequest(display_name=args.display_name, bio=bio),
    )
    if args.format == "json":
        sys.stdout.write(
            json.dumps([r.model_dump(mode="json") for r in results], ensure_ascii=False, indent=2) + "\n"
        )
    else:
        sys.stdout.write(render(results, language))  # inert: profiles hold remote text
    if args.plan_output:
        Path(args.plan_output).write_text(mark_plan(plan, results).model_dump_json(indent=2) + "\n", "utf-8")
    return exit_status(results)
