"""The engine's guards against hostile input: addresses, URLs and headers from remote servers."""

from __future__ import annotations

import ipaddress

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from quitx._http import HttpEngine, is_public_address, parse_reset
from quitx._http.engine import _limits
from quitx._urls import unusable_url, url_host, urls_on
from quitx.config import load_settings
from quitx.models import Reason


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
    assert result.status is None and engine.requests_sent == 0
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
    assert engine.requests_sent == 0


@pytest.mark.parametrize("location", ["https://[evil/x", "https://ex\u202eample.fr/", "http://a.fr:99999/"])
async def test_a_redirect_to_an_unusable_url_is_a_bad_response(location: str) -> None:
    client = httpx.AsyncClient(
        # raw bytes, as a server sends them (httpx would refuse to build such a header itself)
        transport=httpx.MockTransport(
            lambda r: httpx.Response(302, headers=[(b"Location", location.encode())])
        )
    )
    async with HttpEngine(load_settings(environ={}), client) as engine:
        result = await engine.get("https://a.fr/")
    await client.aclose()
    assert result.failure is Reason.BAD_RESPONSE and "redirect to" in (result.error or "")


HEADER_VALUES = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["inf", "-inf", "nan", "1e400", "²", "٣", "9" * 40, "Sat, 99 Zzz 99999 99:99:99 GMT"]),
)


@given(
    st.dictionaries(st.sampled_from(["retry-after", "x-ratelimit-reset", "ratelimit-reset"]), HEADER_VALUES)
)
def test_no_reset_header_crashes_or_says_forever(headers: dict[str, str]) -> None:
    wait = parse_reset(headers, now=1_785_000_000.0)
    assert wait is None or 0 <= wait < float("inf")


@given(st.dictionaries(st.sampled_from(["x-ratelimit-remaining", "ratelimit-remaining"]), HEADER_VALUES))
def test_no_remaining_header_crashes(headers: dict[str, str]) -> None:
    _limits(headers, now=1_785_000_000.0)


async def test_hostile_rate_limit_headers_do_not_crash_a_request() -> None:
    headers = [
        (b"X-RateLimit-Remaining", b"inf"),
        (b"X-RateLimit-Reset", b"nan"),
        (b"Retry-After", "²".encode()),
    ]
    client = httpx.AsyncClient(transport=httpx.MockTransport(lambda r: httpx.Response(200, headers=headers)))
    async with HttpEngine(load_settings(environ={}), client) as engine:
        first = await engine.get("https://a.fr/api/1")
        second = await engine.get("https://a.fr/api/2")
    await client.aclose()
    assert first.ok and second.ok
