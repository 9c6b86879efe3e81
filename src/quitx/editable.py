"""Documents as text a person edits, and back: quitx's markup, with what a page needs to lay them out.

`quitx.doc.to_markdown` writes Markdown for reading; a letter edited in a text box and printed
afterwards must come back with its layout, so the text written here also carries, in a way a person
can read and keep while editing:

- a heading's anchor, ``## Le plan proposé {#summary}`` (the page starts that section on a sheet of
  its own);
- lines set on the right (a French letter's recipient, date and signature) written ``|> …``, those on
  the left ``| …``;
- a table, as a Markdown table (its second row ``| --- | --- |``).

`parse` reads it back; the person's text stays text: ``${x}`` is kept as typed, links go only to
http(s) and mailto (the renderers' rule), and every span is escaped by the format it is written in.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence

from ._text import find_unescaped
from .doc import (
    Badge,
    Block,
    Heading,
    Inline,
    Lines,
    Paragraph,
    Strong,
    Table,
    Text,
    Tone,
    Value,
    plain,
    to_markdown,
)
from .doc import parse as parse_markup

__all__ = ["parse", "to_editable", "with_badges", "without_frame"]

_RIGHT = "|> "
_SEPARATOR = re.compile(r"^\|(\s*:?-{3,}:?\s*\|)+$")


def to_editable(blocks: Sequence[Block]) -> str:
    """The blocks as text to edit (Markdown, with anchors and right-set lines kept)."""
    out: list[str] = []
    for block in blocks:
        text = to_markdown([block]).rstrip("\n")
        if isinstance(block, Heading) and block.anchor:
            text += " {#" + block.anchor + "}"
        elif isinstance(block, Lines) and block.align == "right":
            text = "\n".join(_RIGHT + line.removeprefix("| ").removeprefix("|") for line in text.split("\n"))
        out.append(text)
    return "\n\n".join(out) + "\n"


class _AsTyped(Mapping[str, Value]):
    """Placeholder values for text a person edited: ``${x}`` stays ``${x}``, it fills nothing."""

    def __getitem__(self, key: str) -> str:
        return "${" + key + "}"

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0

    def __bool__(self) -> bool:  # not an empty mapping: the parser takes it as given
        return True

    def __contains__(self, key: object) -> bool:
        return True


_TYPED = _AsTyped()


def _cells(row: str) -> list[list[Inline]]:
    """A table row's cells, split at the pipes that are not escaped."""
    inner = row.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    cells: list[str] = []
    while True:
        end = find_unescaped(inner, "|", 0)
        if end == -1:
            if inner.strip():
                cells.append(inner)
            break
        cells.append(inner[:end])
        inner = inner[end + 1 :]
    out = []
    for cell in cells:
        blocks = parse_markup(cell.strip(), _TYPED) if cell.strip() else []
        first = blocks[0] if blocks else None
        out.append(list(first.children) if isinstance(first, Paragraph) else [])
    return out


def _table(rows: Sequence[str]) -> Table:
    header, *body = (_cells(r) for i, r in enumerate(rows) if i != 1)
    width = len(header)
    fitted = [tuple(tuple(c) for c in (row + [[]] * width)[:width]) for row in body]
    return Table(header=tuple(tuple(c) for c in header), rows=tuple(fitted))


def _groups(text: str) -> Iterator[tuple[str, list[str]]]:
    """The text cut into runs: ``("markup", lines)``, ``("table", rows)`` and ``("right", lines)``
    (inside a code fence, everything is markup)."""
    run: list[str] = []
    kind = "markup"
    fenced = False
    lines = text.split("\n")
    for index, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith("```"):
            fenced = not fenced
        here = "markup"
        if not fenced and not stripped.startswith("```"):
            if stripped.startswith("|>"):
                here = "right"
            elif stripped.startswith("|") and (
                kind == "table"
                or (index + 1 < len(lines) and _SEPARATOR.match(lines[index + 1].strip().replace(" ", "")))
            ):
                here = "table"
        if here != kind:
            if run:
                yield kind, run
            run, kind = [], here
        run.append(line)
    if run:
        yield kind, run


def with_badges(blocks: Sequence[Block], tones: Mapping[str, Tone]) -> list[Block]:
    """The status marks of a plan's annex back from its text: a status word in bold (``tones``: each
    word, in lower case, and its tone), where the annex puts one — alone in a table cell, or opening
    a paragraph before " — " ("**À faire** — échéance…") — is a badge again, coloured on a page.
    Elsewhere, bold stays bold."""

    def badge(inline: Inline) -> Badge | None:
        if isinstance(inline, Strong) and len(inline.children) == 1 and isinstance(inline.children[0], Text):
            text = inline.children[0].text
            tone = tones.get(text.strip().lower())
            if tone is not None:
                return Badge(text=text, tone=tone)
        return None

    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Table):
            rows = tuple(
                tuple(((b,) if len(cell) == 1 and (b := badge(cell[0])) else cell) for cell in row)
                for row in block.rows
            )
            block = block.model_copy(update={"rows": rows})
        elif isinstance(block, Paragraph) and len(block.children) >= 2:
            first, after = block.children[0], block.children[1]
            mark = badge(first)
            if mark is not None and isinstance(after, Text) and after.text.startswith(" — "):
                block = block.model_copy(update={"children": (mark, *block.children[1:])})
        out.append(block)
    return out


def parse(text: str) -> list[Block]:
    """Blocks from text a person edited (see the module's note); ``${x}`` stays as typed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks: list[Block] = []
    for kind, run in _groups(text):
        if kind == "table":
            blocks.append(_table([r.strip() for r in run]))
        elif kind == "right":
            rows = "\n".join("| " + r.strip()[2:].lstrip() for r in run)
            blocks.extend(
                b.model_copy(update={"align": "right"}) if isinstance(b, Lines) else b
                for b in parse_markup(rows, _TYPED)
            )
        elif "\n".join(run).strip():
            blocks.extend(parse_markup("\n".join(run), _TYPED))
    return blocks


def without_frame(blocks: Sequence[Block]) -> list[Block]:
    """A letter without its frame (the lines before the text, and the "Objet :" line): an e-mail's
    headers carry the addresses, the date and the subject."""
    at = 0
    while at < len(blocks) and isinstance(blocks[at], Lines):
        at += 1
    first = blocks[at] if at < len(blocks) else None
    if at and isinstance(first, Paragraph):
        word = plain(first.children).split(":", 1)[0].strip().casefold()
        if word in ("objet", "subject"):
            at += 1
    return list(blocks[at:])
