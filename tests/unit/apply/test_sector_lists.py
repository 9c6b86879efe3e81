"""Who goes in the sector's lists: verified and linked accounts, once each; never a candidate, nor a
suspended, deactivated or moved account; the follow file in Mastodon's import format. And the
Mastodon list's writes against a stand-in session: a locked account, a list that cannot be made."""

from __future__ import annotations

from typing import Any

import pytest
from tests.observatory_builders import bsky, masto, report
from tests.unit.apply.support import CREDS, SETTINGS, _plan, _report

from quitx.apply import ApplyResult, ErrorKind, SectorRequest, apply_steps
from quitx.apply.models import NoteCode
from quitx.apply.sector_lists import FOLLOW_CSV_HEADER, follow_csv, members
from quitx.models import Activity, Confidence, Platform


def test_members_and_the_follow_file() -> None:
    reports = [
        report(
            "Université Exemple",
            "univ-exemple.fr",
            [
                masto("univ@social.exemple.fr"),
                masto("news@social.exemple.fr", Confidence.LINKED, Activity.DORMANT),
                masto("fan@piaille.fr", Confidence.CANDIDATE),
                masto("old@piaille.fr", activity=Activity.MOVED, moved_to="univ@social.exemple.fr"),
                masto("gone@piaille.fr", activity=Activity.SUSPENDED),
                bsky("univ-exemple.fr", "did:plc:univ"),
                bsky("fans.test", "did:plc:fans", Confidence.CANDIDATE),
            ],
        ),
        # the same account, named by another institution's report: once
        report(
            "Réseau", "reseau.fr", [masto("Univ@social.exemple.fr"), bsky("univ-exemple.fr", "did:plc:univ")]
        ),
    ]
    chosen = members(reports)
    assert [(m.platform, m.handle, m.confidence) for m in chosen] == [
        (Platform.MASTODON, "@univ@social.exemple.fr", Confidence.VERIFIED),
        (Platform.MASTODON, "@news@social.exemple.fr", Confidence.LINKED),
        (Platform.BLUESKY, "@univ-exemple.fr", Confidence.VERIFIED),
    ]
    assert chosen[2].did == "did:plc:univ" and chosen[0].acct == "univ@social.exemple.fr"
    assert follow_csv(chosen) == (
        f"{FOLLOW_CSV_HEADER}\nuniv@social.exemple.fr,true,false,\nnews@social.exemple.fr,true,false,\n"
    )
    assert FOLLOW_CSV_HEADER == "Account address,Show boosts,Notify on new posts,Languages"


# --- mastodon-sector-list with a stand-in session: what no test server plays -------------------------


class _ListServer:
    """Mastodon.py's answers for the lab's account: one member followed, one locked (a follow is a
    request), one not followed; creating the list fails when told."""

    host = "social.exemple.fr"

    def __init__(self, fail_list: bool) -> None:
        self.fail_list = fail_list
        self.last_headers: dict[str, str] = {}
        self.lists_made: list[str] = []
        self.follows: list[str] = []
        self.added: list[str] = []
        self.ids = {"a@social.exemple.fr": "1", "locked@social.exemple.fr": "2", "new@social.exemple.fr": "3"}

    def close(self) -> None:
        pass

    def verify(self) -> dict[str, Any]:
        return {"id": "109", "username": "labo", "url": "https://social.exemple.fr/@labo", "fields": []}

    def lists(self) -> list[dict[str, Any]]:
        return []

    def create_list(self, title: str) -> dict[str, Any]:
        if self.fail_list:
            from mastodon.errors import MastodonAPIError

            raise MastodonAPIError("Mastodon API returned error", 422, "Unprocessable", "Title is too long")
        self.lists_made.append(title)
        return {"id": "77", "title": title}

    def find_account(self, acct: str, own_domains: set[str]) -> dict[str, Any] | None:
        return {"id": self.ids[acct], "acct": acct} if acct in self.ids else None

    def relationships(self, ids: list[str]) -> dict[str, dict[str, Any]]:
        return {i: {"id": i, "following": i == "1", "requested": False} for i in ids}

    def follow(self, account_id: str) -> dict[str, Any]:
        self.follows.append(account_id)
        return {"id": account_id, "following": account_id != "2", "requested": account_id == "2"}

    def add_to_list(self, list_id: str, account_id: str) -> None:
        self.added.append(account_id)


def _list_run(monkeypatch: pytest.MonkeyPatch, *, fail_list: bool) -> tuple[_ListServer, list[ApplyResult]]:
    import quitx.apply.run as run_mod

    server = _ListServer(fail_list)
    monkeypatch.setattr(run_mod, "MastodonSession", lambda *args: server)
    sector = [
        report(
            "Réseau",
            "reseau.fr",
            [
                masto("a@social.exemple.fr"),
                masto("locked@social.exemple.fr", Confidence.LINKED),
                masto("new@social.exemple.fr"),
                masto("gone@ailleurs.fr"),
                masto("fan@social.exemple.fr", Confidence.CANDIDATE),
            ],
        )
    ]
    results = apply_steps(
        _report(),
        ["mastodon-sector-list"],
        plan=_plan(_report()),
        settings=SETTINGS,
        dry_run=False,
        credentials=CREDS,
        environ={},
        sector=SectorRequest(reports=tuple(sector), title="Réseau"),
    )
    return server, results


def test_a_locked_account_is_followed_and_added_by_a_later_run(monkeypatch: pytest.MonkeyPatch) -> None:
    server, results = _list_run(monkeypatch, fail_list=False)
    shown = [(r.action.operation, r.action.target, r.status) for r in results]
    assert shown == [
        ("list", "Réseau", "sent"),
        ("list-item", "@gone@ailleurs.fr", "skipped"),  # the server does not know it: never guessed
        ("list-item", "@a@social.exemple.fr", "sent"),  # followed already: added
        ("follow", "@new@social.exemple.fr", "sent"),
        ("list-item", "@new@social.exemple.fr", "sent"),
        ("follow", "@locked@social.exemple.fr", "sent"),  # linked: after the verified ones
        ("list-item", "@locked@social.exemple.fr", "skipped"),  # a follow request: not in a list yet
    ]
    assert server.follows == ["3", "2"] and server.added == ["1", "3"]  # never the candidate
    locked = [r for r in results if r.action.target == "@locked@social.exemple.fr"]
    assert [r.note_code for r in locked] == [NoteCode.FOLLOW_REQUESTED, NoteCode.FOLLOW_REQUESTED]
    assert locked[0].verified is False  # exit 6: written, not in effect yet
    assert all(
        "/api/v1/lists/77/accounts" in r.action.endpoint
        for r in results
        if r.action.operation == "list-item" and r.changed
    )


def test_no_follow_and_no_add_when_the_list_cannot_be_made(monkeypatch: pytest.MonkeyPatch) -> None:
    server, results = _list_run(monkeypatch, fail_list=True)
    [made] = [r for r in results if r.action.operation == "list"]
    assert made.status == "failed" and made.error_kind is ErrorKind.REFUSED
    held = [r for r in results if r.action.operation in ("follow", "list-item") and r.status != "skipped"]
    assert held and all(r.status == "refused" and r.error_kind is ErrorKind.NOT_ATTEMPTED for r in held)
    assert server.follows == [] and server.added == []  # nothing followed for a list that is not there
