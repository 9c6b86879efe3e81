"""``quitx apply``'s sector steps (``bluesky-sector-list``, ``mastodon-sector-list``) on the real
local PDS and the Mastodon test server: a dry run that writes nothing and shows every write, a run
that writes the real app.bsky.graph records and a Mastodon list (following first) — only what was
shown —, a re-run that adds nothing, candidates never in, no write to an account the owner's report
does not attribute; and the command (``quitx apply``, ``quitx observatory lists``) the same way.

The sector is the world's institutions, checked for real; the owner is a fresh PDS account and a
fresh Mastodon user (as in test_apply_net.py), attributed to a fictional network of universities
by its report.
"""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from testnet.network import LocalNetwork
from testnet.world import CHECK_INSTITUTIONS
from tests.observatory_builders import bsky, masto, report

from quitx import cli
from quitx.apply import ApplyResult, SectorRequest, apply_steps, render
from quitx.apply.sector_lists import FOLLOW_CSV_HEADER, follow_csv, members
from quitx.errors import ErrorKind
from quitx.models import BlueskyAccount, Confidence, Institution, Platform, Report
from quitx.presence import check_many
from quitx.secrets import BlueskyCredentials, Credentials, MastodonCredentials, Secret

TITLE = "Universités exemple"
MOCK_HOST = "social.exemple.fr"
STEPS = ["bluesky-sector-list", "mastodon-sector-list"]


@dataclass(frozen=True)
class Owner:
    handle: str
    did: str
    password: str
    pds: str
    username: str
    token: str
    mastodon_url: str

    def report(self) -> Report:
        account = bsky(self.handle, self.did).model_copy()
        pds_account = account.account.model_copy(update={"pds": self.pds})
        assert isinstance(pds_account, BlueskyAccount)
        return report(
            "Réseau des universités exemple",
            "reseau-exemple.fr",
            [masto(f"{self.username}@{MOCK_HOST}"), account.model_copy(update={"account": pds_account})],
        )

    def credentials(self) -> Credentials:
        return Credentials(
            mastodon=MastodonCredentials(Secret(self.token), "test"),
            bluesky=BlueskyCredentials(self.handle, Secret(self.password), "test"),
        )

    def records(self, collection: str) -> list[dict[str, Any]]:
        r = httpx.get(
            f"{self.pds}/xrpc/com.atproto.repo.listRecords",
            params={"repo": self.did, "collection": collection, "limit": 100},
        )
        r.raise_for_status()
        return [{"uri": x["uri"], **x["value"]} for x in r.json()["records"]]

    def mastodon(self, path: str) -> Any:
        r = httpx.get(f"{self.mastodon_url}{path}", headers={"Authorization": f"Bearer {self.token}"})
        r.raise_for_status()
        return r.json()


@pytest.fixture
def owner(localnet: LocalNetwork) -> Iterator[Owner]:
    pds = localnet.atproto_state.pds_url
    handle = f"reseau{secrets.token_hex(3)}.test"
    password = secrets.token_urlsafe(16)
    created = httpx.post(
        f"{pds}/xrpc/com.atproto.server.createAccount",
        json={"handle": handle, "email": f"{handle}@exemple.test", "password": password},
    )
    created.raise_for_status()
    name = f"reseau{secrets.token_hex(3)}"
    base = localnet.mastodon_url
    user = httpx.post(f"{base}/api/v1/_mock/dev_user", json={"username": name, "display_name": name})
    user.raise_for_status()
    made = Owner(handle, created.json()["did"], password, pds, name, user.json()["access_token"], base)
    yield made
    # the world's accounts are shared by every test: their follower counts go back as they were
    me = made.mastodon("/api/v1/accounts/verify_credentials")
    for followed in made.mastodon(f"/api/v1/accounts/{me['id']}/following"):
        httpx.post(
            f"{base}/api/v1/accounts/{followed['id']}/unfollow",
            headers={"Authorization": f"Bearer {made.token}"},
        ).raise_for_status()


@pytest.fixture(scope="module")
def sector(localnet: LocalNetwork) -> list[Report]:
    institutions = [Institution(name=i.name, domain=i.domain, handles=i.handles) for i in CHECK_INSTITUTIONS]
    items = list(check_many(institutions, settings=localnet.settings, concurrency=4))
    return [i.report for i in items if i.report is not None]


def _run(
    localnet: LocalNetwork,
    owner_report: Report,
    owner: Owner,
    sector: list[Report],
    *,
    dry_run: bool,
    **kw: Any,
) -> list[ApplyResult]:
    return apply_steps(
        owner_report,
        STEPS,
        settings=localnet.settings,
        dry_run=dry_run,
        credentials=owner.credentials(),
        environ=kw.pop("environ", {}),
        sector=SectorRequest(
            reports=tuple(sector),
            title=TITLE,
            description="Les comptes officiels des universités exemple, vérifiés par quitx.",
        ),
        **kw,
    )


