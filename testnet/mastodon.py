"""The PyPI ``mastodon-mock`` server as a subprocess, seeded with the accounts a test needs.

It runs through :mod:`testnet.mastodon_server`, which makes the mock render text as real Mastodon
does (h-card mentions, links with invisible spans, profile HTML apart from the typed ``source``,
5 pins at most): see that module.

``mastodon_mock serve`` seeds accounts from its TOML config (username, display name, note,
locked, bot), computes the counters from real rows (so ``followers_count`` N means N seeded
follower accounts, ``statuses_count`` N means N seeded statuses) and has no way to seed profile
fields, ``verified_at``, ``created_at`` or ``discoverable``/``indexable``. So the mock runs on an
SQLite file in a private directory, and once it answers, this module writes those columns into
that file (the mock opens it in WAL mode with a busy timeout, and reads rows afresh per request).

Known differences from real Mastodon (see docs/testing.md): ``X-RateLimit-Reset`` in epoch seconds
(and no rate-limit headers at all here, since its limiter is off), case-sensitive lookup,
``acct=user@<its own domain>`` gives 404, ``last_status_at`` and ``created_at`` as full
datetimes, ``moved``/``suspended``/``limited`` always present (null), WebFinger URLs in http://
(it builds them from the request), no ``subscribe`` link, follower accounts visible in search;
``/api/v2/search`` answers anonymously but accepts ``resolve=true`` and ``offset`` (real: 401);
``/api/v1/instance/domain_blocks`` always public; every account has a generated identicon avatar;
no ``rel="me"`` check (:meth:`MastodonMock.verify_field` plays it).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

__all__ = ["MastodonMock", "MockAccount", "MockField", "toml_value"]

_FOLLOWER_DOMAIN = "abonnes.exemple.fr"  # follower accounts are "remote" ones on this domain


@dataclass(frozen=True)
class MockField:
    name: str
    value: str  # HTML, like Mastodon
    verified_at: str | None = None  # "2026-03-02T09:15:27.004+00:00"


@dataclass(frozen=True)
class MockAccount:
    username: str
    display_name: str | None = None
    note: str = ""  # HTML
    fields: tuple[MockField, ...] = ()
    followers_count: int = 0
    following_count: int = 0
    statuses_count: int = 0
    last_status_at: dt.datetime | None = None  # date of the newest seeded status (default: now)
    created_at: dt.datetime | None = None
    locked: bool = False
    bot: bool = False
    discoverable: bool | None = True
    indexable: bool = True
    extra: dict[str, Any] = field(default_factory=dict)  # more SeedAccount keys (e.g. role)


def toml_value(value: Any) -> str:
    """A TOML literal for ``value`` (str, bool, int, float, list, dict → inline forms)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(str(k))} = {toml_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


class MastodonMock:
    """``with MastodonMock([MockAccount("univexemple", …)], "social.exemple.fr") as mock: mock.base_url``"""

    def __init__(
        self,
        accounts: Sequence[MockAccount],
        domain: str,
        *,
        workdir: Path | None = None,
        title: str | None = None,
        description: str = "",
        rules: Iterable[str] = (),
        startup_timeout: float = 60.0,
    ) -> None:
        self.accounts = list(accounts)
        self.domain = domain
        self.title = title or domain
        self.description = description
        self.rules = list(rules)
        self.startup_timeout = startup_timeout
        self._own_workdir = workdir is None
        self.workdir = (
            Path(workdir) if workdir is not None else Path(tempfile.mkdtemp(prefix="quitx-mastodon-mock-"))
        )
        self.host = "127.0.0.1"
        self.port = 0
        self.proc: subprocess.Popen[bytes] | None = None
        self._log: Any = None

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def db_path(self) -> Path:
        return self.workdir / "mastodon-mock.sqlite"

    @property
    def log_path(self) -> Path:
        return self.workdir / "mastodon-mock.log"

    # ---- config ---------------------------------------------------------------------------------------
    def _seed(self) -> dict[str, Any]:
        accounts: list[dict[str, Any]] = []
        follows: list[dict[str, str]] = []
        statuses: list[dict[str, str]] = []
        fillers: dict[str, dict[str, Any]] = {}
        for a in self.accounts:
            entry: dict[str, Any] = {"username": a.username, "note": a.note, "locked": a.locked, "bot": a.bot}
            if a.display_name is not None:
                entry["display_name"] = a.display_name
            entry.update(a.extra)
            accounts.append(entry)
        for a in self.accounts:
            for i in range(max(a.followers_count, a.following_count)):
                name = f"abonne{i:05d}"
                fillers.setdefault(
                    name, {"username": name, "domain": _FOLLOWER_DOMAIN, "display_name": f"Abonné {i}"}
                )
            follows += [
                {"follower": f"abonne{i:05d}", "following": a.username} for i in range(a.followers_count)
            ]
            follows += [
                {"follower": a.username, "following": f"abonne{i:05d}"} for i in range(a.following_count)
            ]
            statuses += [
                {"account": a.username, "text": f"Publication n°{i + 1} de @{a.username}"}
                for i in range(a.statuses_count)
            ]
        return {"accounts": accounts + list(fillers.values()), "follows": follows, "statuses": statuses}

    def _config_text(self) -> str:
        lines = [
            "# mastodon-mock configuration written by testnet/mastodon.py",
            f"domain = {toml_value(self.domain)}",
            'url_scheme = "https"',
            f"title = {toml_value(self.title)}",
            f"description = {toml_value(self.description)}",
            f"email = {toml_value('contact@' + self.domain)}",
            f"rules = {toml_value(self.rules)}",
            "",
            "[database]",
            f"path = {toml_value(str(self.db_path))}",
            "",
            "[streaming]",
            "heartbeat_seconds = 1.0",
            "",
            "[seed]",
        ]
        lines += [f"{key} = {toml_value(value)}" for key, value in self._seed().items()]
        return "\n".join(lines) + "\n"

    # ---- lifecycle ----------------------------------------------------------------------------------
    def start(self) -> MastodonMock:
        """Launch the server (returns at once; :meth:`wait_ready` waits for it)."""
        self.workdir.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(str(self.db_path) + suffix).unlink(missing_ok=True)
        config = self.workdir / "mastodon-mock.toml"
        config.write_text(self._config_text(), encoding="utf-8")
        self.port = free_port(self.host)
        self._log = self.log_path.open("wb")
        cmd = [
            sys.executable, "-m", "testnet.mastodon_server", "serve",
            "--config", str(config), "--host", self.host, "--port", str(self.port),
            "--domain", self.domain, "--log-level", "warning",
        ]  # fmt: skip
        tmp = self.workdir / "tmp"
        tmp.mkdir(exist_ok=True)
        # the mock makes a media directory in the temp dir and never deletes it: keep it in ours
        root = str(Path(__file__).resolve().parents[1])  # testnet.mastodon_server, from the mock's cwd
        path = os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH", "")) if p)
        env = {**os.environ, "PYTHONUNBUFFERED": "1", "TMPDIR": str(tmp), "PYTHONPATH": path}
        self.proc = subprocess.Popen(
            cmd, cwd=self.workdir, stdout=self._log, stderr=subprocess.STDOUT, env=env, start_new_session=True
        )
        return self

    def wait_ready(self) -> MastodonMock:
        """Wait until the server answers, then write what the seed cannot hold."""
        assert self.proc is not None, "start() first"  # noqa: S101
        deadline = time.monotonic() + self.startup_timeout
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"mastodon-mock exited with {self.proc.returncode}: {self._tail()}")
            try:
                with urllib.request.urlopen(f"{self.base_url}/api/v1/instance", timeout=2) as r:
                    if r.status == 200:
                        break
            except (urllib.error.URLError, OSError):
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise TimeoutError(
                    f"mastodon-mock did not answer within {self.startup_timeout:g} s: {self._tail()}"
                )
            time.sleep(0.1)
        self._patch_database()
        return self

    def _tail(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")[-2000:]
        except OSError:
            return ""

    def _patch_database(self) -> None:
        def ts(value: dt.datetime) -> str:
            value = value.astimezone(dt.UTC).replace(tzinfo=None) if value.tzinfo else value
            return value.isoformat(sep=" ")

        con = sqlite3.connect(self.db_path, timeout=10)
        try:
            with con:
                for a in self.accounts:
                    row = con.execute(
                        "SELECT id FROM accounts WHERE username = ? AND domain IS NULL", (a.username,)
                    ).fetchone()
                    if row is None:
                        raise RuntimeError(f"mastodon-mock did not seed {a.username!r}")
                    account_id = row[0]
                    fields = [
                        {"name": f.name, "value": f.value, "verified_at": f.verified_at} for f in a.fields
                    ]
                    con.execute(
                        "UPDATE accounts SET fields = ?, discoverable = ?, indexable = ? WHERE id = ?",
                        (json.dumps(fields, ensure_ascii=False), a.discoverable, a.indexable, account_id),
                    )
                    if a.created_at is not None:
                        con.execute(
                            "UPDATE accounts SET created_at = ? WHERE id = ?", (ts(a.created_at), account_id)
                        )
                    if a.last_status_at is not None:
                        ids = [
                            r[0]
                            for r in con.execute(
                                "SELECT id FROM statuses WHERE account_id = ? ORDER BY id DESC", (account_id,)
                            )
                        ]
                        for i, status_id in enumerate(ids):  # newest at last_status_at, one a day before
                            when = a.last_status_at - dt.timedelta(days=i)
                            con.execute(
                                "UPDATE statuses SET created_at = ? WHERE id = ?", (ts(when), status_id)
                            )
        finally:
            con.close()

    def verify_field(self, username: str, index: int, when: str = "2026-03-02T09:15:27.004+00:00") -> None:
        """Mark a profile field verified, as Mastodon does once it finds the rel="me" link back
        (mastodon-mock never checks links)."""
        con = sqlite3.connect(self.db_path, timeout=10)
        try:
            with con:
                row = con.execute(
                    "SELECT id, fields FROM accounts WHERE username = ? AND domain IS NULL", (username,)
                ).fetchone()
                if row is None:
                    raise KeyError(username)
                fields = json.loads(row[1] or "[]")
                fields[index]["verified_at"] = when
                written = json.dumps(fields, ensure_ascii=False)
                con.execute("UPDATE accounts SET fields = ? WHERE id = ?", (written, row[0]))
        finally:
            con.close()

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is not None and proc.poll() is None:
            try:
                os.kill(proc.pid, signal.SIGTERM)
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.kill(proc.pid, signal.SIGKILL)
                proc.wait(timeout=5)
            except ProcessLookupError:
                pass
        if self._log is not None:
            self._log.close()
            self._log = None
        if self._own_workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self) -> MastodonMock:
        self.start()
        try:
            return self.wait_ready()
        except BaseException:
            self.stop()
            raise

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
