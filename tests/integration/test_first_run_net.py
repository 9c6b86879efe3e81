"""What issue 17 asked for, as a new user does it: from the install to ``quitx login`` to a dry-run
``quitx apply``, with no flag and no environment variable — the config file is in the user's
config folder (here it points at the local network), the credentials go to the keyring (one in
memory), and every command says what it did."""

from __future__ import annotations

import contextlib
import io
import os
import shlex
import shutil
from pathlib import Path

import pytest
from testnet.__main__ import main as run_testnet
from testnet.network import LocalNetwork
from tests.keyrings import MemoryKeyring

from quitx.cli import main as quitx


def _credentials(localnet: LocalNetwork) -> dict[str, str]:
    """What the user copies from the server's settings pages (here: the test network's)."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert run_testnet(["credentials", "--config", str(localnet.config_path)]) == 0
    pairs = (line.removeprefix("export ").partition("=") for line in out.getvalue().splitlines())
    return {name: shlex.split(value)[0] for name, _, value in pairs}


def test_from_install_to_login_to_a_dry_run_apply(
    localnet: LocalNetwork,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert localnet.config_path is not None
    credentials = _credentials(localnet)
    config_home = tmp_path / "config"
    (config_home / "quitx").mkdir(parents=True)
    shutil.copy(localnet.config_path, config_home / "quitx" / "config.toml")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config_home))
    for name in [n for n in os.environ if n.startswith("QUITX_")]:
        monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)

    assert quitx(["config", "path"]) == 0
    assert capsys.readouterr().out == f"{config_home / 'quitx' / 'config.toml'}\n"

    handle = credentials["QUITX_BLUESKY_HANDLE"]
    monkeypatch.setattr("sys.stdin", io.StringIO(credentials["QUITX_BLUESKY_APP_PASSWORD"] + "\n"))
    assert quitx(["login", "bluesky", handle, "--password-stdin"]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO(credentials["QUITX_MASTODON_TOKEN"] + "\n"))
    assert quitx(["login", "mastodon", "@univexemple@social.exemple.fr", "--token-stdin"]) == 0
    logged = capsys.readouterr().out
    assert f"logged in: {handle} " in logged and "logged in: @univexemple@social.exemple.fr " in logged
    assert set(memory_keyring.values) == {
        ("quitx", f"bluesky:{handle}"),
        ("quitx", "mastodon:@univexemple@social.exemple.fr"),
    }

    argv = ["check", "Université Exemple", "--domain", "univ-exemple.fr", "--json", "-o", "report.json"]
    assert quitx(argv) == 0
    assert capsys.readouterr().err == "quitx: wrote report.json\n"
    assert quitx(["apply", "mastodon-verification", "announce", "--report", "report.json", "--dry-run"]) == 0
    dry = capsys.readouterr().out
    assert "[dry run] Mastodon @univexemple@social.exemple.fr — mastodon-verification" in dry
    assert "[dry run] Bluesky @univ-exemple.fr — announce (post)" in dry
    assert "[cannot]" not in dry and "[failed]" not in dry  # the credentials: in the keyring
