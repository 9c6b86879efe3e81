"""The writers of exists results and reports: the website sentence."""

from __future__ import annotations

from quitx.models import Verdict


def test_website_sentence() -> None:
    from tests import builders as b

    from quitx.models import LinkPlatform, Report
    from quitx.output import website_sentence

    def report(*platforms: LinkPlatform, verdict: Verdict = Verdict.PRESENT) -> Report:
        links = [b.link(p, f"https://{p.value}.example/a") for p in platforms]
        return b.report(website=b.site(*links, verdict=verdict))

    assert (
        website_sentence(report(LinkPlatform.X))
        == "the homepage links to X, and to no Mastodon or Bluesky account"
    )
    assert website_sentence(report(LinkPlatform.FACEBOOK, LinkPlatform.X)) == (
        "the homepage links to X and Facebook, and to no Mastodon or Bluesky account"
    )
    assert website_sentence(report(LinkPlatform.MASTODON, LinkPlatform.X, LinkPlatform.YOUTUBE)) == (
        "the homepage links to Mastodon, X and YouTube, and to no Bluesky account"
    )
    assert website_sentence(report()) == "the homepage links to no social network"
    assert website_sentence(report(verdict=Verdict.UNKNOWN)) == "the homepage could not be read (timeout)"
