"""``quitx login`` against the real servers of the local network: Mastodon's OAuth on the mock
server (its approval page, its code, its token endpoint), an app password on the real PDS. The
keyring is one in memory for each test: nothing reaches the user's."""

from __future__ import annotations

import re
import secrets
from typing import Any

import httpx
import pytest
from testnet.network import LocalNetwork
from tests.integration.conftest import ELSEWHERE, Elsewhere
from tests.keyrings import MemoryKeyring

from quitx.config import Settings
from quitx.errors import ErrorKind, LoginError
from quitx.login import (
    SCOPES,
    bluesky_login,
    forget,
    mastodon_authorize,
    mastodon_finish,
    mastodon_token_login,
    stored,
)
from quitx.models import Platform
from quitx.secrets import load_credentials

pytestmark = pytest.mark.integration

MOCK_HOST = "social.exemple.fr"


def _mock_user(localnet: LocalNetwork) -> tuple[str, str]:
    name = f"login{secrets.token_hex(4)}"
    r = httpx.post(
        f"{localnet.mastodon_url}/api/v1/_mock/dev_user", json={"username": name, "display_name": name}
    )
    r.raise_for_status()
    return name, str(r.json()["access_token"])


def _approve(url: str, username: str, localnet: LocalNetwork) -> str:
    """What the account's owner does in the browser: open the page, pick the account, read the code."""
    # the page is on the instance (its own OAuth metadata names it): here, the mock server
    url = re.sub(rf"^https?://{re.escape(MOCK_HOST)}", localnet.mastodon_url, url)
    page = httpx.get(url, follow_redirects=False)
    assert page.status_code == 200
    form = dict(re.findall(r'name="(\w+)" value="([^"]*)"', page.text))
    shown = httpx.post(f"{localnet.mastodon_url}/oauth/authorize", data={**form, "username": username})
    match = re.search(r"Authorization code: (\S+?)<", shown.text)
    assert match, shown.text
    return match.group(1)


