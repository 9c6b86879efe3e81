"""Audit one institution: where is it on Mastodon and Bluesky, how sure are we, and keep the report.

    python examples/audit_institution.py "Université Rennes 2" univ-rennes2.fr

It prints the verdict per network and every account found, then saves the whole report as JSON
(``report.json``, or the file given with ``-o``): ``quitx letter --report report.json`` reuses it
without checking again. Against the local network instead of the internet:

    python -m testnet up --config quitx-local.toml &
    QUITX_CONFIG=quitx-local.toml python examples/audit_institution.py "Université Exemple" univ-exemple.fr
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import quitx


def main(name: str, domain: str | None, out: Path) -> int:
    report = quitx.check(quitx.Institution(name=name, domain=domain))

    print(f"{report.institution.name} ({report.institution.domain or 'no domain'})")
    if report.website is not None:
        links = ", ".join(p.value for p in report.website.platforms) or "no social network"
        print(f"  website: {report.website.verdict.value} — links to {links}")
    for label, verdict in (("Mastodon", report.mastodon), ("Bluesky", report.bluesky)):
        # unknown is never absent: something could not be checked, the detail says what
        print(f"  {label}: {verdict.verdict.value} — {verdict.detail}")

    print("accounts:" if report.accounts else "accounts: none found")
    for account in report.accounts:
        # verified: proven to be the institution's; linked: its website links to it;
        # candidate: found by name only, could be a fan account or an impersonator
        last = f", last post {account.last_post}" if account.last_post else ""
        print(
            f"  {account.platform.value:<8} {account.handle}: {account.confidence.value}, "
            f"{account.activity.value}{last}"
        )
        for reason in account.reasons:
            print(f"      {reason}")

    out.write_text(report.model_dump_json(indent=2) + "\n", encoding="utf-8")
    print(f"report saved to {out}")
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Audit one institution and save its report.")
    parser.add_argument("name", help='the institution\'s name, e.g. "Université Rennes 2"')
    parser.add_argument("domain", nargs="?", help="its web domain, e.g. univ-rennes2.fr")
    parser.add_argument("-o", "--output", type=Path, default=Path("report.json"), help="default report.json")
    args = parser.parse_args()
    sys.exit(main(args.name, args.domain, args.output))
