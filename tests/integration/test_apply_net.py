"""``quitx apply`` against the real local network: the AT Protocol PDS and the Mastodon test server.

Nothing here touches the world's seeded accounts (other tests rely on alice.test, univexemple…):
each test writes only to accounts it creates through the services' own APIs — a fresh PDS account
(``com.atproto.server.createAccount``, open on the dev PDS) and a fresh Mastodon user (``POST
/api/v1/_mock/dev_user``, the mock's way to get a user token). The Mastodon server is
mastodon-mock rendering text as real Mastodon does (``testnet.mastodon_server``: mentions as
h-cards, links with invisible spans, profile HTML apart from the typed ``source``, 5 pins at
most). Service errors (403, 429, 500, a slow answer) are forced with mastodon-mock's fault
injection (``/api/v1/_mock/faults``), one request at a time; a fault rule on a write also serves
as a tripwire: a step that must send nothing would fail on it.

The Mastodon test server does not check rel="me" links: a test marks a field verified with
``MastodonMock.verify_field``, as Mastodon would once it found the link back.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import secrets
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest
import tests.builders as b
from testnet.network import LocalNetwork
from testnet.web import Response
from tests.integration.conftest import ELSEWHERE, Elsewhere

from quitx.apply import (
    ErrorKind,
    ProfileRequest,
    aapply_steps,
    mark_plan,
    official_bio,
)
from quitx.cli import main as quitx_main
from quitx.cli.exits import EXIT_FAILED, EXIT_UNVERIFIED
from quitx.config import Settings
from quitx.models import (
    Confidence,
    FoundAccount,
    FoundBy,
    Institution,
    Platform,
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
UPDATE = "/api/v1/accounts/update_credentials"
T = TypeVar("T")


@dataclass(frozen=True)
class MockUser:
    username: str
    token: str
    base_url: str
    opened: list[Any] = field(default_factory=list)  # sessions to close after the test

    @property
    def handle(self) -> str:
        return f"@{self.username}@{MOCK_HOST}"

    def client(self) -> Any:
        import requests

        from mastodon import Mastodon

        session = requests.Session()
        self.opened.append(session)
        return Mastodon(
            api_base_url=self.base_url, access_token=self.token, request_timeout=10, session=session
        )

    def me(self) -> dict[str, Any]:
        return dict(self.client().account_verify_credentials())

    def typed_fields(self) -> list[tuple[str, str]]:
        return [(f["name"], f["value"]) for f in self.me()["source"]["fields"]]

    def statuses(self, *, pinned: bool = False) -> list[dict[str, Any]]:
        client = self.client()
        return [dict(s) for s in client.account_statuses(self.me()["id"], pinned=pinned, limit=40)]


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

    def posts(self) -> list[Any]:
        listed = self.client().com.atproto.repo.list_records(
            params={"repo": self.did, "collection": "app.bsky.feed.post"}
        )
        return list(listed.records)


def _new_mock_user(localnet: LocalNetwork) -> MockUser:
    base = localnet.mastodon_url
    name = f"apply{secrets.token_hex(4)}"
    r = httpx.post(f"{base}/api/v1/_mock/dev_user", json={"username": name, "display_name": name})
    r.raise_for_status()
    return MockUser(name, r.json()["access_token"], base)


def _new_pds_user(localnet: LocalNetwork) -> PdsUser:
    pds = localnet.atproto_state.pds_url
    handle = f"ap{secrets.token_hex(4)}.test"
    password = secrets.token_urlsafe(16)
    r = httpx.post(
        f"{pds}/xrpc/com.atproto.server.createAccount",
        json={"handle": handle, "email": f"{handle}@exemple.test", "password": password},
    )
    r.raise_for_status()
    return PdsUser(handle, r.json()["did"], password, pds)


@contextmanager
def _closing(user: T) -> Iterator[T]:
    """The test account, and the SDK sessions the test opened with it closed afterwards."""
    yield user
    for session in getattr(user, "opened", ()):
        session.close()


@pytest.fixture
def mock_user(localnet: LocalNetwork) -> Iterator[MockUser]:
    with _closing(_new_mock_user(localnet)) as user:
        yield user


@pytest.fixture
def other_mock_user(localnet: LocalNetwork) -> Iterator[MockUser]:
    with _closing(_new_mock_user(localnet)) as user:
        yield user


@pytest.fixture
def pds_user(localnet: LocalNetwork) -> Iterator[PdsUser]:
    with _closing(_new_pds_user(localnet)) as user:
        yield user


@pytest.fixture
def faults(localnet: LocalNetwork) -> Iterator[list[str]]:
    """mastodon-mock fault rules added by the test (ids), each removed afterwards."""
    ids: list[str] = []
    yield ids
    for rule in ids:
        httpx.delete(f"{localnet.mastodon_url}/api/v1/_mock/faults/{rule}")


def _fault(localnet: LocalNetwork, ids: list[str], method: str, path: str, effect: dict[str, Any]) -> None:
    r = httpx.post(
        f"{localnet.mastodon_url}/api/v1/_mock/faults",
        json={"match": {"methods": [method], "path": path}, "effect": effect},
    )
    r.raise_for_status()
    ids.append(r.json()["id"])


def _tripwire(localnet: LocalNetwork, ids: list[str], method: str, path: str) -> None:
    """Any such request fails: a step that must send nothing passes only if it sends nothing."""
    _fault(localnet, ids, method, path, {"type": "status", "status": 500})


def _mastodon_found(user: MockUser, confidence: Confidence = Confidence.LINKED) -> FoundAccount:
    return b.mastodon(
        f"{user.username}@{MOCK_HOST}", confidence=confidence, found_by=(FoundBy.KNOWN,), url=""
    )


def _bluesky_found(user: PdsUser, confidence: Confidence = Confidence.LINKED) -> FoundAccount:
    return b.bluesky(
        user.handle, did=user.did, pds=user.pds_url, confidence=confidence, found_by=(FoundBy.KNOWN,)
    )


def _report(
    domain: str,
    *,
    mastodon: MockUser | None = None,
    bluesky: PdsUser | None = None,
    name: str = "Labo Apply",
    accounts: tuple[FoundAccount, ...] = (),
) -> Report:
    """A report that attributes the users' accounts to the institution (both networks present)."""
    found = [*accounts]
    if mastodon is not None:
        found.append(_mastodon_found(mastodon))
    if bluesky is not None:
        found.append(_bluesky_found(bluesky))
    return b.report(
        *found,
        institution=Institution(name=name, domain=domain),
        mastodon=Verdict.PRESENT,
        bluesky=Verdict.PRESENT,
        checked_at=dt.datetime.now(dt.UTC),
    )


