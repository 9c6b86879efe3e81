"""summary.html: self-contained, and remote text in it inert."""

from __future__ import annotations

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
    assert page.count("<svg") == 3 and "Presence per network" in page
    for svg in re.findall(r"<svg.*?</svg>", page, flags=re.DOTALL):
        ElementTree.fromstring(svg)  # noqa: S314 - our own output: is the inline SVG well-formed?
    assert 'href="https://social.example/@univ"' in page
    assert "@import" not in page and "url(" not in page
