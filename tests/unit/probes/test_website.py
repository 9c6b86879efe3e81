"""The homepage probe: link extraction on small HTML snippets, and verdicts on mocked HTTP and DNS."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quitx._http import HttpEngine
from quitx._http.dns import DnsAnswer, DnsResolver, DnsStatus
from quitx.config import load_settings
from quitx.models import LinkPlatform, Reason, SocialLink, Verdict, WebsiteReport
from quitx.probes.website import MAX_LINKS, MAX_PAGE_BYTES, extract_links, homepage_url, probe_website

SITE = "https://univ-exemple.fr/"


DID = "did:plc:yk4dd2qkboz2yv6tpubpc6co"


def links(html: str, base: str = SITE) -> list[SocialLink]:
    return extract_links(html, base)


def test_a_link_with_spaces_or_control_characters_is_skipped() -> None:
    assert links('<a href="https://x.com/univ exemple">x</a>') == []
    assert links('<a href="https://x.com/univ\x01exemple">x</a>') == []


def test_tabs_and_newlines_inside_a_url_are_removed_as_browsers_do() -> None:
    [link] = links('<a href="https://x.com/univ\n\texemple">x</a>')
    assert link.url == "https://x.com/univexemple"


def test_entities_in_href_are_decoded() -> None:
    [link] = links('<a href="https://www.facebook.com/profile.php?id=100064&amp;ref=page">x</a>')
    assert link.url == "https://www.facebook.com/profile.php?id=100064&ref=page"


@pytest.mark.parametrize(
    ("rel", "rel_me"),
    [
        ("me", True),
        ("ME", True),
        ("nofollow me noopener", True),
        ("nofollow noopener me", True),
        ("\tme\n", True),
        ("noopener  Me  ", True),
        ("", False),
        ("nofollow", False),
        ("met", False),
        ("me-too", False),
        ("author", False),
        ("nofollow\u00a0me", False),  # only ASCII whitespace separates tokens
    ],
)
def test_rel_is_a_case_insensitive_token_list(rel: str, rel_me: bool) -> None:
    found = links(f'<a href="https://social.exemple.fr/@univexemple" rel="{rel}">x</a>')
    assert len(found) == 1 and found[0].rel_me is rel_me


def test_link_element_with_rel_me() -> None:
    found = links('<head><link rel="me" href="https://social.exemple.fr/@univexemple"></head>')
    assert found == [
        SocialLink(
            platform=LinkPlatform.MASTODON,
            url="https://social.exemple.fr/@univexemple",
            rel_me=True,
            handle="@univexemple@social.exemple.fr",
            source="link",
        )
    ]


def test_area_element_counts_as_a_link() -> None:
    found = links('<map><area href="https://x.com/univexemple" alt="X"></map>')
    assert [(link.platform, link.source) for link in found] == [(LinkPlatform.X, "a")]


def test_duplicated_attribute_first_wins() -> None:
    found = links('<a href="https://x.com/first" href="https://x.com/second">x</a>')
    assert [link.handle for link in found] == ["@first"]


def test_anchor_without_href_is_ignored() -> None:
    assert links('<a name="x.com/u" rel="me">x</a><a href>y</a>') == []


def test_relative_url_resolves_against_the_page() -> None:
    found = links('<a href="@univexemple">x</a>', base="https://social.exemple.fr/about")
    # the page's own host is "the site itself": a relative link is never another account
    assert found == []
    found = links('<a href="//x.com/univexemple">x</a>', base="http://univ-exemple.fr/")
    assert [link.url for link in found] == ["http://x.com/univexemple"]


def test_base_href_changes_where_relative_links_point() -> None:
    html = '<head><base href="https://social.exemple.fr/"></head><a rel="me" href="@univexemple">M</a>'
    found = links(html)
    assert [(link.url, link.handle, link.rel_me) for link in found] == [
        ("https://social.exemple.fr/@univexemple", "@univexemple@social.exemple.fr", True)
    ]


def test_base_href_applies_to_links_before_it_and_only_the_first_counts() -> None:
    html = (
        '<a href="@before">x</a><base href="https://social.exemple.fr/">'
        '<base href="https://other.exemple.fr/"><a href="users/after">y</a>'
    )
    found = links(html)
    assert [link.handle for link in found] == [
        "@before@social.exemple.fr",
        "@after@social.exemple.fr",
    ]


def test_relative_base_href_resolves_against_the_page() -> None:
    html = '<base href="/sub/"><a href="//social.exemple.fr/@u">x</a><a href="@self">y</a>'
    found = links(html)
    assert [link.url for link in found] == ["https://social.exemple.fr/@u"]


def test_javascript_base_href_is_ignored() -> None:
    html = '<base href="javascript:alert(1)"><a href="https://x.com/univexemple">x</a>'
    assert [link.url for link in links(html)] == ["https://x.com/univexemple"]


def test_fediverse_creator_meta() -> None:
    found = links(
        '<head><meta name="fediverse:creator" content="@collegedefrance@sciences-exemple.fr"></head>'
    )
    assert found == [
        SocialLink(
            platform=LinkPlatform.MASTODON,
            url="https://sciences-exemple.fr/@collegedefrance",
            rel_me=False,
            handle="@collegedefrance@sciences-exemple.fr",
            source="meta",
        )
    ]


@pytest.mark.parametrize(
    ("meta", "handle"),
    [
        ('<meta name="Fediverse:Creator" content="@u@social.exemple.fr">', "@u@social.exemple.fr"),
        ('<meta content="u@social.exemple.fr" name="fediverse:creator">', "@u@social.exemple.fr"),
        ('<meta name="fediverse:creator" content=" @U@Social.Exemple.fr ">', "@u@social.exemple.fr"),
        ('<meta name="fediverse:creator" content="univ-exemple.fr">', None),  # a Bluesky handle
        ('<meta name="fediverse:creator" content="not a handle">', None),
        ('<meta name="fediverse:creator" content="">', None),
        ('<meta name="fediverse:creator">', None),
        ('<meta property="fediverse:creator" content="@u@social.exemple.fr">', None),  # Mastodon reads name=
        ('<meta name="author" content="@u@social.exemple.fr">', None),
    ],
)
def test_fediverse_creator_variants(meta: str, handle: str | None) -> None:
    found = links(meta)
    assert [link.handle for link in found] == ([handle] if handle else [])


def test_meta_of_the_site_itself_is_kept() -> None:
    # the author may well live on the institution's own server: a meta names no URL of the page
    found = links('<meta name="fediverse:creator" content="@u@univ-exemple.fr">')
    assert [link.handle for link in found] == ["@u@univ-exemple.fr"]


def test_document_order_is_kept() -> None:
    html = (
        '<a href="https://www.facebook.com/univexemple">F</a>'
        '<a href="https://x.com/univexemple">X</a>'
        '<a rel="me" href="https://social.exemple.fr/@univexemple">M</a>'
        '<a href="https://bsky.app/profile/univ-exemple.fr">B</a>'
    )
    assert [link.platform for link in links(html)] == [
        LinkPlatform.FACEBOOK,
        LinkPlatform.X,
        LinkPlatform.MASTODON,
        LinkPlatform.BLUESKY,
    ]


def test_same_url_twice_is_one_link() -> None:
    html = (
        '<a href="https://x.com/univexemple">X</a><footer><a href="https://x.com/univexemple">X</a></footer>'
    )
    assert len(links(html)) == 1


def test_same_account_under_two_urls_is_one_link_the_first() -> None:
    html = (
        '<a href="https://twitter.com/UnivExemple">X</a><a href="https://x.com/univexemple/">X</a>'
        '<a href="https://bsky.app/profile/univ-exemple.fr/post/3abc">post</a>'
        '<a href="https://bsky.app/profile/univ-exemple.fr">B</a>'
        '<a href="https://social.exemple.fr/users/univexemple">actor</a>'
        '<a href="https://social.exemple.fr/@univexemple">profile</a>'
    )
    found = links(html)
    assert [link.url for link in found] == [
        "https://twitter.com/UnivExemple",
        "https://bsky.app/profile/univ-exemple.fr/post/3abc",
        "https://social.exemple.fr/users/univexemple",
    ]


def test_rel_me_wins_a_merge_and_brings_its_url_keeping_the_position() -> None:
    html = (
        '<a href="https://social.exemple.fr/users/univexemple">actor</a>'
        '<a href="https://x.com/univexemple">X</a>'
        '<a rel="me" href="https://social.exemple.fr/@univexemple">profile</a>'
    )
    found = links(html)
    assert [(link.platform, link.url, link.rel_me) for link in found] == [
        (LinkPlatform.MASTODON, "https://social.exemple.fr/@univexemple", True),
        (LinkPlatform.X, "https://x.com/univexemple", False),
    ]


def test_a_later_plain_link_does_not_undo_rel_me() -> None:
    html = (
        '<link rel="me" href="https://social.exemple.fr/@univexemple">'
        '<a href="https://social.exemple.fr/@univexemple">M</a>'
    )
    found = links(html)
    assert [(link.source, link.rel_me) for link in found] == [("link", True)]


def test_meta_and_link_to_the_same_account_merge() -> None:
    html = (
        '<meta name="fediverse:creator" content="@univexemple@social.exemple.fr">'
        '<a rel="me" href="https://social.exemple.fr/@univexemple">M</a>'
    )
    found = links(html)
    assert [(link.source, link.rel_me, link.handle) for link in found] == [
        ("a", True, "@univexemple@social.exemple.fr")
    ]


def test_same_name_on_two_platforms_is_two_links() -> None:
    html = '<a href="https://x.com/univexemple">X</a><a href="https://www.instagram.com/univexemple">I</a>'
    assert [link.platform for link in links(html)] == [LinkPlatform.X, LinkPlatform.INSTAGRAM]


def test_links_without_handle_dedupe_by_account_key() -> None:
    html = (
        '<a href="https://www.youtube.com/channel/UCabc">Y</a>'
        '<a href="https://m.youtube.com/channel/UCabc/videos">Y</a>'
        '<a href="https://www.facebook.com/profile.php?id=42">F</a>'
        '<a href="https://m.facebook.com/profile.php?id=42&amp;sk=about">F</a>'
    )
    assert len(links(html)) == 2


_HOSTILE = [
    "",
    "<",
    "<a",
    "<a href=",
    '<a href="https://x.com/u',
    "<a href='https://x.com/u'",
    "<<<<a href=https://x.com/u>>>>",
    "<a href=https://x.com/u><a href=https://x.com/v><div><p><span>",  # unclosed tags
    '<a href="' + "A" * 3_000_000 + '">',  # huge attribute
    '<a title="' + "A" * 200_000 + '" href="https://x.com/univexemple">x</a>',
    "\x00" * 1000 + '<a href="https://x.com/\x00u">',
    "<a\x00href=https://x.com/u>",
    '<a href="\x00https://x.com/univexemple">',
    "<![if !IE]><a href=https://x.com/u><![endif]>",
    "<![foo[ junk ]]>",
    "<![CDATA[<a href=https://x.com/u>]]>",
    "<!DOCTYPE",
    "<!-- unclosed comment <a href=https://x.com/u>",
    "<!--><!---><!-- -- --!>",
    "<?xml version='1.0'?><?php echo 1 ?>",
    "</a></b></></ >",
    "<script>document.write('<a href=https://x.com/u>')",
    "<style>a{}</style ><a href=https://x.com/u>",
    "<a href=https://x.com/u" + " x=" * 10_000,
    "<" + "a " * 50_000,
    "<table><tr><td><a href=https://x.com/u></table></td></tr>" * 100,  # nested garbage
    "&#0;&#x110000;&#99999999999;&amp&lt<a href='&#x68;ttps://x.com/u'>",
    "\ud800<a href=https://x.com/\udfffu>",  # lone surrogates
    '<a href="http://[::1/@u">',  # bad IPv6 literal
    '<a href="https://social.exemple.fr:99999/@u">',  # bad port
    '<a href="https://' + "a." * 200 + 'fr/@u">',
    '<a href="https://social.exemple.fr/@' + "u" * 3000 + '">',
    '<base href="http://[::1"><a href="@u">',
    '<meta name="fediverse:creator" content="@' + "@" * 10_000 + '">',
]


@pytest.mark.parametrize("html", _HOSTILE, ids=[f"hostile{i}" for i in range(len(_HOSTILE))])
def test_broken_html_never_raises(html: str) -> None:
    for link in extract_links(html, SITE):
        assert link.url.startswith(("http://", "https://"))


@pytest.mark.parametrize(
    "unit",
    ["<a ", "<!--", "<a href='x", "<a b c=d e", "<a href=", "<!-->", "<a b='> ", "<![x", "<", "</", "<?"],
)
def test_pathological_markup_is_read_in_bounded_time(unit: str) -> None:
    # html.parser alone needs seconds for 60 kB of these (quadratic): 1 MB must stay fast
    html = unit * (1_000_000 // len(unit)) + '<a href="https://x.com/univexemple">X</a>'
    started = time.monotonic()
    extract_links(html, SITE)
    assert time.monotonic() - started < 10


def test_links_after_junk_are_still_found() -> None:
    html = "<a " * 40_000 + ">" + '<p><a href="https://x.com/univexemple">X</a></p>'
    assert [link.handle for link in links(html)] == ["@univexemple"]


def test_a_long_inline_script_does_not_hide_the_links_after_it() -> None:
    html = "<script>" + "var x = '<a href=https://x.com/hidden>';\n" * 20_000 + "</script>"
    html += '<a href="https://x.com/univexemple">X</a>'
    assert [link.handle for link in links(html)] == ["@univexemple"]


def test_links_in_comments_and_scripts_do_not_count() -> None:
    html = (
        "<!-- <a href=https://x.com/old>old</a> -->"
        "<script>var a = '<a href=https://x.com/js>';</script>"
        '<a href="https://x.com/univexemple">X</a>'
    )
    assert [link.handle for link in links(html)] == ["@univexemple"]


def test_a_page_cut_in_the_middle_of_a_tag_keeps_the_links_before() -> None:
    html = '<a href="https://x.com/univexemple">X</a><a href="https://www.faceb'
    assert [link.platform for link in links(html)] == [LinkPlatform.X]


def test_number_of_links_looked_at_is_capped() -> None:
    html = "".join(f'<a href="https://x.com/user{i}">x</a>' for i in range(MAX_LINKS + 1000))
    found = links(html)
    assert len(found) == MAX_LINKS
    assert found[-1].handle == f"@user{MAX_LINKS - 1}"


@given(st.text())
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
def test_extract_links_never_raises_on_any_text(html: str) -> None:
    for link in extract_links(html, SITE):
        assert link.url.startswith(("http://", "https://"))


_PIECES = st.sampled_from(
    [
        "<a ",
        "<link ",
        "<base ",
        "<meta ",
        'href="',
        "href='",
        "href=",
        'rel="me"',
        "rel=me ",
        'name="fediverse:creator" content="@u@social.exemple.fr"',
        ">",
        "</a>",
        '"',
        "'",
        " ",
        "<!--",
        "-->",
        "<![",
        "<script>",
        "</script>",
        "https://",
        "//",
        "x.com/",
        "bsky.app/profile/",
        "social.exemple.fr/@",
        "univexemple",
        "/",
        "@",
        "&amp;",
        "\x00",
        "javascript:",
        "#",
        "?",
    ]
)


@given(
    st.lists(_PIECES | st.text(max_size=3), max_size=60).map("".join),
    st.sampled_from([SITE, "http://a.b/c/d"]),
)
@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
def test_extract_links_never_raises_on_html_like_text(html: str, base: str) -> None:
    for link in extract_links(html, base):
        assert link.url.startswith(("http://", "https://"))
        assert isinstance(link.platform, LinkPlatform)


@pytest.mark.parametrize(
    ("given_", "expected"),
    [
        ("univ-exemple.fr", "https://univ-exemple.fr/"),
        ("  univ-exemple.fr  ", "https://univ-exemple.fr/"),
        ("univ-exemple.fr/accueil", "https://univ-exemple.fr/accueil"),
        ("//univ-exemple.fr", "https://univ-exemple.fr/"),
        ("https://univ-exemple.fr", "https://univ-exemple.fr/"),
        ("https://univ-exemple.fr/", "https://univ-exemple.fr/"),
        ("http://univ-exemple.fr/fr/", "http://univ-exemple.fr/fr/"),
        ("https://univ-exemple.fr?lang=fr", "https://univ-exemple.fr/?lang=fr"),
        ("https://univ-exemple.fr/index.html?lang=fr", "https://univ-exemple.fr/index.html?lang=fr"),
    ],
)
def test_homepage_url(given_: str, expected: str) -> None:
    assert homepage_url(given_) == expected


@pytest.mark.parametrize("bad", ["", "   ", "ftp://univ-exemple.fr/", "https://", "mailto://x"])
def test_homepage_url_refuses(bad: str) -> None:
    with pytest.raises(ValueError, match=r"empty|http|host"):
        homepage_url(bad)


class FakeDns(DnsResolver):
    def __init__(self, records: dict[str, DnsStatus]) -> None:
        super().__init__(load_settings(environ={}))
        self.records = records
        self.asked: list[str] = []

    async def query(self, name: str, rdtype: str) -> DnsAnswer:
        self.asked.append(name)
        status = self.records.get(name, DnsStatus.NXDOMAIN)
        return DnsAnswer(name, rdtype, status, ("127.0.0.1",) if status is DnsStatus.OK else (), "fake", 0)


Handler = Callable[[httpx.Request], httpx.Response]


PAGE = (
    "<!DOCTYPE html><html><head><title>Université Exemple</title></head><body>"
    '<a rel="me" href="https://social.exemple.fr/@univexemple">Mastodon</a>'
    '<a href="https://bsky.app/profile/univ-exemple.fr">Bluesky</a>'
    '<a href="https://x.com/univexemple">X</a>'
    '<a href="https://www.facebook.com/univexemple">Facebook</a>'
    '<a href="https://www.facebook.com/sharer/sharer.php?u=x">Partager</a>'
    '<a href="/contact">Contact</a>'
    "</body></html>"
)


HTML = {"content-type": "text/html; charset=utf-8"}


async def probe(
    handler: Handler, url: str = SITE, dns: dict[str, DnsStatus] | None = None
) -> tuple[WebsiteReport, list[httpx.Request]]:
    seen: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return handler(request)

    client = httpx.AsyncClient(transport=httpx.MockTransport(record))
    engine = HttpEngine(load_settings(environ={}, retries=0), client, resolver=FakeDns(dns or {}))
    async with client:
        report = await probe_website(engine, url)
    return report, seen


async def test_homepage_with_links_is_present() -> None:
    report, seen = await probe(lambda r: httpx.Response(200, headers=HTML, text=PAGE))
    assert report.verdict is Verdict.PRESENT and report.reason is Reason.FOUND
    assert report.url == SITE and report.final_url == SITE and report.status == 200
    assert report.truncated is False
    assert [(link.platform, link.rel_me) for link in report.links] == [
        (LinkPlatform.MASTODON, True),
        (LinkPlatform.BLUESKY, False),
        (LinkPlatform.X, False),
        (LinkPlatform.FACEBOOK, False),
    ]
    assert report.platforms == (
        LinkPlatform.MASTODON,
        LinkPlatform.BLUESKY,
        LinkPlatform.X,
        LinkPlatform.FACEBOOK,
    )
    (evidence,) = report.evidence
    assert evidence.step == "homepage" and evidence.request == f"GET {SITE}" and evidence.status == 200
    assert evidence.outcome == (
        f"HTML read ({len(PAGE.encode())} B), 4 social links: mastodon, bluesky, x, facebook (1 rel=me)"
    )
    assert "text/html" in seen[0].headers["accept"]
    assert WebsiteReport.model_validate_json(report.model_dump_json()) == report


async def test_a_domain_is_made_a_homepage_url() -> None:
    report, seen = await probe(lambda r: httpx.Response(200, headers=HTML, text=PAGE), url="univ-exemple.fr")
    assert report.url == SITE and str(seen[0].url) == SITE


async def test_homepage_without_social_links() -> None:
    report, _ = await probe(lambda r: httpx.Response(200, headers=HTML, text="<p>Bonjour</p>"))
    assert report.verdict is Verdict.PRESENT and report.links == ()
    assert report.evidence[0].outcome == "HTML read (14 B), no social links"


async def test_redirect_is_followed_and_links_resolve_against_the_final_url() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "www.univ-exemple.fr":
            return httpx.Response(301, headers={"location": "https://univ-exemple.fr/fr/"})
        body = '<a href="https://www.univ-exemple.fr/@self">self</a><a href="//x.com/univexemple">X</a>'
        return httpx.Response(200, headers=HTML, text=body)

    report, _ = await probe(handler, url="https://www.univ-exemple.fr/")
    assert report.verdict is Verdict.PRESENT
    assert report.url == "https://www.univ-exemple.fr/" and report.final_url == "https://univ-exemple.fr/fr/"
    assert [link.url for link in report.links] == ["https://x.com/univexemple"]
    assert "-> https://univ-exemple.fr/fr/" in report.evidence[0].request


async def test_latin1_page_is_decoded_with_its_charset() -> None:
    body = "<p>Université</p><a href='https://x.com/univexemple'>X</a>".encode("iso-8859-1")
    report, _ = await probe(
        lambda r: httpx.Response(200, headers={"content-type": "text/html; charset=ISO-8859-1"}, content=body)
    )
    assert [link.handle for link in report.links] == ["@univexemple"]


async def test_unknown_charset_falls_back_to_utf8() -> None:
    body = b"<a href='https://x.com/univexemple'>X</a>"
    report, _ = await probe(
        lambda r: httpx.Response(200, headers={"content-type": "text/html; charset=klingon"}, content=body)
    )
    assert report.verdict is Verdict.PRESENT and len(report.links) == 1


async def test_xhtml_is_html() -> None:
    body = b"<html xmlns='http://www.w3.org/1999/xhtml'><a href='https://x.com/u'>X</a></html>"
    report, _ = await probe(
        lambda r: httpx.Response(200, headers={"content-type": "application/xhtml+xml"}, content=body)
    )
    assert report.verdict is Verdict.PRESENT and len(report.links) == 1


async def test_html_without_content_type_is_sniffed() -> None:
    body = b"\xef\xbb\xbf\n<!DOCTYPE html><html><a href='https://x.com/univexemple'>X</a></html>"
    report, _ = await probe(lambda r: httpx.Response(200, content=body))
    assert report.verdict is Verdict.PRESENT and len(report.links) == 1


@pytest.mark.parametrize(
    ("headers", "body", "shown"),
    [
        ({"content-type": "application/json"}, b'{"a": 1}', "application/json"),
        ({"content-type": "application/pdf"}, b"%PDF-1.7", "application/pdf"),
        ({"content-type": "text/plain"}, b"<html><a href='https://x.com/u'>", "text/plain"),
        ({}, b"just bytes", "no Content-Type"),
    ],
)
async def test_non_html_is_unknown(headers: dict[str, str], body: bytes, shown: str) -> None:
    report, _ = await probe(lambda r: httpx.Response(200, headers=headers, content=body))
    assert report.verdict is Verdict.UNKNOWN and report.reason is Reason.BAD_RESPONSE
    assert report.links == () and report.status == 200
    assert report.evidence[0].outcome == f"not HTML: {shown}"


@pytest.mark.parametrize("status", [404, 410])
async def test_missing_homepage_is_absent(status: int) -> None:
    report, _ = await probe(lambda r: httpx.Response(status, headers=HTML, text="<h1>Not Found</h1>"))
    assert report.verdict is Verdict.ABSENT and report.reason is Reason.NOT_FOUND
    assert report.status == status
    assert report.evidence[0].status == status and report.evidence[0].outcome == f"HTTP {status}: no homepage"


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        (400, Reason.BAD_RESPONSE),
        (405, Reason.BAD_RESPONSE),
        (406, Reason.BAD_RESPONSE),  # our Accept header was refused: the page may well exist
        (408, Reason.TIMEOUT),
        (451, Reason.BAD_RESPONSE),
        (401, Reason.UNAUTHORIZED),
        (403, Reason.UNAUTHORIZED),
        (429, Reason.RATE_LIMITED),
        (500, Reason.SERVER_ERROR),
        (503, Reason.SERVER_ERROR),
    ],
)
async def test_other_errors_are_unknown(status: int, reason: Reason) -> None:
    report, _ = await probe(lambda r: httpx.Response(status, headers=HTML, text="<h1>Error</h1>"))
    assert report.verdict is Verdict.UNKNOWN and report.reason is reason
    assert report.status == status and report.links == ()
    assert str(status) in report.evidence[0].outcome


async def test_timeout_is_unknown() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("too slow", request=request)

    report, _ = await probe(handler)
    assert report.verdict is Verdict.UNKNOWN and report.reason is Reason.TIMEOUT
    assert report.status is None
    assert report.evidence[0].outcome.startswith("timeout after")


async def test_host_that_does_not_exist_is_absent() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        # what httpx raises when the name does not resolve: a ConnectError caused by a gaierror
        try:
            raise socket.gaierror(-2, "Name or service not known")
        except socket.gaierror as exc:
            raise httpx.ConnectError("[Errno -2] Name or service not known", request=request) from exc

    report, _ = await probe(handler, url="https://nowhere-exemple.fr/")  # FakeDns: unknown names are NXDOMAIN
    assert report.verdict is Verdict.ABSENT and report.reason is Reason.NOT_FOUND
    assert [e.step for e in report.evidence] == ["homepage", "dns-a"]
    assert report.evidence[1].request == "DNS A nowhere-exemple.fr @fake"
    assert report.evidence[1].outcome == "NXDOMAIN: nowhere-exemple.fr does not exist"


async def test_refused_connection_on_an_existing_host_is_unknown() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[Errno 111] Connection refused", request=request)

    report, _ = await probe(handler, dns={"univ-exemple.fr": DnsStatus.OK})
    assert report.verdict is Verdict.UNKNOWN and report.reason is Reason.NETWORK_ERROR
    assert [e.step for e in report.evidence] == ["homepage"]


async def test_failed_redirect_target_is_unknown_even_if_it_does_not_exist() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "univ-exemple.fr":
            return httpx.Response(302, headers={"location": "https://gone-exemple.fr/"})
        raise httpx.ConnectError("no such host", request=request)

    report, _ = await probe(handler)
    # the site answered (a redirect): what failed is its target, not the site
    assert report.verdict is Verdict.UNKNOWN and report.reason is Reason.NETWORK_ERROR


async def test_redirect_loop_is_unknown() -> None:
    report, seen = await probe(lambda r: httpx.Response(302, headers={"location": str(r.url)}))
    assert report.verdict is Verdict.UNKNOWN and report.reason is Reason.BAD_RESPONSE
    assert "redirect loop" in report.evidence[0].outcome
    assert len(seen) == 1


async def test_big_page_is_read_up_to_the_cap_and_still_present() -> None:
    filler = "<p>" + "x" * 96 + "</p>\n"
    body = (
        '<html><body><a rel="me" href="https://social.exemple.fr/@univexemple">M</a>'
        + filler * (MAX_PAGE_BYTES // len(filler) + 10)
        + '<a href="https://x.com/beyond_the_cap">X</a>'
        + filler * 10_000
        + "</body></html>"
    )
    report, _ = await probe(lambda r: httpx.Response(200, headers=HTML, text=body))
    assert report.verdict is Verdict.PRESENT and report.truncated is True
    assert [link.handle for link in report.links] == ["@univexemple@social.exemple.fr"]
    assert report.evidence[0].outcome.startswith("HTML read (1000 kB, truncated), 1 social link: mastodon")


class _Everything:
    def __contains__(self, _: object) -> bool:
        return True


_HREF_STARTS = ["/", "//", "/\\", "\\", " /", "/\t/", "/\n/", "/\r", "https://", "?", "#", ""]
_HREF_NOISE = "/\\@:\t\n %"
_HREF_TARGETS = ["mastodon.social/@univ", "x.com/univ", "bsky.app/profile/univ.fr", "page", ""]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.sampled_from(_HREF_STARTS), st.text(_HREF_NOISE, max_size=3), st.sampled_from(_HREF_TARGETS)
        ),
        max_size=8,
    ),
    st.sampled_from(["", "https://mastodon.social/", "/", "https://univ-exemple.fr/x/", "//x.com/"]),
)
def test_own_relative_links_skipped_early_give_what_the_full_reading_gives(
    hrefs: list[tuple[str, str, str]], base: str
) -> None:
    # "/path" on the page's own site is skipped before being read (not even selected by the parser
    # when the page has no <base>); every other href (and those that only look like a path:
    # "//host", "/\\host", "/\t/host") is read in full. Same links either way, with or without a <base>
    from quitx.probes import website

    html = (f'<base href="{base}">' if base else "") + "".join(
        f'<a href="{start}{noise}{target}">x</a>' for start, noise, target in hrefs
    )
    fast = extract_links(html, "https://univ-exemple.fr/")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(website, "_NOT_A_PATH", _Everything())  # nothing is skipped early
        patch.setattr(website, "_ELEMENTS_OFF_SITE", website._ELEMENTS)  # nor left to the parser
        full = extract_links(html, "https://univ-exemple.fr/")
    assert fast == full