def test_mastodon_oauth_stores_a_token_apply_then_finds(
    localnet: LocalNetwork, settings: Settings, memory_keyring: MemoryKeyring
) -> None:
    name, _ = _mock_user(localnet)
    authorization = mastodon_authorize(MOCK_HOST, settings=settings)
    assert authorization.host == MOCK_HOST
    assert "client_id=" in authorization.url and "scope=" in authorization.url
    assert " ".join(SCOPES).replace(" ", "+") in authorization.url or "read%3Aaccounts" in authorization.url
    assert authorization.client_secret.get_secret_value() not in repr(authorization)

    result = mastodon_finish(authorization, _approve(authorization.url, name, localnet), settings=settings)
    assert result.account == f"@{name}@{MOCK_HOST}"
    assert result.stored and result.keyring_user == f"mastodon:@{name}@{MOCK_HOST}"
    token = memory_keyring.values[("quitx", result.keyring_user)]
    # what apply reads: the same entry, and the token opens the account
    found = load_credentials(mastodon_account=f"{name}@{MOCK_HOST}", environ={})
    assert found.mastodon is not None and found.mastodon.token.reveal() == token
    me = httpx.get(
        f"{localnet.mastodon_url}/api/v1/accounts/verify_credentials",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert me.json()["username"] == name
    assert stored(Platform.MASTODON, result.account)
    assert forget(Platform.MASTODON, result.account) is True
    assert not stored(Platform.MASTODON, result.account)
    assert forget(Platform.MASTODON, result.account) is False  # twice: nothing left to forget


def test_a_wrong_code_stores_nothing(
    localnet: LocalNetwork, settings: Settings, memory_keyring: MemoryKeyring
) -> None:
    authorization = mastodon_authorize(MOCK_HOST, settings=settings)
    with pytest.raises(LoginError) as caught:
        mastodon_finish(authorization, "not-a-code", settings=settings, language="fr")
    assert caught.value.kind in (ErrorKind.REFUSED, ErrorKind.UNAUTHORIZED)
    assert "rien n’a été enregistré" in caught.value.message
    assert memory_keyring.values == {}


def test_a_token_must_open_the_account_named(
    localnet: LocalNetwork, settings: Settings, memory_keyring: MemoryKeyring
) -> None:
    name, token = _mock_user(localnet)
    other, _ = _mock_user(localnet)
    with pytest.raises(LoginError) as caught:
        mastodon_token_login(f"@{other}@{MOCK_HOST}", token, settings=settings)
    assert caught.value.kind is ErrorKind.WRONG_ACCOUNT
    assert f"@{name}@{MOCK_HOST}" in caught.value.message
    assert memory_keyring.values == {}
    result = mastodon_token_login(f"{name}@{MOCK_HOST}", f" {token}\n", settings=settings)
    assert memory_keyring.values == {("quitx", f"mastodon:@{name}@{MOCK_HOST}"): token}
    assert result.account == f"@{name}@{MOCK_HOST}"


def test_a_revoked_token_is_refused(
    localnet: LocalNetwork, settings: Settings, memory_keyring: MemoryKeyring
) -> None:
    name, _ = _mock_user(localnet)
    with pytest.raises(LoginError) as caught:
        mastodon_token_login(f"@{name}@{MOCK_HOST}", "no-such-token", settings=settings)
    assert caught.value.kind is ErrorKind.UNAUTHORIZED
    assert memory_keyring.values == {}


def test_the_code_goes_to_the_instance_only(
    localnet: LocalNetwork, elsewhere: Elsewhere, memory_keyring: MemoryKeyring
) -> None:
    """The token endpoint answers with a 307 (which keeps the code and the app's secret in the body)
    to another host: not followed, nothing stored."""
    name, _ = _mock_user(localnet)
    authorization = mastodon_authorize(MOCK_HOST, settings=elsewhere.settings)
    code = _approve(authorization.url, name, localnet)
    redirect = {"type": "status", "status": 307, "headers": {"Location": f"https://{ELSEWHERE}/oauth/token"}}
    rule = httpx.post(
        f"{localnet.mastodon_url}/api/v1/_mock/faults",
        json={"match": {"methods": ["POST"], "path": "/oauth/token"}, "effect": redirect},
    ).json()["id"]
    try:
        with pytest.raises(LoginError) as caught:
            mastodon_finish(authorization, code, settings=elsewhere.settings)
    finally:
        httpx.delete(f"{localnet.mastodon_url}/api/v1/_mock/faults/{rule}")
    assert caught.value.kind is ErrorKind.FOREIGN_HOST
    assert f"https://{ELSEWHERE}" in caught.value.message and "Nothing was stored" in caught.value.message
    assert memory_keyring.values == {}
    assert elsewhere.requests() == []


def _pds_user(localnet: LocalNetwork) -> tuple[str, str, str, Any]:
    from atproto import Client

    pds = localnet.atproto_state.pds_url
    handle = f"lg{secrets.token_hex(4)}.test"
    password = secrets.token_urlsafe(16)
    r = httpx.post(
        f"{pds}/xrpc/com.atproto.server.createAccount",
        json={"handle": handle, "email": f"{handle}@exemple.test", "password": password},
    )
    r.raise_for_status()
    client = Client(base_url=pds)
    client.login(handle, password, fetch_bsky_profile=False)
    app = client.com.atproto.server.create_app_password({"name": "quitx"})
    client.request._client.close()
    return handle, str(r.json()["did"]), password, app.password


def test_bluesky_app_password_is_stored_the_main_password_refused(
    localnet: LocalNetwork, settings: Settings, memory_keyring: MemoryKeyring
) -> None:
    handle, did, main_password, app_password = _pds_user(localnet)
    with pytest.raises(LoginError) as caught:
        bluesky_login(handle, main_password, settings=settings)
    assert caught.value.kind is ErrorKind.REFUSED
    assert "main password" in caught.value.message
    assert memory_keyring.values == {}
    with pytest.raises(LoginError) as caught:
        bluesky_login(handle, "wrong-pass-word-here", settings=settings)
    assert caught.value.kind is ErrorKind.UNAUTHORIZED
    assert memory_keyring.values == {}

    result = bluesky_login(f"@{handle}", app_password, settings=settings)
    assert (result.account, result.did, result.stored) == (handle, did, True)
    found = load_credentials(bluesky_handle=handle, environ={})
    assert found.bluesky is not None and found.bluesky.password.reveal() == app_password


def test_a_bluesky_handle_that_does_not_resolve_stores_nothing(
    settings: Settings, memory_keyring: MemoryKeyring
) -> None:
    with pytest.raises(LoginError) as caught:
        bluesky_login(f"nobody{secrets.token_hex(3)}.test", "x", settings=settings, language="fr")
    assert "PDS" in caught.value.message
    assert memory_keyring.values == {}
