"""The ``quitx`` command: a thin shell over the library.

Results go to stdout in the format asked for; errors go to stderr, each followed by a
``hint:`` line saying what to do next. ``-v`` / ``-vv`` log to stderr (INFO, then DEBUG, with
`logging`), ``-q`` leaves only the errors. quitx prints no colour, so ``NO_COLOR`` holds
and ``FORCE_COLOR`` changes nothing. ``quitx completion bash|zsh|fish`` prints a completion
script generated from the parsers below.

Exit status of ``quitx exists`` (for scripts)::

    0  every account is present
    3  at least one is absent (and none unknown)
    4  at least one could not be checked (unknown): never read this as absent
    2  usage error: bad option, bad reference, bad configuration (a bad reference is
       reported and the others are still checked and printed)
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
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import datetime as dt
    import logging
    from collections.abc import Callable, Iterable

    from .config import Settings
    from .models import ExistsResult, Institution, Reason, Report

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
  2  usage error (bad option, reference or configuration; a bad reference is reported
     on stderr and the other references are still checked)
  1  unexpected error"""


_TOP_EPILOG = """examples:
  quitx exists @user@mastodon.social cnrs.fr
  quitx check "Université Rennes 2" --domain univ-rennes2.fr --format json -o report.json
  quitx letter --report report.json --sender "Camille Martin" -o lettre.md
  quitx -v --config quitx.toml batch universities.csv -o out

'quitx COMMAND --help' shows a command's options, examples and exit statuses.
The settings options above come before the command; -v and -q may come before or after it.

environment:
  QUITX_CONFIG  the TOML config file (like --config); every setting has its QUITX_* variable
  NO_COLOR      honoured: quitx never prints colour (FORCE_COLOR changes nothing)

shell completion:
  quitx completion bash > ~/.local/share/bash-completion/completions/quitx"""

_EXISTS_EXAMPLES = """examples:
  quitx exists @user@mastodon.social
  quitx exists https://piaille.fr/@someone univ-rennes2.fr --format json
  quitx exists did:plc:z72i7hdynmk6r22z27h6tvur --format jsonl > results.jsonl"""

_CHECK_EXAMPLES = """examples:
  quitx check "Université Rennes 2" --domain univ-rennes2.fr
  quitx check "CNRS" --domain cnrs.fr --handle @cnrs@social.numerique.gouv.fr --instance mastodon.social
  quitx check "Université Rennes 2" --domain univ-rennes2.fr --format json -o report.json"""

_PLAN_EXAMPLES = """examples:
  quitx plan --report report.json
  quitx plan "Ville de Lyon" --domain lyon.fr --kind local_government --offline --format html -o plan.html
  quitx plan --report report.json --lang en --start 2026-03-02 --format txt

exit status:
  0  the plan was written
  2  usage error (bad option, unreadable --report or --from-json, bad configuration)
  1  unexpected error"""

_LETTER_EXAMPLES = """examples:
  quitx letter --report report.json --sender "Camille Martin" -o lettre.md
  quitx letter "Université Rennes 2" --domain univ-rennes2.fr --offline --sender "Camille Martin" \\
      --sender-gender f --role "chargé/chargée de communication" --format html -o lettre.html
  quitx letter --report report.json --format eml --email camille@example.org --to dircom@example.org \\
      -o lettre.eml

exit status:
  0  the letter was written
  2  usage error (bad option, unreadable --report or --from-json, bad configuration)
  1  unexpected error"""

_COMPLETION_EXAMPLES = """examples:
  quitx completion bash > ~/.local/share/bash-completion/completions/quitx
  quitx completion zsh > ~/.zfunc/_quitx    # with fpath+=(~/.zfunc) before compinit in ~/.zshrc
  quitx completion fish > ~/.config/fish/completions/quitx.fish
  source <(quitx completion bash)            # bash, for this session only

The script is generated from quitx's own options: write it again after an upgrade."""

_SHELLS = ("bash", "zsh", "fish")


