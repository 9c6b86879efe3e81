"""Fault injection between quitx and a small, true world: the evidence for "faults give unknown".

``TRUTH`` is a tiny world whose answers are known (a Mastodon instance, Bluesky handles on their
own domains, a PLC directory, an AppView). ``FaultyTransport`` plays it through httpx, replacing
the answer of chosen endpoints with a fault: a dropped connection, a stall, 5xx, 429 with or
without ``Retry-After``, truncated or malformed JSON, the wrong content type, a redirect loop, a
huge body, a JRD without a ``self`` link, a DID document naming another handle. ``FaultyDns`` does
the same for DNS (SERVFAIL, timeout, a filter that answers NXDOMAIN to every name). ``run_case``
checks every reference of the world under one fault schedule and returns the verdicts, to compare
with the truth: each must be the true verdict or ``unknown`` — never a false ``absent`` nor a
false ``present``.

Used by tests/unit/test_faults.py (hypothesis) and scripts/reliability.py (the table in
docs/reliability.md).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping
from dataclasses import dataclass, field

import httpx

from quitx._http.dns import DnsAnswer, DnsResolver, DnsStatus
from quitx.config import Settings, load_settings
from quitx.lookup import Prober
from quitx.models import Verdict

__all__ = ["ENDPOINTS", "FAULTS", "TRUTH", "FaultyDns", "FaultyTransport", "Schedule", "run_case"]

DID_GOOD = "did:plc:goodgoodgoodgoodgoodgood"
DID_OTHER = "did:plc:otherotherotherotherothe"

# reference -> its true verdict
TRUTH: dict[str, Verdict] = {
    "@alice@m.fr": Verdict.PRESENT,
    "@bob@m.fr": Verdict.ABSENT,
    "good.fr": Verdict.PRESENT,
    "absent.fr": Verdict.ABSENT,
    DID_GOOD: Verdict.PRESENT,
    "did:plc:nonexistentnonexistentno": Verdict.ABSENT,
}

ENDPOINTS = ("webfinger", "host-meta", "lookup", "actor", "well-known", "plc", "profile")
FAULTS = (
    "drop",
    "stall",
    "500",
    "502",
    "503",
    "429-retry-after",
    "429-bare",
    "truncated",
    "malformed",
    "wrong-type",
    "redirect-loop",
    "huge",
    "jrd-no-self",
    "did-other-handle",
)
DNS_FAULTS = ("servfail", "timeout", "filtered")


@dataclass(frozen=True)
class Schedule:
    """Which endpoint answers with which fault; ``once`` faults hit only the first request."""

    faults: Mapping[str, str] = field(default_factory=dict)
    once: frozenset[str] = frozenset()
    dns: str | None = None


def _endpoint(request: httpx.Request) -> str:
    path = request.url.path
    if path == "/.well-known/webfinger":
        return "webfinger"
    if path == "/.well-known/host-meta":
        return "host-meta"
    if path == "/api/v1/accounts/lookup":
        return "lookup"
    if path.startswith("/users/"):
        return "actor"
    if path == "/.well-known/atproto-did":
        return "well-known"
    if request.url.host == "plc.directory":
        return "plc"
    return "profile"


def _doc(handle: str) -> dict[str, object]:
    return {
        "id": DID_GOOD,
        "alsoKnownAs": [f"at://{handle}"],
        "verificationMethod": [],
        "service": [
            {"id": "#atproto_pds", "type": "AtprotoPersonalDataServer", "serviceEndpoint": "https://pds.fr"}
        ],
    }


def truth(request: httpx.Request) -> httpx.Response:
    """The world as it is, with no fault."""
    host, path, params = request.url.host, request.url.path, request.url.params
    if host == "m.fr":
        if path == "/.well-known/webfinger":
            if params.get("resource") == "acct:alice@m.fr":
                return httpx.Response(
                    200,
                    json={
                        "subject": "acct:alice@m.fr",
                        "links": [
                            {
                                "rel": "self",
                                "type": "application/activity+json",
                                "href": "https://m.fr/users/alice",
                            },
                            {"rel": "http://webfinger.net/rel/profile-page", "href": "https://m.fr/@alice"},
                        ],
                    },
                )
            return httpx.Response(404)
        if path == "/api/v1/accounts/lookup" and params.get("acct") == "alice":
            return httpx.Response(
                200,
                json={
                    "id": "1",
                    "username": "alice",
                    "acct": "alice",
                    "display_name": "Alice",
                    "followers_count": 3,
                },
            )
        if path == "/users/alice":
            return httpx.Response(200, json={"id": "https://m.fr/users/alice", "name": "Alice"})
        return httpx.Response(404, json={"error": "Record not found"})
    if host == "good.fr" and path == "/.well-known/atproto-did":
        return httpx.Response(200, text=DID_GOOD)
    if host == "plc.directory":
        if path == f"/{DID_GOOD}":
            return httpx.Response(200, json=_doc("good.fr"))
        return httpx.Response(404, text="DID not registered")
    if host == "public.api.bsky.app" and path == "/xrpc/app.bsky.actor.getProfile":
        if params.get("actor") == DID_GOOD:
            return httpx.Response(200, json={"did": DID_GOOD, "handle": "good.fr", "displayName": "Good"})
        return httpx.Response(400, json={"error": "InvalidRequest", "message": "Profile not found"})
    return httpx.Response(404)


class FaultyTransport(httpx.AsyncBaseTransport):
    def __init__(self, schedule: Schedule, *, huge_bytes: int = 2_000_000) -> None:
        self.schedule = schedule
        self.huge_bytes = huge_bytes
        self.hit: set[str] = set()
        self.requests = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests += 1
        endpoint = _endpoint(request)
        fault = self.schedule.faults.get(endpoint)
        if fault is not None and endpoint in self.schedule.once:
            if endpoint in self.hit:
                fault = None
            self.hit.add(endpoint)
        real = truth(request)
        if fault is None:
            return real
        if fault == "drop":
            raise httpx.RemoteProtocolError("server disconnected without sending a response", request=request)
        if fault == "stall":
            raise httpx.ReadTimeout("stalled", request=request)
        if fault in ("500", "502", "503"):
            return httpx.Response(int(fault), text="error")
        if fault == "429-retry-after":
            return httpx.Response(429, headers={"Retry-After": "3600"}, json={"error": "Too many requests"})
        if fault == "429-bare":
            return httpx.Response(429, json={"error": "Too many requests"})
        body = real.read()
        if fault == "truncated":
            return httpx.Response(real.status_code, headers=real.headers, content=body[: len(body) // 2])
        if fault == "malformed":
            return httpx.Response(
                real.status_code, headers={"content-type": "application/json"}, content=b"{not json"
            )
        if fault == "wrong-type":
            return httpx.Response(real.status_code, headers={"content-type": "text/html"}, content=body)
        if fault == "redirect-loop":
            return httpx.Response(302, headers={"Location": str(request.url)})
        if fault == "huge":
            return httpx.Response(
                200, headers={"content-type": "application/json"}, content=b"[" * self.huge_bytes
            )
        if fault == "jrd-no-self" and endpoint == "webfinger" and real.status_code == 200:
            data = json.loads(body)
            data["links"] = [link for link in data["links"] if link.get("rel") != "self"]
            return httpx.Response(200, json=data)
        if fault == "did-other-handle" and endpoint == "plc" and real.status_code == 200:
            return httpx.Response(200, json=_doc("someone-else.fr"))
        return real


class FaultyDns(DnsResolver):
    """Every name is NXDOMAIN (the world proves handles over HTTPS), with its zone's SOA, as a
    resolver that sees the public DNS answers (the canary resolves), unless a DNS fault is
    scheduled. It plays the wire (`DnsResolver.ask`): quitx's checks of negative answers run."""

    def __init__(self, settings: Settings, fault: str | None) -> None:
        super().__init__(settings)
        self.fault = fault

    async def ask(self, name: str, rdtype: str) -> DnsAnswer:
        if self.fault == "servfail":
            return DnsAnswer(name, rdtype, DnsStatus.SERVFAIL, (), "faulty", 0, "SERVFAIL")
        if self.fault == "timeout":
            return DnsAnswer(name, rdtype, DnsStatus.TIMEOUT, (), "faulty", 0, "timeout")
        if name == self.settings.dns_canary and self.fault != "filtered":
            return DnsAnswer(name, rdtype, DnsStatus.OK, ("192.0.2.1",), "faulty", 0)
        soa = None if self.fault == "filtered" else name.rsplit(".", 1)[-1]
        return DnsAnswer(name, rdtype, DnsStatus.NXDOMAIN, (), "faulty", 0, soa=soa)


def settings_for_faults() -> Settings:
    return load_settings(environ={}, retries=1, max_rate_limit_wait=0.0, max_body_bytes=200_000)


async def run_case(schedule: Schedule, *, budget: float = 20.0) -> tuple[dict[str, Verdict], int]:
    """Every reference of the world under ``schedule``: (verdicts, requests sent). Raises on timeout."""
    transport = FaultyTransport(schedule)
    client = httpx.AsyncClient(transport=transport)
    settings = settings_for_faults()
    async with Prober(settings, client=client, resolver=FaultyDns(settings, schedule.dns)) as prober:
        refs = list(TRUTH)
        results = await asyncio.wait_for(asyncio.gather(*(prober.exists(r) for r in refs)), timeout=budget)
    await client.aclose()
    return {ref: result.verdict for ref, result in zip(refs, results, strict=True)}, transport.requests


def wrong(verdicts: Mapping[str, Verdict]) -> dict[str, tuple[Verdict, Verdict]]:
    """The references whose verdict is neither the truth nor unknown: (truth, given)."""
    return {
        ref: (TRUTH[ref], given)
        for ref, given in verdicts.items()
        if given is not TRUTH[ref] and given is not Verdict.UNKNOWN
    }
