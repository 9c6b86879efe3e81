"""A Mastodon server described by itself: instance API, NodeInfo, public block list; account search.

Everything is read live and anonymously. A server that will not answer (a locked
instance's 401, a 429, a timeout) is "unknown", never "absent".
"""

from __future__ import annotations

import asyncio
import hashlib
from typing import Literal
from urllib.parse import urlencode

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from .._http import HttpEngine, HttpResult
from .._urls import unusable_url, url_host
from ..models import Evidence, InstanceInfo, MastodonAccount, Reason, Verdict
from . import Lenient, read_items, read_model
from .mastodon import _account_from_payload, _AccountPayload

__all__ = ["BRIDGY_FED_DOMAINS", "AccountSearch", "instance_info", "search_accounts"]

_JSON = "application/json"
# the domains Bridgy Fed federates from: a block on any of them (or on a parent) cuts the bridge
BRIDGY_FED_DOMAINS = ("brid.gy", "bsky.brid.gy", "ap.brid.gy")
_NODEINFO_SCHEMAS = (  # preferred first
    "http://nodeinfo.diaspora.software/ns/schema/2.1",
    "http://nodeinfo.diaspora.software/ns/schema/2.0",
)
_SEARCH_MAX = 40  # Mastodon caps limit at 40


class _Upstream(BaseModel):
    model_config = ConfigDict(extra="ignore")


class _Registrations(_Upstream):
    enabled: bool | None = None
    approval_required: bool | None = None
    message: str | None = None
    url: str | None = None
    min_age: int | None = None


class _ContactAccount(_Upstream):
    # only the acct is needed: a full Account schema here would reject the whole instance on one odd field
    acct: str


class _Contact(_Upstream):
    email: str | None = None
    account: _ContactAccount | None = None


class _Rule(_Upstream):
    id: str | None = None
    text: str | None = None


class _InstanceV2(_Upstream):
    domain: str
    title: str | None = None
    version: str | None = None
    languages: list[str] = Field(default_factory=list)
    registrations: _Registrations | None = None
    contact: _Contact | None = None
    rules: list[_Rule] | None = None


class _Stats(_Upstream):
    user_count: int | None = None


class _InstanceV1(_Upstream):
    uri: str
    title: str | None = None
    version: str | None = None
    email: str | None = None
    languages: list[str] = Field(default_factory=list)
    registrations: bool | None = None
    approval_required: bool | None = None
    contact_account: _ContactAccount | None = None
    rules: list[_Rule] | None = None
    stats: _Stats | None = None


class _NodeInfoLink(_Upstream):
    rel: str | None = None
    href: str | None = None


class _NodeInfoIndex(_Upstream):
    links: list[_NodeInfoLink] = Field(default_factory=list)


class _Software(_Upstream):
    name: str | None = None
    version: str | None = None


class _Users(_Upstream):
    total: int | None = None


class _Usage(_Upstream):
    users: _Users | None = None


class _NodeInfo(_Upstream):
    software: _Software
    usage: _Usage | None = None


class _DomainBlock(_Upstream):
    domain: str
    digest: str | None = None
    severity: str | None = None


_DOMAIN_BLOCKS = TypeAdapter(list[_DomainBlock])


class _SearchAccount(_AccountPayload):
    uri: Lenient[str] = None  # the ActivityPub actor


class _SearchPayload(_Upstream):
    accounts: list[object] = Field(default_factory=list)  # read one by one below


