"""A throw-away PostgreSQL server on 127.0.0.1, for the AT Protocol AppView of the test network.

    with Postgres(tmp_dir) as pg:
        pg.url  # postgresql://postgres@127.0.0.1:PORT/quitx

The cluster lives in a fresh directory under the given one; ``fsync=off``, trust authentication on
loopback only, its unix socket in its own directory. Running as root, PostgreSQL refuses to start:
the cluster then belongs to the ``postgres`` user and every server command runs as that user.
On exit the server is stopped (``pg_ctl stop -m immediate``) and its directory deleted.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from types import TracebackType
from typing import Self

from testnet import Unavailable

__all__ = ["Postgres", "PostgresError", "find_pg_bin"]

_SUPERUSER = "postgres"
_START_ATTEMPTS = 3


class PostgresError(RuntimeError):
    """PostgreSQL is missing or would not start."""


def find_pg_bin() -> Path:
    """The directory holding ``initdb`` and ``pg_ctl``: from PATH, else /usr/lib/postgresql/*/bin."""
    initdb = shutil.which("initdb")
    if initdb and shutil.which("pg_ctl"):
        # /usr/local/bin/initdb may be a symlink into the real bin directory, next to `postgres`
        real = Path(initdb).resolve().parent
        if (real / "pg_ctl").exists() and (real / "postgres").exists():
            return real
        return Path(initdb).parent
    candidates = sorted(
        (Path(p) for p in glob.glob("/usr/lib/postgresql/*/bin")),
        key=lambda p: _version_key(p.parent.name),
        reverse=True,
    )
    for bin_dir in candidates:
        if (bin_dir / "initdb").exists() and (bin_dir / "pg_ctl").exists():
            return bin_dir
    raise Unavailable(
        "PostgreSQL not found: no initdb/pg_ctl on PATH nor in /usr/lib/postgresql/*/bin. "
        "Install it (Debian: apt-get install postgresql) — the AT Protocol AppView needs it."
    )


