"""The address guard: URLs found on the internet never reach private, loopback, link-local or
translated addresses."""

from __future__ import annotations

import asyncio
import ipaddress
import socket

from ..config import Settings

__all__ = ["AddressGuard", "is_public_address"]

# Addresses that Python's ``is_global`` lets through (3.11 knows none of these) but that no URL
# found on the internet may reach: translation prefixes that lead to IPv4 addresses chosen by the
# URL (NAT64 64:ff9b::/96 and 64:ff9b:1::/48, 6to4 2002::/16 and its relay 192.88.99.0/24,
# Teredo 2001::/32, IPv4-mapped, -translated and -compatible ::/8), deprecated site-local
# fec0::/10, SRv6 SIDs 5f00::/16 and the documentation prefix 3fff::/20.
_NOT_PUBLIC = tuple(
    ipaddress.ip_network(net)
    for net in (
        "::/8",
        "64:ff9b::/96",
        "64:ff9b:1::/48",
        "2001::/32",
        "2002::/16",
        "3fff::/20",
        "5f00::/16",
        "fec0::/10",
        "192.88.99.0/24",
    )
)


def is_public_address(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Whether a URL found on the internet may reach ``address``: globally reachable, not multicast,
    and in no translation or special range (`_NOT_PUBLIC`)."""
    if not address.is_global or address.is_multicast:
        return False
    return not any(address.version == net.version and address in net for net in _NOT_PUBLIC)


async def _classify(host: str) -> str:
    """ "" when every address of ``host`` is public; else why it is refused."""
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    if literal is not None:
        addresses = [literal]
    else:
        try:
            infos = await asyncio.get_running_loop().getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
        except socket.gaierror as exc:
            return f"DNS: host name not resolved ({exc})"
        except (UnicodeError, ValueError) as exc:  # a name the resolver cannot even encode
            return f"DNS: host name not resolved ({type(exc).__name__})"
        addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]
    for address in addresses:
        if not is_public_address(address):
            return (
                f"refused: {host} resolves to a non-public address ({address}); see allow_private_addresses"
            )
    return ""


class AddressGuard:
    """Why a request to a host must not be sent (an address on a private network), or None.

    Only with quitx's own client (``enabled``: a client passed in is the caller's, and its
    transport decides where requests may go). Hosts the user named (endpoints, instances, the host
    map) are trusted; every other host — found in a link, a WebFinger answer, a DID document — must
    resolve to public addresses only. A name that does not resolve is reported as such, like the
    HTTP client would. (A name that resolves differently a moment later — DNS rebinding — is not
    covered: run quitx behind an egress firewall where that matters.)
    """

    def __init__(self, settings: Settings, *, enabled: bool) -> None:
        self.settings = settings
        self.enabled = enabled and not settings.allow_private_addresses
        self._trusted = settings.trusted_hosts()
        self._verdicts: dict[str, str] = {}  # host -> "" (public) or why it is refused

    async def refusal(self, host: str) -> str | None:
        if not self.enabled or not host:
            return None
        host = host.lower().strip("[]").rstrip(".")
        if self.settings.mapped_base(host) is not None or host in self._trusted:
            return None
        verdict = self._verdicts.get(host)
        if verdict is None:
            verdict = await _classify(host)
            self._verdicts[host] = verdict
        return verdict or None
