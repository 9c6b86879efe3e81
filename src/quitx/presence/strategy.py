"""What a network brings to the check: a `Strategy` (what it wants, what it starts early, how it
runs), the `CheckContext` it runs in, the references it is given (`Sourced`) and what it hands
back (`NetworkResult`: raw material; the overall verdict is the orchestrator's, `run_check`).

`strategies()` finds the networks: every module or package of `quitx.presence.networks` that has
a ``STRATEGY``. Adding a network is adding one there; nothing else names it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import importlib
import pkgutil
from collections.abc import Awaitable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from .._http import HttpEngine
from ..config import Settings
from ..models import (
    Attempt,
    BlueskyRef,
    Evidence,
    FoundAccount,
    FoundBy,
    InstanceInfo,
    Institution,
    LinkPlatform,
    MastodonRef,
    Platform,
    PlatformVerdict,
    WebsiteReport,
)

__all__ = ["CheckContext", "NetworkResult", "Sourced", "Strategy", "strategies"]

E = TypeVar("E")


def _today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


@dataclass(frozen=True)
class CheckContext:
    """What every strategy of one check shares: the engine (its ``resolver`` is the DNS in use),
    the settings, the institution, and the day activity is measured from."""

    engine: HttpEngine
    settings: Settings
    institution: Institution
    today: dt.date = field(default_factory=_today)


@dataclass(frozen=True)
class Sourced:
    """A reference the institution gives (a known handle) or its homepage links to, and how it came;
    ``via`` is the platform of the homepage link that named it (None for a known handle)."""

    ref: MastodonRef | BlueskyRef
    source: FoundBy
    via: LinkPlatform | None = None


@dataclass(frozen=True)
class NetworkResult:
    """What one strategy found: its accounts described, every attempt keyed by the instance it
    belongs to (None: no instance), per-instance verdicts when the network is asked instance by
    instance (``federated``), its search by name, its evidence and the instances' facts."""

    platform: Platform
    accounts: tuple[FoundAccount, ...] = ()
    attempts: tuple[tuple[str | None, Attempt], ...] = ()
    instances: tuple[PlatformVerdict, ...] = ()
    federated: bool = False  # asked instance by instance: the overall verdict goes over instances
    search: Attempt | None = None
    evidence: tuple[Evidence, ...] = ()
    instance_info: tuple[InstanceInfo, ...] = ()
    own_server: InstanceInfo | None = None

    def merge(self, other: NetworkResult) -> NetworkResult:
        """Two strategies' results on one platform as one: everything kept, in order; the first
        search stays the search, a second one counts as an attempt (it may be unknown)."""
        extra: tuple[tuple[str | None, Attempt], ...] = ()
        search = self.search
        if search is None:
            search = other.search
        elif other.search is not None:
            extra = ((None, other.search),)
        return dataclasses.replace(
            self,
            accounts=self.accounts + other.accounts,
            attempts=self.attempts + other.attempts + extra,
            instances=self.instances + other.instances,
            federated=self.federated or other.federated,
            search=search,
            evidence=self.evidence + other.evidence,
            instance_info=self.instance_info + other.instance_info,
            own_server=self.own_server or other.own_server,
        )


class Strategy(Protocol[E]):
    """One network's way of looking for the institution."""

    @property
    def platform(self) -> Platform: ...

    def wants(self, ref: Sourced) -> bool:
        """Whether a known handle or a homepage link is this network's to look up."""
        ...

    async def early(self, ctx: CheckContext) -> E:
        """What needs nothing from the website: started with it (searches, guesses, own server)."""
        ...

    async def run(
        self, ctx: CheckContext, website: WebsiteReport | None, refs: Sequence[Sourced], early: Awaitable[E]
    ) -> NetworkResult:
        """The rest, once the homepage is read: ``refs`` are the references it `wants`."""
        ...


@functools.cache
def strategies() -> tuple[Strategy[Any], ...]:
    """Every network of `quitx.presence.networks` (a module or package with a ``STRATEGY``), in
    the order of `Platform`, then by name. Imported on the first check, once per process."""
    # found, never imported by name: the orchestrator's modules know no network (the layout test)
    networks = importlib.import_module(f"{__package__}.networks")
    found: list[tuple[int, str, Strategy[Any]]] = []
    order = list(Platform)
    for module in pkgutil.iter_modules(networks.__path__):
        loaded = importlib.import_module(f"{networks.__name__}.{module.name}")
        strategy: Strategy[Any] | None = getattr(loaded, "STRATEGY", None)
        if strategy is not None:
            found.append((order.index(strategy.platform), module.name, strategy))
    return tuple(s for _, _, s in sorted(found, key=lambda each: each[:2]))
