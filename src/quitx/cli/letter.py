"""``quitx letter``: the argued letter to the management, with the plan."""

from __future__ import annotations

import argparse

from .options import (
    KINDS,
    date_option,
    institution_options,
    plan_date_options,
    source_options,
    subject_from,
    write_output,
)

__all__ = ["add_parser", "run"]

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


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    lt = subparsers.add_parser(
        "letter",
        help="the argued letter to the management, with the plan",
        description="Write the letter to the institution's management or communication service.",
        epilog=_LETTER_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    institution_options(lt)
    source_options(lt)
    lt.add_argument("--sender", metavar="NAME", help="who signs the letter")
    lt.add_argument(
        "--sender-gender", choices=("m", "f", "n"), default="n", help="for the agreement of the role"
    )
    lt.add_argument("--role", metavar="M[/F]", help='the sender\'s role, e.g. "permanent/permanente"')
    lt.add_argument("--email", metavar="ADDRESS", help="the sender's e-mail (From: of the .eml)")
    lt.add_argument("--to", metavar="ADDRESS", help="the recipient (To: of the .eml)")
    lt.add_argument(
        "--sector",
        choices=KINDS,
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
    plan_date_options(lt, written=False)
    lt.add_argument("--templates", metavar="DIR", help="a directory whose <lang>/<block> files override ours")
    lt.add_argument(
        "--paragraph", metavar="TEXT", action="append", default=[], help="an extra paragraph (repeatable)"
    )
    lt.add_argument("--include-unverified", action="store_true", help="also cite claims marked unverified")
    lt.add_argument(
        "--article", metavar="ART", help="override the French article of the name: le, la, l', les, none"
    )
    lt.add_argument("-o", "--output", metavar="FILE", help="write there instead of stdout")


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ..i18n import language_of
    from ..letter.compose import Sender
    from ..letter.render import render_letter
    from ..models import InstitutionKind, Report
    from ..plan import PlanOptions, build_plan

    subject = subject_from(args)
    institution = subject.institution if isinstance(subject, Report) else subject
    language = language_of(institution, args.lang)
    date = date_option(args.date, "--date")
    plan = None
    if not args.no_plan:
        # the plan starts from the decision, not from the letter: a few weeks after its date
        options = PlanOptions(language=language, written_on=date, start=date_option(args.start, "--start"))
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
    write_output(text, args.output, args.format)
    return 0
