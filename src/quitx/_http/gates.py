"""Per-server concurrency that backs off when a server strains, and the bounded per-server state.

A server is a host, except that every ``<label>.bsky.social`` is one (`Hosts.server_of`). Each
has a `HostGate` (how many requests at a time) and a `quitx._http.limits.Bucket` for each of
its announced rate limits (``/api/*`` apart from the rest). The state of idle servers is
forgotten first, so that memory stays flat over a batch of thousands of sites.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from typing import TypeVar

import httpx

from ..config import Settings
from .limits import RETRY_STATUSES, Bucket
from .result import gaierror

__all__ = ["HOST_STATE_SIZE", "HostGate", "Hosts", "forget", "strained"]

HOST_STATE_SIZE = 1024  # per-server limits and budgets kept (idle, unpaused ones are forgotten first)
_K = TypeVar("_K")
_V = TypeVar("_V")


class HostGate:
    """Per-host concurrency, shared by the host's buckets, that backs off when the host strains.

    At most ``limit`` requests are in flight. The limit starts at the ceiling
    (``per_host_concurrency``), halves at each sign of strain — a 429, a 502/503/504,
    a timeout, a refused or reset connection, or an answer much slower than the
    host's fastest (more than ``SLOW_FACTOR`` times, and over ``SLOW_FLOOR`` seconds)
    — down to one, and grows back by one after ``limit`` answers in a row without
    strain: additive increase, multiplicative decrease, as TCP and Scrapy's
    AutoThrottle do. A server that copes gets the ceiling; one that struggles gets
    fewer requests at a time, whatever the setting says.
    """

    SLOW_FACTOR = 4.0
    SLOW_FLOOR = 1.0

    def __init__(self, ceiling: int) -> None:
        self.ceiling = max(1, ceiling)
        self.limit = self.ceiling
        self.in_flight = 0
        self.fastest: float | None = None
        self.backoffs = 0  # times the limit was halved (for tests and benchmarks)
        self._clean = 0
        # requests waiting for a slot, first come first served; a slot is handed over directly
        # (counted for the waiter before it wakes): no lock, no thundering herd
        self._waiters: deque[asyncio.Future[None]] = deque()

    @property
    def waiting(self) -> int:
        return len(self._waiters)

    async def acquire(self) -> None:
        if self.in_flight < self.limit and not self._waiters:
            self.in_flight += 1
            return
        slot = asyncio.get_running_loop().create_future()
        self._waiters.append(slot)
        try:
            await slot
        except asyncio.CancelledError:
            if slot.done() and not slot.cancelled():
                self._free()  # handed a slot, then cancelled: pass it on
            else:
                with contextlib.suppress(ValueError):
                    self._waiters.remove(slot)
            raise

    @property
    def forgettable(self) -> bool:
        """Nothing in flight or waiting, and nothing learnt: a fresh gate would behave the same."""
        return self.in_flight == 0 and not self._waiters and self.limit == self.ceiling

    def release(self, *, strained: bool, elapsed: float | None) -> None:
        if elapsed is not None and not strained:
            slow = self.fastest is not None and elapsed > max(
                self.SLOW_FLOOR, self.SLOW_FACTOR * self.fastest
            )
            self.fastest = elapsed if self.fastest is None else min(self.fastest, elapsed)
            strained = slow
        if strained:
            if self.limit > 1:
                self.backoffs += 1
            self.limit = max(1, self.limit // 2)
            self._clean = 0
        elif self.limit < self.ceiling:
            self._clean += 1
            if self._clean >= self.limit:
                self.limit += 1
                self._clean = 0
        self._free()

    def _free(self) -> None:
        self.in_flight -= 1
        while self._waiters and self.in_flight < self.limit:
            slot = self._waiters.popleft()
            if not slot.done():
                self.in_flight += 1
                slot.set_result(None)


def forget(states: OrderedDict[_K, _V], forgettable: Callable[[_V], bool], size: int) -> list[tuple[_K, _V]]:
    """Drop the least recently used entries that may go, down to ``size`` if they allow it; what
    is busy stays. The scan stops once enough were found: in a steady run the oldest may go, so a
    call costs O(1) (a full scan per request was a tenth of the engine's CPU)."""
    excess = len(states) - size
    if excess <= 0:
        return []
    doomed: list[_K] = []
    for key, state in states.items():
        if forgettable(state):
            doomed.append(key)
            if len(doomed) == excess:
                break
    return [(key, states.pop(key)) for key in doomed]


def strained(outcome: object) -> bool:
    """Whether an answer (or its absence) says the host is struggling: see `HostGate`. A name
    that does not resolve says nothing of a server (and must not slow a shared handle suffix)."""
    if isinstance(outcome, tuple):
        return outcome[0] == 429 or outcome[0] in RETRY_STATUSES
    if isinstance(outcome, httpx.ConnectError) and gaierror(outcome) is not None:
        return False
    return isinstance(
        outcome, httpx.TimeoutException | TimeoutError | httpx.ConnectError | httpx.RemoteProtocolError
    )


class Hosts:
    """The per-server state of one engine, bounded (a batch meets thousands of hosts, each
    institution's site): a `HostGate` per server, a `Bucket` per (server, ``api``/``web``), and
    the seconds each server kept requests waiting."""

    def __init__(self, settings: Settings) -> None:
        self.ceiling = settings.per_host_concurrency
        self.gates: OrderedDict[str, HostGate] = OrderedDict()
        self.buckets: OrderedDict[tuple[str, str], Bucket] = OrderedDict()
        self._handle_suffixes = tuple("." + s.lower().strip(".") for s in settings.bluesky_handle_suffixes)
        self._slept: dict[str, float] = {}  # Retry-After waits outside the buckets (503…), forgotten buckets'

    def server_of(self, host: str) -> str:
        """The unit of the per-host limit and of rate-limit pacing: the host, except that every
        ``<label>.bsky.social`` (each Bluesky handle suffix) is one server, not thousands."""
        for suffix in self._handle_suffixes:
            if host.endswith(suffix):
                return suffix[1:]
        return host

    def gate(self, server: str) -> HostGate:
        gate = self.gates.get(server)
        if gate is None:
            gate = self.gates[server] = HostGate(self.ceiling)
            if len(self.gates) > HOST_STATE_SIZE:
                forget(self.gates, lambda g: g.forgettable, HOST_STATE_SIZE)
        else:
            self.gates.move_to_end(server)
        return gate

    def bucket(self, server: str, path: str) -> Bucket:
        key = (server, "api" if path.startswith("/api/") else "web")
        bucket = self.buckets.get(key)
        if bucket is None:
            bucket = self.buckets[key] = Bucket()
            if len(self.buckets) > HOST_STATE_SIZE:
                now = time.monotonic()
                for (name, _), old in forget(self.buckets, lambda b: b.forgettable(now), HOST_STATE_SIZE):
                    if old.waited:  # keep the total for waited_seconds
                        self.slept(name, old.waited)
        else:
            self.buckets.move_to_end(key)
        return bucket

    def slept(self, host: str, seconds: float) -> None:
        """Count a pause outside the buckets (a 5xx without ``Retry-After``)."""
        self._slept[host] = self._slept.get(host, 0.0) + seconds

    def waited_seconds(self) -> dict[str, float]:
        """Seconds each host was paused (rate-limit resets, 429s, ``Retry-After``)."""
        out = dict(self._slept)
        for (host, _), bucket in self.buckets.items():
            if bucket.waited:
                out[host] = out.get(host, 0.0) + bucket.waited
        return out

    def waiting(self) -> dict[str, float]:
        """Hosts whose requests are paused right now, with the seconds left (for a progress bar)."""
        now = time.monotonic()
        out: dict[str, float] = {}
        for (host, _), bucket in self.buckets.items():
            if bucket.sleepers and bucket.pause_until > now:
                out[host] = max(out.get(host, 0.0), bucket.pause_until - now)
        return out

    def slowed(self) -> dict[str, tuple[int, int]]:
        """Servers held to fewer requests at a time than the setting, with requests waiting for
        them: ``{server: (limit now, per_host_concurrency)}`` (for a progress bar)."""
        return {
            server: (gate.limit, gate.ceiling)
            for server, gate in self.gates.items()
            if gate.limit < gate.ceiling and gate.waiting
        }
