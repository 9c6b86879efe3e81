"""Bluesky: handle -> DID -> DID document (both directions checked) -> AppView profile.

Handle resolution asks both methods the AT Protocol defines: DNS TXT
``_atproto.<handle>`` (``did=<DID>``) and ``https://<handle>/.well-known/atproto-did``.
DNS wins a conflict. The DID document comes from the PLC directory (``did:plc``)
or ``https://<host>/.well-known/did.json`` (``did:web``); it must name the
handle back (``alsoKnownAs: at://<handle>``) for the handle to be valid. The
document is read with atproto's own model (imported lazily).
"""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Annotated, Any
from urllib.parse import quote, unquote

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .._http import HttpEngine, HttpResult
from .._http.dns import DnsAnswer, DnsResolver, DnsStatus
from ..handles import is_valid_did, is_valid_handle
from ..models import BlueskyAccount, BlueskyRef, Evidence, ExistsResult, Label, Reason, Verdict
from . import Lenient, read_items, read_model, readable
from . import exists_result as _result

if TYPE_CHECKING:
    from atproto_core.did_doc import DidDocument

__all__ = [
    "ActorSearch",
    "Identity",
    "LastPost",
    "ProfileBatch",
    "Resolution",
    "fetch_did_document",
    "get_profiles",
    "identify",
    "last_post",
    "lookup_bluesky",
    "merge_profile",
    "resolve_handle",
    "search_actors",
    "with_profile",
]


class _Upstream(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)


class _Label(_Upstream):
    src: str
    val: str
    neg: bool = False


class _Verification(_Upstream):
    verified_status: str | None = Field(default=None, alias="verifiedStatus")
    trusted_verifier_status: str | None = Field(default=None, alias="trustedVerifierStatus")


class _Profile(_Upstream):
    """A profile view. Only ``did`` and ``handle`` must read; the rest is read leniently (real
    profiles carry dates such as ``0000-01-01T00:00:00.000Z``, which no datetime holds)."""

    did: str
    handle: str
    display_name: Lenient[str] = Field(default=None, alias="displayName")
    description: Lenient[str] = None
    avatar: Lenient[str] = None
    website: Lenient[str] = None
    followers_count: Lenient[int] = Field(default=None, alias="followersCount")
    follows_count: Lenient[int] = Field(default=None, alias="followsCount")
    posts_count: Lenient[int] = Field(default=None, alias="postsCount")
    created_at: Lenient[dt.datetime] = Field(default=None, alias="createdAt")
    indexed_at: Lenient[dt.datetime] = Field(default=None, alias="indexedAt")
    labels: Annotated[list[_Label], readable(_Label)] = Field(default_factory=list)
    verification: Lenient[_Verification] = None


class _XrpcError(_Upstream):
    error: str | None = None
    message: str | None = None


@dataclass(frozen=True)
class Resolution:
    """Handle -> DID. ``negative`` is True only when every method answered authoritatively "none"."""

    did: str | None
    negative: bool
    failure: Reason | None = None
    detail: str = ""
    retry_after: float | None = None
    source: str = ""  # which method gave the DID: "DNS TXT _atproto.<handle>" or the well-known URL


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


async def resolve_handle(engine: HttpEngine, handle: str, evidence: list[Evidence]) -> Resolution:
    via_dns, (http_did, http_neg, http_result) = await asyncio.gather(
        _dns_method(engine.resolver, handle, evidence), _http_method(engine, handle, evidence)
    )
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


async def fetch_did_document(engine: HttpEngine, did: str, evidence: list[Evidence]) -> DidFetch:
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


async def identify(engine: HttpEngine, ref: BlueskyRef, evidence: list[Evidence]) -> Identity:
    """Handle or DID -> DID document, with both directions checked. No AppView call."""
    if ref.did is None:
        handle = (ref.handle or "").lower()
        resolution = await resolve_handle(engine, handle, evidence)
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

    fetched = await fetch_did_document(engine, did, evidence)
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
            back = await resolve_handle(engine, claimed, evidence) if claimed else None
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
        back = await resolve_handle(engine, claimed, evidence)
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


def _profile_url(engine: HttpEngine, method: str, query: str) -> str:
    return f"{engine.settings.appview_url}/xrpc/{method}?{query}"


