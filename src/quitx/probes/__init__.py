"""One module per source. Only these modules and ``quitx._http`` touch the network."""

from __future__ import annotations

from .._http import HttpResult

__all__ = ["name_not_resolved"]


def name_not_resolved(result: HttpResult) -> bool:
    """Whether a failed request never reached any server because the host name did not resolve
    (or was refused before any lookup). Only then may a DNS NXDOMAIN prove that the host does not
    exist: a dropped or refused connection proves that something answered at that name."""
    error = result.error or ""
    return result.status is None and error.startswith(("DNS:", "refused: host is not in the host map"))
