"""A running check's progress as the lines a visitor reads: queued, started, the requests so far
and the servers it waits for, finished or failed."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator

from . import library as lib
from .jobs import Event, Failed, Finished, Job, Networking, Queued, Started
from .wording import Words

__all__ = ["progress_line", "progress_lines"]


def progress_line(event: Event, w: Words, name: str) -> tuple[str, str] | None:
    """(kind, text) of one progress event."""
    if isinstance(event, Queued):
        return "queued", w("queued", position=event.position)
    if isinstance(event, Started):
        return "started", w("started", name=name)
    if isinstance(event, Networking):
        p = event.progress
        text = w("network", requests=p.requests, cached=p.cached)
        if p.waiting:
            hosts = lib.Lang(w.language).join([lib.remote_text(h, limit=100) for h in p.waiting[:3]])
            text += " " + w("waiting", hosts=hosts)
        return "network", text
    if isinstance(event, Finished):
        return "finished", w("finished")
    if isinstance(event, Failed):
        return "failed", w("timed_out" if event.timed_out else "failed")
    return None


async def progress_lines(
    job: Job, w: Words, name: str, every: float
) -> AsyncIterator[tuple[str, str] | None]:
    """The lines to show while ``job`` runs (``None``: a heartbeat); a job that another visitor's
    check finished before says so in one line. Network lines come at most every ``every`` seconds."""
    if job.report is not None and job.done and job.reused:
        checked = lib.Lang(w.language).date(job.report.checked_at.date())
        yield "cached", w("cached", when=checked)
        return
    last = 0.0
    async for event in job.follow():
        if event is None:
            yield None
            continue
        if isinstance(event, Networking):
            now = time.monotonic()
            if now - last < every:
                continue
            last = now
        line = progress_line(event, w, name)
        if line is not None:
            yield line
