"""quitx.secrets.mask, the one masking: logs, errors and apply's results (a union of what the CLI's
log filter and apply's masking each caught)."""

from __future__ import annotations

import logging

import pytest
from tests.unit.apply.support import CREDS, PASSWORD, TOKEN

from quitx.apply import (
    ApplyAction,
    ApplyResult,
)
from quitx.secrets import (
    MASK,
    KeyringFailure,
    KeyringProblem,
    MaskingFilter,
    Secret,
    is_secret_name,
    load_credentials,
    mask,
    secret_env_values,
)


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("Authorization: Bearer abc", "abc"),  # a bearer token of any length
        ("Authorization: Bearer abcdefgh123", "abcdefgh123"),
        ("GET /x?access_token=zzz&x=1", "zzz"),
        ('{"accessToken": "t0k3n"}', "t0k3n"),
        ('{"refresh_token": "r3fr"}', "r3fr"),
        ("token=tttt", "tttt"),
        ("password=hunter22", "hunter22"),
        ('{"app_password": "abcd-efgh-ijkl-mnop"}', "abcd-efgh-ijkl-mnop"),
        ("client secret: s3cr3t", "s3cr3t"),
        ('{"accessJwt": "eyJhbGciOi.x.y", "refreshJwt": "eyJr.a.b"}', "eyJhbGciOi.x.y"),
        ('{"accessJwt": "eyJhbGciOi.x.y", "refreshJwt": "eyJr.a.b"}', "eyJr.a.b"),
        ("url https://user:pw@host/x", "user:pw"),
        ("Authorization: Basic dXNlcjpwdw==", "dXNlcjpwdw=="),  # whatever the scheme
    ],
)
def test_mask_hides_what_gives_a_secret_away(text: str, secret: str) -> None:
    masked = mask(text)
    assert secret not in masked and MASK in masked


def test_mask_hides_the_values_given_and_keeps_ordinary_words() -> None:
    masked = mask("the token s3cr3t-value and the pin 123", [Secret("s3cr3t-value"), "123", None])
    assert masked == "the token *** and the pin 123"  # under 4 characters is no credential
    assert mask("tokens: 5, no secret here") == "tokens: 5, no secret here"


def test_mask_is_idempotent() -> None:
    once = mask("Bearer abcdef https://u:p@h/ password=x", ["abcdef"])
    assert mask(once, ["abcdef"]) == once


def test_secret_names_and_environment_values() -> None:
    assert all(is_secret_name(n) for n in ("QUITX_MASTODON_TOKEN", "QUITX_BLUESKY_APP_PASSWORD", "Cookie"))
    assert not any(is_secret_name(n) for n in ("QUITX_TIMEOUT", "QUITX_BLUESKY_HANDLE", "appview_url"))
    environ = {"QUITX_MASTODON_TOKEN": "tok", "QUITX_TIMEOUT": "5", "OTHER_TOKEN": "x", "QUITX_SECRET": ""}
    assert secret_env_values(environ) == ("tok",)


def test_the_filter_masks_records_with_their_arguments(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("quitx.test_secrets")
    masking = MaskingFilter(["s3cr3t-value"])
    logger.addFilter(masking)
    try:
        with caplog.at_level(logging.INFO, logger="quitx.test_secrets"):
            logger.info("token %s then %s", "s3cr3t-value", "https://me:pw@host/")
    finally:
        logger.removeFilter(masking)
    assert "s3cr3t-value" not in caplog.text and "me:pw" not in caplog.text
    assert caplog.text.count(MASK) == 2


def test_url_credentials_never_reach_across_a_quote() -> None:
    text = '{"after": "Site web = https://univ-exemple.fr", "evidence": ["@univ@social.exemple.fr"]}'
    assert mask(text) == text


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


def test_results_are_masked_text_by_text() -> None:
    from quitx.apply.api import _masked
    from quitx.models import Platform as P

    action = ApplyAction(
        step="announce", platform=P.MASTODON, operation="post", account="@a@b.fr", method="POST",
        endpoint="https://b.fr/api", payload=f'status=password=\\"{PASSWORD}\\" see https://b.fr/@a',
    )  # fmt: skip
    result = ApplyResult(action=action, dry_run=True, done=False, note=f"token: {TOKEN}")
    masked = _masked(result, CREDS)
    assert PASSWORD not in masked.model_dump_json() and TOKEN not in masked.model_dump_json()
    assert masked.action.endpoint == "https://b.fr/api" and "https://b.fr/@a" in masked.action.payload


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


def test_no_keyring_backend_is_named_as_such(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    import keyring
    import keyring.core

    monkeypatch.setattr(keyring.core, "_keyring_backend", None)  # read the variable again
    creds = load_credentials(mastodon_account="a@b.fr", bluesky_handle="b.fr", environ={})
    assert creds.mastodon is None and creds.bluesky is None
    assert "no keyring backend" in (creds.why_missing("mastodon") or "")
    assert "no keyring backend" in (creds.why_missing("bluesky") or "")


def test_a_broken_keyring_is_named_too(monkeypatch: pytest.MonkeyPatch) -> None:
    import keyring
    from keyring.errors import KeyringLocked

    def locked(service: str, user: str) -> str | None:
        raise KeyringLocked("locked")

    monkeypatch.setattr(keyring, "get_password", locked)
    creds = load_credentials(mastodon_account="a@b.fr", environ={})
    assert creds.mastodon is None and "KeyringLocked" in (creds.why_missing("mastodon") or "")
    assert creds.mastodon_missing == KeyringFailure(KeyringProblem.UNREADABLE, "KeyringLocked")  # a code
    assert creds.why_missing("mastodon", "fr") == "le trousseau n’a pas pu être lu (KeyringLocked)"
