"""The letter's templates: which blocks, in which order, from which file, filled how.

The letter is a sequence of blocks, each a template file under ``content/<language>/``
(``<block>.<sector>.md`` falling back to ``<block>.md``; the subject is ``subject.txt``). A user
template directory overrides any of them by file name, in ``<dir>/<language>/`` or ``<dir>/``.
Templates are parsed before values are put in (`quitx.doc.parse`), so everything that comes from
outside — the institution's name, handles and display names from the report — stays inert text; a
template that cannot be filled raises `TemplateError` naming its file and the placeholder.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ..doc import Block, Bullets, Code, Inline, Paragraph, Text, Value, parse
from ..errors import TemplateError
from ..i18n import Language
from ..models import InstitutionKind
from .claims import Topic

__all__ = [
    "BLOCKS",
    "NEEDS_CLAIMS",
    "Template",
    "has_content",
    "read_template",
    "render_template",
    "spans",
]

# the letter's blocks, in order; "extra" (the user's paragraphs) and the plan are not files
BLOCKS: tuple[str, ...] = (
    "greeting",
    "opening",
    "precedents",
    "meta",
    "status",
    "alternatives",
    "own_instance",
    "movement",
    "ask",
    "closing",
    "signature",
)

# blocks that only make sense with at least one claim of their topic
NEEDS_CLAIMS: Mapping[str, Topic] = {"precedents": Topic.X_EXIT, "meta": Topic.META}

_SPACES = re.compile(r"  +")  # ASCII spaces only: no-break spaces are typography


@dataclass(frozen=True, slots=True)
class Template:
    """A template's text and where it was read: the user's file, or quitx's own."""

    text: str
    path: str


def read_template(
    name: str, ext: str, *, language: Language, sector: InstitutionKind | None, user: Path | None
) -> Template:
    """The template of block ``name``: the user's directory first (per language, then flat), then
    quitx's own; in each place the sector's variant before the generic file."""
    names = (f"{name}.{sector.value}.{ext}", f"{name}.{ext}") if sector else (f"{name}.{ext}",)
    if user is not None:
        for folder in (user / language, user):
            for filename in names:
                path = folder / filename
                if path.is_file():
                    return Template(path.read_text(encoding="utf-8"), str(path))
    packaged = resources.files("quitx.letter").joinpath("content", language)
    for filename in names:
        resource = packaged.joinpath(filename)
        if resource.is_file():
            return Template(
                resource.read_text(encoding="utf-8"), f"quitx/letter/content/{language}/{filename}"
            )
    raise TemplateError(f"no template {name}.{ext} for {language}", path=f"quitx/letter/content/{language}")


def render_template(template: Template, values: Mapping[str, Value]) -> list[Block]:
    """The template's blocks, ``values`` put in; a placeholder it cannot fill names the file."""
    try:
        return _tidy(parse(template.text, values))
    except TemplateError as exc:
        raise TemplateError(exc.message, path=template.path, placeholder=exc.placeholder) from exc


def spans(template: str, values: Mapping[str, Value]) -> list[Inline]:
    """One sentence from a phrase template; values stay inert. The phrase's leading and trailing
    spaces are kept (the markup trims lines), so that phrases can be glued to their neighbours."""
    out: list[Inline] = []
    if template[:1].isspace():
        out.append(Text(text=" "))
    for block in parse(template, values):
        if isinstance(block, Paragraph):
            out.extend(block.children)
    if template[-1:].isspace():
        out.append(Text(text=" "))
    merged: list[Inline] = []
    for span in out:
        if isinstance(span, Text) and merged and isinstance(merged[-1], Text):
            merged[-1] = Text(text=merged[-1].text + span.text)
        else:
            merged.append(span)
    return merged


def has_content(blocks: Sequence[Block]) -> bool:
    """Whether a block says anything: a heading alone (or an empty file) leaves the block out."""
    return any(isinstance(b, Paragraph | Bullets | Code) for b in blocks)


def _tidy_spans(spans: Sequence[Inline]) -> tuple[Inline, ...]:
    """Collapse the double spaces an empty placeholder leaves, and trailing spaces."""
    out: list[Inline] = []
    for span in spans:
        if isinstance(span, Text):
            text = _SPACES.sub(" ", span.text)
            if out and isinstance(out[-1], Text) and out[-1].text.endswith(" ") and text.startswith(" "):
                text = text[1:]
            out.append(Text(text=text))
        else:
            out.append(span)
    if out and isinstance(out[-1], Text):
        out[-1] = Text(text=out[-1].text.rstrip(" "))
    return tuple(span for span in out if not (isinstance(span, Text) and not span.text))


def _tidy(blocks: Sequence[Block]) -> list[Block]:
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            out.append(Paragraph(children=_tidy_spans(block.children)))
        elif isinstance(block, Bullets):
            out.append(Bullets(items=tuple(_tidy_spans(item) for item in block.items)))
        else:
            out.append(block)
    return out
