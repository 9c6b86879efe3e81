"""Probe edge cases on mocked HTTP and DNS (the real flows run in tests/integration)."""

from __future__ import annotations

import json
import socket
from collections.abc import Callable

import httpx
import pytest
from tests.conftest import load_json

from quitx._http.dns import DnsAnswer, DnsResolver, DnsStatus
from quitx.config import load_settings
from quitx.lookup import Prober
from quitx.models import BlueskyAccount, BlueskyRef, MastodonAccount, MastodonRef, Reason, Verdict

Routes = dict[str, Callable[[httpx.Request], httpx.Response] | httpx.Response]

DID = "did:plc:yk4dd2qkboz2yv6tpubpc6co"


class FakeDns(DnsResolver):
    def __init__(self, records: dict[str, DnsStatus | list[str]]) -> None:
        super().__init__(load_settings(environ={}))
        self.records = records

    async def query(self, name: str, rdtype: str) -> DnsAnswer:
        value = self.records.get(name, DnsStatus.NXDOMAIN)
        if isinstance(value, DnsStatus):
            return DnsAnswer(name, rdtype, value, (), "fake", 0, None if value.negative else value.value)
        return DnsAnswer(name, rdtype, DnsStatus.OK, tuple(value), "fake", 0)


def prober(routes: Routes, dns: dict[str, DnsStatus | list[str]] | None = None) -> Prober:
    def handler(request: httpx.Request) -> httpx.Response:
        key = f"{request.url.host}{request.url.raw_path.decode()}"
        for prefix, answer in routes.items():
            if key == prefix or (prefix.endswith("*") and key.startswith(prefix[:-1])):
                return answer(request) if callable(answer) else answer
        return httpx.Response(404)

    client = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    p = Prober(load_settings(environ={}, retries=0), client=client, resolver=FakeDns(dns or {}))
    return p


def jrd(acct: str, home: str) -> httpx.Response:
    user = acct.split("@")[0]
    return httpx.Response(
        200,
        json={
            "subject": f"acct:{acct}",
            "links": [
                {
                    "rel": "http://webfinger.net/rel/profile-page",
                    "type": "text/html",
                    "href": f"https://{home}/@{user}",
                },
                {"rel": "self", "type": "application/activity+json", "href": f"https://{home}/users/{user}"},
            ],
        },
    )


# --- Mastodon -------------------------------------------------------------------------------------


async def test_recorded_lookup_makes_a_present_account() -> None:
    recorded = load_json("mastodonpy-cassettes", "extracted", "lookup_200_local_username.json")
    routes: Routes = {
        "m.fr/.well-known/webfinger*": jrd("mastodonpy_test@m.fr", "m.fr"),
        "m.fr/api/v1/accounts/lookup?acct=mastodonpy_test": httpx.Response(
            200,
            headers=recorded["headers"] | {"content-length": str(len(json.dumps(recorded["body"])))},
            content=json.dumps(recorded["body"]).encode(),
        ),
    }
    async with prober(routes) as p:
        result = await p.exists(MastodonRef(username="mastodonpy_test", domain="m.fr"))
    assert result.verdict is Verdict.PRESENT and result.reason is Reason.FOUND
    assert isinstance(result.account, MastodonAccount)
    assert result.account.display_name == "John Lennon"
    assert [e.step for e in result.evidence] == ["webfinger", "lookup"]


async def test_webfinger_404_and_no_host_meta_is_absent() -> None:
    async with prober({}) as p:
        result = await p.exists(MastodonRef(username="nobody", domain="m.fr"))
    assert result.verdict is Verdict.ABSENT and result.reason is Reason.NOT_FOUND
    assert [e.step for e in result.evidence] == ["webfinger", "host-meta"]


async def test_webfinger_404_but_host_meta_fails_is_unknown() -> None:
    async with prober({"m.fr/.well-known/host-meta": httpx.Response(503)}) as p:
        result = await p.exists(MastodonRef(username="nobody", domain="m.fr"))
    assert result.verdict is Verdict.UNKNOWN and result.reason is Reason.SERVER_ERROR


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        (401, Reason.UNAUTHORIZED),
        (403, Reason.UNAUTHORIZED),
        (500, Reason.SERVER_ERROR),
        (429, Reason.RATE_LIMITED),
    ],
)
async def test_webfinger_failures_are_unknown(status: int, reason: Reason) -> None:
    async with prober(
        {"m.fr/.well-known/webfinger*": httpx.Response(status, headers={"Retry-After": "900"})}
    ) as p:
        result = await p.exists(MastodonRef(username="x", domain="m.fr"))
    assert result.verdict is Verdict.UNKNOWN
    assert result.reason is reason