def _sent(results: list[ApplyResult]) -> list[tuple[str, str, str | None]]:
    return [(r.action.platform.value, r.action.operation, r.action.target) for r in results if r.sends]


def test_lists_on_the_owners_own_accounts(localnet: LocalNetwork, owner: Owner, sector: list[Report]) -> None:
    chosen = members(sector)
    handles = {m.handle for m in chosen}
    candidates = {a.handle for r in sector for a in r.accounts if a.confidence is Confidence.CANDIDATE}
    assert candidates and not handles & candidates  # never a candidate
    assert {"@univ-exemple.fr", "@univexemple@social.exemple.fr"} <= handles
    assert "@institutexemple@social.exemple.fr" in handles  # linked from its site
    dids = {m.did for m in chosen if m.platform is Platform.BLUESKY}
    csv = follow_csv(chosen)
    assert csv.startswith(FOLLOW_CSV_HEADER + "\n") and "univexemple@social.exemple.fr,true,false,\n" in csv
    assert "museeexemple" not in csv

    dry = _run(localnet, owner.report(), owner, sector, dry_run=True)
    assert all(r.ok and r.dry_run and not r.changed for r in dry), [r.error for r in dry if r.error]
    assert {r.action.account for r in dry} == {f"@{owner.handle}", f"@{owner.username}@{MOCK_HOST}"}
    assert all("attribue à l’établissement" in r.evidence[0] for r in dry)  # proven the owner's first
    ops = [(p, o) for p, o, _ in _sent(dry)]
    assert ops.count(("bluesky", "list")) == 2 and ("bluesky", "starter-pack") in ops
    assert ops.count(("bluesky", "list-item")) == 2 * len(dids)
    assert ("mastodon", "follow") in ops and ("mastodon", "list") in ops
    member_targets = {t for _, o, t in _sent(dry) if o in ("list-item", "follow")}
    assert member_targets <= handles and not member_targets & candidates
    shown = render(dry, "fr")
    assert '"$type": "app.bsky.graph.starterpack"' in shown and "[simulation]" in shown
    assert owner.records("app.bsky.graph.list") == []  # nothing written
    assert owner.mastodon("/api/v1/lists") == []
    unknown = [r for r in dry if r.status == "skipped" and r.note_code == "unknown_to_server"]
    assert {r.action.target for r in unknown} >= {"@collegedefrance@sciences-exemple.fr"}  # never guessed

    done = _run(localnet, owner.report(), owner, sector, dry_run=False)
    assert all(r.ok for r in done), [r.error for r in done if r.error]
    assert _sent(done) == _sent(dry)  # only what the dry run showed, in the same order
    lists = {r["purpose"].rsplit("#", 1)[1]: r for r in owner.records("app.bsky.graph.list")}
    assert set(lists) == {"curatelist", "referencelist"} and lists["curatelist"]["name"] == TITLE
    items = owner.records("app.bsky.graph.listitem")
    for purpose in ("curatelist", "referencelist"):
        assert {i["subject"] for i in items if i["list"] == lists[purpose]["uri"]} == dids
    [pack] = owner.records("app.bsky.graph.starterpack")
    assert pack["list"] == lists["referencelist"]["uri"] and pack["name"] == TITLE
    uris = {r["uri"] for r in lists.values()}
    for r in done:  # the result shows the body as it went: the new list's URI, no placeholder
        if r.action.platform is Platform.BLUESKY and r.action.operation in ("list-item", "starter-pack"):
            assert json.loads(r.action.payload)["record"]["list"] in uris

    appview = localnet.atproto_state.appview_url
    deadline = time.monotonic() + 15
    seen: set[str] = set()
    while time.monotonic() < deadline and seen != dids:  # the AppView indexes the real records
        got = httpx.get(f"{appview}/xrpc/app.bsky.graph.getList", params={"list": lists["curatelist"]["uri"]})
        if got.status_code == 200:
            seen = {x["subject"]["did"] for x in got.json()["items"]}
        time.sleep(0.3)
    assert seen == dids

    [mlist] = owner.mastodon("/api/v1/lists")
    assert mlist["title"] == TITLE
    in_list = {a["acct"] for a in owner.mastodon(f"/api/v1/lists/{mlist['id']}/accounts")}
    assert {"univexemple", "institutexemple"} <= in_list and "museeexemple" not in in_list
    me = owner.mastodon("/api/v1/accounts/verify_credentials")
    followed = {a["acct"] for a in owner.mastodon(f"/api/v1/accounts/{me['id']}/following")}
    assert in_list <= followed  # Mastodon lists hold followed accounts
    adds = [r for r in done if r.action.operation == "list-item" and r.changed]
    assert all(
        f"/api/v1/lists/{mlist['id']}/accounts" in r.action.endpoint
        for r in adds
        if r.action.platform.value == "mastodon"
    )

    again = _run(localnet, owner.report(), owner, sector, dry_run=False)
    assert all(r.ok for r in again) and not [r for r in again if r.changed or r.sends]  # nothing twice
    assert {r.status for r in again} == {"already_done", "skipped"}
    assert len(owner.records("app.bsky.graph.listitem")) == len(items)
    assert len(owner.records("app.bsky.graph.starterpack")) == 1
    assert len(owner.records("app.bsky.graph.list")) == 2 and len(owner.mastodon("/api/v1/lists")) == 1


