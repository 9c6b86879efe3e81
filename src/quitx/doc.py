"""A small document model for letters and plans, a tiny markup to write it, and its text renderers.

It sits below both the plan and the letter: each builds documents with it, neither imports the other
for it. Templates are written in a tiny markup — ``## heading`` (``{#anchor}`` at its end names it),
blank-line paragraphs, ``- `` bullets, ``| `` lines (an address block: a line its values leave empty
is dropped), ``**strong**``, ``[text](url)``, ```` `code` ```` spans, ```` ``` ```` code blocks, and
``${name}`` placeholders — and parsed *before* values are put in: a value is always inert text (or
spans and blocks built by quitx), so remote text (display names, bios) can never become markup in
any output format. Renderers escape for their format: here Markdown and plain text (links as
numbered notes); `quitx.page` writes HTML (a printed letter, laid out by the ``role`` of its `Lines`:
sender, recipient, place and date, subject, signature), `quitx.pdf` its PDF.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Mapping, Sequence
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from ._text import find_unescaped, inert_block, inert_span, md_code, md_fence, text_table
from .errors import TemplateError, TemplateProblem

__all__ = [
    "SAFE_URL",
    "Badge",
    "Block",
    "Bullets",
    "Code",
    "CodeSpan",
    "Document",
    "FrameRole",
    "Heading",
    "Inline",
    "Line",
    "Lines",
    "Link",
    "Paragraph",
    "Strong",
    "Table",
    "Text",
    "Tone",
    "Value",
    "code_spans",
    "parse",
    "plain",
    "to_markdown",
    "to_text",
]


class _Node(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Text(_Node):
    type: Literal["text"] = "text"
    text: str


class Strong(_Node):
    type: Literal["strong"] = "strong"
    children: tuple[Inline, ...]


class Link(_Node):
    type: Literal["link"] = "link"
    children: tuple[Inline, ...]
    url: str


class CodeSpan(_Node):
    """Text to type as is, inside a sentence: a tag (``<head>``), a record's name, a setting."""

    type: Literal["code_span"] = "code_span"
    text: str


Tone = Literal["done", "todo", "check", "info"]


class Badge(_Node):
    """A short mark of status ("fait", "à faire"): a coloured label on a page, bold in Markdown."""

    type: Literal["badge"] = "badge"
    text: str
    tone: Tone = "info"


Inline = Annotated[Text | Strong | Link | CodeSpan | Badge, Field(discriminator="type")]


class Heading(_Node):
    type: Literal["heading"] = "heading"
    level: int = Field(ge=1, le=4)
    children: tuple[Inline, ...]
    # names the section it opens (a page starts it on a new sheet: "summary", "annex")
    anchor: str | None = Field(default=None, pattern=r"^[a-z][a-z0-9-]{0,40}$")


class Paragraph(_Node):
    type: Literal["paragraph"] = "paragraph"
    children: tuple[Inline, ...]


class Bullets(_Node):
    type: Literal["bullets"] = "bullets"
    items: tuple[tuple[Inline, ...], ...]


# which part of a letter's frame a `Lines` block is, for the page's layout
FrameRole = Literal["sender", "recipient", "place_date", "subject", "signature"]

Line = tuple[Inline, ...]


class Lines(_Node):
    """Lines kept as lines, with no blank line between them: an address block, the place and date, a
    signature. ``align`` is where a printed letter puts them (a French letter: the recipient, the date
    and the signature on the right); text renderers indent what goes right."""

    type: Literal["lines"] = "lines"
    items: tuple[Line, ...]
    align: Literal["left", "right"] = "left"
    # the part of a letter's frame it is (the page lays a French letter out by it); None: read from its place
    role: FrameRole | None = None


class Code(_Node):
    """Verbatim text to copy as is (a DNS record, an HTML snippet, a post)."""

    type: Literal["code"] = "code"
    text: str
    label: str | None = None


class Table(_Node):
    """Rows of cells under a header row (a timeline: what, who, when)."""

    type: Literal["table"] = "table"
    header: tuple[tuple[Inline, ...], ...]
    rows: tuple[tuple[tuple[Inline, ...], ...], ...]