async def test_webfinger_200_html_is_unknown_not_absent() -> None:
    async with prober({"m.fr/.well-known/webfinger*": httpx.Response(200, html="<html>SPA</html>")}) as p:
        result = await p.exists(MastodonRef(username="x", domain="m.fr"))
    assert result.verdict is Verdict.UNKNOWN and result.reason is Reason.BAD_RESPONSE


async def test_locked_api_falls_back_to_the_actor() -> None:
    routes: Routes = {
        "m.fr/.well-known/webfinger*": jrd("comm@m.fr", "social.m.fr"),
        # the actor lives on another host than the one that answered: that host confirms the name
        "social.m.fr/.well-known/webfinger*": jrd("comm@m.fr", "social.m.fr"),
        "social.m.fr/api/*": httpx.Response(
            401, json={"error": "This method requires an authenticated user"}
        ),
        "social.m.fr/users/comm": httpx.Response(
            200,
            json={
                "id": "https://social.m.fr/users/comm",
                "type": "Organization",
                "preferredUsername": "comm",
                "name": "Service communication",
                "published": "2023-01-02T00:00:00Z",
                "url": "https://social.m.fr/@comm",
            },
        ),
    }
    async with prober(routes) as p:
        result = await p.exists(MastodonRef(username="comm", domain="m.fr"))
    assert result.verdict is Verdict.PRESENT and result.reason is Reason.FOUND_WITHOUT_DETAILS
    assert isinstance(result.account, MastodonAccount)
    assert result.account.web_host == "social.m.fr"
    assert result.account.display_name == "Service communication"
    assert result.account.followers_count is None  # unknown, not zero
    assert [e.step for e in result.evidence] == ["webfinger", "webfinger", "identity", "lookup", "actor"]
    assert [e.status for e in result.evidence] == [200, 200, None, 401, 200]


@pytest.mark.parametrize(
    ("acct", "username"),
    [("comm@ailleurs.fr", "comm"), ("autre", "autre"), ("comm", "autre")],
    ids=["another domain", "another account", "username and acct disagree"],
)
async def test_a_lookup_about_another_account_is_not_read(acct: str, username: str) -> None:
    routes: Routes = {
        "m.fr/.well-known/webfinger*": jrd("comm@m.fr", "m.fr"),
        "m.fr/api/v1/accounts/lookup*": httpx.Response(
            200, json={"id": "9", "username": username, "acct": acct, "followers_count": 99999}
        ),
    }
    async with prober(routes) as p:
        result = await p.exists(MastodonRef(username="comm", domain="m.fr"))
    assert result.verdict is Verdict.PRESENT and result.reason is Reason.FOUND_WITHOUT_DETAILS
    assert isinstance(result.account, MastodonAccount)
    assert result.account.acct == "comm@m.fr" and result.account.followers_count is None
    assert f"it describes {acct!r}, not 'comm': not read" in result.evidence[1].outcome


async def test_a_subject_its_own_domain_does_not_confirm_is_unknown() -> None:
    routes: Routes = {
        "evil.fr/.well-known/webfinger*": jrd("univ@univ.fr", "evil.fr"),
        "univ.fr/.well-known/webfinger*": jrd("univ@univ.fr", "social.univ.fr"),  # another actor
    }
    async with prober(routes) as p:
        result = await p.exists(MastodonRef(username="univ", domain="evil.fr"))
    assert result.verdict is Verdict.UNKNOWN and result.reason is Reason.IDENTITY_NOT_PROVEN
    assert result.account is None
    assert "univ.fr names another actor" in result.detail


# --- Bluesky --------------------------------------------------------------------------------------

DOC = {
    "id": DID,
    "alsoKnownAs": ["at://dholms.xyz"],
    "service": [
        {"id": "#atproto_pds", "type": "AtprotoPersonalDataServer", "serviceEndpoint": "https://pds.fr"}
    ],
}
PROFILE = {"did": DID, "handle": "dholms.xyz", "displayName": "Daniel", "followersCount": 7, "postsCount": 3}