async def lookup_bluesky(engine: HttpEngine, ref: BlueskyRef) -> ExistsResult:
    evidence: list[Evidence] = []
    identity = await identify(engine, ref, evidence)
    base = identity.account
    if base is None:
        return _result(
            ref,
            identity.verdict,
            identity.reason,
            identity.detail,
            evidence,
            retry_after=identity.retry_after,
        )
    did = base.did
    profile_result = await engine.get(
        _profile_url(engine, "app.bsky.actor.getProfile", f"actor={quote(did, safe=':')}"),
        accept="application/json",
    )
    profile = _read_profile(profile_result)
    if profile is not None:
        evidence.append(profile_result.evidence("profile", f"profile of {profile.handle}"))
        account = with_profile(base, profile)
        name = f"@{base.handle}" if base.handle else did
        return _result(ref, Verdict.PRESENT, Reason.FOUND, f"{name} exists on Bluesky", evidence, account)

    error = _read_error(profile_result)
    if profile_result.status == 400 and profile_result.failure is None:
        code = (error.error if error else None) or ""
        message = (error.message if error else None) or ""
        evidence.append(profile_result.evidence("profile", f"{code}: {message}".strip(": ")))
        if code in ("AccountDeactivated", "AccountTakedown"):
            status = "deactivated" if code == "AccountDeactivated" else "takendown"
            account = base.model_copy(update={"status": status})
            return _result(
                ref,
                Verdict.PRESENT,
                Reason.FOUND,
                f"{did} exists but is {status} ({message or code})",
                evidence,
                account,
            )
        return _result(
            ref,
            Verdict.ABSENT,
            Reason.NOT_FOUND,
            f"{did} resolves, but the AppView has no profile for it ({message or code or 'not found'})",
            evidence,
        )
    evidence.append(profile_result.evidence("profile", profile_result.describe_failure()))
    return _result(
        ref,
        Verdict.UNKNOWN,
        profile_result.failure or Reason.BAD_RESPONSE,
        f"cannot tell: the identity {did} resolves, but the AppView did not answer "
        f"({profile_result.describe_failure()})",
        evidence,
        base,
        retry_after=profile_result.retry_after,
    )


@dataclass(frozen=True)
class ProfileBatch:
    """``getProfiles`` over many DIDs, 25 per call. A DID missing from ``profiles`` and not in
    ``failed`` was answered for and has no profile (the AppView drops unknown actors)."""

    profiles: dict[str, BlueskyAccount]  # did -> the profile facts (identity fields not merged)
    failed: dict[str, HttpResult]  # did -> the failed call that covered it
    evidence: tuple[Evidence, ...]
    # DIDs whose profile came back but could not be read (or that an unreadable item may stand for)
    unreadable: frozenset[str] = frozenset()


GET_PROFILES_BATCH = 25  # the AppView's limit per call


async def get_profiles(engine: HttpEngine, actors: list[str]) -> ProfileBatch:
    unique = list(dict.fromkeys(actors))
    batches = [unique[i : i + GET_PROFILES_BATCH] for i in range(0, len(unique), GET_PROFILES_BATCH)]

    async def one(batch: list[str]) -> tuple[list[str], HttpResult]:
        query = "&".join(f"actors={quote(a, safe=':')}" for a in batch)
        return batch, await engine.get(
            _profile_url(engine, "app.bsky.actor.getProfiles", query), accept="application/json"
        )

    profiles: dict[str, BlueskyAccount] = {}
    failed: dict[str, HttpResult] = {}
    unreadable: set[str] = set()
    evidence: list[Evidence] = []
    for batch, result in await asyncio.gather(*(one(b) for b in batches)):
        parsed = _read_profiles(result)
        if parsed is None:
            evidence.append(
                result.evidence("profiles", result.describe_failure() if not result.ok else "bad body")
            )
            failed.update(dict.fromkeys(batch, result))
            continue
        good, bad = parsed
        outcome = f"{len(good)} of {len(batch)} actors have a profile"
        for profile in good:
            profiles[profile.did] = with_profile(
                BlueskyAccount(did=profile.did, handle=profile.handle), profile
            )
        if bad:
            # an item that does not read is no proof that its actor has no profile: the DIDs it
            # names, or every DID of the call left without a profile when it names none
            named = {d for d in batch if any(isinstance(i, dict) and i.get("did") == d for i in bad)}
            if len(named) < len(bad):
                named = {d for d in batch if d not in profiles}
            unreadable |= named
            outcome += f", {len(bad)} unreadable"
        evidence.append(result.evidence("profiles", outcome))
    return ProfileBatch(profiles, failed, tuple(evidence), frozenset(unreadable))


@dataclass(frozen=True)
class ActorSearch:
    verdict: Verdict  # present: results; absent: the search answered none; unknown: it failed
    reason: Reason
    accounts: tuple[BlueskyAccount, ...]
    evidence: Evidence
    unreadable: int = 0  # hits that could not be read: any of them may be the one sought


