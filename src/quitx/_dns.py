"""DNS lookups against configurable nameservers (address and port), for `_atproto` TXT records.

dnspython is imported when the first lookup runs, not at import time.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from .config import Settings
from .models import Evidence

if TYPE_CHECKING:
    import dns.asyncresolver

__all__ = ["DnsAnswer", "DnsResolver", "DnsStatus"]


class DnsStatus(StrEnum):
    OK = "ok"
    NXDOMAIN = "nxdomain"  # the name does not exist: authoritative negative
    NODATA = "nodata"  # the name exists, with no record of that type: authoritative negative
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
        import dns.exception
        import dns.resolver

        resolver = self._get()
        started = time.monotonic()

        def answer(status: DnsStatus, records: tuple[str, ...] = (), error: str | None = None) -> DnsAnswer:
            return DnsAnswer(
                name, rdtype, status, records, self.server, int((time.monotonic() - started) * 1000), error
            )

        try:
            result = await resolver.resolve(name, rdtype, search=False)
        except dns.resolver.NXDOMAIN:
            return answer(DnsStatus.NXDOMAIN)
        except dns.resolver.NoAnswer:
            return answer(DnsStatus.NODATA)
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

    async def nxdomain(self, host: str) -> DnsAnswer | None:
        """The answer proving that ``host`` does not exist at all (NXDOMAIN), else None.

        Used when a connection fails: a refused or unreachable host is "unknown", a host
        that does not exist is an authoritative negative.
        """
        answer = await self.query(host, "A")
        return answer if answer.status is DnsStatus.NXDOMAIN else None