async def test_handle_by_dns_both_directions_present() -> None:
    routes: Routes = {
        f"plc.directory/{DID}": httpx.Response(200, json=DOC),
        "public.api.bsky.app/xrpc/app.bsky.actor.getProfile*": httpx.Response(200, json=PROFILE),
    }
    dns = {"_atproto.dholms.xyz": ["v=spf1 -all", f"did={DID}"]}
    async with prober(routes, dns) as p:
        result = await p.exists(BlueskyRef(handle="dholms.xyz"))
    assert result.verdict is Verdict.PRESENT
    assert isinstance(result.account, BlueskyAccount)
    assert result.account.handle_verified and result.account.handle == "dholms.xyz"
    assert result.account.pds == "https://pds.fr"
    assert result.account.followers_count == 7


async def test_conflicting_txt_records_are_unknown() -> None:
    dns = {"_atproto.x.fr": ["did=did:plc:aaaaaaaaaaaaaaaaaaaaaaaa", "did=did:plc:bbbbbbbbbbbbbbbbbbbbbbbb"]}
    async with prober({}, dns) as p:
        result = await p.exists(BlueskyRef(handle="x.fr"))
    assert result.verdict is Verdict.UNKNOWN and result.reason is Reason.CONFLICTING_DIDS


async def test_dns_servfail_with_well_known_404_is_unknown() -> None:
    async with prober({}, {"_atproto.x.fr": DnsStatus.SERVFAIL}) as p:
        result = await p.exists(BlueskyRef(handle="x.fr"))
    assert result.verdict is Verdict.UNKNOWN
    assert result.reason is Reason.NETWORK_ERROR


async def test_well_known_html_page_is_a_negative() -> None:
    async with prober({"x.fr/.well-known/atproto-did": httpx.Response(200, html="<html>home</html>")}) as p:
        result = await p.exists(BlueskyRef(handle="x.fr"))
    assert result.verdict is Verdict.ABSENT


async def test_tombstoned_did_is_absent() -> None:
    async with prober({f"plc.directory/{DID}": httpx.Response(410, text="DID not available")}) as p:
        result = await p.exists(BlueskyRef(did=DID))
    assert result.verdict is Verdict.ABSENT and result.reason is Reason.DID_TOMBSTONED


async def test_unsupported_did_method_is_unknown_unsupported() -> None:
    async with prober({}) as p:
        result = await p.exists(BlueskyRef(did="did:key:zQ3shXjHeiBuRCKmM36cuYnm7YEMzhGnCmCyW92sRJ9pribSF"))
    assert result.verdict is Verdict.UNKNOWN and result.reason is Reason.UNSUPPORTED
    assert "did:plc and did:web" in result.detail


async def test_deactivated_account_exists() -> None:
    routes: Routes = {
        f"plc.directory/{DID}": httpx.Response(200, json=DOC),
        "dholms.xyz/.well-known/atproto-did": httpx.Response(200, text=DID),
        "public.api.bsky.app/xrpc/app.bsky.actor.getProfile*": httpx.Response(
            400, json={"error": "AccountDeactivated", "message": "Account is deactivated"}
        ),
    }
    async with prober(routes) as p:
        result = await p.exists(BlueskyRef(did=DID))
    assert result.verdict is Verdict.PRESENT
    assert isinstance(result.account, BlueskyAccount) and result.account.status == "deactivated"
    assert result.account.handle_verified  # the handle was checked back through HTTPS


async def test_appview_down_after_resolution_is_unknown_with_identity() -> None:
    routes: Routes = {
        f"plc.directory/{DID}": httpx.Response(200, json=DOC),
        "public.api.bsky.app/*": httpx.Response(502),
    }
    async with prober(routes, {"_atproto.dholms.xyz": [f"did={DID}"]}) as p:
        result = await p.exists(BlueskyRef(handle="dholms.xyz"))
    assert result.verdict is Verdict.UNKNOWN and result.reason is Reason.SERVER_ERROR
    assert isinstance(result.account, BlueskyAccount) and result.account.did == DID


async def test_did_whose_handle_does_not_resolve_back_is_present_without_handle() -> None:
    routes: Routes = {
        f"plc.directory/{DID}": httpx.Response(200, json=DOC),
        "public.api.bsky.app/xrpc/app.bsky.actor.getProfile*": httpx.Response(
            200, json=PROFILE | {"handle": "handle.invalid"}
        ),
    }
    async with prober(routes) as p:
        result = await p.exists(BlueskyRef(did=DID))
    assert result.verdict is Verdict.PRESENT
    assert isinstance(result.account, BlueskyAccount)
    assert result.account.handle is None and result.account.claimed_handle == "dholms.xyz"
    assert not result.account.handle_verified


