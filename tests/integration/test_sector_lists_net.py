"""The sector's lists on the real local PDS and the Mastodon test server: a dry run that writes
nothing, a run that writes the real app.bsky.graph records and a Mastodon list (following first),
a re-run that adds nothing, candidates never in, and no write to an account the owner's report
does not attribute.

The sector is the world's institutions, checked for real; the owner is a fresh PDS account and a
fresh Mastodon user (as in test_apply_net.py), attributed to a fictional network of universities
by its report.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from testnet.network import LocalNetwork
from testnet.world import CHECK_INSTITUTIONS
from tests.observatory_builders import bsky, masto, report

from quitx.models import BlueskyAccount, Confidence, Institution, Platform, Report
from quitx.observatory.sector_lists import FOLLOW_CSV_HEADER, build_lists, follow_csv, members
from quitx.presence import check_many
from quitx.secrets import BlueskyCredentials, Credentials, MastodonCredentials, Secret

TITLE = "Universités exemple"
MOCK_HOST = "social.exemple.fr"


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

    kwargs: dict[str, Any] = {
        "settings": localnet.settings,
        "title": TITLE,
        "description": "Les comptes officiels des universités exemple, vérifiés par quitx.",
        "credentials": owner.credentials(),
        "environ": {},
    }
    dry = build_lists(owner.report(), sector, **kwargs)
    assert dry.ok, dry.errors
    assert len(dry.owners) == 2 and all("attributes to the institution" in o for o in dry.owners)
    ops = [(r.write.platform.value, r.write.operation) for r in dry.results if r.sends]
    assert ops.count(("bluesky", "create-list")) == 2 and ("bluesky", "create-starter-pack") in ops
    assert ops.count(("bluesky", "add-to-list")) == 2 * len(dids)
    assert ("mastodon", "follow") in ops and ("mastodon", "create-list") in ops
    assert all(r.dry_run and not r.changed for r in dry.results)
    assert owner.records("app.bsky.graph.list") == []  # nothing written
    assert owner.mastodon("/api/v1/lists") == []

    done = build_lists(owner.report(), sector, dry_run=False, **kwargs)
    assert done.ok, [r.error for r in done.results if r.error] + list(done.errors)
    lists = {r["purpose"].rsplit("#", 1)[1]: r for r in owner.records("app.bsky.graph.list")}
    assert set(lists) == {"curatelist", "referencelist"} and lists["curatelist"]["name"] == TITLE
    items = owner.records("app.bsky.graph.listitem")
    for purpose in ("curatelist", "referencelist"):
        assert {i["subject"] for i in items if i["list"] == lists[purpose]["uri"]} == dids
    [pack] = owner.records("app.bsky.graph.starterpack")
    assert pack["list"] == lists["referencelist"]["uri"] and pack["name"] == TITLE

    appview = localnet.atproto_state.appview_url
    deadline = time.monotonic() + 15
    shown: set[str] = set()
    while time.monotonic() < deadline and shown != dids:  # the AppView indexes the real records
        got = httpx.get(f"{appview}/xrpc/app.bsky.graph.getList", params={"list": lists["curatelist"]["uri"]})
        if got.status_code == 200:
            shown = {x["subject"]["did"] for x in got.json()["items"]}
        time.sleep(0.3)
    assert shown == dids

    [mlist] = owner.mastodon("/api/v1/lists")
    assert mlist["title"] == TITLE
    in_list = {a["acct"] for a in owner.mastodon(f"/api/v1/lists/{mlist['id']}/accounts")}
    assert {"univexemple", "institutexemple"} <= in_list and "museeexemple" not in in_list
    me = owner.mastodon("/api/v1/accounts/verify_credentials")
    followed = {a["acct"] for a in owner.mastodon(f"/api/v1/accounts/{me['id']}/following")}
    assert in_list <= followed  # Mastodon lists hold followed accounts
    unknown = [r for r in done.results if r.note and "does not know" in r.note]
    assert {r.write.subject for r in unknown} >= {"@collegedefrance@sciences-exemple.fr"}  # never guessed

    again = build_lists(owner.report(), sector, dry_run=False, **kwargs)
    assert again.ok and not [r for r in again.results if r.changed]  # nothing twice
    assert len(owner.records("app.bsky.graph.listitem")) == len(items)
    assert len(owner.records("app.bsky.graph.starterpack")) == 1


def test_no_write_to_an_account_the_owner_report_does_not_attribute(
    localnet: LocalNetwork, owner: Owner, sector: list[Report]
) -> None:
    stranger = report("Une autre université", "autre-exemple.fr", [bsky("alice.test", "did:plc:alice")])
    outcome = build_lists(
        stranger,
        sector,
        settings=localnet.settings,
        title=TITLE,
        dry_run=False,
        credentials=owner.credentials(),
        environ={"QUITX_MASTODON_INSTANCE": MOCK_HOST, "QUITX_BLUESKY_PDS": owner.pds},
    )
    assert not outcome.ok and outcome.results == ()
    assert len(outcome.errors) == 2 and all("Une autre université" in e for e in outcome.errors)
    assert owner.records("app.bsky.graph.list") == [] and owner.mastodon("/api/v1/lists") == []
