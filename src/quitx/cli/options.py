"""The options several commands share, and what they build from the parsed arguments.

Adding options (`verbosity_options`, `source_options`, `institution_options`) needs only the standard
library; `settings_from`, `institution_from`, `subject_from` import the library when called.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from . import wording as w

if TYPE_CHECKING:
    import datetime as dt
    import logging
    from pathlib import Path

    from ..config import Settings, UserConfig
    from ..i18n.messages import Msg
    from ..models import Institution, Report

__all__ = [
    "KINDS",
    "apply_preferences",
    "check_output_folder",
    "config_from",
    "date_option",
    "format_options",
    "institution_from",
    "institution_options",
    "log",
    "settings_from",
    "settings_overrides",
    "source_options",
    "subject_from",
    "verbosity_options",
    "warn_outcome",
    "write_file",
    "write_output",
]


def _t(msg: Msg, /, **values: str) -> str:
    """``msg`` in the run's language."""
    from .voice import voice

    return voice().t(msg, **values)


def _quote(text: str) -> str:
    """``text`` (as typed: made inert) quoted in the run's language: « text », 'text'."""
    from .._text import inert
    from .voice import voice

    return voice().lang.quote(inert(text))


def log() -> logging.Logger:
    """The command line's logger (``quitx.cli``); `logging` is imported only when a command runs."""
    import logging

    return logging.getLogger("quitx.cli")


def verbosity_options(cmd: argparse.ArgumentParser, *, default: bool) -> None:
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


def format_options(
    cmd: argparse.ArgumentParser, choices: tuple[str, ...], default: str, *, help: str = "output format"
) -> None:
    """``--format CHOICE`` and, as the field writes them, ``--json`` / ``--jsonl`` / ``--csv`` for
    the machine formats among ``choices`` (one of them at a time)."""
    group = cmd.add_mutually_exclusive_group()
    group.add_argument("--format", choices=choices, default=default, help=f"{help} (default {default})")
    for fmt in ("json", "jsonl", "csv"):
        if fmt in choices:
            group.add_argument(
                f"--{fmt}", dest="format", action="store_const", const=fmt, help=f"same as --format {fmt}"
            )


def source_options(cmd: argparse.ArgumentParser) -> None:
    source = cmd.add_mutually_exclusive_group()
    source.add_argument("--report", metavar="FILE", help="reuse a saved check (quitx check --format json)")
    source.add_argument("--offline", action="store_true", help="no check: every status is 'not checked'")


