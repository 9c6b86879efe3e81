"""Smoke tests of the local network itself (no quitx code): DNS, virtual hosts, Mastodon formats."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import time
from typing import Any

import dns.exception
import dns.message
import dns.query
import dns.rcode
import dns.resolver
import httpx
import pytest
from dnslib import DNSRecord
from testnet.network import LocalNetwork
from testnet.web import WebServer
from testnet.world import BRIDGY_FED_HOST, CHECK_INSTITUTIONS

ISO_RESET = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$")


def _resolver(net: LocalNetwork, lifetime: float = 2.0) -> dns.resolver.Resolver:
    r = dns.resolver.Resolver(configure=False)
    r.nameservers = ["127.0.0.1"]
    r.port = net.dns.port
    r.lifetime = lifetime
    return r


def _txt(net: LocalNetwork, name: str) -> list[str]:
    answer = _resolver(net).resolve(name, "TXT")
    return sorted(b"".join(rr.strings).decode() for rr in answer)


def _get(base_url: str, host: str, path: str, **kwargs: Any) -> httpx.Response:
    with httpx.Client(base_url=base_url, timeout=kwargs.pop("timeout", 5.0)) as client:
        return client.get(path, headers={"Host": host}, **kwargs)


def _reset_at(value: str) -> float:
    assert ISO_RESET.match(value), value
    return dt.datetime.strptime(value, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.UTC).timestamp()


# ---- DNS -------------------------------------------------------------------------------------------------
def test_dns_txt_records(localnet: LocalNetwork) -> None:
    dids = localnet.atproto_state.accounts
    univ = _txt(localnet, "_atproto.univ-exemple.fr")
    assert f"did={dids['univ-exemple.fr'].did}" in univ
    assert len(univ) == 2  # plus a noise record
    assert _txt(localnet, "_atproto.conflict-exemple.fr") == sorted(
        [f"did={dids['alice.test'].did}", f"did={dids['bob.test'].did}"]
    )
    assert _txt(localnet, "_atproto.impostor-exemple.fr") == [f"did={dids['alice.test'].did}"]


def test_dns_failures(localnet: LocalNetwork) -> None:
    r = _resolver(localnet, lifetime=0.6)
    with pytest.raises(dns.resolver.NXDOMAIN):
        r.resolve("_atproto.absent-exemple.fr", "TXT")
    with pytest.raises(dns.resolver.NoAnswer):  # the name exists (A record), no TXT: NODATA
        r.resolve("absent-exemple.fr", "TXT")
    assert [a.address for a in r.resolve("absent-exemple.fr", "A")] == ["127.0.0.1"]
    query = dns.message.make_query("_atproto.dnsfail-exemple.fr", "TXT")
    assert dns.query.udp(query, "127.0.0.1", port=localnet.dns.port, timeout=2).rcode() == dns.rcode.SERVFAIL
    started = time.monotonic()
    with pytest.raises(dns.exception.Timeout):
        r.resolve("_atproto.dnsdrop-exemple.fr", "TXT")
    assert time.monotonic() - started >= 0.5


def test_dns_over_tcp_and_dnslib_client(localnet: LocalNetwork) -> None:
    query = dns.message.make_query("_atproto.univ-exemple.fr", "TXT")
    assert dns.query.tcp(query, "127.0.0.1", port=localnet.dns.port, timeout=2).answer
    raw = DNSRecord.question("_atproto.goodweb.exemple.fr", "TXT").send(
        "127.0.0.1", localnet.dns.port, timeout=2
    )
    reply = DNSRecord.parse(raw)
    assert [str(rr.rdata) for rr in reply.rr] == ['"did=did:web:goodweb.exemple.fr"']


# ---- web virtual hosts -------------------------------------------------------------------------------------
def test_virtual_hosts(localnet: LocalNetwork, web: WebServer) -> None:
    home = _get(web.base_url, "univ-exemple.fr", "/")
    assert home.status_code == 200
    assert 'rel="me" href="https://social.exemple.fr/@univexemple"' in home.text
    wk = _get(web.base_url, "wellknown-exemple.fr:443", "/.well-known/atproto-did")
    assert wk.text == localnet.atproto_state.accounts["wellknown-exemple.fr"].did
    assert wk.headers["content-type"].startswith("text/plain")
    assert _get(web.base_url, "absent-exemple.fr", "/.well-known/atproto-did").status_code == 404
    assert _get(web.base_url, "nowhere.exemple.fr", "/").status_code == 421
    assert [r.path for r in web.requests("univ-exemple.fr")] == ["/"]


def test_did_web_documents(web: WebServer, localnet: LocalNetwork) -> None:
    good = _get(web.base_url, "goodweb.exemple.fr", "/.well-known/did.json").json()
    assert good["id"] == "did:web:goodweb.exemple.fr"
    assert good["alsoKnownAs"] == ["at://goodweb.exemple.fr"]
    assert good["service"][0]["serviceEndpoint"] == localnet.atproto_state.pds_url
    assert "id" not in _get(web.base_url, "broken-did.exemple.fr", "/.well-known/did.json").json()
    assert _get(web.base_url, "brokenjson.exemple.fr", "/.well-known/did.json").text == "{not json"


def test_pds_answers_test_handles_through_the_host_map(localnet: LocalNetwork) -> None:
    base = localnet.settings.mapped_base("alice.test")
    assert base == localnet.atproto_state.pds_url
    r = _get(base, "alice.test", "/.well-known/atproto-did")
    assert r.status_code == 200
    assert r.text.strip() == localnet.atproto_state.accounts["alice.test"].did


def test_redirects_big_page_and_loop(web: WebServer) -> None:
    r = _get(web.base_url, "www.univ-exemple.fr", "/contact?x=1")
    assert (r.status_code, r.headers["location"]) == (301, "https://univ-exemple.fr/contact?x=1")
    assert _get(web.base_url, "loop.exemple.fr", "/").headers["location"] == "/"
    assert len(_get(web.base_url, "bigpage.exemple.fr", "/").content) == 5 * 1024 * 1024


# ---- Mastodon sites ---------------------------------------------------------------------------------------
def test_webfinger_redirect_and_host_meta(web: WebServer) -> None:
    resource = "acct:collegedefrance@sciences-exemple.fr"
    r = _get(web.base_url, "sciences-exemple.fr", "/.well-known/webfinger", params={"resource": resource})
    assert r.status_code == 301
    assert r.headers["location"].startswith(
        "https://social.sciences-exemple.fr/.well-known/webfinger?resource="
    )
    meta = _get(web.base_url, "sciences-exemple.fr", "/.well-known/host-meta")
    assert 'template="https://social.sciences-exemple.fr/.well-known/webfinger?resource={uri}"' in meta.text
    jrd = _get(
        web.base_url,
        "social.sciences-exemple.fr",
        "/.well-known/webfinger",
        params={"resource": "acct:CollegeDeFrance@sciences-exemple.fr"},
    )
    assert jrd.headers["content-type"] == "application/jrd+json; charset=utf-8"
    body = jrd.json()
    assert body["subject"] == "acct:collegedefrance@sciences-exemple.fr"
    self_link = next(link for link in body["links"] if link["rel"] == "self")
    assert self_link == {
        "rel": "self",
        "type": "application/activity+json",
        "href": "https://social.sciences-exemple.fr/users/collegedefrance",
    }
    unknown = _get(
        web.base_url,
        "social.sciences-exemple.fr",
        "/.well-known/webfinger",
        params={"resource": "acct:x@y.fr"},
    )
    assert (unknown.status_code, unknown.content) == (404, b"")
    hm = _get(
        web.base_url,
        "hostmeta-exemple.fr",
        "/.well-known/webfinger",
        params={"resource": "acct:labo@hostmeta-exemple.fr"},
    )
    assert hm.status_code == 404
    assert (
        "masto.hostmeta-exemple.fr"
        in _get(web.base_url, "hostmeta-exemple.fr", "/.well-known/host-meta").text
    )


def test_lookup_in_mastodon_format(web: WebServer) -> None:
    r = _get(
        web.base_url,
        "social.sciences-exemple.fr",
        "/api/v1/accounts/lookup",
        params={"acct": "COLLEGEDEFRANCE"},
    )
    assert r.status_code == 200
    assert r.headers["cache-control"] == "private, no-store"
    assert r.headers["x-ratelimit-limit"] == "300"
    assert _reset_at(r.headers["x-ratelimit-reset"]) > time.time()
    a = r.json()
    assert a["acct"] == "collegedefrance"
    assert a["display_name"] == "Collège de France"
    assert a["followers_count"] == 12345
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", a["last_status_at"])
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT00:00:00\.000Z", a["created_at"])
    assert a["fields"][0]["verified_at"]
    assert "https://www.college-de-france.exemple.fr/" in a["fields"][0]["value"]
    assert "moved" not in a and "suspended" not in a and "limited" not in a
    missing = _get(
        web.base_url, "social.sciences-exemple.fr", "/api/v1/accounts/lookup", params={"acct": "nobody"}
    )
    assert (missing.status_code, missing.json()) == (404, {"error": "Record not found"})
    statuses = _get(web.base_url, "social.sciences-exemple.fr", f"/api/v1/accounts/{a['id']}/statuses")
    assert statuses.status_code == 200 and statuses.json()[0]["account"]["id"] == a["id"]
    instance = _get(web.base_url, "social.sciences-exemple.fr", "/api/v2/instance").json()
    assert instance["domain"] == "sciences-exemple.fr"
    assert set(instance["registrations"]) == {
        "enabled", "approval_required", "message", "url", "min_age", "reason_required"
    }  # fmt: skip
    nodeinfo = _get(web.base_url, "social.sciences-exemple.fr", "/nodeinfo/2.0").json()
    assert nodeinfo["software"]["name"] == "mastodon"


def test_moved_suspended_dormant(web: WebServer) -> None:
    def lookup(user: str) -> dict[str, Any]:
        r = _get(web.base_url, "moved.exemple.fr", "/api/v1/accounts/lookup", params={"acct": user})
        assert r.status_code == 200
        result: dict[str, Any] = r.json()
        return result

    assert lookup("old")["moved"]["acct"] == "new"
    suspended = lookup("suspended")
    assert suspended["suspended"] is True and suspended["display_name"] == "" and suspended["fields"] == []
    last = dt.date.fromisoformat(lookup("dormant")["last_status_at"])
    assert (dt.datetime.now(dt.UTC).date() - last).days >= 700


def test_locked_instances(web: WebServer) -> None:
    r = _get(web.base_url, "locked.exemple.fr", "/api/v1/accounts/lookup", params={"acct": "comm"})
    assert (r.status_code, r.json()) == (401, {"error": "This method requires an authenticated user"})
    wf = _get(
        web.base_url,
        "locked.exemple.fr",
        "/.well-known/webfinger",
        params={"resource": "acct:comm@locked.exemple.fr"},
    )
    assert wf.status_code == 200
    wf = _get(
        web.base_url,
        "lockedall.exemple.fr",
        "/.well-known/webfinger",
        params={"resource": "acct:comm@lockedall.exemple.fr"},
    )
    assert wf.status_code == 401


def test_rate_limited_then_ok(web: WebServer) -> None:
    path, params = "/api/v1/accounts/lookup", {"acct": "presse"}
    first = _get(web.base_url, "ratelimited.exemple.fr", path, params=params)
    assert first.status_code == 429
    assert first.json() == {"error": "Too many requests"}
    assert first.headers["x-ratelimit-remaining"] == "0"
    assert 0 < _reset_at(first.headers["x-ratelimit-reset"]) - time.time() <= 1.1
    second = _get(web.base_url, "ratelimited.exemple.fr", path, params=params)
    assert second.status_code == 200
    assert int(second.headers["x-ratelimit-remaining"]) > 0
    web.reset()
    assert _get(web.base_url, "ratelimited.exemple.fr", path, params=params).status_code == 429


def test_throttled_down_slow(web: WebServer) -> None:
    r = _get(web.base_url, "throttled.exemple.fr", "/api/v1/accounts/lookup", params={"acct": "comm"})
    assert r.status_code == 429
    assert 3500 < _reset_at(r.headers["x-ratelimit-reset"]) - time.time() <= 3600
    assert _get(web.base_url, "down.exemple.fr", "/api/v2/instance").status_code == 503
    with pytest.raises(httpx.ReadTimeout):
        _get(web.base_url, "slow.exemple.fr", "/api/v2/instance", timeout=0.3)


# ---- mastodon-mock ----------------------------------------------------------------------------------------
def test_mastodon_mock_lookup(localnet: LocalNetwork) -> None:
    base = localnet.settings.mapped_base("social.exemple.fr")
    assert base == localnet.mastodon_url
    r = _get(base, "social.exemple.fr", "/api/v1/accounts/lookup", params={"acct": "univexemple"})
    assert r.status_code == 200
    a = r.json()
    assert a["display_name"] == "Université Exemple"
    assert (a["followers_count"], a["statuses_count"]) == (1200, 340)
    assert a["fields"][0]["name"] == "Site"
    assert a["fields"][0]["verified_at"]
    assert (
        _get(base, "social.exemple.fr", "/api/v1/accounts/lookup", params={"acct": "etudiants"}).status_code
        == 200
    )


def test_mastodon_mock_check_accounts_and_anonymous_search(localnet: LocalNetwork) -> None:
    base = localnet.mastodon_url

    def lookup(user: str) -> dict[str, Any]:
        r = _get(base, "social.exemple.fr", "/api/v1/accounts/lookup", params={"acct": user})
        assert r.status_code == 200, user
        result: dict[str, Any] = r.json()
        return result

    inst = lookup("institutexemple")
    assert inst["display_name"] == "Institut Exemple" and inst["note"]
    assert [(f["name"], f["verified_at"]) for f in inst["fields"]] == [("Site", None)]
    assert "https://institut-exemple.fr" in inst["fields"][0]["value"]
    assert (inst["followers_count"], inst["statuses_count"]) == (85, 24)
    statuses = _get(base, "social.exemple.fr", f"/api/v1/accounts/{inst['id']}/statuses", params={"limit": 1})
    newest = dt.datetime.fromisoformat(statuses.json()[0]["created_at"].replace("Z", "+00:00"))
    assert 2 <= (dt.datetime.now(dt.UTC) - newest).days <= 4
    musee = lookup("museeexemple")
    assert (musee["display_name"], musee["fields"]) == ("Musée Exemple", [])
    assert "non officiel" in musee["note"]
    assert lookup("univexemple")["avatar"]  # the mock's generated identicon
    for q, user in (("Musée Exemple", "museeexemple"), ("université exemple", "univexemple")):
        r = _get(
            base,
            "social.exemple.fr",
            "/api/v2/search",
            params={"q": q, "type": "accounts", "resolve": "false"},
        )
        assert r.status_code == 200, q  # anonymous
        assert user in [a["username"] for a in r.json()["accounts"]], q
    # differences from Mastodon (docs/testing.md): resolve=true is not refused, the block list is public
    lax = _get(base, "social.exemple.fr", "/api/v2/search", params={"q": "musee", "resolve": "true"})
    assert lax.status_code == 200
    assert _get(base, "social.exemple.fr", "/api/v1/instance/domain_blocks").json() == []


# ---- the institutions of quitx check ----------------------------------------------------------------------
def test_check_homepages(web: WebServer) -> None:
    def home(host: str) -> str:
        r = _get(web.base_url, host, "/")
        assert r.status_code == 200, host
        return r.text

    s2 = home("institut-exemple.fr")
    assert '<a href="https://social.exemple.fr/@institutexemple">' in s2 and "rel=" not in s2
    assert "https://x.com/institutexemple" in s2
    r = _get(web.base_url, "college-de-france.exemple.fr", "/")
    assert (r.status_code, r.headers["location"]) == (301, "https://www.college-de-france.exemple.fr/")
    assert 'rel="me"' in home("www.college-de-france.exemple.fr")
    s4 = home("musee-exemple.fr")
    assert all(
        x in s4 for x in ("x.com/museeexemple", "facebook.com/museeexemple", "instagram.com/museeexemple")
    )
    assert "social" not in s4 and "bsky" not in s4
    s5 = home("mairie-absente.fr")
    assert "https://x.com/mairieabsente" in s5 and "twitter.com/intent/tweet" in s5
    assert _get(web.base_url, "mairie-absente.fr", "/.well-known/atproto-did").status_code == 404
    assert '<a href="https://moved.exemple.fr/@dormant">' in home("labo-dormant.fr")
    assert 'rel="me" href="https://social.univ-federee.fr/@univfederee"' in home("univ-federee.fr")


def test_check_dns_a_records_without_atproto(localnet: LocalNetwork) -> None:
    r = _resolver(localnet, lifetime=1.0)
    for inst in CHECK_INSTITUTIONS:
        assert [a.address for a in r.resolve(inst.domain, "A")] == ["127.0.0.1"], inst.domain
    for host in ("musee-exemple.fr", "mairie-absente.fr", "institut-exemple.fr"):
        with pytest.raises(dns.resolver.NXDOMAIN):
            r.resolve(f"_atproto.{host}", "TXT")


def test_own_instance_univ_federee(web: WebServer) -> None:
    resource = "acct:univfederee@univ-federee.fr"
    r = _get(web.base_url, "univ-federee.fr", "/.well-known/webfinger", params={"resource": resource})
    assert r.status_code == 301
    assert r.headers["location"].startswith("https://social.univ-federee.fr/.well-known/webfinger?")
    assert "social.univ-federee.fr" in _get(web.base_url, "univ-federee.fr", "/.well-known/host-meta").text
    jrd = _get(
        web.base_url, "social.univ-federee.fr", "/.well-known/webfinger", params={"resource": resource}
    )
    assert jrd.json()["subject"] == resource
    a = _get(
        web.base_url, "social.univ-federee.fr", "/api/v1/accounts/lookup", params={"acct": "univfederee"}
    ).json()
    assert a["display_name"] == "Université Fédérée"
    assert a["fields"][0]["verified_at"] and "https://univ-federee.fr/" in a["fields"][0]["value"]
    assert not a["avatar"].endswith("missing.png")
    instance = _get(web.base_url, "social.univ-federee.fr", "/api/v2/instance").json()
    assert (instance["domain"], instance["registrations"]["enabled"]) == ("univ-federee.fr", False)
    nodeinfo = _get(web.base_url, "social.univ-federee.fr", "/nodeinfo/2.0").json()
    assert (nodeinfo["software"]["name"], nodeinfo["openRegistrations"]) == ("mastodon", False)
    statuses = _get(web.base_url, "social.univ-federee.fr", f"/api/v1/accounts/{a['id']}/statuses")
    assert len(statuses.json()) == 2


def test_site_search_anonymous(web: WebServer) -> None:
    def search(host: str, **params: str) -> httpx.Response:
        return _get(web.base_url, host, "/api/v2/search", params={"type": "accounts", **params})

    r = search("social.sciences-exemple.fr", q="COLLÈGE de", resolve="false")
    assert r.status_code == 200 and r.headers["x-ratelimit-limit"] == "300"
    body = r.json()
    assert [a["acct"] for a in body["accounts"]] == ["collegedefrance"]
    assert (body["statuses"], body["hashtags"]) == ([], [])
    assert body["accounts"][0]["fields"][0]["verified_at"]
    assert search("social.sciences-exemple.fr", q="collegedefrance@sciences-exemple.fr").json()["accounts"]
    assert search("social.sciences-exemple.fr", q="personne").json()["accounts"] == []
    names = [a["username"] for a in search("moved.exemple.fr", q="COMPTE").json()["accounts"]]
    assert names == ["old", "new", "dormant"]  # a suspended account is never found
    assert len(search("moved.exemple.fr", q="compte", limit="2").json()["accounts"]) == 2
    for params in ({"resolve": "true"}, {"offset": "0"}, {"offset": "20"}):
        denied = search("social.sciences-exemple.fr", q="college", **params)
        assert denied.status_code == 401, params
        assert "not supported without authentication" in denied.json()["error"]
    assert _get(web.base_url, "social.sciences-exemple.fr", "/api/v2/search").status_code == 400


def test_site_domain_blocks(web: WebServer) -> None:
    r = _get(web.base_url, "social.sciences-exemple.fr", "/api/v1/instance/domain_blocks")
    assert r.status_code == 200
    assert r.json() == [
        {
            "domain": "spam.exemple",
            "digest": hashlib.sha256(b"spam.exemple").hexdigest(),
            "severity": "suspend",
            "comment": "Spam",
        }
    ]
    moved = _get(web.base_url, "moved.exemple.fr", "/api/v1/instance/domain_blocks").json()
    assert {"domain": "bsky.brid.gy", "severity": "suspend"}.items() <= moved[0].items()
    hidden = _get(web.base_url, "social.univ-federee.fr", "/api/v1/instance/domain_blocks")
    assert (hidden.status_code, hidden.content) == (404, b"")
    assert _get(web.base_url, "locked.exemple.fr", "/api/v1/instance/domain_blocks").status_code == 401


def test_bridgy_fed_stand_in(web: WebServer) -> None:
    bridged = _get(web.base_url, BRIDGY_FED_HOST, "/ap/@univexemple@social.exemple.fr")
    assert bridged.status_code == 200 and "univexemple" in bridged.text
    encoded = _get(web.base_url, BRIDGY_FED_HOST, "/ap/%40univexemple%40social.exemple.fr")
    assert encoded.status_code == 200
    for path in (
        "/ap/@institutexemple@social.exemple.fr",
        "/ap/@collegedefrance@sciences-exemple.fr",
        "/bsky/univ-exemple.fr",
        "/bsky/museeexemple.test",
    ):
        assert _get(web.base_url, BRIDGY_FED_HOST, path).status_code == 404, path


def test_lookalike_on_the_appview(localnet: LocalNetwork) -> None:
    appview = localnet.atproto_state.appview_url
    with httpx.Client(base_url=appview, timeout=10) as client:
        profile = client.get("/xrpc/app.bsky.actor.getProfile", params={"actor": "museeexemple.test"})
        assert profile.status_code == 200
        assert profile.json()["displayName"] == "Musée Exemple (fans)"

        # the local AppView (no search service) matches a substring of the HANDLE only, case-sensitively:
        # a display name finds nothing here, unlike the public AppView (see docs/testing.md)
        def search(q: str) -> list[str]:
            found = client.get("/xrpc/app.bsky.actor.searchActors", params={"q": q, "limit": 10})
            assert found.status_code == 200
            return [a["handle"] for a in found.json()["actors"]]

        assert "museeexemple.test" in search("museeexemple")
        assert "museeexemple.test" in search("musee")
        assert search("Musée Exemple") == []
        feed = client.get(
            "/xrpc/app.bsky.feed.getAuthorFeed",
            params={"actor": "museeexemple.test", "limit": 1, "filter": "posts_no_replies"},
        )
        assert len(feed.json()["feed"]) == 1
        absent = client.get("/xrpc/app.bsky.actor.getProfile", params={"actor": "institut-exemple.test"})
        assert absent.status_code == 400


# ---- the quitx configuration ------------------------------------------------------------------------------
def test_settings_point_at_the_network(localnet: LocalNetwork) -> None:
    s = localnet.settings
    assert [str(n) for n in s.dns_nameservers] == [localnet.dns.address]
    assert s.mapped_base("univ-exemple.fr") == localnet.web.base_url
    assert s.mapped_base("bob.test") == localnet.atproto_state.pds_url
    assert s.appview_url == localnet.atproto_state.appview_url
    assert s.instances == ("social.exemple.fr", "sciences-exemple.fr")
    assert (s.timeout, s.max_rate_limit_wait) == (5.0, 5.0)
    assert s.bluesky_handle_suffixes == ("test",)
    assert s.bridgy_fed_url == f"https://{BRIDGY_FED_HOST}"
    for inst in CHECK_INSTITUTIONS:
        assert s.mapped_base(inst.domain) == localnet.web.base_url, inst.domain
    assert s.mapped_base("social.univ-federee.fr") == localnet.web.base_url
