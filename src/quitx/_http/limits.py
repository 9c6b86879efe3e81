"""Rate limits: what a server's headers say, and the token budget that keeps quitx under them.

Manners: a server that announces its limit must never answer 429. Each (host, bucket) — ``api``
for ``/api/*`` (Mastodon throttles it apart), ``web`` for the rest — keeps a token budget
(`Bucket`) learnt from every response's ``X-RateLimit-*`` / ``RateLimit-*`` headers. A token is
taken *before* a request is sent, so requests in flight count; after each answer the budget
becomes the server's ``Remaining`` minus what is still in flight (a conservative estimate: it can
only be too low). An empty budget waits for the reset, then ONE request goes alone to learn the
new window, and the others follow. Until a bucket's first answer is in, its first request also
goes alone; a bucket whose answers carry no rate-limit header is paced by the per-host limit only
(`quitx._http.gates.HostGate`). Waiting for a reset holds no connection slot, so other hosts go
on meanwhile.

Resets are read from ``Retry-After`` (seconds or an HTTP date), ``X-RateLimit-Reset`` (ISO-8601,
Mastodon) and ``RateLimit-Reset`` (epoch, Bluesky; seconds from now in the IETF draft).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import email.utils
import math
import time
from collections.abc import Mapping

__all__ = ["DEFAULT_429_WAIT", "RETRY_STATUSES", "Bucket", "parse_reset", "read_limits", "retry_after"]

RETRY_STATUSES = frozenset({502, 503, 504})  # "come back later": retried, and a sign of strain


def parse_reset(headers: Mapping[str, str], now: float | None = None) -> float | None:
    """Seconds to wait before the server accepts requests again, from its headers.

    ``Retry-After`` (seconds or HTTP date), ``X-RateLimit-Reset`` (Mastodon: an
    ISO-8601 timestamp) and ``RateLimit-Reset`` (Bluesky: epoch seconds; the IETF
    draft: seconds from now). ``None`` if no header says.
    """
    now = time.time() if now is None else now
    waits: list[float] = []
    retry_after = headers.get("retry-after")
    if retry_after:
        value = retry_after.strip()
        if value.isascii() and value.isdigit():
            waits.append(float(value))
        else:
            try:
                when = email.utils.parsedate_to_datetime(value)
            except (TypeError, ValueError, IndexError, OverflowError):
                when = None
            if when is not None:
                if when.tzinfo is None:
                    when = when.replace(tzinfo=dt.UTC)
                waits.append(when.timestamp() - now)
    for name in ("x-ratelimit-reset", "ratelimit-reset"):
        raw = headers.get(name)
        if not raw:
            continue
        raw = raw.strip()
        try:
            number = float(raw)
        except ValueError:
            try:
                when = dt.datetime.fromisoformat(raw.replace("Z", "+00:00"))
            except (ValueError, OverflowError):
                continue
            if when.tzinfo is None:
                when = when.replace(tzinfo=dt.UTC)
            waits.append(when.timestamp() - now)
        else:
            # an epoch timestamp is large; a delta is small
            waits.append(number - now if number > 1_000_000_000 else number)
    waits = [w for w in waits if math.isfinite(w)]  # "inf", "nan": a header that says nothing
    if not waits:
        return None
    return max(0.0, max(waits))


def retry_after(headers: Mapping[str, str]) -> float | None:
    """A 5xx's ``Retry-After`` in seconds (its rate-limit headers speak of the window, not of it)."""
    value = headers.get("retry-after")
    return None if value is None else parse_reset({"retry-after": value})


def _header_number(headers: Mapping[str, str], *names: str) -> int | None:
    for name in names:
        raw = headers.get(name)
        if raw is not None:
            try:
                return int(float(raw.strip()))
            except (ValueError, OverflowError):  # "nan", "inf"
                return None
    return None


def read_limits(headers: Mapping[str, str], now: float | None = None) -> tuple[int, float] | None:
    """``(remaining, seconds to the reset)`` from a response's rate-limit headers, ``None`` if it has
    none. A missing or unreadable reset counts as one second (then the budget is learnt again)."""
    remaining = _header_number(headers, "x-ratelimit-remaining", "ratelimit-remaining")
    if remaining is None:
        return None
    reset = parse_reset(
        {k: v for k, v in headers.items() if k in ("x-ratelimit-reset", "ratelimit-reset")}, now=now
    )
    return max(0, remaining), 1.0 if reset is None else reset


