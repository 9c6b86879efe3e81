"""Run the ``quitx`` command in a child process, the way a user's shell does.

The child inherits the session's sealed environment (tests/conftest.py: ``HOME`` and the XDG
directories in the session's temporary folder, no ``QUITX_*`` variable); it reads ``config``, and
keeps its HTTP cache in ``cache`` (the test's own folder: no answer cached by another test serves
this one)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run_quitx(
    *args: str, config: Path, cache: Path, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QUITX_CONFIG": str(config), "XDG_CACHE_HOME": str(cache)}
    return subprocess.run(
        [sys.executable, "-m", "quitx", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        check=False,
    )