def _plan(report: Report, language: str = "fr", start: dt.date | None = None) -> MigrationPlan:
    return build_plan(report, PlanOptions(language=language, start=start))


def _creds(mastodon: MockUser | None = None, bluesky: PdsUser | None = None) -> Credentials:
    return Credentials(
        mastodon=MastodonCredentials(Secret(mastodon.token), "test") if mastodon else None,
        bluesky=BlueskyCredentials(bluesky.handle, Secret(bluesky.password), "test") if bluesky else None,
    )


async def _apply(
    steps: list[str],
    report: Report,
    settings: Settings,
    creds: Credentials,
    *,
    dry_run: bool = False,
    plan: MigrationPlan | None = None,
    environ: dict[str, str] | None = None,
    confirm: tuple[str, ...] = (),
    profile: ProfileRequest | None = None,
) -> list[Any]:
    return await aapply_steps(
        report,
        steps,
        plan=plan or _plan(report),
        settings=settings,
        dry_run=dry_run,
        credentials=creds,
        environ=environ or {},
        confirm_accounts=confirm,
        profile=profile,
    )


def _ops(results: list[Any]) -> list[tuple[str, str, bool, bool, ErrorKind | None]]:
    return [(r.action.platform.value, r.action.operation, r.done, r.changed, r.error_kind) for r in results]


# --- whose account ---------------------------------------------------------------------------------------


async def test_a_report_about_b_with_a_credentials_writes_nothing(
    localnet: LocalNetwork, settings: Settings, mock_user: MockUser, pds_user: PdsUser
) -> None:
    """Institution B's report names no account of B's; the credentials are A's: nothing is written,
    and the dry run already names A's accounts and says it will refuse."""
    report_b = _report("univ-b-exemple.fr", name="Université B")
    env = {"QUITX_MASTODON_INSTANCE": MOCK_HOST, "QUITX_BLUESKY_PDS": pds_user.pds_url}
    steps = [
        "mastodon-verification",
        "mastodon-profile",
        "bluesky-profile",
        "announce",
        "bluesky-domain-handle",
    ]
    asked = ProfileRequest(display_name="Université B", bio="Compte officiel de l’Université B")
    before_name = mock_user.me()["display_name"]

    dry = await _apply(
        steps, report_b, settings, _creds(mock_user, pds_user), dry_run=True, environ=env, profile=asked
    )
    mastodon = [r for r in dry if r.action.platform is Platform.MASTODON]
    bluesky = [r for r in dry if r.action.platform is Platform.BLUESKY]
    assert all(r.action.account == mock_user.handle for r in mastodon), mastodon
    assert all(r.action.account == f"@{pds_user.handle}" for r in bluesky), bluesky
    assert all(r.error_kind in (ErrorKind.WRONG_ACCOUNT, ErrorKind.NOT_ATTEMPTED) for r in dry), _ops(dry)
    assert f"--confirm-account {mock_user.handle}" in (mastodon[0].error or "")
    assert "Université B" in (mastodon[0].error or "")

    real = await _apply(steps, report_b, settings, _creds(mock_user, pds_user), environ=env, profile=asked)
    assert all(not r.ok and not r.changed for r in real), _ops(real)
    me = mock_user.me()
    assert me["display_name"] == before_name and me["fields"] == [] and mock_user.statuses() == []
    session = pds_user.client().com.atproto.server.get_session()
    assert session.handle == pds_user.handle and pds_user.posts() == []
    with pytest.raises(Exception, match=r"RecordNotFound|Could not locate"):
        pds_user.client().com.atproto.repo.get_record(
            params={"repo": pds_user.did, "collection": "app.bsky.actor.profile", "rkey": "self"}
        )


