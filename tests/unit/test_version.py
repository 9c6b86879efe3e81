"""quitx's version comes from the installed metadata (read only when asked: tests/unit/test_api.py)."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys

import quitx
from quitx._version import version
from quitx.cli.app import build_parser
from quitx.config import Settings


def test_the_version_is_the_installed_one_everywhere() -> None:
    installed = importlib.metadata.version("quitx")
    assert version() == installed and quitx.__version__ == installed
    assert Settings().user_agent.startswith(f"quitx/{installed} ")


def test_the_command_says_its_version() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "quitx", "--version"], capture_output=True, text=True, check=True
    )
    assert out.stdout == f"quitx {version()}\n" and out.stderr == ""
    assert "--version" in build_parser().format_help()
