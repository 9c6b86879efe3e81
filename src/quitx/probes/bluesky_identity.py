"""Bluesky identity: handle -> DID -> DID document, both directions checked. No AppView call.

Handle resolution asks both methods the AT Protocol defines: DNS TXT ``_atproto.<handle>``
(``did=<DID>``) and ``https://<handle>/.well-known/atproto-did``. DNS wins a conflict. The DID
document comes from the PLC directory (``did:plc``) or ``https://<host>/.well-known/did.json``
(``did:web``); it must name the handle back (``alsoKnownAs: at://<handle>``) for the handle to be
valid. The document is read with atproto's own model (imported lazily). `identify` and
`resolve_handle` return the evidence of every step with their answer.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote

from pydantic import ValidationError

from .._http import DnsAnswer, DnsResolver, DnsStatus, HttpEngine, HttpResult
from ..handles import is_valid_did, is_valid_handle
from ..models import BlueskyAccount, BlueskyRef, Evidence, Reason, Verdict

if TYPE_CHECKING:
    from atproto_core.did_doc import DidDocument

__all__ = ["DidFetch", "Identity", "Resolution", "fetch_did_document", "identify", "resolve_handle"]


@dataclass(frozen=True)
class Resolution:
    """Handle -> DID. ``negative`` is True only when every method answered authoritatively "none"."""

    did: str | None
    negative: bool
    failure: Reason | None = None
    detail: str = ""
    retry_after: float | None = None
    source: str = ""  # which method gave the DID: "DNS TXT _atproto.<handle>" or the well-known URL
    evidence: tuple[Evidence, ...] = ()  # what each method answered


def _looks_like_html(result: HttpResult) -> bool:
    kind = result.headers.get("content-type", "").split(";")[0].strip().lower()
    start = result.text().lstrip()[:15].lower()
    return kind in ("text/html", "application/xhtml+xml") or start.startswith(("<!doctype html", "<html"))


def _dids_from_txt(answer: DnsAnswer) -> list[str]:
    found = {r[4:].strip() for r in answer.records if r.startswith("did=")}
    return sorted(d for d in found if is_valid_did(d))


@dataclass(frozen=True)
class _DnsOutcome:
    did: str | None
    negative: bool  # authoritative "no DID here"
    conflict: bool = False
    problem: str = ""
    status: DnsStatus = DnsStatus.OK


async def _dns_method(dns: DnsResolver, handle: str, evidence: list[Evidence]) -> _DnsOutcome:
    answer = await dns.query(f"_atproto.{handle}", "TXT")
    if answer.status is DnsStatus.OK:
        dids = _dids_from_txt(answer)
        if len(dids) == 1:
            evidence.append(answer.evidence("dns-txt", f"did={dids[0]}"))
            return _DnsOutcome(dids[0], False)
        if len(dids) > 1:
            text = f"{len(dids)} different DIDs: {', '.join(dids)}"
            evidence.append(answer.evidence("dns-txt", f"conflict: {text}"))
            return _DnsOutcome(None, False, conflict=True, problem=text)
        evidence.append(answer.evidence("dns-txt", f"{len(answer.records)} TXT record(s), none is did=…"))
        return _DnsOutcome(None, True)
    if answer.status.negative:
        evidence.append(answer.evidence("dns-txt", answer.status.value.upper()))
        return _DnsOutcome(None, True, status=answer.status)
    text = answer.error or answer.status.value
    evidence.append(answer.evidence("dns-txt", f"{answer.status.value}: {text}"))
    return _DnsOutcome(None, False, problem=text, status=answer.status)


async def _http_method(
    engine: HttpEngine, handle: str, evidence: list[Evidence]
) -> tuple[str | None, bool, HttpResult]:
    result = await engine.get(
        f"https://{handle}/.well-known/atproto-did", accept="text/plain", max_bytes=4096
    )
    if result.ok:
        text = result.text().strip()
        if is_valid_did(text):
            evidence.append(result.evidence("well-known", text))
            return text, False, result
        if _looks_like_html(result):
            # a site that answers every path with its homepage (a single-page app): no DID here
            evidence.append(result.evidence("well-known", "HTTP 200, an HTML page, not a DID"))
            return None, True, result
        # garbage, a cut body, JSON…: something is wrong, and a wrong answer proves nothing
        evidence.append(result.evidence("well-known", "HTTP 200, but the body is neither a DID nor a page"))
        return None, False, replace(result, failure=Reason.BAD_RESPONSE, error="not a DID")
    if result.status in (404, 410) and result.failure is None:  # the server has no DID for this handle
        evidence.append(result.evidence("well-known", f"HTTP {result.status}: no DID"))
        return None, True, result
    evidence.append(result.evidence("well-known", result.describe_failure()))
    missing = await engine.host_missing(handle, result)
    if missing is None:
        return None, False, result
    evidence.append(missing.evidence)
    if missing.proven:  # the host does not exist: an authoritative negative
        return None, True, result
    return None, False, replace(result, failure=Reason.DNS_UNVERIFIED, error=missing.detail)


async def resolve_handle(engine: HttpEngine, handle: str) -> Resolution:
    """Handle -> DID by both methods (DNS wins a conflict), with the evidence of each."""
    evidence: list[Evidence] = []
    resolution = await _resolve_handle(engine, handle, evidence)
    return replace(resolution, evidence=tuple(evidence))


async def _resolve_handle(engine: HttpEngine, handle: str, evidence: list[Evidence]) -> Resolution:
    # both methods at once, their evidence kept apart: DNS then HTTPS, whichever answers first
    dns_evidence: list[Evidence] = []
    http_evidence: list[Evidence] = []
    via_dns, (http_did, http_neg, http_result) = await asyncio.gather(
        _dns_method(engine.resolver, handle, dns_evidence), _http_method(engine, handle, http_evidence)
    )
    evidence.extend(dns_evidence + http_evidence)
    if via_dns.did:
        if http_did and http_did != via_dns.did:
            evidence.append(
                Evidence(
                    step="resolve",
                    request=f"handle {handle}",
                    outcome=f"DNS says {via_dns.did}, HTTPS says {http_did}: DNS wins",
                )
            )
        return Resolution(via_dns.did, False, source=f"DNS TXT _atproto.{handle}")
    if http_did:
        return Resolution(http_did, False, source=f"https://{handle}/.well-known/atproto-did")
    if via_dns.negative and http_neg:
        return Resolution(None, True, detail=f"no DID for {handle} (neither DNS TXT nor HTTPS well-known)")
    if via_dns.conflict:
        return Resolution(None, False, Reason.CONFLICTING_DIDS, f"_atproto.{handle} holds {via_dns.problem}")
    if not http_neg:
        reason = http_result.failure or Reason.BAD_RESPONSE
        return Resolution(
            None,
            False,
            reason,
            f"HTTPS well-known: {http_result.describe_failure()}",
            http_result.retry_after,
        )
    reason = {DnsStatus.TIMEOUT: Reason.TIMEOUT, DnsStatus.UNVERIFIED: Reason.DNS_UNVERIFIED}.get(
        via_dns.status, Reason.NETWORK_ERROR
    )
    return Resolution(None, False, reason, f"DNS TXT _atproto.{handle}: {via_dns.problem}")


@dataclass(frozen=True)
class DidFetch:
    document: DidDocument | None
    verdict: Verdict  # PRESENT (document), ABSENT (authoritatively none), UNKNOWN
    reason: Reason
    detail: str
    retry_after: float | None = None


def _did_url(engine: HttpEngine, did: str) -> str | None:
    if did.startswith("did:plc:"):
        return f"{engine.settings.plc_url}/{quote(did, safe=':')}"
    if did.startswith("did:web:"):
        rest = did.removeprefix("did:web:")
        if ":" in rest:  # path-based did:web is not allowed in atproto
            return None
        return f"https://{unquote(rest)}/.well-known/did.json"
    return None


async def fetch_did_document(engine: HttpEngine, did: str) -> DidFetch:
    """The DID document of ``did`` (its PDS: ``document.get_pds_endpoint()``), or why there is
    none; no handle is checked."""
    return await _fetch_did_document(engine, did, [])


async def _fetch_did_document(engine: HttpEngine, did: str, evidence: list[Evidence]) -> DidFetch:
    url = _did_url(engine, did)
    if url is None:
        method = did.split(":")[1] if did.count(":") >= 2 else did
        evidence.append(Evidence(step="did-doc", request=did, outcome=f"DID method {method!r} not supported"))
        return DidFetch(
            None,
            Verdict.UNKNOWN,
            Reason.UNSUPPORTED,
            f"{did}: quitx resolves did:plc and did:web (hostname) only, not {method!r}",
        )
    result = await engine.get(url, accept="application/did+ld+json, application/json")
    if result.status in (404, 410) and result.failure is None:
        gone = result.status == 410
        evidence.append(result.evidence("did-doc", "tombstoned (deleted)" if gone else "no such DID"))
        return DidFetch(
            None,
            Verdict.ABSENT,
            Reason.DID_TOMBSTONED if gone else Reason.NOT_FOUND,
            f"{did} {'was deleted (tombstoned)' if gone else 'is not registered'}",
        )
    if not result.ok:
        evidence.append(result.evidence("did-doc", result.describe_failure()))
        reason = result.failure or Reason.BAD_RESPONSE
        return DidFetch(
            None,
            Verdict.UNKNOWN,
            reason,
            f"DID document for {did}: {result.describe_failure()}",
            result.retry_after,
        )
    document = _parse_did_document(result.json(), did)
    if document is None:
        evidence.append(result.evidence("did-doc", "not a valid DID document for this DID"))
        return DidFetch(
            None, Verdict.UNKNOWN, Reason.INVALID_DID_DOCUMENT, f"the DID document of {did} is invalid"
        )
    evidence.append(
        result.evidence(
            "did-doc", f"handle {document.get_handle() or '(none)'}, PDS {document.get_pds_endpoint()}"
        )
    )
    return DidFetch(document, Verdict.PRESENT, Reason.FOUND, "")


def _parse_did_document(data: Any, did: str) -> DidDocument | None:
    from atproto_core.did_doc import DidDocument

    if not isinstance(data, dict):
        return None
    try:
        document = DidDocument.from_dict(data)
    except (ValidationError, ValueError, TypeError):
        return None
    if document.id != did:
        return None
    return document


def _claimed_handle(document: DidDocument) -> str | None:
    handle = document.get_handle()
    if handle is None:
        return None
    handle = handle.lower()
    return handle if is_valid_handle(handle) else None


@dataclass(frozen=True)
class Identity:
    """What the identity layer proved, or why it could not (``account`` is None then)."""

    verdict: Verdict
    reason: Reason
    detail: str
    account: BlueskyAccount | None = None  # did, handles, PDS; no profile yet
    retry_after: float | None = None
    # the DID the handle points to, when its document does not claim the handle back: whoever
    # controls the handle's DNS or web server named that account (``named_by`` says how)
    named_did: str | None = None
    named_by: str = ""
    evidence: tuple[Evidence, ...] = ()  # every request and DNS answer that led here


async def identify(engine: HttpEngine, ref: BlueskyRef) -> Identity:
    """Handle or DID -> DID document, with both directions checked, and the evidence of every step
    (``Identity.evidence``). No AppView call."""
    evidence: list[Evidence] = []
    identity = await _identify(engine, ref, evidence)
    return replace(identity, evidence=tuple(evidence))


async def _identify(engine: HttpEngine, ref: BlueskyRef, evidence: list[Evidence]) -> Identity:
    if ref.did is None:
        handle = (ref.handle or "").lower()
        resolution = await _resolve_handle(engine, handle, evidence)
        if resolution.did is None:
            if resolution.negative:
                return Identity(Verdict.ABSENT, Reason.NOT_FOUND, resolution.detail)
            return Identity(
                Verdict.UNKNOWN,
                resolution.failure or Reason.BAD_RESPONSE,
                f"cannot tell: {resolution.detail}",
                retry_after=resolution.retry_after,
            )
        did = resolution.did
        named_by = resolution.source
    else:
        handle = ""
        did = ref.did
        named_by = ""

    fetched = await _fetch_did_document(engine, did, evidence)
    if fetched.document is None:
        if fetched.verdict is Verdict.ABSENT and handle:
            # the handle names a DID that does not exist: a typo or a corrupted answer, not a proof
            # that no account has this handle
            detail = f"cannot tell: {handle} points to {did}, which {fetched.detail.split(' ', 1)[1]}"
            return Identity(Verdict.UNKNOWN, Reason.DANGLING_DID, detail)
        verdict = Verdict.UNKNOWN if fetched.verdict is Verdict.PRESENT else fetched.verdict
        prefix = "" if verdict is Verdict.ABSENT else "cannot tell: "
        return Identity(verdict, fetched.reason, prefix + fetched.detail, retry_after=fetched.retry_after)
    document = fetched.document
    claimed = _claimed_handle(document)

    if handle:
        # forward direction done (handle -> DID); the document must name the handle back
        if claimed != handle:
            evidence.append(
                Evidence(
                    step="bidirectional",
                    request=f"{handle} <-> {did}",
                    outcome=f"the DID document claims {claimed or 'no handle'}, not {handle}",
                )
            )
            # "not this handle" is authoritative only when the DID holds another valid handle;
            # a document that names nobody, or a handle that does not point back, is inconsistent
            back = await _resolve_handle(engine, claimed, evidence) if claimed else None
            if back is not None and back.did == did:
                return Identity(
                    Verdict.ABSENT,
                    Reason.HANDLE_NOT_CLAIMED,
                    f"{handle} is not a valid Bluesky handle: it points to {did}, whose handle is {claimed}",
                    named_did=did,
                    named_by=named_by,
                )
            return Identity(
                Verdict.UNKNOWN,
                Reason.INVALID_DID_DOCUMENT,
                f"cannot tell: {handle} points to {did}, whose document claims {claimed or 'no handle'}, "
                "which does not point back either",
                named_did=did,
                named_by=named_by,
            )
        verified_handle: str | None = handle
        evidence.append(
            Evidence(step="bidirectional", request=f"{handle} <-> {did}", outcome="both directions agree")
        )
    elif claimed is not None:
        back = await _resolve_handle(engine, claimed, evidence)
        verified_handle = claimed if back.did == did else None
        if verified_handle:
            outcome = "both directions agree"
        elif back.did:
            outcome = f"{claimed} resolves to {back.did}"
        else:
            outcome = f"{claimed} does not resolve ({back.detail})"
        evidence.append(Evidence(step="bidirectional", request=f"{did} <-> {claimed}", outcome=outcome))
    else:
        verified_handle = None

    account = BlueskyAccount(
        did=did,
        handle=verified_handle,
        claimed_handle=claimed,
        handle_verified=verified_handle is not None,
        pds=document.get_pds_endpoint(),
    )
    return Identity(Verdict.PRESENT, Reason.FOUND, "", account)
