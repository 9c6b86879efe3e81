"""``quitx plan``: the migration plan, from a check (live, saved, or none)."""

from __future__ import annotations

import argparse

from .options import (
    check_output_folder,
    date_option,
    format_options,
    institution_options,
    plan_date_options,
    source_options,
    subject_from,
    warn_outcome,
    write_output,
)

__all__ = ["add_parser", "run"]

_PLAN_EXAMPLES = """examples:
  quitx plan --report report.json
  quitx plan "Ville de Lyon" --domain lyon.fr --kind local_government --offline --format html -o plan.html
  quitx plan --report report.json --lang en --start 2026-03-02 --format txt
  quitx plan --report report.json --format pdf -o annexe.pdf

exit status:
  0  the plan was written
  2  usage error (bad option, unreadable --report or --from-json, bad configuration)
  1  unexpected error"""


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    pl = subparsers.add_parser(
        "plan",
        help="the migration plan, from a check (live, saved, or none)",
        description="Build the migration plan: ordered steps, done or to do, with ready-to-paste artifacts.",
        epilog=_PLAN_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    institution_options(pl)
    source_options(pl)
    format_options(
        pl,
        ("md", "txt", "html", "json", "pdf"),
        "md",
        help="output format (pdf: the HTML page printed, quitx[pdf])",
    )
    plan_date_options(pl, written=True)
    pl.add_argument("-o", "--output", metavar="FILE", help="write there instead of stdout")


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ..i18n import language_of
    from ..models import Report
    from ..plan import PlanOptions, build_plan, render_plan

    if args.output:
        check_output_folder(Path(args.output))  # before a live check, not after it
    subject = subject_from(args)
    institution = subject.institution if isinstance(subject, Report) else subject
    options = PlanOptions(
        language=language_of(institution, args.lang),
        start=date_option(args.start, "--start"),
        written_on=date_option(args.date, "--date"),
    )
    plan = build_plan(subject, options)
    write_output(render_plan(plan, "html" if args.format == "pdf" else args.format), args.output, args.format)
    warn_outcome(subject)
    return 0
