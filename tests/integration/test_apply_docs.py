"""The examples of docs/apply.md and the apply part of docs/guides/local-network.md, run as written.

The commands run in a temporary directory holding the local network's ``quitx-local.toml``;
``python -m testnet …`` and ``quitx …`` run in this process (the ``.venv/bin/`` prefix of the
guide is the checkout's own). They write to the world's Université Exemple, so the one real write
they make (``mastodon-verification --yes``) must send nothing: a fault on Mastodon's
update_credentials would make it fail otherwise.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import shlex
import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from testnet.__main__ import main as run_testnet
from testnet.network import LocalNetwork

from quitx.cli import main as quitx_main

DOCS = Path(__file__).resolve().parents[2] / "docs"


def _block(page: str, language: str, after: str) -> str:
    text = (DOCS / page).read_text("utf-8")
    found = re.search(rf"```{language}\n(.*?)```", text[text.index(after) :], re.S)
    assert found, f"no {language} block after {after!r} in {page}"
    return found.group(1)


def _run(line: str, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    """One shell line of the docs: ``eval "$(python -m testnet credentials …)"`` or a command."""
    out = io.StringIO()
    evaluated = re.fullmatch(r'eval "\$\((.*)\)"', line)
    argv = shlex.split(evaluated.group(1) if evaluated else line)
    program = argv[0].removeprefix(".venv/bin/")
    with contextlib.redirect_stdout(out):
        if program == "python" and argv[1:3] == ["-m", "testnet"]:
            status = run_testnet(argv[3:])
        elif program == "quitx":
            status = quitx_main(argv[1:])
        else:
            raise AssertionError(f"the docs run something the test does not know: {line}")
    if evaluated:
        for export in out.getvalue().splitlines():
            name, _, value = export.removeprefix("export ").partition("=")
            monkeypatch.setenv(name, shlex.split(value)[0])
    return status, out.getvalue()


@pytest.fixture
def here(localnet: LocalNetwork, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    assert localnet.config_path is not None
    shutil.copy(localnet.config_path, tmp_path / "quitx-local.toml")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")  # never the user's
    monkeypatch.setenv("LANGUAGE", "fr")  # the page shows what a French locale sees
    for var in ("QUITX_CONFIG", "QUITX_MASTODON_TOKEN", "QUITX_BLUESKY_HANDLE", "QUITX_BLUESKY_APP_PASSWORD"):
        monkeypatch.delenv(var, raising=False)
    rule = httpx.post(
        f"{localnet.mastodon_url}/api/v1/_mock/faults",
        json={
            "match": {"methods": ["PATCH"], "path": "/api/v1/accounts/update_credentials"},
            "effect": {"type": "status", "status": 500},
        },
    ).json()["id"]
    yield tmp_path
    httpx.delete(f"{localnet.mastodon_url}/api/v1/_mock/faults/{rule}")


def test_the_apply_page_examples(here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lines = _block("apply.md", "sh", "## Examples").strip().splitlines()
    outputs = [_run(line, monkeypatch) for line in lines]
    assert [status for status, _ in outputs] == [0, 0, 0, 0], outputs
    dry = outputs[2][1]
    assert "[simulation] Mastodon @univexemple@social.exemple.fr — mastodon-verification" in dry
    assert "déjà fait\u00a0: rien ne serait envoyé" in dry
    assert "[simulation] Bluesky @univ-exemple.fr — announce (post)" in dry
    assert "[déjà fait] Mastodon @univexemple@social.exemple.fr — mastodon-verification" in outputs[3][1]
    plan = json.loads((here / "plan.json").read_text("utf-8"))
    [step] = [s for phase in plan["phases"] for s in phase["steps"] if s["id"] == "mastodon-verification"]
    assert step["status"] == "done"


def test_the_python_example(
    here: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = _block("apply.md", "sh", "## Examples").strip().splitlines()
    for line in lines[:2]:  # the saved check and the credentials the example reads
        _run(line, monkeypatch)
    code = _block("apply.md", "python", "### From Python")
    exec(compile(code, "docs/apply.md", "exec"), {"__name__": "docs_example"})  # noqa: S102 - the docs' own code
    out = capsys.readouterr().out
    assert "[simulation] Mastodon @univexemple@social.exemple.fr" in out
    assert out.rstrip().endswith("done")


def test_the_local_network_guide_gives_working_credentials(
    here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = _block("guides/local-network.md", "sh", "## Try `quitx apply`\n\n`quitx apply` writes").strip()
    commands = _block("guides/local-network.md", "sh", "Load\nthem into the shell").strip().splitlines()
    status, exports = _run(lines, monkeypatch)
    assert status == 0 and "export QUITX_MASTODON_TOKEN=" in exports
    outputs = [_run(line, monkeypatch) for line in commands]
    assert [status for status, _ in outputs] == [0, 0, 0], outputs
    dry = outputs[2][1]
    assert "[impossible]" not in dry and "@univexemple@social.exemple.fr" in dry and "@univ-exemple.fr" in dry
