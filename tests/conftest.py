"""Shared test helpers: where ../shared/data is, and how to skip without it; and the guard that
keeps the suite out of the user's own directories (and of the user's locale)."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from tests.keyrings import memory_keyring  # noqa: F401 - the fixture, for every test that asks

# the properties are about what is drawn, not how fast: on a machine busy with other work (CI on
# 2 cores, the integration servers running beside), drawing inputs or one example may take longer
# than Hypothesis's timing checks allow, which failed a run that found nothing wrong
settings.register_profile("quitx", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("quitx")

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def shared_data(*parts: str) -> Path:
    """A path under ../shared/data; skip (fail in CI) where the folder is absent."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{path} is missing in CI")
        pytest.skip(f"{path} not available (../shared/data is beside the project checkout only)")
    return path


def load_json(*parts: str) -> Any:
    return json.loads(shared_data(*parts).read_text(encoding="utf-8"))


# --- the user's directories --------------------------------------------------------------------------

_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC


def user_dirs() -> list[Path]:
    """The user's cache, config, data and state directories, as this process's environment makes
    them: computed by platformdirs, as quitx computes its cache directory, so both always agree."""
    import platformdirs

    found = [
        platformdirs.user_cache_path(),
        platformdirs.user_config_path(),
        platformdirs.user_data_path(),
        platformdirs.user_state_path(),
    ]
    return [p.resolve() for p in found] + [(Path.home() / "Library").resolve()]  # macOS caches and prefs


class UserDirsGuard:
    """An audit hook (PEP 578) that records every write this process makes under ``protected``:
    ``open`` for writing, ``mkdir``, ``rename``/``replace``, ``remove``, ``sqlite3.connect``."""

    def __init__(self, protected: list[Path]) -> None:
        self.protected = protected
        self.violations: list[str] = []
        self.active = False

    def inside(self, path: object) -> bool:
        if isinstance(path, bytes):
            path = os.fsdecode(path)
        if not isinstance(path, str | os.PathLike):
            return False
        try:
            target = Path(path).absolute()
        except (TypeError, ValueError):
            return False
        return any(target == p or p in target.parents for p in self.protected)

    def audit(self, event: str, args: tuple[Any, ...]) -> None:
        if not self.active:
            return
        if event == "open":
            path, mode, flags = (*args, None, None, 0)[:3]
            writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
                isinstance(flags, int) and flags & _WRITE_FLAGS
            )
            paths = [path] if writing else []
        elif event in ("os.mkdir", "os.remove", "os.rmdir", "sqlite3.connect"):
            paths = [args[0]] if args else []
        elif event in ("os.rename", "os.replace"):
            paths = list(args[:2])
        else:
            return
        for path in paths:
            if path != ":memory:" and self.inside(path):
                self.violations.append(f"{event} {path}")


_GUARD: UserDirsGuard | None = None
# variables that steer the tests themselves, not quitx: kept when the QUITX_* settings are cleared
_TEST_SWITCHES = frozenset({"QUITX_UPDATE_GOLDEN", "QUITX_UPDATE_SCREENSHOTS"})


@pytest.fixture(autouse=True, scope="session")
def _keep_out_of_user_dirs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[UserDirsGuard]:
    """No test writes to the user's cache, config or data directories, nor reads their settings or
    keyring: HOME and the XDG directories point into this session's temporary folder (the servers
    and commands the tests start inherit them), quitx's own variables are cleared, and the keyring
    is the one that fails. Anything this process still writes under the real directories fails
    the session."""
    global _GUARD
    real = user_dirs()
    home = tmp_path_factory.mktemp("home")
    if _GUARD is None:
        _GUARD = UserDirsGuard(real)
        sys.addaudithook(_GUARD.audit)  # a hook stays for the life of the process
    with pytest.MonkeyPatch.context() as mp:
        for name in [n for n in os.environ if n.startswith("QUITX_") and n not in _TEST_SWITCHES]:
            mp.delenv(name)
        mp.setenv("HOME", str(home))
        mp.setenv("USERPROFILE", str(home))
        for name, sub in (
            ("XDG_CACHE_HOME", ".cache"),
            ("XDG_CONFIG_HOME", ".config"),
            ("XDG_DATA_HOME", ".local/share"),
            ("XDG_STATE_HOME", ".local/state"),
        ):
            mp.setenv(name, str(home / sub))
        mp.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
        # the command line speaks the user's locale: the tests choose theirs (English), whatever
        # the machine's; a test of French sets LANGUAGE=fr or passes --lang fr
        mp.setenv("LANGUAGE", "en")
        _GUARD.active = True
        try:
            yield _GUARD
        finally:
            _GUARD.active = False
    if _GUARD.violations:
        pytest.fail("the tests wrote to the user's directories: " + "; ".join(_GUARD.violations[:10]))


@pytest.fixture
def user_dirs_guard(_keep_out_of_user_dirs: UserDirsGuard) -> UserDirsGuard:
    return _keep_out_of_user_dirs