async def search_actors(engine: HttpEngine, query: str, limit: int = 25) -> ActorSearch:
    result = await engine.get(
        _profile_url(engine, "app.bsky.actor.searchActors", f"q={quote(query)}&limit={limit}"),
        accept="application/json",
    )
    data = result.json() if result.ok else None
    actors = data.get("actors") if isinstance(data, dict) else None
    if not isinstance(actors, list):
        failure = result.failure or Reason.BAD_RESPONSE
        return ActorSearch(Verdict.UNKNOWN, failure, (), result.evidence("search", result.describe_failure()))
    profiles, bad = read_items(_Profile, actors)
    accounts = [with_profile(BlueskyAccount(did=p.did, handle=p.handle), p) for p in profiles]
    outcome = f"{len(accounts)} actor(s): " + ", ".join(a.handle or a.did for a in accounts[:10])
    if bad:
        outcome += f" ({len(bad)} unreadable)"
    if accounts:
        verdict, reason = Verdict.PRESENT, Reason.FOUND
    elif bad:
        verdict, reason = Verdict.UNKNOWN, Reason.BAD_RESPONSE
    else:
        verdict, reason = Verdict.ABSENT, Reason.NOT_FOUND
    return ActorSearch(verdict, reason, tuple(accounts), result.evidence("search", outcome), len(bad))


class _FeedRecord(_Upstream):
    created_at: dt.datetime | None = Field(default=None, alias="createdAt")


class _FeedPost(_Upstream):
    record: _FeedRecord | None = None
    indexed_at: dt.datetime | None = Field(default=None, alias="indexedAt")


class _FeedItem(_Upstream):
    post: _FeedPost


class _Feed(_Upstream):
    feed: list[_FeedItem] = Field(default_factory=list)


@dataclass(frozen=True)
class LastPost:
    verdict: Verdict  # present: a post was found; absent: the feed is empty; unknown: it failed
    date: dt.date | None
    evidence: Evidence


async def last_post(engine: HttpEngine, did: str) -> LastPost:
    """The date of the account's last post (replies and reposts left out)."""
    result = await engine.get(
        _profile_url(
            engine,
            "app.bsky.feed.getAuthorFeed",
            f"actor={quote(did, safe=':')}&limit=1&filter=posts_no_replies",
        ),
        accept="application/json",
    )
    feed = read_model(result, _Feed)
    if feed is None:
        return LastPost(Verdict.UNKNOWN, None, result.evidence("last-post", result.describe_failure()))
    if not feed.feed:
        return LastPost(Verdict.ABSENT, None, result.evidence("last-post", "no post"))
    post = feed.feed[0].post
    when = (post.record.created_at if post.record else None) or post.indexed_at
    if when is None:
        return LastPost(Verdict.UNKNOWN, None, result.evidence("last-post", "a post without a date"))
    return LastPost(Verdict.PRESENT, when.date(), result.evidence("last-post", f"last post {when.date()}"))


def _read_profile(result: HttpResult) -> _Profile | None:
    return read_model(result, _Profile)


PROFILE_FIELDS = (
    "display_name",
    "description",
    "avatar",
    "website",
    "followers_count",
    "follows_count",
    "posts_count",
    "created_at",
    "indexed_at",
    "labels",
    "verified_status",
    "trusted_verifier_status",
)


def merge_profile(identity: BlueskyAccount, profile: BlueskyAccount) -> BlueskyAccount:
    """The identity layer's facts (DID, verified handle, PDS) with the AppView's profile facts."""
    return identity.model_copy(update={name: getattr(profile, name) for name in PROFILE_FIELDS})


def _read_profiles(result: HttpResult) -> tuple[list[_Profile], list[Any]] | None:
    """The profiles that read, and the items that do not; None when the body is not a list."""
    if not result.ok:
        return None
    data = result.json()
    items = data.get("profiles") if isinstance(data, dict) else None
    if not isinstance(items, list):
        return None
    return read_items(_Profile, items)


def _read_error(result: HttpResult) -> _XrpcError | None:
    return read_model(result, _XrpcError, any_status=True)  # error bodies come with 4xx


def with_profile(base: BlueskyAccount, profile: _Profile) -> BlueskyAccount:
    """The identity facts of ``base`` with the AppView's profile facts."""
    verification = profile.verification
    return base.model_copy(
        update={
            "display_name": profile.display_name,
            "description": profile.description,
            "avatar": profile.avatar,
            "website": profile.website,
            "followers_count": profile.followers_count,
            "follows_count": profile.follows_count,
            "posts_count": profile.posts_count,
            "created_at": profile.created_at,
            "indexed_at": profile.indexed_at,
            "labels": tuple(Label(src=lb.src, val=lb.val, neg=lb.neg) for lb in profile.labels),
            "verified_status": verification.verified_status if verification else None,
            "trusted_verifier_status": verification.trusted_verifier_status if verification else None,
        }
    )
