"""Does an account exist already? Check a few references and branch on the verdict.

    python examples/exists.py @collegedefrance@sciences.re bsky.app did:plc:z72i7hdynmk6r22z27h6tvur

Against the local network instead of the internet:

    python -m testnet up --config quitx-local.toml &
    QUITX_CONFIG=quitx-local.toml python examples/exists.py @labo@hostmeta-exemple.fr univ-exemple.fr
"""

from __future__ import annotations

import sys

import quitx


def main(refs: list[str]) -> int:
    results = quitx.exists_many(refs)
    for result in results:
        if result.verdict is quitx.Verdict.PRESENT:
            account = result.account
            name = getattr(account, "display_name", None) or "(no display name)"
            print(f"{result.ref}: present — {name}")
        elif result.verdict is quitx.Verdict.ABSENT:
            print(f"{result.ref}: absent — {result.detail}")
        else:
            # unknown is never absent: say why, and when to retry
            retry = f", retry in {result.retry_after:.0f} s" if result.retry_after else ""
            print(f"{result.ref}: could not be checked ({result.reason.value}{retry}) — {result.detail}")
        for evidence in result.evidence:
            print(f"    {evidence.step}: {evidence.request} [{evidence.status}] → {evidence.outcome}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["@collegedefrance@sciences.re", "bsky.app"]))
