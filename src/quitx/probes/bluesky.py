"""Bluesky on the AppView: an account's profile (after its identity, `quitx.probes.bluesky_identity`),
profiles by the batch, the actor search, the last post.

`lookup_bluesky` answers "does this account exist?": the identity proven (handle -> DID -> DID
document, both directions), then the AppView's profile of that DID.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import quote

from pydantic import BaseModel, ConfigDict, Field

from .._http import HttpEngine, HttpResult
from ..models import BlueskyAccount, BlueskyRef, Evidence, ExistsResult, Label, Reason, Verdict
from . import Lenient, read_items, read_model, readable
from . import exists_result as _result
from .bluesky_identity import identify

__all__ = [
    "ActorSearch",
    "LastPost",
    "ProfileBatch",
    "get_profiles",
    "last_post",
    "lookup_bluesky",
    "merge_profile",
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


def _profile_url(engine: HttpEngine, method: str, query: str) -> str:
    return f"{engine.settings.appview_url}/xrpc/{method}?{query}"


async def lookup_bluesky(engine: HttpEngine, ref: BlueskyRef) -> ExistsResult:
    identity = await identify(engine, ref)
    evidence = list(identity.evidence)
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