async def test_the_token_of_another_account_than_the_reports_is_refused(
    settings: Settings, mock_user: MockUser, other_mock_user: MockUser
) -> None:
    report = _report("univ-exemple.fr", mastodon=mock_user)
    [result] = await _apply(["mastodon-verification"], report, settings, _creds(other_mock_user))
    assert result.error_kind is ErrorKind.WRONG_ACCOUNT, result
    assert other_mock_user.handle in (result.error or "") and mock_user.handle in (result.error or "")
    assert other_mock_user.me()["fields"] == [] and mock_user.me()["fields"] == []


async def test_an_account_found_by_name_only_is_not_proof(settings: Settings, mock_user: MockUser) -> None:
    candidate = _mastodon_found(mock_user, Confidence.CANDIDATE)
    report = _report("univ-exemple.fr", accounts=(candidate,))
    env = {"QUITX_MASTODON_INSTANCE": MOCK_HOST}
    [result] = await _apply(["mastodon-verification"], report, settings, _creds(mock_user), environ=env)
    assert result.error_kind is ErrorKind.WRONG_ACCOUNT
    assert "by its name only" in (result.error or "") or "par son nom seulement" in (result.error or "")
    assert mock_user.me()["fields"] == []


async def test_confirm_account_names_the_account_and_only_that_one(
    settings: Settings, mock_user: MockUser, other_mock_user: MockUser, pds_user: PdsUser
) -> None:
    report = _report("univ-exemple.fr")  # names no account of its own
    env = {"QUITX_MASTODON_INSTANCE": MOCK_HOST, "QUITX_BLUESKY_PDS": pds_user.pds_url}
    steps = ["mastodon-verification", "bluesky-profile"]
    asked = ProfileRequest(display_name="Labo Apply")

    wrong = await _apply(
        steps, report, settings, _creds(mock_user, pds_user), environ=env,
        confirm=(other_mock_user.handle, "someone-else.test"), profile=asked,
    )  # fmt: skip
    assert [r.error_kind for r in wrong] == [ErrorKind.WRONG_ACCOUNT, ErrorKind.WRONG_ACCOUNT]

    right = await _apply(
        steps, report, settings, _creds(mock_user, pds_user), environ=env,
        confirm=(mock_user.handle, pds_user.did), profile=asked,
    )  # fmt: skip
    assert [(r.ok, r.changed) for r in right] == [(True, True), (True, True)], _ops(right)
    assert any("--confirm-account" in e for e in right[0].evidence)
    assert mock_user.typed_fields() == [("Site web", "https://univ-exemple.fr")]


# --- never twice ---------------------------------------------------------------------------------------


async def test_the_announcement_is_posted_once_whatever_the_day_or_the_language(
    settings: Settings, mock_user: MockUser, pds_user: PdsUser
) -> None:
    report = _report("univ-exemple.fr", mastodon=mock_user, bluesky=pds_user)
    creds = _creds(mock_user, pds_user)
    first = await _apply(["announce"], report, settings, creds, plan=_plan(report, "fr", dt.date(2026, 3, 2)))
    assert [(r.action.platform.value, r.action.operation, r.changed, r.verified) for r in first] == [
        ("mastodon", "post", True, True),
        ("mastodon", "pin", True, True),
        ("bluesky", "post", True, True),
    ], _ops(first)
    [status] = mock_user.statuses()
    # the server renders the self-mention as real Mastodon does: the text no longer holds the handle
    assert 'class="u-url mention"' in status["content"] and "@<span>" in status["content"]
    assert mock_user.handle not in status["content"]
    [post] = pds_user.posts()
    assert f"@{pds_user.handle}" in post.value.text and mock_user.handle in post.value.text

    for language, start in (("fr", dt.date(2026, 3, 3)), ("en", dt.date(2026, 3, 9)), ("en", None)):
        again = await _apply(["announce"], report, settings, creds, plan=_plan(report, language, start))
        assert [(r.ok, r.done, r.changed) for r in again] == [(True, True, False)] * 3, _ops(again)
    assert len(mock_user.statuses()) == 1
    assert [s["id"] for s in mock_user.statuses(pinned=True)] == [status["id"]]
    assert len(pds_user.posts()) == 1


async def test_an_announcement_posted_by_hand_is_recognised(
    settings: Settings, mock_user: MockUser, pds_user: PdsUser
) -> None:
    """Pasted from the plan into the Mastodon web form, in English, weeks earlier, and pinned."""
    pasted = (
        f"We are now on Mastodon and Bluesky!\n\nMastodon: {mock_user.handle}\n"
        f"Bluesky: @{pds_user.handle}\n\nFrom 1 February 2026, we will no longer post on X."
    )
    client = mock_user.client()
    status = client.status_post(pasted)
    client.status_pin(status["id"])
    for i in range(45):  # and the news since
        client.status_post(f"Actualité n°{i}")
    pds_user.client().com.atproto.repo.create_record(
        data={
            "repo": pds_user.did,
            "collection": "app.bsky.feed.post",
            "record": {"$type": "app.bsky.feed.post", "text": pasted, "createdAt": "2026-02-01T09:00:00Z"},
        }
    )
    report = _report("univ-exemple.fr", mastodon=mock_user, bluesky=pds_user)
    results = await _apply(["announce"], report, settings, _creds(mock_user, pds_user))
    assert [(r.done, r.changed) for r in results] == [(True, False)] * 3, _ops(results)
    assert len(mock_user.statuses(pinned=True)) == 1 and len(pds_user.posts()) == 1


