"""probe_website against the local network's web server (testnet.world): real HTTP, redirects, caps."""

from __future__ import annotations

from testnet.web import WebServer

from quitx._http import HttpEngine
from quitx.config import Settings
from quitx.models import LinkPlatform, Reason, SocialLink, Verdict, WebsiteReport
from quitx.probes.website import probe_website


async def probe(url: str, settings: Settings) -> WebsiteReport:
    async with HttpEngine(settings) as engine:
        return await probe_website(engine, url)


UNIV_LINKS = [
    SocialLink(
        platform=LinkPlatform.MASTODON,
        url="https://social.exemple.fr/@univexemple",
        rel_me=True,
        handle="@univexemple@social.exemple.fr",
    ),
    SocialLink(
        platform=LinkPlatform.BLUESKY,
        url="https://bsky.app/profile/univ-exemple.fr",
        handle="univ-exemple.fr",
    ),
    SocialLink(platform=LinkPlatform.X, url="https://x.com/univexemple", handle="@univexemple"),
    SocialLink(
        platform=LinkPlatform.FACEBOOK, url="https://www.facebook.com/univexemple", handle="@univexemple"
    ),
]


async def test_homepage_with_social_links(settings: Settings, web: WebServer) -> None:
    report = await probe("https://univ-exemple.fr/", settings)
    assert report.verdict is Verdict.PRESENT and report.reason is Reason.FOUND
    assert report.status == 200 and report.final_url == "https://univ-exemple.fr/"
    assert list(report.links) == UNIV_LINKS
    assert report.platforms == (
        LinkPlatform.MASTODON,
        LinkPlatform.BLUESKY,
        LinkPlatform.X,
        LinkPlatform.FACEBOOK,
    )
    (evidence,) = report.evidence
    assert evidence.step == "homepage" and evidence.status == 200
    assert evidence.request == "GET https://univ-exemple.fr/"
    assert evidence.outcome.endswith("4 social links: mastodon, bluesky, x, facebook (1 rel=me)")
    (request,) = web.requests("univ-exemple.fr")
    assert request.path == "/" and request.headers["accept"].startswith("text/html")


async def test_domain_alone_and_www_redirect(settings: Settings) -> None:
    report = await probe("www.univ-exemple.fr", settings)
    assert report.url == "https://www.univ-exemple.fr/"
    assert report.verdict is Verdict.PRESENT and report.final_url == "https://univ-exemple.fr/"
    assert list(report.links) == UNIV_LINKS
    assert report.evidence[0].request == "GET https://www.univ-exemple.fr/ -> https://univ-exemple.fr/"


async def test_rel_me_and_fediverse_creator(settings: Settings) -> None:
    report = await probe("https://www.college-de-france.exemple.fr/", settings)
    assert report.verdict is Verdict.PRESENT
    assert [(link.source, link.rel_me, link.handle) for link in report.links] == [
        ("a", True, "@collegedefrance@social.sciences-exemple.fr"),  # the web host, as the URL says
        ("meta", False, "@collegedefrance@sciences-exemple.fr"),  # the handle, as the author wrote it
    ]
    assert report.links[0].url == "https://social.sciences-exemple.fr/@collegedefrance"


async def test_big_page_is_truncated_but_present(settings: Settings) -> None:
    report = await probe("https://bigpage.exemple.fr/", settings)
    assert report.verdict is Verdict.PRESENT and report.reason is Reason.FOUND
    assert report.truncated is True and report.links == ()
    assert report.evidence[0].outcome == "HTML read (1000 kB, truncated), no social links"


async def test_redirect_loop_is_unknown(settings: Settings) -> None:
    report = await probe("https://loop.exemple.fr/", settings)
    assert report.verdict is Verdict.UNKNOWN and report.reason is Reason.BAD_RESPONSE
    assert report.status == 302
    assert "redirect loop" in report.evidence[0].outcome


async def test_slow_site_is_unknown_timeout(settings: Settings) -> None:
    report = await probe("https://slow.exemple.fr/", settings.model_copy(update={"timeout": 0.5}))
    assert report.verdict is Verdict.UNKNOWN and report.reason is Reason.TIMEOUT
    assert report.status is None
    assert report.evidence[0].outcome.startswith("timeout after 0.5 s")


async def test_missing_page_is_absent(settings: Settings) -> None:
    report = await probe("https://univ-exemple.fr/no-such-page", settings)
    assert report.verdict is Verdict.ABSENT and report.reason is Reason.NOT_FOUND
    assert report.status == 404


async def test_server_error_is_unknown(settings: Settings) -> None:
    report = await probe("https://down.exemple.fr/", settings.model_copy(update={"retries": 0}))
    assert report.verdict is Verdict.UNKNOWN and report.reason is Reason.SERVER_ERROR
    assert report.status == 503
