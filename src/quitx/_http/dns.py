"""DNS lookups against configurable nameservers (address and port), for `_atproto` TXT records
and for the proof that a host does not exist.

**A negative answer is proof only from a resolver shown to see the public DNS.** Captive portals,
offline machines and DNS filters (an institution's, that blocks social sites) answer NXDOMAIN for
names that exist. So an NXDOMAIN or a NODATA is kept as an authoritative negative only when both
hold; otherwise its status becomes `DnsStatus.UNVERIFIED` (never a negative), with the reason:

1. the answer carries, in its authority section, the SOA record of the zone it speaks for — a zone
   *above* the name for an NXDOMAIN (``fr.`` for ``nowhere.fr``; the root for a TLD that does not
   exist), the name or a zone above it for a NODATA, following the answer's CNAMEs. RFC 2308 asks
   every authoritative server for it, and public resolvers pass it on; a filter answers with no SOA
   or with its own policy zone's;
2. the same resolver resolves the canary, a name that must exist (the ``dns_canary`` setting,
   ``example.com`` by default; asked once per run): a resolver that answers NXDOMAIN to every public
   name fails it.

Neither is a proof against a resolver that forges both; the evidence names the server that answered.

dnspython is imported when the first lookup runs, not at import time.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import TYPE_CHECKING

from ..config import Settings
from ..models import Evidence

if TYPE_CHECKING:
    import dns.asyncresolver

__all__ = ["DnsAnswer", "DnsResolver", "DnsStatus", "unsupported_negative"]


class DnsStatus(StrEnum):
    OK = "ok"
    NXDOMAIN = "nxdomain"  # the name does not exist: authoritative negative
    NODATA = "nodata"  # the name exists, with no record of that type: authoritative negative
    # an NXDOMAIN or a NODATA that proves nothing: see the module docstring (``error`` says why)
    UNVERIFIED = "unverified"
    SERVFAIL = "servfail"
    TIMEOUT = "timeout"
    ERROR = "error"

    @property
    def negative(self) -> bool:
        return self in (DnsStatus.NXDOMAIN, DnsStatus.NODATA)


@dataclass(frozen=True)
class DnsAnswer:
    name: str
    rdtype: str
    status: DnsStatus
    records: tuple[str, ...]  # TXT: the strings of each record joined; A/AAAA: addresses
    server: str
    elapsed_ms: int
    error: str | None = None
    soa: str | None = None  # negative answers: the zone whose SOA the authority section holds ("" root)
    aliases: tuple[str, ...] = ()  # the CNAME targets followed, in order

    def evidence(self, step: str, outcome: str) -> Evidence:
        return Evidence(
            step=step,
            request=f"DNS {self.rdtype} {self.name} @{self.server}",
            status=None,
            outcome=outcome,
            elapsed_ms=self.elapsed_ms,
        )


class DnsResolver:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._resolver: dns.asyncresolver.Resolver | None = None
        self._canary: asyncio.Future[str | None] | None = None

    def _get(self) -> dns.asyncresolver.Resolver:
        if self._resolver is None:
            import dns.asyncresolver
            import dns.nameserver

            if self.settings.dns_nameservers:
                resolver = dns.asyncresolver.Resolver(configure=False)
                resolver.nameservers = [
                    dns.nameserver.Do53Nameserver(ns.address, ns.port) for ns in self.settings.dns_nameservers
                ]
            else:
                resolver = dns.asyncresolver.Resolver()
            resolver.lifetime = self.settings.dns_timeout
            resolver.timeout = min(self.settings.dns_timeout, 2.0)
            self._resolver = resolver
        return self._resolver

    @property
    def server(self) -> str:
        if self.settings.dns_nameservers:
            return ",".join(str(ns) for ns in self.settings.dns_nameservers)
        return "system"

    async def query(self, name: str, rdtype: str) -> DnsAnswer:
        """The answer for ``name``; a negative one is checked (see the module docstring) and becomes
        `DnsStatus.UNVERIFIED` when it proves nothing."""
        answer = await self.ask(name, rdtype)
        if not answer.status.negative:
            return answer
        problem = await self.blind_spot() or unsupported_negative(answer)
        if problem is None:
            return answer
        return replace(
            answer,
            status=DnsStatus.UNVERIFIED,
            error=f"{answer.status.value.upper()} not taken as proof: {problem}",
        )

    async def blind_spot(self) -> str | None:
        """Why this resolver is not shown to see the public DNS, or None once it resolved the canary.

        Asked once per resolver (per run); concurrent callers share the one lookup."""
        if self._canary is None:
            self._canary = asyncio.ensure_future(self._ask_canary())
        return await asyncio.shield(self._canary)

    async def _ask_canary(self) -> str | None:
        name = self.settings.dns_canary
        answer = await self.ask(name, "A")
        if answer.status is DnsStatus.OK and answer.records:
            return None
        said = answer.status.value.upper() if answer.status.negative else answer.error or answer.status.value
        return f"this DNS resolver ({self.server}) does not resolve {name}, a name that must exist ({said})"

    async def ask(self, name: str, rdtype: str) -> DnsAnswer:
        """What the resolver said, as it said it: nothing checked (`query` checks negatives)."""
        import dns.exception
        import dns.resolver

        resolver = self._get()
        started = time.monotonic()

        def answer(
            status: DnsStatus,
            records: tuple[str, ...] = (),
            error: str | None = None,
            response: object = None,
        ) -> DnsAnswer:
            soa, aliases = _authority(response)
            return DnsAnswer(
                name,
                rdtype,
                status,
                records,
                self.server,
                int((time.monotonic() - started) * 1000),
                error,
                soa,
                aliases,
            )

        try:
            result = await resolver.resolve(name, rdtype, search=False)
        except dns.resolver.NXDOMAIN as exc:
            responses = list(exc.kwargs.get("responses", {}).values())
            return answer(DnsStatus.NXDOMAIN, response=responses[-1] if responses else None)
        except dns.resolver.NoAnswer as exc:
            return answer(DnsStatus.NODATA, response=exc.kwargs.get("response"))
        except dns.resolver.NoNameservers as exc:
            return answer(DnsStatus.SERVFAIL, error=f"no nameserver answered: {exc}")
        except dns.exception.Timeout:
            return answer(DnsStatus.TIMEOUT, error=f"timeout after {self.settings.dns_timeout:g} s")
        except dns.exception.DNSException as exc:
            return answer(DnsStatus.ERROR, error=f"{type(exc).__name__}: {exc}")
        records: list[str] = []
        for rdata in result:
            if rdtype == "TXT":
                records.append(b"".join(rdata.strings).decode("utf-8", errors="replace"))
            else:
                records.append(rdata.to_text())
        return answer(DnsStatus.OK, tuple(records))

    async def nxdomain(self, host: str) -> DnsAnswer:
        """What the DNS says of ``host`` when a connection to it failed: a proven NXDOMAIN is an
        authoritative negative (the host does not exist); an `UNVERIFIED` one says the DNS looks
        offline or filtered; anything else says nothing (the failure stands)."""
        return await self.query(host, "A")


def _name(value: object) -> str:
    return str(value).lower().rstrip(".")


def _authority(response: object) -> tuple[str | None, tuple[str, ...]]:
    """The zone of the SOA in a response's authority section, and the CNAME targets of its answer."""
    if response is None:
        return None, ()
    import dns.rdatatype

    soa: str | None = None
    for rrset in getattr(response, "authority", ()):
        if rrset.rdtype == dns.rdatatype.SOA:
            soa = _name(rrset.name)
            break
    aliases = tuple(
        _name(rdata.target)
        for rrset in getattr(response, "answer", ())
        if rrset.rdtype == dns.rdatatype.CNAME
        for rdata in rrset
    )
    return soa, aliases


def _above(zone: str, name: str, *, or_self: bool) -> bool:
    if zone == "":  # the root is above every name
        return True
    return name.endswith("." + zone) or (or_self and name == zone)


def unsupported_negative(answer: DnsAnswer) -> str | None:
    """Why a negative answer does not carry the SOA of a zone that can speak for the name (None: it
    does). For an NXDOMAIN the zone is above the name (a zone's apex always exists); for a NODATA it
    may be the name itself. The name is the last of the CNAME chain."""
    final = _name(answer.aliases[-1] if answer.aliases else answer.name)
    if answer.soa is None:
        return "the answer carries no SOA record of the zone it speaks for (RFC 2308), as a filter's does"
    if not _above(answer.soa, final, or_self=answer.status is DnsStatus.NODATA):
        return f"the answer carries the SOA of {answer.soa or '.'}, a zone that cannot speak for {final}"
    return None
