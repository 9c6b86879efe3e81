"""Remote URLs that no request can carry, in every place a server puts one, on a loopback server.

An unbalanced ``[`` (urlsplit raises "Invalid IPv6 URL") or a bidi control in the host (IDNA
refuses it) used to raise out of the check and lose every reference given with it. Each is now
unreadable evidence for that item only.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from testnet.web import Response, WebServer, json_response

import quitx
from quitx._http import HttpEngine
from quitx.config import Settings, load_settings
from quitx.models import Reason, Verdict
from quitx.probes.instance import instance_info, search_accounts

BAD_URLS = ["https://[evil/users/univ", "https://ex\u202eample.fr/users/univ"]


def jrd(host: str, self_link: str) -> Response:
    return json_response(
        200,
        {
            "subject": f"acct:univ@{host}",
            "links": [
                {"rel": "self", "type": "application/activity+json", "href": self_link},
                {"rel": "http://webfinger.net/rel/profile-page", "href": f"https://{host}/@univ"},
            ],
        },
    )


@pytest.fixture(scope="module")
def web() -> Iterator[WebServer]:
    with WebServer() as server:
        for i, bad in enumerate(BAD_URLS):
            host = f"self{i}.exemple.fr"  # the JRD's self link
            server.add_route(host, "/.well-known/webfinger", jrd(host, bad))
            server.add_route(
                host, "/api/v1/accounts/lookup", json_response(404, {"error": "Record not found"})
            )
            host = f"moved{i}.exemple.fr"  # a redirect to it
            server.add_route(
                host, "/.well-known/webfinger", Response(302, {"Location": bad.encode().decode("latin-1")})
            )
            host = f"lrdd{i}.exemple.fr"  # a host-meta template
            server.add_route(host, "/.well-known/webfinger", Response(404))
            server.add_route(
                host,
                "/.well-known/host-meta",
                Response(
                    200,
                    {"Content-Type": "application/xrd+xml"},
                    f'<XRD><Link rel="lrdd" template="{bad}?r={{uri}}"/></XRD>',
                ),
            )
            host = f"nodeinfo{i}.exemple.fr"  # a NodeInfo link, and search results' urls
            server.add_route(
                host,
                "/.well-known/nodeinfo",
                json_response(
                    200, {"links": [{"rel": "http://nodeinfo.diaspora.software/ns/schema/2.0", "href": bad}]}
                ),
            )
            server.add_route(
                host,
                "/api/v2/search",
                json_response(
                    200,
                    {
                        "accounts": [
                            {"id": "1", "username": "univ", "acct": "univ@elsewhere.fr", "url": bad},
                            {"id": "2", "username": "univ", "acct": "univ", "url": f"https://{host}/@univ"},
                        ]
                    },
                ),
            )
        yield server


def settings_for(web: WebServer) -> Settings:
    return load_settings(
        environ={}, host_map={"*.exemple.fr": web.base_url}, only_mapped_hosts=True, retries=0
    )


@pytest.mark.parametrize("i", range(len(BAD_URLS)))
async def test_a_bad_self_link_leaves_the_webfinger_proof(web: WebServer, i: int) -> None:
    result = await quitx.aexists(f"@univ@self{i}.exemple.fr", settings=settings_for(web))
    # WebFinger proved the account; the home is read from the next link, the profile page
    assert result.verdict is Verdict.PRESENT and result.reason is Reason.FOUND_WITHOUT_DETAILS
    assert result.account is not None and result.account.web_host == f"self{i}.exemple.fr"


@pytest.mark.parametrize("place", ["moved", "lrdd"])
@pytest.mark.parametrize("i", range(len(BAD_URLS)))
async def test_a_bad_location_or_template_is_unknown_and_the_other_references_go_on(
    web: WebServer, place: str, i: int
) -> None:
    bad, good = await quitx.aexists_many(
        [f"@univ@{place}{i}.exemple.fr", "@univ@self0.exemple.fr"], settings=settings_for(web)
    )
    assert bad.verdict is Verdict.UNKNOWN and bad.reason is Reason.BAD_RESPONSE, bad
    assert good.verdict is Verdict.PRESENT


@pytest.mark.parametrize("i", range(len(BAD_URLS)))
async def test_a_bad_nodeinfo_link_and_search_url_are_unreadable_items(web: WebServer, i: int) -> None:
    host = f"nodeinfo{i}.exemple.fr"
    async with HttpEngine(settings_for(web)) as engine:
        info = await instance_info(engine, host)
        search = await search_accounts(engine, host, "Université")
    assert info.software is None
    assert any("NodeInfo link unusable" in e.outcome for e in info.evidence)
    assert search.verdict is Verdict.PRESENT and len(search.accounts) == 2
    remote = next(a for a in search.accounts if a.acct == "univ@elsewhere.fr")
    assert remote.web_host == "elsewhere.fr"  # the unusable url named no home: the acct's domain does
