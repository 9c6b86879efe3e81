"""Check every institution of a CSV file with the Python API, then print a small text chart.

    python examples/batch_csv.py institutions.csv

The CSV has a header row with at least ``name`` (usually ``domain`` too; ``handles``, ``kind``,
``country``, ``language`` are optional): see docs/batch.md. Against the local network instead of
the internet:

    python -m testnet up --config quitx-local.toml &
    QUITX_CONFIG=quitx-local.toml python examples/batch_csv.py institutions.csv

For a resumable run that keeps every report on disk, writes summaries and letters, use the
command instead: ``quitx batch institutions.csv -o out/``.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterator

import quitx
from quitx.batch import InstitutionRow, read_institutions

NETWORKS = (("Mastodon", quitx.Platform.MASTODON), ("Bluesky", quitx.Platform.BLUESKY))


def institutions(path: str) -> Iterator[quitx.Institution]:
    """The good rows, streamed; the bad ones are said on stderr with their line numbers."""
    for row in read_institutions(path):
        if isinstance(row, InstitutionRow):
            yield row.institution
        else:
            print(f"{path}: {row}", file=sys.stderr)


def best_confidence(report: quitx.Report, platform: quitx.Platform) -> str:
    order = [quitx.Confidence.VERIFIED, quitx.Confidence.LINKED, quitx.Confidence.CANDIDATE]
    found = [a.confidence for a in report.accounts_on(platform)]
    return min(found, key=order.index).value if found else ""


def bar(n: int, total: int, width: int = 24) -> str:
    filled = round(width * n / total) if total else 0
    return "#" * filled + "." * (width - filled)


def main(path: str) -> int:
    verdicts = {name: Counter[str]() for name, _ in NETWORKS}
    verified = Counter[str]()
    checked = 0
    # results come as each institution finishes; ``async for`` works too, from async code
    for item in quitx.check_many(institutions(path), concurrency=8):
        if item.report is None:
            print(f"{item.institution.name}: the check failed: {item.error}", file=sys.stderr)
            continue
        checked += 1
        report = item.report
        facts = []
        for name, platform in NETWORKS:
            verdict = (report.mastodon if platform is quitx.Platform.MASTODON else report.bluesky).verdict
            verdicts[name][verdict.value] += 1
            how = best_confidence(report, platform)
            if how == "verified":
                verified[name] += 1
            facts.append(f"{name} {verdict.value}" + (f" ({how})" if how else ""))
        print(f"{item.institution.name}: " + ", ".join(facts))

    print()
    for name, _ in NETWORKS:
        print(name)
        for value in ("present", "absent", "unknown"):
            n = verdicts[name][value]
            extra = f" ({verified[name]} verified)" if value == "present" else ""
            print(f"  {value:<8} {bar(n, checked)} {n}/{checked}{extra}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python examples/batch_csv.py institutions.csv")
    sys.exit(main(sys.argv[1]))
