"""The observatory against the local network: a sector from a Wikidata stand-in, checked, recorded
run after run, what changed between the runs, QuickStatements; and the cost of a re-run: a sector of
75 universities is one call, and a run the next day sends only what the HTTP cache let expire
(request counts at the loopback servers and the engine's own counters).

Each test serves its own Wikidata stand-in and homepages under ``observatoire-exemple.fr`` (a host
no other test uses), added to the world's host map, so the shared network is left as it was.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

from testnet.network import LocalNetwork
from testnet.web import Response, WebServer
from testnet.wikidata import WORLD_ITEMS, WikidataSpec, serve_wikidata
from testnet.world import MOCK_DOMAIN

from quitx.config import Settings
from quitx.observatory.sector import SectorOptions, run_sector

ZONE = "observatoire-exemple.fr"
SPARQL_HOST = f"wikidata.{ZONE}"
HTML = {"Content-Type": "text/html; charset=utf-8"}


def page(title: str, links: str, cache: str) -> Response:
    body = f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>{title}</title></head>'
    body += f"<body><h1>{title}</h1>{links}</body></html>"
    return Response(200, {**HTML, "Cache-Control": cache}, body)


def config_for(localnet: LocalNetwork, tmp_path: Path) -> Path:
    """The world's configuration, with this test's Wikidata stand-in and homepages."""
    text = localnet.config_text()
    lines = [
        line
        if not line.startswith("wikidata_sparql_url")
        else f'wikidata_sparql_url = "https://{SPARQL_HOST}/sparql"'
        for line in text.splitlines()
    ]
    lines.append(f'"*.{ZONE}" = "{localnet.web.base_url}"')
    lines.append(f'"{ZONE}" = "{localnet.web.base_url}"')
    path = tmp_path / "quitx.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def quitx(config: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUITX_")}
    env["QUITX_CONFIG"] = str(config)
    env["XDG_CACHE_HOME"] = str(config.parent / "cache")  # the HTTP cache in the test's folder
    return subprocess.run(
        [sys.executable, "-m", "quitx", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )


def test_a_sector_run_after_run_then_what_changed(
    localnet: LocalNetwork, web: WebServer, tmp_path: Path
) -> None:
    observed = WikidataSpec(
        "Q999999990", "Observatoire Exemple", None, (f"https://{ZONE}/",), ("ObsExemple",)
    )
    serve_wikidata(web, [*WORLD_ITEMS, observed], host=SPARQL_HOST)
    web.add_host(ZONE)
    web.add_route(
        ZONE, "/", page("Observatoire Exemple", '<a href="https://x.com/ObsExemple">X</a>', "no-store")
    )
    config = config_for(localnet, tmp_path)
    out = tmp_path / "sector"

    # day 1 through `quitx batch --wikidata`, day 2 through `quitx observatory run`: one code path,
    # one history
    history = str(out / "history.db")
    first = quitx(
        config,
        *("batch", "--wikidata", "french-universities", "-o", str(out), "-q"),
        *("--history", history, "--label", "day 1", "--lang", "en"),
    )
    assert first.returncode == 0, first.stderr
    assert "Wikidata (wikidata:french-universities): 7 items, 7 institutions checked." in first.stdout
    assert "4 agree, 1 unproven, 1 absent, 2 missing" in first.stdout
    assert "History: run 1 recorded in" in first.stdout
    assert (out / "wikidata.jsonl").read_text(encoding="utf-8").count("\n") == 7

    # the institution drops X and links to its new Mastodon account
    web.add_route(
        ZONE,
        "/",
        page("Observatoire Exemple", f'<a href="https://{MOCK_DOMAIN}/@etudiants">Mastodon</a>', "no-store"),
    )
    second = quitx(
        config,
        "observatory",
        "run",
        "french-universities",
        "-o",
        str(out),
        "-q",
        "--label",
        "day 2",
        "--lang",
        "fr",
    )
    assert second.returncode == 0, second.stderr
    assert f"Historique\u00a0: exécution 2 enregistrée dans {history}." in second.stdout
    against = "Wikidata face à la vérification\u00a0: 4 concordent, 1 non prouvé, 1 absent, 3 manquants"
    assert against in second.stdout

    md = quitx(config, "changes", history)
    assert md.returncode == 0, md.stderr
    assert "## Observatoire Exemple (observatoire\\-exemple\\.fr)" in md.stdout
    assert "- **Website link dropped**: the website no longer links to X" in md.stdout
    assert "- **Website link added**: the website now links to Mastodon" in md.stdout
    assert (
        "- **New account**: @etudiants@social\\.exemple\\.fr is the institution's (linked from the website)"
        in md.stdout
    )
    french = quitx(config, "changes", history, "--lang", "fr")
    assert "- **Nouveau compte**\u00a0: @etudiants@social\\.exemple\\.fr est le compte de l’institution " in (
        french.stdout
    )
    assert md.stdout.count("## ") == 1  # nothing else changed in the world

    feed = quitx(
        config, "changes", history, "--format", "atom", "--feed-id", "https://observatoire.example/feed"
    )
    root = ElementTree.fromstring(feed.stdout)  # noqa: S314 - our own output
    assert len(root.findall("{http://www.w3.org/2005/Atom}entry")) == 3

    qs = quitx(config, "observatory", "quickstatements", history, "-o", str(tmp_path / "p.qs"))
    assert qs.returncode == 0, qs.stderr
    lines = (tmp_path / "p.qs").read_text(encoding="utf-8").splitlines()
    assert lines == [
        line
        for line in lines
        if line.startswith('Q999999903\tP4033\t"collegedefrance@sciences-exemple.fr"\tS854\t"https://')
    ]
    assert len(lines) == 1 and "1 statement proposed" in qs.stderr

    with sqlite3.connect(out / "history.db") as conn:
        assert conn.execute("SELECT label FROM runs ORDER BY id").fetchall() == [("day 1",), ("day 2",)]
        assert conn.execute("SELECT count(*) FROM wikidata").fetchone() == (14,)


def universities(n: int) -> list[WikidataSpec]:
    return [
        WikidataSpec(
            f"Q9999998{i:02d}",
            f"Université Numéro {i}",
            None,
            (f"https://univ-{i:02d}.{ZONE}/",),
            (f"Univ{i:02d}",),
        )
        for i in range(1, n + 1)
    ]


def test_75_universities_and_the_next_day(localnet: LocalNetwork, web: WebServer, tmp_path: Path) -> None:
    """One call for the sector; the same day again: nothing sent to the sites or to Wikidata; the
    next day: only what expired (the sites that asked for a short cache, and Wikidata's answer)."""
    items = universities(75)
    serve_wikidata(web, items, host=SPARQL_HOST)
    short = {f"univ-{i:02d}.{ZONE}" for i in range(1, 16)}  # 15 sites: 10 minutes; the others: a week
    for i in range(1, 76):
        host = f"univ-{i:02d}.{ZONE}"
        cache = "max-age=600" if host in short else "max-age=604800"
        web.add_host(host)
        web.add_route(host, "/", page(f"Université Numéro {i}", '<a href="https://x.com/univ">X</a>', cache))
        web.add_route(host, "/", Response(404, {"Cache-Control": cache}, "not here"), prefix=True)
    sites = sorted(f"univ-{i:02d}.{ZONE}" for i in range(1, 76))
    settings = localnet.settings.model_copy(
        update={
            "wikidata_sparql_url": f"https://{SPARQL_HOST}/sparql",
            # the sites themselves only: social.<site> and mastodon.<site> (where an institution may run
            # its own server) stay unmapped, refused before they are sent, as offline runs do
            "host_map": {
                **localnet.settings.host_map,
                SPARQL_HOST: web.base_url,
                **dict.fromkeys(sites, web.base_url),
            },
            "instances": (MOCK_DOMAIN,),
            "cache_dir": str(tmp_path / "cache"),
            "cache_max_ttl": 7 * 86400.0,  # an observatory keeps what servers let it keep
        }
    )

    def run(label: str) -> tuple[object, dict[str, list[str]], int]:
        web.clear_requests()
        outcome = run_sector(
            SectorOptions(source="french-universities", out_dir=tmp_path / "sector", label=label), settings
        )
        seen = {host: sorted(r.path for r in web.requests(host)) for host in sites}
        return outcome, seen, len(web.requests(SPARQL_HOST))

    first, first_seen, first_sparql = run("day 1")
    assert not first.batch.bad_rows and not first.batch.failed and not first.batch.unknown  # type: ignore[attr-defined]
    assert first.institutions == 75 and first.run_id == 1  # type: ignore[attr-defined]
    assert first_sparql == 1 and all(first_seen[h] for h in sites)
    sent_first = first.requests_sent  # type: ignore[attr-defined]

    again, again_seen, again_sparql = run("day 1, again")
    assert again.run_id == 2 and again_sparql == 0  # type: ignore[attr-defined]
    assert all(paths == [] for paths in again_seen.values())  # every homepage from the cache
    assert again.requests_sent == 0 and again.cache_hits > 0  # type: ignore[attr-defined]

    cache = tmp_path / "cache" / "http-cache.sqlite3"
    with sqlite3.connect(cache) as conn:  # a day and an hour go by
        conn.execute("UPDATE entries SET stored_at = stored_at - 90000, expires_at = expires_at - 90000")
    next_day, next_seen, next_sparql = run("day 2")
    assert next_day.run_id == 3 and next_sparql == 1  # type: ignore[attr-defined]
    for host in sites:
        expected = first_seen[host] if host in short else []
        assert next_seen[host] == expected, host
    assert next_day.requests_sent < sent_first  # type: ignore[attr-defined]
    print(
        f"\n75 universities: day 1 sent {sent_first} requests; the same day again "
        f"{again.requests_sent}; the next day {next_day.requests_sent}"  # type: ignore[attr-defined]
    )


def test_the_settings_of_the_world_name_the_stand_in(localnet: LocalNetwork) -> None:
    settings: Settings = localnet.settings
    assert settings.wikidata_sparql_url == "https://query.wikidata-exemple.fr/sparql"


def test_batch_from_wikidata_without_history_records_nothing(
    localnet: LocalNetwork, web: WebServer, tmp_path: Path
) -> None:
    serve_wikidata(web, WORLD_ITEMS, host=SPARQL_HOST)
    config = config_for(localnet, tmp_path)
    out = tmp_path / "sector"
    run = quitx(config, "batch", "--wikidata", "french-universities", "-o", str(out), "-q", "--lang", "en")
    assert run.returncode == 0, run.stderr
    assert "Wikidata (wikidata:french-universities): 6 items, 6 institutions checked." in run.stdout
    assert (
        "History: not recorded (--history FILE keeps each run, for quitx changes to compare)." in run.stdout
    )
    assert not (out / "history.db").exists()
    assert (out / "wikidata.jsonl").read_text(encoding="utf-8").count("\n") == 6
    assert (out / "summary.html").exists() and (out / "wikidata-comparison.json").exists()

    # the endpoint down: nothing is checked, exit 5, said in one line
    broken = config.read_text(encoding="utf-8").replace(
        f"https://{SPARQL_HOST}/sparql", "https://127.0.0.1:9/sparql"
    )
    config.write_text(broken, encoding="utf-8")
    down = quitx(config, "batch", "--wikidata", "french-universities", "-o", str(tmp_path / "other"), "-q")
    assert down.returncode == 5, down.stderr
    assert down.stderr.startswith("quitx: error: Wikidata: ")
