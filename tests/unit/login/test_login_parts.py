from __future__ import annotations

import base64
import json

import pytest

from quitx.config import Settings
from quitx.errors import ErrorKind, LoginError
from quitx.login import mastodon_token_login
from quitx.login.bluesky import token_scope


def _jwt(claims: dict[str, object]) -> str:
    body = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
    return f"eyJhbGciOiJIUzI1NiJ9.{body}.c2ln"


def test_the_scope_of_an_access_token_says_which_password_opened_it() -> None:
    assert token_scope(_jwt({"scope": "com.atproto.appPass", "sub": "did:plc:x"})) == "com.atproto.appPass"
    assert token_scope(_jwt({"scope": "com.atproto.access"})) == "com.atproto.access"
    assert token_scope(_jwt({"sub": "did:plc:x"})) is None
    assert token_scope("not a token") is None
    assert token_scope("a.%%%.b") is None


def test_a_token_no_server_can_take_is_refused_before_anything_is_sent() -> None:
    with pytest.raises(LoginError) as caught:
        mastodon_token_login(
            "@univ@social.exemple.fr", "tok\u2019en", settings=Settings(only_mapped_hosts=True)
        )
    assert caught.value.kind is ErrorKind.INVALID_CREDENTIALS


def test_a_mastodon_account_must_be_user_at_host() -> None:
    with pytest.raises(LoginError) as caught:
        mastodon_token_login(
            "univ.bsky.social", "token", settings=Settings(only_mapped_hosts=True), language="fr"
        )
    assert "n’est pas un compte Mastodon" in caught.value.message
