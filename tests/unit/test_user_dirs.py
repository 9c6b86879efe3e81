"""The suite never touches the user's cache, config or data directories (tests/conftest.py)."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from testnet.web import WebServer
from tests.conftest import UserDirsGuard, user_dirs

from quitx._http.cache import default_cache_dir
from quitx.cli import main


def test_the_session_lives_in_a_home_of_its_own(tmp_path_factory: pytest.TempPathFactory) -> None:
    base = tmp_path_factory.getbasetemp()
    home = Path(os.environ["HOME"])
    assert base in home.parents
    assert base in default_cache_dir().parents
    assert all(base in p.parents for p in user_dirs()[:4])
    assert not [name for name in os.environ if name.startswith("QUITX_")]


def test_a_batch_keeps_its_cache_in_the_session_home(tmp_path: Path) -> None:
    """`quitx batch` turns the HTTP cache on, in the user's cache directory: here, the session's
    (before, the suite filled the real ~/.cache/quitx)."""
    rows = tmp_path / "in.csv"
    rows.write_text("name,domain\nMairie Exemple,mairie-exemple.fr\n", encoding="utf-8")
    with WebServer() as web:  # the institution's site: 404 everywhere, an answer worth keeping
        web.add_host("mairie-exemple.fr")
        env = {
            "QUITX_ONLY_MAPPED_HOSTS": "true",
            "QUITX_HOST_MAP": f"mairie-exemple.fr={web.base_url}",
            "QUITX_DNS_NAMESERVERS": "127.0.0.1:9",
            "QUITX_DNS_TIMEOUT": "0.2",
            "QUITX_RETRIES": "0",
        }
        with pytest.MonkeyPatch.context() as mp:
            for name, value in env.items():
                mp.setenv(name, value)
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
                status = main(["batch", str(rows), "-o", str(tmp_path / "out"), "--quiet"])
    assert status == 4  # the instances could not be reached: unknown, never absent
    assert (default_cache_dir() / "http-cache.sqlite3").exists()


def test_a_command_the_tests_start_inherits_the_session_home(tmp_path: Path) -> None:
    code = "from quitx._http.cache import default_cache_dir; print(default_cache_dir())"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert Path(out.strip()) == default_cache_dir()


def test_the_guard_records_writes_under_the_protected_directories(tmp_path: Path) -> None:
    protected = tmp_path / "real-cache"
    guard = UserDirsGuard([protected])
    guard.active = True
    guard.audit("open", (str(protected / "quitx" / "http-cache.sqlite3"), "wb", 0))
    guard.audit("open", (str(protected / "quitx" / "http-cache.sqlite3"), "r", 0))  # a read is fine
    guard.audit("open", (str(protected / "x"), None, os.O_WRONLY | os.O_CREAT))
    guard.audit("sqlite3.connect", (protected / "db",))
    guard.audit("os.mkdir", (str(protected / "quitx"), 0o777, -1))
    guard.audit("os.replace", (str(tmp_path / "a"), str(protected / "b"), -1, -1))
    guard.audit("open", (str(tmp_path / "elsewhere"), "w", 0))  # outside: fine
    assert [v.split(" ")[0] for v in guard.violations] == [
        "open",
        "open",
        "sqlite3.connect",
        "os.mkdir",
        "os.replace",
    ]