Block = Annotated[Heading | Paragraph | Bullets | Code | Lines | Table, Field(discriminator="type")]


class Document(_Node):
    subject: str
    blocks: tuple[Block, ...]


Strong.model_rebuild()
Link.model_rebuild()
Heading.model_rebuild()
Paragraph.model_rebuild()
Bullets.model_rebuild()
Lines.model_rebuild()
Table.model_rebuild()

_SPANS = (Text, Strong, Link, CodeSpan, Badge)
_BLOCKS = (Heading, Paragraph, Bullets, Code, Lines, Table)

# what a placeholder may stand for: text (always inert), spans, or whole blocks
Value = (
    str
    | Text
    | Strong
    | Link
    | CodeSpan
    | Badge
    | Sequence[Text | Strong | Link | CodeSpan | Badge]
    | Sequence[Heading | Paragraph | Bullets | Code | Lines | Table]
)

_PLACEHOLDER = re.compile(r"\$\{([a-zA-Z_][a-zA-Z0-9_]*)\}")


# --- the markup -------------------------------------------------------------------------------------


def _spans(value: Value, name: str) -> list[Inline]:
    if isinstance(value, str):
        return [Text(text=value)] if value else []
    if isinstance(value, _SPANS):
        return [value]
    out: list[Inline] = []
    for item in value:
        if not isinstance(item, _SPANS):
            raise TemplateError(TemplateProblem.BLOCKS_INLINE, placeholder=name)
        out.append(item)
    return out


def _inline(source: str, values: Mapping[str, Value]) -> list[Inline]:
    out: list[Inline] = []
    buf: list[str] = []
    i = 0

    def flush() -> None:
        if buf:
            out.append(Text(text="".join(buf)))
            buf.clear()

    while i < len(source):
        c = source[i]
        if c == "\\" and i + 1 < len(source):
            buf.append(source[i + 1])
            i += 2
            continue
        if c == "`":
            end = find_unescaped(source, "`", i + 1)
            if end > i + 1:
                flush()
                raw = source[i + 1 : end]
                out.append(CodeSpan(text=_PLACEHOLDER.sub(lambda m: _text_value(values, m.group(1)), raw)))
                i = end + 1
                continue
        if source.startswith("**", i):
            end = find_unescaped(source, "**", i + 2)
            if end != -1:
                flush()
                out.append(Strong(children=tuple(_inline(source[i + 2 : end], values))))
                i = end + 2
                continue
        if c == "[":
            close = find_unescaped(source, "](", i + 1)
            if close != -1:
                end = find_unescaped(source, ")", close + 2)
                if end != -1:
                    flush()
                    url = _substitute_url(source[close + 2 : end], values)
                    out.append(Link(children=tuple(_inline(source[i + 1 : close], values)), url=url))
                    i = end + 1
                    continue
        if source.startswith("${", i):
            match = _PLACEHOLDER.match(source, i)
            if match:
                flush()
                name = match.group(1)
                if name not in values:
                    raise TemplateError(TemplateProblem.NO_VALUE, placeholder=name)
                out.extend(_spans(values[name], name))
                i = match.end()
                continue
        buf.append(c)
        i += 1
    flush()
    return _merge(out)


def _substitute_url(raw: str, values: Mapping[str, Value]) -> str:
    def repl(match: re.Match[str]) -> str:
        value = values.get(match.group(1))
        if not isinstance(value, str):
            raise TemplateError(TemplateProblem.NO_TEXT_IN_URL, placeholder=match.group(1))
        return value

    return _PLACEHOLDER.sub(repl, raw)


def _merge(spans: list[Inline]) -> list[Inline]:
    out: list[Inline] = []
    for span in spans:
        if isinstance(span, Text) and out and isinstance(out[-1], Text):
            out[-1] = Text(text=out[-1].text + span.text)
        elif not (isinstance(span, Text) and not span.text):
            out.append(span)
    return out


