"""``quitx apply`` without a network: dry runs, masking of credentials, error mapping, the plan update."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
from pathlib import Path
from typing import Any

import pytest

import quitx.apply as apply_mod
from quitx.apply import (
    ApplyError,
    ApplyUsageError,
    ErrorKind,
    _Context,
    _describe_exception,
    add_apply_command,
    apply_steps,
    apply_steps_sync,
    mark_plan,
    run_apply,
)
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
    ProfileField,
    Report,
    Verdict,
)
from quitx.plan import MigrationPlan, PlanOptions, StepStatus, build_plan
from quitx.secrets import (
    MASK,
    BlueskyCredentials,
    Credentials,
    MaskingFilter,
    MastodonCredentials,
    Secret,
    load_credentials,
    mask,
)

TOKEN = "tok_SUPERSECRET_0123456789abcdef"
PASSWORD = "abcd-efgh-ijkl-mnop"
DID = "did:plc:aaaaaaaaaaaaaaaaaaaaaaaa"
SETTINGS = Settings(only_mapped_hosts=True, host_map={"social.exemple.fr": "http://127.0.0.1:9"})


def _report(fields: tuple[ProfileField, ...] = (), *, bluesky: bool = True) -> Report:
    mastodon = FoundAccount(
        platform=Platform.MASTODON,
        handle="@labo@social.exemple.fr",
        instance="social.exemple.fr",
        confidence=Confidence.LINKED,
        reasons=("test",),
        found_by=("known handle",),
        activity=Activity.ACTIVE,
        account=MastodonAccount(
            acct="labo@social.exemple.fr",
            username="labo",
            domain="social.exemple.fr",
            web_host="social.exemple.fr",
            display_name="labo",
            note="<p>Un labo.</p>",
            fields=fields,
        ),
    )
    sky = FoundAccount(
        platform=Platform.BLUESKY,
        handle="@labo.bsky.social",
        confidence=Confidence.LINKED,
        reasons=("test",),
        found_by=("known handle",),
        activity=Activity.ACTIVE,
        account=BlueskyAccount(
            did=DID, handle="labo.bsky.social", handle_verified=True, pds="https://pds.exemple.fr"
        ),
    )
    verdict = PlatformVerdict(platform=Platform.MASTODON, verdict=Verdict.PRESENT, detail="")
    return Report(
        quitx_version="0.1.0",
        institution=Institution(name="Labo Exemple", domain="labo-exemple.fr"),
        checked_at=dt.datetime(2026, 3, 1, tzinfo=dt.UTC),
        dormant_after_days=180,
        mastodon=verdict,
        bluesky=verdict.model_copy(update={"platform": Platform.BLUESKY}),
        accounts=(mastodon, sky) if bluesky else (mastodon,),
    )


def _plan(report: Report, language: str = "fr") -> MigrationPlan:
    return build_plan(
        report,
        report.institution,
        PlanOptions(language=language, start=dt.date(2026, 3, 2)),
    )


CREDS = Credentials(
    mastodon=MastodonCredentials(Secret(TOKEN), "test"),
    bluesky=BlueskyCredentials("labo.bsky.social", Secret(PASSWORD), "test"),
)


@pytest.fixture
def no_sdk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to build an SDK client fails the test."""

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("a dry run must not create a client")

    monkeypatch.setattr(apply_mod._Mastodon, "__init__", refuse)
    monkeypatch.setattr(apply_mod._Bluesky, "__init__", refuse)


# --- dry run ---------------------------------------------------------------------------------------------


