"""Who is asking, and how much: the client's address behind trusted proxies, per-client token
buckets, the size of what a client sends.

The address is never kept as such: buckets are keyed by an HMAC of it under a key drawn when
the app starts (so the table in memory names no one, and nothing survives a restart), and a
bucket is forgotten once it is full again (at most an hour for the check budget).
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

__all__ = ["Bucket", "RateLimiter", "client_address"]

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    text = text.strip().strip('"')
    if text.startswith("[") and "]" in text:  # [v6]:port
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # v4:port
        text = text.split(":")[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _trusted(address: ipaddress.IPv4Address | ipaddress.IPv6Address, proxies: Sequence[Network]) -> bool:
    return any(address.version == net.version and address in net for net in proxies)


def client_address(peer: str | None, forwarded_for: str | None, proxies: Sequence[Network]) -> str:
    """The client's address: the peer's, unless the peer is a trusted proxy; then the nearest
    address of ``X-Forwarded-For`` (read from the right) that is not a trusted proxy. A header
    from anyone else is ignored: it is whatever the client wrote."""
    current = _address(peer or "")
    if current is None:
        return peer or "unknown"
    if not forwarded_for or not _trusted(current, proxies):
        return str(current)
    for hop in reversed(forwarded_for.split(",")[-32:]):
        address = _address(hop)
        if address is None:
            return str(current)  # a garbled hop: stop at the last address we can vouch for
        current = address
        if not _trusted(address, proxies):
            return str(address)
    return str(current)


@dataclass(frozen=True)
class Bucket:
    """``capacity`` requests at once, refilled at ``per_second``."""

    name: str
    capacity: float
    per_second: float


class RateLimiter:
    """Token buckets per client, in a bounded table keyed by an HMAC of the address."""

    def __init__(self, *, max_clients: int = 20_000, clock: Callable[[], float] = time.monotonic) -> None:
        self._key = secrets.token_bytes(32)
        self._clock = clock
        self._max = max_clients
        # (bucket, client) -> (tokens left, when counted, the bucket): most recently used last
        self._levels: OrderedDict[tuple[str, str], tuple[float, float, Bucket]] = OrderedDict()

    def _who(self, address: str) -> str:
        return hmac.new(self._key, address.encode("utf-8"), hashlib.sha256).hexdigest()[:32]

    def take(self, address: str, bucket: Bucket, cost: float = 1.0) -> float:
        """Take ``cost`` tokens: 0.0 when granted, else the seconds until they would be."""
        now = self._clock()
        key = (bucket.name, self._who(address))
        level, since, _ = self._levels.pop(key, (bucket.capacity, now, bucket))
        level = min(bucket.capacity, level + (now - since) * bucket.per_second)
        if level >= cost:
            level -= cost
            wait = 0.0
        else:
            wait = (cost - level) / bucket.per_second
        if level < bucket.capacity:  # a full bucket is the default: nothing to remember
            self._levels[key] = (level, now, bucket)
        self._forget(now)
        return wait

    def _forget(self, now: float) -> None:
        """Drop the least recently used entries that are full again (a few per call), and any
        beyond the table's bound."""
        for _ in range(8):
            if not self._levels:
                return
            key, (level, since, bucket) = next(iter(self._levels.items()))
            if level + (now - since) * bucket.per_second < bucket.capacity and len(self._levels) <= self._max:
                return
            del self._levels[key]

    def __len__(self) -> int:
        return len(self._levels)
