"""Many institutions through one engine: `check_many` and its result, `CheckMany` (iterated with
``for`` or ``async for``), each institution's outcome a `BatchItem`."""

from __future__ import annotations

import asyncio
import contextlib
import queue as queue_module
import tempfile
import threading
from collections.abc import AsyncIterator, Iterable, Iterator

import httpx
from pydantic import BaseModel, ConfigDict

from .._defaults import BATCH_CONCURRENCY
from .._http import DnsResolver, EngineStats
from .._http.cache import HttpCache
from ..config import Settings, load_settings
from ..lookup import Prober
from ..models import Institution, Report, as_institution
from .run import run_check

__all__ = ["BatchItem", "CheckMany", "check_many"]

SCRATCH_ENTRY_BYTES = 64 * 1024  # a homepage is read once per run: not worth keeping


class BatchItem(BaseModel):
    """One institution's outcome in a batch: its report, or the error that stopped its check."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    index: int  # position in the input
    institution: Institution
    report: Report | None = None
    error: str | None = None


class CheckMany:
    """Check many institutions through one engine, ``concurrency`` at a time, yielding each
    result as it finishes (completion order; ``index`` says the input order).

    ``async for item in quitx.check_many(institutions)`` or, from plain code,
    ``for item in quitx.check_many(institutions)``. The input is read lazily, so memory stays flat
    for long inputs. One failing check (a bug) gives an item with ``error`` and the batch goes on.
    """

    def __init__(
        self,
        institutions: Iterable[Institution | str],
        *,
        settings: Settings | None = None,
        client: httpx.AsyncClient | None = None,
        resolver: DnsResolver | None = None,
        concurrency: int = BATCH_CONCURRENCY,
    ) -> None:
        self.institutions = institutions
        self.settings = settings
        self.client = client
        self.resolver = resolver
        self.concurrency = max(1, concurrency)
        self.prober: Prober | None = None  # while running

    def stats(self) -> EngineStats | None:
        """The engine's counters now (requests, 429s, cache hits, paused and slowed hosts), while
        the run goes on; None before it starts."""
        return self.prober.engine.stats() if self.prober is not None else None

    async def __aiter__(self) -> AsyncIterator[BatchItem]:
        settings = self.settings if self.settings is not None else load_settings()
        with contextlib.ExitStack() as stack:
            scratch = None
            if not settings.cache:
                # no request twice in a run, in flat memory: the engine's in-run memo is bounded,
                # so without the HTTP cache a run keeps the small answers that settle something
                # (a 404 WebFinger, a DID document) in a scratch store, deleted at the end
                directory = stack.enter_context(tempfile.TemporaryDirectory(prefix="quitx-run-"))
                scratch = HttpCache(
                    directory,
                    min_ttl=max(settings.cache_min_ttl, 86400.0),
                    max_ttl=max(settings.cache_max_ttl, 86400.0),
                    max_bytes=settings.cache_max_mb * 1024 * 1024,
                    max_entry_bytes=SCRATCH_ENTRY_BYTES,
                    anonymous_private=settings.cache_anonymous_private,
                )
            try:
                async for item in self._run(settings, scratch):
                    yield item
            finally:
                if scratch is not None:
                    await scratch.aclose()

    async def _run(self, settings: Settings, scratch: HttpCache | None) -> AsyncIterator[BatchItem]:
        queue: asyncio.Queue[BatchItem | None] = asyncio.Queue(maxsize=self.concurrency * 2)
        source = iter(enumerate(as_institution(i) for i in self.institutions))
        async with Prober(settings, client=self.client, cache=scratch, resolver=self.resolver) as prober:
            self.prober = prober

            async def worker() -> None:
                for index, institution in source:  # shared iterator: each item taken once
                    try:
                        report = await run_check(prober, institution)
                        item = BatchItem(index=index, institution=institution, report=report)
                    except Exception as exc:  # one bad check must not stop the batch
                        item = BatchItem(
                            index=index, institution=institution, error=f"{type(exc).__name__}: {exc}"
                        )
                    await queue.put(item)

            async def run_workers() -> None:
                try:
                    await asyncio.gather(*(worker() for _ in range(self.concurrency)))
                finally:
                    await queue.put(None)

            runner = asyncio.ensure_future(run_workers())
            try:
                while (item := await queue.get()) is not None:
                    yield item
            finally:
                runner.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await runner

    def __iter__(self) -> Iterator[BatchItem]:
        """The sync face: the async run in a background thread, items handed over one by one."""
        items: queue_module.Queue[BatchItem | BaseException | None] = queue_module.Queue(
            maxsize=self.concurrency * 2
        )
        stop = threading.Event()

        async def pump() -> None:
            async for item in self:
                if stop.is_set():
                    break
                items.put(item)

        def run() -> None:
            try:
                asyncio.run(pump())
            except BaseException as exc:  # handed to the consumer
                items.put(exc)
            finally:
                items.put(None)

        thread = threading.Thread(target=run, name="quitx-check-many", daemon=True)
        thread.start()
        try:
            while (item := items.get()) is not None:
                if isinstance(item, BaseException):
                    raise item
                yield item
        finally:
            stop.set()
            while thread.is_alive():  # let the pump finish its put and see the stop
                with contextlib.suppress(queue_module.Empty):
                    items.get(timeout=0.1)


def check_many(
    institutions: Iterable[Institution | str],
    *,
    settings: Settings | None = None,
    client: httpx.AsyncClient | None = None,
    resolver: DnsResolver | None = None,
    concurrency: int = BATCH_CONCURRENCY,
) -> CheckMany:
    """Check many institutions (or names); iterate the result with ``async for`` or ``for``: a
    `CheckMany`, the one function of quitx whose result is both. ``client`` and ``resolver``: see
    `quitx.Prober`."""
    return CheckMany(
        institutions, settings=settings, client=client, resolver=resolver, concurrency=concurrency
    )