def parse(template: str, values: Mapping[str, Value] | None = None) -> list[Block]:
    """Blocks from the markup, with ``values`` put in as inert text, spans or blocks."""
    values = values or {}
    blocks: list[Block] = []
    lines = template.strip("\n").splitlines()
    para: list[str] = []
    bullets: list[str] = []
    rows: list[str] = []
    i = 0

    def flush() -> None:
        if rows:
            # a line its values leave empty is dropped: an address block has no blank line
            kept = tuple(row for row in (tuple(_inline(r, values)) for r in rows) if _says(row))
            if kept:
                blocks.append(Lines(items=kept))
            rows.clear()
        if para:
            joined = " ".join(line.strip() for line in para)
            alone = _PLACEHOLDER.fullmatch(joined)
            value = values.get(alone.group(1)) if alone else None
            if alone and value is not None and not isinstance(value, (str, *_SPANS)):
                items = list(value)
                if items and all(isinstance(v, _BLOCKS) for v in items):
                    blocks.extend(items)  # type: ignore[arg-type]
                    para.clear()
                    return
            children = _inline(joined, values)
            if children:
                blocks.append(Paragraph(children=tuple(children)))
            para.clear()
        if bullets:
            entries = tuple(tuple(_inline(b, values)) for b in bullets)
            blocks.append(Bullets(items=tuple(entry for entry in entries if entry)))
            bullets.clear()

    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if stripped.startswith("```"):
            flush()
            label = stripped[3:].strip() or None
            body: list[str] = []
            i += 1
            while i < len(lines) and not lines[i].strip().startswith("```"):
                body.append(lines[i])
                i += 1
            text = _PLACEHOLDER.sub(lambda m: _text_value(values, m.group(1)), "\n".join(body))
            blocks.append(Code(text=text, label=label))
        elif not stripped:
            flush()
        elif heading := re.match(r"(#{1,4})\s+(.*?)(?:\s+\{#([a-z][a-z0-9-]{0,40})\})?$", stripped):
            flush()
            blocks.append(
                Heading(
                    level=len(heading.group(1)),
                    children=tuple(_inline(heading.group(2), values)),
                    anchor=heading.group(3),
                )
            )
        elif stripped == "|" or stripped.startswith("| "):
            if para or bullets:
                flush()
            rows.append(stripped[2:])
        elif stripped.startswith("- "):
            if para or rows:
                flush()
            bullets.append(stripped[2:])
        elif bullets and line.startswith("  "):
            bullets[-1] += " " + stripped  # a bullet continued on the next line
        else:
            if bullets or rows:
                flush()
            para.append(line)
        i += 1
    flush()
    return blocks


def _says(spans: Sequence[Inline]) -> bool:
    """Whether spans hold anything but spaces."""
    return any(not isinstance(s, Text) or s.text.strip() for s in spans)


def _text_value(values: Mapping[str, Value], name: str) -> str:
    value = values.get(name)
    if not isinstance(value, str):
        raise TemplateError(TemplateProblem.NO_TEXT_IN_CODE, placeholder=name)
    return value


# --- renderers --------------------------------------------------------------------------------------

SAFE_URL = re.compile(r"^(https?://|mailto:)[^\s<>\"']+$", re.IGNORECASE)
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#&])")
_TICKS = re.compile(r"`([^`]+)`")


def code_spans(text: str) -> list[Inline]:
    """Plain text whose `` `quoted` `` parts are code spans: the one markup a label or a plan's
    sentence carries (``<head>``, ``_atproto``, ``rel="me"``)."""
    out: list[Inline] = []
    at = 0
    for match in _TICKS.finditer(text):
        if match.start() > at:
            out.append(Text(text=text[at : match.start()]))
        out.append(CodeSpan(text=match.group(1)))
        at = match.end()
    if at < len(text):
        out.append(Text(text=text[at:]))
    return out


def plain(spans: Sequence[Inline]) -> str:
    """The text of spans, without markup."""
    out = []
    for span in spans:
        if isinstance(span, Text | CodeSpan | Badge):
            out.append(inert_span(span.text))
        else:
            out.append(plain(span.children))
    return "".join(out)