async def test_dry_run_sends_nothing_and_shows_the_request(no_sdk: None) -> None:
    report = _report((ProfileField(name="Labo", value="UMR 0000"),))
    results = await apply_steps(
        list(apply_mod.STEPS), report, report.institution, _plan(report), settings=SETTINGS, credentials=CREDS
    )
    ops = [(r.action.platform.value, r.action.operation) for r in results]
    assert ops == [
        ("mastodon", "profile-field"),
        ("mastodon", "post"),
        ("mastodon", "pin"),
        ("bluesky", "post"),
        ("bluesky", "handle"),
        ("mastodon", "profile"),
        ("bluesky", "profile"),
    ]
    assert all(r.dry_run and not r.done and not r.changed and r.ok for r in results)
    field = results[0].action
    assert field.method == "PATCH"
    assert field.endpoint == "https://social.exemple.fr/api/v1/accounts/update_credentials"
    assert field.payload == (
        "fields_attributes[0][name]=Labo\nfields_attributes[0][value]=UMR 0000\n"
        "fields_attributes[1][name]=Site web\nfields_attributes[1][value]=https://labo-exemple.fr"
    )
    assert "Nous sommes désormais sur Mastodon et Bluesky" in results[1].action.payload
    assert json.loads(results[4].action.payload) == {"handle": "labo-exemple.fr"}
    assert results[4].action.endpoint == "https://pds.exemple.fr/xrpc/com.atproto.identity.updateHandle"
    assert "display_name=Labo Exemple" in results[5].action.payload
    assert "simulation" in (results[0].note or "")
    dumped = json.dumps([r.model_dump(mode="json") for r in results])
    assert TOKEN not in dumped and PASSWORD not in dumped


def test_dry_run_sync_face_in_english(no_sdk: None) -> None:
    report = _report()
    [result] = apply_steps_sync(
        ["mastodon-verification"],
        report,
        report.institution,
        _plan(report, "en"),
        settings=SETTINGS,
        credentials=Credentials(),
    )
    assert "fields_attributes[0][name]=Website" in result.action.payload
    assert "no Mastodon token found" in (result.note or "")


async def test_dry_run_already_knows_a_full_profile_fails(no_sdk: None) -> None:
    four = tuple(ProfileField(name=f"F{i}", value=str(i)) for i in range(4))
    report = _report(four)
    [result] = await apply_steps(
        ["mastodon-verification"],
        report,
        report.institution,
        _plan(report),
        settings=SETTINGS,
        credentials=CREDS,
    )
    assert result.error_kind is ErrorKind.PRECONDITION and "4" in (result.error or "")


async def test_unknown_step_is_a_usage_error() -> None:
    report = _report()
    with pytest.raises(ApplyUsageError, match="archive-x"):
        await apply_steps(["archive-x"], report, report.institution, _plan(report), settings=SETTINGS)


# --- secrets ---------------------------------------------------------------------------------------------


def test_secret_never_shows_itself() -> None:
    secret = Secret(TOKEN)
    for text in (repr(secret), str(secret), f"{secret}", f"{secret!r}", "%s" % secret, str([secret])):  # noqa: UP031
        assert TOKEN not in text and MASK in text
    assert secret.reveal() == TOKEN
    assert secret == Secret(TOKEN) and secret != Secret("other-value")
    with pytest.raises(AttributeError):
        secret._value = "x"
    import pickle

    with pytest.raises(TypeError):
        pickle.dumps(secret)
    assert TOKEN not in repr(CREDS) and PASSWORD not in repr(CREDS)


def test_mask_scrubs_values_bearer_and_password_params() -> None:
    text = f"GET /x?access_token={TOKEN} Authorization: Bearer abcdefgh123 password=hunter22 {PASSWORD}"
    masked = mask(text, [Secret(PASSWORD)])
    assert TOKEN not in masked and "abcdefgh123" not in masked and "hunter22" not in masked
    assert PASSWORD not in masked


