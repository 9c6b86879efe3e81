"""``quitx letter``: the argued letter to the management, with the plan."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from . import wording as w
from .options import (
    KINDS,
    check_output_folder,
    date_option,
    format_options,
    institution_options,
    plan_date_options,
    source_options,
    subject_from,
    warn_if_the_annex_is_a_page,
    warn_outcome,
    write_output,
)
from .voice import voice

if TYPE_CHECKING:
    from ..letter.notices import Notice

__all__ = ["add_parser", "run"]

_LETTER_EXAMPLES = """examples:
  quitx letter --report report.json --sender "Camille Martin" -o lettre.md
  quitx letter "Université Rennes 2" --domain univ-rennes2.fr --offline --sender "Camille Martin" \\
      --sender-gender f --role "chargé/chargée de communication" --format html -o lettre.html
  quitx letter --report report.json --format eml --email camille@example.org --to dircom@example.org \\
      -o lettre.eml
  quitx letter "Mairie de Lyon" --offline --to-title mayor --to-gender f --place Lyon --sender-gender f

exit status:
  0  the letter was written
  2  usage error (bad option, unreadable --report or --from-json, bad configuration)
  1  unexpected error"""


# quitx.letter.frame.TITLE_KEYS, quitx.letter.voice.RELATION_KEYS, quitx.letter.frame.CLOSINGS
TITLES = (
    "president",
    "president-director",
    "director",
    "director-general",
    "administrator-general",
    "secretary-general",
    "communication-director",
    "mayor",
    "prefect",
    "minister",
    "rector",
    "headteacher-lycee",
    "headteacher-college",
    "headteacher-school",
    "editor-in-chief",
)
RELATIONS = (
    "staff",
    "agent",
    "employee",
    "journalist",
    "member",
    "volunteer",
    "teacher",
    "educational-staff",
    "pupil",
    "student",
    "parent",
    "user",
    "reader",
    "customer",
)
CLOSING_KEYS = ("distinguished", "respectful", "high")


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
    lt.add_argument("--sender", metavar="NAME", help="who signs the letter (default: [sender] name)")
    lt.add_argument(
        "--sender-gender",
        choices=("m", "f", "n"),
        help="chooses the role's form (default: [sender] gender, else n: inclusive only with --inclusive)",
    )
    lt.add_argument(
        "--role",
        metavar="M[/F][|PREP]",
        help='your role: "chercheuse", "chargé/chargée de mission|à" (default: [sender] role)',
    )
    lt.add_argument(
        "--email", metavar="ADDRESS", help="the sender's e-mail (From: of the .eml; default: [sender] email)"
    )
    lt.add_argument("--to", metavar="ADDRESS", help="the recipient (To: of the .eml)")
    lt.add_argument(
        "--sector",
        choices=KINDS,
        help="the arguments and precedents to use (default: the institution's kind, else read from its name)",
    )
    format_options(
        lt,
        ("md", "txt", "html", "eml", "json", "pdf"),
        "md",
        help="output format (pdf: the HTML page printed, quitx[pdf])",
    )
    lt.add_argument(
        "--eml-annex",
        choices=("pdf", "html"),
        help="how the .eml attaches the technical annex (default: pdf where quitx[pdf] is installed, "
        "else html)",
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
    _letter_options(lt)


def _letter_options(lt: argparse.ArgumentParser) -> None:
    """The options issue 15 adds to ``quitx letter``."""
    which = lt.add_argument_group("which letter")
    which.add_argument(
        "--letter",
        choices=("standard", "finish"),
        help="the usual letter, or the one that finishes a move already made "
        "(default: chosen from the claims and the check)",
    )
    which.add_argument("--long", action="store_true", help="the longer letter: every claim, full quotations")
    which.add_argument(
        "--no-presence", action="store_true", help="say nothing of what was (or was not) checked"
    )
    which.add_argument("--claims", metavar="FILE", help="your own claims file (schema 2), merged by id")
    frame = lt.add_argument_group("the letter's frame")
    frame.add_argument(
        "--place", metavar="CITY", help='the place before the date: "Rennes, le 7 décembre 2026"'
    )
    frame.add_argument("--to-title", choices=TITLES, help="the recipient's title (with --to-gender)")
    frame.add_argument("--to-gender", choices=("m", "f"), help="the recipient's gender, for the title")
    frame.add_argument("--to-name", metavar="NAME", help="the recipient's name")
    frame.add_argument(
        "--to-service", metavar="TEXT", help='the recipient\'s service: "Direction de la communication"'
    )
    frame.add_argument("--to-address", metavar="TEXT", help="the recipient's postal address, on one line")
    frame.add_argument(
        "--salutation", metavar="TEXT", help='verbatim: "Madame le Maire" (the closing follows)'
    )
    frame.add_argument("--closing", choices=CLOSING_KEYS, help="the closing formula's register")
    voice = lt.add_argument_group("the sender's voice")
    voice.add_argument(
        "--relation", choices=RELATIONS, help="how you stand to the institution (default: by its sector)"
    )
    voice.add_argument("--role-en", metavar="TEXT", help='your role in English: "research engineer"')
    voice.add_argument("--unit", metavar="TEXT", help="your unit or service, for the sender block")
    voice.add_argument(
        "--inclusive", action="store_true", help="inclusive forms where your gender is not given"
    )
    voice.add_argument(
        "--name-en", metavar="NAME", help='the institution\'s English name: "the University of X"'
    )
    voice.add_argument(
        "--keep-capital", action="store_true", help="write the name as given in running text (no lower case)"
    )


def _notice(notice: Notice) -> None:
    """What the letter chose, on stderr in the run's language (unless -q: errors only)."""
    from .._text import inert_message

    if not voice().quiet:
        print(f"quitx: {inert_message(notice.text(voice().language))}", file=sys.stderr)