async def test_mastodon_domain_that_does_not_exist_is_absent() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        try:
            raise socket.gaierror(-2, "Name or service not known")
        except socket.gaierror as exc:  # as httpx raises it: the DNS failure is the cause
            raise httpx.ConnectError("[Errno -2] Name or service not known", request=request) from exc

    async with prober({"typo-exemple.fr/*": refuse}, {"typo-exemple.fr": DnsStatus.NXDOMAIN}) as p:
        result = await p.exists(MastodonRef(username="x", domain="typo-exemple.fr"))
    assert result.verdict is Verdict.ABSENT and result.reason is Reason.NOT_FOUND
    assert [e.step for e in result.evidence] == ["webfinger", "dns-a"]


async def test_mastodon_unreachable_domain_that_exists_is_unknown() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused")

    async with prober({"m.fr/*": refuse}, {"m.fr": ["127.0.0.1"]}) as p:
        result = await p.exists(MastodonRef(username="x", domain="m.fr"))
    assert result.verdict is Verdict.UNKNOWN and result.reason is Reason.NETWORK_ERROR


async def test_bluesky_handle_on_a_domain_that_does_not_exist_is_absent() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        try:
            raise socket.gaierror(-2, "Name or service not known")
        except socket.gaierror as exc:  # as httpx raises it: the DNS failure is the cause
            raise httpx.ConnectError("[Errno -2] Name or service not known", request=request) from exc

    async with prober({"nowhere-exemple.fr/*": refuse}) as p:  # FakeDns: every unknown name is NXDOMAIN
        result = await p.exists(BlueskyRef(handle="nowhere-exemple.fr"))
    assert result.verdict is Verdict.ABSENT
    assert [e.step for e in result.evidence] == ["dns-txt", "well-known", "dns-a"]


async def test_get_profiles_batches_25_per_call() -> None:
    from quitx.probes.bluesky import get_profiles

    calls: list[list[str]] = []

    def profiles(request: httpx.Request) -> httpx.Response:
        actors = request.url.params.get_list("actors")
        calls.append(actors)
        if len(calls) == 2:
            return httpx.Response(503)
        # the AppView silently drops actors it does not know: drop the last of each batch
        return httpx.Response(
            200, json={"profiles": [{"did": a, "handle": f"h{i}.test"} for i, a in enumerate(actors[:-1])]}
        )

    dids = [f"did:plc:{i:024d}" for i in range(30)]
    async with prober({"public.api.bsky.app/xrpc/app.bsky.actor.getProfiles*": profiles}) as p:
        batch = await get_profiles(p.engine, [*dids, dids[0]])  # a duplicate is asked once
    assert sorted(len(c) for c in calls) == [5, 25]
    first = calls[0] if len(calls[0]) == 25 else calls[1]
    assert len(batch.profiles) == 24 and dids[first.index(first[-1])] not in batch.profiles
    assert len(batch.failed) == (5 if len(calls[1]) == 5 else 25)


async def test_document_naming_a_handle_that_does_not_point_back_is_unknown() -> None:
    # a (broken or hostile) document that claims someone else's handle must not make ours "absent"
    routes: Routes = {
        "x.fr/.well-known/atproto-did": httpx.Response(200, text=DID),
        f"plc.directory/{DID}": httpx.Response(200, json=DOC),  # claims dholms.xyz
    }
    async with prober(routes) as p:  # dholms.xyz resolves to nothing here
        result = await p.exists(BlueskyRef(handle="x.fr"))
    assert result.verdict is Verdict.UNKNOWN and result.reason is Reason.INVALID_DID_DOCUMENT


async def test_document_naming_another_valid_handle_is_absent() -> None:
    routes: Routes = {
        "x.fr/.well-known/atproto-did": httpx.Response(200, text=DID),
        "dholms.xyz/.well-known/atproto-did": httpx.Response(200, text=DID),
        f"plc.directory/{DID}": httpx.Response(200, json=DOC),
    }
    async with prober(routes) as p:
        result = await p.exists(BlueskyRef(handle="x.fr"))
    assert result.verdict is Verdict.ABSENT and result.reason is Reason.HANDLE_NOT_CLAIMED
    assert "whose handle is dholms.xyz" in result.detail
