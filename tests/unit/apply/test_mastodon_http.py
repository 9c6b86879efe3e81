"""The one Mastodon.py session (apply's, the sector's lists', login's): every request to the instance
only, against two servers on loopback — the instance (the host map sends it there) and "another
host", which must receive nothing, whatever the instance answers: a redirect, a ``Link`` header,
an OAuth endpoint elsewhere. Nothing here needs the local network: `testnet.web.WebServer` plays
both hosts, and logs every request it is sent."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from pydantic import SecretStr
from testnet.web import RequestInfo, Response, WebServer, json_response
from tests.keyrings import MemoryKeyring
from tests.unit.apply.support import TOKEN, redirect, sdk_failure

from quitx.apply import ApplyError, ErrorKind
from quitx.apply.mastodon_http import mastodon_client, one_host_adapter, one_host_session
from quitx.apply.mastodon_sdk import MastodonSession
from quitx.config import Settings
from quitx.errors import LoginError
from quitx.i18n import Language
from quitx.login import SCOPES, mastodon_finish, mastodon_token_login
from quitx.login.models import MastodonAuthorization
from quitx.secrets import Secret

INSTANCE = "social.exemple.fr"
OTHER = "collector.exemple.net"
VERIFY = "/api/v1/accounts/verify_credentials"
ME = {"id": "109", "username": "labo", "acct": "labo", "display_name": "Labo", "source": {"fields": []}}


@dataclass
class Two:
    """The instance's server, the other host's, and settings that map both (as a test config does)."""

    instance: WebServer
    other: WebServer
    settings: Settings

    def instance_requests(self) -> list[RequestInfo]:
        return self.instance.requests(INSTANCE)

    def other_requests(self) -> list[RequestInfo]:
        """Everything the other server was sent, under any name (its own, its address, the
        instance's: a Host header carried along)."""
        return [r for name in (OTHER, "127.0.0.1", INSTANCE) for r in self.other.requests(name)]


@pytest.fixture
def two(servers: tuple[WebServer, WebServer]) -> Two:
    instance, other = servers
    instance.clear()
    other.clear()
    instance.add_host(INSTANCE)
    for name in (OTHER, "127.0.0.1", INSTANCE):
        other.add_host(name)
        other.add_route(name, "/", json_response(200, ME), prefix=True)  # it would answer, and well
    settings = Settings(
        host_map={INSTANCE: instance.base_url, OTHER: other.base_url}, user_agent="quitx-test/1"
    )
    return Two(instance, other, settings)


def _session(two: Two, language: Language = "en") -> MastodonSession:
    return MastodonSession(two.settings, INSTANCE, Secret(TOKEN), language)


def test_every_request_goes_to_the_instance_as_before(two: Two) -> None:
    """Through the host map, with the token, quitx's User-Agent and timeout, rate limits thrown."""
    two.instance.add_route(INSTANCE, VERIFY, json_response(200, ME, {"X-RateLimit-Remaining": "299"}))
    session = _session(two)
    try:
        assert session.verify()["username"] == "labo"
        assert session.last_headers["x-ratelimit-remaining"] == "299"
        assert (session.client.request_timeout, session.client.ratelimit_method) == (10.0, "throw")
    finally:
        session.close()
    [seen] = two.instance_requests()
    assert seen.headers["authorization"] == f"Bearer {TOKEN}"
    assert seen.headers["user-agent"] == "quitx-test/1"
    assert two.other_requests() == []


@pytest.mark.usefixtures("proxied_but_loopback")
def test_a_test_server_in_no_proxy_is_reached_directly(two: Two) -> None:
    """The environment's proxies are those of where the request goes (the test server), as when
    apply's session was opened on the mapped address."""
    two.instance.add_route(INSTANCE, VERIFY, json_response(200, ME))
    session = _session(two)
    try:
        assert session.verify()["username"] == "labo"
    finally:
        session.close()


@pytest.mark.parametrize("code", [302, 307])
@pytest.mark.parametrize(
    "target",
    [
        f"https://{OTHER}/api/v1/accounts/verify_credentials",  # another host (the host map knows it)
        "OTHER_BASE/api/v1/accounts/verify_credentials",  # the other server's own address
        f"https://{INSTANCE}:8443/api/v1/accounts/verify_credentials",  # another port of the instance
        f"//{OTHER}/steal",  # scheme-relative
    ],
)
def test_a_redirect_elsewhere_is_refused_before_anything_is_sent_there(
    two: Two, target: str, code: int
) -> None:
    target = target.replace("OTHER_BASE", two.other.base_url)
    two.instance.add_route(INSTANCE, VERIFY, redirect(target, code))
    session = _session(two)
    try:
        error = sdk_failure(session.verify, session, writing=False)
    finally:
        session.close()
    assert error.kind is ErrorKind.FOREIGN_HOST, error.message
    assert "Nothing was sent to" in error.message and f"https://{INSTANCE}" in error.message
    assert "/steal" not in error.message and "verify_credentials" not in error.message  # never the path
    assert two.other_requests() == []
    assert len(two.instance_requests()) == 1  # asked once, and not again


def test_a_redirected_write_is_not_followed_and_its_outcome_is_said_unknown(two: Two) -> None:
    """A 307 keeps a POST's body: requests alone would have sent the post there (without the token)."""
    two.instance.add_route(INSTANCE, "/api/v1/statuses", redirect(f"https://{OTHER}/api/v1/statuses", 307))
    session = _session(two, "fr")
    try:
        error = sdk_failure(
            lambda: session.post("Bonjour", "fr", "key-1"), session, writing=True, language="fr"
        )
    finally:
        session.close()
    assert error.kind is ErrorKind.FOREIGN_HOST
    assert f"Rien n’a été envoyé à https://{OTHER}" in error.message
    assert "elle a pu être faite ou non" in error.message and "quitx apply announce" in error.message
    assert two.other_requests() == []
    [post] = two.instance_requests()
    assert post.method == "POST" and b"Bonjour" in post.body


def test_a_redirect_within_the_instance_is_followed_with_its_token(two: Two) -> None:
    """A relative redirect resolves against the instance's address, not the test server's."""
    two.instance.add_route(INSTANCE, VERIFY, redirect("/api/v1/accounts/me", 302))
    two.instance.add_route(INSTANCE, "/api/v1/accounts/me", json_response(200, ME))
    session = _session(two)
    try:
        assert session.verify()["id"] == "109"
    finally:
        session.close()
    assert [r.path for r in two.instance_requests()] == [VERIFY, "/api/v1/accounts/me"]
    assert {r.headers.get("authorization") for r in two.instance_requests()} == {f"Bearer {TOKEN}"}
    assert two.other_requests() == []


def test_a_link_header_to_another_host_sends_nothing_there(two: Two) -> None:
    """Mastodon.py reads only ``max_id`` from a ``Link: rel="next"`` and asks the instance again."""

    def members(req: RequestInfo) -> Response:
        if req.arg("max_id"):
            return json_response(200, [])
        link = f'<https://{OTHER}/api/v1/lists/7/accounts?max_id=5>; rel="next"'
        return json_response(200, [{"id": "5", "username": "a", "acct": "a@x.fr"}], {"Link": link})

    two.instance.add_route(INSTANCE, "/api/v1/lists/7/accounts", Response(200, {}, members))
    session = _session(two)
    try:
        assert session.list_members("7") == {"5"}
    finally:
        session.close()
    assert [r.arg("max_id") for r in two.instance_requests()] == [None, "5"]
    assert two.other_requests() == []


def test_without_a_host_map_only_https_to_the_instance_goes() -> None:
    """Refused before a connection opens: nothing here could reach these hosts."""
    import requests

    session = requests.Session()
    adapter = one_host_adapter(Settings(), INSTANCE, "en")
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    with session:
        for url in (f"https://{OTHER}/oauth/token", f"http://{INSTANCE}/oauth/token"):
            with pytest.raises(ApplyError) as caught:
                session.post(url, data={"code": "x"})
            assert caught.value.kind is ErrorKind.FOREIGN_HOST


def test_a_host_the_settings_refuse_opens_no_session() -> None:
    with pytest.raises(ApplyError) as caught:
        one_host_session(Settings(only_mapped_hosts=True), INSTANCE, "fr")
    assert caught.value.kind is ErrorKind.NETWORK and "only_mapped_hosts" in caught.value.message


def test_the_client_is_built_as_before(two: Two) -> None:
    """One builder: the instance's https address, quitx's User-Agent and timeout, no version check."""
    client, session = mastodon_client(two.settings, INSTANCE, "en", client_id="id", client_secret="s")
    with session:
        assert client.api_base_url == f"https://{INSTANCE}"
        assert (client.user_agent, client.request_timeout) == ("quitx-test/1", 10.0)
        assert client.version_check_mode == "none"
        assert session.headers["User-Agent"] == "quitx-test/1"
        assert {type(a).__name__ for a in session.adapters.values()} == {"_OneHost"}


# --- login opens the same session ------------------------------------------------------------------


def test_login_sends_the_code_and_the_apps_secret_to_the_instance_only(two: Two) -> None:
    """An instance whose OAuth metadata names a token endpoint elsewhere: nothing goes there."""
    metadata = {
        "token_endpoint": f"https://{OTHER}/oauth/token",
        "grant_types_supported": ["authorization_code"],
    }
    two.instance.add_route(INSTANCE, "/.well-known/oauth-authorization-server", json_response(200, metadata))
    authorization = MastodonAuthorization(
        host=INSTANCE, client_id="app", client_secret=SecretStr("app-secret"), url="", scopes=SCOPES
    )
    with pytest.raises(LoginError) as caught:
        mastodon_finish(authorization, "the-code", settings=two.settings, store=False, language="fr")
    assert caught.value.kind is ErrorKind.FOREIGN_HOST
    assert caught.value.message.endswith("Rien n’a été enregistré.")
    assert two.other_requests() == []
    assert [r.path for r in two.instance_requests()] == ["/.well-known/oauth-authorization-server"]


def test_a_token_login_sent_elsewhere_stores_nothing(two: Two, memory_keyring: MemoryKeyring) -> None:
    two.instance.add_route(INSTANCE, VERIFY, redirect(f"https://{OTHER}{VERIFY}", 307))
    with pytest.raises(LoginError) as caught:
        mastodon_token_login(f"@labo@{INSTANCE}", TOKEN, settings=two.settings)
    assert caught.value.kind is ErrorKind.FOREIGN_HOST and "Nothing was stored" in caught.value.message
    assert memory_keyring.values == {}
    assert two.other_requests() == []
    [verify] = two.instance_requests()
    assert verify.headers["authorization"] == f"Bearer {TOKEN}"