def _letter_kwargs(args: argparse.Namespace) -> dict[str, Any]:
    """What the options above give `quitx.letter.render.render_letter`."""
    from pathlib import Path

    from ..letter.frame import Addressee

    return {
        "letter": args.letter,
        "long": args.long,
        "presence": not args.no_presence,
        "claims_file": Path(args.claims) if args.claims else None,
        "place": args.place,
        "addressee": Addressee(
            title=args.to_title,
            gender=args.to_gender,
            name=args.to_name,
            service=args.to_service,
            address=args.to_address,
            salutation=args.salutation,
            closing=args.closing,
        ),
        "keep_capital": args.keep_capital,
        "name_en": args.name_en,
        "on_notice": _notice,
    }


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ..errors import UsageError
    from ..i18n import language_of
    from ..i18n.naming import NameOptions
    from ..letter.compose import Sender
    from ..letter.render import render_letter
    from ..models import InstitutionKind, Report
    from ..plan import PlanOptions, build_plan

    templates = Path(args.templates) if args.templates else None
    if templates is not None and not templates.is_dir():
        raise UsageError(voice().t(w.TEMPLATES_NOT_A_FOLDER, path=str(templates)), option="--templates")
    if args.output:
        check_output_folder(Path(args.output))  # before a live check, not after it
    subject = subject_from(args)
    institution = subject.institution if isinstance(subject, Report) else subject
    language = language_of(institution, args.lang)
    date = date_option(args.date, "--date")
    sector = InstitutionKind(args.sector) if args.sector else None
    plan = None
    if not args.no_plan:
        # the plan starts from the decision, not from the letter: a few weeks after its date; it
        # names the institution as the letter does (the same sector, the same noun, the same forms)
        start = date_option(args.start, "--start")
        naming = NameOptions(article=args.article, keep_capital=args.keep_capital, name_en=args.name_en)
        options = PlanOptions(language=language, written_on=date, start=start, sector=sector, naming=naming)
        plan = build_plan(subject, options)
    sender = Sender(
        name=args.sender,
        gender=args.sender_gender or "n",
        role=args.role,
        role_en=args.role_en,
        relation=args.relation,
        unit=args.unit,
        inclusive=args.inclusive,
        email=args.email,
    )
    text = render_letter(
        subject,
        plan,
        sender=sender,
        language=language,
        sector=sector,
        fmt="html" if args.format == "pdf" else args.format,
        date=date,
        extra_paragraphs=args.paragraph,
        template_dir=templates,
        include_unverified=args.include_unverified,
        to=args.to,
        article=args.article,
        annex_as=args.eml_annex,
        **_letter_kwargs(args),
    )
    write_output(text, args.output, args.format)
    if args.format == "eml" and plan is not None:
        warn_if_the_annex_is_a_page(args.eml_annex)
    warn_outcome(subject)
    if not args.sender:
        voice().warn(w.NO_SENDER)
    return 0
