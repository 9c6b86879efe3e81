"""quitx batch against the local network: the world's institutions from a CSV, then a resumed run."""

from __future__ import annotations

import csv
import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from testnet.network import LocalNetwork
from testnet.web import WebServer
from testnet.world import CHECK_INSTITUTIONS

from quitx.models import Report

NAMES = ("Université Exemple", "Institut Exemple", "Musée Exemple", "Mairie Absente", "Labo Dormant")
INSTITUTIONS = [i for i in CHECK_INSTITUTIONS if i.name in NAMES]


def env_for(localnet: LocalNetwork) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUITX_")}
    env["QUITX_CONFIG"] = str(localnet.config_path)
    return env


def batch_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "quitx", "batch", *args]


def write_csv(path: Path) -> Path:
    lines = ["Nom;Domaine;Comptes;Type;Notes"]  # a French spreadsheet's header
    lines += [f"{i.name};{i.domain};;research;scenario {i.scenario}" for i in INSTITUTIONS]
    lines.insert(3, "Ligne Fautive;fautive.fr;@pas un handle;research;")  # line 4: a bad handle
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def reports(out: Path) -> list[Report]:
    text = (out / "reports.jsonl").read_text(encoding="utf-8")
    assert text.endswith("\n")
    return [Report.model_validate_json(line) for line in text.splitlines()]


