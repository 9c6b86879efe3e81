"""``quitx claims``: the dated, sourced claims letters cite (id, date, sectors, verified, kind,
publisher), with a user's own claims file merged by id."""

from __future__ import annotations

import argparse
import sys

__all__ = ["add_parser", "run"]


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    cl = commands.add_parser(
        "claims",
        help="the dated, sourced claims letters cite",
        description="List the claims a letter may cite: id, date, sectors, verified or not, source.",
        epilog="examples:\n  quitx claims\n  quitx claims --claims mine.json --format json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    cl.add_argument("--claims", metavar="FILE", help="your own claims file (schema 2), merged by id")
    cl.add_argument("--format", choices=("table", "json"), default="table", help="output format")


def run(args: argparse.Namespace) -> int:
    import json
    from pathlib import Path

    from ..letter.claims import load_claims

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
