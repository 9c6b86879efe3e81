"""The Bluesky strategy: the handles worth trying, what the AppView's answer on them settles, and
how sure an account is."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import httpx
import pytest
import tests.builders as b
from tests.unit.presence.networks.checks import mocked_check

from quitx.models import (
    Activity,
    BlueskyAccount,
    BlueskyRef,
    BridgeStatus,
    Confidence,
    FoundBy,
    Institution,
    Reason,
    Verdict,
)
from quitx.presence.found import Found
from quitx.presence.networks.bluesky import describe_account, guesses, named_by_domain
from quitx.probes.bluesky_identity import Identity

DOMAIN = "univ-exemple.fr"
TODAY = dt.date(2026, 3, 1)
BRIDGE = BridgeStatus(bridged=Verdict.ABSENT)


def describe(found: Found, post: Verdict = Verdict.PRESENT) -> tuple[Confidence, Activity, tuple[str, ...]]:
    account = describe_account(found, BRIDGE, post, DOMAIN, dormant_after_days=30, today=TODAY)
    return account.confidence, account.activity, account.reasons


def test_guesses_start_with_the_domain_handle() -> None:
    got = guesses(Institution(name="Université Exemple", domain=DOMAIN), ["bsky.social", "exemple.social"])
    assert got[0] == (BlueskyRef(handle=DOMAIN), FoundBy.DOMAIN_HANDLE)
    handles = [ref.handle for ref, how in got[1:] if how is FoundBy.CANDIDATE]
    assert handles[:2] == ["univ-exemple.bsky.social", "univ-exemple.exemple.social"]
    assert len(handles) == len(got) - 1
    # no domain: no domain handle, candidates from the name only
    nameless = guesses(Institution(name="Université Exemple"), ["bsky.social"])
    assert nameless and all(how is FoundBy.CANDIDATE for _, how in nameless)


def test_a_handle_on_the_domain_verified_both_ways_is_verified() -> None:
    on_domain = Found(b.bluesky_account(DOMAIN), found_by=(FoundBy.DOMAIN_HANDLE,))
    assert describe(on_domain)[0] is Confidence.VERIFIED
    unproven = Found(b.bluesky_account(DOMAIN, handle_verified=False), found_by=(FoundBy.DOMAIN_HANDLE,))
    level, _, reasons = describe(unproven)
    assert level is Confidence.CANDIDATE and "could be a fan account" in reasons[-1]
    linked = Found(b.bluesky_account("univ.bsky.social"), found_by=(FoundBy.LINK,), linked=True)
    level, _, reasons = describe(linked)
    assert level is Confidence.LINKED and "the official site links to it" in reasons


@pytest.mark.parametrize(
    ("status", "post", "last", "activity"),
    [
        ("deactivated", Verdict.PRESENT, None, Activity.DEACTIVATED),
        ("takendown", Verdict.PRESENT, None, Activity.SUSPENDED),
        (None, Verdict.ABSENT, None, Activity.NEVER_POSTED),  # the feed answered: no post
        (None, Verdict.UNKNOWN, None, Activity.UNKNOWN),  # the feed did not answer
        (None, Verdict.PRESENT, dt.date(2026, 2, 20), Activity.ACTIVE),
        (None, Verdict.PRESENT, dt.date(2025, 12, 1), Activity.DORMANT),
    ],
)
def test_activity(status: str | None, post: Verdict, last: dt.date | None, activity: Activity) -> None:
    found = Found(b.bluesky_account(DOMAIN, status=status, posts_count=3), last_post=last)
    assert describe(found, post)[1] is activity


def test_an_account_the_domain_names_is_linked_with_its_proof() -> None:
    account = b.bluesky_account("univ.bsky.social", claimed_handle="univ.bsky.social")
    identity = Identity(
        Verdict.ABSENT, Reason.NOT_FOUND, "…", named_did=account.did, named_by=f"DNS TXT _atproto.{DOMAIN}"
    )
    found = named_by_domain(Found(account, found_by=(FoundBy.DOMAIN_RECORD,)), identity, DOMAIN)
    assert found.linked
    assert [p.step for p in found.proof] == ["domain-record"]
    level, _, reasons = describe(found)
    assert level is Confidence.LINKED
    assert any("not active yet" in r for r in reasons)


# --- the guesses settled by the AppView (mocked HTTP, DNS unanswered) ---

DID = "did:plc:univexempleaaaaaaaaaaaaaa"
HANDLE = "univexemple.bsky.social"
INSTITUTION = Institution(name="Université Exemple", domain=DOMAIN)
PROFILE = {"did": DID, "handle": HANDLE, "displayName": "Université Exemple", "postsCount": 3}
DOCUMENT = {
    "id": DID,
    "alsoKnownAs": [f"at://{HANDLE}"],
    "verificationMethod": [],
    "service": [
        {"id": "#atproto_pds", "type": "AtprotoPersonalDataServer", "serviceEndpoint": "https://pds.fr"}
    ],
}


def bluesky_world(
    get_profiles: httpx.Response | None = None,
) -> Callable[[httpx.Request], httpx.Response | None]:
    """One account, ``HANDLE``, on a Bluesky that answers; ``get_profiles`` replaces the AppView's
    answer to ``getProfiles``."""

    def answer(request: httpx.Request) -> httpx.Response | None:
        path = request.url.path
        if path.endswith("app.bsky.actor.getProfiles"):
            if get_profiles is not None:
                return get_profiles
            actors = request.url.params.get_list("actors")
            return httpx.Response(
                200, json={"profiles": [PROFILE] if HANDLE in actors or DID in actors else []}
            )
        if path.endswith("app.bsky.actor.searchActors"):
            return httpx.Response(200, json={"actors": []})
        if path.endswith("app.bsky.feed.getAuthorFeed"):
            return httpx.Response(200, json={"feed": []})
        if request.url.host == HANDLE and path == "/.well-known/atproto-did":
            return httpx.Response(200, text=DID)
        if request.url.host == "plc.directory" and path == f"/{DID}":
            return httpx.Response(200, json=DOCUMENT)
        return None

    return answer


def handles_resolved(seen: list[str]) -> set[str]:
    return {s.split("/")[0] for s in seen if s.endswith(".bsky.social/.well-known/atproto-did")}


async def test_candidate_handles_the_appview_does_not_know_are_settled_by_one_call() -> None:
    report, seen = await mocked_check(INSTITUTION, bluesky_world())

    (found,) = [a for a in report.accounts if isinstance(a.account, BlueskyAccount)]
    assert found.handle == f"@{HANDLE}" and found.account.did == DID
    assert found.account.posts_count == 3  # the first call's profile, not asked for again
    assert sum(s.endswith("app.bsky.actor.getProfiles") for s in seen) == 1
    # the handle the AppView knows is proven at its own server and in its DID document...
    assert f"{HANDLE}/.well-known/atproto-did" in seen and f"plc.directory/{DID}" in seen
    # ...the other guesses are asked nowhere, and the domain handle is asked at the domain
    assert handles_resolved(seen) == {HANDLE}
    assert "univ-exemple.fr/.well-known/atproto-did" in seen
    settled = [a for a in report.bluesky.attempts if a.ref.endswith(".bsky.social") and a.ref != HANDLE]
    assert settled and all(a.verdict is Verdict.ABSENT for a in settled)
    assert all("the AppView knows none" in (a.detail or "") for a in settled)
    assert any("getProfiles" in e.request for e in report.bluesky.evidence)
    assert report.bluesky.verdict is Verdict.PRESENT


@pytest.mark.parametrize(
    "get_profiles",
    [
        httpx.Response(503),
        httpx.Response(200, text="not json"),
        httpx.Response(200, json={"profiles": [{"handle": "no-did.bsky.social"}]}),  # an item unread
    ],
    ids=["down", "unreadable", "an-unreadable-item"],
)
async def test_an_appview_answer_that_settles_nothing_leaves_every_guess_to_its_own_server(
    get_profiles: httpx.Response,
) -> None:
    report, seen = await mocked_check(INSTITUTION, bluesky_world(get_profiles))

    assert HANDLE in handles_resolved(seen) and len(handles_resolved(seen)) == 3  # every guess
    assert not any("the AppView knows none" in (a.detail or "") for a in report.bluesky.attempts)
    assert report.bluesky.verdict is not Verdict.ABSENT  # the profiles cannot be read either
