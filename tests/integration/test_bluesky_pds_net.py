"""Bluesky's logged-in session to the account's own PDS only, on the real local network.

The dev PDS never redirects and answers ``createSession`` without a DID document, so a loopback
proxy in front of it (`PdsProxy`, one `testnet.web.WebServer`) plays what it cannot: an entryway
that hands back the account's PDS in its session answer (as ``bsky.social`` does), an entryway that
names another PDS than the account's DID document, and a PDS that answers a write or the login with
a 307 to another host. Everything else is the real PDS's answer; the DID document quitx checks the
answer against is the real PLC directory's. The other host (``elsewhere``) must receive nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
import tests.builders as b
from testnet.network import LocalNetwork
from testnet.web import RequestInfo, Response, WebServer
from tests.integration.conftest import ELSEWHERE, Elsewhere
from tests.integration.test_apply_net import PdsUser, _apply, _closing, _new_pds_user
from tests.integration.test_login_net import _pds_user
from tests.keyrings import MemoryKeyring

from quitx.apply import ErrorKind, ProfileRequest
from quitx.config import Settings
from quitx.errors import LoginError
from quitx.login import bluesky_login
from quitx.models import FoundBy, Institution, Report, Verdict
from quitx.secrets import BlueskyCredentials, Credentials, Secret

ENTRY = "entree.exemple.net"  # the proxy's name: an entryway, or the PDS's address seen through it
SESSION = "/xrpc/com.atproto.server.createSession"
CREATE = "/xrpc/com.atproto.repo.createRecord"
PUT = "/xrpc/com.atproto.repo.putRecord"
_HOP = {"host", "content-length", "connection", "accept-encoding", "transfer-encoding"}


@dataclass
class PdsProxy:
    """The real PDS behind a proxy that adds, per test, a DID document to the session answer
    (``session_pds``: the PDS it names, ``None``: the real document's) or a 307 instead of an
    answer (``redirects``: path -> Location)."""

    server: WebServer
    localnet: LocalNetwork
    session_doc: bool = False
    session_pds: str | None = None
    redirects: dict[str, str] = field(default_factory=dict)

    def requests(self) -> list[RequestInfo]:
        return [r for name in self.server.hosts() for r in self.server.requests(name)]

    def handle(self, req: RequestInfo) -> Response:
        if req.path in self.redirects:
            return Response(307, {"Location": self.redirects[req.path], "Content-Type": "text/html"}, b"")
        state = self.localnet.atproto_state
        headers = {k: v for k, v in req.headers.items() if k not in _HOP}
        answer = httpx.request(req.method, state.pds_url + req.target, headers=headers, content=req.body)
        body = answer.content
        if req.path == SESSION and answer.status_code == 200 and self.session_doc:
            session = answer.json()
            doc = httpx.get(f"{state.plc_url}/{session['did']}").json()  # the account's real document
            if self.session_pds is not None:
                doc["service"][0]["serviceEndpoint"] = self.session_pds
            body = json.dumps({**session, "didDoc": doc}).encode()
        return Response(answer.status_code, {"Content-Type": answer.headers.get("content-type", "")}, body)


@pytest.fixture
def proxy(localnet: LocalNetwork) -> Iterator[PdsProxy]:
    with WebServer() as server:
        proxy = PdsProxy(server, localnet)
        for name in (ENTRY, "localhost"):
            server.add_route(name, "/", Response(200, {}, proxy.handle), prefix=True)
        yield proxy


@pytest.fixture
def user(localnet: LocalNetwork) -> Iterator[PdsUser]:
    with _closing(_new_pds_user(localnet)) as user:
        yield user


def _settings(elsewhere: Elsewhere, proxy: PdsProxy) -> Settings:
    """The local network's settings, the other host mapped, and the entryway to the proxy."""
    mapped = {**elsewhere.settings.host_map, ENTRY: proxy.server.base_url}
    return elsewhere.settings.model_copy(update={"host_map": mapped})


def _report(user: PdsUser) -> Report:
    """A report that attributes the account to the lab, without naming its PDS: apply logs in where
    ``QUITX_BLUESKY_PDS`` says (here the entryway)."""
    found = b.bluesky(user.handle, did=user.did, found_by=(FoundBy.KNOWN,))
    return b.report(
        found, institution=Institution(name="Labo PDS", domain="univ-exemple.fr"), bluesky=Verdict.PRESENT
    )


def _creds(user: PdsUser) -> Credentials:
    return Credentials(bluesky=BlueskyCredentials(user.handle, Secret(user.password), "test"))


async def _profile(user: PdsUser, elsewhere: Elsewhere, proxy: PdsProxy, *, dry_run: bool = False) -> Any:
    """``bluesky-profile`` (the display name) applied to ``user``'s account, logged in on the
    entryway (``QUITX_BLUESKY_PDS``): its one result."""
    [result] = await _apply(
        ["bluesky-profile"],
        _report(user),
        _settings(elsewhere, proxy),
        _creds(user),
        environ={"QUITX_BLUESKY_PDS": f"https://{ENTRY}"},
        profile=ProfileRequest(display_name="Labo PDS"),
        dry_run=dry_run,
    )
    return result


def _display_name(user: PdsUser) -> str | None:
    from atproto.exceptions import BadRequestError

    try:
        got = user.client().com.atproto.repo.get_record(
            params={"repo": user.did, "collection": "app.bsky.actor.profile", "rkey": "self"}
        )
    except BadRequestError:  # no profile record yet
        return None
    return getattr(got.value, "display_name", None)


async def test_the_entryway_hands_over_to_the_pds_the_did_document_names(
    proxy: PdsProxy, user: PdsUser, elsewhere: Elsewhere
) -> None:
    """Logged in on the entryway, whose answer names the account's PDS (the real DID document's,
    ``http://localhost:<port>``): quitx checks it against the PLC directory and writes there."""
    proxy.session_doc = True
    result = await _profile(user, elsewhere, proxy)
    assert result.ok and result.changed, result
    assert _display_name(user) == "Labo PDS"
    assert [r.path for r in proxy.requests()] == [SESSION]  # the rest went to the PDS itself
    assert elsewhere.requests() == []


async def test_an_entryway_naming_another_pds_than_the_did_document_gets_nothing(
    proxy: PdsProxy, user: PdsUser, elsewhere: Elsewhere
) -> None:
    proxy.session_doc, proxy.session_pds = True, f"https://{ELSEWHERE}"
    result = await _profile(user, elsewhere, proxy)
    assert result.error_kind is ErrorKind.FOREIGN_HOST and not result.changed, result
    assert f"https://{ELSEWHERE}" in (result.error or "")
    assert elsewhere.requests() == []
    assert _display_name(user) is None


@pytest.mark.parametrize("dry_run", [True, False])
async def test_a_profile_update_redirected_elsewhere_is_not_followed(
    proxy: PdsProxy, user: PdsUser, elsewhere: Elsewhere, dry_run: bool
) -> None:
    """The write answered with a 307 (which keeps the record in its body) to another host; the
    dry run reads, and sends nothing anywhere."""
    proxy.redirects[PUT] = f"https://{ELSEWHERE}{PUT}"
    result = await _profile(user, elsewhere, proxy, dry_run=dry_run)
    if dry_run:
        assert result.ok and result.sends and PUT not in [r.path for r in proxy.requests()], result
    else:
        assert result.error_kind is ErrorKind.FOREIGN_HOST, result
        assert "sans --yes" in (result.error or "")  # the PDS got it: its outcome is said unknown
        assert [r.path for r in proxy.requests()].count(PUT) == 1
    assert elsewhere.requests() == []
    assert _display_name(user) is None


def test_a_login_redirected_elsewhere_stores_nothing(
    localnet: LocalNetwork, proxy: PdsProxy, elsewhere: Elsewhere, memory_keyring: MemoryKeyring
) -> None:
    """``quitx login`` finds the PDS by identity (the real PLC's document: ``localhost``), here
    behind the proxy, which answers the login (the app password in its body) with a 307."""
    handle, _did, _main, app_password = _pds_user(localnet)
    proxy.redirects[SESSION] = f"https://{ELSEWHERE}{SESSION}"
    settings = _settings(elsewhere, proxy)
    settings = settings.model_copy(
        update={"host_map": {**settings.host_map, "localhost": proxy.server.base_url}}
    )
    with pytest.raises(LoginError) as caught:
        bluesky_login(handle, app_password, settings=settings)
    assert caught.value.kind is ErrorKind.FOREIGN_HOST and "Nothing was stored" in caught.value.message
    assert memory_keyring.values == {}
    assert [r.path for r in proxy.requests()] == [SESSION]
    assert elsewhere.requests() == []
