"""The letter's document model: markup parsing and inert, escaped rendering."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quitx.doc import (
    Bullets,
    Code,
    Document,
    Heading,
    Lines,
    Link,
    Paragraph,
    Strong,
    Table,
    Text,
    parse,
    to_markdown,
    to_text,
)
from quitx.errors import TemplateError
from quitx.page import to_html, to_html_fragment

HOSTILE = "<script>alert('x')</script> **bold** [a](javascript:alert(1)) _x_ `y` # h & &amp; \x1b[31m\u202e"


def test_markup_structure() -> None:
    blocks = parse(
        """
## Titre

Bonjour **${name}**, voir [le site](https://a.fr/${path}).
Suite du paragraphe.

- un
- deux
  continué

```DNS TXT
_atproto.${path} did=${did}
```
""",
        {"name": "Alice", "path": "p", "did": "did:plc:x"},
    )
    assert blocks == [
        Heading(level=2, children=(Text(text="Titre"),)),
        Paragraph(
            children=(
                Text(text="Bonjour "),
                Strong(children=(Text(text="Alice"),)),
                Text(text=", voir "),
                Link(children=(Text(text="le site"),), url="https://a.fr/p"),
                Text(text=". Suite du paragraphe."),
            )
        ),
        Bullets(items=((Text(text="un"),), (Text(text="deux continué"),))),
        Code(text="_atproto.p did=did:plc:x", label="DNS TXT"),
    ]


def test_values_are_never_markup() -> None:
    (para,) = parse("Name: ${name}.", {"name": HOSTILE})
    assert isinstance(para, Paragraph)
    assert para.children == (Text(text=f"Name: {HOSTILE}."),)


def test_blocks_and_spans_as_values() -> None:
    link = Link(children=(Text(text="source"),), url="https://s.fr/")
    extra = [Paragraph(children=(Text(text="inserted"),))]
    blocks = parse("See ${link}.\n\n${extra}\n\nEnd.", {"link": link, "extra": extra})
    assert blocks == [
        Paragraph(children=(Text(text="See "), link, Text(text="."))),
        Paragraph(children=(Text(text="inserted"),)),
        Paragraph(children=(Text(text="End."),)),
    ]


def test_escapes_and_missing_values() -> None:
    (para,) = parse(r"Not \*\*bold\*\* and \${kept}")
    assert isinstance(para, Paragraph) and para.children == (Text(text="Not **bold** and ${kept}"),)
    with pytest.raises(TemplateError, match="name") as raised:
        parse("Hello ${name}")
    assert raised.value.placeholder == "name"


def test_markdown_neutralises_remote_text() -> None:
    md = to_markdown(parse("**${x}** [ok](https://a.fr/)", {"x": HOSTILE}))
    assert "<script>" not in md and "\x1b" not in md and "\u202e" not in md
    assert "\\*\\*bold\\*\\*" in md and "\\[a\\](javascript" in md
    assert "[ok](https://a.fr/)" in md


def test_html_escapes_and_refuses_unsafe_urls() -> None:
    blocks = [
        Paragraph(
            children=(Text(text=HOSTILE), Link(children=(Text(text="click"),), url="javascript:alert(1)"))
        ),
        Paragraph(children=(Link(children=(Text(text="ok"),), url='https://a.fr/?q="x"'),)),
    ]
    out = to_html_fragment(blocks)
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert 'href="javascript' not in out
    assert "click" in out
    page = to_html(Document(subject="<b>S</b>", blocks=tuple(blocks)), lang="fr")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="fr">' in page
    assert "<title>&lt;b&gt;S&lt;/b&gt;</title>" in page and "@media print" in page


def test_text_links_become_numbered_notes() -> None:
    blocks = parse("[A](https://a.fr/) and [B](https://b.fr/) and [A again](https://a.fr/).")
    text = to_text(blocks)
    assert "A [1] and B [2] and A again [1]." in text
    assert text.rstrip().endswith("[1] https://a.fr/\n[2] https://b.fr/")


def test_code_fence_survives_backticks() -> None:
    md = to_markdown([Code(text="a ``` b", label=None)])
    assert md.startswith("````\n") and md.rstrip().endswith("````")


def test_lines_keep_their_lines_and_drop_the_empty_ones() -> None:
    template = "| ${title}\n| ${name}\n| ${service}\n|   \nThen a paragraph."
    blocks = parse(template, {"title": "Madame la Présidente", "name": "", "service": "**Direction**"})
    assert blocks == [
        Lines(items=((Text(text="Madame la Présidente"),), (Text(text="**Direction**"),))),
        Paragraph(children=(Text(text="Then a paragraph."),)),
    ]
    right = blocks[0].model_copy(update={"align": "right"})
    text = to_text([right, blocks[1]])
    assert text.startswith(" " * 40 + "Madame la Présidente\n" + " " * 40 + "**Direction**\n\n")
    assert to_text([blocks[0]]).startswith("Madame la Présidente\n**Direction**\n")
    html_out = to_html_fragment([right])
    assert html_out == '<p class="lines right">Madame la Présidente<br>\n**Direction**</p>'
    md = to_markdown([right])
    assert md == "| Madame la Présidente\n| \\*\\*Direction\\*\\*\n"
    assert parse(md) == [blocks[0]]  # Markdown reads back as the same lines (the alignment is the letter's)


def test_a_long_line_is_indented_less_rather_than_wrapped() -> None:
    long = "x" * 60
    text = to_text([Lines(items=((Text(text=long),), (Text(text="short"),)), align="right")], width=76)
    assert text.splitlines()[0] == " " * 16 + long


def test_document_json_round_trip() -> None:
    doc = Document(
        subject="S", blocks=tuple(parse("## T\n\nP [l](https://a.fr/)\n\n- i\n\n| a\n| b\n\n```\nc\n```"))
    )
    assert Document.model_validate_json(doc.model_dump_json()) == doc


@given(st.text(max_size=200))
def test_any_value_renders_inert(value: str) -> None:
    blocks = parse("**${v}** [x](https://a.fr/) ${v}", {"v": value})
    html_out = to_html_fragment(blocks)
    assert html_out.count("<a ") == 1 and "<script" not in html_out.lower()
    md = to_markdown(blocks)
    assert md.count("](https://a.fr/)") == 1
    to_text(blocks)


def test_a_narrow_table_in_text_uses_the_documents_colon() -> None:
    table = Table(
        header=((Text(text="Étape"),), (Text(text="Qui"),)),
        rows=(((Text(text="Réserver les noms sur Mastodon et Bluesky"),), (Text(text="communication"),)),),
    )
    french = to_text([table], width=30, colon="\u00a0: ")
    assert "Étape\u00a0: Réserver les noms sur\n" in french and "Qui\u00a0: communication" in french
    assert "Étape: Réserver" in to_text([table], width=30)  # English, as before
