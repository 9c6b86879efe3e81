"""Found accounts as values: every change makes a new one; the builder freezes into findings."""

from __future__ import annotations

import dataclasses

import pytest
import tests.builders as b

from quitx.handles import parse_ref
from quitx.models import ExistsResult, FoundBy, Reason, Verdict
from quitx.presence.found import Finds, Found, moved_along
from quitx.probes import exists_result


def result(acct: str, verdict: Verdict = Verdict.PRESENT, followers: int | None = None) -> ExistsResult:
    account = b.mastodon_account(acct, followers=followers) if verdict is Verdict.PRESENT else None
    reason = Reason.FOUND if account else Reason.NOT_FOUND
    return exists_result(parse_ref(f"@{acct}"), verdict, reason, "d", (), account)


def test_found_is_frozen_and_sources_are_kept_once_in_order() -> None:
    found = Found(b.mastodon_account())
    with pytest.raises(dataclasses.FrozenInstanceError):
        found.linked = True  # type: ignore[misc]
    more = found.with_source(FoundBy.CANDIDATE).with_source(FoundBy.SEARCH, FoundBy.CANDIDATE)
    assert more.found_by == (FoundBy.CANDIDATE, FoundBy.SEARCH)
    assert not more.linked and found.found_by == ()
    assert more.with_source(FoundBy.LINK).linked


def test_record_keeps_every_attempt_and_the_fuller_description() -> None:
    finds = Finds()
    assert finds.record("h.fr", FoundBy.CANDIDATE, result("x@h.fr", Verdict.ABSENT)) is None
    first = finds.record("h.fr", FoundBy.CANDIDATE, result("u@h.fr"))
    again = finds.record("h.fr", FoundBy.LINK, result("u@h.fr", followers=12))
    assert first is not None and again is not None
    assert first.account.followers_count is None  # the first value is untouched
    assert again.account.followers_count == 12
    assert again.found_by == (FoundBy.CANDIDATE, FoundBy.LINK) and again.linked
    # a later, thinner description does not replace the fuller one
    thin = finds.record("h.fr", FoundBy.SEARCH, result("u@h.fr"))
    assert thin is not None and thin.account.followers_count == 12
    frozen = finds.freeze()
    assert list(frozen.found) == ["u@h.fr"]
    assert [a.ref for a in frozen.attempts_at("h.fr")] == ["@x@h.fr", "@u@h.fr", "@u@h.fr", "@u@h.fr"]
    assert frozen.attempts_at("k.fr") == ()
    # what was frozen does not move when the builder goes on
    finds.record("k.fr", FoundBy.CANDIDATE, result("v@k.fr"))
    assert list(frozen.found) == ["u@h.fr"] and len(frozen.attempts) == 4


def test_moved_along_follows_the_chain_without_looping() -> None:
    a, c, d = (Found(b.mastodon_account(x)) for x in ("a@h.fr", "c@h.fr", "d@h.fr"))
    chain = {"a": a, "c": dataclasses.replace(c, moved_from="a"), "d": dataclasses.replace(d, moved_from="c")}
    assert moved_along(chain, "d", "a")  # a moved to c, c to d
    assert moved_along(chain, "c", "c")
    assert not moved_along(chain, "a", "d")
    loop = {"a": dataclasses.replace(a, moved_from="c"), "c": dataclasses.replace(c, moved_from="a")}
    assert not moved_along(loop, "a", "d")