def _md_inline(spans: Sequence[Inline]) -> str:
    out = []
    for span in spans:
        if isinstance(span, Text):
            out.append(_MD_SPECIAL.sub(r"\\\1", inert_span(span.text)))
        elif isinstance(span, CodeSpan):
            out.append(md_code(span.text))
        elif isinstance(span, Badge):
            out.append(f"**{_md_inline([Text(text=span.text)])}**")
        elif isinstance(span, Strong):
            out.append(f"**{_md_inline(span.children)}**")
        elif SAFE_URL.match(span.url):
            url = span.url.replace("(", "%28").replace(")", "%29")
            out.append(f"[{_md_inline(span.children)}]({url})")
        else:
            out.append(_md_inline(span.children))
    return "".join(out)


def to_markdown(blocks: Sequence[Block]) -> str:
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            out.append("#" * block.level + " " + _md_inline(block.children))
        elif isinstance(block, Paragraph):
            out.append(_md_inline(block.children))
        elif isinstance(block, Bullets):
            out.append("\n".join(f"- {_md_inline(item)}" for item in block.items))
        elif isinstance(block, Lines):
            out.append("\n".join(f"| {_md_inline(item)}" for item in block.items))
        elif isinstance(block, Table):
            rows = [block.header, *block.rows]
            lines = [
                "| " + " | ".join(_md_inline(cell).replace("\n", " ") or " " for cell in row) + " |"
                for row in rows
            ]
            lines.insert(1, "|" + "|".join(" --- " for _ in block.header) + "|")
            out.append("\n".join(lines))
        else:
            fence = md_fence(block.text)
            label = f"{_md_inline(code_spans(block.label))}\n\n" if block.label else ""
            out.append(f"{label}{fence}\n{inert_block(block.text)}\n{fence}")
    return "\n\n".join(out) + "\n"


def to_text(blocks: Sequence[Block], *, width: int = 76, colon: str = ": ") -> str:
    """Plain text; links become numbered notes listed at the end; right-aligned lines (an address)
    start half-way across; a table too wide for its columns is a paragraph per row, "header``colon``
    cell" (the document's language's colon: `quitx.i18n.Lang.sep`)."""
    notes: list[str] = []

    def inline(spans: Sequence[Inline]) -> str:
        out = []
        for span in spans:
            if isinstance(span, Text | CodeSpan):
                out.append(inert_span(span.text))
            elif isinstance(span, Badge):
                out.append(f"[{inert_span(span.text)}]")
            elif isinstance(span, Strong):
                out.append(inline(span.children))
            else:
                out.append(inline(span.children))
                if SAFE_URL.match(span.url):
                    if span.url not in notes:
                        notes.append(span.url)
                    out.append(f" [{notes.index(span.url) + 1}]")
        return "".join(out)

    out: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            title = inline(block.children)
            out.append(title + "\n" + ("=" if block.level == 1 else "-") * min(len(title), width))
        elif isinstance(block, Paragraph):
            out.append(textwrap.fill(inline(block.children), width=width, break_on_hyphens=False))
        elif isinstance(block, Bullets):
            out.append(
                "\n".join(
                    textwrap.fill(
                        inline(item),
                        width=width,
                        initial_indent="- ",
                        subsequent_indent="  ",
                        break_on_hyphens=False,
                    )
                    for item in block.items
                )
            )
        elif isinstance(block, Lines):
            lines = [inline(item) for item in block.items]
            indent = 0 if block.align == "left" else max(0, min(40, width - max(map(len, lines))))
            out.append("\n".join(" " * indent + line for line in lines))
        elif isinstance(block, Table):
            cells = [[inline(c) for c in row] for row in (block.header, *block.rows)]
            out.append(text_table(cells, width, colon))
        else:
            label = f"{inline(code_spans(block.label))}\n" if block.label else ""
            body = "\n".join("    " + line for line in inert_block(block.text).splitlines())
            out.append(label + body)
    text = "\n\n".join(out)
    if notes:
        text += "\n\n" + "\n".join(f"[{n}] {url}" for n, url in enumerate(notes, 1))
    return text + "\n"
