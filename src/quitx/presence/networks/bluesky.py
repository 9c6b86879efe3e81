"""Bluesky: one service (the AppView), identities proved by the DID documents and the handles.

Order of a run: `early` (with the homepage) asks the AppView's actor search for the name and, in
one ``getProfiles`` call, which of the guessed handles it knows; it resolves the domain handle and
the candidates the AppView knows (`settled_by_appview`); `run` then resolves the handles the
homepage links to, reads the search's hits and the DIDs the institution's domain names, fetches
the profiles in one batch, and describes every account (bridge, last post, confidence, activity).
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
from collections.abc import Awaitable, Sequence
from dataclasses import dataclass

from ..._urls import host_within
from ...handles import is_valid_handle
from ...models import (
    Activity,
    Attempt,
    BlueskyAccount,
    BlueskyRef,
    BridgeStatus,
    Confidence,
    Evidence,
    FoundAccount,
    FoundBy,
    Institution,
    LinkPlatform,
    Platform,
    Reason,
    Verdict,
    WebsiteReport,
)
from ...probes.bluesky import ActorSearch, ProfileBatch, get_profiles, last_post, merge_profile, search_actors
from ...probes.bluesky_identity import Identity, identify
from ...probes.bridges import bluesky_bridge
from ..found import Finds, Found
from ..names import bluesky_labels, matches_name
from ..strategy import CheckContext, NetworkResult, Sourced
from ..verdict import activity, search_attempt

__all__ = ["STRATEGY", "BlueskyEarly", "BlueskyStrategy", "describe_account", "guesses"]


def guesses(institution: Institution, suffixes: Sequence[str]) -> list[tuple[BlueskyRef, FoundBy]]:
    """The handles worth trying: the institution's domain, then each label under each suffix."""
    todo: list[tuple[BlueskyRef, FoundBy]] = []
    if institution.domain and is_valid_handle(institution.domain):
        todo.append((BlueskyRef(handle=institution.domain), FoundBy.DOMAIN_HANDLE))
    for label in bluesky_labels(institution):
        for suffix in suffixes:
            handle = f"{label}.{suffix}"
            if is_valid_handle(handle):
                todo.append((BlueskyRef(handle=handle), FoundBy.CANDIDATE))
    return todo


@dataclass(frozen=True)
class BlueskyEarly:
    """The AppView's search for the name, the identities of the guessed handles (in order), and the
    AppView's answer on those handles: its profiles (kept when the answer settles the guesses, so
    that they are not asked for again) and its evidence."""

    search: ActorSearch
    identities: tuple[tuple[str, Identity], ...]
    profiles: ProfileBatch | None = None
    evidence: tuple[Evidence, ...] = ()


def settled_by_appview(batch: ProfileBatch | None, handles: Sequence[str]) -> tuple[frozenset[str], bool]:
    """The handles (lower case) a ``getProfiles`` call by handle found a profile for, and whether
    its answer settles the others: it came back, and every item in it was read. The AppView
    indexes every account of the network: a handle it does not know, no account has."""
    if batch is None or batch.failed or batch.unreadable:
        return frozenset(), False
    asked = {h.lower() for h in handles}
    return frozenset(
        p.handle.lower() for p in batch.profiles.values() if p.handle and p.handle.lower() in asked
    ), True


def unknown_to_appview(handle: str) -> Identity:
    """A guessed handle the AppView does not know: absent on its word (the evidence is the
    ``getProfiles`` call's, in `BlueskyEarly.evidence`)."""
    return Identity(
        Verdict.ABSENT,
        Reason.NOT_FOUND,
        f"no Bluesky account has the handle {handle}: the AppView knows none (getProfiles)",
    )


def identity_attempt(ref: str, found_by: str, identity: Identity) -> Attempt:
    """A Bluesky reference whose identity could not be established, as an attempt."""
    return Attempt(
        ref=ref, found_by=found_by, verdict=identity.verdict, reason=identity.reason, detail=identity.detail
    )


