"""The ``quitx apply`` command line, kept light: ``quitx --help`` must not import the SDK helpers."""

from __future__ import annotations

import argparse
from typing import Any

__all__ = ["STEPS", "add_apply_command"]

STEPS: dict[str, str] = {
    "mastodon-verification": "Mastodon: the website profile field, then verified_at",
    "announce": "the announcement: posted and pinned on Mastodon, posted on Bluesky (both or neither)",
    "bluesky-domain-handle": "Bluesky: the handle on the institution's domain",
    "mastodon-profile": "Mastodon: display name and/or bio, as asked (--display-name, --bio)",
    "bluesky-profile": "Bluesky: display name and/or description, as asked (other fields kept)",
}


_APPLY_HELP = (
    """steps apply can do:
"""
    + "\n".join(f"  {k:<22} {v}" for k, v in STEPS.items())
    + """

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
)


def add_apply_command(subparsers: Any) -> argparse.ArgumentParser:
    """Add ``quitx apply`` to the CLI's subparsers; `run_apply` runs it."""
    ap: argparse.ArgumentParser = subparsers.add_parser(
        "apply",
        help="carry out the plan steps an API can do, with the institution's own accounts",
        description="Carry out plan steps with the institution's own Mastodon and Bluesky accounts. "
        "Dry run by default: nothing is sent without --yes.",
        epilog=_APPLY_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ap.add_argument("steps", nargs="+", metavar="STEP", help="a step id (see below)")
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
    return ap
