"""quitx's HTTP cache on disk: a re-run within the TTL sends almost nothing.

One SQLite file (stdlib ``sqlite3``, used from one worker thread so the event
loop never blocks on disk), holding whole logical answers: what
`quitx._http.HttpEngine.get` returned for a URL and an ``Accept``, redirect
chain included. A hit is served with zero network and never touches the per-host
rate-limit budget.

What is kept, and for how long (`freshness`):

- only answers that settle a question: 2xx, redirects, and the negative answers
  400 / 404 / 410 (an unknown WebFinger account, an unknown Bluesky handle);
  never a failure that leaves a verdict unknown (5xx, 429, 401/403, timeouts,
  network errors, a redirect loop, a truncated body): those are asked again;
- ``Cache-Control: no-store`` or ``Vary: *`` anywhere in the chain: not kept;
- otherwise the servers' own lifetime (``max-age``, else ``s-maxage``, else
  ``Expires`` − ``Date``, minus ``Age``), raised to ``cache_min_ttl`` (Rails'
  ``max-age=0, private, must-revalidate`` on Mastodon's API, or no header at
  all, would make a cache useless for a monthly re-run) and capped at
  ``cache_max_ttl``. ``private`` is honoured trivially: this is a private cache.

Why not hishel (2.0.0, read in full before deciding): its RFC 9111 mode has no
minimum-TTL override — a 200 without cache headers or with ``max-age=0`` is
stored but always revalidated, so a re-run would send as many requests as the
first — and it would store a 501, or a 401/503 that carries ``max-age``; its
non-RFC mode ignores ``no-store`` and stores no 404 (the negative answers quitx
most wants to keep). It is also an httpx *transport*: it sits below the engine,
so a cached answer would still take a rate-limit token and a per-host slot, and
it would not see a caller-supplied client. It adds msgpack, anyio and anysqlite.
What quitx needs is ~250 lines of stdlib, kept here.

Robustness: a file that is not a database, has another schema version, or breaks
mid-run is deleted and rebuilt (once; after that the cache turns itself off and
quitx simply asks the network). Several processes may share the file (WAL mode,
busy timeout); a write that cannot get the lock is dropped — it is only a cache.
Size is bounded: beyond ``max_bytes`` of stored bodies the oldest entries go.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import email.utils
import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

__all__ = ["CACHEABLE_STATUSES", "CachedAnswer", "HttpCache", "default_cache_dir", "freshness"]

_SCHEMA_VERSION = 1
_FILE_NAME = "http-cache.sqlite3"
# answers that settle a question; 5xx, 401/403/429 are never kept
CACHEABLE_STATUSES = frozenset({200, 203, 204, 300, 301, 302, 303, 307, 308, 400, 404, 405, 410, 414})

T = TypeVar("T")


def default_cache_dir() -> Path:
    """The platform's user cache directory for quitx (``platformdirs``: ``$XDG_CACHE_HOME/quitx`` or
    ``~/.cache/quitx`` on Linux, ``~/Library/Caches/quitx`` on macOS, ``%LOCALAPPDATA%\\quitx\\Cache``
    on Windows)."""
    import platformdirs  # here: only a run that turns the cache on asks

    return platformdirs.user_cache_path("quitx", appauthor=False)


def _directives(value: str | None) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for part in (value or "").split(","):
        name, sep, arg = part.strip().partition("=")
        if name:
            out[name.strip().lower()] = arg.strip().strip('"') if sep else None
    return out


def _seconds(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        return max(0.0, float(int(value)))
    except ValueError:
        return None


def _http_date(value: str | None) -> float | None:
    if not value:
        return None
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return when.timestamp()


def _personal_only(cc: Mapping[str, str | None], headers: Mapping[str, str]) -> bool:
    """``private, no-store`` that varies on ``Authorization``: the answer may be personal to a
    logged-in user (Mastodon's API marks every answer so). quitx asks anonymously: nothing personal."""
    vary = {v.strip().lower() for v in headers.get("vary", "").split(",")}
    return "private" in cc and "authorization" in vary


def freshness(
    status: int,
    headers: Mapping[str, str],
    *,
    now: float,
    min_ttl: float,
    max_ttl: float,
    anonymous_private: bool = False,
) -> float | None:
    """Seconds to keep one response (``headers`` with lower-case names), ``None``: never keep it.

    ``anonymous_private``: keep a ``private, no-store`` answer that varies on ``Authorization``
    (it is personal only to a logged-in user, and quitx's requests carry no credentials)."""
    if status not in CACHEABLE_STATUSES:
        return None
    cc = _directives(headers.get("cache-control"))
    if headers.get("vary", "").strip() == "*":
        return None
    if "no-store" in cc and not (anonymous_private and _personal_only(cc, headers)):
        return None
    explicit = _seconds(cc.get("max-age")) if "max-age" in cc else None
    if explicit is None and "s-maxage" in cc:
        explicit = _seconds(cc.get("s-maxage"))
    if explicit is None and "expires" in headers:
        expires = _http_date(headers.get("expires"))
        date = _http_date(headers.get("date")) or now
        explicit = max(0.0, expires - date) if expires is not None else 0.0  # invalid Expires: stale
    if explicit is not None:
        explicit -= _seconds(headers.get("age")) or 0.0
    ttl = min(max(explicit or 0.0, min_ttl), max_ttl)
    return ttl if ttl > 0 else None


class _KeyFilter:
    """The keys the cache holds, as a Bloom filter (1 MiB, three bits per key): "surely not
    stored" without a trip to the cache's thread and the disk. In a first run every lookup misses,
    and that trip was a third of the cache's CPU time (about 0.1 ms per request). A key it lets
    through may still be missing (then the disk says so); a key written by another process
    sharing the file is not in it (a miss: the answer is asked for again — it is only a cache)."""

    BITS = 1 << 23
    _MASK = BITS - 1

    def __init__(self) -> None:
        self._bits = bytearray(self.BITS // 8)

    def _positions(self, key: str) -> tuple[int, int, int]:
        # 72 bits of a hash of the key: three independent 23-bit positions
        n = int.from_bytes(
            hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=9).digest(), "big"
        )
        return n & self._MASK, (n >> 23) & self._MASK, (n >> 46) & self._MASK

    def add(self, key: str) -> None:
        bits = self._bits
        for i in self._positions(key):
            bits[i >> 3] |= 1 << (i & 7)

    def __contains__(self, key: str) -> bool:
        bits = self._bits
        return all(bits[i >> 3] & (1 << (i & 7)) for i in self._positions(key))


@dataclass(frozen=True)
class CachedAnswer:
    """What the cache gives back: the engine's own description and the body."""

    meta: dict[str, Any]
    body: bytes
    stored_at: float


class HttpCache:
    """A bounded, crash-tolerant store of logical HTTP answers, safe for concurrent async use."""

    def __init__(
        self,
        directory: str | os.PathLike[str],
        *,
        min_ttl: float = 3600.0,
        max_ttl: float = 86400.0,
        max_bytes: int = 256 * 1024 * 1024,
        max_entry_bytes: int | None = None,
        clock: Callable[[], float] = time.time,
        anonymous_private: bool = False,
    ) -> None:
        self.directory = Path(directory)
        self.anonymous_private = anonymous_private
        self.path = self.directory / _FILE_NAME
        self.min_ttl = min_ttl
        self.max_ttl = max_ttl
        self.max_bytes = max_bytes
        self.max_entry_bytes = max_bytes if max_entry_bytes is None else min(max_bytes, max_entry_bytes)
        self.clock = clock
        self.error: str | None = None  # why the cache turned itself off, if it did
        self.rebuilt = False  # a bad file was found and replaced
        self._conn: sqlite3.Connection | None = None
        self._disabled = False
        self._rebuilds_left = 1
        self._size = 0
        # answers to store, written by the next trip to the cache's thread (a read, or a flush at
        # most FLUSH_DELAY later): a thread hop per answer was a tenth of a batch's CPU
        self._pending: list[tuple[str, dict[str, Any], bytes, float, float]] = []
        self._flush_handle: asyncio.TimerHandle | None = None
        self._flushing: set[asyncio.Future[None]] = set()
        self._keys = _KeyFilter()
        self._keys_ready = False  # the keys on disk are in the filter (set by the thread, once)
        # one thread owns the connection: every call is serialised there, the loop never waits on disk
        self._executor = concurrent.futures.ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="quitx-cache"
        )

    @staticmethod
    def key(url: str, accept: str | None, variant: str = "") -> str:
        """The cache key: the logical URL (before the host map), ``Accept``, and a variant
        (the host map's fingerprint, so that answers from local test servers and from the
        real ones never mix)."""
        raw = json.dumps([url, accept or "", variant], ensure_ascii=False)
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()

    def ttl(self, status: int, headers: Mapping[str, str]) -> float | None:
        return freshness(
            status,
            headers,
            now=self.clock(),
            min_ttl=self.min_ttl,
            max_ttl=self.max_ttl,
            anonymous_private=self.anonymous_private,
        )

    # -- async face -------------------------------------------------------------------------

    FLUSH_DELAY = 0.05  # seconds an answer may wait before it is written (when no read comes)

    async def get(self, key: str) -> CachedAnswer | None:
        """The stored answer for ``key`` (every `put` before this call is seen), or None."""
        if self._disabled or (self._keys_ready and key not in self._keys):
            return None
        return await self._run(self._write_then_get, self._take_pending(), key, default=None)

    async def put(self, key: str, meta: dict[str, Any], body: bytes, ttl: float) -> None:
        """Store an answer: written with the next read, or within ``FLUSH_DELAY``, or at `aclose`."""
        if self._disabled or ttl <= 0:
            return
        self._pending.append((key, meta, body, ttl, self.clock()))  # stored now, written later
        self._keys.add(key)
        if self._flush_handle is None:
            self._flush_handle = asyncio.get_running_loop().call_later(self.FLUSH_DELAY, self._flush_soon)

    def _take_pending(self) -> list[tuple[str, dict[str, Any], bytes, float, float]]:
        pending, self._pending = self._pending, []
        if self._flush_handle is not None:
            self._flush_handle.cancel()
            self._flush_handle = None
        return pending

    def _flush_soon(self) -> None:
        self._flush_handle = None
        future = asyncio.ensure_future(self.flush())
        self._flushing.add(future)
        future.add_done_callback(self._flushing.discard)

    async def flush(self) -> None:
        """Write every answer stored so far."""
        pending = self._take_pending()
        if pending and not self._disabled:
            await self._run(self._write_then_get, pending, None, default=None)

    async def aclose(self) -> None:
        await self.flush()
        if self._flushing:
            await asyncio.gather(*self._flushing, return_exceptions=True)
        loop = asyncio.get_running_loop()
        with contextlib.suppress(RuntimeError):
            await loop.run_in_executor(self._executor, self._close)
        self._executor.shutdown(wait=False)

    async def _run(self, fn: Callable[..., T], *args: Any, default: T) -> T:
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self._executor, self._guarded, fn, args, default)
        except RuntimeError:  # executor already shut down
            return default

    # -- worker thread ----------------------------------------------------------------------

    def _guarded(self, fn: Callable[..., T], args: Sequence[Any], default: T) -> T:
        for _ in range(2):
            if self._disabled:
                return default
            try:
                self._open()
                return fn(*args)
            except sqlite3.OperationalError as exc:
                if "locked" in str(exc) or "busy" in str(exc):
                    return default  # another process holds the lock: skip, it is only a cache
                self._recover(exc)
            except (sqlite3.DatabaseError, OSError) as exc:
                self._recover(exc)
        return default

    def _recover(self, exc: BaseException) -> None:
        self._close()
        if self._rebuilds_left <= 0:
            self._disabled = True
            self.error = f"HTTP cache turned off: {exc}"
            return
        self._rebuilds_left -= 1
        self.rebuilt = True
        for suffix in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(FileNotFoundError):
                os.remove(str(self.path) + suffix)

    def _open(self) -> None:
        if self._conn is not None:
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(self.path), timeout=2.0, isolation_level=None)
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version not in (0, _SCHEMA_VERSION):
                raise sqlite3.DatabaseError(f"cache schema version {version}, expected {_SCHEMA_VERSION}")
            if version == 0:
                conn.execute("PRAGMA auto_vacuum = INCREMENTAL")
                conn.execute(
                    "CREATE TABLE IF NOT EXISTS entries ("
                    " key TEXT PRIMARY KEY, meta TEXT NOT NULL, body BLOB NOT NULL,"
                    " size INTEGER NOT NULL, stored_at REAL NOT NULL, expires_at REAL NOT NULL)"
                )
                conn.execute("CREATE INDEX IF NOT EXISTS entries_stored_at ON entries (stored_at)")
                conn.execute(f"PRAGMA user_version = {_SCHEMA_VERSION}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("DELETE FROM entries WHERE expires_at <= ?", (self.clock(),))
            self._size = int(conn.execute("SELECT COALESCE(SUM(size), 0) FROM entries").fetchone()[0])
            for (stored,) in conn.execute("SELECT key FROM entries"):
                if isinstance(stored, str):
                    self._keys.add(stored)
            self._keys_ready = True
        except BaseException:
            conn.close()
            raise
        self._conn = conn

    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            raise sqlite3.DatabaseError("cache not open")
        return self._conn

    def _close(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(sqlite3.Error):
                self._conn.close()
            self._conn = None

    def _get(self, key: str) -> CachedAnswer | None:
        conn = self._db()
        row = conn.execute(
            "SELECT meta, body, stored_at, expires_at FROM entries WHERE key = ?", (key,)
        ).fetchone()
        if row is None:
            return None
        meta_text, body, stored_at, expires_at = row
        if expires_at <= self.clock():
            conn.execute("DELETE FROM entries WHERE key = ?", (key,))
            return None
        try:
            meta = json.loads(meta_text)
        except ValueError:
            meta = None
        if not isinstance(meta, dict) or not isinstance(body, bytes):
            conn.execute("DELETE FROM entries WHERE key = ?", (key,))
            return None
        return CachedAnswer(meta=meta, body=body, stored_at=float(stored_at))

    def _write_then_get(
        self, pending: Sequence[tuple[str, dict[str, Any], bytes, float, float]], key: str | None
    ) -> CachedAnswer | None:
        if pending:
            conn = self._db()
            conn.execute("BEGIN")
            try:
                for args in pending:
                    self._put(*args)
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        return self._get(key) if key is not None else None

    def _put(self, key: str, meta: dict[str, Any], body: bytes, ttl: float, now: float) -> None:
        conn = self._db()
        meta_text = json.dumps(meta, ensure_ascii=False)
        size = len(body) + len(meta_text)
        if size > self.max_entry_bytes:
            return
        conn.execute(
            "INSERT OR REPLACE INTO entries (key, meta, body, size, stored_at, expires_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (key, meta_text, body, size, now, now + ttl),
        )
        self._size += size
        if self._size > self.max_bytes:
            self._evict()

    def _evict(self) -> None:
        """Drop expired entries, then the oldest, until the bodies fit in 90 % of the bound."""
        conn = self._db()
        conn.execute("DELETE FROM entries WHERE expires_at <= ?", (self.clock(),))
        self._size = int(conn.execute("SELECT COALESCE(SUM(size), 0) FROM entries").fetchone()[0])
        target = int(self.max_bytes * 0.9)
        while self._size > target:
            rows = conn.execute("SELECT key, size FROM entries ORDER BY stored_at LIMIT 200").fetchall()
            if not rows:
                break
            freed = 0
            doomed: list[tuple[str]] = []
            for key, size in rows:
                doomed.append((key,))
                freed += int(size)
                if self._size - freed <= target:
                    break
            conn.executemany("DELETE FROM entries WHERE key = ?", doomed)
            self._size -= freed
        conn.execute("PRAGMA incremental_vacuum")
