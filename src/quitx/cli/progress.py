"""A one-line progress bar on stderr for long runs (``quitx batch``).

It shows the count done (over the total when the input was counted first), the rate, the time
left, the requests sent, the hosts quitx is waiting for ("waiting 42 s for piaille.fr") and those
it sends fewer requests at a time because they strain ("piaille.fr slowed to 2/8"). It is
redrawn in place with ``\\r`` at most ten times a second, and says nothing at all when the stream
is not a terminal or when asked to be quiet. It never uses colour (so ``NO_COLOR`` is honoured as
it is). Standard library only: importing it costs nothing.
"""

from __future__ import annotations

import shutil
import sys
import time
from collections.abc import Callable, Mapping
from typing import IO, TYPE_CHECKING

from .._text import inert, inert_block

if TYPE_CHECKING:
    from .._http import EngineStats
    from ..batch import BatchTick

__all__ = ["Progress", "format_duration", "format_line"]

_MIN_INTERVAL = 0.1  # seconds between two redraws


def format_duration(seconds: float) -> str:
    """``42 s``, ``3 min 05 s``, ``2 h 07 min``."""
    seconds = max(0, round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes, secs = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {secs:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


def format_line(
    *,
    done: int,
    total: int | None,
    elapsed: float,
    checked: int,
    requests: int | None = None,
    http429: int | None = None,
    cache_hits: int | None = None,
    waits: Mapping[str, float] | None = None,
    slowed: Mapping[str, tuple[int, int]] | None = None,
    width: int = 100,
) -> str:
    """The progress line, at most ``width`` characters.

    ``done`` counts every row handled (skipped and bad rows included), ``checked`` those checked in
    this run: the rate and the time left come from ``checked`` over ``elapsed``.
    """
    rate = checked / elapsed if elapsed > 0 else 0.0
    parts: list[str] = []
    if total is not None and total > 0:
        parts.append(f"{done}/{total}")
    else:
        parts.append(f"{done} done")
    parts.append(f"{rate:.1f}/s")
    if total is not None and total > done and rate > 0:
        parts.append(f"ETA {format_duration((total - done) / rate)}")
    if requests is not None:
        parts.append(f"{requests} req")
    if cache_hits:
        parts.append(f"{cache_hits} cached")
    if http429:
        parts.append(f"{http429}×429")
    if waits:
        host, seconds = max(waits.items(), key=lambda kv: kv[1])
        more = f" (+{len(waits) - 1})" if len(waits) > 1 else ""
        parts.append(f"waiting {format_duration(seconds)} for {inert(host)}{more}")
    if slowed:
        host, (limit, ceiling) = min(slowed.items(), key=lambda kv: kv[1][0] / kv[1][1])
        more = f" (+{len(slowed) - 1})" if len(slowed) > 1 else ""
        parts.append(f"{inert(host)} slowed to {limit}/{ceiling}{more}")
    text = " · ".join(parts)
    if total is not None and total > 0:
        bar_width = min(30, width - len(text) - 3)
        if bar_width >= 10:
            filled = min(bar_width, round(bar_width * done / total))
            text = "[" + "#" * filled + "-" * (bar_width - filled) + "] " + text
    return text[:width]


class Progress:
    """The live line. ``show(tick)`` or ``update()`` as often as you like; it redraws at most every 0.1 s.

    ``message(text)`` prints a line above the bar (an error for a bad row, say) without garbling
    it. ``enabled`` is False when ``stream`` is not a terminal or ``quiet`` is set: then no bar is
    drawn, and ``message`` still prints (errors are not progress).
    """

    def __init__(
        self,
        total: int | None = None,
        *,
        stream: IO[str] | None = None,
        quiet: bool = False,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stream: IO[str] = stream if stream is not None else sys.stderr
        self.quiet = quiet
        isatty = getattr(self.stream, "isatty", None)
        self.enabled = not quiet and bool(isatty and isatty())
        self.total = total
        self.done = 0
        self.checked = 0
        self.requests: int | None = None
        self.http429: int | None = None
        self.cache_hits: int | None = None
        self.waits: dict[str, float] = {}
        self.slowed: dict[str, tuple[int, int]] = {}
        self._clock = clock
        self._started = clock()
        self._last_draw = float("-inf")
        self._drawn = 0  # length of the line on screen
        self._text = ""

    def show(self, tick: BatchTick) -> None:
        """Where the run is now (`quitx.batch.BatchTick`): redrawn at most every 0.1 s."""
        self.done, self.checked, self.total = tick.done, tick.checked, tick.total
        self.set_counters(tick.stats)
        self.update()

    def set_counters(self, stats: EngineStats | None) -> None:
        """The HTTP engine's counters (kept as they were when ``stats`` is None)."""
        if stats is None:
            return
        self.requests = stats.requests
        self.http429 = stats.http429
        self.cache_hits = stats.cache_hits
        self.waits = {h: s for h, s in stats.waits.items() if s >= 1}
        self.slowed = dict(stats.slowed)

    def line(self) -> str:
        width = shutil.get_terminal_size((100, 24)).columns - 1
        return format_line(
            done=self.done,
            total=self.total,
            elapsed=self._clock() - self._started,
            checked=self.checked,
            requests=self.requests,
            http429=self.http429,
            cache_hits=self.cache_hits,
            waits=self.waits,
            slowed=self.slowed,
            width=max(20, width),
        )

    def update(self, *, force: bool = False) -> None:
        if not self.enabled:
            return
        now = self._clock()
        if not force and now - self._last_draw < _MIN_INTERVAL:
            return
        self._last_draw = now
        text = self.line()
        if text == self._text and not force:
            return
        self._text = text
        pad = " " * max(0, self._drawn - len(text))
        self.stream.write("\r" + text + pad)
        self.stream.flush()
        self._drawn = len(text)

    def _clear(self) -> None:
        if self.enabled and self._drawn:
            self.stream.write("\r" + " " * self._drawn + "\r")
            self._drawn = 0
            self._text = ""

    def message(self, text: str) -> None:
        """A line for people above the bar (never hidden by it; printed even when quiet)."""
        self._clear()
        self.stream.write(inert_block(text) + "\n")
        self.stream.flush()
        self._last_draw = float("-inf")
        self.update()

    def notice(self, text: str) -> None:
        """A notice of the run (a bad row, a letter not written…), as ``quitx: …`` above the bar."""
        self.message(f"quitx: {text}")

    def close(self) -> None:
        """Erase the bar (the printed summary says the rest)."""
        self._clear()
        if self.enabled:
            self.stream.flush()
