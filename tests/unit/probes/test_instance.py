"""Instance facts and account search on recorded real payloads served through a mock transport."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from tests.conftest import load_json

from quitx._http import HttpEngine
from quitx.config import load_settings
from quitx.models import Reason, Verdict
from quitx.probes.instance import instance_info, search_accounts

HOST = "example.social"
Routes = dict[str, httpx.Response | Callable[[httpx.Request], httpx.Response]]


def recorded(name: str) -> Any:
    return load_json("mastodonpy-cassettes", "extracted", name)["body"]


def engine(routes: Routes, seen: list[httpx.Request] | None = None) -> HttpEngine:
    """Answer by path (the recorded NodeInfo link points at localhost:3000); 404 for anything else."""

    def handler(request: httpx.Request) -> httpx.Response:
        if seen is not None:
            seen.append(request)
        answer = routes.get(request.url.path)
        if answer is None:
            return httpx.Response(404, json={"error": "Record not found"})
        return answer(request) if callable(answer) else answer

    client = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    return HttpEngine(load_settings(environ={}, retries=0), client)


def recorded_routes() -> Routes:
    return {
        "/api/v2/instance": httpx.Response(200, json=recorded("instance_v2_200.json")),
        "/.well-known/nodeinfo": httpx.Response(200, json=recorded("well_known_nodeinfo_200.json")),
        "/nodeinfo/2.0": httpx.Response(200, json=recorded("nodeinfo_2_0_200.json")),
    }


async def test_recorded_instance_every_field() -> None:
    info = await instance_info(engine(recorded_routes()), HOST)
    assert info.host == HOST
    assert info.reachable is Verdict.PRESENT
    assert info.title == "Mastodon"
    assert info.software == "mastodon"
    assert info.version == "4.6.4"
    assert info.registrations == "open"
    assert info.registration_url == f"https://{HOST}/auth/sign_up"  # registrations.url is null
    assert info.registration_message is None
    assert info.min_age is None
    assert info.languages == ("en",)
    assert info.rules_count == 0
    assert info.contact_email is None  # "" in the payload
    assert info.contact_account is None
    assert info.users == 4
    assert info.brid_gy_blocked is None  # domain_blocks answered 404: not public
    steps = [(e.step, e.status) for e in info.evidence]
    assert steps == [
        ("instance", 200),
        ("nodeinfo-index", 200),
        ("nodeinfo", 200),
        ("domain-blocks", 404),
    ]
    assert info.evidence[0].request == f"GET https://{HOST}/api/v2/instance"
    assert info.evidence[2].request == "GET http://localhost:3000/nodeinfo/2.0"


async def test_documented_instance_contact_rules_min_age() -> None:
    body = load_json("mastodon-docs", "instance_v2_example.json")
    info = await instance_info(
        engine({"/api/v2/instance": httpx.Response(200, json=body)}), "mastodon.social"
    )
    assert info.reachable is Verdict.PRESENT
    assert info.registrations == "open"
    assert info.min_age == 16
    assert info.contact_email == "staff@mastodon.social"
    assert info.contact_account == "Mastodon@mastodon.social"  # local acct, qualified
    assert info.rules_count == len(body["rules"]) > 0
    assert info.version == "4.5.0-nightly.2025-07-11"  # no NodeInfo: the instance's own version
    assert info.software is None and info.users is None


@pytest.mark.parametrize(
    ("enabled", "approval", "url", "mode", "expected_url"),
    [
        (False, False, None, "closed", None),
        (True, True, None, "approval", f"https://{HOST}/auth/sign_up"),
        (True, False, "https://sso.example/join", "open", "https://sso.example/join"),
    ],
)
async def test_registration_modes(
    enabled: bool, approval: bool, url: str | None, mode: str, expected_url: str | None
) -> None:
    body = recorded("instance_v2_200.json")
    body["registrations"].update(
        {"enabled": enabled, "approval_required": approval, "url": url, "message": "<p>Ask us</p>"}
    )
    info = await instance_info(engine({"/api/v2/instance": httpx.Response(200, json=body)}), HOST)
    assert info.registrations == mode
    assert info.registration_url == expected_url
    assert info.registration_message == "<p>Ask us</p>"


async def test_v1_fallback_for_older_servers() -> None:
    v1 = {
        "uri": "old.example",
        "title": "Old server",
        "version": "3.5.3",
        "email": "admin@old.example",
        "languages": ["fr", "en"],
        "registrations": True,
        "approval_required": True,
        "contact_account": {"id": "1", "username": "admin", "acct": "admin"},
        "rules": [{"id": "1", "text": "Be kind"}],
        "stats": {"user_count": 120, "status_count": 5, "domain_count": 3},
    }
    seen: list[httpx.Request] = []
    info = await instance_info(engine({"/api/v1/instance": httpx.Response(200, json=v1)}, seen), HOST)
    assert info.reachable is Verdict.PRESENT
    assert info.title == "Old server"
    assert info.version == "3.5.3"
    assert info.registrations == "approval"
    assert info.languages == ("fr", "en")
    assert info.rules_count == 1
    assert info.contact_email == "admin@old.example"
    assert info.contact_account == "admin@old.example"
    assert info.users == 120  # no NodeInfo: the v1 stats
    assert [e.status for e in info.evidence if e.step == "instance"] == [404, 200]
    assert "/api/v1/instance" in {r.url.path for r in seen}


async def test_no_v1_fallback_when_v2_fails_otherwise() -> None:
    seen: list[httpx.Request] = []
    routes: Routes = {"/api/v2/instance": httpx.Response(500)}
    info = await instance_info(engine(routes, seen), HOST)
    assert info.reachable is Verdict.UNKNOWN
    assert "/api/v1/instance" not in {r.url.path for r in seen}


def _all(response: httpx.Response) -> HttpEngine:
    """Every request gets the same answer (a locked instance: 401 everywhere, WebFinger aside)."""
    client = httpx.AsyncClient(transport=httpx.MockTransport(lambda request: response))
    return HttpEngine(load_settings(environ={}, retries=0), client)


async def test_locked_instance_is_unknown_never_absent() -> None:
    locked = httpx.Response(401, json={"error": "This method requires an authenticated user"})
    info = await instance_info(_all(locked), HOST)
    assert info.reachable is Verdict.UNKNOWN
    assert info.brid_gy_blocked is None
    assert info.registrations is None and info.software is None
    assert {e.status for e in info.evidence} == {401}
    assert any("requires login" in e.outcome for e in info.evidence)


def _with_blocks(blocks: list[dict[str, Any]]) -> Routes:
    routes = recorded_routes()
    routes["/api/v1/instance/domain_blocks"] = httpx.Response(200, json=blocks)
    return routes


async def test_plain_brid_gy_block() -> None:
    blocks = [
        {
            "domain": "spam.example",
            "digest": hashlib.sha256(b"spam.example").hexdigest(),
            "severity": "suspend",
        },
        {"domain": "brid.gy", "digest": hashlib.sha256(b"brid.gy").hexdigest(), "severity": "suspend"},
    ]
    info = await instance_info(engine(_with_blocks(blocks)), HOST)
    assert info.brid_gy_blocked is True
    fact = next(e for e in info.evidence if e.step == "domain-blocks")
    assert "brid.gy" in fact.outcome


async def test_obfuscated_block_matched_by_digest() -> None:
    # Mastodon shows an obfuscated domain with stars and keeps the sha256 of the real one
    blocks = [
        {
            "domain": "bsky.b*i*.gy",
            "digest": hashlib.sha256(b"bsky.brid.gy").hexdigest(),
            "severity": "suspend",
        }
    ]
    info = await instance_info(engine(_with_blocks(blocks)), HOST)
    assert info.brid_gy_blocked is True


async def test_unrelated_and_silenced_blocks_do_not_cut_the_bridge() -> None:
    blocks = [
        {
            "domain": "b*d.example",
            "digest": hashlib.sha256(b"bad.example").hexdigest(),
            "severity": "suspend",
        },
        {"domain": "ap.brid.gy", "digest": hashlib.sha256(b"ap.brid.gy").hexdigest(), "severity": "silence"},
    ]
    info = await instance_info(engine(_with_blocks(blocks)), HOST)
    assert info.brid_gy_blocked is False
    fact = next(e for e in info.evidence if e.step == "domain-blocks")
    assert "silence" in fact.outcome


async def test_empty_block_list_is_a_known_no() -> None:
    info = await instance_info(engine(_with_blocks([])), HOST)
    assert info.brid_gy_blocked is False


# --- search ------------------------------------------------------------------------------------


def _search_routes(body: Any, status: int = 200) -> Routes:
    return {"/api/v2/search": httpx.Response(status, json=body)}


async def test_search_recorded_accounts_present_and_qualified() -> None:
    accounts = recorded(
        "accounts_search_200.json"
    )  # recorded from /api/v1/accounts/search: same Account shape
    remote = dict(accounts[1], acct="admin2@elsewhere.example", url="https://web.elsewhere.example/@admin2")
    seen: list[httpx.Request] = []
    body = {"accounts": [accounts[0], remote], "statuses": [], "hashtags": []}
    result = await search_accounts(
        engine(_search_routes(body), seen), HOST, "admin", limit=5, local_domain="example.org"
    )
    assert result.verdict is Verdict.PRESENT and result.reason is Reason.FOUND
    assert [a.acct for a in result.accounts] == ["admin@example.org", "admin2@elsewhere.example"]
    local, other = result.accounts
    assert local.web_host == HOST and local.domain == "example.org"
    assert local.actor_url == "http://localhost:3000/ap/users/117020457624302809"
    assert other.web_host == "web.elsewhere.example"
    assert result.evidence[0].step == "search" and result.evidence[0].status == 200
    url = seen[0].url
    assert url.path == "/api/v2/search"
    assert dict(url.params) == {"q": "admin", "type": "accounts", "resolve": "false", "limit": "5"}
    assert "offset" not in str(url) and "resolve=true" not in str(url)


async def test_search_local_accounts_default_to_the_host() -> None:
    accounts = recorded("accounts_search_200.json")
    result = await search_accounts(engine(_search_routes({"accounts": accounts})), HOST, "admin")
    assert [a.acct for a in result.accounts] == [f"admin@{HOST}", f"admin2@{HOST}"]


async def test_search_limit_is_capped() -> None:
    seen: list[httpx.Request] = []
    await search_accounts(engine(_search_routes({"accounts": []}), seen), HOST, "x", limit=500)
    assert seen[0].url.params["limit"] == "40"


async def test_search_empty_is_absent() -> None:
    result = await search_accounts(
        engine(_search_routes({"accounts": [], "statuses": [], "hashtags": []})), HOST, "nobody"
    )
    assert result.verdict is Verdict.ABSENT and result.reason is Reason.NOT_FOUND
    assert result.accounts == ()


@pytest.mark.parametrize(
    ("status", "reason"),
    [(401, Reason.UNAUTHORIZED), (429, Reason.RATE_LIMITED), (503, Reason.SERVER_ERROR)],
)
async def test_search_failures_are_unknown(status: int, reason: Reason) -> None:
    result = await search_accounts(engine(_search_routes({"error": "nope"}, status)), HOST, "admin")
    assert result.verdict is Verdict.UNKNOWN
    assert result.reason is reason
    assert result.evidence[0].status == status


async def test_search_not_a_search_result_is_unknown() -> None:
    result = await search_accounts(engine(_search_routes(["not", "a", "result"])), HOST, "admin")
    assert result.verdict is Verdict.UNKNOWN and result.reason is Reason.BAD_RESPONSE


async def test_search_timeout_is_unknown() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    client = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    eng = HttpEngine(load_settings(environ={}, retries=0), client)
    result = await search_accounts(eng, HOST, "admin")
    assert result.verdict is Verdict.UNKNOWN and result.reason is Reason.TIMEOUT
