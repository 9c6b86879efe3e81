"""The page: documents as a printed French letter (frame, sections, badges, tables), and the new
spans and blocks in every format."""

from __future__ import annotations

from quitx.doc import (
    Badge,
    Code,
    CodeSpan,
    Document,
    Heading,
    Lines,
    Paragraph,
    Table,
    Text,
    code_spans,
    parse,
    to_markdown,
    to_text,
)
from quitx.page import to_html

HOSTILE = "<script>alert(1)</script> **b** `c` _d_"


def _letter() -> Document:
    return Document(
        subject="Objet <x>",
        blocks=(
            Lines(items=((Text(text="Jeanne Martin"),), (Text(text="Laboratoire X"),)), role="sender"),
            Lines(items=((Text(text="Madame la Présidente"),),), align="right", role="recipient"),
            Lines(items=((Text(text="Rennes, le 7 décembre 2026"),),), align="right", role="place_date"),
            Paragraph(children=(Text(text="Objet : quitter X"),)),
            Paragraph(children=(Text(text="Madame la Présidente,"),)),
            Lines(items=((Text(text="Jeanne Martin"),),), align="right", role="signature"),
            Heading(level=2, children=(Text(text="Décision"),), anchor="summary"),
            Table(
                header=((Text(text="Phase"),), (Text(text="Dates"),)),
                rows=(((Text(text=HOSTILE),), (Badge(text="à faire", tone="todo"),)),),
            ),
        ),
    )


def test_the_frame_is_laid_out_as_a_french_letter() -> None:
    page = to_html(_letter(), lang="fr")
    head, body = page.split("</header>", 1)
    # sender, recipient, place and date, subject: in the head, in that order
    positions = [
        head.index(s) for s in ('class="sender"', 'class="recipient"', 'class="place-date"', "Objet :")
    ]
    assert positions == sorted(positions)
    assert "Madame la Présidente," in body and 'class="signature"' in body
    # an anchored heading opens a section of its own (a new sheet when printed)
    assert '<section class="part summary">' in body and "@page { size: A4" in page


def test_an_annex_is_the_pages_second_part() -> None:
    annex = Document(subject="Annexe", blocks=(Heading(level=1, children=(Text(text="Annexe"),)),))
    page = to_html(_letter(), lang="fr", annex=annex)
    assert page.index('<article class="letter">') < page.index('<article class="annex">')
    assert "<h1>Annexe</h1>" in page


def test_tables_badges_and_code_spans_are_escaped_everywhere() -> None:
    document = _letter()
    page = to_html(document, lang="fr")
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert '<span class="badge todo">à faire</span>' in page
    markdown = to_markdown(document.blocks)
    assert "| Phase | Dates |" in markdown and "\\<script\\>" in markdown and "**à faire**" in markdown
    text = to_text(document.blocks)
    assert "[à faire]" in text and "Phase" in text


def test_a_code_span_is_typed_as_is_and_never_swallowed() -> None:
    spans = code_spans("ajouter `<link>` dans `<head>`")
    assert [type(s) for s in spans] == [Text, CodeSpan, Text, CodeSpan]
    paragraph = Paragraph(children=tuple(spans))
    assert to_markdown([paragraph]) == "ajouter `<link>` dans `<head>`\n"
    assert "<code>&lt;head&gt;</code>" in to_html(Document(subject="s", blocks=(paragraph,)), lang="fr")
    # a backtick inside a code span gets a longer fence
    assert to_markdown([Paragraph(children=(CodeSpan(text="a`b"),))]) == "``a`b``\n"
    # a code block's label carries code spans too
    assert "Ou dans `<head>`" in to_markdown([Code(text="x", label="Ou dans `<head>`")])


def test_markup_names_a_heading_and_keeps_code_spans_inert() -> None:
    blocks = parse("## Annexe {#annex}\n\nle `${v}` ici", {"v": "**x**"})
    assert blocks[0] == Heading(level=2, children=(Text(text="Annexe"),), anchor="annex")
    assert blocks[1] == Paragraph(children=(Text(text="le "), CodeSpan(text="**x**"), Text(text=" ici")))