def _version_key(name: str) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in name.split("."))
    except ValueError:
        return (0,)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class Postgres:
    """A PostgreSQL server on a free loopback port, in a directory of its own; a context manager."""

    def __init__(self, base_dir: Path | str | None = None, *, database: str = "quitx") -> None:
        self.base_dir = Path(base_dir) if base_dir is not None else None
        self.database = database
        self.bin_dir: Path | None = None
        self.dir: Path | None = None
        self.port: int | None = None
        self._as_postgres = os.geteuid() == 0

    # ------------------------------------------------------------------ public

    @property
    def url(self) -> str:
        if self.port is None:
            raise PostgresError("PostgreSQL is not running")
        return f"postgresql://{_SUPERUSER}@127.0.0.1:{self.port}/{self.database}"

    @property
    def data_dir(self) -> Path:
        if self.dir is None:
            raise PostgresError("PostgreSQL is not running")
        return self.dir / "data"

    @property
    def pid(self) -> int | None:
        """The postmaster's PID, while it runs."""
        if self.dir is None:
            return None
        try:
            return int((self.data_dir / "postmaster.pid").read_text().splitlines()[0])
        except (OSError, ValueError, IndexError):
            return None

    def start(self) -> None:
        self.bin_dir = find_pg_bin()
        self.dir = self._make_dir()
        try:
            self._run(
                [
                    str(self.bin_dir / "initdb"),
                    "-D", str(self.data_dir),
                    "-U", _SUPERUSER,
                    "--auth=trust",
                    "--encoding=UTF8",
                    "--locale=C",
                    "--no-sync",
                ],
                what="initdb",
            )  # fmt: skip
            self._start_server()
            self._run(
                [
                    str(self.bin_dir / "createdb"),
                    "-h", "127.0.0.1",
                    "-p", str(self.port),
                    "-U", _SUPERUSER,
                    self.database,
                ],
                what="createdb",
            )  # fmt: skip
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        """Stop the server at once (no checkpoint: the data is thrown away) and delete its directory."""
        if self.dir is None:
            return
        if self.bin_dir is not None and (self.data_dir / "postmaster.pid").exists():
            try:
                self._run(
                    [str(self.bin_dir / "pg_ctl"), "stop", "-D", str(self.data_dir), "-m", "immediate", "-w"],
                    what="pg_ctl stop",
                    timeout=30,
                )
            except PostgresError:
                self._kill_postmaster()
        shutil.rmtree(self.dir, ignore_errors=True)
        self.dir = None
        self.port = None

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # ------------------------------------------------------------------ internals

    def _make_dir(self) -> Path:
        base = self.base_dir
        if base is not None:
            base.mkdir(parents=True, exist_ok=True)
        path = Path(tempfile.mkdtemp(prefix="quitx-pg-", dir=base))
        if self._as_postgres:
            try:
                pw = pwd.getpwnam(_SUPERUSER)
            except KeyError:
                shutil.rmtree(path, ignore_errors=True)
                raise Unavailable(
                    "running as root, PostgreSQL must run as the 'postgres' user, which does not exist "
                    "(Debian: apt-get install postgresql creates it)"
                ) from None
            os.chown(path, pw.pw_uid, pw.pw_gid)
            if not self._postgres_can_use(path):
                # a parent directory (e.g. pytest's 0700 /tmp/pytest-of-root) shuts the postgres user out
                shutil.rmtree(path, ignore_errors=True)
                path = Path(tempfile.mkdtemp(prefix="quitx-pg-", dir="/tmp"))
                os.chown(path, pw.pw_uid, pw.pw_gid)
        return path

    def _postgres_can_use(self, path: Path) -> bool:
        res = subprocess.run(
            [*self._prefix(), "test", "-w", str(path), "-a", "-x", str(path)],
            capture_output=True,
            check=False,
        )
        return res.returncode == 0

    def _prefix(self) -> list[str]:
        if not self._as_postgres:
            return []
        if shutil.which("runuser"):
            return ["runuser", "-u", _SUPERUSER, "--"]
        raise Unavailable("running as root and `runuser` is missing: cannot run PostgreSQL as 'postgres'")

    def _run(self, cmd: list[str], *, what: str, timeout: float = 120) -> None:
        try:
            res = subprocess.run(
                [*self._prefix(), *cmd],
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
                cwd=self.dir,
                env={**os.environ, "LC_ALL": "C", "PGTZ": "UTC"},
            )
        except subprocess.TimeoutExpired as exc:
            raise PostgresError(f"{what} took more than {timeout} s") from exc
        if res.returncode != 0:
            raise PostgresError(
                f"{what} failed ({res.returncode}): {(res.stderr or res.stdout).strip()[-2000:]}"
            )

    def _start_server(self) -> None:
        if self.bin_dir is None or self.dir is None:
            raise PostgresError("internal error: start() must set up the directory first")
        sock_dir = self.dir / "socket"
        sock_dir.mkdir()
        if self._as_postgres:
            pw = pwd.getpwnam(_SUPERUSER)
            os.chown(sock_dir, pw.pw_uid, pw.pw_gid)
        last_error: PostgresError | None = None
        for _ in range(_START_ATTEMPTS):
            port = _free_port()
            options = " ".join(
                [
                    f"-p {port}",
                    "-c listen_addresses=127.0.0.1",
                    f"-c unix_socket_directories='{sock_dir}'",
                    "-c fsync=off",
                    "-c synchronous_commit=off",
                    "-c full_page_writes=off",
                    "-c max_connections=200",
                    "-c shared_buffers=64MB",
                ]
            )
            try:
                self._run(
                    [
                        str(self.bin_dir / "pg_ctl"),
                        "start", "-w", "-t", "60",
                        "-D", str(self.data_dir),
                        "-l", str(self.dir / "server.log"),
                        "-o", options,
                    ],
                    what="pg_ctl start",
                    timeout=90,
                )  # fmt: skip
            except PostgresError as exc:
                # most likely another process took the port between the probe and the start
                last_error = PostgresError(f"{exc}\n{self._log_tail()}")
                continue
            self.port = port
            return
        raise last_error or PostgresError("PostgreSQL did not start")

    def _log_tail(self) -> str:
        if self.dir is None:
            return ""
        try:
            return (self.dir / "server.log").read_text(errors="replace")[-2000:]
        except OSError:
            return ""

    def _kill_postmaster(self) -> None:
        pid = self.pid
        if pid is None:
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.05)
