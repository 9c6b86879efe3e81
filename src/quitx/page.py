"""Documents as HTML: a fragment of blocks, and a standalone page laid out as a printed French letter.

The page is what a browser shows and what `quitx.pdf` prints: A4 sheets; a letter's frame (its
`quitx.doc.Lines` blocks with a role) set where a French letter has it — the sender top left, the
recipient on the right, then the place and date, "Objet :", the body, the signature on the right; a
section opened by an anchored heading (the decision summary) on a sheet of its own; and an annex, the
document's second part, after it. On screen the sheets are white on grey; printed, they are pages.

Every piece of text is escaped; links go only to http(s) and mailto; the page runs no script and
loads nothing (its Content-Security-Policy says so to the browser too).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from ._text import inert, inert_block, inert_span
from .doc import (
    SAFE_URL,
    Badge,
    Block,
    Bullets,
    CodeSpan,
    Document,
    FrameRole,
    Heading,
    Inline,
    Lines,
    Paragraph,
    Strong,
    Table,
    Text,
    code_spans,
    plain,
)

__all__ = ["Medium", "to_html", "to_html_fragment"]

# a page for a browser and a printer, or the HTML part of an e-mail (no sheets, no frame)
Medium = Literal["page", "email"]

_SUBJECT_WORDS = ("objet", "subject", "re")


def _inline(spans: Sequence[Inline]) -> str:
    out = []
    for span in spans:
        if isinstance(span, Text):
            out.append(html.escape(inert_span(span.text)))
        elif isinstance(span, CodeSpan):
            out.append(f"<code>{html.escape(inert_span(span.text))}</code>")
        elif isinstance(span, Badge):
            out.append(f'<span class="badge {span.tone}">{html.escape(inert_span(span.text))}</span>')
        elif isinstance(span, Strong):
            out.append(f"<strong>{_inline(span.children)}</strong>")
        elif SAFE_URL.match(span.url):
            out.append(f'<a href="{html.escape(span.url)}">{_inline(span.children)}</a>')
        else:
            out.append(_inline(span.children))
    return "".join(out)


def _lines(block: Lines, css: str) -> str:
    rows = "<br>\n".join(_inline(item) for item in block.items if item)
    return f'<p class="{css}">{rows}</p>'


def _table(block: Table) -> str:
    head = "".join(f"<th>{_inline(cell)}</th>" for cell in block.header)
    rows = "\n".join(
        "<tr>" + "".join(f"<td>{_inline(cell)}</td>" for cell in row) + "</tr>" for row in block.rows
    )
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{rows}\n</tbody>\n</table>"


def _block(block: Block, shift: int) -> str:
    if isinstance(block, Heading):
        level = min(block.level + shift, 6)
        anchor = f' id="{block.anchor}"' if block.anchor else ""
        return f"<h{level}{anchor}>{_inline(block.children)}</h{level}>"
    if isinstance(block, Paragraph):
        return f"<p>{_inline(block.children)}</p>"
    if isinstance(block, Bullets):
        items = "".join(f"<li>{_inline(item)}</li>" for item in block.items)
        return f"<ul>{items}</ul>"
    if isinstance(block, Lines):
        return _lines(block, f"lines {block.role or block.align}")
    if isinstance(block, Table):
        return _table(block)
    label = f'<p class="label">{_inline(code_spans(block.label))}</p>' if block.label else ""
    return (
        f'<div class="artifact">{label}<pre><code>{html.escape(inert_block(block.text))}</code></pre></div>'
    )


def to_html_fragment(blocks: Sequence[Block], *, shift: int = 1) -> str:
    """Blocks as HTML; a heading of level n is ``<h{n + shift}>`` (by default the page's title is
    its only ``<h1>``)."""
    return "\n".join(_block(block, shift) for block in blocks)


# --- the letter's frame ------------------------------------------------------------------------------


@dataclass
class _Frame:
    """A letter's head (sender, recipient, place and date, subject line) and what follows it."""

    parts: dict[FrameRole, Block] = field(default_factory=dict)
    body: list[Block] = field(default_factory=list)


