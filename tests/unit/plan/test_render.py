"""The plan as a document: done steps without instructions, both languages, remote text inert."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence

import pytest
from tests.unit.plan.reports import (
    DID,
    HOSTILE,
    INST,
    START,
    artifact,
    bluesky,
    link,
    mastodon,
    plan_for,
    report,
    site,
)

from quitx.doc import Block, Bullets, Code, Heading, Inline, Link, Paragraph, Strong, Text, to_markdown
from quitx.i18n.typography import typeset
from quitx.models import Confidence, Institution, InstitutionKind, LinkPlatform, Verdict
from quitx.plan import PlanOptions, build_plan, plan_blocks, summary_blocks


def test_done_steps_show_no_instructions_in_the_document() -> None:
    plan = plan_for(report(mastodon(bridged=Verdict.PRESENT), bluesky()))
    blocks = plan_blocks(plan)
    codes = [b.text for b in blocks if isinstance(b, Code)]
    # the Bluesky domain handle is done: its DNS record is not printed, the X farewell is
    assert not any(DID in code for code in codes)
    assert any("@univexemple@piaille.fr" in code for code in codes)


def test_french_texts_and_dates() -> None:
    plan = plan_for(report(), language="fr", start=dt.date(2026, 5, 25))
    # French typography: a no-break space before the colon
    assert plan.phases[0].title == "Semaine 1\u00a0: réserver les noms et choisir une instance"
    farewell = [a for a in plan.step("announce").artifacts if a.kind == "post"][1].content
    # 25 May 2026 is Whit Monday: the plan starts on the 26th; week 3 ends on Monday 15 June
    # (fifteen working days), the archive 91 days later falls on Monday 14 September
    assert plan.start == dt.date(2026, 5, 26)
    assert "à partir du 15\u00a0juin 2026" in farewell
    assert "jusqu’au 14\u00a0septembre 2026" in farewell
    assert plan_for(None, language="fr", start=dt.date(2026, 2, 23)).step("website-links").due == dt.date(
        2026, 3, 13
    )
    # a Sunday start moves to the Monday; the names are held the next working day
    first = plan_for(None, language="fr", start=dt.date(2026, 3, 1))
    assert first.start == dt.date(2026, 3, 2) and first.step("secure-names").due == dt.date(2026, 3, 3)
    field = artifact(plan.step("mastodon-verification"), "profile_field")
    assert field.label == "Champ de profil «\u202fSite web\u202f»"


def test_english_texts() -> None:
    plan = plan_for(report())
    assert plan.phases[0].title == "Week 1: secure the names and choose a home"
    markdown = to_markdown(plan_blocks(plan))
    assert markdown.startswith("# Migration plan — Université Exemple\n")
    assert "**To do** — due: 3 March 2026 — Who: communication team" in markdown


def _inlines(spans: Sequence[Inline]) -> Iterator[Inline]:
    for span in spans:
        yield span
        if isinstance(span, Strong | Link):
            yield from _inlines(span.children)


def _walk(blocks: Sequence[Block]) -> Iterator[Inline | Code]:
    for block in blocks:
        if isinstance(block, Heading | Paragraph):
            yield from _inlines(block.children)
        elif isinstance(block, Bullets):
            for item in block.items:
                yield from _inlines(item)
        else:
            yield block


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_remote_text_stays_in_text_nodes(hostile: str) -> None:
    institution = Institution(name=f"Université {hostile}", domain="univ-exemple.fr")
    rep = report(
        mastodon(
            confidence=Confidence.LINKED,
            display_name=hostile,
            field_name=hostile,
            url=f'https://piaille.fr/@univexemple"><script>{hostile}',
        ),
        bluesky(display_name=hostile),
        mastodon(
            "other", "piaille.fr", confidence=Confidence.CANDIDATE, display_name=hostile, field_name=hostile
        ),
        institution=institution,
        website=site(link(LinkPlatform.X, f"https://x.com/{hostile}")),
    )
    for language in ("fr", "en"):
        plan = plan_for(rep, institution, language=language)
        nodes = list(_walk(plan_blocks(plan)))
        texts = [n.text for n in nodes if isinstance(n, Text)]
        assert any(hostile in text for text in texts)  # it is there, as text
        assert not any(isinstance(n, Link) for n in nodes)  # never made into a link
        for node in nodes:
            if isinstance(node, Strong):  # only the plan's own labels are strong
                assert all(isinstance(c, Text) and hostile not in c.text for c in node.children)
            if isinstance(node, Code):  # nothing remote reaches a snippet unvalidated
                assert hostile not in node.text
                assert "<script>" not in node.text
        # the account's unsafe URL is rebuilt from its host and username
        snippet = artifact(plan.step("website-links"), "html").content
        assert '<a rel="me" href="https://piaille.fr/@univexemple">Mastodon</a>' in snippet


@pytest.mark.parametrize(
    ("name", "heading"),
    [
        # the heading writes the name as the letter's "Objet" line does: the head noun in lower case
        ("Université Exemple", "Plan de migration de l’université Exemple"),
        ("Mairie de Villeurbanne", "Plan de migration de la mairie de Villeurbanne"),
        ("Institut Pasteur", "Plan de migration de l’Institut Pasteur"),
        ("CNRS", "Plan de migration du CNRS"),
        ("Inria", "Plan de migration d’Inria"),
    ],
)
def test_french_heading_uses_the_right_article(name: str, heading: str) -> None:
    institution = Institution(name=name, domain="exemple.fr")
    first = plan_blocks(plan_for(None, institution, language="fr"))[0]
    assert first == Heading(level=1, children=(Text(text=heading),), anchor="annex")


def test_render_plan_refuses_a_format_it_does_not_write() -> None:
    from quitx.errors import UsageError
    from quitx.plan import render_plan

    with pytest.raises(UsageError, match="xml") as raised:
        render_plan(build_plan(INST, PlanOptions(start=START)), "xml")  # type: ignore[arg-type]
    assert raised.value.option == "fmt"


def _texts(blocks: Sequence[Block]) -> Iterator[str]:
    for node in _walk(blocks):
        if isinstance(node, Text):
            yield node.text


@pytest.mark.parametrize(
    "institution",
    [
        Institution(name="Université Exemple", domain="univ-exemple.fr"),
        Institution(name="Ville de Lyon", domain="lyon.fr", kind=InstitutionKind.LOCAL_GOVERNMENT),
        Institution(name="Le Quotidien", domain="quotidien.fr", kind=InstitutionKind.MEDIA),
        Institution(name="Ministère", domain="culture.gouv.fr", kind=InstitutionKind.PUBLIC_ADMINISTRATION),
    ],
)
@pytest.mark.parametrize("checked", [True, False])
def test_every_sentence_of_the_summary_and_the_annex_is_typeset(
    institution: Institution, checked: bool
) -> None:
    """As the letter's lint wants it: typesetting the plan's text again changes nothing (no-break
    spaces before : ; ! ? and inside « », typographic apostrophes), and Markdown shows no markup
    that a renderer would swallow (a tag outside a code span)."""
    rep = report(mastodon(), institution=institution) if checked else None
    plan = plan_for(rep, institution, language="fr")
    blocks = [*summary_blocks(plan), *plan_blocks(plan)]
    for text in _texts(blocks):
        assert typeset(text, "fr", first=False) == text, text
        assert not re.search(r"\w'\w", text), text  # the typographic apostrophe
    markdown = re.sub(r"```.*?```", "", to_markdown(blocks), flags=re.S)
    prose = re.sub(r"`[^`]*`", "", markdown)
    assert not re.search(r"(?<!\\)<[a-z/]", prose)
    assert not re.search(r" [:;!?](?:\s|$)", prose)  # an ordinary space before a high mark
