"""The options several commands share, and what they build from the parsed arguments.

Adding options (`verbosity_options`, `source_options`, `institution_options`) needs only the standard
library; `settings_from`, `institution_from`, `subject_from` import the library when called.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import datetime as dt
    import logging

    from ..config import Settings
    from ..models import Institution, Report

__all__ = [
    "KINDS",
    "date_option",
    "institution_from",
    "institution_options",
    "log",
    "settings_from",
    "source_options",
    "subject_from",
    "verbosity_options",
    "write_output",
]


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


def settings_from(args: argparse.Namespace) -> Settings:
    """The settings: the config file and QUITX_* variables, with the settings options on top."""
    from ..config import load_settings
    from ..errors import UsageError
    from .logs import settings_summary

    host_map = None
    if args.map:
        host_map = {}
        for pair in args.map:
            host, sep, base = pair.partition("=")
            if not sep:
                raise UsageError(f"--map expects HOST=URL, got {pair!r}", option="--map")
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

    if log().isEnabledFor(logging.DEBUG):
        log().debug("settings: %s", settings_summary(settings))
    return settings


def institution_from(args: argparse.Namespace) -> Institution:
    """The institution the options name (--from-json first, the other options on top)."""
    import json
    from pathlib import Path

    from ..errors import UsageError
    from ..models import Institution

    data: dict[str, object] = {}
    if args.from_json:
        try:
            loaded = json.loads(Path(args.from_json).read_text(encoding="utf-8"))
        except RecursionError as exc:
            raise UsageError(
                f"{args.from_json}: cannot read the institution: JSON nested too deep", option="--from-json"
            ) from exc
        except (OSError, ValueError) as exc:
            raise UsageError(
                f"{args.from_json}: cannot read the institution: {exc}", option="--from-json"
            ) from exc
        if isinstance(loaded, dict) and "institution" in loaded:  # a saved report
            loaded = loaded["institution"]
        if not isinstance(loaded, dict):
            raise UsageError(f"{args.from_json}: expected a JSON object", option="--from-json")
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
        raise UsageError("an institution needs a NAME (or --from-json FILE)", option="NAME")
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
        raise UsageError(f"{option} expects YYYY-MM-DD, got {text!r}", option=option) from exc


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
    """Write ``text``; for ``fmt`` pdf, ``text`` is the HTML page, printed first (quitx[pdf])."""
    from pathlib import Path

    if fmt == "pdf":
        from ..pdf import html_to_pdf

        pdf = html_to_pdf(text)
        if output:
            Path(output).write_bytes(pdf)
            log().info("wrote %s (%d bytes)", output, len(pdf))
        else:
            sys.stdout.buffer.write(pdf)
        return
    if output:
        Path(output).write_text(text, encoding="utf-8")
        log().info("wrote %s (%d characters)", output, len(text))
    else:
        sys.stdout.write(text)