def test_a_member_added_to_the_batch_is_the_only_write(
    localnet: LocalNetwork, owner: Owner, sector: list[Report]
) -> None:
    """The lists exist with the sector less one institution; the next run adds only its accounts."""
    newcomer = next(r for r in sector if any(m.did for m in members([r])))
    before = [r for r in sector if r is not newcomer]
    first = _run(localnet, owner.report(), owner, before, dry_run=False)
    assert all(r.ok for r in first)
    added = {m.did for m in members([newcomer]) if m.did} - {m.did for m in members(before) if m.did}
    assert added
    dry = _run(localnet, owner.report(), owner, sector, dry_run=True)
    writes = [r for r in dry if r.sends]
    assert writes and all(r.action.operation in ("list-item", "follow") for r in writes)
    assert {
        json.loads(r.action.payload)["record"]["subject"]
        for r in writes
        if r.action.platform.value == "bluesky"
    } == added


def test_no_write_to_an_account_the_owner_report_does_not_attribute(
    localnet: LocalNetwork, owner: Owner, sector: list[Report]
) -> None:
    stranger = report("Une autre université", "autre-exemple.fr", [bsky("alice.test", "did:plc:alice")])
    env = {"QUITX_MASTODON_INSTANCE": MOCK_HOST, "QUITX_BLUESKY_PDS": owner.pds}
    results = _run(localnet, stranger, owner, sector, dry_run=False, environ=env)
    assert [r.error_kind for r in results] == [ErrorKind.WRONG_ACCOUNT, ErrorKind.WRONG_ACCOUNT]
    assert all("Une autre université" in (r.error or "") and not r.sends for r in results)
    assert owner.records("app.bsky.graph.list") == [] and owner.mastodon("/api/v1/lists") == []


def test_the_command_and_its_observatory_alias(
    localnet: LocalNetwork,
    owner: Owner,
    sector: list[Report],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    reports = tmp_path / "reports.jsonl"
    reports.write_text("".join(r.model_dump_json() + "\n" for r in sector), "utf-8")
    own = tmp_path / "own.json"
    own.write_text(owner.report().model_dump_json(), "utf-8")
    monkeypatch.setenv("QUITX_MASTODON_TOKEN", owner.token)
    monkeypatch.setenv("QUITX_BLUESKY_HANDLE", owner.handle)
    monkeypatch.setenv("QUITX_BLUESKY_APP_PASSWORD", owner.password)
    config = ["--config", str(localnet.config_path)]
    apply = [*config, "apply", *STEPS, "--report", str(own), "--sector", str(reports), "--title", TITLE]

    follow = tmp_path / "follow.csv"
    assert cli.main([*apply, "--lang", "en", "--follow-file", str(follow)]) == 0
    out = capsys.readouterr().out
    assert "[dry run] Bluesky" in out and "bluesky-sector-list (starter-pack Universités exemple)" in out
    assert "Dry run: the accounts were read, nothing was sent." in out
    assert not [w for w in ("simulation", "avant", "après", "existe", "compte", "liste") if w in out]
    assert follow.read_text("utf-8") == follow_csv(members(sector))
    assert owner.records("app.bsky.graph.list") == []

    assert cli.main([*apply, "--yes", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {row["status"] for row in rows} <= {"sent", "skipped"} and "sent" in {
        row["status"] for row in rows
    }
    assert {row["note"] for row in rows if row["status"] == "skipped"} == {"unknown_to_server"}
    assert len(owner.records("app.bsky.graph.starterpack")) == 1

    alias = [*config, "observatory", "lists", str(reports), "--owner", str(own), "--title", TITLE, "--yes"]
    assert cli.main([*alias, "--lang", "fr"]) == 0
    out = capsys.readouterr().out
    assert "[déjà fait]" in out and "[fait]" not in out  # the same steps: nothing twice
    assert not [w for w in ("already", "read back", "exists", "skipped", "list)") if w in out]  # one language
    assert len(owner.records("app.bsky.graph.starterpack")) == 1
