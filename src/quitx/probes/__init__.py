"""One module per source. Only these modules and ``quitx._http`` touch the network."""

from __future__ import annotations

import datetime as dt
import ipaddress
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ValidationError,
    ValidatorFunctionWrapHandler,
    WrapValidator,
)

from .._http import HttpEngine, HttpResult
from .._http.dns import DnsResolver, DnsStatus
from ..models import (
    BlueskyAccount,
    BlueskyRef,
    Evidence,
    ExistsResult,
    MastodonAccount,
    MastodonRef,
    Platform,
    Reason,
    Verdict,
)

__all__ = [
    "DNS_HINT",
    "Lenient",
    "Missing",
    "exists_result",
    "host_missing",
    "name_not_resolved",
    "read_items",
    "read_model",
    "readable",
]

_M = TypeVar("_M", bound=BaseModel)
_T = TypeVar("_T")


def _or_none(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    try:
        return handler(value)
    except ValidationError:
        return None


# An optional fact a server may fill oddly (a date of year 0000, a count as text): None then, and the
# rest of the object is still read. Only for facts a verdict does not stand on.
Lenient = Annotated[_T | None, WrapValidator(_or_none)]


def read_items(model: type[_M], value: Any) -> tuple[list[_M], list[Any]]:
    """The items of a list that read as ``model``, and those that do not (each item on its own:
    one malformed entry in a list of hits or fields is unreadable evidence for that entry only)."""
    good: list[_M] = []
    bad: list[Any] = []
    for item in value if isinstance(value, list) else ():
        try:
            good.append(model.model_validate(item))
        except ValidationError:
            bad.append(item)
    return good, bad


def readable(model: type[_M]) -> BeforeValidator:
    """For a list field: keep the items that read as ``model``, drop the others."""
    return BeforeValidator(lambda value: read_items(model, value)[0])


DNS_HINT = "your DNS looks offline or filtered"


def read_model(result: HttpResult, model: type[_M], *, any_status: bool = False) -> _M | None:
    """The body as ``model``, or None when it is not one (or, unless ``any_status``, not a 2xx)."""
    if not (result.ok or any_status):
        return None
    try:
        return model.model_validate(result.json())
    except ValidationError:
        return None


def exists_result(
    ref: MastodonRef | BlueskyRef,
    verdict: Verdict,
    reason: Reason,
    detail: str,
    evidence: Sequence[Evidence],
    account: MastodonAccount | BlueskyAccount | None = None,
    retry_after: float | None = None,
) -> ExistsResult:
    """The answer to "does this account exist?", stamped now."""
    return ExistsResult(
        ref=ref,
        platform=Platform.MASTODON if isinstance(ref, MastodonRef) else Platform.BLUESKY,
        verdict=verdict,
        reason=reason,
        detail=detail,
        account=account,
        retry_after=retry_after,
        evidence=tuple(evidence),
        checked_at=dt.datetime.now(dt.UTC),
    )


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


async def host_missing(engine: HttpEngine, dns: DnsResolver, host: str, result: HttpResult) -> Missing | None:
    """Whether ``host`` does not exist, when ``result`` never reached a server because the name did
    not resolve (the one place where an NXDOMAIN may become "absent").

    ``None``: the DNS was not asked — the request reached something (a refused connection proves
    that a host answered), ``host`` is an IP address or in the host map — or it says nothing more
    than the failure (the name resolves there, SERVFAIL, timeout). A verified NXDOMAIN proves the
    host does not exist, except for a server the settings name (an endpoint, an instance): such a
    server does not vanish, so its NXDOMAIN, like an unverified one (see `quitx._http.dns`), says that the
    DNS looks offline or filtered: unknown, with `Reason.DNS_UNVERIFIED`.
    """
    host = host.strip().lower().strip("[]").rstrip(".")
    if not host or not name_not_resolved(result) or engine.settings.mapped_base(host) is not None:
        return None
    try:
        ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        return None  # an address has no name to look up
    answer = await dns.nxdomain(host)
    if answer.status is DnsStatus.NXDOMAIN:
        if host not in engine.settings.trusted_hosts():
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