async def test_five_pins_hold_back_the_announcement_on_both_networks(
    settings: Settings, mock_user: MockUser, pds_user: PdsUser
) -> None:
    client = mock_user.client()
    for i in range(5):
        client.status_pin(client.status_post(f"Épinglée {i}")["id"])
    report = _report("univ-exemple.fr", mastodon=mock_user, bluesky=pds_user)
    results = await _apply(
        ["announce"], report, settings, _creds(mock_user, pds_user), plan=_plan(report, "en")
    )
    assert [r.error_kind for r in results] == [
        ErrorKind.NOT_ATTEMPTED,
        ErrorKind.PRECONDITION,
        ErrorKind.NOT_ATTEMPTED,
    ], _ops(results)
    assert "5" in (results[1].error or "") and "both networks or on neither" in (results[2].error or "")
    assert len(mock_user.statuses()) == 5 and pds_user.posts() == []


# --- all or nothing -------------------------------------------------------------------------------------


async def test_no_bluesky_credentials_nothing_posted_on_mastodon(
    settings: Settings, mock_user: MockUser, pds_user: PdsUser
) -> None:
    report = _report("univ-exemple.fr", mastodon=mock_user, bluesky=pds_user)
    bad = Credentials(
        mastodon=MastodonCredentials(Secret(mock_user.token), "test"),
        bluesky=BlueskyCredentials(pds_user.handle, Secret("wrong-password-5678"), "test"),
    )
    results = await _apply(["announce"], report, settings, bad)
    assert [r.error_kind for r in results] == [
        ErrorKind.NOT_ATTEMPTED,
        ErrorKind.NOT_ATTEMPTED,
        ErrorKind.UNAUTHORIZED,
    ], _ops(results)
    assert "Bluesky" in (results[0].error or "")
    assert mock_user.statuses() == [] and pds_user.posts() == []


async def test_the_announcement_skipped_is_said(settings: Settings, mock_user: MockUser) -> None:
    """The report names no Bluesky account: announce says so on both networks, and posts nothing."""
    report = _report("univ-exemple.fr", mastodon=mock_user)
    results = await _apply(["announce"], report, settings, _creds(mock_user))
    assert [(r.action.platform.value, r.action.operation) for r in results] == [
        ("mastodon", "post"),
        ("mastodon", "pin"),
        ("bluesky", "post"),
    ]
    assert results[2].error_kind is ErrorKind.MISSING_CREDENTIALS
    assert all(not r.ok for r in results) and mock_user.statuses() == []


async def test_mastodon_failing_at_the_post_keeps_bluesky_silent(
    localnet: LocalNetwork, settings: Settings, mock_user: MockUser, pds_user: PdsUser, faults: list[str]
) -> None:
    _fault(localnet, faults, "POST", "/api/v1/statuses", {"type": "status", "status": 503})
    report = _report("univ-exemple.fr", mastodon=mock_user, bluesky=pds_user)
    results = await _apply(["announce"], report, settings, _creds(mock_user, pds_user))
    assert [r.error_kind for r in results] == [
        ErrorKind.UNKNOWN_OUTCOME,
        ErrorKind.NOT_ATTEMPTED,
        ErrorKind.NOT_ATTEMPTED,
    ], _ops(results)
    assert pds_user.posts() == []


async def test_mastodon_unreadable_before_the_announcement_sends_nothing(
    localnet: LocalNetwork, settings: Settings, mock_user: MockUser, pds_user: PdsUser, faults: list[str]
) -> None:
    """The statuses cannot be read, so apply cannot tell whether the announcement is there."""
    _fault(localnet, faults, "GET", "/api/v1/accounts/*/statuses", {"type": "status", "status": 503})
    report = _report("univ-exemple.fr", mastodon=mock_user, bluesky=pds_user)
    results = await _apply(
        ["announce"], report, settings, _creds(mock_user, pds_user), plan=_plan(report, "en")
    )
    assert [r.error_kind for r in results] == [
        ErrorKind.SERVER,
        ErrorKind.SERVER,
        ErrorKind.NOT_ATTEMPTED,
    ], _ops(results)
    assert "503" in (results[0].error or "") and "nothing was sent" in (results[0].error or "")
    assert pds_user.posts() == []


