"""A run with a stand-in Mastodon session, where the service must misbehave in a way no test server
can (the runs against real servers are in tests/integration/test_apply_net.py)."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from tests.unit.apply.support import CREDS, SETTINGS, TOKEN, _plan, _report

import quitx.apply.run as run_mod
from quitx.apply import (
    ErrorKind,
    aapply_steps,
    apply_steps,
)
from quitx.errors import UsageError
from quitx.secrets import (
    Credentials,
    KeyringFailure,
    KeyringProblem,
    Secret,
)

# --- the run, with a stand-in Mastodon session --------------------------------------------------------


class FakeSession:
    """Plays Mastodon.py's answers, and fails the write as told."""

    host = "social.exemple.fr"

    def __init__(
        self, settings: Any, host: str, token: Secret, language: str, fail: BaseException | None
    ) -> None:
        self.fail = fail
        self.updates: list[dict[str, Any]] = []
        self.last_headers: dict[str, str] = {}
        self.fields = [("Labo", "UMR 0000")]

    def close(self) -> None:
        pass

    def verify(self) -> dict[str, Any]:
        fields = [{"name": n, "value": v, "verified_at": None} for n, v in self.fields]
        return {
            "id": "109",
            "username": "labo",
            "url": "https://social.exemple.fr/@labo",
            "fields": fields,
            "source": {"note": "", "fields": fields},
        }

    def update(self, **changes: Any) -> dict[str, Any]:
        if self.fail is not None:
            raise self.fail
        self.updates.append(changes)
        self.fields = list(changes["fields"])
        return self.verify()


def _fake(monkeypatch: pytest.MonkeyPatch, fail: BaseException | None = None) -> list[FakeSession]:
    made: list[FakeSession] = []

    def factory(*args: Any) -> FakeSession:
        made.append(FakeSession(*args, fail=fail))
        return made[-1]

    monkeypatch.setattr(run_mod, "MastodonSession", factory)
    return made


async def test_a_token_in_a_service_error_never_comes_out(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from mastodon.errors import MastodonAPIError

    leaky = MastodonAPIError(
        "Mastodon API returned error", 403, "Forbidden", f"token {TOKEN} lacks write:accounts"
    )
    made = _fake(monkeypatch, leaky)
    report = _report()
    with caplog.at_level(logging.DEBUG):
        [result] = await aapply_steps(
            report,
            ["mastodon-verification"],
            plan=_plan(report),
            settings=SETTINGS,
            dry_run=False,
            credentials=CREDS,
        )
    assert made and result.error_kind is ErrorKind.FORBIDDEN and "403" in (result.error or "")
    assert result.action.payload.count("fields_attributes[") == 4  # the whole request that was refused
    for text in (result.error or "", str(result), repr(result), result.model_dump_json(), caplog.text):
        assert TOKEN not in text


async def test_a_dry_run_reads_and_never_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    made = _fake(monkeypatch)
    report = _report()
    [result] = await aapply_steps(
        report, ["mastodon-verification"], plan=_plan(report), settings=SETTINGS, credentials=CREDS
    )
    assert result.dry_run and result.sends and not result.done and made[0].updates == []
    assert result.action.account == "@labo@social.exemple.fr"
    assert result.action.payload.endswith("fields_attributes[1][value]=https://labo-exemple.fr")


async def test_missing_credentials_is_a_clear_failure_before_any_request() -> None:
    report = _report()
    results = await aapply_steps(
        report,
        ["mastodon-verification", "announce"],
        plan=_plan(report, "en"),
        settings=SETTINGS,
        credentials=Credentials(bluesky_missing=KeyringFailure(KeyringProblem.NO_BACKEND)),
    )
    assert [r.error_kind for r in results] == [ErrorKind.MISSING_CREDENTIALS] * 4
    assert "QUITX_MASTODON_TOKEN" in (results[0].error or "")
    assert "no keyring backend" in (results[3].error or "") and "QUITX_BLUESKY_APP_PASSWORD" in (
        results[3].error or ""
    )
    # in French, why the keyring could not be asked is French too (one language per run)
    french = await aapply_steps(
        report,
        ["announce"],
        plan=_plan(report, "fr"),
        settings=SETTINGS,
        credentials=Credentials(bluesky_missing=KeyringFailure(KeyringProblem.UNREADABLE, "KeyringLocked")),
    )
    said = french[-1].error or ""
    assert "le trousseau n’a pas pu être lu (KeyringLocked)" in said and "keyring could not" not in said


def test_the_sync_face_and_unknown_steps() -> None:
    report = _report()
    with pytest.raises(UsageError, match="archive-x"):
        apply_steps(report, ["archive-x"], plan=_plan(report), settings=SETTINGS)
    [result] = apply_steps(
        report, ["bluesky-domain-handle"], plan=_plan(report), settings=SETTINGS, credentials=Credentials()
    )
    assert result.error_kind is ErrorKind.MISSING_CREDENTIALS
