"""The Bluesky strategy's pure parts: the handles worth trying, and how sure an account is."""

from __future__ import annotations

import datetime as dt

import pytest
import tests.builders as b

from quitx.models import Activity, BlueskyRef, BridgeStatus, Confidence, FoundBy, Institution, Reason, Verdict
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