class BlueskyStrategy:
    platform = Platform.BLUESKY

    def wants(self, ref: Sourced) -> bool:
        return isinstance(ref.ref, BlueskyRef) and ref.via in (None, LinkPlatform.BLUESKY)

    async def early(self, ctx: CheckContext) -> BlueskyEarly:
        """The AppView's search for the name; the guessed handles settled.

        The AppView is asked first, in one ``getProfiles`` call, which of the guessed handles it
        knows (the domain handle included, for its profile). A candidate it does not know is
        absent on its word (`unknown_to_appview`) — a DNS query and an HTTPS request saved per
        guess. A candidate it knows is proven as before, both ways at the handle's own DNS or
        web server and in the DID document; the domain handle always is, at once (what the
        institution's own domain names is its own word, even for an account the AppView does not
        show). If the call fails, or any item of its answer cannot be read, every guess is
        resolved at its own server as before."""
        refs = list(
            dict.fromkeys(r for r, _ in guesses(ctx.institution, ctx.settings.bluesky_handle_suffixes))
        )
        domain = (ctx.institution.domain or "").lower()
        always = [r for r in refs if r.handle is None or r.handle.lower() == domain]
        maybe = [r for r in refs if r not in always]
        handles = [str(r.handle) for r in refs if r.handle]
        search_task = asyncio.ensure_future(search_actors(ctx.engine, ctx.institution.name))
        try:
            first, batch = await asyncio.gather(
                asyncio.gather(*(identify(ctx.engine, r) for r in always)),
                _profiles(ctx, handles if maybe else []),
            )
            known, settled = settled_by_appview(batch, handles)
            ask = [r for r in maybe if not settled or str(r.handle).lower() in known]
            then = await asyncio.gather(*(identify(ctx.engine, r) for r in ask))
        except BaseException:
            search_task.cancel()
            raise
        search = await search_task
        evidence = batch.evidence if batch is not None else ()
        found = {str(r): i for r, i in zip([*always, *ask], [*first, *then], strict=True)}
        identities = tuple((str(r), found.get(str(r)) or unknown_to_appview(str(r.handle))) for r in refs)
        return BlueskyEarly(search, identities, batch if settled else None, evidence)

    async def run(
        self,
        ctx: CheckContext,
        website: WebsiteReport | None,
        refs: Sequence[Sourced],
        early: Awaitable[BlueskyEarly],
    ) -> NetworkResult:
        finds = Finds()
        first = await early
        evidence = [*first.evidence, *(e for _, i in first.identities for e in i.evidence)]
        search = await _find_accounts(ctx, refs, first, finds, evidence)
        found = [(f, f.account) for f in finds.values() if isinstance(f.account, BlueskyAccount)]
        bridges, posts = await asyncio.gather(
            asyncio.gather(*(bluesky_bridge(ctx.engine, a) for _, a in found)),
            asyncio.gather(*(last_post(ctx.engine, a.did) for _, a in found)),
        )
        accounts: list[FoundAccount] = []
        for (each, _), bridge, post in zip(found, bridges, posts, strict=True):
            if post.verdict is Verdict.PRESENT:
                each = dataclasses.replace(each, last_post=post.date)
            accounts.append(
                describe_account(
                    each,
                    bridge,
                    post.verdict,
                    ctx.institution.domain,
                    dormant_after_days=ctx.settings.dormant_after_days,
                    today=ctx.today,
                )
            )
        return NetworkResult(
            platform=Platform.BLUESKY,
            accounts=tuple(accounts),
            attempts=finds.freeze().attempts,
            search=search,
            evidence=tuple(evidence),
        )


async def _identify(
    ctx: CheckContext, refs: Sequence[BlueskyRef], evidence: list[Evidence]
) -> list[Identity]:
    """The identities of ``refs``, at once; their evidence kept in the order of ``refs``."""
    identities = await asyncio.gather(*(identify(ctx.engine, ref) for ref in refs))
    for identity in identities:
        evidence.extend(identity.evidence)
    return identities