def _subject_line(block: Block) -> bool:
    """ "Objet : …" / "Subject: …" written as a paragraph."""
    if not isinstance(block, Paragraph):
        return False
    word = plain(block.children).lstrip().split(":", 1)[0].strip().casefold()
    return word in _SUBJECT_WORDS


def _frame(blocks: Sequence[Block]) -> _Frame:
    """The leading frame blocks, each with its role: given, or read from its place — the first
    lines on the left are the sender, the first on the right the recipient, the next on the right
    the place and date; a paragraph "Objet : …" among them the subject line."""
    frame = _Frame()
    for index, block in enumerate(blocks):
        role: FrameRole | None = None
        if isinstance(block, Lines):
            role = block.role
            if role is None and block.align == "left":
                role = "sender"
            elif role is None:
                role = "recipient" if "recipient" not in frame.parts else "place_date"
        elif _subject_line(block) and frame.parts:
            role = "subject"
        if role is None or role == "signature" or role in frame.parts:
            frame.body = list(blocks[index:])
            return frame
        frame.parts[role] = block
    return frame


_FRAME_ORDER: tuple[FrameRole, ...] = ("sender", "recipient", "place_date", "subject")


def _frame_html(frame: _Frame) -> str:
    out = []
    for role in _FRAME_ORDER:
        block = frame.parts.get(role)
        if isinstance(block, Lines):
            out.append(_lines(block, role.replace("_", "-")))
        elif isinstance(block, Paragraph):
            out.append(f'<p class="{role.replace("_", "-")}">{_inline(block.children)}</p>')
    return f'<header class="frame">\n{chr(10).join(out)}\n</header>' if out else ""


def _body_html(blocks: Sequence[Block]) -> str:
    """The body: a signature set on the right; a heading with an anchor opens a section of its own
    (a new sheet when printed), until the next one."""
    out: list[str] = []
    open_section = False
    for block in blocks:
        if isinstance(block, Heading) and block.anchor:
            if open_section:
                out.append("</section>")
            out.append(f'<section class="part {block.anchor}">')
            open_section = True
        if isinstance(block, Lines) and (
            block.role == "signature" or (block.role is None and block.align == "right")
        ):
            out.append(_lines(block, "signature"))
        else:
            out.append(_block(block, 0))
    if open_section:
        out.append("</section>")
    return "\n".join(out)


def _article(document: Document, css: str, *, frame: bool) -> str:
    parts = (
        _frame(document.blocks) if frame else _Frame(body=[b for b in document.blocks if not _is_frame(b)])
    )
    return f'<article class="{css}">\n{_frame_html(parts)}\n{_body_html(parts.body)}\n</article>'


def _is_frame(block: Block) -> bool:
    return isinstance(block, Lines) and block.role in _FRAME_ORDER


# --- the page --------------------------------------------------------------------------------------

