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


def test_the_french_table_says_how_an_account_was_found_and_what_keeps_it_from_bridges_in_french() -> None:
    from tests.builders import mastodon, report

    from quitx.models import BridgeStatus, FoundBy
    from quitx.output import render_report
    from quitx.probes.bridges import NO_AVATAR, TOO_YOUNG

    gaps = (NO_AVATAR, TOO_YOUNG, "a gap of a later version")
    account = mastodon(
        found_by=(FoundBy.LINK, FoundBy.SEARCH), bridge=BridgeStatus(bridged=Verdict.ABSENT, gaps=gaps)
    )
    french = render_report(report(account), "table", "fr")
    assert "trouvé par\u00a0: un lien du site officiel, la recherche par nom" in french
    assert (
        "pas encore relayable\u00a0: ajouter une image de profil\u202f; attendre que le compte ait "
        "7 jours\u202f; a gap of a later version" in french  # a gap with no words: as recorded
    )
    for english in ("website link", "search,", "no avatar", "younger than", "found by"):
        assert english not in french
    english_table = render_report(report(account), "table", "en")
    assert "not bridgeable yet: add a profile picture; wait until the account is 7 days old" in english_table
