"""The one HTTP engine every anonymous read goes through, and what it stands on.

`HttpEngine` (``engine``) sends; ``body`` decodes bodies under a cap, ``cache`` keeps answers on
disk, ``pools`` holds one small connection pool per host, ``dns`` asks the DNS itself (TXT
records, verified NXDOMAIN). Only this package and `quitx.probes` touch the network.
"""

from __future__ import annotations

from .dns import DnsAnswer, DnsResolver, DnsStatus
from .engine import EngineStats, HttpEngine
from .guard import is_public_address
from .limits import parse_reset
from .missing import DNS_HINT, Missing
from .result import HttpResult

__all__ = [
    "DNS_HINT",
    "DnsAnswer",
    "DnsResolver",
    "DnsStatus",
    "EngineStats",
    "HttpEngine",
    "HttpResult",
    "Missing",
    "is_public_address",
    "parse_reset",
]