class AccountSearch(BaseModel):
    """Accounts a server's search finds for a query (accounts it already knows)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    host: str
    query: str
    verdict: Verdict  # present: ≥1 account; absent: the search answered with none; unknown: no answer
    reason: Reason
    accounts: tuple[MastodonAccount, ...] = ()
    unreadable: int = 0  # results that could not be read: any of them may be the one sought
    evidence: tuple[Evidence, ...] = ()


def _blank(value: str | None) -> str | None:
    return value if value and value.strip() else None


def _qualify(acct: str, domain: str) -> str:
    return acct if "@" in acct else f"{acct}@{domain}"


def _registration_mode(
    enabled: bool | None, approval: bool | None
) -> Literal["open", "approval", "closed"] | None:
    if enabled is None:
        return None
    if not enabled:
        return "closed"
    return "approval" if approval else "open"


async def _nodeinfo(engine: HttpEngine, host: str, evidence: list[Evidence]) -> _NodeInfo | None:
    index_result = await engine.get(f"https://{host}/.well-known/nodeinfo", accept=_JSON)
    index = read_model(index_result, _NodeInfoIndex)
    if index is None:
        outcome = "not a NodeInfo index" if index_result.ok else index_result.describe_failure()
        evidence.append(index_result.evidence("nodeinfo-index", outcome))
        return None
    hrefs = {link.rel: link.href for link in index.links if link.rel and link.href}
    href = next((hrefs[s] for s in _NODEINFO_SCHEMAS if s in hrefs), None)
    if href is None:
        evidence.append(index_result.evidence("nodeinfo-index", "no NodeInfo 2.0/2.1 link"))
        return None
    problem = unusable_url(href)
    if problem is not None:  # an unbalanced "[", a bidi control…: the index is unreadable, not a crash
        evidence.append(index_result.evidence("nodeinfo-index", f"NodeInfo link unusable: {problem}"))
        return None
    evidence.append(index_result.evidence("nodeinfo-index", f"NodeInfo at {href}"))
    doc_result = await engine.get(href, accept=_JSON)
    doc = read_model(doc_result, _NodeInfo)
    if doc is None:
        outcome = "not a NodeInfo document" if doc_result.ok else doc_result.describe_failure()
    else:
        outcome = f"software {doc.software.name} {doc.software.version or ''}".rstrip()
    evidence.append(doc_result.evidence("nodeinfo", outcome))
    return doc


def _variants(domain: str) -> tuple[str, ...]:
    # Mastodon applies the most specific block among the domain and its parents
    labels = domain.split(".")
    return tuple(".".join(labels[i:]) for i in range(len(labels)))


def _digest(domain: str) -> str:
    return hashlib.sha256(domain.encode()).hexdigest()


def _bridge_block(blocks: list[_DomainBlock]) -> tuple[bool, str]:
    """Whether the list cuts Bridgy Fed off, and the fact for the evidence."""
    found: list[str] = []
    blocked = False
    for target in BRIDGY_FED_DOMAINS:
        # variants run from the most specific: the first one listed is the block that applies
        match = next(
            (
                (block, variant)
                for variant in _variants(target)
                for block in blocks
                # obfuscated entries ("b*i*.gy") can only be matched by their sha256 digest
                if block.domain.strip().lower().rstrip(".") == variant
                or (block.digest or "").lower() == _digest(variant)
            ),
            None,
        )
        if match is None:
            continue
        block, variant = match
        severity = (block.severity or "").lower()
        # "silence" (limited) still federates; only a suspension (or an unstated severity) cuts the bridge
        if severity != "silence":
            blocked = True
        found.append(f"{target} covered by {block.domain!r} ({variant}, {severity or 'severity not stated'})")
    if not found:
        return False, f"{len(blocks)} blocks listed, none covers brid.gy"
    return blocked, "; ".join(dict.fromkeys(found))


async def _domain_blocks(engine: HttpEngine, host: str, evidence: list[Evidence]) -> bool | None:
    result = await engine.get(f"https://{host}/api/v1/instance/domain_blocks", accept=_JSON)
    if not result.ok:
        # 404: the list is not public (or not Mastodon); 401: a locked instance. Unknown either way.
        why = result.describe_failure()
        if result.status == 404 and result.failure is None:
            why = "HTTP 404: the block list is not public"
        evidence.append(result.evidence("domain-blocks", why))
        return None
    try:
        blocks = _DOMAIN_BLOCKS.validate_python(result.json())
    except ValidationError:
        evidence.append(result.evidence("domain-blocks", "not a Mastodon domain block list"))
        return None
    blocked, fact = _bridge_block(blocks)
    evidence.append(result.evidence("domain-blocks", fact))
    return blocked


async def _instance_payload(
    engine: HttpEngine, host: str, evidence: list[Evidence]
) -> _InstanceV2 | _InstanceV1 | HttpResult:
    """The v2 description, else v1 for servers older than 4.0; the failed result if neither."""
    v2 = await engine.get(f"https://{host}/api/v2/instance", accept=_JSON)
    parsed2 = read_model(v2, _InstanceV2)
    if parsed2 is not None:
        evidence.append(v2.evidence("instance", f"instance {parsed2.domain} (API v2)"))
        return parsed2
    evidence.append(v2.evidence("instance", "not a Mastodon v2 instance" if v2.ok else v2.describe_failure()))
    if v2.status != 404 or v2.failure is not None:
        return v2
    v1 = await engine.get(f"https://{host}/api/v1/instance", accept=_JSON)
    parsed1 = read_model(v1, _InstanceV1)
    if parsed1 is not None:
        evidence.append(v1.evidence("instance", f"instance {parsed1.uri} (API v1)"))
        return parsed1
    evidence.append(v1.evidence("instance", "not a Mastodon v1 instance" if v1.ok else v1.describe_failure()))
    return v1


async def instance_info(engine: HttpEngine, host: str) -> InstanceInfo:
    """Describe the Mastodon server ``host``: registrations, rules, contact, software, brid.gy block."""
    host = host.strip().lower().rstrip("/")
    instance_ev: list[Evidence] = []
    nodeinfo_ev: list[Evidence] = []
    blocks_ev: list[Evidence] = []
    payload, nodeinfo, blocked = await asyncio.gather(
        _instance_payload(engine, host, instance_ev),
        _nodeinfo(engine, host, nodeinfo_ev),
        _domain_blocks(engine, host, blocks_ev),
    )
    evidence = tuple(instance_ev + nodeinfo_ev + blocks_ev)  # a stable order, whatever answered first

    software = version = None
    users = None
    if nodeinfo is not None:
        software = (nodeinfo.software.name or "").lower() or None
        version = nodeinfo.software.version
        if nodeinfo.usage is not None and nodeinfo.usage.users is not None:
            users = nodeinfo.usage.users.total

    if isinstance(payload, HttpResult):
        return InstanceInfo(
            host=host,
            reachable=Verdict.UNKNOWN,
            software=software,
            version=version,
            users=users,
            brid_gy_blocked=blocked,
            evidence=evidence,
        )

    if isinstance(payload, _InstanceV2):
        local_domain = payload.domain.lower()
        reg = payload.registrations or _Registrations()
        mode = _registration_mode(reg.enabled, reg.approval_required)
        reg_url, message, min_age = _blank(reg.url), _blank(reg.message), reg.min_age
        email = payload.contact.email if payload.contact else None
        contact = payload.contact.account if payload.contact else None
    else:
        local_domain = payload.uri.lower().removeprefix("https://").removeprefix("http://").rstrip("/")
        mode = _registration_mode(payload.registrations, payload.approval_required)
        reg_url, message, min_age = None, None, None
        email, contact = payload.email, payload.contact_account
        if users is None and payload.stats is not None:
            users = payload.stats.user_count
    if reg_url is None and mode in ("open", "approval"):
        # Mastodon's own sign-up form; with approval it is where one applies
        reg_url = f"https://{host}/auth/sign_up"
    return InstanceInfo(
        host=host,
        reachable=Verdict.PRESENT,
        title=_blank(payload.title),
        software=software,
        version=version or _blank(payload.version),
        registrations=mode,
        registration_url=reg_url,
        registration_message=message,
        min_age=min_age,
        languages=tuple(payload.languages),
        rules_count=None if payload.rules is None else len(payload.rules),
        contact_email=_blank(email),
        contact_account=_qualify(contact.acct, local_domain) if contact and contact.acct else None,
        users=users,
        brid_gy_blocked=blocked,
        evidence=evidence,
    )


async def search_accounts(
    engine: HttpEngine, host: str, query: str, limit: int = 10, *, local_domain: str | None = None
) -> AccountSearch:
    """Search ``host`` for accounts matching ``query``, anonymously, without remote resolution.

    ``local_domain`` (from the instance info) qualifies local results when the
    handles' domain differs from the web host.
    """
    host = host.strip().lower().rstrip("/")
    domain = (local_domain or host).lower()
    # resolve=true and offset both need a token: an anonymous caller gets 401 for either
    params = {"q": query, "type": "accounts", "resolve": "false", "limit": max(1, min(limit, _SEARCH_MAX))}
    result = await engine.get(f"https://{host}/api/v2/search?{urlencode(params)}", accept=_JSON)

    def answer(
        verdict: Verdict,
        reason: Reason,
        outcome: str,
        accounts: tuple[MastodonAccount, ...] = (),
        unreadable: int = 0,
    ) -> AccountSearch:
        return AccountSearch(
            host=host,
            query=query,
            verdict=verdict,
            reason=reason,
            accounts=accounts,
            unreadable=unreadable,
            evidence=(result.evidence("search", outcome),),
        )

    if not result.ok:
        reason = result.failure or (Reason.UNSUPPORTED if result.status == 404 else Reason.BAD_RESPONSE)
        return answer(Verdict.UNKNOWN, reason, result.describe_failure())
    payload = read_model(result, _SearchPayload)
    if payload is None:
        return answer(Verdict.UNKNOWN, Reason.BAD_RESPONSE, "HTTP 200 but not a Mastodon search result")
    accounts: list[MastodonAccount] = []
    items, bad = read_items(_SearchAccount, payload.accounts)
    skipped = len(bad)
    for item in items:
        acct = _qualify(item.acct, domain)
        acct_domain = acct.rpartition("@")[2]
        # a remote account's web host is not this server: its profile URL says where it lives
        home = host if acct_domain == domain else (url_host(item.url) or acct_domain)
        accounts.append(_account_from_payload(item, domain, home, item.uri))
    note = f" ({skipped} unreadable)" if skipped else ""
    if accounts:
        return answer(
            Verdict.PRESENT,
            Reason.FOUND,
            f"{len(accounts)} accounts: {', '.join(a.acct for a in accounts[:5])}{note}",
            tuple(accounts),
            skipped,
        )
    if skipped:
        return answer(
            Verdict.UNKNOWN, Reason.BAD_RESPONSE, f"{skipped} accounts, none readable", unreadable=skipped
        )
    return answer(Verdict.ABSENT, Reason.NOT_FOUND, f"no account matches {query!r}")
