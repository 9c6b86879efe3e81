"""The writers of exists results and reports: the website sentence."""

from __future__ import annotations

from pathlib import Path

from quitx.models import Report, Verdict


def test_website_sentence() -> None:
    from tests import builders as b

    from quitx.models import LinkPlatform
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


GOLDEN_REPORTS = Path(__file__).resolve().parents[1] / "golden" / "reports"


def _golden(name: str) -> Report:
    return Report.model_validate_json((GOLDEN_REPORTS / f"{name}.json").read_text(encoding="utf-8"))


def test_the_french_table_says_why_in_words_and_counts_in_french() -> None:
    from quitx.output import render_report

    french = render_report(_golden("unknown_instance_down"), "table", "fr")
    # why a place said what it said, and what was asked there: words, not the report's codes
    assert (
        "down.exemple.fr              INCONNU  erreur du serveur (essayé\u00a0: @mairieabsente@down" in french
    )
    assert "ABSENT   introuvable (essayé\u00a0: @mairieabsente@social.exemple.fr, " in french
    assert "une recherche par nom)" in french
    for code in ("not_found", "server_error", "search"):
        assert code not in french
    # the overall Mastodon line leaves what was tried to each instance's line
    assert "\nMastodon  INCONNU  introuvable, erreur du serveur\n" in french
    # French counts 0 and 1 in the singular
    assert "0 règle\n" in french and "2 règles\n" in french
    english = render_report(_golden("unknown_instance_down"), "table", "en")
    assert "0 rules\n" in english and "2 rules\n" in english


def test_the_markdown_report_is_in_the_runs_language() -> None:
    from quitx.output import render_report

    french = render_report(_golden("present_verified"), "md", "fr")
    assert french.startswith("# Université Exemple\n\nVérifié le 25 novembre 2026 à 10:00 UTC par quitx ")
    assert "\n- Site web\u00a0: la page d’accueil renvoie vers " in french
    assert "| compte | nom | confiance | activité | abonnés | dernier message | relayé |" in french
    assert "| vérifié | actif | 1 200 | 25 novembre 2026 | présent |" in french
    assert "| trouvé par le nom seulement | actif |" in french
    for english_word in ("Checked", "Website", "account", "confidence", "present", "verified", "candidate"):
        assert english_word not in french
    absent = render_report(_golden("absent"), "md", "fr")
    assert "- Bluesky\u00a0: **absent** — introuvable (essayé\u00a0: @mairie\\-absente.fr, " in absent
    # English keeps the report's own sentences and codes, as before
    english = render_report(_golden("present_verified"), "md", "en")
    assert "\nChecked 2026-11-25 10:00 UTC by quitx " in english
    assert "| account | name | confidence | activity | followers | last post | bridged |" in english


def test_the_french_exists_table_says_why_in_words() -> None:
    import datetime as dt

    from quitx.models import ExistsResult, MastodonRef, Platform, Reason
    from quitx.output import render_exists

    result = ExistsResult(
        ref=MastodonRef(username="x", domain="piaille.fr"),
        platform=Platform.MASTODON,
        verdict=Verdict.UNKNOWN,
        reason=Reason.TIMEOUT,
        detail="timed out after 10 s",
        checked_at=dt.datetime(2026, 12, 7, tzinfo=dt.UTC),
    )
    french = render_exists([result], "table", "fr")
    assert "@x@piaille.fr  INCONNU  (mastodon, timeout)\n  délai de réponse dépassé\n" in french
    assert "timed out" not in french
    assert "  timed out after 10 s\n" in render_exists([result], "table", "en")
