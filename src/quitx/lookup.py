"""Does this account exist already? One reference in, a verdict with its evidence out."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from types import TracebackType

import httpx

from ._http import HttpEngine
from ._http.cache import HttpCache
from ._http.dns import DnsResolver
from ._sync import run_sync
from .config import Settings, load_settings
from .handles import parse_ref
from .models import AccountRef, BlueskyRef, ExistsResult, Reason, Verdict
from .probes import exists_result
from .probes.bluesky import lookup_bluesky
from .probes.mastodon import lookup_mastodon

__all__ = ["Prober", "aexists", "aexists_many", "exists", "exists_many"]

_log = logging.getLogger(__name__)


class Prober:
    """The engine for a run (and its DNS resolver, ``engine.resolver``): share one across many checks.

    ``client`` (an ``httpx.AsyncClient``: a transport, a proxy) and ``resolver`` (a `DnsResolver`)
    are used as given instead of the ones quitx would make; quitx closes only what it opened. A
    client is used inside the event loop of the call it is given to."""

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        client: httpx.AsyncClient | None = None,
        cache: HttpCache | None = None,
        resolver: DnsResolver | None = None,
    ) -> None:
        self.settings = settings if settings is not None else load_settings()
        self.engine = HttpEngine(self.settings, client, cache=cache, resolver=resolver)

    @property
    def dns(self) -> DnsResolver:
        """The DNS resolver in use: the one given, or the engine's own."""
        return self.engine.resolver

    async def __aenter__(self) -> Prober:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.engine.aclose()

    async def exists(self, ref: str | AccountRef) -> ExistsResult:
        parsed = parse_ref(ref) if isinstance(ref, str) else ref
        try:
            if isinstance(parsed, BlueskyRef):
                return await lookup_bluesky(self.engine, parsed)
            return await lookup_mastodon(self.engine, parsed)
        except Exception as exc:  # one reference's bug must not sink the others
            # the probes read every remote answer defensively; should one still slip through, it
            # is this reference that cannot be told, not the whole run (and never "absent")
            _log.warning("checking %s failed on a remote answer", parsed, exc_info=True)
            return exists_result(
                parsed,
                Verdict.UNKNOWN,
                Reason.BAD_RESPONSE,
                f"cannot tell: quitx could not read an answer ({type(exc).__name__}: {str(exc)[:200]}); "
                "this is a bug in quitx, please report it",
                (),
            )


async def aexists(
    ref: str | AccountRef,
    *,
    settings: Settings | None = None,
    client: httpx.AsyncClient | None = None,
    resolver: DnsResolver | None = None,
) -> ExistsResult:
    """Check one account. ``ref`` is anything `quitx.parse_ref` takes, or a parsed reference.

    Never raises for a missing or unreachable account: see ``verdict``, ``reason``
    and ``evidence`` on the result. Raises `quitx.InvalidReferenceError`
    for text that is not a reference. ``client`` and ``resolver``: see `Prober`.
    """
    parsed = parse_ref(ref) if isinstance(ref, str) else ref
    async with Prober(settings, client=client, resolver=resolver) as prober:
        return await prober.exists(parsed)


async def aexists_many(
    refs: Iterable[str | AccountRef],
    *,
    settings: Settings | None = None,
    client: httpx.AsyncClient | None = None,
    resolver: DnsResolver | None = None,
) -> list[ExistsResult]:
    """Check several accounts concurrently through one engine; results in the order given."""
    parsed = [parse_ref(r) if isinstance(r, str) else r for r in refs]
    async with Prober(settings, client=client, resolver=resolver) as prober:
        return list(await asyncio.gather(*(prober.exists(r) for r in parsed)))


def exists(
    ref: str | AccountRef,
    *,
    settings: Settings | None = None,
    client: httpx.AsyncClient | None = None,
    resolver: DnsResolver | None = None,
) -> ExistsResult:
    """The sync face of `aexists` (it runs its own event loop: a ``client`` is used in it)."""
    return run_sync(aexists(ref, settings=settings, client=client, resolver=resolver))


def exists_many(
    refs: Iterable[str | AccountRef],
    *,
    settings: Settings | None = None,
    client: httpx.AsyncClient | None = None,
    resolver: DnsResolver | None = None,
) -> list[ExistsResult]:
    """The sync face of `aexists_many`."""
    return run_sync(aexists_many(refs, settings=settings, client=client, resolver=resolver))
