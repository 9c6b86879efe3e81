"""The one place where a failed request may prove that a host does not exist.

A request that never reached a server because its host name did not resolve may be a host that
does not exist — or a DNS that is offline or filtered. Only a verified NXDOMAIN (`quitx._http.dns`)
of a host the settings do not name proves the former; probes ask `HttpEngine.host_missing` and
never decide it themselves (the host map and the trusted servers are settings, read here).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from ..config import Settings
from ..models import Evidence
from .dns import DnsResolver, DnsStatus
from .result import HttpResult

__all__ = ["DNS_HINT", "Missing", "host_missing", "name_not_resolved"]

DNS_HINT = "your DNS looks offline or filtered"


def name_not_resolved(result: HttpResult) -> bool:
    """Whether a failed request never reached any server because the host name did not resolve
    (or was refused before any lookup). Only then may a DNS NXDOMAIN prove that the host does not
    exist: a dropped or refused connection proves that something answered at that name."""
    error = result.error or ""
    return result.status is None and error.startswith(("DNS:", "refused: host is not in the host map"))


@dataclass(frozen=True)
class Missing:
    """What the DNS says of a host that a request could not reach, when it says something."""

    proven: bool  # True: the host does not exist (a verified NXDOMAIN); False: the DNS is to doubt
    evidence: Evidence
    detail: str  # "x.fr does not exist (DNS NXDOMAIN)", or the doubt with the hint


async def host_missing(
    settings: Settings, resolver: DnsResolver, host: str, result: HttpResult
) -> Missing | None:
    """Whether ``host`` does not exist, when ``result`` never reached a server because the name did
    not resolve (the one place where an NXDOMAIN may become "absent").

    ``None``: the DNS was not asked — the request reached something (a refused connection proves
    that a host answered), ``host`` is an IP address or in the host map — or it says nothing more
    than the failure (the name resolves there, SERVFAIL, timeout). A verified NXDOMAIN proves the
    host does not exist, except for a server the settings name (an endpoint, an instance): such a
    server does not vanish, so its NXDOMAIN, like an unverified one (see `quitx._http.dns`), says
    that the DNS looks offline or filtered: unknown, with `Reason.DNS_UNVERIFIED`.
    """
    host = host.strip().lower().strip("[]").rstrip(".")
    if not host or not name_not_resolved(result) or settings.mapped_base(host) is not None:
        return None
    try:
        ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        return None  # an address has no name to look up
    answer = await resolver.nxdomain(host)
    if answer.status is DnsStatus.NXDOMAIN:
        if host not in settings.trusted_hosts():
            return Missing(
                True,
                answer.evidence("dns-a", f"NXDOMAIN: {host} does not exist"),
                f"{host} does not exist (DNS NXDOMAIN)",
            )
        why = f"NXDOMAIN for {host}, a server the settings name: it does not vanish"
    elif answer.status is DnsStatus.UNVERIFIED:
        why = answer.error or "NXDOMAIN not taken as proof"
    else:
        return None
    return Missing(
        False,
        answer.evidence("dns-a", why),
        f"{host} did not resolve, and {DNS_HINT} ({why})",
    )