class _Parser(argparse.ArgumentParser):
    """argparse, with no colour whatever the environment, and a hint after a usage error."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if sys.version_info >= (3, 14):  # pragma: no cover - argparse colours help from 3.14
            kwargs["color"] = False  # quitx prints no colour: NO_COLOR holds, FORCE_COLOR is ignored
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> Any:  # argparse's signature says NoReturn
        self.print_usage(sys.stderr)
        hint = f"run '{self.prog} --help' for the options and examples"
        if "COMMAND" in message:
            hint = f"give a command ({', '.join(_COMMANDS)}); 'quitx --help' shows examples"
        elif "unrecognized arguments" in message and any(o in message for o in _SETTINGS_OPTIONS):
            hint = "the settings options come before the command: quitx --timeout 30 check …"
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\nhint: {hint}\n")


class _Version(argparse.Action):
    """``--version``: the installed version, read from the metadata only when asked."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS, **kwargs: Any) -> None:
        kwargs.setdefault("help", "show program's version number and exit")
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *args: Any, **kwargs: Any) -> None:
        from ._version import version

        sys.stdout.write(f"quitx {version()}\n")
        parser.exit()


_SETTINGS_OPTIONS = ("--config", "--appview-url", "--plc-url", "--dns", "--map", "--timeout", "--user-agent")
_COMMANDS = (
    "exists",
    "check",
    "plan",
    "letter",
    "apply",
    "batch",
    "changes",
    "observatory",
    "serve",
    "completion",
)


