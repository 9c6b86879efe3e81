"""Check a few institutions, then write each one's letter (with its migration plan) to a directory.

    python examples/letters_for_list.py institutions.csv --format html --out letters/

The CSV has a header row with at least ``name`` (usually ``domain`` too): see docs/batch.md. Each
letter says what the check found and comes with the plan built from it; the formats are those of
``quitx letter --format``: md, txt, html, eml, json. Against the local network instead of the
internet:

    python -m testnet up --config quitx-local.toml &
    QUITX_CONFIG=quitx-local.toml python examples/letters_for_list.py institutions.csv --out letters/

For hundreds of institutions, resumable, use the command instead:
``quitx batch institutions.csv -o out/ --letters fr``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

import quitx
from quitx.batch import InstitutionRow, letter_slug, read_institutions
from quitx.letter.render import FORMATS, Format


def institutions(path: str) -> Iterator[quitx.Institution]:
    for row in read_institutions(path):
        if isinstance(row, InstitutionRow):
            yield row.institution
        else:
            print(f"{path}: {row}", file=sys.stderr)


def main(args: argparse.Namespace) -> int:
    fmt: Format = args.format
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    failed = 0
    for item in quitx.check_many(institutions(args.csv), concurrency=4):
        institution = item.institution
        if item.report is None:
            print(f"{institution.name}: the check failed, no letter: {item.error}", file=sys.stderr)
            failed += 1
            continue
        language: Literal["fr", "en"] = "en" if institution.language == "en" else "fr"
        # the plan starts from what the check found: names to secure, proofs to add, links to fix
        options = quitx.PlanOptions(language=language, start=args.date)
        plan = quitx.build_plan(item.report, options)
        letter = quitx.render_letter(
            item.report,
            plan,
            sender=quitx.Sender(name=args.sender, email=args.email),
            language=language,
            fmt=fmt,
            date=args.date,
        )
        target = out / f"{letter_slug(institution)}.{fmt}"
        target.write_text(letter, encoding="utf-8")
        mastodon, bluesky = item.report.mastodon.verdict.value, item.report.bluesky.verdict.value
        print(f"{institution.name}: Mastodon {mastodon}, Bluesky {bluesky} → {target}")
    return 1 if failed else 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Check institutions from a CSV and write their letters.")
    parser.add_argument("csv", help="institutions: a CSV file with a name and a domain column")
    parser.add_argument("--format", choices=FORMATS, default="md", help="letter format (default md)")
    parser.add_argument("--out", type=Path, default=Path("letters"), help="directory (default letters/)")
    parser.add_argument("--sender", help="who signs the letters")
    parser.add_argument("--email", help="the sender's e-mail (From: of the .eml letters)")
    parser.add_argument(
        "--date", type=dt.date.fromisoformat, default=dt.date.today(), help="YYYY-MM-DD (default today)"
    )
    args = parser.parse_args()
    sys.exit(main(args))
