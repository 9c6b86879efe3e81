"""quitx.secrets.mask, the one masking: logs, errors and apply's results (a union of what the CLI's
log filter and apply's masking each caught)."""

from __future__ import annotations

import logging

import pytest

from quitx.secrets import MASK, MaskingFilter, Secret, is_secret_name, mask, secret_env_values


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
