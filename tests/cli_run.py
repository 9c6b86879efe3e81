"""Run the ``quitx`` command in a child process, the way a user's shell does, sealed off from the
user's own settings, cache and config: no ``QUITX_*`` or ``XDG_*`` variable comes through, and
``HOME`` and ``XDG_CACHE_HOME`` point into the test's temporary folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run_quitx(*args: str, config: Path, home: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QUITX_", "XDG_"))}
    env.update({"QUITX_CONFIG": str(config), "HOME": str(home), "XDG_CACHE_HOME": str(home / "cache")})
    return subprocess.run(
        [sys.executable, "-m", "quitx", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        check=False,
    )
