"""The instance's own search settles the candidates it lists: no WebFinger, no lookup for them."""

from __future__ import annotations

import httpx

import quitx
from quitx.config import load_settings
from quitx.models import Institution, MastodonAccount, Verdict

LISTED = {
    "id": "1",
    "username": "institutun",
    "acct": "institutun",
    "url": "https://m.fr/@institutun",
    "display_name": "Institut Un",
    "followers_count": 42,
    "fields": [{"name": "Site", "value": "https://institutun.fr/", "verified_at": None}],
}


def world(seen: list[str]) -> httpx.AsyncClient:
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(f"{request.url.host}{request.url.path}?{request.url.query.decode()}")
        if request.url.host == "m.fr" and request.url.path == "/api/v2/search":
            return httpx.Response(200, json={"accounts": [LISTED], "statuses": [], "hashtags": []})
        return httpx.Response(404)

    return httpx.AsyncClient(transport=httpx.MockTransport(handler))


async def test_a_candidate_the_search_lists_needs_no_webfinger_and_no_lookup() -> None:
    seen: list[str] = []
    settings = load_settings(
        environ={}, retries=0, dns_nameservers=["127.0.0.1:9"], dns_timeout=0.2, instances=["m.fr"]
    )
    institution = Institution(name="Institut Un", domain="institutun.fr")
    report = await quitx.acheck(institution, settings=settings, client=world(seen))

    (found,) = [a for a in report.accounts if a.handle == "@institutun@m.fr"]
    assert sorted(found.found_by) == ["candidate name", "search"]
    assert isinstance(found.account, MastodonAccount) and found.account.followers_count == 42
    (instance,) = report.instances
    assert instance.verdict is Verdict.PRESENT
    attempt = next(a for a in instance.attempts if a.ref == "@institutun@m.fr")
    assert attempt.verdict is Verdict.PRESENT and "listed by its own search" in (attempt.detail or "")
    # the other candidates were asked; the listed one never was
    asked = [s for s in seen if s.startswith("m.fr/.well-known/webfinger")]
    assert asked and not any("acct:institutun@" in s or "acct%3Ainstitutun%40" in s for s in asked)
    assert not any(s.startswith("m.fr/api/v1/accounts/lookup") for s in seen)
    assert sum(s.startswith("m.fr/api/v2/search") for s in seen) == 1


async def test_a_listed_account_of_another_server_is_still_looked_up_at_home() -> None:
    seen: list[str] = []
    remote = dict(LISTED, acct="institutun@ailleurs.fr", url="https://ailleurs.fr/@institutun")

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(f"{request.url.host}{request.url.path}")
        if request.url.host == "m.fr" and request.url.path == "/api/v2/search":
            return httpx.Response(200, json={"accounts": [remote], "statuses": [], "hashtags": []})
        return httpx.Response(404)

    settings = load_settings(
        environ={}, retries=0, dns_nameservers=["127.0.0.1:9"], dns_timeout=0.2, instances=["m.fr"]
    )
    client = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    report = await quitx.acheck(
        Institution(name="Institut Un", domain="institutun.fr"), settings=settings, client=client
    )
    # m.fr's copy of a remote account proves nothing: its home server is asked, and says 404
    assert "ailleurs.fr/.well-known/webfinger" in seen
    assert not any(a.handle == "@institutun@ailleurs.fr" for a in report.accounts)
    assert "m.fr/.well-known/webfinger" in seen  # the candidates on m.fr itself were asked
