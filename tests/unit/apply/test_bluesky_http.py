"""The one atproto session (apply's, the sector's lists', login's): every request to the account's
own PDS only, against two servers on loopback — the Bluesky side (the host map sends the PDS, an
entryway and the PLC directory there) and "another host", which must receive nothing, whatever the
PDS answers: a redirect on a read or a write, a session answer naming a PDS that the account's DID
document does not name. Nothing here needs the local network: `testnet.web.WebServer` plays every
host, and logs every request it is sent."""

from __future__ import annotations

import base64
import json
import time
from dataclasses import dataclass
from typing import Any

import pytest
from testnet.web import RequestInfo, Response, WebServer, json_response
from tests.keyrings import MemoryKeyring
from tests.unit.apply.support import DID, PASSWORD, redirect, sdk_failure

from quitx.apply import ApplyError, ErrorKind
from quitx.apply.bluesky_http import Origin, bluesky_client
from quitx.apply.bluesky_sdk import BlueskySession
from quitx.config import Settings
from quitx.errors import LoginError
from quitx.i18n import Language
from quitx.login import bluesky
from quitx.models import BlueskyAccount, Reason, Verdict
from quitx.probes.bluesky_identity import Identity
from quitx.secrets import Secret

PDS = "pds.exemple.fr"
ENTRY = "entree.exemple.fr"  # an entryway: logs in, and hands back the account's own PDS
PLC = "plc.exemple.fr"
OTHER = "collector.exemple.net"
HANDLE = "labo-exemple.fr"
XRPC = "/xrpc/com.atproto"
CREATE = f"{XRPC}.repo.createRecord"
PUT = f"{XRPC}.repo.putRecord"
GET = f"{XRPC}.repo.getRecord"
LIST = f"{XRPC}.repo.listRecords"


