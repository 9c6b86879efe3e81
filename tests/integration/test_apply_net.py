"""``quitx apply`` against the real local network: the AT Protocol PDS and mastodon-mock.

Nothing here touches the world's seeded accounts (other tests rely on alice.test, univexemple…):
each test writes only to accounts it creates through the services' own APIs — a fresh PDS account
(``com.atproto.server.createAccount``, open on the dev PDS) and a fresh mastodon-mock user
(``POST /api/v1/_mock/dev_user``, the mock's way to get a user token). Service errors (403, 429) are
forced with mastodon-mock's fault injection (``/api/v1/_mock/faults``), one request at a time.

mastodon-mock does not verify rel="me" links (``verified_at`` stays null), so the Mastodon
verification is tested up to "field written, verified_at still null, here is what is missing"; the
green case is a unit test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import secrets
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from testnet.network import LocalNetwork

from quitx.apply import ErrorKind, add_apply_command, apply_steps, mark_plan, run_apply
from quitx.config import Settings
from quitx.models import (
    Activity,
    BlueskyAccount,
    Confidence,
    FoundAccount,
    Institution,
    MastodonAccount,
    Platform,
    PlatformVerdict,
    Report,
    Verdict,
)
from quitx.plan import MigrationPlan, PlanOptions, StepStatus, build_plan
from quitx.secrets import BlueskyCredentials, Credentials, MastodonCredentials, Secret

MOCK_HOST = "social.exemple.fr"
# a 1x1 transparent PNG, for an avatar that must survive a profile update
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


@dataclass(frozen=True)
class MockUser:
    username: str
    token: str
    base_url: str
    opened: list[Any] = field(default_factory=list)  # sessions to close after the test

    def client(self) -> Any:
        import requests

        from mastodon import Mastodon

        session = requests.Session()
        self.opened.append(session)
        return Mastodon(
            api_base_url=self.base_url, access_token=self.token, request_timeout=10, session=session
        )


@dataclass(frozen=True)
class PdsUser:
    handle: str
    did: str
    password: str
    pds_url: str
    opened: list[Any] = field(default_factory=list)

    def client(self) -> Any:
        from atproto import Client

        client = Client(base_url=self.pds_url)
        self.opened.append(client.request._client)
        client.login(self.did, self.password, fetch_bsky_profile=False)  # the DID: the handle may change
        return client


@pytest.fixture
def mock_user(localnet: LocalNetwork) -> Iterator[MockUser]:
    base = localnet.mastodon_url
    name = f"apply{secrets.token_hex(4)}"
    r = httpx.post(f"{base}/api/v1/_mock/dev_user", json={"username": name, "display_name": name})
    r.raise_for_status()
    user = MockUser(name, r.json()["access_token"], base)
    yield user
    for session in user.opened:
        session.close()


@pytest.fixture
def pds_user(localnet: LocalNetwork) -> Iterator[PdsUser]:
    pds = localnet.atproto_state.pds_url
    handle = f"ap{secrets.token_hex(4)}.test"
    password = secrets.token_urlsafe(16)
    r = httpx.post(
        f"{pds}/xrpc/com.atproto.server.createAccount",
        json={"handle": handle, "email": f"{handle}@exemple.test", "password": password},
    )
    r.raise_for_status()
    user = PdsUser(handle, r.json()["did"], password, pds)
    yield user
    for client in user.opened:
        client.close()


@pytest.fixture
def faults(localnet: LocalNetwork) -> Iterator[list[str]]:
    """mastodon-mock fault rules added by the test (ids), each removed afterwards."""
    ids: list[str] = []
    yield ids
    for rule in ids:
        httpx.delete(f"{localnet.mastodon_url}/api/v1/_mock/faults/{rule}")


def _fault(localnet: LocalNetwork, ids: list[str], method: str, path: str, status: int) -> None:
    r = httpx.post(
        f"{localnet.mastodon_url}/api/v1/_mock/faults",
        json={"match": {"methods": [method], "path": path}, "effect": {"type": "status", "status": status}},
    )
    r.raise_for_status()
    ids.append(r.json()["id"])


def _verdict(platform: Platform) -> PlatformVerdict:
    return PlatformVerdict(platform=platform, verdict=Verdict.PRESENT, detail="")


def _report(
    domain: str, *, mastodon: MockUser | None = None, bluesky: PdsUser | None = None, name: str = "Labo Apply"
) -> Report:
    institution = Institution(name=name, domain=domain)
    accounts: list[FoundAccount] = []
    if mastodon is not None:
        acct = f"{mastodon.username}@{MOCK_HOST}"
        accounts.append(
            FoundAccount(
                platform=Platform.MASTODON,
                handle=f"@{acct}",
                instance=MOCK_HOST,
                confidence=Confidence.LINKED,
                reasons=("test",),
                found_by=("known handle",),
                activity=Activity.ACTIVE,
                account=MastodonAccount(
                    acct=acct, username=mastodon.username, domain=MOCK_HOST, web_host=MOCK_HOST
                ),
            )
        )
    if bluesky is not None:
        accounts.append(
            FoundAccount(
                platform=Platform.BLUESKY,
                handle=f"@{bluesky.handle}",
                confidence=Confidence.LINKED,
                reasons=("test",),
                found_by=("known handle",),
                activity=Activity.ACTIVE,
                account=BlueskyAccount(
                    did=bluesky.did, handle=bluesky.handle, handle_verified=True, pds=bluesky.pds_url
                ),
            )
        )
    return Report(
        quitx_version="0.1.0",
        institution=institution,
        checked_at=dt.datetime.now(dt.UTC),
        dormant_after_days=180,
        mastodon=_verdict(Platform.MASTODON),
        bluesky=_verdict(Platform.BLUESKY),
        accounts=tuple(accounts),
    )


def _plan(report: Report) -> MigrationPlan:
    return build_plan(report, report.institution, PlanOptions(language="fr"))


def _creds(mastodon: MockUser | None = None, bluesky: PdsUser | None = None) -> Credentials:
    return Credentials(
        mastodon=MastodonCredentials(Secret(mastodon.token), "test") if mastodon else None,
        bluesky=BlueskyCredentials(bluesky.handle, Secret(bluesky.password), "test") if bluesky else None,
    )


async def _apply(
    steps: list[str], report: Report, settings: Settings, creds: Credentials, *, dry_run: bool = False
) -> list[Any]:
    return await apply_steps(
        steps,
        report,
        report.institution,
        _plan(report),
        settings=settings,
        dry_run=dry_run,
        credentials=creds,
        environ={},
    )


# --- Mastodon (mastodon-mock) ----------------------------------------------------------------------------


async def test_mastodon_field_added_others_kept_and_verified_at_explained(
    settings: Settings, mock_user: MockUser
) -> None:
    mock_user.client().account_update_credentials(fields=[("Labo", "UMR 0000")])
    report = _report("univ-exemple.fr", mastodon=mock_user)

    dry = await _apply(["mastodon-verification"], report, settings, _creds(mock_user), dry_run=True)
    assert mock_user.client().account_verify_credentials()["source"]["fields"][0]["name"] == "Labo"
    assert len(mock_user.client().account_verify_credentials()["fields"]) == 1  # the dry run sent nothing
    assert dry[0].dry_run and not dry[0].done

    [result] = await _apply(["mastodon-verification"], report, settings, _creds(mock_user))
    assert result.ok and result.done and result.changed, result
    fields = mock_user.client().account_verify_credentials()["source"]["fields"]
    assert [(f["name"], f["value"]) for f in fields] == [
        ("Labo", "UMR 0000"),
        ("Site web", "https://univ-exemple.fr"),
    ]
    assert "Labo = UMR 0000" in (result.before or "") and "Site web = https://univ-exemple.fr" in (
        result.after or ""
    )
    # the mock never verifies rel="me": the re-check says what is missing
    assert result.verified is False
    assert "verified_at" in (result.note or "") and 'rel="me"' in (result.note or "")
    assert any("verified_at null" in e for e in result.evidence)
    plan = mark_plan(_plan(report), [result])
    assert plan.step("mastodon-verification").status is not StepStatus.DONE


async def test_mastodon_full_profile_is_left_alone(settings: Settings, mock_user: MockUser) -> None:
    four = [("Un", "1"), ("Deux", "2"), ("Trois", "3"), ("Quatre", "4")]
    mock_user.client().account_update_credentials(fields=four)
    report = _report("univ-exemple.fr", mastodon=mock_user)
    [result] = await _apply(["mastodon-verification"], report, settings, _creds(mock_user))
    assert not result.ok and result.error_kind is ErrorKind.PRECONDITION
    assert "4" in (result.error or "")
    fields = mock_user.client().account_verify_credentials()["source"]["fields"]
    assert [(f["name"], f["value"]) for f in fields] == four


async def test_mastodon_announce_posted_and_pinned_once(settings: Settings, mock_user: MockUser) -> None:
    report = _report("univ-exemple.fr", mastodon=mock_user)
    results = await _apply(["announce"], report, settings, _creds(mock_user))
    assert [(r.action.operation, r.ok, r.changed, r.verified) for r in results] == [
        ("post", True, True, True),
        ("pin", True, True, True),
    ]
    client = mock_user.client()
    me = client.account_verify_credentials()
    statuses = client.account_statuses(me["id"])
    assert len(statuses) == 1 and "Mastodon et Bluesky" in statuses[0]["content"]
    assert [s["id"] for s in client.account_statuses(me["id"], pinned=True)] == [statuses[0]["id"]]

    again = await _apply(["announce"], report, settings, _creds(mock_user))
    assert [(r.ok, r.changed) for r in again] == [(True, False), (True, False)]
    assert len(client.account_statuses(me["id"])) == 1  # never posted twice


async def test_mastodon_bad_token_is_401_and_nothing_changes(settings: Settings, mock_user: MockUser) -> None:
    report = _report("univ-exemple.fr", mastodon=mock_user)
    bad = Credentials(mastodon=MastodonCredentials(Secret("not-the-token-1234"), "test"))
    [field, profile] = await _apply(["mastodon-verification", "mastodon-profile"], report, settings, bad)
    for r in (field, profile):
        assert r.error_kind is ErrorKind.UNAUTHORIZED and "401" in (r.error or "")
        assert "not-the-token-1234" not in r.model_dump_json()
    assert mock_user.client().account_verify_credentials()["fields"] == []


async def test_mastodon_403_and_429_leave_the_account_as_it_was(
    localnet: LocalNetwork, settings: Settings, mock_user: MockUser, faults: list[str]
) -> None:
    report = _report("univ-exemple.fr", mastodon=mock_user)
    _fault(localnet, faults, "PATCH", "/api/v1/accounts/update_credentials", 403)
    _fault(localnet, faults, "POST", "/api/v1/statuses", 429)
    results = await _apply(["mastodon-verification", "announce"], report, settings, _creds(mock_user))
    kinds = [(r.action.operation, r.error_kind) for r in results]
    assert kinds == [
        ("profile-field", ErrorKind.FORBIDDEN),
        ("post", ErrorKind.RATE_LIMITED),
        ("pin", ErrorKind.PRECONDITION),
    ]
    client = mock_user.client()
    me = client.account_verify_credentials()
    assert me["fields"] == [] and client.account_statuses(me["id"]) == []
    assert mock_user.token not in json.dumps([r.model_dump(mode="json") for r in results])


async def test_mastodon_profile_display_name_and_bio(settings: Settings, mock_user: MockUser) -> None:
    report = _report("univ-exemple.fr", mastodon=mock_user, name="Laboratoire Apply")
    [result] = await _apply(["mastodon-profile"], report, settings, _creds(mock_user))
    assert result.ok and result.changed and result.verified, result
    me = mock_user.client().account_verify_credentials()
    assert me["display_name"] == "Laboratoire Apply"
    assert "https://univ-exemple.fr" in me["source"]["note"]


# --- Bluesky (the real PDS) -------------------------------------------------------------------------------


async def test_bluesky_profile_keeps_the_avatar(settings: Settings, pds_user: PdsUser) -> None:
    client = pds_user.client()
    with warnings.catch_warnings():  # the SDK hands bytes to httpx as data=, which httpx deprecates
        warnings.simplefilter("ignore", DeprecationWarning)
        blob = client.upload_blob(PNG).blob
    client.com.atproto.repo.put_record(
        data={
            "repo": pds_user.did,
            "collection": "app.bsky.actor.profile",
            "rkey": "self",
            "record": {"$type": "app.bsky.actor.profile", "displayName": "Ancien nom", "avatar": blob},
        }
    )
    report = _report("univ-exemple.fr", bluesky=pds_user, name="Laboratoire Apply")
    [result] = await _apply(["bluesky-profile"], report, settings, _creds(bluesky=pds_user))
    assert result.ok and result.changed and result.verified, result
    record = client.com.atproto.repo.get_record(
        params={"repo": pds_user.did, "collection": "app.bsky.actor.profile", "rkey": "self"}
    ).value
    assert record.display_name == "Laboratoire Apply"
    assert "https://univ-exemple.fr" in (record.description or "")
    assert record.avatar is not None and record.avatar.ref.link == blob.ref.link  # kept
    assert "Ancien nom" in (result.before or "")


async def test_bluesky_announcement_posted_once(settings: Settings, pds_user: PdsUser) -> None:
    report = _report("univ-exemple.fr", bluesky=pds_user)
    [result] = await _apply(["announce"], report, settings, _creds(bluesky=pds_user))
    assert result.action.platform is Platform.BLUESKY
    assert result.ok and result.changed and result.verified, result
    [again] = await _apply(["announce"], report, settings, _creds(bluesky=pds_user))
    assert again.ok and not again.changed
    posts = pds_user.client().com.atproto.repo.list_records(
        params={"repo": pds_user.did, "collection": "app.bsky.feed.post"}
    )
    assert len(posts.records) == 1 and "Mastodon et Bluesky" in posts.records[0].value.text


async def test_bluesky_handle_switch_on_a_domain_the_pds_serves(
    settings: Settings, pds_user: PdsUser
) -> None:
    new = f"n{pds_user.handle}"
    report = _report(new, bluesky=pds_user)
    [result] = await _apply(["bluesky-domain-handle"], report, settings, _creds(bluesky=pds_user))
    try:
        assert result.ok and result.changed, result
        assert result.after == f"handle={new} ({pds_user.did})"
        assert result.verified is True, result.evidence
        plan = mark_plan(_plan(report), [result])
        assert plan.step("bluesky-domain-handle").status is StepStatus.DONE
    finally:  # switch back, so the account is as it was
        client = pds_user.client()
        client.com.atproto.identity.update_handle(data={"handle": pds_user.handle})


@pytest.mark.parametrize(
    ("domain", "expected"),
    [
        ("impostor-exemple.fr", "points to another account"),  # TXT names alice's DID
        ("mairie-absente.fr", "does not point to any account yet"),  # no TXT, no well-known
    ],
)
async def test_bluesky_handle_not_switched_before_the_domain_proves_it(
    settings: Settings, pds_user: PdsUser, domain: str, expected: str
) -> None:
    report = _report(domain, bluesky=pds_user)
    plan = build_plan(report, report.institution, PlanOptions(language="en"))
    [result] = await apply_steps(
        ["bluesky-domain-handle"],
        report,
        report.institution,
        plan,
        settings=settings,
        dry_run=False,
        credentials=_creds(bluesky=pds_user),
        environ={},
    )
    assert result.error_kind is ErrorKind.PRECONDITION, result
    assert expected in (result.error or "")
    assert f'_atproto.{domain}. 3600 IN TXT "did={pds_user.did}"' in (result.error or "")
    session = pds_user.client().com.atproto.server.get_session()
    assert session.handle == pds_user.handle  # unchanged


async def test_bluesky_handle_taken(settings: Settings, pds_user: PdsUser) -> None:
    report = _report("alice.test", bluesky=pds_user)
    [result] = await _apply(["bluesky-domain-handle"], report, settings, _creds(bluesky=pds_user))
    assert result.error_kind is ErrorKind.HANDLE_TAKEN, result
    assert pds_user.client().com.atproto.server.get_session().handle == pds_user.handle


async def test_bluesky_wrong_password(settings: Settings, pds_user: PdsUser) -> None:
    report = _report("univ-exemple.fr", bluesky=pds_user)
    bad = Credentials(bluesky=BlueskyCredentials(pds_user.handle, Secret("wrong-password-5678"), "test"))
    [result] = await _apply(["bluesky-profile"], report, settings, bad)
    assert result.error_kind is ErrorKind.UNAUTHORIZED and "401" in (result.error or "")
    assert "wrong-password-5678" not in result.model_dump_json()


# --- the command --------------------------------------------------------------------------------------------


def _cli(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="quitx")
    parser.add_argument("--config")
    add_apply_command(parser.add_subparsers(dest="command", required=True))
    return parser.parse_args(argv)


def test_cli_dry_run_then_yes(
    localnet: LocalNetwork,
    settings: Settings,
    mock_user: MockUser,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert localnet.config_path is not None
    report_path = tmp_path / "report.json"
    report_path.write_text(_report("univ-exemple.fr", mastodon=mock_user).model_dump_json(), "utf-8")
    monkeypatch.setenv("QUITX_MASTODON_TOKEN", mock_user.token)
    base = [
        "--config",
        str(localnet.config_path),
        "apply",
        "mastodon-verification",
        "--report",
        str(report_path),
    ]

    assert run_apply(_cli(base)) == 0
    out = capsys.readouterr().out
    assert "[simulation]" in out and "fields_attributes[0][value]=https://univ-exemple.fr" in out
    assert mock_user.token not in out
    assert mock_user.client().account_verify_credentials()["fields"] == []

    plan_path = tmp_path / "plan.json"
    assert run_apply(_cli([*base, "--yes", "--format", "json", "--plan-output", str(plan_path)])) == 0
    out = capsys.readouterr().out
    assert mock_user.token not in out
    [result] = json.loads(out)
    assert result["done"] is True and result["verified"] is False
    assert json.loads(plan_path.read_text("utf-8"))["schema_version"] == 1
    assert len(mock_user.client().account_verify_credentials()["fields"]) == 1


def test_cli_unknown_step_is_a_usage_error(
    localnet: LocalNetwork, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report_path = tmp_path / "report.json"
    report_path.write_text(_report("univ-exemple.fr").model_dump_json(), "utf-8")
    args = _cli(["--config", str(localnet.config_path), "apply", "archive-x", "--report", str(report_path)])
    assert run_apply(args) == 2
    assert "archive-x" in capsys.readouterr().err
