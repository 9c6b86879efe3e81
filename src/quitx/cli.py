"""The ``quitx`` command: a thin shell over the library.

Results go to stdout in the format asked for; errors go to stderr.

Exit status of ``quitx exists`` (for scripts)::

    0  every account is present
    3  at least one is absent (and none unknown)
    4  at least one could not be checked (unknown): never read this as absent
    2  usage error: bad option, bad reference, bad configuration
    1  unexpected error (a bug: please report it)
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .config import Settings
    from .models import ExistsResult

__all__ = ["EXIT_ABSENT", "EXIT_PRESENT", "EXIT_UNKNOWN", "EXIT_USAGE", "main"]

EXIT_PRESENT = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_ABSENT = 3
EXIT_UNKNOWN = 4

_EXIT_HELP = """exit status:
  0  present (every account given exists)
  3  absent (at least one does not exist, and none is unknown)
  4  unknown (at least one could not be checked: timeout, locked instance, 429, 5xx, DNS…)
  2  usage error (bad option, reference or configuration)
  1  unexpected error"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="quitx",
        description="Help an institution leave X and Meta for Mastodon and Bluesky.",
    )
    parser.add_argument("--version", action="version", version="quitx 0.1.0")
    settings = parser.add_argument_group("settings (override QUITX_* variables and the config file)")
    settings.add_argument("--config", metavar="FILE", help="TOML config file (default: $QUITX_CONFIG)")
    settings.add_argument(
        "--appview-url", metavar="URL", help="Bluesky AppView (default https://public.api.bsky.app)"
    )
    settings.add_argument("--plc-url", metavar="URL", help="PLC directory (default https://plc.directory)")
    settings.add_argument(
        "--dns",
        metavar="HOST[:PORT]",
        action="append",
        help="DNS nameserver for _atproto lookups (repeatable)",
    )
    settings.add_argument(
        "--map",
        metavar="HOST=URL",
        action="append",
        help="send every request for HOST to the base URL (like curl --resolve; repeatable)",
    )
    settings.add_argument("--timeout", metavar="SECONDS", type=float, help="per-request timeout (default 10)")
    settings.add_argument("--user-agent", metavar="TEXT")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    ex = commands.add_parser(
        "exists",
        help="does this Mastodon or Bluesky account exist?",
        description="Check whether accounts exist, with the evidence.",
        epilog="references: @user@host, user@host, https://host/@user, https://bsky.app/profile/…, "
        "handle.example.org, did:plc:…, did:web:…, at://…\n\n" + _EXIT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ex.add_argument("refs", nargs="+", metavar="REF", help="an account reference")
    ex.add_argument("--format", choices=("table", "json", "jsonl"), default="table", help="output format")
    return parser


def _settings(args: argparse.Namespace) -> Settings:
    from .config import load_settings
    from .errors import ConfigError

    host_map = None
    if args.map:
        host_map = {}
        for pair in args.map:
            host, sep, base = pair.partition("=")
            if not sep:
                raise ConfigError(f"--map expects HOST=URL, got {pair!r}")
            host_map[host] = base
    overrides = {
        "appview_url": args.appview_url,
        "plc_url": args.plc_url,
        "dns_nameservers": args.dns,
        "timeout": args.timeout,
        "user_agent": args.user_agent,
    }
    settings = load_settings(args.config, **overrides)
    if host_map:
        settings = load_settings(args.config, **overrides, host_map={**settings.host_map, **host_map})
    return settings


def exit_status(results: Sequence[ExistsResult]) -> int:
    from .models import Verdict

    verdicts = {r.verdict for r in results}
    if Verdict.UNKNOWN in verdicts:
        return EXIT_UNKNOWN
    if Verdict.ABSENT in verdicts:
        return EXIT_ABSENT
    return EXIT_PRESENT


def _exists(args: argparse.Namespace) -> int:
    from .handles import parse_ref
    from .lookup import exists_many
    from .output import render_exists

    settings = _settings(args)
    refs = [parse_ref(text) for text in args.refs]
    results = exists_many(refs, settings=settings)
    sys.stdout.write(render_exists(results, args.format))
    return exit_status(results)


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    from .errors import ConfigError, InvalidReferenceError

    try:
        if args.command == "exists":
            return _exists(args)
    except (InvalidReferenceError, ConfigError) as exc:
        print(f"quitx: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("quitx: interrupted", file=sys.stderr)
        return 130
    parser.error(f"unknown command {args.command!r}")  # pragma: no cover - argparse refuses first
    return EXIT_USAGE  # pragma: no cover


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