_CSS = """
:root { --ink: #1a1a1a; --muted: #555; --rule: #d0d0d0; --accent: #1f3a68; }
html { background: #e9e9e6; }
body { font-family: Georgia, "Liberation Serif", "DejaVu Serif", "Times New Roman", serif; font-size: 11pt;
       line-height: 1.45; color: var(--ink); margin: 0; padding: 1.5em 0; }
article { background: #fff; max-width: 17cm; margin: 0 auto 1.5em; padding: 2.2cm 2cm;
          box-shadow: 0 1px 4px rgba(0, 0, 0, .25); }
h1, h2, h3, h4 { font-family: "Helvetica Neue", Arial, "Liberation Sans", "DejaVu Sans", sans-serif;
                 color: var(--accent); line-height: 1.25; break-after: avoid; page-break-after: avoid; }
h1 { font-size: 1.55em; margin: 0 0 .6em; }
h2 { font-size: 1.25em; margin: 1.6em 0 .5em; padding-bottom: .15em; border-bottom: 1px solid var(--rule); }
h3 { font-size: 1.08em; margin: 1.3em 0 .35em; }
h4 { font-size: 1em; margin: 1.1em 0 .3em; }
p { margin: 0 0 .7em; }
ul { margin: 0 0 .8em; padding-left: 1.3em; }
li { margin-bottom: .25em; }
a { color: #0645ad; }
code { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: .88em; background: #f2f2f0;
       padding: 0 .2em; border-radius: 2px; }
.artifact { break-inside: avoid; page-break-inside: avoid; margin: 0 0 .8em; }
.artifact .label { margin: 0 0 .2em; font-style: italic; color: var(--muted); }
pre { background: #f4f4f2; border-left: 3px solid var(--rule); padding: .5em .7em; margin: 0;
      white-space: pre-wrap; overflow-wrap: anywhere; font-size: .95em; }
pre code { background: none; padding: 0; }
table { border-collapse: collapse; width: 100%; margin: .4em 0 1em; font-size: .93em; break-inside: avoid; }
th { text-align: left; border-bottom: 2px solid var(--accent); padding: .25em .5em .25em 0; }
td { border-bottom: 1px solid var(--rule); padding: .3em .5em .3em 0; vertical-align: top; }
.badge { display: inline-block; padding: 0 .45em; border-radius: .7em; font: bold .78em/1.5 Arial,
         "Liberation Sans", "DejaVu Sans", sans-serif; letter-spacing: .02em; white-space: nowrap;
         -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.badge.done { background: #dcefe0; color: #1d5c2e; }
.badge.todo { background: #fde9c8; color: #7a4100; }
.badge.check { background: #e3e8f2; color: #2c3d5e; }
.badge.info { background: #ececec; color: #333; }
.frame { margin-bottom: 2.2em; }
.frame::after { content: ""; display: block; clear: both; }
.frame .sender { float: left; width: 48%; }
.frame .recipient { margin-left: 52%; padding-top: 4.5em; }
.frame .place-date { clear: both; margin: 2.2em 0 0 52%; }
.frame .subject { clear: both; margin: 2em 0 0; font-weight: bold; }
.lines { margin: 0 0 .8em; }
.lines.right, .signature { margin: 1.6em 0 .8em 52%; }
.part { break-before: page; page-break-before: always; }
article > .part:first-child { break-before: auto; }
.annex { font-size: .96em; }
@page { size: A4; margin: 2cm 2cm 2.2cm;
        @bottom-right { content: counter(page) " / " counter(pages); font: 8pt sans-serif; color: #777; } }
@media print {
  html, body { background: none; padding: 0; }
  article { box-shadow: none; margin: 0; padding: 0; max-width: none; }
  article + article { break-before: page; page-break-before: always; }
  a { color: inherit; }
  .letter a[href^="http"]::after { content: " (" attr(href) ")"; font-size: .85em; overflow-wrap: anywhere; }
}
""".strip()

_EMAIL_CSS = """
body { font-family: Georgia, "Times New Roman", serif; max-width: 42em; margin: 1em; line-height: 1.5;
       color: #111; }
h1 { font-size: 1.3em; } h2 { font-size: 1.15em; margin-top: 1.6em; } h3 { font-size: 1em; }
pre { background: #f4f4f4; padding: .6em; white-space: pre-wrap; overflow-wrap: anywhere; font-size: .9em; }
code { font-family: Menlo, Consolas, monospace; font-size: .9em; }
table { border-collapse: collapse; } th, td { text-align: left; padding: .2em .6em .2em 0;
        border-bottom: 1px solid #ccc; vertical-align: top; }
.badge { font-weight: bold; } .signature { margin-top: 1.5em; }
.artifact .label { margin-bottom: 0; font-style: italic; }
""".strip()

_CSP = "default-src 'none'; style-src 'unsafe-inline'"


def to_html(document: Document, *, lang: str, annex: Document | None = None, medium: Medium = "page") -> str:
    """A standalone page: the document (a letter laid out with its frame, on A4 sheets), then
    ``annex`` as its second part; for an e-mail, the body alone (the headers carry the frame)."""
    page = medium == "page"
    articles = [_article(document, "letter", frame=page)]
    if annex is not None:
        articles.append(_article(annex, "annex", frame=False))
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{html.escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
        # no script, nothing loaded from elsewhere: the letter is inert even if escaping failed
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(inert(document.subject))}</title>\n"
        f"<style>\n{_CSS if page else _EMAIL_CSS}\n</style>\n</head>\n<body>\n"
        + "\n".join(articles)
        + "\n</body>\n</html>\n"
    )
