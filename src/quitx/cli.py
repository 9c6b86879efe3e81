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
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    import datetime as dt

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

    pl = commands.add_parser(
        "plan",
        help="the migration plan, from a check (live, saved, or none)",
        description="Build the migration plan: ordered steps, done or to do, with ready-to-paste artifacts.",
    )
    _institution_options(pl)
    _source_options(pl)
    pl.add_argument("--format", choices=("md", "txt", "html", "json"), default="md", help="output format")
    pl.add_argument("--start", metavar="YYYY-MM-DD", help="first day of the timeline (default today)")
    pl.add_argument("-o", "--output", metavar="FILE", help="write there instead of stdout")

    lt = commands.add_parser(
        "letter",
        help="the argued letter to the management, with the plan",
        description="Write the letter to the institution's management or communication service.",
    )
    _institution_options(lt)
    _source_options(lt)
    lt.add_argument("--sender", metavar="NAME", help="who signs the letter")
    lt.add_argument(
        "--sender-gender", choices=("m", "f", "n"), default="n", help="for the agreement of the role"
    )
    lt.add_argument("--role", metavar="M[/F]", help='the sender\'s role, e.g. "permanent/permanente"')
    lt.add_argument("--email", metavar="ADDRESS", help="the sender's e-mail (From: of the .eml)")
    lt.add_argument("--to", metavar="ADDRESS", help="the recipient (To: of the .eml)")
    lt.add_argument(
        "--sector",
        choices=("research", "public_administration", "local_government", "company", "association", "school"),
        help="the arguments and precedents to use (default: the institution's kind)",
    )
    lt.add_argument(
        "--format", choices=("md", "txt", "html", "eml", "json"), default="md", help="output format"
    )
    lt.add_argument(
        "--date", metavar="YYYY-MM-DD", help="the letter's date (default today): it sets the tenses"
    )
    lt.add_argument("--no-plan", action="store_true", help="leave the migration plan out")
    lt.add_argument("--templates", metavar="DIR", help="a directory whose <lang>/<block> files override ours")
    lt.add_argument(
        "--paragraph", metavar="TEXT", action="append", default=[], help="an extra paragraph (repeatable)"
    )
    lt.add_argument("--include-unverified", action="store_true", help="also cite claims marked unverified")
    lt.add_argument(
        "--article", metavar="ART", help="override the French article of the name: le, la, l', les, none"
    )
    lt.add_argument("-o", "--output", metavar="FILE", help="write there instead of stdout")

    from ._apply_cli import add_apply_command
    from .batch import add_batch_command

    add_apply_command(commands)
    add_batch_command(commands)
    return parser


def _source_options(cmd: argparse.ArgumentParser) -> None:
    source = cmd.add_mutually_exclusive_group()
    source.add_argument("--report", metavar="FILE", help="reuse a saved check (quitx check --format json)")
    source.add_argument("--offline", action="store_true", help="no check: every status is 'not checked'")


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
    cmd.add_argument(
        "--lang",
        choices=("fr", "en"),
        help="language of the institution, the letter and the plan (default fr)",
    )
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


def _date(text: str | None, option: str) -> dt.date | None:
    import datetime as dt

    from .errors import ConfigError

    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise ConfigError(f"{option} expects YYYY-MM-DD, got {text!r}") from exc


def _institution_and_report(args: argparse.Namespace) -> tuple[Institution, Report | None]:
    """From --report (a saved check), --offline (none), or a live check."""
    from pathlib import Path

    from pydantic import ValidationError

    from .errors import ConfigError
    from .models import Report

    if args.report:
        try:
            report = Report.model_validate_json(Path(args.report).read_text(encoding="utf-8"))
        except OSError as exc:
            raise ConfigError(f"cannot read the report: {exc.strerror}", source=args.report) from exc
        except ValidationError as exc:
            raise ConfigError(f"not a quitx report: {exc.errors()[0]['msg']}", source=args.report) from exc
        if not args.name and not args.from_json:
            args.from_json = args.report  # the report's own institution, options applied on top
        return _institution(args), report
    institution = _institution(args)
    if args.offline:
        return institution, None
    from .presence import check

    return institution, check(institution, settings=_settings(args))


def _write(text: str, output: str | None) -> None:
    from pathlib import Path

    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


def _plan(args: argparse.Namespace) -> int:
    from .letter.doc import Document, Heading, plain, to_html, to_markdown, to_text
    from .plan import PlanOptions, build_plan, plan_blocks

    institution, report = _institution_and_report(args)
    options = PlanOptions(
        language="en" if (args.lang or institution.language) == "en" else "fr",
        start=_date(args.start, "--start"),
    )
    plan = build_plan(report, institution, options)
    if args.format == "json":
        _write(plan.model_dump_json(indent=2) + "\n", args.output)
        return 0
    blocks = plan_blocks(plan)
    if args.format == "txt":
        _write(to_text(blocks), args.output)
    elif args.format == "html":
        first = blocks[0] if blocks else None
        subject = plain(first.children) if isinstance(first, Heading) else institution.name
        _write(to_html(Document(subject=subject, blocks=tuple(blocks)), lang=plan.language), args.output)
    else:
        _write(to_markdown(blocks), args.output)
    return 0


def _letter(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .letter.compose import Sender
    from .letter.render import render_letter
    from .models import InstitutionKind
    from .plan import PlanOptions, build_plan

    institution, report = _institution_and_report(args)
    language: Literal["fr", "en"] = "en" if (args.lang or institution.language) == "en" else "fr"
    date = _date(args.date, "--date")
    plan = None
    if not args.no_plan:
        plan = build_plan(report, institution, PlanOptions(language=language, start=date))
    role_m, _, role_f = (args.role or "").partition("/")
    sender = Sender(
        name=args.sender,
        gender=args.sender_gender,
        role_m=role_m or None,
        role_f=role_f or role_m or None,
        email=args.email,
    )
    text = render_letter(
        institution,
        report,
        plan,
        sender=sender,
        language=language,
        sector=InstitutionKind(args.sector) if args.sector else None,
        fmt=args.format,
        date=date,
        extra_paragraphs=args.paragraph,
        template_dir=Path(args.templates) if args.templates else None,
        include_unverified=args.include_unverified,
        to=args.to,
        article=args.article,
    )
    _write(text, args.output)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    from .errors import ConfigError, InvalidReferenceError

    try:
        if args.command == "exists":
            return _exists(args)
        if args.command == "check":
            return _check(args)
        if args.command == "plan":
            return _plan(args)
        if args.command == "letter":
            return _letter(args)
        if args.command == "batch":
            from .batch import run_batch

            return run_batch(args)
        if args.command == "apply":
            from .apply import run_apply

            return run_apply(args)
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