# seconds added to a server's reset before the next window is used: its clock and ours differ a little
RESET_MARGIN = 0.05
DEFAULT_429_WAIT = 1.0  # a 429 without any reset header


class Bucket:
    """The token budget of one (host, bucket): see the module docstring."""

    def __init__(self) -> None:
        self.learning = True  # the next request goes alone, the others wait for its answer
        self.probing = False  # that request is in flight
        self.limited = False  # answers carry rate-limit headers: the budget applies
        self.budget = 0  # requests that may still be sent before the reset
        self.reset_at = 0.0  # monotonic time of the server's next window
        self.pause_until = 0.0  # monotonic time before which nothing is sent (reset, 429)
        self.in_flight = 0  # tokens taken and not yet answered
        self.sleepers = 0  # requests waiting for pause_until
        self.waited = 0.0  # seconds this bucket was paused while someone waited
        self._accounted_until = 0.0
        self._changed = asyncio.Event()

    def _notify(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    async def acquire(self, max_wait: float) -> tuple[float | None, bool]:
        """Take a token: ``(None, probe)``, or ``(seconds, False)`` when the wait would exceed
        ``max_wait`` (nothing taken: the caller reports RATE_LIMITED)."""
        while True:
            now = time.monotonic()
            if self.pause_until > now:
                wait = self.pause_until - now
                if wait > max_wait:
                    return wait, False
                await self._sleep(now, wait)
                continue
            if self.learning:
                if self.probing:
                    await self._changed.wait()
                    continue
                self.probing = True
                self.in_flight += 1
                return None, True
            if self.limited and self.budget <= 0:
                if self.reset_at > now:
                    self.pause_until = max(self.pause_until, self.reset_at + RESET_MARGIN)
                else:  # the window turned over: learn the new one with one request
                    self.learning = True
                continue
            if self.limited:
                self.budget -= 1
            self.in_flight += 1
            return None, False

    async def _sleep(self, now: float, wait: float) -> None:
        start = max(now, self._accounted_until)
        if self.pause_until > start:
            self.waited += self.pause_until - start
            self._accounted_until = self.pause_until
        self.sleepers += 1
        try:
            await asyncio.sleep(wait)
        finally:
            self.sleepers -= 1

    def release(self, probe: bool, status: int | None, headers: Mapping[str, str]) -> None:
        """Give the token back with what the answer taught (``status`` ``None``: nothing came)."""
        self.in_flight -= 1
        if probe:
            self.probing = False
        now = time.monotonic()
        limits = read_limits(headers) if status is not None else None
        if status in RETRY_STATUSES:  # "come back later", said with a 502/503/504: nothing goes before
            wait = retry_after(headers)
            if wait is not None:
                self.pause_until = max(self.pause_until, now + wait + RESET_MARGIN)
        if status == 429:
            wait = parse_reset(headers)
            self.pause_until = max(
                self.pause_until, now + (DEFAULT_429_WAIT if wait is None else wait) + RESET_MARGIN
            )
            self.budget = 0
            self.limited = self.limited or limits is not None
            self.learning = True  # after the pause, one request alone again
        elif limits is not None:
            remaining, reset_in = limits
            reset_at = now + reset_in
            estimate = remaining - self.in_flight
            if probe or (not self.learning and (not self.limited or reset_at >= self.reset_at)):
                # the freshest word on the current (or a newer) window
                self.budget, self.reset_at = estimate, max(reset_at, now)
            else:  # an answer from an older window, or overtaken by a relearning: only lower
                self.budget = min(self.budget, estimate)
            self.limited = True
            if probe:
                self.learning = False
        elif probe and (status is not None or not self.limited):
            # an answer without headers, or a failure on a host never seen limited: nothing to learn,
            # the others go (a known-limited host that fails keeps probing one request at a time)
            self.learning = False
        self._notify()

    def forgettable(self, now: float) -> bool:
        """Idle, not paused, and no window of the server's still running: a fresh bucket (which
        sends one request alone to learn the limits) would be as safe."""
        return (
            self.in_flight == 0
            and self.sleepers == 0
            and not self.probing
            and self.pause_until <= now
            and (not self.limited or self.reset_at <= now)
        )

    def cancel(self, probe: bool) -> None:
        """Give back a token that was never used for a send."""
        self.in_flight -= 1
        if self.limited and not probe:
            self.budget += 1
        if probe:
            self.probing = False
        self._notify()
