"""The letter's templates: which blocks, in which order, from which file, filled how.

The letter is a frame (sender, recipient, place and date, "Objet :", salutation; closing and
signature) around a body of blocks, each a template file under ``content/<language>/`` —
``<block>[.<variant>][.<sector>][.outsider].md``, the most specific first (`candidates`); the e-mail
subject is ``subject.txt``. Two letters: the usual one and the *finishing* one (variant ``finish``)
for an institution that already left X. A user template directory overrides any file by name, in
``<dir>/<language>/`` or ``<dir>/``.
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
from ..errors import TemplateError, TemplateProblem
from ..i18n import Language
from ..models import InstitutionKind

__all__ = [
    "BODY",
    "FRAME_END",
    "FRAME_TOP",
    "LONG_ONLY",
    "Template",
    "candidates",
    "has_content",
    "merge_spans",
    "read_template",
    "render_template",
    "require_template",
    "spans",
]

# the frame, in order, before and after the body; "extra" (the user's paragraphs) and the plan are not files
FRAME_TOP: tuple[str, ...] = ("sender_block", "recipient_block", "place_date", "objet", "greeting")
FRAME_END: tuple[str, ...] = ("closing", "signature")

# the body of each letter, in order; "presence" stands for the checked or the offline block
BODY: Mapping[str, tuple[str, ...]] = {
    "standard": (
        "opening",
        "x_today",
        "precedents",
        "meta",
        "alternatives",
        "objection",
        "own_instance",
        "movement",
        "presence",
        "ask",
    ),
    "finish": ("opening", "x_since", "meta", "presence", "steps", "sovereignty", "ask"),
}
# blocks of the long letter only
LONG_ONLY: frozenset[str] = frozenset({"own_instance", "movement"})

_SPACES = re.compile(r"  +")  # ASCII spaces only: no-break spaces are typography


@dataclass(frozen=True, slots=True)
class Template:
    """A template's text and where it was read: the user's file, or quitx's own."""

    text: str
    path: str


def candidates(
    name: str, ext: str, *, chain: Sequence[InstitutionKind], variant: str | None, outsider: bool
) -> list[str]:
    """The file names for block ``name``, most specific first: the variant's (per sector, then
    generic), then the sector's (an outsider's first), then the generic file (an outsider's first)."""
    out: list[str] = []
    if variant:
        out += [f"{name}.{variant}.{s.value}.{ext}" for s in chain] + [f"{name}.{variant}.{ext}"]
    for sector in chain:
        if outsider:
            out.append(f"{name}.{sector.value}.outsider.{ext}")
        out.append(f"{name}.{sector.value}.{ext}")
    if outsider:
        out.append(f"{name}.outsider.{ext}")
    out.append(f"{name}.{ext}")
    return out


def read_template(
    name: str,
    ext: str,
    *,
    language: Language,
    chain: Sequence[InstitutionKind] = (),
    variant: str | None = None,
    outsider: bool = False,
    user: Path | None = None,
) -> Template | None:
    """The template of block ``name``: the user's directory first (per language, then flat), then
    quitx's own; in each place the most specific file first (`candidates`). None: no file at all."""
    names = candidates(name, ext, chain=chain, variant=variant, outsider=outsider)
    if user is not None:
        for filename in names:
            for folder in (user / language, user):
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
    return None


def require_template(name: str, ext: str, *, language: Language, **where: object) -> Template:
    template = read_template(name, ext, language=language, **where)  # type: ignore[arg-type]
    if template is None:
        raise TemplateError(
            TemplateProblem.NO_TEMPLATE,
            path=f"quitx/letter/content/{language}",
            name=name,
            ext=ext,
            language=language,
        )
    return template


def render_template(template: Template, values: Mapping[str, Value]) -> list[Block]:
    """The template's blocks, ``values`` put in; a placeholder it cannot fill names the file."""
    try:
        return _tidy(parse(template.text, values))
    except TemplateError as exc:
        raise TemplateError(exc.code, path=template.path, **exc.values) from exc


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
    return merge_spans(out)


def merge_spans(spans: Sequence[Inline]) -> list[Inline]:
    """Neighbouring text spans as one."""
    merged: list[Inline] = []
    for span in spans:
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