def _jwt(**claims: Any) -> str:
    def part(data: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")

    return f"{part({'alg': 'ES256K', 'typ': 'at+jwt'})}.{part(claims)}.c2ln"


ACCESS = _jwt(scope="com.atproto.appPass", sub=DID, iat=int(time.time()), exp=int(time.time()) + 7200)
REFRESH = _jwt(scope="com.atproto.refresh", sub=DID, exp=int(time.time()) + 86400)


def did_doc(pds: str) -> dict[str, Any]:
    return {
        "@context": ["https://www.w3.org/ns/did/v1"],
        "id": DID,
        "alsoKnownAs": [f"at://{HANDLE}"],
        "verificationMethod": [],
        "service": [{"id": "#atproto_pds", "type": "AtprotoPersonalDataServer", "serviceEndpoint": pds}],
    }


def _session_answer(pds: str | None) -> Response:
    answer: dict[str, Any] = {"did": DID, "handle": HANDLE, "accessJwt": ACCESS, "refreshJwt": REFRESH}
    if pds is not None:
        answer["didDoc"] = did_doc(pds)
    return json_response(200, answer)


@dataclass
class Two:
    """The Bluesky side (PDS, entryway, PLC on one server), the other host's, and settings that
    map them all (as a test config does)."""

    sky: WebServer
    other: WebServer
    settings: Settings

    def pds_requests(self) -> list[RequestInfo]:
        return self.sky.requests(PDS)

    def other_requests(self) -> list[RequestInfo]:
        """Everything the other server was sent, under any name (its own, its address, the PDS's:
        a Host header carried along)."""
        return [r for name in (OTHER, "127.0.0.1", PDS, ENTRY) for r in self.other.requests(name)]

    def serve(self, host: str, path: str, response: Response) -> None:
        self.sky.add_route(host, path, response)


@pytest.fixture
def two(servers: tuple[WebServer, WebServer]) -> Two:
    sky, other = servers
    sky.clear()
    other.clear()
    for name in (PDS, ENTRY, PLC):
        sky.add_host(name)
    for name in (OTHER, "127.0.0.1", PDS, ENTRY):
        other.add_host(name)
        other.add_route(name, "/", _session_answer(f"https://{OTHER}"), prefix=True)  # it would answer
    settings = Settings(
        host_map={PDS: sky.base_url, ENTRY: sky.base_url, PLC: sky.base_url, OTHER: other.base_url},
        plc_url=f"https://{PLC}",
        user_agent="quitx-test/1",
    )
    two = Two(sky, other, settings)
    two.serve(PDS, f"{XRPC}.server.createSession", _session_answer(f"https://{PDS}"))
    two.serve(PDS, f"{XRPC}.server.getSession", json_response(200, {"did": DID, "handle": HANDLE}))
    two.serve(PDS, CREATE, json_response(200, {"uri": f"at://{DID}/app.bsky.feed.post/1", "cid": "bafy1"}))
    two.serve(PDS, PUT, json_response(200, {"uri": f"at://{DID}/app.bsky.actor.profile/self", "cid": "b2"}))
    two.serve(PLC, f"/{DID}", json_response(200, did_doc(f"https://{PDS}")))
    return two


def _session(two: Two, pds: str = PDS, language: Language = "en") -> BlueskySession:
    return BlueskySession(two.settings, f"https://{pds}", HANDLE, Secret(PASSWORD), language)


def test_every_request_goes_to_the_pds_as_before(two: Two) -> None:
    """Through the host map (Host: the PDS), with quitx's User-Agent and timeout, the token on every
    call after the login; the PDS is the one the check found, so the PLC is not asked again."""
    session = _session(two)
    try:
        assert session.login().did == DID
        assert session.create_post({"text": "Bonjour"}) == (f"at://{DID}/app.bsky.feed.post/1", "bafy1")
        assert session.client.request._client.timeout.read == two.settings.timeout
    finally:
        session.close()
    seen = two.pds_requests()
    assert [r.path for r in seen] == [f"{XRPC}.server.createSession", f"{XRPC}.server.getSession", CREATE]
    assert {r.headers["user-agent"] for r in seen} == {"quitx-test/1"}
    assert {r.headers.get("authorization") for r in seen[1:]} == {f"Bearer {ACCESS}"}
    assert two.sky.requests(PLC) == [] and two.other_requests() == []


@pytest.mark.usefixtures("proxied_but_loopback")
def test_a_test_server_in_no_proxy_is_reached_directly(two: Two) -> None:
    """The environment's proxies are those of where the request goes (the test server)."""
    session = _session(two)
    try:
        assert session.login().handle == HANDLE
    finally:
        session.close()


@pytest.mark.parametrize("code", [302, 307])
@pytest.mark.parametrize(
    "target",
    [
        f"https://{OTHER}/xrpc/steal",  # another host (the host map knows it)
        "OTHER_BASE/xrpc/steal",  # the other server's own address
        f"https://{PDS}:8443/xrpc/steal",  # another port of the PDS
        f"http://{PDS}/xrpc/steal",  # the PDS without TLS
        f"//{OTHER}/xrpc/steal",  # scheme-relative
    ],
)
def test_a_redirected_write_goes_nowhere_else_and_its_outcome_is_said_unknown(
    two: Two, target: str, code: int
) -> None:
    """A 307 keeps a POST's body: httpx alone would have sent the post there (without the token)."""
    two.serve(PDS, CREATE, redirect(target.replace("OTHER_BASE", two.other.base_url), code))
    session = _session(two)
    try:
        session.login()
        error = sdk_failure(lambda: session.create_post({"text": "Bonjour"}), session, writing=True)
    finally:
        session.close()
    assert error.kind is ErrorKind.FOREIGN_HOST, error.message
    assert (
        "Nothing was sent to" in error.message
        and f"quitx talks only to the account's own PDS (https://{PDS})" in error.message
    )
    assert "may or may not have been made" in error.message
    assert "steal" not in error.message  # never the path
    assert two.other_requests() == []
    post = two.pds_requests()[-1]
    assert (post.path, post.method) == (CREATE, "POST") and b"Bonjour" in post.body
    assert [r.path for r in two.pds_requests()].count(CREATE) == 1  # sent once, and not again


def test_a_redirected_profile_update_goes_nowhere_else(two: Two) -> None:
    two.serve(PDS, PUT, redirect(f"https://{OTHER}{PUT}", 307))
    session = _session(two, language="fr")
    try:
        session.login()
        error = sdk_failure(
            lambda: session.put_profile({"displayName": "Labo"}, None), session, writing=True, language="fr"
        )
    finally:
        session.close()
    assert error.kind is ErrorKind.FOREIGN_HOST
    assert f"Rien n’a été envoyé à https://{OTHER}" in error.message
    assert "elle a pu être faite ou non" in error.message and "quitx apply announce" in error.message
    assert two.other_requests() == []


@pytest.mark.parametrize("code", [302, 307])
def test_a_redirected_read_goes_nowhere_else(two: Two, code: int) -> None:
    two.serve(PDS, GET, redirect(f"https://{OTHER}{GET}?repo={DID}", code))
    session = _session(two)
    try:
        session.login()
        error = sdk_failure(session.profile, session, writing=False)
    finally:
        session.close()
    assert error.kind is ErrorKind.FOREIGN_HOST
    assert error.message.startswith(f"https://{PDS} sent quitx to https://{OTHER}")
    assert "may or may not" not in error.message
    assert two.other_requests() == []


def test_the_password_is_never_sent_elsewhere(two: Two) -> None:
    """The login itself redirected (307: the password in its body) is not followed."""
    two.serve(PDS, f"{XRPC}.server.createSession", redirect(f"https://{OTHER}/xrpc/login", 307))
    session = _session(two)
    try:
        error = sdk_failure(session.login, session, writing=False)
    finally:
        session.close()
    assert error.kind is ErrorKind.FOREIGN_HOST
    assert two.other_requests() == []


def test_a_redirect_within_the_pds_is_followed_with_its_token(two: Two) -> None:
    """A relative redirect resolves against the PDS's address, not the test server's."""
    two.serve(PDS, LIST, redirect(f"{LIST}?moved=1", 302))
    two.serve(PDS, f"{LIST}?moved=1", json_response(200, {"records": []}))
    session = _session(two)
    try:
        session.login()
        assert session.posts() == []
    finally:
        session.close()
    listed = [r for r in two.pds_requests() if r.path == LIST]
    assert [r.arg("moved") for r in listed] == [None, "1"]
    assert {r.headers.get("authorization") for r in listed} == {f"Bearer {ACCESS}"}
    assert two.other_requests() == []


# --- the session's answer: which PDS the client moves to ----------------------------------------------


def test_an_entryway_hands_over_to_the_pds_the_did_document_names(two: Two) -> None:
    """Logged in on the entryway, atproto's client moves to the PDS of the session's answer: the
    PLC directory, asked by quitx, names it too, so the token goes there — and only there."""
    two.serve(ENTRY, f"{XRPC}.server.createSession", _session_answer(f"https://{PDS}"))
    session = _session(two, ENTRY)
    try:
        assert session.login().did == DID
        session.create_post({"text": "Bonjour"})
    finally:
        session.close()
    assert [r.path for r in two.sky.requests(ENTRY)] == [f"{XRPC}.server.createSession"]
    assert [r.path for r in two.sky.requests(PLC)] == [f"/{DID}"]
    assert [r.path for r in two.pds_requests()] == [f"{XRPC}.server.getSession", CREATE]
    assert {r.headers.get("authorization") for r in two.pds_requests()} == {f"Bearer {ACCESS}"}
    assert two.other_requests() == []


@pytest.mark.parametrize("login_on", [ENTRY, PDS])
def test_a_session_answer_naming_another_pds_than_the_did_document_is_refused(
    two: Two, login_on: str
) -> None:
    """The server's answer names a PDS the account's DID document (read by quitx from the PLC
    directory) does not: refused, and the token never goes there."""
    two.serve(login_on, f"{XRPC}.server.createSession", _session_answer(f"https://{OTHER}"))
    session = _session(two, login_on)
    try:
        error = sdk_failure(session.login, session, writing=False)
    finally:
        session.close()
    assert error.kind is ErrorKind.FOREIGN_HOST, error.message
    assert error.message.startswith(f"https://{login_on} sent quitx to https://{OTHER}")
    assert [r.path for r in two.sky.requests(PLC)] == [f"/{DID}"]
    assert two.other_requests() == []


def test_a_did_document_that_cannot_be_read_sends_nothing_to_the_new_address(two: Two) -> None:
    """The PLC directory down: quitx cannot tell whether the answer's PDS is the account's; it says
    so (a network failure: try again later), and sends nothing there."""
    two.serve(ENTRY, f"{XRPC}.server.createSession", _session_answer(f"https://{PDS}"))
    two.serve(PLC, f"/{DID}", Response(503, {"Content-Type": "text/plain"}, b"down"))
    session = _session(two, ENTRY, "fr")
    try:
        error = sdk_failure(session.login, session, writing=False, language="fr")
    finally:
        session.close()
    assert error.kind is ErrorKind.NETWORK
    assert "le document DID de ce compte n’a pas pu être lu" in error.message
    assert f"rien n’a été envoyé à https://{PDS}" in error.message
    assert two.pds_requests() == [] and two.other_requests() == []


def test_a_session_answer_without_a_did_document_stays_where_it_logged_in(two: Two) -> None:
    two.serve(PDS, f"{XRPC}.server.createSession", _session_answer(None))
    session = _session(two)
    try:
        assert session.login().did == DID
    finally:
        session.close()
    assert len(two.pds_requests()) == 2 and two.sky.requests(PLC) == []


# --- the builder ------------------------------------------------------------------------------------


def test_without_a_host_map_only_the_pds_is_asked() -> None:
    """Refused before a connection opens: nothing here could reach these hosts."""
    client = bluesky_client(Settings(), f"https://{PDS}", "en")
    try:
        for url in (f"https://{OTHER}/xrpc/x", f"http://{PDS}/xrpc/x", f"https://{PDS}:444/xrpc/x"):
            with pytest.raises(ApplyError) as caught:
                client.request.post(url, json={"password": PASSWORD})
            assert caught.value.kind is ErrorKind.FOREIGN_HOST
    finally:
        client.request.close()


def test_a_host_the_settings_refuse_opens_no_session() -> None:
    with pytest.raises(ApplyError) as caught:
        bluesky_client(Settings(only_mapped_hosts=True), f"https://{PDS}", "fr")
    assert caught.value.kind is ErrorKind.NETWORK and "only_mapped_hosts" in caught.value.message


@pytest.mark.parametrize("pds", ["ftp://pds.exemple.fr", "https://", "https://pds.exemple.fr:port"])
def test_an_address_that_is_no_pds_opens_no_session(pds: str) -> None:
    with pytest.raises(ApplyError) as caught:
        bluesky_client(Settings(), pds, "en")
    assert caught.value.kind is ErrorKind.NETWORK and "is not the address of a PDS" in caught.value.message


def test_a_host_name_alone_is_its_https_address() -> None:
    client = bluesky_client(Settings(), PDS, "en")
    try:
        assert client._base_url == f"https://{PDS}/xrpc"
    finally:
        client.request.close()


def test_origins_compare_scheme_host_and_port() -> None:
    assert Origin.of(f"https://{PDS.upper()}:443/xrpc") == Origin.of(f"https://{PDS}")
    assert Origin.of(f"http://{PDS}") != Origin.of(f"https://{PDS}")
    assert str(Origin.of("http://[::1]:2583/xrpc")) == "http://[::1]:2583"
    assert Origin.of("file:///etc/passwd") is None and Origin.of("https://x:99999999") is None


# --- login opens the same session ------------------------------------------------------------------


@pytest.fixture
def identified(monkeypatch: pytest.MonkeyPatch) -> None:
    """Login's identity step, as the check proves it (handle <-> DID, the DID document's PDS): here
    given, so that these tests are about the session only."""
    account = BlueskyAccount(did=DID, handle=HANDLE, handle_verified=True, pds=f"https://{PDS}")

    async def _identify(settings: Settings, handle: str) -> Identity:
        return Identity(Verdict.PRESENT, Reason.FOUND, "", account)

    monkeypatch.setattr(bluesky, "_identify", _identify)


@pytest.mark.usefixtures("identified")
def test_a_login_sent_elsewhere_stores_nothing(two: Two, memory_keyring: MemoryKeyring) -> None:
    two.serve(PDS, f"{XRPC}.server.createSession", redirect(f"https://{OTHER}/xrpc/login", 307))
    with pytest.raises(LoginError) as caught:
        bluesky.bluesky_login(HANDLE, PASSWORD, settings=two.settings)
    assert caught.value.kind is ErrorKind.FOREIGN_HOST and caught.value.message.endswith(
        "Nothing was stored."
    )
    assert memory_keyring.values == {}
    assert two.other_requests() == []


@pytest.mark.usefixtures("identified")
def test_a_login_whose_answer_names_another_pds_stores_nothing(
    two: Two, memory_keyring: MemoryKeyring
) -> None:
    two.serve(PDS, f"{XRPC}.server.createSession", _session_answer(f"https://{OTHER}"))
    with pytest.raises(LoginError) as caught:
        bluesky.bluesky_login(HANDLE, PASSWORD, settings=two.settings, language="fr")
    assert caught.value.kind is ErrorKind.FOREIGN_HOST
    assert caught.value.message.endswith("Rien n’a été enregistré.")
    assert memory_keyring.values == {}
    assert two.other_requests() == []


@pytest.mark.usefixtures("identified")
def test_a_login_on_the_pds_stores_the_app_password(two: Two, memory_keyring: MemoryKeyring) -> None:
    result = bluesky.bluesky_login(HANDLE, PASSWORD, settings=two.settings)
    assert result.did == DID and result.stored
    assert list(memory_keyring.values.values()) == [PASSWORD]
    assert two.other_requests() == []
    # the session asked for is the account proven before, by its DID, not whatever the handle
    # names on the PDS at that moment
    (login,) = [r for r in two.sky.requests(PDS) if r.path == f"{XRPC}.server.createSession"]
    assert json.loads(login.body)["identifier"] == DID
