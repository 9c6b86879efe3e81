"""Verdicts against servers that lie, impersonate or half-break (issue 12, the verdict classes).

Every case of testnet.hostile runs on loopback servers started here (one web server playing every
host, one DNS server): impersonating instances, lookups about someone else, unread homepages,
unreadable search results and profiles, the DID an institution's DNS names, an account that
moved. Each case says what must hold; the tests below also read the report as a person would.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from contextlib import redirect_stdout
from pathlib import Path

import pytest
from testnet.hostile import (
    CASES,
    DOMAIN,
    EVIL,
    INSTANCE,
    INSTITUTION,
    OTHER,
    SUFFIX,
    Case,
    HostileWorld,
    Outcome,
    batch_reruns,
    problems,
    run_case,
)

from quitx.cli import main
from quitx.models import Confidence, FoundAccount, Platform, Reason, Verdict
from quitx.plan import PlanOptions, StepStatus, build_plan


@pytest.fixture(scope="module")
def world() -> Iterator[HostileWorld]:
    with HostileWorld() as w:
        yield w


def case(name: str) -> Case:
    return next(c for c in CASES if c.name.startswith(name))


async def play(world: HostileWorld, name: str) -> Outcome:
    return await run_case(case(name), world)


def found(outcome: Outcome, handle: str) -> FoundAccount:
    account = outcome.account(handle)
    assert account is not None, [a.handle for a in outcome.report.accounts]
    return account


@pytest.mark.parametrize("each", CASES, ids=[f"{c.cls}: {c.name[:60]}" for c in CASES])
async def test_what_must_hold_holds(world: HostileWorld, each: Case) -> None:
    outcome = await run_case(each, world)
    assert problems(each, outcome) == []


# --- identity -------------------------------------------------------------------------------------------


async def test_the_found_attack_is_not_verified_and_says_why(world: HostileWorld) -> None:
    outcome = await play(world, "search lists univexemple@imposteur")
    report = outcome.report
    assert not [a for a in report.accounts if a.confidence is Confidence.VERIFIED]
    assert report.mastodon.verdict is Verdict.UNKNOWN  # the hit could not be confirmed: not absent either
    (instance,) = [i for i in report.instances if i.instance == INSTANCE]
    attempt = next(a for a in instance.attempts if EVIL in a.ref)
    assert attempt.reason is Reason.IDENTITY_NOT_PROVEN
    assert f"univexemple@{DOMAIN}" in attempt.detail and f"{DOMAIN} does not confirm it" in attempt.detail
    evidence = outcome.exists[f"@univexemple@{EVIL}"].evidence
    assert [e.step for e in evidence][:2] == ["webfinger", "webfinger"]  # asked, then asked back at home
    assert evidence[1].request.startswith(f"GET https://{DOMAIN}/.well-known/webfinger")


def test_the_found_attack_through_the_command_line(
    world: HostileWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: "@univexemple@univ-exemple.fr VERIFIED", exit 0. Now: unknown, exit 4."""
    world.reset()
    case("search lists univexemple@imposteur").build(world)
    for name, value in world.environ().items():
        monkeypatch.setenv(name, value)
    out = io.StringIO()
    with redirect_stdout(out):
        status = main(["check", INSTITUTION.name, "--domain", DOMAIN, "--format", "json"])
    report = json.loads(out.getvalue())
    assert status == 4
    assert report["mastodon"]["verdict"] == "unknown"
    assert not [a for a in report["accounts"] if a["confidence"] == "verified"]
    with redirect_stdout(io.StringIO()):
        assert main(["exists", f"@univexemple@{EVIL}"]) == 4


async def test_an_untrusted_verified_field_is_a_claim(world: HostileWorld) -> None:
    outcome = await play(world, "verified_at from a server nobody trusts")
    account = found(outcome, f"@univexemple@{OTHER}")
    assert account.confidence is Confidence.LINKED
    assert any("that server's own claim" in r for r in account.reasons)
    assert [e.step for e in account.evidence] == ["link"]  # what it stands on: the homepage's plain link


async def test_the_proof_chain_is_in_the_evidence(world: HostileWorld) -> None:
    outcome = await play(world, "a profile field points to a page of the institution")
    account = found(outcome, f"@univexemple@{OTHER}")
    assert account.confidence is Confidence.VERIFIED
    (proof,) = [e for e in account.evidence if e.step == "rel-me"]
    assert proof.request == f"GET https://{DOMAIN}/reseaux"
    assert f"https://{OTHER}/@univexemple" in proof.outcome


async def test_a_trusted_home_verified_field_is_the_proof(world: HostileWorld) -> None:
    outcome = await play(world, "verified_at from the configured instance")
    account = found(outcome, f"@univexemple@{INSTANCE}")
    assert [(e.step, e.outcome) for e in account.evidence] == [
        ("verified-field", f"verified_at 2025-03-01 by {INSTANCE}, a home quitx trusts")
    ]


