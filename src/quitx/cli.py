"""The ``quitx`` command: a thin shell over the library.

Results go to stdout in the format asked for; errors go to stderr.

Exit status of ``quitx exists`` (for scripts)::

    0  every account is present
    3  at least one is absent (and none unknown)
    4  at least one could not be checked (unknown): never read this as absent
    2  usage error: bad option, bad reference, bad configuration
    1  unexpected error (a bug: please report it)

Exit status of ``quitx check``::

    0  the institution was found on Mastodon or Bluesky (at any confidence)
    3  found nowhere, and every place was checked
    4  found nowhere, but some place could not be checked (unknown)
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .config import Settings
    from .models import ExistsResult, Institution, Report

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

    ck = commands.add_parser(
        "check",
        help="where is an institution already, and how sure are we?",
        description="Check an institution's presence on Mastodon and Bluesky, and what its website links to.",
        epilog=_CHECK_EXIT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _institution_options(ck)
    ck.add_argument(
        "--instance", metavar="HOST", action="append", default=[], help="also check this instance"
    )
    ck.add_argument("--format", choices=("table", "json", "md"), default="table", help="output format")
    ck.add_argument("-o", "--output", metavar="FILE", help="write the report there instead of stdout")
    return parser


def _institution_options(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument(
        "name", nargs="?", metavar="NAME", help='the institution\'s name, e.g. "Université Rennes 2"'
    )
    cmd.add_argument("--domain", metavar="DOMAIN", help="its web domain or homepage URL")
    cmd.add_argument("--handle", metavar="REF", action="append", default=[], help="an account it already has")
    cmd.add_argument(
        "--kind",
        choices=(
            "research",
            "public_administration",
            "local_government",
            "company",
            "association",
            "media",
            "school",
        ),
        help="what sort of institution (default research)",
    )
    cmd.add_argument("--country", metavar="CC", help="ISO country code (default FR)")
    cmd.add_argument("--lang", metavar="LANG", help="language (default fr)")
    cmd.add_argument("--from-json", metavar="FILE", help="a saved institution (JSON); options override it")


_CHECK_EXIT_HELP = """exit status:
  0  found on Mastodon or Bluesky (at any confidence: see the report)
  3  found nowhere, and every place was checked
  4  found nowhere, but some place could not be checked (unknown)
  2  usage error
  1  unexpected error"""


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


def _institution(args: argparse.Namespace) -> Institution:
    import json
    from pathlib import Path

    from pydantic import ValidationError

    from .errors import ConfigError
    from .models import Institution

    data: dict[str, object] = {}
    if args.from_json:
        try:
            loaded = json.loads(Path(args.from_json).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ConfigError(f"cannot read the institution: {exc}", source=args.from_json) from exc
        if isinstance(loaded, dict) and "institution" in loaded:  # a saved report
            loaded = loaded["institution"]
        if not isinstance(loaded, dict):
            raise ConfigError("expected a JSON object", source=args.from_json)
        data.update(loaded)
    for key, value in (
        ("name", args.name),
        ("domain", args.domain),
        ("kind", args.kind),
        ("country", args.country),
        ("language", args.lang),
    ):
        if value:
            data[key] = value
    if args.handle:
        data["handles"] = [*data.get("handles", []), *args.handle]  # type: ignore[misc]
    if not data.get("name"):
        raise ConfigError("an institution needs a NAME (or --from-json FILE)")
    try:
        return Institution.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        raise ConfigError(problems, source="institution") from exc


def check_exit_status(report: Report) -> int:
    from .models import Verdict

    if Verdict.PRESENT in (report.mastodon.verdict, report.bluesky.verdict):
        return EXIT_PRESENT
    if Verdict.UNKNOWN in (report.mastodon.verdict, report.bluesky.verdict):
        return EXIT_UNKNOWN
    return EXIT_ABSENT


def _check(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .handles import parse_ref
    from .output import render_report
    from .presence import check

    institution = _institution(args)
    for handle in institution.handles:
        parse_ref(handle)  # a bad handle is a usage error before any request
    settings = _settings(args)
    if args.instance:
        settings = settings.model_copy(
            update={
                "instances": tuple(dict.fromkeys([*settings.instances, *(i.lower() for i in args.instance)]))
            }
        )
    report = check(institution, settings=settings)
    text = render_report(report, args.format)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return check_exit_status(report)


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    from .errors import ConfigError, InvalidReferenceError

    try:
        if args.command == "exists":
            return _exists(args)
        if args.command == "check":
            return _check(args)
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