# the values of quitx.models.InstitutionKind (written out: the parser imports no pydantic)
KINDS = (
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


def institution_options(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument(
        "name", nargs="?", metavar="NAME", help='the institution\'s name, e.g. "Université Rennes 2"'
    )
    cmd.add_argument("--domain", metavar="DOMAIN", help="its web domain or homepage URL")
    cmd.add_argument("--handle", metavar="REF", action="append", default=[], help="an account it already has")
    cmd.add_argument(
        "--kind",
        choices=KINDS,
        help="what sort of institution (default: read from its name)",
    )
    cmd.add_argument("--country", metavar="CC", help="ISO country code (default FR)")
    cmd.add_argument(
        "--lang",
        choices=("fr", "en"),
        help="language of the institution, the letter and the plan (default fr)",
    )
    cmd.add_argument("--from-json", metavar="FILE", help="a saved institution (JSON); options override it")


# the options that set a setting, by the setting's name: a bad value is said under its option
_SETTING_OPTIONS = {
    "appview_url": "--appview-url",
    "plc_url": "--plc-url",
    "dns_nameservers": "--dns",
    "timeout": "--timeout",
    "user_agent": "--user-agent",
    "host_map": "--map",
}


def settings_overrides(args: argparse.Namespace) -> dict[str, Any]:
    """The settings the options before the command set (``--appview-url``, ``--map``…), by name."""
    from ..errors import UsageError

    overrides: dict[str, Any] = {
        "appview_url": args.appview_url,
        "plc_url": args.plc_url,
        "dns_nameservers": args.dns,
        "timeout": args.timeout,
        "user_agent": args.user_agent,
    }
    if args.map:
        host_map = {}
        for pair in args.map:
            host, sep, base = pair.partition("=")
            if not sep:
                raise UsageError(_t(w.MAP_EXPECTS, pair=_quote(pair)), option="--map")
            host_map[host] = base
        overrides["host_map"] = host_map
    return {name: value for name, value in overrides.items() if value is not None}


def config_from(args: argparse.Namespace) -> UserConfig:
    """The config file and QUITX_* variables, with the settings options on top (``--map`` adds to
    the file's host map)."""
    from ..config import load_config
    from .voice import user_config

    overrides = settings_overrides(args)
    if not overrides:
        return user_config(args)  # the file and the environment, read once per run
    host_map = overrides.pop("host_map", None)
    loaded = load_config(args.config, argument_names=_SETTING_OPTIONS, **overrides)
    if host_map:
        merged = {**loaded.settings.host_map, **host_map}
        loaded = load_config(args.config, argument_names=_SETTING_OPTIONS, **overrides, host_map=merged)
    return loaded


def settings_from(args: argparse.Namespace) -> Settings:
    """The settings: the config file and QUITX_* variables, with the settings options on top."""
    import logging

    from .logs import settings_summary

    settings = config_from(args).settings
    if log().isEnabledFor(logging.DEBUG):
        log().debug("settings: %s", settings_summary(settings))
    return settings


def institution_from(args: argparse.Namespace) -> Institution:
    """The institution the options name (--from-json first, the other options on top)."""
    import json
    from pathlib import Path

    from ..errors import UsageError, why_unreadable
    from ..models import Institution
    from .voice import voice

    data: dict[str, object] = {}
    if args.from_json:
        try:
            loaded = json.loads(Path(args.from_json).read_text(encoding="utf-8"))
        except RecursionError as exc:
            why = _t(w.JSON_TOO_DEEP)
            raise UsageError(
                _t(w.INSTITUTION_UNREADABLE, path=args.from_json, why=why), option="--from-json"
            ) from exc
        except (OSError, ValueError) as exc:
            if isinstance(exc, json.JSONDecodeError):
                why = _t(w.INVALID_JSON_AT, line=str(exc.lineno), column=str(exc.colno))
            elif isinstance(exc, OSError | UnicodeDecodeError):
                why = why_unreadable(exc, voice().language)
            else:
                why = str(exc)
            raise UsageError(
                _t(w.INSTITUTION_UNREADABLE, path=args.from_json, why=why), option="--from-json"
            ) from exc
        if isinstance(loaded, dict) and "institution" in loaded:  # a saved report
            loaded = loaded["institution"]
        if not isinstance(loaded, dict):
            raise UsageError(_t(w.NOT_AN_OBJECT, path=args.from_json), option="--from-json")
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
        raise UsageError(_t(w.NEEDS_A_NAME), option="NAME")
    return Institution.parse(data)  # InvalidInstitutionError names the field at fault


# the values of quitx.models.InstitutionKind (written out: the parser imports no pydantic)
KINDS = (
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


def plan_date_options(parser: argparse.ArgumentParser, *, written: bool) -> None:
    """--start (and, with ``written``, --date): the plan starts from the decision, by default three
    weeks after it is written, on a working day."""
    parser.add_argument(
        "--start",
        metavar="YYYY-MM-DD",
        help="the plan's first day, moved to a working day (default: three weeks after --date)",
    )
    if written:
        parser.add_argument(
            "--date", metavar="YYYY-MM-DD", help="the day the plan is written (default today)"
        )


def date_option(text: str | None, option: str) -> dt.date | None:
    """``--start``/``--date``: a YYYY-MM-DD date, or None when not given."""
    import datetime as dt

    from ..errors import UsageError

    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise UsageError(_t(w.DATE_EXPECTED, option=option, text=_quote(text)), option=option) from exc


def subject_from(args: argparse.Namespace) -> Report | Institution:
    """What plan and letter are about: a saved check (--report, with the options' institution on
    top), none (--offline: the institution alone), or a live check."""
    if args.report:
        from ..models import load_report

        report = load_report(args.report)
        if not args.name and not args.from_json:
            args.from_json = args.report  # the report's own institution, options applied on top
        log().info("using the check saved in %s", args.report)
        return report.model_copy(update={"institution": institution_from(args)})
    institution = institution_from(args)
    if args.offline:
        log().info("offline: no check, every status is 'not checked'")
        return institution
    from ..presence import check

    log().info("checking %r live first (--offline or --report to skip it)", institution.name)
    return check(institution, settings=settings_from(args))


def write_output(text: str, output: str | None, fmt: str | None = None) -> None:
    """``text`` to the file ``-o`` names (then ``quitx: wrote FILE`` on stderr), else to stdout; for
    ``fmt`` pdf, ``text`` is the HTML page, printed first (quitx[pdf]).

    A folder that does not exist is a usage error (exit status 2), said before anything is written."""
    if fmt == "pdf":
        from pathlib import Path

        from ..pdf import html_to_pdf

        if output:
            check_output_folder(Path(output))
        pdf = html_to_pdf(text)
        if output:
            write_file(output, pdf)
        else:
            sys.stdout.buffer.write(pdf)
        return
    if output:
        write_file(output, text)
    else:
        sys.stdout.write(text)


def write_file(output: str, text: str | bytes, *, option: str = "-o") -> None:
    """Write ``text`` to ``output`` and say so; `UsageError` when its folder does not exist."""
    from pathlib import Path

    from .voice import voice

    target = Path(output)
    check_output_folder(target, option=option)
    if isinstance(text, bytes):
        target.write_bytes(text)
    else:
        target.write_text(text, encoding="utf-8")
    log().info("wrote %s (%d characters or bytes)", output, len(text))
    voice().wrote(output)


def check_output_folder(target: Path, *, option: str = "-o") -> None:
    """`UsageError` (exit status 2) when the folder ``target`` goes in is not there."""
    from ..errors import UsageError
    from . import wording as w
    from .voice import voice

    folder = target.parent
    if not folder.is_dir():
        raise UsageError(voice().t(w.NO_OUTPUT_DIR, path=str(target), folder=str(folder)), option=option)


def warn_outcome(subject: Report | Institution) -> None:
    """Warn when a live check found nothing out: every verdict unknown (a letter or a plan written
    from it says nothing of where the institution is)."""
    from ..models import Report, Verdict
    from . import wording as w
    from .voice import voice

    if not isinstance(subject, Report):
        return
    verdicts = {subject.mastodon.verdict, subject.bluesky.verdict, *(i.verdict for i in subject.instances)}
    if verdicts == {Verdict.UNKNOWN}:
        voice().warn(w.CHECK_FAILED)


def warn_if_the_annex_is_a_page(asked: str | None) -> None:
    """An e-mail's annex left to quitx is a PDF where quitx[pdf] is installed; without it, the HTML
    page, and the writer is told how to get the PDF."""
    from ..letter.render import annex_format
    from . import wording as w
    from .voice import voice

    if asked is None and annex_format() == "html":
        voice().warn(w.EML_ANNEX_HTML)


def apply_preferences(args: argparse.Namespace) -> None:
    """The config file's preferences as the defaults of the options left out: ``lang`` for
    ``--lang``, and the ``[sender]`` table for ``--sender``, ``--sender-gender``, ``--role`` and
    ``--email`` (an option given on the command line always wins)."""
    from .voice import user_config

    if not hasattr(args, "lang") and not hasattr(args, "sender"):
        return
    preferences = user_config(args).preferences
    if getattr(args, "lang", "") is None:
        args.lang = preferences.lang
    sender = preferences.sender
    for option, value in (
        ("sender", sender.name),
        ("sender_gender", sender.gender),
        ("role", sender.role),
        ("email", sender.email),
    ):
        if getattr(args, option, "") is None:
            setattr(args, option, value)