async def test_a_lookup_about_someone_else_is_not_read(world: HostileWorld) -> None:
    outcome = await play(world, "a lookup answering about another account")
    result = outcome.exists[f"@univexemple@{OTHER}"]
    assert result.account is not None and result.account.platform == "mastodon"
    assert result.account.handle == f"@univexemple@{OTHER}"
    assert result.account.followers_count is None  # not the other account's 99999
    assert any("describes 'quelquun'" in e.outcome for e in result.evidence)


async def test_each_instance_gives_its_best_confidence(world: HostileWorld) -> None:
    outcome = await play(world, "verified_at from the configured instance")
    (instance,) = [i for i in outcome.report.instances if i.instance == INSTANCE]
    assert instance.verdict is Verdict.PRESENT and instance.best_confidence is Confidence.VERIFIED
    assert outcome.report.mastodon.best_confidence is Confidence.VERIFIED


# --- faults ------------------------------------------------------------------------------------------------


async def test_an_unread_homepage_is_a_route_not_followed(world: HostileWorld) -> None:
    report = (await play(world, "homepage 503")).report
    assert report.mastodon.verdict is Verdict.UNKNOWN and report.bluesky.verdict is Verdict.UNKNOWN
    assert f"the links of https://{DOMAIN}/" in report.mastodon.detail
    assert any("the homepage could not be read" in a.detail for a in report.bluesky.attempts)


async def test_a_hit_whose_home_fails_stays_in_the_report(world: HostileWorld) -> None:
    report = (await play(world, "a name-matching search hit whose own server")).report
    (instance,) = [i for i in report.instances if i.instance == INSTANCE]
    assert instance.verdict is Verdict.UNKNOWN
    (attempt,) = [a for a in instance.attempts if a.found_by == "search"]
    assert attempt.ref == f"@univexemple@{OTHER}" and attempt.reason is Reason.SERVER_ERROR


async def test_an_unreadable_result_keeps_the_search_unknown(world: HostileWorld) -> None:
    report = (await play(world, "a search answer with one unreadable result")).report
    (instance,) = [i for i in report.instances if i.instance == INSTANCE]
    assert instance.search is not None and instance.search.verdict is Verdict.UNKNOWN
    assert instance.search.detail == (
        "cannot tell: the search gave 1 result(s), 0 matching the name, 1 unreadable"
    )


# --- what the institution names ----------------------------------------------------------------------------


async def test_the_did_the_domain_names_is_the_institutions(world: HostileWorld) -> None:
    outcome = await play(world, "_atproto names a DID whose document claims another")
    account = found(outcome, f"@univexemple.{SUFFIX}")
    assert account.confidence is Confidence.LINKED and "domain record" in account.found_by
    assert any("the domain handle @univ-exemple.fr is not active yet" in r for r in account.reasons)
    records = [e.request for e in account.evidence if e.step == "domain-record"]
    assert records == [f"DNS TXT _atproto.{DOMAIN}"]
    plan = build_plan(outcome.report, PlanOptions(language="en"))
    step = plan.step("bluesky-domain-handle")
    assert step.status is StepStatus.TODO
    assert step.how[0].startswith("The domain’s record already names this account: only the switch")
    assert any("only the switch is left" in e for e in step.evidence)


async def test_the_account_a_linked_account_moved_to_is_the_live_one(world: HostileWorld) -> None:
    outcome = await play(world, "the homepage links with rel=me to an account that moved")
    new = found(outcome, f"@univexemple@{INSTANCE}")
    old = found(outcome, f"@ancien@{INSTANCE}")
    assert old.activity.value == "moved"
    assert new.confidence is Confidence.LINKED and "moved account" in new.found_by
    moved_here = f"the institution's account @ancien@{INSTANCE} (verified) moved here"
    assert any(moved_here in r for r in new.reasons)
    assert [e.step for e in new.evidence] == ["moved"]
    plan = build_plan(outcome.report, PlanOptions(language="en"))
    links = plan.step("website-links")
    assert links.status is StepStatus.TODO
    assert f"Replace the link to @ancien@{INSTANCE} with @univexemple@{INSTANCE}" in links.how[0]
    # the plan works with the live account, not the old one
    assert f"@univexemple@{INSTANCE}" in plan.step("mastodon-verification").evidence[0]


async def test_a_year_zero_profile_is_read_the_same_by_check_and_exists(world: HostileWorld) -> None:
    outcome = await play(world, "a Bluesky profile dated 0000-01-01")
    (account,) = outcome.report.accounts_on(Platform.BLUESKY)
    assert account.account.created_at is None  # the odd date is left out, the rest is read
    assert outcome.exists[DOMAIN].verdict is Verdict.PRESENT


# --- batch -------------------------------------------------------------------------------------------------


def test_a_batch_rerun_checks_again_what_ended_unknown(world: HostileWorld, tmp_path: Path) -> None:
    steps = batch_reruns(world, tmp_path)
    assert (
        [(s.status, s.checked) for s in steps]
        == [s.expected for s in steps]
        == [
            (4, 1),
            (4, 1),
            (0, 1),
            (0, 0),
        ]
    )
