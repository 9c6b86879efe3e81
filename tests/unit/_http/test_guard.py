"""The engine's guards against hostile input: private addresses, and URLs no request can carry."""

from __future__ import annotations

import ipaddress
import re

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quitx import _urls
from quitx._http import HttpEngine, is_public_address
from quitx._urls import unusable_url, url_host, urls_on
from quitx.config import load_settings
from quitx.models import Reason


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8080/admin",
        "http://localhost/",
        "http://10.1.2.3/",
        "http://192.168.0.1/",
        "http://169.254.169.254/latest/meta-data/",  # a cloud metadata service
        "http://[::1]/",
        "http://[fe80::1]/",
        "http://0.0.0.0/",
    ],
)
async def test_urls_from_the_internet_never_reach_private_addresses(url: str) -> None:
    async with HttpEngine(load_settings(environ={})) as engine:  # quitx's own client: guarded
        result = await engine.get(url)
    assert result.status is None and engine.stats().requests == 0
    assert result.failure is Reason.NETWORK_ERROR
    assert "non-public address" in (result.error or "")


async def test_named_hosts_and_the_setting_lift_the_guard() -> None:
    settings = load_settings(
        environ={}, host_map={"univ.fr": "http://127.0.0.1:9"}, plc_url="http://127.0.0.1:2582"
    )
    async with HttpEngine(settings) as engine:
        assert await engine.fetcher.guard.refusal("univ.fr") is None  # mapped by the user
        assert await engine.fetcher.guard.refusal("127.0.0.1") is None  # a configured endpoint
        assert await engine.fetcher.guard.refusal("localhost") is not None
    async with HttpEngine(load_settings(environ={}, allow_private_addresses=True)) as engine:
        assert await engine.fetcher.guard.refusal("localhost") is None


async def test_a_name_that_does_not_resolve_is_reported_as_dns() -> None:
    async with HttpEngine(load_settings(environ={})) as engine:
        result = await engine.get("https://does-not-exist.invalid/")
    assert (result.error or "").startswith("DNS:")


@pytest.mark.parametrize(
    "address",
    [
        "64:ff9b::7f00:1",  # NAT64 (well-known prefix) to 127.0.0.1
        "64:ff9b::a00:1",  # … to 10.0.0.1
        "64:ff9b::808:808",  # … even to a public IPv4: the gateway is on the local network
        "64:ff9b:1::1",  # local-use NAT64
        "2002:7f00:1::1",  # 6to4 of 127.0.0.1
        "2002:808:808::1",  # 6to4 of a public address: a relay decides where it goes
        "2001:0:4136:e378:8000:63bf:3fff:fdd2",  # Teredo
        "::ffff:127.0.0.1",  # IPv4-mapped
        "::ffff:8.8.8.8",  # IPv4-mapped, public: still not an address an AAAA record should give
        "::ffff:0:7f00:1",  # IPv4-translated
        "::127.0.0.1",  # IPv4-compatible (deprecated)
        "fec0::1",  # site-local (deprecated)
        "3fff::1",  # documentation (RFC 9637)
        "5f00::1",  # SRv6 SIDs
        "192.88.99.1",  # the 6to4 relay anycast
        "100.64.0.1",  # carrier-grade NAT
        "198.18.0.1",  # benchmarking
        "127.0.0.1",
        "10.1.2.3",
        "169.254.169.254",
        "::1",
        "fe80::1",
        "fd00::1",
        "ff02::1",
        "224.0.0.1",
        "0.0.0.0",
        "255.255.255.255",
    ],
)
def test_translation_and_special_ranges_are_not_public(address: str) -> None:
    assert not is_public_address(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["8.8.8.8", "193.51.24.1", "2606:4700:4700::1111", "2001:41d0:8:e8ad::1"])
def test_ordinary_public_addresses_are_public(address: str) -> None:
    assert is_public_address(ipaddress.ip_address(address))


@pytest.mark.parametrize(
    "url", ["http://[64:ff9b::7f00:1]/", "http://[2002:7f00:1::1]:8080/x", "https://[::ffff:127.0.0.1]/"]
)
async def test_urls_to_translated_addresses_are_refused(url: str) -> None:
    async with HttpEngine(load_settings(environ={})) as engine:  # quitx's own client: guarded
        result = await engine.get(url)
    assert result.status is None and engine.stats().requests == 0
    assert "non-public address" in (result.error or "")


HOSTILE_URLS = [
    "https://[evil/users/x",  # an unbalanced "[": urlsplit raises
    "https://evil]/x",
    "https://ex\u202eample.fr/",  # a bidi override in the host
    "https://exa mple.fr/",
    "https://example.fr:99999/",  # a port out of range
    "https://example.fr:x/",
    "https:///nohost",
    "javascript:alert(1)",
    "",
]


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_unusable_urls_are_named_not_raised(url: str) -> None:
    assert unusable_url(url) is not None
    url_host(url)  # never raises either


@pytest.mark.parametrize(
    ("url", "host", "with_port"),
    [
        ("https://Social.Exemple.FR./@univ", "social.exemple.fr", "social.exemple.fr"),
        ("https://social.exemple.fr:8443/users/univ", "social.exemple.fr", "social.exemple.fr:8443"),
        ("http://[2001:db8::1]:8080/", "2001:db8::1", "[2001:db8::1]:8080"),
        ("https://[evil/users/x", "", ""),
        ("https://ex\u202eample.fr/@univ", "", ""),
        (None, "", ""),
    ],
)
def test_url_host_is_the_one_reading_of_a_remote_url(url: str | None, host: str, with_port: str) -> None:
    assert url_host(url) == host and url_host(url, port=True) == with_port


def test_a_url_no_request_can_carry_is_on_no_domain() -> None:
    text = (
        '<a href="https://univ-exemple.fr/a">x</a> https://univ\u202e-exemple.fr/b https://[univ-exemple.fr'
    )
    assert urls_on(text, "univ-exemple.fr") == ["https://univ-exemple.fr/a"]


@pytest.mark.parametrize("url", HOSTILE_URLS)
async def test_the_engine_answers_an_unusable_url_with_an_unreadable_result(url: str) -> None:
    client = httpx.AsyncClient(transport=httpx.MockTransport(lambda r: httpx.Response(200)))
    async with HttpEngine(load_settings(environ={}), client) as engine:
        result = await engine.get(url)
    await client.aclose()
    assert result.status is None and result.failure is Reason.BAD_RESPONSE
    assert engine.stats().requests == 0


_URL_CHARACTERS = "ab" + "0123456789" * 2 + ".-_:@[]/?#% \t\\é\u202e"


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from(["http", "https", "HTTP", " https", "ftp"]),
    st.text(alphabet=_URL_CHARACTERS, max_size=20),
    st.text(alphabet=_URL_CHARACTERS, max_size=10),
)
def test_the_plain_url_shortcut_says_what_the_full_check_says(scheme: str, host: str, path: str) -> None:
    # unusable_url skips httpx's parse for a plain ASCII authority (PLAIN_AUTHORITY): the answer
    # must be the one the full check gives, on hosts made of what servers hand quitx
    url = f"{scheme}://{host}/{path}"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_urls, "PLAIN_AUTHORITY", re.compile(r"(?!)"))  # matches nothing: the full check
        full = unusable_url(url)
    assert (unusable_url(url) is None) == (full is None), url
