"""The examples run, against the local network."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from testnet.network import LocalNetwork
from testnet.world import CHECK_INSTITUTIONS

import quitx

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def run(localnet: LocalNetwork, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUITX_")}
    env["QUITX_CONFIG"] = str(localnet.config_path)
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, env=env, timeout=120, check=True
    )


def test_exists_example(localnet: LocalNetwork) -> None:
    out = run(
        localnet,
        str(EXAMPLES / "exists.py"),
        "@labo@hostmeta-exemple.fr",
        "nobody.test",
        "@x@down.exemple.fr",
    )
    lines = out.stdout.splitlines()
    assert "@labo@hostmeta-exemple.fr: present — Laboratoire Exemple" in lines
    assert any(line.startswith("@nobody.test: absent") for line in lines)
    assert any(line.startswith("@x@down.exemple.fr: could not be checked (server_error") for line in lines)


def test_exists_async_example(localnet: LocalNetwork, tmp_path: Path) -> None:
    refs = tmp_path / "refs.txt"
    refs.write_text("alice.test\n\n@univexemple@social.exemple.fr\n", encoding="utf-8")
    out = run(localnet, str(EXAMPLES / "exists_async.py"), str(refs))
    verdicts = [json.loads(line)["verdict"] for line in out.stdout.splitlines()]
    assert verdicts == ["present", "present"]


def test_audit_institution_example(localnet: LocalNetwork, tmp_path: Path) -> None:
    script = str(EXAMPLES / "audit_institution.py")
    out = run(localnet, script, "Université Exemple", "univ-exemple.fr", "-o", str(tmp_path / "u.json"))
    lines = out.stdout.splitlines()
    assert lines[0] == "Université Exemple (univ-exemple.fr)"
    assert any(line.startswith("  Mastodon: present") for line in lines)
    assert any(line.startswith("  Bluesky: present") for line in lines)
    assert any("@univexemple@social.exemple.fr: verified, active" in line for line in lines)
    assert any("@univ-exemple.fr: verified, active" in line for line in lines)
    report = quitx.Report.model_validate_json((tmp_path / "u.json").read_text(encoding="utf-8"))
    assert report.institution.domain == "univ-exemple.fr"
    assert report.mastodon.verdict is quitx.Verdict.PRESENT

    # nothing anywhere: absent, never unknown; the report lands in report.json of the working directory
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUITX_")}
    env["QUITX_CONFIG"] = str(localnet.config_path)
    absent = subprocess.run(
        [sys.executable, script, "Mairie Absente", "mairie-absente.fr"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
        cwd=tmp_path,
    )
    lines = absent.stdout.splitlines()
    assert any(line.startswith("  Mastodon: absent") for line in lines)
    assert any(line.startswith("  Bluesky: absent") for line in lines)
    assert "accounts: none found" in lines
    report = quitx.Report.model_validate_json((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report.accounts == ()


def write_csv(path: Path, names: tuple[str, ...]) -> Path:
    rows = [f"{i.name};{i.domain}" for i in CHECK_INSTITUTIONS if i.name in names]
    assert len(rows) == len(names)
    path.write_text("name;domain\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_batch_csv_example(localnet: LocalNetwork, tmp_path: Path) -> None:
    names = ("Université Exemple", "Institut Exemple", "Mairie Absente")
    source = write_csv(tmp_path / "institutions.csv", names)
    out = run(localnet, str(EXAMPLES / "batch_csv.py"), str(source))
    lines = out.stdout.splitlines()
    assert "Université Exemple: Mastodon present (verified), Bluesky present (verified)" in lines
    assert "Mairie Absente: Mastodon absent, Bluesky absent" in lines
    assert any(line.startswith("Institut Exemple: Mastodon present (linked)") for line in lines)
    assert "Mastodon" in lines and "Bluesky" in lines
    assert any(line.strip().startswith("present") and "2/3 (1 verified)" in line for line in lines)


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_letters_for_list_example(localnet: LocalNetwork, tmp_path: Path, fmt: str) -> None:
    names = ("Université Exemple", "Mairie Absente")
    source = write_csv(tmp_path / "institutions.csv", names)
    letters = tmp_path / "letters"
    args = ["--format", fmt, "--out", str(letters), "--sender", "Camille Exemple", "--date", "2025-03-14"]
    out = run(localnet, str(EXAMPLES / "letters_for_list.py"), str(source), *args)
    assert sorted(p.name for p in letters.iterdir()) == [
        f"mairie-absente-mairie-absente-fr.{fmt}",
        f"universite-exemple-univ-exemple-fr.{fmt}",
    ]
    lines = out.stdout.splitlines()
    assert any(line.startswith("Mairie Absente: Mastodon absent, Bluesky absent → ") for line in lines)
    univ = (letters / f"universite-exemple-univ-exemple-fr.{fmt}").read_text(encoding="utf-8")
    absent = (letters / f"mairie-absente-mairie-absente-fr.{fmt}").read_text(encoding="utf-8")
    for letter in (univ, absent):
        assert "Camille Exemple" in letter
        assert "14\u00a0mars 2025" in letter  # the letter's date, in French (day and month kept together)
    # what the check found is in the letter: the verified accounts for one, nothing for the other
    assert "@univexemple@social.exemple.fr" in univ
    assert "@univexemple@social.exemple.fr" not in absent
    if fmt == "html":
        assert univ.startswith("<!DOCTYPE html>") and "<script" not in univ.lower()
