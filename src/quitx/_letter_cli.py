"""The letter's command-line options (the frame, the voice, which letter) and ``quitx claims``, kept
light: the parser imports no pydantic, so the choices are written out here (a test checks them
against `quitx.letter.voice`)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

__all__ = ["add_claims_command", "add_letter_options", "letter_kwargs", "run_claims"]

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


def add_letter_options(lt: argparse.ArgumentParser) -> None:
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


def letter_kwargs(args: argparse.Namespace) -> dict[str, Any]:
    """What the options above give `quitx.letter.render.render_letter`."""
    from pathlib import Path

    from .letter.frame import Addressee

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
        "on_notice": lambda notice: print(f"quitx: {notice}", file=sys.stderr),
    }


def add_claims_command(commands: Any) -> None:
    cl = commands.add_parser(
        "claims",
        help="the dated, sourced claims letters cite",
        description="List the claims a letter may cite: id, date, sectors, verified or not, source.",
        epilog="examples:\n  quitx claims\n  quitx claims --claims mine.json --format json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    cl.add_argument("--claims", metavar="FILE", help="your own claims file (schema 2), merged by id")
    cl.add_argument("--format", choices=("table", "json"), default="table", help="output format")


def run_claims(args: argparse.Namespace) -> int:
    import json
    from pathlib import Path

    from .letter.claims import load_claims

    claims = load_claims(Path(args.claims) if args.claims else None)
    if args.format == "json":
        data = [c.model_dump(mode="json", by_alias=True, exclude_none=True) for c in claims]
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return 0
    rows = [("id", "date", "sectors", "verified", "kind", "source")]
    for c in sorted(claims, key=lambda c: c.date, reverse=True):
        sectors = "all" if c.sectors == "all" else ",".join(s.value for s in c.sectors)
        source = c.source.publisher if c.source else "-"
        rows.append((c.id, c.date.isoformat(), sectors, "yes" if c.verified else "no", c.kind.value, source))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        line = "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False))
        sys.stdout.write(f"{line}  {row[-1]}\n")
    return 0