def test_masking_filter_on_logs(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("quitx.test_apply")
    logger.addFilter(MaskingFilter([Secret(TOKEN)]))
    with caplog.at_level(logging.INFO, logger="quitx.test_apply"):
        logger.info("token is %s", TOKEN)
    assert TOKEN not in caplog.text and MASK in caplog.text


def test_credentials_from_environment_and_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    env = {
        "QUITX_MASTODON_TOKEN": TOKEN,
        "QUITX_BLUESKY_HANDLE": "@Labo.bsky.social",
        "QUITX_BLUESKY_APP_PASSWORD": PASSWORD,
    }
    creds = load_credentials(environ=env, use_keyring=False)
    assert creds.mastodon and creds.mastodon.token.reveal() == TOKEN
    assert creds.bluesky and creds.bluesky.handle == "labo.bsky.social"
    assert creds.bluesky.password.reveal() == PASSWORD

    import keyring

    asked: list[tuple[str, str]] = []

    def fake_get(service: str, user: str) -> str | None:
        asked.append((service, user))
        return {
            "mastodon:@labo@social.exemple.fr": "kr-token-1",
            "bluesky:labo.bsky.social": "kr-pass-1",
        }.get(user)

    monkeypatch.setattr(keyring, "get_password", fake_get)
    creds = load_credentials(
        mastodon_account="labo@social.exemple.fr", bluesky_handle="labo.bsky.social", environ={}
    )
    assert creds.mastodon and creds.mastodon.token.reveal() == "kr-token-1"
    assert creds.bluesky and creds.bluesky.password.reveal() == "kr-pass-1"
    assert asked == [("quitx", "mastodon:@labo@social.exemple.fr"), ("quitx", "bluesky:labo.bsky.social")]
    assert "keyring" in creds.mastodon.source


def test_broken_keyring_gives_no_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    import keyring
    from keyring.errors import NoKeyringError

    def broken(service: str, user: str) -> str | None:
        raise NoKeyringError("no backend")

    monkeypatch.setattr(keyring, "get_password", broken)
    assert load_credentials(mastodon_account="a@b.fr", environ={}) == Credentials()


# --- error mapping ---------------------------------------------------------------------------------------


def _ctx(language: str = "en") -> _Context:
    report = _report()
    return _Context(report, report.institution, _plan(report, language), SETTINGS, language, {})  # type: ignore[arg-type]


def _mastodon_errors() -> list[tuple[BaseException, ErrorKind]]:
    from mastodon.errors import (
        MastodonAPIError,
        MastodonInternalServerError,
        MastodonNetworkError,
        MastodonRatelimitError,
        MastodonUnauthorizedError,
    )

    return [
        (
            MastodonUnauthorizedError("Mastodon API returned error", 401, "Unauthorized", "invalid"),
            ErrorKind.UNAUTHORIZED,
        ),
        (
            MastodonAPIError(
                "Mastodon API returned error", 403, "Forbidden", "outside the authorized scopes"
            ),
            ErrorKind.FORBIDDEN,
        ),
        (MastodonRatelimitError("Hit rate limit."), ErrorKind.RATE_LIMITED),
        (MastodonNetworkError(f"Could not complete request: Bearer {TOKEN}"), ErrorKind.NETWORK),
        (
            MastodonAPIError("Mastodon API returned error", 422, "Unprocessable", "Validation failed"),
            ErrorKind.REFUSED,
        ),
        (MastodonInternalServerError("Mastodon API returned error", 500, "ISE", None), ErrorKind.SERVER),
    ]


def _atproto_errors() -> list[tuple[BaseException, ErrorKind]]:
    from atproto.exceptions import BadRequestError, NetworkError, RateLimitExceededError, UnauthorizedError
    from atproto_client.models.common import XrpcError  # type: ignore[import-untyped]
    from atproto_client.request import Response  # type: ignore[import-untyped]

    def resp(status: int, error: str, message: str = "") -> Response:
        return Response(False, status, XrpcError(error=error, message=message), {})

    return [
        (
            UnauthorizedError(resp(401, "AuthenticationRequired", "Invalid identifier or password")),
            ErrorKind.UNAUTHORIZED,
        ),
        (UnauthorizedError(resp(403, "Forbidden", "app password cannot")), ErrorKind.FORBIDDEN),
        (BadRequestError(resp(400, "HandleNotAvailable", "Handle already taken")), ErrorKind.HANDLE_TAKEN),
        (BadRequestError(resp(400, "InvalidHandle", "bad")), ErrorKind.REFUSED),
        (RateLimitExceededError(resp(429, "RateLimitExceeded")), ErrorKind.RATE_LIMITED),
        (NetworkError(), ErrorKind.NETWORK),
    ]


@pytest.mark.parametrize("pair", range(6))
def test_mastodon_errors_are_mapped(pair: int) -> None:
    exc, kind = _mastodon_errors()[pair]
    error = _describe_exception(exc, Platform.MASTODON, _ctx())
    assert error.kind is kind, error.message
    assert (
        "Nothing was changed" in error.message
        or kind is ErrorKind.SERVER
        or "nothing was changed" in error.message
    )
    assert TOKEN not in error.message


@pytest.mark.parametrize("pair", range(6))
def test_bluesky_errors_are_mapped(pair: int) -> None:
    exc, kind = _atproto_errors()[pair]
    error = _describe_exception(exc, Platform.BLUESKY, _ctx("fr"))
    assert error.kind is kind, error.message


# --- real runs with a fake SDK ------------------------------------------------------------------------------


class FakeMastodonClient:
    def __init__(self, fields: list[tuple[str, str]], fail: BaseException | None = None) -> None:
        self.fields = fields
        self.fail = fail
        self.updates: list[dict[str, Any]] = []

    def account_verify_credentials(self) -> dict[str, Any]:
        return {
            "id": "1",
            "username": "labo",
            "url": "https://social.exemple.fr/@labo",
            "display_name": "labo",
            "fields": [{"name": n, "value": v, "verified_at": None} for n, v in self.fields],
            "source": {"note": "", "fields": [{"name": n, "value": v} for n, v in self.fields]},
        }

    def account_update_credentials(self, **kwargs: Any) -> dict[str, Any]:
        if self.fail is not None:
            raise self.fail
        self.updates.append(kwargs)
        if "fields" in kwargs:
            self.fields = list(kwargs["fields"])
        return self.account_verify_credentials()


class FakeMastodon:
    def __init__(self, client: FakeMastodonClient) -> None:
        self.client = client
        self.host = "social.exemple.fr"
        self._me: dict[str, Any] | None = None
        self.announcement_id = None

    def me(self) -> dict[str, Any]:
        return self.client.account_verify_credentials()

    def refresh(self) -> dict[str, Any]:
        return self.me()

    def close(self) -> None:
        pass

    label = "@labo@social.exemple.fr"


def _fake_mastodon(monkeypatch: pytest.MonkeyPatch, client: FakeMastodonClient) -> None:
    fake = FakeMastodon(client)
    monkeypatch.setattr(apply_mod._Run, "masto", lambda self: fake)


async def _green(run: Any, me: Any) -> tuple[bool, tuple[str, ...], str | None]:
    return True, ("field 'Site web' = https://labo-exemple.fr verified_at 2026-03-02T10:00:00+00:00",), None


async def test_real_run_writes_the_field_keeps_others_and_marks_the_plan(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    client = FakeMastodonClient([("Labo", "UMR 0000")])
    _fake_mastodon(monkeypatch, client)
    monkeypatch.setattr(apply_mod, "_verify_mastodon_field", _green)
    report = _report()
    plan = _plan(report)
    [result] = await apply_steps(
        ["mastodon-verification"],
        report,
        report.institution,
        plan,
        settings=SETTINGS,
        dry_run=False,
        credentials=CREDS,
    )
    assert result.ok and result.done and result.changed and result.verified
    assert client.updates == [{"fields": [("Labo", "UMR 0000"), ("Site web", "https://labo-exemple.fr")]}]
    marked = mark_plan(plan, [result])
    step = marked.step("mastodon-verification")
    assert step.status is StepStatus.DONE and "verified_at 2026-03-02" in step.evidence[0]
    assert marked.step("announce") == plan.step("announce")


async def test_real_run_full_profile_writes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    client = FakeMastodonClient([(f"F{i}", str(i)) for i in range(4)])
    _fake_mastodon(monkeypatch, client)
    report = _report()
    [result] = await apply_steps(
        ["mastodon-verification"],
        report,
        report.institution,
        _plan(report),
        settings=SETTINGS,
        dry_run=False,
        credentials=CREDS,
    )
    assert result.error_kind is ErrorKind.PRECONDITION and client.updates == []


async def test_a_token_in_a_service_error_never_comes_out(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from mastodon.errors import MastodonAPIError

    leaky = MastodonAPIError(
        "Mastodon API returned error", 403, "Forbidden", f"token {TOKEN} lacks write:accounts"
    )
    _fake_mastodon(monkeypatch, FakeMastodonClient([], fail=leaky))
    report = _report()
    with caplog.at_level(logging.DEBUG):
        [result] = await apply_steps(
            ["mastodon-verification"],
            report,
            report.institution,
            _plan(report),
            settings=SETTINGS,
            dry_run=False,
            credentials=CREDS,
        )
    assert result.error_kind is ErrorKind.FORBIDDEN
    assert "403" in (result.error or "")
    for text in (result.error or "", str(result), repr(result), result.model_dump_json(), caplog.text):
        assert TOKEN not in text


async def test_missing_credentials_is_a_clear_failure() -> None:
    report = _report()
    results = await apply_steps(
        ["mastodon-profile", "bluesky-profile"],
        report,
        report.institution,
        _plan(report),
        settings=SETTINGS,
        dry_run=False,
        credentials=Credentials(),
    )
    assert [r.error_kind for r in results] == [ErrorKind.MISSING_CREDENTIALS] * 2
    assert "QUITX_MASTODON_TOKEN" in (results[0].error or "")
    assert "QUITX_BLUESKY_APP_PASSWORD" in (results[1].error or "")


def test_apply_error_carries_kind() -> None:
    error = ApplyError(ErrorKind.PRECONDITION, "missing record")
    assert error.kind is ErrorKind.PRECONDITION and str(error) == "missing record"


# --- the command ---------------------------------------------------------------------------------------


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="quitx")
    parser.add_argument("--config")
    add_apply_command(parser.add_subparsers(dest="command", required=True))
    return parser.parse_args(argv)


def test_cli_dry_run_exit_0_and_no_secret(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    no_sdk: None,
) -> None:
    path = tmp_path / "report.json"
    path.write_text(_report().model_dump_json(), "utf-8")
    monkeypatch.setenv("QUITX_MASTODON_TOKEN", TOKEN)
    monkeypatch.delenv("QUITX_CONFIG", raising=False)
    assert run_apply(_parse(["apply", "announce", "--report", str(path), "--format", "json"])) == 0
    out = capsys.readouterr().out
    assert TOKEN not in out
    assert [r["action"]["operation"] for r in json.loads(out)] == ["post", "pin", "post"]


def test_cli_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_apply(_parse(["apply", "announce", "--report", str(tmp_path / "missing.json")])) == 2
    path = tmp_path / "report.json"
    path.write_text(_report().model_dump_json(), "utf-8")
    assert run_apply(_parse(["apply", "bridge", "--report", str(path)])) == 2
    assert "bridge" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        _parse(["apply", "announce", "--report", str(path), "--yes", "--dry-run"])


def test_cli_failed_step_exit_5(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "report.json"
    path.write_text(_report().model_dump_json(), "utf-8")
    for var in ("QUITX_MASTODON_TOKEN", "QUITX_CONFIG"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr(apply_mod, "load_credentials", lambda **kwargs: Credentials())
    assert run_apply(_parse(["apply", "mastodon-profile", "--report", str(path), "--yes"])) == 5


def test_importing_apply_imports_no_sdk() -> None:
    import subprocess
    import sys

    code = (
        "import sys, quitx.apply, quitx.secrets;"
        " print(','.join(m for m in ('atproto', 'mastodon', 'keyring') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