async def _find_accounts(
    ctx: CheckContext, refs: Sequence[Sourced], early: BlueskyEarly, finds: Finds, evidence: list[Evidence]
) -> Attempt:
    """Every account found, in ``finds`` with its attempts; the evidence in ``evidence``. Returns
    the search by name, as an attempt."""
    institution = ctx.institution
    todo: list[tuple[BlueskyRef, str]] = [(r.ref, r.source) for r in refs if isinstance(r.ref, BlueskyRef)]
    todo += guesses(institution, ctx.settings.bluesky_handle_suffixes)
    # one lookup per reference, remembering every way it was found
    sources: dict[str, list[str]] = {}
    unique: list[tuple[BlueskyRef, str]] = []
    for ref, source in todo:
        if str(ref) not in sources:
            sources[str(ref)] = []
            unique.append((ref, source))
        if source not in sources[str(ref)]:
            sources[str(ref)].append(source)
    search, known = early.search, dict(early.identities)
    later = [r for r, _ in unique if str(r) not in known]  # references from links
    found_later = await _identify(ctx, later, evidence)
    known = {**known, **{str(r): i for r, i in zip(later, found_later, strict=True)}}
    identities = [known[str(r)] for r, _ in unique]
    evidence.append(search.evidence)
    hits = [
        a
        for a in search.accounts
        if matches_name(institution, a.display_name, (a.handle or "").split(".")[0])
    ]
    attempt = search_attempt(
        f"search {institution.name!r} on the AppView",
        search.verdict,
        search.reason,
        len(search.accounts),
        len(hits),
        search.unreadable,
    )
    pending: list[tuple[BlueskyAccount, list[str]]] = []
    named: dict[str, tuple[Identity, list[str]]] = {}  # DIDs the institution's domain names
    for (ref, _), identity in zip(unique, identities, strict=True):
        if identity.account is None:
            finds.attempt(None, identity_attempt(str(ref), ", ".join(sources[str(ref)]), identity))
            if identity.named_did and host_within(ref.handle, institution.domain):
                named.setdefault(identity.named_did, (identity, sources[str(ref)]))
            continue
        pending.append((identity.account, list(sources[str(ref)])))
    for account, found_by in pending:
        if account.did in named and FoundBy.DOMAIN_RECORD not in found_by:
            found_by.insert(0, FoundBy.DOMAIN_RECORD)
    known_dids = {a.did for a, _ in pending}
    # the account a DID names: a search hit, or the DID the institution's own domain names
    # while that account does not claim the domain's handle (yet): it is the institution's
    hit_dids = list(dict.fromkeys(a.did for a in hits))  # in the AppView's order: reports repeat
    extra = [d for d in dict.fromkeys([*hit_dids, *named]) if d not in known_dids]
    more = await _identify(ctx, [BlueskyRef(did=d) for d in extra], evidence)
    for did, identity in zip(extra, more, strict=True):
        if identity.account is None:
            if did in named:  # the institution names it, and it cannot be read: not absent
                finds.attempt(None, identity_attempt(did, FoundBy.DOMAIN_RECORD, identity))
            continue
        found_by = [FoundBy.DOMAIN_RECORD, *named[did][1]] if did in named else []
        pending.append((identity.account, found_by + ([FoundBy.SEARCH] if did in hit_dids else [])))

    # the profiles the first AppView call gave already are not asked for again
    reuse = early.profiles.profiles if early.profiles is not None else {}
    batch = await get_profiles(ctx.engine, [a.did for a, _ in pending if a.did not in reuse])
    evidence.extend(batch.evidence)
    batch = dataclasses.replace(
        batch, profiles={**{a.did: reuse[a.did] for a, _ in pending if a.did in reuse}, **batch.profiles}
    )
    for identity_account, found_by in pending:
        name = identity_account.handle or identity_account.did
        source = ", ".join(found_by)
        profile = batch.profiles.get(identity_account.did)
        if profile is None:
            finds.attempt(None, _no_profile(name, source, identity_account.did, batch))
            continue
        account = merge_profile(identity_account, profile)
        finds.attempt(
            None,
            Attempt(
                ref=name,
                found_by=source,
                verdict=Verdict.PRESENT,
                reason=Reason.FOUND,
                detail="profile found",
            ),
        )
        found = finds.add(account.did, account, *found_by)
        if FoundBy.DOMAIN_RECORD in found_by and not found.proof:
            finds.put(account.did, named_by_domain(found, named[account.did][0], institution.domain))
    return attempt


