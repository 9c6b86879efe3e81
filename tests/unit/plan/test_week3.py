"""Week 3: the website's links, the announcement, Meta."""

from __future__ import annotations

import datetime as dt

import tests.builders as b
from tests.unit.plan.reports import bluesky, link, mastodon, plan_for, report, site

from quitx.models import Activity, Confidence, LinkPlatform, SocialLink, Verdict
from quitx.plan import StepStatus, announcement_text


def test_an_unread_homepage_cannot_tell_the_website_step() -> None:
    plan = plan_for(report(website=site(verdict=Verdict.UNKNOWN)))
    assert plan.step("website-links").status is StepStatus.CANNOT_TELL
    assert plan.step("website-links").evidence == ("the homepage could not be read: timed out",)
    assert plan.step("meta").status is StepStatus.CANNOT_TELL


def test_a_link_to_an_account_that_moved_is_to_be_replaced() -> None:
    old = b.mastodon(
        "univexemple@old.example",
        confidence=Confidence.LINKED,
        activity=Activity.MOVED,
        moved_to="univexemple@piaille.fr",
    )
    links = (
        SocialLink(
            platform=LinkPlatform.MASTODON,
            url="https://old.example/@univexemple",
            handle="@univexemple@old.example",
            rel_me=True,
        ),
        link(LinkPlatform.BLUESKY, "https://bsky.app/profile/univ-exemple.fr"),
    )
    step = plan_for(report(old, mastodon(), bluesky(), website=site(*links))).step("website-links")
    assert step.status is StepStatus.TODO
    assert (
        "the homepage links to @univexemple@old.example, which moved to @univexemple@piaille.fr"
        in step.evidence
    )
    assert (
        step.how[0]
        == 'Replace the link to @univexemple@old.example with @univexemple@piaille.fr (keeping `rel="me"`).'
    )


def test_the_announcement_gives_the_new_addresses_and_the_day_x_stops() -> None:
    text = announcement_text("fr", "@univexemple@piaille.fr", "@univ-exemple.fr", dt.date(2026, 3, 1))
    assert text.startswith(
        "Nous sommes désormais sur Mastodon et Bluesky !\n\nMastodon : @univexemple@piaille.fr\n"
    )
    assert "À partir du 1er mars 2026, nous ne publierons plus sur X." in text
    english = announcement_text("en", "@a@b.example", "@c.example", dt.date(2026, 3, 1))
    assert english == (
        "We are now on Mastodon and Bluesky!\n\nMastodon: @a@b.example\nBluesky: @c.example\n\n"
        "From 1 March 2026, we will no longer post on X. Follow us there to keep getting our news."
    )


def test_meta_is_to_do_only_where_the_site_links_to_it() -> None:
    instagram = site(link(LinkPlatform.INSTAGRAM, "https://www.instagram.com/univexemple"))
    linked = plan_for(report(website=instagram))
    assert linked.step("meta").status is StepStatus.TODO
    assert linked.step("meta").evidence == (
        "Instagram account linked from the site: https://www.instagram.com/univexemple",
    )
    assert linked.step("archive-meta").status is StepStatus.TODO
    unlinked = plan_for(report(website=site()), language="fr").step("meta")
    assert unlinked.status is StepStatus.CANNOT_TELL
    assert unlinked.evidence == (
        "la page d’accueil ne renvoie vers aucun compte Facebook, Instagram ou Threads",
    )