def _parser() -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = _Parser(
        prog="quitx",
        description="Help an institution leave X and Meta for Mastodon and Bluesky.",
        epilog=_TOP_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action=_Version)
    _verbosity_options(parser, default=True)
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
        "handle.example.org, did:plc:…, did:web:…, at://…\n\n" + _EXISTS_EXAMPLES + "\n\n" + _EXIT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ex.add_argument("refs", nargs="+", metavar="REF", help="an account reference")
    ex.add_argument("--format", choices=("table", "json", "jsonl"), default="table", help="output format")

    ck = commands.add_parser(
        "check",
        help="where is an institution already, and how sure are we?",
        description="Check an institution's presence on Mastodon and Bluesky, and what its website links to.",
        epilog=_CHECK_EXAMPLES + "\n\n" + _CHECK_EXIT_HELP,
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
        epilog=_PLAN_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _institution_options(pl)
    _source_options(pl)
    pl.add_argument(
        "--format",
        choices=("md", "txt", "html", "json", "pdf"),
        default="md",
        help="output format (pdf: quitx[pdf])",
    )
    _plan_date_options(pl)
    pl.add_argument("-o", "--output", metavar="FILE", help="write there instead of stdout")

    lt = commands.add_parser(
        "letter",
        help="the argued letter to the management, with the plan",
        description="Write the letter to the institution's management or communication service.",
        epilog=_LETTER_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
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
        choices=_KINDS,
        help="the arguments and precedents to use (default: the institution's kind, else read from its name)",
    )
    lt.add_argument(
        "--format",
        choices=("md", "txt", "html", "eml", "json", "pdf"),
        default="md",
        help="output format (pdf: the HTML page printed, quitx[pdf])",
    )
    lt.add_argument(
        "--date", metavar="YYYY-MM-DD", help="the letter's date (default today): it sets the tenses"
    )
    lt.add_argument("--no-plan", action="store_true", help="leave the migration plan out")
    lt.add_argument(
        "--start",
        metavar="YYYY-MM-DD",
        help="the plan's first day (default: three weeks after the letter, on a working day)",
    )
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
    from .observatory.cli import add_parsers as add_observatory_commands

    add_observatory_commands(commands)
    from ._serve_cli import add_parser as add_serve_command

    add_serve_command(commands)

    cp = commands.add_parser(
        "completion",
        help="print a shell completion script (bash, zsh or fish)",
        description="Print a completion script for your shell, generated from quitx's options.",
        epilog=_COMPLETION_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    cp.add_argument("shell", choices=_SHELLS, help="the shell")

    for sub in commands.choices.values():
        _verbosity_options(sub, default=False)
    return parser


def _verbosity_options(cmd: argparse.ArgumentParser, *, default: bool) -> None:
    """``-v`` / ``-q``, on ``quitx`` and again on each command (so they work after it too).

    On the commands they default to nothing, so that they do not undo what came before the
    command. ``quitx batch`` has its own ``-q`` (no progress bar): the global one implies it."""
    taken = {s for action in cmd._actions for s in action.option_strings}
    if "-v" not in taken:
        cmd.add_argument(
            "-v",
            "--verbose",
            action="count",
            default=0 if default else argparse.SUPPRESS,
            help="log what quitx does to stderr (-vv: debug details)",
        )
    if "-q" not in taken:
        cmd.add_argument(
            "-q",
            "--quiet",
            dest="global_quiet",
            action="store_true",
            default=False if default else argparse.SUPPRESS,
            help="no progress and no warnings: errors only",
        )


# the values of quitx.models.InstitutionKind (written out: the parser imports no pydantic)
_KINDS = (
    "research",
    "higher_education",
    "public_administration",
    "local_government",
    "hospital",
    "company",
    "association",
    "media",
    "school",
)


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
        choices=_KINDS,
        help="what sort of institution (default: read from its name)",
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
    import logging

    log = logging.getLogger(__name__)
    if log.isEnabledFor(logging.DEBUG):
        log.debug("settings: %s", _settings_summary(settings))
    return settings


def _log() -> logging.Logger:
    import logging

    return logging.getLogger(__name__)


def exit_status(results: Sequence[ExistsResult]) -> int:
    from .models import Verdict

    verdicts = {r.verdict for r in results}
    if Verdict.UNKNOWN in verdicts:
        return EXIT_UNKNOWN
    if Verdict.ABSENT in verdicts:
        return EXIT_ABSENT
    return EXIT_PRESENT


def _exists(args: argparse.Namespace) -> int:
    from .errors import InvalidReferenceError
    from .handles import parse_ref
    from .lookup import exists_many
    from .models import AccountRef
    from .output import render_exists

    settings = _settings(args)
    refs: list[AccountRef] = []
    bad = 0
    for text in args.refs:  # a bad reference is reported; the others are still checked
        try:
            refs.append(parse_ref(text))
        except InvalidReferenceError as exc:
            bad += 1
            _error(str(exc), _REF_HINT)
    if not refs:
        return EXIT_USAGE
    _log().info("checking %d account(s): %s", len(refs), ", ".join(str(r) for r in refs))
    results = exists_many(refs, settings=settings)
    sys.stdout.write(render_exists(results, args.format))
    _dns_hint(r.reason for r in results)
    return EXIT_USAGE if bad else exit_status(results)


_DNS_HINT = (
    "your DNS looks offline or filtered: a name it does not find may still exist. Check the "
    "connection, or name a resolver that sees the public DNS (--dns HOST); quitx believes a resolver "
    "that resolves the dns_canary setting (example.com by default)"
)


def _dns_hint(reasons: Iterable[Reason]) -> None:
    """The hint after a result that a doubtful DNS left unknown (on stderr: stdout is the result)."""
    from .models import Reason

    if Reason.DNS_UNVERIFIED in set(reasons):
        print(f"hint: {_DNS_HINT}", file=sys.stderr)


def _institution(args: argparse.Namespace) -> Institution:
    import json
    from pathlib import Path

    from .errors import ConfigError
    from .models import Institution

    data: dict[str, object] = {}
    if args.from_json:
        try:
            loaded = json.loads(Path(args.from_json).read_text(encoding="utf-8"))
        except RecursionError as exc:
            raise ConfigError(
                "cannot read the institution: JSON nested too deep", source=args.from_json
            ) from exc
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
    return Institution.parse(data)  # InvalidInstitutionError names the field at fault


def check_exit_status(report: Report) -> int:
    from .models import Verdict

    if Verdict.PRESENT in (report.mastodon.verdict, report.bluesky.verdict):
        return EXIT_PRESENT
    return EXIT_ABSENT if report.settled else EXIT_UNKNOWN


def _check(args: argparse.Namespace) -> int:
    from .handles import parse_ref
    from .output import render_report
    from .presence import check

    institution = _institution(args)
    for handle in institution.handles:
        parse_ref(handle)  # a bad handle is a usage error before any request
    settings = _settings(args).with_instances(args.instance)
    _log().info(
        "checking %r (domain %s) on %s and Bluesky",
        institution.name,
        institution.domain or "unknown",
        ", ".join(settings.instances),
    )
    report = check(institution, settings=settings)
    text = render_report(report, args.format)
    _write(text, args.output)
    _dns_hint(report.reasons())
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


def read_report(path: str) -> Report:
    """A saved check (``quitx check --format json``); InvalidReportError naming the file otherwise."""
    from .models import load_report

    return load_report(path)


def _subject(args: argparse.Namespace) -> Report | Institution:
    """What plan and letter are about: a saved check (--report, with the options' institution on
    top), none (--offline: the institution alone), or a live check."""
    if args.report:
        report = read_report(args.report)
        if not args.name and not args.from_json:
            args.from_json = args.report  # the report's own institution, options applied on top
        _log().info("using the check saved in %s", args.report)
        return report.model_copy(update={"institution": _institution(args)})
    institution = _institution(args)
    if args.offline:
        _log().info("offline: no check, every status is 'not checked'")
        return institution
    from .presence import check

    _log().info("checking %r live first (--offline or --report to skip it)", institution.name)
    return check(institution, settings=_settings(args))


def _write(text: str, output: str | None, fmt: str | None = None) -> None:
    """Write ``text``; for ``fmt`` pdf, ``text`` is the HTML page, printed first."""
    from pathlib import Path

    if fmt == "pdf":
        from .pdf import html_to_pdf

        pdf = html_to_pdf(text)
        if output:
            Path(output).write_bytes(pdf)
            _log().info("wrote %s (%d bytes)", output, len(pdf))
        else:
            sys.stdout.buffer.write(pdf)
        return
    if output:
        Path(output).write_text(text, encoding="utf-8")
        _log().info("wrote %s (%d characters)", output, len(text))
    else:
        sys.stdout.write(text)


def _plan_date_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--start",
        metavar="YYYY-MM-DD",
        help="the plan's first day, moved to a working day (default: three weeks after --date)",
    )
    parser.add_argument("--date", metavar="YYYY-MM-DD", help="the day the plan is written (default today)")


def _plan(args: argparse.Namespace) -> int:
    from .i18n import language_of
    from .models import Report
    from .plan import PlanOptions, build_plan, render_plan

    subject = _subject(args)
    institution = subject.institution if isinstance(subject, Report) else subject
    options = PlanOptions(
        language=language_of(institution, args.lang),
        start=_date(args.start, "--start"),
        written_on=_date(args.date, "--date"),
    )
    plan = build_plan(subject, options)
    _write(render_plan(plan, "html" if args.format == "pdf" else args.format), args.output, args.format)
    return 0


def _letter(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .i18n import language_of
    from .letter.compose import Sender
    from .letter.render import render_letter
    from .models import InstitutionKind, Report
    from .plan import PlanOptions, build_plan

    subject = _subject(args)
    institution = subject.institution if isinstance(subject, Report) else subject
    language = language_of(institution, args.lang)
    date = _date(args.date, "--date")
    plan = None
    if not args.no_plan:
        # the plan starts from the decision, not from the letter: a few weeks after its date
        options = PlanOptions(language=language, written_on=date, start=_date(args.start, "--start"))
        plan = build_plan(subject, options)
    role_m, _, role_f = (args.role or "").partition("/")
    sender = Sender(
        name=args.sender,
        gender=args.sender_gender,
        role_m=role_m or None,
        role_f=role_f or role_m or None,
        email=args.email,
    )
    text = render_letter(
        subject,
        plan,
        sender=sender,
        language=language,
        sector=InstitutionKind(args.sector) if args.sector else None,
        fmt="html" if args.format == "pdf" else args.format,
        date=date,
        extra_paragraphs=args.paragraph,
        template_dir=Path(args.templates) if args.templates else None,
        include_unverified=args.include_unverified,
        to=args.to,
        article=args.article,
    )
    _write(text, args.output, args.format)
    return 0


# --- errors that say what to do next ------------------------------------------------------------------

_REF_HINT = (
    "an account reference is @user@host, https://host/@user, a Bluesky handle (name.bsky.social, "
    "example.org), https://bsky.app/profile/…, did:plc:…, did:web:… or at://…"
)
_REPORT_HINT = 'save a check first: quitx check "NAME" --domain DOMAIN --format json -o report.json'
_CONFIG_HINT = (
    "the config file comes from --config or $QUITX_CONFIG: fix that path, or unset QUITX_CONFIG "
    "to use the defaults"
)

# (a piece of the message, the hint), first match wins; None: the message already says what to do
_HINTS: tuple[tuple[str, str | None], ...] = (
    ("not an account reference", _REF_HINT),
    ("cannot read the report", _REPORT_HINT),
    ("not a quitx report", _REPORT_HINT + " (--report takes a check saved with --format json)"),
    ("--map expects", "write --map HOST=URL, e.g. --map univ-exemple.fr=http://127.0.0.1:8081"),
    ("expects YYYY-MM-DD", "write the date as YYYY-MM-DD, e.g. 2026-03-02"),
    (
        "an institution needs a NAME",
        'give its name first: quitx check "Université Rennes 2" --domain univ-rennes2.fr '
        "(or --from-json institution.json, or --report report.json)",
    ),
    (
        "cannot read the institution",
        "--from-json takes a JSON object: an institution, or a report saved with --format json",
    ),
    (
        "expected a JSON object",
        "--from-json takes a JSON object: an institution, or a report saved with --format json",
    ),
    ("cannot read config file", _CONFIG_HINT),
    ("invalid TOML", _CONFIG_HINT + "; the settings are listed in docs/reference/settings.md"),
    ("the [quitx] entry", _CONFIG_HINT + "; the settings are listed in docs/reference/settings.md"),
    ("unknown step", "'quitx apply --help' lists the steps apply can do"),
    ("no step given", "'quitx apply --help' lists the steps apply can do"),
    ("no such action", "'quitx apply --help' lists the steps apply can do"),
    (
        "needs a 'name' column",
        "the first row names the columns (name,domain,kind,…): 'quitx batch --help' lists them",
    ),
    ("cannot read it", "check the path of the input file, or give - to read it from stdin"),
    ("cannot create", "choose another --output-dir, one you can write to"),
    ("not UTF-8", None),
    ("another quitx batch", None),
    ("needs --letters", None),
)


def _hint(message: str, command: str | None = None) -> str | None:
    """What to do next after the error ``message``; ``None`` when it already says so."""
    for piece, hint in _HINTS:
        if piece in message:
            if hint == _REPORT_HINT and command in ("plan", "letter"):
                return hint + ", or do without a check: --offline"
            return hint
    if "QUITX_" in message:
        return "fix or unset the QUITX_* variable named above ('quitx --help' says where settings come from)"
    return (
        "check the option or setting named above: 'quitx COMMAND --help' for options, "
        "docs/reference/settings.md for settings"
    )


def _error(message: str, hint: str | None = None, command: str | None = None) -> None:
    """``quitx: error: …`` then ``hint: …`` on stderr (the message may quote remote text: inert)."""
    from ._text import inert

    print(f"quitx: error: {inert(message)}", file=sys.stderr)
    hint = hint if hint is not None else _hint(message, command)
    if hint:
        print(f"hint: {hint}", file=sys.stderr)


class _ErrorWatch:
    """Stands in for stderr while batch and apply run: they print their own ``quitx: error:``
    lines, and the hint follows once they return. Everything else goes straight through."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream
        self.errors: list[str] = []

    def write(self, text: str) -> int:
        if text.startswith("quitx: error:"):
            self.errors.append(text.removeprefix("quitx: error:").strip())
        return int(self._stream.write(text) or 0)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _run_printing_errors(run: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    watch = _ErrorWatch(sys.stderr)
    saved, sys.stderr = sys.stderr, watch
    try:
        status = run(args)
    finally:
        sys.stderr = saved
    if watch.errors:
        hint = _hint(watch.errors[-1], args.command)
        if hint:
            print(f"hint: {hint}", file=sys.stderr)
    return status


# --- logging ---------------------------------------------------------------------------------------------


class _InertLines:
    """A logging filter: a log line may quote remote text, so it is made inert (after masking)."""

    def filter(self, record: logging.LogRecord) -> bool:
        from ._text import inert_block

        message = record.getMessage()
        safe = inert_block(message)
        if safe != message:
            record.msg, record.args = safe, None
        return True


def _setup_logging(verbose: int, quiet: bool) -> Callable[[], None]:
    """Log to stderr: WARNING by default, INFO with -v, DEBUG with -vv, ERROR only with -q.

    Returns what undoes it (``main`` may run many times in one process, in the tests)."""
    import logging
    import os

    if verbose >= 2:
        level = logging.DEBUG
    elif verbose == 1:
        level = logging.INFO
    else:
        level = logging.ERROR if quiet else logging.WARNING
    handler = logging.StreamHandler(sys.stderr)
    fmt = "%(levelname)s %(name)s: %(message)s"
    if verbose >= 2:
        fmt = "%(relativeCreated)7.0fms " + fmt
    handler.setFormatter(logging.Formatter(fmt))
    from .secrets import MaskingFilter, secret_env_values

    handler.addFilter(MaskingFilter(secret_env_values(os.environ)))  # no token, password or URL credential
    handler.addFilter(_InertLines())
    handler.setLevel(level)
    root = logging.getLogger()
    saved_level = root.level
    root.addHandler(handler)
    root.setLevel(level)
    # httpcore's DEBUG lines are the wire protocol: only from -vvv
    noisy = {name: logging.getLogger(name) for name in ("httpcore", "hpack", "asyncio")}
    saved_noisy = {name: logger.level for name, logger in noisy.items()}
    if verbose < 3:
        for logger in noisy.values():
            logger.setLevel(max(level, logging.INFO))

    def undo() -> None:
        root.removeHandler(handler)
        root.setLevel(saved_level)
        for name, logger in noisy.items():
            logger.setLevel(saved_noisy[name])

    return undo


def _settings_summary(settings: Settings) -> str:
    """The settings, for -vv: never a secret (there is none in Settings; keep it that way)."""
    import json

    from .secrets import MASK, is_secret_name, mask

    data = settings.model_dump(mode="json")
    kept = {k: (MASK if is_secret_name(k) else v) for k, v in data.items()}
    return mask(json.dumps(kept, ensure_ascii=False, sort_keys=True))


# --- shell completion --------------------------------------------------------------------------------------


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _command_help(parser: argparse.ArgumentParser) -> dict[str, str]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return {a.dest: a.help or "" for a in action._choices_actions}
    return {}


_FILE_METAVARS = {"FILE"}
_DIR_METAVARS = {"DIR", "OUT_DIR"}


def _value_kind(action: argparse.Action) -> tuple[str, tuple[str, ...]]:
    """How to complete an option's value or a positional: ("words", choices), ("file", ()),
    ("dir", ()) or ("none", ())."""
    if action.choices is not None and not isinstance(action, argparse._SubParsersAction):
        return "words", tuple(str(c) for c in action.choices)
    metavar = action.metavar if isinstance(action.metavar, str) else ""
    if metavar in _FILE_METAVARS:
        return "file", ()
    if metavar in _DIR_METAVARS:
        return "dir", ()
    return "none", ()


def _extra_words(command: str) -> tuple[str, ...]:
    """Positional words argparse does not know as choices."""
    if command == "apply":
        from ._apply_cli import STEPS

        return tuple(STEPS)
    return ()


def _options(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    return [a for a in parser._actions if a.option_strings and a.help != argparse.SUPPRESS]


def _positionals(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    return [
        a for a in parser._actions if not a.option_strings and not isinstance(a, argparse._SubParsersAction)
    ]


def _one_line(text: str | None) -> str:
    return " ".join((text or "").replace("%%", "%").split())


def _bash_completion(parser: argparse.ArgumentParser) -> str:
    commands = _subparsers(parser)
    scopes: dict[str, argparse.ArgumentParser] = {"": parser, **commands}
    value_cases: list[str] = []
    for name, sub in scopes.items():
        for action in _options(sub):
            if action.nargs == 0:
                continue
            pattern = "|".join(f'"{name} {opt}"' for opt in action.option_strings)
            kind, choices = _value_kind(action)
            if kind == "words":
                body = f'COMPREPLY=( $(compgen -W "{" ".join(choices)}" -- "$cur") )'
            elif kind == "file":
                body = "_quitx_files"
            elif kind == "dir":
                body = "_quitx_dirs"
            else:
                body = "COMPREPLY=()"
            value_cases.append(f"        {pattern}) {body}; return ;;")
    option_cases = []
    for name, sub in scopes.items():
        opts = " ".join(s for a in _options(sub) for s in a.option_strings)
        option_cases.append(f'            "{name}") COMPREPLY=( $(compgen -W "{opts}" -- "$cur") ) ;;')
    word_cases = [f'        "") COMPREPLY=( $(compgen -W "{" ".join(commands)}" -- "$cur") ) ;;']
    for name, sub in commands.items():
        words = list(_extra_words(name))
        files = False
        for action in _positionals(sub):
            kind, choices = _value_kind(action)
            words += choices
            files = files or kind == "file"
        if words:
            word_cases.append(f'        {name}) COMPREPLY=( $(compgen -W "{" ".join(words)}" -- "$cur") ) ;;')
        elif files:
            word_cases.append(f"        {name}) _quitx_files ;;")
    global_with_value = "|".join(s for a in _options(parser) if a.nargs != 0 for s in a.option_strings)
    return f"""# bash completion for quitx, generated by `quitx completion bash`
# install: quitx completion bash > ~/.local/share/bash-completion/completions/quitx
_quitx_files() {{
    compopt -o filenames 2>/dev/null
    COMPREPLY=( $(compgen -f -- "$cur") )
}}
_quitx_dirs() {{
    compopt -o filenames 2>/dev/null
    COMPREPLY=( $(compgen -d -- "$cur") )
}}
_quitx() {{
    local cur prev cmd i
    cur="${{COMP_WORDS[COMP_CWORD]}}"
    prev=""
    if (( COMP_CWORD > 0 )); then prev="${{COMP_WORDS[COMP_CWORD-1]}}"; fi
    cmd=""
    for (( i=1; i < COMP_CWORD; i++ )); do
        case "${{COMP_WORDS[i]}}" in
            {global_with_value}) (( i++ )) ;;
            {"|".join(commands)}) cmd="${{COMP_WORDS[i]}}"; break ;;
        esac
    done
    case "$cmd $prev" in
{chr(10).join(value_cases)}
    esac
    if [[ "$cur" == -* ]]; then
        case "$cmd" in
{chr(10).join(option_cases)}
        esac
        return
    fi
    case "$cmd" in
{chr(10).join(word_cases)}
    esac
}}
complete -F _quitx quitx
"""


def _zsh_quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


def _zsh_specs(parser: argparse.ArgumentParser, command: str) -> list[str]:
    specs = []
    for action in _options(parser):
        desc = _one_line(action.help).replace("[", "(").replace("]", ")")
        repeat = "*" if isinstance(action, (argparse._AppendAction, argparse._CountAction)) else ""
        names = action.option_strings
        if action.nargs == 0:
            tails = [f"{repeat}{n}[{desc}]" for n in names]
        else:
            kind, words = _value_kind(action)
            how = {"words": f"({' '.join(words)})", "file": "_files", "dir": "_files -/"}.get(kind, " ")
            meta = action.metavar if isinstance(action.metavar, str) else action.dest.upper()
            meta = meta.replace(":", " ")  # a colon ends the message in a spec
            tails = [f"{repeat}{n}{'=' if n.startswith('--') else '+'}[{desc}]:{meta}:{how}" for n in names]
        specs += [_zsh_quote(t) for t in tails]
    for action in _positionals(parser):
        kind, words = _value_kind(action)
        words = (*words, *_extra_words(command))
        how = f"({' '.join(words)})" if words else {"file": "_files"}.get(kind, " ")
        meta = action.metavar if isinstance(action.metavar, str) else action.dest
        prefix = {"+": "*", "*": "*", "?": ":"}.get(str(action.nargs), "")
        specs.append(_zsh_quote(f"{prefix}:{meta}:{how}"))
    return specs


def _zsh_completion(parser: argparse.ArgumentParser) -> str:
    commands = _subparsers(parser)
    helps = _command_help(parser)
    joiner = " \\\n            "
    top = joiner.join([*_zsh_specs(parser, ""), "'1:command:->command'", "'*::argument:->argument'"])
    described = "\n".join(
        f"        {_zsh_quote(name + ':' + _one_line(helps.get(name)))}" for name in commands
    )
    cases = "\n".join(
        f"        {name})\n          _arguments{joiner}{joiner.join(_zsh_specs(sub, name))}"
        " && ret=0\n          ;;"
        for name, sub in commands.items()
    )
    return f"""#compdef quitx