async def _profiles(ctx: CheckContext, handles: list[str]) -> ProfileBatch | None:
    """The AppView's profiles for ``handles`` (None when there is nothing to ask)."""
    return await get_profiles(ctx.engine, handles) if handles else None


def _no_profile(name: str, source: str, did: str, batch: ProfileBatch) -> Attempt:
    """An identity without a profile: absent only when the AppView answered that it has none."""
    failed = batch.failed.get(did)
    if failed is not None:
        verdict, reason, detail = (
            Verdict.UNKNOWN,
            failed.failure or Reason.BAD_RESPONSE,
            "the AppView did not answer",
        )
    elif did in batch.unreadable:
        verdict, reason = Verdict.UNKNOWN, Reason.BAD_RESPONSE
        detail = "cannot tell: the AppView's profile could not be read"
    else:
        verdict, reason, detail = Verdict.ABSENT, Reason.NOT_FOUND, "the AppView has no profile for it"
    return Attempt(ref=name, found_by=source, verdict=verdict, reason=reason, detail=detail)


def named_by_domain(found: Found, identity: Identity, domain: str | None) -> Found:
    """An account the institution's own domain names (its ``_atproto`` record or well-known file
    gives the DID) while the account does not claim the domain's handle: the institution's
    account, whose domain handle is not active yet."""
    account = found.account
    assert isinstance(account, BlueskyAccount)  # noqa: S101 - by construction
    handle = f"@{account.handle}" if account.handle else account.did
    proof = Evidence(
        step="domain-record",
        request=identity.named_by or f"handle {domain}",
        outcome=f"names {account.did}, whose document claims "
        f"{account.claimed_handle or 'no handle'}, not {domain}",
    )
    reason = (
        f"the institution's domain names it ({identity.named_by or domain} → {account.did}), but its "
        f"handle is still {handle}: the domain handle @{domain} is not active yet"
    )
    return dataclasses.replace(
        found, linked=True, proof=(*found.proof, proof), extra_reasons=(*found.extra_reasons, reason)
    )


def describe_account(
    found: Found,
    bridge: BridgeStatus,
    post: Verdict,
    domain: str | None,
    *,
    dormant_after_days: int,
    today: dt.date,
) -> FoundAccount:
    """A found Bluesky account as the report says it: verified by a handle on the institution's
    domain (both ways), linked when the institution names it, else a candidate; its activity."""
    account = found.account
    assert isinstance(account, BlueskyAccount)  # noqa: S101 - by construction
    reasons: list[str] = []
    on_domain = account.handle_verified and host_within(account.handle, domain)
    if on_domain:
        reasons.append(f"its handle @{account.handle} is on the institution's domain, verified both ways")
    if FoundBy.LINK in found.found_by:
        reasons.append("the official site links to it")
    reasons.extend(found.extra_reasons)
    if account.verified_status == "valid":
        reasons.append("Bluesky blue check")
    if on_domain:
        level = Confidence.VERIFIED
    elif found.linked:
        level = Confidence.LINKED
    else:
        level = Confidence.CANDIDATE
        reasons.append("matches the name only: could be a fan account or an impersonator")
    if account.status in ("deactivated", "takendown"):
        state = Activity.DEACTIVATED if account.status == "deactivated" else Activity.SUSPENDED
    elif post is Verdict.ABSENT:
        state = Activity.NEVER_POSTED
    else:
        state = activity(
            last=found.last_post,
            posts=account.posts_count,
            known=post is Verdict.PRESENT,
            dormant_after_days=dormant_after_days,
            today=today,
        )
    return FoundAccount(
        platform=Platform.BLUESKY,
        handle=f"@{account.handle}" if account.handle else account.did,
        url=account.url,
        confidence=level,
        reasons=tuple(reasons),
        found_by=found.found_by,
        activity=state,
        last_post=found.last_post,
        account=account,
        bridge=bridge,
        evidence=found.proof,
    )


STRATEGY = BlueskyStrategy()