async def test_bluesky_failing_after_mastodon_posted_says_how_to_finish(
    settings: Settings, mock_user: MockUser, pds_user: PdsUser, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The PDS refuses the post (a real refusal: a record it finds invalid) after Mastodon posted."""
    import quitx.apply.bluesky_sdk as sdk

    real_create = sdk.BlueskySession.create_post

    def refused(self: Any, record: dict[str, Any]) -> tuple[str, str]:
        return real_create(self, {**record, "text": 42})  # the PDS answers 400 InvalidRecord

    monkeypatch.setattr(sdk.BlueskySession, "create_post", refused)
    report = _report("univ-exemple.fr", mastodon=mock_user, bluesky=pds_user)
    results = await _apply(["announce"], report, settings, _creds(mock_user, pds_user))
    assert [(r.ok, r.changed) for r in results[:2]] == [(True, True), (True, True)], _ops(results)
    assert results[2].error_kind is ErrorKind.REFUSED and "400" in (results[2].error or "")
    assert "out on Mastodon" in (results[2].note or "") or "publiée que sur Mastodon" in (
        results[2].note or ""
    )
    assert "--yes" in (results[2].note or "")

    monkeypatch.setattr(sdk.BlueskySession, "create_post", real_create)
    finish = await _apply(["announce"], report, settings, _creds(mock_user, pds_user))
    assert [(r.ok, r.changed) for r in finish] == [(True, False), (True, False), (True, True)], _ops(finish)
    assert len(mock_user.statuses()) == 1 and len(pds_user.posts()) == 1


# --- write only what is shown ---------------------------------------------------------------------------


async def test_the_dry_run_reads_the_live_profile_and_shows_every_field(
    localnet: LocalNetwork, settings: Settings, mock_user: MockUser, faults: list[str]
) -> None:
    report = _report("univ-exemple.fr", mastodon=mock_user)  # the report knows no field
    mock_user.client().account_update_credentials(
        fields=[("Labo", "UMR 0000 & CNRS <b>"), ("Équipe", "https://univ-exemple.fr/labo")]
    )
    _tripwire(localnet, faults, "PATCH", UPDATE)
    [dry] = await _apply(["mastodon-verification"], report, settings, _creds(mock_user), dry_run=True)
    assert dry.ok and dry.sends and not dry.done and dry.action.account == mock_user.handle
    assert dry.action.payload == (
        "fields_attributes[0][name]=Labo\nfields_attributes[0][value]=UMR 0000 & CNRS <b>\n"
        "fields_attributes[1][name]=Équipe\nfields_attributes[1][value]=https://univ-exemple.fr/labo\n"
        "fields_attributes[2][name]=Site web\nfields_attributes[2][value]=https://univ-exemple.fr"
    )  # a field linking to a page of the site is not the website field
    assert "[0] Labo = UMR 0000 & CNRS <b>" in (dry.before or "")
    assert "(added)" in (dry.after or "") or "(ajouté)" in (dry.after or "")


async def test_a_write_keeps_every_other_field_byte_for_byte(settings: Settings, mock_user: MockUser) -> None:
    typed = [("Labo", "UMR 0000 & CNRS <b>"), ("Équipe", "https://univ-exemple.fr/labo")]
    mock_user.client().account_update_credentials(fields=typed)
    assert "&amp;" in mock_user.me()["fields"][0]["value"]  # the server shows HTML, as Mastodon does
    report = _report("univ-exemple.fr", mastodon=mock_user)
    [result] = await _apply(["mastodon-verification"], report, settings, _creds(mock_user))
    assert result.ok and result.changed, result
    assert mock_user.typed_fields() == [*typed, ("Site web", "https://univ-exemple.fr")]
    assert any("octet pour octet" in e for e in result.evidence)  # in the run's words (French)
    # the test server does not check rel="me": verified_at stays null, and the run says what is missing
    assert result.verified is False and 'rel="me"' in (result.note or "")


async def test_already_done_sends_nothing(
    localnet: LocalNetwork, settings: Settings, mock_user: MockUser, faults: list[str]
) -> None:
    mock_user.client().account_update_credentials(
        fields=[("Labo", "UMR 0000 & CNRS <b>"), ("Site", "https://univ-exemple.fr/")]
    )
    assert localnet.mastodon is not None
    localnet.mastodon.verify_field(mock_user.username, 1)
    _tripwire(localnet, faults, "PATCH", UPDATE)
    report = _report("univ-exemple.fr", mastodon=mock_user)
    [result] = await _apply(["mastodon-verification"], report, settings, _creds(mock_user))
    assert result.ok and result.done and not result.changed and not result.sends, result
    assert result.verified is True and result.action.payload == ""
    plan = mark_plan(_plan(report), [result])
    assert plan.step("mastodon-verification").status is StepStatus.DONE


async def test_saving_the_fields_keeps_a_verified_field_verified(
    localnet: LocalNetwork, settings: Settings, mock_user: MockUser
) -> None:
    """Another field already green stays green: its value is sent back exactly as typed."""
    mock_user.client().account_update_credentials(fields=[("Blog", "https://blog.exemple.org")])
    assert localnet.mastodon is not None
    localnet.mastodon.verify_field(mock_user.username, 0)
    report = _report("univ-exemple.fr", mastodon=mock_user)
    [result] = await _apply(["mastodon-verification"], report, settings, _creds(mock_user))
    assert result.ok and result.changed
    assert mock_user.me()["fields"][0]["verified_at"] is not None


def _site(localnet: LocalNetwork, settings: Settings, rel_me_to: str | None) -> tuple[str, Settings]:
    """A fresh homepage on the local web server, linking to ``rel_me_to`` with rel="me" (or not)."""
    domain = f"labo-{secrets.token_hex(3)}.fr"
    link = f'<a rel="me" href="{rel_me_to}">Mastodon</a>' if rel_me_to else "<p>Labo</p>"
    page = f"<!doctype html><html><head><title>Labo</title></head><body>{link}</body></html>"
    localnet.web.add_route(domain, "/", Response(200, {"Content-Type": "text/html; charset=utf-8"}, page))
    return domain, settings.model_copy(
        update={"host_map": {**settings.host_map, domain: localnet.web.base_url}}
    )


async def test_an_unverified_field_is_saved_again_once_the_site_links_back(
    localnet: LocalNetwork, settings: Settings, mock_user: MockUser
) -> None:
    domain, with_site = _site(localnet, settings, mock_user.me()["url"])
    typed = [("Labo", "UMR 0000 & CNRS <b>"), ("Site", f"https://{domain}")]
    mock_user.client().account_update_credentials(fields=typed)
    report = _report(domain, mastodon=mock_user)
    [dry] = await _apply(["mastodon-verification"], report, with_site, _creds(mock_user), dry_run=True)
    assert dry.ok and dry.sends and 'rel="me"' in (dry.note or ""), dry
    assert dry.action.payload.count("fields_attributes[") == 4  # both fields, as typed
    [result] = await _apply(["mastodon-verification"], report, with_site, _creds(mock_user))
    assert result.ok and result.changed and mock_user.typed_fields() == typed
    # not green yet (the test server never checks): the note does not ask for a link that is there
    assert result.verified is False and "tâche de fond" in (result.note or "")
    assert "l’ajouter" not in (result.note or "")


async def test_an_unverified_field_without_the_link_back_sends_nothing_and_says_why(
    localnet: LocalNetwork, settings: Settings, mock_user: MockUser, faults: list[str]
) -> None:
    domain, with_site = _site(localnet, settings, None)
    mock_user.client().account_update_credentials(fields=[("Site", f"https://{domain}/")])
    _tripwire(localnet, faults, "PATCH", UPDATE)
    report = _report(domain, mastodon=mock_user)
    [result] = await _apply(["mastodon-verification"], report, with_site, _creds(mock_user))
    assert result.error_kind is ErrorKind.PRECONDITION and not result.sends, result
    assert f'<a rel="me" href="{mock_user.me()["url"]}">' in (result.error or "")


async def test_a_full_profile_is_left_alone_and_shown(
    localnet: LocalNetwork, settings: Settings, mock_user: MockUser, faults: list[str]
) -> None:
    four = [("Un", "1"), ("Deux", "2"), ("Trois", "3"), ("Site web", "https://univ-exemple.fr/labo")]
    mock_user.client().account_update_credentials(fields=four)
    _tripwire(localnet, faults, "PATCH", UPDATE)
    report = _report("univ-exemple.fr", mastodon=mock_user)
    [result] = await _apply(["mastodon-verification"], report, settings, _creds(mock_user))
    assert result.error_kind is ErrorKind.PRECONDITION and "4" in (result.error or "")
    assert "[3] Site web = https://univ-exemple.fr/labo" in (result.before or "")
    assert not result.sends and mock_user.typed_fields() == four


async def test_display_name_and_bio_only_when_asked(
    settings: Settings, mock_user: MockUser, pds_user: PdsUser
) -> None:
    mock_user.client().account_update_credentials(display_name="UnivEx (officiel)", note="Notre bio.")
    report = _report("univ-exemple.fr", mastodon=mock_user, bluesky=pds_user, name="Université Exemple")
    bio = official_bio(report.institution, "fr")
    assert bio == "Compte officiel de l’Université Exemple. https://univ-exemple.fr"
    [result] = await _apply(
        ["mastodon-profile"], report, settings, _creds(mock_user), profile=ProfileRequest(bio=bio)
    )
    assert result.ok and result.changed and result.verified, result
    assert result.action.payload == f"note={bio}"
    me = mock_user.me()
    assert me["display_name"] == "UnivEx (officiel)" and me["source"]["note"] == bio
    with pytest.raises(ValueError, match="display-name"):
        await _apply(["mastodon-profile"], report, settings, _creds(mock_user))


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
    asked = ProfileRequest(bio=official_bio(report.institution, "fr"))
    [dry] = await _apply(
        ["bluesky-profile"], report, settings, _creds(bluesky=pds_user), dry_run=True, profile=asked
    )
    assert '"avatar"' in dry.action.payload and '"swapRecord"' in dry.action.payload  # the whole record
    [result] = await _apply(["bluesky-profile"], report, settings, _creds(bluesky=pds_user), profile=asked)
    assert result.ok and result.changed and result.verified, result
    record = client.com.atproto.repo.get_record(
        params={"repo": pds_user.did, "collection": "app.bsky.actor.profile", "rkey": "self"}
    ).value
    assert record.display_name == "Ancien nom"  # not asked: not changed
    assert record.description == "Compte officiel du Laboratoire Apply. https://univ-exemple.fr"
    assert record.avatar is not None and record.avatar.ref.link == blob.ref.link  # kept


# --- errors that say what is known ----------------------------------------------------------------------


async def test_a_write_that_times_out_is_unknown(
    localnet: LocalNetwork, settings: Settings, mock_user: MockUser, faults: list[str]
) -> None:
    _fault(localnet, faults, "PATCH", UPDATE, {"type": "latency", "delay_ms": 2500})
    report = _report("univ-exemple.fr", mastodon=mock_user)
    quick = settings.model_copy(update={"timeout": 1.0})
    [result] = await _apply(["mastodon-verification"], report, quick, _creds(mock_user))
    assert result.error_kind is ErrorKind.UNKNOWN_OUTCOME, result
    assert "unknown" in (result.error or "") or "inconnu" in (result.error or "")
    assert "without --yes" in (result.error or "") or "sans --yes" in (result.error or "")
    assert "Rien n’a été" not in (result.error or "") and "Nothing was" not in (result.error or "")
    await asyncio.sleep(2.0)
    # the dry run the message suggests reads the account and tells (here: the server dropped the
    # request when the client gave up; a real server may have done it)
    [check] = await _apply(["mastodon-verification"], report, settings, _creds(mock_user), dry_run=True)
    done = ("Site web", "https://univ-exemple.fr") in mock_user.typed_fields()
    assert check.ok and check.sends is not done


async def test_a_429_gives_its_retry_time_and_the_whole_request(
    localnet: LocalNetwork, settings: Settings, mock_user: MockUser, faults: list[str]
) -> None:
    mock_user.client().account_update_credentials(fields=[("Un", "1"), ("Deux", "2")])
    reset = (dt.datetime.now(dt.UTC) + dt.timedelta(minutes=10)).isoformat(timespec="milliseconds")
    _fault(
        localnet, faults, "PATCH", UPDATE,
        {"type": "ratelimit", "headers": {"X-RateLimit-Reset": reset.replace("+00:00", "Z")}},
    )  # fmt: skip
    report = _report("univ-exemple.fr", mastodon=mock_user)
    [result] = await _apply(["mastodon-verification"], report, settings, _creds(mock_user))
    assert result.error_kind is ErrorKind.RATE_LIMITED
    assert result.retry_after is not None and 500 < result.retry_after <= 600
    assert "réessayer après" in (result.error or "") and "UTC" in (result.error or "")
    for i in range(3):  # the request that would really have gone: all the fields
        assert f"fields_attributes[{i}][name]" in result.action.payload
    assert mock_user.typed_fields() == [("Un", "1"), ("Deux", "2")]


async def test_a_non_ascii_token_is_a_bad_token(settings: Settings, mock_user: MockUser) -> None:
    report = _report("univ-exemple.fr", mastodon=mock_user)
    bad = Credentials(
        mastodon=MastodonCredentials(Secret(mock_user.token[:10] + "é" + mock_user.token[10:]), "t")
    )
    [result] = await _apply(["mastodon-verification"], report, settings, bad)
    assert result.error_kind is ErrorKind.INVALID_CREDENTIALS, result
    assert "injoignable" not in (result.error or "") and "position 11" in (result.error or "")
    assert mock_user.me()["fields"] == []


async def test_a_mastodon_401_speaks_of_the_token(settings: Settings, mock_user: MockUser) -> None:
    report = _report("univ-exemple.fr", mastodon=mock_user)
    bad = Credentials(mastodon=MastodonCredentials(Secret("not-the-token-1234"), "test"))
    [field_result] = await _apply(["mastodon-verification"], report, settings, bad, plan=_plan(report, "en"))
    assert field_result.error_kind is ErrorKind.UNAUTHORIZED and "401" in (field_result.error or "")
    assert "token" in (field_result.error or "") and "app password" not in (field_result.error or "")
    assert "not-the-token-1234" not in field_result.model_dump_json()


async def test_403_leaves_the_account_as_it_was(
    localnet: LocalNetwork, settings: Settings, mock_user: MockUser, faults: list[str]
) -> None:
    _fault(localnet, faults, "PATCH", UPDATE, {"type": "status", "status": 403})
    report = _report("univ-exemple.fr", mastodon=mock_user)
    [result] = await _apply(["mastodon-verification"], report, settings, _creds(mock_user))
    assert result.error_kind is ErrorKind.FORBIDDEN and "write:accounts" in (result.error or "")
    assert mock_user.me()["fields"] == []
    assert mock_user.token not in result.model_dump_json()


# --- the instance only ------------------------------------------------------------------------------


def _redirect(to: str, status: int) -> dict[str, Any]:
    return {"type": "status", "status": status, "headers": {"Location": to}}


async def test_a_write_redirected_to_another_host_sends_nothing_there(
    localnet: LocalNetwork, mock_user: MockUser, pds_user: PdsUser, faults: list[str], elsewhere: Elsewhere
) -> None:
    """The Mastodon server answers the announcement with a 307 (which keeps a POST's body) to another
    host: not followed, the outcome said unknown, and Bluesky stays silent."""
    to = f"https://{ELSEWHERE}/api/v1/statuses"
    _fault(localnet, faults, "POST", "/api/v1/statuses", _redirect(to, 307))
    report = _report("univ-exemple.fr", mastodon=mock_user, bluesky=pds_user)
    results = await _apply(["announce"], report, elsewhere.settings, _creds(mock_user, pds_user))
    assert [r.error_kind for r in results] == [
        ErrorKind.FOREIGN_HOST,
        ErrorKind.NOT_ATTEMPTED,
        ErrorKind.NOT_ATTEMPTED,
    ], _ops(results)
    error = results[0].error or ""
    assert f"https://{ELSEWHERE}" in error and "a pu être faite ou non" in error and results[0].sends
    assert elsewhere.requests() == []
    assert mock_user.statuses() == [] and pds_user.posts() == []


@pytest.mark.parametrize("dry_run", [True, False])
async def test_whose_account_redirected_to_another_host_sends_nothing_there(
    localnet: LocalNetwork, mock_user: MockUser, faults: list[str], elsewhere: Elsewhere, dry_run: bool
) -> None:
    """``verify_credentials`` answered with a redirect to another server's own address: refused
    before the token (or anything) goes there; every step on Mastodon is refused."""
    to = f"{elsewhere.server.base_url}/api/v1/accounts/verify_credentials"
    _fault(localnet, faults, "GET", "/api/v1/accounts/verify_credentials", _redirect(to, 302))
    report = _report("univ-exemple.fr", mastodon=mock_user)
    [result] = await _apply(
        ["mastodon-verification"], report, elsewhere.settings, _creds(mock_user), dry_run=dry_run
    )
    assert result.error_kind is ErrorKind.FOREIGN_HOST and not result.changed, result
    assert "Rien n’a été envoyé à http://127.0.0.1:" in (result.error or "")
    assert elsewhere.requests() == []


# --- Bluesky handle ------------------------------------------------------------------------------------


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
    [result] = await _apply(
        ["bluesky-domain-handle"], report, settings, _creds(bluesky=pds_user), plan=_plan(report, "en")
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
    [result] = await _apply(
        ["bluesky-profile"], report, settings, bad, profile=ProfileRequest(display_name="X")
    )
    assert result.error_kind is ErrorKind.UNAUTHORIZED and "401" in (result.error or "")
    assert "app password" in (result.error or "") or "mot de passe d’application" in (result.error or "")
    assert "wrong-password-5678" not in result.model_dump_json()


# --- the command --------------------------------------------------------------------------------------


def _verification_argv(localnet: LocalNetwork, tmp_path: Path, user: MockUser) -> list[str]:
    """``quitx --config <local> apply mastodon-verification --report <a report naming user>``."""
    report_path = tmp_path / "report.json"
    report_path.write_text(_report("univ-exemple.fr", mastodon=user).model_dump_json(), "utf-8")
    config = str(localnet.config_path)
    return ["--config", config, "apply", "mastodon-verification", "--report", str(report_path)]


@pytest.fixture
def no_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    """No keyring backend, as on a server without one: and never the user's own keyring. A French
    locale: without --lang, the run's words follow it."""
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    for var in ("QUITX_MASTODON_TOKEN", "QUITX_BLUESKY_HANDLE", "QUITX_BLUESKY_APP_PASSWORD", "QUITX_CONFIG"):
        monkeypatch.delenv(var, raising=False)
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")


def test_cli_dry_run_then_yes_exit_6_while_unverified(
    localnet: LocalNetwork,
    mock_user: MockUser,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    no_keyring: None,
) -> None:
    assert localnet.config_path is not None
    monkeypatch.setenv("QUITX_MASTODON_TOKEN", mock_user.token)
    base = _verification_argv(localnet, tmp_path, mock_user)

    assert quitx_main(base) == 0
    out = capsys.readouterr().out
    assert f"[simulation] Mastodon {mock_user.handle}" in out
    assert "fields_attributes[0][value]=https://univ-exemple.fr" in out and "rien n’a été envoyé" in out
    assert mock_user.token not in out and mock_user.me()["fields"] == []

    plan_path = tmp_path / "plan.json"
    status = quitx_main([*base, "--yes", "--format", "json", "--plan-output", str(plan_path)])
    assert status == EXIT_UNVERIFIED  # written, but verified_at is still null
    out = capsys.readouterr().out
    assert mock_user.token not in out
    [result] = json.loads(out)
    assert result["done"] is True and result["verified"] is False
    assert json.loads(plan_path.read_text("utf-8"))["schema_version"] == 1
    assert len(mock_user.me()["fields"]) == 1


def test_cli_names_a_missing_keyring_backend(
    localnet: LocalNetwork,
    mock_user: MockUser,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    no_keyring: None,
) -> None:
    argv = _verification_argv(localnet, tmp_path, mock_user)
    assert quitx_main([*argv, "--lang", "en"]) == EXIT_FAILED
    out = capsys.readouterr().out
    assert "no Mastodon token" in out and "no keyring backend is available" in out


def test_cli_unknown_step_is_a_usage_error(
    localnet: LocalNetwork, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report_path = tmp_path / "report.json"
    report_path.write_text(_report("univ-exemple.fr").model_dump_json(), "utf-8")
    argv = ["--config", str(localnet.config_path), "apply", "archive-x", "--report", str(report_path)]
    assert quitx_main(argv) == 2
    err = capsys.readouterr().err
    assert "archive-x" in err and "hint: 'quitx apply --help' lists the steps" in err
