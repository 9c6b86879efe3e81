"""The checks of a server: a bounded queue, shared by every visitor, with the finished reports
kept for a while.

At most ``max_running`` checks run at once and ``max_waiting`` wait their turn (first come,
first served); beyond that `Checks.submit` raises `QueueFull`. Visitors asking for the same
institution share one check: while it runs they follow the same job, and once it is done its
report serves again until it expires (``ttl``; ``ttl_unknown`` when a network could not be told,
since the next try may tell). A failed check is not kept: the next visitor tries again.

A job holds only public things: the institution asked about and what servers answered. Who asked
is not part of it.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict, deque
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass

from . import library as lib

__all__ = [
    "Checks",
    "Event",
    "Failed",
    "Finished",
    "Job",
    "Networking",
    "QueueFull",
    "Queued",
    "RunCheck",
    "Started",
]

_log = logging.getLogger(__name__)

RunCheck = Callable[[lib.Institution, Callable[[lib.NetworkProgress], None]], Awaitable[lib.Report]]


@dataclass(frozen=True)
class Queued:
    position: int  # its place in the line: 1 starts next


@dataclass(frozen=True)
class Started:
    pass


@dataclass(frozen=True)
class Networking:
    progress: lib.NetworkProgress


@dataclass(frozen=True)
class Finished:
    report: lib.Report


@dataclass(frozen=True)
class Failed:
    timed_out: bool


Event = Queued | Started | Networking | Finished | Failed


class QueueFull(Exception):
    """Every place is taken: come back in ``retry_after`` seconds."""

    def __init__(self, retry_after: int) -> None:
        self.retry_after = retry_after
        super().__init__(f"the check queue is full: retry after {retry_after} s")


class Job:
    """One institution's check, followed by any number of visitors."""

    def __init__(self, key: str, institution: lib.Institution) -> None:
        self.key = key
        self.institution = institution
        self.events: list[Event] = []
        self.report: lib.Report | None = None
        self.expires: float | None = None  # set when finished
        self.reused = False  # a finished job serving a later visitor (see `again`)
        self._changed = asyncio.Event()

    def again(self) -> Job:
        """This finished job as a later visitor sees it: its answer, kept from before."""
        job = Job(self.key, self.institution)
        job.events, job.report, job.expires, job.reused = list(self.events), self.report, self.expires, True
        return job

    @property
    def done(self) -> bool:
        return bool(self.events) and isinstance(self.events[-1], Finished | Failed)

    def emit(self, event: Event) -> None:
        if self.done:
            return
        self.events.append(event)
        if isinstance(event, Finished):
            self.report = event.report
        changed, self._changed = self._changed, asyncio.Event()
        changed.set()

    async def follow(self, heartbeat: float = 15.0) -> AsyncIterator[Event | None]:
        """Every event from the first, then each new one as it comes, until the last. Progress
        that piled up while the reader was busy comes as its latest state only; ``None`` is a
        heartbeat, every ``heartbeat`` seconds without news (for proxies that close idle streams)."""
        seen = 0
        while True:
            pending = self.events[seen:]
            seen += len(pending)
            for index, event in enumerate(pending):
                later = pending[index + 1 :]
                if isinstance(event, Networking) and any(isinstance(e, Networking) for e in later):
                    continue
                yield event
            if self.done:
                return
            if seen == len(self.events):
                try:
                    await asyncio.wait_for(self._changed.wait(), heartbeat)
                except TimeoutError:
                    yield None


class Checks:
    """The queue and the shared results."""

    def __init__(
        self,
        run: RunCheck,
        *,
        max_running: int,
        max_waiting: int,
        timeout: float,
        ttl: float,
        ttl_unknown: float,
        size: int,
        retry_after: int = 30,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._run = run
        self.max_running = max_running
        self.max_waiting = max_waiting
        self.timeout = timeout
        self.ttl = ttl
        self.ttl_unknown = ttl_unknown
        self.size = size
        self.retry_after = retry_after
        self._clock = clock
        self._jobs: OrderedDict[str, Job] = OrderedDict()  # running, waiting and finished
        self._waiting: deque[Job] = deque()
        self._running = 0
        self._tasks: set[asyncio.Task[None]] = set()

    @property
    def running(self) -> int:
        return self._running

    @property
    def waiting(self) -> int:
        return len(self._waiting)

    @property
    def kept(self) -> int:
        return sum(1 for job in self._jobs.values() if job.done)

    def find(self, key: str) -> Job | None:
        """The job for ``key``, running or waiting, or finished and not yet expired."""
        job = self._jobs.get(key)
        if job is None:
            return None
        if job.expires is not None and job.expires <= self._clock():
            del self._jobs[key]
            return None
        self._jobs.move_to_end(key)
        return job

    def submit(self, key: str, institution: lib.Institution) -> Job:
        """A new job for ``key`` (call `find` first); `QueueFull` when there is no room."""
        if self._running >= self.max_running and len(self._waiting) >= self.max_waiting:
            raise QueueFull(self.retry_after)
        job = Job(key, institution)
        self._jobs[key] = job
        self._trim()
        if self._running < self.max_running:
            self._start(job)
        else:
            self._waiting.append(job)
            job.emit(Queued(position=len(self._waiting)))
        return job

    def _trim(self) -> None:
        finished = [key for key, job in self._jobs.items() if job.done]
        for key in finished[: max(0, len(self._jobs) - self.size)]:
            del self._jobs[key]

    def _start(self, job: Job) -> None:
        self._running += 1
        job.emit(Started())
        task = asyncio.get_running_loop().create_task(self._check(job))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _check(self, job: Job) -> None:
        try:
            async with asyncio.timeout(self.timeout):
                report = await self._run(job.institution, lambda p: job.emit(Networking(p)))
        except TimeoutError:
            _log.warning("a check was abandoned after %.0f s", self.timeout)
            self._forget(job)
            job.emit(Failed(timed_out=True))
        except Exception:
            _log.exception("a check failed")  # the institution is public; who asked is not logged
            self._forget(job)
            job.emit(Failed(timed_out=False))
        else:
            keep = self.ttl if report.settled else min(self.ttl, self.ttl_unknown)
            job.expires = self._clock() + keep
            job.emit(Finished(report))
            if keep <= 0:
                self._forget(job)
        finally:
            self._running -= 1
            self._next()

    def _forget(self, job: Job) -> None:
        if self._jobs.get(job.key) is job:
            del self._jobs[job.key]

    def _next(self) -> None:
        while self._waiting and self._running < self.max_running:
            self._start(self._waiting.popleft())
        for position, job in enumerate(self._waiting, 1):
            job.emit(Queued(position=position))

    async def aclose(self) -> None:
        """Cancel the checks still running (the server stops)."""
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._waiting.clear()
