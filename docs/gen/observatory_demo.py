"""Replay docs/guides/observatory.md against the local test network and print every output.

    python docs/gen/observatory_demo.py > /tmp/observatory.out

It starts the whole local network (as ``python -m testnet up``), adds one institution whose homepage
changes between two runs, and runs the guide's commands in a temporary folder. The guide's blocks
are this script's output (ports, DIDs and dates differ from run to run).
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from testnet.network import LocalNetwork
from testnet.web import Response
from testnet.wikidata import WORLD_ITEMS, WikidataSpec, serve_wikidata
from testnet.world import MOCK_DOMAIN

ZONE = "observatoire-exemple.fr"
work = Path(tempfile.mkdtemp(prefix="obs-demo-"))
os.chdir(work)


def page(links: str) -> Response:
    head = '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Observatoire Exemple</title>'
    return Response(
        200,
        {"Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store"},
        f"{head}</head><body>{links}</body></html>",
    )


with LocalNetwork() as net:
    web = net.web
    serve_wikidata(
        web,
        [
            *WORLD_ITEMS,
            WikidataSpec("Q999999990", "Observatoire Exemple", None, (f"https://{ZONE}/",), ("ObsExemple",)),
        ],
    )
    web.add_host(ZONE)
    web.add_route(ZONE, "/", page('<a href="https://x.com/ObsExemple">X</a>'))
    text = net.config_text() + f'"{ZONE}" = "{web.base_url}"\n'
    Path("quitx-local.toml").write_text(text)
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUITX_")}
    env["XDG_CACHE_HOME"] = str(work / "cache")

    def q(*args: str) -> subprocess.CompletedProcess[str]:
        cmd = ["quitx", "--config", "quitx-local.toml", *args]
        r = subprocess.run(  # noqa: S603 - quitx itself, with the guide's arguments
            [sys.executable, "-m", "quitx", "--config", "quitx-local.toml", *args],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        print("$ " + " ".join(a if " " not in a else repr(a) for a in cmd))
        print(r.stdout + (r.stderr if r.stderr.strip() else ""), end="")
        print(f"[exit {r.returncode}]\n")
        return r

    q("observatory", "run", "french-universities", "-o", "sector", "-q", "--label", "week 1")
    print(Path("sector/wikidata-comparison.json").read_text())
    web.add_route(ZONE, "/", page(f'<a href="https://{MOCK_DOMAIN}/@etudiants">Mastodon</a>'))
    q("observatory", "run", "french-universities", "-o", "sector", "-q", "--label", "week 2")
    q("changes", "sector/history.db")
    q(
        "changes",
        "sector/history.db",
        "--format",
        "atom",
        "--feed-id",
        "https://observatoire.example/feed.atom",
    )
    q("observatory", "quickstatements", "sector/history.db", "--review", "review.md")
    print(Path("review.md").read_text())
    c = sqlite3.connect("sector/history.db")
    print(c.execute("select * from run_summary").fetchall())
    # the owner: Université Exemple's own accounts (world credentials)
    from testnet.credentials import app_password, mastodon_token

    state = net.atproto_state
    env["QUITX_MASTODON_TOKEN"] = mastodon_token(net.mastodon_url, "univexemple")
    env["QUITX_BLUESKY_HANDLE"] = "univ-exemple.fr"
    env["QUITX_BLUESKY_APP_PASSWORD"] = app_password(state.pds_url, "univ-exemple.fr")
    lines = Path("sector/reports.jsonl").read_text().splitlines()
    owner = next(line for line in lines if '"Université Exemple"' in line)
    Path("owner.json").write_text(owner)
    env.update({"LANG": "fr_FR.UTF-8", "LANGUAGE": "", "LC_ALL": ""})  # the words: French, then --lang en
    lists = (
        "apply",
        "bluesky-sector-list",
        "mastodon-sector-list",
        "--report",
        "owner.json",
        "--sector",
        "sector/reports.jsonl",
        "--title",
        "Universités exemple",
    )
    q(*lists, "--follow-file", "follow.csv")
    print(Path("follow.csv").read_text())
    q(*lists, "--yes", "--lang", "en")
    q(
        "observatory",
        "lists",
        "sector/reports.jsonl",
        "--owner",
        "owner.json",
        "--title",
        "Universités exemple",
        "--yes",
    )