# zsh completion for quitx, generated by `quitx completion zsh`
# install: quitx completion zsh > ~/.zfunc/_quitx   (with fpath+=(~/.zfunc) before compinit)
_quitx() {{
  local curcontext="$curcontext" state line ret=1
  typeset -A opt_args
  _arguments -C{joiner}{top} && ret=0
  case $state in
    command)
      local -a commands
      commands=(
{described}
      )
      _describe -t commands 'quitx command' commands && ret=0
      ;;
    argument)
      curcontext="${{curcontext%:*:*}}:quitx-$words[1]:"
      case $words[1] in
{cases}
      esac
      ;;
  esac
  return ret
}}
if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
  _quitx "$@"
else
  compdef _quitx quitx
fi
"""


def _fish_quote(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _fish_lines(parser: argparse.ArgumentParser, condition: str, command: str) -> list[str]:
    lines = []
    for action in _options(parser):
        parts = ["complete -c quitx", f"-n {condition}"]
        for name in action.option_strings:
            if name.startswith("--"):
                parts.append(f"-l {name[2:]}")
            else:
                parts.append(f"-s {name[1:]}")
        if action.nargs != 0:
            kind, words = _value_kind(action)
            if kind == "words":
                parts.append(f"-x -a {_fish_quote(' '.join(words))}")
            elif kind in ("file", "dir"):
                parts.append("-r -F")
            else:
                parts.append("-x")
        parts.append(f"-d {_fish_quote(_one_line(action.help))}")
        lines.append(" ".join(parts))
    for action in _positionals(parser):
        kind, words = _value_kind(action)
        words = (*words, *_extra_words(command))
        if words:
            lines.append(f"complete -c quitx -n {condition} -a {_fish_quote(' '.join(words))}")
        elif kind == "file":
            lines.append(f"complete -c quitx -n {condition} -F")
    return lines


def _fish_completion(parser: argparse.ArgumentParser) -> str:
    commands = _subparsers(parser)
    helps = _command_help(parser)
    names = " ".join(commands)
    top = f"'not __fish_seen_subcommand_from {names}'"
    lines = [
        "# fish completion for quitx, generated by `quitx completion fish`",
        "# install: quitx completion fish > ~/.config/fish/completions/quitx.fish",
        "complete -c quitx -f",
    ]
    lines += [
        f"complete -c quitx -n {top} -a {name} -d {_fish_quote(_one_line(helps.get(name)))}"
        for name in commands
    ]
    lines += _fish_lines(parser, top, "")
    for name, sub in commands.items():
        lines += _fish_lines(sub, f"'__fish_seen_subcommand_from {name}'", name)
    return "\n".join(lines) + "\n"


def completion_script(shell: str, parser: argparse.ArgumentParser | None = None) -> str:
    """The completion script for ``shell`` (bash, zsh or fish), generated from the parsers."""
    parser = parser or _parser()
    if shell == "bash":
        return _bash_completion(parser)
    if shell == "zsh":
        return _zsh_completion(parser)
    if shell == "fish":
        return _fish_completion(parser)
    raise ValueError(f"no completion for {shell!r}: expected one of {', '.join(_SHELLS)}")


# --- the command ----------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "completion":
        sys.stdout.write(completion_script(args.shell, parser))
        return 0
    import logging
    import time

    verbose: int = getattr(args, "verbose", 0) or 0
    quiet = bool(getattr(args, "global_quiet", False))
    if args.command == "batch":
        quiet = quiet or args.quiet
        args.quiet = quiet  # the global -q implies batch's own: no progress bar
    undo = _setup_logging(verbose, quiet)
    log = logging.getLogger(__name__)
    started = time.perf_counter()
    if log.isEnabledFor(logging.DEBUG):
        from ._version import version

        log.debug("quitx %s on Python %s: %s", version(), sys.version.split()[0], args.command)
    try:
        status = _dispatch(args, verbose)
        log.info("%s done in %.2f s: exit status %d", args.command, time.perf_counter() - started, status)
        return status
    finally:
        undo()


def _dispatch(args: argparse.Namespace, verbose: int) -> int:
    from .errors import ConfigError, InputError, InvalidReferenceError, OutputDirError

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

            return _run_printing_errors(run_batch, args)
        if args.command == "apply":
            from .apply import run_apply

            return _run_printing_errors(run_apply, args)
        if args.command in ("changes", "observatory"):
            from .observatory.cli import run as run_observatory

            return run_observatory(args, _settings)
        if args.command == "serve":
            from ._serve_cli import run as run_serve

            return run_serve(args, _settings(args))
    except InvalidReferenceError as exc:
        _error(str(exc), _REF_HINT)
        return EXIT_USAGE
    except (InputError, ConfigError, OutputDirError) as exc:
        _error(str(exc), command=args.command)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("quitx: interrupted", file=sys.stderr)
        return 130
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        _error(
            f"{where}{exc.strerror or exc}",
            "check that the file's directory exists and that you may write there",
        )
        return EXIT_ERROR
    except Exception as exc:  # a bug: one line, the traceback only with -vv
        from ._text import inert, inert_block

        first = inert((str(exc).splitlines() or [""])[0][:200])
        print(f"quitx: error: unexpected {type(exc).__name__}: {first}", file=sys.stderr)
        if verbose >= 2:
            import traceback

            sys.stderr.write(inert_block("".join(traceback.format_exception(exc))))
            print("hint: this is a bug in quitx: please report it with the output above", file=sys.stderr)
        else:
            print(
                "hint: this is a bug in quitx: please report it with -vv output (the same command with -vv)",
                file=sys.stderr,
            )
        return EXIT_ERROR
    raise AssertionError(f"unknown command {args.command!r}")  # pragma: no cover - argparse refuses first


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
