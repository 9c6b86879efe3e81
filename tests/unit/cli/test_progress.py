"""The one-line progress bar: silent off a terminal or when quiet, ten redraws a second at most."""

from __future__ import annotations

import io

from quitx._http import EngineStats
from quitx.batch import (
    BatchTick,
)
from quitx.cli.progress import Progress, format_duration, format_line

# --- progress -------------------------------------------------------------------------------------------


class FakeTty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_silent_when_not_a_terminal_or_quiet() -> None:
    stream = io.StringIO()
    progress = Progress(10, stream=stream)
    assert not progress.enabled
    progress.show(BatchTick(done=1, checked=1, total=10))
    progress.update(force=True)
    progress.close()
    assert stream.getvalue() == ""
    progress.message("line 3: bad")
    assert stream.getvalue() == "line 3: bad\n"  # errors are not progress
    quiet = Progress(10, stream=FakeTty(), quiet=True)
    assert not quiet.enabled


def test_progress_on_a_terminal_redraws_at_most_ten_times_a_second() -> None:
    now = [0.0]
    stream = FakeTty()
    progress = Progress(4, stream=stream, clock=lambda: now[0])
    assert progress.enabled
    progress.show(BatchTick(done=1, checked=1, total=4))
    progress.show(BatchTick(done=2, checked=2, total=4))  # same instant: not redrawn
    assert stream.getvalue().count("\r") == 1
    now[0] = 1.0
    stats = EngineStats(
        requests=12,
        http429=0,
        cache_hits=0,
        waits={"piaille.fr": 42.0, "x.fr": 0.2},
        slowed={"social.exemple.fr": (2, 8)},
    )
    progress.show(BatchTick(done=2, checked=2, total=4, stats=stats))
    last = stream.getvalue().split("\r")[-1]
    assert "2/4" in last and "12 req" in last and "waiting 42 s for piaille.fr" in last
    assert "social.exemple.fr slowed to 2/8" in last
    progress.close()
    assert stream.getvalue().endswith("\r")


def test_format_line() -> None:
    line = format_line(done=30, total=80, elapsed=10.0, checked=20, requests=400, waits={"a.fr": 65})
    assert (
        "30/80" in line and "2.0/s" in line and "ETA 25 s" in line and "waiting 1 min 05 s for a.fr" in line
    )
    assert line.startswith("[")
    assert format_line(done=3, total=None, elapsed=1.0, checked=3).startswith("3 done · 3.0/s")
    slowed = format_line(
        done=3, total=None, elapsed=1.0, checked=3, slowed={"a.fr": (4, 8), "b.fr": (1, 8)}, width=200
    )
    assert slowed.endswith("b.fr slowed to 1/8 (+1)")  # the most held back, and how many others
    assert format_duration(7300) == "2 h 01 min"
