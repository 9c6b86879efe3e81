"""``python -m testnet credentials --config quitx-local.toml``: test credentials for ``quitx apply``.

Prints the ``export`` lines ``quitx apply`` reads, for accounts of the fictional world on a
running local network (``python -m testnet up``): a Mastodon access token from the Mastodon test
server (its ``POST /api/v1/_mock/login``, which stands in for Preferences → Development → New
application) and a Bluesky app password from the local PDS (``com.atproto.server.createSession``
with the world's account password, then ``com.atproto.server.createAppPassword``, as Settings →
App passwords does). The addresses come from the quitx configuration the network wrote.
"""

from __future__ import annotations

import json
import secrets
import shlex
import tomllib
import urllib.request
from pathlib import Path
from typing import Any

from testnet.world import MOCK_DOMAIN

__all__ = ["WORLD_PASSWORD", "app_password", "exports", "mastodon_token"]

WORLD_PASSWORD = "password"  # noqa: S105 - every Bluesky account of the fictional world (atproto/net.mjs)


def _post(url: str, body: dict[str, Any], token: str | None = None) -> dict[str, Any]:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}, method="POST"
    )
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=10) as response:
        answer: dict[str, Any] = json.load(response)
    return answer


def _addresses(config: Path) -> tuple[str, str]:
    """(the Mastodon test server's URL, the PDS's URL) from the written quitx configuration."""
    host_map = tomllib.loads(config.read_text(encoding="utf-8")).get("host_map", {})
    return str(host_map[MOCK_DOMAIN]), str(host_map["*.test"])


def mastodon_token(mastodon_url: str, username: str) -> str:
    return str(_post(f"{mastodon_url}/api/v1/_mock/login", {"username": username})["access_token"])


def app_password(pds_url: str, handle: str, password: str = WORLD_PASSWORD) -> str:
    session = _post(
        f"{pds_url}/xrpc/com.atproto.server.createSession", {"identifier": handle, "password": password}
    )
    name = f"quitx-{secrets.token_hex(3)}"
    created = _post(
        f"{pds_url}/xrpc/com.atproto.server.createAppPassword", {"name": name}, session["accessJwt"]
    )
    return str(created["password"])


def exports(config: Path, mastodon_user: str, bluesky_handle: str) -> str:
    mastodon_url, pds_url = _addresses(config)
    values = {
        "QUITX_MASTODON_TOKEN": mastodon_token(mastodon_url, mastodon_user),
        "QUITX_BLUESKY_HANDLE": bluesky_handle,
        "QUITX_BLUESKY_APP_PASSWORD": app_password(pds_url, bluesky_handle),
    }
    return "".join(f"export {k}={shlex.quote(v)}\n" for k, v in values.items())
