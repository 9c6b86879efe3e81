"""The examples run, against the local network."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from testnet.network import LocalNetwork

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
