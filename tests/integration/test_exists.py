"""quitx.exists against the real local network: each verdict, its reason, its facts, its evidence."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from testnet.network import LocalNetwork
from testnet.web import WebServer

import quitx
from quitx.config import Settings
from quitx.models import BlueskyAccount, ExistsResult, MastodonAccount, Reason, Verdict


async def check(ref: str, settings: Settings) -> ExistsResult:
    return await quitx.aexists(ref, settings=settings)


def mastodon(result: ExistsResult) -> MastodonAccount:
    assert isinstance(result.account, MastodonAccount), result
    return result.account


def bluesky(result: ExistsResult) -> BlueskyAccount:
    assert isinstance(result.account, BlueskyAccount), result
    return result.account


def steps(result: ExistsResult) -> list[str]:
    return [e.step for e in result.evidence]


# --- Mastodon: present --------------------------------------------------------------------------------


async def test_handle_whose_domain_is_not_the_web_host(settings: Settings) -> None:
    result = await check("@collegedefrance@sciences-exemple.fr", settings)
    assert result.verdict is Verdict.PRESENT and result.reason is Reason.FOUND
    account = mastodon(result)
    assert account.acct == "collegedefrance@sciences-exemple.fr"
    assert account.web_host == "social.sciences-exemple.fr"
    assert account.display_name == "Collège de France"
    assert account.followers_count == 12345 and account.statuses_count == 2345
    assert account.last_status_at == dt.datetime.now(dt.UTC).date() - dt.timedelta(days=2)
    assert account.created_at == dt.datetime(2022, 11, 7, tzinfo=dt.UTC)
    site = account.fields[0]
    assert site.name == "Site" and site.verified_at is not None
    assert "www.college-de-france.exemple.fr" in site.value
    webfinger = result.evidence[0]
    assert webfinger.request.startswith("GET https://sciences-exemple.fr/.well-known/webfinger?")
    assert "-> https://social.sciences-exemple.fr/.well-known/webfinger" in webfinger.request  # the redirect
    assert webfinger.status == 200
    assert result.evidence[1].request == (
        "GET https://social.sciences-exemple.fr/api/v1/accounts/lookup?acct=collegedefrance"
    )


async def test_profile_url_on_the_web_host_gives_the_canonical_handle(settings: Settings) -> None:
    result = await check("https://social.sciences-exemple.fr/@CollegeDeFrance", settings)
    assert result.verdict is Verdict.PRESENT
    assert mastodon(result).acct == "collegedefrance@sciences-exemple.fr"


async def test_webfinger_delegated_through_host_meta(settings: Settings) -> None:
    result = await check("labo@hostmeta-exemple.fr", settings)
    assert result.verdict is Verdict.PRESENT and result.reason is Reason.FOUND
    assert mastodon(result).web_host == "masto.hostmeta-exemple.fr"
    assert steps(result) == ["webfinger", "host-meta", "webfinger", "lookup"]
    assert result.evidence[0].status == 404


async def test_present_on_mastodon_mock(settings: Settings) -> None:
    result = await check("@univexemple@social.exemple.fr", settings)
    assert result.verdict is Verdict.PRESENT
    account = mastodon(result)
    assert account.display_name == "Université Exemple"
    assert account.followers_count == 1200 and account.statuses_count == 340
    assert any(f.verified_at is not None and "univ-exemple.fr" in f.value for f in account.fields)


async def test_moved_suspended_and_dormant_accounts(settings: Settings) -> None:
    moved, suspended, dormant = await quitx.aexists_many(
        ["@old@moved.exemple.fr", "@suspended@moved.exemple.fr", "@dormant@moved.exemple.fr"],
        settings=settings,
    )
    assert moved.verdict is Verdict.PRESENT and mastodon(moved).moved_to == "new@moved.exemple.fr"
    assert suspended.verdict is Verdict.PRESENT and mastodon(suspended).suspended
    assert mastodon(suspended).note in ("", None)  # a suspended account's bio is not served
    last = mastodon(dormant).last_status_at
    assert last is not None and (dt.datetime.now(dt.UTC).date() - last).days == 730


async def test_locked_instance_api_401_still_proves_existence(settings: Settings) -> None:
    result = await check("@comm@locked.exemple.fr", settings)
    assert result.verdict is Verdict.PRESENT and result.reason is Reason.FOUND_WITHOUT_DETAILS
    lookup = result.evidence[1]
    assert lookup.step == "lookup" and lookup.status == 401
    assert mastodon(result).followers_count is None  # not known, and not zero


async def test_rate_limit_with_iso_reset_is_waited_out(settings: Settings, web: WebServer) -> None:
    result = await check("@presse@ratelimited.exemple.fr", settings)
    assert result.verdict is Verdict.PRESENT and result.reason is Reason.FOUND
    assert mastodon(result).followers_count == 450
    seen = [r.path for r in web.requests("ratelimited.exemple.fr")]
    # each path answered 429 once (reset in 1 s, ISO-8601), then 200 after the wait
    assert seen.count("/.well-known/webfinger") == 2
    assert seen.count("/api/v1/accounts/lookup") == 2


# --- Mastodon: absent ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "ref", ["@nobody@sciences-exemple.fr", "@nobody@social.exemple.fr", "@nobody@moved.exemple.fr"]
)
async def test_absent_on_mastodon(settings: Settings, ref: str) -> None:
    result = await check(ref, settings)
    assert result.verdict is Verdict.ABSENT and result.reason is Reason.NOT_FOUND
    assert result.evidence[0].status == 404
    assert result.account is None


# --- Mastodon: unknown, never absent ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ref", "reason"),
    [
        ("@comm@lockedall.exemple.fr", Reason.UNAUTHORIZED),
        ("@nobody@lockedall.exemple.fr", Reason.UNAUTHORIZED),
        ("@panne@down.exemple.fr", Reason.SERVER_ERROR),
        ("@nobody@down.exemple.fr", Reason.SERVER_ERROR),
    ],
)
async def test_failures_are_unknown(settings: Settings, ref: str, reason: Reason) -> None:
    result = await check(ref, settings)
    assert result.verdict is Verdict.UNKNOWN
    assert result.reason is reason


async def test_long_rate_limit_is_unknown_with_retry_after(settings: Settings) -> None:
    result = await check("@comm@throttled.exemple.fr", settings)
    assert result.verdict is Verdict.UNKNOWN and result.reason is Reason.RATE_LIMITED
    assert result.retry_after is not None and 3500 < result.retry_after <= 3600


async def test_server_that_times_out_is_unknown(settings: Settings) -> None:
    fast = settings.model_copy(update={"timeout": 0.5})
    result = await check("@lent@slow.exemple.fr", fast)
    assert result.verdict is Verdict.UNKNOWN and result.reason is Reason.TIMEOUT
    assert "timeout after 0.5 s" in result.evidence[0].outcome


# --- Bluesky: present ---------------------------------------------------------------------------------


async def test_present_by_test_handle(settings: Settings, localnet: LocalNetwork) -> None:
    result = await check("@alice.test", settings)
    assert result.verdict is Verdict.PRESENT and result.reason is Reason.FOUND
    account = bluesky(result)
    assert account.did == localnet.atproto_state.accounts["alice.test"].did
    assert account.handle == "alice.test" and account.handle_verified
    assert account.display_name == "Alice Test"
    assert account.posts_count == 3 and account.followers_count == 1
    assert account.pds is not None and account.created_at is not None
    assert steps(result)[-1] == "profile"


async def test_present_by_domain_handle_from_dns(settings: Settings, localnet: LocalNetwork) -> None:
    did = localnet.atproto_state.accounts["univ-exemple.fr"].did
    result = await check("https://bsky.app/profile/univ-exemple.fr", settings)
    assert result.verdict is Verdict.PRESENT
    account = bluesky(result)
    assert account.did == did and account.handle == "univ-exemple.fr" and account.handle_verified
    assert account.display_name == "Université Exemple"
    dns = next(e for e in result.evidence if e.step == "dns-txt")
    assert dns.request.startswith("DNS TXT _atproto.univ-exemple.fr @127.0.0.1:")
    assert dns.outcome == f"did={did}"  # the noise record is ignored


async def test_present_by_domain_handle_over_https_only(settings: Settings, localnet: LocalNetwork) -> None:
    result = await check("wellknown-exemple.fr", settings)
    assert result.verdict is Verdict.PRESENT
    assert bluesky(result).did == localnet.atproto_state.accounts["wellknown-exemple.fr"].did
    outcomes = {e.step: e.outcome for e in result.evidence}
    assert outcomes["dns-txt"] == "NXDOMAIN"
    assert outcomes["well-known"].startswith("did:plc:")


async def test_present_by_did_checks_the_handle_back(settings: Settings, localnet: LocalNetwork) -> None:
    did = localnet.atproto_state.accounts["univ-exemple.fr"].did
    result = await check(did, settings)
    assert result.verdict is Verdict.PRESENT
    account = bluesky(result)
    assert account.handle == "univ-exemple.fr" and account.handle_verified
    bidirectional = next(e for e in result.evidence if e.step == "bidirectional")
    assert bidirectional.outcome == "both directions agree"


# --- Bluesky: absent ----------------------------------------------------------------------------------


@pytest.mark.parametrize("ref", ["nobody.test", "absent-exemple.fr"])
async def test_absent_on_bluesky(settings: Settings, ref: str) -> None:
    result = await check(ref, settings)
    assert result.verdict is Verdict.ABSENT and result.reason is Reason.NOT_FOUND
    outcomes = {e.step: e for e in result.evidence}
    assert outcomes["dns-txt"].outcome in ("NXDOMAIN", "NODATA")
    assert outcomes["well-known"].status == 404


async def test_unregistered_plc_did_is_absent(settings: Settings) -> None:
    result = await check("did:plc:aaaaaaaaaaaaaaaaaaaaaaaa", settings)
    assert result.verdict is Verdict.ABSENT and result.reason is Reason.NOT_FOUND
    assert result.evidence[0].status == 404


async def test_handle_whose_did_does_not_point_back(settings: Settings, localnet: LocalNetwork) -> None:
    result = await check("impostor-exemple.fr", settings)
    assert result.verdict is Verdict.ABSENT and result.reason is Reason.HANDLE_NOT_CLAIMED
    alice = localnet.atproto_state.accounts["alice.test"].did
    assert alice in result.detail and "alice.test" in result.detail


async def test_did_web_with_no_account_on_the_appview(settings: Settings) -> None:
    result = await check("goodweb.exemple.fr", settings)
    assert result.verdict is Verdict.ABSENT and result.reason is Reason.NOT_FOUND
    assert "AppView has no profile" in result.detail
    assert steps(result)[-1] == "profile"


# --- Bluesky: unknown ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ref", "reason"),
    [
        ("conflict-exemple.fr", Reason.CONFLICTING_DIDS),
        ("dnsfail-exemple.fr", Reason.NETWORK_ERROR),
        ("dnsdrop-exemple.fr", Reason.TIMEOUT),
        ("broken-did.exemple.fr", Reason.INVALID_DID_DOCUMENT),
        ("did:web:brokenjson.exemple.fr", Reason.INVALID_DID_DOCUMENT),
        ("did:key:zQ3shXjHeiBuRCKmM36cuYnm7YEMzhGnCmCyW92sRJ9pribSF", Reason.UNSUPPORTED),
    ],
)
async def test_bluesky_failures_are_unknown(settings: Settings, ref: str, reason: Reason) -> None:
    result = await check(ref, settings)
    assert result.verdict is Verdict.UNKNOWN
    assert result.reason is reason


async def test_appview_down_is_unknown(settings: Settings) -> None:
    down = settings.model_copy(update={"appview_url": "https://down.exemple.fr"})
    result = await check("alice.test", down)
    assert result.verdict is Verdict.UNKNOWN and result.reason is Reason.SERVER_ERROR
    assert bluesky(result).handle == "alice.test"  # the identity part is kept


# --- the shell ----------------------------------------------------------------------------------------


def quitx_cli(
    localnet: LocalNetwork, *args: str, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    assert localnet.config_path is not None
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUITX_")}
    env["QUITX_CONFIG"] = str(localnet.config_path)
    return subprocess.run(
        [sys.executable, "-m", "quitx", *args],
        capture_output=True,
        text=True,
        env=env,
        input=stdin,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("refs", "status"),
    [
        (["@collegedefrance@sciences-exemple.fr", "univ-exemple.fr"], 0),
        (["@nobody@social.exemple.fr"], 3),
        (["alice.test", "nobody.test"], 3),
        (["@comm@lockedall.exemple.fr", "nobody.test"], 4),
    ],
)
def test_cli_exit_status_says_the_verdict(localnet: LocalNetwork, refs: list[str], status: int) -> None:
    done = quitx_cli(localnet, "exists", *refs, "--format", "jsonl")
    assert done.returncode == status, done.stderr
    results = [ExistsResult.model_validate_json(line) for line in done.stdout.splitlines()]
    assert [str(r.ref) for r in results] == [str(quitx.parse_ref(r)) for r in refs]


def test_cli_table_and_json(localnet: LocalNetwork, tmp_path: Path) -> None:
    table = quitx_cli(localnet, "exists", "@collegedefrance@sciences-exemple.fr")
    assert table.returncode == 0
    assert (
        "PRESENT" in table.stdout
        and "Collège de France" in table.stdout
        and "followers 12 345" in table.stdout
    )
    data = json.loads(quitx_cli(localnet, "exists", "univ-exemple.fr", "--format", "json").stdout)
    assert data["verdict"] == "present" and data["account"]["handle"] == "univ-exemple.fr"


def test_cli_reads_stdin_and_reports_a_bad_reference_as_a_row(localnet: LocalNetwork) -> None:
    """The issue's shell lines: ``echo REF | quitx exists -``, and a bad reference among good ones."""
    done = quitx_cli(localnet, "exists", "-", "garbage ref", "--csv", stdin="univ-exemple.fr\nnobody.test\n")
    assert done.returncode == 2, done.stderr  # some were bad: said by the status
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert [(r["input"], r["ref"], r["verdict"], r["error"]) for r in rows] == [
        ("univ-exemple.fr", "@univ-exemple.fr", "present", ""),
        ("nobody.test", "@nobody.test", "absent", ""),
        ("garbage ref", "", "", "invalid_reference"),
    ]
    assert "not an account reference" in done.stderr
    assert "1 reference(s) could not be read" in done.stderr


def test_sync_face(settings: Settings) -> None:
    result = quitx.exists("@univexemple@social.exemple.fr", settings=settings)
    assert result.verdict is Verdict.PRESENT


async def test_domains_that_do_not_exist_are_absent(settings: Settings) -> None:
    # not in the host map (so refused: nothing leaves the machine) and NXDOMAIN on the test DNS
    mastodon_result, bluesky_result = await quitx.aexists_many(
        ["@x@nowhere-exemple.fr", "nowhere-exemple.fr"], settings=settings
    )
    assert mastodon_result.verdict is Verdict.ABSENT
    assert mastodon_result.evidence[-1].outcome == "NXDOMAIN: nowhere-exemple.fr does not exist"
    assert bluesky_result.verdict is Verdict.ABSENT
