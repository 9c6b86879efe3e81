"""summary.html: self-contained, and remote text in it inert."""

from __future__ import annotations

import datetime as dt
import re
from xml.etree import ElementTree

from tests.unit.batch.support import reports_for_summary

from quitx.batch import (
    render_summary_html,
    summary_rows,
)

ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "h1", "h2", "p", "section", "figure", "figcaption",
    "svg", "rect", "text", "table", "thead", "tbody", "tr", "th", "td", "span", "a", "br", "b",
}  # fmt: skip


def test_summary_html_is_self_contained_and_inert() -> None:
    page = render_summary_html(summary_rows(reports_for_summary()))
    lowered = page.lower()
    tags = re.findall(r"<([a-z][a-z0-9]*)([^>]*)>", lowered)
    assert {name for name, _ in tags} <= ALLOWED_TAGS, {name for name, _ in tags} - ALLOWED_TAGS
    assert not [attrs for _, attrs in tags if re.search(r"\b(src|on[a-z]+)\s*=", attrs)]
    assert "<script" not in lowered
    assert "&lt;script&gt;" in page and "\u202e" not in page
    assert page.count("<svg") == 2 and "Presence per network, by what is proven" in page
    for svg in re.findall(r"<svg.*?</svg>", page, flags=re.DOTALL):
        ElementTree.fromstring(svg)  # noqa: S314 - our own output: is the inline SVG well-formed?
    assert 'href="https://social.example/@univ"' in page
    assert "@import" not in page and "url(" not in page


def test_summary_html_counts_by_what_is_proven_in_words() -> None:
    page = render_summary_html(
        summary_rows(reports_for_summary()), generated_at=dt.datetime(2026, 11, 25, 10, 30, tzinfo=dt.UTC)
    )
    fan = page[page.index("<td>Musée Fan</td>") :].split("</tr>")[0]
    assert '<span class="v candidate">candidate only</span>' in fan
    assert "present" not in fan  # a fan account is never "present"
    assert "homepage not read: timed out" in fan and "(timeout)" not in page  # words, not codes
    assert '<span class="v verified">verified</span>' in page
    assert "Mastodon: 1 verified, 0 linked, 1 candidate only, 2 absent, 1 unknown" in page  # the chart's text
    # dates are kept on one line
    assert 'last post <span class="nowrap">2 January 2025</span>' in page
    assert '<span class="nowrap">25 November 2026, 10:30 UTC</span>' in page
    assert ".nowrap{white-space:nowrap}" in page
    assert "Letter" not in page  # no letters were written: no column for them


def test_summary_html_in_french() -> None:
    rows = summary_rows(reports_for_summary())
    page = render_summary_html(
        rows, generated_at=dt.datetime(2026, 11, 1, 8, 0, tzinfo=dt.UTC), language="fr"
    )
    assert '<html lang="fr">' in page and "<h1>Présence sur Mastodon et Bluesky</h1>" in page
    assert (
        '5 institutions vérifiées · produit le <span class="nowrap">1er novembre 2026, 08:00 UTC</span>'
        in page
    )
    assert '<span class="v candidate">candidat seulement</span>' in page
    assert "page d’accueil non lue\u00a0: délai de réponse dépassé" in page
    assert 'dernière publication le <span class="nowrap">2 janvier 2025</span>' in page
    assert "<th>La page d’accueil renvoie vers</th>" in page
    words = re.sub(r"<[^>]+>", " ", re.sub(r"<style>.*?</style>", "", page, flags=re.DOTALL))
    for english in ("verified", "linked", "candidate", "Homepage", "followers", "last post", "generated"):
        assert english not in words, english


def test_summary_html_links_the_letters() -> None:
    rows = summary_rows(reports_for_summary(), letter=lambda r: f"letters/{r.institution.domain}.md")
    page = render_summary_html(rows)
    assert "<th>Letter</th>" in page
    assert '<a class="nowrap" href="letters/univ.example.md">the letter</a>' in page
