"""The verdict rule without a network: "absent" only where every route answered."""

from __future__ import annotations

import datetime as dt

import pytest
import tests.builders as b

from quitx.models import Activity, Confidence, FoundBy, Platform, Reason, Verdict, WebsiteReport
from quitx.presence.verdict import (
    activity,
    fediverse_overall,
    found_verdict,
    homepage_route,
    instance_verdict,
    nothing_found,
    search_attempt,
)

M = Platform.MASTODON


@pytest.mark.parametrize(
    ("verdict", "results", "hits", "unreadable", "expected", "detail"),
    [
        (Verdict.ABSENT, 0, 0, 0, Verdict.ABSENT, "the search answered no account"),
        (Verdict.PRESENT, 3, 0, 0, Verdict.ABSENT, "3 result(s), 0 matching the name"),
        (Verdict.PRESENT, 3, 1, 0, Verdict.PRESENT, "3 result(s), 1 matching the name"),
        # a result that could not be read may be the account sought
        (Verdict.PRESENT, 3, 0, 1, Verdict.UNKNOWN, "cannot tell: the search gave 3 result(s), 0 matching"),
        (Verdict.UNKNOWN, 0, 0, 0, Verdict.UNKNOWN, "the search failed"),
    ],
)
def test_search_attempt(
    verdict: Verdict, results: int, hits: int, unreadable: int, expected: Verdict, detail: str
) -> None:
    reason = Reason.TIMEOUT if verdict is Verdict.UNKNOWN else Reason.FOUND
    got = search_attempt("search 'X' on h", verdict, reason, results, hits, unreadable)
    assert got.verdict is expected
    assert got.detail.startswith(detail)
    assert got.found_by == FoundBy.SEARCH
    if expected is Verdict.ABSENT:
        assert got.reason is Reason.NOT_FOUND
    if unreadable:
        assert got.reason is Reason.BAD_RESPONSE


def test_found_verdict_takes_the_strongest_proof() -> None:
    accounts = [
        b.mastodon(confidence=Confidence.CANDIDATE),
        b.mastodon("x@h.fr", confidence=Confidence.LINKED),
    ]
    got = found_verdict(M, accounts, ())
    assert got.verdict is Verdict.PRESENT
    assert got.best_confidence is Confidence.LINKED
    assert got.accounts == ("@univexemple@social.exemple.fr", "@x@h.fr")


def test_nothing_found_is_absent_only_when_everything_answered() -> None:
    absent = b.attempt(Verdict.ABSENT)
    search = search_attempt("search", Verdict.ABSENT, Reason.NOT_FOUND, 0, 0, 0)
    got = nothing_found(M, "h.fr", (absent,), search, ())
    assert got.verdict is Verdict.ABSENT
    assert got.detail == "we found no account on h.fr: tried @univexemple, and a search by name"

    timeout = b.attempt(Verdict.UNKNOWN, Reason.TIMEOUT, detail="cannot tell: it timed out")
    got = nothing_found(M, "h.fr", (absent, timeout), search, ())
    assert got.verdict is Verdict.UNKNOWN
    assert got.detail == "cannot tell for h.fr: it timed out"

    failed = search_attempt("search", Verdict.UNKNOWN, Reason.TIMEOUT, 0, 0, 0)
    assert nothing_found(M, None, (absent,), failed, ()).verdict is Verdict.UNKNOWN
    # nothing tried at all proves nothing
    nothing = nothing_found(Platform.BLUESKY, None, (), None, ())
    assert nothing.verdict is Verdict.UNKNOWN
    assert nothing.detail == "cannot tell: nothing could be tried"


def test_instance_verdict() -> None:
    here = b.mastodon("u@h.fr", confidence=Confidence.VERIFIED)
    elsewhere = b.mastodon("v@k.fr", confidence=Confidence.CANDIDATE)
    got = instance_verdict(M, "h.fr", ["@u@h.fr"], [here, elsewhere], (), None, ())
    assert (got.verdict, got.instance, got.accounts) == (Verdict.PRESENT, "h.fr", ("@u@h.fr",))
    assert got.best_confidence is Confidence.VERIFIED
    none = instance_verdict(M, "k.fr", [], [here], (b.attempt(Verdict.ABSENT),), None, ())
    assert none.verdict is Verdict.ABSENT


def test_fediverse_overall() -> None:
    absent = b.instance("a.fr", Verdict.ABSENT)
    unknown = b.instance("b.fr", Verdict.UNKNOWN, Reason.TIMEOUT)
    attempt = b.attempt(Verdict.ABSENT)
    got = fediverse_overall(M, [absent], [], [("a.fr", attempt)])
    assert got.verdict is Verdict.ABSENT
    assert got.detail == "we found no account on the 1 instance(s) checked"
    got = fediverse_overall(M, [absent, unknown], [], [])
    assert got.verdict is Verdict.UNKNOWN
    assert got.detail.endswith(": b.fr")
    # an exact reference elsewhere, or a route of no instance, that could not be followed
    route = b.attempt(Verdict.UNKNOWN, Reason.TIMEOUT, ref="the links of https://x.fr/")
    assert fediverse_overall(M, [absent], [], [(None, route)]).verdict is Verdict.UNKNOWN
    assert fediverse_overall(M, [absent], [], [("elsewhere.fr", route)]).verdict is Verdict.UNKNOWN
    # an unknown attempt that belongs to an answering instance does not count twice
    assert fediverse_overall(M, [absent], [], [("a.fr", route)]).verdict is Verdict.ABSENT
    found = fediverse_overall(M, [unknown], [b.mastodon()], [("b.fr", attempt)])
    assert found.verdict is Verdict.PRESENT
    assert found.attempts == (attempt,)


def test_homepage_route() -> None:
    assert homepage_route(None) == ()
    assert homepage_route(b.site()) == ()
    unread = homepage_route(b.site(verdict=Verdict.UNKNOWN))
    assert [a.verdict for a in unread] == [Verdict.UNKNOWN]
    assert unread[0].ref == f"the links of {b.HOMEPAGE}"
    assert unread[0].reason is Reason.TIMEOUT
    capped = WebsiteReport(url=b.HOMEPAGE, verdict=Verdict.PRESENT, reason=Reason.FOUND, links_skipped=7)
    (skipped,) = homepage_route(capped)
    assert (skipped.ref, skipped.found_by, skipped.verdict) == (
        "7 more link(s) on the homepage",
        FoundBy.LINK,
        Verdict.UNKNOWN,
    )


TODAY = dt.date(2026, 3, 1)


@pytest.mark.parametrize(
    ("last", "posts", "known", "expected"),
    [
        (dt.date(2026, 2, 20), 10, True, Activity.ACTIVE),
        (dt.date(2026, 1, 30), 10, True, Activity.ACTIVE),  # 30 days: not yet dormant
        (dt.date(2026, 1, 29), 10, True, Activity.DORMANT),
        (None, 0, False, Activity.NEVER_POSTED),
        (None, None, True, Activity.NEVER_POSTED),
        (None, 5, False, Activity.UNKNOWN),
    ],
)
def test_activity(last: dt.date | None, posts: int | None, known: bool, expected: Activity) -> None:
    assert activity(last=last, posts=posts, known=known, dormant_after_days=30, today=TODAY) is expected