def test_batch_then_resume(localnet: LocalNetwork, web: WebServer, tmp_path: Path) -> None:
    assert len(INSTITUTIONS) == 5
    source = write_csv(tmp_path / "institutions.csv")
    out = tmp_path / "out"
    first = subprocess.run(
        batch_cmd(str(source), "-o", str(out), "--letters", "en", "--format", "md", "--lang", "en"),
        capture_output=True,
        text=True,
        env=env_for(localnet),
        timeout=300,
    )
    assert first.returncode == 6, first.stderr  # every good row done, one bad row
    assert "line 4: bad handle '@pas'" in first.stderr or "line 4: bad handle" in first.stderr
    assert "ignoring unknown column(s): 'Notes'" in first.stderr
    assert first.stderr.count("ignoring unknown column") == 1
    assert first.stderr.count("\r") == 0  # no progress bar when stderr is not a terminal

    done = {r.institution.name: r for r in reports(out)}
    assert set(done) == set(NAMES)
    verdicts = {n: (r.mastodon.verdict.value, r.bluesky.verdict.value) for n, r in done.items()}
    assert verdicts == {
        "Université Exemple": ("present", "present"),
        "Institut Exemple": ("present", "absent"),
        "Musée Exemple": ("present", "present"),
        "Mairie Absente": ("absent", "absent"),
        "Labo Dormant": ("present", "absent"),
    }
    assert first.stdout.startswith(
        "3 of 5 are on Mastodon (1 verified, 2 linked), 1 on Bluesky (1 verified, 0 linked); found by name "
        "only, not counted (nothing proves they are the institution's): 1 on Mastodon, 1 on Bluesky; 0 could "
        "not be fully checked; 1 row has an error (see summary.csv).\n"
    )
    assert "Mastodon: 1 verified, 2 linked, 1 candidate only, 1 absent, 0 unknown · " in first.stdout
    assert "verified or linked accounts: 2 active, 1 dormant" in first.stdout
    assert "5 letters written" in first.stdout

    table = list(csv.DictReader(io.StringIO((out / "summary.csv").read_text(encoding="utf-8"))))
    assert [r["name"] for r in table] == [*NAMES, "Ligne Fautive"]
    by_name = {r["name"]: r for r in table}
    uni = by_name["Université Exemple"]
    assert (uni["mastodon_account"], uni["mastodon_confidence"]) == (
        "univexemple@social.exemple.fr",
        "verified",
    )
    assert uni["mastodon_followers"] == "1200" and uni["bluesky_account"] == "univ-exemple.fr"
    assert uni["website_links"] == "mastodon bluesky x facebook"
    assert by_name["Labo Dormant"]["mastodon_activity"] == "dormant"
    assert "line 4" in by_name["Ligne Fautive"]["error"]

    page = (out / "summary.html").read_text(encoding="utf-8")
    assert "<svg" in page and "<script" not in page.lower() and "Université Exemple" in page
    letters = sorted(p.name for p in (out / "letters").iterdir())
    assert len(letters) == 5 and "universite-exemple-univ-exemple-fr.md" in letters
    assert "Université Exemple" in (out / "letters" / "universite-exemple-univ-exemple-fr.md").read_text(
        encoding="utf-8"
    )

    # a re-run checks nothing again: no new line, no homepage fetched
    web.reset()
    before = (out / "reports.jsonl").read_bytes()
    again = subprocess.run(
        batch_cmd(str(source), "-o", str(out), "--quiet"),
        capture_output=True,
        text=True,
        env=env_for(localnet) | {"LANGUAGE": "fr_FR:en", "LANG": "en_GB.UTF-8"},  # no --lang: the locale's
        timeout=300,
    )
    assert again.returncode == 6, again.stderr
    assert (out / "reports.jsonl").read_bytes() == before
    for institution in INSTITUTIONS:
        assert web.requests(institution.domain) == [], institution.domain
    assert "Cette exécution\u00a0: 0 vérifiée maintenant\u202f; 5 déjà faites, sautées" in again.stdout
    assert again.stdout.startswith("3 sur 5 sont sur Mastodon (1 vérifié, 2 liés par le site)")
    assert "ligne 4\u00a0: compte invalide «\u202f@pas\u202f»" in again.stderr
    page = (out / "summary.html").read_text(encoding="utf-8")
    assert '<html lang="fr">' in page and "candidat seulement" in page


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "kill"])
def test_interrupted_batch_resumes(
    localnet: LocalNetwork, web: WebServer, tmp_path: Path, signum: signal.Signals
) -> None:
    source = write_csv(tmp_path / "institutions.csv")
    out = tmp_path / "out"
    proc = subprocess.Popen(
        batch_cmd(str(source), "-o", str(out), "--concurrency", "1", "--lang", "en"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env_for(localnet),
    )
    log = out / "reports.jsonl"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if log.exists() and log.read_bytes().count(b"\n") >= 1:
            proc.send_signal(signum)
            break
        time.sleep(0.02)
    stdout, stderr = proc.communicate(timeout=120)
    assert proc.returncode in (130, 6), stderr  # 6: it finished before the signal came
    if proc.returncode == 130:
        assert "interrupted" in stderr and "INTERRUPTED" in stdout
        assert (out / "summary.csv").exists()
    first = reports(out)  # whole lines only
    assert 1 <= len(first) <= 5

    resumed = subprocess.run(
        batch_cmd(str(source), "-o", str(out), "--quiet", "--lang", "en"),
        capture_output=True,
        text=True,
        env=env_for(localnet),
        timeout=300,
    )
    assert resumed.returncode == 6, resumed.stderr
    names = [r.institution.name for r in reports(out)]
    assert sorted(names) == sorted(NAMES)  # each exactly once: nothing finished was checked again
    assert f"{len(first)} already done, skipped" in resumed.stdout or len(first) == 5


def test_batch_csv_example(localnet: LocalNetwork, tmp_path: Path) -> None:
    source = write_csv(tmp_path / "institutions.csv")
    example = Path(__file__).resolve().parents[2] / "examples" / "batch_csv.py"
    out = subprocess.run(
        [sys.executable, str(example), str(source)],
        capture_output=True,
        text=True,
        env=env_for(localnet),
        timeout=300,
        check=True,
    )
    lines = out.stdout.splitlines()
    assert "Université Exemple: Mastodon present (verified), Bluesky present (verified)" in lines
    assert "Mairie Absente: Mastodon absent, Bluesky absent" in lines
    assert "  present  ###################..... 4/5 (1 verified)" in lines  # Mastodon
    assert "line 4: bad handle" in out.stderr
